//! Paged reads as a stream (`Client::pages`), against a fake transport answering the group
//! service's paged reads (the emulator does not serve them): every next request comes from the
//! declaration's cursor, offset and limit alone.

use std::sync::{Arc, Mutex};

use futures::StreamExt;
use im_client::{Client, Error, PageCursor, Pages};
use im_proto::Endpoint;
use im_proto::account::account_check;
use im_proto::group::{get_appid_group_list, get_group_member_info};
use im_transport::test_util::{FnTransport, json_response};
use serde_json::{Value, json};

use crate::support::id;

/// The bodies the fake service received, in order.
type Seen = Arc<Mutex<Vec<Value>>>;

/// A client whose transport answers each request body with `answer(body)`.
fn fake(answer: impl Fn(&Value) -> Value + Send + Sync + 'static) -> (Client, Seen) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let answer = Arc::new(answer);
    let transport = FnTransport::new(move |request: http::Request<im_transport::Bytes>| {
        let body: Value = serde_json::from_slice(request.body()).unwrap();
        let mut reply = answer(&body);
        reply["ActionStatus"] = json!("OK");
        reply["ErrorCode"] = json!(0);
        log.lock().unwrap().push(body);
        async move { Ok(json_response(reply.to_string())) }
    });
    let client = Client::builder()
        .sdkappid(1_400_000_000)
        .secret_key("key")
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(transport))
        .build()
        .unwrap();
    (client, seen)
}

fn sent(seen: &Seen, field: &str) -> Vec<Value> {
    let bodies = seen.lock().unwrap();
    bodies.iter().map(|b| b[field].clone()).collect()
}

async fn all<E: Endpoint>(pages: Pages<E>) -> Vec<Result<E::Response, Error>> {
    pages.collect().await
}

const ABOVE_32_BITS: u64 = (1 << 32) + 5;
const ABOVE_53_BITS: u64 = (1 << 53) + 1;

/// `get_appid_group_list`: `Next` goes 0 → 2^32+5 → 2^53+1 → 0, one group per page.
fn group_list(body: &Value) -> Value {
    let next = match body.get("Next").and_then(Value::as_u64) {
        None | Some(0) => ABOVE_32_BITS,
        Some(ABOVE_32_BITS) => ABOVE_53_BITS,
        Some(ABOVE_53_BITS) => 0,
        Some(other) => panic!("asked with an unknown cursor {other}"),
    };
    json!({"GroupIdList": [{"GroupId": format!("g{next}")}], "TotalCount": 3, "Next": next})
}

#[tokio::test]
async fn an_integer_cursor_is_followed_exactly_beyond_2_53_until_zero() {
    let (client, seen) = fake(group_list);
    let pages = client
        .pages(get_appid_group_list::Request::new())
        .with_page_size(1);
    let pages: Vec<_> = all(pages).await.into_iter().map(Result::unwrap).collect();
    let nexts: Vec<Option<u64>> = pages.iter().map(|p| p.next).collect();
    assert_eq!(nexts, [Some(ABOVE_32_BITS), Some(ABOVE_53_BITS), Some(0)]);
    assert_eq!(
        sent(&seen, "Next"),
        [Value::Null, json!(ABOVE_32_BITS), json!(ABOVE_53_BITS)]
    );
    // Exact as a u64 on the wire: 2^53+1 is not representable as an f64.
    assert_eq!(sent(&seen, "Next")[2].as_u64(), Some(ABOVE_53_BITS));
    assert_eq!(sent(&seen, "Limit"), [json!(1), json!(1), json!(1)]);
}

/// `get_group_member_info`, offset style: five members in pages of `Limit`.
fn members(body: &Value) -> Value {
    let from = body.get("Offset").and_then(Value::as_u64).unwrap_or(0);
    let limit = body["Limit"].as_u64().unwrap();
    let list: Vec<Value> = (from..5)
        .take(limit as usize)
        .map(|i| json!({"Member_Account": format!("m{i}")}))
        .collect();
    json!({"MemberNum": 5, "MemberList": list})
}

#[tokio::test]
async fn an_offset_advances_by_the_page_and_a_short_page_ends() {
    let (client, seen) = fake(members);
    let pages = client
        .pages(get_group_member_info::Request::new("@TGS#1"))
        .with_page_size(2);
    let counts: Vec<usize> = all(pages)
        .await
        .into_iter()
        .map(|page| page.unwrap().member_list.unwrap().len())
        .collect();
    assert_eq!(counts, [2, 2, 1]);
    assert_eq!(sent(&seen, "Offset"), [Value::Null, json!(2), json!(4)]);
    assert_eq!(sent(&seen, "GroupId"), vec![json!("@TGS#1"); 3]);
}

