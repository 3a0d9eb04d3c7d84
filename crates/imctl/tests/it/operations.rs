//! `imctl mute set|get` and `imctl app info|history` against the emulator: the mute a
//! simulated client then meets, the operations data, and history files downloaded.

use im_emulator::Account;
use serde_json::{Value, json};

use crate::support::{TempDir, TestEmulator, run};

fn with_amy() -> TestEmulator {
    let emu = TestEmulator::start();
    emu.emulator().insert_account(Account::new("amy"));
    emu.emulator().insert_account(Account::new("ben"));
    emu
}

#[test]
fn mute_set_then_get_as_a_user_types_them() {
    let emu = with_amy();
    let now = emu.emulator().now();
    emu.emulator().set_fixed_now(Some(now));
    let out = run(emu
        .imctl()
        .args(["mute", "set", "amy", "--c2c", "1h", "--group", "forever"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "amy: c2c muted for 1h\namy: group muted forever\n"
    );
    emu.emulator().set_fixed_now(Some(now + 600));
    let out = run(emu.imctl().args(["mute", "get", "amy"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "c2c: muted for 50m\ngroup: muted forever\n");
    let out = run(emu.imctl().args(["--json", "mute", "get", "amy"]));
    assert_eq!(
        out.json(),
        [json!({"C2CmsgNospeakingTime": 3000, "GroupmsgNospeakingTime": 4294967295u32})]
    );
    let out = run(emu.imctl().args(["mute", "set", "amy", "--c2c", "0"]));
    assert_eq!(out.code, 0, "{out:?}");
    let out = run(emu.imctl().args(["--json", "mute", "get", "amy"]));
    assert_eq!(out.json()[0]["C2CmsgNospeakingTime"], 0);
    let out = run(emu
        .imctl()
        .args(["--json", "mute", "set", "ben", "--group", "3600"]));
    assert_eq!(
        out.json(),
        [json!({"Set_Account": "ben", "GroupmsgNospeakingTime": 3600})]
    );
}

#[test]
fn a_muted_client_meets_the_mute_imctl_set() {
    let emu = with_amy();
    let out = run(emu.imctl().args(["mute", "set", "amy", "--c2c", "10m"]));
    assert_eq!(out.code, 0, "{out:?}");
    let post = |path: &str, body: Value| {
        let path = format!("/_emulator/clients/amy/{path}");
        let (status, text) = crate::callbacks::post(&emu.url(), &path, &body.to_string());
        assert_eq!(status, 200, "{text}");
        let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        serde_json::from_str::<Value>(body).unwrap_or_else(|e| panic!("{e}: {text}"))
    };
    post("login", json!({"Platform": "Web"}));
    let send = json!({"To_Account": "ben", "MsgBody": [{"MsgType": "TIMTextElem",
        "MsgContent": {"Text": "hi"}}]});
    assert_eq!(post("c2c_msg", send)["ErrorCode"], 20012);
}

#[test]
fn mute_refuses_bad_input_before_sending() {
    let emu = with_amy();
    for args in [
        vec!["mute", "set", "amy"],
        vec!["mute", "set", "amy", "--c2c", "soon"],
        vec!["mute", "set", "amy", "--group", "1.5s"],
        vec!["mute", "set", "amy", "--c2c", "200y"],
    ] {
        let out = run(emu.imctl().args(&args));
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
    }
    let stats = emu.emulator().stats();
    assert_eq!(stats.requests(im_proto::Api::Setnospeaking), 0);
}

#[test]
fn app_info_prints_today_s_fields() {
    let emu = with_amy();
    let out = run(emu
        .imctl()
        .args(["app", "info", "--field", "RegistUserNumTotal"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "RegistUserNumTotal 2\n\n");
    let out = run(emu.imctl().args(["--json", "app", "info"]));
    let days = out.json();
    assert_eq!(days.len(), 1, "{out:?}");
    assert_eq!(days[0]["RegistUserNumTotal"], "2");
    assert!(days[0]["Date"].as_str().unwrap().len() == 8, "{days:?}");
}

#[test]
fn app_history_lists_and_downloads_an_hour_s_files() {
    let emu = with_amy();
    let hour = beijing_hour(emu.emulator().now() - 7200);
    let (date, h) = hour.split_at(8);
    let out = run(emu.imctl().args([
        "app", "history", "--type", "group", "--date", date, "--hour", h,
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    let expected = format!("{}/_emulator/history/Group/{hour}.gz\n", emu.url());
    assert_eq!(out.stdout, expected);

    let dir = TempDir::new("app-history");
    let target = dir.path("files");
    let out = run(emu
        .imctl()
        .args([
            "--json",
            "app",
            "history",
            "--type",
            "c2c",
            "--date",
            date,
            "--hour",
            h,
            "--download",
        ])
        .arg(&target));
    assert_eq!(out.code, 0, "{out:?}");
    let files = out.json();
    assert_eq!(files.len(), 1, "{out:?}");
    let saved = std::fs::read(target.join(format!("{hour}.gz"))).unwrap();
    let served = emu
        .emulator()
        .history_file(&format!("C2C/{hour}.gz"))
        .unwrap();
    assert_eq!(saved, served);
    assert_eq!(files[0]["GzipSize"], saved.len());

    let later = beijing_hour(emu.emulator().now() + 3600);
    let (date, h) = later.split_at(8);
    let out = run(emu.imctl().args([
        "app", "history", "--type", "c2c", "--date", date, "--hour", h,
    ]));
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{out:?}");
    let out = run(emu.imctl().args([
        "app", "history", "--type", "c2c", "--date", date, "--hour", "24",
    ]));
    assert_eq!(out.code, 2, "{out:?}");
}

/// `unix` as a Beijing-time hour, `YYYYMMDDHH` (the civil-from-days algorithm).
pub(crate) fn beijing_hour(unix: u64) -> String {
    let secs = unix + 8 * 3600;
    let (days, hour) = ((secs / 86_400) as i64, secs % 86_400 / 3600);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}{month:02}{day:02}{hour:02}")
}

#[test]
fn beijing_hours_are_written_as_msg_time() {
    assert_eq!(beijing_hour(1_448_974_800), "2015120121");
}
