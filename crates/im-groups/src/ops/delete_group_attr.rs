//! `delete_group_attr`: some custom attributes of a group removed, by key.

use im_client::Error;
use im_proto::group::delete_group_attr::{AttrKey, Request};

use crate::Client;

impl Client {
    /// Removes the attributes `keys` of `group_id` (`delete_group_attr`); checked before
    /// sending: 1 to 16 keys of 1 to 32 bytes.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the key and the rule it breaks; as
    /// [`call`](im_client::Client::call) (10050 for a key the group does not have, nothing
    /// removed).
    pub async fn delete_group_attr(
        &self,
        group_id: &str,
        keys: impl IntoIterator<Item = impl Into<String>>,
    ) -> Result<(), Error> {
        let keys = keys.into_iter().map(AttrKey::new).collect();
        self.call(&Request::new(group_id, keys)).await.map(|_| ())
    }
}
