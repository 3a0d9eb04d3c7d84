//! `delete_cloud_audit_keywords`: deletes words from a library (ASCII letters in either case),
//! one `Details` item per word given: `Deleted` true with its `KeywordID`, or false with the
//! reason; `Count` the words deleted. 2003 for more than 10 words, an unknown `LibID`, an empty
//! word or another app's `SdkAppId`.

use im_proto::Api;
use im_proto::msg_audit_mgr::delete_cloud_audit_keywords::{DeleteDetail, Request, Response};

use crate::exchange::{Answer, Route};
use crate::moderation_calls::{checked_keywords, no_library, state};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::DeleteCloudAuditKeywords;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(answer) = checked_keywords(shared, API, &request, request.sdk_app_id) {
        return answer;
    }
    let mut moderation = state(shared);
    let request_id = moderation.request_id();
    let Some(library) = moderation.library_mut(&request.lib_id) else {
        return no_library(API, &request.lib_id);
    };
    let mut details = Vec::with_capacity(request.keywords.len());
    for keyword in request.keywords {
        let key = keyword.to_ascii_lowercase();
        let found = library
            .words
            .iter()
            .position(|w| w.content.to_ascii_lowercase() == key);
        let mut detail = DeleteDetail::new();
        match found {
            Some(at) => {
                let word = library.words.remove(at);
                detail.keyword_id = Some(word.id);
                detail.deleted = Some(serde_json::Value::Bool(true));
                detail.error_info = Some(String::new());
            }
            None => {
                detail.keyword_id = Some(String::new());
                detail.deleted = Some(serde_json::Value::Bool(false));
                detail.error_info = Some("the library has no such word".to_owned());
            }
        }
        detail.keyword = Some(keyword);
        details.push(detail);
    }
    drop(moderation);
    let deleted = details
        .iter()
        .filter(|d| d.deleted == Some(serde_json::Value::Bool(true)))
        .count();
    ok::<Response>(|r| {
        r.request_id = Some(request_id);
        r.details = Some(details);
        r.count = Some(i64::try_from(deleted).unwrap_or(i64::MAX));
    })
}
