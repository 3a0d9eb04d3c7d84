//! The arguments of `imctl emulator ...` (clap derive: the doc comments are the `--help` text).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};
use im_emulator::{Edition, FaultKind};
use im_proto::{Api, Per};

use crate::durations::{millis, positive_millis};

/// `imctl emulator ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum EmulatorCommand {
    /// Serve the emulator over HTTP until SIGINT or SIGTERM. The first line on stdout is its
    /// base URL (with --json, an object with url, sdkappid and admin; with --print-env, export
    /// lines). Credentials: the global --sdkappid, secret key and --admin when given, else
    /// SDKAppID 1400000000, the official libraries' demo key and administrator.
    Serve(Box<ServeArgs>),
}

/// `imctl emulator serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The address to listen on (port 0: any free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    pub(crate) listen: SocketAddr,
    /// Latency added to every request, e.g. 30ms (a bare number is milliseconds).
    #[arg(long, alias = "latency-ms", value_name = "DURATION", default_value = "0ms", value_parser = millis)]
    pub(crate) latency: Duration,
    /// Random extra latency of up to this much, e.g. 10ms.
    #[arg(long, alias = "jitter-ms", value_name = "DURATION", default_value = "0ms", value_parser = millis)]
    pub(crate) jitter: Duration,
    /// The probability, in [0, 1], that a request gets an injected fault.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_probability)]
    pub(crate) fault_rate: f64,
    /// The fault kinds to draw from, comma-separated: 70169, 70202, 70500, http502, close,
    /// stall, lost (processed, then the answer is dropped) [default: every kind but lost].
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub(crate) faults: Vec<FaultKind>,
    /// How long a `stall` fault holds a request, e.g. 60s.
    #[arg(long, alias = "stall-ms", value_name = "DURATION", default_value = "60s", value_parser = millis)]
    pub(crate) stall: Duration,
    /// The seed of the fault and jitter draws (same seed, same faults).
    #[arg(long, value_name = "N")]
    pub(crate) seed: Option<u64>,
    /// Rate limits in calls per second: `off` (none), or API=N,... with the API's command
    /// word and N or off [default: the documented limits].
    #[arg(
        long,
        value_name = "API=N,...|off",
        value_parser = parse_rate_limits,
        long_help = rate_limit_help()
    )]
    pub(crate) rate_limit: Option<RateLimitSpec>,
    /// Quotas of a minute or a day, API=N/minute or API=N/day (N or off), comma-separated,
    /// e.g. batchsendmsg=600000/minute: the declared ones (batchsendmsg's 12000 messages a
    /// minute, counted per recipient) are enforced by default, and over one a call answers
    /// 60007. Days start at midnight UTC+8.
    #[arg(long, value_name = "API=N/PERIOD,...", value_delimiter = ',', value_parser = parse_quotas)]
    pub(crate) quota: Vec<QuotaSpec>,
    /// The app's edition: trial, developer, pro, pro-plus, ultimate, enterprise. Trial and
    /// developer send at most 1,000 one-to-one messages a day; message extensions need
    /// ultimate or enterprise.
    #[arg(long, value_name = "EDITION", default_value = "enterprise")]
    pub(crate) edition: Edition,
    /// The most accounts the app may hold (a trial app: 100); importing more answers 70398.
    #[arg(long, value_name = "N")]
    pub(crate) account_cap: Option<usize>,
    /// The most connections held at once: at the cap, the connection idle the longest is
    /// closed to make room; when none is idle, new ones wait until one ends or idles.
    #[arg(long, value_name = "N", default_value_t = im_emulator::DEFAULT_MAX_CONNECTIONS as u64,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) max_connections: u64,
    /// How long a connection may take to send a request's headers before it is closed (after
    /// it opens or between two requests).
    #[arg(long, alias = "header-timeout-ms", value_name = "DURATION", default_value = "30s", value_parser = positive_millis)]
    pub(crate) header_timeout: Duration,
    /// How long a request's body may take to arrive after its headers; a body not complete by
    /// then is dropped with its connection.
    #[arg(long, alias = "body-timeout-ms", value_name = "DURATION", default_value = "30s", value_parser = positive_millis)]
    pub(crate) body_timeout: Duration,
    /// How long a connection (HTTP/1 or HTTP/2) may stay open with no request in flight before
    /// it is closed.
    #[arg(long, alias = "idle-timeout-ms", value_name = "DURATION", default_value = "30s", value_parser = positive_millis)]
    pub(crate) idle_timeout: Duration,
    /// Deletion disabled for the app (as on some editions): account deletes answer 71000.
    #[arg(long)]
    pub(crate) deletion_disabled: bool,
    /// The daily-active quota of a trial app: calls answer 72000 once more accounts than N
    /// have logged in during the current UTC day.
    #[arg(long, value_name = "N")]
    pub(crate) daily_active_cap: Option<usize>,
    /// A custom profile tag the app has configured (Tag_Profile_Custom_...; repeatable): only
    /// these are then accepted [default: any well-formed one, registered on first write, up to
    /// 20].
    #[arg(long = "custom-tag", value_name = "TAG")]
    pub(crate) custom_tags: Vec<String>,
    /// Print shell `export` lines for the variables that point imctl at this emulator
    /// (IM_ENDPOINT, IM_SDKAPPID, IM_ADMIN, and IM_SECRET_KEY when it is the demo key) instead
    /// of the bare URL: `imctl emulator serve --print-env > emu.env & sleep 1; . ./emu.env`.
    #[arg(long)]
    pub(crate) print_env: bool,
    /// Send the service's callbacks to URL (each at the trigger its page names; docs/emulator.md
    /// lists the 41 the emulator sends), e.g. the URL `imctl callbacks listen` prints. The signing parameters follow the URL's own query, if any; a #fragment
    /// is dropped (HTTP requests never carry one).
    #[arg(long, value_name = "URL")]
    pub(crate) callback_url: Option<String>,
    /// Sign callbacks with the token in this file (`-`: standard input), as callback
    /// authentication does [default: the IM_CALLBACK_TOKEN environment variable, else unsigned].
    #[arg(long, value_name = "PATH|-", requires = "callback_url")]
    pub(crate) callback_token_file: Option<PathBuf>,
    /// How many after callbacks may wait for delivery: one that finds the queue full is dropped,
    /// never holding up an answer, and counted in /_emulator/stats (callbacks.dropped)
    /// [default: 10000].
    #[arg(long, value_name = "N", requires = "callback_url",
        value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) callback_queue: Option<u32>,
    /// The app's daily net group creation quota: the first create_group of a day that takes the
    /// day's creations minus destructions past 70 % of N sends
    /// Group.CallbackOnDailyGroupQuotaAlarm (the quota is not enforced) [default: none].
    #[arg(long, value_name = "N", requires = "callback_url",
        value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) daily_group_quota: Option<u64>,
}

