//! The relationship chain's callbacks (`Sns.*`): before a friend request and before its answer
//! (each account answered on its own, [`FriendReply`]), and after friends or blocklist entries
//! were added or removed.
//!
//! The two before callbacks are triggered by clients only: a REST `friend_add` or
//! `friend_response` does not trigger them (pages 1047/43468 and 1047/43467).

use crate::Reply;
use crate::before::{FriendReply, FriendRequest};
use crate::callback::{DEFAULT_BUDGET, SNS_DENY_CODES, callback};
use crate::wire::wire_struct;

wire_struct! {
    /// One account asked for in a friend request (`FriendItem`).
    FriendItem {
        /// `To_Account`: the account asked.
        req "To_Account" to_account: String,
        /// `Remark`: the remark `From_Account` sets on it.
        opt "Remark" remark: String,
        /// `GroupName`: the friend list group `From_Account` puts it in.
        opt "GroupName" group_name: String,
        /// `AddSource`: where the request comes from (`AddSource_Type_...`).
        opt "AddSource" add_source: String,
        /// `AddWording`: the request's message.
        opt "AddWording" add_wording: String,
    }
}

wire_struct! {
    /// `Sns.CallbackPrevFriendAdd`: a user asks to add friends, before the service acts
    /// (<https://www.tencentcloud.com/document/product/1047/43468>). Answer each requested
    /// account with a [`FriendReply`] item (0 allows, a code in 38000–39000 refuses), within
    /// 2 s.
    PrevFriendAdd {
        /// `Requester_Account`: who sent the request.
        opt "Requester_Account" requester_account: String,
        /// `From_Account`: who wants the friends.
        req "From_Account" from_account: String,
        /// `FriendItem`: the accounts asked.
        opt "FriendItem" friend_item: Vec<FriendItem>,
        /// `AddType`: `Add_Type_Single` or `Add_Type_Both` (the default).
        opt "AddType" add_type: String,
        /// `ForceAddFlags`: 1 when an admin forces the friendship.
        opt "ForceAddFlags" force_add_flags: u32,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

impl FriendRequest for PrevFriendAdd {
    fn accounts(&self) -> Vec<String> {
        let items = self.friend_item.iter().flatten();
        items.map(|item| item.to_account.clone()).collect()
    }
}

callback!(
    PrevFriendAdd,
    "Sns.CallbackPrevFriendAdd",
    FriendReply<PrevFriendAdd>,
    before(Some(SNS_DENY_CODES), DEFAULT_BUDGET)
);

wire_struct! {
    /// One answer to a friend request (`ResponseFriendItem`).
    ResponseFriendItem {
        /// `To_Account`: who asked.
        req "To_Account" to_account: String,
        /// `Remark`: the remark `From_Account` sets on it.
        opt "Remark" remark: String,
        /// `TagName`: the friend list group `From_Account` puts it in.
        opt "TagName" tag_name: String,
        /// `ResponseAction`: `Response_Action_AgreeAndAdd`, `Response_Action_Agree` or
        /// `Response_Action_Reject`.
        opt "ResponseAction" response_action: String,
    }
}

wire_struct! {
    /// `Sns.CallbackPrevFriendResponse`: a user answers friend requests, before the service
    /// acts (<https://www.tencentcloud.com/document/product/1047/43467>). Answer each account
    /// with a [`FriendReply`] item (0 allows, a code in 38000–39000 refuses), within 2 s.
    PrevFriendResponse {
        /// `Requester_Account`: who sent the answer.
        opt "Requester_Account" requester_account: String,
        /// `From_Account`: who answers.
        req "From_Account" from_account: String,
        /// `ResponseFriendItem`: the answers.
        opt "ResponseFriendItem" response_friend_item: Vec<ResponseFriendItem>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

impl FriendRequest for PrevFriendResponse {
    fn accounts(&self) -> Vec<String> {
        let items = self.response_friend_item.iter().flatten();
        items.map(|item| item.to_account.clone()).collect()
    }
}

callback!(
    PrevFriendResponse,
    "Sns.CallbackPrevFriendResponse",
    FriendReply<PrevFriendResponse>,
    before(Some(SNS_DENY_CODES), DEFAULT_BUDGET)
);

wire_struct! {
    /// One relationship added or removed (`PairList` item): `To_Account` in `From_Account`'s
    /// list.
    Pair {
        /// `From_Account`: whose list changed.
        req "From_Account" from_account: String,
        /// `To_Account`: the account added to or removed from it.
        req "To_Account" to_account: String,
        /// `Initiator_Account`: who asked (friend additions only).
        opt "Initiator_Account" initiator_account: String,
    }
}

wire_struct! {
    /// `Sns.CallbackFriendAdd`: friends were added
    /// (<https://www.tencentcloud.com/document/product/1047/34359>; not on `friend_import`).
    FriendAdd {
        /// `PairList`: the friendships added.
        opt "PairList" pair_list: Vec<Pair>,
        /// `ClientCmd`: `friend_add`/`FriendAdd` for a request, `friend_response`/
        /// `FriendResponse` for an answer.
        opt "ClientCmd" client_cmd: String,
        /// `Admin_Account`: the admin when a REST call added them, otherwise empty.
        opt "Admin_Account" admin_account: String,
        /// `ForceFlag`: 1 when an admin forced the friendship.
        opt "ForceFlag" force_flag: u32,
        /// `EventTime`: Unix milliseconds (not in the page's example; kept when sent).
        time "EventTime" event_time,
    }
}

callback!(FriendAdd, "Sns.CallbackFriendAdd", Reply);

wire_struct! {
    /// `Sns.CallbackFriendDelete`: friends were removed
    /// (<https://www.tencentcloud.com/document/product/1047/34360>).
    FriendDelete {
        /// `PairList`: the friendships removed.
        opt "PairList" pair_list: Vec<Pair>,
        /// `EventTime`: Unix milliseconds (not in the page's example; kept when sent).
        time "EventTime" event_time,
    }
}

callback!(FriendDelete, "Sns.CallbackFriendDelete", Reply);

wire_struct! {
    /// `Sns.CallbackBlackListAdd`: accounts were blocked
    /// (<https://www.tencentcloud.com/document/product/1047/34361>).
    BlackListAdd {
        /// `PairList`: `To_Account` entered `From_Account`'s blocklist.
        opt "PairList" pair_list: Vec<Pair>,
        /// `EventTime`: Unix milliseconds (not in the page's example; kept when sent).
        time "EventTime" event_time,
    }
}

callback!(BlackListAdd, "Sns.CallbackBlackListAdd", Reply);

wire_struct! {
    /// `Sns.CallbackBlackListDelete`: accounts were unblocked
    /// (<https://www.tencentcloud.com/document/product/1047/34362>).
    BlackListDelete {
        /// `PairList`: `To_Account` left `From_Account`'s blocklist.
        opt "PairList" pair_list: Vec<Pair>,
        /// `EventTime`: Unix milliseconds (not in the page's example; kept when sent).
        time "EventTime" event_time,
    }
}

callback!(BlackListDelete, "Sns.CallbackBlackListDelete", Reply);
