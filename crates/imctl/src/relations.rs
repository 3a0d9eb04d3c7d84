//! `imctl friends ...`, `imctl blacklist ...`, `imctl follows ...`: bulk jobs over relationship
//! pairs on the shared job runner (`bulk`), and the lists of one account's relations.
//!
//! The pair operations are im-relations' bulk operations; [`PairOp`] says what each is to the
//! runner ([`JobOperation`]: its input, a pair per line, its pace) and what its successes show
//! ([`Shows`]).

mod args;
mod lists;

use futures::Stream;
use im_client::RateLimits;
use im_client::bulk::{BulkOperation, BulkOptions, BulkRun};
use im_proto::FollowRelation;
use im_relations::{
    BlackListAdd, BlackListCheck, BlackListDelete, FollowAdd, FollowDelete, FriendAdd, FriendCheck,
    FriendDelete, FriendImport, Pair, PairInput, Success, SuccessKind,
};

use crate::bulk::{
    DryRun, Fields, InputItem, InputReport, Job, JobOperation, Record, Shows, Tuning, rate_of,
};
use crate::global::Global;
use crate::term::CliError;
pub(crate) use args::{BlacklistCommand, FollowsCommand, FriendsCommand};
use args::{PairInputArgs, PairJobArgs};

/// Runs one `friends` command.
pub(crate) async fn friends(global: &Global, command: &FriendsCommand) -> Result<u8, CliError> {
    match command {
        FriendsCommand::Import(args) => write(global, PairKind::Import, args).await,
        FriendsCommand::Add(a) => {
            let kind = PairKind::Add {
                both: !a.single,
                force: a.force,
            };
            write(global, kind, &a.job).await
        }
        FriendsCommand::Delete(a) => write(global, PairKind::Delete { both: a.both }, &a.job).await,
        FriendsCommand::Check(a) => {
            read(
                global,
                PairKind::Check { both: a.both },
                &a.pairs,
                &a.tuning,
            )
            .await
        }
        FriendsCommand::List(a) => lists::friends(global, &a.user_id).await,
    }
}

/// Runs one `blacklist` command.
pub(crate) async fn blacklist(global: &Global, command: &BlacklistCommand) -> Result<u8, CliError> {
    match command {
        BlacklistCommand::Add(args) => write(global, PairKind::Block, args).await,
        BlacklistCommand::Delete(args) => write(global, PairKind::Unblock, args).await,
        BlacklistCommand::Check(a) => {
            read(
                global,
                PairKind::BlockCheck { both: a.both },
                &a.pairs,
                &a.tuning,
            )
            .await
        }
        BlacklistCommand::List(a) => lists::blocked(global, &a.user_id).await,
    }
}

/// Runs one `follows` command.
pub(crate) async fn follows(global: &Global, command: &FollowsCommand) -> Result<u8, CliError> {
    match command {
        FollowsCommand::Add(args) => write(global, PairKind::Follow, args).await,
        FollowsCommand::Delete(args) => write(global, PairKind::Unfollow, args).await,
        FollowsCommand::List(a) => lists::follows(global, &a.user_id, a.list).await,
        FollowsCommand::Counts(a) => lists::counts(global, &a.user_ids).await,
    }
}

/// A job that writes, journaled with `--checkpoint`.
async fn write(global: &Global, kind: PairKind, args: &PairJobArgs) -> Result<u8, CliError> {
    let input = args.pairs.input();
    let op = PairOp::new(kind, &args.pairs);
    Job::new(op, &input, &args.tuning)
        .checkpoint(args.checkpoint.as_deref(), args.retry_failed)
        .run(global)
        .await
}

/// A job that reads.
async fn read(
    global: &Global,
    kind: PairKind,
    pairs: &PairInputArgs,
    tuning: &Tuning,
) -> Result<u8, CliError> {
    let input = pairs.input();
    Job::new(PairOp::new(kind, pairs), &input, tuning)
        .run(global)
        .await
}

/// Which pair operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PairKind {
    Import,
    Add { both: bool, force: bool },
    Delete { both: bool },
    Check { both: bool },
    Block,
    Unblock,
    BlockCheck { both: bool },
    Follow,
    Unfollow,
}

/// A pair operation, and the From_Account of the pairs given as arguments.
#[derive(Clone, Debug)]
struct PairOp {
    kind: PairKind,
    from: Option<String>,
}

/// What is done with the operation a [`PairKind`] picks.
trait WithOperation {
    type Out;

    fn with<Op>(self, op: Op) -> Self::Out
    where
        Op: BulkOperation<Input = PairInput, Output = Success, Kind = SuccessKind>;
}

impl PairOp {
    fn new(kind: PairKind, pairs: &PairInputArgs) -> Self {
        PairOp {
            kind,
            from: pairs.from.clone(),
        }
    }

