//! `get_cloud_audit_keywords`: a library's words.

use im_client::Error;
use im_proto::msg_audit_mgr::get_cloud_audit_keywords::{KeywordInfo, Request, Response};

use crate::Client;
use crate::ops::{PAGE, sdk_app_id};

impl Client {
    /// One page of the words of the library `lib_id` (`get_cloud_audit_keywords`): from
    /// `offset`, at most `limit` (1 to 100, checked before sending), those matching `filter`
    /// when it is given and not empty (the service's fuzzy match).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn get_cloud_audit_keywords(
        &self,
        lib_id: &str,
        filter: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> Result<Response, Error> {
        let mut request = Request::new(sdk_app_id(self), offset, limit, lib_id);
        request.content = filter.map(str::to_owned);
        self.call(&request).await
    }

    /// Every word of the library `lib_id` (matching `filter` when given), read 100 a page
    /// until `TotalCount` are read or a page comes back empty.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call), for the first page that fails.
    pub async fn keywords(
        &self,
        lib_id: &str,
        filter: Option<&str>,
    ) -> Result<Vec<KeywordInfo>, Error> {
        let mut all = Vec::new();
        loop {
            let offset = i64::try_from(all.len()).unwrap_or(i64::MAX);
            let page = self
                .get_cloud_audit_keywords(lib_id, filter, offset, PAGE)
                .await?;
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
