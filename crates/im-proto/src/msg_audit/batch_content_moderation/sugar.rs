//! `batch_content_moderation`'s sugar: each content's 8 KB and distinct `ContentId`s.

use super::Request;
use crate::msg_audit::content_moderation::{check_audit_name, check_content};
use crate::{ValidationError, ValidationRule};

impl Request {
    /// `AuditName` given; every content given, at most 8 KB, and its `ContentId` distinct.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_audit_name(&self.audit_name)?;
        for (i, item) in self.contents.iter().enumerate() {
            check_content(&format!("Contents[{i}].Content"), &item.content)?;
            if self.contents[..i]
                .iter()
                .any(|earlier| earlier.content_id == item.content_id)
            {
                let field = format!("Contents[{i}].ContentId");
                let value = item.content_id.to_string();
                return Err(ValidationError::new(
                    field,
                    &value,
                    ValidationRule::Repeated,
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BatchContent, BatchContentType};
    use super::*;
    use crate::Endpoint;

    fn text(id: i64, content: &str) -> BatchContent {
        BatchContent::new(id, BatchContentType::Text, content)
    }

    #[test]
    fn eleven_contents_a_repeated_id_or_a_long_content_are_refused() {
        let ten: Vec<_> = (0..10).map(|i| text(i, "hello")).collect();
        Request::new("Group", ten.clone()).validate().unwrap();
        let mut eleven = ten;
        eleven.push(text(10, "x"));
        let err = Request::new("Group", eleven).validate().unwrap_err();
        assert!(matches!(
            err.rule(),
            ValidationRule::TooManyItems { max: 10, got: 11 }
        ));
        let twice = Request::new("Group", vec![text(1, "a"), text(1, "b")]);
        let err = twice.validate().unwrap_err();
        assert_eq!(
            (err.field(), err.rule()),
            ("Contents[1].ContentId", ValidationRule::Repeated)
        );
        let long = Request::new("Group", vec![text(0, &"a".repeat(8193))]);
        assert_eq!(long.validate().unwrap_err().field(), "Contents[0].Content");
    }
}
