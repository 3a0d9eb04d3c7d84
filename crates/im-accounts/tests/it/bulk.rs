//! The bulk engine: exact accounting under faults, rate limits, resume, and properties.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use im_accounts::bulk::{BulkItem, BulkOp, BulkOptions, BulkOutcome, Success};
use im_accounts::{Client, StatusOptions};
use im_client::{Failure, RetryPolicy};
use im_emulator::{Emulator, FaultKind, FaultRule, OnlineState};
use im_proto::account::account_check::AccountStatus;
use im_proto::openim::query_online_status::OnlineStatus;
use im_proto::{Api, ErrorCode, UserId};
use proptest::prelude::*;

use crate::support::{client_for, in_process};

async fn collect(
    client: &Client,
    op: BulkOp,
    input: Vec<BulkItem>,
    options: BulkOptions,
) -> (Vec<BulkOutcome>, im_accounts::bulk::Report) {
    let mut run = client.bulk_iter(op, input, options);
    let mut outcomes = Vec::new();
    while let Some(outcome) = run.next().await {
        outcomes.push(outcome);
    }
    let report = run
        .report()
        .cloned()
        .expect("a report after the stream ends");
    (outcomes, report)
}

/// Each input position appears exactly once.
fn assert_exact(outcomes: &[BulkOutcome], n: usize) {
    let mut positions: Vec<u64> = outcomes.iter().map(|o| o.position).collect();
    positions.sort_unstable();
    assert_eq!(positions, (0..n as u64).collect::<Vec<_>>());
}

/// 20,000 accounts (with invalid IDs and duplicates) through 20 % faults of every kind.
#[tokio::test(start_paused = true)]
async fn twenty_thousand_accounts_through_faults_of_every_kind() {
    // In process, on a paused clock: a stall outlasts the transport's 500 ms timeout.
    let (handle, _) = in_process(
        Emulator::builder()
            .seed(2024)
            .without_rate_limits()
            .stall_duration(Duration::from_secs(2))
            .in_process_timeout(Duration::from_millis(500))
            .fault_rule(FaultRule::new().probability(0.2).kinds(FaultKind::ALL)),
    );
    let client = client_for(&handle)
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(handle.in_process_transport()))
        .rate_limits(im_client::RateLimits::off())
        .build()
        .unwrap();

    let mut input = Vec::new();
    let mut valid = HashSet::new();
    for i in 0..20_000 {
        let item = match i % 1000 {
            // Invalid: too long, empty, control character.
            1 => "x".repeat(40),
            2 => String::new(),
            3 => format!("bad\n{i}"),
            // A repeat of an earlier account.
            4 if i > 1000 => format!("user_{}", i - 995),
            _ => format!("user_{i}"),
        };
        if UserId::new(item.as_str()).is_ok() {
            valid.insert(item.clone());
        }
        input.push(item);
    }
    let items: Vec<BulkItem> = input.iter().cloned().map(BulkItem::from).collect();
    let options = BulkOptions::default().concurrency(32).retry_policy(
        RetryPolicy::bulk()
            .base_delay(Duration::from_millis(20))
            .max_delay(Duration::from_millis(200)),
    );
    let (outcomes, report) = collect(&client, BulkOp::Import, items, options).await;

    assert_exact(&outcomes, input.len());
    // The emulator holds exactly the valid input accounts.
    let stored: HashSet<String> = handle.accounts().into_iter().map(|a| a.user_id).collect();
    assert_eq!(stored, valid);
    // The report matches per account.
    let mut seen = HashSet::new();
    for outcome in &outcomes {
        let raw = &input[outcome.position as usize];
        match &outcome.result {
            Ok(Success::Imported) => {
                assert_eq!(&outcome.user_id, raw);
                assert!(seen.insert(raw.clone()), "{raw} imported twice");
            }
            Err(Failure::Invalid(message)) => {
                assert!(UserId::new(raw.as_str()).is_err(), "{raw}: {message}");
            }
            Ok(Success::Duplicate { first: Some(first) }) => {
                assert!(valid.contains(raw));
                assert_eq!(&input[*first as usize], raw, "the first occurrence");
                assert!(*first < outcome.position);
            }
            other => panic!("{raw}: unexpected {other:?}"),
        }
    }
    assert_eq!(seen, valid);
    assert_eq!(report.total, 20_000);
    assert_eq!(report.succeeded as usize, valid.len() + 19);
    assert_eq!(report.failed as usize, 20_000 - valid.len() - 19);
    assert_eq!(report.by_status["imported"] as usize, valid.len());
    assert_eq!(report.failures_by_reason["invalid"], 60);
    assert_eq!(report.by_status["duplicate"], 19, "skipped, not failed");
    assert!(report.retries > 0);
    let stats = handle.stats();
    for kind in FaultKind::ALL {
        assert!(stats.faults(kind) > 0, "{kind}");
    }
}

