//! Single sends keep their keys across retries, and within the 120 s window only; batch
//! sends are split at 500 recipients with one outcome each, under the per-minute quota counted
//! per recipient.

use std::time::Duration;

use futures::StreamExt;
use im_messages::im_client::bulk::{BulkOptions, ItemOutcome, Outcome};
use im_messages::im_client::{Error, Quotas};
use im_messages::im_proto::openim::batchsendmsg;
use im_messages::im_proto::{Endpoint, ErrorCode, Per, QuotaCount, UserId};
use im_messages::{BatchSendMsg, Delivery, Message, Recipient, Withdrawn};

use crate::fake::{Fault, service};

fn id(s: &str) -> UserId {
    UserId::new(s).unwrap()
}

/// A lost answer (the service stored the message): the resend is the very same body, its
/// MsgSeq and MsgRandom included, so the service's dedup drops it.
#[tokio::test(start_paused = true)]
async fn a_send_keeps_its_keys_and_body_across_a_retry() {
    let (client, state) = service(|b| b);
    state
        .lock()
        .unwrap()
        .faults
        .insert("sendmsg".into(), vec![Fault::Code(20004)]);
    let sent = client.send(&id("bob"), &Message::text("hi")).await.unwrap();
    let requests = state.lock().unwrap().requests("sendmsg");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(requests[0].body["MsgSeq"], sent.keys.seq);
    assert_eq!(requests[0].body["MsgRandom"], sent.keys.random);
    assert!(sent.key.unwrap().parts().is_some());

    // Every message gets keys of its own.
    let again = client.send(&id("bob"), &Message::text("hi")).await.unwrap();
    assert_ne!(
        (again.keys.seq, again.keys.random),
        (sent.keys.seq, sent.keys.random)
    );
}

/// A transient answer that came 125 s after the first attempt left: the service's 120 s
/// dedup no longer holds, so it is not resent (the policy alone would allow 600 s).
#[tokio::test(start_paused = true)]
async fn a_send_is_not_resent_after_its_120_s_window() {
    let (client, state) = service(|b| b);
    let slow = Fault::SlowCode(Duration::from_secs(125), 20004);
    state
        .lock()
        .unwrap()
        .faults
        .insert("sendmsg".into(), vec![slow]);
    let err = client
        .send(&id("bob"), &Message::text("hi"))
        .await
        .unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::new(20004)), "{err:?}");
    assert_eq!(state.lock().unwrap().requests("sendmsg").len(), 1);

    // Within the window the same answer is retried.
    let (client, state) = service(|b| b);
    let slow = Fault::SlowCode(Duration::from_secs(100), 20004);
    state
        .lock()
        .unwrap()
        .faults
        .insert("sendmsg".into(), vec![slow]);
    client.send(&id("bob"), &Message::text("hi")).await.unwrap();
    assert_eq!(state.lock().unwrap().requests("sendmsg").len(), 2);
}

#[tokio::test]
async fn a_send_checks_the_message_before_sending() {
    let (client, state) = service(|b| b);
    let err = client
        .send(&id("bob"), &Message::text("x").life_time(604_801))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput(_)) && err.to_string().contains("MsgLifeTime"),
        "{err}"
    );
    let err = client
        .send(&id("bob"), &Message::text("x".repeat(13_000)))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("12 KB"), "{err}");
    assert!(state.lock().unwrap().seen.is_empty());
}

/// The recipients: `nobody*` ones do not exist.
fn recipients(n: usize) -> Vec<Recipient> {
    (0..n)
        .map(|i| match i % 100 {
            7 => Recipient::account(format!("nobody{i}")),
            _ => Recipient::account(format!("user{i}")),
        })
        .collect()
}

async fn run_all(
    client: &im_messages::Client,
    op: BatchSendMsg,
    input: Vec<Recipient>,
    options: BulkOptions,
) -> Vec<ItemOutcome<Delivery>> {
    let mut run = client.bulk_iter(op, input, options);
    let mut outcomes = Vec::new();
    while let Some(outcome) = run.next().await {
        outcomes.push(outcome);
    }
    outcomes
}

