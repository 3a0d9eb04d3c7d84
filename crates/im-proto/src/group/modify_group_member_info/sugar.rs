//! `modify_group_member_info`'s sugar: the rules the types cannot express.

use super::Request;
use crate::group_types::MemberRole;
use crate::validation::check_member_fields;
use crate::{ValidationError, ValidationRule};

impl Request {
    /// `Role` appoints (`Admin`) or dismisses (`Member`) an admin: the owner changes only by
    /// change_group_owner. The custom member fields follow their rules (`NameCard`'s 50 bytes are
    /// checked by [`NameCard::new`](crate::group_types::NameCard::new)).
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        if let Some(role) = self
            .role
            .as_ref()
            .filter(|r| !matches!(r, MemberRole::Admin | MemberRole::Member))
        {
            return Err(ValidationError::new(
                "Role",
                role.as_str(),
                ValidationRule::NotOneOf {
                    allowed: &["Admin", "Member"],
                },
            ));
        }
        check_member_fields(
            "AppMemberDefinedData",
            self.app_member_defined_data.as_deref(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group_types::DefinedDataItem;
    use crate::{Endpoint, UserId};

    #[test]
    fn roles_are_appointed_or_dismissed_and_fields_checked() {
        let mut change = Request::new("@TGS#1", UserId::new("bob").unwrap());
        change.role = Some(MemberRole::Admin);
        change.validate().unwrap();
        change.role = Some(MemberRole::Owner);
        let err = change.validate().unwrap_err();
        assert_eq!((err.field(), err.value()), ("Role", "Owner"));
        assert!(err.to_string().contains("Admin, Member"), "{err}");
        change.role = None;
        change.app_member_defined_data = Some(vec![DefinedDataItem::new("Level", "v".repeat(65))]);
        let err = change.validate().unwrap_err();
        assert_eq!(err.field(), "AppMemberDefinedData[0]");
    }
}
