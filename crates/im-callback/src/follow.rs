//! The follow callbacks (`Follow.*`): after a user followed or unfollowed others.

use crate::Reply;
use crate::callback::callback;
use crate::wire::wire_struct;

wire_struct! {
    /// One account followed (`FollowList` item).
    Followed {
        /// `To_Account`: the account followed.
        req "To_Account" to_account: String,
    }
}

wire_struct! {
    /// `Follow.CallbackAfterFollowAdd`: a user followed others
    /// (<https://www.tencentcloud.com/document/product/1047/70355>).
    FollowAdd {
        /// `From_Account`: who followed.
        req "From_Account" from_account: String,
        /// `FollowList`: the accounts now followed.
        opt "FollowList" follow_list: Vec<Followed>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(FollowAdd, "Follow.CallbackAfterFollowAdd", Reply);

wire_struct! {
    /// `Follow.CallbackAfterFollowDelete`: a user unfollowed others
    /// (<https://www.tencentcloud.com/document/product/1047/70356>). Unlike the follow
    /// callback, the accounts are a list of strings.
    FollowDelete {
        /// `From_Account`: who unfollowed.
        req "From_Account" from_account: String,
        /// `To_Account`: the accounts no longer followed.
        opt "To_Account" to_account: Vec<String>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(FollowDelete, "Follow.CallbackAfterFollowDelete", Reply);
