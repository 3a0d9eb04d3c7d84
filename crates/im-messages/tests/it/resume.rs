//! A resumed bulk send: recipients an earlier run sent without learning the outcome are looked
//! for in their histories, and sent again only when they lack the message; a `sendmsg`
//! resumed inside its window is resent with its recorded key.

use std::time::{Duration, SystemTime};

use futures::StreamExt;
use im_messages::im_client::bulk::{BulkOptions, EarlierSend, ItemOutcome, Outcome};
use im_messages::{BatchSendMsg, Delivery, Message, MsgKeys, Recipient, SendMsg};

use crate::fake::{ADMIN, Stored, service};

async fn run_all<Op>(
    client: &im_messages::Client,
    op: Op,
    input: Vec<Recipient>,
    options: BulkOptions,
) -> Vec<ItemOutcome<Delivery>>
where
    Op: im_messages::im_client::bulk::BulkOperation<Input = Recipient, Output = Delivery>,
{
    let mut run = client.bulk_iter(op, input, options.concurrency(1));
    let mut outcomes = Vec::new();
    while let Some(outcome) = run.next().await {
        outcomes.push(outcome);
    }
    outcomes.sort_by_key(|o| o.position);
    outcomes
}

fn keys(seq: u32, random: u32) -> MsgKeys {
    let mut fields = MsgKeys::random().fields();
    fields.insert("MsgSeq".into(), seq.into());
    fields.insert("MsgRandom".into(), random.into());
    MsgKeys::from_fields(&fields).unwrap()
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// An earlier run sent positions 0-5 in a chunk with keys (7, 77) ten minutes ago and was
/// killed; recipients 0, 2 and 4 got the message (the service stored it, as sent with
/// `SyncOtherMachine` 2: only on their side). The resumed job reads their histories, counts
/// them delivered, and sends again only to 1, 3 and 5, with the new recipients 6-8, in a
/// request of new keys: every recipient ends with exactly one message.
#[tokio::test]
async fn a_resumed_batch_send_resends_only_to_recipients_that_lack_the_message() {
    let (client, state) = service(|b| b);
    let earlier = SystemTime::now() - Duration::from_secs(600);
    for i in [0, 2, 4] {
        let stored = Stored {
            from: ADMIN.into(),
            to: format!("user{i}"),
            seq: 7,
            random: 77,
            time: now_secs() - 600,
        };
        state.lock().unwrap().store(stored, Some(2));
    }
    let recorded = keys(7, 77).fields();
    let options = BulkOptions::default().earlier_sends(move |p| match p {
        0..=5 => vec![EarlierSend::new(Some(recorded.clone()), earlier)],
        _ => Vec::new(),
    });
    let op = BatchSendMsg::new(Message::text("notice").sync_sender(false)).unwrap();
    let input: Vec<Recipient> = (0..9)
        .map(|i| Recipient::account(format!("user{i}")))
        .collect();
    let outcomes = run_all(&client, op, input, options).await;
    let kinds: Vec<String> = outcomes
        .iter()
        .map(|o| match &o.outcome {
            Outcome::Ok(d) => d.kind().to_string(),
            other => format!("{other:?}"),
        })
        .collect();
    let delivered = "already delivered";
    assert_eq!(
        kinds,
        [
            delivered, "sent", delivered, "sent", delivered, "sent", "sent", "sent", "sent"
        ]
    );
    let state = state.lock().unwrap();
    let roam = state.requests("admin_getroammsg");
    assert_eq!(roam.len(), 6, "one history read per unsettled recipient");
    assert_eq!(roam[0].body["Operator_Account"], "user0");
    assert_eq!(roam[0].body["Peer_Account"], ADMIN);
    let sends = state.requests("batchsendmsg");
    assert_eq!(sends.len(), 1);
    let to = sends[0].body["To_Account"].as_array().unwrap();
    let to: Vec<&str> = to.iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(to, ["user1", "user3", "user5", "user6", "user7", "user8"]);
    assert_ne!(sends[0].body["MsgRandom"], 77);
    for i in 0..9 {
        assert_eq!(state.held(&format!("user{i}"), ADMIN).len(), 1, "user{i}");
    }
}

/// A recipient an earlier run sent without recording keys cannot be looked for: it fails,
/// unsent, rather than risking a second message.
#[tokio::test]
async fn an_unsettled_recipient_without_recorded_keys_is_not_sent_again() {
    let (client, state) = service(|b| b);
    let options = BulkOptions::default()
        .earlier_sends(|p| vec![EarlierSend::new(None, SystemTime::now()); usize::from(p == 0)]);
    let op = BatchSendMsg::new(Message::text("notice")).unwrap();
    let input = vec![Recipient::account("user0"), Recipient::account("user1")];
    let outcomes = run_all(&client, op, input, options).await;
    let failure = outcomes[0].outcome.failure().expect("not sent").to_string();
    assert!(failure.contains("not sent again"), "{failure}");
    assert!(outcomes[1].outcome.is_ok());
    let sends = state.lock().unwrap().requests("batchsendmsg");
    assert_eq!(sends[0].body["To_Account"], serde_json::json!(["user1"]));
}

/// `sendmsg` resumed 30 s after its recorded send: resent with the recorded key (the service
/// deduplicates it), without reading the history; resumed after 200 s: looked for first, and
/// found, not sent.
#[tokio::test]
async fn a_resumed_single_send_uses_its_recorded_key_inside_the_window() {
    let body = serde_json::json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]);
    let mut recorded = keys(5, 55).fields();
    recorded.insert("MsgBody".into(), body);
    let record = |age: u64| {
        let recorded = recorded.clone();
        let at = SystemTime::now() - Duration::from_secs(age);
        move |_| vec![EarlierSend::new(Some(recorded.clone()), at)]
    };
    let (client, state) = service(|b| b);
    let op = SendMsg::new(Message::text("hi")).unwrap();
    let options = BulkOptions::default().earlier_sends(record(30));
    let outcomes = run_all(&client, op, vec!["bob".into()], options).await;
    assert!(outcomes[0].outcome.is_ok(), "{:?}", outcomes[0]);
    {
        let state = state.lock().unwrap();
        let sends = state.requests("sendmsg");
        let key = (
            sends[0].body["MsgSeq"].as_u64(),
            sends[0].body["MsgRandom"].as_u64(),
        );
        assert_eq!(key, (Some(5), Some(55)));
        assert!(state.requests("admin_getroammsg").is_empty());
    }

    let (client, state) = service(|b| b);
    let stored = Stored {
        from: ADMIN.into(),
        to: "bob".into(),
        seq: 5,
        random: 55,
        time: now_secs() - 200,
    };
    state.lock().unwrap().store(stored, None);
    let op = SendMsg::new(Message::text("hi")).unwrap();
    let options = BulkOptions::default().earlier_sends(record(200));
    let outcomes = run_all(&client, op, vec!["bob".into()], options).await;
    assert!(
        matches!(
            outcomes[0].outcome,
            Outcome::Ok(Delivery::AlreadyDelivered { .. })
        ),
        "{:?}",
        outcomes[0]
    );
    let state = state.lock().unwrap();
    assert!(state.requests("sendmsg").is_empty());
    assert_eq!(state.held("bob", ADMIN).len(), 1);
}

