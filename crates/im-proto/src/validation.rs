//! Client-side rules of the APIs that types cannot express, and the error naming what broke.

use core::fmt;

/// The maximum length in bytes of a profile value (`Nick`, `FaceUrl`); longer ones fail with
/// 40601 on the service.
pub const MAX_PROFILE_VALUE_BYTES: usize = 500;

/// The item count of the list `field` must be between 1 and `max`.
pub(crate) fn check_count_of(field: &str, max: usize, count: usize) -> Result<(), ValidationError> {
    if count == 0 {
        return Err(ValidationError::new(field, "", ValidationRule::NoItems));
    }
    if count > max {
        return Err(ValidationError::new(
            field,
            "",
            ValidationRule::TooManyItems { max, got: count },
        ));
    }
    Ok(())
}

/// A profile value, when given, is at most [`MAX_PROFILE_VALUE_BYTES`] long.
pub(crate) fn check_profile_value(
    field: impl Into<String>,
    value: Option<&str>,
) -> Result<(), ValidationError> {
    match value {
        Some(value) if value.len() > MAX_PROFILE_VALUE_BYTES => Err(ValidationError::new(
            field,
            value,
            ValidationRule::ValueTooLong {
                max: MAX_PROFILE_VALUE_BYTES,
                len: value.len(),
            },
        )),
        _ => Ok(()),
    }
}

/// A robot's UserID starts with [`ROBOT_PREFIX`](crate::ROBOT_PREFIX).
pub(crate) fn check_robot(field: &str, id: &crate::UserId) -> Result<(), ValidationError> {
    if id.is_robot() {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            id.as_str(),
            ValidationRule::NotARobot,
        ))
    }
}

/// A group's profile texts, when given, are within their byte limits (`Name` 30, `Introduction`
/// 240, `Notification` 300, `FaceUrl` 100), and its custom fields follow their rules.
pub(crate) fn check_group_profile(
    texts: [(&str, Option<&str>); 4],
    custom: Option<&[crate::group_types::DefinedDataItem]>,
) -> Result<(), ValidationError> {
    use crate::group_types as g;
    let maxima = [
        g::MAX_GROUP_NAME_BYTES,
        g::MAX_INTRODUCTION_BYTES,
        g::MAX_NOTIFICATION_BYTES,
        g::MAX_GROUP_FACE_URL_BYTES,
    ];
    for ((field, value), max) in texts.into_iter().zip(maxima) {
        match value {
            Some(value) if value.len() > max => {
                return Err(ValidationError::new(
                    field,
                    value,
                    ValidationRule::ValueTooLong {
                        max,
                        len: value.len(),
                    },
                ));
            }
            _ => {}
        }
    }
    for (i, item) in custom.unwrap_or_default().iter().enumerate() {
        item.check_group_field()
            .map_err(|e| group_value_error(format!("AppDefinedData[{i}]"), e))?;
    }
    Ok(())
}

/// A member's custom fields follow their rules (`field` names the list, with its index).
pub(crate) fn check_member_fields(
    field: &str,
    custom: Option<&[crate::group_types::DefinedDataItem]>,
) -> Result<(), ValidationError> {
    for (i, item) in custom.unwrap_or_default().iter().enumerate() {
        item.check_member_field()
            .map_err(|e| group_value_error(format!("{field}[{i}]"), e))?;
    }
    Ok(())
}

/// A topic's texts (create_topic, modify_topic, import_topic) are within their limits:
/// `TopicName` 30 bytes, `Introduction` 240, `Notification` 300, `FaceUrl` 100, `CustomString`
/// 3000; a `TopicId`, when given, is a topic ID of the community `group_id` (its `GroupId`,
/// `@TOPIC#_` and more).
pub(crate) fn check_topic(
    group_id: &str,
    topic_id: Option<&str>,
    texts: [(&str, Option<&str>); 5],
) -> Result<(), ValidationError> {
    use crate::group_types as g;
    if let Some(id) = topic_id.filter(|id| !g::is_topic_of(id, group_id)) {
        return Err(ValidationError::new(
            "TopicId",
            id,
            ValidationRule::Malformed {
                expected: "the community's GroupId, then @TOPIC#_ and the topic's own part",
            },
        ));
    }
    let maxima = [
        g::MAX_TOPIC_NAME_BYTES,
        g::MAX_INTRODUCTION_BYTES,
        g::MAX_NOTIFICATION_BYTES,
        g::MAX_GROUP_FACE_URL_BYTES,
        g::MAX_TOPIC_CUSTOM_STRING_BYTES,
    ];
    for ((field, value), max) in texts.into_iter().zip(maxima) {
        if let Some(value) = value.filter(|v| v.len() > max) {
            let len = value.len();
            return Err(ValidationError::new(
                field,
                value,
                ValidationRule::ValueTooLong { max, len },
            ));
        }
    }
    Ok(())
}