/// At the default limits on both sides, the service never throttles the engine.
#[tokio::test(start_paused = true)]
async fn default_rate_limits_give_zero_throttling() {
    let (handle, client) = in_process(Emulator::builder());
    let items: Vec<BulkItem> = (0..15_000)
        .map(|i| BulkItem::account(format!("r{i}")))
        .collect();
    let (outcomes, report) = collect(&client, BulkOp::Import, items, BulkOptions::default()).await;
    assert_exact(&outcomes, 15_000);
    assert_eq!(report.succeeded, 15_000);
    let items: Vec<BulkItem> = (0..15_000)
        .map(|i| BulkItem::account(format!("r{i}")))
        .collect();
    let (_, report) = collect(&client, BulkOp::Check, items, BulkOptions::default()).await;
    assert_eq!(report.by_status["Imported"], 15_000);
    assert_eq!(handle.stats().throttled(), 0);
    assert_eq!(handle.stats().answers(ErrorCode::REST_RATE_LIMITED), 0);
    assert_eq!(report.throttled, 0);
}

#[tokio::test(start_paused = true)]
async fn check_delete_and_status_in_bulk() {
    let (emulator, client) = in_process(Emulator::builder().without_rate_limits());
    let names: Vec<String> = (0..1200).map(|i| format!("u{i}")).collect();
    let items = || {
        names
            .iter()
            .map(|n| BulkItem::account(n.as_str()))
            .collect::<Vec<_>>()
    };
    collect(
        &client,
        BulkOp::Import,
        items()[..1000].to_vec(),
        BulkOptions::default(),
    )
    .await;
    emulator.set_online(
        "u1",
        OnlineState::new(OnlineStatus::Online).with_platform("Web", OnlineStatus::Online),
    );

    let (outcomes, report) = collect(&client, BulkOp::Check, items(), BulkOptions::default()).await;
    assert_exact(&outcomes, 1200);
    assert_eq!(report.by_status["Imported"], 1000);
    assert_eq!(report.by_status["NotImported"], 200);
    for o in &outcomes {
        let expect = if o.position < 1000 {
            AccountStatus::Imported
        } else {
            AccountStatus::NotImported
        };
        assert_eq!(o.result.as_ref().unwrap(), &Success::Checked(expect));
    }

    let (outcomes, report) = collect(
        &client,
        BulkOp::OnlineStatus(StatusOptions::default().with_detail(true)),
        items(),
        BulkOptions::default(),
    )
    .await;
    assert_exact(&outcomes, 1200);
    assert_eq!(report.requests, 3, "chunks of 500");
    assert_eq!(report.by_status["Offline"], 999);
    assert_eq!(report.by_status["Online"], 1);
    assert_eq!(report.failures_by_reason["70107"], 200);
    let u1 = outcomes.iter().find(|o| o.user_id == "u1").unwrap();
    match &u1.result {
        Ok(Success::Online(info)) => assert_eq!(info.detail[0].platform, "Web"),
        other => panic!("{other:?}"),
    }

    let (outcomes, report) =
        collect(&client, BulkOp::Delete, items(), BulkOptions::default()).await;
    assert_exact(&outcomes, 1200);
    assert_eq!(report.by_status["deleted"], 1000);
    assert_eq!(report.failures_by_reason["70107"], 200);
    assert_eq!(emulator.account_count(), 0);
}

