//! The bulk creation of groups: one outcome per group, each group sent once, and a resumed
//! job that never creates a group twice.

use futures::StreamExt;
use im_client::Failure;
use im_client::bulk::{BulkOptions, NotAttempted, Outcome};
use im_groups::im_proto::UserId;
use im_groups::im_proto::group::create_group::{InitialMember, Request};
use im_groups::im_proto::group_types::GroupType;
use im_groups::{CreateGroups, GroupCreated, GroupCreatedKind, GroupInput};

use crate::{Recording, client_with, emulator, users};

/// A Public group named `name` with `members` initial members, custom `id` if given.
fn public(name: &str, id: Option<&str>, members: &[String]) -> GroupInput {
    let mut request = Request::new(GroupType::Public, name);
    request.group_id = id.map(str::to_owned);
    let list = members
        .iter()
        .map(|m| InitialMember::new(UserId::new(m.as_str()).unwrap()))
        .collect();
    request.member_list = Some(list);
    GroupInput::group(request)
}

#[tokio::test]
async fn groups_are_created_with_their_members_one_outcome_each() {
    let members = users("u", 101);
    let emulator = emulator(members.clone());
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let input = vec![
        public("custom", Some("team-1"), &members[..30]),
        public("plain", None, &members[30..60]),
        public("too big", Some("big"), &members),
        GroupInput::rejected("line 4", "not JSON"),
        public("custom again", Some("team-1"), &members[..1]),
    ];
    let mut outcomes: Vec<_> = client
        .bulk_iter(CreateGroups, input, BulkOptions::default())
        .collect()
        .await;
    outcomes.sort_by_key(|o| o.position);

    let shown: Vec<String> = outcomes
        .iter()
        .map(|o| match &o.outcome {
            Outcome::Ok(GroupCreated::Created(id)) if id == "team-1" || id.starts_with("@TGS#") => {
                "created".into()
            }
            Outcome::Failed(Failure::Invalid(why)) => format!("invalid: {why}"),
            Outcome::NotAttempted(NotAttempted::Duplicate { first }) => {
                format!("duplicate of {first:?}")
            }
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(shown[0], "created");
    assert_eq!(shown[1], "created");
    assert!(shown[2].contains("MemberList"), "{}", shown[2]);
    assert_eq!(shown[3], "invalid: not JSON");
    assert_eq!(shown[4], "duplicate of Some(0)");
    assert_eq!(outcomes[1].label, "plain");
    assert_eq!(recording.bodies("create_group").len(), 2);
    let counts = emulator.group_counts();
    assert_eq!((counts.groups, counts.memberships), (2, 60));
}

/// A resumed job whose earlier run may have sent every group: the custom-ID group is found
/// already there (10025 to the resend), the group without an ID is not sent again.
#[tokio::test]
async fn a_resumed_job_never_creates_a_group_twice() {
    let members = users("u", 10);
    let emulator = emulator(members.clone());
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let input = || {
        vec![
            public("custom", Some("team-1"), &members[..5]),
            public("plain", None, &members[5..]),
        ]
    };
    let first = client.bulk_iter(CreateGroups, input(), BulkOptions::default());
    assert_eq!(first.finish().await.succeeded, 2);

    let resumed = BulkOptions::default().sent_before(|_| true);
    let mut outcomes: Vec<_> = client
        .bulk_iter(CreateGroups, input(), resumed)
        .collect()
        .await;
    outcomes.sort_by_key(|o| o.position);
    assert_eq!(
        outcomes[0].outcome.ok(),
        Some(&GroupCreated::AlreadyThere("team-1".into()))
    );
    match &outcomes[1].outcome {
        Outcome::Failed(Failure::Invalid(why)) => {
            assert!(why.to_string().contains("not sent again"), "{why}");
        }
        other => panic!("{other:?}"),
    }
    // One resend in all: the custom-ID group's.
    assert_eq!(recording.bodies("create_group").len(), 3);
    assert_eq!(emulator.group_counts().groups, 2);
    assert_eq!(GroupCreatedKind::AlreadyThere.to_string(), "already_there");
}
