//! `get_cloud_audit_keywords_ids`: the app's keyword libraries.

use im_client::Error;
use im_proto::msg_audit_mgr::get_cloud_audit_keywords_ids::{LibraryInfo, Request, Response};

use crate::Client;
use crate::ops::{PAGE, sdk_app_id};

impl Client {
    /// One page of the app's keyword libraries (`get_cloud_audit_keywords_ids`): from
    /// `offset`, at most `limit` (1 to 100, checked before sending).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn get_cloud_audit_keywords_ids(
        &self,
        offset: i64,
        limit: i64,
    ) -> Result<Response, Error> {
        let request = Request::new(sdk_app_id(self), offset, limit);
        self.call(&request).await
    }

    /// Every keyword library of the app, read 100 a page until `TotalCount` are read or a
    /// page comes back empty.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call), for the first page that fails.
    pub async fn libraries(&self) -> Result<Vec<LibraryInfo>, Error> {
        let mut all = Vec::new();
        loop {
            let offset = i64::try_from(all.len()).unwrap_or(i64::MAX);
            let page = self.get_cloud_audit_keywords_ids(offset, PAGE).await?;
            let total = page.total_count.unwrap_or(0);
            let infos = page.infos.unwrap_or_default();
            let empty = infos.is_empty();
            all.extend(infos);
            if empty || i64::try_from(all.len()).unwrap_or(i64::MAX) >= total {
                return Ok(all);
            }
        }
    }
}
