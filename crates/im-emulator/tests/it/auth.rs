//! Routing, query-string checks and UserSig verification, over real HTTP.

use im_emulator::{Emulator, Revocation};
use im_proto::Api;
use im_sig::{Compression, GenerateOptions, SecretKey, Signer};
use serde_json::json;

use crate::util::{Env, Reply};

const DEMO_KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const T0: u64 = 1_700_000_000;

// Test vectors from usersig.md §4.
const V1_GO: &str = "eAEArABT-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMuc2lnIjoiTHZBN2QvSXc3Z1NzbnNrdlZ6QkRQT0NDRGJ1TkN3NEdId1RDMGJpcCtCND0ifQoBAAD--9-DMfw_";
const V1_PYTHON: &str = "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkKjIT87NK82CSxSnZiQUFmSlAKUMTAyiAyqVWFGQWpYJkTE1NjRDiJZm5YFFzNPXFmekgG3zKHM1T9D3LzdODi-OKs8vCqpxcAvydnV2SSv2cy03cPcpDnA2SMgu0nUxslWoBHdYzUg__";
const V1_NODE: &str = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiUZOamKlkZmqOKplYUZBaBxE1NTY3gosWZ6UpWSj5ljuYp*p7l5unBxXnF2WVhVU4uAf7Ozi5JpX7O5SbuHuUhzgZJmQXaTia2SrUAohcx8g__";
const V2_GO: &str = "eAEApwBY-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoiYWRtaW4iLCJUTFMuc2RrYXBwaWQiOjE0MDAwMDAwMDAsIlRMUy5leHBpcmUiOjg2NDAwLCJUTFMudGltZSI6MTcwMDAwMDAwMCwiVExTLnNpZyI6IjRsVXhxRi9CK1FTL0ZoelUzODhNV3c0N3MyR0lLZ3BUQ0YxV21XTC9sNVk9In0KAQAA--*tti93";
const V2_PYTHON: &str = "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkElNyM-NgUsUp2YkFBZkpQAlDEwMogMqlVhRkFqUCZSzMTOCCJZm5ICFDczTFxZnpIMNNckIrCt30nbQDg-XdMqpCjS0sfMPLTcyLjdw9vdMLQpzdDMNzw330c0wjbZVqAeD3MM0_";
const V2_NODE: &str = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwokpuZl5UInilOzEgoLMFCUrQxMDKIDIlGTmpipZGZqjiqZWFGQWpSpZWZiZwISKM9OVrJRMckIrCt30nbQDg-XdMqpCjS0sfMPLTcyLjdw9vdMLQpzdDMNzw330c0wjbZVqAW7JL20_";
const V3_GO: &str = "eAEAwQA*-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMudXNlcmJ1ZiI6IllXSmoiLCJUTFMuc2lnIjoiUWpUMjAxeFBrWGsvYU0xZSt5MHZha1piMEsyaVByRnVlKyswczV5NmJGTT0ifQoBAAD--ye1N*Q_";
const V4_GO: &str = "eAEA5QAa-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMudXNlcmJ1ZiI6IkFBQUhlR2xoYjJwMWJsTnlUZ0FBQUNjUVprRS9BQUFBQVA4QUFBQUEiLCJUTFMuc2lnIjoieTlBdmI1eHdIZ0lnb0FCYkdha0xhRTB4cyt2L2RMY0lQZWdiV2ZjYlJMST0ifQoBAAD--*9eQ8M_";
const V5_GO: &str = "eAEA9QAK-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMudXNlcmJ1ZiI6IkFRQUhlR2xoYjJwMWJsTnlUZ0FBQUFBQVprRS9BQUFBQVA4QUFBQUFBQW94TURBd01EQXdNRFF3IiwiVExTLnNpZyI6InV1cGFPbUlxaVZVc1ZvQ0R2bWFrbUdVODZHRVFCVjBJZTZRKzlHRmJvd009In0KAQAA--9kt0io";

