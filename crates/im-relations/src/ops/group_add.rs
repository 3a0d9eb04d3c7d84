//! `group_add`: new friend lists, with friends put into them.

use im_client::{Error, Failure};
use im_proto::sns::group_add::Request;
use im_proto::{Endpoint, UserId};

use super::{ItemOutcome, zip};
use crate::Client;

impl Client {
    /// Creates up to 32 friend lists of `from` (`group_add`) and puts `friends` (up to 1000)
    /// into all of them: one outcome per friend (one that is not a friend fails with 32216).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for more than 1000 friends; 30001 for an existing name, 30011
    /// past 32 lists; otherwise as [`call`](im_client::Client::call).
    pub async fn group_add(
        &self,
        from: &UserId,
        names: &[&str],
        friends: &[UserId],
    ) -> Result<Vec<ItemOutcome<()>>, Error> {
        let mut request = Request::new(
            from.clone(),
            names.iter().map(|n| (*n).to_owned()).collect(),
        );
        request.to_account = (!friends.is_empty()).then(|| friends.to_vec());
        let response = self.call(&request).await?;
        let items = response.result_item.as_deref().unwrap_or_default();
        let read = super::coded(|i: &im_proto::sns::group_add::ResultItem| {
            im_client::results::ItemResult::new(&i.to_account)
                .with_code(i.result_code, &i.result_info)
        });
        let keys = friends.iter().map(UserId::as_str);
        let mapping = im_client::results::declared(&Request::METADATA);
        let results = im_client::results::map_with(mapping, keys, items, read, |item| {
            item.map(|_| ()).ok_or(Failure::NoResult)
        });
        Ok(zip(friends, results))
    }
}
