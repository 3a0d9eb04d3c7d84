//! The group callbacks (`Group.*`, 24 commands): the group's life (created, changed, full,
//! destroyed, owner, attributes, the daily quota), its members (applying, invited, joined,
//! left, online state, member fields), its messages (before and after sending, failures,
//! recalls, read receipts, extensions) and its topics.
//!
//! The before callbacks refuse with a code of the app's own in [10100, 10200]
//! ([`GROUP_DENY_CODES`](crate::GROUP_DENY_CODES)); the service waits 2 s for their answer.
//! Most pages show `EventTime` as a string in their example while their tables say Integer: it
//! is read either way and written as a number.

mod lifecycle;
mod members;
mod messages;
mod topics;

pub use lifecycle::{
    AfterChangeGroupOwner, AfterCreateGroup, AfterGroupAttrChanged, AfterGroupDestroyed,
    AfterGroupFull, AfterGroupInfoChanged, BeforeCreateGroup, GroupAttr, OnDailyGroupQuotaAlarm,
};
pub use members::{
    AfterMemberExit, AfterMemberFieldChanged, AfterNewMemberJoin, BeforeApplyJoinGroup,
    BeforeInviteJoinGroup, OnMemberStateChange,
};
pub use messages::{
    AfterGroupMsgExtension, AfterReadReceipt, AfterRecallMsg, GroupAfterSendMsg,
    GroupBeforeSendMsg, MsgReceipt, MsgSeqItem, SendMsgException,
};
pub use topics::{AfterCreateTopic, AfterTopicDestroyed, AfterTopicInfoChanged, BeforeCreateTopic};

im_proto::string_enum! {
    /// A group's type (`Type`).
    GroupType {
        /// `Work`: a work group (friends invite friends).
        Work => "Work",
        /// `Public`: a public group (apply to join).
        Public => "Public",
        /// `Meeting`: a meeting group.
        Meeting => "Meeting",
        /// `AVChatRoom`: a live-streaming group.
        AvChatRoom => "AVChatRoom",
        /// `Community`: a community (with topics).
        Community => "Community",
        /// `Private`: the old name of a work group.
        Private => "Private",
        /// `ChatRoom`: the old name of a meeting group.
        ChatRoom => "ChatRoom",
    }
}