const CHECK_BODY: &str = r#"{"CheckItem":[{"UserID":"a"}]}"#;

fn check_path() -> String {
    Env::api_path(Api::AccountCheck)
}

async fn pinned(admins: &[&str], cache: usize) -> Env {
    Env::start(
        Emulator::builder()
            .admins(admins.iter().copied())
            .fixed_now(T0)
            .usersig_cache_capacity(cache),
    )
    .await
}

fn query(sdkappid: u64, identifier: &str, usersig: &str) -> String {
    format!(
        "sdkappid={sdkappid}&identifier={identifier}&usersig={usersig}&random=99999999&contenttype=json"
    )
}

async fn code_for(env: &Env, identifier: &str, usersig: &str) -> i64 {
    env.post(
        &check_path(),
        &query(1_400_000_000, identifier, usersig),
        CHECK_BODY,
    )
    .await
    .code()
}

#[tokio::test]
async fn official_library_strings_verify_at_a_pinned_clock() {
    for cache in [0, 100] {
        let env = pinned(&["xiaojun", "admin"], cache).await;
        for (name, sig) in [("go", V1_GO), ("python", V1_PYTHON), ("node", V1_NODE)] {
            // Twice: the second may come from the cache.
            for _ in 0..2 {
                assert_eq!(
                    code_for(&env, "xiaojun", sig).await,
                    0,
                    "V1 {name}, cache {cache}"
                );
            }
        }
        for (name, sig) in [("go", V2_GO), ("python", V2_PYTHON), ("node", V2_NODE)] {
            assert_eq!(code_for(&env, "admin", sig).await, 0, "V2 {name}");
        }
        // UserSigs with a userbuf (PrivateMapKeys) carry a valid HMAC too: accepted.
        for (name, sig) in [("V3", V3_GO), ("V4", V4_GO), ("V5", V5_GO)] {
            assert_eq!(code_for(&env, "xiaojun", sig).await, 0, "{name}");
        }
        // The `*` of the Node string may arrive percent-encoded.
        let encoded = V1_NODE.replace('*', "%2A");
        assert_eq!(code_for(&env, "xiaojun", &encoded).await, 0);

        // The verification vectors of usersig.md §4, as service codes.
        env.handle.set_fixed_now(Some(T0 + 15_552_000));
        assert_eq!(
            code_for(&env, "xiaojun", V1_GO).await,
            0,
            "valid at the boundary"
        );
        env.handle.set_fixed_now(Some(T0 + 15_552_001));
        for sig in [V1_GO, V1_PYTHON, V1_NODE] {
            assert_eq!(
                code_for(&env, "xiaojun", sig).await,
                70001,
                "expired, cache {cache}"
            );
        }
        env.handle.set_fixed_now(Some(T0));
        assert_eq!(code_for(&env, "bob", V1_GO).await, 70013);
        assert_eq!(code_for(&env, "xiaojun", "abc").await, 70003);
        assert_eq!(code_for(&env, "xiaojun", &V1_GO[..100]).await, 70003);
        env.handle.shutdown().await;
    }

    // Wrong key: 70009.
    let env = Env::start(
        Emulator::builder()
            .admins(["xiaojun"])
            .secret_key("x")
            .fixed_now(T0),
    )
    .await;
    assert_eq!(code_for(&env, "xiaojun", V1_GO).await, 70009);

    // Another SDKAppID in the URL and the emulator: 70014.
    let env = Env::start(
        Emulator::builder()
            .admins(["xiaojun"])
            .sdkappid(1_400_000_001)
            .fixed_now(T0),
    )
    .await;
    let reply = env
        .post(
            &check_path(),
            &query(1_400_000_001, "xiaojun", V1_GO),
            CHECK_BODY,
        )
        .await;
    assert_eq!(reply.code(), 70014);
}

