//! `im_push`'s sugar: the rules of its condition and of `MsgLifeTime` the types cannot express.

use super::{Condition, Request};
use crate::validation::{check_push_attrs, check_push_tags};
use crate::{ValidationError, ValidationRule};

/// The longest `MsgLifeTime`: 7 days, in seconds (90026).
pub const MAX_MSG_LIFE_TIME: u32 = 604_800;

impl Request {
    /// `MsgLifeTime` at most [`MAX_MSG_LIFE_TIME`]; the condition's rules (see
    /// [`Condition::check`]).
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        if let Some(life) = self.msg_life_time
            && life > MAX_MSG_LIFE_TIME
        {
            return Err(ValidationError::new(
                "MsgLifeTime",
                &life.to_string(),
                ValidationRule::Malformed {
                    expected: "at most 604800 seconds (7 days); 0 reaches online users only",
                },
            ));
        }
        match &self.condition {
            Some(condition) => condition.check(),
            None => Ok(()),
        }
    }
}

impl Condition {
    /// Attribute conditions and tag conditions are not mixed (90039); each tag list holds 1 to
    /// 10 tags of 1 to 50 bytes (90032, 90040, 90020) and no tag is in both (90022); each
    /// attribute list 1 to 10 names and values of at most 50 bytes (90033).
    pub fn check(&self) -> Result<(), ValidationError> {
        let attrs = self.attrs_or.is_some() || self.attrs_and.is_some();
        let tags = self.tags_or.is_some() || self.tags_and.is_some();
        if attrs && tags {
            return Err(ValidationError::new(
                "Condition",
                "",
                ValidationRule::Malformed {
                    expected: "attribute conditions (AttrsOr, AttrsAnd) or tag conditions \
                               (TagsOr, TagsAnd), not both",
                },
            ));
        }
        for (field, list) in [
            ("Condition.TagsOr", &self.tags_or),
            ("Condition.TagsAnd", &self.tags_and),
        ] {
            if let Some(list) = list {
                check_push_tags(field, list)?;
            }
        }
        if let (Some(or), Some(and)) = (&self.tags_or, &self.tags_and)
            && let Some(both) = and.iter().find(|tag| or.contains(tag))
        {
            return Err(ValidationError::new(
                "Condition.TagsAnd",
                both,
                ValidationRule::Repeated,
            ));
        }
        for (field, map) in [
            ("Condition.AttrsOr", &self.attrs_or),
            ("Condition.AttrsAnd", &self.attrs_and),
        ] {
            if let Some(map) = map {
                check_push_attrs(field, map.iter())?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Endpoint;
    use crate::message::MsgBody;

    fn push() -> Request {
        let body: MsgBody =
            serde_json::from_str(r#"[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]"#)
                .unwrap();
        Request::new(7, body)
    }

    fn tags(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("t{i}")).collect()
    }

    #[test]
    fn a_life_time_over_7_days_is_refused_naming_the_field() {
        let mut r = push();
        r.msg_life_time = Some(MAX_MSG_LIFE_TIME);
        r.validate().unwrap();
        r.msg_life_time = Some(MAX_MSG_LIFE_TIME + 1);
        let err = r.validate().unwrap_err();
        assert_eq!(err.field(), "MsgLifeTime");
        assert!(err.to_string().contains("604800"), "{err}");
    }

    #[test]
    fn tag_conditions_follow_their_rules() {
        let mut r = push();
        let mut c = Condition {
            tags_or: Some(tags(10)),
            ..Condition::default()
        };
        r.condition = Some(c.clone());
        r.validate().unwrap();
        c.tags_or = Some(tags(11));
        r.condition = Some(c.clone());
        let err = r.validate().unwrap_err();
        assert_eq!(err.field(), "Condition.TagsOr");
        assert_eq!(err.rule(), ValidationRule::TooMany { max: 10, got: 11 });
        c.tags_or = Some(vec!["x".repeat(51)]);
        let err = c.check().unwrap_err();
        assert_eq!(
            err.rule(),
            ValidationRule::ValueTooLong { max: 50, len: 51 }
        );
        c.tags_or = Some(vec![String::new()]);
        assert_eq!(c.check().unwrap_err().rule(), ValidationRule::Empty);
        c.tags_or = Some(vec!["a".into(), "b".into()]);
        c.tags_and = Some(vec!["c".into(), "b".into()]);
        let err = c.check().unwrap_err();
        assert_eq!((err.field(), err.value()), ("Condition.TagsAnd", "b"));
        c.tags_and = Some(vec!["c".into()]);
        c.check().unwrap();
        c.attrs_and = Some([("city".to_owned(), "Shenzhen".to_owned())].into());
        let err = c.check().unwrap_err();
        assert!(err.to_string().contains("not both"), "{err}");
    }

    #[test]
    fn attribute_conditions_follow_their_rules() {
        let mut c = Condition {
            attrs_or: Some([("city".to_owned(), "x".repeat(50))].into()),
            ..Condition::default()
        };
        c.check().unwrap();
        c.attrs_or = Some([("city".to_owned(), "x".repeat(51))].into());
        assert_eq!(
            c.check().unwrap_err().rule(),
            ValidationRule::ValueTooLong { max: 50, len: 51 }
        );
    }
}
