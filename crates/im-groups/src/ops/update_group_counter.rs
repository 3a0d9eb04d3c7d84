//! `update_group_counter`: a group's counters set, increased or decreased.

use im_client::Error;
use im_proto::group::update_group_counter::{CounterItem, CounterMode, Request};

use crate::Client;

impl Client {
    /// Applies `counters` to `group_id`'s counters as `mode` says: [`CounterMode::Set`] sets
    /// each, [`CounterMode::Increase`] and [`CounterMode::Decrease`] add or subtract the value
    /// (a missing counter starting from 0) (`update_group_counter`). Gives the updated counters'
    /// values where the service answers them (empty otherwise).
    ///
    /// Checked before sending: 1 to 20 counters, keys of 1 to 128 bytes. Never sent again after
    /// an ambiguous failure (an increase would count twice).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the key and the rule it breaks; as
    /// [`call`](im_client::Client::call) (10063 for a group that would hold more than 20
    /// counters, 10059 for an edition without group counters).
    pub async fn update_group_counter<K: Into<String>>(
        &self,
        group_id: &str,
        mode: CounterMode,
        counters: impl IntoIterator<Item = (K, i64)>,
    ) -> Result<Vec<(String, i64)>, Error> {
        let items = counters
            .into_iter()
            .map(|(key, value)| CounterItem::new(key, value))
            .collect();
        let response = self.call(&Request::new(group_id, items, mode)).await?;
        Ok(response
            .group_counter
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.key, c.value))
            .collect())
    }
}
