//! What a domain crate builds on: the builder building a client of its own over the runtime,
//! reached through `Deref`; `call_with`'s report of what a call went through; per-item failures
//! made from a service's text.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use im_client::{CallReport, Client, ClientBuilder, Failure, RetryPolicy};
use im_emulator::Emulator;
use im_proto::ErrorCode;
use im_proto::account::kick;
use im_transport::test_util::{FnTransport, json_response, response};

use crate::support::{client_for, id};

/// A domain crate's client, as `im_accounts::Client` is: the runtime under a type of its own.
#[derive(Clone, Debug)]
struct Domain(Client);

impl From<Client> for Domain {
    fn from(runtime: Client) -> Self {
        Domain(runtime)
    }
}

impl std::ops::Deref for Domain {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.0
    }
}

impl Domain {
    fn builder() -> ClientBuilder<Domain> {
        ClientBuilder::new()
    }

    /// An operation of the domain, on the runtime's `call`.
    async fn kick(&self, user: &str) -> Result<(), im_client::Error> {
        self.call(&kick::Request::new(id(user))).await.map(drop)
    }
}

#[tokio::test(start_paused = true)]
async fn the_builder_builds_a_domain_client_that_reaches_the_runtime() {
    let emulator = Emulator::builder().build();
    let domain = Domain::builder()
        .sdkappid(emulator.sdkappid())
        .secret_key(emulator.secret_key())
        .admin(emulator.admin())
        .endpoint(im_emulator::IN_PROCESS_BASE_URL)
        .transport(Arc::new(emulator.in_process_transport()))
        .build()
        .unwrap();
    let body = serde_json::json!({"UserID": "alice"});
    let answer = domain
        .call_raw("im_open_login_svc", "account_import", &body)
        .await
        .unwrap();
    assert_eq!(answer["ActionStatus"], "OK");
    domain.kick("alice").await.unwrap();
    assert_eq!(emulator.account_count(), 1);
    assert_eq!(domain.stats().calls, 2);
    assert_eq!(domain.sdkappid(), emulator.sdkappid());

    // The same settings, checked the same way, whatever the builder builds.
    let err = Domain::builder().secret_key("k").build().unwrap_err();
    assert!(err.to_string().contains("SDKAppID is not set"), "{err}");
    let debug = format!("{:?}", Domain::builder().secret_key("topsecret"));
    assert!(!debug.contains("topsecret"), "{debug}");
}

#[tokio::test(start_paused = true)]
async fn call_with_reports_each_attempt_and_whether_it_may_have_been_processed() {
    let emulator = Emulator::builder().build();
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    // A gateway error first (the service may have acted on it), then a throttled answer, then OK.
    let transport = FnTransport::new(move |_req| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        async move {
            Ok(match n {
                0 => response(502, "bad gateway"),
                1 => json_response(r#"{"ActionStatus":"FAIL","ErrorCode":60007,"ErrorInfo":""}"#),
                _ => json_response(r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#),
            })
        }
    });
    let client = client_for(&emulator)
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(transport))
        .build()
        .unwrap();
    let policy = RetryPolicy::default()
        .max_attempts(5)
        .throttle_delay(Duration::from_millis(10));
    let (result, report) = client
        .call_with(&kick::Request::new(id("a")), &policy)
        .await;
    result.unwrap();
    assert_eq!(
        (
            report.attempts,
            report.sent,
            report.throttled,
            report.ambiguous
        ),
        (3, 3, 1, true),
        "{report:?}"
    );

    // A stopped client: the attempt starts, and never leaves.
    client.stop_sending();
    let (result, report) = client
        .call_with(&kick::Request::new(id("b")), &policy)
        .await;
    assert!(
        matches!(result, Err(im_client::Error::Stopped)),
        "{result:?}"
    );
    assert_eq!((report.attempts, report.sent), (1, 0), "{report:?}");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    assert_eq!(CallReport::default().attempts, 0);
}

#[test]
fn a_service_failure_keeps_its_text_with_credentials_masked() {
    let sig = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiU";
    let failure = Failure::service(ErrorCode::new(70107), &format!("no such account {sig}"));
    let text = failure.to_string();
    assert!(!text.contains(sig), "{text}");
    assert!(text.contains("no such account <redacted>"), "{text}");
    assert_eq!(failure.code(), Some(ErrorCode::new(70107)));
}

/// `require_region`: a region without the service is refused with a typed error naming the
/// service, the region and the regions that offer it; a supported region and an explicit
/// endpoint (no region) pass.
#[test]
fn require_region_refuses_a_region_without_the_service() {
    use im_client::{ConfigError, Error, Region};
    const SEARCH: &[Region] = &[Region::China, Region::Singapore];
    let build = |builder: ClientBuilder| {
        builder
            .sdkappid(1_400_000_000)
            .secret_key("k")
            .build()
            .unwrap()
    };
    let tokyo = build(Client::builder().region(Region::Tokyo));
    let err = tokyo.require_region("cloud search", SEARCH).unwrap_err();
    match &err {
        Error::Config(ConfigError::RegionUnsupported {
            service,
            region,
            supported,
        }) => assert_eq!(
            (*service, *region, *supported),
            ("cloud search", Region::Tokyo, SEARCH)
        ),
        other => panic!("not RegionUnsupported: {other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains("tokyo") && text.contains("china, singapore"),
        "{text}"
    );
    let singapore = build(Client::builder().region(Region::Singapore));
    singapore.require_region("cloud search", SEARCH).unwrap();
    let local = build(Client::builder().endpoint("http://127.0.0.1:9"));
    local.require_region("cloud search", SEARCH).unwrap();
}
