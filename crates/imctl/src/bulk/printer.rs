//! How outcomes look: a human line (every item's, or only the failures') or a JSON line per
//! item on stdout, and what the exit code depends on. Any operation's outcomes: a success
//! shows what its output [`Shows`].

use std::fmt::Write as _;
use std::sync::Arc;

use im_client::bulk::{ItemOutcome, NotAttempted, Outcome};
use im_client::{Failure, InvalidInput};
use im_proto::{ErrorCode, PlatformStatus, Profile};
use serde::Serialize;

use super::input::{LineIndex, line_label};
use super::operation::{JobOperation, Relabel};
use super::shows::{Shows, profile_json, profile_text};
use super::summary::{self, DUPLICATE, Totals};
use crate::term::{
    EXIT_AUTH, EXIT_FAILED, EXIT_OK, EXIT_UNREACHABLE, push_json_line, push_line, render,
};

/// Renders outcomes and keeps what the exit code depends on.
pub(crate) struct Printer {
    op: String,
    /// What the items are called (`accounts`, `pairs`).
    noun: &'static str,
    /// The name of the key in JSON lines (`UserID`, `To_Account`).
    key_name: &'static str,
    json: bool,
    quiet: bool,
    /// Every account gets a human line (check, status), or only failures (import, delete).
    every_account: bool,
    detail: bool,
    index: Option<Arc<LineIndex>>,
    failed: u64,
    /// The first authentication failure, if any.
    auth: Option<(ErrorCode, String)>,
    /// Human lines not printed because they repeat an authentication failure, or the first
    /// failure of a whole request (the same error for every account of many chunks).
    repeated_auth: u64,
    /// The first whole-request failure's text, its URL removed.
    first_request_error: Option<String>,
    /// Whether any account succeeded.
    any_success: bool,
    /// Whether every failure so far was a request that reached no server.
    all_unreachable: bool,
    /// Why the job stopped sending, when something else than a signal stopped it.
    stop_reason: Option<String>,
    /// For a dry run: what the check's status means for the operation not done.
    relabel: Option<Relabel>,
    /// Reused by every JSON line.
    scratch: Vec<u8>,
}

/// One outcome, whatever produced it.
struct View<'a> {
    /// The UserID (`None` for a rejected line).
    user_id: Option<&'a str>,
    /// The file line, when the account came from a file.
    line: Option<u64>,
    /// What happened.
    result: Result<Shown<'a>, &'a Failure>,
}

/// What a success shows: its label, and the details it carries.
#[derive(Clone, Copy)]
struct Shown<'a> {
    /// The label (`imported`, `Online`...).
    status: &'a str,
    /// The sessions of an online status, when asked for.
    detail: Option<&'a [PlatformStatus]>,
    /// The fields read.
    profile: Option<&'a Profile>,
    /// For a duplicate: the position of the first occurrence.
    first: Option<u64>,
}

/// A per-account JSON line.
#[derive(Serialize)]
struct OutcomeJson<'a> {
    #[serde(flatten)]
    user_id: Key<'a>,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a [PlatformStatus]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<serde_json::Map<String, serde_json::Value>>,
    /// For a duplicate: where the first occurrence is.
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<i64>,
    /// For a failed request: its `random` query value, to trace it with the service.
    #[serde(skip_serializing_if = "Option::is_none")]
    random: Option<u32>,
    /// For a failed request: its attempt number within its call.
    #[serde(skip_serializing_if = "Option::is_none")]
    attempt: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
}

/// An item's key in its JSON line, under its operation's name for it (`"UserID": "alice"`).
struct Key<'a>(&'static str, Option<&'a str>);

impl Serialize for Key<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, &self.1)?;
        map.end()
    }
}

