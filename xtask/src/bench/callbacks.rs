//! `cargo xtask bench callbacks`: verified callbacks per second through `imctl callbacks
//! listen`, and the emulator's REST `sendmsg` throughput without callbacks and with
//! `C2C.CallbackBeforeSendMsg` answered at once by that receiver, from wrk.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use super::imctl::{build_imctl, control, emulator_env, start_emulator};
use super::process::{Server, which, wrk_run};
use super::record::{load_average, measured_header, median};
use crate::workspace::project_root;

/// The SDKAppID of the receiver and of the emulator (the emulator's default).
const SDKAPPID: &str = "1400000000";
/// The token callbacks are signed with.
const TOKEN: &str = "bench-callback-token";
/// The account the benched `sendmsg` sends to (named in `wrk-sendmsg.lua`).
const PEER: &str = "bench_peer";
/// The before callback of a one-to-one send.
const BEFORE_SEND: &str = "C2C.CallbackBeforeSendMsg";

/// Runs the three measurements and writes the section.
pub(crate) fn run() -> Result<String, String> {
    let wrk = which("wrk").ok_or(
        "wrk is not installed: `apt-get install -y wrk` (Debian) and run `cargo xtask bench callbacks` again",
    )?;
    let imctl = build_imctl()?;
    let dir = std::env::temp_dir().join(format!("xtask-callbacks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let token_file = dir.join("token");
    std::fs::write(&token_file, TOKEN).map_err(|e| e.to_string())?;
    let before = load_average();
    let measured = (|| {
        let verified = receiver_rates(&wrk, &imctl, &token_file)?;
        let plain = sendmsg_rates(&wrk, &imctl, None)?;
        let receiver = start_receiver(&imctl, &token_file)?;
        let with_callbacks = sendmsg_rates(&wrk, &imctl, Some((&receiver, &token_file)))?;
        Ok::<_, String>((verified, plain, with_callbacks))
    })();
    std::fs::remove_dir_all(&dir).ok();
    let (verified, plain, with_callbacks) = measured?;
    Ok(render(&before, verified, plain, with_callbacks))
}

/// Starts the release `imctl callbacks listen` with the token in `token_file`; its base URL
/// is the server's `found`.
fn start_receiver(imctl: &Path, token_file: &Path) -> Result<Server, String> {
    let mut command = Command::new(imctl);
    command
        .args(["--quiet", "--sdkappid", SDKAPPID, "callbacks", "listen"])
        .arg("--token-file")
        .arg(token_file);
    Server::start(&mut command, |line| {
        line.starts_with("http://").then(|| line.trim().to_owned())
    })
}

/// Three wrk runs of signed `State.StateChange` callbacks against the receiver: the rates.
fn receiver_rates(wrk: &Path, imctl: &Path, token_file: &Path) -> Result<Vec<f64>, String> {
    let mut server = start_receiver(imctl, token_file)?;
    let script = project_root().join("xtask/bench/wrk-callback.lua");
    let mut rates = Vec::new();
    for _ in 0..3 {
        // Signed afresh for each run: the receiver accepts RequestTime within 60 s.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|e| e.to_string())?
            .as_secs();
        let sign = im_callback::sign(&im_callback::Token::new(TOKEN), now);
        let url = format!(
            "{}/cb?SdkAppid={SDKAPPID}&CallbackCommand=State.StateChange&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI&Sign={sign}&RequestTime={now}",
            server.found
        );
        let (rate, text) = wrk_run(wrk, &script, &url)?;
        if let Some(line) = text.lines().find(|l| l.contains("Non-2xx")) {
            return Err(format!("the receiver refused callbacks: {line}"));
        }
        rates.push(rate);
    }
    server.stop();
    Ok(rates)
}

/// The `sendmsg` runs against one fresh emulator.
struct SendRuns {
    /// Requests per second of each run.
    rates: Vec<f64>,
    /// Answers wrk counted, over the runs.
    answered: u64,
    /// `C2C.CallbackBeforeSendMsg` callbacks the emulator sent (0 without a receiver).
    before_callbacks: u64,
    /// Callbacks not delivered when the runs ended (after callbacks dropped from a full queue,
    /// as before callbacks all allowed their sends).
    failed_callbacks: u64,
}

/// Three wrk runs of `sendmsg` against a fresh release `imctl emulator serve` with rate limits
/// off; with `callbacks` (the receiver and its token file) its callbacks go to that receiver,
/// and a before callback without an allowing answer refuses the send (`on_failure` block), so
/// every answer OK means every before callback was answered.
fn sendmsg_rates(
    wrk: &Path,
    imctl: &Path,
    callbacks: Option<(&Server, &Path)>,
) -> Result<SendRuns, String> {
    let mut args = vec!["--rate-limit".to_owned(), "off".to_owned()];
    if let Some((receiver, token_file)) = callbacks {
        args.push("--callback-url".to_owned());
        args.push(format!("{}/im/callback", receiver.found));
        args.push("--callback-token-file".to_owned());
        args.push(token_file.display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut emulator = start_emulator(imctl, &args)?;
    let base = emulator.found.clone();
    if callbacks.is_some() {
        control(
            &base,
            "POST",
            "/_emulator/callbacks",
            r#"{"on_failure":"block"}"#,
        )?;
    }
    import_peer(imctl, &base)?;
    let usersig = control(&base, "GET", "/_emulator/usersig", "")?["usersig"]
        .as_str()
        .ok_or("GET /_emulator/usersig answered no usersig")?
        .to_owned();
    let url = format!(
        "{base}/v4/openim/sendmsg?sdkappid={SDKAPPID}&identifier=administrator&usersig={usersig}&random=99999999&contenttype=json"
    );
    let script = project_root().join("xtask/bench/wrk-sendmsg.lua");
    let mut runs = SendRuns {
        rates: Vec::new(),
        answered: 0,
        before_callbacks: 0,
        failed_callbacks: 0,
    };
    for _ in 0..3 {
        let (rate, text) = wrk_run(wrk, &script, &url)?;
        runs.answered += all_ok(&text)?;
        runs.rates.push(rate);
    }
    let stats = control(&base, "GET", "/_emulator/stats", "")?;
    runs.before_callbacks = stats["callbacks"]["by_command"][BEFORE_SEND]
        .as_u64()
        .unwrap_or(0);
    runs.failed_callbacks = stats["callbacks"]["failed"].as_u64().unwrap_or(0);
    emulator.stop();
    if callbacks.is_some() && runs.before_callbacks < runs.answered {
        return Err(format!(
            "{} {BEFORE_SEND} callbacks for {} answered sends",
            runs.before_callbacks, runs.answered
        ));
    }
    Ok(runs)
}

/// Imports the account the sends go to, through `imctl api`.
fn import_peer(imctl: &Path, base: &str) -> Result<(), String> {
    let mut command = Command::new(imctl);
    emulator_env(&mut command)
        .args([
            "--quiet",
            "--json",
            "--endpoint",
            base,
            "api",
            "account_import",
        ])
        .args(["--body", &format!(r#"{{"UserID":"{PEER}"}}"#)]);
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() || !stdout.contains(r#""ActionStatus":"OK""#) {
        return Err(format!(
            "imctl api account_import exited with {}: {stdout}{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(())
}

/// Checks that wrk saw every answer HTTP 200 with ActionStatus OK and no socket error; the
/// number of answers.
fn all_ok(text: &str) -> Result<u64, String> {
    if let Some(line) = text
        .lines()
        .find(|l| l.contains("Non-2xx") || l.contains("Socket errors"))
    {
        return Err(format!("sendmsg failed: {line}\n{text}"));
    }
    match text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Failed answers:"))
        .and_then(|n| n.trim().parse::<u64>().ok())
    {
        Some(0) => {}
        Some(n) => {
            return Err(format!(
                "{n} sendmsg answers were not ActionStatus OK\n{text}"
            ));
        }
        None => return Err(format!("wrk-sendmsg.lua printed no failure count:\n{text}")),
    }
    text.lines()
        .find_map(|l| l.trim().split_once(" requests in "))
        .and_then(|(n, _)| n.trim().parse::<u64>().ok())
        .ok_or_else(|| format!("no request count in wrk's output:\n{text}"))
}

/// The section: the receiver's rate, then the two `sendmsg` rates and their ratio.
fn render(
    before: &str,
    mut verified: Vec<f64>,
    mut plain: SendRuns,
    mut with_callbacks: SendRuns,
) -> String {
    let runs = |rates: &[f64]| {
        rates
            .iter()
            .map(|r| format!("{r:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (verified_runs, plain_runs, callback_runs) = (
        runs(&verified),
        runs(&plain.rates),
        runs(&with_callbacks.rates),
    );
    let rate = median(&mut verified);
    let plain_rate = median(&mut plain.rates);
    let callback_rate = median(&mut with_callbacks.rates);
    let mut out = measured_header(before);
    out.push_str("Command: `cargo xtask bench callbacks`. Three runs of `wrk -t1 -c32 -d5s` each, keep-alive; wrk shares the two cores with the servers.\n\n");
    out.push_str("- Receiver: the release `imctl callbacks listen` with a token, its stdout read through a pipe; \
`wrk -s xtask/bench/wrk-callback.lua` posts a signed `State.StateChange` that is verified (SdkAppid, Sign in constant \
time, RequestTime), decoded, printed as a JSON line and answered; every answer HTTP 200. Goal: at least 20,000/s.\n");
    out.push_str("- REST `sendmsg`: a fresh release `imctl emulator serve --rate-limit off` each time, one account imported \
(`imctl --endpoint URL api account_import`), the admin's UserSig from `GET /_emulator/usersig`; \
`wrk -s xtask/bench/wrk-sendmsg.lua` posts a one-to-one `sendmsg` (admin to that account, one text element, \
its own `MsgRandom` and no `MsgSeq`, so none is a duplicate) to the signed URL; every answer HTTP 200 with \
ActionStatus OK (the script counts the others). Without callbacks; then with `--callback-url` on a \
running `imctl callbacks listen` (answering allow at once) and `--callback-token-file`, so each send waits for \
`C2C.CallbackBeforeSendMsg`'s answer (and queues `C2C.CallbackAfterSendMsg`), with `on_failure` block \
(`POST /_emulator/callbacks`) so that an unanswered before callback would refuse the send.\n\n");
    let _ = writeln!(
        out,
        "| Figure | Median of 3 | Runs |\n|---|---:|---|\n| verified callbacks/s (`callbacks listen`) | {rate:.0} | {verified_runs} |"
    );
    let _ = writeln!(
        out,
        "| REST `sendmsg`/s, no callbacks | {plain_rate:.0} | {plain_runs} |"
    );
    let _ = writeln!(
        out,
        "| REST `sendmsg`/s, before callback answered at once | {callback_rate:.0} | {callback_runs} |"
    );
    let _ = write!(
        out,
        "\nWith the before callback, `sendmsg` runs at {:.0} % of its rate without callbacks ({:.2}x slower); \
the emulator sent {} `{BEFORE_SEND}` callbacks for {} answered sends, and {} callbacks were not delivered \
(`failed` in `GET /_emulator/stats`: `C2C.CallbackAfterSendMsg` dropped from its full queue, the before ones \
having all allowed their sends).\n",
        callback_rate / plain_rate * 100.0,
        plain_rate / callback_rate,
        with_callbacks.before_callbacks,
        with_callbacks.answered,
        with_callbacks.failed_callbacks
    );
    out
}
