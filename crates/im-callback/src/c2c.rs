//! The one-to-one message callbacks (`C2C.*`): before a message is sent (allow, refuse, deny
//! with a code of the app's own, drop silently, rewrite: [`MessageReply`]), after it was sent,
//! read, recalled, edited or extended, and after a user cleared every unread message.

use im_proto::message::MsgBody;

use crate::Reply;
use crate::before::MessageReply;
use crate::callback::{C2C_DENY_CODES, DEFAULT_BUDGET, callback};
use crate::wire::{Extension, wire_struct};

wire_struct! {
    /// `C2C.CallbackBeforeSendMsg`: a one-to-one message, before it is delivered
    /// (<https://www.tencentcloud.com/document/product/1047/34364>).
    ///
    /// Answer with a [`MessageReply`] within 2 s (the default, which the page advises not to
    /// change): allow; refuse (the sender gets 20006); deny with a code in
    /// [120001, 130000] (the sender gets it and `ErrorInfo`); drop silently; or deliver a
    /// rewritten `MsgBody`/`CloudCustomData`. A refused message does not trigger
    /// `C2C.CallbackAfterSendMsg`; a rewritten one triggers it with the new body.
    C2cBeforeSendMsg {
        /// `From_Account`: the sender.
        req "From_Account" from_account: String,
        /// `To_Account`: the recipient.
        req "To_Account" to_account: String,
        /// `MsgSeq`: the message's sequence number (32-bit unsigned).
        opt "MsgSeq" msg_seq: u32,
        /// `MsgRandom`: the message's random number (32-bit unsigned).
        opt "MsgRandom" msg_random: u32,
        /// `MsgTime`: when it was sent, Unix seconds.
        opt "MsgTime" msg_time: u64,
        /// `MsgKey`: the message's key (to recall it through REST).
        opt "MsgKey" msg_key: String,
        /// `OnlineOnlyFlag`: 1 for an online-only message, 0 otherwise.
        opt "OnlineOnlyFlag" online_only_flag: u32,
        /// `MsgBody`: the message.
        opt "MsgBody" msg_body: MsgBody,
        /// `CloudCustomData`: the message's custom data.
        opt "CloudCustomData" cloud_custom_data: String,
        /// `EventTime`: Unix milliseconds (not in the page's example; kept when sent).
        time "EventTime" event_time,
    }
}

callback!(
    C2cBeforeSendMsg,
    "C2C.CallbackBeforeSendMsg",
    MessageReply<C2cBeforeSendMsg>,
    before(Some(C2C_DENY_CODES), DEFAULT_BUDGET)
);

wire_struct! {
    /// `C2C.CallbackAfterSendMsg`: a one-to-one message was sent
    /// (<https://www.tencentcloud.com/document/product/1047/34365>).
    C2cAfterSendMsg {
        /// `From_Account`: the sender.
        req "From_Account" from_account: String,
        /// `To_Account`: the recipient.
        req "To_Account" to_account: String,
        /// `MsgSeq`: the message's sequence number (32-bit unsigned).
        opt "MsgSeq" msg_seq: u32,
        /// `MsgRandom`: the message's random number (32-bit unsigned).
        opt "MsgRandom" msg_random: u32,
        /// `MsgTime`: when it was sent, Unix seconds.
        opt "MsgTime" msg_time: u64,
        /// `MsgKey`: the message's key.
        opt "MsgKey" msg_key: String,
        /// `OnlineOnlyFlag`: 1 for an online-only message, 0 otherwise.
        opt "OnlineOnlyFlag" online_only_flag: u32,
        /// `SendMsgResult`: 0 when delivered, otherwise the error code.
        opt "SendMsgResult" send_msg_result: i64,
        /// `ErrorInfo`: why delivery failed (`send msg succeed` when it did not).
        opt "ErrorInfo" error_info: String,
        /// `UnreadMsgNum`: the recipient's unread one-to-one messages, -1 if this one was not
        /// delivered.
        opt "UnreadMsgNum" unread_msg_num: i64,
        /// `MsgBody`: the message.
        opt "MsgBody" msg_body: MsgBody,
        /// `CloudCustomData`: the message's custom data.
        opt "CloudCustomData" cloud_custom_data: String,
        /// `EventTime`: Unix milliseconds (not in the page's example; kept when sent).
        time "EventTime" event_time,
    }
}

callback!(C2cAfterSendMsg, "C2C.CallbackAfterSendMsg", Reply);

wire_struct! {
    /// `C2C.CallbackAfterMsgReport`: a user marked a conversation read
    /// (<https://www.tencentcloud.com/document/product/1047/43465>).
    C2cAfterMsgReport {
        /// `Report_Account`: who read.
        req "Report_Account" report_account: String,
        /// `Peer_Account`: the other side of the conversation.
        req "Peer_Account" peer_account: String,
        /// `LastReadTime`: read up to this time, Unix seconds.
        opt "LastReadTime" last_read_time: u64,
        /// `UnreadMsgNum`: the reader's unread one-to-one messages, all conversations.
        opt "UnreadMsgNum" unread_msg_num: i64,
        /// `EventTime`: Unix milliseconds (not in the page's example; kept when sent).
        time "EventTime" event_time,
    }
}

