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
pub(crate) fn post(url: &str, path_and_query: &str, body: &str) -> (u16, String) {
    http("POST", url, path_and_query, body)
}

/// Sends `method` `path_and_query` with `body` to `url` over a fresh connection; the status
/// code and the response text.
fn http(method: &str, url: &str, path_and_query: &str, body: &str) -> (u16, String) {
    let addr = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let request = format!(
        "{method} {path_and_query} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
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
        "2",
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
    // A kick ends a login: a simulated iPhone logs alice in first.
    let login = r#"{"Platform":"iOS","ClientIP":"203.0.113.9"}"#;
    let (status, answer) = post(&emulator.url, "/_emulator/clients/alice/login", login);
    assert_eq!(status, 200, "{answer}");
    let out = run(emulator.client().args(["accounts", "kick", "alice"]));
    assert_eq!(out.code, 0, "{out:?}");

    let (code, rest, stderr) = listen.wait();
    assert_eq!(code, Some(0), "{stderr}");
    let lines: Vec<Value> = rest
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{rest}");
    assert_eq!(lines[0]["Info"]["Action"], "Login");
    assert_eq!(lines[1]["CallbackCommand"], "State.StateChange");
    assert_eq!(lines[1]["Info"]["Action"], "Logout");
    assert_eq!(lines[1]["Info"]["Reason"], "Unregister");
    assert_eq!(lines[1]["Info"]["To_Account"], "alice");
    assert!(
        stderr.contains("2 events printed, 0 requests rejected"),
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

/// POSTs `body` over a fresh connection and waits at most `patience` for the answer: whether
/// it was an OK reply (HTTP 200 with `"ErrorCode":0`), or `None` when the connection failed or
/// closed without an answer.
fn try_post(url: &str, path_and_query: &str, body: &str, patience: Duration) -> Option<bool> {
    let addr = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(patience)).ok()?;
    let request = format!(
        "POST {path_and_query} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    let answer = String::from_utf8_lossy(&answer);
    (!answer.is_empty())
        .then(|| answer.starts_with("HTTP/1.1 200") && answer.contains(r#""ErrorCode":0"#))
}

/// The first line of `stdout`, read a byte at a time: nothing after it is read.
fn first_line(stdout: &mut impl Read) -> String {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while stdout.read_exact(&mut byte).is_ok() && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    String::from_utf8(line).unwrap()
}

/// Sends SIGTERM to `child` and waits for it to exit: its exit code. It must exit within 10 s
/// (a failure bound, not a speed goal).
fn terminate(child: &mut std::process::Child) -> Option<i32> {
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("callbacks listen ignored SIGTERM while its stdout was blocked");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn listen_stops_on_sigterm_while_its_stdout_is_blocked() {
    use std::process::Stdio;
    let dir = TempDir::new("callbacks-blocked");
    let token = dir.write("token", "blocked-stdout-token");
    let mut child = crate::support::imctl_std()
        .args([
            "--sdkappid",
            SDKAPPID,
            "callbacks",
            "listen",
            "--token-file",
        ])
        .arg(&token)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("imctl starts");
    let mut stderr = child.stderr.take().unwrap();
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    // The URL, read a byte at a time; nothing after it is ever read (the pipe stays open).
    let mut stdout = child.stdout.take().unwrap();
    let url = first_line(&mut stdout);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    // 64 events of 16 KiB each, 1 MiB in all: more than a pipe holds. Each is answered only
    // once it is on stdout, so the answers stop when the pipe is full.
    let body = format!(
        r#"{{"CallbackCommand":"Test.Padding","Pad":"{}"}}"#,
        "x".repeat(16 * 1024)
    );
    let query = format!(
        "/cb?SdkAppid={SDKAPPID}&CallbackCommand=Test.Padding&contenttype=json&Sign={}&RequestTime={}",
        sign(&Token::new("blocked-stdout-token"), unix_now()),
        unix_now()
    );
    let (answered, answers) = std::sync::mpsc::channel();
    for _ in 0..64 {
        let (url, query, body, answered) =
            (url.clone(), query.clone(), body.clone(), answered.clone());
        std::thread::spawn(move || {
            let status = try_post(&url, &query, &body, Duration::from_secs(60));
            let _ = answered.send(status);
        });
    }
    // Until no answer has come for two seconds.
    let mut before_stop = 0;
    while let Ok(status) = answers.recv_timeout(Duration::from_secs(2)) {
        assert_eq!(status, Some(true));
        before_stop += 1;
    }
    assert!(before_stop < 64, "stdout never filled up");

    let code = terminate(&mut child);
    let stderr = stderr.join().unwrap();
    assert_eq!(code, Some(143), "{stderr}");
    assert!(stderr.contains("stopped: "), "{stderr}");
    // The callbacks still waiting were answered as failures (or their connection closed),
    // never OK: they were not printed.
    for _ in before_stop..64 {
        let status = answers
            .recv_timeout(Duration::from_secs(20))
            .expect("every sender hears back");
        assert_ne!(status, Some(true));
    }
    drop(stdout);
}

#[test]
fn listen_answers_while_idle_and_slow_clients_hold_connections() {
    // This process and listen (which inherits the limit) hold over 1,024 files each.
    let needed = 4096;
    let got = rlimit::increase_nofile_limit(needed).expect("the open-file limit can be read");
    assert!(
        got >= needed,
        "this test holds {needed} files open; the hard limit is {got}"
    );
    let dir = TempDir::new("callbacks-flood");
    let token = dir.write("token", "flood-token");
    let listen = Server::start(&[
        "--sdkappid",
        SDKAPPID,
        "callbacks",
        "listen",
        "--token-file",
        token.to_str().unwrap(),
        "--count",
        "3",
    ]);
    let addr: std::net::SocketAddr = listen.url.trim_start_matches("http://").parse().unwrap();
    let connect = || {
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(20))
            .expect("listen accepts connections");
        stream
            .set_write_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        stream
    };
    // 1,100 idle connections (more than the cap): HTTP/2 that said hello, then nothing.
    let mut idle = Vec::new();
    for n in 0..1100 {
        let mut stream = connect();
        stream
            .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0")
            .unwrap();
        if n % 50 == 49 {
            // Paced: once listen answers this one's hello (its SETTINGS), it has accepted the
            // ones before. Connecting faster than it accepts overflows the listen backlog,
            // and the kernel tries again only a second later.
            stream
                .set_read_timeout(Some(Duration::from_secs(20)))
                .unwrap();
            let mut settings = [0u8; 9];
            stream
                .read_exact(&mut settings)
                .expect("listen answers HTTP/2");
        }
        idle.push(stream);
    }
    // 100 requests whose body has only begun.
    let mut slow = Vec::new();
    for _ in 0..100 {
        let mut stream = connect();
        stream
            .write_all(b"POST /cb HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
            .unwrap();
        slow.push(stream);
    }
    let body = r#"{"CallbackCommand":"State.StateChange","EventTime":1,"Info":{"Action":"Login","To_Account":"alice","Reason":"Register"}}"#;
    for _ in 0..3 {
        let now = unix_now();
        let query = format!(
            "/cb?SdkAppid={SDKAPPID}&CallbackCommand=State.StateChange&contenttype=json&Sign={}&RequestTime={now}",
            sign(&Token::new("flood-token"), now)
        );
        let answer = try_post(&listen.url, &query, body, Duration::from_secs(20));
        assert_eq!(answer, Some(true), "a normal callback was not answered");
    }
    let (code, rest, stderr) = listen.wait();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(rest.lines().count(), 3, "{rest}");
    drop((idle, slow));
}

/// A signed callback URL for `command` at `now`.
fn signed(token: &str, command: &str, now: u64) -> String {
    format!(
        "/im/callback?SdkAppid={SDKAPPID}&CallbackCommand={command}&contenttype=json&ClientIP=10.1.2.3&OptPlatform=iOS&Sign={}&RequestTime={now}",
        sign(&Token::new(token), now)
    )
}

/// The JSON reply of an HTTP answer.
fn reply_of(answer: &str) -> Value {
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {answer}"))
}

/// The answers of `answer_gives_each_command_the_reply_its_file_says`.
const ANSWERS: &str = r#"
["C2C.CallbackBeforeSendMsg"]
answer = "deny"
code = 120050
info = "links are not allowed"

["Group.CallbackBeforeSendMsg"]
answer = "rewrite"
body = "hello.json"
cloud_custom_data = "rewritten"

["OfficialAccount.CallbackBeforeSendMsg"]
answer = "drop"

["Sns.CallbackPrevFriendAdd"]
answer = "deny"
code = 38001
info = "no"

["State.StateChange"]
answer = "allow"
sleep_ms = 300
"#;

#[test]
fn answer_gives_each_command_the_reply_its_file_says() {
    let dir = TempDir::new("callbacks-answer");
    let token = dir.write("token", "answer-token");
    dir.write(
        "hello.json",
        r#"[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hello"}}]"#,
    );
    let answers = dir.write("answers.toml", ANSWERS);
    let listen = Server::start(&[
        "--sdkappid",
        SDKAPPID,
        "callbacks",
        "listen",
        "--token-file",
        token.to_str().unwrap(),
        "--answer",
        answers.to_str().unwrap(),
        "--count",
        "6",
    ]);
    let now = unix_now();
    let post_signed = |command: &str, body: &str| {
        let (status, answer) = post(&listen.url, &signed("answer-token", command, now), body);
        assert_eq!(status, 200, "{answer}");
        reply_of(&answer)
    };
    let c2c = r#"{"CallbackCommand":"C2C.CallbackBeforeSendMsg","From_Account":"a","To_Account":"b","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"see http://x"}}]}"#;
    assert_eq!(
        post_signed("C2C.CallbackBeforeSendMsg", c2c),
        serde_json::json!({"ActionStatus":"OK","ErrorCode":120050,"ErrorInfo":"links are not allowed"})
    );
    let group = r#"{"CallbackCommand":"Group.CallbackBeforeSendMsg","GroupId":"@TGS#1","From_Account":"a","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}"#;
    assert_eq!(
        post_signed("Group.CallbackBeforeSendMsg", group),
        serde_json::json!({"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hello"}}],"CloudCustomData":"rewritten"})
    );
    let official = r#"{"CallbackCommand":"OfficialAccount.CallbackBeforeSendMsg","Official_Account":"@TOA#_1"}"#;
    assert_eq!(
        post_signed("OfficialAccount.CallbackBeforeSendMsg", official)["ErrorCode"],
        2
    );
    let friends = r#"{"CallbackCommand":"Sns.CallbackPrevFriendAdd","From_Account":"a","FriendItem":[{"To_Account":"b"},{"To_Account":"c"}]}"#;
    let reply = post_signed("Sns.CallbackPrevFriendAdd", friends);
    assert_eq!(reply["ErrorCode"], 0);
    assert_eq!(reply["ResultItem"][1]["To_Account"], "c");
    assert_eq!(reply["ResultItem"][1]["ResultCode"], 38001);
    let state = r#"{"CallbackCommand":"State.StateChange","Info":{"Action":"Login","To_Account":"alice","Reason":"Register"}}"#;
    let started = std::time::Instant::now();
    assert_eq!(post_signed("State.StateChange", state)["ErrorCode"], 0);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "sleep_ms waits"
    );
    // A command the file does not name is acknowledged.
    let full = r#"{"CallbackCommand":"Group.CallbackAfterGroupFull","GroupId":"@TGS#1"}"#;
    assert_eq!(
        post_signed("Group.CallbackAfterGroupFull", full)["ErrorCode"],
        0
    );

    let (code, rest, stderr) = listen.wait();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(rest.lines().count(), 6, "every event is printed: {rest}");
    assert!(!stderr.contains("answer-token"), "{stderr}");
}

#[test]
fn an_answer_file_the_pages_do_not_allow_is_refused_before_serving() {
    let dir = TempDir::new("callbacks-bad-answer");
    let cases = [
        (
            "[\"C2C.CallbackBeforeSendMsg\"]\nanswer = \"deny\"\ncode = 10100\n",
            "refusal code 10100 is outside the documented range [120001, 130000]",
        ),
        (
            "[\"Group.CallbackBeforeCreateGroup\"]\nanswer = \"drop\"\n",
            "Group.CallbackBeforeCreateGroup cannot be answered with drop",
        ),
        (
            "[\"C2C.CallbackBeforeSend\"]\nanswer = \"allow\"\n",
            "not a documented callback command",
        ),
    ];
    for (text, want) in cases {
        let file = dir.write("answers.toml", text);
        let out = run(crate::support::imctl()
            .args(["--sdkappid", SDKAPPID, "callbacks", "listen", "--answer"])
            .arg(&file));
        assert_eq!(out.code, 2, "{out:?}");
        assert!(
            out.stderr.contains(want) && out.stderr.contains("answers.toml"),
            "{out:?}"
        );
    }
}

/// [`http`], the answer's JSON body.
fn http_json(method: &str, url: &str, path_and_query: &str, body: &str) -> (u16, Value) {
    let (status, answer) = http(method, url, path_and_query, body);
    (status, reply_of(&answer))
}

/// `imctl callbacks listen --answer` with `answers`, and an emulator calling it back, with
/// the accounts amy and bob.
struct Flow {
    listen: Server,
    emulator: Server,
    _dir: TempDir,
}

impl Flow {
    /// Listen stops after `events` callbacks.
    fn start(name: &str, answers: &str, events: u32) -> Flow {
        let dir = TempDir::new(name);
        let token = dir.write("token", "flow-token");
        let token = token.to_str().unwrap().to_owned();
        dir.write(
            "clean.json",
            r#"[{"MsgType":"TIMTextElem","MsgContent":{"Text":"clean"}}]"#,
        );
        let answers = dir.write("answers.toml", answers);
        let listen = Server::start(&[
            "--sdkappid",
            SDKAPPID,
            "callbacks",
            "listen",
            "--token-file",
            &token,
            "--answer",
            answers.to_str().unwrap(),
            "--count",
            &events.to_string(),
        ]);
        let callback_url = format!("{}/im/callback", listen.url);
        let emulator = Server::start(&[
            "emulator",
            "serve",
            "--callback-url",
            &callback_url,
            "--callback-token-file",
            &token,
        ]);
        for user in ["amy", "bob"] {
            let out = run(emulator.client().args(["accounts", "import", user]));
            assert_eq!(out.code, 0, "{out:?}");
        }
        Flow {
            listen,
            emulator,
            _dir: dir,
        }
    }

    /// Calls `api` (`service/command`) with `body` through `imctl api`; the answer.
    fn call(&self, api: &str, body: Value) -> Value {
        let out =
            run(self
                .emulator
                .client()
                .args(["--json", "api", api, "--body", &body.to_string()]));
        let line = out.stdout.lines().next().unwrap_or_default();
        serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {out:?}"))
    }

    /// amy's text "hi" to bob through sendmsg; the answer.
    fn send_hi(&self, random: u32) -> Value {
        let body = serde_json::json!({"From_Account": "amy", "To_Account": "bob",
            "MsgRandom": random,
            "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]});
        self.call("openim/sendmsg", body)
    }

    /// The texts stored from amy to bob.
    fn stored(&self) -> Vec<String> {
        let path = "/_emulator/messages?between=amy,bob";
        let (status, view) = http_json("GET", &self.emulator.url, path, "");
        assert_eq!(status, 200, "{view}");
        view["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                m["MsgBody"][0]["MsgContent"]["Text"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    }

    /// The emulator's callback statistics.
    fn callback_stats(&self) -> Value {
        let (status, stats) = http_json("GET", &self.emulator.url, "/_emulator/stats", "");
        assert_eq!(status, 200, "{stats}");
        stats["callbacks"].clone()
    }

    /// Waits for listen's last event, stops the emulator; the commands listen printed.
    fn stop(self) -> Vec<String> {
        let (code, rest, stderr) = self.listen.wait();
        assert_eq!(code, Some(0), "{stderr}");
        assert!(!stderr.contains("flow-token"), "{stderr}");
        let (code, _) = self.emulator.terminate();
        assert_eq!(code, Some(0));
        rest.lines()
            .map(|l| {
                let event: Value = serde_json::from_str(l).unwrap();
                event["CallbackCommand"].as_str().unwrap().to_owned()
            })
            .collect()
    }
}

#[test]
fn a_denied_c2c_send_answers_the_apps_code_and_stores_nothing() {
    let flow = Flow::start(
        "flow-deny",
        "[\"C2C.CallbackBeforeSendMsg\"]\nanswer = \"deny\"\ncode = 120050\ninfo = \"no links\"\n",
        1,
    );
    let answer = flow.send_hi(1);
    assert_eq!(answer["ErrorCode"], 120_050, "{answer}");
    assert_eq!(answer["ErrorInfo"], "no links");
    assert!(flow.stored().is_empty());
    assert_eq!(
        flow.stop(),
        ["C2C.CallbackBeforeSendMsg"],
        "no after callback"
    );
}

#[test]
fn a_dropped_c2c_send_answers_success_and_stores_nothing() {
    let flow = Flow::start(
        "flow-drop",
        "[\"C2C.CallbackBeforeSendMsg\"]\nanswer = \"drop\"\n",
        1,
    );
    let answer = flow.send_hi(2);
    assert_eq!(answer["ErrorCode"], 0, "{answer}");
    assert!(answer["MsgKey"].is_string(), "{answer}");
    assert!(flow.stored().is_empty());
    assert_eq!(
        flow.stop(),
        ["C2C.CallbackBeforeSendMsg"],
        "no after callback"
    );
}

#[test]
fn a_rewritten_c2c_send_stores_the_apps_body() {
    let flow = Flow::start(
        "flow-rewrite",
        "[\"C2C.CallbackBeforeSendMsg\"]\nanswer = \"rewrite\"\nbody = \"clean.json\"\n",
        2,
    );
    let answer = flow.send_hi(3);
    assert_eq!(answer["ErrorCode"], 0, "{answer}");
    assert_eq!(flow.stored(), ["clean"]);
    let printed = flow.stop();
    assert_eq!(
        printed,
        ["C2C.CallbackBeforeSendMsg", "C2C.CallbackAfterSendMsg"]
    );
}

#[test]
fn a_receiver_slower_than_the_budget_delivers_by_default_and_blocks_when_set() {
    let flow = Flow::start(
        "flow-slow",
        "[\"C2C.CallbackBeforeSendMsg\"]\nanswer = \"allow\"\nsleep_ms = 3000\n",
        4,
    );
    let answer = flow.send_hi(4);
    assert_eq!(answer["ErrorCode"], 0, "{answer}");
    assert_eq!(
        flow.stored(),
        ["hi"],
        "delivered once the 2 s budget ran out"
    );
    let stats = flow.callback_stats();
    assert!(stats["timed_out"].as_u64() >= Some(1), "{stats}");

    let block = r#"{"on_failure":"block"}"#;
    let (status, settings) = http_json("POST", &flow.emulator.url, "/_emulator/callbacks", block);
    assert_eq!(
        (status, &settings["on_failure"]),
        (200, &Value::from("block"))
    );
    let answer = flow.send_hi(5);
    assert_eq!(answer["ErrorCode"], 80_003, "{answer}");
    assert_eq!(flow.stored(), ["hi"], "nothing more stored");
    // A last event, so that listen stops after it (not while it sleeps on the third): amy
    // logs in (a kick of an account that was not online sends nothing).
    let login = r#"{"Platform":"Web"}"#;
    let (status, _) = http_json(
        "POST",
        &flow.emulator.url,
        "/_emulator/clients/amy/login",
        login,
    );
    assert_eq!(status, 200);
    let printed = flow.stop();
    assert_eq!(printed.len(), 4, "{printed:?}");
    assert_eq!(printed[3], "State.StateChange");
}

/// A group's answers: creating one named "closed" is refused, sending is rewritten.
const GROUP_ANSWERS: &str = r#"
["Group.CallbackBeforeCreateGroup"]
answer = "deny"
code = 10150
info = "no more groups"

["Group.CallbackBeforeSendMsg"]
answer = "rewrite"
body = "clean.json"
"#;

#[test]
fn group_creation_and_sends_do_what_the_app_answers() {
    let flow = Flow::start("flow-group", GROUP_ANSWERS, 3);
    let create = serde_json::json!({"Type": "Public", "Name": "club", "Owner_Account": "amy"});
    let answer = flow.call("group_open_http_svc/create_group", create);
    assert_eq!(answer["ErrorCode"], 10_150, "{answer}");
    assert_eq!(answer["ErrorInfo"], "no more groups");
    let (_, groups) = http_json("GET", &flow.emulator.url, "/_emulator/groups", "");
    assert_eq!(groups["count"], 0, "{groups}");
    // A group imported (no callback) takes messages the app rewrites.
    let import = serde_json::json!({"Type": "Public", "Name": "club", "Owner_Account": "amy",
        "GroupId": "club1"});
    let answer = flow.call("group_open_http_svc/import_group", import);
    assert_eq!(answer["ErrorCode"], 0, "{answer}");
    let send = serde_json::json!({"GroupId": "club1", "From_Account": "amy", "Random": 1,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]});
    let answer = flow.call("group_open_http_svc/send_group_msg", send);
    assert_eq!(answer["ErrorCode"], 0, "{answer}");
    let read = serde_json::json!({"GroupId": "club1", "ReqMsgNumber": 1});
    let history = flow.call("group_open_http_svc/group_msg_get_simple", read);
    let text = &history["RspMsgList"][0]["MsgBody"][0]["MsgContent"]["Text"];
    assert_eq!(text, "clean", "{history}");
    let mut printed = flow.stop();
    printed.sort();
    assert_eq!(
        printed,
        [
            "Group.CallbackAfterSendMsg",
            "Group.CallbackBeforeCreateGroup",
            "Group.CallbackBeforeSendMsg"
        ]
    );
}

/// `callbacks listen` (its extra arguments) and `emulator serve` sending to it, with a token.
fn listen_and_emulator(dir: &TempDir, extra: &[&str]) -> (Server, Server) {
    listen_and_emulator_with(dir, extra, &[])
}

/// [`listen_and_emulator`], `emulator serve` with its own extra arguments `serve`.
fn listen_and_emulator_with(dir: &TempDir, extra: &[&str], serve: &[&str]) -> (Server, Server) {
    let token = dir.write("token", "clients-token\n");
    let token = token.to_str().unwrap();
    let mut args = vec![
        "--sdkappid",
        SDKAPPID,
        "callbacks",
        "listen",
        "--token-file",
        token,
    ];
    args.extend_from_slice(extra);
    let listen = Server::start(&args);
    let callback_url = format!("{}/cb", listen.url);
    let mut args = vec![
        "emulator",
        "serve",
        "--callback-url",
        &callback_url,
        "--callback-token-file",
        token,
    ];
    args.extend_from_slice(serve);
    let emulator = Server::start(&args);
    (listen, emulator)
}

/// The printed events, as JSON.
fn printed(listen: Server) -> Vec<Value> {
    let (code, rest, stderr) = listen.wait();
    assert_eq!(code, Some(0), "{stderr}");
    rest.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_simulated_iphone_login_arrives_with_its_client_ip_and_platform() {
    let dir = TempDir::new("callbacks-iphone");
    let (listen, emulator) = listen_and_emulator(&dir, &["--origin", "--count", "2"]);
    let out = run(emulator.client().args(["accounts", "import", "alice"]));
    assert_eq!(out.code, 0, "{out:?}");
    for ip in ["203.0.113.9", "203.0.113.10"] {
        let login = format!(r#"{{"Platform":"iOS","ClientIP":"{ip}"}}"#);
        let (status, answer) = post(&emulator.url, "/_emulator/clients/alice/login", &login);
        assert_eq!(status, 200, "{answer}");
    }
    let lines = printed(listen);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["Info"]["Action"], "Login");
    assert_eq!(lines[0]["Info"]["To_Account"], "alice");
    assert_eq!(lines[0]["ClientIP"], "203.0.113.9");
    assert_eq!(lines[0]["OptPlatform"], "iOS");
    // The second iPhone pushed the first out, named as the page spells it.
    assert_eq!(lines[1]["ClientIP"], "203.0.113.10");
    assert_eq!(
        lines[1]["KickedDevice"],
        serde_json::json!([{"Platform": "IOS"}])
    );
    emulator.terminate();
}

#[test]
fn a_clients_friend_request_is_answered_per_account_from_the_answer_file() {
    let dir = TempDir::new("callbacks-friends");
    let answers = dir.write(
        "answers.toml",
        "[\"Sns.CallbackPrevFriendAdd\"]\nanswer = \"deny\"\ncode = 38001\naccounts = [\"bob\"]\ninfo = \"not bob\"\n",
    );
    let answers = answers.to_str().unwrap();
    let (listen, emulator) = listen_and_emulator(&dir, &["--answer", answers, "--count", "5"]);
    for user in ["alice", "bob", "carol"] {
        let out = run(emulator.client().args(["accounts", "import", user]));
        assert_eq!(out.code, 0, "{out:?}");
    }
    for user in ["bob", "carol"] {
        let allow = format!(
            r#"{{"From_Account":"{user}","ProfileItem":[{{"Tag":"Tag_Profile_IM_AllowType","Value":"AllowType_Type_AllowAny"}}]}}"#
        );
        let out = run(emulator
            .client()
            .args(["api", "profile/portrait_set", "--body", &allow]));
        assert_eq!(out.code, 0, "{out:?}");
    }
    let (status, answer) = post(
        &emulator.url,
        "/_emulator/clients/alice/login",
        r#"{"Platform":"Android","ClientIP":"198.51.100.7"}"#,
    );
    assert_eq!(status, 200, "{answer}");
    let request = r#"{"AddFriendItem":[{"To_Account":"bob","AddSource":"AddSource_Type_Android"},{"To_Account":"carol","AddSource":"AddSource_Type_Android"}]}"#;
    let (status, answer) = post(
        &emulator.url,
        "/_emulator/clients/alice/friend_request",
        request,
    );
    assert_eq!(status, 200, "{answer}");
    let body: Value = serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(body["ResultItem"][0]["To_Account"], "bob");
    assert_eq!(body["ResultItem"][0]["ResultCode"], 38001, "{body}");
    assert_eq!(body["ResultItem"][0]["ResultInfo"], "not bob");
    assert_eq!(body["ResultItem"][1]["ResultCode"], 0, "{body}");
    let (_, friends) = http_json("GET", &emulator.url, "/_emulator/relations?user=alice", "");
    assert_eq!(
        friends["friends"],
        serde_json::json!(["carol"]),
        "{friends}"
    );

    let commands: Vec<Value> = printed(listen)
        .into_iter()
        .map(|line| line["CallbackCommand"].clone())
        .collect();
    assert_eq!(
        commands,
        [
            "Profile.CallbackPortraitSet",
            "Profile.CallbackPortraitSet",
            "State.StateChange",
            "Sns.CallbackPrevFriendAdd",
            "Sns.CallbackFriendAdd"
        ]
    );
    emulator.terminate();
}

/// A topic's creation refused by the app, then allowed.
const TOPIC_ANSWERS: &str = r#"
["Group.CallbackBeforeCreateTopic"]
answer = "deny"
code = 10160
info = "no topics today"
"#;

#[test]
fn a_topic_the_app_refuses_is_not_created() {
    let flow = Flow::start("flow-topic", TOPIC_ANSWERS, 3);
    let create = serde_json::json!({"Type": "Community", "Name": "town", "Owner_Account": "amy",
        "GroupId": "@TGS#_town", "SupportTopic": 1});
    let answer = flow.call("group_open_http_svc/import_group", create);
    assert_eq!(answer["ErrorCode"], 0, "{answer}");
    let topic = serde_json::json!({"GroupId": "@TGS#_town", "TopicName": "news"});
    let answer = flow.call("million_group_open_http_svc/create_topic", topic.clone());
    assert_eq!(answer["ErrorCode"], 10_160, "{answer}");
    assert_eq!(answer["ErrorInfo"], "no topics today");
    let list = serde_json::json!({"GroupId": "@TGS#_town", "From_Account": "amy"});
    let listed = flow.call("million_group_open_http_svc/get_topic", list);
    let count = listed["TopicAndSelfInfo"].as_array().map_or(0, Vec::len);
    assert_eq!(count, 0, "{listed}");
    // A topic renamed and destroyed: their after callbacks reach listen too.
    let destroy =
        serde_json::json!({"GroupId": "@TGS#_town", "TopicIdList": ["@TGS#_town@TOPIC#_x"]});
    flow.call("million_group_open_http_svc/destroy_topic", destroy);
    let import = serde_json::json!({"GroupId": "@TGS#_town", "TopicId": "@TGS#_town@TOPIC#_x",
        "TopicName": "x"});
    let answer = flow.call("million_group_open_http_svc/import_topic", import);
    assert_eq!(answer["ErrorCode"], 0, "{answer}");
    let rename = serde_json::json!({"GroupId": "@TGS#_town", "TopicId": "@TGS#_town@TOPIC#_x",
        "TopicName": "y"});
    assert_eq!(
        flow.call("million_group_open_http_svc/modify_topic", rename)["ErrorCode"],
        0
    );
    let destroy =
        serde_json::json!({"GroupId": "@TGS#_town", "TopicIdList": ["@TGS#_town@TOPIC#_x"]});
    assert_eq!(
        flow.call("million_group_open_http_svc/destroy_topic", destroy)["ErrorCode"],
        0
    );
    assert_eq!(
        flow.stop(),
        [
            "Group.CallbackBeforeCreateTopic",
            "Group.CallbackAfterTopicInfoChanged",
            "Group.CallbackAfterTopicDestroyed"
        ]
    );
}

#[test]
fn serve_sends_the_daily_group_quota_alarm_and_refuses_an_empty_queue() {
    let dir = TempDir::new("callbacks-quota");
    let (listen, emulator) = listen_and_emulator_with(
        &dir,
        &["--count", "3"],
        &["--daily-group-quota", "1", "--callback-queue", "5"],
    );
    let create = r#"{"Type": "Public", "Name": "g"}"#;
    let out =
        run(emulator
            .client()
            .args(["api", "group_open_http_svc/create_group", "--body", create]));
    assert_eq!(out.code, 0, "{out:?}");
    let lines = printed(listen);
    let commands: Vec<&Value> = lines.iter().map(|l| &l["CallbackCommand"]).collect();
    assert_eq!(
        commands,
        [
            "Group.CallbackBeforeCreateGroup",
            "Group.CallbackAfterCreateGroup",
            "Group.CallbackOnDailyGroupQuotaAlarm"
        ]
    );
    assert_eq!(
        (lines[2]["QuotaUsed"].as_u64(), lines[2]["Quota"].as_u64()),
        (Some(1), Some(1))
    );
    let (status, stats) = http_json("GET", &emulator.url, "/_emulator/stats", "");
    assert_eq!(
        (status, &stats["callbacks"]["dropped"]),
        (200, &Value::from(0))
    );
    emulator.terminate();

    let refused = run(crate::support::imctl().args([
        "emulator",
        "serve",
        "--callback-url",
        "http://127.0.0.1:9/cb",
        "--callback-queue",
        "0",
    ]));
    assert_eq!(refused.code, 2, "{refused:?}");
    assert!(refused.stderr.contains("--callback-queue"), "{refused:?}");
}
