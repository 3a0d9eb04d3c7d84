//! Typed operations, one module per API, and what they share: the [`Judgement`] of one
//! content and the [`Keyword`] of a library.

use im_client::{Error, InvalidInput};
use im_proto::ValidationError;

pub use im_proto::msg_audit::content_moderation::{ContentType, Label, Verdict};

macro_rules! operations {
    ($($module:ident,)*) => {
        $(
            mod $module;
            #[allow(
                unused_imports,
                unreachable_pub,
                reason = "one glob per API; only some operations have public types"
            )]
            pub use $module::*;
        )*
    };
}

operations! {
    content_moderation,
    batch_content_moderation,
    get_cloud_audit_keywords_ids,
    get_cloud_audit_keywords,
    add_cloud_audit_keywords,
    delete_cloud_audit_keywords,
}

/// The verdict of one text or image (`content_moderation`, or one item of
/// `batch_content_moderation`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Judgement {
    /// `RequestId`: the moderation's id (empty when the answer gave none).
    pub request_id: String,
    /// `Result`: `Pass`, `Review` or `Block` (`Pass` when the answer gave none).
    pub verdict: Verdict,
    /// `Score`: how malicious, 0 to 100.
    pub score: i64,
    /// `Label`: the label hit (`Normal` when the answer gave none).
    pub label: Label,
    /// `Keywords`: the keywords the text hit.
    pub keywords: Vec<String>,
}

impl Judgement {
    /// From an answer's fields.
    pub(crate) fn from_parts(
        request_id: Option<String>,
        verdict: Option<Verdict>,
        score: Option<i64>,
        label: Option<Label>,
        keywords: Option<Vec<String>>,
    ) -> Self {
        Judgement {
            request_id: request_id.unwrap_or_default(),
            verdict: verdict.unwrap_or(Verdict::Pass),
            score: score.unwrap_or(0),
            label: label.unwrap_or(Label::Normal),
            keywords: keywords.unwrap_or_default(),
        }
    }

    /// Whether the advice is `Block`.
    pub fn is_blocked(&self) -> bool {
        self.verdict == Verdict::Block
    }

    /// Whether the advice is `Review` (suspect, for a person to look at).
    pub fn needs_review(&self) -> bool {
        self.verdict == Verdict::Review
    }
}

/// A word to add to a keyword library, with its optional label.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Keyword {
    /// The word.
    pub content: String,
    /// Its label (`Ad`, `Porn`...).
    pub label: Option<Label>,
}

impl Keyword {
    /// The word `content`, without a label.
    pub fn new(content: impl Into<String>) -> Self {
        Keyword {
            content: content.into(),
            label: None,
        }
    }

    /// With the label `label`.
    pub fn with_label(mut self, label: Label) -> Self {
        self.label = Some(label);
        self
    }
}

/// A request's broken rule as the client's error (nothing sent).
pub(crate) fn invalid(error: ValidationError) -> Error {
    Error::InvalidInput(InvalidInput::Request(error))
}

/// The pages' most items a page of libraries or words may hold.
pub(crate) const PAGE: i64 = im_proto::msg_audit_mgr::get_cloud_audit_keywords_ids::MAX_PAGE_LIMIT;

/// The app's SDKAppID as the keyword requests carry it.
pub(crate) fn sdk_app_id(client: &im_client::Client) -> i64 {
    i64::try_from(client.sdkappid()).unwrap_or(i64::MAX)
}
