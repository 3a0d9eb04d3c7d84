//! `imctl search hide|show|hidden`: the objects hidden from cloud search, on im-search. Every
//! command refuses a region without cloud search (China and Singapore only) before sending
//! (exit 2); an explicit endpoint (the emulator) is not a region.
//!
//! Exit codes: 0 done, 1 the service refused, 2 bad input (nothing sent), 3 refused
//! credentials.

pub(crate) mod args;

use futures::TryStreamExt;
use im_proto::UserId;
use im_search::SearchKind;

pub(crate) use args::SearchCommand;
use args::{HiddenArgs, KindArg, TargetArgs};

use crate::config::{ClientSettings, connect};
use crate::global::Global;
use crate::term::{CliError, EXIT_OK, json_line, note, print, push_line, refused};

/// Runs one `search` command.
pub(crate) async fn run(global: &Global, command: &SearchCommand) -> Result<u8, CliError> {
    match command {
        SearchCommand::Hide(target) => visibility(global, target, true).await,
        SearchCommand::Show(target) => visibility(global, target, false).await,
        SearchCommand::Hidden(args) => hidden(global, args).await,
    }
}

/// The search client, over the connection `global` configures.
async fn client(
    global: &Global,
) -> Result<(im_search::Client, crate::config::Connection), CliError> {
    let connection = connect(global, ClientSettings::default()).await?;
    let client = im_search::Client::from(connection.client.runtime().clone());
    in_region(&client)?;
    Ok((client, connection))
}

/// A region without cloud search as bad input (exit 2), before anything is sent.
fn in_region(client: &im_search::Client) -> Result<(), CliError> {
    client.check_region().map_err(|err| match err {
        im_client::Error::Config(config) => CliError::usage(config),
        other => CliError::failed(other),
    })
}

/// `search hide` / `search show`: one set_visibility call.
async fn visibility(global: &Global, target: &TargetArgs, hide: bool) -> Result<u8, CliError> {
    let user = |raw: &str| UserId::new(raw).map_err(CliError::usage);
    let (client, _connection) = client(global).await?;
    let (result, what) = match (&target.user, &target.group, &target.member) {
        (Some(id), _, _) => (
            client.hide_user(&user(id)?, hide).await,
            format!("user {id}"),
        ),
        (None, Some(group), Some(member)) => (
            client.hide_member(group, &user(member)?, hide).await,
            format!("member {member} of {group}"),
        ),
        (None, Some(group), None) => (
            client.hide_group(group, hide).await,
            format!("group {group}"),
        ),
        (None, None, _) => return Err(CliError::usage("give --user or --group")),
    };
    if let Err(err) = result {
        return Ok(refused(&err));
    }
    if !global.quiet {
        let done = if hide {
            "hidden from"
        } else {
            "shown again in"
        };
        note(&format!("{what} {done} cloud search"));
    }
    Ok(EXIT_OK)
}

/// `search hidden`: every page of get_no_visibility, one line per object.
async fn hidden(global: &Global, args: &HiddenArgs) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let kind = match args.kind {
        KindArg::Users => SearchKind::Users,
        KindArg::Groups => SearchKind::Groups,
        KindArg::Members => SearchKind::Members,
    };
    let objects: Vec<_> = match client.hidden(kind).try_collect().await {
        Ok(objects) => objects,
        Err(err) => return Ok(refused(&err)),
    };
    let mut text = String::new();
    for object in &objects {
        if global.json {
            text.push_str(&json_line(object));
            continue;
        }
        let field = |v: &Option<String>| v.clone().unwrap_or_default();
        let line = match kind {
            SearchKind::Members => {
                format!("{} {}", field(&object.group_id), field(&object.user_id))
            }
            SearchKind::Groups => field(&object.group_id),
            _ => field(&object.user_id),
        };
        push_line(&mut text, &line);
    }
    Ok(print(&text))
}

#[cfg(test)]
mod tests {
    use im_client::Region;

    use super::*;
    use crate::term::EXIT_USAGE;

    fn client(region: Region) -> im_search::Client {
        im_search::Client::builder()
            .sdkappid(1_400_000_000)
            .secret_key("k")
            .region(region)
            .build()
            .unwrap()
    }

    #[test]
    fn a_region_without_cloud_search_exits_2() {
        let err = in_region(&client(Region::Frankfurt)).unwrap_err();
        assert_eq!(err.code(), EXIT_USAGE);
        assert!(err.to_string().contains("frankfurt"), "{err}");
        in_region(&client(Region::China)).unwrap();
    }
}
