//! The typed answers to the "before" callbacks, each encoding as its page shows: allow; refuse
//! with 1 (the service answers the sender with its own code); deny with the app's own code,
//! checked against the command's documented range ([`BeforeCallback::DENY_CODES`], so that a
//! wrong code is refused here, naming the code and the range, instead of reaching the service);
//! drop silently where documented (the message callbacks: `ErrorCode` 2, the sender is told it
//! succeeded); rewrite the message (`MsgBody`, `CloudCustomData`); refuse some invitees or
//! subscribers; answer each friend request on its own.
//!
//! Each reply type is generic over its command so that the range comes from the command's
//! type: in a router handler the compiler infers it from the handler's return type
//! (`MessageReply::deny(120_050, "links are not allowed")`).
//!
//! The service waits [`BeforeCallback::BUDGET`] (2 s) for an answer; past it the console's
//! choice applies (deliver by default, or refuse with 80003). Answer first, work after.

use std::fmt;
use std::marker::PhantomData;

use im_proto::message::MsgBody;
use serde::{Deserialize, Serialize};

use crate::Reply;
use crate::callback::{BeforeCallback, Callback, CallbackReply, DenyCodeError, check_deny_code};
use crate::wire::Extra;

/// What a before callback's answer decides, read from its `ErrorCode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Verdict {
    /// 0: go on (with the rewritten message, if the reply carries one).
    Allow,
    /// 1: refuse; the sender gets the service's code for a refusal.
    Refuse,
    /// A code in the command's documented range: refuse, and the sender gets this code and
    /// `ErrorInfo`.
    Deny(i64),
    /// 2 (message callbacks only): drop silently; the sender is told the message was sent.
    Drop,
    /// Any other code (not one the page documents for this command).
    Unknown(i64),
}

/// The `ActionStatus` of an answer (the pages show `OK` for every decision, refusals included).
const OK: &str = "OK";

fn is_empty<T>(list: &[T]) -> bool {
    list.is_empty()
}

/// Defines a reply type with the three fields every answer has, the given ones and `extra`.
macro_rules! reply_type {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$fmeta:meta])* $field:ident: $ty:ty,)* }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(bound = "")]
        #[non_exhaustive]
        pub struct $name<C> {
            /// `ActionStatus`.
            #[serde(rename = "ActionStatus", default)]
            pub action_status: String,
            /// `ErrorCode`: the decision.
            #[serde(rename = "ErrorCode", default)]
            pub error_code: i64,
            /// `ErrorInfo`: shown to the sender with a code of the app's own.
            #[serde(rename = "ErrorInfo", default)]
            pub error_info: String,
            $($(#[$fmeta])* pub $field: $ty,)*
            /// Fields the type does not name.
            #[serde(flatten)]
            pub extra: Extra,
            #[serde(skip)]
            command: PhantomData<fn() -> C>,
        }

        impl<C: BeforeCallback> $name<C> {
            fn with_code(code: i64, info: String) -> Self {
                $name {
                    action_status: OK.to_owned(),
                    error_code: code,
                    error_info: info,
                    $($field: Default::default(),)*
                    extra: Extra::new(),
                    command: PhantomData,
                }
            }
        }
    };
}

/// Adds the decisions a reply type shares: allow, refuse (1), deny with the app's own code, and
/// reading the decision back (`drop`: whether 2 drops silently).
macro_rules! decisions {
    ($($name:ident drop = $drop:literal),*) => {$(
        impl<C: BeforeCallback> $name<C> {
            /// Go on.
            pub fn allow() -> Self {
                Self::with_code(0, String::new())
            }

            /// Refuse (`ErrorCode` 1): the sender gets the service's own code for a refusal.
            pub fn refuse(info: impl Into<String>) -> Self {
                Self::with_code(1, info.into())
            }

            /// Refuse with the app's own `code`, which the sender gets with `info`.
            ///
            /// # Errors
            ///
            /// [`DenyCodeError`] if `code` is outside the command's documented range
            /// ([`BeforeCallback::DENY_CODES`]).
            pub fn deny(code: i64, info: impl Into<String>) -> Result<Self, DenyCodeError> {
                check_deny_code::<C>(code).map(|code| Self::with_code(code, info.into()))
            }

            /// What the answer decides.
            pub fn verdict(&self) -> Verdict {
                verdict::<C>(self.error_code, $drop)
            }
        }
    )*};
}

