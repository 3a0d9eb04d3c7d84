//! `imctl groups ...`: the group commands, on im-groups. The member writes (`members import`,
//! `add`, `remove`) are bulk jobs on the shared runner (`bulk`, their operation in `members`),
//! as `create --file` is (`create`);
//! `create`, `info`, `list`, `destroy` and `members list` are one call or one paged read each
//! (`manage`); `messages send|history|recall|import` too (`messages`), `topics
//! list|create|destroy` (`topics`), `attrs get|set|clear` (`attrs`) and `live members|admins`
//! (`live`).

pub(crate) mod args;
mod attrs;
mod create;
mod live;
mod manage;
mod members;
mod messages;
mod receipts;
mod topics;

pub(crate) use args::GroupsCommand;
use args::{AttrsCommand, GroupMessagesCommand, LiveCommand, MembersCommand, TopicsCommand};
use members::MemberKind;

use crate::global::Global;
use crate::term::CliError;

/// Runs one `groups` command.
pub(crate) async fn run(global: &Global, command: &GroupsCommand) -> Result<u8, CliError> {
    match command {
        GroupsCommand::Create(args) => manage::create(global, args).await,
        GroupsCommand::Info(args) => manage::info(global, &args.group_ids).await,
        GroupsCommand::List => manage::list(global).await,
        GroupsCommand::Destroy(args) => manage::destroy(global, &args.group_id).await,
        GroupsCommand::Members(command) => match command {
            MembersCommand::Import(args) => members::run(global, MemberKind::Import, args).await,
            MembersCommand::Add(args) => members::run(global, MemberKind::Add, args).await,
            MembersCommand::Remove(args) => members::run(global, MemberKind::Remove, args).await,
            MembersCommand::List(args) => manage::members(global, &args.group_id).await,
        },
        GroupsCommand::Messages(command) => match command {
            GroupMessagesCommand::Send(args) => messages::send(global, args).await,
            GroupMessagesCommand::History(args) => messages::history(global, args).await,
            GroupMessagesCommand::Recall(args) => messages::recall(global, args).await,
            GroupMessagesCommand::Import(args) => messages::import(global, args).await,
            GroupMessagesCommand::Receipts(args) => receipts::receipts(global, args).await,
        },
        GroupsCommand::Topics(command) => match command {
            TopicsCommand::List(args) => topics::list(global, &args.group_id).await,
            TopicsCommand::Create(args) => topics::create(global, args).await,
            TopicsCommand::Destroy(args) => topics::destroy(global, args).await,
        },
        GroupsCommand::Attrs(command) => match command {
            AttrsCommand::Get(args) => attrs::get(global, &args.group_id).await,
            AttrsCommand::Set(args) => attrs::set(global, args).await,
            AttrsCommand::Clear(args) => attrs::clear(global, &args.group_id).await,
        },
        GroupsCommand::Live(command) => match command {
            LiveCommand::Members(args) => live::members(global, args).await,
            LiveCommand::Admins(args) => live::admins(global, args).await,
        },
    }
}
