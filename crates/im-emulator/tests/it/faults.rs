//! Fault injection: reproducible from a seed, over HTTP and in process.

use std::time::Duration;

use im_emulator::{Emulator, EmulatorBuilder, FaultConfig, FaultKind, FaultRule};
use im_proto::Api;
use im_transport::{ErrorKind, Transport};
use serde_json::json;

use crate::util::{Env, Reply, client, send_with};

const N: usize = 40;

fn faulty(seed: u64) -> EmulatorBuilder {
    Emulator::builder()
        .without_rate_limits()
        .seed(seed)
        .fault_rule(FaultRule::new().probability(0.5).kinds([
            FaultKind::Code70169,
            FaultKind::Code70202,
            FaultKind::Code70500,
            FaultKind::Http502,
            FaultKind::Close,
        ]))
}

/// Imports `u0..uN` one by one; returns each request's outcome label.
async fn run_http(env: &Env) -> Vec<String> {
    let mut labels = Vec::new();
    for i in 0..N {
        let reply = env
            .api(Api::AccountImport, json!({"UserID": format!("u{i}")}))
            .await;
        labels.push(reply.label());
    }
    labels
}

#[tokio::test]
async fn same_seed_same_faults_and_faulted_requests_change_nothing() {
    let a = Env::start(faulty(7)).await;
    let first = run_http(&a).await;
    let b = Env::start(faulty(7)).await;
    let second = run_http(&b).await;
    assert_eq!(first, second);
    for label in [
        "0",
        "70169",
        "70202",
        "70500",
        "http502",
        "ConnectionClosed",
    ] {
        assert!(
            first.iter().any(|l| l == label),
            "{label} never seen in {first:?}"
        );
    }
    // Only the requests answered 0 imported their account.
    let imported: Vec<String> = (0..N)
        .filter(|&i| first[i] == "0")
        .map(|i| format!("u{i}"))
        .collect();
    let mut stored: Vec<String> = a.handle.accounts().into_iter().map(|a| a.user_id).collect();
    stored.sort_by_key(|id| id[1..].parse::<usize>().unwrap());
    assert_eq!(stored, imported);

    // The statistics agree with what the client saw.
    let stats = a.handle.stats();
    assert_eq!(stats.requests(Api::AccountImport), N as u64);
    let count = |label: &str| first.iter().filter(|l| *l == label).count() as u64;
    assert_eq!(stats.faults(FaultKind::Code70169), count("70169"));
    assert_eq!(stats.faults(FaultKind::Http502), count("http502"));
    assert_eq!(stats.faults(FaultKind::Close), count("ConnectionClosed"));
    assert_eq!(stats.answers(im_proto::ErrorCode::OK), count("0"));
    assert_eq!(stats.total_faults(), N as u64 - count("0"));
    let json = a.control_get("stats").await;
    assert_eq!(json["faults"]["close"], count("ConnectionClosed"));
    assert_eq!(json["requests"]["account_import"], N as u64);
    assert_eq!(json["answers"]["0"], count("0"));

    // After a reset the sequence starts over.
    a.handle.reset();
    assert_eq!(run_http(&a).await, first);

    // Another seed, another sequence.
    let c = Env::start(faulty(8)).await;
    assert_ne!(run_http(&c).await, first);
}

#[tokio::test]
async fn in_process_transport_sees_the_same_faults() {
    let http = Env::start(faulty(11)).await;
    let expected = run_http(&http).await;

    let emulator = faulty(11).build();
    let transport = emulator.in_process_transport();
    let query = format!(
        "sdkappid={}&identifier={}&usersig={}&random=1",
        emulator.sdkappid(),
        emulator.admin(),
        emulator.generate_usersig(emulator.admin(), 3600),
    );
    let mut labels = Vec::new();
    for i in 0..N {
        let reply = send_with(
            &transport,
            "http://emulator.invalid",
            "POST",
            &format!("/v4/im_open_login_svc/account_import?{query}"),
            json!({"UserID": format!("u{i}")}).to_string(),
        )
        .await;
        labels.push(reply.label());
    }
    assert_eq!(labels, expected);
    assert_eq!(emulator.accounts(), http.handle.accounts());
}

