//! `follow_get_info`: follower, following and mutual-follow counts.

use im_client::{Error, Failure};
use im_proto::follow::follow_get_info::{FollowInfo, Request};
use im_proto::{Endpoint, UserId};

use super::{ItemOutcome, zip};
use crate::Client;

/// The follow counts of one account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FollowCounts {
    /// Its followers.
    pub followers: i64,
    /// The users it follows.
    pub following: i64,
    /// The users it follows that follow it.
    pub mutual: i64,
}

impl Client {
    /// The follow counts of up to 20 accounts (`follow_get_info`), asked by `from`: one
    /// outcome per account.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 20 accounts; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn follow_get_info(
        &self,
        from: &UserId,
        to: &[UserId],
    ) -> Result<Vec<ItemOutcome<FollowCounts>>, Error> {
        let response = self.call(&Request::new(from.clone(), to.to_vec())).await?;
        let items = response.follow_info.as_deref().unwrap_or_default();
        let read = super::coded(|i: &FollowInfo| {
            im_client::results::ItemResult::new(&i.to_account)
                .with_code(i.result_code, &i.result_info)
        });
        let mapping = im_client::results::declared(&Request::METADATA);
        let keys = to.iter().map(UserId::as_str);
        let results = im_client::results::map_with(mapping, keys, items, read, |item| {
            item.map(|i| FollowCounts {
                followers: i.follower_count,
                following: i.following_count,
                mutual: i.mutual_following_count,
            })
            .ok_or(Failure::NoResult)
        });
        Ok(zip(to, results))
    }
}
