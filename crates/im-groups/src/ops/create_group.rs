//! `create_group`: a new group with its owner and initial members, and the bulk creation of
//! groups ([`CreateGroups`]).

use im_client::bulk::{Batch, BulkOperation, Rejected};
use im_client::{DecodeError, Error, Failure, InvalidInput};
use im_proto::group::create_group;
use im_proto::{Endpoint, ErrorCode, Metadata};

use crate::Client;

/// A group the service created: its `GroupId` and the whole answer.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct CreatedGroup {
    /// The new group's ID (generated `@TGS#...`, or the custom one asked for).
    pub group_id: String,
    /// The answer, as the service gave it (`Type`, `HugeGroupFlag`, unknown fields kept).
    pub response: create_group::Response,
}

impl Client {
    /// Creates a group (`create_group`) with its owner and up to 100 initial members.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a request breaking its rules (a custom ID's form, the
    /// profile's lengths, more than 100 members, a role other than `Admin`; nothing is sent);
    /// [`Error::Decode`] for an `OK` answer without `GroupId`; otherwise as
    /// [`call`](im_client::Client::call) (10021 for a custom ID another group has, 10025 for
    /// one the owner already has, 10007 for an AVChatRoom with members).
    pub async fn create_group(
        &self,
        request: &create_group::Request,
    ) -> Result<CreatedGroup, Error> {
        let response = self.call(request).await?;
        let group_id = response
            .group_id
            .clone()
            .ok_or_else(|| missing_group_id("create_group"))?;
        Ok(CreatedGroup { group_id, response })
    }
}

/// The error of an `OK` answer of `command` without its `GroupId`.
pub(crate) fn missing_group_id(command: &str) -> Error {
    Error::Decode(DecodeError::finding(
        format!("{command} answered OK without a GroupId"),
        b"",
    ))
}

/// An input of the bulk creation ([`CreateGroups`]): a group as its `create_group` request,
/// or an input the caller could not read.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum GroupInput {
    /// A group to create; duplicates are found by its custom `GroupId`, when it has one.
    Group(Box<create_group::Request>),
    /// An input that could not be read (a malformed line): failed with this reason.
    Rejected {
        /// What names it in the outcome (`line 7`).
        label: String,
        /// Why.
        reason: String,
    },
}

impl GroupInput {
    /// A group to create.
    pub fn group(request: create_group::Request) -> Self {
        GroupInput::Group(Box::new(request))
    }

    /// An input that could not be read.
    pub fn rejected(label: impl Into<String>, reason: impl Into<String>) -> Self {
        GroupInput::Rejected {
            label: label.into(),
            reason: reason.into(),
        }
    }
}

impl From<create_group::Request> for GroupInput {
    fn from(request: create_group::Request) -> Self {
        GroupInput::group(request)
    }
}

/// A group checked against `create_group`'s rules, ready to be sent.
#[derive(Clone, Debug)]
pub struct GroupItem {
    /// The request.
    pub request: Box<create_group::Request>,
}

impl GroupItem {
    /// What names it in its outcome: its custom `GroupId`, else its `Name`.
    pub fn label(&self) -> String {
        self.request
            .group_id
            .clone()
            .unwrap_or_else(|| self.request.name.clone())
    }
}

/// What the bulk creation did with one group.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GroupCreated {
    /// Created, with this `GroupId`.
    Created(String),
    /// Already there: a group of this custom `GroupId` that an earlier run of the job may
    /// have created is the caller's (`create_group` answered 10025 to a resend).
    AlreadyThere(String),
}

impl GroupCreated {
    /// The group's `GroupId`.
    pub fn group_id(&self) -> &str {
        match self {
            GroupCreated::Created(id) | GroupCreated::AlreadyThere(id) => id,
        }
    }
}

/// What reports count the bulk creation's successes by: `created`, `already_there`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum GroupCreatedKind {
    /// [`GroupCreated::Created`].
    Created,
    /// [`GroupCreated::AlreadyThere`].
    AlreadyThere,
}

impl std::fmt::Display for GroupCreatedKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            GroupCreatedKind::Created => "created",
            GroupCreatedKind::AlreadyThere => "already_there",
        })
    }
}

/// The bulk creation of groups (`create_group`, one call per group, each with its initial
/// members): one outcome per group.
///
/// `create_group` is not safe to resend (a resend without `GroupId` makes a second group), so
/// the engine sends each group once, and a resumed job (one whose earlier run may have sent a
/// group without learning the outcome, [`Batch::sent_before`]) sends a group with a custom
/// `GroupId` again, taking 10025 ("already yours") as [`GroupCreated::AlreadyThere`], and
/// never sends a group without one again: it fails with the reason, for the caller to check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CreateGroups;

impl BulkOperation for CreateGroups {
    type Input = GroupInput;
    type Item = GroupItem;
    type Output = GroupCreated;
    type Kind = GroupCreatedKind;

    fn metadata(&self) -> &'static Metadata {
        const { &create_group::Request::METADATA }
    }

    fn name(&self) -> &'static str {
        "create"
    }

    fn key<'a>(&self, input: &'a GroupInput) -> Option<&'a str> {
        match input {
            GroupInput::Group(request) => request.group_id.as_deref(),
            GroupInput::Rejected { .. } => None,
        }
    }

    fn check(&self, input: GroupInput) -> Result<GroupItem, Rejected> {
        let request = match input {
            GroupInput::Group(request) => request,
            GroupInput::Rejected { label, reason } => {
                let why = Failure::Invalid(InvalidInput::Rejected(reason));
                return Err(Rejected::new(label, why));
            }
        };
        let item = GroupItem { request };
        match item.request.validate() {
            Ok(()) => Ok(item),
            Err(err) => Err(Rejected::new(
                item.label(),
                Failure::Invalid(InvalidInput::Request(err)),
            )),
        }
    }

    fn label(&self, item: GroupItem) -> String {
        item.label()
    }

    fn kind(&self, created: &GroupCreated) -> GroupCreatedKind {
        match created {
            GroupCreated::Created(_) => GroupCreatedKind::Created,
            GroupCreated::AlreadyThere(_) => GroupCreatedKind::AlreadyThere,
        }
    }

    async fn send(&self, batch: &Batch<'_, GroupItem>) -> Vec<Result<GroupCreated, Failure>> {
        let mut out = Vec::with_capacity(batch.items().len());
        for (i, item) in batch.items().iter().enumerate() {
            out.push(create_one(batch, i, item).await);
        }
        out
    }
}

/// Sends group `i` of the chunk once (a resumed group without a custom ID not at all).
async fn create_one(
    batch: &Batch<'_, GroupItem>,
    i: usize,
    item: &GroupItem,
) -> Result<GroupCreated, Failure> {
    let again = batch.sent_before(i);
    let Some(custom) = item.request.group_id.clone() else {
        if again {
            let why = "an earlier run of this job sent this group (it has no custom GroupId) \
                       without learning whether it was created: not sent again, so that it is \
                       never created twice; look for it among the owner's groups";
            return Err(Failure::Invalid(InvalidInput::Other(why.into())));
        }
        let response = batch.call_one(&*item.request).await?;
        let id = response.group_id.ok_or(Failure::NoResult)?;
        return Ok(GroupCreated::Created(id));
    };
    match batch.call_one(&*item.request).await {
        Ok(_) => Ok(GroupCreated::Created(custom)),
        Err(Failure::Service { code, .. })
            if again && code == ErrorCode::GROUP_ID_ALREADY_YOURS =>
        {
            Ok(GroupCreated::AlreadyThere(custom))
        }
        Err(failure) => Err(failure),
    }
}
