//! Issue 27: every quota an endpoint declares is enforced before sending, for an endpoint
//! declared by the test (`fake_api.rs`), with no code for it in im-client: a day's quota
//! refuses the call that would go past it, names itself and when it resets, and resets at
//! midnight at its offset; a minute's quota of items counts each call's items.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::StreamExt;
use im_client::{Error, QuotaError, Quotas, RetryPolicy};
use im_proto::{Endpoint, Per, QuotaCount};

use crate::fake_api::{CST, ListThings, Log, SendThings, fake_service, things};

/// Seconds to the next midnight in Beijing (UTC+8) by the system clock.
fn to_midnight_cst() -> u64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    86_400 - (now + 8 * 3600) % 86_400
}

/// The tests count calls of "today": not within two minutes of midnight in Beijing, when the
/// day could change during the test for a reason of its own.
fn away_from_midnight() {
    let left = to_midnight_cst();
    if left < 120 {
        std::thread::sleep(Duration::from_secs(left + 1));
    }
}

fn received(log: &Log) -> usize {
    log.lock().unwrap().len()
}

/// The "Done when" of issue 27: a paged API and a day's quota, both declared by the test.
#[tokio::test(start_paused = true)]
async fn a_declared_paged_api_streams_its_pages_and_its_day_quota_refuses_the_fourth_call() {
    away_from_midnight();
    let (client, log) = fake_service(|_, _, body| things(body), |b| b);

    // (a) The stream follows the declared cursor to its end: three pages, three calls.
    let pages: Vec<_> = client
        .pages(ListThings::default())
        .with_page_size(2)
        .collect()
        .await;
    let things: Vec<String> = pages
        .into_iter()
        .flat_map(|page| page.unwrap().things)
        .collect();
    assert_eq!(things, ["a", "b", "c", "d", "e"]);
    let cursors: Vec<_> = log
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.json()["Cursor"].clone())
        .collect();
    assert_eq!(cursors, [serde_json::Value::Null, "p2".into(), "p3".into()]);

    // (b) The fourth call of the day is refused before anything is sent.
    let err = client.call(&ListThings::default()).await.unwrap_err();
    assert_eq!(received(&log), 3, "nothing sent");
    let Error::Quota(QuotaError::Exhausted {
        api,
        quota,
        used,
        requested,
        resets_at,
        ..
    }) = &err
    else {
        panic!("not the day's quota: {err:?}")
    };
    assert_eq!(api, "fake_svc/list_things");
    assert_eq!(
        (quota.limit, quota.per, quota.counts),
        (3, CST, QuotaCount::Calls)
    );
    assert_eq!((*used, *requested), (3, 1));
    // The next midnight in Beijing, as an absolute time.
    let resets = resets_at.duration_since(UNIX_EPOCH).unwrap().as_secs();
    assert_eq!((resets + 8 * 3600) % 86_400, 0, "a midnight at UTC+8");
    let ahead = resets_at.duration_since(SystemTime::now()).unwrap();
    assert!(
        ahead <= Duration::from_secs(86_400),
        "the next one: {ahead:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("fake_svc/list_things allows 3 calls a day; 3 used")
            && text.contains("resets at")
            && text.ends_with("(midnight UTC+08:00)"),
        "{text}"
    );
    assert!(!err.is_retryable(), "a quota refusal is never retried");
    assert_eq!(err.kind().to_string(), "quota");
    // A stream, too, yields the refusal and ends, sending nothing.
    let refused: Vec<_> = client.pages(ListThings::default()).collect().await;
    assert!(
        matches!(refused.as_slice(), [Err(Error::Quota(_))]),
        "{refused:?}"
    );
    assert_eq!(received(&log), 3);
    assert_eq!(client.stats().requests, 3);

    // The next day (on the client's clock), the quota is back.
    tokio::time::advance(ahead + Duration::from_secs(1)).await;
    let page = client.call(&ListThings::default()).await.unwrap();
    assert_eq!(page.things, ["a", "b"]);
    assert_eq!(received(&log), 4);
}

