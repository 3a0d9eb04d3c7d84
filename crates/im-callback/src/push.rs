//! The push result callbacks (`Push.*`, with the push plugin): batches of up to 100 results,
//! each carrying its own `CallbackCommand`; the body has none of its own. Their `EventTime` is
//! in seconds.

use crate::Reply;
use crate::callback::callback;
use crate::wire::wire_struct;

wire_struct! {
    /// One offline push result (`Events` item of `Push.OfflinePush`).
    OfflinePushEvent {
        /// `CallbackCommand`: `Push.OfflinePush`.
        opt "CallbackCommand" callback_command: String,
        /// `EventType`: 1 one-to-one, 2 group.
        opt "EventType" event_type: u32,
        /// `EventTime`: Unix seconds.
        time "EventTime" event_time,
        /// `From_Account`: the message's sender.
        opt "From_Account" from_account: String,
        /// `To_Account`: the push's recipient.
        opt "To_Account" to_account: String,
        /// `PushPlatform`: 0 unknown, 1 APNs, 2 Xiaomi, 3 Huawei, 4 FCM, 5 Meizu, 6 OPPO,
        /// 7 vivo, 8 Honor.
        opt "PushPlatform" push_platform: u32,
        /// `PushStage`: 1 sent, 2 reached, 3 clicked.
        opt "PushStage" push_stage: u32,
        /// `MsgKey`: the one-to-one message's key.
        opt "MsgKey" msg_key: String,
        /// `GroupID`: the group, for a group message.
        opt "GroupID" group_id: String,
        /// `MsgSeq`: the message's sequence number.
        opt "MsgSeq" msg_seq: u64,
        /// `MsgRandom`: the message's random number.
        opt "MsgRandom" msg_random: u32,
        /// `MsgTime`: when the message was sent, Unix seconds.
        opt "MsgTime" msg_time: u64,
        /// `PushID`: the push's ID.
        opt "PushID" push_id: String,
        /// `ErrCode`: 0 on success.
        opt "ErrCode" err_code: i64,
        /// `ErrInfo`: the result's text.
        opt "ErrInfo" err_info: String,
    }
}

wire_struct! {
    /// `Push.OfflinePush`: offline push results of one-to-one and group messages
    /// (<https://www.tencentcloud.com/document/product/1047/67552>).
    OfflinePush {
        /// `Events`: 1 to 100 results.
        opt "Events" events: Vec<OfflinePushEvent>,
    }
}

callback!(OfflinePush, "Push.OfflinePush", Reply, body_without_command);

wire_struct! {
    /// One push-to-all result (`Events` item of `Push.AllMemberPush`).
    AllMemberPushEvent {
        /// `CallbackCommand`: `Push.AllMemberPush`.
        opt "CallbackCommand" callback_command: String,
        /// `EventType`: 1 offline push, 2 online push.
        opt "EventType" event_type: u32,
        /// `TaskId`: the push task.
        opt "TaskId" task_id: String,
        /// `TaskTime`: when the task started, Unix seconds.
        opt "TaskTime" task_time: u64,
        /// `EventTime`: Unix seconds.
        time "EventTime" event_time,
        /// `To_Account`: the push's recipient.
        opt "To_Account" to_account: String,
        /// `PushPlatform`: as in [`OfflinePushEvent::push_platform`].
        opt "PushPlatform" push_platform: u32,
        /// `PushStage`: 1 sent, 2 reached, 3 clicked.
        opt "PushStage" push_stage: u32,
        /// `ErrCode`: 0 on success.
        opt "ErrCode" err_code: i64,
        /// `ErrInfo`: the result's text.
        opt "ErrInfo" err_info: String,
    }
}

wire_struct! {
    /// `Push.AllMemberPush`: results of pushes to all users, tags or single users
    /// (<https://www.tencentcloud.com/document/product/1047/67551>).
    AllMemberPush {
        /// `Events`: 1 to 100 results.
        opt "Events" events: Vec<AllMemberPushEvent>,
    }
}

callback!(
    AllMemberPush,
    "Push.AllMemberPush",
    Reply,
    body_without_command
);
