//! Issue 24, items 14 and 15: what a rate store answers is bounded and checked (a key far in
//! the future, a huge wait, a negative one, an answer that is not the script's), and a store
//! that cannot be used is reported once with its reason, or stops the client when it is
//! required.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use im_client::Client;
use im_client::{Error, RateFallback, RateStore, RateStoreEvent, RateStoreStats};
use im_emulator::{Emulator, EmulatorHandle};
use im_proto::Api;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::redis_server::RedisServer;
use crate::support::{check, client_for, ids};

/// Not a deadline on speed: a call that waits as long as a hostile answer says (hours) would
/// hang the test run instead of failing it.
const HANG_GUARD: Duration = Duration::from_secs(60);

async fn emulator() -> EmulatorHandle {
    Emulator::builder()
        .without_rate_limits()
        .build()
        .start_local()
        .await
        .unwrap()
}

/// The events a store reported.
#[derive(Clone, Default)]
struct Events(Arc<Mutex<Vec<RateStoreEvent>>>);

impl Events {
    fn watch(&self, store: RateStore) -> RateStore {
        let events = self.0.clone();
        store.on_event(move |e| events.lock().unwrap().push(e.clone()))
    }

    fn take(&self) -> Vec<RateStoreEvent> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

fn client(handle: &EmulatorHandle, store: RateStore) -> Client {
    client_for(handle.emulator())
        .endpoint(handle.base_url())
        .rate_store(store)
        .build()
        .unwrap()
}

/// One `account_check`, or a failure to make it within the hang guard.
async fn check_once(client: &Client) -> Result<(), Error> {
    tokio::time::timeout(HANG_GUARD, check(client, &ids(&["store_fault"])))
        .await
        .expect("the call did not wait for what the store answered")
        .map(drop)
}

/// A server speaking enough of Redis' protocol for a client: every command is answered `+OK`,
/// except scripts (`EVALSHA`, `EVAL`), answered `answer` (raw RESP).
async fn fake_store(answer: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("redis://{}/0", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut read = BufReader::new(read);
                while let Some(name) = read_command(&mut read).await {
                    let reply = if name.starts_with("EVAL") {
                        answer
                    } else {
                        "+OK\r\n"
                    };
                    if write.write_all(reply.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

/// Reads one command (an array of bulk strings); its name, upper case.
async fn read_command(read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> Option<String> {
    let mut line = String::new();
    read.read_line(&mut line).await.ok().filter(|n| *n > 0)?;
    let count: usize = line.trim().strip_prefix('*')?.parse().ok()?;
    let mut name = None;
    for _ in 0..count {
        line.clear();
        read.read_line(&mut line).await.ok()?;
        let len: usize = line.trim().strip_prefix('$')?.parse().ok()?;
        let mut value = vec![0u8; len + 2];
        read.read_exact(&mut value).await.ok()?;
        name.get_or_insert_with(|| String::from_utf8_lossy(&value[..len]).to_uppercase());
    }
    name
}

/// Each hostile answer is a fault of the store: the calls are paced by the local fallback
/// (never waiting what it says, never unlimited), counted, and reported once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_answers_are_faults_and_the_fallback_paces_the_calls() {
    let handle = emulator().await;
    let answers = [
        // A negative wait: before, it removed the limit.
        ":-5000\r\n",
        "*2\r\n:-5000\r\n:0\r\n",
        // A wait of a day: before, the call hung for that long.
        ":86400000000\r\n",
        "*2\r\n:86400000000\r\n:0\r\n",
        // Longer than the window by one microsecond.
        "*2\r\n:1000001\r\n:0\r\n",
        // Not the script's answer at all.
        "*2\r\n:0\r\n:-1\r\n",
        "$3\r\nabc\r\n",
        "*1\r\n:0\r\n",
    ];
    for answer in answers {
        let events = Events::default();
        let store = events.watch(RateStore::open(&fake_store(answer).await).unwrap());
        let client = client(&handle, store.clone());
        for _ in 0..3 {
            check_once(&client).await.unwrap();
        }
        let stats = store.stats();
        assert_eq!(
            (stats.round_trips, stats.bad_answers, stats.fallbacks),
            (0, 1, 3),
            "{answer:?}: {stats:?}"
        );
        let events = events.take();
        assert!(
            matches!(&events[..], [RateStoreEvent::Unavailable(err)] if err.is_bad_answer()),
            "{answer:?}: {events:?}"
        );
    }
    handle.shutdown().await;
}

/// A key far ahead of Redis' clock (or not a number) no longer stalls every client: the script
/// resets it, the store reports it, and the calls go on at the shared budget.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_far_in_the_future_is_reset_and_reported() {
    let redis = RedisServer::start();
    let handle = emulator().await;
    let key = format!(
        "test-ahead:{}:{}",
        handle.emulator().sdkappid(),
        Api::AccountCheck.metadata().path()
    );
    let events = Events::default();
    let store = events.watch(RateStore::open(&redis.url()).unwrap().prefix("test-ahead"));
    let client = client(&handle, store.clone());
    // A hundred years ahead, then garbage.
    for (i, hostile) in ["4900000000000000", "nan"].into_iter().enumerate() {
        assert_eq!(redis.command(&["SET", &key, hostile]), "+OK");
        check_once(&client).await.unwrap();
        check_once(&client).await.unwrap();
        let stats = store.stats();
        assert_eq!(stats.key_resets, i as u64 + 1, "{hostile}: {stats:?}");
        assert_eq!(stats.fallbacks, 0, "{hostile}: {stats:?}");
        let value: f64 = redis.command(&["GET", &key]).parse().unwrap();
        assert!(value.is_finite(), "{hostile}: the key holds {value}");
    }
    let events = events.take();
    assert!(
        matches!(&events[..], [
            RateStoreEvent::KeyReset { key: first, ahead },
            RateStoreEvent::KeyReset { key: second, .. },
        ] if *first == key && *second == key && *ahead > Duration::from_secs(86_400 * 365)),
        "{events:?}"
    );
    assert_eq!(store.stats().round_trips, 4);
    handle.shutdown().await;
}

/// A store that cannot be used is reported once, with its reason, however many calls find it
/// down; the fallback paces them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_store_is_reported_once_with_its_reason() {
    let handle = emulator().await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let events = Events::default();
    let url = format!("redis://user:hunter2@{closed}/0");
    let store = events.watch(RateStore::open(&url).unwrap());
    let err = store.check().await.unwrap_err().to_string();
    assert!(err.contains(&closed.to_string()), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
    let client = client(&handle, store.clone());
    for _ in 0..5 {
        check_once(&client).await.unwrap();
    }
    let events = events.take();
    assert!(
        matches!(&events[..], [RateStoreEvent::Unavailable(e)] if e.to_string() == err),
        "{events:?}"
    );
    assert_eq!(store.stats().fallbacks, 5);
    handle.shutdown().await;
}

/// A wrong password is an outage with Redis' reason, never the password.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_password_is_reported_with_the_reason() {
    let redis = RedisServer::start_with(&["--requirepass", "right-horse"]);
    let events = Events::default();
    let store = events.watch(RateStore::open(&redis.url_with_password("hunter2")).unwrap());
    let err = store.check().await.unwrap_err().to_string();
    assert!(err.to_lowercase().contains("auth"), "{err}");
    assert!(
        !err.contains("hunter2") && !err.contains("right-horse"),
        "{err}"
    );
    assert_eq!(events.take().len(), 1);
    // The right one works, and its check ends nothing (there was no outage).
    let store = events.watch(RateStore::open(&redis.url_with_password("right-horse")).unwrap());
    store.check().await.unwrap();
    assert!(events.take().is_empty());
}

/// With [`RateFallback::Fail`], a store that cannot be used stops the client: nothing more is
/// sent, every call fails with `Error::Stopped`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_required_store_that_is_down_stops_the_client() {
    let handle = emulator().await;
    let mut redis = RedisServer::start();
    let store = RateStore::open(&redis.url())
        .unwrap()
        .prefix("test-required")
        .fallback(RateFallback::Fail);
    let client = client(&handle, store.clone());
    check_once(&client).await.unwrap();
    redis.stop();
    for _ in 0..3 {
        let err = check_once(&client).await.unwrap_err();
        assert!(matches!(err, Error::Stopped), "{err}");
    }
    assert_eq!(
        handle.stats().requests(Api::AccountCheck),
        1,
        "nothing sent once the store was lost"
    );
    let RateStoreStats {
        round_trips,
        fallbacks,
        ..
    } = store.stats();
    assert_eq!((round_trips, fallbacks), (1, 1));
    handle.shutdown().await;
}
