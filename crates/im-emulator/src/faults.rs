//! Fault injection: added latency and, with a probability per request, one failure kind.
//!
//! Decisions are reproducible: the n-th API request to arrive (a global counter shared by all
//! APIs, reset by [`Emulator::reset`](crate::Emulator::reset) and
//! [`Emulator::set_faults`](crate::Emulator::set_faults)) gets its fault and its jitter from a
//! hash of `(seed, n)`, so the same seed and the same request sequence give the same faults.

use core::fmt;
use core::str::FromStr;
use std::collections::BTreeMap;
use std::time::Duration;

use im_proto::{Api, ErrorCode};

/// One kind of injected failure.
///
/// Parsed from and displayed as exactly `70169`, `70202`, `70500`, `http502`, `close`, `stall`,
/// `lost`.
///
/// ```
/// use im_emulator::FaultKind;
///
/// let kind: FaultKind = "http502".parse().unwrap();
/// assert_eq!(kind, FaultKind::Http502);
/// assert_eq!(FaultKind::Code70169.to_string(), "70169");
/// assert!("502".parse::<FaultKind>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum FaultKind {
    /// An HTTP 200 `FAIL` envelope with 70169 (internal server timeout, retry later).
    Code70169,
    /// An HTTP 200 `FAIL` envelope with 70202 (internal server timeout, retry later).
    Code70202,
    /// An HTTP 200 `FAIL` envelope with 70500 (internal server error, retry later).
    Code70500,
    /// HTTP 502 with a small HTML body, as a gateway in front of the service would answer.
    Http502,
    /// The connection is closed without any response (in process: a `ConnectionClosed` error).
    Close,
    /// The request is held for [`FaultConfig::stall`] before it is processed and answered
    /// normally; a client with a shorter timeout gives up first, and then nothing is processed.
    Stall,
    /// The request is processed (whatever it stores is stored), then the connection is closed
    /// without its answer (in process: a `ConnectionClosed` error): the answer is lost, as when
    /// a network fails after the service did the work. Unlike `close`, state changes.
    Lost,
}

impl FaultKind {
    /// Every kind, in display order.
    pub const ALL: [FaultKind; 7] = [
        FaultKind::Code70169,
        FaultKind::Code70202,
        FaultKind::Code70500,
        FaultKind::Http502,
        FaultKind::Close,
        FaultKind::Stall,
        FaultKind::Lost,
    ];

    /// The kinds a rule draws from unless told otherwise: every kind but [`FaultKind::Lost`],
    /// the one that changes state (a faulted request of these six changes nothing).
    pub const DEFAULT: [FaultKind; 6] = [
        FaultKind::Code70169,
        FaultKind::Code70202,
        FaultKind::Code70500,
        FaultKind::Http502,
        FaultKind::Close,
        FaultKind::Stall,
    ];

    /// The name used in configuration, statistics and the control API.
    pub const fn as_str(self) -> &'static str {
        match self {
            FaultKind::Code70169 => "70169",
            FaultKind::Code70202 => "70202",
            FaultKind::Code70500 => "70500",
            FaultKind::Http502 => "http502",
            FaultKind::Close => "close",
            FaultKind::Stall => "stall",
            FaultKind::Lost => "lost",
        }
    }

    /// The envelope error code this kind answers with, for the three envelope kinds.
    pub const fn error_code(self) -> Option<ErrorCode> {
        match self {
            FaultKind::Code70169 => Some(ErrorCode::SERVER_TIMEOUT),
            FaultKind::Code70202 => Some(ErrorCode::SERVER_TIMEOUT_RETRY_LATER),
            FaultKind::Code70500 => Some(ErrorCode::INTERNAL_ERROR),
            FaultKind::Http502 | FaultKind::Close | FaultKind::Stall | FaultKind::Lost => None,
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FaultKind {
    type Err = ParseFaultKindError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FaultKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or_else(|| ParseFaultKindError(s.to_owned()))
    }
}

/// A string that names no [`FaultKind`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown fault kind {0:?}: expected one of 70169, 70202, 70500, http502, close, stall, lost"
)]
pub struct ParseFaultKindError(String);

