//! `get_cloud_audit_keywords_ids`'s sugar: `Limit` 1 to 100 and `Offset` not negative, and
//! those checks for `get_cloud_audit_keywords`.

use super::Request;
use crate::{ValidationError, ValidationRule};

/// The most libraries or words one page may ask for (the pages: "不超过100个").
pub const MAX_PAGE_LIMIT: i64 = 100;

/// `Limit` is 1 to [`MAX_PAGE_LIMIT`] and `Offset` not negative.
pub fn check_page(offset: i64, limit: i64) -> Result<(), ValidationError> {
    if !(1..=MAX_PAGE_LIMIT).contains(&limit) {
        let rule = ValidationRule::Malformed {
            expected: "a Limit of 1 to 100",
        };
        return Err(ValidationError::new("Limit", &limit.to_string(), rule));
    }
    if offset < 0 {
        let rule = ValidationRule::Malformed {
            expected: "an Offset of 0 or more",
        };
        return Err(ValidationError::new("Offset", &offset.to_string(), rule));
    }
    Ok(())
}

/// `LibID` is not empty.
pub fn check_lib_id(lib_id: &str) -> Result<(), ValidationError> {
    if lib_id.is_empty() {
        return Err(ValidationError::new("LibID", "", ValidationRule::Missing));
    }
    Ok(())
}

impl Request {
    /// `Limit` 1 to 100, `Offset` not negative.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_page(self.offset, self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Endpoint;

    #[test]
    fn a_limit_over_100_or_below_1_and_a_negative_offset_are_refused() {
        Request::new(1400187352, 0, 100).validate().unwrap();
        let err = Request::new(1400187352, 0, 101).validate().unwrap_err();
        assert_eq!((err.field(), err.value()), ("Limit", "101"));
        assert_eq!(
            Request::new(1, 0, 0).validate().unwrap_err().field(),
            "Limit"
        );
        assert_eq!(
            Request::new(1, -1, 10).validate().unwrap_err().field(),
            "Offset"
        );
    }
}
