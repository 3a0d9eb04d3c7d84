//! Against the emulator's message store: what the service stores, not what a fake records.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use futures::StreamExt;
use futures::future::BoxFuture;
use im_emulator::{Account, Emulator, FaultConfig, FaultKind, FaultRule, InProcessTransport};
use im_messages::im_client::RetryPolicy;
use im_messages::im_proto::{Api, UserId};
use im_messages::{Client, Message};
use im_transport::{Bytes, Transport, TransportError};

/// The emulator's in-process transport; after the first lost answer it clears the faults, so
/// the client's resend gets through.
struct LoseOnce {
    inner: InProcessTransport,
    emulator: Emulator,
    failures: AtomicU32,
}

impl Transport for LoseOnce {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        Box::pin(async move {
            let answer = self.inner.send(request).await;
            if answer.is_err() {
                self.failures.fetch_add(1, Ordering::SeqCst);
                self.emulator.set_faults(FaultConfig::new());
            }
            answer
        })
    }
}

fn client(emulator: &Emulator, transport: Arc<dyn Transport>) -> Client {
    Client::builder()
        .sdkappid(emulator.sdkappid())
        .secret_key(emulator.secret_key())
        .admin(emulator.admin())
        .endpoint(im_emulator::IN_PROCESS_BASE_URL)
        .transport(transport)
        .request_timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(5)))
        .build()
        .unwrap()
}

fn emulator_with(accounts: &[&str], faults: FaultConfig) -> Emulator {
    let emulator = Emulator::builder()
        .without_rate_limits()
        .faults(faults)
        .build();
    for id in accounts {
        emulator.insert_account(Account::new(*id));
    }
    emulator
}

/// The connection is closed after the emulator stored the message (its answer lost); the
/// client sends the very same request again inside the 120 s window: the service's dedup
/// answers the first send, and the recipient holds one message.
#[tokio::test]
async fn a_send_whose_answer_was_lost_after_storing_is_one_message() {
    let lose = FaultConfig::new().api_rule(
        Api::Sendmsg,
        FaultRule::new().probability(1.0).kinds([FaultKind::Lost]),
    );
    let emulator = emulator_with(&["administrator", "bob"], lose);
    let transport = Arc::new(LoseOnce {
        inner: emulator.in_process_transport(),
        emulator: emulator.clone(),
        failures: AtomicU32::new(0),
    });
    let client = client(&emulator, transport.clone());

    let sent = client
        .send(&UserId::new("bob").unwrap(), &Message::text("exactly once"))
        .await
        .expect("the resend is answered");

    assert_eq!(
        transport.failures.load(Ordering::SeqCst),
        1,
        "one answer lost"
    );
    assert_eq!(emulator.stats().faults(FaultKind::Lost), 1);
    let stored = emulator.messages_between("administrator", "bob");
    assert_eq!(stored.len(), 1, "{stored:?}");
    let key = sent.key.expect("sendmsg answers the key");
    let parts = key
        .parts()
        .expect("the emulator's keys have the documented form");
    assert_eq!((parts.seq, parts.random), (sent.keys.seq, sent.keys.random));
}

/// A batch send to 1,201 recipients through the real store: each holds the message once,
/// and the history stream reads it back from the recipient's side.
#[tokio::test]
async fn a_batch_send_reaches_every_recipient_once_and_reads_back() {
    let recipients: Vec<String> = (0..1201).map(|i| format!("r{i}")).collect();
    let mut accounts: Vec<&str> = recipients.iter().map(String::as_str).collect();
    accounts.push("administrator");
    let emulator = emulator_with(&accounts, FaultConfig::new());
    let client = client(&emulator, Arc::new(emulator.in_process_transport()));
    let to: Vec<UserId> = recipients.iter().map(|r| UserId::new(r).unwrap()).collect();

    for chunk in to.chunks(500) {
        let sent = client
            .batch_send(chunk, &Message::text("hello"))
            .await
            .unwrap();
        assert_eq!(sent.recipients.len(), chunk.len());
        assert!(
            sent.recipients.iter().all(|r| r.is_ok()),
            "{:?}",
            sent.recipients
        );
    }

    for r in &recipients {
        assert_eq!(
            emulator.messages_between("administrator", r).len(),
            1,
            "{r}"
        );
    }
    let history: Vec<_> = client
        .history(
            &UserId::new("r7").unwrap(),
            &UserId::new("administrator").unwrap(),
            0,
            i64::from(u32::MAX),
        )
        .collect()
        .await;
    assert_eq!(history.len(), 1, "{history:?}");
    assert!(history[0].is_ok(), "{history:?}");
}
