//! `groups live members|admins GROUP_ID`: a live group's online members, streamed over
//! get_members' time cursor, and its admins (modify_admin, then get_admin_list), printed as
//! `members list` prints members (text from the service escaped by `term`).

use futures::StreamExt;
use im_groups::AdminCommand;
use im_proto::UserId;

use super::args::{LiveAdminsArgs, LiveMembersArgs};
use super::manage::{client, print_all};
use crate::global::Global;
use crate::term::{CliError, json_line, note, refused, user_id};

/// `groups live members GROUP_ID`: every online member, newest joiner first, page after page
/// (`--json`: the member's object as the service gives it).
pub(super) async fn members(global: &Global, args: &LiveMembersArgs) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let members = client.live_members(&args.group_id, args.mark).map(|r| {
        r.map(|m| {
            let json = json_line(&m);
            (m.member_account, Some(json))
        })
    });
    print_all(global, members, |_, json| json.unwrap_or_default()).await
}

/// `groups live admins GROUP_ID [--add A]... [--remove A]...`: the changes first (every
/// account checked before anything is sent), then the admins (`--json`: one object each).
pub(super) async fn admins(global: &Global, args: &LiveAdminsArgs) -> Result<u8, CliError> {
    let add = accounts(&args.add)?;
    let remove = accounts(&args.remove)?;
    let (client, _connection) = client(global).await?;
    for (command, accounts) in [(AdminCommand::Add, &add), (AdminCommand::Remove, &remove)] {
        if accounts.is_empty() {
            continue;
        }
        if let Err(err) = client.modify_admin(&args.group_id, command, accounts).await {
            return Ok(refused(&err));
        }
        if !global.quiet {
            let done = match command {
                AdminCommand::Add => "made admins",
                _ => "no longer admins",
            };
            note(&format!("{}: {} {done}", args.group_id, accounts.len()));
        }
    }
    let admins = match client.get_admin_list(&args.group_id).await {
        Ok(admins) => admins,
        Err(err) => return Ok(refused(&err)),
    };
    let items = futures::stream::iter(admins.into_iter().map(|a| {
        let json = json_line(&a);
        Ok((a.admin_account, Some(json)))
    }));
    print_all(global, items, |_, json| json.unwrap_or_default()).await
}

/// The accounts of `--add` or `--remove`, each a valid UserID (a usage error otherwise).
fn accounts(raw: &[String]) -> Result<Vec<UserId>, CliError> {
    raw.iter().map(|a| user_id(a)).collect()
}
