//! `imctl callbacks listen` with `imctl emulator serve --callback-url`: the emulator's events
//! arrive verified; forged ones are refused and never printed.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use im_callback::{Token, sign};
use serde_json::Value;

use crate::serve::Server;
use crate::support::{SDKAPPID, TempDir, run};

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// POSTs `body` to `url` + `path_and_query` over a fresh connection; the status code and the
/// response text.
fn post(url: &str, path_and_query: &str, body: &str) -> (u16, String) {
    let addr = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let request = format!(
        "POST {path_and_query} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, answer)
}

#[test]
fn the_emulators_kick_reaches_listen_as_a_verified_state_change() {
    let dir = TempDir::new("callbacks-kick");
    let token = dir.write("token", "kick-test-token\n");
    let token = token.to_str().unwrap();
    let listen = Server::start(&[
        "--sdkappid",
        SDKAPPID,
        "callbacks",
        "listen",
        "--token-file",
        token,
        "--count",
        "1",
    ]);
    let callback_url = format!("{}/im/callback", listen.url);
    let emulator = Server::start(&[
        "emulator",
        "serve",
        "--callback-url",
        &callback_url,
        "--callback-token-file",
        token,
    ]);
    let out = run(emulator.client().args(["accounts", "import", "alice"]));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(emulator.client().args(["accounts", "kick", "alice"]));
    assert_eq!(out.code, 0, "{out:?}");

    let (code, rest, stderr) = listen.wait();
    assert_eq!(code, Some(0), "{stderr}");
    let lines: Vec<Value> = rest
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{rest}");
    assert_eq!(lines[0]["CallbackCommand"], "State.StateChange");
    assert_eq!(lines[0]["Info"]["Action"], "Logout");
    assert_eq!(lines[0]["Info"]["Reason"], "Unregister");
    assert_eq!(lines[0]["Info"]["To_Account"], "alice");
    assert!(
        stderr.contains("1 events printed, 0 requests rejected"),
        "{stderr}"
    );
    assert!(!stderr.contains("kick-test-token"), "{stderr}");
    let (code, _) = emulator.terminate();
    assert_eq!(code, Some(0));
}

#[test]
fn forged_and_stale_callbacks_are_refused_and_never_printed() {
    let dir = TempDir::new("callbacks-forged");
    let token = dir.write("token", "the-real-token");
    let listen = Server::start(&[
        "--sdkappid",
        SDKAPPID,
        "callbacks",
        "listen",
        "--token-file",
        token.to_str().unwrap(),
        "--count",
        "1",
    ]);
    let body = r#"{"CallbackCommand":"State.StateChange","EventTime":1,"Info":{"Action":"Login","To_Account":"mallory","Reason":"Register"}}"#;
    let query = |token: &str, sdkappid: &str, time: u64| {
        format!(
            "/cb?SdkAppid={sdkappid}&CallbackCommand=State.StateChange&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI&Sign={}&RequestTime={time}",
            sign(&Token::new(token), time)
        )
    };
    let now = unix_now();
    for forged in [
        query("a-guessed-token", SDKAPPID, now),
        query("the-real-token", "1400000001", now),
        query("the-real-token", SDKAPPID, now - 3600),
        format!("/cb?SdkAppid={SDKAPPID}&CallbackCommand=State.StateChange&RequestTime={now}"),
    ] {
        let (status, answer) = post(&listen.url, &forged, body);
        assert_eq!(status, 401, "{forged}: {answer}");
        assert!(answer.contains(r#""ErrorCode":1"#), "{answer}");
    }
    let good = body.replace("mallory", "alice");
    let (status, answer) = post(&listen.url, &query("the-real-token", SDKAPPID, now), &good);
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains(r#""ErrorCode":0"#), "{answer}");

    let (code, rest, stderr) = listen.wait();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(rest.lines().count(), 1, "{rest}");
    assert!(
        rest.contains("alice") && !rest.contains("mallory"),
        "{rest}"
    );
    assert!(stderr.contains("rejected a request (4 so far)"), "{stderr}");
    assert!(
        stderr.contains("1 events printed, 4 requests rejected"),
        "{stderr}"
    );
    assert!(!stderr.contains("the-real-token"), "{stderr}");
}

#[test]
fn reject_replays_refuses_a_callback_posted_again() {
    let dir = TempDir::new("callbacks-replay");
    let token = dir.write("token", "replay-token");
    let listen = Server::start(&[
        "--sdkappid",
        SDKAPPID,
        "callbacks",
        "listen",
        "--token-file",
        token.to_str().unwrap(),
        "--reject-replays",
        "--count",
        "2",
    ]);
    let now = unix_now();
    let path = format!(
        "/cb?SdkAppid={SDKAPPID}&CallbackCommand=State.StateChange&contenttype=json&Sign={}&RequestTime={now}",
        sign(&Token::new("replay-token"), now)
    );
    let body = r#"{"CallbackCommand":"State.StateChange","EventTime":1,"Info":{"Action":"Login","To_Account":"alice","Reason":"Register"}}"#;
    let (status, answer) = post(&listen.url, &path, body);
    assert_eq!(status, 200, "{answer}");
    let (status, answer) = post(&listen.url, &path, body);
    assert_eq!(status, 401, "{answer}");
    assert!(answer.contains("repeat"), "{answer}");
    // Another event of the same second (the same Sign) is no repeat.
    let (status, answer) = post(&listen.url, &path, &body.replace("alice", "bob"));
    assert_eq!(status, 200, "{answer}");

    let (code, rest, stderr) = listen.wait();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(rest.lines().count(), 2, "{rest}");
    assert!(rest.contains("alice") && rest.contains("bob"), "{rest}");
    assert!(
        stderr.contains("2 events printed, 1 requests rejected"),
        "{stderr}"
    );
    assert!(!stderr.contains("replay-token"), "{stderr}");
}

#[test]
fn bad_callback_settings_are_refused_before_serving() {
    let out = run(crate::support::imctl().args([
        "emulator",
        "serve",
        "--callback-url",
        "ftp://example/x",
    ]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--callback-url"), "{out:?}");
    let dir = TempDir::new("callbacks-empty");
    let empty = dir.write("token", "\n");
    let out = run(crate::support::imctl()
        .args(["callbacks", "listen", "--token-file"])
        .arg(&empty));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("callback token file"), "{out:?}");
    // Unsigned callbacks have no Sign to remember.
    let out = run(crate::support::imctl()
        .env_remove("IM_CALLBACK_TOKEN")
        .args(["callbacks", "listen", "--reject-replays"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .contains("--reject-replays needs the callback token"),
        "{out:?}"
    );
}
