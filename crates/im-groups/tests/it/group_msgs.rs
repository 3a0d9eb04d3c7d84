//! Group messages of issue 33 through the typed operations: topic messages (the `TopicId`
//! checked before sending), the broadcast to every live group (paced at its 1 call a second),
//! read receipts (counts, the detail as a paged stream, receipts sent for a member).

use futures::{StreamExt, TryStreamExt};
use im_client::{Error, Failure};
use im_emulator::{Account, Emulator};
use im_groups::im_proto::group::{create_group, send_broadcast_msg, send_group_msg};
use im_groups::im_proto::group_types::GroupType;
use im_groups::im_proto::message::MsgBody;
use im_groups::im_proto::{ErrorCode, UserId};
use im_groups::{ReadCounts, ReadFilter};

use crate::{Recording, client_with, setup};

fn user(name: &str) -> UserId {
    UserId::new(name).unwrap()
}

fn code(err: &Error) -> Option<i64> {
    match err {
        Error::Api(api) => Some(api.code().get()),
        _ => None,
    }
}

/// A group of `kind` owned by alice with bob, carol and dave; its ID.
async fn group(client: &im_groups::Client, kind: GroupType, topics: bool) -> String {
    let mut request = create_group::Request::new(kind, "g");
    request.owner_account = Some(user("alice"));
    request.support_topic = topics.then_some(true);
    request.member_list = Some(
        ["bob", "carol", "dave"]
            .iter()
            .map(|m| create_group::InitialMember::new(user(m)))
            .collect(),
    );
    client.create_group(&request).await.unwrap().group_id
}

fn names() -> Vec<String> {
    ["alice", "bob", "carol", "dave"]
        .map(str::to_owned)
        .to_vec()
}

#[tokio::test]
async fn topic_messages_are_sent_read_and_recalled_in_the_topics_own_history() {
    let (_emulator, client) = setup(names());
    let g = group(&client, GroupType::Community, true).await;
    let topic = client
        .create_topic(&im_groups::im_proto::community::create_topic::Request::new(
            &g, "news",
        ))
        .await
        .unwrap();
    let mut request = send_group_msg::Request::new(&g, 0, MsgBody::text("in the topic"));
    request.topic_id = Some(topic.clone());
    assert_eq!(
        client.send_group_msg(request).await.unwrap().msg_seq,
        Some(1)
    );
    client
        .send_to_group(&g, MsgBody::text("outside"))
        .await
        .unwrap();
    let in_topic: Vec<_> = client
        .group_history_in(&g, Some(&topic), false)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(in_topic.len(), 1);
    let outcomes = client.recall_group_msgs_in(&g, Some(&topic), &[1, 2]).await;
    assert!(outcomes[0].result.is_ok());
    let Err(Failure::Service { code, .. }) = &outcomes[1].result else {
        panic!("{outcomes:?}");
    };
    assert_eq!(*code, ErrorCode::GROUP_RECALL_MSG_NOT_FOUND);
    let own: Vec<_> = client.group_history(&g, false).try_collect().await.unwrap();
    assert_eq!(own.len(), 1, "the community's own message stays");
}

#[tokio::test]
async fn a_topic_of_another_group_is_refused_before_sending() {
    let emulator = crate::emulator(names());
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let g = group(&client, GroupType::Community, true).await;
    let other = "@TGS#_@TGS#cOTHER@TOPIC#_news".to_owned();
    let mut request = send_group_msg::Request::new(&g, 0, MsgBody::text("x"));
    request.topic_id = Some(other.clone());
    let err = client.send_group_msg(request).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    let history = client.group_history_in(&g, Some(&other), false);
    let err = std::pin::pin!(history).next().await.unwrap().unwrap_err();
    assert!(err.to_string().contains("TopicId"), "{err}");
    let outcomes = client.recall_group_msgs_in(&g, Some(&other), &[1]).await;
    assert!(matches!(outcomes[0].result, Err(Failure::Request(_))));
    for command in ["send_group_msg", "group_msg_get_simple", "group_msg_recall"] {
        assert!(recording.bodies(command).is_empty(), "{command} sent");
    }
}

#[tokio::test]
async fn broadcasts_are_paced_at_one_a_second_and_checked_before_sending() {
    // Rate limits on: the emulator throttles a second broadcast within the second.
    let emulator = Emulator::builder().build();
    for name in names() {
        emulator.insert_account(Account::new(name));
    }
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let first = client.broadcast(MsgBody::text("one")).await.unwrap();
    let second = client.broadcast(MsgBody::text("two")).await.unwrap();
    assert_eq!((first.msg_seq, second.msg_seq), (Some(1), Some(2)));
    let big = MsgBody::text("x".repeat(13 * 1024));
    let err = client
        .send_broadcast_msg(send_broadcast_msg::Request::new(7, big))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("12288"), "{err}");
    assert_eq!(recording.bodies("send_broadcast_msg").len(), 2);
}

#[tokio::test]
async fn read_receipts_are_counted_listed_and_sent_for_a_member() {
    let emulator = crate::emulator(names());
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let g = group(&client, GroupType::Public, false).await;
    let mut request = send_group_msg::Request::new(&g, 0, MsgBody::text("read me"));
    request.from_account = Some(user("alice"));
    request.need_read_receipt = Some(true);
    let seq = client
        .send_group_msg(request)
        .await
        .unwrap()
        .msg_seq
        .unwrap();
    let plain = client.send_to_group(&g, MsgBody::text("x")).await.unwrap();
    client
        .group_msg_receipt(&g, &user("bob"), &[seq])
        .await
        .unwrap();
    let counts = client
        .get_group_msg_receipt(&g, &[seq, plain.msg_seq.unwrap()])
        .await
        .unwrap();
    assert_eq!(counts[0].key, seq.to_string());
    let Ok(ReadCounts { read, unread, .. }) = counts[0].result else {
        panic!("{counts:?}");
    };
    assert_eq!((read, unread), (1, 2));
    let Err(Failure::Service { code: refused, .. }) = &counts[1].result else {
        panic!("{counts:?}");
    };
    assert_eq!(*refused, ErrorCode::GROUP_RECEIPT_NOT_FOUND);
    let pages: Vec<_> = client
        .get_group_msg_receipt_detail(&g, seq, ReadFilter::Unread, 1)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2, "one member a page");
    let unread: Vec<String> = client
        .group_msg_readers(&g, seq, ReadFilter::Unread)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(unread, ["carol", "dave"]);
    let read: Vec<String> = client
        .group_msg_readers(&g, seq, ReadFilter::Read)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(read, ["bob"]);
    let before = recording.bodies("get_group_msg_receipt_detail").len();
    for size in [0, 201] {
        let first = client
            .get_group_msg_receipt_detail(&g, seq, ReadFilter::Read, size)
            .next()
            .await
            .unwrap();
        assert!(matches!(first, Err(Error::InvalidInput(_))), "{size}");
    }
    assert_eq!(
        recording.bodies("get_group_msg_receipt_detail").len(),
        before
    );
    let err = client
        .group_msg_receipt(&g, &user("bob"), &[])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)));
    let err = client
        .group_msg_receipt(&g, &user("zed"), &[seq])
        .await
        .unwrap_err();
    assert_eq!(code(&err), Some(10007));
    let many: Vec<u32> = (0..60).map(|_| seq).collect();
    client
        .group_msg_receipt(&g, &user("carol"), &many)
        .await
        .unwrap();
    assert_eq!(
        recording.bodies("group_msg_receipt").len(),
        1 + 1 + 2,
        "chunks of 50"
    );
}
