//! `get_cloud_audit_keywords`'s sugar: `Limit` 1 to 100, `Offset` not negative, `LibID` given.

use super::Request;
use crate::ValidationError;
use crate::msg_audit_mgr::get_cloud_audit_keywords_ids::{check_lib_id, check_page};

impl Request {
    /// `Limit` 1 to 100, `Offset` not negative, `LibID` not empty.
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        check_page(self.offset, self.limit)?;
        check_lib_id(&self.lib_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Endpoint;

    #[test]
    fn a_limit_over_100_and_an_empty_library_are_refused() {
        Request::new(1, 0, 100, "lib").validate().unwrap();
        assert_eq!(
            Request::new(1, 0, 101, "lib")
                .validate()
                .unwrap_err()
                .field(),
            "Limit"
        );
        assert_eq!(
            Request::new(1, 0, 10, "").validate().unwrap_err().field(),
            "LibID"
        );
    }
}
