//! Metrics through the `metrics` facade (feature `metrics`): whatever recorder the application
//! installs (a Prometheus exporter, say) receives them. Without the feature, the module is not
//! built and nothing is recorded.
//!
//! | Name | Kind | Labels |
//! |---|---|---|
//! | `im_accounts_calls_total` | counter | `api`, `outcome` (`ok`, `error`) |
//! | `im_accounts_attempts_total` | counter | `api` |
//! | `im_accounts_retries_total` | counter | `api` |
//! | `im_accounts_throttled_total` | counter | `api` |
//! | `im_accounts_failures_total` | counter | `api`, `code` (the service's code, or `transport`, `http_{status}`, `decode`, ...) |
//! | `im_accounts_call_duration_seconds` | histogram | `api` |
//!
//! `api` is the command word of the API (as `Api::as_str` gives it), or `service/command` for raw
//! calls.

use std::time::Duration;

use crate::Error;

/// Records one finished call to `api` (borrowed for the typed APIs: no allocation).
pub(crate) fn call(
    api: std::borrow::Cow<'static, str>,
    attempts: u32,
    throttled: u32,
    err: Option<&Error>,
    elapsed: Duration,
) {
    let outcome = if err.is_some() { "error" } else { "ok" };
    metrics::counter!("im_accounts_calls_total", "api" => api.clone(), "outcome" => outcome)
        .increment(1);
    metrics::counter!("im_accounts_attempts_total", "api" => api.clone())
        .increment(u64::from(attempts));
    metrics::counter!("im_accounts_retries_total", "api" => api.clone())
        .increment(u64::from(attempts.saturating_sub(1)));
    metrics::counter!("im_accounts_throttled_total", "api" => api.clone())
        .increment(u64::from(throttled));
    if let Some(err) = err {
        let code = err.kind().to_string();
        metrics::counter!("im_accounts_failures_total", "api" => api.clone(), "code" => code)
            .increment(1);
    }
    metrics::histogram!("im_accounts_call_duration_seconds", "api" => api)
        .record(elapsed.as_secs_f64());
}
