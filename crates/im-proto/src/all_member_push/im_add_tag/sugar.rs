//! `im_add_tag`'s sugar: each user's tags to add within their limits.

use super::Request;
use crate::ValidationError;
use crate::validation::check_push_tags;

impl Request {
    /// Each user's `Tags`: 1 to 10 tags (90032), each 1 to 50 bytes (90040, 90020).
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        for (i, item) in self.user_tags.iter().enumerate() {
            check_push_tags(&format!("UserTags[{i}].Tags"), &item.tags)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Endpoint, UserId, ValidationRule};

    #[test]
    fn eleven_tags_or_a_long_tag_are_refused_naming_the_user() {
        let item =
            |tags: Vec<String>| super::super::UserTagsItem::new(UserId::new("u").unwrap(), tags);
        let ten: Vec<String> = (0..10).map(|i| i.to_string()).collect();
        Request::new(vec![item(ten.clone())]).validate().unwrap();
        let mut eleven = ten;
        eleven.push("x".into());
        let err = Request::new(vec![item(vec!["a".into()]), item(eleven)])
            .validate()
            .unwrap_err();
        assert_eq!(err.field(), "UserTags[1].Tags");
        assert_eq!(err.rule(), ValidationRule::TooMany { max: 10, got: 11 });
        let err = Request::new(vec![item(vec!["y".repeat(51)])])
            .validate()
            .unwrap_err();
        assert_eq!(err.field(), "UserTags[0].Tags[0]");
    }
}
