//! `search_contact_group`: the marks and groups of given conversations.

use im_client::Error;
use im_proto::UserId;
use im_proto::recentcontact::search_contact_group::{ContactItem, Request, Response};

use crate::{Client, Conversation};

impl Client {
    /// The marks and contact groups of `conversations` of `from` (`search_contact_group`): those
    /// that have any, and every group of the account.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for none or more than 300 conversations (checked before
    /// sending); as [`call`](im_client::Client::call).
    pub async fn search_contact_group(
        &self,
        from: &UserId,
        conversations: &[Conversation],
    ) -> Result<Response, Error> {
        let items = conversations
            .iter()
            .map(|c| {
                let mut item = ContactItem::new(c.kind());
                item.to_account = c.account_field();
                item.to_group_id = c.group_field();
                item
            })
            .collect();
        self.call(&Request::new(from.clone(), items)).await
    }
}