#[tokio::test]
async fn per_api_rules_and_run_time_changes() {
    let env = Env::start(
        Emulator::builder().without_rate_limits().api_fault_rule(
            Api::Kick,
            FaultRule::new()
                .probability(1.0)
                .kinds([FaultKind::Code70500]),
        ),
    )
    .await;
    for _ in 0..5 {
        assert_eq!(
            env.api(Api::Kick, json!({"UserID": "administrator"}))
                .await
                .code(),
            70500
        );
        assert_eq!(
            env.api(Api::AccountCheck, json!({"CheckItem": [{"UserID": "a"}]}))
                .await
                .code(),
            0
        );
    }
    // Faults never touch the control endpoints.
    env.handle.set_faults(
        FaultConfig::new().rule(FaultRule::new().probability(1.0).kinds([FaultKind::Close])),
    );
    let _ = env.control_get("stats").await;
    let reply = env
        .api(Api::AccountCheck, json!({"CheckItem": [{"UserID": "a"}]}))
        .await;
    assert_eq!(reply, Reply::Failed("ConnectionClosed".into()));

    // Over the control API.
    let reply = env
        .control_post(
            "faults",
            json!({"probability": 0, "seed": 3, "latency_ms": 1, "jitter_ms": 2,
                   "per_api": {"account_check": {"probability": 1, "kinds": ["70202"]}}}),
        )
        .await;
    assert_eq!(
        reply.json()["per_api"]["account_check"]["kinds"],
        json!(["70202"])
    );
    assert_eq!(reply.json()["seed"], 3);
    assert_eq!(reply.json()["kinds"].as_array().unwrap().len(), 6);
    let faults = env.handle.faults();
    assert_eq!(
        faults.rule_for(Api::AccountCheck).kind_set(),
        &[FaultKind::Code70202]
    );
    assert_eq!(faults.default_rule().jitter(), Duration::from_millis(2));
    assert_eq!(
        env.api(Api::AccountCheck, json!({"CheckItem": [{"UserID": "a"}]}))
            .await
            .code(),
        70202
    );
    assert_eq!(
        env.api(Api::Kick, json!({"UserID": "administrator"}))
            .await
            .code(),
        0
    );
    let reply = env.control_post("faults", json!({"kinds": ["boom"]})).await;
    assert!(matches!(reply, Reply::Http(400, _)), "{reply:?}");
    let reply = env
        .control_post("faults", json!({"probability": 1.5}))
        .await;
    assert!(matches!(reply, Reply::Http(400, _)), "{reply:?}");
}

#[tokio::test]
async fn stall_outlasts_the_client_timeout_and_changes_nothing() {
    let env = Env::start(
        Emulator::builder()
            .stall_duration(Duration::from_secs(3))
            .api_fault_rule(
                Api::AccountImport,
                FaultRule::new().probability(1.0).kinds([FaultKind::Stall]),
            ),
    )
    .await;
    let impatient = client(Duration::from_millis(200));
    let reply = send_with(
        &impatient,
        &env.handle.base_url(),
        "POST",
        &format!(
            "{}?{}",
            Env::api_path(Api::AccountImport),
            env.signed_query()
        ),
        r#"{"UserID":"late"}"#,
    )
    .await;
    assert_eq!(reply, Reply::Failed("Timeout".into()));
    assert_eq!(env.handle.stats().faults(FaultKind::Stall), 1);

    // In process: the transport's own timeout.
    let transport = env
        .handle
        .in_process_transport()
        .with_timeout(Duration::from_millis(100));
    let request = http::Request::post(format!(
        "http://x{}?{}",
        Env::api_path(Api::AccountImport),
        env.signed_query()
    ))
    .body(bytes::Bytes::from_static(br#"{"UserID":"late"}"#))
    .unwrap();
    let err = transport.send(request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(!err.to_string().contains("usersig=eJ"), "{err}");
    assert!(env.handle.account("late").is_none());
    // Shutdown is bounded although a stalled request may still be held.
    env.handle.shutdown().await;
}

#[tokio::test]
async fn latency_is_added_and_answers_stay_correct() {
    let env = Env::start(
        Emulator::builder()
            .without_rate_limits()
            .latency(Duration::from_millis(120), Duration::from_millis(5)),
    )
    .await;
    for _ in 0..3 {
        // A lower bound only: a busy machine can make a request slower, never faster.
        let started = std::time::Instant::now();
        assert_eq!(
            env.api(Api::AccountCheck, json!({"CheckItem": [{"UserID": "a"}]}))
                .await
                .code(),
            0
        );
        assert!(started.elapsed() >= Duration::from_millis(120));
    }
    // The inspection endpoints are never delayed: nothing to measure, but the setting shows.
    let faults = env.control_get("faults").await;
    assert_eq!(faults["latency_ms"], 120);
    assert_eq!(faults["jitter_ms"], 5);
    assert_eq!(faults["stall_ms"], 60_000);
}
