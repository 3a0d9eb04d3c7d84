//! `imctl emulator serve`: the local emulator over HTTP until SIGINT or SIGTERM.

mod args;

pub(crate) use args::EmulatorCommand;
use args::{RateLimitSpec, ServeArgs};

use im_emulator::{
    DEFAULT_SDKAPPID, DEFAULT_SECRET_KEY, Emulator, EmulatorBuilder, FaultKind, FaultRule,
};

use crate::config::{callback_token, secret_key};
use crate::global::Global;
use crate::signals::Signals;
use crate::term::{CliError, Context, EXIT_OK, note, write_stdout};

/// Runs one `emulator` command.
pub(crate) async fn run(global: &Global, command: &EmulatorCommand) -> Result<u8, CliError> {
    match command {
        EmulatorCommand::Serve(args) => serve(global, args).await,
    }
}

async fn serve(global: &Global, args: &ServeArgs) -> Result<u8, CliError> {
    let key = secret_key(global)?;
    let demo_key = key.is_none();
    let mut builder = credentials(global, key.as_ref().map(|k| k.expose_secret()))?;
    builder = with_faults(builder, args);
    builder = with_limits(builder, args);
    builder = with_callbacks(builder, args)?;
    let emulator = builder.build();
    let demo_key = demo_key || emulator.secret_key() == DEFAULT_SECRET_KEY;

    // Listen for the signals before announcing the URL, so that a signal sent as soon as the
    // URL is read is handled.
    let mut stop = Signals::new()
        .map_err(|e| CliError::failed(Context::new("cannot listen for signals", e)))?;
    let handle = emulator.start(args.listen).await.map_err(|e| {
        CliError::usage(Context::new(format!("cannot listen on {}", args.listen), e))
    })?;
    let base_url = handle.base_url();
    let announce = if args.print_env {
        env_lines(&base_url, &emulator, demo_key)
    } else if global.json {
        // The key is never printed (but by --print-env, asked for): who needs it has it.
        crate::term::json_line(&serde_json::json!({
            "url": base_url,
            "sdkappid": emulator.sdkappid(),
            "admin": emulator.admin(),
            "admins": emulator.admins(),
            "demo_key": demo_key,
        }))
    } else {
        format!("{base_url}\n")
    };
    if let Err(stop) = write_stdout(&announce) {
        handle.shutdown().await;
        return Ok(stop.exit_code(EXIT_OK));
    }
    if !global.quiet {
        serving_notes(&emulator, &handle, demo_key);
    }
    stop.next().await;
    handle.shutdown().await;
    if !global.quiet {
        note("emulator stopped");
    }
    Ok(EXIT_OK)
}

/// The builder with the global credentials, when given.
fn credentials(global: &Global, key: Option<&str>) -> Result<EmulatorBuilder, CliError> {
    let mut builder = Emulator::builder();
    if let Some(sdkappid) = global.sdkappid {
        if sdkappid == 0 {
            return Err(CliError::usage(
                "--sdkappid 0 is not a valid SDKAppID: give the app's SDKAppID, or leave it out for the emulator's default",
            ));
        }
        builder = builder.sdkappid(sdkappid);
    }
    if let Some(key) = key {
        builder = builder.secret_key(key);
    }
    Ok(builder.admins(global.admin.iter().cloned()))
}

/// Latency, injected faults and their seed.
fn with_faults(builder: EmulatorBuilder, args: &ServeArgs) -> EmulatorBuilder {
    let kinds = if args.faults.is_empty() {
        FaultKind::DEFAULT.to_vec()
    } else {
        args.faults.clone()
    };
    let rule = FaultRule::new()
        .probability(args.fault_rate)
        .kinds(kinds)
        .latency(args.latency, args.jitter);
    let builder = builder.fault_rule(rule).stall_duration(args.stall);
    match args.seed {
        Some(seed) => builder.seed(seed),
        None => builder,
    }
}

