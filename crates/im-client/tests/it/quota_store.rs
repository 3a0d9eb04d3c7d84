//! Issue 27: the quotas of a day and the weighted quotas of a second or a minute in the budget
//! shared in Redis (a real `redis-server` on loopback): one count of the day for every client
//! of the store, refusing without counting past the limit and expiring at the day's end; a
//! quota of items reserved in cells of the store's GCRA, a call's items each.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use im_client::{Error, QuotaError, RateFallback, RateStore};

use crate::fake_api::{CountThings, Log, SpreadThings, fake_service};
use crate::redis_server::RedisServer;

/// Seconds to the next midnight in Beijing (UTC+8) by the system clock.
fn to_midnight_cst() -> i64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    i64::try_from(86_400 - (now + 8 * 3600) % 86_400).unwrap()
}

/// Not within two minutes of midnight in Beijing: the day could change during the test.
fn away_from_midnight() {
    let left = to_midnight_cst();
    if left < 120 {
        std::thread::sleep(Duration::from_secs(left.unsigned_abs() + 1));
    }
}

fn client(store: &RateStore) -> (im_client::Client, Log) {
    let store = store.clone();
    fake_service(
        |_, _, _| Ok(serde_json::json!({})),
        move |b| b.rate_store(store),
    )
}

async fn count(client: &im_client::Client) -> Result<(), Error> {
    client.call(&CountThings::to(1, None)).await.map(drop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_quota_is_one_count_for_every_client_of_the_store() {
    away_from_midnight();
    let redis = RedisServer::start();
    let store = RateStore::open(&redis.url()).unwrap().prefix("test-day");
    let (a, log_a) = client(&store);
    let (b, log_b) = client(&store);
    count(&a).await.unwrap();
    count(&b).await.unwrap();
    count(&a).await.unwrap();
    for client in [&b, &a] {
        let err = count(client).await.unwrap_err();
        let Error::Quota(QuotaError::Exhausted {
            used, resets_at, ..
        }) = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(*used, 3);
        let resets = resets_at.duration_since(UNIX_EPOCH).unwrap().as_secs();
        assert_eq!((resets + 8 * 3600) % 86_400, 0, "a midnight at UTC+8");
    }
    let sent = log_a.lock().unwrap().len() + log_b.lock().unwrap().len();
    assert_eq!(sent, 3, "the refused calls were not sent");

    let key = "test-day:1400000000:v4/fake_svc/count_things:day-calls";
    assert_eq!(
        redis.command(&["GET", key]),
        "3",
        "a refusal counts nothing"
    );
    let ttl: i64 = redis
        .command(&["TTL", key])
        .trim_start_matches(':')
        .parse()
        .unwrap();
    assert!(
        (ttl - to_midnight_cst()).abs() <= 5,
        "expires at the day's end: {ttl} s, midnight in {} s",
        to_midnight_cst()
    );
    assert_eq!(a.stats().store_fallbacks, 0);

    // The day's end (the key expires): the next day counts from zero.
    redis.command(&["PEXPIRE", key, "1"]);
    tokio::time::sleep(Duration::from_millis(20)).await;
    count(&b).await.unwrap();
    assert_eq!(redis.command(&["GET", key]), "1");
}

/// Two clients each sending 8 calls of 50 recipients under 300 recipients a second: the store
/// counts each call's 50 (at 250 a second after a burst of 50, the 800 take at least 3 s),
/// where counting calls would let them all through at once and two local limiters twice as
/// fast.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quota_of_items_takes_each_calls_items_from_the_shared_budget() {
    let redis = RedisServer::start();
    let store = RateStore::open(&redis.url()).unwrap().prefix("test-items");
    let started = tokio::time::Instant::now();
    let jobs: Vec<_> = (0..2)
        .map(|_| {
            let (client, log) = client(&store);
            tokio::spawn(async move {
                for _ in 0..8 {
                    client.call(&SpreadThings::to(50, None)).await.unwrap();
                }
                (client.stats(), log.lock().unwrap().len())
            })
        })
        .collect();
    for job in jobs {
        let (stats, sent) = job.await.unwrap();
        assert_eq!(sent, 8);
        assert_eq!(stats.store_fallbacks, 0, "{stats:?}");
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(2900), "{elapsed:?}");
    let key = "test-items:1400000000:v4/fake_svc/spread_things:second-items";
    assert_ne!(
        redis.command(&["GET", key]),
        "",
        "the quota's key is in the store"
    );
}

/// With the store down, a day's quota falls back to this process' share of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_quota_falls_back_to_the_process_share() {
    away_from_midnight();
    let mut redis = RedisServer::start();
    let url = redis.url();
    redis.stop();
    let store = RateStore::open(&url)
        .unwrap()
        .prefix("test-day-down")
        .fallback(RateFallback::Local { share: 0.5 });
    let (client, log) = client(&store);
    count(&client).await.unwrap();
    let err = count(&client).await.unwrap_err();
    assert!(
        matches!(&err, Error::Quota(QuotaError::Exhausted { used: 1, .. })),
        "half of 3 a day is 1: {err:?}"
    );
    assert_eq!(log.lock().unwrap().len(), 1);
    assert!(client.stats().store_fallbacks > 0);
}
