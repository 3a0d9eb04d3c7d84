//! Request counters per API and answer code, and their public snapshot.

use std::collections::{BTreeMap, HashMap};

use im_proto::{Api, ApiMap, ErrorCode};
use serde_json::{Map, Value, json};

use crate::callbacks::CallbackStats;
use crate::faults::FaultKind;

/// Counters, behind one lock.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) requests: ApiMap<u64>,
    /// Per API, per code.
    pub(crate) answers: ApiMap<HashMap<i64, u64>>,
    /// Per code, for requests that matched no API.
    pub(crate) unrouted_answers: HashMap<i64, u64>,
    pub(crate) faults: [u64; FaultKind::ALL.len()],
    pub(crate) throttled: u64,
    pub(crate) unknown_routes: u64,
}

impl Counters {
    pub(crate) fn snapshot(&self) -> Stats {
        let mut stats = Stats::default();
        for (api, &requests) in self.requests.iter() {
            stats.requests.insert(api, requests);
            let per_api: BTreeMap<ErrorCode, u64> = self.answers[api]
                .iter()
                .map(|(&code, &n)| (ErrorCode::new(code), n))
                .collect();
            stats.answers_by_api.insert(api, per_api);
        }
        let routed = self.answers.iter().map(|(_, per)| per);
        for per in routed.chain([&self.unrouted_answers]) {
            for (&code, &n) in per {
                *stats.answers.entry(ErrorCode::new(code)).or_default() += n;
            }
        }
        for kind in FaultKind::ALL {
            stats.faults.insert(kind, self.faults[kind.index()]);
        }
        stats.throttled = self.throttled;
        stats.unknown_routes = self.unknown_routes;
        stats
    }
}

/// A snapshot of the emulator's counters since start or the last reset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    requests: BTreeMap<Api, u64>,
    answers: BTreeMap<ErrorCode, u64>,
    answers_by_api: BTreeMap<Api, BTreeMap<ErrorCode, u64>>,
    faults: BTreeMap<FaultKind, u64>,
    throttled: u64,
    unknown_routes: u64,
    pub(crate) callbacks: CallbackStats,
}

impl Stats {
    /// The callbacks sent (all zero without a callback URL).
    pub fn callbacks(&self) -> &CallbackStats {
        &self.callbacks
    }

    /// Requests routed to `api` (every outcome: faulted, throttled, refused or answered).
    pub fn requests(&self, api: Api) -> u64 {
        self.requests.get(&api).copied().unwrap_or(0)
    }

    /// Requests routed to any API.
    pub fn total_requests(&self) -> u64 {
        self.requests.values().sum()
    }

    /// JSON envelopes answered with `code`, over all routes (unknown routes' 60009 included).
    pub fn answers(&self, code: ErrorCode) -> u64 {
        self.answers.get(&code).copied().unwrap_or(0)
    }

    /// JSON envelopes answered with `code` by `api`.
    pub fn answers_for(&self, api: Api, code: ErrorCode) -> u64 {
        self.answers_by_api
            .get(&api)
            .and_then(|m| m.get(&code))
            .copied()
            .unwrap_or(0)
    }

    /// Every code answered, with its count.
    pub fn answer_counts(&self) -> &BTreeMap<ErrorCode, u64> {
        &self.answers
    }

    /// Faults of `kind` injected.
    pub fn faults(&self, kind: FaultKind) -> u64 {
        self.faults.get(&kind).copied().unwrap_or(0)
    }

    /// Faults injected, all kinds.
    pub fn total_faults(&self) -> u64 {
        self.faults.values().sum()
    }

    /// Requests refused with 60007 by a rate limiter.
    pub fn throttled(&self) -> u64 {
        self.throttled
    }

    /// Requests whose path named no API (answered 60009).
    pub fn unknown_routes(&self) -> u64 {
        self.unknown_routes
    }

    /// The JSON served by `GET /_emulator/stats`:
    /// `{"requests":{"<command word>":N,..},"answers":{"0":N,..},"answers_by_api":{..},
    /// "faults":{"70169":N,..},"throttled":N,"unknown_routes":N,
    /// "callbacks":{"queued":N,"delivered":N,"failed":N,"pending":N,"by_command":{..}}}`.
    pub fn to_json(&self) -> Value {
        let codes = |m: &BTreeMap<ErrorCode, u64>| -> Map<String, Value> {
            m.iter()
                .map(|(code, n)| (code.get().to_string(), Value::from(*n)))
                .collect()
        };
        let requests: Map<String, Value> = self
            .requests
            .iter()
            .map(|(api, n)| (api.as_str().to_owned(), Value::from(*n)))
            .collect();
        let by_api: Map<String, Value> = self
            .answers_by_api
            .iter()
            .map(|(api, m)| (api.as_str().to_owned(), Value::Object(codes(m))))
            .collect();
        let faults: Map<String, Value> = self
            .faults
            .iter()
            .map(|(kind, n)| (kind.as_str().to_owned(), Value::from(*n)))
            .collect();
        json!({
            "requests": requests,
            "answers": codes(&self.answers),
            "answers_by_api": by_api,
            "faults": faults,
            "throttled": self.throttled,
            "unknown_routes": self.unknown_routes,
            "callbacks": self.callbacks.to_json(),
        })
    }
}