decisions!(
    BeforeReply drop = false,
    MessageReply drop = true,
    InviteReply drop = false,
    SubscribeReply drop = false
);

fn verdict<C: BeforeCallback>(code: i64, drop: bool) -> Verdict {
    match code {
        0 => Verdict::Allow,
        1 => Verdict::Refuse,
        2 if drop => Verdict::Drop,
        code if C::DENY_CODES.is_some_and(|range| range.contains(code)) => Verdict::Deny(code),
        code => Verdict::Unknown(code),
    }
}

reply_type! {
    /// The answer to a before callback that allows or refuses (creating a group or a topic,
    /// applying to join a group, creating an official account).
    BeforeReply {}
}

reply_type! {
    /// The answer to a before-send callback (C2C, group, official account): allow, refuse,
    /// deny with a code of the app's own, drop silently, or deliver a rewritten message.
    MessageReply {
        /// `MsgBody`: the message to deliver instead (only with `ErrorCode` 0).
        #[serde(rename = "MsgBody", default, skip_serializing_if = "Option::is_none")]
        msg_body: Option<MsgBody>,
        /// `CloudCustomData`: the custom data to deliver instead (only with `ErrorCode` 0).
        #[serde(rename = "CloudCustomData", default, skip_serializing_if = "Option::is_none")]
        cloud_custom_data: Option<String>,
    }
}

impl<C: BeforeCallback> MessageReply<C> {
    /// Drop the message silently (`ErrorCode` 2): nothing is stored or delivered, and the
    /// sender is told it was sent.
    pub fn drop_silently() -> Self {
        Self::with_code(2, String::new())
    }

    /// Deliver the message with its body and/or custom data replaced (`ErrorCode` 0; what is
    /// `None` stays as the sender sent it).
    pub fn rewrite(msg_body: Option<MsgBody>, cloud_custom_data: Option<String>) -> Self {
        let mut reply = Self::allow();
        reply.msg_body = msg_body;
        reply.cloud_custom_data = cloud_custom_data;
        reply
    }
}

reply_type! {
    /// The answer to `Group.CallbackBeforeInviteJoinGroup`: allow all, refuse all, or allow
    /// the invitation but keep some invitees out (`RefusedMembers_Account`).
    InviteReply {
        /// `RefusedMembers_Account`: the invitees kept out.
        #[serde(rename = "RefusedMembers_Account", default, skip_serializing_if = "is_empty")]
        refused_members_account: Vec<String>,
    }
}

impl<C: BeforeCallback> InviteReply<C> {
    /// Allow the invitation but keep `members` out.
    pub fn refuse_members<I: IntoIterator<Item = S>, S: Into<String>>(members: I) -> Self {
        let mut reply = Self::allow();
        reply.refused_members_account = members.into_iter().map(Into::into).collect();
        reply
    }
}

reply_type! {
    /// The answer to `OfficialAccount.CallbackBeforeAddSubscriber`: allow all, refuse all, or
    /// keep some of the new subscribers out (`RefusedSubscribers_Account`).
    SubscribeReply {
        /// `RefusedSubscribers_Account`: the subscribers kept out.
        #[serde(rename = "RefusedSubscribers_Account", default, skip_serializing_if = "is_empty")]
        refused_subscribers_account: Vec<String>,
    }
}

impl<C: BeforeCallback> SubscribeReply<C> {
    /// Allow the request but keep `subscribers` out.
    pub fn refuse_subscribers<I: IntoIterator<Item = S>, S: Into<String>>(subscribers: I) -> Self {
        let mut reply = Self::allow();
        reply.refused_subscribers_account = subscribers.into_iter().map(Into::into).collect();
        reply
    }
}

