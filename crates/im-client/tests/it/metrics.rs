//! The `metrics` feature: calls, attempts, failures by code and latency reach the installed
//! recorder, labelled by API.

use metrics_util::debugging::{DebugValue, DebuggingRecorder};

use im_emulator::Emulator;

use crate::support::{id, import, in_process, kick};

#[test]
fn calls_failures_and_latency_reach_the_recorder() {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    metrics::with_local_recorder(&recorder, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .start_paused(true)
            .build()
            .unwrap();
        runtime.block_on(async {
            let (_emulator, client) = in_process(Emulator::builder());
            import(&client, id("m1")).await.unwrap();
            let err = kick(&client, &id("ghost")).await.unwrap_err();
            assert_eq!(err.error_code().map(|c| c.get()), Some(70107));
        });
    });
    let snapshot = snapshotter.snapshot().into_vec();
    let find = |name: &str, labels: &[(&str, &str)]| {
        snapshot.iter().find_map(|(key, _, _, value)| {
            let key = key.key();
            let matches = key.name() == name
                && labels
                    .iter()
                    .all(|(k, v)| key.labels().any(|l| l.key() == *k && l.value() == *v));
            matches.then_some(value)
        })
    };
    assert_eq!(
        find(
            "im_accounts_calls_total",
            &[("api", "account_import"), ("outcome", "ok")]
        ),
        Some(&DebugValue::Counter(1))
    );
    assert_eq!(
        find(
            "im_accounts_failures_total",
            &[("api", "kick"), ("code", "70107")]
        ),
        Some(&DebugValue::Counter(1))
    );
    assert!(matches!(
        find("im_accounts_call_duration_seconds", &[("api", "kick")]),
        Some(DebugValue::Histogram(values)) if values.len() == 1
    ));
    assert!(find("im_accounts_attempts_total", &[("api", "kick")]).is_some());
}