/// Rate limits, the app's caps and editions, and the connection settings.
fn with_limits(mut builder: EmulatorBuilder, args: &ServeArgs) -> EmulatorBuilder {
    match &args.rate_limit {
        None => {}
        Some(RateLimitSpec::Off) => builder = builder.without_rate_limits(),
        Some(RateLimitSpec::Set(limits)) => {
            for &(api, rate) in limits {
                builder = builder.rate_limit(api, rate);
            }
        }
    }
    for &(api, per, limit) in &args.quota {
        builder = builder.quota(api, per, limit);
    }
    builder = builder.edition(args.edition);
    if let Some(cap) = args.account_cap {
        builder = builder.account_cap(cap);
    }
    if let Some(cap) = args.daily_active_cap {
        builder = builder.daily_active_cap(cap);
    }
    if !args.custom_tags.is_empty() {
        builder = builder.custom_profile_tags(args.custom_tags.iter().cloned());
    }
    builder
        .max_connections(usize::try_from(args.max_connections).unwrap_or(usize::MAX))
        .header_read_timeout(args.header_timeout)
        .body_read_timeout(args.body_timeout)
        .idle_timeout(args.idle_timeout)
        .deletion_disabled(args.deletion_disabled)
}

/// Says where the emulator serves, with which credentials, and warns off loopback.
fn serving_notes(emulator: &Emulator, handle: &im_emulator::EmulatorHandle, demo_key: bool) {
    let sdkappid = emulator.sdkappid();
    let default = if sdkappid == DEFAULT_SDKAPPID {
        ", the default"
    } else {
        ""
    };
    let key = if demo_key {
        "the official demo key"
    } else {
        "as given"
    };
    note(&format!(
        "emulator serving at {} (SDKAppID {sdkappid}{default}, key {key}, admin {}); stop with Ctrl-C or SIGTERM",
        handle.base_url(),
        emulator.admins().join(", ")
    ));
    if !handle.local_addr().ip().is_loopback() {
        note(&format!(
            "warning: {} is not a loopback address; anyone who can reach it can use the emulator",
            handle.local_addr()
        ));
    }
}

/// `--print-env`: `export` lines for a POSIX shell. A key the user gave is not printed.
fn env_lines(base_url: &str, emulator: &Emulator, demo_key: bool) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let mut out = format!(
        "export IM_ENDPOINT={}\nexport IM_SDKAPPID={}\nexport IM_ADMIN={}\n",
        quote(base_url),
        emulator.sdkappid(),
        quote(emulator.admin())
    );
    if demo_key {
        out.push_str(&format!(
            "export IM_SECRET_KEY={}\n",
            quote(emulator.secret_key())
        ));
    } else {
        out.push_str("# IM_SECRET_KEY: the key given to the emulator (not printed)\n");
    }
    out
}

/// `--callback-url` and its token, checked before anything is served.
fn with_callbacks(builder: EmulatorBuilder, args: &ServeArgs) -> Result<EmulatorBuilder, CliError> {
    let Some(url) = &args.callback_url else {
        return Ok(builder);
    };
    let uri: http::Uri = url.parse().map_err(|e| {
        let what = format!(
            "--callback-url {url:?} is not a URL (give e.g. http://127.0.0.1:8080/im/callback)"
        );
        CliError::usage(Context::new(what, e))
    })?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.host().is_none() {
        return Err(CliError::usage(format!(
            "--callback-url {url:?} must be an http:// or https:// URL with a host"
        )));
    }
    let mut builder = builder.callback_url(url.clone());
    if let Some(capacity) = args.callback_queue {
        builder = builder.callback_queue(usize::try_from(capacity).unwrap_or(usize::MAX));
    }
    if let Some(quota) = args.daily_group_quota {
        builder = builder.daily_group_quota(quota);
    }
    Ok(match callback_token(args.callback_token_file.as_deref())? {
        Some(token) => builder.callback_token(token),
        None => builder,
    })
}
