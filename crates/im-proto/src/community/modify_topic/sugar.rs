//! `modify_topic`'s sugar: the rules the types cannot express.

use super::Request;
use crate::ValidationError;
use crate::validation::check_topic;

impl Request {
    /// `TopicId` is one of the community's (`GroupId`, `@TOPIC#_`, its own part); `TopicName`
    /// (30 bytes), `Introduction` (240), `Notification` (300), `FaceUrl` (100) and
    /// `CustomString` (3000) are within their limits.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_topic(
            &self.group_id,
            Some(&self.topic_id),
            [
                ("TopicName", self.topic_name.as_deref()),
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

    const GROUP: &str = "@TGS#_@TGS#cQVLVHIM62CJ";

    #[test]
    fn the_topic_must_be_one_of_the_community_and_the_name_within_30_bytes() {
        let topic = format!("{GROUP}@TOPIC#_@TOPIC#cRTE3HIM62C5");
        let mut request = Request::new(GROUP, topic);
        request.topic_name = Some("n".repeat(30));
        request.validate().unwrap();
        request.topic_name = Some("n".repeat(31));
        let err = request.validate().unwrap_err();
        assert_eq!(err.field(), "TopicName");
        assert_eq!(
            err.rule(),
            ValidationRule::ValueTooLong { max: 30, len: 31 }
        );
        let err = Request::new(GROUP, "@TGS#_x@TOPIC#_a")
            .validate()
            .unwrap_err();
        assert_eq!(err.field(), "TopicId");
    }
}
