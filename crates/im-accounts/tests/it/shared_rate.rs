//! The rate budget shared in Redis: clients that each believe they may make 200 calls a
//! second stay, together, under a service limit of 200; without it they are throttled; Redis
//! stopping mid-run slows the jobs to the fallback share and loses nothing.

use std::time::Duration;

use futures::StreamExt;
use im_accounts::Client;
use im_accounts::bulk::{BulkOp, BulkOptions};
use im_client::{RateFallback, RateLimits, RateStore};
use im_emulator::{Emulator, EmulatorHandle};
use im_proto::Api;

use crate::redis_server::RedisServer;
use crate::support::client_for;

const CLIENTS: usize = 4;
/// Accounts per client: 150 calls each, 600 in all, three seconds at 200 a second.
const ACCOUNTS: usize = 15_000;

/// Accounts per client of the local limiters' run: 20 calls each, 80 in all, against a limit of
/// 50 a second that four limiters at 50 overshoot even on a loaded machine.
const LOCAL_ACCOUNTS: usize = 2_000;

async fn emulator(limit: u32) -> EmulatorHandle {
    Emulator::builder()
        .rate_limit(Api::MultiaccountImport, Some(limit))
        .build()
        .start_local()
        .await
        .unwrap()
}

fn client(handle: &EmulatorHandle, store: Option<RateStore>, rate: u32) -> Client {
    let mut builder = client_for(handle.emulator())
        .endpoint(handle.base_url())
        .rate_limits(RateLimits::default().set(Api::MultiaccountImport, Some(rate)));
    if let Some(store) = store {
        builder = builder.rate_store(store);
    }
    builder.build().unwrap()
}

/// Runs one import per client at once; the accounts each imported.
async fn import_all(clients: &[Client], prefix: &str, accounts: usize) -> Vec<usize> {
    let jobs = clients.iter().enumerate().map(|(c, client)| {
        let ids: Vec<im_accounts::bulk::BulkItem> = (0..accounts)
            .map(|i| format!("{prefix}{c}_{i}").into())
            .collect();
        let client = client.clone();
        tokio::spawn(async move {
            let mut run = client.bulk_iter(BulkOp::Import, ids, BulkOptions::default());
            let mut ok = 0;
            while let Some(outcome) = run.next().await {
                ok += usize::from(outcome.is_ok());
            }
            ok
        })
    });
    let mut done = Vec::new();
    for job in jobs.collect::<Vec<_>>() {
        done.push(job.await.unwrap());
    }
    done
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_budget_for_four_clients_is_never_throttled_four_local_ones_are() {
    let redis = RedisServer::start();
    let handle = emulator(200).await;
    let store = RateStore::open(&redis.url()).unwrap().prefix("test-shared");
    let shared: Vec<Client> = (0..CLIENTS)
        .map(|_| client(&handle, Some(store.clone()), 200))
        .collect();
    let done = import_all(&shared, "s", ACCOUNTS).await;
    assert_eq!(done, vec![ACCOUNTS; CLIENTS], "every account imported");
    assert_eq!(handle.stats().throttled(), 0, "the shared budget held");
    let stats = shared[0].stats();
    assert!(
        stats.store_round_trips >= (ACCOUNTS / 100) as u64,
        "{stats:?}"
    );
    assert_eq!(stats.store_fallbacks, 0);

    handle.shutdown().await;

    // With each client's own limiter, together they go four times too fast (at a lower limit,
    // which a loaded machine still overshoots).
    let handle = emulator(50).await;
    let local: Vec<Client> = (0..CLIENTS).map(|_| client(&handle, None, 50)).collect();
    let done = import_all(&local, "l", LOCAL_ACCOUNTS).await;
    assert_eq!(
        done,
        vec![LOCAL_ACCOUNTS; CLIENTS],
        "retries still import everything"
    );
    assert!(handle.stats().throttled() > 0, "local limiters overshoot");
    handle.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_stopping_mid_run_falls_back_and_loses_nothing() {
    let mut redis = RedisServer::start();
    let handle = emulator(200).await;
    let store = RateStore::open(&redis.url())
        .unwrap()
        .prefix("test-fallback")
        .timeout(Duration::from_millis(100))
        .fallback(RateFallback::Local { share: 0.25 });
    let clients: Vec<Client> = (0..CLIENTS)
        .map(|_| client(&handle, Some(store.clone()), 200))
        .collect();
    let jobs = tokio::spawn({
        let clients = clients.clone();
        async move { import_all(&clients, "f", ACCOUNTS).await }
    });
    // Redis goes once it has answered (on a loaded machine, the first reservations may time
    // out: Redis is tried again 5 s later).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while store.stats().round_trips == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "Redis never answered"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    redis.stop();
    let done = jobs.await.unwrap();
    assert_eq!(done, vec![ACCOUNTS; CLIENTS], "nothing lost");
    assert_eq!(handle.account_count(), CLIENTS * ACCOUNTS);
    let stats = clients[0].stats();
    assert!(
        stats.store_round_trips > 0 && stats.store_fallbacks > 0,
        "{stats:?}"
    );
    handle.shutdown().await;
}

#[tokio::test]
async fn a_bad_store_url_is_a_configuration_error_without_its_password() {
    let err = RateStore::open("http://user:hunter2@127.0.0.1/0").unwrap_err();
    let text = err.to_string();
    assert!(text.contains("rate store"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}

/// Issue 24, item 13: a process whose own rate is low (`--rate 2`) paces only itself; the
/// others sharing the key keep the API's budget. The slow client's three calls take at least
/// two seconds by its own pace; in that time the fast one, alone on a budget of 98 calls a
/// second, makes far more than 40 calls. Before, each slow call reserved a whole second of
/// the shared key and the fast client made a handful.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_low_own_rate_paces_only_its_own_process() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let redis = RedisServer::start();
    let handle = Emulator::builder()
        .without_rate_limits()
        .build()
        .start_local()
        .await
        .unwrap();
    let store = || {
        RateStore::open(&redis.url())
            .unwrap()
            .prefix("test-own-rate")
    };
    let slow = client_for(handle.emulator())
        .endpoint(handle.base_url())
        .rate_limits(RateLimits::default().set(Api::AccountCheck, Some(2)))
        .rate_store(store())
        .build()
        .unwrap();
    let fast = client_for(handle.emulator())
        .endpoint(handle.base_url())
        .rate_store(store())
        .build()
        .unwrap();
    let ids = crate::support::ids(&["own_rate"]);
    let done = Arc::new(AtomicBool::new(false));
    let slow_job = tokio::spawn({
        let (done, ids) = (done.clone(), ids.clone());
        async move {
            for _ in 0..3 {
                slow.account_check(&ids).await.unwrap();
            }
            done.store(true, Ordering::SeqCst);
        }
    });
    let mut fast_calls = 0u32;
    while !done.load(Ordering::SeqCst) {
        fast.account_check(&ids).await.unwrap();
        fast_calls += 1;
    }
    slow_job.await.unwrap();
    assert!(
        fast_calls >= 40,
        "the fast client made {fast_calls} calls while the slow one made 3"
    );
    handle.shutdown().await;
}
