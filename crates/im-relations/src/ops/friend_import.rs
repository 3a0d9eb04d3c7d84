//! `friend_import`: one-way friends with their data, 1000 a call, and the bulk import of
//! pairs.

use im_client::bulk::{Batch, BulkOperation};
use im_client::{Error, Failure};
use im_proto::sns::friend_import::{CustomItem, ImportFriendItem, Request, Response};
use im_proto::{Endpoint, ErrorCode, Metadata, UserId};

use super::{ItemOutcome, PairItem, Success, by_from, fail_n, map_items, targets, zip};
use crate::Client;

/// The `AddSource` of an imported pair that names none.
pub const IMPORT_ADD_SOURCE: &str = "AddSource_Type_Import";

impl Client {
    /// Imports up to 1000 one-way friends of `request.from_account` (`friend_import`): one
    /// outcome per item, [`Success::Imported`], or [`Success::AlreadyThere`] for a friend
    /// the table already holds (the service's 30001).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 1000 items; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn friend_import(
        &self,
        request: &Request,
    ) -> Result<Vec<ItemOutcome<Success>>, Error> {
        let response = self.call(request).await?;
        let to: Vec<UserId> = request
            .add_friend_item
            .iter()
            .map(|i| i.to_account.clone())
            .collect();
        Ok(zip(&to, map_import(&to, &response)))
    }
}

/// One outcome per imported account: 30001 is "already there".
fn map_import(to: &[UserId], response: &Response) -> Vec<Result<Success, Failure>> {
    let items = response.result_item.as_deref().unwrap_or_default();
    map_items(
        &Request::METADATA,
        to,
        items,
        |i| (i.to_account.as_str(), i.result_code, i.result_info.as_str()),
        |code| code == ErrorCode::SNS_INVALID_PARAMETERS,
        |item| match item {
            Some(i) if i.result_code == ErrorCode::SNS_INVALID_PARAMETERS => {
                Ok(Success::AlreadyThere)
            }
            Some(_) => Ok(Success::Imported),
            None => Err(Failure::NoResult),
        },
    )
}

/// The import item of a pair.
fn import_item(item: &PairItem) -> ImportFriendItem {
    let pair = &item.pair;
    let source = pair.add_source.as_deref().unwrap_or(IMPORT_ADD_SOURCE);
    let mut out = ImportFriendItem::new(item.to.clone(), source);
    out.remark.clone_from(&pair.remark);
    out.add_wording.clone_from(&pair.add_wording);
    out.add_time = pair.add_time;
    if !pair.group_name.is_empty() {
        out.group_name = Some(pair.group_name.clone());
    }
    if !pair.custom.is_empty() {
        let custom = pair
            .custom
            .iter()
            .map(|(t, v)| CustomItem::new(t.clone(), v.clone()));
        out.custom_item = Some(custom.collect());
    }
    out
}

/// The bulk import of friend pairs (`friend_import`): one call per `From_Account` of each chunk
/// of at most 1000 pairs; each success [`Success::Imported`] or [`Success::AlreadyThere`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FriendImport;

impl BulkOperation for FriendImport {
    pair_operation!();

    fn metadata(&self) -> &'static Metadata {
        const { &Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "import"
    }

    async fn send(&self, batch: &Batch<'_, PairItem>) -> Vec<Result<Success, Failure>> {
        by_from(batch, |from, idx| async move {
            let items = idx
                .iter()
                .map(|&i| import_item(&batch.items()[i]))
                .collect();
            match batch.call(&Request::new(from, items)).await {
                (Ok(response), _) => map_import(&targets(batch, &idx), &response),
                (Err(failure), _) => fail_n(idx.len(), failure),
            }
        })
        .await
    }
}
