//! The credentials to sign with: the SDKAppID, the admin and the secret key (from a small file
//! or the environment, never the command line), or the embedded emulator's; the callback token.

use std::path::Path;

use im_callback::Token;
use im_emulator::{DEFAULT_ADMIN, DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY};
use im_sig::SecretKey;
use zeroize::Zeroizing;

use crate::files::read_capped;
use crate::global::Global;
use crate::term::{BoxError, CliError, Context};

/// The credentials of one app.
pub(crate) struct Credentials {
    /// The SDKAppID.
    pub(crate) sdkappid: u64,
    /// The secret key.
    pub(crate) key: SecretKey,
    /// The admin identifier.
    pub(crate) admin: String,
}

/// The secret key from `--secret-key-file`, else `IM_SECRET_KEY`; `None` when neither is set.
///
/// # Errors
///
/// Exit 2 naming the file and the OS error when the file cannot be read, or is empty.
pub(crate) fn secret_key(global: &Global) -> Result<Option<SecretKey>, CliError> {
    if let Some(path) = &global.secret_key_file {
        return read_key_file(path).map(Some);
    }
    Ok(std::env::var("IM_SECRET_KEY")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| SecretKey::new(v.trim().to_owned())))
}

/// The most a secret key file may hold (a key is 64 characters; comments or a trailing line
/// break leave room to spare).
const MAX_KEY_FILE_BYTES: u64 = 4096;

fn read_key_file(path: &Path) -> Result<SecretKey, CliError> {
    let key = read_secret_file(
        path,
        "secret key",
        "put the app's secret key from the console in it",
    )?;
    Ok(SecretKey::new(key.to_string()))
}

/// The callback token: from `path` when given, else `IM_CALLBACK_TOKEN`, else none.
pub(crate) fn callback_token(path: Option<&Path>) -> Result<Option<Token>, CliError> {
    if let Some(path) = path {
        let hint = "put the callback token from the console's callback settings in it";
        let token = read_secret_file(path, "callback token", hint)?;
        return Ok(Some(Token::new(token.to_string())));
    }
    Ok(std::env::var("IM_CALLBACK_TOKEN")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| Token::new(v.trim().to_owned())))
}

/// A secret (`what`) from a small file, or standard input for `-`, trimmed; `hint` says what
/// an empty file should hold. The bytes never reach an error message.
fn read_secret_file(path: &Path, what: &str, hint: &str) -> Result<Zeroizing<String>, CliError> {
    let unreadable = |e: BoxError| {
        let what = format!("cannot read the {what} file {}", path.display());
        CliError::usage(Context::new(what, e))
    };
    let bytes = if path.as_os_str() == "-" {
        read_capped(std::io::stdin().lock(), MAX_KEY_FILE_BYTES)
    } else {
        let file = std::fs::File::open(path).map_err(|e| unreadable(e.into()))?;
        read_capped(file, MAX_KEY_FILE_BYTES)
    };
    let bytes = Zeroizing::new(bytes.map_err(|e| unreadable(e.into()))?);
    // The bytes are a secret: the decoder's error, which could quote them, is not kept.
    let text =
        std::str::from_utf8(&bytes).map_err(|_| unreadable("it is not UTF-8 text".into()))?;
    let secret = text.trim();
    if secret.is_empty() {
        return Err(CliError::usage(format!(
            "the {what} file {} is empty: {hint}",
            path.display()
        )));
    }
    Ok(Zeroizing::new(secret.to_owned()))
}

/// The one admin identifier of a client (`--admin` once at most).
fn single_admin(global: &Global) -> Result<Option<String>, CliError> {
    match global.admin.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        more => Err(CliError::usage(format!(
            "--admin was given {} times; only `imctl emulator serve` takes several",
            more.len()
        ))),
    }
}

/// The credentials to sign with: the flags and environment, or with `--emulator` the
/// emulator's defaults for what they leave out.
///
/// # Errors
///
/// Exit 2 when the SDKAppID or the key is missing or unreadable.
pub(crate) fn credentials(global: &Global) -> Result<Credentials, CliError> {
    let key = secret_key(global)?;
    let admin = single_admin(global)?;
    if global.emulator {
        return Ok(Credentials {
            sdkappid: global.sdkappid.unwrap_or(DEFAULT_SDKAPPID),
            key: key.unwrap_or_else(|| SecretKey::new(DEFAULT_SECRET_KEY)),
            admin: admin.unwrap_or_else(|| DEFAULT_ADMIN.to_owned()),
        });
    }
    let sdkappid = global.sdkappid.ok_or_else(|| {
        CliError::usage(
            "the SDKAppID is not set: pass --sdkappid or set IM_SDKAPPID (or try --emulator)",
        )
    })?;
    let key = key.ok_or_else(|| {
        CliError::usage(
            "the secret key is not set: pass --secret-key-file PATH or set IM_SECRET_KEY (or try --emulator)",
        )
    })?;
    Ok(Credentials {
        sdkappid,
        key,
        admin: admin.unwrap_or_else(|| im_client::DEFAULT_ADMIN.to_owned()),
    })
}
