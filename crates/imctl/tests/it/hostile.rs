//! Hostile servers and inputs: what they send never reaches the terminal raw; oversized
//! files are refused.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use crate::support::{TempDir, TestEmulator, imctl, run};

/// A server on 127.0.0.1 answering every request with HTTP 200 and `body`.
fn canned_server(body: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut stream = stream;
                loop {
                    let mut length = 0usize;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                        let lower = line.to_ascii_lowercase();
                        if let Some(v) = lower.strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap_or(0);
                        }
                    }
                    let mut request_body = vec![0; length];
                    if reader.read_exact(&mut request_body).is_err() {
                        return;
                    }
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                        body.len()
                    );
                    if stream.write_all(head.as_bytes()).is_err()
                        || stream.write_all(body.as_bytes()).is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    url
}

fn client(url: &str) -> assert_cmd::Command {
    let mut cmd = imctl();
    cmd.args(["--endpoint", url, "--sdkappid", "1400000000"])
        .env("IM_SECRET_KEY", crate::support::DEMO_KEY);
    cmd
}

/// No ESC, BEL, CR or other control character but the line breaks.
fn assert_clean(text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| c.is_control() && c != '\n')
        .collect();
    assert!(bad.is_empty(), "control characters {bad:?} in {text:?}");
}

const FORGED: &str = r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[{"UserID":"a","ResultCode":70107,"ResultInfo":"\u001b]0;pwned\u0007\r\nb: Imported\u001b[2K","AccountStatus":""}]}"#;

const FORGED_ENVELOPE: &str = r#"{"ActionStatus":"FAIL","ErrorCode":70402,"ErrorInfo":"bad \u001b[31mred\u001b[0m\rinfo\u009b1m\u202e"}"#;