/// Latency and failure settings for the API requests they apply to.
///
/// The default adds no latency and injects nothing; when a probability is set, the kinds
/// default to [`FaultKind::DEFAULT`] (every kind but `lost`).
///
/// ```
/// use std::time::Duration;
/// use im_emulator::{FaultKind, FaultRule};
///
/// let rule = FaultRule::new()
///     .probability(0.1)
///     .kinds([FaultKind::Code70169, FaultKind::Close])
///     .latency(Duration::from_millis(2), Duration::from_millis(1));
/// assert_eq!(rule.probability_value(), 0.1);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct FaultRule {
    probability: f64,
    kinds: Vec<FaultKind>,
    latency: Duration,
    jitter: Duration,
}

impl FaultRule {
    /// No latency, no faults; kinds = [`FaultKind::DEFAULT`].
    pub fn new() -> Self {
        FaultRule {
            probability: 0.0,
            kinds: FaultKind::DEFAULT.to_vec(),
            latency: Duration::ZERO,
            jitter: Duration::ZERO,
        }
    }

    /// The probability in `[0, 1]` that a request gets a fault; values outside are clamped and
    /// NaN counts as 0.
    pub fn probability(mut self, p: f64) -> Self {
        self.probability = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
        self
    }

    /// The kinds to choose from, uniformly; duplicates are removed and an empty set injects
    /// nothing.
    pub fn kinds(mut self, kinds: impl IntoIterator<Item = FaultKind>) -> Self {
        let mut kinds: Vec<FaultKind> = kinds.into_iter().collect();
        kinds.sort();
        kinds.dedup();
        self.kinds = kinds;
        self
    }

    /// Added latency for every request: `fixed` plus a uniform draw from `[0, jitter]`.
    pub fn latency(mut self, fixed: Duration, jitter: Duration) -> Self {
        self.latency = fixed;
        self.jitter = jitter;
        self
    }

    /// The probability.
    pub fn probability_value(&self) -> f64 {
        self.probability
    }

    /// The kinds, sorted.
    pub fn kind_set(&self) -> &[FaultKind] {
        &self.kinds
    }

    /// The fixed latency.
    pub fn fixed_latency(&self) -> Duration {
        self.latency
    }

    /// The maximum jitter.
    pub fn jitter(&self) -> Duration {
        self.jitter
    }
}

impl Default for FaultRule {
    fn default() -> Self {
        FaultRule::new()
    }
}

/// All fault settings: a rule for every API, per-API overrides, the stall duration and the seed.
///
/// ```
/// use std::time::Duration;
/// use im_emulator::{FaultConfig, FaultKind, FaultRule};
/// use im_proto::Api;
///
/// let faults = FaultConfig::new()
///     .seed(7)
///     .rule(FaultRule::new().probability(0.05))
///     .api_rule(Api::Kick, FaultRule::new().probability(1.0).kinds([FaultKind::Code70500]))
///     .stall(Duration::from_secs(5));
/// assert_eq!(faults.rule_for(Api::Kick).probability_value(), 1.0);
/// assert_eq!(faults.rule_for(Api::AccountCheck).probability_value(), 0.05);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct FaultConfig {
    default: FaultRule,
    per_api: BTreeMap<Api, FaultRule>,
    stall: Duration,
    seed: u64,
}

impl FaultConfig {
    /// The default stall: longer than any sensible client timeout.
    pub const DEFAULT_STALL: Duration = Duration::from_secs(60);

    /// No faults, no latency, stall [`Self::DEFAULT_STALL`], seed 0.
    pub fn new() -> Self {
        FaultConfig {
            default: FaultRule::new(),
            per_api: BTreeMap::new(),
            stall: Self::DEFAULT_STALL,
            seed: 0,
        }
    }

    /// The rule for every API without an override.
    pub fn rule(mut self, rule: FaultRule) -> Self {
        self.default = rule;
        self
    }

    /// An override for one API (replaces the whole rule for it, latency included).
    pub fn api_rule(mut self, api: Api, rule: FaultRule) -> Self {
        self.per_api.insert(api, rule);
        self
    }

    /// How long a `stall` fault holds the request.
    pub fn stall(mut self, stall: Duration) -> Self {
        self.stall = stall;
        self
    }

    /// The seed of the fault and jitter draws.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The rule in force for `api`.
    pub fn rule_for(&self, api: Api) -> &FaultRule {
        self.per_api.get(&api).unwrap_or(&self.default)
    }

    /// The rule for APIs without an override.
    pub fn default_rule(&self) -> &FaultRule {
        &self.default
    }

    /// The per-API overrides.
    pub fn api_rules(&self) -> &BTreeMap<Api, FaultRule> {
        &self.per_api
    }

