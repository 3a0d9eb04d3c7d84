//! Simulated clients (`/_emulator/clients/{UserID}/...`): logins and logouts from a platform and
//! an IP address, sent as `State.StateChange` with the client's `ClientIP` and `OptPlatform`,
//! reported by the online-status query, ended by `kick`.

use im_callback::{CallbackQuery, StateAction, StateReason};
use im_emulator::Emulator;
use im_proto::Api;
use serde_json::{Value, json};

use crate::callbacks::{Behaviour, next_callback, settled, start, state_change};
use crate::util::Env;

/// `query_online_status` of one account, with its `Detail`: (status, platforms).
async fn online(env: &Env, user: &str) -> (String, Vec<String>) {
    let query = json!({"To_Account": [user], "IsNeedDetail": 1});
    let answer = env.api(Api::QueryOnlineStatus, query).await;
    let result = &answer.json()["QueryResult"][0];
    let platforms = result["Detail"].as_array().map_or(Vec::new(), |detail| {
        detail
            .iter()
            .map(|d| d["Platform"].as_str().unwrap().to_owned())
            .collect()
    });
    (result["Status"].as_str().unwrap().to_owned(), platforms)
}

pub(crate) fn origin(query: &str) -> (Option<String>, Option<String>) {
    let query = CallbackQuery::parse(query);
    (query.client_ip, query.opt_platform)
}

pub(crate) fn some(ip: &str, platform: &str) -> (Option<String>, Option<String>) {
    (Some(ip.to_owned()), Some(platform.to_owned()))
}

#[tokio::test]
async fn an_iphone_login_and_logout_carry_its_ip_and_platform() {
    let (env, mut rx) = start(Emulator::builder().without_rate_limits(), Behaviour::Ok).await;
    env.api(Api::AccountImport, json!({"UserID": "alice"}))
        .await;
    let login = json!({"Platform": "iOS", "ClientIP": "203.0.113.9"});
    let answer = env.control_post("clients/alice/login", login).await;
    assert_eq!(answer.json()["clients"][0]["Platform"], "iOS");
    let (received, event) = next_callback(&env, &mut rx).await;
    assert_eq!(
        state_change(&event),
        (StateAction::Login, StateReason::Register, "alice".into())
    );
    assert_eq!(origin(&received.query), some("203.0.113.9", "iOS"));
    assert_eq!(
        online(&env, "alice").await,
        ("Online".into(), vec!["iPhone".into()])
    );

    // A second iPhone pushes the first offline: KickedDevice spells it as the page does.
    let again = json!({"Platform": "ios", "ClientIP": "2001:db8::7"});
    env.control_post("clients/alice/login", again).await.json();
    let web = json!({"Platform": "Web", "ClientIP": "198.51.100.4"});
    env.control_post("clients/alice/login", web).await.json();
    let (received, _) = next_callback(&env, &mut rx).await;
    assert_eq!(origin(&received.query), some("2001:db8::7", "iOS"));
    let body: Value = serde_json::from_slice(&received.body).unwrap();
    assert_eq!(body["KickedDevice"], json!([{"Platform": "IOS"}]));
    let (received, _) = next_callback(&env, &mut rx).await;
    let body: Value = serde_json::from_slice(&received.body).unwrap();
    assert_eq!(
        body.get("KickedDevice"),
        None,
        "the web login pushed nobody out"
    );
    assert_eq!(origin(&received.query), some("198.51.100.4", "Web"));
    let platforms = vec!["iPhone".to_owned(), "Web".to_owned()];
    assert_eq!(online(&env, "alice").await, ("Online".into(), platforms));

    let out = env
        .control_post("clients/alice/logout", json!({"Platform": "Web"}))
        .await;
    assert_eq!(out.json()["logged_out"], 1);
    let (received, event) = next_callback(&env, &mut rx).await;
    assert_eq!(
        state_change(&event),
        (StateAction::Logout, StateReason::Unregister, "alice".into())
    );
    assert_eq!(origin(&received.query), some("198.51.100.4", "Web"));
    env.control_post("clients/alice/logout", json!({}))
        .await
        .json();
    let (received, _) = next_callback(&env, &mut rx).await;
    assert_eq!(origin(&received.query), some("2001:db8::7", "iOS"));
    assert_eq!(online(&env, "alice").await, ("Offline".into(), vec![]));
}

