//! Rate limiting, over real HTTP.

use im_emulator::Emulator;
use im_proto::{Api, Per, QuotaCount};
use serde_json::{Value, json};

use crate::util::Env;

fn check() -> serde_json::Value {
    json!({"CheckItem": [{"UserID": "a"}]})
}

#[tokio::test]
async fn defaults_follow_the_metadata() {
    let e = Emulator::builder().build();
    for api in Api::ALL {
        assert_eq!(
            e.rate_limit(api),
            Some(api.metadata().default_calls_per_second)
        );
    }
    let e = Emulator::builder().without_rate_limits().build();
    assert!(Api::ALL.iter().all(|&api| e.rate_limit(api).is_none()));
}

#[tokio::test]
async fn a_burst_of_one_second_passes_then_60007() {
    let env = Env::start(Emulator::builder().rate_limit(Api::AccountCheck, Some(20))).await;
    // The burst is one second's worth: 20 back-to-back calls all pass.
    for _ in 0..20 {
        assert_eq!(env.api(Api::AccountCheck, check()).await.code(), 0);
    }
    // At one call per second, ten back-to-back calls cannot all pass (they would need nine
    // seconds between them), whatever the machine's speed.
    env.handle.set_rate_limit(Api::AccountCheck, Some(1));
    let mut throttled = 0;
    for _ in 0..10 {
        let reply = env.api(Api::AccountCheck, check()).await;
        match reply.code() {
            0 => {}
            60007 => throttled += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert!(throttled > 0);
    let stats = env.handle.stats();
    assert_eq!(stats.throttled(), throttled);
    assert_eq!(
        stats.answers_for(Api::AccountCheck, im_proto::ErrorCode::REST_RATE_LIMITED),
        throttled
    );
    // Limits are per API: kick still has its own budget.
    assert_eq!(
        env.api(Api::Kick, json!({"UserID": "administrator"}))
            .await
            .code(),
        0
    );
}

#[tokio::test]
async fn zero_throttles_everything_and_none_nothing() {
    let env = Env::start(Emulator::builder().rate_limit(Api::Kick, Some(0))).await;
    for _ in 0..3 {
        let reply = env.api(Api::Kick, json!({"UserID": "administrator"})).await;
        assert_eq!(reply.code(), 60007);
        assert_eq!(reply.json()["ActionStatus"], "FAIL");
    }
    // The limit is checked before the query: even an unsigned request is throttled.
    let reply = env.post(&Env::api_path(Api::Kick), "", "{}").await;
    assert_eq!(reply.code(), 60007);

    // Off for all, at run time over the control API.
    let reply = env.control_post("limits", json!({"all": null})).await;
    assert_eq!(reply.json()["kick"], serde_json::Value::Null);
    for _ in 0..250 {
        assert_eq!(
            env.api(Api::Kick, json!({"UserID": "administrator"}))
                .await
                .code(),
            0
        );
    }
    // And back on for one API, from Rust.
    env.handle.set_rate_limit(Api::Kick, Some(0));
    assert_eq!(
        env.api(Api::Kick, json!({"UserID": "administrator"}))
            .await
            .code(),
        60007
    );
    let limits = env.control_get("limits").await;
    assert_eq!(limits["kick"], 0);
    assert_eq!(limits["account_check"], serde_json::Value::Null);
    let reply = env.control_post("limits", json!({"nope": 1})).await;
    assert!(matches!(reply, crate::util::Reply::Http(400, _)));
}

/// 2019-11-04 12:25:00 UTC: the start of a minute.
const MINUTE: u64 = 1_572_870_300;

#[tokio::test]
async fn batchsendmsg_counts_recipients_against_its_minute_quota() {
    let e = Emulator::builder().build();
    assert_eq!(
        e.quotas(Api::Batchsendmsg),
        [(Per::Minute, QuotaCount::Items, Some(12_000))]
    );
    assert!(
        Emulator::builder()
            .without_rate_limits()
            .build()
            .quotas(Api::Batchsendmsg)
            .is_empty()
    );

    let env = Env::start(
        Emulator::builder()
            .rate_limit(Api::Batchsendmsg, None)
            .fixed_now(MINUTE),
    )
    .await;
    let ids: Vec<String> = (0..500).map(|i| format!("u{i}")).collect();
    for id in &ids {
        env.handle
            .insert_account(im_emulator::Account::new(id.as_str()));
    }
    let body = json!({"To_Account": ids, "MsgRandom": 1,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "t"}}]});
    // 24 calls of 500 recipients: 12,000 messages, the minute's quota.
    for i in 0..24 {
        assert_eq!(
            env.api(Api::Batchsendmsg, body.clone()).await.code(),
            0,
            "{i}"
        );
    }
    let reply = env.api(Api::Batchsendmsg, body.clone()).await;
    assert_eq!(reply.code(), 60007);
    assert!(
        reply.json()["ErrorInfo"]
            .as_str()
            .unwrap()
            .contains("12000 items a minute")
    );
    assert_eq!(
        env.handle.message_count(),
        12_000,
        "the refused call stored nothing"
    );
    // The minute is full: not even one more recipient.
    let one = json!({"To_Account": ["u1"], "MsgRandom": 1,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "t"}}]});
    assert_eq!(env.api(Api::Batchsendmsg, one.clone()).await.code(), 60007);
    // The next minute starts from zero; a raised quota takes more.
    env.handle.set_fixed_now(Some(MINUTE + 60));
    assert_eq!(env.api(Api::Batchsendmsg, one).await.code(), 0);
    env.handle
        .set_quota(Api::Batchsendmsg, Per::Minute, Some(600_000));
    for _ in 0..30 {
        assert_eq!(env.api(Api::Batchsendmsg, body.clone()).await.code(), 0);
    }
}

