//! `imctl app info` and `imctl app history` (with `--download`).

use std::path::Path;

use bytes::Bytes;
use im_operations::{ChatType, HistoryHour};
use im_proto::msg_history::get_history::HistoryFile;
use im_proto::openconfig::getappinfo::DayInfo;
use im_transport::{HyperTransport, Transport};

use super::args::{AppCommand, AppHistoryArgs, AppInfoArgs, ChatTypeArg};
use super::shared::{client, print_ok};
use crate::global::Global;
use crate::term::{
    BoxError, CliError, Context, EXIT_FAILED, escape, json_line, push_line, refused,
};

/// The largest history file `--download` takes.
const MAX_FILE_BYTES: usize = 1 << 30;

/// Runs one `app` command.
pub(crate) async fn run(global: &Global, command: &AppCommand) -> Result<u8, CliError> {
    match command {
        AppCommand::Info(args) => info(global, args).await,
        AppCommand::History(args) => history(global, args).await,
    }
}

/// `app info`: per day, `Field value` lines after a `Date` line (escaped server text).
async fn info(global: &Global, args: &AppInfoArgs) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let fields: Vec<&str> = args.fields.iter().map(String::as_str).collect();
    let days = match client.getappinfo(&fields).await {
        Ok(days) => days,
        Err(err) => return Ok(refused(&err)),
    };
    let mut text = String::new();
    for day in &days {
        if global.json {
            text.push_str(&json_line(day));
        } else {
            push_day(&mut text, day);
        }
    }
    Ok(print_ok(&text))
}

/// One day's `Field value` lines, in the answer's order.
fn push_day(text: &mut String, day: &DayInfo) {
    let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(day) else {
        return;
    };
    for (name, value) in &fields {
        let value = value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_owned);
        push_line(text, &format!("{} {}", escape(name), escape(&value)));
    }
    push_line(text, "");
}

/// `app history`: the files' addresses, and with `--download` the files themselves.
async fn history(global: &Global, args: &AppHistoryArgs) -> Result<u8, CliError> {
    let hour = HistoryHour::new(&args.date, args.hour).map_err(CliError::usage)?;
    let chat_type = match args.chat_type {
        ChatTypeArg::C2c => ChatType::C2c,
        ChatTypeArg::Group => ChatType::Group,
    };
    let (client, _connection) = client(global).await?;
    let files = match client.get_history(chat_type, hour).await {
        Ok(files) => files,
        Err(err) => return Ok(refused(&err)),
    };
    let mut text = String::new();
    for file in &files {
        if let Some(dir) = &args.download {
            let saved = download(dir, file).await?;
            if !global.json {
                push_line(&mut text, &format!("{} -> {}", escape(&file.url), saved));
                continue;
            }
        }
        if global.json {
            text.push_str(&json_line(file));
        } else {
            push_line(&mut text, &escape(&file.url));
        }
    }
    Ok(print_ok(&text))
}

/// Downloads `file` into `dir`, named after the last part of its address; the path written.
async fn download(dir: &Path, file: &HistoryFile) -> Result<String, CliError> {
    let name = file
        .url
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty() && *n != "." && *n != "..")
        .map(|n| n.split(['?', '#']).next().unwrap_or(n))
        .ok_or_else(|| CliError::usage(format!("no file name in {:?}", file.url)))?;
    let what = format!("downloading {}", escape(&file.url));
    let failed = |e: BoxError| CliError::new(EXIT_FAILED, Context::new(what.clone(), e));
    let transport = HyperTransport::builder()
        .max_body_bytes(MAX_FILE_BYTES)
        .build()
        .map_err(|e| failed(e.into()))?;
    let request = http::Request::get(file.url.as_str())
        .body(Bytes::new())
        .map_err(|e| failed(e.into()))?;
    let response = transport
        .send(request)
        .await
        .map_err(|e| failed(e.into()))?;
    if !response.status().is_success() {
        return Err(failed(format!("HTTP status {}", response.status()).into()));
    }
    std::fs::create_dir_all(dir).map_err(|e| failed(e.into()))?;
    let path = dir.join(name);
    std::fs::write(&path, response.body()).map_err(|e| failed(e.into()))?;
    Ok(path.display().to_string())
}
