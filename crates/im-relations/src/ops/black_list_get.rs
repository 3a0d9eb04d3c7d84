//! `black_list_get`: an account's blocklist, a page at a time, as a stream.

use futures::{Stream, StreamExt, stream};
use im_client::Error;
use im_client::pages::Pages;
use im_proto::UserId;
use im_proto::sns::black_list_get::{BlackListItem, Request};

use crate::Client;

/// The most entries `black_list_get` answers per page (`MaxLimited`).
pub const BLACK_LIST_PAGE: i64 = 1000;

impl Client {
    /// The pages of `from`'s blocklist (`black_list_get`), 1000 entries a page: `StartIndex`
    /// 0, each next one at the answer's `StartIndex`, until it is 0.
    pub fn black_list_get(&self, from: &UserId) -> Pages<Request> {
        self.pages(Request::new(from.clone(), 0, BLACK_LIST_PAGE, 0))
    }

    /// `from`'s blocked accounts, one by one, read a page at a time.
    pub fn blocked(
        &self,
        from: &UserId,
    ) -> impl Stream<Item = Result<BlackListItem, Error>> + use<> {
        self.black_list_get(from).flat_map(|page| {
            let items: Vec<Result<BlackListItem, Error>> = match page {
                Ok(page) => page
                    .black_list_item
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