#[tokio::test(start_paused = true)]
async fn profiles_and_fail_accounts_get_specific_codes() {
    let (emulator, client) = in_process(Emulator::builder().without_rate_limits().account_cap(150));
    let mut items: Vec<BulkItem> = (0..200)
        .map(|i| BulkItem::profile(format!("p{i}"), Some(format!("Nick {i}")), None))
        .collect();
    items.push(BulkItem::profile("toolong", Some("n".repeat(501)), None));
    items.push(BulkItem::rejected("line 7", "line 7: not valid JSON"));
    let (outcomes, report) = collect(&client, BulkOp::Import, items, BulkOptions::default()).await;
    assert_exact(&outcomes, 202);
    assert_eq!(emulator.account_count(), 150);
    assert_eq!(
        emulator.account("p3").unwrap().nick.as_deref(),
        Some("Nick 3")
    );
    assert_eq!(report.succeeded, 150);
    assert_eq!(report.failures_by_reason["70398"], 50, "{report:?}");
    assert_eq!(report.failures_by_reason["invalid"], 2);
    let rejected = outcomes.iter().find(|o| o.position == 201).unwrap();
    assert_eq!(rejected.user_id, "line 7");
    assert!(
        rejected
            .result
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("not valid JSON")
    );
    // The single retries went to account_import.
    assert_eq!(emulator.stats().requests(Api::AccountImport), 50);

    // With single retries off, FailAccounts are reported as such.
    emulator.reset();
    let items: Vec<BulkItem> = (0..160)
        .map(|i| BulkItem::account(format!("q{i}")))
        .collect();
    let (_, report) = collect(
        &client,
        BulkOp::Import,
        items,
        BulkOptions::default().fail_accounts_retries(0),
    )
    .await;
    assert_eq!(report.failures_by_reason["fail_accounts"], 10);
}

#[tokio::test(start_paused = true)]
async fn a_chunk_that_fails_for_good_fails_each_of_its_accounts() {
    let emulator = Emulator::builder()
        .without_rate_limits()
        .fault_rule(
            FaultRule::new()
                .probability(1.0)
                .kinds([FaultKind::Code70500]),
        )
        .build();
    let client = client_for(&emulator)
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(emulator.in_process_transport()))
        .build()
        .unwrap();
    let items: Vec<BulkItem> = (0..150)
        .map(|i| BulkItem::account(format!("f{i}")))
        .collect();
    let options = BulkOptions::default().retry_policy(
        RetryPolicy::default()
            .max_attempts(3)
            .base_delay(Duration::from_millis(1)),
    );
    let (outcomes, report) = collect(&client, BulkOp::Import, items, options).await;
    assert_exact(&outcomes, 150);
    assert_eq!(report.failures_by_reason["70500"], 150);
    assert_eq!(report.requests, 6, "two chunks, three attempts each");
    for o in &outcomes {
        assert_eq!(
            o.result.as_ref().unwrap_err().code(),
            Some(ErrorCode::INTERNAL_ERROR)
        );
    }
}

#[tokio::test(start_paused = true)]
async fn an_auth_error_stops_the_sending_but_every_item_is_reported() {
    let emulator = Emulator::builder().without_rate_limits().build();
    let client = client_for(&emulator)
        .secret_key("the-wrong-key")
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(emulator.in_process_transport()))
        .build()
        .unwrap();
    let items: Vec<BulkItem> = (0..5000)
        .map(|i| BulkItem::account(format!("w{i}")))
        .collect();
    let (outcomes, report) = collect(
        &client,
        BulkOp::Import,
        items,
        BulkOptions::default().concurrency(2),
    )
    .await;
    assert_exact(&outcomes, 5000);
    // The chunks sent failed with the code; the rest were never sent, "not attempted"
    // because of it, and counted apart.
    assert_eq!(report.failures_by_reason["70009"], report.failed);
    assert!(
        report.failed >= 100 && report.failed <= 300,
        "{}",
        report.failed
    );
    assert_eq!(report.failed + report.not_attempted, 5000);
    assert!(report.requests <= 3, "{} requests", report.requests);
    assert!(
        outcomes
            .iter()
            .all(|o| match o.result.as_ref().unwrap_err() {
                Failure::NotAttempted(err) => err.is_auth(),
                failure => failure.code().is_some_and(|c| c.is_auth()),
            })
    );
}

