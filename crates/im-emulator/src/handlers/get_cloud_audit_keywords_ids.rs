//! `get_cloud_audit_keywords_ids`: the app's keyword libraries, a page from `Offset` of at
//! most `Limit` (1 to 100), with their total. 2003 for a request breaking the page's rules or
//! another app's `SdkAppId`.

use im_proto::Api;
use im_proto::msg_audit_mgr::get_cloud_audit_keywords_ids::{LibraryInfo, Request, Response};

use crate::exchange::{Answer, Route};
use crate::moderation_calls::{checked_keywords, page, state};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetCloudAuditKeywordsIds;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(answer) = checked_keywords(shared, API, &request, request.sdk_app_id) {
        return answer;
    }
    let moderation = state(shared);
    let total = moderation.libraries.len();
    let infos: Vec<LibraryInfo> = page(&moderation.libraries, request.offset, request.limit)
        .into_iter()
        .map(|library| {
            let mut info = LibraryInfo::new();
            info.id = Some(library.id);
            info.lib_name = Some(library.name);
            info.describe = Some(String::new());
            info.create_time = Some(library.create_time);
            info.suggestion = Some(library.advice.as_str().to_owned());
            info
        })
        .collect();
    drop(moderation);
    ok::<Response>(|r| {
        r.request_id = Some(String::new());
        r.total_count = Some(i64::try_from(total).unwrap_or(i64::MAX));
        r.infos = Some(infos);
    })
}
