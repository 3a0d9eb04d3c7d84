//! Fills the emulator's group store through its in-process transport (create_group calls, as
//! a client's reach the handlers) and reports the process's peak RSS: what
//! `cargo xtask bench group-store` measures.
//!
//! ```text
//! cargo run --release -p im-emulator --example group_store -- [--groups N] [--members M] [--accounts A]
//!
//!   --groups N     how many Public groups (default 100000)
//!   --members M    members a group, its owner included (default 10, at most 101)
//!   --accounts A   how many accounts they are drawn from (default 100000)
//! ```
//!
//! Prints `accounts_rss_kib`, `peak_rss_kib`, `groups`, `memberships`, `expected` and
//! `seconds` lines (`key value`).

use std::time::Instant;

use bytes::Bytes;
use im_emulator::{Account, Emulator, IN_PROCESS_BASE_URL, InProcessTransport};
use im_proto::{Api, AuthQuery};
use im_transport::Transport;
use serde_json::{Value, json};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut groups, mut members, mut accounts) = (100_000usize, 10usize, 100_000usize);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--groups" => groups = value()?.parse()?,
            "--members" => members = value()?.parse()?,
            "--accounts" => accounts = value()?.parse()?,
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    if !(1..=101).contains(&members) || accounts < members {
        return Err("--members must be 1 to 101 and at most --accounts".into());
    }
    let emulator = Emulator::builder().without_rate_limits().build();
    for i in 0..accounts {
        emulator.insert_account(Account::new(format!("user{i:07}")));
    }
    let accounts_rss = peak_rss_kib();
    let caller = Caller::new(&emulator);
    let start = Instant::now();
    for g in 0..groups {
        // Consecutive accounts from a point that moves with the group: every account in about
        // groups * members / accounts groups.
        let first = g * members % accounts;
        let id = |k: usize| format!("user{:07}", (first + k) % accounts);
        let list: Vec<Value> = (1..members)
            .map(|k| json!({"Member_Account": id(k)}))
            .collect();
        let body = json!({
            "Type": "Public", "Name": format!("group {g}"), "Owner_Account": id(0),
            "Introduction": "a group of the group-store benchmark", "MemberList": list,
        });
        caller.call(Api::CreateGroup, &body).await?;
    }
    let seconds = start.elapsed().as_secs_f64();
    let counts = emulator.group_counts();
    println!("accounts {accounts}");
    println!("accounts_rss_kib {accounts_rss}");
    println!("peak_rss_kib {}", peak_rss_kib());
    println!("groups {}", counts.groups);
    println!("memberships {}", counts.memberships);
    println!("expected {}", groups * members);
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
