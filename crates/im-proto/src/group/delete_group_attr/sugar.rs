//! `delete_group_attr`'s sugar: the key limits the types cannot express.

use super::Request;
use crate::ValidationError;
use crate::validation::check_group_attrs;

impl Request {
    /// `GroupAttr` holds 1 to 16 keys, each 1 to 32 bytes.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        let items: Vec<_> = self
            .group_attr
            .iter()
            .map(|item| (item.key.as_str(), None))
            .collect();
        check_group_attrs("GroupAttr", &items)
    }
}

#[cfg(test)]
mod tests {
    use super::super::AttrKey;
    use super::*;
    use crate::{Endpoint, ValidationRule};

    #[test]
    fn keys_are_refused_past_their_limits_before_sending() {
        let keys: Vec<_> = (0..16).map(|i| AttrKey::new(format!("k{i}"))).collect();
        Request::new("@TGS#1", keys.clone()).validate().unwrap();
        let mut more = keys;
        more.push(AttrKey::new("k"));
        let err = Request::new("@TGS#1", more).validate().unwrap_err();
        assert_eq!(err.rule(), ValidationRule::TooMany { max: 16, got: 17 });
        let err = Request::new("@TGS#1", vec![AttrKey::new("k".repeat(33))])
            .validate()
            .unwrap_err();
        assert_eq!(
            err.rule(),
            ValidationRule::ValueTooLong { max: 32, len: 33 }
        );
        assert_eq!(err.field(), "GroupAttr[0].key");
    }
}
