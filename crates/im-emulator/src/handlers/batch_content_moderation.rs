//! `batch_content_moderation`: each text or image URL judged as `content_moderation` judges
//! one, one `AuditResults` item per content in request order. The request's own rules refuse it
//! whole (more than 10 contents, a repeated `ContentId`, an empty content: 60003; one over
//! 8 KB: 93000); an image that is not a URL fails alone (its item's `ErrorCode` 60003).

use im_proto::msg_audit::batch_content_moderation::{
    AuditResult, BatchContent, BatchContentType, Request, Response,
};
use im_proto::msg_audit::content_moderation::{Label, Verdict};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::moderation::Moderation;
use crate::moderation_calls::{checked_content, is_url, state};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::BatchContentModeration;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(answer) = checked_content(API, &request) {
        return answer;
    }
    let mut moderation = state(shared);
    let results: Vec<AuditResult> = request
        .contents
        .iter()
        .map(|content| judge(&mut moderation, content))
        .collect();
    drop(moderation);
    ok::<Response>(|r| r.audit_results = Some(results))
}

/// One content's result.
fn judge(moderation: &mut Moderation, content: &BatchContent) -> AuditResult {
    let mut result = AuditResult::new();
    result.content_id = Some(content.content_id);
    result.request_id = Some(moderation.request_id());
    if matches!(content.content_type, BatchContentType::Image) && !is_url(&content.content) {
        result.error_code = Some(ErrorCode::BODY_JSON_INVALID.get());
        result.error_info = Some("an Image content must be the image's http(s) URL".to_owned());
        return result;
    }
    let verdict = moderation.judge(&content.content);
    result.error_code = Some(0);
    result.error_info = Some(String::new());
    result.result = Some(Verdict::from(verdict.result()));
    result.score = Some(verdict.score());
    result.label = Some(Label::from(verdict.label.as_str()));
    result.sub_label = Some(String::new());
    result.keywords = Some(verdict.keywords);
    result
}
