//! `group_get`: an account's friend lists.

use im_client::Error;
use im_proto::UserId;
use im_proto::sns::group_get::{NeedFriend, Request, ResultItem};

use crate::Client;

impl Client {
    /// `from`'s friend lists with their friend counts (`group_get`), and their friends when
    /// `with_friends`.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn group_get(
        &self,
        from: &UserId,
        with_friends: bool,
    ) -> Result<Vec<ResultItem>, Error> {
        let mut request = Request::new(from.clone());
        request.need_friend = with_friends.then_some(NeedFriend::Yes);
        Ok(self.call(&request).await?.result_item.unwrap_or_default())
    }
}
