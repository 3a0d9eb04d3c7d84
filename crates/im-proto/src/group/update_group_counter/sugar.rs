//! `update_group_counter`'s sugar: the counter limits the types cannot express.

use super::Request;
use crate::ValidationError;
use crate::validation::check_group_counter_keys;

impl Request {
    /// `GroupCounter` holds 1 to 20 counters, each key 1 to 128 bytes.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        let keys: Vec<_> = self.group_counter.iter().map(|c| c.key.as_str()).collect();
        check_group_counter_keys("GroupCounter", &keys)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{CounterItem, CounterMode};
    use super::*;
    use crate::{Endpoint, ValidationRule};

    fn request(items: Vec<CounterItem>) -> Request {
        Request::new("@TGS#1", items, CounterMode::Increase)
    }

    #[test]
    fn counters_are_refused_past_their_limits_before_sending() {
        let full: Vec<_> = (0..20)
            .map(|i| CounterItem::new("k".repeat(128 - i), i64::MIN))
            .collect();
        request(full.clone()).validate().unwrap();
        let mut more = full;
        more.push(CounterItem::new("k", 1));
        let err = request(more).validate().unwrap_err();
        assert_eq!(err.rule(), ValidationRule::TooMany { max: 20, got: 21 });
        assert!(err.to_string().contains("GroupCounter"), "{err}");
        let err = request(vec![CounterItem::new("k".repeat(129), 1)])
            .validate()
            .unwrap_err();
        assert_eq!(
            err.rule(),
            ValidationRule::ValueTooLong { max: 128, len: 129 }
        );
        assert_eq!(err.field(), "GroupCounter[0].Key");
        assert_eq!(
            request(vec![]).validate().unwrap_err().rule(),
            ValidationRule::Empty
        );
    }
}
