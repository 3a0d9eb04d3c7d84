//! Fills the emulator's message store with short one-to-one text messages through its
//! in-process transport (the handlers, as a client's calls reach them) and reports the
//! process's peak RSS: what `cargo xtask bench message-store` measures.
//!
//! ```text
//! cargo run --release -p im-emulator --example message_store -- [--messages N] [--mode batch|distinct]
//!
//!   --messages N   how many messages (default 1000000)
//!   --mode batch   batchsendmsg from one sender to N accounts, 500 a call (one body per call)
//!   --mode distinct  sendmsg, N calls, each a different text, between N/2 pairs of accounts
//! ```
//!
//! Prints `accounts_rss_kib`, `peak_rss_kib`, `messages`, `lost`, `doubled` and `seconds`
//! lines (`key value`).

use std::time::Instant;

use bytes::Bytes;
use im_emulator::{Account, Emulator, IN_PROCESS_BASE_URL, InProcessTransport};
use im_proto::{Api, AuthQuery};
use im_transport::Transport;
use serde_json::{Value, json};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut messages, mut distinct) = (1_000_000usize, false);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--messages" => messages = value()?.parse()?,
            "--mode" => distinct = value()? == "distinct",
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    let emulator = Emulator::builder().without_rate_limits().build();
    let accounts = if distinct {
        messages.div_ceil(2) * 2
    } else {
        messages + 1
    };
    for i in 0..accounts {
        emulator.insert_account(Account::new(format!("user{i:07}")));
    }
    let accounts_rss = peak_rss_kib();
    let caller = Caller::new(&emulator);
    let start = Instant::now();
    if distinct {
        for i in 0..messages {
            let (a, b) = (i / 2 * 2, i / 2 * 2 + 1);
            let (from, to) = if i % 2 == 0 { (a, b) } else { (b, a) };
            let body = json!({
                "From_Account": format!("user{from:07}"), "To_Account": format!("user{to:07}"),
                "MsgSeq": i, "MsgRandom": 7,
                "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": format!("hello number {i}")}}],
            });
            caller.call(Api::Sendmsg, &body).await?;
        }
    } else {
        let ids: Vec<String> = (1..=messages).map(|i| format!("user{i:07}")).collect();
        for (n, chunk) in ids.chunks(500).enumerate() {
            let body = json!({
                "From_Account": "user0000000", "To_Account": chunk, "MsgSeq": n, "MsgRandom": 7,
                "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": format!("notice {n}")}}],
            });
            caller.call(Api::Batchsendmsg, &body).await?;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let histogram = emulator.received_histogram(None);
    let once = histogram.get(&1).copied().unwrap_or(0) as usize;
    let doubled: u64 = histogram
        .iter()
        .filter(|(k, _)| **k > 1)
        .map(|(_, n)| n)
        .sum();
    println!("accounts {accounts}");
    println!("accounts_rss_kib {accounts_rss}");
    println!("peak_rss_kib {}", peak_rss_kib());
    println!("messages {}", emulator.message_count());
    println!("lost {}", messages.saturating_sub(once));
    println!("doubled {doubled}");
    println!("seconds {seconds:.1}");
    Ok(())
}

/// Signed in-process calls of the first admin.
struct Caller {
    transport: InProcessTransport,
    query: String,
}

impl Caller {
    fn new(emulator: &Emulator) -> Self {
        let usersig = emulator.generate_usersig(emulator.admin(), 86_400);
        let query = AuthQuery::signed(emulator.sdkappid(), emulator.admin(), &usersig, 1).encode();
        Caller {
            transport: emulator.in_process_transport(),
            query,
        }
    }

    async fn call(&self, api: Api, body: &Value) -> Result<(), Box<dyn std::error::Error>> {
        let uri = format!(
            "{IN_PROCESS_BASE_URL}/{}?{}",
            api.metadata().path(),
            self.query
        );
        let request = http::Request::post(uri).body(Bytes::from(serde_json::to_vec(body)?))?;
        let response = self.transport.send(request).await?;
        let answer: Value = serde_json::from_slice(response.body())?;
        if answer["ErrorCode"] != 0 {
            return Err(format!("{api} answered {answer}").into());
        }
        Ok(())
    }
}

/// The process's peak resident set size so far (`VmHWM`), KiB; 0 where /proc is not there.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
