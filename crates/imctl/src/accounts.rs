//! `imctl accounts ...`: bulk jobs over UserIDs from arguments and files, on the shared job
//! runner (`bulk`), and `accounts sync` (`sync`).
//!
//! The account operations are im-accounts' [`BulkOp`]s; this module says what each is to the
//! runner ([`JobOperation`]: its input, its pace, its dry run) and what its successes show
//! ([`Shows`]), for `accounts` and `profile` alike.

pub(crate) mod args;
mod sync;

use std::io::IsTerminal;

use futures::Stream;
use im_accounts::StatusOptions;
use im_accounts::bulk::{BulkItem, BulkOp, Success, SuccessKind};
use im_client::RateLimits;
use im_client::bulk::{BulkOptions, BulkRun};
use im_proto::{Api, PlatformStatus, Profile};

use crate::bulk::{
    DryRun, Fields, InputArgs, InputReport, Job, JobOperation, Relabel, Shows, Source,
    argument_item,
};
use crate::global::Global;
use crate::term::{CliError, EXIT_FAILED, confirmed, note};
pub(crate) use args::AccountsCommand;

/// Runs one `accounts` command.
pub(crate) async fn run(global: &Global, command: &AccountsCommand) -> Result<u8, CliError> {
    match command {
        AccountsCommand::Import(args) => Job::writing(BulkOp::Import, args).run(global).await,
        AccountsCommand::Check(args) => {
            Job::new(BulkOp::Check, &args.input, &args.tuning)
                .run(global)
                .await
        }
        AccountsCommand::Delete(args) => {
            let job = &args.job;
            if !job.dry_run && !args.yes && !confirm_delete(&job.input)? {
                note("nothing was deleted");
                return Ok(EXIT_FAILED);
            }
            Job::writing(BulkOp::Delete, job).run(global).await
        }
        AccountsCommand::Status(args) => {
            let op = BulkOp::OnlineStatus(StatusOptions::default().with_detail(args.detail));
            let job = Job::new(op, &args.input, &args.tuning);
            job.detail(args.detail).run(global).await
        }
        AccountsCommand::Kick(args) => {
            let job = Job::new(BulkOp::Kick, &args.input, &args.tuning);
            let job = job.checkpoint(args.checkpoint.as_deref(), args.retry_failed);
            job.dry_run(args.dry_run).run(global).await
        }
        AccountsCommand::Sync(args) => sync::run(global, args).await,
    }
}

/// On a terminal, shows how many accounts a delete would remove and asks; elsewhere (scripts,
/// pipes) goes on.
fn confirm_delete(input: &InputArgs) -> Result<bool, CliError> {
    // Before opening the input: a piped stdin is the job's, not the prompt's.
    if !std::io::stdin().is_terminal() {
        return Ok(true);
    }
    let count = Source::open(input, Fields::UserId, false)?
        .count_items()
        .map_or_else(|| "these".to_owned(), |n| n.to_string());
    confirmed(&format!("delete {count} accounts? This cannot be undone."))
}

/// The account operations (`accounts` and `profile` commands) on the shared runner.
impl JobOperation for BulkOp {
    type Input = BulkItem;
    type Output = Success;
    type Kind = SuccessKind;

    fn name(&self) -> &'static str {
        BulkOp::name(self)
    }

    fn fields(&self) -> Fields {
        match self {
            BulkOp::Import => Fields::Import,
            BulkOp::ProfileSet => Fields::Profile,
            _ => Fields::UserId,
        }
    }

    fn argument(&self, report: &InputReport, strict: bool, i: usize, value: String) -> BulkItem {
        argument_item(report, strict, i, value)
    }

    fn rate_limits(&self, rate: u32) -> RateLimits {
        let limits = RateLimits::default().set(self.api(), Some(rate));
        if *self == BulkOp::Import {
            // FailAccounts entries are retried one by one with the single import.
            return limits.set(Api::AccountImport, Some(rate));
        }
        limits
    }

    fn writes(&self) -> bool {
        !matches!(
            self,
            BulkOp::Check | BulkOp::OnlineStatus(_) | BulkOp::ProfileGet(_)
        )
    }

    fn shows_every_item(&self) -> bool {
        matches!(
            self,
            BulkOp::Check | BulkOp::OnlineStatus(_) | BulkOp::Kick | BulkOp::ProfileGet(_)
        )
    }

    /// A check of which accounts exist, each status said as what the write would do.
    fn dry_run(&self) -> Option<DryRun<Self>> {
        let relabel: Relabel = match self {
            BulkOp::Import => |s| match s {
                "Imported" => "exists",
                _ => "would_import",
            },
            BulkOp::Delete => |s| match s {
                "Imported" => "would_delete",
                _ => "absent",
            },
            BulkOp::Kick => |s| match s {
                "Imported" => "would_kick",
                _ => "not_found",
            },
            BulkOp::ProfileSet => |s| match s {
                "Imported" => "would_set",
                _ => "not_found",
            },
            _ => return None,
        };
        Some(DryRun {
            op: BulkOp::Check,
            relabel,
        })
    }

    fn start<S>(
        &self,
        client: &im_client::Client,
        items: S,
        options: BulkOptions,
    ) -> BulkRun<Success, SuccessKind>
    where
        S: Stream<Item = BulkItem> + Send + 'static,
    {
        BulkOp::start(self, client, items, options.into())
    }
}

impl Shows for Success {
    fn status(&self) -> &str {
        self.label()
    }

    fn detail(&self) -> Option<&[PlatformStatus]> {
        match self {
            Success::Online(info) => Some(&info.detail),
            _ => None,
        }
    }

    fn profile(&self) -> Option<&Profile> {
        match self {
            Success::Profile(profile) => Some(profile),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_with_a_dry_run_checks_instead_and_says_what_it_would_do() {
        let cases = [
            (BulkOp::Import, "exists", "would_import"),
            (BulkOp::Delete, "would_delete", "absent"),
            (BulkOp::Kick, "would_kick", "not_found"),
            (BulkOp::ProfileSet, "would_set", "not_found"),
        ];
        for (op, exists, absent) in cases {
            let dry_run = op.dry_run().expect("a write has a dry run");
            assert_eq!(dry_run.op, BulkOp::Check, "{op:?}");
            assert_eq!((dry_run.relabel)("Imported"), exists, "{op:?}");
            assert_eq!((dry_run.relabel)("NotImported"), absent, "{op:?}");
        }
        assert!(BulkOp::Check.dry_run().is_none());
    }

    #[test]
    fn reads_are_neither_journaled_before_sending_nor_silent() {
        let reads = [
            BulkOp::Check,
            BulkOp::OnlineStatus(StatusOptions::default()),
            BulkOp::profile_get([]),
        ];
        for op in reads {
            assert!(!op.writes() && op.shows_every_item(), "{op:?}");
        }
        for op in [BulkOp::Import, BulkOp::Delete, BulkOp::ProfileSet] {
            assert!(op.writes() && !op.shows_every_item(), "{op:?}");
        }
        // A kick writes, and says for each account that it was done.
        assert!(BulkOp::Kick.writes() && BulkOp::Kick.shows_every_item());
        assert_eq!(BulkOp::Import.fields(), Fields::Import);
        assert_eq!(BulkOp::ProfileSet.fields(), Fields::Profile);
        assert_eq!(BulkOp::Delete.fields(), Fields::UserId);
    }
}
