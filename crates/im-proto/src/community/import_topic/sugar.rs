//! `import_topic`'s sugar: the rules the types cannot express.

use super::Request;
use crate::ValidationError;
use crate::validation::check_topic;

impl Request {
    /// A custom `TopicId` is one of the community's (`GroupId`, `@TOPIC#_`, its own part);
    /// `TopicName` (30 bytes), `Introduction` (240), `Notification` (300), `FaceUrl` (100) and
    /// `CustomString` (3000) are within their limits.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_topic(
            &self.group_id,
            self.topic_id.as_deref(),
            [
                ("TopicName", Some(self.topic_name.as_str())),
                ("Introduction", self.introduction.as_deref()),
                ("Notification", self.notification.as_deref()),
                ("FaceUrl", self.face_url.as_deref()),
                ("CustomString", self.custom_string.as_deref()),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Endpoint, ValidationRule};

    #[test]
    fn an_imported_topic_has_the_same_limits_as_a_created_one() {
        let group = "@TGS#_@TGS#cBZXAIIM62CV";
        let mut request = Request::new(group, "test_topic3");
        request.notification = Some("x".repeat(301));
        let err = request.validate().unwrap_err();
        assert_eq!(err.field(), "Notification");
        assert_eq!(
            err.rule(),
            ValidationRule::ValueTooLong { max: 300, len: 301 }
        );
        request.notification = None;
        request.topic_id = Some("@TGS#_elsewhere@TOPIC#_a".into());
        assert_eq!(request.validate().unwrap_err().field(), "TopicId");
    }
}
