//! `delete_cloud_audit_keywords`: words deleted from a library, 10 a call.

use im_client::{Error, Failure};
use im_proto::msg_audit_mgr::delete_cloud_audit_keywords::{DeleteDetail, Request};
use serde_json::Value;

use crate::Client;
use crate::ops::sdk_app_id;

/// The most words of one `delete_cloud_audit_keywords` call (the page: 10).
pub const MAX_DELETE_WORDS: usize = 10;

/// What the service did with one word to delete (`Details[]`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Deletion {
    /// `KeywordID`: the word's ID in the library (empty when it was not there).
    pub keyword_id: String,
    /// `Deleted`: whether it was deleted.
    pub deleted: bool,
    /// `ErrorInfo`: why not.
    pub error_info: String,
}

impl Client {
    /// Deletes `words` from the library `lib_id`, as `delete_cloud_audit_keywords` calls of 10
    /// in order: one outcome per word, in input order (what the service did with it, deleted or
    /// not and why, as a [`Deletion`]; a call that failed as
    /// [`Failure::Request`] for each of its words, a word the answer left out as
    /// [`Failure::NoResult`]).
    ///
    /// # Errors
    ///
    /// Before anything is sent: an empty `lib_id` or an empty word ([`Error::InvalidInput`]).
    pub async fn delete_keywords(
        &self,
        lib_id: &str,
        words: &[String],
    ) -> Result<Vec<Result<Deletion, Failure>>, Error> {
        let mut outcomes = Vec::with_capacity(words.len());
        for chunk in words.chunks(MAX_DELETE_WORDS) {
            let request = Request::new(sdk_app_id(self), lib_id, chunk.to_vec());
            im_proto::Endpoint::validate(&request).map_err(crate::ops::invalid)?;
        }
        for chunk in words.chunks(MAX_DELETE_WORDS) {
            let request = Request::new(sdk_app_id(self), lib_id, chunk.to_vec());
            match self.call(&request).await {
                Ok(response) => {
                    let details = response.details.unwrap_or_default();
                    outcomes.extend(chunk.iter().map(|word| outcome(&details, word)));
                }
                Err(error) => {
                    let error = std::sync::Arc::new(error);
                    outcomes.extend(chunk.iter().map(|_| Err(Failure::Request(error.clone()))));
                }
            }
        }
        Ok(outcomes)
    }
}

/// One word's outcome from the answer's `Details`.
fn outcome(details: &[DeleteDetail], word: &str) -> Result<Deletion, Failure> {
    let detail = details
        .iter()
        .find(|d| d.keyword.as_deref() == Some(word))
        .ok_or(Failure::NoResult)?;
    let deleted = match &detail.deleted {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        _ => false,
    };
    Ok(Deletion {
        keyword_id: detail.keyword_id.clone().unwrap_or_default(),
        deleted,
        error_info: detail.error_info.clone().unwrap_or_default(),
    })
}
