//! Reading a group message's extension key/values, every page of them.

use im_client::Error;
use im_proto::msgext::get_key_values::Extension;
use im_proto::msgext::group_get_key_values::Request;

use super::get_key_values::{Extensions, Page, read_pages};
use crate::Client;

impl Client {
    /// Every extension key/value of the message `msg_seq` of the group `group_id`
    /// (`group_get_key_values`), page after page, as [`Client::get_key_values`] reads a
    /// one-to-one message's (the same [`Extensions`]).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call) (23004: no such message; 10008: an edition without
    /// message extensions); [`Error::Decode`] when the pages do not move on.
    pub async fn group_get_key_values(
        &self,
        group_id: &str,
        msg_seq: u32,
    ) -> Result<Extensions, Error> {
        let request = Request::new(group_id, msg_seq);
        read_pages("group_get_key_values", |start_seq| {
            let mut request = request.clone();
            request.start_seq = start_seq;
            async move {
                let page = self.call(&request).await?;
                let list = page.extension_list.unwrap_or_default().into_iter();
                Ok(Page {
                    list: list
                        .map(|e| Extension::new(e.key, e.value, e.seq))
                        .collect(),
                    latest_seq: page.latest_seq,
                    clear_seq: page.clear_seq,
                    complete: page.complete_flag != Some(false),
                })
            }
        })
        .await
    }
}
