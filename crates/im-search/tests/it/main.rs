//! The cloud search client against the emulator (in process): hiding and showing objects, the
//! hidden ones read over the string cursor, the rules checked before sending, and the region
//! rule (China and Singapore only; an explicit endpoint allowed).

use std::sync::Arc;

use futures::TryStreamExt;
use im_client::{ConfigError, Error, RateLimits, Region};
use im_emulator::{Emulator, IN_PROCESS_BASE_URL};
use im_proto::UserId;
use im_proto::open_search::set_visibility::Request;
use im_search::{Client, ClientBuilder, SEARCH_REGIONS, SearchKind};

fn builder(emulator: &Emulator) -> ClientBuilder {
    Client::builder()
        .sdkappid(emulator.sdkappid())
        .secret_key(emulator.secret_key())
        .admin(emulator.admin())
        .transport(Arc::new(emulator.in_process_transport()))
}

fn client(emulator: &Emulator) -> Client {
    builder(emulator)
        .endpoint(IN_PROCESS_BASE_URL)
        .build()
        .unwrap()
}

fn id(s: &str) -> UserId {
    s.parse().unwrap()
}

async fn users(client: &Client) -> Vec<String> {
    let hidden: Vec<_> = client
        .hidden(SearchKind::Users)
        .try_collect()
        .await
        .unwrap();
    hidden.into_iter().filter_map(|o| o.user_id).collect()
}

#[tokio::test]
async fn hidden_objects_are_read_back_per_search_and_shown_again() {
    let emulator = Emulator::builder().without_rate_limits().build();
    let client = client(&emulator);
    client.hide_user(&id("bob"), true).await.unwrap();
    client.hide_user(&id("alice"), true).await.unwrap();
    client.hide_group("@TGS#g", true).await.unwrap();
    client
        .hide_member("@TGS#g", &id("carol"), true)
        .await
        .unwrap();
    assert_eq!(users(&client).await, ["alice", "bob"]);
    client.hide_user(&id("bob"), false).await.unwrap();
    assert_eq!(users(&client).await, ["alice"]);
    let members: Vec<_> = client
        .hidden(SearchKind::Members)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(
        (
            members[0].group_id.as_deref(),
            members[0].user_id.as_deref()
        ),
        (Some("@TGS#g"), Some("carol"))
    );
}

#[tokio::test]
async fn more_hidden_objects_than_a_page_are_all_read_over_the_cursor() {
    let emulator = Emulator::builder().without_rate_limits().build();
    // Not paced at 2 a second: 107 calls.
    let client = builder(&emulator)
        .endpoint(IN_PROCESS_BASE_URL)
        .rate_limits(RateLimits::off())
        .build()
        .unwrap();
    let count = usize::try_from(im_search::HIDDEN_PAGE).unwrap() + 5;
    for n in 0..count {
        let request = Request::group(format!("@TGS#{n:03}"), true);
        client.set_visibility(request).await.unwrap();
    }
    let before = client.stats().requests;
    let groups: Vec<_> = client
        .hidden(SearchKind::Groups)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(groups.len(), count);
    assert_eq!(groups[0].group_id.as_deref(), Some("@TGS#000"));
    assert_eq!(client.stats().requests - before, 2, "two pages");
}

#[tokio::test]
async fn a_request_breaking_the_rules_is_refused_before_sending() {
    let emulator = Emulator::builder().without_rate_limits().build();
    let client = client(&emulator);
    let err = client.set_visibility(Request::new(1)).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().contains("UserID"), "{err}");
    assert_eq!(client.stats().requests, 0);
}

#[tokio::test]
async fn a_region_without_cloud_search_is_refused_before_sending() {
    let emulator = Emulator::builder().without_rate_limits().build();
    let tokyo = builder(&emulator).region(Region::Tokyo).build().unwrap();
    let err = tokyo.hide_user(&id("bob"), true).await.unwrap_err();
    match &err {
        Error::Config(ConfigError::RegionUnsupported {
            region, supported, ..
        }) => assert_eq!((*region, *supported), (Region::Tokyo, SEARCH_REGIONS)),
        other => panic!("not RegionUnsupported: {other:?}"),
    }
    let listed: Result<Vec<_>, Error> = tokyo.hidden(SearchKind::Users).try_collect().await;
    assert!(matches!(
        listed,
        Err(Error::Config(ConfigError::RegionUnsupported { .. }))
    ));
    assert!(tokyo.check_region().is_err());
    assert_eq!(tokyo.stats().requests, 0);
    // Singapore offers it: the same call goes through.
    let singapore = builder(&emulator)
        .region(Region::Singapore)
        .build()
        .unwrap();
    singapore.hide_user(&id("bob"), true).await.unwrap();
    assert_eq!(users(&singapore).await, ["bob"]);
}
