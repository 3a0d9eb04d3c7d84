//! im-sig's side of `cargo xtask bench peers`: times UserSig generation and verification in
//! a process of its own, with the same inputs as the official libraries' drivers, and
//! verifies their UserSigs.
//!
//! ```text
//! cargo run --release -p im-sig --example sigbench -- bench N stored|deflate6
//!     N generations, then N verifications of one of them, each loop after N/10 warm-up
//!     calls; prints {"version","form","n","gen_ns","verify_ns","sample"} as one JSON line.
//! cargo run --release -p im-sig --example sigbench -- verify IDENTIFIER USERSIG
//!     verifies USERSIG at the current time; prints {"ok":true} or {"ok":false,"error":...}
//!     and exits with 0 or 1.
//! ```
//!
//! Inputs: SDKAppID 1400000000, the official examples' demo key, expire 86400 and, for
//! `bench`, the identifier `bench_user_01`. Generation and verification read the system clock
//! on every call, as the official libraries do.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

use im_sig::{Compression, GenerateOptions, SecretKey, Signer};

const SDKAPPID: u64 = 1_400_000_000;
const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const IDENTIFIER: &str = "bench_user_01";
const EXPIRE: u64 = 86_400;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let signer = Signer::new(SDKAPPID, SecretKey::new(KEY));
    match args.as_slice() {
        ["bench", n, form] => {
            let compression = match *form {
                "stored" => Compression::Stored,
                "deflate6" => Compression::Deflate(6),
                _ => return usage(),
            };
            match n.parse::<u64>() {
                Ok(n) if n > 0 => {
                    println!("{}", bench(&signer, n, form, compression));
                    ExitCode::SUCCESS
                }
                _ => usage(),
            }
        }
        ["verify", identifier, usersig] => match signer.verify(identifier, usersig) {
            Ok(_) => {
                println!(r#"{{"ok":true}}"#);
                ExitCode::SUCCESS
            }
            Err(e) => {
                println!(r#"{{"ok":false,"error":{:?}}}"#, e.to_string());
                ExitCode::FAILURE
            }
        },
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: sigbench bench N stored|deflate6 | sigbench verify IDENTIFIER USERSIG");
    ExitCode::from(2)
}

/// Times generation and verification in one form and renders the JSON line.
fn bench(signer: &Signer, n: u64, form: &str, compression: Compression) -> String {
    let opts = GenerateOptions::new().with_compression(compression);
    let generate = || {
        signer
            .generate_with(black_box(IDENTIFIER), EXPIRE, unix_now(), &opts)
            .expect("the fixed inputs are valid")
    };
    let gen_ns = time_per_op(n, || {
        black_box(generate());
    });
    let sample = generate();
    let verify_ns = time_per_op(n, || {
        let claims = signer
            .verify(black_box(IDENTIFIER), black_box(sample.as_str()))
            .expect("a fresh UserSig verifies");
        black_box(claims);
    });
    // The UserSig alphabet (A-Z a-z 0-9 * - _) needs no JSON escaping.
    format!(
        r#"{{"version":"{}","form":"{form}","n":{n},"gen_ns":{gen_ns:.1},"verify_ns":{verify_ns:.1},"sample":"{}"}}"#,
        env!("CARGO_PKG_VERSION"),
        sample.as_str()
    )
}

/// Runs `op` `n / 10` times to warm up, then `n` times; returns the mean ns per call.
fn time_per_op(n: u64, mut op: impl FnMut()) -> f64 {
    for _ in 0..n / 10 {
        op();
    }
    let start = Instant::now();
    for _ in 0..n {
        op();
    }
    start.elapsed().as_nanos() as f64 / n as f64
}

/// The system clock in Unix seconds, read as `Signer::generate` reads it (`generate_with`,
/// needed to choose the form, takes the time as an argument).
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