/// What `--rate-limit` asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RateLimitSpec {
    /// Every limit off.
    Off,
    /// These APIs' limits (`None`: off); the others keep their defaults.
    Set(Vec<(Api, Option<u32>)>),
}

/// One `--quota` item: the API, the period, the limit (`None`: off).
pub(crate) type QuotaSpec = (Api, Per, Option<u32>);

/// `API=N/minute` or `API=N/day` (N a number or `off`).
fn parse_quotas(s: &str) -> Result<QuotaSpec, String> {
    let item = s.trim();
    let (api, rest) = item
        .split_once('=')
        .ok_or_else(|| format!("{item:?} is not API=N/minute or API=N/day"))?;
    let api: Api = api.trim().parse().map_err(|e| format!("{e}"))?;
    let (limit, period) = rest
        .split_once('/')
        .ok_or_else(|| format!("{item:?}: give the period, N/minute or N/day"))?;
    let per = match period.trim() {
        "minute" | "min" | "m" => Per::Minute,
        "day" | "d" => Per::Day {
            utc_offset_minutes: 480,
        },
        other => return Err(format!("{item:?}: period {other:?} must be minute or day")),
    };
    let limit = limit.trim();
    let limit = if limit.eq_ignore_ascii_case("off") {
        None
    } else {
        Some(
            limit
                .parse::<u32>()
                .map_err(|_| format!("{item:?}: {limit:?} is not a number (or off)"))?,
        )
    };
    Ok((api, per, limit))
}

