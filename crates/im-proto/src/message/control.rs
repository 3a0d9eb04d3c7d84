//! The per-message switches a send carries as lists of strings: `SendMsgControl` and
//! `ForbidCallbackControl`. Each is a string enum of the documented values that keeps any other
//! value verbatim in `Other`, so a value a later page adds is sent back unchanged.

crate::string_enum! {
    /// One value of `SendMsgControl` (sendmsg: for this message; batchsendmsg: for this request).
    SendMsgControl {
        /// `NoUnread`: the message is not counted as unread.
        NoUnread => "NoUnread",
        /// `NoLastMsg`: the message does not update the conversation list.
        NoLastMsg => "NoLastMsg",
        /// `WithMuteNotifications`: the recipient's do-not-disturb setting for the sender applies
        /// (by default a REST send ignores it).
        WithMuteNotifications => "WithMuteNotifications",
        /// `NoMsgCheck`: with cloud moderation on, the message is not sent for review (the
        /// moderation FAQ, <https://cloud.tencent.com/document/product/269/103737>; the 2023 send
        /// pages' rows do not list it yet).
        NoMsgCheck => "NoMsgCheck",
    }
}

crate::string_enum! {
    /// One value of `ForbidCallbackControl`: a send callback switched off for this message only.
    ForbidCallbackControl {
        /// `ForbidBeforeSendMsgCallback`: no "before send" callback.
        ForbidBeforeSendMsgCallback => "ForbidBeforeSendMsgCallback",
        /// `ForbidAfterSendMsgCallback`: no "after send" callback.
        ForbidAfterSendMsgCallback => "ForbidAfterSendMsgCallback",
    }
}
