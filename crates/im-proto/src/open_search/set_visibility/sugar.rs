//! `set_visibility`'s sugar: constructors by `SetType`, and the identifiers each `SetType` needs.

use super::Request;
use crate::{UserId, ValidationError, ValidationRule};

/// `SetType` 1: a user, hidden from user search.
pub const SET_TYPE_USER: i64 = 1;
/// `SetType` 2: a group, hidden from group search.
pub const SET_TYPE_GROUP: i64 = 2;
/// `SetType` 3: a group member, hidden from group member search.
pub const SET_TYPE_MEMBER: i64 = 3;

impl Request {
    /// Hides `user` from user search (`hidden` true) or shows it again (false).
    pub fn user(user: UserId, hidden: bool) -> Self {
        let mut request = Request::new(SET_TYPE_USER);
        request.user_id = Some(user);
        request.is_disable = Some(serde_json::Value::Bool(hidden));
        request
    }

    /// Hides the group `group_id` from group search (`hidden` true) or shows it again.
    pub fn group(group_id: impl Into<String>, hidden: bool) -> Self {
        let mut request = Request::new(SET_TYPE_GROUP);
        request.group_id = Some(group_id.into());
        request.is_disable = Some(serde_json::Value::Bool(hidden));
        request
    }

    /// Hides `member` of the group `group_id` from group member search (`hidden` true) or
    /// shows it again.
    pub fn member(group_id: impl Into<String>, member: UserId, hidden: bool) -> Self {
        let mut request = Request::new(SET_TYPE_MEMBER);
        request.group_id = Some(group_id.into());
        request.user_id = Some(member);
        request.is_disable = Some(serde_json::Value::Bool(hidden));
        request
    }

    /// Whether the request hides (`IsDisable` true or 1) rather than shows (absent: false).
    pub fn hides(&self) -> bool {
        self.is_disable.as_ref().is_some_and(crate::flag::truthy)
    }

    /// `SetType` is 1, 2 or 3; `UserID` given for 1 and 3, `GroupID` for 2 and 3.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_set_type(self.set_type)?;
        let needs_user = self.set_type != SET_TYPE_GROUP;
        let needs_group = self.set_type != SET_TYPE_USER;
        if needs_user && self.user_id.is_none() {
            return Err(ValidationError::new("UserID", "", ValidationRule::Missing));
        }
        if needs_group && self.group_id.as_deref().is_none_or(str::is_empty) {
            return Err(ValidationError::new("GroupID", "", ValidationRule::Missing));
        }
        Ok(())
    }
}

/// `SetType` is 1 (users), 2 (groups) or 3 (group members).
pub fn check_set_type(set_type: i64) -> Result<(), ValidationError> {
    if (SET_TYPE_USER..=SET_TYPE_MEMBER).contains(&set_type) {
        return Ok(());
    }
    let rule = ValidationRule::NotOneOf {
        allowed: &["1 (users)", "2 (groups)", "3 (group members)"],
    };
    Err(ValidationError::new("SetType", &set_type.to_string(), rule))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Endpoint;

    fn id(s: &str) -> UserId {
        UserId::new(s).unwrap()
    }

    #[test]
    fn each_set_type_needs_its_identifiers() {
        Request::user(id("test"), true).validate().unwrap();
        Request::group("@TGS#1", true).validate().unwrap();
        Request::member("@TGS#1", id("m"), false)
            .validate()
            .unwrap();
        let mut no_group = Request::member("@TGS#1", id("m"), true);
        no_group.group_id = None;
        assert_eq!(no_group.validate().unwrap_err().field(), "GroupID");
        let no_user = Request::new(SET_TYPE_USER);
        assert_eq!(no_user.validate().unwrap_err().field(), "UserID");
        let err = Request::new(4).validate().unwrap_err();
        assert_eq!(err.field(), "SetType");
        assert!(err.to_string().contains('4'), "{err}");
    }

    #[test]
    fn is_disable_is_a_json_boolean() {
        let body = serde_json::to_value(Request::user(id("test"), true)).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"SetType": 1, "UserID": "test", "IsDisable": true})
        );
    }
}