    /// `then` with the bulk operation this picks.
    fn pick<W: WithOperation>(&self, then: W) -> W::Out {
        match self.kind {
            PairKind::Import => then.with(FriendImport),
            PairKind::Add { both, force } => then.with(FriendAdd { both, force }),
            PairKind::Delete { both } => then.with(FriendDelete { both }),
            PairKind::Check { both } => then.with(FriendCheck { both }),
            PairKind::Block => then.with(BlackListAdd),
            PairKind::Unblock => then.with(BlackListDelete),
            PairKind::BlockCheck { both } => then.with(BlackListCheck { both }),
            PairKind::Follow => then.with(FollowAdd),
            PairKind::Unfollow => then.with(FollowDelete),
        }
    }

    /// The operation's declaration.
    fn metadata(&self) -> &'static im_proto::Metadata {
        struct Declared;
        impl WithOperation for Declared {
            type Out = &'static im_proto::Metadata;
            fn with<Op>(self, op: Op) -> Self::Out
            where
                Op: BulkOperation<Input = PairInput, Output = Success, Kind = SuccessKind>,
            {
                op.metadata()
            }
        }
        self.pick(Declared)
    }
}

/// The relationship operations on the shared runner.
impl JobOperation for PairOp {
    type Input = PairInput;
    type Output = Success;
    type Kind = SuccessKind;

    fn name(&self) -> &'static str {
        struct Name;
        impl WithOperation for Name {
            type Out = &'static str;
            fn with<Op>(self, op: Op) -> Self::Out
            where
                Op: BulkOperation<Input = PairInput, Output = Success, Kind = SuccessKind>,
            {
                op.name()
            }
        }
        self.pick(Name)
    }

    fn noun(&self) -> &'static str {
        "pairs"
    }

    fn fields(&self) -> Fields {
        Fields::Pair
    }

    fn argument(&self, _: &InputReport, _: bool, i: usize, value: String) -> PairInput {
        match &self.from {
            Some(from) => PairInput::pair(Pair::new(from.clone(), value)),
            None => PairInput::rejected(format!("argument {}", i + 1), "needs --from"),
        }
    }

    fn rate_limits(&self, rate: u32) -> RateLimits {
        rate_of(self.metadata(), rate)
    }

    fn writes(&self) -> bool {
        !self.shows_every_item()
    }

    fn shows_every_item(&self) -> bool {
        matches!(
            self.kind,
            PairKind::Check { .. } | PairKind::BlockCheck { .. }
        )
    }

    fn dry_run(&self) -> Option<DryRun<Self>> {
        None
    }

    fn start<S>(
        &self,
        client: &im_client::Client,
        items: S,
        options: BulkOptions,
    ) -> BulkRun<Success, SuccessKind>
    where
        S: Stream<Item = PairInput> + Send + 'static,
    {
        struct Start<'c, S> {
            client: &'c im_client::Client,
            items: S,
            options: BulkOptions,
        }
        impl<S: Stream<Item = PairInput> + Send + 'static> WithOperation for Start<'_, S> {
            type Out = BulkRun<Success, SuccessKind>;
            fn with<Op>(self, op: Op) -> Self::Out
            where
                Op: BulkOperation<Input = PairInput, Output = Success, Kind = SuccessKind>,
            {
                self.client.bulk(op, self.items, self.options)
            }
        }
        self.pick(Start {
            client,
            items,
            options,
        })
    }
}

/// A pair per line.
impl InputItem for PairInput {
    fn record(record: Record) -> Self {
        match record.pair {
            Some(pair) => PairInput::pair(*pair),
            None => PairInput::rejected(record.user_id, "not a From_Account,To_Account pair"),
        }
    }

    fn rejected(label: String, reason: String) -> Self {
        PairInput::rejected(label, reason)
    }
}

impl Shows for Success {
    fn status(&self) -> &str {
        match self {
            Success::Imported => "imported",
            Success::Added => "added",
            Success::Pending => "pending",
            Success::AlreadyThere => "already_there",
            Success::Deleted => "deleted",
            Success::Absent => "absent",
            Success::Checked(relation) => relation.as_str(),
            Success::Blocked => "blocked",
            Success::Unblocked => "unblocked",
            Success::BlackChecked(relation) => relation.as_str(),
            Success::Followed => "followed",
            Success::Unfollowed => "unfollowed",
            Success::FollowChecked(relation) => follow_label(*relation),
            _ => "ok",
        }
    }
}

/// A follow relation as a word.
fn follow_label(relation: FollowRelation) -> &'static str {
    match relation {
        FollowRelation::None => "none",
        FollowRelation::FollowsMe => "follows_me",
        FollowRelation::IFollow => "following",
        FollowRelation::Mutual => "mutual",
        _ => "unknown",
    }
}
