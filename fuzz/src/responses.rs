//! Response decoding: the bulk engine (client, classifier, per-API decoding, FailAccounts
//! fallback) against a transport answering mutated versions of the fixtures' responses.
//!
//! Properties: no panic; every job ends; each input item gets exactly one outcome.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures::StreamExt;
use im_accounts::bulk::{BulkItem, BulkOp, BulkOptions};
use im_accounts::{Client, StatusOptions};
use im_client::{RateLimits, RetryPolicy};
use im_proto::{Api, ProfileTag};
use im_transport::test_util::FnTransport;
use im_transport::{SharedTransport, TransportError};
use parking_lot::Mutex;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::mutate;
use crate::summary::Summary;

/// The fixtures' responses by API path, and the UserIDs they mention.
struct Corpus {
    responses: BTreeMap<String, Vec<Vec<u8>>>,
    all: Vec<Vec<u8>>,
    user_ids: Vec<String>,
}

fn load(fixtures: &std::path::Path) -> Result<Corpus, String> {
    let mut corpus = Corpus {
        responses: BTreeMap::new(),
        all: Vec::new(),
        user_ids: Vec::new(),
    };
    for api in Api::ALL {
        let command = api.metadata().command;
        let entries =
            std::fs::read_dir(fixtures).map_err(|e| format!("{}: {e}", fixtures.display()))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with(&format!("{command}.")) {
                continue;
            }
            let bytes = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
            collect_ids(
                &serde_json::from_slice(&bytes).unwrap_or_default(),
                &mut corpus.user_ids,
            );
            if name.contains(".response") {
                corpus
                    .responses
                    .entry(format!("/{}", api.metadata().path()))
                    .or_default()
                    .push(bytes.clone());
                corpus.all.push(bytes);
            }
        }
    }
    corpus.user_ids.sort();
    corpus.user_ids.dedup();
    if corpus.all.is_empty() {
        return Err(format!("no response fixtures in {}", fixtures.display()));
    }
    Ok(corpus)
}

fn collect_ids(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                match v {
                    serde_json::Value::String(s)
                        if key.contains("Account") || key == "UserID" || key == "Identifier" =>
                    {
                        out.push(s.clone());
                    }
                    _ => collect_ids(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                match item {
                    serde_json::Value::String(s) => out.push(s.clone()),
                    other => collect_ids(other, out),
                }
            }
        }
        _ => {}
    }
}

/// A transport answering each request with a mutated fixture response of its API.
fn transport(corpus: Arc<Corpus>, rng: Arc<Mutex<StdRng>>) -> SharedTransport {
    Arc::new(FnTransport::new(move |request: http::Request<Bytes>| {
        let corpus = corpus.clone();
        let rng = rng.clone();
        async move {
            let mut rng = rng.lock();
            let bodies = corpus
                .responses
                .get(request.uri().path())
                .unwrap_or(&corpus.all);
            let base = &bodies[rng.random_range(0..bodies.len())];
            let body = match rng.random_range(0..10) {
                0 => base.clone(),
                1..=4 => mutate::json(&mut rng, base, &corpus.all),
                _ => mutate::bytes(&mut rng, base, &corpus.all),
            };
            let status = if rng.random_range(0..20) == 0 {
                500
            } else {
                200
            };
            Ok::<_, TransportError>(
                http::Response::builder()
                    .status(status)
                    .body(Bytes::from(body))
                    .expect("a valid response"),
            )
        }
    }))
}

fn client(transport: SharedTransport) -> Client {
    Client::builder()
        .sdkappid(1_400_000_000)
        .secret_key("fuzz-key")
        .endpoint("http://127.0.0.1:9")
        .transport(transport)
        .rate_limits(RateLimits::off())
        .retry_policy(RetryPolicy::default().max_attempts(2))
        .build()
        .expect("the client builds")
}

/// Runs bulk jobs for `budget`; returns what was run.
pub(crate) fn run(
    fixtures: &std::path::Path,
    budget: Duration,
    seed: u64,
) -> Result<Summary, String> {
    let corpus = Arc::new(load(fixtures)?);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .map_err(|e| e.to_string())?;
    let rng = Arc::new(Mutex::new(StdRng::seed_from_u64(seed)));
    let client = client(transport(corpus.clone(), rng.clone()));
    let started = Instant::now();
    let mut summary = Summary::new("responses");
    while started.elapsed() < budget {
        let (op, items) = job(&mut rng.lock(), &corpus);
        let expected = items.len() as u64;
        let options = BulkOptions::default().retry_policy(RetryPolicy::bulk().max_attempts(2));
        let positions = runtime.block_on(async {
            let mut run = client.bulk(op.clone(), futures::stream::iter(items), options);
            let mut positions = Vec::new();
            while let Some(outcome) = run.next().await {
                positions.push(outcome.position);
            }
            positions
        });
        let mut sorted = positions.clone();
        sorted.sort_unstable();
        if sorted != (0..expected).collect::<Vec<_>>() {
            return Err(format!(
                "{op:?} over {expected} items gave the outcome positions {positions:?} (seed {seed}, run {})",
                summary.runs
            ));
        }
        summary.runs += 1;
        summary.cases += expected;
    }
    Ok(summary)
}

/// A job of 1 to 8 items drawn from the fixtures' UserIDs (so mutated answers name them).
fn job(rng: &mut StdRng, corpus: &Corpus) -> (BulkOp, Vec<BulkItem>) {
    let op = match rng.random_range(0..7) {
        0 => BulkOp::Import,
        1 => BulkOp::Check,
        2 => BulkOp::Delete,
        3 => BulkOp::OnlineStatus(StatusOptions::default().with_detail(rng.random())),
        4 => BulkOp::profile_get([ProfileTag::Nick, ProfileTag::BirthDay]),
        5 => BulkOp::ProfileSet,
        _ => BulkOp::Kick,
    };
    let items = (0..rng.random_range(1..=8))
        .map(|_| {
            let id = &corpus.user_ids[rng.random_range(0..corpus.user_ids.len())];
            if rng.random_range(0..4) == 0 {
                BulkItem::profile(id.clone(), Some("n".into()), None)
            } else {
                BulkItem::account(id.clone())
            }
        })
        .collect();
    (op, items)
}
