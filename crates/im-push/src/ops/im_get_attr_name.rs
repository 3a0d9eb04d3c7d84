//! `im_get_attr_name`: the app's push attribute names.

use std::collections::BTreeMap;

use im_client::Error;
use im_proto::all_member_push::im_get_attr_name::Request;

use crate::Client;

impl Client {
    /// The app's attribute names by number (`im_get_attr_name`).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn im_get_attr_name(&self) -> Result<BTreeMap<String, String>, Error> {
        let response = self.call(&Request::default()).await?;
        Ok(response.attr_names.unwrap_or_default())
    }
}
