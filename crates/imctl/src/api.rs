//! `imctl api SERVICE/COMMAND`: the generic entry to every declared API, as `gh api` is to
//! GitHub's. The body is read and checked against the declared request fields before anything
//! is sent; the call goes through the client (signed, paced at the API's calls-per-second
//! quota, retried as the declaration allows); the answer is printed; `--paginate` follows the
//! declared cursor. `--list` and `--describe` print the declarations themselves. Everything per
//! API comes from `im_proto::Api`'s metadata.

mod args;
mod body;
mod catalog;
mod fields;
mod render;

use im_client::{Error, Trace};
use im_proto::{Api, ApiError, ErrorCode, Metadata};
use serde_json::{Map, Value};

use crate::config::{ClientSettings, connect};
use crate::global::Global;
use crate::term::{
    CliError, Context, EXIT_AUTH, EXIT_FAILED, EXIT_OK, EXIT_UNREACHABLE, EXIT_USAGE, error_line,
    json_line, note, render, report, write_stdout,
};
pub(crate) use args::{ApiArgs, api_long_help};
use im_client::pages::{self, PageRules as Rules, PageStep as Step};
use render::Format;

/// The most pages `--paginate` asks for when `--max-pages` does not say.
const DEFAULT_MAX_PAGES: u32 = 10_000;

/// Runs `imctl api`.
pub(crate) fn run(global: &Global, args: &ApiArgs) -> Result<u8, CliError> {
    if args.list {
        return Ok(catalog::list(global.json));
    }
    let path = args.path.as_deref().unwrap_or_default();
    let target = Target::resolve(path, args.undeclared)?;
    if args.describe {
        return match target {
            Target::Declared(api) => Ok(catalog::describe(api, global.json)),
            // --describe conflicts with --undeclared, so resolve refused it already.
            Target::Undeclared { .. } => Err(CliError::usage(format!(
                "{path:?} is not declared: nothing to describe"
            ))),
        };
    }
    let plan = Plan::new(global, args, target)?;
    crate::runtime::with_runtime(crate::runtime::Flavor::OneThread, || plan.run(global))
}

/// What the SERVICE/COMMAND argument names.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    /// A declared API.
    Declared(Api),
    /// A path the declarations do not know (`--undeclared`).
    Undeclared {
        /// The service path segment.
        service: String,
        /// The command path segment.
        command: String,
    },
}

impl Target {
    /// `SERVICE/COMMAND` (also with `v4/` or a leading `/`), or a command word alone when one
    /// declared API has it; an undeclared path only with `undeclared`.
    fn resolve(text: &str, undeclared: bool) -> Result<Target, CliError> {
        let path = text.trim().trim_start_matches('/');
        let path = path.strip_prefix("v4/").unwrap_or(path);
        let Some((service, command)) = path.split_once('/') else {
            return by_word(path, text);
        };
        if let Some(api) = Api::from_path(service, command) {
            return Ok(Target::Declared(api));
        }
        if !undeclared {
            return Err(not_declared(text, Some(command)));
        }
        let valid = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        };
        if !valid(service) || !valid(command) {
            return Err(CliError::usage(format!(
                "{text:?} is not SERVICE/COMMAND: each is a non-empty word of letters, digits, '_' and '-'"
            )));
        }
        Ok(Target::Undeclared {
            service: service.to_owned(),
            command: command.to_owned(),
        })
    }

    fn service(&self) -> &str {
        match self {
            Target::Declared(api) => api.metadata().service,
            Target::Undeclared { service, .. } => service,
        }
    }

    fn command(&self) -> &str {
        match self {
            Target::Declared(api) => api.metadata().command,
            Target::Undeclared { command, .. } => command,
        }
    }

    /// `service/command`.
    fn path(&self) -> String {
        format!("{}/{}", self.service(), self.command())
    }

    fn metadata(&self) -> Option<&'static Metadata> {
        match self {
            Target::Declared(api) => Some(api.metadata()),
            Target::Undeclared { .. } => None,
        }
    }
}

