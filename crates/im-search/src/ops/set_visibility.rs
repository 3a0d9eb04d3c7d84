//! `set_visibility`: hides a user, a group or a group member from cloud search, or shows it
//! again.

use im_client::Error;
use im_proto::UserId;
use im_proto::open_search::set_visibility::Request;

use crate::Client;
use crate::ops::in_search_region;

impl Client {
    /// Sends `set_visibility` as given (its `SetType` and identifiers are checked before
    /// sending, and the client's region).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a region without cloud search, [`Error::InvalidInput`] for a
    /// request breaking the page's rules, or the call's error.
    pub async fn set_visibility(&self, request: Request) -> Result<(), Error> {
        in_search_region(self)?;
        self.call(&request).await.map(|_| ())
    }

    /// Hides `user` from user search (`hidden` true) or shows it again (false).
    ///
    /// # Errors
    ///
    /// As [`Client::set_visibility`].
    pub async fn hide_user(&self, user: &UserId, hidden: bool) -> Result<(), Error> {
        self.set_visibility(Request::user(user.clone(), hidden))
            .await
    }

    /// Hides the group `group_id` from group search (`hidden` true) or shows it again.
    ///
    /// # Errors
    ///
    /// As [`Client::set_visibility`].
    pub async fn hide_group(&self, group_id: &str, hidden: bool) -> Result<(), Error> {
        self.set_visibility(Request::group(group_id, hidden)).await
    }

    /// Hides `member` of the group `group_id` from group member search (`hidden` true) or
    /// shows it again.
    ///
    /// # Errors
    ///
    /// As [`Client::set_visibility`].
    pub async fn hide_member(
        &self,
        group_id: &str,
        member: &UserId,
        hidden: bool,
    ) -> Result<(), Error> {
        let request = Request::member(group_id, member.clone(), hidden);
        self.set_visibility(request).await
    }
}
