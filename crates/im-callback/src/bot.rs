//! The chatbot callbacks: a one-to-one message to a chatbot, a chatbot reminded (`@`) in a
//! group, and the pass-through content an app sends to a chatbot. The app answers a chatbot
//! through the REST API; the reply only acknowledges.

use im_proto::message::MsgBody;

use crate::Reply;
use crate::callback::callback;
use crate::group::GroupType;
use crate::wire::wire_struct;

wire_struct! {
    /// `Bot.OnC2CMessage`: a one-to-one message to a chatbot was delivered
    /// (<https://www.tencentcloud.com/document/product/1047/68952>).
    BotOnC2cMessage {
        /// `From_Account`: the sender.
        req "From_Account" from_account: String,
        /// `To_Account`: the chatbot.
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
        /// `MsgBody`: the message.
        opt "MsgBody" msg_body: MsgBody,
        /// `CloudCustomData`: the message's custom data.
        opt "CloudCustomData" cloud_custom_data: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(BotOnC2cMessage, "Bot.OnC2CMessage", Reply);

wire_struct! {
    /// `Bot.OnGroupMessage`: a group message reminding chatbots was sent
    /// (<https://www.tencentcloud.com/document/product/1047/68953>; not for `@all`).
    BotOnGroupMessage {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Type`: the group's type.
        opt "Type" group_type: GroupType,
        /// `From_Account`: the sender.
        opt "From_Account" from_account: String,
        /// `Operator_Account`: who asked.
        opt "Operator_Account" operator_account: String,
        /// `Random`: the request's random number.
        opt "Random" random: u32,
        /// `MsgSeq`: the message's sequence number in the group.
        opt "MsgSeq" msg_seq: u64,
        /// `MsgTime`: when it was sent, Unix seconds.
        opt "MsgTime" msg_time: u64,
        /// `OnlineOnlyFlag`: 1 for an online-only message.
        opt "OnlineOnlyFlag" online_only_flag: u32,
        /// `MsgBody`: the message.
        opt "MsgBody" msg_body: MsgBody,
        /// `AtRobots_Account`: the chatbots reminded.
        opt "AtRobots_Account" at_robots_account: Vec<String>,
        /// `CloudCustomData`: the message's custom data.
        opt "CloudCustomData" cloud_custom_data: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(BotOnGroupMessage, "Bot.OnGroupMessage", Reply);

wire_struct! {
    /// `Chatbot.OnC2CSignalMessage`: an app sent "custom pass-through content" to a chatbot
    /// (<https://www.tencentcloud.com/document/product/1047/59057>). The fields are those of
    /// the page's field list as doocs/qcloud-im-server-sdk-java types them: the page's example
    /// was not read (see `docs/api-sources.md`).
    ChatbotOnC2cSignalMessage {
        /// `From_Account`: the sender.
        req "From_Account" from_account: String,
        /// `To_Account`: the chatbot.
        req "To_Account" to_account: String,
        /// `MsgSeq`: the message's sequence number (32-bit unsigned).
        opt "MsgSeq" msg_seq: u32,
        /// `MsgRandom`: the message's random number (32-bit unsigned).
        opt "MsgRandom" msg_random: u32,
        /// `MsgKey`: the message's key.
        opt "MsgKey" msg_key: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
        /// `Data`: the `data` of the pass-through content.
        opt "Data" data: String,
    }
}

callback!(
    ChatbotOnC2cSignalMessage,
    "Chatbot.OnC2CSignalMessage",
    Reply
);
