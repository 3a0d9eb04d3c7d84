//! What reading one line gives: the fields a job wants, an account record, or why the line
//! is not one (a leaf: the format, the CSV columns and the reader all use these).

use im_proto::Profile;

/// What a job takes from a line besides the UserID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fields {
    /// The UserID only (other fields are ignored, whatever their type).
    UserId,
    /// The UserID, `Nick` and `FaceUrl` (account import).
    Import,
    /// The UserID and any profile fields (a profile write).
    Profile,
    /// A message's recipient: its UserID, named `To_Account` in JSON Lines and CSV headers
    /// (`UserID` too); other fields are ignored.
    Recipient,
    /// A relationship pair: `From_Account`, `To_Account` and the friend fields.
    Pair,
    /// A group member: `Member_Account` (or `UserID`) and the fields an import takes.
    Member,
    /// A group to create: a JSON object, create_group's request.
    Group,
}

/// An account read from a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Record {
    /// The UserID as given (checked by the job).
    pub(crate) user_id: String,
    /// `Nick`.
    pub(crate) nick: Option<String>,
    /// `FaceUrl`.
    pub(crate) face_url: Option<String>,
    /// Every profile field, for a profile write.
    pub(crate) profile: Option<Box<Profile>>,
    /// The pair, for a relationship job (`user_id` is then `from,to`).
    pub(crate) pair: Option<Box<im_relations::Pair>>,
    /// The member's fields, for a member job (a JSON line).
    pub(crate) member: Option<Box<MemberFields>>,
    /// The group to create, for a group creation (`user_id` is then its GroupId, else its
    /// Name).
    pub(crate) group: Option<Box<im_proto::group::create_group::Request>>,
}

/// What a JSON line gives a group member besides its account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct MemberFields {
    /// `Role`.
    pub(crate) role: Option<im_proto::group_types::MemberRole>,
    /// `JoinTime`, Unix seconds.
    pub(crate) join_time: Option<i64>,
    /// `UnreadMsgNum`.
    pub(crate) unread_msg_num: Option<u32>,
}

impl Record {
    pub(super) fn id(user_id: impl Into<String>) -> Self {
        Record {
            user_id: user_id.into(),
            nick: None,
            face_url: None,
            profile: None,
            pair: None,
            member: None,
            group: None,
        }
    }
}

/// What one line gave.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Parsed {
    /// A blank line, a comment or a CSV header.
    Skip,
    /// An account.
    Record(Record),
    /// A bad line, and why (without the `line N:` prefix).
    Bad(String),
    /// A line that names its UserID but breaks a rule in another field, and why (without the
    /// `line N:` prefix): the account is known even though the line cannot be used.
    BadFields {
        /// The UserID the line names.
        user_id: String,
        /// Why the line cannot be used.
        why: String,
    },
    /// The input as a whole cannot be read (a CSV header naming a column twice).
    Stop(String),
    /// A line inside a CSV record that goes on with the next line (a quoted field spanning
    /// lines): nothing yet.
    Continues,
}
