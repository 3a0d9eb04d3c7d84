//! `add_cloud_audit_keywords`' sugar: a library, and at least one word, none empty.

use super::Request;
use crate::msg_audit_mgr::get_cloud_audit_keywords_ids::check_lib_id;
use crate::{ValidationError, ValidationRule};

impl Request {
    /// `LibID` not empty; `UserKeywords` not empty and no word empty.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_lib_id(&self.lib_id)?;
        if self.user_keywords.is_empty() {
            return Err(ValidationError::new(
                "UserKeywords",
                "",
                ValidationRule::Empty,
            ));
        }
        for (i, word) in self.user_keywords.iter().enumerate() {
            if word.content.is_empty() {
                let field = format!("UserKeywords[{i}].Content");
                return Err(ValidationError::new(field, "", ValidationRule::Missing));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::UserKeyword;
    use super::*;
    use crate::Endpoint;

    #[test]
    fn no_words_an_empty_word_or_no_library_are_refused() {
        let words = vec![UserKeyword::new("spam")];
        Request::new(1, "lib", words.clone()).validate().unwrap();
        let err = Request::new(1, "lib", vec![]).validate().unwrap_err();
        assert_eq!(err.field(), "UserKeywords");
        let err = Request::new(1, "lib", vec![UserKeyword::new("")])
            .validate()
            .unwrap_err();
        assert_eq!(err.field(), "UserKeywords[0].Content");
        assert_eq!(
            Request::new(1, "", words).validate().unwrap_err().field(),
            "LibID"
        );
    }
}