#[tokio::test]
async fn kick_ends_the_clients_logged_in_and_nothing_else() {
    let (env, mut rx) = start(Emulator::builder().without_rate_limits(), Behaviour::Ok).await;
    for user in ["bob", "carol"] {
        env.api(Api::AccountImport, json!({"UserID": user})).await;
    }
    // Never online: no Logout.
    assert_eq!(env.api(Api::Kick, json!({"UserID": "bob"})).await.code(), 0);
    let stats = settled(&env).await;
    assert_eq!(
        stats.queued, 0,
        "a kick of an account never online sends nothing"
    );

    for (platform, ip) in [("Android", "192.0.2.1"), ("Mac", "192.0.2.2")] {
        let login = json!({"Platform": platform, "ClientIP": ip});
        env.control_post("clients/carol/login", login).await.json();
        next_callback(&env, &mut rx).await;
    }
    assert_eq!(
        env.api(Api::Kick, json!({"UserID": "carol"})).await.code(),
        0
    );
    let mut origins = Vec::new();
    for _ in 0..2 {
        let (received, event) = next_callback(&env, &mut rx).await;
        assert_eq!(state_change(&event).0, StateAction::Logout);
        origins.push(origin(&received.query));
    }
    assert_eq!(
        origins,
        [some("192.0.2.1", "Android"), some("192.0.2.2", "Mac")]
    );
    assert_eq!(online(&env, "carol").await.0, "Offline");
    // Kicked again, offline: nothing more.
    assert_eq!(
        env.api(Api::Kick, json!({"UserID": "carol"})).await.code(),
        0
    );
    assert_eq!(settled(&env).await.queued, 4);
}

#[tokio::test]
async fn the_client_routes_refuse_what_they_cannot_do() {
    let env = Env::start(Emulator::builder().without_rate_limits()).await;
    env.api(Api::AccountImport, json!({"UserID": "dave"})).await;
    let cases = [
        (
            "clients/nobody/login",
            json!({"Platform": "iOS"}),
            "http404",
        ),
        (
            "clients/dave/login",
            json!({"Platform": "Symbian"}),
            "http400",
        ),
        ("clients/dave/login", json!({}), "http400"),
        (
            "clients/dave/login",
            json!({"Platform": "Web", "ClientIP": "x"}),
            "http400",
        ),
        ("clients/dave/logout", json!({}), "http409"),
        ("clients/dave/jump", json!({}), "http404"),
        (
            "clients/dave/mute",
            json!({"until": 1, "seconds": 2}),
            "http400",
        ),
    ];
    for (path, body, label) in cases {
        assert_eq!(
            env.control_post(path, body.clone()).await.label(),
            label,
            "{path} {body}"
        );
    }
    assert_eq!(
        env.control_post("clients/dave", json!({})).await.label(),
        "http405"
    );
    // Without a ClientIP, the loopback address.
    env.control_post("clients/dave/login", json!({"Platform": "android"}))
        .await
        .json();
    let mute = env
        .control_post("clients/dave/mute", json!({"seconds": 60}))
        .await;
    assert_eq!(mute.json()["muted_until"], env.handle.emulator().now() + 60);
    let view = env.control_get("clients/dave").await;
    assert_eq!(
        view["clients"],
        json!([{"Platform": "Android", "ClientIP": "127.0.0.1", "since": view["clients"][0]["since"]}])
    );
    let unmute = env
        .control_post("clients/dave/mute", json!({"until": 0}))
        .await;
    assert_eq!(unmute.json()["muted_until"], Value::Null);
}

pub(crate) fn text(s: &str) -> Value {
    json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": s}}])
}

