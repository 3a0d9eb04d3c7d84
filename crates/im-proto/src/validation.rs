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