/// A raised quota is enforced at its new figure; `Quotas::off` enforces none.
#[tokio::test(start_paused = true)]
async fn a_raised_day_quota_is_enforced_at_its_figure() {
    away_from_midnight();
    let meta = ListThings::METADATA;
    let raised = Quotas::default()
        .set(&meta, CST, QuotaCount::Calls, Some(5))
        .unwrap();
    let (client, log) = fake_service(|_, _, body| things(body), |b| b.quotas(raised));
    for _ in 0..5 {
        client.call(&ListThings::default()).await.unwrap();
    }
    let err = client.call(&ListThings::default()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Quota(q) if q.quota().limit == 5),
        "{err:?}"
    );
    assert_eq!(received(&log), 5);

    let (client, log) = fake_service(|_, _, body| things(body), |b| b.quotas(Quotas::off()));
    for _ in 0..8 {
        client.call(&ListThings::default()).await.unwrap();
    }
    assert_eq!(received(&log), 8);
}

/// 1000 recipients a minute, calls of 100: each call takes 100, so no minute sees more than
/// 999 and the calls are spread over minutes; calls of one recipient take one each.
#[tokio::test(start_paused = true)]
async fn a_minute_quota_of_items_counts_each_calls_items() {
    let (client, log) = fake_service(|_, _, _| Ok(serde_json::json!({})), |b| b);
    let started = tokio::time::Instant::now();
    for i in 0..12 {
        let send = SendThings::to(100, Some(i));
        client.call(&send).await.unwrap();
    }
    let sent: Vec<_> = log
        .lock()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.at - started,
                r.json()["To_Account"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(sent.len(), 12);
    for (i, (at, _)) in sent.iter().enumerate() {
        let end = *at + Duration::from_secs(60);
        let items: usize = sent[i..]
            .iter()
            .take_while(|(t, _)| *t < end)
            .map(|(_, n)| n)
            .sum();
        assert!(items <= 999, "{items} recipients in the minute from {at:?}");
    }
    // 1200 recipients at 900 a minute after a burst of 100: over a minute.
    assert!(
        started.elapsed() >= Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );

    // The same number of calls of one recipient each fits in one burst.
    let (client, log) = fake_service(|_, _, _| Ok(serde_json::json!({})), |b| b);
    let started = tokio::time::Instant::now();
    for i in 0..12 {
        client.call(&SendThings::to(1, Some(i))).await.unwrap();
    }
    assert_eq!(received(&log), 12);
    // On the paused clock: only the calls-per-second pace moved it.
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

/// A call carrying more items than a (lowered) quota admits at once is refused by name,
/// before anything is sent, and never retried.
#[tokio::test(start_paused = true)]
async fn a_call_larger_than_its_quota_admits_is_refused() {
    let meta = SendThings::METADATA;
    let lowered = Quotas::default()
        .set(&meta, Per::Minute, QuotaCount::Items, Some(50))
        .unwrap();
    let (client, log) = fake_service(
        |_, _, _| Ok(serde_json::json!({})),
        |b| b.quotas(lowered).retry_policy(RetryPolicy::default()),
    );
    let (result, report) = client
        .call_with(&SendThings::to(100, Some(1)), &RetryPolicy::default())
        .await;
    let err = result.unwrap_err();
    let Error::Quota(QuotaError::TooLarge { items, admits, .. }) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((*items, *admits), (100, 49));
    assert_eq!(
        err.to_string(),
        "one call of fake_svc/send_things with 100 items exceeds what its quota of 50 items a \
         minute admits at once (49 items): not sent; split it into smaller calls"
    );
    assert_eq!((report.attempts, report.sent), (1, 0));
    assert_eq!(received(&log), 0);
    client.call(&SendThings::to(49, Some(2))).await.unwrap();
    assert_eq!(received(&log), 1);
}

/// The calls-per-second quota of a table API set in `Quotas` takes the place of the
/// `RateLimits` figure.
#[test]
fn a_calls_per_second_quota_set_here_is_the_rate() {
    let check = im_proto::Api::AccountCheck;
    let quotas = Quotas::default()
        .set(check.metadata(), Per::Second, QuotaCount::Calls, Some(7))
        .unwrap();
    let (client, _) = fake_service(|_, _, _| Ok(serde_json::json!({})), |b| b.quotas(quotas));
    let rates = client.effective_rates();
    assert!(rates.contains(&(check, 7)), "{rates:?}");
    let other = im_proto::Api::AccountImport;
    let documented = other.metadata().default_calls_per_second;
    assert!(rates.contains(&(other, documented)), "{rates:?}");
}
