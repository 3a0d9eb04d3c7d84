//! `imctl usersig ...`: mint, verify and decode UserSigs and PrivateMapKeys (offline).

mod args;

pub(crate) use args::UsersigCommand;
use args::{DecodeArgs, GenArgs, PrivateMapKeyArgs, VerifyArgs};

use std::time::{SystemTime, UNIX_EPOCH};

use im_sig::{Claims, Compression, GenerateOptions, Room, Signer};
use serde::Serialize;

use crate::config::{Credentials, credentials};
use crate::global::Global;
use crate::term::{CliError, Context, EXIT_FAILED, EXIT_OK, json_line, note, report, write_stdout};

/// Runs one `usersig` command.
pub(crate) fn run(global: &Global, command: &UsersigCommand) -> Result<u8, CliError> {
    match command {
        UsersigCommand::Gen(args) => generate(global, args),
        UsersigCommand::Verify(args) => verify(global, args),
        UsersigCommand::Decode(args) => decode(global, args),
        UsersigCommand::PrivateMapKey(args) => private_map_key(global, args),
    }
}

fn signing_credentials(global: &Global) -> Result<Credentials, CliError> {
    let credentials = credentials(global)?;
    if global.emulator && !global.quiet {
        note(&format!(
            "using the embedded emulator's credentials (SDKAppID {}); the UserSig is only good for an emulator",
            credentials.sdkappid
        ));
    }
    Ok(credentials)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// What `usersig gen --json` prints.
#[derive(Serialize)]
struct Generated<'a> {
    identifier: &'a str,
    sdkappid: u64,
    time: u64,
    expire: u64,
    usersig: &'a str,
}

fn generate(global: &Global, args: &GenArgs) -> Result<u8, CliError> {
    let userbuf = args
        .userbuf_hex
        .as_deref()
        .map(|hex| {
            parse_hex(hex)
                .map_err(|e| CliError::usage(Context::new(format!("--userbuf-hex {hex:?}"), e)))
        })
        .transpose()?;
    let credentials = signing_credentials(global)?;
    let signer = Signer::new(credentials.sdkappid, credentials.key);
    let compression = match (args.level, args.deflate) {
        (Some(level), _) => Compression::Deflate(level),
        (None, true) => Compression::Deflate(6),
        (None, false) => Compression::Stored,
    };
    let mut options = GenerateOptions::new().with_compression(compression);
    if let Some(userbuf) = &userbuf {
        options = options.with_userbuf(userbuf);
    }
    let time = args.time.unwrap_or_else(unix_now);
    let usersig = signer
        .generate_with(&args.user_id, args.expire, time, &options)
        .map_err(|e| {
            let what = format!("cannot generate a UserSig for {:?}", args.user_id);
            CliError::usage(Context::new(what, e))
        })?;
    let text = if global.json {
        json_line(&Generated {
            identifier: &args.user_id,
            sdkappid: signer.sdkappid(),
            time,
            expire: args.expire,
            usersig: usersig.as_str(),
        })
    } else {
        format!("{}\n", usersig.as_str())
    };
    Ok(write_stdout(&text).map_or_else(|stop| stop.exit_code(EXIT_OK), |()| EXIT_OK))
}

/// The claims as `verify` and `decode` print them.
#[derive(Serialize)]
struct ClaimsJson<'a> {
    identifier: &'a str,
    sdkappid: u64,
    time: u64,
    expire: u64,
    expires_at: u64,
    userbuf_hex: Option<String>,
}

fn print_claims(global: &Global, claims: &Claims) -> u8 {
    let json = ClaimsJson {
        identifier: &claims.identifier,
        sdkappid: claims.sdkappid,
        time: claims.time,
        expire: claims.expire,
        expires_at: claims.expires_at(),
        userbuf_hex: claims.userbuf.as_deref().map(to_hex),
    };
    let text = if global.json {
        json_line(&json)
    } else {
        crate::term::json_pretty(&json)
    };
    write_stdout(&text).map_or_else(|stop| stop.exit_code(EXIT_OK), |()| EXIT_OK)
}

