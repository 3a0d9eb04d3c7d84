//! `get_group_info`: the profiles of groups, 50 a call, and of any number of groups in chunks
//! of 50, each chunk whose answer would pass 1 MB (10018) asked again in halves.

use std::collections::VecDeque;
use std::sync::Arc;

use futures::{Stream, StreamExt, stream};
use im_client::results::{self, ItemResult};
use im_client::{Error, Failure};
use im_proto::group::get_group_info::{GroupInfoItem, Request, ResponseFilter};
use im_proto::{Endpoint, ErrorCode};

use super::{ItemOutcome, coded, zip};
use crate::Client;

/// The most groups one `get_group_info` call asks for (the declared `GroupIdList` maximum).
pub const GROUP_INFO_CHUNK: usize = 50;

impl Client {
    /// The profiles of up to 50 groups (`get_group_info`): one outcome per requested ID, the
    /// group's [`GroupInfoItem`] or its own failure (10010 no such group, 10015 an ID no group
    /// can have).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 50 IDs; otherwise as
    /// [`call`](im_client::Client::call) (10018: the answer would pass 1 MB, see
    /// [`Client::groups_info`]).
    pub async fn get_group_info(
        &self,
        request: &Request,
    ) -> Result<Vec<ItemOutcome<GroupInfoItem>>, Error> {
        let response = self.call(request).await?;
        let items = response.group_info.as_deref().unwrap_or_default();
        let read = coded(|i: &GroupInfoItem| {
            ItemResult::new(&i.group_id).with_code(i.error_code, &i.error_info)
        });
        let ids = request.group_id_list.iter().map(String::as_str);
        let mapped = results::map_with(
            results::declared(&Request::METADATA),
            ids,
            items,
            read,
            |item| item.cloned().ok_or(Failure::NoResult),
        );
        Ok(zip(request.group_id_list.iter().cloned(), mapped))
    }

    /// The profiles of any number of groups, one outcome per ID in input order, asked
    /// [`GROUP_INFO_CHUNK`] at a time with `filter` (none: every field). A chunk the service
    /// refuses because its answer would pass 1 MB (10018) is asked again in halves, until
    /// each part passes or holds one ID (then that ID fails with 10018). Another refusal of a
    /// call fails each of its IDs with that error.
    pub fn groups_info<I>(
        &self,
        ids: I,
        filter: Option<ResponseFilter>,
    ) -> impl Stream<Item = ItemOutcome<GroupInfoItem>> + Send + use<I>
    where
        I: IntoIterator<Item = String>,
        I::IntoIter: Send + 'static,
    {
        let client = self.clone();
        let chunks = chunked(ids.into_iter(), GROUP_INFO_CHUNK);
        stream::iter(chunks)
            .then(move |chunk| {
                let client = client.clone();
                let filter = filter.clone();
                async move { client.info_in_halves(chunk, filter).await }
            })
            .flat_map(stream::iter)
    }

    /// One chunk's outcomes, a part answered 10018 split in halves (a work queue, in order).
    async fn info_in_halves(
        &self,
        chunk: Vec<String>,
        filter: Option<ResponseFilter>,
    ) -> Vec<ItemOutcome<GroupInfoItem>> {
        let mut out = Vec::with_capacity(chunk.len());
        let mut parts = VecDeque::from([chunk]);
        while let Some(part) = parts.pop_front() {
            let mut request = Request::new(part);
            request.response_filter.clone_from(&filter);
            match self.get_group_info(&request).await {
                Ok(outcomes) => out.extend(outcomes),
                Err(err)
                    if err.error_code() == Some(ErrorCode::GROUP_REPLY_TOO_LARGE)
                        && request.group_id_list.len() > 1 =>
                {
                    let mut first = request.group_id_list;
                    let second = first.split_off(first.len() / 2);
                    parts.push_front(second);
                    parts.push_front(first);
                }
                Err(err) => {
                    let failure = Failure::Request(Arc::new(err));
                    let ids = request.group_id_list;
                    let failed = ids.iter().map(|_| Err(failure.clone())).collect();
                    out.extend(zip(ids, failed));
                }
            }
        }
        out
    }
}

/// `items` in vectors of `size`, lazily.
fn chunked<I: Iterator>(mut items: I, size: usize) -> impl Iterator<Item = Vec<I::Item>> {
    std::iter::from_fn(move || {
        let chunk: Vec<I::Item> = items.by_ref().take(size).collect();
        (!chunk.is_empty()).then_some(chunk)
    })
}
