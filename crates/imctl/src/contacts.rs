//! `imctl contacts ...`: an account's conversation list (recent contacts), on im-contacts:
//! `list` streams every page (pinned first), `delete` and `pin` are one call each.

pub(crate) mod args;

use futures::StreamExt;
use im_contacts::Conversation;
use im_proto::recentcontact::get_list::SessionItem;

pub(crate) use args::ContactsCommand;
use args::{ConversationArgs, DeleteArgs, PinArgs};

use crate::config::{ClientSettings, Connection, connect};
use crate::global::Global;
use crate::term::{CliError, EXIT_OK, json_line, note, push_line, refused, user_id, write_stdout};

/// Runs one `contacts` command.
pub(crate) async fn run(global: &Global, command: &ContactsCommand) -> Result<u8, CliError> {
    match command {
        ContactsCommand::List(args) => list(global, &args.account).await,
        ContactsCommand::Delete(args) => delete(global, args).await,
        ContactsCommand::Pin(args) => pin(global, args).await,
    }
}

/// The recent-contacts client of the global options.
async fn client(global: &Global) -> Result<(im_contacts::Client, Connection), CliError> {
    let connection = connect(global, ClientSettings::default()).await?;
    let client = im_contacts::Client::from(connection.client.runtime().clone());
    Ok((client, connection))
}

/// The conversation of `--c2c PEER` or `--group GROUP_ID` (clap requires exactly one).
fn conversation(args: &ConversationArgs) -> Result<Conversation, CliError> {
    let parsed = match (&args.c2c, &args.group) {
        (Some(peer), _) => Conversation::c2c(peer),
        (None, Some(group)) => Conversation::group(group),
        (None, None) => Err(im_client::Error::invalid(
            "give --c2c PEER or --group GROUP_ID",
        )),
    };
    parsed.map_err(CliError::usage)
}

/// A conversation's line: `c2c PEER` or `group GROUP_ID`, its last message's time, `pinned`.
fn session_line(item: &SessionItem) -> String {
    let (kind, name) = match (&item.to_account, &item.group_id) {
        (Some(peer), _) if item.type_ == 1 => ("c2c", peer.as_str()),
        (_, Some(group)) => ("group", group.as_str()),
        _ => ("?", ""),
    };
    let pinned = if item.top_flag == 1 { "  pinned" } else { "" };
    format!("{kind} {name}  {}{pinned}", item.msg_time)
}

/// `contacts list ACCOUNT`: every conversation as it comes, pinned first.
async fn list(global: &Global, account: &str) -> Result<u8, CliError> {
    let account = user_id(account)?;
    let (client, _connection) = client(global).await?;
    let mut items = std::pin::pin!(client.conversations(&account));
    while let Some(item) = items.next().await {
        let item = match item {
            Ok(item) => item,
            Err(err) => return Ok(refused(&err)),
        };
        let text = if global.json {
            json_line(&item)
        } else {
            let mut text = String::new();
            push_line(&mut text, &session_line(&item));
            text
        };
        if let Err(stop) = write_stdout(&text) {
            return Ok(stop.exit_code(EXIT_OK));
        }
    }
    Ok(EXIT_OK)
}

/// `contacts delete ACCOUNT (--c2c PEER | --group GROUP_ID) [--clear-history]`.
async fn delete(global: &Global, args: &DeleteArgs) -> Result<u8, CliError> {
    let account = user_id(&args.account)?;
    let conversation = conversation(&args.conversation)?;
    let (client, _connection) = client(global).await?;
    if let Err(err) = client
        .delete(&account, &conversation, args.clear_history)
        .await
    {
        return Ok(refused(&err));
    }
    if !global.quiet {
        let history = if args.clear_history {
            " and its history"
        } else {
            ""
        };
        note(&format!(
            "deleted {conversation}{history} from {account}'s list"
        ));
    }
    Ok(EXIT_OK)
}

/// `contacts pin ACCOUNT (--c2c PEER | --group GROUP_ID) [--off]`.
async fn pin(global: &Global, args: &PinArgs) -> Result<u8, CliError> {
    let account = user_id(&args.account)?;
    let conversation = conversation(&args.conversation)?;
    let (client, _connection) = client(global).await?;
    let one = std::slice::from_ref(&conversation);
    if let Err(err) = client.top(&account, one, !args.off).await {
        return Ok(refused(&err));
    }
    if !global.quiet {
        let done = if args.off { "unpinned" } else { "pinned" };
        note(&format!("{done} {conversation} for {account}"));
    }
    Ok(EXIT_OK)
}
