//! Input formats and their bad lines, through the binary.

use serde_json::Value;

use crate::support::{TempDir, TestEmulator, run};

/// `(line, ok, UserID)` of each outcome, in line order.
fn by_line(out: &[Value]) -> Vec<(Option<u64>, bool, Option<String>)> {
    let mut outcomes: Vec<_> = out
        .iter()
        .filter(|v| v.get("summary").is_none())
        .map(|v| {
            (
                v["line"].as_u64(),
                v["ok"].as_bool().unwrap(),
                v["UserID"].as_str().map(str::to_owned),
            )
        })
        .collect();
    outcomes.sort();
    outcomes
}

#[test]
fn csv_with_a_header_imports_profiles() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("csv");
    let file = dir.write(
        "users.csv",
        "UserID,Nick,FaceUrl,Email\ncr1,Nick One,http://x/1.png,a@x\n\"cr2\",\"Two, Jr.\",,\ncr3,,,\n",
    );
    let out = run(emu
        .imctl()
        .args(["--json", "accounts", "import", "--file"])
        .arg(&file));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(emu.user_ids(), ["cr1", "cr2", "cr3"]);
    let cr2 = emu.emulator().account("cr2").unwrap();
    assert_eq!(cr2.nick.as_deref(), Some("Two, Jr."));
    assert_eq!(
        emu.emulator().account("cr1").unwrap().face_url.as_deref(),
        Some("http://x/1.png")
    );
    assert_eq!(
        by_line(&out.json()),
        [
            (Some(2), true, Some("cr1".into())),
            (Some(3), true, Some("cr2".into())),
            (Some(4), true, Some("cr3".into()))
        ]
    );
}

#[test]
fn a_comma_line_on_a_pipe_is_csv_not_a_user_id() {
    let emu = TestEmulator::start();
    let out = run(emu
        .imctl()
        .args(["accounts", "import", "-f", "-"])
        .write_stdin("cr4,Nick Four\n"));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(emu.user_ids(), ["cr4"]);
    assert_eq!(
        emu.emulator().account("cr4").unwrap().nick.as_deref(),
        Some("Nick Four")
    );
    // Forced to lines, the comma is part of the UserID, with a warning.
    let out = run(emu
        .imctl()
        .args(["accounts", "import", "--format", "lines", "-f", "-"])
        .write_stdin("cr5,x\nnot json at all\n"));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr
            .contains("warning: 2 UserIDs are outside A-Z, a-z, 0-9, _ and -"),
        "{out:?}"
    );
    assert!(
        out.stderr
            .contains("\"cr5,x\" (line 1), \"not json at all\" (line 2)"),
        "{out:?}"
    );
    // With --strict they are bad lines and nothing is imported.
    let before = emu.user_ids();
    let out = run(emu
        .imctl()
        .args([
            "accounts", "import", "--strict", "--format", "lines", "-f", "-",
        ])
        .write_stdin("cr6,x\nnot json at all\n"));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stdout
            .contains("line 2: UserID \"not json at all\" has characters outside"),
        "{out:?}"
    );
    assert_eq!(emu.user_ids(), before);
}

#[test]
fn bad_json_lines_and_byte_order_marks_are_reported_by_line() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("jsonl");
    let file = dir.write(
        "users.jsonl",
        "\u{feff}{\"UserID\":\"j1\"}\n[1,2,3]\n\"text\"\n{\"UserID\":\"j2\",\"UserID\":\"j3\"}\n\u{feff}{\"UserID\":\"j4\"}\nplain\n{\"UserID\":\"j5\",\"Nick\":7}\n{\"UserID\":\"j6\"}\n",
    );
    let out = run(emu
        .imctl()
        .args(["--json", "accounts", "import", "--file"])
        .arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    let lines = out.json();
    let outcomes = by_line(&lines);
    assert_eq!(
        outcomes,
        [
            (Some(1), true, Some("j1".into())),
            (Some(2), false, None),
            (Some(3), false, None),
            (Some(4), false, None),
            (Some(5), false, None),
            (Some(6), false, None),
            (Some(7), false, Some("j5".into())),
            (Some(8), true, Some("j6".into())),
        ],
        "{out:?}"
    );
    let error = |line: u64| {
        lines
            .iter()
            .find(|v| v["line"] == line)
            .map(|v| v["error"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert!(error(2).contains("not a JSON object"), "{}", error(2));
    assert!(
        error(4).contains("duplicate field `UserID`"),
        "{}",
        error(4)
    );
    assert!(error(5).contains("byte order mark"), "{}", error(5));
    assert!(error(7).contains("\"Nick\": invalid type"), "{}", error(7));
    assert_eq!(emu.user_ids(), ["j1", "j6"]);
    let summary = lines.last().unwrap();
    assert_eq!(
        (summary["total"].as_u64(), summary["failed"].as_u64()),
        (Some(8), Some(6))
    );
}

#[test]
fn a_dash_or_a_pipe_is_standard_input() {
    let emu = TestEmulator::start();
    // `-` as the only USER_ID reads standard input; nothing named "-" is touched.
    let out = run(emu
        .imctl()
        .args(["accounts", "import", "-"])
        .write_stdin("p1\np2\n"));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(emu
        .imctl()
        .args(["accounts", "delete", "-"])
        .write_stdin("p1\n"));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(emu.user_ids(), ["p2"]);
    // Piped in with no argument at all.
    let out = run(emu
        .imctl()
        .args(["--json", "accounts", "check"])
        .write_stdin("p2\np1\n"));
    assert_eq!(out.code, 0, "{out:?}");
    let checked = by_line(&out.json());
    assert_eq!(
        checked,
        [
            (Some(1), true, Some("p2".into())),
            (Some(2), true, Some("p1".into()))
        ],
        "{out:?}"
    );
    // An empty pipe is no accounts; - twice is refused.
    let out = run(emu.imctl().args(["accounts", "check"]).write_stdin(""));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("no accounts given"), "{out:?}");
    let out = run(emu
        .imctl()
        .args(["accounts", "check", "-", "--file", "-"])
        .write_stdin("a\n"));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("given twice"), "{out:?}");
}
