//! `--rate-store`: the shared rate budget, its fallback policy, and what goes wrong with it said
//! on stderr once.

use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use im_client::{RateFallback, RateStore, RateStoreEvent};

use crate::global::{Global, RateFallbackArg, StoreUrl};
use crate::term::{CliError, Context, EXIT_UNREACHABLE, error_line, note, render};

/// The shared rate budget `--rate-store` names, with the fallback policy, checked before the
/// job: what goes wrong with it is said on stderr whatever the verbosity (see
/// [`report_store_event`]).
///
/// # Errors
///
/// Exit 2 for a URL that cannot be used; exit 4 when the store cannot be used and
/// `--rate-fallback fail` requires it (the reason is already on stderr).
pub(super) async fn rate_store(global: &Global, url: &StoreUrl) -> Result<RateStore, CliError> {
    let fallback = match global.rate_fallback {
        RateFallbackArg::Local => RateFallback::Local {
            share: global.rate_fallback_share,
        },
        RateFallbackArg::Wait => RateFallback::Wait,
        RateFallbackArg::Fail => RateFallback::Fail,
    };
    let store = RateStore::open(url.expose())
        .map_err(|e| CliError::usage(Context::new("--rate-store", e)))?
        .fallback(fallback)
        .on_event({
            let quiet = global.quiet;
            move |event| report_store_event(event, fallback, quiet)
        });
    if store.check().await.is_err() && fallback == RateFallback::Fail {
        return Err(CliError::silent(EXIT_UNREACHABLE));
    }
    Ok(store)
}

/// Set when `--rate-fallback fail` stopped the job: it exits 4.
static STORE_REQUIRED_AND_LOST: AtomicBool = AtomicBool::new(false);

/// The exit code of a command that ran, `code`, raised to 4 when the rate store it required
/// was lost (`--rate-fallback fail`).
pub(crate) fn with_rate_store_outcome(code: u8) -> u8 {
    if STORE_REQUIRED_AND_LOST.load(Ordering::Relaxed) {
        code.max(EXIT_UNREACHABLE)
    } else {
        code
    }
}

/// Says on stderr, once per kind and at default verbosity, that the rate store could not be
/// used (with the reason and what paces the calls instead) or that a key was reset; with
/// `--quiet`, only when that fails the job (`--rate-fallback fail`).
fn report_store_event(event: &RateStoreEvent, fallback: RateFallback, quiet: bool) {
    static UNAVAILABLE: Once = Once::new();
    static KEY_RESET: Once = Once::new();
    match event {
        RateStoreEvent::Unavailable(err) if fallback == RateFallback::Fail => {
            STORE_REQUIRED_AND_LOST.store(true, Ordering::Relaxed);
            UNAVAILABLE.call_once(|| {
                error_line(&format!(
                    "{}; --rate-fallback fail requires it: nothing more is sent (exit 4)",
                    render(err)
                ));
            });
        }
        _ if quiet => {}
        RateStoreEvent::Unavailable(err) => UNAVAILABLE.call_once(|| {
            note(&format!(
                "warning: {}: calls are paced by {fallback} until it answers (tried every 5 s; --rate-fallback fail makes this an error)",
                render(err)
            ));
        }),
        RateStoreEvent::KeyReset { key, ahead } => KEY_RESET.call_once(|| {
            note(&format!(
                "warning: rate store key {key} was {:.0} s ahead of Redis' clock (another writer, or Redis' clock stepped back): reset",
                ahead.as_secs_f64()
            ));
        }),
        _ => {}
    }
}
