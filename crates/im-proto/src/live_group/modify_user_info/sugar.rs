//! `modify_user_info`'s sugar: the mark rules the types cannot express.

use super::Request;
use crate::{ValidationError, ValidationRule};

/// The most different marks a live group may have (the page: "每个直播群可以设置最多不超过10个
/// 不同类型的标记").
pub const MAX_LIVE_GROUP_MARKS: usize = 10;

/// The special mark that keeps a member (or a robot) online, ignoring disconnects.
pub const MARK_ALWAYS_ONLINE: i64 = 500;

/// The special mark that hides a member from the online list unless asked for by it.
pub const MARK_HIDDEN: i64 = 600;

/// The smallest mark an app defines; below it only the special marks 500 and 600.
pub const MIN_CUSTOM_MARK: i64 = 1000;

/// Whether `mark` may be set: at least [`MIN_CUSTOM_MARK`], or a special mark.
pub fn is_valid_mark(mark: i64) -> bool {
    mark >= MIN_CUSTOM_MARK || mark == MARK_ALWAYS_ONLINE || mark == MARK_HIDDEN
}

impl Request {
    /// `CommandType` is 1 or 2; every mark is at least 1000 or a special one (500, 600); the
    /// request names at most 10 different marks (a group holds at most 10).
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        if !matches!(self.command_type, 1 | 2) {
            let value = self.command_type.to_string();
            let rule = ValidationRule::NotOneOf {
                allowed: &["1", "2"],
            };
            return Err(ValidationError::new("CommandType", &value, rule));
        }
        let mut distinct: Vec<i64> = Vec::new();
        for (i, item) in self.member_list.iter().enumerate() {
            if item.marks.is_empty() {
                let field = format!("MemberList[{i}].Marks");
                return Err(ValidationError::new(field, "", ValidationRule::Empty));
            }
            for (j, &mark) in item.marks.iter().enumerate() {
                if !is_valid_mark(mark) {
                    let field = format!("MemberList[{i}].Marks[{j}]");
                    let expected = "a mark of at least 1000, or the special mark 500 or 600";
                    let rule = ValidationRule::Malformed { expected };
                    return Err(ValidationError::new(field, &mark.to_string(), rule));
                }
                if !distinct.contains(&mark) {
                    distinct.push(mark);
                }
            }
        }
        if distinct.len() > MAX_LIVE_GROUP_MARKS {
            let rule = ValidationRule::TooMany {
                max: MAX_LIVE_GROUP_MARKS,
                got: distinct.len(),
            };
            return Err(ValidationError::new("MemberList[].Marks", "marks", rule));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::MarkItem;
    use super::*;
    use crate::Endpoint;

    fn request(command: i64, items: Vec<MarkItem>) -> Request {
        Request::new("@TGS#a6I4ZUUGO", command, items)
    }

    #[test]
    fn marks_are_refused_past_their_rules_before_sending() {
        let ten: Vec<_> = (0..10)
            .map(|i| MarkItem::new(format!("u{i}"), vec![1000 + i]))
            .collect();
        request(1, ten.clone()).validate().unwrap();
        request(2, vec![MarkItem::new("u", vec![500, 600])])
            .validate()
            .unwrap();
        let mut eleven = ten;
        eleven.push(MarkItem::new("u10", vec![2000]));
        let err = request(1, eleven).validate().unwrap_err();
        assert_eq!(err.rule(), ValidationRule::TooMany { max: 10, got: 11 });
        let err = request(1, vec![MarkItem::new("u", vec![999])])
            .validate()
            .unwrap_err();
        assert_eq!(err.field(), "MemberList[0].Marks[0]");
        assert!(err.to_string().contains("999"), "{err}");
        let err = request(3, vec![MarkItem::new("u", vec![1000])])
            .validate()
            .unwrap_err();
        assert_eq!(err.field(), "CommandType");
        let err = request(1, vec![MarkItem::new("u", vec![])])
            .validate()
            .unwrap_err();
        assert_eq!(err.rule(), ValidationRule::Empty);
        let many: Vec<_> = (0..501)
            .map(|i| MarkItem::new(format!("u{i}"), vec![1000]))
            .collect();
        let err = request(1, many).validate().unwrap_err();
        assert_eq!(
            err.rule(),
            ValidationRule::TooManyItems { max: 500, got: 501 }
        );
    }
}
