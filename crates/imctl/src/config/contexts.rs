//! Named configuration contexts (as kubectl's): `--context NAME` (or `IM_CONTEXT`) fills the
//! settings that neither a flag nor an environment variable gave, from the config file
//! (`$XDG_CONFIG_HOME/imctl/config.toml` or `~/.config/imctl/config.toml` on Linux, the
//! platform's config directory elsewhere; `IM_CONFIG` names another file).
//!
//! Earlier names still work: `--profile` and `IM_PROFILE` for the context, `IMCTL_CONFIG` for
//! the file, `[profiles.NAME]` tables in it (`imctl profile` is the command of user profiles).
//!
//! ```toml
//! default = "staging"             # the context used without --context (optional)
//!
//! [contexts.staging]
//! sdkappid = 1400000000
//! secret_key_file = "/etc/imctl/staging.key"   # the key by file path, never inline
//! admin = "administrator"
//! endpoint = "http://127.0.0.1:8080"           # or region = "singapore"
//! rate_store = "redis://127.0.0.1:6379/0"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::files::read_capped;
use crate::global::{Global, StoreUrl};
use crate::term::{BoxError, CliError, Context as Because};

/// The most a config file may hold.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    default: Option<String>,
    #[serde(default)]
    contexts: BTreeMap<String, Context>,
    /// The earlier name of `contexts`.
    #[serde(default)]
    profiles: BTreeMap<String, Context>,
}

/// One context: each field a global setting.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Context {
    sdkappid: Option<u64>,
    secret_key_file: Option<PathBuf>,
    /// Refused: a key is never read from the config file itself.
    secret_key: Option<toml::Value>,
    admin: Option<String>,
    region: Option<String>,
    endpoint: Option<String>,
    rate_store: Option<StoreUrl>,
}

/// The config file's path, and whether the environment named it (then it must exist).
fn config_path() -> Option<(PathBuf, bool)> {
    if let Some(path) = std::env::var_os("IM_CONFIG").or_else(|| std::env::var_os("IMCTL_CONFIG")) {
        return Some((PathBuf::from(path), true));
    }
    dirs::config_dir().map(|d| (d.join("imctl").join("config.toml"), false))
}

/// Fills `global` from the context asked for (`--context`/`IM_CONTEXT`, or the earlier
/// `--profile`/`IM_PROFILE`), or from the file's `default` context.
///
/// # Errors
///
/// Exit 2 when the context asked for is missing, the file cannot be read or parsed, or a
/// context holds a key inline.
pub(crate) fn apply(global: &mut Global) -> Result<(), CliError> {
    if global.context.is_none() {
        global.context = std::env::var("IM_PROFILE").ok().filter(|v| !v.is_empty());
    }
    // The embedded emulator has its own credentials: only a context asked for applies.
    if global.emulator && global.context.is_none() {
        return Ok(());
    }
    let Some((path, named)) = config_path() else {
        return missing(global.context.as_deref(), None);
    };
    let config = match read(&path, named)? {
        Some(config) => config,
        None => return missing(global.context.as_deref(), Some(&path)),
    };
    let name = match global.context.clone().or(config.default.clone()) {
        Some(name) => name,
        None => return Ok(()),
    };
    let found = config.contexts.get(&name).or(config.profiles.get(&name));
    let Some(profile) = found else {
        let known: Vec<&str> = config
            .contexts
            .keys()
            .chain(config.profiles.keys())
            .map(String::as_str)
            .collect();
        return Err(CliError::usage(format!(
            "no context {name:?} in {} (contexts: {})",
            path.display(),
            if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            }
        )));
    };
    fill(global, profile, &name, &path)
}

fn missing(asked: Option<&str>, path: Option<&Path>) -> Result<(), CliError> {
    match asked {
        None => Ok(()),
        Some(name) => Err(CliError::usage(format!(
            "--context {name}: no config file at {}",
            path.map_or("(no config directory)".to_owned(), |p| p
                .display()
                .to_string())
        ))),
    }
}

fn read(path: &Path, named: bool) -> Result<Option<ConfigFile>, CliError> {
    let unreadable = |e: BoxError| {
        let what = format!("cannot read the config file {}", path.display());
        CliError::usage(Because::new(what, e))
    };
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        // The default file may be missing; one named by IM_CONFIG (or IMCTL_CONFIG) may not.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => return Ok(None),
        Err(e) => return Err(unreadable(e.into())),
    };
    let bytes = read_capped(file, MAX_CONFIG_BYTES).map_err(|e| unreadable(e.into()))?;
    let text = String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8".into()))?;
    // toml's own text quotes the line, which may hold a rate_store password: its position and
    // message stand for it.
    toml::from_str(&text)
        .map(Some)
        .map_err(|e| unreadable(toml_error(&e, &text).into()))
}

/// A TOML error as its position and message, without the source line toml quotes (it may be
/// a rate_store URL with its password).
fn toml_error(err: &toml::de::Error, text: &str) -> String {
    let Some(span) = err.span() else {
        return err.message().to_owned();
    };
    let before = text.get(..span.start).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("line {line}, column {column}: {}", err.message())
}

/// Copies the profile's settings into what flags and environment left unset.
fn fill(global: &mut Global, profile: &Context, name: &str, path: &Path) -> Result<(), CliError> {
    if profile.secret_key.is_some() {
        return Err(CliError::usage(format!(
            "context {name:?} in {} holds secret_key inline: put the key in a file and name it with secret_key_file",
            path.display()
        )));
    }
    if profile.region.is_some() && profile.endpoint.is_some() {
        return Err(CliError::usage(format!(
            "context {name:?} in {} sets both region and endpoint: keep one",
            path.display()
        )));
    }
    if global.sdkappid.is_none() {
        global.sdkappid = profile.sdkappid;
    }
    if global.secret_key_file.is_none() && std::env::var_os("IM_SECRET_KEY").is_none() {
        global.secret_key_file.clone_from(&profile.secret_key_file);
    }
    if global.admin.is_empty() {
        global.admin.extend(profile.admin.clone());
    }
    if global.region.is_none() && global.endpoint.is_none() {
        global.endpoint.clone_from(&profile.endpoint);
        if let Some(region) = &profile.region {
            global.region = Some(region.parse().map_err(|e| {
                CliError::usage(Because::new(format!("context {name:?}: region"), e))
            })?);
        }
    }
    if global.rate_store.is_none() {
        global.rate_store.clone_from(&profile.rate_store);
    }
    Ok(())
}
