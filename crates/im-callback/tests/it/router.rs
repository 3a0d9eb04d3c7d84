//! The router: each command to its typed handler, typed replies back, the same checks as the
//! callback service, no network.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use im_callback::before::{FriendReply, MessageReply, ResultItem};
use im_callback::c2c::C2cBeforeSendMsg;
use im_callback::router::{Received, Router};
use im_callback::service::Callback;
use im_callback::sns::PrevFriendAdd;
use im_callback::{Event, ReplayCache, Reply, StateChange, Token, Verifier, sign};
use serde_json::{Value, json};

const T: u64 = 1_669_872_112;
const TOKEN: &str = "xxxxyyyy";

const BEFORE_SEND: &str = r#"{"CallbackCommand":"C2C.CallbackBeforeSendMsg","From_Account":"jared","To_Account":"Jonh","MsgSeq":48374,"MsgRandom":2837546,"MsgTime":1557481126,"MsgKey":"48374_2837546_1557481126","OnlineOnlyFlag":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"TEXT"}}],"CloudCustomData":"your cloud custom data"}"#;

fn before_send(text: &str) -> String {
    BEFORE_SEND.replace("TEXT", text)
}

fn uri(command: &str) -> String {
    format!(
        "/cb?SdkAppid=1400000000&CallbackCommand={command}&contenttype=json&ClientIP=10.0.0.7&OptPlatform=iOS&Sign={}&RequestTime={T}",
        sign(&Token::new(TOKEN), T)
    )
}

async fn send(router: &Router, method: &str, uri: &str, body: &str) -> (u16, Value) {
    let request = http::Request::builder()
        .method(method)
        .uri(uri)
        .body(Full::new(Bytes::from(body.to_owned())))
        .unwrap();
    let response = router.serve(request).await;
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

/// A moderation handler: links are denied with a code of the app's own, "spam" is dropped,
/// "hi" is rewritten, anything else allowed. It records the client's address it saw.
fn moderation(seen: Arc<AtomicUsize>) -> Router {
    let verifier = Verifier::new(1_400_000_000, Token::new(TOKEN));
    Router::new(verifier)
        .clock(|| T + 1)
        .on(move |sent: Received<C2cBeforeSendMsg>| {
            let seen = seen.clone();
            async move {
                assert_eq!(sent.query.client_ip.as_deref(), Some("10.0.0.7"));
                assert_eq!(sent.query.sign, None, "the handler never sees the Sign");
                seen.fetch_add(1, Ordering::Relaxed);
                let text = serde_json::to_string(&sent.event.msg_body).unwrap();
                if text.contains("http://") {
                    MessageReply::deny(120_050, "links are not allowed").unwrap()
                } else if text.contains("spam") {
                    MessageReply::drop_silently()
                } else if text.contains("\"hi\"") {
                    let body = im_proto::message::MsgBody::text("hello");
                    MessageReply::rewrite(Some(body), None)
                } else {
                    MessageReply::allow()
                }
            }
        })
        .on(|sent: Received<StateChange>| async move { Reply::code(0, sent.event.info.to_account) })
}

#[tokio::test]
async fn each_command_reaches_its_typed_handler_and_answers_typed() {
    let seen = Arc::new(AtomicUsize::new(0));
    let router = moderation(seen.clone());
    let cmd = "C2C.CallbackBeforeSendMsg";
    let cases = [
        (
            "see http://x",
            json!({"ActionStatus":"OK","ErrorCode":120050,"ErrorInfo":"links are not allowed"}),
        ),
        (
            "spam",
            json!({"ActionStatus":"OK","ErrorCode":2,"ErrorInfo":""}),
        ),
        (
            "hi",
            json!({"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hello"}}]}),
        ),
        (
            "red packet",
            json!({"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}),
        ),
    ];
    for (text, want) in cases {
        let (status, reply) = send(&router, "POST", &uri(cmd), &before_send(text)).await;
        assert_eq!((status, &reply), (200, &want), "{text}");
    }
    assert_eq!(seen.load(Ordering::Relaxed), 4);
    let state = r#"{"CallbackCommand":"State.StateChange","Info":{"Action":"Login","To_Account":"alice","Reason":"Register"}}"#;
    let (status, reply) = send(&router, "POST", &uri("State.StateChange"), state).await;
    assert_eq!((status, reply["ErrorInfo"].as_str()), (200, Some("alice")));
    let mut commands: Vec<_> = router.commands().collect();
    commands.sort();
    assert_eq!(commands, ["C2C.CallbackBeforeSendMsg", "State.StateChange"]);
}

