//! `get_history`'s sugar: the rules the types cannot express.

use super::Request;
use crate::{ValidationError, ValidationRule};

/// The values of `ChatType`.
pub const CHAT_TYPES: &[&str] = &["C2C", "Group"];

impl Request {
    /// `ChatType` is `C2C` or `Group`; `MsgTime` is an hour as `YYYYMMDDHH` (ten digits, a
    /// month 01-12, a day 01-31, an hour 00-23).
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        if !CHAT_TYPES.contains(&self.chat_type.as_str()) {
            let rule = ValidationRule::NotOneOf {
                allowed: CHAT_TYPES,
            };
            return Err(ValidationError::new("ChatType", &self.chat_type, rule));
        }
        if msg_hour(&self.msg_time).is_none() {
            let rule = ValidationRule::ValueType {
                expected: "an hour as YYYYMMDDHH (ten digits, Beijing time)",
            };
            return Err(ValidationError::new("MsgTime", &self.msg_time, rule));
        }
        Ok(())
    }
}

/// `MsgTime` as `(year, month, day, hour)`, if it is ten digits naming a month 01-12, a day
/// 01-31 and an hour 00-23.
pub fn msg_hour(msg_time: &str) -> Option<(u32, u32, u32, u32)> {
    if msg_time.len() != 10 || !msg_time.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let part = |range: core::ops::Range<usize>| msg_time[range].parse::<u32>().ok();
    let (year, month, day, hour) = (part(0..4)?, part(4..6)?, part(6..8)?, part(8..10)?);
    ((1..=12).contains(&month) && (1..=31).contains(&day) && hour < 24)
        .then_some((year, month, day, hour))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Endpoint;

    #[test]
    fn chat_type_and_hour_are_checked() {
        Request::new("C2C", "2015120121").validate().unwrap();
        Request::new("Group", "2015120100").validate().unwrap();
        let err = Request::new("c2c", "2015120121").validate().unwrap_err();
        assert_eq!(err.field(), "ChatType");
        for bad in [
            "201512012",
            "2015120124",
            "2015130121",
            "20151201ab",
            "2015120021",
        ] {
            let err = Request::new("C2C", bad).validate().unwrap_err();
            assert_eq!(err.field(), "MsgTime", "{bad}");
            assert_eq!(err.value(), bad);
        }
        assert_eq!(msg_hour("2015120121"), Some((2015, 12, 1, 21)));
    }
}
