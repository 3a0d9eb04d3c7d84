//! Exit codes 2 (usage, configuration), 3 (credentials refused) and 4 (unreachable), with
//! one-line errors.

use crate::support::{DEMO_KEY, SDKAPPID, TempDir, TestEmulator, imctl, run};

/// Exactly one error line on stderr (beside a job's summary, which is talk there too).
fn assert_one_error_line(stderr: &str, expected: &str) {
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("imctl: error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains(expected),
        "{stderr:?} lacks {expected:?}"
    );
}

#[test]
fn missing_configuration_is_exit_2() {
    let out = run(imctl()
        .env("IM_SECRET_KEY", DEMO_KEY)
        .args(["accounts", "check", "alice"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stdout, "");
    assert_one_error_line(
        &out.stderr,
        "the SDKAppID is not set: pass --sdkappid or set IM_SDKAPPID",
    );

    let out = run(imctl().args(["--sdkappid", SDKAPPID, "accounts", "check", "alice"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(&out.stderr, "the secret key is not set");

    let out = run(imctl()
        .env("IM_SDKAPPID", "not-a-number")
        .args(["accounts", "check", "alice"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(&out.stderr, "not-a-number");

    let out = run(imctl().args([
        "--sdkappid",
        SDKAPPID,
        "--secret-key-file",
        "/nonexistent/imctl.key",
        "usersig",
        "gen",
        "a",
    ]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(
        &out.stderr,
        "cannot read the secret key file /nonexistent/imctl.key: No such file or directory",
    );
}

#[test]
fn unreadable_files_and_bad_flags_are_exit_2() {
    let emu = TestEmulator::start();
    let out = run(emu
        .imctl()
        .args(["accounts", "import", "--file", "/nonexistent/accounts.txt"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(
        &out.stderr,
        "cannot read the file /nonexistent/accounts.txt: No such file or directory",
    );
    let dir = TempDir::new("dir-as-file");
    let out = run(emu
        .imctl()
        .args(["accounts", "import", "--file"])
        .arg(dir.path("")));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(&out.stderr, "is a directory");

    let out = run(emu.imctl().args(["accounts", "import", "--bogus", "a"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(&out.stderr, "unexpected argument '--bogus'");

    let out = run(emu.imctl().args(["accounts", "import"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(&out.stderr, "no accounts given");

    let out = run(emu.imctl().args(["accounts", "import", "a", "--rate", "0"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(&out.stderr, "--rate");

    // A bad UserID is a bad item, as in every job: reported, counted, exit 1.
    let out = run(emu.imctl().args(["accounts", "kick", &"k".repeat(33)]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("at most 32 bytes"), "{out:?}");

    let out = run(emu
        .imctl()
        .args(["--admin", "a", "--admin", "b", "accounts", "check", "x"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(&out.stderr, "--admin was given 2 times");

    let out = run(emu.imctl().args([
        "--endpoint",
        "ftp://example.invalid",
        "accounts",
        "check",
        "x",
    ]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(&out.stderr, "ftp://example.invalid");

    let out = run(&mut imctl());
    assert_eq!(out.code, 2, "{out:?}");
    let out = run(imctl().arg("--help"));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("Exit codes:"), "{out:?}");
}

#[test]
fn region_and_endpoint_conflict() {
    let out = run(imctl().args([
        "--region",
        "china",
        "--endpoint",
        "http://127.0.0.1:9",
        "--sdkappid",
        SDKAPPID,
        "accounts",
        "check",
        "a",
    ]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(&out.stderr, "--region and --endpoint conflict");

    let out = run(imctl()
        .env("IM_REGION", "china")
        .env("IM_ENDPOINT", "http://127.0.0.1:9")
        .args(["--sdkappid", SDKAPPID, "accounts", "check", "a"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(&out.stderr, "IM_REGION and IM_ENDPOINT");

    let out = run(imctl().args(["--region", "mars", "accounts", "check", "a"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(&out.stderr, "mars");

    // A flag overrides the other setting's environment variable.
    let emu = TestEmulator::start();
    let out = run(emu.imctl().env("IM_REGION", "china").args([
        "--endpoint",
        &emu.url(),
        "accounts",
        "check",
        "a",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn refused_credentials_are_exit_3_and_never_print_the_key() {
    let emu = TestEmulator::start();
    let wrong = "0000000000000000000000000000000000000000000000000000000000000000";
    let ids: Vec<String> = (0..250).map(|i| format!("u{i}")).collect();
    let out = run(emu
        .imctl()
        .env("IM_SECRET_KEY", wrong)
        .args(["accounts", "import"])
        .args(&ids));
    assert_eq!(out.code, 3, "{out:?}");
    assert!(
        out.stderr
            .contains("import: 0 succeeded, 250 failed of 250"),
        "{out:?}"
    );
    assert!(out.stdout.contains("70009"), "{out:?}");
    // One line for the first account, a count for the rest.
    assert!(
        out.stderr
            .contains("and 249 more accounts failed with the same error"),
        "{out:?}"
    );
    assert_one_error_line(&out.stderr, "the service refused the credentials");
    assert!(out.stderr.contains("70009"), "{out:?}");
    for text in [&out.stdout, &out.stderr] {
        assert!(!text.contains(wrong) && !text.contains(DEMO_KEY), "{text}");
    }
    assert_eq!(emu.emulator().account_count(), 0);

    let out = run(emu
        .imctl()
        .env("IM_SECRET_KEY", wrong)
        .args(["--json", "accounts", "kick", "a"]));
    assert_eq!(out.code, 3, "{out:?}");
    assert_eq!(out.json()[0]["code"], 70009);

    // An admin the service does not know is refused too.
    let out = run(emu
        .imctl()
        .args(["--admin", "intruder", "accounts", "check", "a"]));
    assert_eq!(out.code, 3, "{out:?}");
}

#[test]
fn plain_http_to_a_remote_host_is_a_configuration_error() {
    let out = run(imctl().env("IM_SECRET_KEY", "k").args([
        "--sdkappid",
        "1",
        "--endpoint",
        "http://10.0.0.1:1",
        "accounts",
        "check",
        "a",
    ]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("plain http"), "{out:?}");
    assert_eq!(out.stderr.lines().count(), 1, "{out:?}");
}

#[test]
fn an_unreachable_endpoint_stops_early_says_so_once_and_exits_4() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", free.local_addr().unwrap());
    drop(free);
    let dir = TempDir::new("unreachable");
    let ids: Vec<String> = (0..3000).map(|i| format!("u{i:05}")).collect();
    let file = dir.write("ids.txt", &ids.join("\n"));
    let out = run(imctl()
        .env("IM_SECRET_KEY", DEMO_KEY)
        .args(["--sdkappid", SDKAPPID, "--endpoint", &url])
        .args(["accounts", "import", "--file"])
        .arg(&file));
    assert_eq!(out.code, 4, "{out:?}");
    let failed_lines = out
        .stdout
        .lines()
        .filter(|l| l.contains(": failed: "))
        .count();
    assert_eq!(failed_lines, 1, "one line for one error: {}", out.stdout);
    assert!(
        out.stderr
            .contains("... and 2999 more accounts failed with the same error"),
        "{out:?}"
    );
    assert!(
        out.stderr.contains("0 succeeded, 3000 failed of 3000"),
        "{out:?}"
    );
    assert_one_error_line(&out.stderr, "service unreachable: no request reached");
    // A few quick attempts per request while nothing ever answered, not the whole budget.
    let requests = out
        .stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("requests: "))
        .expect("a requests line");
    let numbers: Vec<u64> = requests
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let (sent, retries) = (numbers[0], numbers[1]);
    assert!(retries <= 2 * (sent - retries), "{requests}");
}

#[test]
fn https_proxy_is_honoured_and_never_sees_the_query() {
    use std::io::{Read, Write};
    let proxy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
    let seen = std::thread::spawn(move || {
        let (mut stream, _) = proxy.accept().unwrap();
        let mut request = [0u8; 256];
        let n = stream.read(&mut request).unwrap_or(0);
        let _ = stream.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        String::from_utf8_lossy(&request[..n]).into_owned()
    });
    let out = run(imctl()
        .env("IM_SECRET_KEY", DEMO_KEY)
        .env("HTTPS_PROXY", &proxy_url)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .args(["--sdkappid", SDKAPPID, "--endpoint", "https://127.0.0.2:9"])
        .args(["accounts", "check", "a", "--max-attempts", "1"]));
    assert_ne!(out.code, 0, "{out:?}");
    let request = seen.join().unwrap();
    assert!(
        request.starts_with("CONNECT 127.0.0.2:9 HTTP/1.1"),
        "the request went through the proxy: {request:?}"
    );
    assert!(
        !request.contains("usersig"),
        "the proxy never sees the query: {request}"
    );
}

/// A config file with the profiles `local` (the default: `emu`'s credentials and endpoint)
/// and `inline` (a key written in it, which is refused).
fn profiles_file(dir: &TempDir, emu: &TestEmulator) -> std::path::PathBuf {
    let key = dir.write("key", DEMO_KEY);
    dir.write(
        "config.toml",
        &format!(
            "default = \"local\"\n\n[profiles.local]\nsdkappid = {SDKAPPID}\nsecret_key_file = {:?}\nadmin = \"administrator\"\nendpoint = {:?}\n\n[profiles.inline]\nsdkappid = 1\nsecret_key = \"oops\"\n",
            key.display().to_string(),
            emu.url()
        ),
    )
}

#[test]
fn profiles_fill_what_flags_and_environment_leave_unset() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("profiles");
    let config = profiles_file(&dir, &emu);
    let with_config = || {
        let mut cmd = imctl();
        cmd.env("IMCTL_CONFIG", &config);
        cmd
    };
    // The default profile: no flag, no variable.
    let out = run(with_config().args(["accounts", "import", "from_profile"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(emu.user_ids(), ["from_profile"]);
    // Named explicitly, and through IM_PROFILE.
    let out = run(with_config().args(["--profile", "local", "accounts", "check", "from_profile"]));
    assert_eq!(out.code, 0, "{out:?}");
    let out =
        run(with_config()
            .env("IM_PROFILE", "local")
            .args(["accounts", "check", "from_profile"]));
    assert_eq!(out.code, 0, "{out:?}");
    // A flag wins over the profile.
    let out = run(with_config().args(["--sdkappid", "1400000001", "accounts", "check", "x"]));
    assert_eq!(out.code, 3, "another app's SDKAppID is refused: {out:?}");
    // A missing profile, and a key inline, are usage errors.
    let out = run(with_config().args(["--profile", "nope", "accounts", "check", "x"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(&out.stderr, "no context \"nope\"");
    let out = run(with_config().args(["--profile", "inline", "accounts", "check", "x"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(&out.stderr, "holds secret_key inline");
    assert!(!out.stderr.contains("oops"), "{out:?}");

    // The current names: --context, IM_CONTEXT, IM_CONFIG, [contexts.NAME].
    let current = dir.write(
        "current.toml",
        &format!(
            "[contexts.dev]\nsdkappid = {SDKAPPID}\nsecret_key_file = {:?}\nendpoint = {:?}\n",
            dir.path("key").display().to_string(),
            emu.url()
        ),
    );
    let out = run(imctl().env("IM_CONFIG", &current).args([
        "--context",
        "dev",
        "accounts",
        "check",
        "from_profile",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(imctl()
        .env("IM_CONFIG", &current)
        .env("IM_CONTEXT", "dev")
        .args(["accounts", "check", "from_profile"]));
    assert_eq!(out.code, 0, "{out:?}");
    // A config file named but missing is said, not ignored.
    let out = run(imctl()
        .env("IM_CONFIG", dir.path("missing.toml"))
        .args(["accounts", "check", "x"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_one_error_line(&out.stderr, "missing.toml");
    // --emulator keeps its own credentials over the default context.
    let out = run(with_config().args(["--emulator", "accounts", "import", "emulated"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        emu.emulator().account("emulated").is_none(),
        "not the context's endpoint"
    );
    // IM_CONFIG wins over the earlier IMCTL_CONFIG.
    let out = run(with_config().env("IM_CONFIG", &current).args([
        "--context",
        "dev",
        "accounts",
        "check",
        "from_profile",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn version_names_the_build_and_timeout_bounds_each_request() {
    let out = run(imctl().arg("--version"));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.starts_with("imctl 0."), "{out:?}");
    assert!(out.stdout.contains("rate store: redis"), "{out:?}");

    let emu = TestEmulator::with(
        im_emulator::Emulator::builder()
            .api_fault_rule(
                im_proto::Api::AccountCheck,
                im_emulator::FaultRule::new()
                    .probability(1.0)
                    .kinds([im_emulator::FaultKind::Stall]),
            )
            .stall_duration(std::time::Duration::from_secs(20)),
    );
    let out = run(emu.imctl().args([
        "--timeout",
        "1",
        "accounts",
        "check",
        "a",
        "--max-attempts",
        "1",
    ]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("timed out"), "{out:?}");
    let out = run(emu
        .imctl()
        .args(["--timeout", "0", "accounts", "check", "a"]));
    assert_eq!(out.code, 2, "{out:?}");
}