#[tokio::test]
async fn other_commands_go_to_the_fallback_or_are_acknowledged() {
    let seen = Arc::new(AtomicUsize::new(0));
    let router = moderation(seen.clone());
    let after = r#"{"CallbackCommand":"Group.CallbackAfterGroupFull","GroupId":"@TGS#1"}"#;
    let (status, reply) = send(&router, "POST", &uri("Group.CallbackAfterGroupFull"), after).await;
    assert_eq!(
        (status, reply),
        (
            200,
            json!({"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""})
        )
    );
    let commands = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = commands.clone();
    let router = router.fallback(move |cb: Callback| {
        log.lock().unwrap().push(cb.event.command().to_owned());
        let typed = matches!(cb.event, Event::AfterGroupFull(ref e) if e.group_id == "@TGS#1");
        async move { Reply::code(if typed { 0 } else { 1 }, "fallback") }
    });
    let (_, reply) = send(&router, "POST", &uri("Group.CallbackAfterGroupFull"), after).await;
    assert_eq!(reply["ErrorInfo"], "fallback");
    assert_eq!(reply["ErrorCode"], 0, "the fallback gets the typed event");
    let unknown = r#"{"CallbackCommand":"Live.CallbackAfterCreateRoom","RoomId":"r"}"#;
    send(
        &router,
        "POST",
        &uri("Live.CallbackAfterCreateRoom"),
        unknown,
    )
    .await;
    assert_eq!(
        *commands.lock().unwrap(),
        [
            "Group.CallbackAfterGroupFull",
            "Live.CallbackAfterCreateRoom"
        ]
    );
    // The typed handlers are still there.
    send(
        &router,
        "POST",
        &uri("C2C.CallbackBeforeSendMsg"),
        &before_send("x"),
    )
    .await;
    assert_eq!(seen.load(Ordering::Relaxed), 1);
}

#[tokio::test]
async fn refused_and_undecodable_callbacks_never_reach_a_handler() {
    let seen = Arc::new(AtomicUsize::new(0));
    let rejected = Arc::new(AtomicUsize::new(0));
    let r = rejected.clone();
    let router = moderation(seen.clone()).on_rejected(move |_| {
        r.fetch_add(1, Ordering::Relaxed);
    });
    let cmd = "C2C.CallbackBeforeSendMsg";
    let forged = uri(cmd).replace(&sign(&Token::new(TOKEN), T), &sign(&Token::new("x"), T));
    assert_eq!(
        send(&router, "POST", &forged, &before_send("x")).await.0,
        401
    );
    assert_eq!(send(&router, "GET", &uri(cmd), "").await.0, 405);
    // Not JSON, a field of the wrong type, another command in the body: HTTP 200, failure.
    let bodies = [
        "not json".to_owned(),
        before_send("x").replace("\"MsgSeq\":48374", "\"MsgSeq\":\"many\""),
        before_send("x").replace("C2C.CallbackBeforeSendMsg", "C2C.CallbackAfterSendMsg"),
        r#"{"CallbackCommand":"C2C.CallbackBeforeSendMsg"}"#.to_owned(),
    ];
    for body in &bodies {
        let (status, reply) = send(&router, "POST", &uri(cmd), body).await;
        assert_eq!(
            (status, reply["ErrorCode"].as_i64()),
            (200, Some(1)),
            "{body}"
        );
    }
    let big = " ".repeat(1 << 21);
    assert_eq!(send(&router, "POST", &uri(cmd), &big).await.0, 413);
    assert_eq!(seen.load(Ordering::Relaxed), 0);
    assert_eq!(rejected.load(Ordering::Relaxed), 3 + bodies.len());
}

#[tokio::test]
async fn a_failed_answer_is_forgotten_by_the_replay_cache_a_decision_is_not() {
    let verifier = Verifier::new(1_400_000_000, Token::new(TOKEN)).replay_cache(ReplayCache::new());
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let router = Router::new(verifier)
        .clock(|| T)
        .on(move |sent: Received<PrevFriendAdd>| {
            let n = c.fetch_add(1, Ordering::Relaxed);
            async move {
                let accounts: Vec<String> = sent
                    .event
                    .friend_item
                    .unwrap_or_default()
                    .into_iter()
                    .map(|item| item.to_account)
                    .collect();
                match n {
                    0 => FriendReply::failed(38_001, "database down").unwrap(),
                    _ => FriendReply::per_item(vec![
                        ResultItem::allow(&accounts[0]),
                        ResultItem::deny(&accounts[1], 38_500, "blocked"),
                    ])
                    .unwrap(),
                }
            }
        });
    let body = r#"{"CallbackCommand":"Sns.CallbackPrevFriendAdd","From_Account":"id","FriendItem":[{"To_Account":"id1"},{"To_Account":"id2"}]}"#;
    let cmd = "Sns.CallbackPrevFriendAdd";
    let (_, failed) = send(&router, "POST", &uri(cmd), body).await;
    assert_eq!(failed["ActionStatus"], "FAIL");
    let (status, decided) = send(&router, "POST", &uri(cmd), body).await;
    assert_eq!(
        status, 200,
        "a failed answer is forgotten: its retry is let through"
    );
    assert_eq!(
        decided,
        json!({"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[
            {"To_Account":"id1","ResultCode":0,"ResultInfo":""},
            {"To_Account":"id2","ResultCode":38500,"ResultInfo":"blocked"}]})
    );
    let (status, _) = send(&router, "POST", &uri(cmd), body).await;
    assert_eq!(
        status, 401,
        "a decision is remembered: its repeat is refused"
    );
    assert_eq!(calls.load(Ordering::Relaxed), 2);
}

#[tokio::test]
async fn the_router_is_a_tower_service() {
    use tower_service::Service;
    let mut router = moderation(Arc::new(AtomicUsize::new(0)));
    let request = http::Request::builder()
        .method("POST")
        .uri(uri("C2C.CallbackBeforeSendMsg"))
        .body(Full::new(Bytes::from(before_send("spam"))))
        .unwrap();
    std::future::poll_fn(|cx| Service::<http::Request<Full<Bytes>>>::poll_ready(&mut router, cx))
        .await
        .unwrap();
    let response = router.call(request).await.unwrap();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let reply: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(reply["ErrorCode"], 2);
}

#[tokio::test]
async fn the_router_mounts_in_axum() {
    use tower_service::Service;
    let router = moderation(Arc::new(AtomicUsize::new(0)));
    let mut app = axum::Router::new().route_service("/im/callback", router);
    let request = http::Request::builder()
        .method("POST")
        .uri(uri("C2C.CallbackBeforeSendMsg").replace("/cb?", "/im/callback?"))
        .body(axum::body::Body::from(before_send("spam")))
        .unwrap();
    std::future::poll_fn(|cx| Service::<http::Request<axum::body::Body>>::poll_ready(&mut app, cx))
        .await
        .unwrap();
    let response = app.call(request).await.unwrap();
    assert_eq!(response.status(), 200);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let reply: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(reply["ErrorCode"], 2);
}
