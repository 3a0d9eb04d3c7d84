//! `get_joined_group_list`: the groups an account has joined, a page at a time, as a stream.

use futures::{Stream, StreamExt, stream};
use im_client::Error;
use im_client::pages::Pages;
use im_proto::UserId;
use im_proto::group::get_joined_group_list::{JoinedGroup, Request};

use crate::Client;

impl Client {
    /// The pages of the groups `request.member_account` has joined (`get_joined_group_list`),
    /// in the order joined: from `Offset` (0 when absent), each next page where the last
    /// ended, until `TotalCount` are read or a short page comes. `Limit` defaults to the
    /// service's (at most 5,000; [`Pages::with_page_size`] sets it); filters and `GroupType`
    /// are kept on every page.
    pub fn get_joined_group_list(&self, mut request: Request) -> Pages<Request> {
        request.offset.get_or_insert(0);
        self.pages(request)
    }

    /// The groups `account` has joined, one by one, with every base field, read a page at a
    /// time by [`Client::get_joined_group_list`].
    pub fn joined_groups(
        &self,
        account: &UserId,
    ) -> impl Stream<Item = Result<JoinedGroup, Error>> + use<> {
        self.get_joined_group_list(Request::new(account.clone()))
            .flat_map(|page| {
                let items: Vec<Result<JoinedGroup, Error>> = match page {
                    Ok(page) => page
                        .group_id_list
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
