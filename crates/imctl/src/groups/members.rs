//! The member jobs (`groups members import|add|remove`): im-groups' bulk operations on the
//! shared runner, one outcome per member, journaled with `--checkpoint` under the group's ID.

use futures::Stream;
use im_client::RateLimits;
use im_client::bulk::{BulkOptions, BulkRun};
use im_groups::{
    AddGroupMember, DeleteGroupMember, ImportGroupMember, Member, MemberInput, Success, SuccessKind,
};

use super::args::MemberJobArgs;
use crate::bulk::{
    DryRun, Fields, InputItem, InputReport, Job, JobOperation, Record, Shows, screened_argument,
};
use crate::global::Global;
use crate::term::CliError;

/// Which member operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MemberKind {
    Import,
    Add,
    Remove,
}

/// Runs a member job on the group of `args`.
pub(super) async fn run(
    global: &Global,
    kind: MemberKind,
    args: &MemberJobArgs,
) -> Result<u8, CliError> {
    let input = args.input();
    let op = MemberOp {
        kind,
        group_id: args.group_id.clone(),
    };
    Job::new(op, &input, &args.tuning)
        .scope(format!("group {}", args.group_id))
        .checkpoint(args.checkpoint.as_deref(), args.retry_failed)
        .run(global)
        .await
}

/// A member operation on one group.
#[derive(Clone, Debug)]
struct MemberOp {
    kind: MemberKind,
    group_id: String,
}

impl MemberOp {
    /// The declaration of the API it calls.
    fn metadata(&self) -> &'static im_proto::Metadata {
        use im_client::bulk::BulkOperation;
        match self.kind {
            MemberKind::Import => ImportGroupMember::new(&self.group_id).metadata(),
            MemberKind::Add => AddGroupMember::new(&self.group_id).metadata(),
            MemberKind::Remove => DeleteGroupMember::new(&self.group_id).metadata(),
        }
    }
}

impl JobOperation for MemberOp {
    type Input = MemberInput;
    type Output = Success;
    type Kind = SuccessKind;

    fn name(&self) -> &'static str {
        match self.kind {
            MemberKind::Import => "import",
            MemberKind::Add => "add",
            MemberKind::Remove => "remove",
        }
    }

    fn key_name(&self) -> &'static str {
        "Member_Account"
    }

    fn noun(&self) -> &'static str {
        "members"
    }

    fn fields(&self) -> Fields {
        Fields::Member
    }

    fn argument(&self, report: &InputReport, strict: bool, i: usize, value: String) -> MemberInput {
        match screened_argument(report, strict, i, value) {
            Ok(account) => MemberInput::from(account),
            Err((account, reason)) => MemberInput::rejected(account, reason),
        }
    }

    fn rate_limits(&self, rate: u32) -> RateLimits {
        let api = self
            .metadata()
            .api
            .expect("every member operation is a declared API");
        RateLimits::default().set(api, Some(rate))
    }

    fn writes(&self) -> bool {
        true
    }

    fn shows_every_item(&self) -> bool {
        false
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
        S: Stream<Item = MemberInput> + Send + 'static,
    {
        let group = self.group_id.clone();
        match self.kind {
            MemberKind::Import => client.bulk(ImportGroupMember::new(group), items, options),
            MemberKind::Add => client.bulk(AddGroupMember::new(group), items, options),
            MemberKind::Remove => client.bulk(DeleteGroupMember::new(group), items, options),
        }
    }
}

/// A member per line.
impl InputItem for MemberInput {
    fn record(record: Record) -> Self {
        let mut member = Member::new(record.user_id);
        if let Some(fields) = record.member {
            member.role = fields.role;
            member.join_time = fields.join_time;
            member.unread_msg_num = fields.unread_msg_num;
        }
        MemberInput::member(member)
    }

    fn rejected(label: String, reason: String) -> Self {
        MemberInput::rejected(label, reason)
    }
}

impl Shows for Success {
    fn status(&self) -> &str {
        match self {
            Success::Imported => "imported",
            Success::Added => "added",
            Success::AlreadyMember => "already_member",
            Success::Pending => "pending",
            Success::Deleted => "removed",
            _ => "ok",
        }
    }
}
