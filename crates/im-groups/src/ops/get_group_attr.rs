//! `get_group_attr`: a group's custom attributes (served under `v4/group_open_attr_http_svc/`).

use im_client::Error;
use im_proto::group_attr::get_group_attr::Request;

use crate::Client;

impl Client {
    /// Every custom attribute of `group_id` as (key, value), in the service's order
    /// (`get_group_attr`).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call) (10010 for a group that does not exist).
    pub async fn get_group_attr(&self, group_id: &str) -> Result<Vec<(String, String)>, Error> {
        let response = self.call(&Request::new(group_id)).await?;
        Ok(response
            .group_attr_ary
            .unwrap_or_default()
            .into_iter()
            .map(|item| (item.key, item.value))
            .collect())
    }
}
