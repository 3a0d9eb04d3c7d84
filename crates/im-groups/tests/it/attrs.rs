//! Group attributes and counters through the typed operations: written, read back, refused
//! before sending past their limits, and counters as i64.

use std::sync::Arc;

use im_client::{Error, InvalidInput};
use im_groups::im_proto::group::update_group_counter::CounterMode;
use im_groups::im_proto::group_types::GroupType;
use im_groups::im_proto::{ErrorCode, ValidationRule};

use crate::{Recording, client_with, emulator, group, setup};

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn rule(err: &Error) -> ValidationRule {
    match err {
        Error::InvalidInput(InvalidInput::Request(e)) => e.rule(),
        other => panic!("not refused before sending: {other}"),
    }
}

/// Modify merges, set replaces, delete and clear remove; every step read back.
#[tokio::test]
async fn attributes_are_written_and_read_back() {
    let (_emulator, client) = setup(Vec::<String>::new());
    let gid = group(&client, GroupType::AvChatRoom, "live").await;
    assert!(client.get_group_attr(&gid).await.unwrap().is_empty());
    client
        .modify_group_attr(&gid, [("seat1", "alice"), ("seat2", "bob")])
        .await
        .unwrap();
    client
        .modify_group_attr(&gid, [("seat2", "carol")])
        .await
        .unwrap();
    assert_eq!(
        client.get_group_attr(&gid).await.unwrap(),
        pairs(&[("seat1", "alice"), ("seat2", "carol")])
    );
    client
        .set_group_attr(&gid, [("topic", "news")])
        .await
        .unwrap();
    assert_eq!(
        client.get_group_attr(&gid).await.unwrap(),
        pairs(&[("topic", "news")])
    );
    let err = client.delete_group_attr(&gid, ["seat1"]).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::new(10050)), "{err}");
    client.delete_group_attr(&gid, ["topic"]).await.unwrap();
    assert!(client.get_group_attr(&gid).await.unwrap().is_empty());
    let other = group(&client, GroupType::Public, "p").await;
    client.set_group_attr(&other, [("a", "1")]).await.unwrap();
    client.clear_group_attr(&other).await.unwrap();
    assert!(client.get_group_attr(&other).await.unwrap().is_empty());
}

/// Each limit is refused before a request leaves, naming the attribute and the rule.
#[tokio::test]
async fn attribute_limits_are_refused_before_sending() {
    let emulator = emulator(Vec::<String>::new());
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, Arc::clone(&recording) as _);
    let gid = group(&client, GroupType::Public, "g").await;
    let many: Vec<(String, String)> = (0..17).map(|i| (format!("k{i}"), "v".into())).collect();
    let err = client.modify_group_attr(&gid, many).await.unwrap_err();
    assert_eq!(rule(&err), ValidationRule::TooMany { max: 16, got: 17 });
    let err = client
        .set_group_attr(&gid, [("k".repeat(33), "v")])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("GroupAttr[0].key"), "{err}");
    let err = client
        .set_group_attr(&gid, [("k", "v".repeat(4001))])
        .await
        .unwrap_err();
    assert_eq!(
        rule(&err),
        ValidationRule::ValueTooLong {
            max: 4000,
            len: 4001
        }
    );
    let heavy: Vec<(String, String)> = (0..5)
        .map(|i| (format!("k{i}"), "v".repeat(3201)))
        .collect();
    let err = client.set_group_attr(&gid, heavy).await.unwrap_err();
    assert_eq!(
        rule(&err),
        ValidationRule::TotalTooLong {
            max: 16000,
            len: 16005
        }
    );
    let err = client
        .delete_group_attr(&gid, ["k".repeat(33)])
        .await
        .unwrap_err();
    assert!(matches!(rule(&err), ValidationRule::ValueTooLong { .. }));
    for command in ["modify_group_attr", "set_group_attr", "delete_group_attr"] {
        assert!(recording.bodies(command).is_empty(), "{command} was sent");
    }
}

/// Counters hold signed 64-bit values: set, increased past 32 bits, decreased below zero.
#[tokio::test]
async fn counters_are_i64_and_updated_as_the_mode_says() {
    let (_emulator, client) = setup(Vec::<String>::new());
    let gid = group(&client, GroupType::Public, "g").await;
    let big = i64::from(u32::MAX) + 10;
    let updated = client
        .update_group_counter(&gid, CounterMode::Set, [("likes", big), ("gifts", 1)])
        .await
        .unwrap();
    assert_eq!(
        updated,
        vec![("likes".to_owned(), big), ("gifts".to_owned(), 1)]
    );
    let updated = client
        .update_group_counter(&gid, CounterMode::Increase, [("likes", 5)])
        .await
        .unwrap();
    assert_eq!(updated, vec![("likes".to_owned(), big + 5)]);
    client
        .update_group_counter(&gid, CounterMode::Decrease, [("gifts", 3), ("new", 2)])
        .await
        .unwrap();
    let all = client.get_group_counter(&gid, None).await.unwrap();
    assert_eq!(
        all,
        vec![
            ("likes".to_owned(), big + 5),
            ("gifts".to_owned(), -2),
            ("new".to_owned(), -2)
        ]
    );
    let some = client
        .get_group_counter(&gid, Some(&["gifts".to_owned()]))
        .await
        .unwrap();
    assert_eq!(some, vec![("gifts".to_owned(), -2)]);
    client
        .delete_group_counter(&gid, Some(&["likes".to_owned()]))
        .await
        .unwrap();
    assert_eq!(client.get_group_counter(&gid, None).await.unwrap().len(), 2);
    client.delete_group_counter(&gid, None).await.unwrap();
    assert!(
        client
            .get_group_counter(&gid, None)
            .await
            .unwrap()
            .is_empty()
    );
    let keys: Vec<(String, i64)> = (0..21).map(|i| (format!("k{i}"), 1)).collect();
    let err = client
        .update_group_counter(&gid, CounterMode::Set, keys)
        .await
        .unwrap_err();
    assert_eq!(rule(&err), ValidationRule::TooMany { max: 20, got: 21 });
}