#[tokio::test]
async fn a_clients_sends_are_stored_as_rest_sends_and_refused_while_muted() {
    let env = Env::start(Emulator::builder().without_rate_limits()).await;
    for user in ["amy", "ben"] {
        env.api(Api::AccountImport, json!({"UserID": user})).await;
    }
    let send = json!({"To_Account": "ben", "MsgBody": text("hi")});
    let not_in = env.control_post("clients/amy/c2c_msg", send.clone()).await;
    assert_eq!(not_in.label(), "http409", "a client sends once logged in");
    env.control_post("clients/amy/login", json!({"Platform": "iPhone"}))
        .await
        .json();
    let sent = env.control_post("clients/amy/c2c_msg", send.clone()).await;
    assert_eq!(sent.json()["ErrorCode"], 0, "{:?}", sent);
    assert!(sent.json()["MsgKey"].is_string());
    let between = env.control_get("messages?between=amy,ben").await;
    assert_eq!(between["count"], 1);
    assert_eq!(between["messages"][0]["From_Account"], "amy");
    assert_eq!(between["messages"][0]["MsgBody"], text("hi"));

    let group = json!({"Owner_Account": "amy", "Type": "Public", "Name": "g",
        "MemberList": [{"Member_Account": "ben"}]});
    let group_id = env.api(Api::CreateGroup, group).await.json()["GroupId"].clone();
    let to_group = json!({"GroupId": group_id, "MsgBody": text("all")});
    let sent = env
        .control_post("clients/amy/group_msg", to_group.clone())
        .await;
    assert_eq!(sent.json()["ErrorCode"], 0, "{:?}", sent);
    let view = env
        .control_get(&format!(
            "groups?id={}",
            group_id.as_str().unwrap().replace('#', "%23")
        ))
        .await;
    assert_eq!(view["messages"], 1, "{view}");

    env.control_post("clients/amy/mute", json!({"seconds": 600}))
        .await
        .json();
    let muted = env.control_post("clients/amy/c2c_msg", send).await;
    assert_eq!(muted.json()["ErrorCode"], 20012);
    let muted = env.control_post("clients/amy/group_msg", to_group).await;
    assert_eq!(muted.json()["ErrorCode"], 10017);
    assert_eq!(
        env.control_get("messages?between=amy,ben").await["count"],
        1
    );
    let forged = json!({"From_Account": "ben", "To_Account": "amy", "MsgBody": text("x")});
    let forged = env.control_post("clients/amy/c2c_msg", forged).await;
    assert_eq!(forged.label(), "http400");
}

#[tokio::test]
async fn a_friend_request_waits_for_the_answer_of_each_account() {
    let (env, mut rx) = start(Emulator::builder().without_rate_limits(), Behaviour::Ok).await;
    for user in ["ann", "bea", "cid"] {
        env.api(Api::AccountImport, json!({"UserID": user})).await;
    }
    for (user, ip) in [
        ("ann", "192.0.2.10"),
        ("bea", "192.0.2.11"),
        ("cid", "192.0.2.12"),
    ] {
        let login = json!({"Platform": "Android", "ClientIP": ip});
        env.control_post(&format!("clients/{user}/login"), login)
            .await
            .json();
        next_callback(&env, &mut rx).await;
    }
    let items = json!([{"To_Account": "bea", "AddSource": "AddSource_Type_Android"},
        {"To_Account": "cid", "AddSource": "AddSource_Type_Android"}]);
    let asked = env
        .control_post(
            "clients/ann/friend_request",
            json!({"AddFriendItem": items}),
        )
        .await;
    let codes: Vec<&Value> = asked.json()["ResultItem"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["ResultCode"])
        .collect();
    assert_eq!(
        codes,
        [&json!(30539), &json!(30539)],
        "both wait for consent"
    );
    assert_eq!(env.handle.emulator().relation_counts().pending, 2);
    let (_, event) = next_callback(&env, &mut rx).await;
    assert_eq!(event.command(), "Sns.CallbackPrevFriendAdd");

    let agree = json!({"ResponseFriendItem": [
        {"To_Account": "ann", "ResponseAction": "Response_Action_AgreeAndAdd"}]});
    let answered = env
        .control_post("clients/bea/friend_response", agree.clone())
        .await;
    assert_eq!(answered.json()["ResultItem"][0]["ResultCode"], 0);
    let (received, event) = next_callback(&env, &mut rx).await;
    assert_eq!(event.command(), "Sns.CallbackPrevFriendResponse");
    assert_eq!(origin(&received.query), some("192.0.2.11", "Android"));
    let (received, event) = next_callback(&env, &mut rx).await;
    let im_callback::Event::FriendAdd(added) = event else {
        panic!("expected Sns.CallbackFriendAdd, got {event:?}")
    };
    assert_eq!(added.client_cmd.as_deref(), Some("friend_response"));
    let pairs: Vec<(String, String)> = added
        .pair_list
        .unwrap()
        .into_iter()
        .map(|p| (p.from_account, p.to_account))
        .collect();
    let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    assert_eq!(pairs, [pair("ann", "bea"), pair("bea", "ann")]);
    assert_eq!(origin(&received.query), some("192.0.2.11", "Android"));

    let reject = json!({"ResponseFriendItem": [
        {"To_Account": "ann", "ResponseAction": "Response_Action_Reject"}]});
    let answered = env
        .control_post("clients/cid/friend_response", reject)
        .await;
    assert_eq!(answered.json()["ResultItem"][0]["ResultCode"], 0);
    // No request is left to answer.
    let again = env.control_post("clients/bea/friend_response", agree).await;
    assert_eq!(again.json()["ResultItem"][0]["ResultCode"], 30001);
    assert_eq!(again.json()["Fail_Account"], json!(["ann"]));
    assert_eq!(env.handle.emulator().relations_of("ann").friends, ["bea"]);
    assert_eq!(
        env.handle.emulator().relations_of("cid").friends,
        Vec::<String>::new()
    );
    assert_eq!(env.handle.emulator().relation_counts().pending, 0);
    let forced = json!({"AddFriendItem": [{"To_Account": "cid"}], "ForceAddFlags": 1});
    let forced = env.control_post("clients/ann/friend_request", forced).await;
    assert_eq!(forced.label(), "http400");
}