callback!(C2cAfterMsgReport, "C2C.CallbackAfterMsgReport", Reply);

wire_struct! {
    /// `C2C.CallbackAfterMsgWithDraw`: a one-to-one message was recalled
    /// (<https://www.tencentcloud.com/document/product/1047/43466>).
    C2cAfterMsgWithDraw {
        /// `From_Account`: the sender.
        req "From_Account" from_account: String,
        /// `To_Account`: the recipient.
        req "To_Account" to_account: String,
        /// `MsgKey`: the recalled message's key.
        opt "MsgKey" msg_key: String,
        /// `UnreadMsgNum`: the recipient's unread one-to-one messages, all conversations.
        opt "UnreadMsgNum" unread_msg_num: i64,
        /// `EventTime`: Unix milliseconds (not in the page's example; kept when sent).
        time "EventTime" event_time,
    }
}

callback!(C2cAfterMsgWithDraw, "C2C.CallbackAfterMsgWithDraw", Reply);

wire_struct! {
    /// One read one-to-one message (`C2CMsgInfo` item).
    C2cMsgInfo {
        /// `From_Account`: the message's sender.
        opt "From_Account" from_account: String,
        /// `To_Account`: the message's recipient.
        opt "To_Account" to_account: String,
        /// `MsgKey`: the message's key.
        opt "MsgKey" msg_key: String,
        /// `MsgId`: the message's client-side ID.
        opt "MsgId" msg_id: String,
    }
}

wire_struct! {
    /// `C2C.CallbackAfterMsgReadReceipt`: a user sent read receipts for single one-to-one
    /// messages (<https://cloud.tencent.com/document/product/269/128223>).
    C2cAfterMsgReadReceipt {
        /// `Operator_Account`: who sent the receipts.
        req "Operator_Account" operator_account: String,
        /// `Peer_Account`: the other side of the conversation.
        opt "Peer_Account" peer_account: String,
        /// `C2CMsgInfo`: the messages read.
        opt "C2CMsgInfo" c2c_msg_info: Vec<C2cMsgInfo>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    C2cAfterMsgReadReceipt,
    "C2C.CallbackAfterMsgReadReceipt",
    Reply
);

wire_struct! {
    /// `C2C.CallbackAfterModifyMsg`: a one-to-one message was edited
    /// (<https://cloud.tencent.com/document/product/269/128224>).
    C2cAfterModifyMsg {
        /// `CloudCustomData`: the message's custom data after the edit.
        opt "CloudCustomData" cloud_custom_data: String,
        /// `MsgBody`: the message after the edit.
        opt "MsgBody" msg_body: MsgBody,
        /// `Operator_Account`: who edited it.
        opt "Operator_Account" operator_account: String,
        /// `From_Account`: the sender.
        req "From_Account" from_account: String,
        /// `To_Account`: the recipient.
        req "To_Account" to_account: String,
        /// `MsgRandom`: the message's random number.
        opt "MsgRandom" msg_random: u32,
        /// `MsgSeq`: the message's sequence number.
        opt "MsgSeq" msg_seq: u32,
        /// `MsgTime`: when it was sent, Unix seconds.
        opt "MsgTime" msg_time: u64,
        /// `MsgKey`: the message's key.
        opt "MsgKey" msg_key: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(C2cAfterModifyMsg, "C2C.CallbackAfterModifyMsg", Reply);

wire_struct! {
    /// `C2C.CallbackAfterC2CMsgExtension`: a one-to-one message's extension was set, deleted or
    /// cleared (<https://www.tencentcloud.com/document/product/1047/76006>).
    C2cAfterMsgExtension {
        /// `From_Account`: the message's sender.
        req "From_Account" from_account: String,
        /// `To_Account`: the message's recipient.
        req "To_Account" to_account: String,
        /// `MsgKey`: the message's key.
        opt "MsgKey" msg_key: String,
        /// `OperateType`: 1 set, 2 delete, 3 clear.
        opt "OperateType" operate_type: u32,
        /// `ExtensionList`: the keys changed.
        opt "ExtensionList" extension_list: Vec<Extension>,
        /// `Seq`: the extension's version after the change.
        opt "Seq" seq: u64,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    C2cAfterMsgExtension,
    "C2C.CallbackAfterC2CMsgExtension",
    Reply
);

wire_struct! {
    /// One group whose unread messages were cleared (`GroupReadInfo` item).
    GroupReadInfo {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `MsgSeq`: the sequence number given in the request.
        opt "MsgSeq" msg_seq: u64,
    }
}

wire_struct! {
    /// `C2C.CallbackAfterMsgReadAll`: a user cleared every unread message, one-to-one and group
    /// (<https://cloud.tencent.com/document/product/269/128225>).
    C2cAfterMsgReadAll {
        /// `Report_Account`: who cleared them.
        req "Report_Account" report_account: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
        /// `GroupReadInfo`: the groups cleared.
        opt "GroupReadInfo" group_read_info: Vec<GroupReadInfo>,
    }
}

callback!(C2cAfterMsgReadAll, "C2C.CallbackAfterMsgReadAll", Reply);
