//! The options every command takes (`imctl options` lists them; `config` turns them into
//! credentials and a client).

use std::path::PathBuf;

use clap::Args;
use im_client::Region;
use im_proto::{Api, Per, QuotaCount};

use crate::durations::parse_timeout;

/// Options every command takes (those with [env: ...] also from the environment).
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub(crate) struct Global {
    /// Take the settings not given by a flag or an environment variable from this context of
    /// the config file (~/.config/imctl/config.toml on Linux; IM_CONFIG names another):
    /// sdkappid, secret_key_file, admin, region or endpoint, rate_store [default: the file's
    /// `default` context, if any]. `--profile` and IM_PROFILE are its earlier names.
    #[arg(
        long,
        alias = "profile",
        global = true,
        env = "IM_CONTEXT",
        value_name = "NAME"
    )]
    pub(crate) context: Option<String>,

    /// The app's SDKAppID, from the console.
    #[arg(long, global = true, env = "IM_SDKAPPID", value_name = "N")]
    pub(crate) sdkappid: Option<u64>,

    /// Read the app's secret key from this file (`-`: standard input; at most 4 KiB,
    /// surrounding whitespace trimmed). Without it the key comes from IM_SECRET_KEY; it is
    /// never taken on the command line.
    #[arg(long, global = true, value_name = "PATH|-")]
    pub(crate) secret_key_file: Option<PathBuf>,

    /// The admin identifier requests are signed for [default: administrator]. `emulator serve`
    /// takes it more than once (extra admins).
    #[arg(long, global = true, env = "IM_ADMIN", value_name = "ID")]
    pub(crate) admin: Vec<String>,

    /// The region whose domains requests go to: china, singapore, seoul, tokyo, frankfurt,
    /// mumbai, silicon-valley, jakarta [default: china].
    #[arg(long, global = true, env = "IM_REGION", value_name = "REGION")]
    pub(crate) region: Option<Region>,

    /// Send requests to this base URL instead of a region (an emulator, a proxy), e.g.
    /// http://127.0.0.1:41234. Conflicts with --region; on the command line, either one
    /// overrides the other's environment variable.
    #[arg(long, global = true, env = "IM_ENDPOINT", value_name = "URL")]
    pub(crate) endpoint: Option<String>,

    /// Start an embedded emulator on 127.0.0.1 and use it, with matching credentials (its
    /// defaults unless given): try imctl with no account; nothing leaves this machine.
    #[arg(long, global = true)]
    pub(crate) emulator: bool,

    /// Allow a plain http:// --endpoint on a host other than loopback. Dangerous: the UserSig
    /// then crosses the network unencrypted; only for a trusted network (an emulator on
    /// another machine).
    #[arg(long, global = true)]
    pub(crate) danger_allow_plain_http: bool,

    /// Machine output: one JSON object per line on stdout (one per account, the summary
    /// last), and nothing else there.
    #[arg(long, global = true)]
    pub(crate) json: bool,

    /// Say nothing on stderr (no progress, notes, warnings or summary) unless the run fails;
    /// the data on stdout is unchanged. Without --json, per-account lines go to stdout and
    /// the summary to stderr.
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,

    /// Logs on stderr: -v each call (its attempts and time), each retry and its wait, and
    /// waits for the rate limit; -vv the wire too (each request's URL with the UserSig masked
    /// and its body, each answer's status and body); -vvv everything. Secrets are never
    /// logged. RUST_LOG, when set, decides instead.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,

    /// How long one request may take before it is retried (or fails), e.g. 30s, 2m (a bare
    /// number is seconds), from 1s to 1h [default: 10s].
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_timeout)]
    pub(crate) timeout: Option<std::time::Duration>,

    /// Share each API's rate budget with every process using the same Redis and SDKAppID
    /// (redis://HOST:PORT/DB, redis://USER:PASSWORD@HOST:PORT/DB, or a Unix socket:
    /// redis+unix:///PATH?db=N&pass=PASSWORD), instead of pacing this process alone: replicas
    /// and nightly jobs on one app then stay under the service's limit together. The shared
    /// budget is each API's documented limit (or a higher --rate); a lower --rate paces only
    /// this process. The password is never printed.
    #[arg(
        long,
        global = true,
        env = "IM_RATE_STORE",
        hide_env_values = true,
        value_name = "URL",
        value_parser = parse_store_url
    )]
    pub(crate) rate_store: Option<StoreUrl>,

    /// Raise (or lower, or turn off) a quota the service declares for an API, as for an app
    /// whose quota was raised: API=N/second, API=N/minute or API=N/day (N a number or off),
    /// repeatable or comma-separated, e.g. batchsendmsg=600000/minute. The client paces itself
    /// to it (with --rate-store, the shared budget is this figure: give every process the same).
    /// Only a declared quota can be set: `imctl api --list` shows them. Given before the
    /// command (`imctl --quota ... messages send`): `emulator serve --quota` sets the
    /// emulator's own.
    #[arg(
        long,
        env = "IM_QUOTA",
        value_delimiter = ',',
        value_name = "API=N/PERIOD",
        value_parser = parse_quota
    )]
    pub(crate) quota: Vec<QuotaArg>,

    /// When the rate store cannot be used (unreachable, password refused, no answer within
    /// 250 ms, a bad answer), said once on stderr: `local` paces this process at
    /// --rate-fallback-share of the budget; `wait` waits for the store; `fail` makes the store
    /// required: the job stops sending and exits 4. Never unlimited.
    #[arg(long, global = true, value_enum, default_value_t = RateFallbackArg::Local, value_name = "POLICY")]
    pub(crate) rate_fallback: RateFallbackArg,

    /// The share of each API's rate this process uses while the rate store is down, e.g. 1/4
    /// (or 0.25) for four processes sharing the budget.
    #[arg(long, global = true, default_value = "1/4", value_parser = parse_share, value_name = "SHARE")]
    pub(crate) rate_fallback_share: f64,
}

