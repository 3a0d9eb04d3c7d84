//! `imctl emulator serve`: the URL first on stdout, serves requests, stops on SIGTERM.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{DEMO_KEY, SDKAPPID, TempDir, assert_no_panic, imctl, imctl_std, run};

/// A running `imctl emulator serve` (or `callbacks listen`) and its base URL.
pub(crate) struct Server {
    child: Child,
    pub(crate) url: String,
    /// What stdout held after the URL, once the server is gone.
    rest: std::thread::JoinHandle<String>,
}

impl Server {
    pub(crate) fn start(args: &[&str]) -> Server {
        let mut child = imctl_std()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("imctl starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let rest = std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            let mut rest = String::new();
            let _ = reader.read_to_string(&mut rest);
            rest
        });
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the URL within 20 s");
        assert!(line.ends_with('\n'), "{line:?}");
        let url = line.trim_end().to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        Server { child, url, rest }
    }

    pub(crate) fn client(&self) -> assert_cmd::Command {
        let mut cmd = imctl();
        cmd.env("IM_SECRET_KEY", DEMO_KEY)
            .env("IM_SDKAPPID", SDKAPPID)
            .args(["--endpoint", &self.url]);
        cmd
    }

    /// Waits (at most 20 s) for the process to exit by itself; its exit code, what stdout held
    /// after the URL, and stderr.
    pub(crate) fn wait(mut self) -> (Option<i32>, String, String) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let code = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the process did not exit within 20 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut stderr = String::new();
        let _ = self
            .child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr);
        let rest = self.rest.join().unwrap();
        assert_no_panic(&rest, &stderr);
        (code, rest, stderr)
    }

    /// Sends SIGTERM and returns the exit code and stderr.
    pub(crate) fn terminate(mut self) -> (Option<i32>, String) {
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(15);
        let code = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not stop on SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut stderr = String::new();
        let _ = self
            .child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr);
        let rest = self.rest.join().unwrap();
        assert_no_panic(&rest, &stderr);
        assert_eq!(rest, "", "nothing on stdout after the URL");
        (code, stderr)
    }
}

