//! `delete`: a conversation taken out of an account's list, with or without its history.

use im_client::Error;
use im_proto::UserId;
use im_proto::recentcontact::delete::Request;

use crate::{Client, Conversation};

impl Client {
    /// Deletes `conversation` from `from`'s list (`delete`); `clear_history` also clears
    /// `from`'s roaming messages of it (`ClearRamble` 1). A group conversation is sent as
    /// `ToGroupid`, the page's spelling.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call): 50001 for an account not imported.
    pub async fn delete(
        &self,
        from: &UserId,
        conversation: &Conversation,
        clear_history: bool,
    ) -> Result<(), Error> {
        let mut request = Request::new(from.clone(), conversation.kind());
        request.to_account = conversation.account_field();
        request.to_groupid = conversation.group_field();
        request.clear_ramble = Some(clear_history);
        self.call(&request).await.map(|_| ())
    }
}
