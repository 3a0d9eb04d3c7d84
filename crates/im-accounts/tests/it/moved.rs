//! The runtime moved to im-client: `im_accounts::Client` derefs to it, and the old paths of its
//! items still work (deprecated aliases of the same types; one test per group).

use std::sync::Arc;

use im_emulator::Emulator;
use im_proto::{Api, ErrorCode};

use crate::support::{id, in_process};

/// The accounts client is the runtime's, under a type of its own: the runtime's methods work on
/// it through `Deref`, and it converts both ways.
#[tokio::test(start_paused = true)]
async fn the_accounts_client_derefs_to_the_runtime() {
    let (emulator, client) = in_process(Emulator::builder());
    client.account_import(id("alice")).await.unwrap();
    let body = serde_json::json!({"CheckItem": [{"UserID": "alice"}]});
    let answer = client
        .call_raw("im_open_login_svc", "account_check", &body)
        .await
        .unwrap();
    assert_eq!(answer["ResultItem"][0]["AccountStatus"], "Imported");
    assert_eq!(client.stats().calls, 2);
    assert_eq!(emulator.stats().requests(Api::AccountCheck), 1);

    // The runtime by reference, by value, and back: one client (shared counters).
    let runtime: &im_client::Client = client.runtime();
    assert_eq!(runtime.stats().calls, 2);
    assert_eq!(format!("{client:?}"), format!("{runtime:?}"));
    let by_value: im_client::Client = client.clone().into_runtime();
    let again = im_accounts::Client::from(by_value);
    again.kick(&id("alice")).await.unwrap();
    assert_eq!(client.stats().calls, 3);
    let converted: im_client::Client = again.into();
    assert_eq!(converted.stats().calls, 3);

    // The accounts builder is the runtime's, set to build this crate's client.
    let built: im_accounts::Client = im_accounts::ClientBuilder::default()
        .sdkappid(1)
        .secret_key("k")
        .build()
        .unwrap();
    assert_eq!(built.sdkappid(), 1);
}

#[allow(deprecated, reason = "the test of the deprecated aliases")]
mod aliases {
    use super::*;

    /// `Error`, `ConfigError`, `DecodeError`, `HttpStatusError`, `InvalidInput`, `Failure` and
    /// `FailureKind`: the same types, variants and methods included.
    #[tokio::test(start_paused = true)]
    async fn errors_and_failures() {
        let (_emulator, client) = in_process(Emulator::builder());
        let err: im_accounts::Error = client.kick(&id("ghost")).await.unwrap_err();
        assert!(matches!(&err, im_accounts::Error::Api(api) if api.code().get() == 70107));
        assert_eq!(
            err.kind(),
            im_accounts::FailureKind::Code(ErrorCode::new(70107))
        );

        let config = im_accounts::Error::config("the setting");
        let im_accounts::Error::Config(message) = &config else {
            panic!("{config:?}");
        };
        let message: &im_accounts::ConfigError = message;
        assert_eq!(message.message(), "the setting");
        let invalid = im_accounts::Error::invalid("the rule");
        assert!(matches!(
            invalid,
            im_accounts::Error::InvalidInput(im_accounts::InvalidInput::Other(ref m)) if m == "the rule"
        ));
        let status = |e: &im_accounts::HttpStatusError| e.status();
        let decode = |e: &im_accounts::DecodeError| e.message().to_owned();
        if let im_accounts::Error::HttpStatus(e) = &err {
            status(e);
        } else if let im_accounts::Error::Decode(e) = &err {
            decode(e);
        }

        let failure = im_accounts::Failure::Request(Arc::new(err));
        assert_eq!(failure.code(), Some(ErrorCode::new(70107)));
        assert!(matches!(
            im_accounts::Failure::NoResult.kind(),
            im_accounts::FailureKind::NoResult
        ));
        let item: im_client::Failure = im_accounts::Failure::service(ErrorCode::new(40003), "x");
        assert_eq!(item.label(), "40003");
    }

