//! A connected client: the credentials, where requests go (a region, an endpoint, or the
//! embedded emulator started here), and the settings a command chooses.

use std::time::Duration;

use im_accounts::{Client, ClientBuilder};
use im_client::{Quotas, RateLimits, RetryPolicy};
use im_emulator::{Emulator, EmulatorHandle};
use im_proto::{Api, Per};

use super::rate_store::rate_store;
use super::secrets::{Credentials, credentials};
use crate::global::{Global, QuotaArg};
use crate::term::{CliError, Context, note};

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
    if !global.quota.is_empty() {
        builder = builder.quotas(quotas(&global.quota)?);
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
        let handle =
            start_embedded(&credentials, settings.rate_limits.as_ref(), &global.quota).await?;
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

fn target(builder: ClientBuilder, global: &Global) -> ClientBuilder {
    match (&global.endpoint, global.region) {
        (Some(url), _) => builder.endpoint(url.clone()),
        (None, Some(region)) => builder.region(region),
        (None, None) => builder,
    }
}

/// `--quota`: the declared quotas, with those given set (the last one of a quota counts).
///
/// # Errors
///
/// Exit 2 naming the quota when the client refuses it.
pub(crate) fn quotas(given: &[QuotaArg]) -> Result<Quotas, CliError> {
    given.iter().try_fold(Quotas::default(), |quotas, q| {
        quotas
            .set(q.api.metadata(), q.per, q.counts, q.limit)
            .map_err(|e| CliError::usage(Context::new("--quota", e)))
    })
}

/// Starts the embedded emulator. Its rate limits are the documented ones, raised to the
/// client's where `--rate` asks for more, and its quotas those `--quota` gives (as for an app
/// whose limits were raised).
async fn start_embedded(
    credentials: &Credentials,
    client_limits: Option<&RateLimits>,
    quotas: &[QuotaArg],
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
    for q in quotas {
        builder = match q.per {
            Per::Second => builder.rate_limit(q.api, q.limit),
            per => builder.quota(q.api, per, q.limit),
        };
    }
    let emulator = builder.build();
    emulator
        .start_local()
        .await
        .map_err(|e| CliError::failed(Context::new("cannot start the embedded emulator", e)))
}

/// A client-building error as an exit-2 error, kept typed: a configuration error's `Display`
/// names the setting, its source the cause.
fn config_error(err: im_client::Error) -> CliError {
    match err {
        im_client::Error::Config(config) => CliError::usage(config),
        other => CliError::usage(other),
    }
}
