//! `create_group`'s sugar: the rules the types cannot express.

use super::Request;
use crate::ValidationError;
use crate::group_types::MemberRole;
use crate::validation::{
    check_count_of, check_custom_group_id, check_group_profile, check_member_fields,
};

/// The most initial members of one call (`MemberList`; 10005 beyond).
pub const MAX_INITIAL_MEMBERS: usize = 100;

impl Request {
    /// A custom `GroupId` follows the ID rules of its type; `Name` (30 bytes), `Introduction`
    /// (240), `Notification` (300) and `FaceUrl` (100) are within their limits; custom fields
    /// follow theirs; `MemberList` holds at most [`MAX_INITIAL_MEMBERS`], and an initial member's
    /// role can only be `Admin`.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_custom_group_id(self.group_id.as_deref(), &self.type_)?;
        check_group_profile(
            [
                ("Name", Some(self.name.as_str())),
                ("Introduction", self.introduction.as_deref()),
                ("Notification", self.notification.as_deref()),
                ("FaceUrl", self.face_url.as_deref()),
            ],
            self.app_defined_data.as_deref(),
        )?;
        let Some(members) = &self.member_list else {
            return Ok(());
        };
        if !members.is_empty() {
            check_count_of("MemberList", MAX_INITIAL_MEMBERS, members.len())?;
        }
        for (i, member) in members.iter().enumerate() {
            if let Some(role) = member.role.as_ref().filter(|r| **r != MemberRole::Admin) {
                return Err(ValidationError::new(
                    format!("MemberList[{i}].Role"),
                    role.as_str(),
                    crate::ValidationRule::NotOneOf {
                        allowed: &["Admin"],
                    },
                ));
            }
            let field = format!("MemberList[{i}].AppMemberDefinedData");
            check_member_fields(&field, member.app_member_defined_data.as_deref())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::InitialMember;
    use super::*;
    use crate::group_types::{DefinedDataItem, GroupIdRule, GroupType};
    use crate::{Endpoint, UserId, ValidationRule};

    fn request(kind: GroupType) -> Request {
        Request::new(kind, "class 7b")
    }

    #[test]
    fn custom_ids_follow_the_rules_of_their_type() {
        let mut public = request(GroupType::Public);
        public.group_id = Some("class-7b".into());
        public.validate().unwrap();
        public.group_id = Some("@TGS#mine".into());
        let err = public.validate().unwrap_err();
        assert_eq!(err.field(), "GroupId");
        assert_eq!(
            err.rule(),
            ValidationRule::GroupId {
                rule: GroupIdRule::ReservedPrefix
            }
        );
        assert!(err.to_string().contains("\"@TGS#mine\""), "{err}");
        let mut community = request(GroupType::Community);
        community.group_id = Some("@TGS#_guild".into());
        community.validate().unwrap();
        community.group_id = Some("guild".into());
        let err = community.validate().unwrap_err();
        assert_eq!(
            err.rule(),
            ValidationRule::GroupId {
                rule: GroupIdRule::NotCommunity
            }
        );
    }

    #[test]
    fn texts_and_custom_fields_are_within_their_limits() {
        let mut long = request(GroupType::Public);
        long.name = "名".repeat(11);
        let err = long.validate().unwrap_err();
        assert_eq!(
            (err.field(), err.rule()),
            ("Name", ValidationRule::ValueTooLong { max: 30, len: 33 })
        );
        let mut notice = request(GroupType::Public);
        notice.notification = Some("n".repeat(301));
        assert_eq!(notice.validate().unwrap_err().field(), "Notification");
        let mut custom = request(GroupType::Public);
        custom.app_defined_data = Some(vec![
            DefinedDataItem::new("ok", "v"),
            DefinedDataItem::new("bad key", "v"),
        ]);
        let err = custom.validate().unwrap_err();
        assert_eq!(err.field(), "AppDefinedData[1]");
        assert!(matches!(err.rule(), ValidationRule::GroupValue { .. }));
    }

    #[test]
    fn initial_members_are_at_most_100_and_admins_at_most() {
        let member = |i: usize| InitialMember::new(UserId::new(format!("u{i}")).unwrap());
        let mut group = request(GroupType::Public);
        group.member_list = Some((0..100).map(member).collect());
        group.validate().unwrap();
        group.member_list = Some((0..101).map(member).collect());
        let err = group.validate().unwrap_err();
        assert_eq!(
            err.rule(),
            ValidationRule::TooManyItems { max: 100, got: 101 }
        );
        let mut owner = member(0);
        owner.role = Some(MemberRole::Owner);
        let mut admin = member(1);
        admin.role = Some(MemberRole::Admin);
        group.member_list = Some(vec![admin, owner]);
        let err = group.validate().unwrap_err();
        assert_eq!((err.field(), err.value()), ("MemberList[1].Role", "Owner"));
        let mut big = member(2);
        big.app_member_defined_data = Some(vec![DefinedDataItem::new("k", "v".repeat(65))]);
        group.member_list = Some(vec![big]);
        let err = group.validate().unwrap_err();
        assert_eq!(err.field(), "MemberList[0].AppMemberDefinedData[0]");
    }
}
