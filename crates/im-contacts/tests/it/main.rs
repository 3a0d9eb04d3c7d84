//! im-contacts against the emulator, in process: the conversation list streamed over its
//! four-field cursor, delete with and without history, pins, contact groups and marks, and the
//! limits refused before anything is sent.

use std::sync::Arc;

use futures::TryStreamExt;
use im_client::Error;
use im_contacts::{ALL_FLAGS, Client, Conversation, MarkChange};
use im_emulator::{Account, Emulator, IN_PROCESS_BASE_URL};
use im_proto::{Api, UserId};
use serde_json::json;

/// An emulator with `users` and a client of it (no rate limits: tests measure no speed).
fn setup(users: &[&str]) -> (Emulator, Client) {
    let emulator = Emulator::builder().without_rate_limits().build();
    for user in users {
        emulator.insert_account(Account::new(*user));
    }
    let client = Client::builder()
        .sdkappid(emulator.sdkappid())
        .secret_key(emulator.secret_key())
        .admin(emulator.admin())
        .endpoint(IN_PROCESS_BASE_URL)
        .transport(Arc::new(emulator.in_process_transport()))
        .build()
        .expect("client builds");
    (emulator, client)
}

fn user(id: &str) -> UserId {
    UserId::new(id).unwrap()
}

/// `from` sends `to` a message at `at` on the emulator's clock.
async fn send(emulator: &Emulator, client: &Client, from: &str, to: &str, at: u64) {
    emulator.set_fixed_now(Some(at));
    let body = json!({"From_Account": from, "To_Account": to, "MsgRandom": at as u32,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]});
    client.call_raw("openim", "sendmsg", &body).await.unwrap();
}

#[tokio::test]
async fn the_list_streams_every_conversation_once_pinned_first() {
    let (emulator, client) = setup(&["me"]);
    let t0 = emulator.now();
    for i in 0..150u64 {
        let peer = format!("p{i:03}");
        emulator.insert_account(Account::new(peer.as_str()));
        send(&emulator, &client, &peer, "me", t0 + i).await;
    }
    let pinned = [
        Conversation::c2c("p010").unwrap(),
        Conversation::group("@TGS#quiet").unwrap(),
    ];
    client.top(&user("me"), &pinned, true).await.unwrap();
    let listed: Vec<_> = client
        .conversations(&user("me"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        listed.len(),
        151,
        "150 peers and a pinned group without messages"
    );
    assert_eq!(
        emulator.stats().requests(Api::GetList),
        2,
        "two pages of at most 100"
    );
    let top: Vec<_> = listed.iter().take_while(|s| s.top_flag == 1).collect();
    assert_eq!(top.len(), 2);
    assert_eq!(top[0].to_account.as_deref(), Some("p010"));
    assert_eq!(
        (top[1].group_id.as_deref(), top[1].msg_time),
        (Some("@TGS#quiet"), 0)
    );
    assert_eq!(
        listed[2].to_account.as_deref(),
        Some("p149"),
        "then newest first"
    );
    let mut names: Vec<_> = listed.iter().filter_map(|s| s.to_account.clone()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 150, "each once");
    let without_empty = client.get_list(&user("me"), ALL_FLAGS & !2);
    let pages: Vec<_> = without_empty.try_collect().await.unwrap();
    let count: usize = pages
        .iter()
        .map(|p| p.session_item.as_ref().map_or(0, Vec::len))
        .sum();
    assert_eq!(
        count, 150,
        "NoLastMsg: the silent pinned group is left out without bit 1"
    );
}

#[tokio::test]
async fn delete_and_unpin() {
    let (emulator, client) = setup(&["a", "b", "c"]);
    let t0 = emulator.now();
    send(&emulator, &client, "b", "a", t0).await;
    send(&emulator, &client, "c", "a", t0 + 1).await;
    let b = Conversation::c2c("b").unwrap();
    client
        .top(&user("a"), std::slice::from_ref(&b), true)
        .await
        .unwrap();
    client
        .top(&user("a"), std::slice::from_ref(&b), false)
        .await
        .unwrap();
    let listed: Vec<_> = client
        .conversations(&user("a"))
        .try_collect()
        .await
        .unwrap();
    assert!(listed.iter().all(|s| s.top_flag == 0));
    emulator.set_fixed_now(Some(t0 + 2));
    client
        .delete(&user("a"), &Conversation::c2c("c").unwrap(), true)
        .await
        .unwrap();
    let listed: Vec<_> = client
        .conversations(&user("a"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].to_account.as_deref(), Some("b"));
    let roam = json!({"Operator_Account": "a", "Peer_Account": "c", "MaxCnt": 10, "MinTime": 0, "MaxTime": t0 + 10});
    let answer = client
        .call_raw("openim", "admin_getroammsg", &roam)
        .await
        .unwrap();
    assert_eq!(answer["MsgCnt"], 0, "the history went with it");
    let err = client.delete(&user("nobody"), &b, false).await.unwrap_err();
    assert_eq!(err.error_code().map(|c| c.get()), Some(50001), "{err}");
}

#[tokio::test]
async fn contact_groups_and_marks_round_trip() {
    let (_emulator, client) = setup(&["a"]);
    let me = user("a");
    let b = Conversation::c2c("b").unwrap();
    let g = Conversation::group("@TGS#g").unwrap();
    let created = client
        .create_contact_group(&me, "work", std::slice::from_ref(&b))
        .await
        .unwrap();
    assert_eq!(
        (
            created.group_item.group_name.as_str(),
            created.group_item.group_id
        ),
        ("work", 1)
    );
    let updated = client
        .update_contact_group_members(
            &me,
            "work",
            std::slice::from_ref(&g),
            std::slice::from_ref(&b),
        )
        .await
        .unwrap();
    assert_eq!(updated.contact_result_item.as_ref().map(Vec::len), Some(2));
    let renamed = client
        .rename_contact_group(&me, "work", "office")
        .await
        .unwrap();
    assert_eq!(renamed.group_name, "office");
    let marks = [MarkChange::new(b.clone()).set(1).set(2).custom("vip")];
    let results = client.mark_contact(&me, &marks).await.unwrap();
    assert_eq!(results[0].result_code.get(), 0);
    let found = client
        .search_contact_group(&me, &[b.clone(), g.clone()])
        .await
        .unwrap();
    let found = found.contact_result_item.unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].standard_mark.as_deref(), Some("110"));
    let pages: Vec<_> = client.get_contact_group(&me).try_collect().await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(
        pages[0].group_item.as_ref().unwrap()[0].group_name,
        "office"
    );
    assert_eq!(
        client.del_contact_group(&me, "office").await.unwrap(),
        Some(1)
    );
    let err = client.del_contact_group(&me, "office").await.unwrap_err();
    assert_eq!(err.error_code().map(|c| c.get()), Some(51009), "{err}");
}

