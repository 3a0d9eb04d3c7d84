//! `imctl usersig ...`: byte-exact against the vectors of usersig.md, claims, failures.

use serde_json::json;

use crate::support::{DEMO_KEY, SDKAPPID, TempDir, imctl, repo_root, run};

/// usersig.md V1: the official Go library's UserSig for `xiaojun`.
const V1: &str = "eAEArABT-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMuc2lnIjoiTHZBN2QvSXc3Z1NzbnNrdlZ6QkRQT0NDRGJ1TkN3NEdId1RDMGJpcCtCND0ifQoBAAD--9-DMfw_";

/// usersig.md V3: V1 with the userbuf `abc`.
const V3: &str = "eAEAwQA*-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMudXNlcmJ1ZiI6IllXSmoiLCJUTFMuc2lnIjoiUWpUMjAxeFBrWGsvYU0xZSt5MHZha1piMEsyaVByRnVlKyswczV5NmJGTT0ifQoBAAD--ye1N*Q_";

/// usersig.md V4: PrivateMapKey, numeric room 10000, privileges 255.
const V4: &str = "eAEA5QAa-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMudXNlcmJ1ZiI6IkFBQUhlR2xoYjJwMWJsTnlUZ0FBQUNjUVprRS9BQUFBQVA4QUFBQUEiLCJUTFMuc2lnIjoieTlBdmI1eHdIZ0lnb0FCYkdha0xhRTB4cyt2L2RMY0lQZWdiV2ZjYlJMST0ifQoBAAD--*9eQ8M_";

/// usersig.md V5: PrivateMapKey, string room `1000000040`, privileges 255.
const V5: &str = "eAEA9QAK-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMudXNlcmJ1ZiI6IkFRQUhlR2xoYjJwMWJsTnlUZ0FBQUFBQVprRS9BQUFBQVA4QUFBQUFBQW94TURBd01EQXdNRFF3IiwiVExTLnNpZyI6InV1cGFPbUlxaVZVc1ZvQ0R2bWFrbUdVODZHRVFCVjBJZTZRKzlHRmJvd009In0KAQAA--9kt0io";

fn signing(dir: &TempDir) -> assert_cmd::Command {
    let mut cmd = imctl();
    cmd.arg("--sdkappid")
        .arg(SDKAPPID)
        .arg("--secret-key-file")
        .arg(dir.demo_key());
    cmd
}