impl Printer {
    /// A printer for a job of `op`.
    pub(crate) fn new(
        op: &impl JobOperation,
        json: bool,
        quiet: bool,
        detail: bool,
        index: Option<Arc<LineIndex>>,
    ) -> Self {
        Printer {
            op: op.name().to_owned(),
            noun: op.noun(),
            key_name: op.key_name(),
            json,
            quiet,
            every_account: op.shows_every_item(),
            detail,
            index,
            failed: 0,
            auth: None,
            repeated_auth: 0,
            first_request_error: None,
            any_success: false,
            all_unreachable: true,
            stop_reason: None,
            relabel: None,
            scratch: Vec::with_capacity(256),
        }
    }

    /// Renders a dry run of the operation `target` (its job runs another operation, which
    /// writes nothing): every account gets a line saying what `target` would do to it, its
    /// status relabelled by `relabel`.
    pub(crate) fn dry_run_of(mut self, target: &str, relabel: Relabel) -> Self {
        self.op = format!("{target} (dry run)");
        self.every_account = true;
        self.relabel = Some(relabel);
        self
    }

    /// Appends the rendering of a bulk outcome to `out`.
    pub(crate) fn outcome<T: Shows>(&mut self, outcome: &ItemOutcome<T>, out: &mut String) {
        let line = self.index.as_ref().and_then(|i| i.line(outcome.position));
        let rejected = match (&outcome.outcome, line) {
            (Outcome::Failed(Failure::Invalid(InvalidInput::Rejected(reason))), Some(line)) => {
                let label = line_label(line);
                outcome.label == label && reason.starts_with(&format!("{label}: "))
            }
            _ => false,
        };
        let relabel = |status| match self.relabel {
            Some(relabel) => relabel(status),
            None => status,
        };
        // The failure shown for an item not attempted.
        let owned;
        let result = match &outcome.outcome {
            Outcome::Ok(output) => Ok(Shown {
                status: relabel(output.status()),
                detail: output.detail().filter(|_| self.detail),
                profile: output.profile(),
                first: None,
            }),
            Outcome::NotAttempted(NotAttempted::Duplicate { first }) => Ok(Shown {
                status: relabel(DUPLICATE),
                detail: None,
                profile: None,
                first: Some(first.unwrap_or(u64::MAX)),
            }),
            Outcome::Failed(failure) => Err(failure),
            Outcome::NotAttempted(NotAttempted::Stopped(err)) => {
                owned = Failure::NotAttempted(err.clone());
                Err(&owned)
            }
            _ => {
                owned = unknown_outcome();
                Err(&owned)
            }
        };
        let user_id = (!rejected).then_some(outcome.label.as_str());
        self.view(
            &View {
                user_id,
                line,
                result,
            },
            out,
        );
    }

    /// Where the item at `position` came from: `line N`, or `argument N`.
    fn place(&self, position: u64) -> String {
        if position == u64::MAX {
            return "an earlier line".to_owned();
        }
        match self.index.as_ref().and_then(|i| i.line(position)) {
            Some(line) => format!("line {line}"),
            None => format!("argument {}", position + 1),
        }
    }

    /// Counts one outcome and appends its rendering to `out`.
    fn view(&mut self, view: &View<'_>, out: &mut String) {
        let not_attempted = matches!(view.result, Err(f) if f.is_not_attempted());
        let repeated = match view.result {
            Ok(_) => {
                self.any_success = true;
                false
            }
            // Neither a success nor a failure: counted in the summary only.
            Err(failure) if not_attempted => {
                self.note_stop(failure);
                true
            }
            Err(failure) => self.failed_with(failure),
        };
        if self.json {
            self.json_line(view, not_attempted, out);
            return;
        }
        // Per-account lines are data: --quiet silences talk (stderr), never them.
        match view.result {
            Ok(shown) => self.success_line(view, &shown, out),
            Err(_) if not_attempted => {}
            Err(_) if repeated => self.repeated_auth += 1,
            Err(failure) => push_line(out, &failure_text(view, failure)),
        }
    }

