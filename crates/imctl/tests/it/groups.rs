//! `imctl groups ...` against the emulator's group model: create, info, list, destroy, member
//! jobs from files with one outcome per member, the member list, and a killed member import
//! resumed with its checkpoint.

use std::collections::HashMap;
use std::time::Duration;

use im_emulator::{Account, Emulator, FaultConfig, FaultRule};
use im_proto::Api;
use serde_json::Value;

use crate::support::{TempDir, TestEmulator, killed_after_lines, run, whole_json_lines};

fn with_accounts(emu: TestEmulator, names: &[String]) -> TestEmulator {
    for name in names {
        emu.emulator().insert_account(Account::new(name.as_str()));
    }
    emu
}

fn names(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i:05}")).collect()
}

/// `groups create` with `args`; the GroupId it printed alone.
fn create(emu: &TestEmulator, args: &[&str]) -> String {
    let out = run(emu.imctl().args(["groups", "create"]).args(args));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout.lines().count(), 1, "{out:?}");
    out.stdout.trim_end().to_owned()
}

/// `groups members list GROUP --json`: (Member_Account, Role) of each line.
fn members(emu: &TestEmulator, group: &str) -> Vec<(String, String)> {
    let out = run(emu
        .imctl()
        .args(["--json", "groups", "members", "list", group]));
    assert_eq!(out.code, 0, "{out:?}");
    out.json()
        .iter()
        .map(|m| {
            let account = m["Member_Account"].as_str().unwrap().to_owned();
            (account, m["Role"].as_str().unwrap().to_owned())
        })
        .collect()
}

