//! Rate limiting, over real HTTP.

use im_emulator::Emulator;
use im_proto::Api;
use serde_json::json;

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