fn verify(global: &Global, args: &VerifyArgs) -> Result<u8, CliError> {
    let credentials = signing_credentials(global)
        .map_err(|err| err.context("verifying needs the key (`usersig decode` does not)"))?;
    let signer =
        Signer::new(credentials.sdkappid, credentials.key).with_max_skew_secs(args.max_skew);
    let now = args.now.unwrap_or_else(unix_now);
    match signer.verify_at(&args.user_id, args.usersig.trim(), now) {
        Ok(claims) => Ok(print_claims(global, &claims)),
        Err(err) => {
            report(&Context::new("usersig verification failed", err));
            Ok(EXIT_FAILED)
        }
    }
}

fn decode(global: &Global, args: &DecodeArgs) -> Result<u8, CliError> {
    match im_sig::decode(args.usersig.trim()) {
        Ok(claims) => {
            if !global.quiet && !global.json {
                note("decoded WITHOUT checking the signature: use `usersig verify` to trust it");
            }
            Ok(print_claims(global, &claims))
        }
        Err(err) => {
            report(&Context::new("cannot decode the usersig", err));
            Ok(EXIT_FAILED)
        }
    }
}

/// What `usersig private-map-key --json` prints.
#[derive(Serialize)]
struct GeneratedKey<'a> {
    identifier: &'a str,
    sdkappid: u64,
    time: u64,
    expire: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    room: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    room_str: Option<&'a str>,
    privileges: u8,
    private_map_key: &'a str,
}

fn private_map_key(global: &Global, args: &PrivateMapKeyArgs) -> Result<u8, CliError> {
    let credentials = signing_credentials(global)?;
    let signer = Signer::new(credentials.sdkappid, credentials.key);
    let room = match (&args.room, &args.room_str) {
        (Some(id), _) => Room::Numeric(*id),
        (None, Some(s)) => Room::Str(s),
        // clap requires one of the two.
        (None, None) => return Err(CliError::usage("give --room N or --room-str S")),
    };
    let time = args.time.unwrap_or_else(unix_now);
    let key = signer
        .private_map_key_at(&args.user_id, args.expire, &room, args.privileges, time)
        .map_err(|e| {
            let what = format!("cannot generate a PrivateMapKey for {:?}", args.user_id);
            CliError::usage(Context::new(what, e))
        })?;
    let text = if global.json {
        json_line(&GeneratedKey {
            identifier: &args.user_id,
            sdkappid: signer.sdkappid(),
            time,
            expire: args.expire,
            room: args.room,
            room_str: args.room_str.as_deref().filter(|_| args.room.is_none()),
            privileges: args.privileges.bits(),
            private_map_key: key.as_str(),
        })
    } else {
        format!("{}\n", key.as_str())
    };
    Ok(write_stdout(&text).map_or_else(|stop| stop.exit_code(EXIT_OK), |()| EXIT_OK))
}

/// Strict hex: an even number of hex digits, nothing else.
fn parse_hex(hex: &str) -> Result<Vec<u8>, String> {
    if hex.is_empty() {
        return Err("is empty; give two hex digits per byte (e.g. 616263)".to_owned());
    }
    if !hex.len().is_multiple_of(2) {
        return Err(format!(
            "has an odd number of hex digits ({}); give two hex digits per byte",
            hex.len()
        ));
    }
    if let Some((i, c)) = hex.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        return Err(format!("{c:?} at offset {i} is not a hex digit"));
    }
    Ok(hex
        .as_bytes()
        .chunks(2)
        .map(|pair| {
            let digit = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
            digit(pair[0]) << 4 | digit(pair[1])
        })
        .collect())
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_strict() {
        assert_eq!(parse_hex("616263").unwrap(), b"abc");
        assert_eq!(parse_hex("FFfe").unwrap(), [0xff, 0xfe]);
        assert!(parse_hex("abc").unwrap_err().contains("odd"));
        assert!(parse_hex("zz").unwrap_err().contains("'z'"));
        assert!(parse_hex("").is_err());
        assert!(parse_hex("0x00").is_err());
        assert_eq!(to_hex(b"abc"), "616263");
    }
}
