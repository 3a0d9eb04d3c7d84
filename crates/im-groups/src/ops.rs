//! Typed operations, one module per API, and what the member operations share: the
//! [`Member`] input, its check, the [`Success`]es and the per-member outcome of a typed call.

use std::fmt;

use im_client::bulk::Rejected;
use im_client::results::{self, ItemResult};
use im_client::{Failure, InvalidInput};
use im_proto::group_types::MemberRole;
use im_proto::{Metadata, UserId};

/// The parts of a [`BulkOperation`](im_client::bulk::BulkOperation) every member operation
/// shares: a [`MemberInput`] in, checked into a [`MemberItem`], duplicates by the account, a
/// [`Success`] out, counted by its [`SuccessKind`].
macro_rules! member_operation {
    () => {
        type Input = $crate::ops::MemberInput;
        type Item = $crate::ops::MemberItem;
        type Output = $crate::ops::Success;
        type Kind = $crate::ops::SuccessKind;

        #[inline]
        fn key<'a>(&self, input: &'a $crate::ops::MemberInput) -> Option<&'a str> {
            input.key()
        }

        #[inline]
        fn check(
            &self,
            input: $crate::ops::MemberInput,
        ) -> Result<$crate::ops::MemberItem, im_client::bulk::Rejected> {
            $crate::ops::MemberItem::check(input)
        }

        #[inline]
        fn label(&self, item: $crate::ops::MemberItem) -> String {
            item.account.into_string()
        }

        #[inline]
        fn kind(&self, success: &$crate::ops::Success) -> $crate::ops::SuccessKind {
            success.kind()
        }
    };
}

macro_rules! operations {
    ($($module:ident,)*) => {
        $(
            mod $module;
            #[allow(
                unused_imports,
                unreachable_pub,
                reason = "one glob per API; only some operations have public types"
            )]
            pub use $module::*;
        )*
    };
}

operations! {
    create_group,
    import_group,
    destroy_group,
    import_group_member,
    add_group_member,
    delete_group_member,
    get_group_info,
    get_appid_group_list,
    get_group_member_info,
    send_group_msg,
    group_msg_get_simple,
    group_msg_recall,
    import_group_msg,
    send_group_system_notification,
    delete_group_msg_by_sender,
    set_unread_msg_num,
    modify_group_msg,
    clear_group_msg,
    modify_group_base_info,
    get_joined_group_list,
    change_group_owner,
    get_role_in_group,
    modify_group_member_info,
    get_specified_group_member_info,
    forbid_send_msg,
    get_group_muted_account,
    ban_group_member,
    unban_group_member,
    get_group_ban_member,
    create_topic,
    import_topic,
    modify_topic,
    destroy_topic,
    get_topic,
    get_online_member_num,
    get_group_attr,
    modify_group_attr,
    clear_group_attr,
    set_group_attr,
    delete_group_attr,
    get_group_counter,
    update_group_counter,
    delete_group_counter,
    get_members,
    modify_user_info,
    modify_admin,
    get_admin_list,
    add_robots,
    del_robots,
    check_members,
    send_broadcast_msg,
    get_group_msg_receipt,
    get_group_msg_receipt_detail,
    group_msg_receipt,
}

/// One member to import, add or remove: the account as given (checked by the engine), and
/// the fields an import takes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Member {
    /// `Member_Account`, as given.
    pub account: String,
    /// `Role` (import only; `Admin` in the types with admins, absent: `Member`).
    pub role: Option<MemberRole>,
    /// `JoinTime` (import only), Unix seconds: after the group's creation, before now.
    pub join_time: Option<i64>,
    /// `UnreadMsgNum` (import only): the member's unread messages, capped at the group's.
    pub unread_msg_num: Option<u32>,
}

impl Member {
    /// The member `account`, without fields.
    pub fn new(account: impl Into<String>) -> Self {
        Member {
            account: account.into(),
            ..Member::default()
        }
    }

    /// With its role (import).
    pub fn with_role(mut self, role: MemberRole) -> Self {
        self.role = Some(role);
        self
    }

    /// With its join time, Unix seconds (import).
    pub fn with_join_time(mut self, time: i64) -> Self {
        self.join_time = Some(time);
        self
    }

    /// With its unread message count (import).
    pub fn with_unread(mut self, count: u32) -> Self {
        self.unread_msg_num = Some(count);
        self
    }
}

/// An input item of a member operation: a member, or a line the caller could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MemberInput {
    /// A member; duplicates are found by its account.
    Member(Box<Member>),
    /// An input that could not be read (a malformed line): failed with this reason.
    Rejected {
        /// What names it in the outcome (`line 7`).
        label: String,
        /// Why.
        reason: String,
    },
}

impl MemberInput {
    /// A member to send.
    pub fn member(member: Member) -> Self {
        MemberInput::Member(Box::new(member))
    }

    /// An input that could not be read.
    pub fn rejected(label: impl Into<String>, reason: impl Into<String>) -> Self {
        MemberInput::Rejected {
            label: label.into(),
            reason: reason.into(),
        }
    }

    fn key(&self) -> Option<&str> {
        match self {
            MemberInput::Member(member) => Some(&member.account),
            MemberInput::Rejected { .. } => None,
        }
    }
}

impl From<Member> for MemberInput {
    fn from(member: Member) -> Self {
        MemberInput::member(member)
    }
}

impl From<&str> for MemberInput {
    fn from(account: &str) -> Self {
        MemberInput::member(Member::new(account))
    }
}

