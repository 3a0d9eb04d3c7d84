//! `batch_content_moderation`: texts and image URLs, 10 a call, one outcome per content.

use std::sync::Arc;

use im_client::{Error, Failure};
use im_proto::ErrorCode;
use im_proto::msg_audit::batch_content_moderation::{
    AuditResult, BatchContent, BatchContentType, Request,
};
use im_proto::msg_audit::content_moderation::check_content;

use crate::Client;
use crate::ops::{Judgement, invalid};

/// The most contents of one `batch_content_moderation` call (the page: "最多支持10个").
pub const MAX_BATCH_CONTENTS: usize = 10;

/// One content of [`Client::moderate_all`]: a text or an image's URL.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Content {
    /// A text.
    Text(String),
    /// An image's URL.
    Image(String),
}

impl Content {
    fn parts(&self) -> (BatchContentType, &str) {
        match self {
            Content::Text(text) => (BatchContentType::Text, text),
            Content::Image(url) => (BatchContentType::Image, url),
        }
    }
}

impl Client {
    /// Moderates every content under `audit_name`, as `batch_content_moderation` calls of 10
    /// in order: one outcome per content, in input order (the content's own code as
    /// [`Failure::Service`], a call that failed as [`Failure::Request`] for each of its
    /// contents, a content the answer left out as [`Failure::NoResult`]).
    ///
    /// # Errors
    ///
    /// Before anything is sent: an empty `audit_name` or a content empty or over 8 KB
    /// ([`Error::InvalidInput`], naming its position).
    pub async fn moderate_all(
        &self,
        audit_name: &str,
        contents: &[Content],
    ) -> Result<Vec<Result<Judgement, Failure>>, Error> {
        im_proto::msg_audit::content_moderation::check_audit_name(audit_name).map_err(invalid)?;
        for (i, content) in contents.iter().enumerate() {
            check_content(&format!("Contents[{i}].Content"), content.parts().1).map_err(invalid)?;
        }
        let mut outcomes = Vec::with_capacity(contents.len());
        for chunk in contents.chunks(MAX_BATCH_CONTENTS) {
            outcomes.extend(self.moderate_chunk(audit_name, chunk).await);
        }
        Ok(outcomes)
    }

    async fn moderate_chunk(
        &self,
        audit_name: &str,
        chunk: &[Content],
    ) -> Vec<Result<Judgement, Failure>> {
        let items = chunk
            .iter()
            .zip(0_i64..)
            .map(|(content, id)| {
                let (kind, text) = content.parts();
                BatchContent::new(id, kind, text)
            })
            .collect();
        let request = Request::new(audit_name, items);
        match self.call(&request).await {
            Ok(response) => {
                let results = response.audit_results.unwrap_or_default();
                (0_i64..)
                    .take(chunk.len())
                    .map(|id| outcome(results.iter().find(|r| r.content_id == Some(id))))
                    .collect()
            }
            Err(error) => {
                let error = Arc::new(error);
                chunk
                    .iter()
                    .map(|_| Err(Failure::Request(error.clone())))
                    .collect()
            }
        }
    }
}

/// One content's outcome from its result.
fn outcome(result: Option<&AuditResult>) -> Result<Judgement, Failure> {
    let result = result.ok_or(Failure::NoResult)?;
    let code = result.error_code.unwrap_or(0);
    if code != 0 {
        let code = ErrorCode::new(code);
        let info = result.error_info.as_deref().unwrap_or("");
        return Err(Failure::service(code, info));
    }
    let r = result.clone();
    Ok(Judgement::from_parts(
        r.request_id,
        r.result,
        r.score,
        r.label,
        r.keywords,
    ))
}
