//! `modify_group_base_info`'s sugar: the rules the types cannot express.

use super::Request;
use crate::ValidationError;
use crate::validation::check_group_profile;

impl Request {
    /// `Name` (30 bytes), `Introduction` (240), `Notification` (300) and `FaceUrl` (100), when
    /// given, are within their limits; custom fields follow theirs.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_group_profile(
            [
                ("Name", self.name.as_deref()),
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
    use crate::group_types::DefinedDataItem;
    use crate::{Endpoint, ValidationRule};

    #[test]
    fn a_modification_keeps_texts_and_fields_within_their_limits() {
        let mut change = Request::new("@TGS#1");
        change.introduction = Some("i".repeat(240));
        change.validate().unwrap();
        change.introduction = Some("i".repeat(241));
        let err = change.validate().unwrap_err();
        assert_eq!(
            err.rule(),
            ValidationRule::ValueTooLong { max: 240, len: 241 }
        );
        assert!(err.to_string().contains("Introduction"), "{err}");
        change.introduction = None;
        change.app_defined_data = Some(vec![DefinedDataItem::new("Level", "v".repeat(513))]);
        assert_eq!(change.validate().unwrap_err().field(), "AppDefinedData[0]");
        change.app_defined_data = Some(vec![DefinedDataItem::new("Level", "")]);
        change.validate().unwrap();
    }
}