/// Imports `users` and logs each in from Android at 192.0.2.N (N from 20), consuming the
/// login events.
pub(crate) async fn logged_in(
    env: &Env,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<crate::callbacks::Received>,
    users: &[&str],
) {
    for (n, user) in users.iter().enumerate() {
        env.api(Api::AccountImport, json!({"UserID": user})).await;
        let login = json!({"Platform": "Android", "ClientIP": format!("192.0.2.{}", 20 + n)});
        env.control_post(&format!("clients/{user}/login"), login)
            .await
            .json();
        next_callback(env, rx).await;
    }
}

fn commands(env: &Env, command: &str) -> u64 {
    let stats = env.handle.emulator().stats().callbacks().clone();
    stats.by_command.get(command).copied().unwrap_or(0)
}

#[tokio::test]
async fn a_clients_send_asks_the_app_as_the_client_unless_muted() {
    let refuse = r#"{"ActionStatus":"FAIL","ErrorCode":1,"ErrorInfo":"not from phones"}"#;
    let behaviour = Behaviour::For("C2C.CallbackBeforeSendMsg", refuse);
    let (env, mut rx) = start(Emulator::builder().without_rate_limits(), behaviour).await;
    logged_in(&env, &mut rx, &["amy", "ben"]).await;
    let send = json!({"To_Account": "ben", "MsgBody": text("hi")});
    let refused = env.control_post("clients/amy/c2c_msg", send.clone()).await;
    assert_eq!(refused.json()["ErrorCode"], 20006, "{refused:?}");
    let (received, event) = next_callback(&env, &mut rx).await;
    assert_eq!(event.command(), "C2C.CallbackBeforeSendMsg");
    assert_eq!(origin(&received.query), some("192.0.2.20", "Android"));
    assert_eq!(
        env.control_get("messages?between=amy,ben").await["count"],
        0
    );

    // A group send: allowed, its after callback from the client, the client its operator.
    let group = json!({"Owner_Account": "ben", "Type": "Public", "Name": "g",
        "MemberList": [{"Member_Account": "amy"}]});
    let group_id = env.api(Api::CreateGroup, group).await.json()["GroupId"].clone();
    while next_callback(&env, &mut rx).await.1.command() != "Group.CallbackAfterCreateGroup" {}
    let to_group = json!({"GroupId": group_id, "MsgBody": text("all")});
    let sent = env
        .control_post("clients/amy/group_msg", to_group.clone())
        .await;
    assert_eq!(sent.json()["ErrorCode"], 0, "{sent:?}");
    let (received, event) = next_callback(&env, &mut rx).await;
    assert_eq!(event.command(), "Group.CallbackBeforeSendMsg");
    assert_eq!(origin(&received.query), some("192.0.2.20", "Android"));
    let (received, event) = next_callback(&env, &mut rx).await;
    assert_eq!(event.command(), "Group.CallbackAfterSendMsg");
    assert_eq!(origin(&received.query), some("192.0.2.20", "Android"));
    let body: Value = serde_json::from_slice(&received.body).unwrap();
    assert_eq!(body["Operator_Account"], "amy");

    // Muted: refused before any callback.
    env.control_post("clients/amy/mute", json!({"seconds": 600}))
        .await
        .json();
    let before = settled(&env).await.queued;
    let muted = env.control_post("clients/amy/c2c_msg", send).await;
    assert_eq!(muted.json()["ErrorCode"], 20012);
    let muted = env.control_post("clients/amy/group_msg", to_group).await;
    assert_eq!(muted.json()["ErrorCode"], 10017);
    assert_eq!(
        settled(&env).await.queued,
        before,
        "no callback for a muted send"
    );
}

