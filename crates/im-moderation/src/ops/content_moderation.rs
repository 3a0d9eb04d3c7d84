//! `content_moderation`: one text, image, audio or video.

use im_client::Error;
use im_proto::msg_audit::content_moderation::{ContentType, Request, Response};

use crate::Client;
use crate::ops::Judgement;

impl Client {
    /// Sends `request` as it is (`content_moderation`); its rules (a non-empty `AuditName`,
    /// `Content` of 1 byte to 8 KB) are checked before sending.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn content_moderation(&self, request: &Request) -> Result<Response, Error> {
        self.call(request).await
    }

    /// Moderates `content` of `content_type` under the configuration `audit_name` (`C2C`,
    /// `Group`, `UserInfo`, `GroupInfo`, `GroupMemberInfo`, `RelationChain` or a console
    /// configuration's ID). A text or an image URL is judged at once; an audio or video URL
    /// gets only its `request_id` (the verdict comes later through the
    /// `ContentCallback.ResultNotify` callback), with `Pass` in the other fields.
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call); a content over 8 KB is refused before sending.
    pub async fn moderate(
        &self,
        audit_name: &str,
        content_type: ContentType,
        content: &str,
    ) -> Result<Judgement, Error> {
        let request = Request::new(audit_name, content_type, content);
        let r = self.call(&request).await?;
        Ok(Judgement::from_parts(
            r.request_id,
            r.result,
            r.score,
            r.label,
            r.keywords,
        ))
    }

    /// [`moderate`](Client::moderate) of a text.
    ///
    /// # Errors
    ///
    /// As [`moderate`](Client::moderate).
    pub async fn moderate_text(&self, audit_name: &str, text: &str) -> Result<Judgement, Error> {
        self.moderate(audit_name, ContentType::Text, text).await
    }
}
