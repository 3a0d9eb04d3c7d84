//! Topics of communities: their ID form and limits.
//!
//! A community created with `SupportTopic` 1 holds topics; a topic's ID is its community's
//! `GroupId`, [`TOPIC_ID_INFIX`] and a part of its own (custom, or the service's `@TOPIC#...`):
//! `@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic`, `@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_@TOPIC#cRTE3HIM62C5`
//! (the create_topic page, 269/78203).

/// What joins a community's `GroupId` and a topic's own part in a topic ID.
pub const TOPIC_ID_INFIX: &str = "@TOPIC#_";
/// The most topics one community holds (usage limits; 10037 beyond).
pub const MAX_TOPICS_PER_COMMUNITY: usize = 200;
/// The longest topic name (`TopicName`), in bytes of UTF-8.
pub const MAX_TOPIC_NAME_BYTES: usize = 30;
/// The longest topic custom string (`CustomString`), in bytes of UTF-8.
pub const MAX_TOPIC_CUSTOM_STRING_BYTES: usize = 3000;

/// Whether `topic_id` is a topic ID of the community `group_id`: the `GroupId`,
/// [`TOPIC_ID_INFIX`] and at least one more byte.
///
/// ```
/// use im_proto::group_types::is_topic_of;
///
/// assert!(is_topic_of("@TGS#_g@TOPIC#_news", "@TGS#_g"));
/// assert!(!is_topic_of("@TGS#_g@TOPIC#_", "@TGS#_g"));
/// assert!(!is_topic_of("@TGS#_other@TOPIC#_news", "@TGS#_g"));
/// ```
pub fn is_topic_of(topic_id: &str, group_id: &str) -> bool {
    topic_id
        .strip_prefix(group_id)
        .and_then(|rest| rest.strip_prefix(TOPIC_ID_INFIX))
        .is_some_and(|own| !own.is_empty())
}