#[test]
fn serve_prints_the_url_serves_and_stops_on_sigterm() {
    let server = Server::start(&["emulator", "serve", "--seed", "7"]);
    let out = run(server.client().args(["accounts", "import", "alice", "bob"]));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(server
        .client()
        .args(["accounts", "check", "alice", "carol"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("alice: Imported"), "{out:?}");
    assert!(out.stdout.contains("carol: NotImported"), "{out:?}");
    let (code, stderr) = server.terminate();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("emulator serving at http://127.0.0.1:"),
        "{stderr}"
    );
    assert!(!stderr.contains(DEMO_KEY), "{stderr}");
}

#[test]
fn serve_uses_the_global_credentials_and_its_settings() {
    let dir = TempDir::new("serve");
    let key = dir.write("key", "serve-test-key\n");
    let server = Server::start(&[
        "--sdkappid",
        "1400000042",
        "--secret-key-file",
        key.to_str().unwrap(),
        "--admin",
        "boss",
        "--admin",
        "ops",
        "--quiet",
        "emulator",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--rate-limit",
        "off",
        "--account-cap",
        "2",
        "--latency-ms",
        "1",
        "--jitter-ms",
        "1",
    ]);
    let client = || {
        let mut cmd = imctl();
        cmd.args([
            "--endpoint",
            &server.url,
            "--sdkappid",
            "1400000042",
            "--secret-key-file",
        ])
        .arg(&key);
        cmd
    };
    // The second admin works; the account cap applies (70398 for the third).
    let out = run(client().args(["--admin", "ops", "accounts", "import", "a", "b", "c"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("2 succeeded, 1 failed"), "{out:?}");
    assert!(out.stdout.contains("70398"), "{out:?}");
    // The demo key and the default SDKAppID are refused.
    let out = run(server.client().args(["accounts", "check", "a"]));
    assert_eq!(out.code, 3, "{out:?}");
    let (code, stderr) = server.terminate();
    assert_eq!(code, Some(0));
    assert_eq!(stderr, "", "--quiet");
}

#[test]
fn serve_injects_the_faults_it_is_asked_for() {
    let server = Server::start(&[
        "emulator",
        "serve",
        "--fault-rate",
        "1",
        "--faults",
        "70500",
        "--rate-limit",
        "multiaccount_import=off,account_check=50",
    ]);
    let out = run(server
        .client()
        .args(["accounts", "import", "x", "--max-attempts", "2"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("70500"), "{out:?}");
    let (code, _) = server.terminate();
    assert_eq!(code, Some(0));
}

#[test]
fn serve_applies_the_edition_and_connection_settings() {
    let server = Server::start(&[
        "emulator",
        "serve",
        "--deletion-disabled",
        "--max-connections",
        "4",
        "--header-timeout-ms",
        "200",
        "--idle-timeout-ms",
        "300",
        "--body-timeout-ms",
        "300",
    ]);
    let out = run(server.client().args(["accounts", "import", "a"]));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(server.client().args(["accounts", "delete", "a"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("71000"), "{out:?}");
    // A connection that sends nothing is closed after the header timeout.
    let addr = server.url.trim_start_matches("http://");
    let mut silent = std::net::TcpStream::connect(addr).unwrap();
    silent
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut seen = Vec::new();
    let read = std::io::Read::read_to_end(&mut silent, &mut seen);
    assert!(read.is_ok() && seen.is_empty(), "{read:?} {seen:?}");
    // An idle HTTP/2 connection is closed after the idle timeout, and a request whose body
    // stops coming after the body timeout.
    for hello in [
        &b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0"[..],
        b"POST /v4/im_open_login_svc/account_check HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\n{",
    ] {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        std::io::Write::write_all(&mut stream, hello).unwrap();
        let mut seen = Vec::new();
        let read = std::io::Read::read_to_end(&mut stream, &mut seen);
        assert!(read.is_ok(), "{read:?} {seen:?}");
    }
    let (code, _) = server.terminate();
    assert_eq!(code, Some(0));
}

#[test]
fn bad_serve_settings_are_exit_2() {
    for (args, named) in [
        (vec!["--fault-rate", "1.5"], "1.5"),
        (vec!["--faults", "70500,meteor"], "meteor"),
        (vec!["--rate-limit", "warp_drive=3"], "warp_drive"),
        (vec!["--rate-limit", "kick=fast"], "fast"),
        (vec!["--listen", "nowhere"], "nowhere"),
        (vec!["--max-connections", "0"], "0"),
        (vec!["--header-timeout-ms", "soon"], "soon"),
    ] {
        let out = run(imctl().args(["emulator", "serve"]).args(&args));
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(out.stderr.starts_with("imctl: error:"), "{out:?}");
        assert!(out.stderr.contains(named), "{named}: {out:?}");
        assert_eq!(out.stdout, "");
    }
}

#[test]
fn print_env_gives_export_lines_that_point_imctl_at_the_emulator() {
    let mut child = imctl_std()
        .env_remove("IM_SECRET_KEY")
        .env_remove("IM_SDKAPPID")
        .args(["--quiet", "emulator", "serve", "--print-env"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("imctl starts");
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut vars = Vec::new();
    for _ in 0..4 {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let assignment = line.trim().strip_prefix("export ").expect(&line).to_owned();
        let (name, value) = assignment.split_once('=').unwrap();
        vars.push((name.to_owned(), value.trim_matches('\'').to_owned()));
    }
    let names: Vec<&str> = vars.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["IM_ENDPOINT", "IM_SDKAPPID", "IM_ADMIN", "IM_SECRET_KEY"]
    );
    let mut cmd = imctl();
    for (name, value) in &vars {
        cmd.env(name, value);
    }
    let out = run(cmd.args(["accounts", "import", "from_env"]));
    assert_eq!(out.code, 0, "{out:?}");
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn serve_with_json_announces_a_json_object() {
    let mut child = imctl_std()
        .args([
            "--json",
            "--admin",
            "ops",
            "emulator",
            "serve",
            "--listen",
            "127.0.0.1:0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("imctl starts");
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the announcement within 20 s");
    let _ = child.kill();
    let _ = child.wait();
    let json: serde_json::Value = serde_json::from_str(&line).expect("one JSON object");
    assert!(
        json["url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:"),
        "{json}"
    );
    assert_eq!(json["sdkappid"].to_string(), SDKAPPID);
    assert_eq!(json["admin"], "ops");
    assert_eq!(json["demo_key"], true);
    assert!(!line.contains(DEMO_KEY), "the key is not printed");
}

#[test]
fn serve_models_the_edition_and_the_quotas_it_is_given() {
    let server = Server::start(&[
        "emulator",
        "serve",
        "--edition",
        "trial",
        "--quota",
        "sendmsg=0/day,batchsendmsg=off/minute",
    ]);
    let out = run(server.client().args(["accounts", "import", "a", "b"]));
    assert_eq!(out.code, 0, "{out:?}");
    let message = r#"{"From_Account": "a", "To_Account": "b", "MsgRandom": 1, "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]}"#;
    // A quota of 0 a day refuses every send; batchsendmsg's quota is off.
    let out = run(server
        .client()
        .args(["--json", "api", "sendmsg", "--body", message]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("60007"), "{out:?}");
    let batch = r#"{"From_Account": "a", "To_Account": ["b"], "MsgRandom": 1, "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]}"#;
    let out = run(server
        .client()
        .args(["--json", "api", "batchsendmsg", "--body", batch]));
    assert_eq!(out.code, 0, "{out:?}");
    // A trial app has no message extensions.
    let keys = r#"{"To_Account": "b", "MsgKey": "1_1_1"}"#;
    let out = run(server
        .client()
        .args(["--json", "api", "get_key_values", "--body", keys]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("10008"), "{out:?}");
    let out = run(imctl().args(["emulator", "serve", "--edition", "gold"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("gold"), "{out:?}");
    let (code, _) = server.terminate();
    assert_eq!(code, Some(0));
}