#[tokio::test]
async fn generated_usersigs_of_every_style_verify() {
    let env = pinned(&["administrator"], 100).await;
    let signer = Signer::new(1_400_000_000, SecretKey::new(DEMO_KEY));
    for compression in [
        Compression::Stored,
        Compression::Deflate(1),
        Compression::Deflate(6),
        Compression::Deflate(9),
    ] {
        let opts = GenerateOptions::new().with_compression(compression);
        let sig = signer
            .generate_with("administrator", 3600, T0 - 10, &opts)
            .unwrap();
        assert_eq!(
            code_for(&env, "administrator", sig.as_str()).await,
            0,
            "{compression:?}"
        );
        let with_buf = GenerateOptions::new()
            .with_compression(compression)
            .with_userbuf(b"abc");
        let sig = signer
            .generate_with("administrator", 3600, T0, &with_buf)
            .unwrap();
        assert_eq!(code_for(&env, "administrator", sig.as_str()).await, 0);
    }
}

#[tokio::test]
async fn query_check_matrix() {
    let env = Env::start(Emulator::builder().admins(["administrator", "ops"])).await;
    let sig = env.handle.generate_usersig("administrator", 86_400);
    let path = check_path();
    let mut cases = refused_queries(&sig);
    cases.extend([
        // Accepted: contenttype absent or in another case, the docs' constant random.
        (
            format!("sdkappid=1400000000&identifier=administrator&usersig={sig}&random=4294967295"),
            0,
        ),
        (
            format!(
                "sdkappid=1400000000&identifier=administrator&usersig={sig}&random=99999999&contenttype=JSON"
            ),
            0,
        ),
        (
            format!(
                "random=0&contenttype=json&usersig={sig}&identifier=administrator&sdkappid=1400000000"
            ),
            0,
        ),
    ]);
    for (query, expected) in &cases {
        let reply = env.post(&path, query, CHECK_BODY).await;
        assert_eq!(reply.code(), *expected, "{query}");
        assert_eq!(
            reply.json()["ActionStatus"],
            if *expected == 0 { "OK" } else { "FAIL" }
        );
    }
}

/// Queries the service refuses, each with its code, `sig` a valid admin UserSig.
fn refused_queries(sig: &str) -> Vec<(String, i64)> {
    vec![
        (
            format!("identifier=administrator&usersig={sig}&random=1&contenttype=json"),
            60012,
        ),
        (
            format!("sdkappid=&identifier=administrator&usersig={sig}&random=1"),
            60012,
        ),
        (
            format!("sdkappid=abc&identifier=administrator&usersig={sig}&random=1"),
            60006,
        ),
        (
            format!("sdkappid=-1&identifier=administrator&usersig={sig}&random=1"),
            60006,
        ),
        (
            format!("sdkappid=1400000001&identifier=administrator&usersig={sig}&random=1"),
            70020,
        ),
        (
            format!("sdkappid=1400000000&usersig={sig}&random=1&contenttype=json"),
            60004,
        ),
        (
            "sdkappid=1400000000&identifier=administrator&random=1&contenttype=json".into(),
            70002,
        ),
        (
            "sdkappid=1400000000&identifier=administrator&usersig=&random=1".into(),
            70002,
        ),
        (
            format!("sdkappid=1400000000&identifier=administrator&usersig={sig}&contenttype=json"),
            60002,
        ),
        (
            format!("sdkappid=1400000000&identifier=administrator&usersig={sig}&random=x"),
            60002,
        ),
        (
            format!("sdkappid=1400000000&identifier=administrator&usersig={sig}&random=4294967296"),
            60002,
        ),
        (
            format!(
                "sdkappid=1400000000&identifier=administrator&usersig={sig}&random=1&contenttype=xml"
            ),
            60002,
        ),
        (
            "sdkappid=1400000000&identifier=administrator&usersig=abc&random=1".into(),
            70003,
        ),
        (
            format!("sdkappid=1400000000&identifier=ops&usersig={sig}&random=1"),
            70013,
        ),
    ]
}

