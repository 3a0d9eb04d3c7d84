//! The group callbacks (`Group.*`, 24 commands): the group's life (created, changed, full,
//! destroyed, owner, attributes, the daily quota), its members (applying, invited, joined,
//! left, online state, member fields), its messages (before and after sending, failures,
//! recalls, read receipts, extensions) and its topics.
//!
//! The before callbacks refuse with a code of the app's own in [10100, 10200]
//! ([`GROUP_DENY_CODES`](crate::GROUP_DENY_CODES)); the service waits 2 s for their answer.
//! Most pages show `EventTime` as a string in their example while their tables say Integer: it
//! is read either way and written as a number.

mod group_type;
mod lifecycle;
mod members;
mod messages;
mod topics;

pub use group_type::GroupType;
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