reply_type! {
    /// The answer to a friend request or response (`Sns.CallbackPrev*`): one `ResultItem` per
    /// requested account, each allowed (0) or refused with a code in the documented range. A
    /// non-zero `ErrorCode` for the whole answer says the app *failed*, and the service then
    /// lets every request through: refusing is per item only.
    FriendReply {
        /// `ResultItem`: the decision for each requested account.
        #[serde(rename = "ResultItem", default)]
        result_item: Vec<ResultItem>,
    }
}

impl<C: BeforeCallback> FriendReply<C> {
    /// Answer each account on its own.
    ///
    /// # Errors
    ///
    /// [`DenyCodeError`] naming the first item whose refusal code is outside the command's
    /// documented range (its `ResultCode` must be 0 or in the range).
    pub fn per_item(items: Vec<ResultItem>) -> Result<Self, DenyCodeError> {
        for item in &items {
            if item.result_code != 0 {
                check_deny_code::<C>(item.result_code)?;
            }
        }
        let mut reply = Self::with_code(0, String::new());
        reply.result_item = items;
        Ok(reply)
    }

    /// The app failed to decide (`ErrorCode` `code`, in the documented range, with `info`):
    /// the service lets every request through.
    ///
    /// # Errors
    ///
    /// [`DenyCodeError`] if `code` is outside the documented range.
    pub fn failed(code: i64, info: impl Into<String>) -> Result<Self, DenyCodeError> {
        check_deny_code::<C>(code).map(|code| {
            let mut reply = Self::with_code(code, info.into());
            reply.action_status = "FAIL".to_owned();
            reply
        })
    }

    /// Allow every one of `accounts`.
    pub fn allow_all<I: IntoIterator<Item = S>, S: Into<String>>(accounts: I) -> Self {
        let mut reply = Self::with_code(0, String::new());
        reply.result_item = accounts.into_iter().map(ResultItem::allow).collect();
        reply
    }

    /// Whether the request to `account` may go on, as this answer says (an account it does
    /// not list, or a failed answer, lets the request through, as the service does).
    pub fn allows(&self, account: &str) -> bool {
        self.error_code != 0
            || self
                .result_item
                .iter()
                .find(|item| item.to_account == account)
                .is_none_or(|item| item.result_code == 0)
    }
}

/// One account's decision in a [`FriendReply`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResultItem {
    /// `To_Account`: the requested account.
    #[serde(rename = "To_Account")]
    pub to_account: String,
    /// `ResultCode`: 0 allows, a code in the documented range refuses.
    #[serde(rename = "ResultCode", default)]
    pub result_code: i64,
    /// `ResultInfo`: why.
    #[serde(rename = "ResultInfo", default)]
    pub result_info: String,
    /// Fields the type does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ResultItem {
    /// Allow the request to `account`.
    pub fn allow(account: impl Into<String>) -> Self {
        ResultItem {
            to_account: account.into(),
            ..ResultItem::default()
        }
    }

    /// Refuse the request to `account` with `code` (checked when the reply is built) and
    /// `info`.
    pub fn deny(account: impl Into<String>, code: i64, info: impl Into<String>) -> Self {
        ResultItem {
            to_account: account.into(),
            result_code: code,
            result_info: info.into(),
            extra: Extra::new(),
        }
    }
}

macro_rules! never_failed {
    ($($name:ident),*) => {$(
        impl<C: BeforeCallback> CallbackReply for $name<C> {
            /// A decision, refusals included, is never the app's failure.
            fn is_failure(&self) -> bool {
                false
            }
        }
    )*};
}

never_failed!(BeforeReply, MessageReply, InviteReply, SubscribeReply);

