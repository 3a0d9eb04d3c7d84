//! `Group.CallbackOnMemberStateChange` (simulated clients entering and leaving live groups) and
//! `Group.CallbackSendMsgException` (group sends refused for the page's reasons).

use im_callback::{Event, StateAction, StateReason};
use im_emulator::Emulator;
use im_proto::Api;
use serde_json::json;

use crate::callbacks::{Behaviour, next_callback, settled, start, with_amy_and_bob};
use crate::clients::{logged_in, origin, some, text};

/// The next `Group.CallbackOnMemberStateChange`: (group, type, cause, members, origin).
async fn member_state(
    env: &crate::util::Env,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<crate::callbacks::Received>,
) -> (
    String,
    String,
    String,
    Vec<String>,
    (Option<String>, Option<String>),
) {
    loop {
        let (received, event) = next_callback(env, rx).await;
        let Event::OnMemberStateChange(change) = event else {
            continue;
        };
        let members = change.member_list.unwrap_or_default();
        return (
            change.group_id,
            change.event_type.unwrap_or_default(),
            change.event_cause.unwrap_or_default(),
            members.into_iter().map(|m| m.member_account).collect(),
            origin(&received.query),
        );
    }
}

#[tokio::test]
async fn clients_entering_and_leaving_a_live_group_send_member_state_changes() {
    let (env, mut rx) = start(Emulator::builder().without_rate_limits(), Behaviour::Ok).await;
    logged_in(&env, &mut rx, &["own", "joe", "kim"]).await;
    let live = json!({"Owner_Account": "own", "Type": "AVChatRoom", "Name": "live",
        "ApplyJoinOption": "FreeAccess"});
    let live = env.api(Api::CreateGroup, live).await.json()["GroupId"]
        .as_str()
        .unwrap()
        .to_owned();
    // joe's second device, then both enter: one Online/Join for the account.
    let ipad = json!({"Platform": "iPad", "ClientIP": "192.0.2.99"});
    let login = env.control_post("clients/joe/login", ipad).await;
    assert_eq!(login.json()["clients"].as_array().map(Vec::len), Some(2));
    for platform in ["Android", "iPad"] {
        let join = json!({"GroupId": live, "Platform": platform});
        let joined = env.control_post("clients/joe/join_group", join).await;
        assert_eq!(joined.json()["JoinStatus"], "joined", "{joined:?}");
    }
    let (group, kind, cause, members, from) = member_state(&env, &mut rx).await;
    assert_eq!(
        (group.as_str(), kind.as_str(), cause.as_str()),
        (live.as_str(), "Online", "Join")
    );
    assert_eq!(members, ["joe"]);
    assert_eq!(from, some("192.0.2.21", "Android"));
    // One device out: still in; the last one out: Offline/Quit.
    let out = json!({"Platform": "Android"});
    env.control_post("clients/joe/logout", out).await.json();
    env.control_post("clients/joe/logout", json!({}))
        .await
        .json();
    let (group, kind, cause, members, from) = member_state(&env, &mut rx).await;
    assert_eq!(
        (group.as_str(), kind.as_str(), cause.as_str()),
        (live.as_str(), "Offline", "Quit")
    );
    assert_eq!(members, ["joe"]);
    assert_eq!(from, some("192.0.2.99", "iPad"));
    // kim drops off the network (Disconnect): Offline/HeartbeatInterrupt.
    let join = json!({"GroupId": live});
    env.control_post("clients/kim/join_group", join)
        .await
        .json();
    let (_, kind, cause, _, _) = member_state(&env, &mut rx).await;
    assert_eq!((kind.as_str(), cause.as_str()), ("Online", "Join"));
    let emulator = env.handle.emulator();
    emulator.change_state("kim", StateAction::Disconnect, StateReason::TimeOut);
    let (_, kind, cause, members, from) = member_state(&env, &mut rx).await;
    assert_eq!(
        (kind.as_str(), cause.as_str()),
        ("Offline", "HeartbeatInterrupt")
    );
    assert_eq!(members, ["kim"]);
    assert_eq!(from, some("127.0.0.1", "RESTAPI"));
    // A group that keeps members is not a live group.
    let public = json!({"Owner_Account": "own", "Type": "Public", "Name": "p",
        "ApplyJoinOption": "FreeAccess"});
    let public = env.api(Api::CreateGroup, public).await.json()["GroupId"]
        .as_str()
        .unwrap()
        .to_owned();
    env.control_post("clients/own/join_group", json!({"GroupId": public}))
        .await
        .json();
    env.control_post("clients/own/logout", json!({}))
        .await
        .json();
    let stats = settled(&env).await;
    let sent = stats
        .by_command
        .get("Group.CallbackOnMemberStateChange")
        .copied();
    assert_eq!(sent, Some(4));
}

#[tokio::test]
async fn group_sends_refused_for_the_pages_reasons_send_the_exception() {
    let (env, mut rx) = with_amy_and_bob(Behaviour::Ok).await;
    let create = json!({"Type": "Public", "Name": "club", "Owner_Account": "amy",
        "MemberList": [{"Member_Account": "bob"}]});
    let group = env.api(Api::CreateGroup, create).await.json()["GroupId"]
        .as_str()
        .unwrap()
        .to_owned();
    let send = |to: &str, from: &str, random: u32| {
        json!({"GroupId": to, "From_Account": from, "Random": random,
            "MsgBody": text("hi"), "CloudCustomData": "cd"})
    };
    assert_eq!(
        env.api(Api::SendGroupMsg, send(&group, "bob", 1))
            .await
            .code(),
        0
    );
    let gone = env
        .api(Api::SendGroupMsg, send("@TGS#nothere", "bob", 2))
        .await;
    assert_eq!(gone.code(), 10_010);
    let mute = json!({"GroupId": group, "Members_Account": ["bob"], "MuteTime": 600});
    assert_eq!(env.api(Api::ForbidSendMsg, mute).await.code(), 0);
    let muted = env.api(Api::SendGroupMsg, send(&group, "bob", 3)).await;
    assert_eq!(muted.code(), 10_017);
    let not_member = env.api(Api::SendGroupMsg, send(&group, "nobody", 4)).await;
    assert_eq!(not_member.code(), 10_004, "not one of the page's reasons");

    let mut seen = Vec::new();
    while seen.len() < 2 {
        let (_, event) = next_callback(&env, &mut rx).await;
        let Event::SendMsgException(failed) = event else {
            continue;
        };
        assert_eq!(failed.from_account.as_deref(), Some("bob"));
        assert_eq!(
            failed.operator_account.as_deref(),
            Some(env.handle.emulator().admin())
        );
        assert_eq!(failed.cloud_custom_data.as_deref(), Some("cd"));
        let body = serde_json::to_value(failed.msg_body.unwrap()).unwrap();
        assert_eq!(body[0]["MsgContent"]["Text"], "hi");
        assert!(!failed.error_info.unwrap_or_default().is_empty());
        let kind = failed.group_type.map(|t| t.to_string());
        seen.push((failed.group_id, failed.random, failed.error_code, kind));
    }
    assert_eq!(
        seen,
        [
            ("@TGS#nothere".to_owned(), Some(2), Some(10_010), None),
            (
                group.clone(),
                Some(3),
                Some(10_017),
                Some("Public".to_owned())
            ),
        ]
    );
    let stats = settled(&env).await;
    let sent = stats
        .by_command
        .get("Group.CallbackSendMsgException")
        .copied();
    assert_eq!(sent, Some(2));
}
