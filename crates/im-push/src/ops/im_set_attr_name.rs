//! `im_set_attr_name`: names the app's push attributes.

use std::collections::BTreeMap;

use im_client::Error;
use im_proto::all_member_push::im_set_attr_name::Request;

use crate::Client;

impl Client {
    /// Names attributes by number, `"0"` to `"9"` (`im_set_attr_name`); a number named again
    /// is renamed.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for no name, another number, or a name of 0 or more than 50
    /// bytes; otherwise as [`call`](im_client::Client::call).
    pub async fn im_set_attr_name(&self, names: BTreeMap<String, String>) -> Result<(), Error> {
        self.call(&Request::new(names)).await.map(|_| ())
    }
}