    /// `RetryPolicy`, `RateLimits`, `Region`, `BaseUrl`, `UnknownRegion`, `ClientStats` and
    /// `DEFAULT_ADMIN` configure and describe the accounts client as before.
    #[test]
    fn configuration_and_statistics() {
        let unknown: im_accounts::UnknownRegion =
            "mars".parse::<im_accounts::Region>().unwrap_err();
        assert!(unknown.to_string().contains("mars"), "{unknown}");
        assert_eq!(im_accounts::Region::ALL.len(), 8);
        let client = im_accounts::Client::builder()
            .sdkappid(1)
            .secret_key("k")
            .region(im_accounts::Region::Singapore)
            .retry_policy(im_accounts::RetryPolicy::none())
            .rate_limits(im_accounts::RateLimits::off())
            .build()
            .unwrap();
        assert_eq!(
            client.base_url(),
            &im_accounts::BaseUrl::Region(im_accounts::Region::Singapore)
        );
        assert_eq!(client.retry_policy(), &im_accounts::RetryPolicy::none());
        assert_eq!(client.admin(), im_accounts::DEFAULT_ADMIN);
        let stats: im_accounts::ClientStats = client.stats();
        assert_eq!(stats, im_accounts::ClientStats::default());
        let custom = im_accounts::BaseUrl::custom("http://127.0.0.1:9").unwrap();
        assert!(matches!(custom, im_accounts::BaseUrl::Custom { .. }));
    }

    /// `RateStore`, `RateFallback`, `RateStoreError`, `RateStoreEvent`, `RateStoreStats`, and
    /// `RedactedStoreUrl` (re-exported as it is: its constructor works at the old path).
    #[cfg(feature = "redis")]
    #[tokio::test(flavor = "current_thread")]
    async fn the_shared_rate_store() {
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let url = format!("redis://user:hunter2@{closed}/0");
        let store: im_accounts::RateStore = im_accounts::RateStore::open(&url)
            .unwrap()
            .fallback(im_accounts::RateFallback::Wait);
        assert_eq!(store.fallback_policy(), im_accounts::RateFallback::Wait);
        let err: im_accounts::RateStoreError = store.check().await.unwrap_err();
        assert!(!err.is_bad_answer(), "{err}");
        let event = im_accounts::RateStoreEvent::Unavailable(err);
        assert!(matches!(event, im_accounts::RateStoreEvent::Unavailable(_)));
        let stats: im_accounts::RateStoreStats = store.stats();
        assert_eq!(stats.fallbacks, 0);
        let shown = im_accounts::RedactedStoreUrl(&url).to_string();
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    /// The bulk engine's types moved to `im_client::bulk`: `bulk::Positions`,
    /// `ParsePositionsError`, `Counts` and `Progress` are the same types at their old paths,
    /// and an account run's report and progress are made of them.
    #[tokio::test(start_paused = true)]
    async fn the_bulk_engine_types() {
        use im_accounts::bulk::{BulkItem, BulkOp, BulkOptions};

        let done: im_accounts::bulk::Positions = "0-3,7".parse().unwrap();
        let same: im_client::bulk::Positions = done.clone();
        assert_eq!(same.low_watermark(), 4);
        let err: im_accounts::bulk::ParsePositionsError =
            "x".parse::<im_client::bulk::Positions>().unwrap_err();
        assert!(err.to_string().contains("\"x\""), "{err}");

        let (_emulator, client) = in_process(Emulator::builder().without_rate_limits());
        let items = ["a", "b", "a"].map(BulkItem::account);
        let run = client.bulk_iter(BulkOp::Import, items, BulkOptions::default());
        let progress: tokio::sync::watch::Receiver<im_accounts::bulk::Progress> = run.progress();
        let report = run.finish().await;
        let counts: &im_accounts::bulk::Counts<im_accounts::bulk::SuccessKind> = &report.by_status;
        assert_eq!((counts["imported"], counts["duplicate"]), (2, 1));
        let last: im_client::bulk::Progress = progress.borrow().clone();
        assert_eq!((last.done, last.duplicates), (3, 1));
    }
}
