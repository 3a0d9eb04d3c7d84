use futures::{StreamExt, TryStreamExt};
use im_proto::sns::black_list_add;
use im_proto::sns::black_list_get::Request as BlackListGet;
use im_proto::{Api, FollowList, UserId};
use im_relations::{FollowAdd, FriendImport, Pair, PairInput};

use crate::{setup, users};

fn id(s: &str) -> UserId {
    UserId::new(s).unwrap()
}

/// 250 friends come back in three pages, each next page at `NextStartIndex`.
#[tokio::test]
async fn friend_get_streams_every_page() {
    let mut accounts = users("f", 250);
    accounts.push("me".into());
    let (emulator, client) = setup(accounts.clone());
    let pairs: Vec<PairInput> = accounts[..250]
        .iter()
        .map(|f| Pair::new("me", f.as_str()).into())
        .collect();
    client
        .bulk_iter(FriendImport, pairs, Default::default())
        .collect::<Vec<_>>()
        .await;
    let friends: Vec<String> = client
        .friends(&id("me"))
        .map_ok(|f| f.to_account)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(friends, accounts[..250]);
    assert_eq!(emulator.stats().requests(Api::FriendGet), 3);
}

/// The blocklist's cursor is the answer's `StartIndex`: a small page size shows each page
/// is asked where the last ended.
#[tokio::test]
async fn black_list_get_follows_its_start_index() {
    let mut accounts = users("b", 7);
    accounts.push("me".into());
    let (emulator, client) = setup(accounts.clone());
    let blocked: Vec<UserId> = accounts[..7].iter().map(|b| id(b)).collect();
    client
        .black_list_add(&black_list_add::Request::new(id("me"), blocked))
        .await
        .unwrap();
    let pages: Vec<_> = client
        .pages(BlackListGet::new(id("me"), 0, 3, 0))
        .try_collect()
        .await
        .unwrap();
    let seen: Vec<String> = pages
        .into_iter()
        .flat_map(|p| p.black_list_item.unwrap_or_default())
        .map(|i| i.to_account)
        .collect();
    assert_eq!(seen, accounts[..7]);
    assert_eq!(emulator.stats().requests(Api::BlackListGet), 3);
    let all: Vec<_> = client.blocked(&id("me")).try_collect().await.unwrap();
    assert_eq!(all.len(), 7);
}

/// Followers in pages by `NextCursor`.
#[tokio::test]
async fn follow_get_streams_by_next_cursor() {
    let mut accounts = users("fan", 30);
    accounts.push("star".into());
    let (_emulator, client) = setup(accounts.clone());
    let pairs: Vec<PairInput> = accounts[..30]
        .iter()
        .map(|f| Pair::new(f.as_str(), "star").into())
        .collect();
    client
        .bulk_iter(FollowAdd, pairs, Default::default())
        .collect::<Vec<_>>()
        .await;
    let mut request =
        im_proto::follow::follow_get::Request::new(id("star"), FollowList::Followers, "", 7);
    request.want_num = 7;
    let pages: Vec<_> = client.pages(request).try_collect().await.unwrap();
    assert_eq!(pages.len(), 5);
    let followers: Vec<_> = client
        .follow_list(&id("star"), FollowList::Followers)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(followers.len(), 30);
}
