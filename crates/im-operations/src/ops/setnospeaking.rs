//! `setnospeaking`: sets an account's global mute.

use im_client::Error;
use im_proto::UserId;
use im_proto::openconfig::setnospeaking::Request;

use super::MuteDuration;
use crate::Client;

impl Client {
    /// Sets `account`'s global mute (`setnospeaking`): of its one-to-one sends (`c2c_seconds`)
    /// and of its group sends (`group_seconds`), each in seconds from now, 0 lifting it and
    /// `0xFFFFFFFF` muting for good; `None` leaves that kind as it is.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when both are `None` (the page needs one), before sending;
    /// otherwise as [`call`](im_client::Client::call).
    pub async fn setnospeaking(
        &self,
        account: &UserId,
        c2c_seconds: Option<u32>,
        group_seconds: Option<u32>,
    ) -> Result<(), Error> {
        let mut request = Request::new(account.clone());
        request.c2c_time = c2c_seconds;
        request.group_time = group_seconds;
        self.call(&request).await.map(drop)
    }

    /// [`Client::setnospeaking`] with [`MuteDuration`]s: `None` leaves that kind as it is.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a time [`MuteDuration::to_seconds`] refuses, or when both
    /// are `None`, before sending; otherwise as [`call`](im_client::Client::call).
    pub async fn set_mute(
        &self,
        account: &UserId,
        c2c: Option<MuteDuration>,
        group: Option<MuteDuration>,
    ) -> Result<(), Error> {
        let c2c = c2c.map(MuteDuration::to_seconds).transpose()?;
        let group = group.map(MuteDuration::to_seconds).transpose()?;
        self.setnospeaking(account, c2c, group).await
    }
}
