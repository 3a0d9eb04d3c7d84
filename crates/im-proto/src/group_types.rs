//! The group domain types every group API shares: the group types and what each allows, the join
//! and invitation options, member roles, the message option, member info pieces (name card, the
//! end of a mute), custom fields, the rules of group IDs, and communities' topics.
//!
//! Hand-written (the declarations in `spec/group.toml` name them through `rust`), always compiled
//! (no cargo feature), like the [message model](crate::message). Each string type keeps a value it
//! does not know in its `Other` variant and sends it back unchanged; the wire spellings are the
//! REST API's (`Private`, not the SDKs' `Work`).
//!
//! Sources: the group system page (<https://cloud.tencent.com/document/product/269/1502>,
//! 2026-01-08), the group introduction (<https://cloud.tencent.com/document/product/269/75697>,
//! 2025-12-17), the usage limits (<https://cloud.tencent.com/document/product/269/9346>,
//! 2025-11-04) and the API pages; `docs/api-sources.md` ("Group domain types") records them.
//!
//! ```
//! use im_proto::group_types::{Edition, GroupId, GroupType, MemberCap};
//!
//! let kind: GroupType = serde_json::from_str("\"AVChatRoom\"").unwrap();
//! assert_eq!(kind, GroupType::AvChatRoom);
//! assert!(!kind.stores_members());
//! assert_eq!(GroupType::Public.max_members(Edition::Trial), MemberCap::Limited(20));
//! assert!(GroupId::custom("class-7b").is_ok());
//! assert!(GroupId::custom("@TGS#2J4SZEAEL").is_err());
//! ```

mod attrs;
mod ids;
mod member;
mod options;
mod topics;

pub use attrs::{
    MAX_GROUP_ATTR_KEY_BYTES, MAX_GROUP_ATTR_KEYS, MAX_GROUP_ATTR_TOTAL_BYTES,
    MAX_GROUP_ATTR_VALUE_BYTES, MAX_GROUP_COUNTER_KEY_BYTES, MAX_GROUP_COUNTER_KEYS,
};
pub use ids::{GroupId, GroupIdRule, InvalidGroupId};
pub use member::{
    DefinedDataItem, GroupValueRule, InvalidGroupValue, MAX_GROUP_DEFINED_VALUE_BYTES,
    MAX_GROUP_FACE_URL_BYTES, MAX_GROUP_NAME_BYTES, MAX_INTRODUCTION_BYTES,
    MAX_MEMBER_DEFINED_VALUE_BYTES, MAX_NAME_CARD_BYTES, MAX_NOTIFICATION_BYTES, MuteUntil,
    NameCard,
};
pub use options::{
    ApplyJoinOption, Edition, GroupType, InviteJoinOption, MemberCap, MemberRole, MsgFlag,
    MsgPriority, OnOff, RoleInGroup,
};
pub use topics::{
    MAX_TOPIC_CUSTOM_STRING_BYTES, MAX_TOPIC_NAME_BYTES, MAX_TOPICS_PER_COMMUNITY, TOPIC_ID_INFIX,
    is_topic_of,
};
