//! `set_group_attr`: a group's custom attributes written, checked against their limits first.

use im_client::Error;
use im_proto::group::set_group_attr::{AttrItem, Request};

use crate::Client;

impl Client {
    /// Makes `attrs` the whole of `group_id`'s custom attributes, the others removed (`set_group_attr`).
    ///
    /// Checked before sending: 1 to 16 attributes, keys of 1 to 32 bytes, values of at most
    /// 4000 bytes, at most 16000 together.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the attribute and the rule it breaks; as
    /// [`call`](im_client::Client::call) (10047 or 10048 for a group whose attributes would
    /// break the limits, 10049 past 5 attribute writes a second on the group).
    pub async fn set_group_attr<K, V>(
        &self,
        group_id: &str,
        attrs: impl IntoIterator<Item = (K, V)>,
    ) -> Result<(), Error>
    where
        K: Into<String>,
        V: Into<String>,
    {
        let items = attrs
            .into_iter()
            .map(|(key, value)| AttrItem::new(key, value))
            .collect();
        self.call(&Request::new(group_id, items)).await.map(|_| ())
    }
}
