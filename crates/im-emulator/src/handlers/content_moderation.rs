//! `content_moderation`: a text or an image's URL judged at once against the keyword
//! libraries (a text containing a library's word gets that library's `Block` or `Review`, with
//! the word's label and the hit words; otherwise `Pass`, score 0, `Normal`); an audio or video
//! URL answered with its `RequestId` only (the verdict would come through the callback).
//! 93000 for a content over 8 KB, 60003 for an empty one or a file that is not a URL.

use im_proto::Api;
use im_proto::msg_audit::content_moderation::{ContentType, Label, Request, Response, Verdict};

use crate::exchange::{Answer, Route};
use crate::moderation_calls::{checked_content, is_url, not_a_url, state};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::ContentModeration;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(answer) = checked_content(API, &request) {
        return answer;
    }
    let text = matches!(request.content_type, ContentType::Text);
    if !text && !is_url(&request.content) {
        return not_a_url(API, "Content", &request.content);
    }
    let mut moderation = state(shared);
    let request_id = moderation.request_id();
    if !text && !matches!(request.content_type, ContentType::Image) {
        return ok::<Response>(|r| r.request_id = Some(request_id));
    }
    let verdict = moderation.judge(&request.content);
    drop(moderation);
    ok::<Response>(|r| {
        r.request_id = Some(request_id);
        r.result = Some(Verdict::from(verdict.result()));
        r.score = Some(verdict.score());
        r.label = Some(Label::from(verdict.label.as_str()));
        r.keywords = Some(verdict.keywords);
    })
}
