//! `get_group_member_info`: a group's members, a page at a time, as a stream: by `Offset`,
//! and for a community by its string `Next`.

use futures::{Stream, StreamExt, stream};
use im_client::Error;
use im_client::pages::Pages;
use im_proto::group::get_group_member_info::{MemberItem, Request};
use im_proto::group_types::GroupId;

use crate::Client;

/// The members a page asks for (the declared `Limit` maximum).
pub const MEMBER_PAGE: u64 = 200;

/// The members a page of a community asks for (its page's maximum with the `Next` cursor).
pub const COMMUNITY_MEMBER_PAGE: u64 = 100;

impl Client {
    /// The pages of the members of `group_id` (`get_group_member_info`), in the order they
    /// joined: from `Offset` 0, [`MEMBER_PAGE`] a page, each next page where the last ended,
    /// until a short or empty page; for a community (an ID starting `@TGS#_`), from `Next`
    /// `""`, [`COMMUNITY_MEMBER_PAGE`] a page, each next page at the answer's `Next`, until it
    /// is empty. Filters can be set on `request` with [`Client::group_member_pages`].
    pub fn get_group_member_info(&self, group_id: &str) -> Pages<Request> {
        self.group_member_pages(Request::new(group_id))
    }

    /// [`Client::get_group_member_info`] from a request of the caller's (its filters kept):
    /// its `Limit`, `Offset` and `Next` set as there unless already given.
    pub fn group_member_pages(&self, mut request: Request) -> Pages<Request> {
        let community = GroupId::new(request.group_id.as_str()).is_ok_and(|g| g.is_community());
        if community {
            request.next.get_or_insert_with(String::new);
            request.limit.get_or_insert(COMMUNITY_MEMBER_PAGE);
        } else {
            request.offset.get_or_insert(0);
            request.limit.get_or_insert(MEMBER_PAGE);
        }
        self.pages(request)
    }

    /// The members of `group_id`, one by one, read a page at a time by
    /// [`Client::get_group_member_info`].
    pub fn group_members(
        &self,
        group_id: &str,
    ) -> impl Stream<Item = Result<MemberItem, Error>> + use<> {
        self.get_group_member_info(group_id).flat_map(|page| {
            let items: Vec<Result<MemberItem, Error>> = match page {
                Ok(page) => page
                    .member_list
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
