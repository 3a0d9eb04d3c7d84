//! `get_group_ban_member`: the members banned now, a page at a time, as a stream.

use futures::{Stream, StreamExt, stream};
use im_client::Error;
use im_client::pages::Pages;
use im_proto::group::get_group_ban_member::{BannedAccount, Request};

use crate::Client;

impl Client {
    /// The pages of the accounts banned from `group_id` now (`get_group_ban_member`), in the
    /// order banned: `Offset` 0, each next page at the answer's `NextOffset`, until it is 0.
    pub fn get_group_ban_member(&self, group_id: &str) -> Pages<Request> {
        self.pages(Request::new(group_id, 0))
    }

    /// The accounts banned from `group_id` now, one by one, read a page at a time.
    pub fn banned_members(
        &self,
        group_id: &str,
    ) -> impl Stream<Item = Result<BannedAccount, Error>> + use<> {
        self.get_group_ban_member(group_id).flat_map(|page| {
            let items: Vec<Result<BannedAccount, Error>> = match page {
                Ok(page) => page
                    .banned_account_list
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