#[tokio::test(start_paused = true)]
async fn a_wrong_endpoint_stops_the_sending_after_the_first_failed_chunk() {
    let emulator = Emulator::builder().build();
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let client = client_for(&emulator)
        .endpoint(format!("http://{closed}"))
        .build()
        .unwrap();
    let items: Vec<BulkItem> = (0..3000)
        .map(|i| BulkItem::account(format!("e{i}")))
        .collect();
    let options = BulkOptions::default().concurrency(2).retry_policy(
        RetryPolicy::bulk()
            .max_attempts(3)
            .base_delay(Duration::from_millis(1)),
    );
    let (outcomes, report) = collect(&client, BulkOp::Import, items, options).await;
    assert_exact(&outcomes, 3000);
    assert_eq!(report.failures_by_reason["transport"], report.failed);
    assert!(report.failed <= 200, "{}", report.failed);
    assert_eq!(report.failed + report.not_attempted, 3000);
    assert!(report.requests <= 2 * 3, "{} requests", report.requests);
}

#[tokio::test(start_paused = true)]
async fn resume_from_the_checkpoint_loses_and_repeats_nothing() {
    let (emulator, client) = in_process(Emulator::builder().without_rate_limits());
    let names: Vec<String> = (0..3000)
        .map(|i| {
            if i % 500 == 7 {
                "dup".to_owned()
            } else {
                format!("c{i}")
            }
        })
        .collect();
    let items = || {
        names
            .iter()
            .map(|n| BulkItem::account(n.as_str()))
            .collect::<Vec<BulkItem>>()
    };

    // First run: stop after some outcomes, remember which positions were reported.
    let mut run = client.bulk_iter(
        BulkOp::Import,
        items(),
        BulkOptions::default().concurrency(4),
    );
    let mut reported: HashMap<u64, String> = HashMap::new();
    while let Some(outcome) = run.next().await {
        reported.insert(outcome.position, outcome.user_id.clone());
        if reported.len() >= 1234 {
            break;
        }
    }
    let checkpoint = run.checkpoint();
    assert!(checkpoint > 0 && checkpoint <= 1234, "{checkpoint}");
    assert!((0..checkpoint).all(|p| reported.contains_key(&p)));
    drop(run);

    // Second run: skip what was reported (a journal), not only below the watermark.
    let done: Arc<HashSet<u64>> = Arc::new(reported.keys().copied().collect());
    let skip = done.clone();
    let options = BulkOptions::default()
        .resume_from(checkpoint)
        .skip(move |p| skip.contains(&p));
    let (outcomes, report) = collect(&client, BulkOp::Import, items(), options).await;
    for o in &outcomes {
        assert!(
            !done.contains(&o.position),
            "position {} reported twice",
            o.position
        );
    }
    assert_eq!(outcomes.len() + done.len(), 3000);
    assert_eq!(report.skipped as usize, done.len());
    assert_eq!(report.total, 3000);
    // Later repeats of "dup" are still duplicates, whichever run saw the first.
    let dups = outcomes
        .iter()
        .filter(|o| matches!(o.result, Ok(Success::Duplicate { .. })))
        .count()
        + reported
            .iter()
            .filter(|(p, name)| name.as_str() == "dup" && **p != 7)
            .count();
    assert_eq!(dups, 5);
    assert_eq!(emulator.account_count(), 3000 - 5);
}

#[tokio::test(start_paused = true)]
async fn progress_is_reported() {
    let (_emulator, client) = in_process(Emulator::builder().without_rate_limits());
    let items: Vec<BulkItem> = (0..500)
        .map(|i| BulkItem::account(format!("g{i}")))
        .collect();
    let run = client.bulk_iter(
        BulkOp::Import,
        items,
        BulkOptions::default().total_hint(500),
    );
    let progress = run.progress();
    let snapshots = Arc::new(Mutex::new(Vec::new()));
    let report = run.finish().await;
    snapshots.lock().unwrap().push(progress.borrow().clone());
    let last = snapshots.lock().unwrap().last().cloned().unwrap();
    assert_eq!(last.done, 500);
    assert_eq!(last.total, Some(500));
    assert_eq!(report.succeeded, 500);
}

