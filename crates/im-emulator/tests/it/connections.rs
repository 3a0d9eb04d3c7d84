//! Connection handling: header, body and idle timeouts, the connection cap (the connection
//! idle the longest closed first), over-long URLs.

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
    tokio::time::timeout(PATIENCE, TcpStream::connect(addr))
        .await
        .expect("the server accepts connections")
        .expect("connects")
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
async fn connections_over_the_cap_wait_while_every_one_is_busy() {
    let env = Env::start(Emulator::builder().max_connections(2)).await;
    let first = slow_request(&env).await;
    let _second = slow_request(&env).await;
    // A third connection is accepted by the kernel but not served while both slots are busy.
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
}

#[tokio::test]
async fn at_the_cap_the_connection_idle_the_longest_is_closed_first() {
    let env = Env::start(Emulator::builder().max_connections(2)).await;
    // Idle: an HTTP/2 connection that said hello, then a silent one.
    let mut oldest = connect(&env).await;
    oldest.write_all(H2_HELLO).await.unwrap();
    let mut younger = connect(&env).await;
    let answer = answer_on_a_new_connection(&env).await;
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{answer:?}");
    read_to_close(&mut oldest).await;
    let mut byte = [0u8; 1];
    let read = tokio::time::timeout(Duration::from_millis(300), younger.read(&mut byte)).await;
    assert!(
        read.is_err(),
        "the younger idle connection was closed: {read:?}"
    );
}

#[tokio::test]
async fn idle_http2_connections_are_closed_after_the_idle_timeout() {
    let env = Env::start(Emulator::builder().idle_timeout(Duration::from_millis(300))).await;
    let mut idle = connect(&env).await;
    idle.write_all(H2_HELLO).await.unwrap();
    // hyper's SETTINGS, then GOAWAY, then the end.
    read_to_close(&mut idle).await;
    let answer = answer_on_a_new_connection(&env).await;
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{answer:?}");
}

#[tokio::test]
async fn slow_bodies_are_cut_at_the_body_read_timeout() {
    let builder = Emulator::builder()
        .max_connections(4)
        .body_read_timeout(Duration::from_millis(500));
    let env = Env::start(builder).await;
    let mut slow = Vec::new();
    for _ in 0..4 {
        slow.push(slow_request(&env).await);
    }
    let trickle = tokio::spawn(trickle(slow.split_off(2), 30));
    // Served once the slow bodies are cut, though two of them keep sending a byte a second.
    let answer = answer_on_a_new_connection(&env).await;
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{answer:?}");
    for stream in &mut slow {
        assert!(read_to_close(stream).await.is_empty());
    }
    trickle.abort();
}

#[tokio::test]
async fn huge_timeouts_count_as_very_long_ones() {
    let builder = Emulator::builder()
        .header_read_timeout(Duration::MAX)
        .body_read_timeout(Duration::MAX)
        .idle_timeout(Duration::MAX);
    let env = Env::start(builder).await;
    let answer = answer_on_a_new_connection(&env).await;
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{answer:?}");
}

/// Opens as many connections as this test holds at once: the open-file soft limit is often
/// 1,024, so raise it (up to the hard limit).
fn raise_open_files(needed: u64) {
    let got = rlimit::increase_nofile_limit(needed).expect("the open-file limit can be read");
    assert!(
        got >= needed,
        "this test holds {needed} files open; the hard limit is {got}"
    );
}

#[tokio::test]
async fn idle_and_slow_clients_do_not_lock_out_a_normal_client() {
    raise_open_files(4096);
    // The defaults: 1,024 connections, 30 s timeouts (longer than this test).
    let env = Env::start(Emulator::builder()).await;
    let mut idle = Vec::new();
    for n in 0..1500 {
        idle.push(idle_connection(&env, n).await);
    }
    let mut slow = Vec::new();
    for _ in 0..200 {
        slow.push(slow_request(&env).await);
    }
    let trickle = tokio::spawn(trickle(slow, 60));
    for round in 0..20 {
        for n in 0..25 {
            idle.push(idle_connection(&env, round * 25 + n).await);
        }
        let answer = answer_on_a_new_connection(&env).await;
        assert!(
            answer.starts_with(b"HTTP/1.1 200"),
            "round {round}: {:?}",
            String::from_utf8_lossy(&answer)
        );
    }
    assert_eq!(idle.len(), 2000);
    // The first ones were closed to make room.
    read_to_close(&mut idle[0]).await;
    read_to_close(&mut idle[1]).await;
    trickle.abort();
}

/// The client preface of HTTP/2 with prior knowledge and an empty SETTINGS frame.
const H2_HELLO: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0";

/// A connection that stays idle: half of them HTTP/2 that said hello, half silent.
async fn idle_connection(env: &Env, n: usize) -> TcpStream {
    let mut stream = connect(env).await;
    if n.is_multiple_of(2) {
        stream.write_all(H2_HELLO).await.unwrap();
    }
    stream
}

/// A connection with a request whose body has only begun (1 of 64 bytes).
async fn slow_request(env: &Env) -> TcpStream {
    let mut stream = connect(env).await;
    let head = format!(
        "POST /v4/im_open_login_svc/account_check?{} HTTP/1.1\r\nHost: x\r\nContent-Length: 64\r\n\r\n{{",
        env.signed_query()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
}

/// Sends one more body byte a second on each stream, `seconds` times (a write that fails is
/// a connection the server closed).
async fn trickle(mut streams: Vec<TcpStream>, seconds: u32) {
    for _ in 0..seconds {
        tokio::time::sleep(Duration::from_secs(1)).await;
        for stream in &mut streams {
            let _ = stream.write_all(b" ").await;
        }
    }
}

/// A signed `account_check` on a connection of its own; what came back.
async fn answer_on_a_new_connection(env: &Env) -> Vec<u8> {
    let body = r#"{"CheckItem":[{"UserID":"a"}]}"#;
    let request = format!(
        "POST /v4/im_open_login_svc/account_check?{} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        env.signed_query(),
        body.len()
    );
    let mut stream = connect(env).await;
    stream.write_all(request.as_bytes()).await.unwrap();
    read_to_close(&mut stream).await
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