impl Global {
    /// Whether the secret key is read from standard input (`--secret-key-file -`), which then
    /// cannot also give the accounts.
    pub(crate) fn key_on_stdin(&self) -> bool {
        self.secret_key_file
            .as_ref()
            .is_some_and(|p| p.as_os_str() == "-")
    }
}

/// `--rate-fallback`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum RateFallbackArg {
    /// A local limiter at --rate-fallback-share of the budget.
    Local,
    /// Wait until the store answers.
    Wait,
    /// The store is required: without it the job stops sending and exits 4.
    Fail,
}

/// A rate store URL as given (`--rate-store`, `IM_RATE_STORE`, a profile's `rate_store`):
/// `Debug` masks its credentials.
#[derive(Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(transparent)]
pub(crate) struct StoreUrl(String);

impl StoreUrl {
    /// The URL, credentials included: only for opening the store.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for StoreUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&im_client::RedactedStoreUrl(&self.0), f)
    }
}

/// One `--quota` item: a declared quota of an API and the limit to enforce (`None`: off).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct QuotaArg {
    /// The API.
    pub(crate) api: Api,
    /// The period (a day's offset is the declared one).
    pub(crate) per: Per,
    /// What the declared quota counts (calls, or items such as recipients).
    pub(crate) counts: QuotaCount,
    /// The limit (`None`: not enforced).
    pub(crate) limit: Option<u32>,
}

/// `--quota`: `API=N/second`, `API=N/minute` or `API=N/day` (N a number or `off`), for a quota
/// the API declares.
fn parse_quota(s: &str) -> Result<QuotaArg, String> {
    let item = s.trim();
    let rule = "API=N/second, API=N/minute or API=N/day";
    let (api, rest) = item
        .split_once('=')
        .ok_or_else(|| format!("{item:?} is not {rule}"))?;
    let api: Api = api.trim().parse().map_err(|e| format!("{item:?}: {e}"))?;
    let (limit, period) = rest
        .split_once('/')
        .ok_or_else(|| format!("{item:?}: give the period ({rule})"))?;
    let per = match period.trim() {
        "second" | "sec" | "s" => Per::Second,
        "minute" | "min" | "m" => Per::Minute,
        "day" | "d" => Per::Day {
            utc_offset_minutes: 0,
        },
        other => {
            return Err(format!(
                "{item:?}: period {other:?} must be second, minute or day"
            ));
        }
    };
    let limit = match limit.trim() {
        off if off.eq_ignore_ascii_case("off") => None,
        n => match n.parse::<u32>() {
            Ok(0) | Err(_) => {
                return Err(format!("{item:?}: {n:?} is not a positive number (or off)"));
            }
            Ok(n) => Some(n),
        },
    };
    let declared = api
        .metadata()
        .quotas
        .iter()
        .find(|q| same_period(q.per, per));
    let Some(declared) = declared else {
        return Err(format!(
            "{item:?}: {api} declares no quota per {}; only a declared quota can be set \
             (`imctl api --list` shows them)",
            period.trim()
        ));
    };
    Ok(QuotaArg {
        api,
        per: declared.per,
        counts: declared.counts,
        limit,
    })
}

/// Whether two periods are the same, whatever a day's offset.
fn same_period(a: Per, b: Per) -> bool {
    matches!(
        (a, b),
        (Per::Second, Per::Second)
            | (Per::Minute, Per::Minute)
            | (Per::Day { .. }, Per::Day { .. })
    )
}

/// `--rate-store`: any text; the store checks it when opened.
fn parse_store_url(s: &str) -> Result<StoreUrl, String> {
    Ok(StoreUrl(s.to_owned()))
}

/// A share in (0, 1], as `1/4` or `0.25`.
fn parse_share(s: &str) -> Result<f64, String> {
    let bad = || format!("{s:?} is not a share from 0 to 1 (e.g. 1/4 or 0.25)");
    let value = match s.trim().split_once('/') {
        Some((n, d)) => {
            let n: f64 = n.trim().parse().map_err(|_| bad())?;
            let d: f64 = d.trim().parse().map_err(|_| bad())?;
            n / d
        }
        None => s.trim().parse().map_err(|_| bad())?,
    };
    if value > 0.0 && value <= 1.0 {
        Ok(value)
    } else {
        Err(bad())
    }
}