fn arbitrary_id() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-d]{1,2}",                         // small alphabet: many duplicates
        1 => Just(String::new()),                  // invalid: empty
        1 => "[a-z]{33,40}",                       // invalid: too long
        1 => "[a-z]\n[a-z]",                       // invalid: control character
        1 => "[^\\p{Cc}]{1,6}",                    // unicode
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Arbitrary inputs with duplicates and invalid IDs: every input item gets exactly one
    /// outcome, and exactly the first occurrence of each valid ID is imported.
    #[test]
    fn outcomes_cover_each_input_exactly_once(
        input in prop::collection::vec(arbitrary_id(), 0..400),
        chunk in 1usize..=100,
        fault in 0.0f64..0.3,
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let (emulator, client) = in_process(
                Emulator::builder()
                    .without_rate_limits()
                    .seed(input.len() as u64)
                    .fault_rule(FaultRule::new().probability(fault).kinds([FaultKind::Code70169, FaultKind::Http502, FaultKind::Close])),
            );
            let items: Vec<BulkItem> = input.iter().cloned().map(BulkItem::from).collect();
            let options = BulkOptions::default()
                .chunk_size(chunk)
                .retry_policy(RetryPolicy::bulk().max_attempts(30).base_delay(Duration::from_millis(1)).max_delay(Duration::from_millis(2)));
            let (outcomes, report) = collect(&client, BulkOp::Import, items, options).await;
            assert_exact(&outcomes, input.len());
            let mut first = HashSet::new();
            for o in &outcomes {
                let raw = &input[o.position as usize];
                let valid = UserId::new(raw.as_str()).is_ok();
                let earlier = input[..o.position as usize].contains(raw);
                match &o.result {
                    Ok(Success::Imported) => prop_assert!(valid && !earlier && first.insert(raw.clone())),
                    Ok(Success::Duplicate { first: Some(first) }) => {
                        prop_assert!(valid && earlier);
                        prop_assert_eq!(&input[*first as usize], raw);
                    }
                    Err(Failure::Invalid(_)) => prop_assert!(!valid),
                    other => prop_assert!(false, "{:?}", other),
                }
            }
            let duplicates = outcomes.iter().filter(|o| matches!(o.result, Ok(Success::Duplicate { .. }))).count();
            prop_assert_eq!(report.succeeded as usize, first.len() + duplicates);
            prop_assert_eq!(emulator.account_count(), first.len());
            Ok(())
        })?;
    }
}

