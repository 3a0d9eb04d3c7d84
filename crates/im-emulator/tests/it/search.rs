//! Cloud search visibility: objects hidden by set_visibility are listed by get_no_visibility,
//! per search, over the string cursor to `IsFinish`; showing one again removes it; the
//! refusals (27003) for a bad `SetType`, missing identifiers, a bad `Count` or cursor.

use im_emulator::Emulator;
use im_proto::Api;
use serde_json::{Value, json};

use crate::util::{Env, Reply};

async fn start() -> Env {
    Env::start(Emulator::builder().without_rate_limits()).await
}

fn ok(reply: &Reply) -> &Value {
    assert_eq!(reply.code(), 0, "{}", reply.json());
    reply.json()
}

async fn hide(env: &Env, body: Value) -> Reply {
    env.api(Api::SetVisibility, body).await
}

async fn hidden(env: &Env, set_type: i64, count: i64, cursor: &str) -> Value {
    let body = json!({"SetType": set_type, "Count": count, "Cursor": cursor});
    ok(&env.api(Api::GetNoVisibility, body).await).clone()
}

#[tokio::test]
async fn hidden_objects_are_listed_per_search_over_the_cursor_until_is_finish() {
    let env = start().await;
    for user in ["carol", "alice", "bob"] {
        ok(&hide(
            &env,
            json!({"SetType": 1, "UserID": user, "IsDisable": true}),
        )
        .await);
    }
    ok(&hide(
        &env,
        json!({"SetType": 2, "GroupID": "@TGS#g1", "IsDisable": true}),
    )
    .await);
    let member = json!({"SetType": 3, "UserID": "dave", "GroupID": "@TGS#g1", "IsDisable": true});
    ok(&hide(&env, member).await);
    // Showing one again (IsDisable false) removes it; absent IsDisable is false too.
    ok(&hide(
        &env,
        json!({"SetType": 1, "UserID": "bob", "IsDisable": false}),
    )
    .await);

    let first = hidden(&env, 1, 1, "").await;
    assert_eq!(first["IsFinish"], json!(false));
    assert_eq!(first["TotalCount"], json!(2));
    assert_eq!(first["NoVisibleData"], json!([{"UserID": "alice"}]));
    let cursor = first["Cursor"].as_str().unwrap().to_owned();
    assert!(!cursor.is_empty());
    let last = hidden(&env, 1, 1, &cursor).await;
    assert_eq!(last["NoVisibleData"], json!([{"UserID": "carol"}]));
    assert_eq!(
        (last["IsFinish"].clone(), last["Cursor"].clone()),
        (json!(true), json!(""))
    );

    let groups = hidden(&env, 2, 10, "").await;
    assert_eq!(groups["NoVisibleData"], json!([{"GroupID": "@TGS#g1"}]));
    let members = hidden(&env, 3, 10, "").await;
    assert_eq!(
        members["NoVisibleData"],
        json!([{"UserID": "dave", "GroupID": "@TGS#g1"}])
    );
    assert_eq!(members["IsFinish"], json!(true));
}

#[tokio::test]
async fn bad_set_types_identifiers_counts_and_cursors_are_refused_with_27003() {
    let env = start().await;
    let refusals = [
        (
            Api::SetVisibility,
            json!({"SetType": 4, "UserID": "a", "IsDisable": true}),
            "SetType",
        ),
        (
            Api::SetVisibility,
            json!({"SetType": 1, "IsDisable": true}),
            "UserID",
        ),
        (
            Api::SetVisibility,
            json!({"SetType": 3, "UserID": "a", "IsDisable": true}),
            "GroupID",
        ),
        (
            Api::SetVisibility,
            json!({"SetType": 2, "UserID": "a"}),
            "GroupID",
        ),
        (Api::GetNoVisibility, json!({"SetType": 0}), "SetType"),
        (
            Api::GetNoVisibility,
            json!({"SetType": 1, "Count": 0}),
            "Count",
        ),
        (
            Api::GetNoVisibility,
            json!({"SetType": 1, "Cursor": "xxxx"}),
            "Cursor",
        ),
    ];
    for (api, body, field) in refusals {
        let reply = env.api(api, body.clone()).await;
        assert_eq!(reply.code(), 27003, "{body}: {}", reply.json());
        let info = reply.json()["ErrorInfo"].as_str().unwrap().to_owned();
        assert!(info.contains(field), "{body}: {info}");
    }
    // Nothing was hidden by the refused calls.
    assert_eq!(hidden(&env, 1, 10, "").await["TotalCount"], json!(0));
}