/// `--rate-limit`'s long help, naming every API from im-proto's table.
fn rate_limit_help() -> String {
    let words: Vec<&str> = Api::ALL.iter().map(|api| api.as_str()).collect();
    format!(
        "Rate limits in calls per second: `off` (none), or API=N,... with the API as SERVICE/COMMAND \
         or its command word alone, and N or off, e.g. {}=200,{}=off [default: the documented \
         limits; `imctl api --list` names every API].\n\nCommand words: {}",
        Api::MultiaccountImport,
        Api::AccountCheck,
        words.join(", ")
    )
}

fn parse_probability(s: &str) -> Result<f64, String> {
    let p: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number; give a probability from 0 to 1"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!(
            "{s} is out of range; give a probability from 0 to 1"
        ))
    }
}

fn parse_rate_limits(s: &str) -> Result<RateLimitSpec, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("off") {
        return Ok(RateLimitSpec::Off);
    }
    let mut set = Vec::new();
    for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (api, rate) = item
            .split_once('=')
            .ok_or_else(|| format!("{item:?} is not API=N (or `off` alone)"))?;
        let api: Api = api.trim().parse().map_err(|e| format!("{e}"))?;
        let rate = rate.trim();
        let rate = if rate.eq_ignore_ascii_case("off") {
            None
        } else {
            Some(rate.parse::<u32>().map_err(|_| {
                format!("{item:?}: {rate:?} is not a number of calls per second (or off)")
            })?)
        };
        set.push((api, rate));
    }
    if set.is_empty() {
        return Err("give `off` or API=N,...".to_owned());
    }
    Ok(RateLimitSpec::Set(set))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limits_parse() {
        assert_eq!(parse_rate_limits("off"), Ok(RateLimitSpec::Off));
        let spec = format!("{}=200, {}=off", Api::MultiaccountImport, Api::AccountCheck);
        assert_eq!(
            parse_rate_limits(&spec),
            Ok(RateLimitSpec::Set(vec![
                (Api::MultiaccountImport, Some(200)),
                (Api::AccountCheck, None)
            ]))
        );
        assert!(parse_rate_limits("nope=1").unwrap_err().contains("nope"));
        let fast = format!("{}=fast", Api::Kick);
        assert!(parse_rate_limits(&fast).unwrap_err().contains("fast"));
        assert!(parse_rate_limits(Api::Kick.as_str()).is_err());
        // SERVICE/COMMAND as well as the word alone.
        assert_eq!(
            parse_rate_limits("openim/batchsendmsg=10, openim/querystate=off"),
            Ok(RateLimitSpec::Set(vec![
                (Api::Batchsendmsg, Some(10)),
                (Api::QueryOnlineStatus, None)
            ]))
        );
        assert!(
            parse_rate_limits("profile/kick=1")
                .unwrap_err()
                .contains("profile/kick")
        );
    }

    #[test]
    fn quotas_parse() {
        assert_eq!(
            parse_quotas("batchsendmsg=600000/minute"),
            Ok((Api::Batchsendmsg, Per::Minute, Some(600_000)))
        );
        assert_eq!(
            parse_quotas("openim/sendmsg=off/day"),
            Ok((
                Api::Sendmsg,
                Per::Day {
                    utc_offset_minutes: 480
                },
                None
            ))
        );
        assert!(
            parse_quotas("batchsendmsg=5")
                .unwrap_err()
                .contains("period")
        );
        assert!(
            parse_quotas("batchsendmsg=5/hour")
                .unwrap_err()
                .contains("hour")
        );
        assert!(
            parse_quotas("batchsendmsg=x/minute")
                .unwrap_err()
                .contains("\"x\"")
        );
        assert!(parse_quotas("nope=5/minute").unwrap_err().contains("nope"));
    }

    #[test]
    fn probabilities_are_checked() {
        assert_eq!(parse_probability("0.25"), Ok(0.25));
        assert!(parse_probability("1.5").unwrap_err().contains("1.5"));
        assert!(parse_probability("x").is_err());
    }
}
