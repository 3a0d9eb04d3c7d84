//! Connection handling: header-read timeouts, the connection cap, over-long URLs.

use std::time::Duration;

use im_emulator::{Emulator, MAX_URL_BYTES};
use im_proto::Api;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::util::Env;

/// Generous bound for "the server closes it": far above the configured timeouts.
const PATIENCE: Duration = Duration::from_secs(20);

async fn connect(env: &Env) -> TcpStream {
    let addr = env.handle.local_addr();
    TcpStream::connect(addr).await.expect("connects")
}

/// Reads until the server closes the connection; returns what it sent.
async fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    let mut seen = Vec::new();
    tokio::time::timeout(PATIENCE, stream.read_to_end(&mut seen))
        .await
        .expect("the server closes the connection")
        .map(|_| seen)
        .unwrap_or_default()
}

#[tokio::test]
async fn silent_and_half_sent_connections_are_closed() {
    let builder = Emulator::builder().header_read_timeout(Duration::from_millis(300));
    let env = Env::start(builder).await;
    let mut silent = Vec::new();
    for _ in 0..500 {
        silent.push(connect(&env).await);
    }
    let mut half = connect(&env).await;
    half.write_all(b"POST /v4/im_open_login_svc/account_check HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    for stream in &mut silent {
        assert!(read_to_close(stream).await.is_empty());
    }
    // hyper answers a header timeout with 408 or just closes; either way the slot is freed.
    let sent = read_to_close(&mut half).await;
    assert!(sent.is_empty() || sent.starts_with(b"HTTP/1.1 408"));
    // Still serving.
    let reply = env
        .api(
            Api::AccountCheck,
            serde_json::json!({"CheckItem": [{"UserID": "a"}]}),
        )
        .await;
    assert_eq!(reply.code(), 0);
}

#[tokio::test]
async fn connections_over_the_cap_wait_for_a_free_slot() {
    let env = Env::start(Emulator::builder().max_connections(2)).await;
    let first = connect(&env).await;
    let second = connect(&env).await;
    // A third connection is accepted by the kernel but not served while both slots are held.
    let mut third = connect(&env).await;
    third
        .write_all(b"GET /_emulator/config HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut byte = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_millis(300), third.read(&mut byte)).await;
    assert!(early.is_err(), "answered while over the cap");
    drop(first);
    let answer = read_to_close(&mut third).await;
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{:?}",
        String::from_utf8_lossy(&answer)
    );
    drop(second);
}

#[tokio::test]
async fn an_over_long_url_answers_the_envelope() {
    let env = Env::start(Emulator::builder()).await;
    let padding = "x".repeat(MAX_URL_BYTES);
    let query = format!("{}&pad={padding}", env.signed_query());
    let reply = env
        .post(&Env::api_path(Api::AccountCheck), &query, "{}")
        .await;
    assert_eq!(reply.code(), 60002);
    assert_eq!(reply.json()["ActionStatus"], "FAIL");
    let info = reply.json()["ErrorInfo"].as_str().unwrap();
    assert!(info.contains(&MAX_URL_BYTES.to_string()), "{info}");
    // Just under the limit is an ordinary request.
    let base = format!(
        "/{}?{}&pad=",
        Api::AccountCheck.metadata().path(),
        env.signed_query()
    );
    let fill = "x".repeat(MAX_URL_BYTES - base.len());
    let reply = env
        .send(
            "POST",
            &format!("{base}{fill}"),
            r#"{"CheckItem":[{"UserID":"a"}]}"#,
        )
        .await;
    assert_eq!(reply.code(), 0);
}
