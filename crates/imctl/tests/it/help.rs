//! Help that fits a screen, durations in one form, tips that point at the right thing.

use crate::support::{TestEmulator, imctl, run};

#[test]
fn a_commands_help_fits_a_screen_and_names_the_global_options_once() {
    for command in [
        &["accounts", "import"][..],
        &["accounts", "delete"],
        &["accounts", "check"],
        &["accounts", "sync"],
        &["profile", "get"],
        &["usersig", "gen"],
        &["callbacks", "listen"],
    ] {
        let out = run(imctl().args(command).arg("--help"));
        assert_eq!(out.code, 0, "{out:?}");
        let lines = out.stdout.lines().count();
        assert!(lines <= 40, "{command:?}: {lines} lines: {}", out.stdout);
        assert!(!out.stdout.contains("--rate-fallback-share"), "{command:?}");
        assert!(
            out.stdout.contains("`imctl options` lists them"),
            "{command:?}"
        );
    }
    let out = run(imctl().arg("options"));
    assert_eq!(out.code, 0, "{out:?}");
    for flag in [
        "--json",
        "--quiet",
        "--verbose",
        "--timeout <DURATION>",
        "--rate-fallback-share",
    ] {
        assert!(out.stdout.contains(flag), "{flag}: {}", out.stdout);
    }
    // What --file reads is said for each command.
    let import = run(imctl().args(["accounts", "import", "--help"])).stdout;
    let delete = run(imctl().args(["accounts", "delete", "--help"])).stdout;
    assert!(import.contains("\"Nick\" and \"FaceUrl\""), "{import}");
    assert!(!delete.contains("Nick"), "{delete}");
}

#[test]
fn durations_take_units_and_the_old_bare_forms_still_work() {
    let emu = TestEmulator::start();
    for timeout in ["30s", "1500ms", "1m", "30"] {
        let out = run(emu
            .imctl()
            .args(["--timeout", timeout, "accounts", "check", "a"]));
        assert_eq!(out.code, 0, "--timeout {timeout}: {out:?}");
    }
    let out = run(emu
        .imctl()
        .args(["--timeout", "2h", "accounts", "check", "a"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("not between 1s and 1h"), "{out:?}");
    let out = run(emu
        .imctl()
        .args(["--timeout", "soon", "accounts", "check", "a"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("e.g. 30s, 250ms"), "{out:?}");

    let sig = |expire: &str| {
        let out = run(imctl()
            .env("IM_SECRET_KEY", crate::support::DEMO_KEY)
            .args(["--sdkappid", "1400000000", "--json", "usersig", "gen", "a"])
            .args(["--time", "1700000000", "--expire", expire]));
        assert_eq!(out.code, 0, "--expire {expire}: {out:?}");
        out.json()[0]["expire"].as_u64().unwrap()
    };
    assert_eq!(sig("86400"), 86_400);
    assert_eq!(sig("1d"), 86_400);
    assert_eq!(sig("180d"), 15_552_000);

    // The emulator's milliseconds flags keep their names and bare numbers.
    for args in [
        &["--latency", "5ms", "--jitter", "1ms", "--stall", "2s"][..],
        &[
            "--latency-ms",
            "5",
            "--jitter-ms",
            "1",
            "--stall-ms",
            "2000",
        ],
        &[
            "--idle-timeout",
            "45s",
            "--header-timeout-ms",
            "30000",
            "--body-timeout",
            "1m",
        ],
    ] {
        let out = run(imctl()
            .args([
                "emulator",
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--seed",
                "x",
            ])
            .args(args));
        // --seed x is refused after the durations were accepted: nothing is served.
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(out.stderr.contains("--seed"), "{args:?}: {out:?}");
    }
}

#[test]
fn a_mistyped_command_gets_the_tip_that_fits() {
    let out = run(imctl().args(["import", "alice"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("did you mean `imctl accounts import`?"),
        "{out:?}"
    );
    let out = run(imctl().args(["json", "accounts", "check", "a"]));
    assert!(out.stderr.contains("--json is an option"), "{out:?}");
}
