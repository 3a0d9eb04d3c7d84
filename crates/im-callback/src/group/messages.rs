//! A group's messages: before sending (allow, refuse, deny with a code of the app's own, drop
//! silently, rewrite: [`MessageReply`]), after sending, failed sends, recalls, read receipts
//! and extensions.

use im_proto::message::MsgBody;

use super::group_type::GroupType;
use crate::Reply;
use crate::before::MessageReply;
use crate::callback::{DEFAULT_BUDGET, GROUP_DENY_CODES, callback};
use crate::wire::{Extension, MemberAccount, wire_struct};

wire_struct! {
    /// `Group.CallbackBeforeSendMsg`: a group message, before it is delivered
    /// (<https://www.tencentcloud.com/document/product/1047/34374>).
    ///
    /// Answer with a [`MessageReply`] within 2 s: allow; refuse (the sender gets 10016);
    /// deny with a code in [10100, 10200] (the sender gets it and `ErrorInfo`); drop silently;
    /// or deliver a rewritten `MsgBody`/`CloudCustomData`.
    GroupBeforeSendMsg {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Type`: the group's type.
        opt "Type" group_type: GroupType,
        /// `From_Account`: the sender.
        opt "From_Account" from_account: String,
        /// `Operator_Account`: who asked (an admin's REST call, or the sender).
        opt "Operator_Account" operator_account: String,
        /// `Random`: the request's 32-bit random number.
        opt "Random" random: u32,
        /// `OnlineOnlyFlag`: 1 for an online-only message (always 0 in a live group).
        opt "OnlineOnlyFlag" online_only_flag: u32,
        /// `MsgBody`: the message.
        opt "MsgBody" msg_body: MsgBody,
        /// `CloudCustomData`: the message's custom data.
        opt "CloudCustomData" cloud_custom_data: String,
        /// `TopicId`: the topic, for a message in a community's topic.
        opt "TopicId" topic_id: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    GroupBeforeSendMsg,
    "Group.CallbackBeforeSendMsg",
    MessageReply<GroupBeforeSendMsg>,
    before(Some(GROUP_DENY_CODES), DEFAULT_BUDGET)
);

wire_struct! {
    /// `Group.CallbackAfterSendMsg`: a group message was sent
    /// (<https://www.tencentcloud.com/document/product/1047/34375>).
    GroupAfterSendMsg {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Type`: the group's type.
        opt "Type" group_type: GroupType,
        /// `From_Account`: the sender.
        opt "From_Account" from_account: String,
        /// `Operator_Account`: who asked.
        opt "Operator_Account" operator_account: String,
        /// `Random`: the request's 32-bit random number.
        opt "Random" random: u32,
        /// `MsgId`: the message's client-side ID (current page only).
        opt "MsgId" msg_id: String,
        /// `MsgSeq`: the message's sequence number in the group.
        opt "MsgSeq" msg_seq: u64,
        /// `MsgTime`: when it was sent, Unix seconds.
        opt "MsgTime" msg_time: u64,
        /// `OnlineOnlyFlag`: 1 for an online-only message (always 0 in a live group).
        opt "OnlineOnlyFlag" online_only_flag: u32,
        /// `MsgBody`: the message.
        opt "MsgBody" msg_body: MsgBody,
        /// `CloudCustomData`: the message's custom data.
        opt "CloudCustomData" cloud_custom_data: String,
        /// `TopicId`: the topic, for a message in a community's topic.
        opt "TopicId" topic_id: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(GroupAfterSendMsg, "Group.CallbackAfterSendMsg", Reply);

wire_struct! {
    /// `Group.CallbackSendMsgException`: a group message could not be delivered
    /// (<https://www.tencentcloud.com/document/product/1047/49462>).
    SendMsgException {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Type`: the group's type.
        opt "Type" group_type: GroupType,
        /// `From_Account`: the sender.
        opt "From_Account" from_account: String,
        /// `Operator_Account`: who asked.
        opt "Operator_Account" operator_account: String,
        /// `Random`: the request's 32-bit random number.
        opt "Random" random: u32,
        /// `OnlineOnlyFlag`: 1 for an online-only message.
        opt "OnlineOnlyFlag" online_only_flag: u32,
        /// `MsgBody`: the message.
        opt "MsgBody" msg_body: MsgBody,
        /// `CloudCustomData`: the message's custom data.
        opt "CloudCustomData" cloud_custom_data: String,
        /// `ErrorCode`: why it failed (a group error code).
        opt "ErrorCode" error_code: i64,
        /// `ErrorInfo`: the error's text.
        opt "ErrorInfo" error_info: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(SendMsgException, "Group.CallbackSendMsgException", Reply);

wire_struct! {
    /// One recalled message (`MsgSeqList` item).
    MsgSeqItem {
        /// `MsgSeq`.
        req "MsgSeq" msg_seq: u64,
    }
}

wire_struct! {
    /// `Group.CallbackAfterRecallMsg`: group messages were recalled
    /// (<https://www.tencentcloud.com/document/product/1047/46979>).
    AfterRecallMsg {
        /// `Operator_Account`: who recalled them.
        opt "Operator_Account" operator_account: String,
        /// `Type`: the group's type.
        opt "Type" group_type: GroupType,
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `MsgSeqList`: the messages recalled.
        opt "MsgSeqList" msg_seq_list: Vec<MsgSeqItem>,
        /// `TopicId`: the topic, for messages in a community's topic.
        opt "TopicId" topic_id: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(AfterRecallMsg, "Group.CallbackAfterRecallMsg", Reply);

wire_struct! {
    /// The read state of one group message (`GroupMsgReceiptList` item).
    MsgReceipt {
        /// `MsgSeq`.
        req "MsgSeq" msg_seq: u64,
        /// `ReadNum`: members who read it.
        opt "ReadNum" read_num: u64,
        /// `UnreadNum`: members who did not.
        opt "UnreadNum" unread_num: u64,
        /// `ReadReceiptMembers`: the members who read it.
        opt "ReadReceiptMembers" read_receipt_members: Vec<MemberAccount>,
    }
}

wire_struct! {
    /// `Group.CallbackAfterReadReceipt`: group message read receipts were sent
    /// (<https://www.tencentcloud.com/document/product/1047/60395>).
    AfterReadReceipt {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Type`: the group's type.
        opt "Type" group_type: GroupType,
        /// `GroupMsgReceiptList`: the messages and their read state.
        opt "GroupMsgReceiptList" group_msg_receipt_list: Vec<MsgReceipt>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(AfterReadReceipt, "Group.CallbackAfterReadReceipt", Reply);

wire_struct! {
    /// `Group.CallbackAfterGroupMsgExtension`: a group message's extension was set, deleted or
    /// cleared (<https://www.tencentcloud.com/document/product/1047/76007>).
    AfterGroupMsgExtension {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `MsgSeq`: the message.
        opt "MsgSeq" msg_seq: u64,
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
    AfterGroupMsgExtension,
    "Group.CallbackAfterGroupMsgExtension",
    Reply
);
