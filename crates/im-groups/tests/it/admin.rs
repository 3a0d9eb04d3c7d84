use futures::{StreamExt, TryStreamExt};
use im_client::Failure;
use im_groups::im_proto::group::get_group_ban_member::Request as BanList;
use im_groups::im_proto::group::get_group_info::Request as InfoRequest;
use im_groups::im_proto::group::get_joined_group_list;
use im_groups::im_proto::group::{modify_group_base_info, modify_group_member_info};
use im_groups::im_proto::group_types::{GroupType, MsgFlag, NameCard, RoleInGroup};
use im_groups::im_proto::{Api, UserId};
use im_groups::{
    BanGroupMember, Client, ForbidSendMsg, ImportGroupMember, MemberInput, Success,
    UnbanGroupMember,
};

use crate::{Recording, client_with, emulator, group, setup, users};

fn id(s: &str) -> UserId {
    UserId::new(s).unwrap()
}

fn ids(names: &[String]) -> Vec<UserId> {
    names.iter().map(|n| id(n)).collect()
}

async fn import(client: &Client, gid: &str, members: &[String]) {
    let input: Vec<MemberInput> = members.iter().map(|m| m.as_str().into()).collect();
    let report = client
        .bulk_iter(ImportGroupMember::new(gid), input, Default::default())
        .finish()
        .await;
    assert_eq!(report.succeeded, members.len() as u64);
}

/// The profile fields set are read back, `Introduction` and `Notification` included.
#[tokio::test]
async fn modify_group_base_info_is_read_back() {
    let (_emulator, client) = setup(Vec::<String>::new());
    let gid = group(&client, GroupType::Public, "before").await;
    let mut request = modify_group_base_info::Request::new(&gid);
    request.name = Some("after".into());
    request.introduction = Some("intro".into());
    request.notification = Some("notice".into());
    client.modify_group_base_info(&request).await.unwrap();
    let info = client
        .get_group_info(&InfoRequest::new(vec![gid.clone()]))
        .await
        .unwrap()
        .remove(0)
        .result
        .unwrap();
    assert_eq!(info.name.as_deref(), Some("after"));
    assert_eq!(info.introduction.as_deref(), Some("intro"));
    assert_eq!(info.notification.as_deref(), Some("notice"));
}