impl<C: BeforeCallback> CallbackReply for FriendReply<C> {
    /// A non-zero `ErrorCode` is the app's failure (the per-item codes are decisions).
    fn is_failure(&self) -> bool {
        self.error_code != 0
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Allow => f.write_str("allow"),
            Verdict::Refuse => f.write_str("refuse"),
            Verdict::Deny(code) => write!(f, "deny {code}"),
            Verdict::Drop => f.write_str("drop"),
            Verdict::Unknown(code) => write!(f, "unknown code {code}"),
        }
    }
}

/// An answer given without code (`imctl callbacks listen --answer`): what it does, checked
/// against what the command's page allows ([`crate::check_answer`]), and made into the
/// command's typed reply for an event ([`Event::answer`](crate::Event::answer)).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Answer {
    /// Allow (a notification: acknowledge).
    Allow,
    /// Refuse with 1 (a notification: the app failed); `info` as `ErrorInfo`.
    Refuse {
        /// `ErrorInfo`.
        info: String,
    },
    /// Refuse with the app's own code (a friend request: every account refused with it).
    Deny {
        /// The code, in the command's documented range.
        code: i64,
        /// `ErrorInfo` (`ResultInfo` for a friend request).
        info: String,
    },
    /// Refuse the requests to these accounts with the app's own code, allow the others (a
    /// friend request or answer: per item).
    DenyAccounts {
        /// The accounts refused.
        accounts: Vec<String>,
        /// The code, in the command's documented range.
        code: i64,
        /// `ResultInfo` of the refused items.
        info: String,
    },
    /// Drop silently (the message callbacks).
    Drop,
    /// Deliver the message rewritten (the message callbacks).
    Rewrite {
        /// The body to deliver instead.
        msg_body: Option<MsgBody>,
        /// The custom data to deliver instead.
        cloud_custom_data: Option<String>,
    },
}

impl Answer {
    /// The answer's name as `--answer` files write it.
    pub fn name(&self) -> &'static str {
        match self {
            Answer::Allow => "allow",
            Answer::Refuse { .. } => "refuse",
            Answer::Deny { .. } => "deny",
            Answer::DenyAccounts { .. } => "deny (some accounts)",
            Answer::Drop => "drop",
            Answer::Rewrite { .. } => "rewrite",
        }
    }
}

/// An [`Answer`] the command's page does not allow.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerError {
    /// The command cannot be answered this way.
    #[error("{command} cannot be answered with {answer} (it takes: {allowed})")]
    NotForCommand {
        /// The command.
        command: String,
        /// The answer's name.
        answer: &'static str,
        /// The answers it takes.
        allowed: &'static str,
    },
    /// A refusal code outside the command's documented range.
    #[error(transparent)]
    Code(#[from] DenyCodeError),
}

/// What a reply type makes of an [`Answer`], for command `C`.
pub(crate) trait Canned<C>: Sized {
    /// The answers this reply type takes, for errors.
    const ALLOWED: &'static str;

    /// The reply `answer` makes for `event`.
    fn canned(event: &C, answer: &Answer) -> Result<Self, AnswerError>;
}

fn not_for<C: BeforeCallback>(answer: &Answer, allowed: &'static str) -> AnswerError {
    AnswerError::NotForCommand {
        command: C::COMMAND.to_owned(),
        answer: answer.name(),
        allowed,
    }
}

macro_rules! canned_decisions {
    ($($name:ident),*) => {$(
        impl<C: BeforeCallback> Canned<C> for $name<C> {
            const ALLOWED: &'static str = "allow, refuse, deny";

            fn canned(_: &C, answer: &Answer) -> Result<Self, AnswerError> {
                match answer {
                    Answer::Allow => Ok(Self::allow()),
                    Answer::Refuse { info } => Ok(Self::refuse(info.clone())),
                    Answer::Deny { code, info } => Ok(Self::deny(*code, info.clone())?),
                    _ => Err(not_for::<C>(answer, Self::ALLOWED)),
                }
            }
        }
    )*};
}

canned_decisions!(BeforeReply, InviteReply, SubscribeReply);

