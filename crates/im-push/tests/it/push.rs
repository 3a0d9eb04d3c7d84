//! `im_push`: its quotas and rules enforced before sending, and its recipients.

use im_client::{Error, QuotaError, Quotas};
use im_emulator::Emulator;
use im_proto::all_member_push::im_add_tag::UserTagsItem;
use im_proto::all_member_push::im_push::Request;
use im_proto::{Api, Endpoint, Per, QuotaCount, UserId};
use im_push::Push;
use serde_json::json;

use crate::{setup, users};

/// The client's quotas with the per-second pacing off (100 pushes need no 110 seconds).
fn unpaced() -> Quotas {
    Quotas::default()
        .set(&Request::METADATA, Per::Second, QuotaCount::Calls, None)
        .unwrap()
}

#[tokio::test]
async fn the_101st_push_of_a_day_is_refused_before_sending() {
    let builder = Emulator::builder().rate_limit(Api::ImPush, None);
    let (emulator, client) = setup(builder, users("u", 2), unpaced());
    for n in 0..100 {
        client
            .im_push(&Push::text("hi").msg_random(n).build())
            .await
            .unwrap();
    }
    let err = client
        .im_push(&Push::text("hi").msg_random(100).build())
        .await
        .unwrap_err();
    let Error::Quota(QuotaError::Exhausted { quota, used, .. }) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((quota.limit, *used), (100, 100));
    let text = err.to_string();
    assert!(
        text.contains("all_member_push/im_push allows 100 calls a day"),
        "{text}"
    );
    assert!(text.contains("not sent: it resets at"), "{text}");
    assert!(text.contains("(midnight UTC+08:00)"), "{text}");
    // Nothing was sent: the emulator saw 100 pushes, no 101st request.
    assert_eq!(emulator.stats().requests(Api::ImPush), 100);
    assert_eq!(
        emulator.push_state()["pushes"].as_array().unwrap().len(),
        100
    );
}

#[tokio::test]
async fn pushes_are_spaced_more_than_a_second_apart() {
    // The emulator refuses a push less than a second after the last (90024): the client's
    // pacing keeps every push clear of it.
    let (emulator, client) = setup(Emulator::builder(), users("u", 1), Quotas::default());
    for n in 0..3 {
        client
            .im_push(&Push::text("hi").msg_random(n).build())
            .await
            .unwrap();
    }
    assert_eq!(emulator.stats().requests(Api::ImPush), 3);
}

#[tokio::test]
async fn a_life_time_over_7_days_or_a_bad_condition_is_refused_before_sending() {
    let builder = Emulator::builder().without_rate_limits();
    let (emulator, client) = setup(builder, users("u", 1), unpaced());
    for push in [
        Push::text("hi").life_time(604_801),
        Push::text("hi").tags_or(["a"]).attrs_or([("city", "sz")]),
        Push::text("hi").tags_or((0..11).map(|i| i.to_string())),
        Push::text("hi").tags_or(["a"]).tags_and(["a"]),
    ] {
        let err = client.im_push(&push.build()).await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    }
    assert_eq!(emulator.stats().requests(Api::ImPush), 0);
}

#[tokio::test]
async fn a_push_by_tag_reaches_the_holders_of_the_tag() {
    let builder = Emulator::builder().without_rate_limits();
    let (emulator, client) = setup(builder, users("u", 4), unpaced());
    let tag = |user: &str| UserTagsItem::new(UserId::new(user).unwrap(), vec!["gold".into()]);
    client.im_add_tag(vec![tag("u1"), tag("u3")]).await.unwrap();
    let task = client
        .im_push(&Push::text("hi").tags_or(["gold"]).life_time(3600).build())
        .await
        .unwrap();
    let state = emulator.push_state();
    assert_eq!(state["pushes"][0]["task_id"], json!(task.unwrap()));
    assert_eq!(state["pushes"][0]["recipients"], json!(["u1", "u3"]));
    assert_eq!(state["pushes"][0]["msg_life_time"], json!(3600));
}
