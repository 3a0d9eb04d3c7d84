//! The callbacks the emulator sends: signed as the service signs, typed as im-callback reads
//! them, counted in the stats, never delaying a REST answer.

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
                    let _ = tx.send(Received { path, query, body });
                    let reply = match behaviour {
                        Behaviour::Ok => CallbackReply::ok(),
                        Behaviour::Fail => CallbackReply::fail("refused by the test"),
                        Behaviour::Stall => {
                            tokio::time::sleep(Duration::from_secs(30)).await;
                            CallbackReply::ok()
                        }
                    };
                    Ok::<_, Infallible>(http::Response::new(Full::new(Bytes::from(
                        reply.to_json(),
                    ))))
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
async fn throttling_sends_one_alert_per_api_and_second() {
    let builder = Emulator::builder().rate_limit(Api::AccountCheck, Some(1));
    let (env, mut rx) = start(builder, Behaviour::Ok).await;
    let check = json!({"CheckItem": [{"UserID": "dave"}]});
    let mut throttled = 0u64;
    for _ in 0..4 {
        if env.api(Api::AccountCheck, check.clone()).await.code() == 60007 {
            throttled += 1;
        }
    }
    assert!(
        throttled >= 1,
        "a limit of 1/s refuses some of 4 quick calls"
    );
    let (query, event) = next_event(&env, &mut rx).await;
    let Event::RequestOverLimit(alert) = event else {
        panic!("expected Alert.RequestOverLimit, got {event:?}")
    };
    assert_eq!(alert.service_name, "im_open_login_svc");
    assert_eq!(alert.command, "account_check");
    assert_eq!(alert.limit, 1);
    assert!(alert.request >= 2);
    assert!(
        !query.contains("ClientIP"),
        "the alert's URL has no ClientIP"
    );
    let stats = settled(&env).await;
    let alerts = stats.by_command.get("Alert.RequestOverLimit").copied();
    assert!(alerts.is_some_and(|n| n <= throttled));
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