#[test]
fn server_text_is_escaped_in_human_output() {
    let url = canned_server(FORGED);
    let out = run(client(&url).args(["accounts", "check", "a"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert_clean(&out.stdout);
    assert_clean(&out.stderr);
    assert!(
        out.stdout
            .contains("\\u{1b}]0;pwned\\u{7}\\r\\nb: Imported"),
        "{out:?}"
    );
    assert!(!out.stdout.lines().any(|l| l.starts_with("b: ")), "{out:?}");
    // --json keeps the text exactly, escaped by JSON.
    let out = run(client(&url).args(["--json", "accounts", "check", "a"]));
    let lines = out.json();
    assert!(
        lines[0]["error"]
            .as_str()
            .unwrap()
            .contains("\u{1b}]0;pwned\u{7}\r\nb: Imported"),
        "{out:?}"
    );

    let url = canned_server(FORGED_ENVELOPE);
    let out = run(client(&url).args(["accounts", "import", "a", "b"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert_clean(&out.stdout);
    assert!(
        !out.stdout.contains('\u{9b}') && !out.stdout.contains('\u{202e}'),
        "{out:?}"
    );
    assert!(out.stdout.contains("\\u{9b}1m\\u{202e}"), "{out:?}");
}

/// No character a terminal acts on (controls but the line break, DEL, C1, bidi overrides),
/// raw.
fn assert_terminal_safe(text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(bad.is_empty(), "raw {bad:?} in {text:?}");
}

#[test]
fn server_and_input_text_is_escaped_in_json_output_too() {
    // The server's C1 and bidi characters, JSON-escaped in --json output.
    let url = canned_server(FORGED_ENVELOPE);
    let out = run(client(&url).args(["--json", "accounts", "import", "a", "b"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert_terminal_safe(&out.stdout);
    assert!(out.stdout.contains("\\u009b1m\\u202e"), "{out:?}");
    let lines = out.json();
    assert!(
        lines[0]["error"]
            .as_str()
            .unwrap()
            .contains("\u{9b}1m\u{202e}"),
        "a JSON reader gets the server's text exactly: {out:?}"
    );

    // An input's bidi override and a profile's DEL and C1, from the emulator.
    let emu = TestEmulator::start();
    emu.emulator().insert_account(
        im_emulator::Account::new("q\u{202e}p").with_nick("x\u{7f}\u{85}\u{2066}y"),
    );
    let out = run(emu
        .imctl()
        .args(["--json", "profile", "get", "--fields", "Nick", "q\u{202e}p"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_terminal_safe(&out.stdout);
    assert!(out.stdout.contains("q\\u202ep"), "{out:?}");
    assert!(out.stdout.contains("x\\u007f\\u0085\\u2066y"), "{out:?}");
    assert_eq!(out.json()[0]["profile"]["Nick"], "x\u{7f}\u{85}\u{2066}y");
}

#[test]
fn input_text_is_escaped_in_human_output() {
    let emu = TestEmulator::start();
    let out = run(emu
        .imctl()
        .args(["accounts", "import", "--file", "-"])
        .write_stdin("ok1\nx\u{1b}[2J\u{7}y\n{\"UserID\":\"q\u{202e}p\"}\n"));
    assert_eq!(out.code, 1, "{out:?}");
    assert_clean(&out.stdout);
    assert!(!out.stdout.contains('\u{202e}'), "{out:?}");
    assert!(out.stdout.contains("x\\u{1b}[2J\\u{7}y"), "{out:?}");
}

#[test]
fn unbounded_files_are_refused() {
    let emu = TestEmulator::start();
    let out = run(emu
        .imctl()
        .args(["--secret-key-file", "/dev/zero", "accounts", "check", "a"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .contains("cannot read the secret key file /dev/zero: it is larger than 4 KiB"),
        "{out:?}"
    );
    let dir = TempDir::new("big-key");
    let big = dir.write("key", &"k".repeat(5000));
    let out = run(emu
        .imctl()
        .arg("--secret-key-file")
        .arg(&big)
        .args(["accounts", "check", "a"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("larger than 4 KiB"), "{out:?}");
    let out = run(emu
        .imctl()
        .args(["accounts", "import", "a", "--checkpoint", "/dev/zero"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("not a regular file"), "{out:?}");
    assert!(emu.user_ids().is_empty());
    // The key from standard input, with `-`.
    let out = run(emu
        .imctl()
        .args(["--secret-key-file", "-", "accounts", "check", "a"])
        .env_remove("IM_SECRET_KEY")
        .write_stdin(format!("{}\n", crate::support::DEMO_KEY)));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(emu
        .imctl()
        .args(["--secret-key-file", "-", "accounts", "check", "-"])
        .write_stdin("a\n"));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("cannot give both"), "{out:?}");
}

/// An `OK` answer whose list is not a list: not the expected JSON.
const MISSHAPEN: &str = r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":7}"#;

#[test]
fn an_undecodable_answer_shows_the_parsers_text_once_per_account() {
    let url = canned_server(MISSHAPEN);
    // The JSON parser's own words, which the decode error keeps as its cause.
    let parser = "invalid type: integer `7`, expected a sequence";
    let out = run(client(&url).args(["--json", "accounts", "check", "a"]));
    assert_eq!(out.code, 1, "{out:?}");
    let lines = out.json();
    let error = lines[0]["error"].as_str().unwrap();
    assert!(
        error.starts_with("request failed: could not decode the service's response: it is not the expected JSON (body: "),
        "{error}"
    );
    assert_eq!(error.matches(parser).count(), 1, "{error}");
    assert_eq!(lines[0]["reason"], "decode");

    let out = run(client(&url).args(["accounts", "check", "a"]));
    assert_eq!(out.code, 1, "{out:?}");
    let failed: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("a: failed: "))
        .collect();
    assert_eq!(failed.len(), 1, "{out:?}");
    assert_eq!(failed[0].matches(parser).count(), 1, "{out:?}");
}

#[test]
fn a_failed_call_is_one_error_line_with_each_cause_once() {
    // A port nothing listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = run(client(&url).args(["api", "kick", "--body", r#"{"UserID":"a"}"#]));
    assert_eq!(out.code, 4, "{out:?}");
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("imctl: error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{out:?}");
    // The client's error, then the causes it keeps (the transport's, the OS's), once each.
    let line = errors[0];
    assert!(line.starts_with("imctl: error: connect error: "), "{line}");
    let causes = line
        .split_once("(request random ")
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    assert!(causes.contains("): client error (Connect): "), "{line}");
    assert_eq!(line.matches("(os error").count(), 1, "{line}");
}
