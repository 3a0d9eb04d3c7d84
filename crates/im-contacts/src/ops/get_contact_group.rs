//! `get_contact_group`: an account's contact groups and its grouped or marked conversations, a
//! page at a time.

use im_client::pages::Pages;
use im_proto::UserId;
use im_proto::recentcontact::get_contact_group::Request;

use crate::Client;

impl Client {
    /// The pages of `from`'s contact groups and grouped or marked conversations
    /// (`get_contact_group`), from `StartIndex` 0, each next one at the answer's
    /// `NextStartIndex`, until `CompleteFlag` 1. Every page lists every group.
    pub fn get_contact_group(&self, from: &UserId) -> Pages<Request> {
        self.pages(Request::new(from.clone(), 0))
    }
}
