//! Credentials and where requests go: flags, environment, and the embedded emulator.

use std::path::Path;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use im_accounts::{Client, ClientBuilder};
use im_callback::Token;
use im_client::{RateFallback, RateLimits, RateStore, RateStoreEvent, RetryPolicy};
use im_emulator::{DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY, Emulator, EmulatorHandle};
use im_proto::Api;
use im_sig::SecretKey;
use zeroize::Zeroizing;

use crate::files::read_capped;
use crate::global::{Global, RateFallbackArg, StoreUrl};
use crate::term::{CliError, EXIT_UNREACHABLE, error_line, note};

/// The credentials of one app.
pub(crate) struct Credentials {
    /// The SDKAppID.
    pub(crate) sdkappid: u64,
    /// The secret key.
    pub(crate) key: SecretKey,
    /// The admin identifier.
    pub(crate) admin: String,
}

/// The secret key from `--secret-key-file`, else `IM_SECRET_KEY`; `None` when neither is set.
///
/// # Errors
///
/// Exit 2 naming the file and the OS error when the file cannot be read, or is empty.
pub(crate) fn secret_key(global: &Global) -> Result<Option<SecretKey>, CliError> {
    if let Some(path) = &global.secret_key_file {
        return read_key_file(path).map(Some);
    }
    Ok(std::env::var("IM_SECRET_KEY")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| SecretKey::new(v.trim().to_owned())))
}

/// The most a secret key file may hold (a key is 64 characters; comments or a trailing line
/// break leave room to spare).
const MAX_KEY_FILE_BYTES: u64 = 4096;

fn read_key_file(path: &Path) -> Result<SecretKey, CliError> {
    let key = read_secret_file(
        path,
        "secret key",
        "put the app's secret key from the console in it",
    )?;
    Ok(SecretKey::new(key.to_string()))
}

/// The callback token: from `path` when given, else `IM_CALLBACK_TOKEN`, else none.
pub(crate) fn callback_token(path: Option<&Path>) -> Result<Option<Token>, CliError> {
    if let Some(path) = path {
        let hint = "put the callback token from the console's callback settings in it";
        let token = read_secret_file(path, "callback token", hint)?;
        return Ok(Some(Token::new(token.to_string())));
    }
    Ok(std::env::var("IM_CALLBACK_TOKEN")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| Token::new(v.trim().to_owned())))
}

/// A secret (`what`) from a small file, or standard input for `-`, trimmed; `hint` says what
/// an empty file should hold. The bytes never reach an error message.
fn read_secret_file(path: &Path, what: &str, hint: &str) -> Result<Zeroizing<String>, CliError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        CliError::usage(format!(
            "cannot read the {what} file {}: {e}",
            path.display()
        ))
    };
    let bytes = if path.as_os_str() == "-" {
        read_capped(std::io::stdin().lock(), MAX_KEY_FILE_BYTES)
    } else {
        let file = std::fs::File::open(path).map_err(|e| unreadable(&e))?;
        read_capped(file, MAX_KEY_FILE_BYTES)
    };
    let bytes = Zeroizing::new(bytes.map_err(|e| unreadable(&e))?);
    let text = std::str::from_utf8(&bytes).map_err(|_| unreadable(&"it is not UTF-8 text"))?;
    let secret = text.trim();
    if secret.is_empty() {
        return Err(CliError::usage(format!(
            "the {what} file {} is empty: {hint}",
            path.display()
        )));
    }
    Ok(Zeroizing::new(secret.to_owned()))
}

/// The one admin identifier of a client (`--admin` once at most).
fn single_admin(global: &Global) -> Result<Option<String>, CliError> {
    match global.admin.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        more => Err(CliError::usage(format!(
            "--admin was given {} times; only `imctl emulator serve` takes several",
            more.len()
        ))),
    }
}

/// The credentials to sign with: the flags and environment, or with `--emulator` the
/// emulator's defaults for what they leave out.
///
/// # Errors
///
/// Exit 2 when the SDKAppID or the key is missing or unreadable.
pub(crate) fn credentials(global: &Global) -> Result<Credentials, CliError> {
    let key = secret_key(global)?;
    let admin = single_admin(global)?;
    if global.emulator {
        return Ok(Credentials {
            sdkappid: global.sdkappid.unwrap_or(DEFAULT_SDKAPPID),
            key: key.unwrap_or_else(|| SecretKey::new(DEFAULT_SECRET_KEY)),
            admin: admin.unwrap_or_else(|| DEFAULT_ADMIN.to_owned()),
        });
    }
    let sdkappid = global.sdkappid.ok_or_else(|| {
        CliError::usage(
            "the SDKAppID is not set: pass --sdkappid or set IM_SDKAPPID (or try --emulator)",
        )
    })?;
    let key = key.ok_or_else(|| {
        CliError::usage(
            "the secret key is not set: pass --secret-key-file PATH or set IM_SECRET_KEY (or try --emulator)",
        )
    })?;
    Ok(Credentials {
        sdkappid,
        key,
        admin: admin.unwrap_or_else(|| im_client::DEFAULT_ADMIN.to_owned()),
    })
}

/// A connected client, and the embedded emulator it talks to (kept running while this lives).
pub(crate) struct Connection {
    /// The client.
    pub(crate) client: Client,
    /// The embedded emulator, with `--emulator`.
    _emulator: Option<EmulatorHandle>,
}

