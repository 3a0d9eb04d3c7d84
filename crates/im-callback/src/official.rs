//! The official account callbacks (`OfficialAccount.*`): creating one (before and after),
//! its profile changed, destroyed, subscribers added (before and after) and removed, full,
//! messages (before and after sending) and recalls.
//!
//! The page ids are 1047/60795 to 1047/60805 (the ZH pages 269/1023xx).

use im_proto::message::MsgBody;

use crate::Reply;
use crate::before::{BeforeReply, MessageReply, SubscribeReply};
use crate::callback::{C2C_DENY_CODES, DEFAULT_BUDGET, callback};
use crate::wire::wire_struct;

wire_struct! {
    /// `OfficialAccount.CallbackBeforeCreateOfficialAccount`: an official account is about to
    /// be created (<https://www.tencentcloud.com/document/product/1047/60795>). Answer with a
    /// [`BeforeReply`] within 2 s: allow, refuse, or deny with a code in [120001, 130000].
    BeforeCreateOfficialAccount {
        /// `Operator_Account`: who creates it.
        opt "Operator_Account" operator_account: String,
        /// `Owner_Account`: its owner.
        opt "Owner_Account" owner_account: String,
        /// `Name`: its name.
        opt "Name" name: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    BeforeCreateOfficialAccount,
    "OfficialAccount.CallbackBeforeCreateOfficialAccount",
    BeforeReply<BeforeCreateOfficialAccount>,
    before(Some(C2C_DENY_CODES), DEFAULT_BUDGET)
);

wire_struct! {
    /// `OfficialAccount.CallbackAfterCreateOfficialAccount`: an official account was created
    /// (<https://www.tencentcloud.com/document/product/1047/60796>).
    AfterCreateOfficialAccount {
        /// `Official_Account`: its ID.
        req "Official_Account" official_account: String,
        /// `Operator_Account`: who created it.
        opt "Operator_Account" operator_account: String,
        /// `Owner_Account`: its owner.
        opt "Owner_Account" owner_account: String,
        /// `Name`: its name.
        opt "Name" name: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    AfterCreateOfficialAccount,
    "OfficialAccount.CallbackAfterCreateOfficialAccount",
    Reply
);

wire_struct! {
    /// `OfficialAccount.CallbackAfterOfficialAccountInfoChanged`: an official account's
    /// profile was changed (<https://www.tencentcloud.com/document/product/1047/60797>).
    AfterOfficialAccountInfoChanged {
        /// `Official_Account`: its ID.
        req "Official_Account" official_account: String,
        /// `Operator_Account`: who changed it.
        opt "Operator_Account" operator_account: String,
        /// `Introduction`: the new introduction.
        opt "Introduction" introduction: String,
        /// `Name`: the new name.
        opt "Name" name: String,
        /// `FaceUrl`: the new avatar URL.
        opt "FaceUrl" face_url: String,
        /// `Organization`: the new organization.
        opt "Organization" organization: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    AfterOfficialAccountInfoChanged,
    "OfficialAccount.CallbackAfterOfficialAccountInfoChanged",
    Reply
);

wire_struct! {
    /// `OfficialAccount.CallbackAfterOfficialAccountDestroyed`: an official account was
    /// destroyed (<https://www.tencentcloud.com/document/product/1047/60798>).
    AfterOfficialAccountDestroyed {
        /// `Official_Account`: its ID.
        req "Official_Account" official_account: String,
        /// `Owner_Account`: its owner.
        opt "Owner_Account" owner_account: String,
        /// `Name`: its name.
        opt "Name" name: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    AfterOfficialAccountDestroyed,
    "OfficialAccount.CallbackAfterOfficialAccountDestroyed",
    Reply
);

wire_struct! {
    /// One subscriber (`SubscribeAccountList` item).
    Subscriber {
        /// `Subscriber_Account`.
        req "Subscriber_Account" subscriber_account: String,
    }
}

wire_struct! {
    /// `OfficialAccount.CallbackBeforeAddSubscriber`: users are about to subscribe
    /// (<https://www.tencentcloud.com/document/product/1047/60799>). Answer with a
    /// [`SubscribeReply`] within 2 s: allow, refuse, or keep some out
    /// (`RefusedSubscribers_Account`); the page documents no codes of the app's own.
    BeforeAddSubscriber {
        /// `Official_Account`: the official account.
        req "Official_Account" official_account: String,
        /// `Operator_Account`: who asked.
        opt "Operator_Account" operator_account: String,
        /// `SubscribeAccountList`: the new subscribers.
        opt "SubscribeAccountList" subscribe_account_list: Vec<Subscriber>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    BeforeAddSubscriber,
    "OfficialAccount.CallbackBeforeAddSubscriber",
    SubscribeReply<BeforeAddSubscriber>,
    before(None, DEFAULT_BUDGET)
);

wire_struct! {
    /// `OfficialAccount.CallbackAfterAddSubscriber`: users subscribed
    /// (<https://www.tencentcloud.com/document/product/1047/60800>).
    AfterAddSubscriber {
        /// `Official_Account`: the official account.
        req "Official_Account" official_account: String,
        /// `Operator_Account`: who asked.
        opt "Operator_Account" operator_account: String,
        /// `SubscribeAccountList`: the new subscribers.
        opt "SubscribeAccountList" subscribe_account_list: Vec<Subscriber>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    AfterAddSubscriber,
    "OfficialAccount.CallbackAfterAddSubscriber",
    Reply
);

wire_struct! {
    /// `OfficialAccount.CallbackAfterDeleteSubscriber`: subscribers left or were removed
    /// (<https://www.tencentcloud.com/document/product/1047/60802>).
    AfterDeleteSubscriber {
        /// `Official_Account`: the official account.
        req "Official_Account" official_account: String,
        /// `Operator_Account`: who acted.
        opt "Operator_Account" operator_account: String,
        /// `SubscribeAccountList`: the subscribers gone.
        opt "SubscribeAccountList" subscribe_account_list: Vec<Subscriber>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    AfterDeleteSubscriber,
    "OfficialAccount.CallbackAfterDeleteSubscriber",
    Reply
);

wire_struct! {
    /// `OfficialAccount.CallbackAfterOfficialAccountFull`: an official account reached its
    /// subscriber limit (<https://www.tencentcloud.com/document/product/1047/60801>).
    AfterOfficialAccountFull {
        /// `Official_Account`: the official account.
        req "Official_Account" official_account: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    AfterOfficialAccountFull,
    "OfficialAccount.CallbackAfterOfficialAccountFull",
    Reply
);

wire_struct! {
    /// `OfficialAccount.CallbackBeforeSendMsg`: an official account's message, before it is
    /// delivered (<https://www.tencentcloud.com/document/product/1047/60803>).
    ///
    /// Answer with a [`MessageReply`] within 2 s (which cannot be changed): allow; refuse
    /// (the sender gets 10016); deny with a code in [120001, 130000]; drop silently; or deliver
    /// a rewritten `MsgBody`/`CloudCustomData`.
    OfficialAccountBeforeSendMsg {
        /// `Official_Account`: the official account.
        req "Official_Account" official_account: String,
        /// `OnlineOnlyFlag`: 1 for an online-only message, 0 otherwise.
        opt "OnlineOnlyFlag" online_only_flag: u32,
        /// `MsgBody`: the message.
        opt "MsgBody" msg_body: MsgBody,
        /// `CloudCustomData`: the message's custom data.
        opt "CloudCustomData" cloud_custom_data: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    OfficialAccountBeforeSendMsg,
    "OfficialAccount.CallbackBeforeSendMsg",
    MessageReply<OfficialAccountBeforeSendMsg>,
    before(Some(C2C_DENY_CODES), DEFAULT_BUDGET)
);

wire_struct! {
    /// `OfficialAccount.CallbackAfterSendMsg`: an official account's message was delivered
    /// (<https://www.tencentcloud.com/document/product/1047/60804>).
    OfficialAccountAfterSendMsg {
        /// `Official_Account`: the official account.
        req "Official_Account" official_account: String,
        /// `MsgKey`: the message's key (to recall it through REST).
        opt "MsgKey" msg_key: String,
        /// `MsgTime`: when it was sent, Unix seconds.
        opt "MsgTime" msg_time: u64,
        /// `OnlineOnlyFlag`: 1 for an online-only message, 0 otherwise.
        opt "OnlineOnlyFlag" online_only_flag: u32,
        /// `MsgBody`: the message.
        opt "MsgBody" msg_body: MsgBody,
        /// `CloudCustomData`: the message's custom data.
        opt "CloudCustomData" cloud_custom_data: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    OfficialAccountAfterSendMsg,
    "OfficialAccount.CallbackAfterSendMsg",
    Reply
);

wire_struct! {
    /// One recalled message (`WithdrawMsgList` item).
    WithdrawnMsg {
        /// `MsgKey`.
        req "MsgKey" msg_key: String,
    }
}

wire_struct! {
    /// `OfficialAccount.CallbackAfterMsgWithDraw`: official account messages were recalled
    /// (<https://www.tencentcloud.com/document/product/1047/60805>).
    OfficialAccountAfterMsgWithDraw {
        /// `Official_Account`: the official account.
        req "Official_Account" official_account: String,
        /// `WithdrawMsgList`: the messages recalled.
        opt "WithdrawMsgList" withdraw_msg_list: Vec<WithdrawnMsg>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    OfficialAccountAfterMsgWithDraw,
    "OfficialAccount.CallbackAfterMsgWithDraw",
    Reply
);