#[test]
fn gen_is_byte_exact_with_the_go_library() {
    let dir = TempDir::new("gen");
    let out = run(signing(&dir).args([
        "usersig",
        "gen",
        "--time",
        "1700000000",
        "--expire",
        "15552000",
        "xiaojun",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, format!("{V1}\n"));
    assert_eq!(out.stderr, "");

    // The default lifetime is 180 days; the key can come from IM_SECRET_KEY.
    let out = run(imctl()
        .env("IM_SECRET_KEY", DEMO_KEY)
        .env("IM_SDKAPPID", SDKAPPID)
        .args(["usersig", "gen", "--time", "1700000000", "xiaojun"]));
    assert_eq!(out.stdout, format!("{V1}\n"), "{out:?}");

    let out = run(signing(&dir).args([
        "usersig",
        "gen",
        "--time",
        "1700000000",
        "--userbuf-hex",
        "616263",
        "xiaojun",
    ]));
    assert_eq!(out.stdout, format!("{V3}\n"), "{out:?}");

    let out = run(signing(&dir).args([
        "--json",
        "usersig",
        "gen",
        "--time",
        "1700000000",
        "xiaojun",
    ]));
    let lines = out.json();
    assert_eq!(
        lines,
        vec![json!({
            "identifier": "xiaojun",
            "sdkappid": 1400000000u64,
            "time": 1700000000u64,
            "expire": 15552000u64,
            "usersig": V1,
        })]
    );
}

#[test]
fn verify_prints_the_claims() {
    let dir = TempDir::new("verify");
    let out = run(signing(&dir).args(["usersig", "verify", "xiaojun", V1, "--now", "1700000001"]));
    assert_eq!(out.code, 0, "{out:?}");
    let claims: serde_json::Value = serde_json::from_str(&out.stdout).expect("pretty JSON");
    assert_eq!(
        claims,
        json!({
            "identifier": "xiaojun",
            "sdkappid": 1400000000u64,
            "time": 1700000000u64,
            "expire": 15552000u64,
            "expires_at": 1715552000u64,
            "userbuf_hex": null,
        })
    );
    assert!(out.stdout.lines().count() > 1, "pretty by default");

    let out = run(signing(&dir).args([
        "--json",
        "usersig",
        "verify",
        "xiaojun",
        V3,
        "--now",
        "1700000001",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    let lines = out.json();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["userbuf_hex"], "616263");

    // A deflated one, generated now, verifies now.
    let out = run(signing(&dir).args(["usersig", "gen", "--deflate", "alice"]));
    assert_eq!(out.code, 0, "{out:?}");
    let deflated = out.stdout.trim().to_owned();
    assert_ne!(&deflated[..4], &V1[..4], "another zlib header");
    let out = run(signing(&dir).args(["usersig", "verify", "alice", &deflated]));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(signing(&dir).args(["usersig", "gen", "--level", "9", "alice"]));
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn verify_failures_give_the_reason_and_exit_1() {
    let dir = TempDir::new("verify-fail");
    for (args, reason) in [
        (
            vec!["bob", V1, "--now", "1700000001"],
            "identifier mismatch",
        ),
        (vec!["xiaojun", V1, "--now", "1715552001"], "expired"),
        (
            vec!["xiaojun", "abc!", "--now", "1700000001"],
            "not valid base64",
        ),
    ] {
        let out = run(signing(&dir).args(["usersig", "verify"]).args(&args));
        assert_eq!(out.code, 1, "{out:?}");
        assert_eq!(out.stdout, "");
        assert!(
            out.stderr
                .starts_with("imctl: error: usersig verification failed: "),
            "{out:?}"
        );
        assert!(out.stderr.contains(reason), "{out:?}");
        assert_eq!(out.stderr.lines().count(), 1, "{out:?}");
    }
    // Another key: the signature does not match, and neither key is printed.
    let other = dir.write("other.key", "not-the-key");
    let out = run(imctl()
        .args(["--sdkappid", SDKAPPID, "--secret-key-file"])
        .arg(&other)
        .args(["usersig", "verify", "xiaojun", V1, "--now", "1700000001"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("signature mismatch"), "{out:?}");
    assert!(!out.stderr.contains("not-the-key") && !out.stderr.contains(V1));

    // Verifying needs the key; decoding does not.
    let out = run(imctl().args(["--sdkappid", SDKAPPID, "usersig", "verify", "xiaojun", V1]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("secret key is not set"), "{out:?}");
    let out = run(imctl().args(["--json", "usersig", "decode", V1]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.json()[0]["identifier"], "xiaojun");
}

#[test]
fn verify_refuses_a_usersig_dated_ahead_beyond_the_skew() {
    let dir = TempDir::new("verify-ahead");
    // V1 is dated 1700000000: a day after the check's time.
    let day_before = ["xiaojun", V1, "--now", "1699913600"];
    let out = run(signing(&dir).args(["usersig", "verify"]).args(day_before));
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.stdout, "");
    for part in [
        "dated 1700000000",
        "86400 s after now (1699913600)",
        "at most 300 s",
    ] {
        assert!(out.stderr.contains(part), "{part}: {out:?}");
    }
    // Five minutes ahead is within the default skew; a second more is not.
    let out = run(signing(&dir).args(["usersig", "verify", "xiaojun", V1, "--now", "1699999700"]));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(signing(&dir).args(["usersig", "verify", "xiaojun", V1, "--now", "1699999699"]));
    assert_eq!(out.code, 1, "{out:?}");
    // --max-skew allows more (or less).
    let out = run(signing(&dir)
        .args(["usersig", "verify", "--max-skew", "86400"])
        .args(day_before));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(signing(&dir).args([
        "usersig",
        "verify",
        "--max-skew",
        "0",
        "xiaojun",
        V1,
        "--now",
        "1699999999",
    ]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("at most 0 s"), "{out:?}");
}

#[test]
fn private_map_keys_are_byte_exact() {
    let dir = TempDir::new("pmk");
    let out = run(signing(&dir).args([
        "usersig",
        "private-map-key",
        "xiaojun",
        "--room",
        "10000",
        "--privileges",
        "255",
        "--time",
        "1700000000",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, format!("{V4}\n"));

    let out = run(signing(&dir).args([
        "usersig",
        "private-map-key",
        "xiaojun",
        "--room-str",
        "1000000040",
        "--time",
        "1700000000",
    ]));
    assert_eq!(out.stdout, format!("{V5}\n"), "{out:?}");

    // Its claims carry the userbuf; names work as privileges.
    let out = run(signing(&dir).args([
        "--json",
        "usersig",
        "private-map-key",
        "xiaojun",
        "--room",
        "10000",
        "--privileges",
        "enter,recv-audio,recv-video",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    let line = &out.json()[0];
    assert_eq!(line["privileges"], 42);
    assert_eq!(line["room"], 10000);
    let key = line["private_map_key"].as_str().unwrap().to_owned();
    let out = run(signing(&dir).args(["usersig", "verify", "xiaojun", &key]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("\"userbuf_hex\": \"00"), "{out:?}");

    // A room is required; bad privileges are named.
    let out = run(signing(&dir).args(["usersig", "private-map-key", "xiaojun"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.starts_with("imctl: error:"), "{out:?}");
    let out = run(signing(&dir).args([
        "usersig",
        "private-map-key",
        "xiaojun",
        "--room",
        "1",
        "--privileges",
        "fly",
    ]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("fly"), "{out:?}");
}

#[test]
fn bad_generation_input_is_a_usage_error() {
    let dir = TempDir::new("gen-bad");
    let out = run(signing(&dir).args(["usersig", "gen", "alice", "--userbuf-hex", "12z4"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--userbuf-hex \"12z4\""), "{out:?}");
    let long = "x".repeat(40);
    let out = run(signing(&dir).args(["usersig", "gen", &long]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("40 bytes"), "{out:?}");
    assert!(!out.stderr.contains(DEMO_KEY));
    let out = run(signing(&dir).args(["usersig", "gen", "alice", "--expire", "0"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("expire"), "{out:?}");
}

#[test]
fn the_emulator_flag_signs_with_the_emulator_credentials() {
    let out = run(imctl().args([
        "--emulator",
        "usersig",
        "gen",
        "--time",
        "1700000000",
        "xiaojun",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, format!("{V1}\n"));
    assert!(out.stderr.contains("emulator"), "{out:?}");
    let out = run(imctl().args([
        "--emulator",
        "--quiet",
        "usersig",
        "verify",
        "xiaojun",
        V1,
        "--now",
        "1700000000",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr, "");
}

#[test]
fn completions_for_every_shell_name_the_commands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(imctl().args(["completions", shell]));
        assert_eq!(out.code, 0, "{out:?}");
        for word in ["accounts", "sync", "callbacks", "rate-store"] {
            assert!(out.stdout.contains(word), "{shell} lacks {word}");
        }
    }
    let out = run(imctl().args(["completions", "tcsh"]));
    assert_eq!(out.code, 2, "{out:?}");
}

#[test]
fn the_man_pages_in_docs_are_fresh() {
    let dir = TempDir::new("man");
    let out_dir = dir.path("man");
    let out = run(imctl().args(["man", "--out-dir"]).arg(&out_dir));
    assert_eq!(out.code, 0, "{out:?}");
    let committed = repo_root().join("docs/man");
    let mut names: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert!(
        names.iter().any(|n| n == "imctl-accounts-sync.1"),
        "{names:?}"
    );
    for name in &names {
        let fresh = std::fs::read_to_string(out_dir.join(name)).unwrap();
        let kept = std::fs::read_to_string(committed.join(name)).unwrap_or_default();
        assert!(
            fresh == kept,
            "docs/man/{} is stale: run `cargo xtask codegen`",
            name.to_string_lossy()
        );
    }
    assert_eq!(std::fs::read_dir(&committed).unwrap().count(), names.len());
}
