//! `getappinfo`: the app's operations data.

use im_client::Error;
use im_proto::openconfig::getappinfo::{DayInfo, Request};

use crate::Client;

impl Client {
    /// The app's operations data of the last 30 days (`getappinfo`), one [`DayInfo`] a day:
    /// the fields named in `fields`, or every field when it is empty.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn getappinfo(&self, fields: &[&str]) -> Result<Vec<DayInfo>, Error> {
        let mut request = Request::new();
        if !fields.is_empty() {
            request.request_field = Some(fields.iter().map(|f| (*f).to_owned()).collect());
        }
        Ok(self.call(&request).await?.result.unwrap_or_default())
    }
}
