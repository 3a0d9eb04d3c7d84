//! Communities' topics through the typed operations: created, imported, read, changed and
//! destroyed with one outcome per topic; the limits refused before sending; the community
//! online count.

use im_client::{Error, Failure};
use im_emulator::OnlineState;
use im_groups::Client;
use im_groups::im_proto::community::{create_topic, get_topic, import_topic, modify_topic};
use im_groups::im_proto::group::create_group;
use im_groups::im_proto::group_types::GroupType;
use im_groups::im_proto::{ErrorCode, OnlineStatus, UserId};

use crate::{Recording, client_with, emulator, setup};

/// A community with topics (when `topics`), owned by `owner` with `members`; its ID.
async fn community(client: &Client, owner: &str, members: &[&str], topics: bool) -> String {
    let mut request = create_group::Request::new(GroupType::Community, "guild");
    request.owner_account = Some(UserId::new(owner).unwrap());
    request.support_topic = Some(topics);
    request.member_list = Some(
        members
            .iter()
            .map(|m| create_group::InitialMember::new(UserId::new(*m).unwrap()))
            .collect(),
    );
    client.create_group(&request).await.unwrap().group_id
}

fn code(err: &Error) -> Option<i64> {
    match err {
        Error::Api(api) => Some(api.code().get()),
        _ => None,
    }
}

#[tokio::test]
async fn topics_are_created_read_changed_and_destroyed_one_outcome_each() {
    let (_emulator, client) = setup(vec!["alice".to_owned(), "bob".to_owned()]);
    let g = community(&client, "alice", &["bob"], true).await;
    let generated = client
        .create_topic(&create_topic::Request::new(&g, "news"))
        .await
        .unwrap();
    assert!(
        generated.starts_with(&format!("{g}@TOPIC#_")),
        "{generated}"
    );
    let mut custom = create_topic::Request::new(&g, "chat");
    custom.topic_id = Some(format!("{g}@TOPIC#_chat"));
    custom.introduction = Some("talk".into());
    assert_eq!(
        client.create_topic(&custom).await.unwrap(),
        format!("{g}@TOPIC#_chat")
    );
    let mut rename = modify_topic::Request::new(&g, &generated);
    rename.topic_name = Some("headlines".into());
    rename.mute_all_member = Some("On".into());
    client.modify_topic(&rename).await.unwrap();
    let bob = UserId::new("bob").unwrap();
    let topics = client.topics(&g, &bob).await.unwrap();
    let names: Vec<_> = topics.iter().map(|t| t.topic_name.as_deref()).collect();
    assert_eq!(names, [Some("headlines"), Some("chat")]);
    assert_eq!(topics[0].mute_all_member.as_deref(), Some("On"));
    assert_eq!(topics[1].introduction.as_deref(), Some("talk"));
    let gone = format!("{g}@TOPIC#_gone");
    let outcomes = client
        .destroy_topic(&g, &[generated.clone(), gone.clone()])
        .await
        .unwrap();
    assert_eq!(outcomes[0].key, generated);
    assert!(outcomes[0].result.is_ok(), "{outcomes:?}");
    assert_eq!(outcomes[1].key, gone);
    match &outcomes[1].result {
        Err(Failure::Service { code, .. }) => assert_eq!(*code, ErrorCode::new(110003)),
        other => panic!("{other:?}"),
    }
    let mut listed = get_topic::Request::new(&g, "bob");
    listed.topic_id_list = Some(vec![generated]);
    let items = client.get_topic(&listed).await.unwrap();
    assert_eq!(items[0].error_code, Some(110003));
    assert_eq!(client.topics(&g, &bob).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_limits_are_refused_before_sending() {
    let emulator = emulator(vec!["alice".to_owned()]);
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let g = community(&client, "alice", &[], true).await;
    let long = create_topic::Request::new(&g, "话".repeat(11));
    let err = client.create_topic(&long).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().contains("TopicName"), "{err}");
    let mut foreign = import_topic::Request::new(&g, "old");
    foreign.topic_id = Some("@TGS#_elsewhere@TOPIC#_old".into());
    let err = client.import_topic(&foreign).await.unwrap_err();
    assert!(err.to_string().contains("TopicId"), "{err}");
    let mut notice = modify_topic::Request::new(&g, format!("{g}@TOPIC#_x"));
    notice.notification = Some("n".repeat(301));
    assert!(matches!(
        client.modify_topic(&notice).await.unwrap_err(),
        Error::InvalidInput(_)
    ));
    assert!(recording.bodies("create_topic").is_empty());
    assert!(recording.bodies("import_topic").is_empty());
    assert!(recording.bodies("modify_topic").is_empty());
}

#[tokio::test]
async fn a_community_without_topics_answers_11000_and_imports_keep_their_time() {
    let (emulator, client) = setup(vec!["alice".to_owned()]);
    let plain = community(&client, "alice", &[], false).await;
    let err = client
        .create_topic(&create_topic::Request::new(&plain, "news"))
        .await
        .unwrap_err();
    assert_eq!(code(&err), Some(11000), "{err:?}");
    let g = community(&client, "alice", &[], true).await;
    let now = i64::try_from(emulator.now()).unwrap();
    let mut old = import_topic::Request::new(&g, "archive");
    old.create_time = Some(now);
    let id = client.import_topic(&old).await.unwrap();
    let alice = UserId::new("alice").unwrap();
    let topics = client.topics(&g, &alice).await.unwrap();
    assert_eq!(topics[0].topic_id.as_deref(), Some(id.as_str()));
    assert_eq!(topics[0].create_time, Some(now));
}

#[tokio::test]
async fn the_community_online_count_counts_online_members() {
    let (emulator, client) = setup(vec!["alice".to_owned(), "bob".to_owned()]);
    let g = community(&client, "alice", &["bob"], false).await;
    assert_eq!(client.get_online_member_num(&g).await.unwrap(), 0);
    emulator.set_online("bob", OnlineState::new(OnlineStatus::Online));
    assert_eq!(client.get_online_member_num(&g).await.unwrap(), 1);
    let err = client
        .get_online_member_num("@TGS#_nobody")
        .await
        .unwrap_err();
    assert_eq!(code(&err), Some(10010), "{err:?}");
}
