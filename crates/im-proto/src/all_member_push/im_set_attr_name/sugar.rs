//! `im_set_attr_name`'s sugar: the attribute numbers and names' limits.

use super::Request;
use crate::validation::{MAX_PUSH_ATTRS, MAX_PUSH_VALUE_BYTES};
use crate::{ValidationError, ValidationRule};

impl Request {
    /// 1 to 10 names, each keyed by an attribute number `"0"` to `"9"` and 1 to 50 bytes long
    /// (90033).
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        if self.attr_names.is_empty() {
            return Err(ValidationError::new("AttrNames", "", ValidationRule::Empty));
        }
        for (number, name) in &self.attr_names {
            let in_range = number.parse::<usize>().is_ok_and(|n| n < MAX_PUSH_ATTRS)
                && !number.starts_with('+')
                && number.len() == 1;
            if !in_range {
                return Err(ValidationError::new(
                    "AttrNames",
                    number,
                    ValidationRule::Malformed {
                        expected: "an attribute number from \"0\" to \"9\"",
                    },
                ));
            }
            let field = format!("AttrNames.{number}");
            if name.is_empty() {
                return Err(ValidationError::new(field, name, ValidationRule::Empty));
            }
            if name.len() > MAX_PUSH_VALUE_BYTES {
                return Err(ValidationError::new(
                    field,
                    name,
                    ValidationRule::ValueTooLong {
                        max: MAX_PUSH_VALUE_BYTES,
                        len: name.len(),
                    },
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Endpoint;

    #[test]
    fn numbers_are_0_to_9_and_names_at_most_50_bytes() {
        let ok = Request::new(
            [
                ("0".to_owned(), "sex".to_owned()),
                ("9".to_owned(), "c".into()),
            ]
            .into(),
        );
        ok.validate().unwrap();
        for bad in ["10", "a", "-1", ""] {
            let r = Request::new([(bad.to_owned(), "n".to_owned())].into());
            let err = r.validate().unwrap_err();
            assert_eq!((err.field(), err.value()), ("AttrNames", bad), "{bad}");
        }
        let r = Request::new([("1".to_owned(), "n".repeat(51))].into());
        let err = r.validate().unwrap_err();
        assert_eq!(err.field(), "AttrNames.1");
        assert!(Request::new(Default::default()).validate().is_err());
    }
}
