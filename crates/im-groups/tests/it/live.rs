//! Live groups through the typed operations: the online list as a stream over its time cursor
//! (and the last 30 joiners below Ultimate), marks and admins refused before sending past
//! their limits, robots and check_members.

use std::sync::Arc;

use futures::TryStreamExt;
use im_client::{Error, InvalidInput};
use im_emulator::{Account, Edition, Emulator, IN_PROCESS_BASE_URL};
use im_groups::im_proto::UserId;
use im_groups::im_proto::group::create_group;
use im_groups::im_proto::group_types::{ApplyJoinOption, GroupType};
use im_groups::im_proto::{ErrorCode, ValidationRule};
use im_groups::{AdminCommand, Client, MarkCommand};
use im_transport::{Bytes, Transport};

use crate::{Recording, client_with, group, setup, users};

fn ids(names: &[&str]) -> Vec<UserId> {
    names.iter().map(|n| UserId::new(*n).unwrap()).collect()
}

fn rule(err: &Error) -> ValidationRule {
    match err {
        Error::InvalidInput(InvalidInput::Request(e)) => e.rule(),
        other => panic!("not refused before sending: {other}"),
    }
}

async fn names(client: &Client, id: &str, mark: Option<i64>) -> Vec<String> {
    let members: Vec<_> = client.live_members(id, mark).try_collect().await.unwrap();
    members.into_iter().map(|m| m.member_account).collect()
}

/// A simulated client of `user` logs in and joins `id` (the emulator's control routes).
async fn join(emulator: &Emulator, user: &str, id: &str) {
    let transport = emulator.in_process_transport();
    for (action, body) in [
        ("login", serde_json::json!({"Platform": "Android"})),
        ("join_group", serde_json::json!({"GroupId": id})),
    ] {
        let uri = format!("{IN_PROCESS_BASE_URL}/_emulator/clients/{user}/{action}");
        let request = http::Request::post(uri)
            .body(Bytes::from(body.to_string()))
            .unwrap();
        let answer = transport.send(request).await.unwrap();
        assert!(answer.status().is_success(), "{action}: {answer:?}");
    }
}

/// More than a page of online members streams across pages, newest first.
#[tokio::test]
async fn the_online_list_streams_over_its_time_cursor() {
    let people = users("m", 300);
    let emulator = im_emulator::Emulator::builder()
        .without_rate_limits()
        .build();
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let id = group(&client, GroupType::AvChatRoom, "live").await;
    let accounts: Vec<&str> = people.iter().map(String::as_str).collect();
    let set = client
        .modify_user_info(&id, MarkCommand::Set, &accounts, &[500])
        .await
        .unwrap();
    assert_eq!(set.len(), 300);
    let listed = names(&client, &id, None).await;
    let newest_first: Vec<String> = people.iter().rev().cloned().collect();
    assert_eq!(listed, newest_first);
    let pages = recording.bodies("get_members");
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert_ne!(pages[1]["Timestamp"], 0);
    assert_eq!(names(&client, &id, Some(1000)).await, Vec::<String>::new());
}

#[tokio::test]
async fn below_ultimate_only_the_last_30_joiners_stream() {
    let emulator = Emulator::builder()
        .without_rate_limits()
        .edition(Edition::Pro)
        .build();
    let client = client_with(&emulator, Arc::new(emulator.in_process_transport()));
    let mut request = create_group::Request::new(GroupType::AvChatRoom, "live");
    request.apply_join_option = Some(ApplyJoinOption::FreeAccess);
    let id = client.create_group(&request).await.unwrap().group_id;
    let people = users("v", 35);
    for user in &people {
        emulator.insert_account(Account::new(user.clone()));
        join(&emulator, user, &id).await;
    }
    let expected: Vec<String> = people[5..].iter().rev().cloned().collect();
    assert_eq!(names(&client, &id, None).await, expected);
    let err = client.get_admin_list(&id).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::new(10007)), "{err}");
}

#[tokio::test]
async fn marks_and_admins_past_their_limits_are_refused_before_sending() {
    let emulator = Emulator::builder().without_rate_limits().build();
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let id = "@TGS#aLIVE";
    let eleven: Vec<i64> = (1000..1011).collect();
    let err = client
        .modify_user_info(id, MarkCommand::Set, &["a"], &eleven)
        .await
        .unwrap_err();
    assert_eq!(rule(&err), ValidationRule::TooMany { max: 10, got: 11 });
    let err = client
        .modify_user_info(id, MarkCommand::Remove, &["a"], &[999])
        .await
        .unwrap_err();
    assert!(
        matches!(rule(&err), ValidationRule::Malformed { .. }),
        "{err}"
    );
    let many = users("x", 501);
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let err = client
        .modify_user_info(id, MarkCommand::Set, &many, &[1000])
        .await
        .unwrap_err();
    assert_eq!(
        rule(&err),
        ValidationRule::TooManyItems { max: 500, got: 501 }
    );
    let six = ids(&["a1", "a2", "a3", "a4", "a5", "a6"]);
    let err = client
        .modify_admin(id, AdminCommand::Add, &six)
        .await
        .unwrap_err();
    assert_eq!(rule(&err), ValidationRule::TooManyItems { max: 5, got: 6 });
    assert!(
        recording.seen.lock().unwrap().is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
async fn admins_robots_and_membership_through_the_operations() {
    let (emulator, client) = setup(Vec::<String>::new());
    emulator.insert_account(Account::new("host").with_nick("Host"));
    let id = group(&client, GroupType::AvChatRoom, "live").await;
    client
        .modify_admin(
            &id,
            AdminCommand::Add,
            &ids(&["host", "a2", "a3", "a4", "a5"]),
        )
        .await
        .unwrap();
    let err = client
        .modify_admin(&id, AdminCommand::Add, &ids(&["a6"]))
        .await
        .unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::new(10004)), "{err}");
    client
        .modify_admin(&id, AdminCommand::Remove, &ids(&["a5"]))
        .await
        .unwrap();
    let admins = client.get_admin_list(&id).await.unwrap();
    let named: Vec<&str> = admins.iter().map(|a| a.admin_account.as_str()).collect();
    assert_eq!(named, ["host", "a2", "a3", "a4"]);
    assert_eq!(admins[0].nick_name.as_deref(), Some("Host"));

    emulator.insert_account(Account::new("@RBT#bot").robot());
    let err = client.add_robots(&id, &ids(&["host"])).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::new(10004)), "{err}");
    client.add_robots(&id, &ids(&["@RBT#bot"])).await.unwrap();
    assert_eq!(names(&client, &id, None).await, ["@RBT#bot"]);
    let present = client
        .check_members(&id, &ids(&["host", "@RBT#bot"]))
        .await
        .unwrap();
    assert_eq!(present, ["@RBT#bot"]);
    client.del_robots(&id, &ids(&["@RBT#bot"])).await.unwrap();
    assert!(names(&client, &id, None).await.is_empty());
    let public = group(&client, GroupType::Public, "p").await;
    let err = client
        .check_members(&public, &ids(&["host"]))
        .await
        .unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::new(10007)), "{err}");
}
