//! The limits of a group's custom attributes and counters (issue 33).
//!
//! Attributes: the pages of set_group_attr and modify_group_attr (ZH 269/67010 and 67011, INTL
//! 1047/44188 and 44190) give 16 keys, 32-byte keys and 4000-byte values, their code tables
//! 10045 to 10048; the total of 16000 bytes is the SDK guides' "16 KB" (the pages name the code,
//! 10048, without a figure). Counters: the update_group_counter page (ZH 269/85952) gives 20 keys
//! of at most 128 bytes and signed 64-bit values.

/// The most custom attributes a group holds, and a write carries (10047).
pub const MAX_GROUP_ATTR_KEYS: usize = 16;
/// The longest attribute key, in bytes (10045).
pub const MAX_GROUP_ATTR_KEY_BYTES: usize = 32;
/// The longest attribute value, in bytes (10046).
pub const MAX_GROUP_ATTR_VALUE_BYTES: usize = 4000;
/// The most bytes all of a group's attribute values take together (10048).
pub const MAX_GROUP_ATTR_TOTAL_BYTES: usize = 16000;
/// The most counters a group holds, and an update carries (10063).
pub const MAX_GROUP_COUNTER_KEYS: usize = 20;
/// The longest counter key, in bytes.
pub const MAX_GROUP_COUNTER_KEY_BYTES: usize = 128;
