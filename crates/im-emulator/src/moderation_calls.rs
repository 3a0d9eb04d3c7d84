//! What the content moderation handlers share: a request's own rules answered with the
//! service's codes, the `SdkAppId` the keyword APIs carry, the verdict of one content.

use im_proto::{Api, Endpoint, ErrorCode, ValidationRule};

use crate::exchange::Answer;
use crate::moderation::Moderation;
use crate::shared::Shared;

/// A moderation request's own rules (what a client checks before sending): 93000 for a content
/// over 8 KB, 60003 (invalid parameters, as the page's older revision lists it) otherwise.
pub(crate) fn checked_content<E: Endpoint>(api: Api, request: &E) -> Result<(), Answer> {
    request.validate().map_err(|err| {
        let code = if matches!(err.rule(), ValidationRule::ValueTooLong { .. }) {
            ErrorCode::MSG_AUDIT_CONTENT_TOO_LARGE
        } else {
            ErrorCode::BODY_JSON_INVALID
        };
        Answer::fail_for(api, code, err.to_string())
    })
}

/// A keyword request's own rules and its `SdkAppId` (this app's): 2003 otherwise.
pub(crate) fn checked_keywords<E: Endpoint>(
    shared: &Shared,
    api: Api,
    request: &E,
    sdk_app_id: i64,
) -> Result<(), Answer> {
    let invalid =
        |info: String| Answer::fail_for(api, ErrorCode::MSG_AUDIT_MGR_INVALID_PARAMETERS, info);
    request.validate().map_err(|err| invalid(err.to_string()))?;
    if u64::try_from(sdk_app_id).ok() != Some(shared.sdkappid) {
        return Err(invalid(format!(
            "SdkAppId {sdk_app_id} is not this app's ({})",
            shared.sdkappid
        )));
    }
    Ok(())
}

/// 2003 for a library `lib_id` the app does not have.
pub(crate) fn no_library(api: Api, lib_id: &str) -> Answer {
    let info = format!("LibID {lib_id:?} is not a keyword library of the app");
    Answer::fail_for(api, ErrorCode::MSG_AUDIT_MGR_INVALID_PARAMETERS, info)
}

/// Whether `content` may stand for a file: an `http://` or `https://` URL.
pub(crate) fn is_url(content: &str) -> bool {
    content.starts_with("https://") || content.starts_with("http://")
}

/// The refusal of a file content that is not a URL (60003).
pub(crate) fn not_a_url(api: Api, field: &str, content: &str) -> Answer {
    let shown: String = content.chars().take(32).collect();
    let info = format!("{field} {shown:?} must be the file's http(s) URL");
    Answer::fail_for(api, ErrorCode::BODY_JSON_INVALID, info)
}

/// A page of `items` from `offset`, at most `limit` long.
pub(crate) fn page<T: Clone>(items: &[T], offset: i64, limit: i64) -> Vec<T> {
    let from = usize::try_from(offset).unwrap_or(usize::MAX);
    let limit = usize::try_from(limit).unwrap_or(0);
    items.iter().skip(from).take(limit).cloned().collect()
}

/// Locks the moderation state.
pub(crate) fn state(shared: &Shared) -> parking_lot::MutexGuard<'_, Moderation> {
    shared.moderation.lock()
}
