//! `setnospeaking`'s sugar: the rule the types cannot express.

use super::Request;
use crate::{ValidationError, ValidationRule};

/// The mute time that means "for good" (`0xFFFFFFFF`).
pub const FOREVER: u32 = u32::MAX;

impl Request {
    /// At least one of `C2CmsgNospeakingTime` and `GroupmsgNospeakingTime` is given (the page:
    /// "不能两个都不填").
    pub(super) fn check_rules(&self) -> Result<(), ValidationError> {
        if self.c2c_time.is_none() && self.group_time.is_none() {
            return Err(ValidationError::new(
                "C2CmsgNospeakingTime",
                "",
                ValidationRule::Missing,
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Endpoint, UserId};

    #[test]
    fn one_of_the_two_times_is_needed() {
        let account = UserId::new("lumotuwe").unwrap();
        let err = Request::new(account.clone()).validate().unwrap_err();
        assert_eq!(err.field(), "C2CmsgNospeakingTime");
        assert_eq!(err.rule(), ValidationRule::Missing);
        let mut group_only = Request::new(account.clone());
        group_only.group_time = Some(7200);
        group_only.validate().unwrap();
        let mut c2c_only = Request::new(account);
        c2c_only.c2c_time = Some(FOREVER);
        c2c_only.validate().unwrap();
    }
}
