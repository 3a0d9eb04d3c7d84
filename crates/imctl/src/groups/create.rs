//! `groups create --file`: im-groups' bulk creation (`CreateGroups`) on the shared runner, one
//! outcome per group.

use std::path::Path;

use futures::Stream;
use im_client::RateLimits;
use im_client::bulk::{BulkOperation, BulkOptions, BulkRun};
use im_groups::{CreateGroups, GroupCreated, GroupCreatedKind, GroupInput};

use super::args::CreateArgs;
use crate::bulk::{
    DryRun, Fields, InputArgs, InputItem, InputReport, Job, JobOperation, Record, Shows,
};
use crate::global::Global;
use crate::term::CliError;

/// Creates every group of `file`.
pub(super) async fn run(global: &Global, file: &Path, args: &CreateArgs) -> Result<u8, CliError> {
    let input = InputArgs {
        user_ids: Vec::new(),
        file: Some(file.to_owned()),
        format: None,
        strict: false,
    };
    Job::new(CreateOp, &input, &args.tuning)
        .checkpoint(args.checkpoint.as_deref(), args.retry_failed)
        .run(global)
        .await
}

/// The bulk creation, to the runner.
struct CreateOp;

impl JobOperation for CreateOp {
    type Input = GroupInput;
    type Output = GroupCreated;
    type Kind = GroupCreatedKind;

    fn name(&self) -> &'static str {
        "create"
    }

    fn key_name(&self) -> &'static str {
        "GroupId"
    }

    fn noun(&self) -> &'static str {
        "groups"
    }

    fn fields(&self) -> Fields {
        Fields::Group
    }

    fn argument(&self, _: &InputReport, _: bool, i: usize, _: String) -> GroupInput {
        GroupInput::rejected(format!("argument {}", i + 1), "groups come from --file")
    }

    fn rate_limits(&self, rate: u32) -> RateLimits {
        let api = CreateGroups
            .metadata()
            .api
            .expect("create_group is a declared API");
        RateLimits::default().set(api, Some(rate))
    }

    fn writes(&self) -> bool {
        true
    }

    fn shows_every_item(&self) -> bool {
        true
    }

    fn dry_run(&self) -> Option<DryRun<Self>> {
        None
    }

    fn start<S>(
        &self,
        client: &im_client::Client,
        items: S,
        options: BulkOptions,
    ) -> BulkRun<GroupCreated, GroupCreatedKind>
    where
        S: Stream<Item = GroupInput> + Send + 'static,
    {
        client.bulk(CreateGroups, items, options)
    }
}

/// A group per line.
impl InputItem for GroupInput {
    fn record(record: Record) -> Self {
        match record.group {
            Some(request) => GroupInput::group(*request),
            None => GroupInput::rejected(record.user_id, "not a group (create_group's request)"),
        }
    }

    fn rejected(label: String, reason: String) -> Self {
        GroupInput::rejected(label, reason)
    }
}

impl Shows for GroupCreated {
    fn status(&self) -> &str {
        match self {
            GroupCreated::Created(_) => "created",
            GroupCreated::AlreadyThere(_) => "already_there",
            _ => "ok",
        }
    }
}
