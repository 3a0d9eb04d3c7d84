//! `im-fuzz`: bounded mutation fuzzing on stable Rust, for the three decoders that face
//! untrusted bytes. Run it through `cargo xtask fuzz [--seconds N] [--seed S] [TARGET...]`
//! (targets: `responses`, `usersig`, `input`; default all three, sharing the time).
//!
//! Each target mutates a corpus (the API fixtures' responses, generated UserSigs, input lines)
//! and checks properties beyond "no panic": exact accounting for bulk jobs, no changed UserSig
//! verifying, one outcome per input line. A failure prints the seed and what to rerun; the
//! exit code is 1. proptest keeps guarding the same properties in CI.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

mod input;
mod mutate;
mod responses;
mod summary;
mod usersig;

struct Args {
    seconds: u64,
    seed: u64,
    imctl: Option<PathBuf>,
    fixtures: PathBuf,
    targets: Vec<String>,
}

fn parse() -> Result<Args, String> {
    let mut args = Args {
        seconds: 30,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        imctl: None,
        fixtures: PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../crates/im-proto/tests/fixtures"
        )),
        targets: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--seconds" => {
                args.seconds = value("--seconds")?
                    .parse()
                    .map_err(|e| format!("--seconds: {e}"))?
            }
            "--seed" => {
                args.seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--imctl" => args.imctl = Some(PathBuf::from(value("--imctl")?)),
            "--fixtures" => args.fixtures = PathBuf::from(value("--fixtures")?),
            "responses" | "usersig" | "input" => args.targets.push(arg),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if args.targets.is_empty() {
        args.targets = vec!["responses".into(), "usersig".into(), "input".into()];
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("im-fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    let share = Duration::from_secs(args.seconds) / args.targets.len() as u32;
    println!(
        "im-fuzz: seed {}, {} s per target",
        args.seed,
        share.as_secs_f64()
    );
    for target in &args.targets {
        let result = match target.as_str() {
            "responses" => responses::run(&args.fixtures, share, args.seed),
            "usersig" => usersig::run(share, args.seed),
            _ => match &args.imctl {
                Some(imctl) => input::run(imctl, share, args.seed),
                None => {
                    Err("the input target needs --imctl PATH (cargo xtask fuzz passes it)".into())
                }
            },
        };
        match result {
            Ok(summary) => println!("{summary}"),
            Err(e) => {
                eprintln!(
                    "im-fuzz: {target} FAILED: {e}\nrerun: cargo xtask fuzz --seed {} {target}",
                    args.seed
                );
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