#[tokio::test]
async fn a_day_quota_counts_calls_in_the_services_days() {
    let day = Per::Day {
        utc_offset_minutes: 480,
    };
    let env = Env::start(
        Emulator::builder()
            .without_rate_limits()
            .quota(Api::AccountCheck, day, Some(2))
            .fixed_now(MINUTE),
    )
    .await;
    assert_eq!(env.api(Api::AccountCheck, check()).await.code(), 0);
    assert_eq!(env.api(Api::AccountCheck, check()).await.code(), 0);
    assert_eq!(env.api(Api::AccountCheck, check()).await.code(), 60007);
    // 16:00 UTC is midnight in UTC+8: a new day.
    let midnight = (MINUTE / 86_400) * 86_400 + 16 * 3600;
    env.handle.set_fixed_now(Some(midnight - 1));
    assert_eq!(env.api(Api::AccountCheck, check()).await.code(), 60007);
    env.handle.set_fixed_now(Some(midnight));
    assert_eq!(env.api(Api::AccountCheck, check()).await.code(), 0);
    // account_check has an item list (CheckItem): an added quota counts its items.
    assert_eq!(
        env.handle.quotas(Api::AccountCheck),
        [(day, QuotaCount::Items, Some(2))]
    );
    let two = json!({"CheckItem": [{"UserID": "a"}, {"UserID": "b"}]});
    assert_eq!(env.api(Api::AccountCheck, two.clone()).await.code(), 60007);
    env.handle.set_quota(Api::AccountCheck, day, Some(3));
    assert_eq!(env.api(Api::AccountCheck, two).await.code(), 0);
}

#[tokio::test]
async fn quotas_are_read_and_set_over_the_control_api() {
    let env = Env::start(Emulator::builder()).await;
    let quotas = env.control_get("quotas").await;
    assert_eq!(
        quotas["batchsendmsg"],
        json!({"minute": {"limit": 12000, "counts": "items"}})
    );
    assert!(quotas.get("account_check").is_none(), "{quotas}");
    let reply = env
        .control_post(
            "quotas",
            json!({"batchsendmsg": {"minute": 600000}, "sendmsg": {"day": 5}}),
        )
        .await;
    assert_eq!(reply.json()["batchsendmsg"]["minute"]["limit"], 600_000);
    assert_eq!(reply.json()["sendmsg"]["day"]["limit"], 5);
    assert_eq!(
        env.handle.quotas(Api::Batchsendmsg),
        [(Per::Minute, QuotaCount::Items, Some(600_000))]
    );
    for bad in [
        json!({"nope": {"minute": 1}}),
        json!({"sendmsg": {"hour": 1}}),
        json!({"sendmsg": {"minute": -1}}),
        json!({"sendmsg": 3}),
    ] {
        let reply = env.control_post("quotas", bad.clone()).await;
        assert!(
            matches!(reply, crate::util::Reply::Http(400, _)),
            "{bad}: {reply:?}"
        );
    }
    let off = env
        .control_post("quotas", json!({"batchsendmsg": {"minute": null}}))
        .await;
    assert_eq!(off.json()["batchsendmsg"]["minute"]["limit"], Value::Null);
}