/// A community's string `Next`: "" → "p2" → "p3" → "".
fn community(body: &Value) -> Value {
    let next = match body["Next"].as_str() {
        Some("") => "p2",
        Some("p2") => "p3",
        Some("p3") => "",
        other => panic!("asked with {other:?}"),
    };
    json!({"MemberList": [{"Member_Account": "m"}, {"Member_Account": "n"}], "Next": next})
}

#[tokio::test]
async fn a_string_cursor_is_followed_until_empty() {
    let (client, seen) = fake(community);
    let mut first = get_group_member_info::Request::new("@TGS#_community");
    first.next = Some(String::new());
    let pages = all(client.pages(first).with_page_size(2)).await;
    let nexts: Vec<String> = pages
        .into_iter()
        .map(|p| p.unwrap().next.unwrap())
        .collect();
    assert_eq!(nexts, ["p2", "p3", ""]);
    assert_eq!(sent(&seen, "Next"), [json!(""), json!("p2"), json!("p3")]);
    assert_eq!(sent(&seen, "Offset"), vec![Value::Null; 3]);
}

#[tokio::test]
async fn a_cursor_that_does_not_move_is_an_error_naming_it() {
    let (client, seen) = fake(|_| json!({"GroupIdList": [], "Next": 7}));
    let mut pages = client.pages(get_appid_group_list::Request::new());
    assert_eq!(pages.next().await.unwrap().unwrap().next, Some(7));
    assert_eq!(pages.next().await.unwrap().unwrap().next, Some(7));
    let err = pages.next().await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(err.to_string().contains("did not move (Next 7"), "{err}");
    assert!(pages.next().await.is_none());
    assert_eq!(seen.lock().unwrap().len(), 2, "never asked a third time");
}

#[tokio::test]
async fn a_saved_cursor_resumes_with_exactly_the_remaining_pages() {
    let (client, seen) = fake(group_list);
    let mut pages = client.pages(get_appid_group_list::Request::new());
    pages.next().await.unwrap().unwrap();
    let saved = serde_json::to_string(&pages.cursor()).unwrap();
    drop(pages);
    assert_eq!(seen.lock().unwrap().len(), 1);

    let cursor: PageCursor = serde_json::from_str(&saved).unwrap();
    assert_eq!(cursor.fields()["Next"].as_u64(), Some(ABOVE_32_BITS));
    let mut rest = client.pages_from(get_appid_group_list::Request::new(), cursor);
    let mut nexts = Vec::new();
    while let Some(page) = rest.next().await {
        nexts.push(page.unwrap().next.unwrap());
    }
    assert_eq!(nexts, [ABOVE_53_BITS, 0]);
    assert_eq!(
        sent(&seen, "Next"),
        [Value::Null, json!(ABOVE_32_BITS), json!(ABOVE_53_BITS)]
    );

    // The end, saved: resuming sends nothing.
    let end = rest.cursor();
    assert!(end.is_done());
    let none = all(client.pages_from(get_appid_group_list::Request::new(), end.clone())).await;
    assert!(none.is_empty());
    assert_eq!(seen.lock().unwrap().len(), 3);

    // A cursor resumes only the read it came from.
    let other = client.pages_from(get_group_member_info::Request::new("@TGS#1"), end);
    let err = all(other).await.remove(0).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().contains("get_appid_group_list"), "{err}");
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn a_page_size_above_the_declared_maximum_is_refused_before_sending() {
    let (client, seen) = fake(group_list);
    for size in [10_001, 0] {
        let pages = client
            .pages(get_appid_group_list::Request::new())
            .with_page_size(size);
        let answers = all(pages).await;
        assert_eq!(answers.len(), 1);
        let err = answers.into_iter().next().unwrap().unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
        let text = err.to_string();
        assert!(
            text.contains(&format!("page size {size} (Limit)")),
            "{text}"
        );
        assert!(text.contains("1..=10000"), "{text}");
    }
    assert!(seen.lock().unwrap().is_empty());
    // At the maximum: sent.
    let pages = client
        .pages(get_appid_group_list::Request::new())
        .with_page_size(10_000);
    assert_eq!(all(pages).await.len(), 3);
    assert_eq!(sent(&seen, "Limit")[0], json!(10_000));
}

#[tokio::test]
async fn an_api_without_pages_is_refused_before_sending() {
    let (client, seen) = fake(|_| json!({}));
    let answers = all(client.pages(account_check::Request::new(vec![id("a")]))).await;
    assert_eq!(answers.len(), 1);
    let err = answers.into_iter().next().unwrap().unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("im_open_login_svc/account_check declares no pages"),
        "{err}"
    );
    assert!(seen.lock().unwrap().is_empty());
}