#[test]
fn create_info_list_and_destroy() {
    let emu = with_accounts(TestEmulator::start(), &["alice".to_owned()]);
    let club = create(&emu, &["--type", "Public", "--name", "club"]);
    assert!(club.starts_with("@TGS#"), "{club}");
    let out = run(emu.imctl().args([
        "--json",
        "groups",
        "create",
        "--type",
        "Community",
        "--name",
        "town",
        "--owner",
        "alice",
        "--id",
        "@TGS#_town",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    let answer = &out.json()[0];
    assert_eq!(
        (answer["GroupId"].as_str(), answer["ActionStatus"].as_str()),
        (Some("@TGS#_town"), Some("OK")),
        "{answer}"
    );
    let out = run(emu
        .imctl()
        .args(["groups", "create", "--type", "Guild", "--name", "x"]));
    assert_eq!(out.code, 2, "{out:?}");

    let out = run(emu
        .imctl()
        .args(["groups", "info", &club, "@TGS#_town", "@TGS#nosuch"]));
    assert_eq!(out.code, 1, "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{out:?}");
    assert!(
        lines[0].starts_with(&format!("{club}  Public  0 members  club")),
        "{out:?}"
    );
    assert!(
        lines[1].starts_with("@TGS#_town  Community  1 members  town"),
        "{out:?}"
    );
    assert!(out.stderr.contains("@TGS#nosuch"), "{out:?}");
    let out = run(emu.imctl().args(["--json", "groups", "info", &club]));
    assert_eq!(out.json()[0]["Name"], "club", "{out:?}");

    let out = run(emu.imctl().args(["groups", "list"]));
    assert_eq!(out.code, 0, "{out:?}");
    let mut listed: Vec<&str> = out.stdout.lines().collect();
    listed.sort_unstable();
    assert_eq!(listed, [club.as_str(), "@TGS#_town"]);
    let out = run(emu.imctl().args(["--json", "groups", "list"]));
    assert!(
        out.json().iter().any(|g| g["GroupId"] == "@TGS#_town"),
        "{out:?}"
    );

    let out = run(emu.imctl().args(["groups", "destroy", &club]));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(emu.imctl().args(["groups", "list"]));
    assert_eq!(out.stdout, "@TGS#_town\n");
    let out = run(emu.imctl().args(["groups", "destroy", &club]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("10010"), "{out:?}");
}

#[test]
fn a_members_import_reports_each_refused_member_and_the_list_shows_roles() {
    let users = ["alice", "bob", "carol", "dave"].map(str::to_owned);
    let emu = with_accounts(TestEmulator::start(), &users);
    let group = create(&emu, &["--type", "Public", "--name", "g"]);
    let dir = TempDir::new("members-import");
    let file = dir.write(
        "members.txt",
        concat!(
            "{\"Member_Account\":\"alice\",\"Role\":\"Admin\"}\n",
            "{\"Member_Account\":\"ghost\"}\n",
            "bob\n",
            "{\"Role\":\"Admin\"}\n",
            "{\"Member_Account\":\"carol\",\"Role\":\"Boss\"}\n",
            "# a comment\n",
            "{\"UserID\":\"carol\",\"JoinTime\":4102444800}\n",
        ),
    );
    let out = run(emu
        .imctl()
        .args(["--json", "groups", "members", "import", &group, "--file"])
        .arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    let lines = out.json();
    let (summary, outcomes) = lines.split_last().unwrap();
    assert_eq!(summary["summary"], true, "{summary}");
    assert_eq!(
        (summary["succeeded"].as_u64(), summary["failed"].as_u64()),
        (Some(2), Some(4)),
        "{lines:?}"
    );
    let by_line: HashMap<u64, &Value> = outcomes
        .iter()
        .map(|o| (o["line"].as_u64().expect("every outcome names its line"), o))
        .collect();
    assert_eq!(
        by_line.len(),
        outcomes.len(),
        "each line once: {outcomes:?}"
    );
    let mut numbers: Vec<u64> = by_line.keys().copied().collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 7]);
    assert_eq!(by_line[&1]["status"], "imported");
    assert_eq!(by_line[&1]["Member_Account"], "alice");
    assert_eq!(by_line[&3]["status"], "imported");
    for (n, who) in [
        (2, Some("ghost")),
        (4, None),
        (5, Some("carol")),
        (7, Some("carol")),
    ] {
        assert_eq!(by_line[&n]["ok"], false, "{}", by_line[&n]);
        if let Some(who) = who {
            assert_eq!(by_line[&n]["Member_Account"], who, "{}", by_line[&n]);
        }
    }
    assert!(
        by_line[&5]["error"].as_str().unwrap().contains("Boss"),
        "{}",
        by_line[&5]
    );

    let mut list = members(&emu, &group);
    list.sort();
    let expected = [("alice", "Admin"), ("bob", "Member")];
    assert_eq!(list, expected.map(|(a, r)| (a.to_owned(), r.to_owned())));
    // Plain text: one UserID per line.
    let out = run(emu.imctl().args(["groups", "members", "list", &group]));
    let mut plain: Vec<&str> = out.stdout.lines().collect();
    plain.sort_unstable();
    assert_eq!(plain, ["alice", "bob"]);

    add_and_remove(&emu, &group);
}

/// `members add` and `members remove` with the members as arguments.
fn add_and_remove(emu: &TestEmulator, group: &str) {
    let out = run(emu
        .imctl()
        .args(["groups", "members", "add", group, "carol", "dave"]));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(emu
        .imctl()
        .args(["-q", "groups", "members", "remove", group, "bob"]));
    assert_eq!(out.code, 0, "{out:?}");
    let mut list: Vec<String> = members(emu, group).into_iter().map(|(a, _)| a).collect();
    list.sort();
    assert_eq!(list, ["alice", "carol", "dave"]);
}

const MEMBERS: usize = 2000;

/// Counts each member's outcome lines and each input line's, asserting each a success.
fn count(lines: &[Value], members: &mut HashMap<String, usize>, numbers: &mut HashMap<u64, usize>) {
    for line in lines.iter().filter(|l| l.get("summary").is_none()) {
        assert_eq!(line["ok"], true, "{line}");
        let who = line["Member_Account"]
            .as_str()
            .expect("keyed Member_Account");
        *members.entry(who.to_owned()).or_default() += 1;
        *numbers
            .entry(line["line"].as_u64().expect("a line"))
            .or_default() += 1;
    }
}

#[test]
fn a_killed_member_import_resumed_with_its_checkpoint_imports_each_member_once() {
    let users = names("m", MEMBERS);
    let slow = FaultConfig::new().api_rule(
        Api::ImportGroupMember,
        FaultRule::new().latency(Duration::from_millis(300), Duration::ZERO),
    );
    let emu = with_accounts(TestEmulator::with(Emulator::builder().faults(slow)), &users);
    let group = create(&emu, &["--type", "Public", "--name", "big"]);
    let dir = TempDir::new("members-resume");
    let file = dir.write("members.txt", &(users.join("\n") + "\n"));
    let journal = dir.path("import.ckpt");
    let args = [
        "--json",
        "groups",
        "members",
        "import",
        &group,
        "--concurrency",
        "4",
    ];

    let mut first_cmd = emu.imctl_std();
    first_cmd
        .args(args)
        .arg("--file")
        .arg(&file)
        .arg("--checkpoint")
        .arg(&journal);
    let first_text = killed_after_lines(
        &mut first_cmd,
        100,
        Duration::from_secs(60),
        Duration::from_millis(20),
    );
    let first = whole_json_lines(&first_text);
    assert!(
        first.len() >= 100 && first.len() < MEMBERS,
        "{}",
        first.len()
    );
    let journal_text = std::fs::read_to_string(&journal).unwrap();
    assert!(
        journal_text.lines().filter(|l| l.starts_with('>')).count() > 1,
        "chunks were sent beyond the one reported: {journal_text}"
    );

    let second = run(emu
        .imctl()
        .args(args)
        .arg("--file")
        .arg(&file)
        .arg("--checkpoint")
        .arg(&journal));
    assert_eq!(second.code, 0, "{second:?}");
    let lines = second.json();
    let summary = lines.last().unwrap();
    assert_eq!(
        (summary["summary"].as_bool(), summary["failed"].as_u64()),
        (Some(true), Some(0))
    );

    each_once(&emu, &group, &users, [&first, &lines]);
}

/// Every member and every input line reported once over both runs, and in the group once.
fn each_once(emu: &TestEmulator, group: &str, users: &[String], runs: [&[Value]; 2]) {
    let (mut reported, mut numbers) = (HashMap::new(), HashMap::new());
    for lines in runs {
        count(lines, &mut reported, &mut numbers);
    }
    for (i, user) in users.iter().enumerate() {
        assert_eq!(reported.get(user), Some(&1), "{user} reported once");
        assert_eq!(
            numbers.get(&(i as u64 + 1)),
            Some(&1),
            "line {} reported once",
            i + 1
        );
    }
    let listed = members(emu, group);
    assert_eq!(listed.len(), MEMBERS, "every member exactly once");
    let mut seen: Vec<&str> = listed.iter().map(|(a, _)| a.as_str()).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), MEMBERS);
    assert_eq!(emu.emulator().group_counts().memberships, MEMBERS);
}

/// `imctl api` with `body` (a group of the test set up as the page allows).
fn api(emu: &TestEmulator, path: &str, body: &str) -> Value {
    let out = run(emu.imctl().args(["--json", "api", path, "--body", body]));
    assert_eq!(out.code, 0, "{out:?}");
    out.json().remove(0)
}

#[test]
fn group_messages_send_history_and_recall() {
    let users = ["alice", "bob"].map(str::to_owned);
    let emu = with_accounts(TestEmulator::start(), &users);
    let group = create(
        &emu,
        &["--type", "Public", "--name", "g", "--owner", "alice"],
    );
    let send = |args: &[&str]| {
        run(emu
            .imctl()
            .args(["groups", "messages", "send", &group])
            .args(args))
    };
    let out = send(&["--text", "hello"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "1\n"), "{out:?}");
    let out = send(&["--text", "from alice\u{1b}[2J", "--from", "alice"]);
    assert_eq!(out.stdout, "2\n", "{out:?}");
    let out = send(&["--text", "x", "--from", "bob"]);
    assert_eq!(out.code, 3, "a non-member is refused (permission): {out:?}");
    assert!(out.stderr.contains("10007"), "{out:?}");
    let out = run(emu.imctl().args([
        "--json", "groups", "messages", "send", &group, "--text", "third",
    ]));
    let sent = &out.json()[0];
    assert_eq!(
        (sent["GroupId"].as_str(), sent["MsgSeq"].as_u64()),
        (Some(group.as_str()), Some(3))
    );
    assert!(sent["Random"].as_u64().unwrap() > 0, "{sent}");

    let history = |args: &[&str]| {
        run(emu
            .imctl()
            .args(["groups", "messages", "history", &group])
            .args(args))
    };
    let out = history(&[]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{out:?}");
    assert!(
        lines[1].starts_with("2 ") && lines[1].contains(" alice: from alice"),
        "{out:?}"
    );
    assert!(
        !out.stdout.contains('\u{1b}'),
        "escaped before the terminal: {out:?}"
    );
    let out = run(emu
        .imctl()
        .args(["groups", "messages", "recall", &group, "2", "9"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.stdout, "MsgSeq 2: recalled\n");
    assert!(
        out.stderr.contains("MsgSeq 9") && out.stderr.contains("10030"),
        "{out:?}"
    );
    assert_eq!(history(&[]).stdout.lines().count(), 2);
    let out = history(&["--with-recalled"]);
    assert!(
        out.stdout.lines().nth(1).unwrap().contains("(recalled)"),
        "{out:?}"
    );
    let out = run(emu
        .imctl()
        .args(["--json", "groups", "messages", "history", &group]));
    let seqs: Vec<u64> = out
        .json()
        .iter()
        .map(|m| m["MsgSeq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, [3, 1]);
}

#[test]
fn group_messages_import_reads_json_lines_and_reports_each_line() {
    let emu = with_accounts(TestEmulator::start(), &["alice".to_owned()]);
    let body = r#"{"Type": "Public", "Name": "old", "GroupId": "old", "Owner_Account": "alice", "CreateTime": 1600000000}"#;
    api(&emu, "group_open_http_svc/import_group", body);
    let dir = TempDir::new("group-msg-import");
    let text = r#"[{"MsgType":"TIMTextElem","MsgContent":{"Text":"t"}}]"#;
    let lines: Vec<String> = (0..9)
        .map(|i| {
            format!(
                r#"{{"From_Account":"alice","SendTime":{},"MsgBody":{text}}}"#,
                1_600_000_100 + i
            )
        })
        .collect();
    let file = dir.write("msgs.jsonl", &format!("# old chat\n{}\n", lines.join("\n")));
    let out = run(emu
        .imctl()
        .args(["--json", "groups", "messages", "import", "old", "--file"])
        .arg(&file));
    assert_eq!(out.code, 0, "{out:?}");
    let outcomes = out.json();
    assert_eq!(outcomes.len(), 9, "{out:?}");
    for (i, o) in outcomes.iter().enumerate() {
        assert_eq!(o["ok"], true, "{o}");
        assert_eq!(o["line"], i as u64 + 2, "{o}");
        assert_eq!(o["MsgSeq"], i as u64 + 1, "{o}");
    }
    // Older than the newest message now: refused before anything is sent.
    let out = run(emu
        .imctl()
        .args(["groups", "messages", "import", "old", "--file"])
        .arg(&file));
    assert_ne!(out.code, 0, "{out:?}");
    let history = run(emu.imctl().args(["groups", "messages", "history", "old"]));
    assert_eq!(history.stdout.lines().count(), 9, "{history:?}");
    let bad = dir.write("bad.jsonl", "{\"From_Account\":\"alice\"}\n");
    let out = run(emu
        .imctl()
        .args(["groups", "messages", "import", "old", "--file"])
        .arg(&bad));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("line 1"), "{out:?}");
}

#[test]
fn a_member_checkpoint_is_never_resumed_for_another_group() {
    let emu = with_accounts(TestEmulator::start(), &["alice".to_owned()]);
    let first = create(&emu, &["--type", "Public", "--name", "a"]);
    let second = create(&emu, &["--type", "Public", "--name", "b"]);
    let dir = TempDir::new("members-scope");
    let file = dir.write("members.txt", "alice\n");
    let journal = dir.path("import.ckpt");
    let import = |group: &str| {
        run(emu
            .imctl()
            .args(["groups", "members", "import", group, "--file"])
            .arg(&file)
            .arg("--checkpoint")
            .arg(&journal))
    };
    assert_eq!(import(&first).code, 0);
    let out = import(&second);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("belongs to another job"), "{out:?}");
    assert!(out.stderr.contains(&format!("group {second}")), "{out:?}");
    assert_eq!(import(&first).code, 0, "the same group resumes");
}

#[test]
fn create_from_a_file_makes_each_group_with_its_members() {
    let users = ["alice", "bob"].map(str::to_owned);
    let emu = with_accounts(TestEmulator::start(), &users);
    let dir = TempDir::new("groups-create");
    let file = dir.write(
        "groups.jsonl",
        concat!(
            "{\"GroupId\":\"g1\",\"Type\":\"Public\",\"Name\":\"one\",\"MemberList\":[{\"Member_Account\":\"alice\"},{\"Member_Account\":\"bob\"}]}\n",
            "{\"Type\":\"Private\",\"Name\":\"no id\"}\n",
            "{\"Name\":\"typeless\"}\n",
            "{\"GroupId\":\"g1\",\"Type\":\"Public\",\"Name\":\"again\"}\n",
        ),
    );
    let out = run(emu
        .imctl()
        .args(["--json", "groups", "create", "--file"])
        .arg(&file));
    assert_eq!(out.code, 1, "{out:?}");
    let lines = out.json();
    let (summary, outcomes) = lines.split_last().unwrap();
    assert_eq!(summary["succeeded"], 2, "{lines:?}");
    let line = |n: u64| outcomes.iter().find(|o| o["line"] == n).unwrap();
    assert_eq!(
        (line(1)["GroupId"].as_str(), line(1)["status"].as_str()),
        (Some("g1"), Some("created"))
    );
    assert_eq!(
        (line(2)["GroupId"].as_str(), line(2)["ok"].as_bool()),
        (Some("no id"), Some(true))
    );
    assert_eq!(line(3)["ok"], false, "{}", line(3));
    assert!(line(4)["duplicate_of"].is_string(), "{}", line(4));
    let mut listed = members(&emu, "g1");
    listed.sort();
    assert_eq!(listed.len(), 2, "{listed:?}");
    let out = run(emu.imctl().args(["groups", "list"]));
    assert_eq!(out.stdout.lines().count(), 2, "{out:?}");
    let out = run(emu
        .imctl()
        .args(["groups", "create", "--file"])
        .arg(&file)
        .args(["--name", "x"]));
    assert_eq!(out.code, 2, "--file conflicts with --name: {out:?}");
}

#[test]
fn topics_create_list_and_destroy() {
    let emu = TestEmulator::start();
    let town = create(
        &emu,
        &["--type", "Community", "--name", "town", "--support-topic"],
    );
    let news = create_topic(&emu, &[&town, "--name", "news"]);
    assert!(news.starts_with(&format!("{town}@TOPIC#_")), "{news}");
    let custom = format!("{town}@TOPIC#_chat");
    let chat = create_topic(&emu, &[&town, "--name", "chat\u{1b}[31m", "--id", &custom]);
    assert_eq!(chat, custom);
    let out = run(emu.imctl().args(["groups", "topics", "list", &town]));
    assert_eq!(out.code, 0, "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], format!("{news}  news"));
    assert_eq!(lines[1], format!("{custom}  chat\\u{{1b}}[31m"), "escaped");
    let out = run(emu
        .imctl()
        .args(["--json", "groups", "topics", "list", &town]));
    let topics = out.json();
    assert_eq!(topics.len(), 2, "{out:?}");
    assert_eq!(topics[1]["TopicId"], custom.as_str());
    assert_eq!(topics[1]["GroupID"], town.as_str());
    let gone = format!("{town}@TOPIC#_gone");
    let out = run(emu
        .imctl()
        .args(["groups", "topics", "destroy", &town, &news, &gone]));
    assert_eq!(out.code, 1, "the second was never there: {out:?}");
    assert!(out.stderr.contains(&format!("destroyed {news}")), "{out:?}");
    assert!(out.stderr.contains("110003"), "{out:?}");
    let out = run(emu.imctl().args(["groups", "topics", "list", &town]));
    assert_eq!(out.stdout.lines().count(), 1, "{out:?}");
}

#[test]
fn topics_refuse_a_long_name_before_sending_and_a_community_without_topics() {
    let emu = TestEmulator::start();
    let plain = create(&emu, &["--type", "Community", "--name", "plain"]);
    let long = "n".repeat(31);
    let out = run(emu
        .imctl()
        .args(["groups", "topics", "create", &plain, "--name", &long]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("TopicName"), "{out:?}");
    let out = run(emu
        .imctl()
        .args(["groups", "topics", "create", &plain, "--name", "news"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("11000"), "{out:?}");
    let out = run(emu.imctl().args([
        "groups",
        "create",
        "--type",
        "Public",
        "--name",
        "p",
        "--support-topic",
    ]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(emu.emulator().stats().requests(Api::CreateTopic), 1);
}

/// `groups topics create` with `args`; the TopicId it printed alone.
fn create_topic(emu: &TestEmulator, args: &[&str]) -> String {
    let out = run(emu.imctl().args(["groups", "topics", "create"]).args(args));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout.lines().count(), 1, "{out:?}");
    out.stdout.trim_end().to_owned()
}

/// `groups attrs get|set|clear`: pairs and a JSON file replace the attributes, get prints them
/// escaped (and as one object under --json), the limits and a malformed pair are refused
/// before sending (exit 2), clear removes them.
#[test]
fn group_attrs_set_get_and_clear() {
    let emu = TestEmulator::start();
    let club = create(&emu, &["--type", "AVChatRoom", "--name", "live"]);
    let attrs = |json: bool| {
        let mut cmd = emu.imctl();
        if json {
            cmd.arg("--json");
        }
        let out = run(cmd.args(["groups", "attrs", "get", &club]));
        assert_eq!(out.code, 0, "{out:?}");
        out
    };
    let set = |args: &[&str]| {
        run(emu
            .imctl()
            .args(["groups", "attrs", "set", &club])
            .args(args))
    };
    assert_eq!(set(&["seat1=alice", "note=a=b", "ml=one\ntwo"]).code, 0);
    assert_eq!(attrs(false).stdout, "seat1=alice\nnote=a=b\nml=one\\ntwo\n");
    assert_eq!(
        attrs(true).json()[0],
        serde_json::json!({"seat1": "alice", "note": "a=b", "ml": "one\ntwo"})
    );
    let dir = TempDir::new("group-attrs");
    let file = dir.write("attrs.json", r#"{"topic": "news", "host": "bob"}"#);
    let out = set(&["--file", file.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(attrs(false).stdout, "host=bob\ntopic=news\n");

    let sent = emu.emulator().stats().requests(Api::SetGroupAttr);
    let many: Vec<String> = (0..17).map(|i| format!("k{i}=v")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let out = set(&many);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("GroupAttr"), "{out:?}");
    let out = set(&["no-equals"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("no-equals"), "{out:?}");
    let bad = dir.write("bad.json", r#"{"n": 1}"#);
    assert_eq!(set(&["--file", bad.to_str().unwrap()]).code, 2);
    assert_eq!(emu.emulator().stats().requests(Api::SetGroupAttr), sent);

    let out = run(emu.imctl().args(["groups", "attrs", "clear", &club]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(attrs(false).stdout, "");
}

/// `groups live members|admins`: the online list newest first (lines and --json), admins added
/// and removed then listed, a 6th admin refused by the service and 6 in one call before
/// sending, another group type refused.
#[test]
fn live_members_and_admins() {
    let emu = TestEmulator::start();
    emu.emulator()
        .insert_account(Account::new("host").with_nick("Host"));
    let live = create(&emu, &["--type", "AVChatRoom", "--name", "live"]);
    let pinned: Vec<Value> = ["v1", "v2", "v3"]
        .iter()
        .map(|v| serde_json::json!({"Member_Account": v, "Marks": [500]}))
        .collect();
    let body = serde_json::json!({"GroupId": live, "CommandType": 1, "MemberList": pinned});
    api(
        &emu,
        "group_open_avchatroom_http_svc/modify_user_info",
        &body.to_string(),
    );
    let out = run(emu.imctl().args(["groups", "live", "members", &live]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "v3\nv2\nv1\n");
    let out = run(emu.imctl().args([
        "--json", "groups", "live", "members", &live, "--mark", "1000",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.json().is_empty(), "{out:?}");
    let out = run(emu
        .imctl()
        .args(["--json", "groups", "live", "members", &live]));
    assert_eq!(out.json()[0]["Member_Account"], "v3", "{out:?}");
    assert!(out.json()[0]["JoinTime"].as_u64().is_some(), "{out:?}");

    let admins = |args: &[&str]| {
        run(emu
            .imctl()
            .args(["groups", "live", "admins", &live])
            .args(args))
    };
    let out = admins(&["--add", "host", "--add", "a2", "--remove", "a2"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "host\n");
    let out = run(emu
        .imctl()
        .args(["--json", "groups", "live", "admins", &live]));
    assert_eq!(out.json()[0]["NickName"], "Host", "{out:?}");
    let out = admins(&["--add", "a2", "--add", "a3", "--add", "a4", "--add", "a5"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout.lines().count(), 5, "{out:?}");
    let out = admins(&["--add", "a6"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("10004"), "{out:?}");
    let six: Vec<String> = (1..=6)
        .flat_map(|i| ["--add".to_owned(), format!("x{i}")])
        .collect();
    let six: Vec<&str> = six.iter().map(String::as_str).collect();
    let out = admins(&six);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("at most 5"), "{out:?}");

    let club = create(&emu, &["--type", "Public", "--name", "club"]);
    let out = run(emu.imctl().args(["groups", "live", "members", &club]));
    assert_eq!(out.code, 3, "{out:?}");
    assert!(out.stderr.contains("10007"), "{out:?}");
}
