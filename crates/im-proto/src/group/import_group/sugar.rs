//! `import_group`'s sugar: the rules the types cannot express.

use super::Request;
use crate::ValidationError;
use crate::validation::{check_custom_group_id, check_group_profile};

impl Request {
    /// A custom `GroupId` follows the ID rules of its type; `Name` (30 bytes), `Introduction`
    /// (240), `Notification` (300) and `FaceUrl` (100) are within their limits; custom fields
    /// follow theirs.
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
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group_types::{GroupIdRule, GroupType};
    use crate::{Endpoint, ValidationRule};

    #[test]
    fn an_imported_group_follows_the_id_and_text_rules() {
        let mut group = Request::new(GroupType::Private, "team");
        group.group_id = Some("team-1".into());
        group.validate().unwrap();
        group.group_id = Some("x".repeat(49));
        let err = group.validate().unwrap_err();
        assert_eq!(
            err.rule(),
            ValidationRule::GroupId {
                rule: GroupIdRule::TooLong { len: 49 }
            }
        );
        group.group_id = None;
        group.face_url = Some("u".repeat(101));
        assert_eq!(group.validate().unwrap_err().field(), "FaceUrl");
    }
}
