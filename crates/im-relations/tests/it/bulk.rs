use futures::StreamExt;
use im_client::bulk::{BulkOptions, ItemOutcome, Outcome};
use im_proto::{Api, ErrorCode, FollowRelation, UserId};
use im_relations::{
    BlackListAdd, FollowAdd, FollowCheck, FriendCheck, FriendImport, Pair, PairInput, Success,
};

use crate::{setup, users};

async fn run<Op>(
    client: &im_relations::Client,
    op: Op,
    pairs: Vec<PairInput>,
) -> Vec<ItemOutcome<Success>>
where
    Op: im_client::bulk::BulkOperation<Input = PairInput, Output = Success>,
{
    let mut outcomes: Vec<_> = client
        .bulk_iter(op, pairs, BulkOptions::default())
        .collect()
        .await;
    outcomes.sort_by_key(|o| o.position);
    outcomes
}

fn ok(outcome: &ItemOutcome<Success>) -> &Success {
    match &outcome.outcome {
        Outcome::Ok(success) => success,
        other => panic!("{}: {other:?}", outcome.label),
    }
}

/// 2,500 pairs of three owners, interleaved: chunks of 1000 split by owner, one outcome per
/// pair in input order; a rerun finds every pair already there.
#[tokio::test]
async fn friend_import_splits_at_1000_and_groups_by_from() {
    let mut accounts = users("f", 1000);
    accounts.extend(users("owner", 3));
    let (emulator, client) = setup(accounts);
    let pairs: Vec<PairInput> = (0..2500)
        .map(|i| Pair::new(format!("owner{}", i % 3), format!("f{}", i / 3)).into())
        .collect();
    let outcomes = run(&client, FriendImport, pairs.clone()).await;
    assert_eq!(outcomes.len(), 2500);
    for (i, outcome) in outcomes.iter().enumerate() {
        assert_eq!(outcome.position, i as u64);
        assert_eq!(ok(outcome), &Success::Imported);
    }
    // 3 chunks (1000, 1000, 500), each one call per owner.
    assert_eq!(emulator.stats().requests(Api::FriendImport), 9);
    assert_eq!(emulator.relation_counts().friend_entries, 2500);
    let again = run(&client, FriendImport, pairs).await;
    assert!(again.iter().all(|o| ok(o) == &Success::AlreadyThere));
}

/// A duplicate, a relation with oneself and an unknown account each get their own outcome;
/// the others of the chunk succeed.
#[tokio::test]
async fn each_pair_gets_its_own_outcome() {
    let (_emulator, client) = setup(users("u", 3));
    let pairs: Vec<PairInput> = vec![
        Pair::new("u0", "u1").with_group("team").into(),
        Pair::new("u0", "u1").into(),
        Pair::new("u0", "u0").into(),
        Pair::new("u0", "ghost").into(),
        PairInput::rejected("line 5", "no To_Account"),
        Pair::new("u2", "u1").into(),
    ];
    let out = run(&client, FriendImport, pairs).await;
    assert_eq!(ok(&out[0]), &Success::Imported);
    assert!(
        matches!(out[1].outcome, Outcome::NotAttempted(_)),
        "{:?}",
        out[1]
    );
    assert!(
        matches!(&out[2].outcome, Outcome::Failed(f) if f.to_string().contains("two accounts"))
    );
    let Outcome::Failed(failure) = &out[3].outcome else {
        panic!("{:?}", out[3])
    };
    assert_eq!(failure.code(), Some(ErrorCode::SNS_ACCOUNT_NOT_FOUND));
    assert_eq!(out[4].label, "line 5");
    assert_eq!(ok(&out[5]), &Success::Imported);
    assert_eq!(out[0].label, "u0,u1");
}

/// Checks and blocks through the same pairs: blocking ends the friendship.
#[tokio::test]
async fn check_then_block_then_check() {
    let (_emulator, client) = setup(users("u", 3));
    let pairs = || -> Vec<PairInput> {
        vec![
            Pair::new("u0", "u1").into(),
            Pair::new("u1", "u0").into(),
            Pair::new("u0", "u2").into(),
        ]
    };
    run(&client, FriendImport, pairs()[..2].to_vec()).await;
    let both = run(&client, FriendCheck { both: true }, pairs()).await;
    let relations: Vec<&str> = both
        .iter()
        .map(|o| match ok(o) {
            Success::Checked(r) => r.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        relations,
        [
            "CheckResult_Type_BothWay",
            "CheckResult_Type_BothWay",
            "CheckResult_Type_NoRelation"
        ]
    );
    let blocked = run(&client, BlackListAdd, pairs()[..1].to_vec()).await;
    assert_eq!(ok(&blocked[0]), &Success::Blocked);
    let after = run(&client, FriendCheck { both: true }, pairs()[..1].to_vec()).await;
    assert!(
        matches!(ok(&after[0]), Success::Checked(r) if r.as_str() == "CheckResult_Type_NoRelation")
    );
    let outcomes = client
        .black_list_add(&im_proto::sns::black_list_add::Request::new(
            UserId::new("u0").unwrap(),
            vec![UserId::new("u1").unwrap()],
        ))
        .await
        .unwrap();
    assert!(matches!(outcomes[0].result, Ok(Success::AlreadyThere)));
}

/// Follows go 20 a call; the check gives each pair its FollowType.
#[tokio::test]
async fn follows_split_at_20() {
    let mut accounts = users("t", 45);
    accounts.push("fan".into());
    let (emulator, client) = setup(accounts);
    let pairs: Vec<PairInput> = (0..45)
        .map(|i| Pair::new("fan", format!("t{i}")).into())
        .collect();
    let out = run(&client, FollowAdd, pairs.clone()).await;
    assert!(out.iter().all(|o| ok(o) == &Success::Followed));
    assert_eq!(emulator.stats().requests(Api::FollowAdd), 3);
    client
        .follow_add(&UserId::new("t0").unwrap(), &[UserId::new("fan").unwrap()])
        .await
        .unwrap();
    let checked = run(&client, FollowCheck, pairs[..2].to_vec()).await;
    assert_eq!(
        ok(&checked[0]),
        &Success::FollowChecked(FollowRelation::Mutual)
    );
    assert_eq!(
        ok(&checked[1]),
        &Success::FollowChecked(FollowRelation::IFollow)
    );
    let counts = client
        .follow_get_info(&UserId::new("fan").unwrap(), &[UserId::new("fan").unwrap()])
        .await
        .unwrap();
    let counts = counts[0].result.as_ref().unwrap();
    assert_eq!(
        (counts.followers, counts.following, counts.mutual),
        (1, 45, 1)
    );
}