/// An account in 7 groups: pages of 3 by `Offset`, every group once.
#[tokio::test]
async fn joined_groups_page_by_offset() {
    let (emulator, client) = setup(vec!["alice".to_owned()]);
    let mut created = Vec::new();
    for i in 0..7 {
        let gid = group(&client, GroupType::Public, &format!("g{i}")).await;
        import(&client, &gid, &["alice".to_owned()]).await;
        created.push(gid);
    }
    let pages: Vec<_> = client
        .get_joined_group_list(get_joined_group_list::Request::new(id("alice")))
        .with_page_size(3)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    let before = emulator.stats().requests(Api::GetJoinedGroupList);
    let joined: Vec<String> = client
        .joined_groups(&id("alice"))
        .map_ok(|g| g.group_id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(joined, created);
    assert_eq!(
        emulator.stats().requests(Api::GetJoinedGroupList) - before,
        1
    );
}

/// The owner changes hands; roles of 501 accounts are asked in 500 + 1, one outcome each.
#[tokio::test]
async fn change_owner_then_roles_in_chunks() {
    let mut accounts = users("r", 499);
    accounts.extend(["alice".to_owned(), "bob".to_owned()]);
    let emulator = emulator(accounts.clone());
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let gid = group(&client, GroupType::Public, "owners").await;
    import(&client, &gid, &["alice".to_owned(), "bob".to_owned()]).await;
    client.change_group_owner(&gid, &id("bob")).await.unwrap();
    let roles = client.roles_in_group(&gid, &ids(&accounts)).await;
    assert_eq!(roles.len(), 501);
    assert_eq!(recording.bodies("get_role_in_group").len(), 2);
    for outcome in roles {
        let role = outcome.result.unwrap();
        let expected = match outcome.key.as_str() {
            "bob" => RoleInGroup::Owner,
            "alice" => RoleInGroup::Member,
            _ => RoleInGroup::NotMember,
        };
        assert_eq!(role, expected, "{}", outcome.key);
    }
}

/// A member's name card and message option are set; 60 named accounts are read in 50 + 10,
/// the non-members left without a result.
#[tokio::test]
async fn member_info_is_modified_and_read_in_chunks() {
    let accounts = users("s", 60);
    let emulator = emulator(accounts.clone());
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let gid = group(&client, GroupType::Public, "cards").await;
    import(&client, &gid, &accounts[..30]).await;
    let mut request = modify_group_member_info::Request::new(&gid, id("s3"));
    request.name_card = Some(NameCard::new("Three").unwrap());
    request.msg_flag = Some(MsgFlag::AcceptNotNotify);
    client.modify_group_member_info(&request).await.unwrap();
    let infos = client.members_info(&gid, &ids(&accounts)).await;
    assert_eq!(recording.bodies("get_specified_group_member_info").len(), 2);
    assert_eq!(infos.len(), 60);
    for (i, outcome) in infos.iter().enumerate() {
        match &outcome.result {
            Ok(member) => {
                assert!(i < 30, "{outcome:?}");
                if member.member_account == "s3" {
                    assert_eq!(
                        member.name_card.as_ref().map(NameCard::as_str),
                        Some("Three")
                    );
                    assert_eq!(member.msg_flag, Some(MsgFlag::AcceptNotNotify));
                }
            }
            Err(failure) => {
                assert!(i >= 30, "{outcome:?}");
                assert!(matches!(failure, Failure::NoResult));
            }
        }
    }
}

/// Three members muted in bulk are listed muted until a later time; unmuting empties it.
#[tokio::test]
async fn mute_in_bulk_then_listed() {
    let accounts = users("t", 3);
    let (emulator, client) = setup(accounts.clone());
    let gid = group(&client, GroupType::Public, "mute").await;
    import(&client, &gid, &accounts).await;
    let input = || -> Vec<MemberInput> { accounts.iter().map(|a| a.as_str().into()).collect() };
    let outcomes: Vec<_> = client
        .bulk_iter(ForbidSendMsg::new(&gid, 600), input(), Default::default())
        .collect()
        .await;
    assert!(
        outcomes
            .iter()
            .all(|o| o.outcome.ok() == Some(&Success::Muted))
    );
    let muted = client.get_group_muted_account(&gid).await.unwrap();
    assert_eq!(muted.len(), 3);
    assert!(muted.iter().all(|m| m.muted_until.0 > emulator.now()));
    client
        .bulk_iter(ForbidSendMsg::new(&gid, 0), input(), Default::default())
        .finish()
        .await;
    assert!(
        client
            .get_group_muted_account(&gid)
            .await
            .unwrap()
            .is_empty()
    );
}

/// 25 bans go as 20 + 5; the ban list pages by `NextOffset`; unbanning empties it.
#[tokio::test]
async fn ban_in_chunks_list_by_pages_unban() {
    let accounts = users("v", 25);
    let emulator = emulator(accounts.clone());
    let recording = Recording::new(&emulator);
    let client = client_with(&emulator, recording.clone());
    let gid = group(&client, GroupType::Public, "bans").await;
    import(&client, &gid, &accounts).await;
    let input = || -> Vec<MemberInput> { accounts.iter().map(|a| a.as_str().into()).collect() };
    let banned: Vec<_> = client
        .bulk_iter(BanGroupMember::new(&gid, 3600), input(), Default::default())
        .collect()
        .await;
    assert!(
        banned
            .iter()
            .all(|o| o.outcome.ok() == Some(&Success::Banned))
    );
    let sizes: Vec<usize> = recording
        .bodies("ban_group_member")
        .iter()
        .map(|b| b["Members_Account"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [20, 5]);
    let mut request = BanList::new(&gid, 0);
    request.limit = Some(10);
    let pages: Vec<_> = client.pages(request).try_collect().await.unwrap();
    assert_eq!(pages.len(), 3);
    let listed: Vec<_> = client.banned_members(&gid).try_collect().await.unwrap();
    assert_eq!(listed.len(), 25);
    let unbanned = client
        .bulk_iter(UnbanGroupMember::new(&gid), input(), Default::default())
        .finish()
        .await;
    assert_eq!(unbanned.succeeded, 25);
    assert_eq!(client.banned_members(&gid).count().await, 0);
}