#[tokio::test]
async fn the_app_answers_each_friend_request_of_a_client_on_its_own() {
    let per_item = r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[
        {"To_Account":"bea","ResultCode":38001,"ResultInfo":"not bea"},
        {"To_Account":"cid","ResultCode":0,"ResultInfo":""}]}"#;
    let behaviour = Behaviour::For("Sns.CallbackPrevFriendAdd", per_item);
    let (env, mut rx) = start(Emulator::builder().without_rate_limits(), behaviour).await;
    logged_in(&env, &mut rx, &["ann", "bea", "cid", "dan"]).await;
    for user in ["bea", "cid", "dan"] {
        let allow = json!({"From_Account": user, "ProfileItem": [
            {"Tag": "Tag_Profile_IM_AllowType", "Value": "AllowType_Type_AllowAny"}]});
        assert_eq!(env.api(Api::PortraitSet, allow).await.code(), 0);
        next_callback(&env, &mut rx).await;
    }
    let items = json!([{"To_Account": "bea", "AddSource": "AddSource_Type_Android"},
        {"To_Account": "cid", "AddSource": "AddSource_Type_Android"}]);
    let asked = env
        .control_post(
            "clients/ann/friend_request",
            json!({"AddFriendItem": items}),
        )
        .await;
    let results = &asked.json()["ResultItem"];
    assert_eq!(results[0]["ResultCode"], 38001, "{results}");
    assert_eq!(results[0]["ResultInfo"], "not bea");
    assert_eq!(results[1]["ResultCode"], 0, "{results}");
    assert_eq!(env.handle.emulator().relations_of("ann").friends, ["cid"]);
    let (received, event) = next_callback(&env, &mut rx).await;
    assert_eq!(event.command(), "Sns.CallbackPrevFriendAdd");
    assert_eq!(origin(&received.query), some("192.0.2.20", "Android"));
    let (_, event) = next_callback(&env, &mut rx).await;
    let im_callback::Event::FriendAdd(added) = event else {
        panic!("expected Sns.CallbackFriendAdd, got {event:?}")
    };
    assert_eq!(added.pair_list.unwrap().len(), 2, "ann and cid, both ways");

    // A REST friend_add never asks the app (page 1047/43468).
    let rest = json!({"From_Account": "ann", "AddFriendItem": [
        {"To_Account": "dan", "AddSource": "AddSource_Type_Web"}]});
    assert_eq!(env.api(Api::FriendAdd, rest).await.code(), 0);
    settled(&env).await;
    assert_eq!(commands(&env, "Sns.CallbackPrevFriendAdd"), 1);
    assert_eq!(
        env.handle.emulator().relations_of("ann").friends,
        ["cid", "dan"]
    );
}

#[tokio::test]
async fn the_app_may_refuse_a_clients_answer_to_a_friend_request() {
    let refuse = r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[
        {"To_Account":"ann","ResultCode":38002,"ResultInfo":"not yet"}]}"#;
    let behaviour = Behaviour::For("Sns.CallbackPrevFriendResponse", refuse);
    let (env, mut rx) = start(Emulator::builder().without_rate_limits(), behaviour).await;
    logged_in(&env, &mut rx, &["ann", "bea"]).await;
    let ask = json!({"AddFriendItem": [{"To_Account": "bea", "AddSource": "AddSource_Type_X"}]});
    let asked = env.control_post("clients/ann/friend_request", ask).await;
    assert_eq!(asked.json()["ResultItem"][0]["ResultCode"], 30539);
    let agree = json!({"ResponseFriendItem": [
        {"To_Account": "ann", "ResponseAction": "Response_Action_Agree"}]});
    let answered = env.control_post("clients/bea/friend_response", agree).await;
    assert_eq!(answered.json()["ResultItem"][0]["ResultCode"], 38002);
    assert_eq!(answered.json()["Fail_Account"], json!(["ann"]));
    assert_eq!(
        env.handle.emulator().relation_counts().pending,
        1,
        "still pending"
    );
    assert_eq!(
        env.handle.emulator().relations_of("ann").friends,
        Vec::<String>::new()
    );
    settled(&env).await;
    assert_eq!(commands(&env, "Sns.CallbackPrevFriendResponse"), 1);
    assert_eq!(commands(&env, "Sns.CallbackFriendAdd"), 0);
}

