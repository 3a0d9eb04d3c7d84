//! `friend_get`: an account's friends, a page at a time, as a stream.

use futures::{Stream, StreamExt, stream};
use im_client::Error;
use im_client::pages::Pages;
use im_proto::UserId;
use im_proto::sns::friend_get::{Request, UserDataItem};

use crate::Client;

impl Client {
    /// The pages of `from`'s friend table (`friend_get`), from `StartIndex` 0, each next one
    /// at the answer's `NextStartIndex`, until `CompleteFlag`. The data versions
    /// (`StandardSequence`, `CustomSequence`) are not sent, so every page carries every field.
    pub fn friend_get(&self, from: &UserId) -> Pages<Request> {
        self.pages(Request::new(from.clone(), 0))
    }

    /// `from`'s friends with their fields, one by one, read a page at a time.
    pub fn friends(
        &self,
        from: &UserId,
    ) -> impl Stream<Item = Result<UserDataItem, Error>> + use<> {
        self.friend_get(from).flat_map(|page| {
            let items: Vec<Result<UserDataItem, Error>> = match page {
                Ok(page) => page
                    .user_data_item
                    .unwrap_or_default()
                    .into_iter()
                    .map(Ok)
                    .collect(),
                Err(err) => vec![Err(err)],
            };
            stream::iter(items)
        })
    }
}
