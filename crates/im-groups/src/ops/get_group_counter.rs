//! `get_group_counter`: a group's counters, as signed 64-bit values.

use im_client::Error;
use im_proto::group::get_group_counter::Request;

use crate::Client;

impl Client {
    /// `group_id`'s counters as (key, value), all of them or those of `keys`
    /// (`get_group_counter`; a key the group does not have is not answered).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call) (10059 for an edition without group counters,
    /// 10007 for a community).
    pub async fn get_group_counter(
        &self,
        group_id: &str,
        keys: Option<&[String]>,
    ) -> Result<Vec<(String, i64)>, Error> {
        let mut request = Request::new(group_id);
        request.group_counter_keys = keys.map(<[String]>::to_vec);
        let response = self.call(&request).await?;
        Ok(response
            .group_counter
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.key, c.value))
            .collect())
    }
}