/// Client settings a command chooses.
#[derive(Default)]
pub(crate) struct ClientSettings {
    /// Client-side rate limits.
    pub(crate) rate_limits: Option<RateLimits>,
    /// Retry policy of single calls.
    pub(crate) retry: Option<RetryPolicy>,
}

/// Builds the client, starting the embedded emulator first with `--emulator`.
///
/// # Errors
///
/// Exit 2 for missing or bad configuration (the message names the setting).
pub(crate) async fn connect(
    global: &Global,
    settings: ClientSettings,
) -> Result<Connection, CliError> {
    let credentials = credentials(global)?;
    let mut builder = Client::builder()
        .sdkappid(credentials.sdkappid)
        .secret_key(credentials.key.expose_secret())
        .admin(credentials.admin.clone())
        .user_agent(concat!("imctl/", env!("CARGO_PKG_VERSION")))
        // HTTPS_PROXY / ALL_PROXY and NO_PROXY, as curl reads them (none set: direct).
        .proxy(im_accounts::im_transport::Proxy::from_env());
    if let Some(timeout) = global.timeout {
        builder = builder.request_timeout(timeout);
    }
    if let Some(limits) = &settings.rate_limits {
        builder = builder.rate_limits(limits.clone());
    }
    if let Some(retry) = settings.retry {
        builder = builder.retry_policy(retry);
    }
    if let Some(url) = &global.rate_store {
        builder = builder.rate_store(rate_store(global, url).await?);
    }
    let emulator = if global.emulator {
        if (global.endpoint.is_some() || global.region.is_some()) && !global.quiet {
            note(
                "--emulator: ignoring the region/endpoint setting (--region, --endpoint, IM_REGION, IM_ENDPOINT)",
            );
        }
        let handle = start_embedded(&credentials, settings.rate_limits.as_ref()).await?;
        if !global.quiet {
            note(&format!(
                "using an embedded emulator at {} (SDKAppID {}, admin {}); nothing leaves this machine",
                handle.base_url(),
                credentials.sdkappid,
                credentials.admin
            ));
        }
        builder = builder.endpoint(handle.base_url());
        Some(handle)
    } else {
        builder = target(builder, global);
        None
    };
    let client = builder
        .danger_allow_plain_http(global.danger_allow_plain_http)
        .build()
        .map_err(config_error)?;
    Ok(Connection {
        client,
        _emulator: emulator,
    })
}

/// The shared rate budget `--rate-store` names, with the fallback policy, checked before the
/// job: what goes wrong with it is said on stderr whatever the verbosity (see
/// [`report_store_event`]).
///
/// # Errors
///
/// Exit 2 for a URL that cannot be used; exit 4 when the store cannot be used and
/// `--rate-fallback fail` requires it (the reason is already on stderr).
async fn rate_store(global: &Global, url: &StoreUrl) -> Result<RateStore, CliError> {
    let fallback = match global.rate_fallback {
        RateFallbackArg::Local => RateFallback::Local {
            share: global.rate_fallback_share,
        },
        RateFallbackArg::Wait => RateFallback::Wait,
        RateFallbackArg::Fail => RateFallback::Fail,
    };
    let store = RateStore::open(url.expose())
        .map_err(|e| CliError::usage(format!("--rate-store: {e}")))?
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
                    "{err}; --rate-fallback fail requires it: nothing more is sent (exit 4)"
                ));
            });
        }
        _ if quiet => {}
        RateStoreEvent::Unavailable(err) => UNAVAILABLE.call_once(|| {
            note(&format!(
                "warning: {err}: calls are paced by {fallback} until it answers (tried every 5 s; --rate-fallback fail makes this an error)"
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

fn target(builder: ClientBuilder, global: &Global) -> ClientBuilder {
    match (&global.endpoint, global.region) {
        (Some(url), _) => builder.endpoint(url.clone()),
        (None, Some(region)) => builder.region(region),
        (None, None) => builder,
    }
}

/// Starts the embedded emulator. Its rate limits are the documented ones, raised to the
/// client's where `--rate` asks for more (as for an app whose limit was raised).
async fn start_embedded(
    credentials: &Credentials,
    client_limits: Option<&RateLimits>,
) -> Result<EmulatorHandle, CliError> {
    let mut builder = Emulator::builder()
        .sdkappid(credentials.sdkappid)
        .secret_key(credentials.key.expose_secret())
        .admins([credentials.admin.clone()])
        .shutdown_timeout(Duration::from_millis(200));
    if let Some(limits) = client_limits {
        for api in Api::ALL {
            let documented = api.metadata().default_calls_per_second;
            let limit = limits.get(api).map(|rate| rate.max(documented));
            builder = builder.rate_limit(api, limit);
        }
    }
    let emulator = builder.build();
    emulator
        .start_local()
        .await
        .map_err(|e| CliError::failed(format!("cannot start the embedded emulator: {e}")))
}

/// A client-building error as an exit-2 error (the builder's messages name the setting).
fn config_error(err: im_client::Error) -> CliError {
    match err {
        im_client::Error::Config(config) => CliError::usage(config.message().to_owned()),
        other => CliError::usage(other.to_string()),
    }
}
