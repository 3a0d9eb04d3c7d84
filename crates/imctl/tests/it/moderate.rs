//! `imctl moderate`: one text, a file of texts in calls of 10 (one line per text, --json), the
//! exit code of a blocked text, and `moderate keywords list|add|remove`.

use im_emulator::{BLOCK_LIBRARY_ID, REVIEW_LIBRARY_ID};
use im_proto::Api;

use crate::support::{TestEmulator, run};

fn add(emu: &TestEmulator, library: &str, label: &str, words: &[&str]) {
    let mut args = vec![
        "moderate",
        "keywords",
        "add",
        "--library",
        library,
        "--label",
        label,
    ];
    args.extend(words);
    let out = run(emu.imctl().args(&args));
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn a_text_passes_until_a_keyword_blocks_it_and_the_exit_code_says_so() {
    let emu = TestEmulator::start();
    let out = run(emu.imctl().args(["moderate", "buy cheap pills"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "Pass 0 Normal - buy cheap pills\n");
    add(&emu, BLOCK_LIBRARY_ID, "illegal", &["pills"]);
    let out = run(emu.imctl().args(["moderate", "buy cheap pills"]));
    assert_eq!(out.code, 1, "a blocked text exits 1: {out:?}");
    assert_eq!(out.stdout, "Block 100 Illegal pills buy cheap pills\n");
    add(&emu, REVIEW_LIBRARY_ID, "ad", &["cheap"]);
    let out = run(emu.imctl().args(["--json", "moderate", "cheap"]));
    assert_eq!(out.code, 0, "review only exits 0: {out:?}");
    let line = &out.json()[0];
    assert_eq!(
        (line["result"].as_str(), line["label"].as_str()),
        (Some("Review"), Some("Ad"))
    );
    assert_eq!(line["keywords"], serde_json::json!(["cheap"]));
}

#[test]
fn a_file_is_sent_in_calls_of_ten_one_line_per_text_in_order() {
    let emu = TestEmulator::start();
    add(&emu, BLOCK_LIBRARY_ID, "porn", &["nsfw"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("texts.txt");
    let mut lines: Vec<String> = (0..23).map(|i| format!("text {i}")).collect();
    lines[4] = "very nsfw".into();
    lines[17] = "a".repeat(8 * 1024 + 1);
    let mut body = lines.join("\n");
    body.push_str("\n\n");
    std::fs::write(&path, body).unwrap();
    let out = run(emu
        .imctl()
        .args(["--json", "moderate", "--file"])
        .arg(&path));
    assert_eq!(out.code, 1, "{out:?}");
    let results = out.json();
    assert_eq!(
        results.len(),
        23,
        "one line per text, the blank line skipped"
    );
    let numbers: Vec<u64> = results
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=23).collect::<Vec<u64>>());
    assert_eq!(results[4]["result"], "Block");
    assert_eq!(results[5]["result"], "Pass");
    assert_eq!(results[17]["ok"], false);
    assert!(out.stderr.contains("line 18: "), "{out:?}");
    assert!(
        results[17]["error"].as_str().unwrap().contains("8192"),
        "{}",
        results[17]
    );
    let calls = emu.emulator().stats().requests(Api::BatchContentModeration);
    assert_eq!(calls, 3, "22 sendable texts: calls of 10, 10 and 2");
}

#[test]
fn a_file_without_json_gives_one_escaped_line_per_text() {
    let emu = TestEmulator::start();
    add(&emu, BLOCK_LIBRARY_ID, "abuse", &["idiot"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("texts.txt");
    std::fs::write(&path, "hello\nyou idiot\u{1b}[2J\n").unwrap();
    let out = run(emu
        .imctl()
        .args(["moderate", "--audit-name", "Group", "--file"])
        .arg(&path));
    assert_eq!(out.code, 1, "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "Pass 0 Normal - hello");
    assert!(
        lines[1].starts_with("Block 100 Abuse idiot you idiot"),
        "{out:?}"
    );
    assert!(
        !out.stdout.contains('\u{1b}'),
        "the escape sequence is escaped: {out:?}"
    );
}

#[test]
fn keywords_are_listed_added_and_removed() {
    let emu = TestEmulator::start();
    let out = run(emu.imctl().args(["moderate", "keywords", "list"]));
    assert_eq!(out.code, 0, "{out:?}");
    let ids: Vec<&str> = out
        .stdout
        .lines()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(ids, [BLOCK_LIBRARY_ID, REVIEW_LIBRARY_ID]);
    assert!(
        out.stdout.lines().next().unwrap().contains(" Block 4_7_"),
        "{out:?}"
    );
    add(&emu, BLOCK_LIBRARY_ID, "ad", &["alpha", "beta"]);
    let out = run(emu.imctl().args([
        "moderate",
        "keywords",
        "list",
        "--library",
        BLOCK_LIBRARY_ID,
    ]));
    let words: Vec<&str> = out
        .stdout
        .lines()
        .map(|l| l.split(' ').nth(1).unwrap())
        .collect();
    assert_eq!(words, ["alpha", "beta"]);
    let out = run(emu.imctl().args([
        "moderate",
        "keywords",
        "remove",
        "--library",
        BLOCK_LIBRARY_ID,
        "alpha",
        "gamma",
    ]));
    assert_eq!(out.code, 1, "gamma was not there: {out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines[0].starts_with("deleted ") && lines[0].ends_with(" alpha"),
        "{out:?}"
    );
    assert!(lines[1].starts_with("not-deleted gamma: "), "{out:?}");
    let out = run(emu.imctl().args([
        "--json",
        "moderate",
        "keywords",
        "list",
        "--library",
        BLOCK_LIBRARY_ID,
    ]));
    assert_eq!(out.json().len(), 1);
    assert_eq!(out.json()[0]["Content"], "beta");
}

#[test]
fn bad_input_exits_2_before_sending() {
    let emu = TestEmulator::start();
    let big = "a".repeat(8 * 1024 + 1);
    let out = run(emu.imctl().args(["moderate", &big]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("Content"), "{out:?}");
    let out = run(emu.imctl().args([
        "moderate",
        "keywords",
        "add",
        "--library",
        BLOCK_LIBRARY_ID,
        "",
    ]));
    assert_eq!(out.code, 2, "{out:?}");
    let out = run(emu.imctl().args(["moderate"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(emu.emulator().stats().requests(Api::ContentModeration), 0);
    assert_eq!(
        emu.emulator().stats().requests(Api::AddCloudAuditKeywords),
        0
    );
}
