//! `create_topic`'s sugar: the rules the types cannot express.

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

    const GROUP: &str = "@TGS#_@TGS#cQVLVHIM62CJ";

    /// Sets one text field of a request.
    type Setter = fn(&mut Request, String);

    #[test]
    fn a_name_of_31_bytes_is_refused_naming_the_field_and_the_limit() {
        Request::new(GROUP, "n".repeat(30)).validate().unwrap();
        let err = Request::new(GROUP, "n".repeat(31)).validate().unwrap_err();
        assert_eq!(err.field(), "TopicName");
        assert_eq!(
            err.rule(),
            ValidationRule::ValueTooLong { max: 30, len: 31 }
        );
        // Bytes, not characters: 11 Chinese characters are 33 bytes.
        let err = Request::new(GROUP, "话".repeat(11)).validate().unwrap_err();
        assert_eq!(
            err.rule(),
            ValidationRule::ValueTooLong { max: 30, len: 33 }
        );
    }

    #[test]
    fn each_text_has_its_limit() {
        let cases: [(&str, usize, Setter); 4] = [
            ("Introduction", 240, |r, v| r.introduction = Some(v)),
            ("Notification", 300, |r, v| r.notification = Some(v)),
            ("FaceUrl", 100, |r, v| r.face_url = Some(v)),
            ("CustomString", 3000, |r, v| r.custom_string = Some(v)),
        ];
        for (field, max, set) in cases {
            let mut request = Request::new(GROUP, "news");
            set(&mut request, "x".repeat(max));
            request.validate().unwrap();
            set(&mut request, "x".repeat(max + 1));
            let err = request.validate().unwrap_err();
            assert_eq!(err.field(), field);
            assert_eq!(
                err.rule(),
                ValidationRule::ValueTooLong { max, len: max + 1 }
            );
        }
    }

    #[test]
    fn a_custom_topic_id_is_the_community_id_then_topic_infix() {
        let mut request = Request::new(GROUP, "TestTopic");
        request.topic_id = Some(format!("{GROUP}@TOPIC#_TestTopic"));
        request.validate().unwrap();
        for bad in [
            "TestTopic".to_owned(),
            format!("{GROUP}@TOPIC#_"),
            "@TGS#_@TGS#other@TOPIC#_TestTopic".to_owned(),
        ] {
            request.topic_id = Some(bad.clone());
            let err = request.validate().unwrap_err();
            assert_eq!(err.field(), "TopicId");
            assert!(matches!(err.rule(), ValidationRule::Malformed { .. }));
            assert!(err.to_string().contains(&bad), "{err}");
        }
    }
}