#[tokio::test(start_paused = true)]
async fn a_bulk_send_splits_at_500_with_one_outcome_per_recipient_in_order() {
    let (client, state) = service(|b| b);
    let op = BatchSendMsg::new(Message::text("notice").sync_sender(true)).unwrap();
    let outcomes = run_all(&client, op, recipients(1_201), BulkOptions::default()).await;
    let mut sizes: Vec<usize> = state
        .lock()
        .unwrap()
        .requests("batchsendmsg")
        .iter()
        .map(|r| r.body["To_Account"].as_array().unwrap().len())
        .collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [201, 500, 500]);
    let mut positions: Vec<u64> = outcomes.iter().map(|o| o.position).collect();
    positions.sort_unstable();
    assert_eq!(positions, (0..1_201).collect::<Vec<u64>>());
    for outcome in &outcomes {
        let failed = outcome.label.starts_with("nobody");
        match &outcome.outcome {
            Outcome::Ok(Delivery::Sent { key }) if !failed => assert!(key.is_some()),
            Outcome::Failed(f) if failed => {
                assert_eq!(f.code(), Some(ErrorCode::ACCOUNT_NOT_FOUND))
            }
            other => panic!("{}: {other:?}", outcome.label),
        }
    }
    // Each chunk has keys of its own.
    let requests = state.lock().unwrap().requests("batchsendmsg");
    assert_ne!(requests[0].body["MsgRandom"], requests[1].body["MsgRandom"]);
}

/// With the per-minute quota at 1,000 recipients, a chunk of 500 takes 500 of it: the second
/// chunk waits about a minute for room, the third (201) about 24 s more, where a quota of
/// calls would have let all three go at once.
#[tokio::test(start_paused = true)]
async fn the_per_minute_quota_counts_recipients() {
    let meta = &batchsendmsg::Request::METADATA;
    let quotas = Quotas::default()
        .set(meta, Per::Minute, QuotaCount::Items, Some(1_000))
        .unwrap();
    let (client, state) = service(|b| b.quotas(quotas));
    let op = BatchSendMsg::new(Message::text("notice")).unwrap();
    let options = BulkOptions::default().concurrency(1);
    let outcomes = run_all(&client, op, recipients(1_201), options).await;
    assert_eq!(outcomes.len(), 1_201);
    let requests = state.lock().unwrap().requests("batchsendmsg");
    let at: Vec<_> = requests.iter().map(|r| r.at).collect();
    assert_eq!(at.len(), 3);
    assert!(
        at[1] - at[0] >= Duration::from_secs(59),
        "{:?}",
        at[1] - at[0]
    );
    assert!(
        at[2] - at[1] >= Duration::from_secs(24),
        "{:?}",
        at[2] - at[1]
    );
}

/// A recall resent after a lost answer and answered 20023 (already recalled) succeeded by the
/// lost attempt; the same code on a first attempt is an error.
#[tokio::test(start_paused = true)]
async fn a_recall_answered_already_recalled_on_a_resend_succeeded() {
    let key = "1_2_3".parse().unwrap();
    let (client, state) = service(|b| b);
    let faults = vec![Fault::StoreThenLose, Fault::Code(20023)];
    state
        .lock()
        .unwrap()
        .faults
        .insert("admin_msgwithdraw".into(), faults);
    let done = client
        .admin_msgwithdraw(&id("a"), &id("b"), &key)
        .await
        .unwrap();
    assert_eq!(done, Withdrawn::Earlier);

    state
        .lock()
        .unwrap()
        .faults
        .insert("admin_msgwithdraw".into(), vec![Fault::Code(20023)]);
    let err = client
        .admin_msgwithdraw(&id("a"), &id("b"), &key)
        .await
        .unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::new(20023)));
    state.lock().unwrap().faults.clear();
    assert_eq!(
        client
            .admin_msgwithdraw(&id("a"), &id("b"), &key)
            .await
            .unwrap(),
        Withdrawn::Withdrawn
    );
}
