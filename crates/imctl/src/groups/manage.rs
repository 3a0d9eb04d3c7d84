//! The group commands of one call or one paged read: `create`, `info`, `list`, `destroy` and
//! `members list`, printed as they come (text from the service escaped by `term`).

use futures::{Stream, StreamExt};
use im_client::Error;
use im_groups::ItemOutcome;
use im_proto::group::create_group;
use im_proto::group::get_group_info::GroupInfoItem;
use im_proto::group_types::GroupType;
use serde::Serialize;

use super::args::{CreateArgs, TypeArg};
use crate::config::{ClientSettings, Connection, connect};
use crate::global::Global;
use crate::term::{
    CliError, EXIT_FAILED, EXIT_OK, error_line, json_line, note, push_line, refused, render,
    user_id, write_stdout,
};

/// The groups client of the global options.
pub(super) async fn client(global: &Global) -> Result<(im_groups::Client, Connection), CliError> {
    let connection = connect(global, ClientSettings::default()).await?;
    let client = im_groups::Client::from(connection.client.runtime().clone());
    Ok((client, connection))
}

/// The group type of `--type`.
fn group_type(kind: TypeArg) -> GroupType {
    match kind {
        TypeArg::Public => GroupType::Public,
        TypeArg::Private => GroupType::Private,
        TypeArg::ChatRoom => GroupType::ChatRoom,
        TypeArg::AvChatRoom => GroupType::AvChatRoom,
        TypeArg::Community => GroupType::Community,
    }
}

/// `groups create`: the GroupId alone on stdout (`--json`: the answer object).
pub(super) async fn create(global: &Global, args: &CreateArgs) -> Result<u8, CliError> {
    if let Some(file) = &args.file {
        return super::create::run(global, file, args).await;
    }
    let (Some(kind), Some(name)) = (args.kind, args.name.clone()) else {
        return Err(CliError::usage(
            "--type and --name are required without --file",
        ));
    };
    let mut request = create_group::Request::new(group_type(kind), name);
    request.owner_account = args.owner.as_deref().map(user_id).transpose()?;
    request.group_id.clone_from(&args.group_id);
    if args.support_topic {
        if kind != TypeArg::Community {
            return Err(CliError::usage("--support-topic is for --type Community"));
        }
        request.support_topic = Some(true);
    }
    let (client, _connection) = client(global).await?;
    let created = match client.create_group(&request).await {
        Ok(created) => created,
        Err(err) => return Ok(refused(&err)),
    };
    let text = if global.json {
        json_line(&created.response)
    } else {
        let mut text = String::new();
        push_line(&mut text, &created.group_id);
        text
    };
    Ok(print_or_stop(&text, EXIT_OK))
}

/// `groups info GROUP_ID...`: one line per group in the order given; a group's failure on
/// stderr.
pub(super) async fn info(global: &Global, ids: &[String]) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let outcomes = client.groups_info(ids.to_vec(), None);
    let mut outcomes = std::pin::pin!(outcomes);
    let mut earned = EXIT_OK;
    while let Some(ItemOutcome { key, result, .. }) = outcomes.next().await {
        let group = match result {
            Ok(group) => group,
            Err(failure) => {
                earned = EXIT_FAILED;
                error_line(&format!("{key}: {}", render(&failure)));
                continue;
            }
        };
        let text = if global.json {
            json_line(&group)
        } else {
            let mut text = String::new();
            push_line(&mut text, &info_line(&group));
            text
        };
        if let Err(stop) = write_stdout(&text) {
            return Ok(stop.exit_code(earned));
        }
    }
    Ok(earned)
}

/// A group's line: its ID, type, member count and name (last: it may hold spaces).
fn info_line(group: &GroupInfoItem) -> String {
    let kind = group.type_.as_ref().map_or("", GroupType::as_str);
    let name = group.name.as_deref().unwrap_or_default();
    let members = group.member_num.unwrap_or_default();
    format!("{}  {kind}  {members} members  {name}", group.group_id)
}

/// One listed group, as `--json` prints it.
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(rename = "GroupId")]
    group_id: &'a str,
}

/// `groups list`: every GroupId of the app, page after page.
pub(super) async fn list(global: &Global) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let ids = client.group_ids(None).map(|r| r.map(|id| (id, None)));
    print_all(global, ids, |id, _| json_line(&Listed { group_id: id })).await
}

/// `groups members list GROUP_ID`: every member, page after page (`--json`: the member's
/// object as the service gives it).
pub(super) async fn members(global: &Global, group_id: &str) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let members = client.group_members(group_id).map(|r| {
        r.map(|m| {
            let json = json_line(&m);
            (m.member_account, Some(json))
        })
    });
    print_all(global, members, |_, json| json.unwrap_or_default()).await
}

/// Prints each item as it comes: its ID, or under `--json` its `json` line.
pub(super) async fn print_all(
    global: &Global,
    items: impl Stream<Item = Result<(String, Option<String>), Error>>,
    json: impl Fn(&str, Option<String>) -> String,
) -> Result<u8, CliError> {
    let mut items = std::pin::pin!(items);
    while let Some(item) = items.next().await {
        let (id, line) = match item {
            Ok(item) => item,
            Err(err) => return Ok(refused(&err)),
        };
        let text = if global.json {
            json(&id, line)
        } else {
            let mut text = String::new();
            push_line(&mut text, &id);
            text
        };
        if let Err(stop) = write_stdout(&text) {
            return Ok(stop.exit_code(EXIT_OK));
        }
    }
    Ok(EXIT_OK)
}

/// `groups destroy GROUP_ID`.
pub(super) async fn destroy(global: &Global, group_id: &str) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    if let Err(err) = client.destroy_group(group_id).await {
        return Ok(refused(&err));
    }
    if !global.quiet {
        note(&format!("destroyed {group_id}"));
    }
    Ok(EXIT_OK)
}

/// Writes `text` to stdout; the exit code `earned`, or the one a closed stdout gives.
fn print_or_stop(text: &str, earned: u8) -> u8 {
    match write_stdout(text) {
        Ok(()) => earned,
        Err(stop) => stop.exit_code(earned),
    }
}
