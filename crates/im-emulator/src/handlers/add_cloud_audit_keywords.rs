//! `add_cloud_audit_keywords`: adds words to a library, each with its label; a word the
//! library already holds (ASCII letters in either case) takes the new label and keeps its ID.
//! The next moderation sees them. 2003 for an unknown `LibID`, no words, an empty word or
//! another app's `SdkAppId`.

use im_proto::Api;
use im_proto::msg_audit_mgr::add_cloud_audit_keywords::{Request, Response};

use crate::exchange::{Answer, Route};
use crate::moderation::{Word, china_time};
use crate::moderation_calls::{checked_keywords, no_library, state};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::AddCloudAuditKeywords;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(answer) = checked_keywords(shared, API, &request, request.sdk_app_id) {
        return answer;
    }
    let now = china_time(shared.clock.now());
    let mut moderation = state(shared);
    if moderation.library_mut(&request.lib_id).is_none() {
        return no_library(API, &request.lib_id);
    }
    for keyword in request.user_keywords {
        let label = keyword.label;
        let id = moderation.word_id();
        let Some(library) = moderation.library_mut(&request.lib_id) else {
            break;
        };
        let key = keyword.content.to_ascii_lowercase();
        match library
            .words
            .iter_mut()
            .find(|w| w.content.to_ascii_lowercase() == key)
        {
            Some(existing) => existing.label = label,
            None => library.words.push(Word {
                id,
                content: keyword.content,
                label,
                create_time: now.clone(),
            }),
        }
    }
    let request_id = moderation.request_id();
    drop(moderation);
    ok::<Response>(|r| r.request_id = Some(request_id))
}
