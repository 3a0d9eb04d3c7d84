use futures::StreamExt;
use im_client::Failure;
use im_client::bulk::Outcome;
use im_groups::im_proto::Api;
use im_groups::im_proto::group_types::GroupType;
use im_groups::{
    AddGroupMember, DeleteGroupMember, ImportGroupMember, MemberInput, Success, SuccessKind,
};

use crate::{Recording, client_with, emulator, group, setup, users};

/// 45 members go out as 20 + 20 + 5 (the declared maximum of the 2026-01 page), one outcome
/// per member; the account that does not exist is refused alone (`Result` 0).
#[tokio::test]
async fn import_of_45_members_is_20_20_5_with_one_outcome_each() {
    let mut members = users("m", 45);
    let emulator = emulator(members.clone());
    members[30] = "ghost".into();
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let id = group(&client, GroupType::Public, "import").await;

    let input: Vec<MemberInput> = members.iter().map(|m| m.as_str().into()).collect();
    let outcomes: Vec<_> = client
        .bulk_iter(ImportGroupMember::new(&id), input, Default::default())
        .collect()
        .await;

    let sizes: Vec<usize> = recording
        .bodies("import_group_member")
        .iter()
        .map(|b| b["MemberList"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [20, 20, 5]);
    assert_eq!(outcomes.len(), 45);
    for outcome in &outcomes {
        if outcome.label == "ghost" {
            assert!(
                matches!(outcome.outcome, Outcome::Failed(Failure::Refused)),
                "{outcome:?}"
            );
        } else {
            assert_eq!(
                outcome.outcome.ok(),
                Some(&Success::Imported),
                "{outcome:?}"
            );
        }
    }
    let info = emulator.stats().requests(Api::ImportGroupMember);
    assert_eq!(info, 3);
}

/// A second import of the same members: each `AlreadyMember`; the report counts them so.
#[tokio::test]
async fn import_again_is_already_member_and_counted() {
    let accounts = users("a", 3);
    let (_emulator, client) = setup(accounts.clone());
    let id = group(&client, GroupType::Private, "again").await;
    let input = || -> Vec<MemberInput> { accounts.iter().map(|a| a.as_str().into()).collect() };
    client
        .bulk_iter(ImportGroupMember::new(&id), input(), Default::default())
        .collect::<Vec<_>>()
        .await;
    let run = client.bulk_iter(ImportGroupMember::new(&id), input(), Default::default());
    let report = run.finish().await;
    assert_eq!(report.succeeded, 3);
    assert_eq!(report.by_kind.get(&SuccessKind::AlreadyMember), 3);
}

/// add_group_member: 25 members as 20 + 5, each added; removing 101 (with members that are
/// not) goes out as 100 + 1, each deleted, and the group is left with none of them.
#[tokio::test]
async fn add_then_delete_split_at_their_maxima() {
    let accounts = users("u", 101);
    let emulator = emulator(accounts.clone());
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let id = group(&client, GroupType::Public, "add").await;

    let add: Vec<_> = client
        .bulk_iter(
            AddGroupMember::new(&id).silent(),
            accounts[..25]
                .iter()
                .map(|a| MemberInput::from(a.as_str()))
                .collect::<Vec<_>>(),
            Default::default(),
        )
        .collect()
        .await;
    assert!(add.iter().all(|o| o.outcome.ok() == Some(&Success::Added)));
    let sizes: Vec<usize> = recording
        .bodies("add_group_member")
        .iter()
        .map(|b| b["MemberList"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [20, 5]);

    let removed: Vec<_> = client
        .bulk_iter(
            DeleteGroupMember::new(&id).with_reason("spring cleaning"),
            accounts
                .iter()
                .map(|a| MemberInput::from(a.as_str()))
                .collect::<Vec<_>>(),
            Default::default(),
        )
        .collect()
        .await;
    assert_eq!(removed.len(), 101);
    assert!(
        removed
            .iter()
            .all(|o| o.outcome.ok() == Some(&Success::Deleted))
    );
    let sizes: Vec<usize> = recording
        .bodies("delete_group_member")
        .iter()
        .map(|b| b["MemberToDel_Account"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [100, 1]);
    assert_eq!(emulator.group_counts().groups, 1);
    assert_eq!(emulator.group_counts().memberships, 0);
}

/// An unreadable UserID is refused before sending, named in its outcome; the others go.
#[tokio::test]
async fn a_bad_account_is_refused_alone_before_sending() {
    let (_emulator, client) = setup(users("b", 2));
    let id = group(&client, GroupType::Public, "bad").await;
    let input = vec![
        MemberInput::from("b0"),
        MemberInput::from(""),
        MemberInput::from("b1"),
    ];
    let outcomes: Vec<_> = client
        .bulk_iter(ImportGroupMember::new(&id), input, Default::default())
        .collect()
        .await;
    assert_eq!(outcomes.len(), 3);
    for outcome in outcomes {
        match outcome.position {
            1 => assert!(
                matches!(outcome.outcome, Outcome::Failed(Failure::Invalid(_))),
                "{outcome:?}"
            ),
            _ => assert!(outcome.is_ok(), "{outcome:?}"),
        }
    }
}

/// create, then destroy; a second destroy is the service's 10010.
#[tokio::test]
async fn create_and_destroy() {
    let (emulator, client) = setup(users("c", 1));
    let id = group(&client, GroupType::Community, "club").await;
    assert!(id.starts_with("@TGS#_"), "{id}");
    assert_eq!(emulator.group_counts().groups, 1);
    client.destroy_group(&id).await.unwrap();
    assert_eq!(emulator.group_counts().groups, 0);
    let again = client.destroy_group(&id).await.unwrap_err();
    assert_eq!(again.error_code().map(|c| c.get()), Some(10010));
}
