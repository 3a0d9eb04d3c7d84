//! `set_group_attr`'s sugar: the attribute limits the types cannot express.

use super::Request;
use crate::ValidationError;
use crate::validation::check_group_attrs;

impl Request {
    /// `GroupAttr` holds 1 to 16 attributes, each key 1 to 32 bytes, each value at most 4000
    /// bytes, all the values together at most 16000 bytes.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        let items: Vec<_> = self
            .group_attr
            .iter()
            .map(|item| (item.key.as_str(), Some(item.value.as_str())))
            .collect();
        check_group_attrs("GroupAttr", &items)
    }
}

#[cfg(test)]
mod tests {
    use super::super::AttrItem;
    use super::*;
    use crate::{Endpoint, ValidationRule};

    fn request(items: Vec<AttrItem>) -> Request {
        Request::new("@TGS#1", items)
    }

    #[test]
    fn attributes_are_refused_past_each_limit_before_sending() {
        let full: Vec<_> = (0..16)
            .map(|i| AttrItem::new(format!("k{i:030}"), "v".repeat(1000)))
            .collect();
        request(full.clone()).validate().unwrap();
        let mut more = full.clone();
        more.push(AttrItem::new("k", "v"));
        let err = request(more).validate().unwrap_err();
        assert_eq!(err.rule(), ValidationRule::TooMany { max: 16, got: 17 });
        assert_eq!(err.field(), "GroupAttr");
        let err = request(vec![AttrItem::new("k".repeat(33), "v")])
            .validate()
            .unwrap_err();
        assert_eq!(
            err.rule(),
            ValidationRule::ValueTooLong { max: 32, len: 33 }
        );
        assert_eq!(err.field(), "GroupAttr[0].key");
        let err = request(vec![AttrItem::new("k", "v".repeat(4001))])
            .validate()
            .unwrap_err();
        assert_eq!(
            err.rule(),
            ValidationRule::ValueTooLong {
                max: 4000,
                len: 4001
            }
        );
        assert!(err.to_string().contains("GroupAttr[0].value"), "{err}");
        let mut big = full;
        big[0].value = "v".repeat(1001);
        let err = request(big).validate().unwrap_err();
        assert_eq!(
            err.rule(),
            ValidationRule::TotalTooLong {
                max: 16000,
                len: 16001
            }
        );
        assert!(err.to_string().contains("16001 bytes"), "{err}");
        let err = request(vec![]).validate().unwrap_err();
        assert_eq!(err.rule(), ValidationRule::Empty);
        let err = request(vec![AttrItem::new("", "v")])
            .validate()
            .unwrap_err();
        assert_eq!(err.field(), "GroupAttr[0].key");
    }
}
