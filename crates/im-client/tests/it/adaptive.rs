//! Adaptive slow-down: a client configured above the service's real limit converges below it,
//! and the throttled answers stop.

use std::time::Duration;

use im_client::RateLimits;
use im_emulator::Emulator;
use im_proto::Api;

use crate::support::{check, client_for, ids};

#[tokio::test(start_paused = true)]
async fn throttles_stop_growing_once_the_rate_has_converged() {
    // The service allows 20 checks a second; the client is told 100.
    let emulator = Emulator::builder()
        .rate_limit(Api::AccountCheck, Some(20))
        .build();
    let client = client_for(&emulator)
        .endpoint("http://127.0.0.1:9")
        .transport(std::sync::Arc::new(emulator.in_process_transport()))
        .rate_limits(RateLimits::default().set(Api::AccountCheck, Some(100)))
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    let mut workers = Vec::new();
    for _ in 0..8 {
        let client = client.clone();
        workers.push(tokio::spawn(async move {
            let accounts = ids(&["a", "b"]);
            while started.elapsed() < Duration::from_secs(60) {
                let _ = check(&client, &accounts).await;
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(30)).await;
    let converged = client.stats();
    tokio::time::sleep(Duration::from_secs(25)).await;
    let later = client.stats();
    for worker in workers {
        worker.await.unwrap();
    }
    assert!(converged.throttled > 0, "the service throttled at first");
    assert!(converged.rate_decreases > 0);
    assert_eq!(
        later.throttled, converged.throttled,
        "no throttled answer after convergence"
    );
    let rate = client
        .effective_rates()
        .into_iter()
        .find(|(api, _)| *api == Api::AccountCheck)
        .unwrap()
        .1;
    assert!((15..=20).contains(&rate), "{rate}");
    // And the calls went on at about the real limit.
    let calls = later.calls - converged.calls;
    assert!(calls >= 25 * 14, "{calls} calls in 25 s");
}