impl From<String> for MemberInput {
    fn from(account: String) -> Self {
        MemberInput::member(Member::new(account))
    }
}

/// A checked member, ready to be sent.
#[derive(Clone, Debug)]
pub struct MemberItem {
    /// `Member_Account`.
    pub account: UserId,
    /// The member's fields.
    pub member: Box<Member>,
}

impl MemberItem {
    /// Checks the account's UserID.
    ///
    /// # Errors
    ///
    /// A [`Rejected`] naming the account and the rule broken.
    pub fn check(input: MemberInput) -> Result<MemberItem, Rejected> {
        let member = match input {
            MemberInput::Member(member) => member,
            MemberInput::Rejected { label, reason } => {
                return Err(Rejected::new(
                    label,
                    Failure::Invalid(InvalidInput::Rejected(reason)),
                ));
            }
        };
        match UserId::new(member.account.as_str()) {
            Ok(account) => Ok(MemberItem { account, member }),
            Err(err) => Err(Rejected::new(
                member.account.clone(),
                Failure::Invalid(InvalidInput::UserId(err)),
            )),
        }
    }
}

/// What succeeded for one member.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Success {
    /// Imported (import_group_member `Result` 1).
    Imported,
    /// Added (add_group_member `Result` 1).
    Added,
    /// Already a member (`Result` 2).
    AlreadyMember,
    /// Invited, waiting for approval (add_group_member `Result` 3: the group's
    /// `InviteJoinOption` is `NeedPermission`).
    Pending,
    /// Removed (delete_group_member; an account that was not a member succeeds too).
    Deleted,
    /// Muted or unmuted as asked (forbid_send_msg; a non-member is left alone).
    Muted,
    /// Banned (ban_group_member).
    Banned,
    /// Ban lifted (unban_group_member).
    Unbanned,
}

/// What reports count successes by; `Display` is the label (`imported`, `already_member`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum SuccessKind {
    /// [`Success::Imported`].
    Imported,
    /// [`Success::Added`].
    Added,
    /// [`Success::AlreadyMember`].
    AlreadyMember,
    /// [`Success::Pending`].
    Pending,
    /// [`Success::Deleted`].
    Deleted,
    /// [`Success::Muted`].
    Muted,
    /// [`Success::Banned`].
    Banned,
    /// [`Success::Unbanned`].
    Unbanned,
}

impl Success {
    /// What kind of success this is, for counting.
    pub fn kind(&self) -> SuccessKind {
        match self {
            Success::Imported => SuccessKind::Imported,
            Success::Added => SuccessKind::Added,
            Success::AlreadyMember => SuccessKind::AlreadyMember,
            Success::Pending => SuccessKind::Pending,
            Success::Deleted => SuccessKind::Deleted,
            Success::Muted => SuccessKind::Muted,
            Success::Banned => SuccessKind::Banned,
            Success::Unbanned => SuccessKind::Unbanned,
        }
    }
}

impl fmt::Display for SuccessKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SuccessKind::Imported => "imported",
            SuccessKind::Added => "added",
            SuccessKind::AlreadyMember => "already_member",
            SuccessKind::Pending => "pending",
            SuccessKind::Deleted => "deleted",
            SuccessKind::Muted => "muted",
            SuccessKind::Banned => "banned",
            SuccessKind::Unbanned => "unbanned",
        })
    }
}

/// One outcome per requested item of a typed call (a member's account, a group's ID, a
/// message's `MsgSeq`), in request order.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ItemOutcome<T> {
    /// The item's key, as requested.
    pub key: String,
    /// What happened to it.
    pub result: Result<T, Failure>,
}

/// Pairs each requested key with its result, in request order.
pub(crate) fn zip<T>(
    keys: impl IntoIterator<Item = String>,
    results: Vec<Result<T, Failure>>,
) -> Vec<ItemOutcome<T>> {
    keys.into_iter()
        .zip(results)
        .map(|(key, result)| ItemOutcome { key, result })
        .collect()
}

/// The member results of an answer of `meta` (`MemberList[]` with `Member_Account` and
/// `Result`): `Result` 0 is the member's failure, which the service gives without a code
/// ([`Failure::Refused`], label `refused`), 2 [`Success::AlreadyMember`],
/// 3 [`Success::Pending`], 1 `done`; another value [`Failure::UnknownValue`].
pub(crate) fn member_results<R>(
    meta: &Metadata,
    accounts: &[&str],
    items: &[R],
    read: fn(&R) -> (&str, u32),
    done: Success,
) -> Vec<Result<Success, Failure>> {
    let reader = coded(move |r: &R| ItemResult::new(read(r).0));
    results::map_with(
        results::declared(meta),
        accounts.iter().copied(),
        items,
        reader,
        |item| match item.map(|r| read(r).1) {
            None => Err(Failure::NoResult),
            Some(0) => Err(Failure::Refused),
            Some(1) => Ok(done.clone()),
            Some(2) => Ok(Success::AlreadyMember),
            Some(3) => Ok(Success::Pending),
            Some(other) => Err(Failure::UnknownValue {
                field: "Result",
                value: other.to_string(),
            }),
        },
    )
}

/// `read` as a reader of any result's lifetime (what the mappings take).
pub(crate) fn coded<R, F>(read: F) -> F
where
    F: for<'a> Fn(&'a R) -> ItemResult<'a>,
{
    read
}
