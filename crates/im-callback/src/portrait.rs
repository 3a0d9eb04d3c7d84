//! `Profile.CallbackPortraitSet`: an account's profile was changed (by the user or an admin)
//! (<https://www.tencentcloud.com/document/product/1047/48733>).

use im_proto::{Profile, ProfileItem};
use serde::{Deserialize, Serialize};

use crate::Reply;
use crate::callback::callback;
use crate::wire::{Extra, lenient_u64};

/// The event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PortraitSet {
    /// `Operator_Account`: who changed it.
    #[serde(rename = "Operator_Account", default)]
    pub operator_account: String,
    /// `From_Account`: whose profile it is.
    #[serde(rename = "From_Account")]
    pub from_account: String,
    /// `EventTime`: Unix milliseconds.
    #[serde(
        rename = "EventTime",
        default,
        deserialize_with = "lenient_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub event_time: Option<u64>,
    /// `ProfileItem`: the fields set, with their new values.
    #[serde(rename = "ProfileItem", default)]
    pub profile_item: Vec<ProfileItem>,
    /// Fields the type does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

callback!(PortraitSet, "Profile.CallbackPortraitSet", Reply);

impl PortraitSet {
    /// `operator` set `items` on `account` at `event_time_ms`.
    pub fn new(
        operator: impl Into<String>,
        account: impl Into<String>,
        items: Vec<ProfileItem>,
        event_time_ms: u64,
    ) -> Self {
        PortraitSet {
            operator_account: operator.into(),
            from_account: account.into(),
            event_time: Some(event_time_ms),
            profile_item: items,
            extra: Extra::new(),
        }
    }

    /// The fields as a typed profile.
    pub fn profile(&self) -> Profile {
        Profile::from_items(&self.profile_item)
    }
}
