//! The callbacks the emulator sends: signed as the service signs, typed as im-callback reads
//! them, counted in the stats, never delaying a REST answer.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use im_callback::{
    CallbackQuery, Event, Reply as CallbackReply, StateAction, StateReason, Token, Verifier,
};
use im_emulator::{Emulator, EmulatorBuilder};
use im_proto::Api;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::util::Env;

pub(crate) const TOKEN: &str = "callback-token-for-tests";

/// How the test receiver answers.
#[derive(Clone, Copy)]
pub(crate) enum Behaviour {
    Ok,
    Fail,
    Stall,
    /// Answers after this many milliseconds.
    Slow(u64),
    /// Answers this body.
    Body(&'static str),
    /// Answers this body to this command, success to the others.
    For(&'static str, &'static str),
}

/// A callback as received: its URL's path and query, and its body.
pub(crate) struct Received {
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) body: Bytes,
}

/// A receiver on 127.0.0.1 that forwards every request to the returned channel.
pub(crate) async fn receiver(
    behaviour: Behaviour,
) -> (SocketAddr, mpsc::UnboundedReceiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let tx = tx.clone();
            let service = service_fn(move |request: http::Request<hyper::body::Incoming>| {
                let tx = tx.clone();
                async move {
                    let path = request.uri().path().to_owned();
                    let query = request.uri().query().unwrap_or("").to_owned();
                    let body = request.into_body().collect().await.unwrap().to_bytes();
                    let command = CallbackQuery::parse(&query).callback_command;
                    let _ = tx.send(Received { path, query, body });
                    let reply = match behaviour {
                        Behaviour::Ok => CallbackReply::ok().to_json(),
                        Behaviour::Fail => CallbackReply::fail("refused by the test").to_json(),
                        Behaviour::Stall => {
                            tokio::time::sleep(Duration::from_secs(30)).await;
                            CallbackReply::ok().to_json()
                        }
                        Behaviour::Slow(ms) => {
                            tokio::time::sleep(Duration::from_millis(ms)).await;
                            CallbackReply::ok().to_json()
                        }
                        Behaviour::Body(body) => body.as_bytes().to_vec(),
                        Behaviour::For(for_command, body) => {
                            if command.as_deref() == Some(for_command) {
                                body.as_bytes().to_vec()
                            } else {
                                CallbackReply::ok().to_json()
                            }
                        }
                    };
                    Ok::<_, Infallible>(http::Response::new(Full::new(Bytes::from(reply))))
                }
            });
            tokio::spawn(async move {
                let builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
                let _ = builder
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (addr, rx)
}

pub(crate) async fn start(
    builder: EmulatorBuilder,
    behaviour: Behaviour,
) -> (Env, mpsc::UnboundedReceiver<Received>) {
    let (addr, rx) = receiver(behaviour).await;
    let builder = builder
        .callback_url(format!("http://{addr}/im/callback"))
        .callback_token(Token::new(TOKEN))
        .callback_timeout(Duration::from_millis(500));
    (Env::start(builder).await, rx)
}

/// The next callback, checked as an app would check it, decoded: its query and event.
pub(crate) async fn next_event(
    env: &Env,
    rx: &mut mpsc::UnboundedReceiver<Received>,
) -> (String, Event) {
    let (received, event) = next_callback(env, rx).await;
    (received.query, event)
}

/// The next callback, checked as an app would check it, and its event.
pub(crate) async fn next_callback(
    env: &Env,
    rx: &mut mpsc::UnboundedReceiver<Received>,
) -> (Received, Event) {
    let received = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("a callback within 10 s")
        .expect("the receiver runs");
    let query = CallbackQuery::parse(&received.query);
    let verifier = Verifier::new(env.handle.emulator().sdkappid(), Token::new(TOKEN));
    verifier
        .verify(&query, env.handle.emulator().now())
        .expect("signed with the token, fresh, for this app");
    let event = Event::decode(query.callback_command.as_deref(), &received.body).unwrap();
    (received, event)
}

/// Waits until the emulator has settled every queued callback.
pub(crate) async fn settled(env: &Env) -> im_emulator::CallbackStats {
    for _ in 0..200 {
        let stats = env.handle.emulator().stats().callbacks().clone();
        if stats.pending() == 0 {
            return stats;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("callbacks still pending after 5 s");
}

pub(crate) fn state_change(event: &Event) -> (StateAction, StateReason, String) {
    match event {
        Event::StateChange(change) => (
            change.info.action.clone(),
            change.info.reason.clone(),
            change.info.to_account.clone(),
        ),
        other => panic!("expected State.StateChange, got {other:?}"),
    }
}

#[tokio::test]
async fn kick_sends_a_signed_state_change() {
    let (env, mut rx) = start(Emulator::builder(), Behaviour::Ok).await;
    let before = env.handle.emulator().now();
    assert_eq!(
        env.api(Api::AccountImport, json!({"UserID": "alice"}))
            .await
            .code(),
        0
    );
    // A kick ends a login: alice is online (not as a simulated client, so from RESTAPI).
    let online = json!({"UserID": "alice", "Status": "Online"});
    assert_eq!(env.control_post("online", online).await.json()["ok"], true);
    let (_, login) = next_event(&env, &mut rx).await;
    assert_eq!(state_change(&login).0, StateAction::Login);
    assert_eq!(
        env.api(Api::Kick, json!({"UserID": "alice"})).await.code(),
        0
    );
    let (query, event) = next_event(&env, &mut rx).await;
    assert_eq!(
        state_change(&event),
        (
            StateAction::Logout,
            StateReason::Unregister,
            "alice".to_owned()
        )
    );
    assert!(query.contains("CallbackCommand=State.StateChange"));
    assert!(query.contains("contenttype=json"));
    assert!(query.contains("ClientIP=127.0.0.1"));
    assert!(query.contains("OptPlatform=RESTAPI"));
    let Event::StateChange(change) = &event else {
        unreachable!()
    };
    let time = change.event_time.expect("EventTime");
    assert_eq!(time % 1000, 0, "the emulator's clock counts seconds");
    assert!((before..=env.handle.emulator().now()).contains(&(time / 1000)));

    let stats = settled(&env).await;
    assert_eq!((stats.queued, stats.delivered, stats.failed), (2, 2, 0));
    assert_eq!(stats.by_command.get("State.StateChange"), Some(&2));
    let json = env.control_get("stats").await;
    assert_eq!(json["callbacks"]["delivered"], 2);
}

#[tokio::test]
async fn simulated_logins_and_logouts_send_state_changes_in_order() {
    let (env, mut rx) = start(Emulator::builder(), Behaviour::Ok).await;
    let online = json!({"UserID": "bob", "Status": "Online"});
    assert_eq!(env.control_post("online", online).await.json()["ok"], true);
    let offline = json!({"UserID": "bob", "Status": "Offline"});
    assert_eq!(env.control_post("online", offline).await.json()["ok"], true);
    let state = json!({"UserID": "bob", "Action": "Disconnect", "Reason": "TimeOut"});
    assert_eq!(env.control_post("state", state).await.json()["ok"], true);
    let login = json!({"UserID": "bob", "Action": "Login"});
    assert_eq!(env.control_post("state", login).await.json()["ok"], true);

    let mut seen = Vec::new();
    for _ in 0..4 {
        seen.push(state_change(&next_event(&env, &mut rx).await.1));
    }
    let bob = || "bob".to_owned();
    assert_eq!(
        seen,
        [
            (StateAction::Login, StateReason::Register, bob()),
            (StateAction::Logout, StateReason::Unregister, bob()),
            (StateAction::Disconnect, StateReason::TimeOut, bob()),
            (StateAction::Login, StateReason::Register, bob()),
        ]
    );
    assert_eq!(
        env.handle.emulator().online_state("bob").status,
        im_proto::OnlineStatus::Online
    );
    let bad = json!({"UserID": "bob", "Action": "Jump"});
    assert_eq!(env.control_post("state", bad).await.label(), "http400");
}

#[tokio::test]
async fn portrait_set_sends_the_items_set() {
    let builder = Emulator::builder().without_rate_limits();
    let (env, mut rx) = start(builder, Behaviour::Ok).await;
    env.api(Api::AccountImport, json!({"UserID": "carol"}))
        .await;
    let items = json!([{"Tag": "Tag_Profile_IM_Nick", "Value": "Carol"},
        {"Tag": "Tag_Profile_IM_Level", "Value": 7}]);
    let set = json!({"From_Account": "carol", "ProfileItem": items});
    assert_eq!(env.api(Api::PortraitSet, set).await.code(), 0);
    let (_, event) = next_event(&env, &mut rx).await;
    let Event::PortraitSet(portrait) = event else {
        panic!("expected Profile.CallbackPortraitSet, got {event:?}")
    };
    assert_eq!(portrait.from_account, "carol");
    assert_eq!(portrait.operator_account, env.handle.emulator().admin());
    let profile = portrait.profile();
    assert_eq!(profile.nick.as_deref(), Some("Carol"));
    assert_eq!(profile.level, Some(7));
}

#[tokio::test]
async fn the_over_limit_alert_comes_at_80_percent_once_a_second() {
    // Pinned, so that the calls fall in one second of the emulator's clock.
    let builder = Emulator::builder()
        .rate_limit(Api::AccountCheck, Some(10))
        .fixed_now(wall_clock());
    let (env, mut rx) = start(builder, Behaviour::Ok).await;
    let check = json!({"CheckItem": [{"UserID": "dave"}]});
    for _ in 0..9 {
        // 9 calls of a limit of 10 (with a burst of 10): none is refused.
        assert_eq!(env.api(Api::AccountCheck, check.clone()).await.code(), 0);
    }
    let (query, event) = next_event(&env, &mut rx).await;
    let Event::RequestOverLimit(alert) = event else {
        panic!("expected Alert.RequestOverLimit, got {event:?}")
    };
    assert_eq!(alert.service_name, "im_open_login_svc");
    assert_eq!(alert.command, "account_check");
    assert_eq!(alert.limit, 10);
    assert_eq!(alert.request, 9, "the first call over 80 % of the limit");
    assert!(
        !query.contains("ClientIP"),
        "the alert's URL has no ClientIP"
    );
    let stats = settled(&env).await;
    assert_eq!(stats.by_command.get("Alert.RequestOverLimit"), Some(&1));
    assert_eq!(env.handle.emulator().stats().throttled(), 0);
}

#[tokio::test]
async fn failed_deliveries_are_counted_and_never_delay_answers() {
    for behaviour in [Behaviour::Fail, Behaviour::Stall] {
        let (env, mut rx) = start(Emulator::builder(), behaviour).await;
        for user in ["u1", "u2"] {
            let state = json!({"UserID": user, "Action": "Login"});
            assert_eq!(env.control_post("state", state).await.json()["ok"], true);
        }
        // Both are still delivered, one after the other, each failing.
        next_event(&env, &mut rx).await;
        next_event(&env, &mut rx).await;
        let stats = settled(&env).await;
        assert_eq!((stats.queued, stats.delivered, stats.failed), (2, 0, 2));
    }
}

#[tokio::test]
async fn a_callback_urls_query_is_kept_and_its_fragment_dropped() {
    // (the URL's path and rest, the path requested, what the query starts with)
    for (suffix, path, kept) in [
        ("/im/callback#section", "/im/callback", ""),
        (
            "/im/callback?app=demo&x=a%20b#frag?x=y",
            "/im/callback",
            "app=demo&x=a%20b&",
        ),
        ("/hook?", "/hook", ""),
        ("?only=query", "/", "only=query&"),
    ] {
        let (addr, mut rx) = receiver(Behaviour::Ok).await;
        let builder = Emulator::builder()
            .callback_url(format!("http://{addr}{suffix}"))
            .callback_token(Token::new(TOKEN));
        let env = Env::start(builder).await;
        env.api(Api::AccountImport, json!({"UserID": "gina"})).await;
        let login = json!({"Platform": "Web"});
        env.control_post("clients/gina/login", login).await.json();
        // Signed (checked by next_callback), to the path, after the URL's own parameters.
        let (received, event) = next_callback(&env, &mut rx).await;
        assert_eq!(received.path, path, "{suffix}");
        let query = received.query;
        assert!(
            query.starts_with(&format!("{kept}SdkAppid=")),
            "{suffix}: {query}"
        );
        for part in [
            "&CallbackCommand=State.StateChange&",
            "&Sign=",
            "&RequestTime=",
        ] {
            assert!(query.contains(part), "{suffix}: {query}");
        }
        assert!(!query.contains('#') && !query.contains("frag"), "{query}");
        assert_eq!(state_change(&event).2, "gina");
        let stats = settled(&env).await;
        assert_eq!((stats.delivered, stats.failed), (1, 0), "{suffix}");
    }
}

#[tokio::test]
async fn an_unreachable_callback_url_is_counted_as_failed() {
    let free = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = free.local_addr().unwrap();
    drop(free);
    let builder = Emulator::builder().callback_url(format!("http://{addr}/"));
    let env = Env::start(builder).await;
    env.api(Api::AccountImport, json!({"UserID": "erin"})).await;
    let login = json!({"Platform": "Web"});
    env.control_post("clients/erin/login", login).await.json();
    let stats = settled(&env).await;
    assert_eq!((stats.queued, stats.failed), (1, 1));
}

#[tokio::test]
async fn without_a_callback_url_nothing_is_sent() {
    let env = Env::start(Emulator::builder()).await;
    env.api(Api::AccountImport, json!({"UserID": "frank"}))
        .await;
    env.api(Api::Kick, json!({"UserID": "frank"})).await;
    assert_eq!(
        env.handle.emulator().stats().callbacks(),
        &im_emulator::CallbackStats::default()
    );
}

#[tokio::test]
async fn a_bare_error_code_reply_counts_as_delivered() {
    let (env, mut rx) = start(Emulator::builder(), Behaviour::Body(r#"{"ErrorCode":0}"#)).await;
    let state = json!({"UserID": "u1", "Action": "Login"});
    assert_eq!(env.control_post("state", state).await.json()["ok"], true);
    next_event(&env, &mut rx).await;
    let stats = settled(&env).await;
    assert_eq!((stats.queued, stats.delivered, stats.failed), (1, 1, 0));
}

/// The wall clock, Unix seconds.
fn wall_clock() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test]
async fn request_time_is_when_a_callback_is_sent_not_when_its_event_happened() {
    // The emulator's clock an hour back; a receiver that takes 300 ms per callback (under the
    // 500 ms timeout of these tests).
    let pinned = wall_clock() - 3600;
    let builder = Emulator::builder().fixed_now(pinned);
    let (env, mut rx) = start(builder, Behaviour::Slow(300)).await;
    let (start_time, verifier) = (
        wall_clock(),
        Verifier::new(env.handle.emulator().sdkappid(), Token::new(TOKEN)),
    );
    for user in ["u1", "u2"] {
        let state = json!({"UserID": user, "Action": "Login"});
        assert_eq!(env.control_post("state", state).await.json()["ok"], true);
    }
    for _ in 0..2 {
        let received = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .unwrap()
            .unwrap();
        let query = CallbackQuery::parse(&received.query);
        let sent_at: u64 = query.request_time.as_deref().unwrap().parse().unwrap();
        assert!(sent_at >= start_time, "signed at the wall clock when sent");
        // The app's own check, at its own clock, lets it through.
        verifier.verify(&query, wall_clock()).unwrap();
        let event = Event::decode(query.callback_command.as_deref(), &received.body).unwrap();
        let Event::StateChange(change) = event else {
            panic!("expected State.StateChange")
        };
        assert_eq!(
            change.event_time,
            Some(pinned * 1000),
            "the event's own time"
        );
    }
    let stats = settled(&env).await;
    assert_eq!((stats.delivered, stats.failed), (2, 0));
}

#[tokio::test]
async fn portrait_set_names_the_admin_that_signed_the_call() {
    let builder = Emulator::builder()
        .admins(["administrator", "second_admin"])
        .without_rate_limits();
    let (env, mut rx) = start(builder, Behaviour::Ok).await;
    env.api(Api::AccountImport, json!({"UserID": "carol"}))
        .await;
    let set = json!({"From_Account": "carol", "ProfileItem": [
        {"Tag": "Tag_Profile_IM_Nick", "Value": "Carol"}]});
    let reply = env
        .post(
            &Env::api_path(Api::PortraitSet),
            &env.query_for("second_admin"),
            &set.to_string(),
        )
        .await;
    assert_eq!(reply.code(), 0);
    let (_, event) = next_event(&env, &mut rx).await;
    let Event::PortraitSet(portrait) = event else {
        panic!("expected Profile.CallbackPortraitSet, got {event:?}")
    };
    assert_eq!(portrait.operator_account, "second_admin");
}

/// An emulator sending callbacks to a receiver that answers `behaviour`, with amy and bob.
pub(crate) async fn with_amy_and_bob(
    behaviour: Behaviour,
) -> (Env, mpsc::UnboundedReceiver<Received>) {
    let (env, rx) = start(Emulator::builder().without_rate_limits(), behaviour).await;
    for user in ["amy", "bob"] {
        let import = json!({"UserID": user});
        assert_eq!(env.api(Api::AccountImport, import).await.code(), 0);
    }
    (env, rx)
}

fn text_message(extra: serde_json::Value) -> serde_json::Value {
    let mut body = json!({"From_Account": "amy", "To_Account": "bob", "MsgRandom": 7,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}],
        "CloudCustomData": "old"});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    body
}

/// The texts stored from amy to bob, with their custom data.
fn stored_texts(env: &Env) -> Vec<(String, Option<String>)> {
    env.handle
        .emulator()
        .messages_between("amy", "bob")
        .into_iter()
        .map(|m| {
            let text = m.msg_body[0]["MsgContent"]["Text"].as_str().unwrap_or("");
            (text.to_owned(), m.cloud_custom_data.clone())
        })
        .collect()
}

/// (the app's answer, the code the REST caller gets, the text and custom data stored)
type Case = (&'static str, i64, Option<(&'static str, &'static str)>);

#[tokio::test]
async fn sendmsg_asks_the_app_first_and_does_what_it_answers() {
    let clean = r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"clean"}}],"CloudCustomData":"new"}"#;
    let cases: [Case; 5] = [
        (r#"{"ErrorCode":0}"#, 0, Some(("hi", "old"))),
        (
            r#"{"ActionStatus":"OK","ErrorCode":120050,"ErrorInfo":"no links"}"#,
            120_050,
            None,
        ),
        (
            r#"{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":""}"#,
            20_006,
            None,
        ),
        (
            r#"{"ActionStatus":"OK","ErrorCode":2,"ErrorInfo":""}"#,
            0,
            None,
        ),
        (clean, 0, Some(("clean", "new"))),
    ];
    for (answer, code, stored) in cases {
        let (env, mut rx) = with_amy_and_bob(Behaviour::Body(answer)).await;
        let reply = env.api(Api::Sendmsg, text_message(json!({}))).await;
        assert_eq!(reply.code(), code, "{answer}");
        if code == 120_050 {
            assert_eq!(reply.json()["ErrorInfo"], "no links");
        }
        let (query, event) = next_event(&env, &mut rx).await;
        assert!(query.contains("OptPlatform=RESTAPI"));
        let Event::C2cBeforeSendMsg(before) = event else {
            panic!("expected C2C.CallbackBeforeSendMsg, got {event:?}")
        };
        assert_eq!(
            (before.from_account.as_str(), before.to_account.as_str()),
            ("amy", "bob")
        );
        assert_eq!(before.msg_random, Some(7));
        let expected: Vec<_> = stored
            .map(|(t, d)| (t.to_owned(), Some(d.to_owned())))
            .into_iter()
            .collect();
        assert_eq!(stored_texts(&env), expected, "{answer}");
        if let Some((text, _)) = stored {
            let (_, event) = next_event(&env, &mut rx).await;
            let Event::C2cAfterSendMsg(after) = event else {
                panic!("expected C2C.CallbackAfterSendMsg, got {event:?}")
            };
            let body = serde_json::to_value(after.msg_body.unwrap()).unwrap();
            assert_eq!(body[0]["MsgContent"]["Text"], text, "the message as stored");
            assert_eq!(
                after.msg_key,
                reply.json()["MsgKey"].as_str().map(str::to_owned)
            );
        }
        let stats = settled(&env).await;
        let afters = stats.by_command.get("C2C.CallbackAfterSendMsg").copied();
        assert_eq!(
            afters,
            stored.map(|_| 1),
            "{answer}: no after callback unless stored"
        );
    }
}

#[tokio::test]
async fn a_before_send_without_an_answer_in_time_delivers_or_blocks_as_set() {
    // The receiver takes 3 s; these tests' callbacks wait 500 ms.
    let (env, _rx) = with_amy_and_bob(Behaviour::Slow(3000)).await;
    let reply = env.api(Api::Sendmsg, text_message(json!({}))).await;
    assert_eq!(reply.code(), 0, "delivered by default");
    assert_eq!(stored_texts(&env).len(), 1);
    assert!(env.handle.emulator().stats().callbacks().timed_out >= 1);

    let block = json!({"on_failure": "block"});
    let settings = env.control_post("callbacks", block).await;
    assert_eq!(settings.json()["on_failure"], "block");
    let reply = env
        .api(Api::Sendmsg, text_message(json!({"MsgRandom": 8})))
        .await;
    assert_eq!(reply.code(), 80_003, "refused in block mode");
    assert_eq!(stored_texts(&env).len(), 1, "nothing more stored");
    assert_eq!(env.control_get("callbacks").await["on_failure"], "block");
    let bad = json!({"on_failure": "sometimes"});
    assert_eq!(env.control_post("callbacks", bad).await.label(), "http400");
}

#[tokio::test]
async fn forbid_callback_control_switches_the_send_callbacks_off() {
    let deny = r#"{"ActionStatus":"OK","ErrorCode":120050,"ErrorInfo":"no"}"#;
    let (env, _rx) = with_amy_and_bob(Behaviour::Body(deny)).await;
    let forbid = json!({"ForbidCallbackControl":
        ["ForbidBeforeSendMsgCallback", "ForbidAfterSendMsgCallback"]});
    assert_eq!(env.api(Api::Sendmsg, text_message(forbid)).await.code(), 0);
    assert_eq!(stored_texts(&env).len(), 1);
    let only_before =
        json!({"MsgRandom": 9, "ForbidCallbackControl": ["ForbidBeforeSendMsgCallback"]});
    assert_eq!(
        env.api(Api::Sendmsg, text_message(only_before))
            .await
            .code(),
        0
    );
    let stats = settled(&env).await;
    let commands: Vec<_> = stats.by_command.keys().map(String::as_str).collect();
    assert_eq!(
        commands,
        ["C2C.CallbackAfterSendMsg"],
        "only the second's after callback"
    );
    assert_eq!(stats.by_command["C2C.CallbackAfterSendMsg"], 1);
}

#[tokio::test]
async fn create_group_asks_the_app_first() {
    let create = json!({"Type": "Public", "Name": "club", "Owner_Account": "amy",
        "MemberList": [{"Member_Account": "bob"}]});
    // (the app's answer, the code the REST caller gets)
    let cases: [(&'static str, i64); 3] = [
        (r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#, 0),
        (
            r#"{"ActionStatus":"OK","ErrorCode":10150,"ErrorInfo":"no clubs"}"#,
            10_150,
        ),
        (
            r#"{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":""}"#,
            10_016,
        ),
    ];
    for (answer, code) in cases {
        let (env, mut rx) = with_amy_and_bob(Behaviour::Body(answer)).await;
        let admin = env.handle.emulator().admin().to_owned();
        let reply = env.api(Api::CreateGroup, create.clone()).await;
        assert_eq!(reply.code(), code, "{answer}");
        let (_, event) = next_event(&env, &mut rx).await;
        let Event::BeforeCreateGroup(before) = event else {
            panic!("expected Group.CallbackBeforeCreateGroup, got {event:?}")
        };
        assert_eq!(before.operator_account.as_deref(), Some(admin.as_str()));
        assert_eq!(before.owner_account.as_deref(), Some("amy"));
        assert_eq!(before.name.as_deref(), Some("club"));
        let groups = env.handle.emulator().group_counts();
        assert_eq!(groups.groups, usize::from(code == 0), "{answer}");
        if code == 0 {
            let (_, event) = next_event(&env, &mut rx).await;
            let Event::AfterCreateGroup(after) = event else {
                panic!("expected Group.CallbackAfterCreateGroup, got {event:?}")
            };
            assert_eq!(
                Some(after.group_id.as_str()),
                reply.json()["GroupId"].as_str()
            );
            let members = after.member_list.unwrap();
            assert_eq!(members[0].member_account, "bob");
        }
    }
}

#[tokio::test]
async fn send_group_msg_asks_the_app_first_and_does_what_it_answers() {
    let clean =
        r#"{"ErrorCode":0,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"clean"}}]}"#;
    let cases: [Case; 5] = [
        (r#"{"ErrorCode":0}"#, 0, Some(("hi", ""))),
        (
            r#"{"ActionStatus":"OK","ErrorCode":10150,"ErrorInfo":"no"}"#,
            10_150,
            None,
        ),
        (
            r#"{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":""}"#,
            10_016,
            None,
        ),
        (
            r#"{"ActionStatus":"OK","ErrorCode":2,"ErrorInfo":""}"#,
            0,
            None,
        ),
        (clean, 0, Some(("clean", ""))),
    ];
    for (answer, code, stored) in cases {
        let behaviour = Behaviour::For("Group.CallbackBeforeSendMsg", answer);
        let (env, mut rx) = with_amy_and_bob(behaviour).await;
        let create = json!({"Type": "Public", "Name": "club", "Owner_Account": "amy"});
        let created = env.api(Api::CreateGroup, create).await;
        let group = created.json()["GroupId"].as_str().unwrap().to_owned();
        let send = json!({"GroupId": group, "From_Account": "amy", "Random": 5,
            "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]});
        let reply = env.api(Api::SendGroupMsg, send).await;
        assert_eq!(reply.code(), code, "{answer}");
        let mut commands = Vec::new();
        for _ in 0..if stored.is_some() { 4 } else { 3 } {
            let (_, event) = next_event(&env, &mut rx).await;
            if let Event::GroupAfterSendMsg(after) = &event {
                let body = serde_json::to_value(after.msg_body.clone().unwrap()).unwrap();
                let text = stored.map(|(t, _)| t);
                assert_eq!(body[0]["MsgContent"]["Text"].as_str(), text);
            }
            commands.push(event.command().to_owned());
        }
        assert!(commands.iter().any(|c| c == "Group.CallbackBeforeSendMsg"));
        let view = env
            .control_get(&format!("groups?id={}", group.replace('#', "%23")))
            .await;
        let messages = view["messages"].as_u64().unwrap_or(0);
        assert_eq!(messages, u64::from(stored.is_some()), "{answer}: {view}");
        let stats = settled(&env).await;
        let afters = stats.by_command.get("Group.CallbackAfterSendMsg").copied();
        assert_eq!(afters, stored.map(|_| 1), "{answer}");
    }
}

/// Relationship and group calls, each with an after callback (and create_group's before).
async fn relation_and_group_calls(env: &Env) {
    let calls = [
        (
            Api::FriendAdd,
            json!({"From_Account": "amy", "ForceAddFlags": 1,
            "AddFriendItem": [{"To_Account": "bob", "AddSource": "AddSource_Type_Test"}]}),
        ),
        (
            Api::FriendDelete,
            json!({"From_Account": "amy", "To_Account": ["bob"],
            "DeleteType": "Delete_Type_Both"}),
        ),
        (
            Api::BlackListAdd,
            json!({"From_Account": "amy", "To_Account": ["bob"]}),
        ),
        (
            Api::BlackListDelete,
            json!({"From_Account": "amy", "To_Account": ["bob"]}),
        ),
        (
            Api::FollowAdd,
            json!({"From_Account": "amy", "FollowItem": [{"To_Account": "bob"}]}),
        ),
        (
            Api::FollowDelete,
            json!({"From_Account": "amy", "To_Account": ["bob"]}),
        ),
    ];
    for (api, body) in calls {
        assert_eq!(env.api(api, body).await.code(), 0, "{api}");
    }
    let create = json!({"Type": "Public", "Name": "club", "Owner_Account": "amy"});
    let created = env.api(Api::CreateGroup, create).await;
    let group = created.json()["GroupId"].as_str().unwrap().to_owned();
    let calls = [
        (
            Api::AddGroupMember,
            json!({"GroupId": group, "MemberList": [{"Member_Account": "bob"}]}),
        ),
        (
            Api::ModifyGroupBaseInfo,
            json!({"GroupId": group, "Name": "new name"}),
        ),
        (
            Api::DeleteGroupMember,
            json!({"GroupId": group, "MemberToDel_Account": ["bob"]}),
        ),
        (Api::DestroyGroup, json!({"GroupId": group})),
    ];
    for (api, body) in calls {
        assert_eq!(env.api(api, body).await.code(), 0, "{api}");
    }
}

#[tokio::test]
async fn rest_calls_send_the_after_callbacks_their_pages_name() {
    let (env, mut rx) = with_amy_and_bob(Behaviour::Ok).await;
    relation_and_group_calls(&env).await;
    let mut events = BTreeMap::new();
    for _ in 0..13 {
        let (_, event) = next_event(&env, &mut rx).await;
        events.insert(event.command().to_owned(), event);
    }
    let commands: Vec<&str> = events.keys().map(String::as_str).collect();
    assert_eq!(
        commands,
        [
            "Follow.CallbackAfterFollowAdd",
            "Follow.CallbackAfterFollowDelete",
            "Group.CallbackAfterCreateGroup",
            "Group.CallbackAfterGroupDestroyed",
            "Group.CallbackAfterGroupInfoChanged",
            "Group.CallbackAfterMemberExit",
            "Group.CallbackAfterNewMemberJoin",
            "Group.CallbackBeforeCreateGroup",
            "Group.CallbackBeforeInviteJoinGroup",
            "Sns.CallbackBlackListAdd",
            "Sns.CallbackBlackListDelete",
            "Sns.CallbackFriendAdd",
            "Sns.CallbackFriendDelete",
        ]
    );
    let Some(Event::FriendAdd(added)) = events.get("Sns.CallbackFriendAdd") else {
        unreachable!()
    };
    let pairs = added.pair_list.as_deref().unwrap();
    assert_eq!(pairs.len(), 2, "both ways");
    assert_eq!(
        (pairs[0].from_account.as_str(), pairs[0].to_account.as_str()),
        ("amy", "bob")
    );
    assert_eq!(
        added.admin_account.as_deref(),
        Some(env.handle.emulator().admin())
    );
    let Some(Event::AfterNewMemberJoin(joined)) = events.get("Group.CallbackAfterNewMemberJoin")
    else {
        unreachable!()
    };
    assert_eq!(
        joined.new_member_list.as_deref().unwrap()[0].member_account,
        "bob"
    );
    let Some(Event::AfterGroupInfoChanged(changed)) =
        events.get("Group.CallbackAfterGroupInfoChanged")
    else {
        unreachable!()
    };
    assert_eq!(changed.name.as_deref(), Some("new name"));
    assert_eq!(changed.introduction, None, "only the fields changed");
    let Some(Event::AfterGroupDestroyed(destroyed)) =
        events.get("Group.CallbackAfterGroupDestroyed")
    else {
        unreachable!()
    };
    assert_eq!(destroyed.owner_account.as_deref(), Some("amy"));
    let stats = settled(&env).await;
    assert_eq!(stats.queued, 13);
}

#[tokio::test]
async fn add_group_member_asks_the_app_which_invitees_may_join() {
    // (the app's answer, the code the REST caller gets, bob's Result)
    let cases: [(&'static str, i64, Option<u64>); 3] = [
        (
            r#"{"ErrorCode":0,"RefusedMembers_Account":["bob"]}"#,
            0,
            Some(0),
        ),
        (r#"{"ErrorCode":0}"#, 0, Some(1)),
        (
            r#"{"ActionStatus":"OK","ErrorCode":10120,"ErrorInfo":"closed"}"#,
            10_120,
            None,
        ),
    ];
    for (answer, code, result) in cases {
        let behaviour = Behaviour::For("Group.CallbackBeforeInviteJoinGroup", answer);
        let (env, mut rx) = with_amy_and_bob(behaviour).await;
        let create = json!({"Type": "Public", "Name": "club", "Owner_Account": "amy"});
        let created = env.api(Api::CreateGroup, create).await;
        let group = created.json()["GroupId"].as_str().unwrap().to_owned();
        let add = json!({"GroupId": group, "MemberList": [{"Member_Account": "bob"}]});
        let reply = env.api(Api::AddGroupMember, add).await;
        assert_eq!(reply.code(), code, "{answer}");
        assert_eq!(
            reply.json()["MemberList"][0]["Result"].as_u64(),
            result,
            "{answer}"
        );
        let mut invited = None;
        for _ in 0..3 {
            if let (_, Event::BeforeInviteJoinGroup(event)) = next_event(&env, &mut rx).await {
                invited = event.destination_members;
                break;
            }
        }
        assert_eq!(invited.unwrap()[0].member_account, "bob");
        assert_eq!(
            env.handle.emulator().group_counts().memberships,
            1 + usize::from(result == Some(1))
        );
    }
}

#[tokio::test]
async fn failed_after_callbacks_are_retried_only_as_configured() {
    let builder = Emulator::builder().callback_after_retries(2);
    let (env, mut rx) = start(builder, Behaviour::Fail).await;
    let state = json!({"UserID": "u1", "Action": "Login"});
    assert_eq!(env.control_post("state", state).await.json()["ok"], true);
    for _ in 0..3 {
        let (_, event) = next_event(&env, &mut rx).await;
        assert_eq!(event.command(), "State.StateChange");
    }
    let stats = settled(&env).await;
    assert_eq!((stats.queued, stats.delivered, stats.failed), (1, 0, 1));
    assert_eq!(stats.retried, 2);
    assert_eq!(env.control_get("callbacks").await["after_retries"], 2);
    let too_many = json!({"after_retries": 4});
    assert_eq!(
        env.control_post("callbacks", too_many).await.label(),
        "http400"
    );
    // Off again: one attempt.
    let off = json!({"after_retries": 0});
    assert_eq!(
        env.control_post("callbacks", off).await.json()["after_retries"],
        0
    );
    let state = json!({"UserID": "u2", "Action": "Login"});
    assert_eq!(env.control_post("state", state).await.json()["ok"], true);
    next_event(&env, &mut rx).await;
    let stats = settled(&env).await;
    assert_eq!((stats.queued, stats.failed, stats.retried), (2, 2, 2));
    assert!(
        tokio::time::timeout(Duration::from_millis(300), rx.recv())
            .await
            .is_err(),
        "not sent again"
    );
}

/// The next callback named `command`, skipping the others.
pub(crate) async fn event_named(
    env: &Env,
    rx: &mut mpsc::UnboundedReceiver<Received>,
    command: &str,
) -> Event {
    loop {
        let (_, event) = next_event(env, rx).await;
        if event.command() == command {
            return event;
        }
    }
}

/// A Public group owned by amy with bob as a member; its id.
pub(crate) async fn club_with_bob(env: &Env) -> String {
    let create = json!({"Type": "Public", "Name": "club", "Owner_Account": "amy",
        "MemberList": [{"Member_Account": "bob"}]});
    let created = env.api(Api::CreateGroup, create).await;
    assert_eq!(created.code(), 0);
    created.json()["GroupId"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn group_msg_recall_sends_the_messages_it_recalled() {
    let (env, mut rx) = with_amy_and_bob(Behaviour::Ok).await;
    let group = club_with_bob(&env).await;
    let send = json!({"GroupId": group, "From_Account": "amy", "Random": 5,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]});
    let sent = env.api(Api::SendGroupMsg, send).await;
    let seq = sent.json()["MsgSeq"].as_u64().unwrap();
    let recall = json!({"GroupId": group, "MsgSeqList": [{"MsgSeq": seq}, {"MsgSeq": 99}]});
    assert_eq!(env.api(Api::GroupMsgRecall, recall.clone()).await.code(), 0);
    assert_eq!(env.api(Api::GroupMsgRecall, recall).await.code(), 0);
    let Event::AfterRecallMsg(recalled) =
        event_named(&env, &mut rx, "Group.CallbackAfterRecallMsg").await
    else {
        unreachable!()
    };
    assert_eq!(recalled.group_id, group);
    let seqs: Vec<u64> = recalled
        .msg_seq_list
        .unwrap()
        .iter()
        .map(|m| m.msg_seq)
        .collect();
    assert_eq!(seqs, [seq], "only the message found");
    assert_eq!(
        recalled.operator_account.as_deref(),
        Some(env.handle.emulator().admin())
    );
    assert_eq!(
        recalled.group_type.map(|t| t.to_string()).as_deref(),
        Some("Public")
    );
    let stats = settled(&env).await;
    let recalls = stats
        .by_command
        .get("Group.CallbackAfterRecallMsg")
        .copied();
    assert_eq!(recalls, Some(1), "the second recall changed nothing");
}

#[tokio::test]
async fn change_group_owner_sends_the_old_and_new_owner() {
    let (env, mut rx) = with_amy_and_bob(Behaviour::Ok).await;
    let group = club_with_bob(&env).await;
    let change = json!({"GroupId": group, "NewOwner_Account": "bob"});
    assert_eq!(
        env.api(Api::ChangeGroupOwner, change.clone()).await.code(),
        0
    );
    assert_eq!(env.api(Api::ChangeGroupOwner, change).await.code(), 0);
    let Event::AfterChangeGroupOwner(changed) =
        event_named(&env, &mut rx, "Group.CallbackAfterChangeGroupOwner").await
    else {
        unreachable!()
    };
    assert_eq!(changed.group_id, group);
    assert_eq!(changed.old_owner_account.as_deref(), Some("amy"));
    assert_eq!(changed.new_owner_account.as_deref(), Some("bob"));
    assert_eq!(
        changed.operator_account.as_deref(),
        Some(env.handle.emulator().admin())
    );
    let stats = settled(&env).await;
    let changes = stats
        .by_command
        .get("Group.CallbackAfterChangeGroupOwner")
        .copied();
    assert_eq!(
        changes,
        Some(1),
        "bob was already the owner the second time"
    );
}

#[tokio::test]
async fn modify_group_member_info_sends_the_role_and_name_card_changed() {
    let (env, mut rx) = with_amy_and_bob(Behaviour::Ok).await;
    let group = club_with_bob(&env).await;
    let calls = [
        json!({"GroupId": group, "Member_Account": "bob", "Role": "Admin", "NameCard": "b"}),
        json!({"GroupId": group, "Member_Account": "bob", "Role": "Admin", "NameCard": "b"}),
        json!({"GroupId": group, "Member_Account": "bob", "Role": "Admin", "NameCard": "c"}),
        json!({"GroupId": group, "Member_Account": "bob", "MsgFlag": "AcceptNotNotify"}),
    ];
    for body in calls {
        assert_eq!(env.api(Api::ModifyGroupMemberInfo, body).await.code(), 0);
    }
    let mut changes = Vec::new();
    for _ in 0..2 {
        let Event::AfterMemberFieldChanged(changed) =
            event_named(&env, &mut rx, "Group.CallbackAfterMemberFieldChanged").await
        else {
            unreachable!()
        };
        assert_eq!(changed.group_id, group);
        assert_eq!(changed.member_account, "bob");
        assert_eq!(
            changed.operator_account.as_deref(),
            Some(env.handle.emulator().admin())
        );
        changes.push((changed.role, changed.name_card));
    }
    let expected = [
        (Some("Admin".to_owned()), Some("b".to_owned())),
        (None, Some("c".to_owned())),
    ];
    assert_eq!(changes, expected, "only what changed");
    let stats = settled(&env).await;
    let sent = stats
        .by_command
        .get("Group.CallbackAfterMemberFieldChanged");
    assert_eq!(sent.copied(), Some(2), "nothing for a repeat or a MsgFlag");
}

#[tokio::test]
async fn admin_msgwithdraw_sends_the_key_and_the_unread_count_left() {
    let (env, mut rx) = with_amy_and_bob(Behaviour::Ok).await;
    let mut keys = Vec::new();
    for random in [7, 8] {
        let sent = env
            .api(Api::Sendmsg, text_message(json!({"MsgRandom": random})))
            .await;
        assert_eq!(sent.code(), 0);
        keys.push(sent.json()["MsgKey"].as_str().unwrap().to_owned());
    }
    let withdraw = json!({"From_Account": "amy", "To_Account": "bob", "MsgKey": keys[0]});
    assert_eq!(
        env.api(Api::AdminMsgwithdraw, withdraw.clone())
            .await
            .code(),
        0
    );
    assert_ne!(env.api(Api::AdminMsgwithdraw, withdraw).await.code(), 0);
    let Event::C2cAfterMsgWithDraw(withdrawn) =
        event_named(&env, &mut rx, "C2C.CallbackAfterMsgWithDraw").await
    else {
        unreachable!()
    };
    assert_eq!(
        (
            withdrawn.from_account.as_str(),
            withdrawn.to_account.as_str()
        ),
        ("amy", "bob")
    );
    assert_eq!(withdrawn.msg_key.as_deref(), Some(keys[0].as_str()));
    assert_eq!(withdrawn.unread_msg_num, Some(1), "the other message");
    let stats = settled(&env).await;
    let sent = stats
        .by_command
        .get("C2C.CallbackAfterMsgWithDraw")
        .copied();
    assert_eq!(sent, Some(1), "nothing for the refused second recall");
}

#[tokio::test]
async fn modify_c2c_msg_sends_the_message_as_edited() {
    let (env, mut rx) = with_amy_and_bob(Behaviour::Ok).await;
    let sent = env.api(Api::Sendmsg, text_message(json!({}))).await;
    let key = sent.json()["MsgKey"].as_str().unwrap().to_owned();
    let edit = json!({"From_Account": "amy", "To_Account": "bob", "MsgKey": key,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "edited"}}]});
    assert_eq!(env.api(Api::ModifyC2cMsg, edit.clone()).await.code(), 0);
    assert_eq!(env.api(Api::ModifyC2cMsg, edit).await.code(), 0);
    let Event::C2cAfterModifyMsg(modified) =
        event_named(&env, &mut rx, "C2C.CallbackAfterModifyMsg").await
    else {
        unreachable!()
    };
    assert_eq!(
        (modified.from_account.as_str(), modified.to_account.as_str()),
        ("amy", "bob")
    );
    assert_eq!(modified.msg_key.as_deref(), Some(key.as_str()));
    assert_eq!(modified.msg_random, Some(7));
    assert_eq!(modified.cloud_custom_data.as_deref(), Some("old"), "kept");
    let body = serde_json::to_value(modified.msg_body.unwrap()).unwrap();
    assert_eq!(body[0]["MsgContent"]["Text"], "edited");
    assert_eq!(
        modified.operator_account.as_deref(),
        Some(env.handle.emulator().admin())
    );
    let stats = settled(&env).await;
    let sent = stats.by_command.get("C2C.CallbackAfterModifyMsg").copied();
    assert_eq!(sent, Some(1), "the second edit changed nothing");
}

#[tokio::test]
async fn add_group_member_that_fills_the_group_sends_group_full() {
    let (env, mut rx) = with_amy_and_bob(Behaviour::Ok).await;
    for user in ["cat", "dan"] {
        let import = json!({"UserID": user});
        assert_eq!(env.api(Api::AccountImport, import).await.code(), 0);
    }
    let create = json!({"Type": "Public", "Name": "club", "Owner_Account": "amy",
        "MaxMemberCount": 3});
    let created = env.api(Api::CreateGroup, create).await;
    let group = created.json()["GroupId"].as_str().unwrap().to_owned();
    for user in ["bob", "cat", "dan"] {
        let add = json!({"GroupId": group, "MemberList": [{"Member_Account": user}]});
        let code = env.api(Api::AddGroupMember, add).await.code();
        assert_eq!(code, if user == "dan" { 10_014 } else { 0 }, "{user}");
    }
    let Event::AfterGroupFull(full) =
        event_named(&env, &mut rx, "Group.CallbackAfterGroupFull").await
    else {
        unreachable!()
    };
    assert_eq!(full.group_id, group);
    let stats = settled(&env).await;
    let sent = stats
        .by_command
        .get("Group.CallbackAfterGroupFull")
        .copied();
    assert_eq!(sent, Some(1), "only when cat filled it");
    let joins = stats
        .by_command
        .get("Group.CallbackAfterNewMemberJoin")
        .copied();
    assert_eq!(joins, Some(2));
}

#[tokio::test]
async fn after_callbacks_the_full_queue_has_no_room_for_are_counted_as_dropped() {
    let builder = Emulator::builder().without_rate_limits().callback_queue(2);
    let (env, _rx) = start(builder, Behaviour::Stall).await;
    assert_eq!(
        env.api(Api::AccountImport, json!({"UserID": "amy"}))
            .await
            .code(),
        0
    );
    for n in 0..10 {
        let set = json!({"From_Account": "amy", "ProfileItem":
            [{"Tag": "Tag_Profile_IM_Nick", "Value": format!("amy{n}")}]});
        assert_eq!(
            env.api(Api::PortraitSet, set).await.code(),
            0,
            "never held up"
        );
    }
    let stats = env.handle.emulator().stats().callbacks().clone();
    assert_eq!(stats.queued, 10);
    // At most one in flight (the receiver stalls past the 500 ms timeout) and two waiting: the
    // others had no room (a slot frees only when a delivery times out, after 500 ms).
    assert!(stats.dropped >= 1, "{stats:?}");
    assert!(stats.dropped <= 8, "{stats:?}");
    assert!(
        stats.failed >= stats.dropped,
        "dropped ones count as failed: {stats:?}"
    );
    let json = env.control_get("stats").await;
    assert!(json["callbacks"]["dropped"].as_u64() >= Some(1), "{json}");
    let settled = settled_within(&env, 20).await;
    assert_eq!(settled.delivered, 0);
    assert_eq!(
        settled.failed, 10,
        "every one dropped or timed out: {settled:?}"
    );
}

/// Waits up to `seconds` until the emulator has settled every queued callback.
async fn settled_within(env: &Env, seconds: u64) -> im_emulator::CallbackStats {
    for _ in 0..seconds * 40 {
        let stats = env.handle.emulator().stats().callbacks().clone();
        if stats.pending() == 0 {
            return stats;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("callbacks still pending after {seconds} s");
}

#[tokio::test]
async fn a_default_queue_drops_nothing_a_receiver_keeps_up_with() {
    let (env, _rx) = start(Emulator::builder().without_rate_limits(), Behaviour::Ok).await;
    env.api(Api::AccountImport, json!({"UserID": "amy"})).await;
    for n in 0..50 {
        let set = json!({"From_Account": "amy", "ProfileItem":
            [{"Tag": "Tag_Profile_IM_Nick", "Value": format!("amy{n}")}]});
        env.api(Api::PortraitSet, set).await;
    }
    let stats = settled(&env).await;
    assert_eq!((stats.delivered, stats.dropped), (50, 0), "{stats:?}");
    assert_eq!(env.control_get("stats").await["callbacks"]["dropped"], 0);
}

#[tokio::test]
async fn im_push_sends_an_online_result_for_each_logged_in_recipient() {
    let (env, mut rx) = with_amy_and_bob(Behaviour::Ok).await;
    assert_eq!(
        env.api(Api::AccountImport, json!({"UserID": "carl"}))
            .await
            .code(),
        0
    );
    for user in ["amy", "carl"] {
        let login = json!({"Platform": "Android", "ClientIP": "192.0.2.9"});
        env.control_post(&format!("clients/{user}/login"), login)
            .await;
    }
    let text = json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]);
    let body = json!({"MsgRandom": 1, "MsgBody": text});
    let reply = env.api(Api::ImPush, body.clone()).await;
    assert_eq!(reply.code(), 0, "{:?}", reply.json());
    let task = reply.json()["TaskId"].as_str().unwrap().to_owned();
    // the same MsgRandom is the same task: nothing pushed, nothing sent
    assert_eq!(env.api(Api::ImPush, body).await.code(), 0);
    let (received, results) = loop {
        let (received, event) = next_callback(&env, &mut rx).await;
        if let Event::AllMemberPush(results) = event {
            break (received, results);
        }
    };
    assert!(
        !received.query.contains("ClientIP") && !received.query.contains("OptPlatform"),
        "{}",
        received.query
    );
    let events = results.events.unwrap();
    let to: Vec<&str> = events
        .iter()
        .map(|e| e.to_account.as_deref().unwrap())
        .collect();
    assert_eq!(to, ["amy", "carl"], "bob is not logged in");
    for event in &events {
        assert_eq!(
            event.callback_command.as_deref(),
            Some("Push.AllMemberPush")
        );
        assert_eq!(event.task_id.as_deref(), Some(task.as_str()));
        assert_eq!((event.event_type, event.push_stage), (Some(2), Some(1)));
        assert_eq!(event.err_code, Some(0));
        assert!(event.task_time.is_some() && event.event_time.is_some());
    }
    let stats = settled(&env).await;
    let sent = stats.by_command.get("Push.AllMemberPush");
    assert_eq!(sent.copied(), Some(1));
}
