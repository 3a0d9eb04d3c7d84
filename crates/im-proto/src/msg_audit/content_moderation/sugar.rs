//! `content_moderation`'s sugar: the 8 KB of `Content`, a non-empty `AuditName`, and what
//! `batch_content_moderation` shares.

use super::Request;
use crate::{ValidationError, ValidationRule};

/// The most bytes of a moderated content (the page: "最大8KB").
pub const MAX_CONTENT_BYTES: usize = 8 * 1024;

/// The general moderation configurations `AuditName` may name (a custom configuration's ID,
/// made in the console, is accepted too).
pub const GENERAL_AUDIT_NAMES: &[&str] = &[
    "C2C",
    "Group",
    "UserInfo",
    "GroupInfo",
    "GroupMemberInfo",
    "RelationChain",
];

/// `AuditName` is not empty.
pub fn check_audit_name(name: &str) -> Result<(), ValidationError> {
    if name.is_empty() {
        return Err(ValidationError::new(
            "AuditName",
            "",
            ValidationRule::Missing,
        ));
    }
    Ok(())
}

/// `content` (the wire field `field`) is not empty and at most [`MAX_CONTENT_BYTES`].
pub fn check_content(field: &str, content: &str) -> Result<(), ValidationError> {
    if content.is_empty() {
        return Err(ValidationError::new(field, "", ValidationRule::Missing));
    }
    if content.len() > MAX_CONTENT_BYTES {
        let rule = ValidationRule::ValueTooLong {
            max: MAX_CONTENT_BYTES,
            len: content.len(),
        };
        let shown: String = content.chars().take(32).collect();
        return Err(ValidationError::new(field, &shown, rule));
    }
    Ok(())
}

impl Request {
    /// `AuditName` given; `Content` given and at most 8 KB.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_audit_name(&self.audit_name)?;
        check_content("Content", &self.content)
    }
}

#[cfg(test)]
mod tests {
    use super::super::ContentType;
    use super::*;
    use crate::Endpoint;

    #[test]
    fn content_over_8_kb_or_empty_and_an_empty_audit_name_are_refused() {
        let ok = Request::new("C2C", ContentType::Text, "a".repeat(MAX_CONTENT_BYTES));
        ok.validate().unwrap();
        let long = Request::new("C2C", ContentType::Text, "a".repeat(MAX_CONTENT_BYTES + 1));
        let err = long.validate().unwrap_err();
        assert_eq!(err.field(), "Content");
        assert!(matches!(
            err.rule(),
            ValidationRule::ValueTooLong {
                max: 8192,
                len: 8193
            }
        ));
        let empty = Request::new("C2C", ContentType::Text, "");
        assert_eq!(
            empty.validate().unwrap_err().rule(),
            ValidationRule::Missing
        );
        let unnamed = Request::new("", ContentType::Text, "x");
        assert_eq!(unnamed.validate().unwrap_err().field(), "AuditName");
    }
}