/// A custom group ID for a new group of type `kind` (a community's starts with `@TGS#_`, any
/// other's must not start with `@TGS#`).
pub(crate) fn check_custom_group_id(
    id: Option<&str>,
    kind: &crate::group_types::GroupType,
) -> Result<(), ValidationError> {
    use crate::group_types::{GroupId, GroupType};
    let Some(id) = id else { return Ok(()) };
    let checked = if *kind == GroupType::Community {
        GroupId::custom_community(id)
    } else {
        GroupId::custom(id)
    };
    checked.map(|_| ()).map_err(|e| {
        ValidationError::new(
            "GroupId",
            e.value(),
            ValidationRule::GroupId { rule: e.rule() },
        )
    })
}

/// A list of group attributes (`field`: `GroupAttr`) as a write sends it: 1 to
/// [`MAX_GROUP_ATTR_KEYS`](crate::group_types::MAX_GROUP_ATTR_KEYS) entries, each key 1 to 32
/// bytes, each value (`None` for a list of keys only) at most 4000 bytes and all of them together
/// at most 16000 (the codes 10047, 10045, 10046 and 10048 of the service).
pub(crate) fn check_group_attrs(
    field: &str,
    items: &[(&str, Option<&str>)],
) -> Result<(), ValidationError> {
    use crate::group_types as g;
    check_key_count(field, "attributes", items.len(), g::MAX_GROUP_ATTR_KEYS)?;
    let mut total = 0;
    for (i, (key, value)) in items.iter().enumerate() {
        check_key(
            format!("{field}[{i}].key"),
            key,
            g::MAX_GROUP_ATTR_KEY_BYTES,
        )?;
        if let Some(value) = value {
            check_len(
                format!("{field}[{i}].value"),
                value,
                g::MAX_GROUP_ATTR_VALUE_BYTES,
            )?;
            total += value.len();
        }
    }
    if total > g::MAX_GROUP_ATTR_TOTAL_BYTES {
        return Err(ValidationError::new(
            field,
            "",
            ValidationRule::TotalTooLong {
                max: g::MAX_GROUP_ATTR_TOTAL_BYTES,
                len: total,
            },
        ));
    }
    Ok(())
}

/// The keys of a counter update (`field`: `GroupCounter`): 1 to
/// [`MAX_GROUP_COUNTER_KEYS`](crate::group_types::MAX_GROUP_COUNTER_KEYS) of them (10063), each
/// 1 to 128 bytes.
pub(crate) fn check_group_counter_keys(field: &str, keys: &[&str]) -> Result<(), ValidationError> {
    use crate::group_types as g;
    check_key_count(field, "counters", keys.len(), g::MAX_GROUP_COUNTER_KEYS)?;
    for (i, key) in keys.iter().enumerate() {
        check_key(
            format!("{field}[{i}].Key"),
            key,
            g::MAX_GROUP_COUNTER_KEY_BYTES,
        )?;
    }
    Ok(())
}

/// The most tags a push condition list (`TagsOr`, `TagsAnd`) or one user's tags to add hold
/// (90032).
pub const MAX_PUSH_TAGS: usize = 10;

/// The longest push tag, attribute name or attribute value, in bytes (90020, 90033).
pub const MAX_PUSH_VALUE_BYTES: usize = 50;

/// The most push attributes an app names, numbered `"0"` to `"9"` (90033).
pub const MAX_PUSH_ATTRS: usize = 10;

