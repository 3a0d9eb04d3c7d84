//! `add_cloud_audit_keywords`: words added to a library.

use im_client::Error;
use im_proto::msg_audit_mgr::add_cloud_audit_keywords::{Request, UserKeyword};

use crate::Client;
use crate::ops::{Keyword, sdk_app_id};

impl Client {
    /// Adds `words` to the library `lib_id` (`add_cloud_audit_keywords`) in one call; the next
    /// moderation sees them. No word may be empty and at least one is needed (checked before
    /// sending); the page names no maximum a call (2016 when the service finds too many).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn add_keywords(&self, lib_id: &str, words: Vec<Keyword>) -> Result<(), Error> {
        let words = words
            .into_iter()
            .map(|word| {
                let mut keyword = UserKeyword::new(word.content);
                keyword.label = word.label.map(|label| label.as_str().to_owned());
                keyword
            })
            .collect();
        let request = Request::new(sdk_app_id(self), lib_id, words);
        self.call(&request).await.map(|_| ())
    }
}
