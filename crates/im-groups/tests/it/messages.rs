use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use futures::TryStreamExt;
use futures::future::BoxFuture;
use im_client::{InvalidInput, RetryPolicy};
use im_emulator::{Emulator, FaultConfig, FaultKind, FaultRule, InProcessTransport};
use im_groups::im_proto::group::{import_group, send_group_msg};
use im_groups::im_proto::group_types::GroupType;
use im_groups::im_proto::message::MsgBody;
use im_groups::im_proto::openim::modify_group_msg;
use im_groups::im_proto::{Api, UserId};
use im_groups::{Client, ImportGroupMember, MemberInput};
use im_transport::{Bytes, Transport, TransportError};

use crate::{Recording, client_with, emulator, group, setup};

fn id(s: &str) -> UserId {
    UserId::new(s).unwrap()
}

/// The in-process transport; after the first lost answer it clears the faults.
struct LoseOnce {
    inner: InProcessTransport,
    emulator: Emulator,
    lost: AtomicU32,
}

impl Transport for LoseOnce {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        Box::pin(async move {
            let answer = self.inner.send(request).await;
            if answer.is_err() {
                self.lost.fetch_add(1, Ordering::SeqCst);
                self.emulator.set_faults(FaultConfig::new());
            }
            answer
        })
    }
}

/// The answer of a stored send is lost; the client resends the very same request (same
/// `Random`) inside the 300 s window, the service's dedup answers it, and the group holds the
/// message once.
#[tokio::test]
async fn a_send_whose_answer_was_lost_is_one_message() {
    let emulator = emulator(Vec::<String>::new());
    let plain = client_with(&emulator, Arc::new(emulator.in_process_transport()));
    let gid = group(&plain, GroupType::Public, "lost").await;
    emulator.set_faults(FaultConfig::new().api_rule(
        Api::SendGroupMsg,
        FaultRule::new().probability(1.0).kinds([FaultKind::Lost]),
    ));
    let transport = Arc::new(LoseOnce {
        inner: emulator.in_process_transport(),
        emulator: emulator.clone(),
        lost: AtomicU32::new(0),
    });
    let client = Client::builder()
        .sdkappid(emulator.sdkappid())
        .secret_key(emulator.secret_key())
        .admin(emulator.admin())
        .endpoint(im_emulator::IN_PROCESS_BASE_URL)
        .transport(transport.clone())
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(5)))
        .build()
        .unwrap();
    let sent = client
        .send_group_msg(send_group_msg::Request::new(&gid, 0, MsgBody::text("hi")))
        .await
        .unwrap();
    assert_ne!(sent.random, 0);
    assert_eq!(transport.lost.load(Ordering::SeqCst), 1);
    assert_eq!(emulator.stats().requests(Api::SendGroupMsg), 2);
    let history: Vec<_> = client
        .group_history(&gid, true)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].msg_random, sent.random);
    assert_eq!(Some(history[0].msg_seq), sent.msg_seq);
}

/// 45 messages are read back once each, newest first, over 3 pages (20, 20, 5): each next
/// page from the smallest `MsgSeq` received − 1.
#[tokio::test]
async fn group_history_reads_every_message_once_in_order() {
    let (emulator, client) = setup(Vec::<String>::new());
    let gid = group(&client, GroupType::Public, "history").await;
    for i in 0..45 {
        let body = MsgBody::text(format!("m{i}"));
        client.send_to_group(&gid, body).await.unwrap();
    }
    let seqs: Vec<u32> = client
        .group_history(&gid, false)
        .map_ok(|m| m.msg_seq)
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<u32> = (1..=45).rev().collect();
    assert_eq!(seqs, expected);
    assert_eq!(emulator.stats().requests(Api::GroupMsgGetSimple), 3);
}

/// 12 messages recalled in chunks of 10 with an unknown `MsgSeq`: one outcome each, the
/// unknown one its own 10030; the history then holds none (without placeholders).
#[tokio::test]
async fn recall_in_chunks_with_one_outcome_each() {
    let emulator = emulator(Vec::<String>::new());
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let gid = group(&client, GroupType::Public, "recall").await;
    for i in 0..12 {
        client
            .send_to_group(&gid, MsgBody::text(format!("m{i}")))
            .await
            .unwrap();
    }
    let mut seqs: Vec<u32> = (1..=12).collect();
    seqs.insert(5, 999);
    let outcomes = client.recall_group_msgs(&gid, &seqs).await;
    assert_eq!(recording.bodies("group_msg_recall").len(), 2);
    assert_eq!(outcomes.len(), 13);
    for (outcome, seq) in outcomes.iter().zip(&seqs) {
        assert_eq!(outcome.key, seq.to_string());
        match seq {
            999 => assert_eq!(
                outcome.result.as_ref().unwrap_err().code().map(|c| c.get()),
                Some(10030)
            ),
            _ => assert!(outcome.result.is_ok(), "{outcome:?}"),
        }
    }
    let left: Vec<_> = client
        .group_history(&gid, false)
        .try_collect()
        .await
        .unwrap();
    assert!(left.is_empty(), "{left:?}");
}