#[tokio::test]
async fn usersigs_of_another_key_app_or_time_or_user_are_refused() {
    let env = Env::start(Emulator::builder().admins(["administrator", "ops"])).await;
    let e = &env.handle;
    // Signed with another key or for another SDKAppID.
    let other_key = Signer::new(1_400_000_000, SecretKey::new("another key"));
    let now = e.now();
    let bad = other_key.generate_at("administrator", 3600, now).unwrap();
    assert_eq!(code_for(&env, "administrator", bad.as_str()).await, 70009);
    let other_app = Signer::new(1_400_000_001, SecretKey::new(DEMO_KEY));
    let bad = other_app.generate_at("administrator", 3600, now).unwrap();
    assert_eq!(code_for(&env, "administrator", bad.as_str()).await, 70014);
    // Expired: issued two hours ago for one hour.
    let demo = Signer::new(1_400_000_000, SecretKey::new(DEMO_KEY));
    let old = demo.generate_at("administrator", 3600, now - 7200).unwrap();
    assert_eq!(code_for(&env, "administrator", old.as_str()).await, 70001);
    // A valid UserSig of a user who is not an admin.
    let user = e.generate_usersig("alice", 3600);
    assert_eq!(code_for(&env, "alice", &user).await, 70403);
    // The second admin works too.
    let ops = e.generate_usersig("ops", 3600);
    assert_eq!(code_for(&env, "ops", &ops).await, 0);
}