    /// The JSON line of one outcome.
    fn json_line(&mut self, view: &View<'_>, not_attempted: bool, out: &mut String) {
        let (shown, error, reason, code) = match view.result {
            Ok(shown) => (Some(shown), None, None, None),
            Err(failure) => (
                None,
                Some(render(failure)),
                Some(failure.label()),
                failure.code().map(ErrorCode::get),
            ),
        };
        let trace = view.result.as_ref().err().and_then(|f| f.trace());
        let line = OutcomeJson {
            user_id: Key(self.key_name, view.user_id),
            ok: view.result.is_ok(),
            status: shown
                .map(|s| s.status)
                .or(not_attempted.then_some("not_attempted")),
            detail: shown.and_then(|s| s.detail),
            profile: shown.and_then(|s| s.profile).map(profile_json),
            duplicate_of: shown.and_then(|s| s.first).map(|p| self.place(p)),
            error,
            reason,
            code,
            random: trace.map(|t| t.random),
            attempt: trace.map(|t| t.attempt),
            line: view.line,
        };
        push_json_line(&line, &mut self.scratch, out);
    }

    /// The human line of a success (a duplicate's always; another only when every account
    /// gets one). Escaped, as every human line: UserIDs come from the input.
    fn success_line(&self, view: &View<'_>, shown: &Shown<'_>, out: &mut String) {
        let who = who(view);
        if let Some(first) = shown.first {
            let who = match view.line {
                Some(line) => format!("{who} (line {line})"),
                None => who,
            };
            let first = self.place(first);
            push_line(out, &format!("{who}: skipped: duplicate of {first}"));
            return;
        }
        if !self.every_account {
            return;
        }
        let mut line = format!("{who}: {}", shown.status);
        if let Some(profile) = shown.profile {
            line = format!("{who}: {}", profile_text(profile));
        }
        if let Some(detail) = shown.detail.filter(|d| !d.is_empty()) {
            let sessions: Vec<String> = detail
                .iter()
                .map(|d| format!("{} {}", d.platform, d.status))
                .collect();
            let _ = write!(line, " ({})", sessions.join(", "));
        }
        push_line(out, &line);
    }

    /// Counts a failure; whether its human line repeats an earlier one (not printed).
    fn failed_with(&mut self, failure: &Failure) -> bool {
        self.failed += 1;
        self.all_unreachable &= unreachable(failure);
        if let Some(code) = failure.code().filter(|c| c.is_auth()) {
            return match &self.auth {
                Some((first, _)) => *first == code,
                None => {
                    self.auth = Some((code, render(failure)));
                    false
                }
            };
        }
        if let Failure::Request(_) = failure {
            // Its own text, which tells one error from another (the causes are the same).
            let text = without_url(&failure.to_string());
            match &self.first_request_error {
                Some(first) => return *first == text,
                None => self.first_request_error = Some(text),
            }
        }
        false
    }

    /// Appends the summary to `out`: one JSON line, or a few human lines (one with --quiet).
    pub(crate) fn summary(&self, totals: &Totals, out: &mut String) {
        let relabeled;
        let totals = match self.relabel {
            Some(relabel) => {
                relabeled = totals.relabeled(relabel);
                &relabeled
            }
            None => totals,
        };
        let style = summary::Style {
            op: &self.op,
            noun: self.noun,
            json: self.json,
            quiet: self.quiet,
            repeated: self.repeated_auth,
        };
        summary::render(&style, totals, out);
    }

    /// Keeps why the job stopped sending (a signal's stop is the exit code's to say).
    fn note_stop(&mut self, failure: &Failure) {
        if let Failure::NotAttempted(err) = failure
            && !matches!(**err, im_client::Error::Stopped)
            && self.stop_reason.is_none()
        {
            self.stop_reason = Some(render(&**err));
        }
    }

    /// Why the job stopped sending before the end, unless a signal stopped it.
    pub(crate) fn stop_reason(&self) -> Option<&str> {
        self.stop_reason.as_deref()
    }

