//! `push attrs ...` and `push tags ...`: the users' push attributes and tags, and the app's
//! attribute names, through im-push (lists of accounts asked 100 a call).

use std::collections::BTreeMap;

use im_client::Failure;
use im_proto::UserId;
use im_proto::all_member_push::{im_add_tag, im_remove_attr, im_remove_tag, im_set_attr};
use serde::Serialize;

use super::args::{AttrsCommand, TagsCommand, TagsRemoveArgs};
use super::shared::{client, pairs};
use crate::global::Global;
use crate::term::{
    CliError, EXIT_FAILED, EXIT_OK, json_line, note, print, push_line, refused, user_id,
};

/// One account's line of `--json`.
#[derive(Serialize)]
struct Held<'a, T> {
    #[serde(rename = "To_Account")]
    account: &'a str,
    #[serde(flatten)]
    value: T,
}

/// Runs one `push attrs` command.
pub(super) async fn attrs(global: &Global, command: &AttrsCommand) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let (account, result) = match command {
        AttrsCommand::Get(args) => {
            let accounts = accounts(&args.accounts)?;
            return match client.im_get_attr(&accounts).await {
                Ok(outcomes) => Ok(show(
                    global,
                    outcomes,
                    "Attrs",
                    |a: &BTreeMap<String, String>| {
                        a.iter().map(|(k, v)| format!("{k}={v}")).collect()
                    },
                )),
                Err(err) => Ok(refused(&err)),
            };
        }
        AttrsCommand::Names(args) if args.set.is_empty() => {
            return match client.im_get_attr_name().await {
                Ok(names) => Ok(lines(global, &names)),
                Err(err) => Ok(refused(&err)),
            };
        }
        AttrsCommand::Names(args) => {
            let names = pairs(&args.set, "attribute name")?.into_iter().collect();
            ("the app".to_owned(), client.im_set_attr_name(names).await)
        }
        AttrsCommand::Set(args) => {
            let attrs = pairs(&args.pairs, "attribute")?.into_iter().collect();
            let item = im_set_attr::UserAttrsItem::new(user_id(&args.account)?, attrs);
            (args.account.clone(), client.im_set_attr(vec![item]).await)
        }
        AttrsCommand::Remove(args) => {
            let item =
                im_remove_attr::UserAttrsItem::new(user_id(&args.account)?, args.names.clone());
            (
                args.account.clone(),
                client.im_remove_attr(vec![item]).await,
            )
        }
    };
    done(global, &account, result)
}

/// Runs one `push tags` command.
pub(super) async fn tags(global: &Global, command: &TagsCommand) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let (account, result) = match command {
        TagsCommand::Get(args) => {
            let accounts = accounts(&args.accounts)?;
            return match client.im_get_tag(&accounts).await {
                Ok(outcomes) => Ok(show(global, outcomes, "Tags", |t: &Vec<String>| t.clone())),
                Err(err) => Ok(refused(&err)),
            };
        }
        TagsCommand::Add(args) => {
            let item = im_add_tag::UserTagsItem::new(user_id(&args.account)?, args.names.clone());
            (args.account.clone(), client.im_add_tag(vec![item]).await)
        }
        TagsCommand::Remove(TagsRemoveArgs {
            account, all: true, ..
        }) => (
            account.clone(),
            client.im_remove_all_tags(vec![user_id(account)?]).await,
        ),
        TagsCommand::Remove(args) => {
            let item = im_remove_tag::UserTagsItem::new(user_id(&args.account)?, args.tags.clone());
            (args.account.clone(), client.im_remove_tag(vec![item]).await)
        }
    };
    done(global, &account, result)
}

/// A write's outcome: a note naming whose values changed, or the refusal.
fn done(
    global: &Global,
    whose: &str,
    result: Result<(), im_client::Error>,
) -> Result<u8, CliError> {
    match result {
        Ok(()) => {
            if !global.quiet {
                note(&format!("updated {whose}"));
            }
            Ok(EXIT_OK)
        }
        Err(err) => Ok(refused(&err)),
    }
}

/// One line per account (`ACCOUNT` then its values, escaped), or one JSON object per account
/// with its values under `key`; an account the answer did not list fails the command (exit 1).
fn show<T: Serialize>(
    global: &Global,
    outcomes: Vec<(String, Result<T, Failure>)>,
    key: &str,
    words: impl Fn(&T) -> Vec<String>,
) -> u8 {
    let mut text = String::new();
    let mut missing = false;
    for (account, outcome) in &outcomes {
        let Ok(value) = outcome else {
            missing = true;
            crate::term::error_line(&format!("{account}: not in the answer"));
            continue;
        };
        if global.json {
            let value = BTreeMap::from([(key, value)]);
            text.push_str(&json_line(&Held { account, value }));
        } else {
            let mut line = account.clone();
            for word in words(value) {
                line.push(' ');
                line.push_str(&word);
            }
            push_line(&mut text, &line);
        }
    }
    let code = print(&text);
    if missing && code == EXIT_OK {
        EXIT_FAILED
    } else {
        code
    }
}

/// The attribute names, one `NUMBER=NAME` line each (`--json`: one object).
fn lines(global: &Global, names: &BTreeMap<String, String>) -> u8 {
    if global.json {
        return print(&json_line(names));
    }
    let mut text = String::new();
    for (number, name) in names {
        push_line(&mut text, &format!("{number}={name}"));
    }
    print(&text)
}

/// The accounts, checked.
fn accounts(raw: &[String]) -> Result<Vec<UserId>, CliError> {
    raw.iter().map(|a| user_id(a)).collect()
}
