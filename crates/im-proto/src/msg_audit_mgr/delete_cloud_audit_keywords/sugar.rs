//! `delete_cloud_audit_keywords`' sugar: a library, and no empty word (the 10 words a call
//! are the declared item maximum).

use super::Request;
use crate::msg_audit_mgr::get_cloud_audit_keywords_ids::check_lib_id;
use crate::{ValidationError, ValidationRule};

impl Request {
    /// `LibID` not empty; no word empty.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_lib_id(&self.lib_id)?;
        if let Some(i) = self.keywords.iter().position(String::is_empty) {
            let field = format!("Keywords[{i}]");
            return Err(ValidationError::new(field, "", ValidationRule::Missing));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Endpoint;

    #[test]
    fn eleven_words_an_empty_word_or_no_library_are_refused() {
        let ten: Vec<String> = (0..10).map(|i| format!("w{i}")).collect();
        Request::new(1, "lib", ten.clone()).validate().unwrap();
        let mut eleven = ten;
        eleven.push("w10".into());
        let err = Request::new(1, "lib", eleven).validate().unwrap_err();
        assert!(matches!(
            err.rule(),
            ValidationRule::TooManyItems { max: 10, got: 11 }
        ));
        let err = Request::new(1, "lib", vec!["".into()])
            .validate()
            .unwrap_err();
        assert_eq!(err.field(), "Keywords[0]");
        assert_eq!(
            Request::new(1, "", vec!["w".into()])
                .validate()
                .unwrap_err()
                .field(),
            "LibID"
        );
    }
}