#[tokio::test]
async fn limits_are_refused_before_sending() {
    let (emulator, client) = setup(&["a"]);
    let me = user("a");
    let b = Conversation::c2c("b").unwrap();
    let invalid = |result: Result<(), Error>, what: &str| {
        let err = result.unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{err}");
        assert!(err.to_string().contains(what), "{err} should name {what}");
    };
    let long = "x".repeat(33);
    invalid(
        client.create_contact_group(&me, &long, &[]).await.map(drop),
        "33 bytes",
    );
    invalid(
        client.create_contact_group(&me, "", &[]).await.map(drop),
        "0 bytes",
    );
    let many: Vec<Conversation> = (0..1001)
        .map(|i| Conversation::c2c(&format!("u{i}")).unwrap())
        .collect();
    invalid(
        client
            .create_contact_group(&me, "big", &many)
            .await
            .map(drop),
        "1001",
    );
    invalid(
        client.rename_contact_group(&me, "a", &long).await.map(drop),
        "33 bytes",
    );
    invalid(
        client
            .update_contact_group_members(&me, "a", &[], &[])
            .await
            .map(drop),
        "no conversation",
    );
    invalid(
        client
            .mark_contact(&me, &[MarkChange::new(b.clone()).set(64)])
            .await
            .map(drop),
        "bit 64",
    );
    invalid(
        client
            .mark_contact(&me, &[MarkChange::new(b.clone())])
            .await
            .map(drop),
        "changes nothing",
    );
    let marks: Vec<MarkChange> = (0..101)
        .map(|_| MarkChange::new(b.clone()).set(1))
        .collect();
    invalid(client.mark_contact(&me, &marks).await.map(drop), "100");
    invalid(
        client
            .search_contact_group(&me, &many[..301])
            .await
            .map(drop),
        "300",
    );
    invalid(client.top(&me, &[], true).await, "at least one");
    let sent: u64 = Api::ALL
        .iter()
        .map(|&api| emulator.stats().requests(api))
        .sum();
    assert_eq!(sent, 0, "nothing was sent");
    assert!(Conversation::group("").is_err() && Conversation::c2c("").is_err());
    assert_eq!(
        Conversation::from_parts(2, None, Some("@TGS#x")).unwrap(),
        Conversation::group("@TGS#x").unwrap()
    );
    assert!(Conversation::from_parts(3, Some("b"), None).is_err());
}
