//! `im_set_attr`'s sugar: each user's attributes within their limits.

use super::Request;
use crate::ValidationError;
use crate::validation::check_push_attrs;

impl Request {
    /// Each user's `Attrs`: 1 to 10 attributes, names 1 to 50 bytes, values at most 50 (90033).
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        for (i, item) in self.user_attrs.iter().enumerate() {
            check_push_attrs(&format!("UserAttrs[{i}].Attrs"), item.attrs.iter())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Endpoint, UserId, ValidationRule};

    #[test]
    fn a_value_over_50_bytes_is_refused_naming_the_user_and_attribute() {
        let item = |v: &str| {
            super::super::UserAttrsItem::new(
                UserId::new("u").unwrap(),
                [("city".to_owned(), v.to_owned())].into(),
            )
        };
        Request::new(vec![item(&"x".repeat(50))])
            .validate()
            .unwrap();
        let err = Request::new(vec![item("ok"), item(&"x".repeat(51))])
            .validate()
            .unwrap_err();
        assert_eq!(err.field(), "UserAttrs[1].Attrs.city");
        assert_eq!(
            err.rule(),
            ValidationRule::ValueTooLong { max: 50, len: 51 }
        );
    }
}
