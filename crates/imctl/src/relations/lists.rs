//! The lists of one account's relations (friends, blocklist, follows), read a page at a time
//! and printed as they come, and the follow counts.

use futures::{Stream, StreamExt};
use im_client::Error;
use im_proto::FollowList;
use serde::Serialize;

use super::args::FollowListArg;
use crate::config::{ClientSettings, Connection, connect};
use crate::global::Global;
use crate::term::{
    CliError, EXIT_FAILED, EXIT_OK, json_line, push_line, refused, user_id, write_stdout,
};

/// The relationships client of the global options.
async fn client(global: &Global) -> Result<(im_relations::Client, Connection), CliError> {
    let connection = connect(global, ClientSettings::default()).await?;
    let client = im_relations::Client::from(connection.client.runtime().clone());
    Ok((client, connection))
}

/// `friends list USER`: each friend, with its fields under `--json`.
pub(super) async fn friends(global: &Global, raw: &str) -> Result<u8, CliError> {
    let id = user_id(raw)?;
    let (client, _connection) = client(global).await?;
    let items = client.friends(&id).map(|r| {
        r.map(|f| {
            let fields: serde_json::Map<String, serde_json::Value> = f
                .value_item
                .iter()
                .map(|v| {
                    (
                        v.tag.clone(),
                        serde_json::to_value(&v.value).unwrap_or_default(),
                    )
                })
                .collect();
            (f.to_account, serde_json::Value::Object(fields))
        })
    });
    print_all(global, items).await
}

/// `blacklist list USER`: each blocked account, with when under `--json`.
pub(super) async fn blocked(global: &Global, raw: &str) -> Result<u8, CliError> {
    let id = user_id(raw)?;
    let (client, _connection) = client(global).await?;
    let items = client.blocked(&id).map(|r| {
        r.map(|b| {
            (
                b.to_account,
                serde_json::json!({ "AddBlackTimeStamp": b.add_black_time_stamp }),
            )
        })
    });
    print_all(global, items).await
}

/// `follows list USER --type ...`: each account of the list, with when under `--json`.
pub(super) async fn follows(
    global: &Global,
    raw: &str,
    list: FollowListArg,
) -> Result<u8, CliError> {
    let id = user_id(raw)?;
    let list = match list {
        FollowListArg::Followers => FollowList::Followers,
        FollowListArg::Following => FollowList::Following,
        FollowListArg::Mutual => FollowList::Mutual,
    };
    let (client, _connection) = client(global).await?;
    let items = client.follow_list(&id, list).map(|r| {
        r.map(|f| {
            (
                f.to_account,
                serde_json::json!({ "FollowTime": f.follow_time }),
            )
        })
    });
    print_all(global, items).await
}

/// One listed account, as `--json` prints it.
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(rename = "UserID")]
    user_id: &'a str,
    #[serde(flatten)]
    fields: &'a serde_json::Value,
}

/// Prints each item as it comes: its UserID, or under `--json` an object with its fields.
async fn print_all(
    global: &Global,
    items: impl Stream<Item = Result<(String, serde_json::Value), Error>>,
) -> Result<u8, CliError> {
    let mut items = std::pin::pin!(items);
    while let Some(item) = items.next().await {
        let (user_id, fields) = match item {
            Ok(item) => item,
            Err(err) => return Ok(refused(&err)),
        };
        let text = if global.json {
            json_line(&Listed {
                user_id: &user_id,
                fields: &fields,
            })
        } else {
            let mut text = String::new();
            push_line(&mut text, &user_id);
            text
        };
        if let Err(stop) = write_stdout(&text) {
            return Ok(stop.exit_code(EXIT_OK));
        }
    }
    Ok(EXIT_OK)
}

/// The counts of one account, as printed.
#[derive(Serialize)]
struct Counts<'a> {
    #[serde(rename = "UserID")]
    user_id: &'a str,
    #[serde(rename = "FollowerCount")]
    followers: i64,
    #[serde(rename = "FollowingCount")]
    following: i64,
    #[serde(rename = "MutualFollowingCount")]
    mutual: i64,
}

/// `follows counts USER...`: 20 accounts a call, asked by the first.
pub(super) async fn counts(global: &Global, raw: &[String]) -> Result<u8, CliError> {
    let ids = raw
        .iter()
        .map(|r| user_id(r))
        .collect::<Result<Vec<_>, _>>()?;
    let (client, _connection) = client(global).await?;
    let mut earned = EXIT_OK;
    for chunk in ids.chunks(20) {
        let outcomes = match client.follow_get_info(&ids[0], chunk).await {
            Ok(outcomes) => outcomes,
            Err(err) => return Ok(refused(&err)),
        };
        let mut text = String::new();
        for outcome in outcomes {
            let user_id = outcome.to_account.as_str();
            match outcome.result {
                Ok(c) => {
                    let counts = Counts {
                        user_id,
                        followers: c.followers,
                        following: c.following,
                        mutual: c.mutual,
                    };
                    if global.json {
                        text.push_str(&json_line(&counts));
                    } else {
                        let line = format!(
                            "{user_id}: {} followers, {} following, {} mutual",
                            c.followers, c.following, c.mutual
                        );
                        push_line(&mut text, &line);
                    }
                }
                Err(failure) => {
                    earned = EXIT_FAILED;
                    crate::term::error_line(&format!(
                        "{user_id}: {}",
                        crate::term::render(&failure)
                    ));
                }
            }
        }
        if let Err(stop) = write_stdout(&text) {
            return Ok(stop.exit_code(earned));
        }
    }
    Ok(earned)
}