/// A list of push tags (`field`: `Condition.TagsOr`, `UserTags[3].Tags`): 1 to
/// [`MAX_PUSH_TAGS`] of them (90032), each 1 to [`MAX_PUSH_VALUE_BYTES`] bytes (90040, 90020).
pub(crate) fn check_push_tags(field: &str, tags: &[String]) -> Result<(), ValidationError> {
    check_key_count(field, "tags", tags.len(), MAX_PUSH_TAGS)?;
    for (i, tag) in tags.iter().enumerate() {
        check_key(format!("{field}[{i}]"), tag, MAX_PUSH_VALUE_BYTES)?;
    }
    Ok(())
}

/// Push attributes (`field`: `UserAttrs[3].Attrs`, `Condition.AttrsAnd`): 1 to
/// [`MAX_PUSH_ATTRS`] of them, each name 1 to [`MAX_PUSH_VALUE_BYTES`] bytes and each value at
/// most [`MAX_PUSH_VALUE_BYTES`] (90033).
pub(crate) fn check_push_attrs<'a>(
    field: &str,
    attrs: impl ExactSizeIterator<Item = (&'a String, &'a String)>,
) -> Result<(), ValidationError> {
    check_key_count(field, "attributes", attrs.len(), MAX_PUSH_ATTRS)?;
    for (name, value) in attrs {
        check_key(format!("{field}.{name}"), name, MAX_PUSH_VALUE_BYTES)?;
        check_len(format!("{field}.{name}"), value, MAX_PUSH_VALUE_BYTES)?;
    }
    Ok(())
}

fn check_key_count(
    field: &str,
    what: &str,
    count: usize,
    max: usize,
) -> Result<(), ValidationError> {
    if count == 0 {
        return Err(ValidationError::new(field, "", ValidationRule::Empty));
    }
    if count > max {
        return Err(ValidationError::new(
            field,
            what,
            ValidationRule::TooMany { max, got: count },
        ));
    }
    Ok(())
}

fn check_key(field: String, key: &str, max: usize) -> Result<(), ValidationError> {
    if key.is_empty() {
        return Err(ValidationError::new(field, key, ValidationRule::Empty));
    }
    check_len(field, key, max)
}

fn check_len(field: String, value: &str, max: usize) -> Result<(), ValidationError> {
    if value.len() > max {
        return Err(ValidationError::new(
            field,
            value,
            ValidationRule::ValueTooLong {
                max,
                len: value.len(),
            },
        ));
    }
    Ok(())
}

fn group_value_error(field: String, e: crate::group_types::InvalidGroupValue) -> ValidationError {
    ValidationError::new(
        field,
        e.value(),
        ValidationRule::GroupValue { rule: e.rule() },
    )
}

/// A request that breaks an API rule; `Display` names the field, the value and the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    field: String,
    value: String,
    rule: ValidationRule,
}

/// The rule a request breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValidationRule {
    /// The list is empty; every batch API needs at least one account.
    NoItems,
    /// More accounts than one call allows.
    TooManyItems {
        /// The API's maximum.
        max: usize,
        /// How many were given.
        got: usize,
    },
    /// A value is longer than allowed.
    ValueTooLong {
        /// The maximum in bytes.
        max: usize,
        /// The value's length in bytes.
        len: usize,
    },
    /// A list that must not be empty is.
    Empty,
    /// The same tag is given twice.
    Repeated,
    /// A profile tag that is neither standard nor a well-formed custom one
    /// (`Tag_Profile_Custom_` and 1 to 8 letters).
    UnknownTag,
    /// A value that is not one of the allowed strings.
    NotOneOf {
        /// The allowed values.
        allowed: &'static [&'static str],
    },
    /// A value of the wrong JSON type.
    ValueType {
        /// What it must be (`a string`, `an unsigned 32-bit integer`...).
        expected: &'static str,
    },
    /// A robot's UserID must start with `@RBT#`.
    NotARobot,
    /// A required field is absent.
    Missing,
    /// A custom group ID breaks a rule of group IDs.
    GroupId {
        /// The rule.
        rule: crate::group_types::GroupIdRule,
    },
    /// A custom field (or another group value) breaks its rule.
    GroupValue {
        /// The rule.
        rule: crate::group_types::GroupValueRule,
    },
    /// Something allowed a limited number of times is given more often (`value` names it).
    TooMany {
        /// How many times it is allowed.
        max: usize,
        /// How many times it is given.
        got: usize,
    },
    /// A value that is not in the form a rule requires (an `AddSource`, a custom friend tag).
    Malformed {
        /// The form it must have.
        expected: &'static str,
    },
    /// The values of a list together are longer than allowed (a group's attributes).
    TotalTooLong {
        /// The maximum in bytes.
        max: usize,
        /// Their length together in bytes.
        len: usize,
    },
}

