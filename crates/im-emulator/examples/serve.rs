//! Runs the emulator as a standalone server until Ctrl-C, for clients in any language and for
//! load tests.
//!
//! ```text
//! cargo run --release -p im-emulator --example serve -- [options]
//!
//!   --addr 127.0.0.1:18080      listen address (default 127.0.0.1:0, an ephemeral port)
//!   --sdkappid N                SDKAppID (default 1400000000)
//!   --key KEY                   secret key (default: the official libraries' demo key)
//!   --admin ID                  admin identifier, repeatable (default administrator)
//!   --no-limits                 turn every rate limit off
//!   --cap N                     account cap (trial edition: 100)
//!   --seed N                    fault seed
//!   --faults P                  fault probability in [0, 1]
//!   --kinds K,K                 fault kinds (70169,70202,70500,http502,close,stall)
//!   --latency-ms N              added latency
//!   --jitter-ms N               added jitter
//!   --sig-cache N               verified-UserSig cache entries (0: verify every request)
//! ```
//!
//! It prints the base URL, the credentials, a UserSig for the first admin valid for a day, and
//! a ready-made `account_check` URL (what `bench/wrk-account-check.lua` posts to).

use std::net::SocketAddr;
use std::time::Duration;

use im_emulator::{Emulator, FaultKind, FaultRule};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = Emulator::builder();
    let mut addr: SocketAddr = "127.0.0.1:0".parse()?;
    let mut admins = Vec::new();
    let mut rule = FaultRule::new();
    let (mut latency, mut jitter) = (Duration::ZERO, Duration::ZERO);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--addr" => addr = value()?.parse()?,
            "--sdkappid" => builder = builder.sdkappid(value()?.parse()?),
            "--key" => builder = builder.secret_key(value()?),
            "--admin" => admins.push(value()?),
            "--no-limits" => builder = builder.without_rate_limits(),
            "--cap" => builder = builder.account_cap(value()?.parse()?),
            "--seed" => builder = builder.seed(value()?.parse()?),
            "--faults" => rule = rule.probability(value()?.parse()?),
            "--kinds" => {
                let kinds = value()?
                    .split(',')
                    .map(str::parse)
                    .collect::<Result<Vec<FaultKind>, _>>()?;
                rule = rule.kinds(kinds);
            }
            "--latency-ms" => latency = Duration::from_millis(value()?.parse()?),
            "--jitter-ms" => jitter = Duration::from_millis(value()?.parse()?),
            "--sig-cache" => builder = builder.usersig_cache_capacity(value()?.parse()?),
            "--help" | "-h" => {
                println!("see the header of crates/im-emulator/examples/serve.rs");
                return Ok(());
            }
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    let emulator = builder
        .admins(admins)
        .fault_rule(rule.latency(latency, jitter))
        .build();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let handle = emulator.start(addr).await?;
        let usersig = emulator.generate_usersig(emulator.admin(), 86_400);
        println!("base_url   {}", handle.base_url());
        println!("sdkappid   {}", emulator.sdkappid());
        println!("admin      {}", emulator.admin());
        println!("secret_key {}", emulator.secret_key());
        println!("usersig    {usersig}");
        println!(
            "check_url  {}/v4/im_open_login_svc/account_check?sdkappid={}&identifier={}&usersig={usersig}&random=99999999&contenttype=json",
            handle.base_url(),
            emulator.sdkappid(),
            emulator.admin(),
        );
        tokio::signal::ctrl_c().await?;
        handle.shutdown().await;
        let stats = emulator.stats();
        println!("{}", stats.to_json());
        Ok(())
    })
}