/// `sendmsg` resumed 100 s after its recorded send, with that key: its answer, lost 30 s
/// later (a transient code), is not resent, as the service's 120 s counted from the recorded
/// send have passed; the recipient is left for a rerun to look for.
#[tokio::test(start_paused = true)]
async fn a_resumed_single_send_keeps_to_the_window_of_its_recorded_send() {
    use crate::fake::Fault;

    let body = serde_json::json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]);
    let mut recorded = keys(5, 55).fields();
    recorded.insert("MsgBody".into(), body);
    let at = SystemTime::now() - Duration::from_secs(100);
    let (client, state) = service(|b| b);
    let slow = Fault::SlowCode(Duration::from_secs(30), 20004);
    state
        .lock()
        .unwrap()
        .faults
        .insert("sendmsg".into(), vec![slow]);
    let op = SendMsg::new(Message::text("hi")).unwrap();
    let options = BulkOptions::default()
        .earlier_sends(move |_| vec![EarlierSend::new(Some(recorded.clone()), at)]);
    let outcomes = run_all(&client, op, vec!["bob".into()], options).await;
    assert!(outcomes[0].outcome.failure().is_some(), "{:?}", outcomes[0]);
    let sends = state.lock().unwrap().requests("sendmsg");
    assert_eq!(sends.len(), 1, "not resent");
    assert_eq!(sends[0].body["MsgRandom"], 55);
}