/// `service/command` of a declared API.
fn path_of(api: Api) -> String {
    let meta = api.metadata();
    format!("{}/{}", meta.service, meta.command)
}

/// The declared API whose command word (or older word) is `word`, when only one has it.
fn by_word(word: &str, text: &str) -> Result<Target, CliError> {
    let found: Vec<Api> = Api::ALL
        .into_iter()
        .filter(|api| {
            let meta = api.metadata();
            meta.command == word || meta.legacy_commands.contains(&word)
        })
        .collect();
    match found.as_slice() {
        [api] => Ok(Target::Declared(*api)),
        [] => Err(not_declared(text, None)),
        several => Err(CliError::usage(format!(
            "{text:?} is the command of several services: write one of {}",
            several
                .iter()
                .map(|api| path_of(*api))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The error for a path no declaration has, with the declared path of the same command word
/// when there is one.
fn not_declared(text: &str, command: Option<&str>) -> CliError {
    let mut message = format!(
        "{text:?} is not a declared API: `imctl api --list` lists the {} declared ones",
        Api::COUNT
    );
    if let Some(Ok(Target::Declared(api))) = command.map(|c| by_word(c, c)) {
        message.push_str(&format!("; did you mean {}?", path_of(api)));
    }
    if command.is_some() {
        message.push_str(
            "; --undeclared calls it anyway, with no declared rate limit and never resent after a lost answer",
        );
    } else {
        message.push_str("; an undeclared API is written SERVICE/COMMAND");
    }
    CliError::usage(message)
}

/// A call checked and ready: nothing has been sent yet.
struct Plan {
    target: Target,
    body: Map<String, Value>,
    /// The declared pages, with `--paginate`.
    pagination: Option<Rules>,
    max_pages: u32,
    /// Whether `--max-pages` was given (reaching it is then what was asked, not a failure).
    max_pages_given: bool,
    format: Format,
}

impl Plan {
    /// Reads and checks everything the call needs: the body (a JSON object within the declared
    /// item maximum that fits the declared request fields, unless `--no-check`), the declared
    /// pages for `--paginate`, the output form.
    fn new(global: &Global, args: &ApiArgs, target: Target) -> Result<Plan, CliError> {
        let meta = target.metadata();
        let body = body::read(args.body.as_deref(), global.key_on_stdin())?;
        if let Some(meta) = meta.filter(|_| !args.no_check) {
            body::check_items(meta, &body)?;
            fields::enforce(meta, &body, global.quiet)?;
        }
        let pagination = if args.paginate {
            Some(declared_pages(&target, &body)?)
        } else {
            None
        };
        let format = Format::choose(global.json, args.table, meta, &target.path())?;
        Ok(Plan {
            target,
            body,
            pagination,
            max_pages: args.max_pages.unwrap_or(DEFAULT_MAX_PAGES),
            max_pages_given: args.max_pages.is_some(),
            format,
        })
    }

    /// Sends the request (and, with `--paginate`, the next ones), printing every answer as it
    /// arrives; the exit code.
    async fn run(self, global: &Global) -> Result<u8, CliError> {
        let connection = connect(global, ClientSettings::default()).await?;
        let client = &connection.client;
        let (service, command) = (self.target.service(), self.target.command());
        let mut request = self.body.clone();
        let mut page = 0u32;
        loop {
            page += 1;
            let body = Value::Object(request.clone());
            let answer = match client.call_raw(service, command, &body).await {
                Ok(answer) => answer,
                Err(err) => return Ok(self.failed(&err, page, &request)),
            };
            if let Err(stop) = write_stdout(&self.format.page(&answer)) {
                return Ok(stop.exit_code(EXIT_OK));
            }
            if let Some(refusal) = envelope_failure(&answer) {
                return Ok(self.refused(&refusal, &refusal.to_string(), page, &request));
            }
            let Some(pagination) = &self.pagination else {
                return Ok(EXIT_OK);
            };
            let next = match pages::next_page(pagination, &request, &answer) {
                Ok(Step::Done) => return Ok(EXIT_OK),
                Ok(Step::Next(next)) => next,
                Err(reason) => {
                    report(&Context::new(format!("--paginate: page {page}"), reason));
                    return Ok(EXIT_FAILED);
                }
            };
            if page >= self.max_pages {
                return Ok(self.stopped_at_max(global.quiet, &next));
            }
            request = next;
        }
    }

    /// Reports a call that failed (its envelope on stdout too when it is a `FAIL` answer and
    /// the output is JSON); the exit code.
    fn failed(&self, err: &Error, page: u32, request: &Map<String, Value>) -> u8 {
        if let Some(refusal) = err.as_api_error() {
            if self.format.prints_envelope() {
                let _ = write_stdout(&self.format.page(&envelope_of(refusal, err.trace())));
            }
            // The error's own line names the request (its random and attempt).
            return self.refused(refusal, &render(err), page, request);
        }
        error_line(&self.with_page(&render(err), page, request));
        match err {
            Error::InvalidInput(_) | Error::Config(_) => EXIT_USAGE,
            Error::Transport(t)
                if page == 1
                    && matches!(
                        t.kind(),
                        im_accounts::im_transport::ErrorKind::Connect
                            | im_accounts::im_transport::ErrorKind::Tls
                    ) =>
            {
                EXIT_UNREACHABLE
            }
            _ => EXIT_FAILED,
        }
    }

    /// Reports a `FAIL` answer: exit 3 for refused credentials, else 1.
    fn refused(
        &self,
        refusal: &ApiError,
        message: &str,
        page: u32,
        request: &Map<String, Value>,
    ) -> u8 {
        error_line(&self.with_page(message, page, request));
        if refusal.is_auth() {
            EXIT_AUTH
        } else {
            EXIT_FAILED
        }
    }

    /// `message`, saying which page failed and the body that asks for it when it was not the
    /// first.
    fn with_page(&self, message: &str, page: u32, request: &Map<String, Value>) -> String {
        if page == 1 {
            return message.to_owned();
        }
        format!(
            "{} page {page}: {message}; its body, to ask for it again: {}",
            self.target.path(),
            json_line(request).trim_end()
        )
    }

    /// Stops at `--max-pages` with pages left: the next page's body on stderr; exit 0 when
    /// `--max-pages` asked for it, 1 at the default bound (the listing is incomplete).
    fn stopped_at_max(&self, quiet: bool, next: &Map<String, Value>) -> u8 {
        let body = json_line(next);
        let body = body.trim_end();
        if self.max_pages_given {
            if !quiet {
                note(&format!(
                    "stopped after {} pages (--max-pages) with more to come; the next page's body: {body}",
                    self.max_pages
                ));
            }
            EXIT_OK
        } else {
            error_line(&format!(
                "stopped after {} pages, the most without --max-pages, with more to come; the next page's body: {body}",
                self.max_pages
            ));
            EXIT_FAILED
        }
    }
}

/// The declared pages of `target`, with the body's own page fields checked.
fn declared_pages(target: &Target, body: &Map<String, Value>) -> Result<Rules, CliError> {
    let Some(pagination) = target.metadata().and_then(|meta| meta.pagination) else {
        return Err(CliError::usage(format!(
            "--paginate: {} declares no pages (its answer comes in one call)",
            target.path()
        )));
    };
    let rules = Rules::from(pagination);
    pages::check_start(&rules, body).map_err(|e| CliError::usage(Context::new("--body", e)))?;
    Ok(rules)
}

/// The service error of an answer the client passed on although its envelope is not `OK` (an
/// API whose failed answer still lists its items, such as the online-status query's).
fn envelope_failure(answer: &Value) -> Option<ApiError> {
    if answer.get("ActionStatus").and_then(Value::as_str) == Some("OK") {
        return None;
    }
    let code = answer.get("ErrorCode").and_then(Value::as_i64).unwrap_or(0);
    let info = answer
        .get("ErrorInfo")
        .and_then(Value::as_str)
        .unwrap_or("");
    Some(ApiError::new(ErrorCode::new(code), info))
}

/// The envelope of a `FAIL` answer, as the service sent it (`ErrorDisplay` when it had one),
/// with the `random` and `attempt` of the request it answered when known.
fn envelope_of(refusal: &ApiError, trace: Option<Trace>) -> Value {
    let mut envelope = Map::new();
    envelope.insert("ActionStatus".into(), "FAIL".into());
    envelope.insert("ErrorCode".into(), refusal.code().get().into());
    envelope.insert("ErrorInfo".into(), refusal.info().into());
    if let Some(display) = refusal.display_text() {
        envelope.insert("ErrorDisplay".into(), display.into());
    }
    if let Some(trace) = trace {
        envelope.insert("random".into(), trace.random.into());
        envelope.insert("attempt".into(), trace.attempt.into());
    }
    Value::Object(envelope)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_words_and_prefixes_resolve() {
        for api in Api::ALL {
            let meta = api.metadata();
            let path = path_of(api);
            for text in [
                path.clone(),
                format!("/v4/{path}"),
                format!("v4/{path}"),
                meta.command.to_owned(),
            ] {
                assert_eq!(
                    Target::resolve(&text, false).unwrap(),
                    Target::Declared(api)
                );
            }
            for legacy in meta.legacy_commands {
                let text = format!("{}/{legacy}", meta.service);
                assert_eq!(
                    Target::resolve(&text, false).unwrap(),
                    Target::Declared(api)
                );
            }
        }
    }

    /// `a_future_command` is a command no declaration names.
    #[test]
    fn undeclared_paths_need_the_flag_and_a_clean_path() {
        let err = Target::resolve("group_open_http_svc/a_future_command", false).unwrap_err();
        assert_eq!(err.code(), EXIT_USAGE);
        assert!(
            err.to_string()
                .contains("\"group_open_http_svc/a_future_command\" is not a declared API")
                && err.to_string().contains("imctl api --list")
                && err.to_string().contains("--undeclared"),
            "{err}"
        );
        // The right command under the wrong service: the declared path is suggested.
        let kick = Api::Kick;
        let text = format!("openim/{}", kick.metadata().command);
        let err = Target::resolve(&text, false).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("did you mean {}?", path_of(kick))),
            "{err}"
        );
        assert_eq!(
            Target::resolve("group_open_http_svc/a_future_command", true).unwrap(),
            Target::Undeclared {
                service: "group_open_http_svc".into(),
                command: "a_future_command".into()
            }
        );
        for bad in ["a/b/c", "a b/c", "/x", "svc/"] {
            let err = Target::resolve(bad, true).unwrap_err();
            assert!(err.to_string().contains(bad), "{bad}: {err}");
        }
        let err = Target::resolve("nonesuch", true).unwrap_err();
        assert!(err.to_string().contains("SERVICE/COMMAND"), "{err}");
    }

    #[test]
    fn the_default_page_bound_fails_an_asked_one_does_not() {
        let plan = |given| Plan {
            target: Target::Declared(Api::GetAppidGroupList),
            body: Map::new(),
            pagination: None,
            max_pages: 3,
            max_pages_given: given,
            format: Format::Lines,
        };
        assert_eq!(plan(true).stopped_at_max(true, &Map::new()), EXIT_OK);
        assert_eq!(plan(false).stopped_at_max(true, &Map::new()), EXIT_FAILED);
    }

    #[test]
    fn a_failed_envelope_is_recognised() {
        let ok = serde_json::json!({"ActionStatus": "OK", "ErrorCode": 0});
        assert!(envelope_failure(&ok).is_none());
        let fail =
            serde_json::json!({"ActionStatus": "FAIL", "ErrorCode": 70001, "ErrorInfo": "x"});
        let refusal = envelope_failure(&fail).unwrap();
        assert_eq!(refusal.code().get(), 70001);
        assert_eq!(envelope_of(&refusal, None), fail);
    }
}