#[tokio::test(start_paused = true)]
async fn profiles_in_bulk_are_read_and_written_exactly() {
    use im_proto::{Gender, Profile, ProfileTag};
    let (emulator, client) = in_process(Emulator::builder().without_rate_limits());
    let names: Vec<String> = (0..250).map(|i| format!("p{i}")).collect();
    let accounts: Vec<BulkItem> = names[..200]
        .iter()
        .map(|n| BulkItem::account(n.as_str()))
        .collect();
    collect(&client, BulkOp::Import, accounts, BulkOptions::default()).await;

    // Writes: one call per account; 50 unknown accounts, one bad value, one duplicate.
    let mut items: Vec<BulkItem> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut profile = Profile::new();
            profile.nick = Some(format!("Nick {i}"));
            profile.gender = Some(if i % 2 == 0 {
                Gender::Male
            } else {
                Gender::Female
            });
            BulkItem::with_profile(n.as_str(), profile)
        })
        .collect();
    let mut bad = Profile::new();
    bad.location = Some("x".repeat(17));
    items.push(BulkItem::with_profile("p0", bad));
    items.push(BulkItem::account("p1"));
    items.push(BulkItem::profile("p_nick_only", Some("N".into()), None));
    let (outcomes, report) =
        collect(&client, BulkOp::ProfileSet, items, BulkOptions::default()).await;
    assert_exact(&outcomes, 253);
    assert_eq!(report.by_status["set"], 200);
    assert_eq!(
        report.failures_by_reason["40003"], 51,
        "50 unknown, and p_nick_only"
    );
    assert_eq!(
        report.failures_by_reason["invalid"], 2,
        "the bad Location and the empty profile"
    );
    assert_eq!(report.requests, 251);
    assert_eq!(
        emulator.account("p3").unwrap().profile.gender,
        Some(Gender::Female)
    );

    // Reads: 100 per call, every account once.
    let op = BulkOp::profile_get([ProfileTag::Nick, ProfileTag::Gender]);
    let input: Vec<BulkItem> = names
        .iter()
        .map(|n| BulkItem::account(n.as_str()))
        .collect();
    let (outcomes, report) = collect(&client, op, input, BulkOptions::default()).await;
    assert_exact(&outcomes, 250);
    assert_eq!(report.requests, 3);
    assert_eq!(report.by_status["read"], 200);
    assert_eq!(report.failures_by_reason["40003"], 50);
    let p4 = outcomes.iter().find(|o| o.user_id == "p4").unwrap();
    match &p4.result {
        Ok(Success::Profile(profile)) => {
            assert_eq!(profile.nick.as_deref(), Some("Nick 4"));
            assert_eq!(profile.gender, Some(Gender::Male));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn chunks_are_recorded_before_sending_and_an_earlier_runs_deletes_are_absent() {
    let (emulator, client) = in_process(Emulator::builder().without_rate_limits());
    for i in 0..250 {
        emulator.insert_account(im_emulator::Account::new(format!("s{i}")));
    }
    // An earlier run sent positions 0..150 and was killed: 0..100 were deleted by it.
    for i in 0..100 {
        let out = client
            .account_delete(&[UserId::new(format!("s{i}")).unwrap()])
            .await
            .unwrap();
        assert!(out[0].result.is_ok());
    }
    let recorded = Arc::new(Mutex::new(Vec::new()));
    let record = recorded.clone();
    let options = BulkOptions::default()
        .before_send(move |positions| {
            record.lock().unwrap().extend_from_slice(positions);
            Ok::<_, std::convert::Infallible>(())
        })
        .sent_before(|p| p < 150);
    let items: Vec<BulkItem> = (0..250)
        .map(|i| BulkItem::account(format!("s{i}")))
        .collect();
    let items_with_a_stranger: Vec<BulkItem> = items
        .into_iter()
        .chain([BulkItem::account("never_there")])
        .collect();
    let (outcomes, report) = collect(&client, BulkOp::Delete, items_with_a_stranger, options).await;
    assert_exact(&outcomes, 251);
    assert_eq!(report.by_status["absent"], 100);
    assert_eq!(report.by_status["deleted"], 150);
    // Not sent by an earlier run: its "does not exist" is its own failure.
    assert_eq!(report.failures_by_reason["70107"], 1);
    let mut recorded = recorded.lock().unwrap().clone();
    recorded.sort_unstable();
    assert_eq!(
        recorded,
        (0..251).collect::<Vec<u64>>(),
        "every chunk recorded"
    );
}

#[tokio::test(start_paused = true)]
async fn a_failing_record_stops_the_job_and_sends_nothing_unrecorded() {
    let (emulator, client) = in_process(Emulator::builder().without_rate_limits());
    let options = BulkOptions::default()
        .before_send(|_| Err("disk full".to_owned()))
        .concurrency(1);
    let items: Vec<BulkItem> = (0..300)
        .map(|i| BulkItem::account(format!("f{i}")))
        .collect();
    let (outcomes, report) = collect(&client, BulkOp::Import, items, options).await;
    assert_exact(&outcomes, 300);
    assert_eq!(report.not_attempted, 300);
    assert_eq!((report.failed, report.requests), (0, 0));
    assert_eq!(emulator.account_count(), 0);
    // The hook's error is the failure's cause (its source), not flattened into its text.
    let failure = outcomes[0].result.as_ref().unwrap_err();
    let mut chain = failure.to_string();
    let mut cause = std::error::Error::source(failure);
    while let Some(err) = cause {
        chain = format!("{chain}: {err}");
        cause = err.source();
    }
    assert!(chain.ends_with(": disk full"), "{chain}");
}