/// Creates a group of `kind` owned by `owner` with `extra` fields; its ID.
async fn group_of(env: &Env, owner: &str, kind: &str, extra: Value) -> String {
    let mut body = json!({"Owner_Account": owner, "Type": kind, "Name": "g"});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let answer = env.api(Api::CreateGroup, body).await;
    answer.json()["GroupId"].as_str().unwrap().to_owned()
}

async fn members(env: &Env, id: &str) -> Vec<String> {
    let view = env
        .control_get(&format!("groups?id={}", id.replace('#', "%23")))
        .await;
    let list = view["members"].as_array().unwrap();
    list.iter()
        .map(|m| m["account"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_client_joins_a_group_as_its_apply_join_option_says() {
    let (env, mut rx) = start(Emulator::builder().without_rate_limits(), Behaviour::Ok).await;
    logged_in(&env, &mut rx, &["own", "joe"]).await;
    let free = group_of(
        &env,
        "own",
        "Public",
        json!({"ApplyJoinOption": "FreeAccess"}),
    )
    .await;
    let asked = group_of(&env, "own", "Public", json!({})).await;
    let closed = group_of(
        &env,
        "own",
        "Public",
        json!({"ApplyJoinOption": "DisableApply"}),
    )
    .await;
    let work = group_of(&env, "own", "Private", json!({})).await;
    settled(&env).await;
    while rx.try_recv().is_ok() {}

    let join = |id: &str| json!({"GroupId": id});
    let joined = env
        .control_post("clients/joe/join_group", join(&free))
        .await;
    assert_eq!(joined.json()["JoinStatus"], "joined", "{joined:?}");
    assert_eq!(members(&env, &free).await, ["own", "joe"]);
    let (received, event) = next_callback(&env, &mut rx).await;
    assert_eq!(event.command(), "Group.CallbackBeforeApplyJoinGroup");
    assert_eq!(origin(&received.query), some("192.0.2.21", "Android"));
    let (received, event) = next_callback(&env, &mut rx).await;
    assert_eq!(event.command(), "Group.CallbackAfterNewMemberJoin");
    let body: Value = serde_json::from_slice(&received.body).unwrap();
    assert_eq!(body["JoinType"], "Apply");
    assert_eq!(body["NewMemberList"], json!([{"Member_Account": "joe"}]));

    let pending = env
        .control_post("clients/joe/join_group", join(&asked))
        .await;
    assert_eq!(pending.json()["JoinStatus"], "pending", "{pending:?}");
    assert_eq!(members(&env, &asked).await, ["own"]);
    let codes = [
        (free.as_str(), 10013),
        (closed.as_str(), 10007),
        (work.as_str(), 10007),
        ("@TGS#nope", 10010),
    ];
    for (id, code) in codes {
        let refused = env.control_post("clients/joe/join_group", join(id)).await;
        assert_eq!(refused.json()["ErrorCode"], code, "{id}: {refused:?}");
    }
}

#[tokio::test]
async fn the_app_may_refuse_a_clients_application() {
    let deny = r#"{"ActionStatus":"FAIL","ErrorCode":10150,"ErrorInfo":"members only"}"#;
    let behaviour = Behaviour::For("Group.CallbackBeforeApplyJoinGroup", deny);
    let (env, mut rx) = start(Emulator::builder().without_rate_limits(), behaviour).await;
    logged_in(&env, &mut rx, &["own", "joe"]).await;
    let free = group_of(
        &env,
        "own",
        "Public",
        json!({"ApplyJoinOption": "FreeAccess"}),
    )
    .await;
    let refused = env
        .control_post("clients/joe/join_group", json!({"GroupId": free}))
        .await;
    assert_eq!(refused.json()["ErrorCode"], 10150, "{refused:?}");
    assert_eq!(refused.json()["ErrorInfo"], "members only");
    assert_eq!(members(&env, &free).await, ["own"]);
}
