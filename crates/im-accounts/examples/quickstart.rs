//! A runnable tour of the client against the embedded emulator (no cloud account needed):
//!
//! ```sh
//! cargo run -p im-accounts --example quickstart
//! ```
//!
//! Against the real service, build the client with `Client::from_env()` (`IM_SDKAPPID`,
//! `IM_SECRET_KEY`, `IM_ADMIN`, `IM_REGION`) instead of pointing it at the emulator.

use futures::StreamExt;
use im_accounts::bulk::{BulkItem, BulkOp, BulkOptions};
use im_accounts::{Client, StatusOptions};
use im_emulator::Emulator;
use im_proto::{AccountProfile, UserId};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A local emulator on 127.0.0.1, with its default app credentials.
    let emulator = Emulator::builder().build();
    let server = emulator.start_local().await?;
    println!("emulator at {}", server.base_url());

    let client = Client::builder()
        .sdkappid(emulator.sdkappid())
        .secret_key(emulator.secret_key())
        .admin(emulator.admin())
        .endpoint(server.base_url())
        .build()?;

    // account_import: one account, with a nickname.
    let alice = UserId::new("alice")?;
    client
        .account_import(AccountProfile::new(alice.clone()).with_nick("Alice"))
        .await?;

    // multiaccount_import: up to 100 at once, one outcome each.
    let ids = [UserId::new("bob")?, UserId::new("carol")?];
    for outcome in client.import_accounts(&ids).await? {
        println!("import {}: {:?}", outcome.user_id, outcome.result);
    }

    // account_check.
    let check = [alice.clone(), UserId::new("dave")?];
    for outcome in client.account_check(&check).await? {
        println!("check {}: {:?}", outcome.user_id, outcome.result);
    }

    // query_online_status, with per-platform detail.
    for outcome in client
        .query_online_status(&check, StatusOptions::default().with_detail(true))
        .await?
    {
        match outcome.result {
            Ok(info) => println!("status {}: {}", outcome.user_id, info.status),
            Err(failure) => println!("status {}: {failure}", outcome.user_id),
        }
    }

    // kick: invalidates alice's earlier UserSigs.
    client.kick(&alice).await?;

    // Bulk: 10,000 accounts, chunked and paced at the rate limit, one outcome each.
    let input = (0..10_000).map(|i| BulkItem::account(format!("user_{i:05}")));
    let mut run = client.bulk_iter(BulkOp::Import, input, BulkOptions::default());
    let mut failed = 0;
    while let Some(outcome) = run.next().await {
        if outcome.result.is_err() {
            failed += 1;
        }
    }
    let report = run.report().expect("the stream ended");
    println!(
        "bulk import: {} imported, {failed} failed, {:.0} accounts/s",
        report.succeeded,
        report.rate()
    );

    // account_delete.
    for outcome in client.account_delete(&ids).await? {
        println!("delete {}: {:?}", outcome.user_id, outcome.result);
    }
    println!(
        "the emulator now holds {} accounts",
        emulator.account_count()
    );
    server.shutdown().await;
    Ok(())
}
