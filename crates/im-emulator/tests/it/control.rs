//! The inspection and control endpoints, over real HTTP.

use im_emulator::{Account, Emulator};
use im_proto::Api;
use serde_json::json;

use crate::util::{Env, Reply};

#[tokio::test]
async fn accounts_listing_with_paging() {
    let env = Env::start(Emulator::builder()).await;
    let reply = env
        .api(
            Api::MultiaccountImport,
            json!({"AccountList": [{"UserID": "c", "Nick": "C"}, {"UserID": "a", "FaceUrl": "http://a"}, {"UserID": "b"}]}),
        )
        .await;
    assert_eq!(reply.code(), 0);
    let all = env.control_get("accounts").await;
    assert_eq!(
        all,
        json!({"count": 3, "accounts": [
            {"UserID": "a", "Nick": null, "FaceUrl": "http://a",
             "Profile": {"Tag_Profile_IM_Image": "http://a"}, "Robot": null},
            {"UserID": "b", "Nick": null, "FaceUrl": null, "Profile": {}, "Robot": null},
            {"UserID": "c", "Nick": "C", "FaceUrl": null,
             "Profile": {"Tag_Profile_IM_Nick": "C"}, "Robot": null},
        ]})
    );
    let page = env.control_get("accounts?offset=1&limit=1").await;
    assert_eq!(page["count"], 3);
    assert_eq!(
        page["accounts"],
        json!([{"UserID": "b", "Nick": null, "FaceUrl": null, "Profile": {}, "Robot": null}])
    );
    let page = env.control_get("accounts?offset=10").await;
    assert_eq!(page["accounts"], json!([]));
    let reply = env.send("GET", "/_emulator/accounts?limit=x", "").await;
    assert!(matches!(reply, Reply::Http(400, _)));
    // The same from Rust.
    assert_eq!(
        env.handle.accounts(),
        vec![
            Account::new("a").with_face_url("http://a"),
            Account::new("b"),
            Account::new("c").with_nick("C"),
        ]
    );
}

#[tokio::test]
async fn stats_reset_and_misc_endpoints() {
    let env = Env::start(Emulator::builder()).await;
    env.api(Api::AccountImport, json!({"UserID": "a"})).await;
    env.api(Api::AccountImport, json!({})).await;
    env.post(&Env::api_path(Api::AccountCheck), "", "{}").await;
    let stats = env.control_get("stats").await;
    assert_eq!(stats["requests"]["account_import"], 2);
    assert_eq!(stats["requests"]["account_check"], 1);
    assert_eq!(stats["requests"]["kick"], 0);
    assert_eq!(stats["answers"], json!({"0": 1, "70402": 1, "60012": 1}));
    assert_eq!(
        stats["answers_by_api"]["account_import"],
        json!({"0": 1, "70402": 1})
    );
    assert_eq!(stats["throttled"], 0);
    assert_eq!(stats["faults"]["stall"], 0);
    env.handle.set_online(
        "a",
        im_emulator::OnlineState::new(im_proto::openim::query_online_status::OnlineStatus::Online),
    );

    let reply = env.control_post("reset", json!({})).await;
    assert_eq!(reply.json()["ok"], true);
    let stats = env.control_get("stats").await;
    assert_eq!(stats["answers"], json!({}));
    assert_eq!(stats["requests"]["account_import"], 0);
    assert_eq!(env.handle.account_count(), 0);
    assert_eq!(
        env.handle.online_state("a"),
        im_emulator::OnlineState::offline()
    );
    config_clock_and_usersig(&env).await;
    unknown_endpoints_and_wrong_methods(&env).await;
}

/// Configuration, clock and a ready-made UserSig for clients in other languages.
async fn config_clock_and_usersig(env: &Env) {
    let config = env.control_get("config").await;
    assert_eq!(config["sdkappid"], 1_400_000_000);
    assert_eq!(config["admins"], json!(["administrator"]));
    assert_eq!(config["secret_key"], im_emulator::DEFAULT_SECRET_KEY);
    // A key the operator supplied is never shown.
    let own = Env::start(Emulator::builder().secret_key("operator-supplied-key")).await;
    let config = own.control_get("config").await;
    assert!(config["secret_key"].is_null(), "{config}");
    assert!(!config.to_string().contains("operator-supplied-key"));
    let clock = env
        .control_post("clock", json!({"fixed_now": 1_700_000_000}))
        .await;
    assert_eq!(clock.json()["now"], 1_700_000_000);
    assert_eq!(env.handle.now(), 1_700_000_000);
    let sig = env
        .control_get("usersig?identifier=administrator&expire=60")
        .await;
    let usersig = sig["usersig"].as_str().unwrap();
    let query = format!("sdkappid=1400000000&identifier=administrator&usersig={usersig}&random=5");
    let reply = env
        .post(
            &Env::api_path(Api::AccountCheck),
            &query,
            r#"{"CheckItem":[{"UserID":"a"}]}"#,
        )
        .await;
    assert_eq!(reply.code(), 0);
    let clock = env
        .control_post("clock", json!({"fixed_now": null, "offset_secs": 120}))
        .await;
    assert_eq!(clock.json()["offset_secs"], 120);
    let reply = env
        .post(
            &Env::api_path(Api::AccountCheck),
            &query,
            r#"{"CheckItem":[{"UserID":"a"}]}"#,
        )
        .await;
    assert_eq!(reply.code(), 70001);
}

/// Unknown endpoints and wrong methods.
async fn unknown_endpoints_and_wrong_methods(env: &Env) {
    assert!(matches!(
        env.send("GET", "/_emulator/nope", "").await,
        Reply::Http(404, _)
    ));
    assert!(matches!(
        env.send("POST", "/_emulator/stats", "").await,
        Reply::Http(405, _)
    ));
    assert!(matches!(
        env.send("GET", "/_emulator/reset", "").await,
        Reply::Http(405, _)
    ));
    assert!(matches!(
        env.control_post("online", json!([1])).await,
        Reply::Http(400, _)
    ));
}

#[tokio::test]
async fn graceful_shutdown_keeps_the_state() {
    let emulator = Emulator::builder().build();
    let handle = emulator.start_local().await.unwrap();
    let addr = handle.local_addr();
    assert!(addr.ip().is_loopback());
    assert_eq!(handle.base_url(), format!("http://{addr}"));
    emulator.insert_account(Account::new("kept"));
    handle.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    assert_eq!(emulator.account_count(), 1);
    // Serve the same state again.
    let handle = emulator.start_local().await.unwrap();
    let env = Env {
        handle,
        client: crate::util::client(std::time::Duration::from_secs(5)),
    };
    assert_eq!(env.control_get("accounts").await["count"], 1);
}

#[tokio::test]
async fn a_usersig_the_key_cannot_make_is_a_400_not_a_crash() {
    let env = Env::start(Emulator::builder().sdkappid(0)).await;
    let reply = env.send("GET", "/_emulator/usersig", "").await;
    match reply {
        Reply::Http(400, body) => assert!(body.to_string().contains("cannot sign"), "{body}"),
        other => panic!("{other:?}"),
    }
    // Still serving.
    let stats = env.control_get("stats").await;
    assert!(stats.is_object());
}
