//! What goes on the wire: method, path, query parameters, headers and body.

use std::collections::HashMap;
use std::sync::Arc;

use im_emulator::Emulator;
use im_proto::openim::query_online_status;
use im_sig::{SecretKey, Signer};
use im_transport::test_util::RecordingTransport;

use crate::support::{check, client_for, id, ids, import};

fn query(uri: &http::Uri) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for pair in uri.query().unwrap().split('&') {
        let (k, v) = pair.split_once('=').unwrap();
        let v = percent_encoding::percent_decode_str(v)
            .decode_utf8()
            .unwrap()
            .into_owned();
        assert!(
            map.insert(k.to_owned(), v).is_none(),
            "repeated parameter {k}"
        );
    }
    map
}

#[tokio::test(start_paused = true)]
async fn requests_are_exactly_as_documented() {
    let emulator = Emulator::builder()
        .admins(["administrator", "ops+admin"])
        .build();
    let recorder = Arc::new(RecordingTransport::new(emulator.in_process_transport()));
    let client = client_for(&emulator)
        .admin("ops+admin")
        .endpoint("https://example.invalid/")
        .transport(recorder.clone())
        .build()
        .unwrap();

    import(&client, id("alice")).await.unwrap();
    check(&client, &ids(&["alice", "bob"])).await.unwrap();
    let status = query_online_status::Request::new(ids(&["alice"]));
    client.call(&status).await.unwrap();

    let requests = recorder.requests();
    assert_eq!(requests.len(), 3);
    let paths: Vec<_> = requests.iter().map(|r| r.uri().path().to_owned()).collect();
    assert_eq!(
        paths,
        [
            "/v4/im_open_login_svc/account_import",
            "/v4/im_open_login_svc/account_check",
            "/v4/openim/query_online_status",
        ]
    );
    let mut randoms = Vec::new();
    for request in &requests {
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri().scheme_str(), Some("https"));
        assert_eq!(request.uri().host(), Some("example.invalid"));
        assert_eq!(
            request.headers()[http::header::CONTENT_TYPE],
            "application/json"
        );
        let q = query(request.uri());
        let mut keys: Vec<_> = q.keys().cloned().collect();
        keys.sort();
        assert_eq!(
            keys,
            ["contenttype", "identifier", "random", "sdkappid", "usersig"]
        );
        assert_eq!(q["sdkappid"], emulator.sdkappid().to_string());
        assert_eq!(q["identifier"], "ops+admin");
        assert_eq!(q["contenttype"], "json");
        randoms.push(q["random"].parse::<u32>().unwrap());
        // The UserSig is the admin's and verifies with the key.
        let signer = Signer::new(emulator.sdkappid(), SecretKey::new(emulator.secret_key()));
        let claims = signer
            .verify(&q["identifier"], &q["usersig"])
            .expect("the usersig verifies");
        assert_eq!(claims.expire, 24 * 3600);
        // Raw query: only unreserved characters are left unencoded.
        let raw = request.uri().query().unwrap();
        assert!(raw.contains("identifier=ops%2Badmin"));
        assert!(
            raw.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.~%&=".contains(&b)),
            "{raw}"
        );
    }
    // A fresh random per request (three equal u32 draws would be a 1-in-2^64 event).
    assert!(randoms[0] != randoms[1] || randoms[1] != randoms[2]);

    let bodies: Vec<serde_json::Value> = requests
        .iter()
        .map(|r| serde_json::from_slice(r.body()).unwrap())
        .collect();
    assert_eq!(bodies[0], serde_json::json!({"UserID": "alice"}));
    assert_eq!(
        bodies[1],
        serde_json::json!({"CheckItem": [{"UserID": "alice"}, {"UserID": "bob"}]})
    );
    assert_eq!(bodies[2], serde_json::json!({"To_Account": ["alice"]}));
}

#[tokio::test(start_paused = true)]
async fn the_usersig_is_reused_across_calls_and_clones() {
    let emulator = Emulator::builder().build();
    let recorder = Arc::new(RecordingTransport::new(emulator.in_process_transport()));
    let client = client_for(&emulator)
        .endpoint("http://127.0.0.1:9")
        .transport(recorder.clone())
        .build()
        .unwrap();
    let clone = client.clone();
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let c = clone.clone();
            tokio::spawn(async move { import(&c, id(&format!("u{i}"))).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    import(&client, id("last")).await.unwrap();
    let sigs: std::collections::HashSet<String> = recorder
        .requests()
        .iter()
        .map(|r| query(r.uri())["usersig"].clone())
        .collect();
    assert_eq!(sigs.len(), 1);
    assert_eq!(client.stats().calls, 9);
}