    /// The exit code the outcomes so far earn: 3 for an authentication failure, 4 when
    /// nothing succeeded because no request reached a server, else 1 for any failure or a job
    /// that stopped sending (accounts not attempted), else 0.
    pub(crate) fn exit_code(&self) -> u8 {
        if self.auth.is_some() {
            EXIT_AUTH
        } else if self.failed > 0 && !self.any_success && self.all_unreachable {
            EXIT_UNREACHABLE
        } else if self.failed > 0 || self.stop_reason.is_some() {
            EXIT_FAILED
        } else {
            EXIT_OK
        }
    }

    /// The first authentication failure, if any.
    pub(crate) fn auth_failure(&self) -> Option<&str> {
        self.auth.as_ref().map(|(_, text)| text.as_str())
    }
}

/// Who a human line is about: the UserID (with its line, for a failure), or the line of a
/// rejected one.
fn who(view: &View<'_>) -> String {
    match (view.user_id, view.line) {
        (Some(id), Some(line)) if view.result.is_err() => format!("{id} (line {line})"),
        (Some(id), _) => id.to_owned(),
        (None, Some(line)) => line_label(line),
        (None, None) => String::new(),
    }
}

/// The human line of a failure: `who: failed: why`, or a rejected line's reason, which already
/// starts with `line N:`.
fn failure_text(view: &View<'_>, failure: &Failure) -> String {
    let text = render(failure);
    if view.user_id.is_none() {
        return text;
    }
    // A line naming its UserID but bad otherwise: its `line N:` is in `who`.
    let prefix = view.line.map(|l| format!("{}: ", line_label(l)));
    let text = prefix
        .and_then(|p| text.strip_prefix(&p).map(str::to_owned))
        .unwrap_or(text);
    format!("{}: failed: {text}", who(view))
}

/// What shows for an outcome this version does not know (im-client's outcomes may grow): not
/// sent, so a rerun sends it.
pub(crate) fn unknown_outcome() -> Failure {
    let why = "an item not attempted for a reason this version of imctl does not know";
    Failure::NotAttempted(Arc::new(im_client::Error::internal(why)))
}

/// Whether a failure is a request that reached no server (nothing listening, no route, no
/// TLS handshake). A timeout is not: the server may have the request.
fn unreachable(failure: &Failure) -> bool {
    matches!(
        failure,
        Failure::Request(err) if matches!(
            &**err,
            im_client::Error::Transport(t) if matches!(
                t.kind(),
                im_accounts::im_transport::ErrorKind::Connect
                    | im_accounts::im_transport::ErrorKind::Tls
            )
        )
    )
}

/// An error's text without the request URL it ends with (` (http://…)`), which differs by
/// its random number from one request to the next.
fn without_url(text: &str) -> String {
    match text.rfind(" (http") {
        Some(at) if text.ends_with(')') => text[..at].to_owned(),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use im_accounts::bulk::BulkOp;

    use super::*;

    /// A success that shows a status only.
    struct Done;

    impl Shows for Done {
        fn status(&self) -> &str {
            "done"
        }
    }

    fn not_attempted(err: im_client::Error) -> ItemOutcome<Done> {
        let why = NotAttempted::Stopped(Arc::new(err));
        ItemOutcome::new(0, "a", Outcome::NotAttempted(why))
    }

    #[test]
    fn a_job_stopped_by_anything_but_a_signal_has_failed_and_says_why() {
        let mut printer = Printer::new(&BulkOp::Delete, false, false, false, None);
        let mut out = String::new();
        printer.outcome(&not_attempted(im_client::Error::Stopped), &mut out);
        assert_eq!(
            (printer.exit_code(), printer.stop_reason()),
            (EXIT_OK, None)
        );
        let disk = im_client::Error::Transport(im_accounts::im_transport::TransportError::new(
            im_accounts::im_transport::ErrorKind::Other,
            "not sent: cannot write the checkpoint: No space left on device",
        ));
        printer.outcome(&not_attempted(disk), &mut out);
        assert_eq!(printer.exit_code(), EXIT_FAILED);
        assert!(printer.stop_reason().unwrap().contains("No space left"));
        assert_eq!(out, "", "no per-account line for what was not sent");
    }
}