    /// The stall duration.
    pub fn stall_duration(&self) -> Duration {
        self.stall
    }

    /// The seed.
    pub fn seed_value(&self) -> u64 {
        self.seed
    }

    pub(crate) fn set_default_latency(&mut self, fixed: Duration, jitter: Duration) {
        self.default.latency = fixed;
        self.default.jitter = jitter;
    }

    /// What happens to the `n`-th API request (counting from 0).
    pub(crate) fn decide(&self, api: Api, n: u64) -> Decision {
        let rule = self.rule_for(api);
        let jitter_nanos = u64::try_from(rule.jitter.as_nanos()).unwrap_or(u64::MAX);
        let jitter = if jitter_nanos == 0 {
            Duration::ZERO
        } else {
            Duration::from_nanos(draw(self.seed, n, 3) % jitter_nanos.saturating_add(1))
        };
        let fault = if rule.probability > 0.0
            && !rule.kinds.is_empty()
            && unit(draw(self.seed, n, 1)) < rule.probability
        {
            let len = rule.kinds.len() as u64;
            // The index is below `kinds.len()`, which fits in usize.
            Some(rule.kinds[(draw(self.seed, n, 2) % len) as usize])
        } else {
            None
        };
        Decision {
            delay: rule.latency.saturating_add(jitter),
            fault,
        }
    }
}

impl Default for FaultConfig {
    fn default() -> Self {
        FaultConfig::new()
    }
}

/// The fate of one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Decision {
    pub(crate) delay: Duration,
    pub(crate) fault: Option<FaultKind>,
}

/// SplitMix64's finaliser: a bijective, well-mixed hash of a 64-bit value.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// An independent pseudo-random draw for `(seed, n, stream)`.
fn draw(seed: u64, n: u64, stream: u64) -> u64 {
    mix(mix(seed ^ mix(n)) ^ stream.wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

/// Maps a draw to `[0, 1)`.
fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_and_display() {
        for kind in FaultKind::ALL {
            assert_eq!(kind.to_string().parse::<FaultKind>().unwrap(), kind);
        }
        assert!("CLOSE".parse::<FaultKind>().is_err());
    }

    #[test]
    fn decisions_are_reproducible_and_follow_the_probability() {
        let cfg = FaultConfig::new()
            .seed(42)
            .rule(FaultRule::new().probability(0.3));
        let a: Vec<_> = (0..1000)
            .map(|n| cfg.decide(Api::AccountCheck, n))
            .collect();
        let b: Vec<_> = (0..1000)
            .map(|n| cfg.decide(Api::AccountCheck, n))
            .collect();
        assert_eq!(a, b);
        let faulted = a.iter().filter(|d| d.fault.is_some()).count();
        assert!((200..400).contains(&faulted), "{faulted}");
        for kind in FaultKind::DEFAULT {
            assert!(
                a.iter().any(|d| d.fault == Some(kind)),
                "{kind} never drawn"
            );
        }
        assert!(
            a.iter().all(|d| d.fault != Some(FaultKind::Lost)),
            "lost is opt-in"
        );
        let other = FaultConfig::new()
            .seed(43)
            .rule(FaultRule::new().probability(0.3));
        let c: Vec<_> = (0..1000)
            .map(|n| other.decide(Api::AccountCheck, n))
            .collect();
        assert_ne!(a, c);
    }

    #[test]
    fn edges() {
        let never = FaultConfig::new();
        assert!((0..100).all(|n| never.decide(Api::Kick, n).fault.is_none()));
        let always =
            FaultConfig::new().rule(FaultRule::new().probability(2.0).kinds([FaultKind::Close]));
        assert!((0..100).all(|n| always.decide(Api::Kick, n).fault == Some(FaultKind::Close)));
        let empty = FaultConfig::new().rule(FaultRule::new().probability(1.0).kinds([]));
        assert!((0..100).all(|n| empty.decide(Api::Kick, n).fault.is_none()));
        let jitter = FaultConfig::new()
            .rule(FaultRule::new().latency(Duration::from_millis(5), Duration::from_millis(3)));
        for n in 0..100 {
            let d = jitter.decide(Api::Kick, n).delay;
            assert!(d >= Duration::from_millis(5) && d <= Duration::from_millis(8));
        }
        assert_eq!(
            FaultRule::new().probability(f64::NAN).probability_value(),
            0.0
        );
    }
}
