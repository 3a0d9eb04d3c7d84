//! Recalling a one-to-one message by its key.

use im_client::Error;
use im_proto::message::MsgKey;
use im_proto::openim::admin_msgwithdraw::Request;
use im_proto::{ErrorCode, UserId};

use crate::Client;

/// What a recall did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Withdrawn {
    /// Recalled by this call.
    Withdrawn,
    /// Answered 20023 (already recalled) on a resend after an attempt whose answer was lost:
    /// that attempt recalled it.
    Earlier,
}

impl Client {
    /// Recalls the message `key` of `from` to `to` (`admin_msgwithdraw`). The call is resent
    /// after a lost answer; a resend answered 20023 (already recalled) means the lost attempt
    /// recalled it: [`Withdrawn::Earlier`], a success.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call): 20022 (no such message), 20023 on a first
    /// attempt (someone else recalled it), 90054 (an invalid key)...
    pub async fn admin_msgwithdraw(
        &self,
        from: &UserId,
        to: &UserId,
        key: &MsgKey,
    ) -> Result<Withdrawn, Error> {
        let request = Request::new(from.clone(), to.clone(), key.as_str());
        let (result, report) = self.call_with(&request, self.retry_policy()).await;
        match result {
            Ok(_) => Ok(Withdrawn::Withdrawn),
            Err(Error::Api(err))
                if err.code() == ErrorCode::MSG_ALREADY_WITHDRAWN
                    && report.ambiguous
                    && report.sent > 1 =>
            {
                Ok(Withdrawn::Earlier)
            }
            Err(err) => Err(err),
        }
    }
}