#[tokio::test]
async fn routes() {
    let env = Env::start(Emulator::builder()).await;
    let q = env.signed_query();
    for path in [
        "/v4/im_open_login_svc/nope",
        "/v4/nope/account_check",
        "/v4/openim/account_check",
        "/v3/im_open_login_svc/account_check",
        "/v4/im_open_login_svc/account_check/",
        "/",
    ] {
        let reply = env.post(path, &q, CHECK_BODY).await;
        assert_eq!(reply.code(), 60009, "{path}");
    }
    // Another method is answered as the POST would be: here, without a body, 60003.
    let reply = env.send("GET", &format!("{}?{q}", check_path()), "").await;
    assert_eq!(reply.code(), 60003);
    // The legacy path of query_online_status.
    // Every account unknown: FAIL with the first item's code, the ErrorList all the same.
    let reply = env
        .post("/v4/openim/querystate", &q, r#"{"To_Account":["x"]}"#)
        .await;
    assert_eq!(reply.code(), 70107);
    assert_eq!(reply.json()["ActionStatus"], "FAIL");
    assert_eq!(reply.json()["ErrorList"][0]["ErrorCode"], 70107);
    let stats = env.handle.stats();
    assert_eq!(stats.unknown_routes(), 6);
    assert_eq!(stats.requests(Api::AccountCheck), 1);
    assert_eq!(stats.requests(Api::QueryOnlineStatus), 1);
}

#[tokio::test]
async fn kick_and_revoke_invalidate_earlier_usersigs() {
    let env = Env::start(
        Emulator::builder()
            .admins(["administrator", "ops"])
            .fixed_now(T0),
    )
    .await;
    let e = &env.handle;
    let demo = Signer::new(1_400_000_000, SecretKey::new(DEMO_KEY));
    let earlier = demo.generate_at("administrator", 86_400, T0 - 10).unwrap();
    let earlier = earlier.as_str();
    assert_eq!(code_for(&env, "administrator", earlier).await, 0);

    // An admin kicks the other admin: only that identifier's UserSigs are affected.
    let ops_sig = demo.generate_at("ops", 86_400, T0 - 10).unwrap();
    let reply = env
        .post(
            &Env::api_path(Api::Kick),
            &query(1_400_000_000, "administrator", earlier),
            &json!({"UserID": "ops"}).to_string(),
        )
        .await;
    assert_eq!(reply.code(), 0);
    assert_eq!(code_for(&env, "ops", ops_sig.as_str()).await, 70052);
    assert_eq!(code_for(&env, "administrator", earlier).await, 0);
    // A UserSig issued in the kick's second is accepted.
    let fresh = demo.generate_at("ops", 86_400, T0).unwrap();
    assert_eq!(code_for(&env, "ops", fresh.as_str()).await, 0);

    // The control revocation, with either code.
    e.set_fixed_now(Some(T0 + 5));
    e.revoke("administrator", Revocation::Expired);
    assert_eq!(code_for(&env, "administrator", earlier).await, 70001);
    let reply = env
        .control_post("revoke", json!({"identifier": "ops", "code": 70052}))
        .await;
    assert_eq!(reply.json()["ok"], true);
    assert_eq!(code_for(&env, "ops", fresh.as_str()).await, 70052);
    let reply = env
        .control_post("revoke", json!({"identifier": "ops", "code": 70002}))
        .await;
    assert!(matches!(reply, Reply::Http(400, _)), "{reply:?}");
    let new = e.generate_usersig("administrator", 3600);
    assert_eq!(code_for(&env, "administrator", &new).await, 0);

    // Reset forgets revocations.
    e.reset();
    assert_eq!(code_for(&env, "administrator", earlier).await, 0);
}

#[tokio::test]
async fn usersigs_dated_beyond_the_skew_are_refused() {
    let env = Env::start(Emulator::builder().fixed_now(T0)).await;
    let demo = Signer::new(1_400_000_000, SecretKey::new(DEMO_KEY));
    let skew = im_emulator::MAX_USERSIG_SKEW_SECS;
    let at_edge = demo
        .generate_at("administrator", 86_400, T0 + skew)
        .unwrap();
    assert_eq!(code_for(&env, "administrator", at_edge.as_str()).await, 0);
    let ahead = demo
        .generate_at("administrator", 86_400, T0 + skew + 1)
        .unwrap();
    assert_eq!(code_for(&env, "administrator", ahead.as_str()).await, 70005);
    // Far ahead, and far ahead after a revocation (it no longer outlives a kick).
    let far = demo
        .generate_at("administrator", 86_400, T0 + 3_600)
        .unwrap();
    assert_eq!(code_for(&env, "administrator", far.as_str()).await, 70005);
    env.handle.revoke("administrator", Revocation::Invalidated);
    assert_eq!(code_for(&env, "administrator", far.as_str()).await, 70005);
    // Once the clock reaches it, the same UserSig is valid (refused for its date, not cached as bad).
    env.handle.set_fixed_now(Some(T0 + 3_600));
    assert_eq!(code_for(&env, "administrator", far.as_str()).await, 0);
    // A UserSig verified (and cached) before the clock went back is refused alike.
    env.handle.set_fixed_now(Some(T0 - 1));
    for usersig in [at_edge.as_str(), far.as_str()] {
        let reply = env
            .post(
                &check_path(),
                &query(1_400_000_000, "administrator", usersig),
                CHECK_BODY,
            )
            .await;
        assert_eq!(reply.code(), 70005, "{reply:?}");
        let info = reply.json()["ErrorInfo"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            info.contains(&format!("more than {skew} s after now")),
            "{info}"
        );
    }
}

#[tokio::test]
async fn liberal_in_what_it_accepts() {
    let env = Env::start(Emulator::builder()).await;
    let q = env.signed_query();
    // No Content-Type header (the helper never sends one), a JSON one, a form one.
    for content_type in [
        None,
        Some("application/json"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let mut builder = http::Request::builder().method("POST").uri(format!(
            "{}{}?{q}",
            env.handle.base_url(),
            check_path()
        ));
        if let Some(ct) = content_type {
            builder = builder.header("content-type", ct);
        }
        let request = builder
            .body(bytes::Bytes::from_static(CHECK_BODY.as_bytes()))
            .unwrap();
        let reply =
            crate::util::to_reply(im_transport::Transport::send(&env.client, request).await);
        assert_eq!(reply.code(), 0, "{content_type:?}");
    }
    // The same `random` and the same UserSig on every request.
    for _ in 0..5 {
        assert_eq!(env.post(&check_path(), &q, CHECK_BODY).await.code(), 0);
    }
}