impl ValidationError {
    pub(crate) fn new(field: impl Into<String>, value: &str, rule: ValidationRule) -> Self {
        ValidationError {
            field: field.into(),
            value: value.to_owned(),
            rule,
        }
    }

    /// The same rule broken by another field (e.g. the list's name in the request's shape).
    pub(crate) fn renamed(self, field: impl Into<String>) -> Self {
        ValidationError {
            field: field.into(),
            ..self
        }
    }

    /// The offending field's wire name, with an index for list items (`AccountList[3].Nick`).
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The offending value (empty for count rules).
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The rule broken.
    pub fn rule(&self) -> ValidationRule {
        self.rule
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rule {
            ValidationRule::NoItems => write!(f, "{}: must hold at least one account", self.field),
            ValidationRule::TooManyItems { max, got } => write!(
                f,
                "{}: holds {got} accounts, at most {max} are allowed per call",
                self.field
            ),
            ValidationRule::Empty => write!(f, "{}: must not be empty", self.field),
            ValidationRule::Repeated => write!(
                f,
                "{}: given twice (value {:?}); give each tag once",
                self.field, self.value
            ),
            ValidationRule::UnknownTag => write!(
                f,
                "{}: unknown profile tag; use a standard Tag_Profile_IM_* tag or a custom Tag_Profile_Custom_ tag of 1 to 8 letters",
                self.field
            ),
            ValidationRule::NotOneOf { allowed } => write!(
                f,
                "{}: value {:?} must be one of {}",
                self.field,
                self.value,
                allowed.join(", ")
            ),
            ValidationRule::ValueType { expected } => {
                write!(f, "{}: value {} must be {expected}", self.field, self.value)
            }
            ValidationRule::NotARobot => write!(
                f,
                "{}: {:?} is not a robot's UserID: it must start with {}",
                self.field,
                self.value,
                crate::ROBOT_PREFIX
            ),
            ValidationRule::Missing => write!(f, "{}: is required", self.field),
            ValidationRule::Malformed { expected } => write!(
                f,
                "{}: value {:?} must be {expected}",
                self.field, self.value
            ),
            ValidationRule::GroupId { rule } => {
                write!(
                    f,
                    "{}: {:?} is not a valid custom group ID: {rule}",
                    self.field, self.value
                )
            }
            ValidationRule::GroupValue { rule } => {
                write!(f, "{}: value {:?} {rule}", self.field, self.value)
            }
            ValidationRule::TotalTooLong { max, len } => write!(
                f,
                "{}: the values together are {len} bytes, must be at most {max} bytes",
                self.field
            ),
            ValidationRule::TooMany { max, got } => write!(
                f,
                "{}: holds {got} of {}, at most {max} allowed",
                self.field, self.value
            ),
            ValidationRule::ValueTooLong { max, len } => {
                let shown: String = self.value.chars().take(40).collect();
                let more = if shown.len() < self.value.len() {
                    "..."
                } else {
                    ""
                };
                write!(
                    f,
                    "{}: value {shown:?}{more} is {len} bytes, must be at most {max} bytes",
                    self.field
                )
            }
        }
    }
}

impl std::error::Error for ValidationError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Api;

    #[test]
    fn validation_messages_name_field_value_and_rule() {
        let meta = Api::AccountCheck.metadata();
        assert_eq!(
            meta.check_count(0).unwrap_err().to_string(),
            "CheckItem: must hold at least one account"
        );
        assert_eq!(
            meta.check_count(101).unwrap_err().to_string(),
            "CheckItem: holds 101 accounts, at most 100 are allowed per call"
        );
        let long = "n".repeat(501);
        let err = check_profile_value("Nick", Some(&long)).unwrap_err();
        assert_eq!(
            err.rule(),
            ValidationRule::ValueTooLong { max: 500, len: 501 }
        );
        assert!(err.to_string().starts_with("Nick: value \"nnnn"));
        assert!(
            err.to_string()
                .ends_with("is 501 bytes, must be at most 500 bytes")
        );
    }
}