/// An imported group's 9 messages go as 7 + 2, each stored with the next `MsgSeq`; a list
/// breaking the time rules is refused before anything is sent, naming the message and rule.
#[tokio::test]
async fn import_group_msgs_checks_times_and_chunks_by_7() {
    let emulator = emulator(vec!["alice".to_owned()]);
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let now = i64::try_from(emulator.now()).unwrap();
    let mut request = import_group::Request::new(GroupType::Public, "old");
    request.create_time = Some(now - 1000);
    let gid = client.import_group(&request).await.unwrap();
    client
        .bulk_iter(
            ImportGroupMember::new(&gid),
            [MemberInput::from("alice")],
            Default::default(),
        )
        .finish()
        .await;
    let msg = |t: i64| {
        im_groups::im_proto::group::import_group_msg::ImportMsg::new(
            id("alice"),
            t,
            MsgBody::text(format!("at {t}")),
        )
    };

    let early = vec![msg(now - 900), msg(now - 1001)];
    let err = client.import_group_msgs(&gid, early).await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("message 1") && text.contains("creation"),
        "{text}"
    );
    let unordered = vec![msg(now - 900), msg(now - 800), msg(now - 850)];
    let err = client.import_group_msgs(&gid, unordered).await.unwrap_err();
    assert!(matches!(
        err,
        im_client::Error::InvalidInput(InvalidInput::Other(_))
    ));
    assert!(err.to_string().contains("message 2"), "{err}");
    assert!(recording.bodies("import_group_msg").is_empty());

    let messages: Vec<_> = (0..9).map(|i| msg(now - 900 + i * 10)).collect();
    let outcomes = client.import_group_msgs(&gid, messages).await.unwrap();
    let seqs: Vec<u32> = outcomes
        .iter()
        .map(|o| *o.result.as_ref().unwrap())
        .collect();
    assert_eq!(seqs, (1..=9).collect::<Vec<u32>>());
    let sizes: Vec<usize> = recording
        .bodies("import_group_msg")
        .iter()
        .map(|b| b["MsgList"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [7, 2]);

    // The newest imported message is now the bound.
    let err = client
        .import_group_msgs(&gid, vec![msg(now - 850)])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("newest message"), "{err}");
}

/// delete by sender hides bob's messages; set_unread sets alice's read mark; a notification
/// to named members goes in chunks of 50; clear and modify reach their paths.
#[tokio::test]
async fn the_other_message_operations() {
    let emulator = emulator(vec!["alice".to_owned(), "bob".to_owned()]);
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let gid = group(&client, GroupType::Public, "others").await;
    let members = ["alice", "bob"].map(MemberInput::from);
    client
        .bulk_iter(ImportGroupMember::new(&gid), members, Default::default())
        .finish()
        .await;
    for from in ["bob", "alice", "bob", "alice", "alice"] {
        let mut request = send_group_msg::Request::new(&gid, 0, MsgBody::text(from));
        request.from_account = Some(id(from));
        client.send_group_msg(request).await.unwrap();
    }
    client
        .delete_group_msg_by_sender(&gid, &id("bob"))
        .await
        .unwrap();
    let left: Vec<String> = client
        .group_history(&gid, false)
        .map_ok(|m| m.from_account)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(left, ["alice", "alice", "alice"]);

    client
        .set_unread_msg_num(&gid, &id("alice"), 2)
        .await
        .unwrap();
    let alice = client
        .group_members(&gid)
        .try_filter(|m| futures::future::ready(m.member_account == "alice"))
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(alice[0].msg_seq, Some(3));

    let to: Vec<UserId> = (0..60).map(|_| id("alice")).collect();
    let notified = client.notify_group_members(&gid, "hello", &to).await;
    assert_eq!(notified.len(), 60);
    assert!(notified.iter().all(|o| o.result.is_ok()));
    assert_eq!(recording.bodies("send_group_system_notification").len(), 2);

    client.clear_group_msg(&gid, Some(2)).await.unwrap();
    let community = group(&client, GroupType::Community, "c").await;
    let refused = client.clear_group_msg(&community, None).await.unwrap_err();
    assert_eq!(refused.error_code().map(|c| c.get()), Some(10007));

    let mut modify = modify_group_msg::Request::new(&gid, 2);
    modify.cloud_custom_data = Some("edited".into());
    // The emulator does not model modify_group_msg yet (60009): the request reached its path.
    let _ = client.modify_group_msg(&modify).await;
    let sent = recording.bodies("modify_group_msg");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["MsgSeq"], 2);
}