impl<C: BeforeCallback> Canned<C> for MessageReply<C> {
    const ALLOWED: &'static str = "allow, refuse, deny, drop, rewrite";

    fn canned(_: &C, answer: &Answer) -> Result<Self, AnswerError> {
        Ok(match answer {
            Answer::Allow => Self::allow(),
            Answer::Refuse { info } => Self::refuse(info.clone()),
            Answer::Deny { code, info } => Self::deny(*code, info.clone())?,
            Answer::Drop => Self::drop_silently(),
            Answer::Rewrite {
                msg_body,
                cloud_custom_data,
            } => Self::rewrite(msg_body.clone(), cloud_custom_data.clone()),
            Answer::DenyAccounts { .. } => return Err(not_for::<C>(answer, Self::ALLOWED)),
        })
    }
}

/// A friend request or response: the accounts it asks about.
pub(crate) trait FriendRequest {
    /// The requested accounts, in order.
    fn accounts(&self) -> Vec<String>;
}

impl<C: BeforeCallback + FriendRequest> Canned<C> for FriendReply<C> {
    const ALLOWED: &'static str =
        "allow, deny (every account refused with the code, or the accounts named)";

    fn canned(event: &C, answer: &Answer) -> Result<Self, AnswerError> {
        match answer {
            Answer::Allow => Ok(Self::allow_all(event.accounts())),
            Answer::Deny { code, info } => {
                check_deny_code::<C>(*code)?;
                let items = event.accounts().into_iter();
                let items = items.map(|to| ResultItem::deny(to, *code, info.clone()));
                Ok(Self::per_item(items.collect())?)
            }
            Answer::DenyAccounts {
                accounts,
                code,
                info,
            } => {
                check_deny_code::<C>(*code)?;
                let items = event.accounts().into_iter().map(|to| {
                    if accounts.contains(&to) {
                        ResultItem::deny(to, *code, info.clone())
                    } else {
                        ResultItem::allow(to)
                    }
                });
                Ok(Self::per_item(items.collect())?)
            }
            _ => Err(not_for::<C>(answer, Self::ALLOWED)),
        }
    }
}

/// A command answered from an [`Answer`]: every typed command (a notification takes allow and
/// refuse; a before callback what its page allows).
pub trait Answerable: Callback {
    /// The reply `answer` makes for this event, as a [`Reply`] (its typed fields in `extra`).
    ///
    /// # Errors
    ///
    /// [`AnswerError`] if the command's page does not allow `answer`.
    fn answer(&self, answer: &Answer) -> Result<Reply, AnswerError> {
        notification(Self::COMMAND, answer)
    }

    /// Whether the command takes `answer` (checked before any event arrives).
    ///
    /// # Errors
    ///
    /// As [`Answerable::answer`].
    fn check_answer(answer: &Answer) -> Result<(), AnswerError> {
        notification(Self::COMMAND, answer).map(drop)
    }
}

/// A notification's answer: allow acknowledges, refuse says the app failed.
pub(crate) fn notification(command: &str, answer: &Answer) -> Result<Reply, AnswerError> {
    match answer {
        Answer::Allow => Ok(Reply::ok()),
        Answer::Refuse { info } => Ok(Reply::fail(info.clone())),
        _ => Err(AnswerError::NotForCommand {
            command: command.to_owned(),
            answer: answer.name(),
            allowed: "allow, refuse (the app failed)",
        }),
    }
}

/// A before callback's answer: its typed reply, as a [`Reply`].
pub(crate) fn before<C>(event: &C, answer: &Answer) -> Result<Reply, AnswerError>
where
    C: BeforeCallback,
    C::Reply: Canned<C>,
{
    let typed = <C::Reply as Canned<C>>::canned(event, answer)?;
    let value = serde_json::to_value(&typed).unwrap_or_default();
    // Every typed reply has the three fields a Reply reads.
    Ok(serde_json::from_value(value).unwrap_or_else(|_| Reply::ok()))
}
