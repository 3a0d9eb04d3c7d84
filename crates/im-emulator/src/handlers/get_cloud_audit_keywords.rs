//! `get_cloud_audit_keywords`: a library's words, those containing `Content` when it is not
//! empty (ASCII letters in either case), a page from `Offset` of at most `Limit` (1 to 100),
//! with the number matched. 2003 for an unknown `LibID`, a request breaking the page's rules
//! or another app's `SdkAppId`.

use im_proto::Api;
use im_proto::msg_audit_mgr::get_cloud_audit_keywords::{KeywordInfo, Request, Response};

use crate::exchange::{Answer, Route};
use crate::moderation_calls::{checked_keywords, no_library, page, state};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetCloudAuditKeywords;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(answer) = checked_keywords(shared, API, &request, request.sdk_app_id) {
        return answer;
    }
    let mut moderation = state(shared);
    let request_id = moderation.request_id();
    let Some(library) = moderation.library_mut(&request.lib_id) else {
        return no_library(API, &request.lib_id);
    };
    let needle = request
        .content
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    let matched: Vec<_> = library
        .words
        .iter()
        .filter(|w| w.content.to_ascii_lowercase().contains(&needle))
        .cloned()
        .collect();
    let infos: Vec<KeywordInfo> = page(&matched, request.offset, request.limit)
        .into_iter()
        .map(|word| {
            let mut info = KeywordInfo::new();
            info.id = Some(word.id);
            info.content = Some(word.content);
            info.create_time = Some(word.create_time);
            info
        })
        .collect();
    drop(moderation);
    ok::<Response>(|r| {
        r.request_id = Some(request_id);
        r.total_count = Some(i64::try_from(matched.len()).unwrap_or(i64::MAX));
        r.infos = Some(infos);
    })
}
