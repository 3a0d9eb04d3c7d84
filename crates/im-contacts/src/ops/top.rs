//! `top`: conversations pinned or unpinned.

use im_client::Error;
use im_proto::UserId;
use im_proto::recentcontact::top::{RecentContactItem, Request};

use crate::{Client, Conversation};

impl Client {
    /// Pins (`pin`: `OperationType` 1) or unpins (2) `conversations` of `from` (`top`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for no conversation; as [`call`](im_client::Client::call).
    pub async fn top(
        &self,
        from: &UserId,
        conversations: &[Conversation],
        pin: bool,
    ) -> Result<(), Error> {
        if conversations.is_empty() {
            return Err(Error::invalid(
                "top needs at least one conversation: none given",
            ));
        }
        let items = conversations
            .iter()
            .map(|c| {
                let mut item = RecentContactItem::new(c.kind());
                item.to_account = c.account_field();
                item.group_id = c.group_field();
                item
            })
            .collect();
        let operation = if pin { 1 } else { 2 };
        let request = Request::new(from.clone(), operation, items);
        self.call(&request).await.map(|_| ())
    }
}
