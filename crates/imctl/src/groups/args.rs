//! The arguments of `imctl groups ...` (clap derive: the doc comments are the `--help` text).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::bulk::{InputArgs, InputFormat, Tuning};

/// `imctl groups ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum GroupsCommand {
    /// Create a group (create_group) and print its GroupId (--json: the answer object).
    Create(CreateArgs),
    /// Print groups' profiles (get_group_info, 50 a call): one line per group (--json: one
    /// object per group, as the service gives it).
    Info(InfoArgs),
    /// Print every group's GroupId (get_appid_group_list), following the cursor page after
    /// page at the API's 1 call a second (--json: one {"GroupId"} object per group).
    List,
    /// Destroy a group (destroy_group): its members and history are gone.
    Destroy(DestroyArgs),
    /// Import, add, remove and list a group's members.
    #[command(subcommand)]
    Members(MembersCommand),
    /// Send, read, recall and import a group's messages.
    #[command(subcommand)]
    Messages(GroupMessagesCommand),
    /// List, create and destroy a community's topics (a community created with
    /// --support-topic).
    #[command(subcommand)]
    Topics(TopicsCommand),
    /// Read, replace and clear a group's custom attributes.
    #[command(subcommand)]
    Attrs(AttrsCommand),
    /// A live group's (AVChatRoom's) online members and admins.
    #[command(subcommand)]
    Live(LiveCommand),
}

/// `imctl groups live ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum LiveCommand {
    /// Print a live group's online members, newest joiner first, page after page
    /// (get_members): one UserID per line (--json: one object per member, as the service
    /// gives it). Below the Ultimate edition the service lists only the last 30 joiners.
    Members(LiveMembersArgs),
    /// Print a live group's admins (get_admin_list), after making --add accounts admins and
    /// --remove ones no longer (modify_admin): one UserID per line (--json: one object per
    /// admin). A live group has at most 5 admins.
    Admins(LiveAdminsArgs),
}

/// `imctl groups live members`.
#[derive(Debug, Args)]
pub(crate) struct LiveMembersArgs {
    /// The live group.
    #[arg(value_name = "GROUP_ID")]
    pub(crate) group_id: String,
    /// Only the members with this mark (a member marked 600 is listed only this way).
    #[arg(long, value_name = "MARK")]
    pub(crate) mark: Option<i64>,
}

/// `imctl groups live admins`.
#[derive(Debug, Args)]
pub(crate) struct LiveAdminsArgs {
    /// The live group.
    #[arg(value_name = "GROUP_ID")]
    pub(crate) group_id: String,
    /// Make this account an admin (repeatable; at most 5 a group).
    #[arg(long = "add", value_name = "ACCOUNT")]
    pub(crate) add: Vec<String>,
    /// Make this account an admin no longer (repeatable).
    #[arg(long = "remove", value_name = "ACCOUNT")]
    pub(crate) remove: Vec<String>,
}

/// `imctl groups topics ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum TopicsCommand {
    /// Print a community's topics (get_topic): one line per topic, its TopicId and name
    /// (--json: one object per topic, as the service gives it).
    List(TopicsListArgs),
    /// Create a topic (create_topic) and print its TopicId alone. TopicName at most 30 bytes.
    Create(TopicCreateArgs),
    /// Destroy topics (destroy_topic, irreversible): one outcome per topic, a failure on
    /// stderr (110003: already destroyed).
    Destroy(TopicDestroyArgs),
}

/// `imctl groups topics list`.
#[derive(Debug, Args)]
pub(crate) struct TopicsListArgs {
    /// The community.
    #[arg(value_name = "COMMUNITY_ID")]
    pub(crate) group_id: String,
}

/// `imctl groups topics create`.
#[derive(Debug, Args)]
pub(crate) struct TopicCreateArgs {
    /// The community.
    #[arg(value_name = "COMMUNITY_ID")]
    pub(crate) group_id: String,
    /// The topic's name (at most 30 bytes).
    #[arg(long, value_name = "NAME")]
    pub(crate) name: String,
    /// A custom TopicId: the community's GroupId, @TOPIC#_ and a part of its own
    /// [default: generated].
    #[arg(long = "id", value_name = "TOPIC_ID")]
    pub(crate) topic_id: Option<String>,
}

/// `imctl groups topics destroy`.
#[derive(Debug, Args)]
pub(crate) struct TopicDestroyArgs {
    /// The community.
    #[arg(value_name = "COMMUNITY_ID")]
    pub(crate) group_id: String,
    /// The topics.
    #[arg(value_name = "TOPIC_ID", required = true)]
    pub(crate) topic_ids: Vec<String>,
}

/// `imctl groups attrs ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum AttrsCommand {
    /// Print a group's custom attributes (get_group_attr): one KEY=VALUE line each, escaped
    /// (--json: one object).
    Get(AttrsGroupArgs),
    /// Replace all of a group's custom attributes (set_group_attr) with KEY=VALUE pairs or a
    /// --file JSON object of strings: at most 16, keys of at most 32 bytes, values of at most
    /// 4000 bytes and 16000 together, checked before sending.
    Set(AttrsSetArgs),
    /// Remove every custom attribute of a group (clear_group_attr; not for communities).
    Clear(AttrsGroupArgs),
}

/// `imctl groups attrs get|clear`.
#[derive(Debug, Args)]
pub(crate) struct AttrsGroupArgs {
    /// The group.
    #[arg(value_name = "GROUP_ID")]
    pub(crate) group_id: String,
}

/// `imctl groups attrs set`.
#[derive(Debug, Args)]
pub(crate) struct AttrsSetArgs {
    /// The group.
    #[arg(value_name = "GROUP_ID")]
    pub(crate) group_id: String,
    /// The attributes, KEY=VALUE (split at the first =).
    #[arg(
        value_name = "KEY=VALUE",
        conflicts_with = "file",
        required_unless_present = "file"
    )]
    pub(crate) pairs: Vec<String>,
    /// The attributes as a JSON object of strings ({"seat1": "alice"}).
    #[arg(long, short, value_name = "PATH")]
    pub(crate) file: Option<PathBuf>,
}

/// `imctl groups messages ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum GroupMessagesCommand {
    /// Send one message to a group (send_group_msg) and print its MsgSeq (--json: the
    /// GroupId, MsgSeq, MsgTime and Random). A lost answer is resent only as the very same
    /// request within the 300 s the service deduplicates it in: the group holds it once.
    Send(GroupSendArgs),
    /// Print a group's history, newest first, page after page (group_msg_get_simple): one
    /// line per message (--json: one object per message, as the service gives it).
    History(GroupHistoryArgs),
    /// Recall messages of a group by MsgSeq (group_msg_recall, 10 a call): one outcome each.
    Recall(RecallArgs),
    /// Print the read receipts of messages of a group (get_group_msg_receipt): one line per
    /// MsgSeq, "MsgSeq 7: 2 read, 3 unread" (--json: one object each with ReadNum and
    /// UnreadNum). With --detail, who read each message and who has not
    /// (get_group_msg_receipt_detail, 200 a page): one "7 read ACCOUNT" or "7 unread
    /// ACCOUNT" line per member (--json: one object per message with Read and Unread lists).
    /// A message without receipt information (not sent with NeedReadReceipt 1) fails alone.
    Receipts(ReceiptsArgs),
    /// Import history into a group from JSON Lines (import_group_msg, 7 a call): each line
    /// a message with From_Account, SendTime (Unix seconds, increasing, after the group's
    /// creation and its newest message, before now), MsgBody and optionally Random. Every
    /// line is checked before anything is sent.
    Import(GroupImportArgs),
}

/// `imctl groups messages send`.
#[derive(Debug, Args)]
pub(crate) struct GroupSendArgs {
    /// The group.
    #[arg(value_name = "GROUP_ID")]
    pub(crate) group_id: String,
    /// The message: one text element.
    #[arg(
        long,
        value_name = "TEXT",
        conflicts_with = "body",
        required_unless_present = "body"
    )]
    pub(crate) text: Option<String>,
    /// The message body as JSON (a MsgBody array of {"MsgType", "MsgContent"} elements), given
    /// as @FILE (or @- for standard input).
    #[arg(long, value_name = "@FILE")]
    pub(crate) body: Option<String>,
    /// The sender, a member [default: the admin].
    #[arg(long, value_name = "ACCOUNT")]
    pub(crate) from: Option<String>,
    /// A topic of the community GROUP_ID (its TopicId): the topic's own messages.
    #[arg(long, value_name = "TOPIC_ID")]
    pub(crate) topic: Option<String>,
}

/// `imctl groups messages history`.
#[derive(Debug, Args)]
pub(crate) struct GroupHistoryArgs {
    /// The group.
    #[arg(value_name = "GROUP_ID")]
    pub(crate) group_id: String,
    /// Also the recalled messages (marked recalled).
    #[arg(long)]
    pub(crate) with_recalled: bool,
    /// A topic of the community GROUP_ID (its TopicId): the topic's own messages.
    #[arg(long, value_name = "TOPIC_ID")]
    pub(crate) topic: Option<String>,
}

/// `imctl groups messages recall`.
#[derive(Debug, Args)]
pub(crate) struct RecallArgs {
    /// The group.
    #[arg(value_name = "GROUP_ID")]
    pub(crate) group_id: String,
    /// The messages' MsgSeq (from the send or the history).
    #[arg(value_name = "MSGSEQ", required = true)]
    pub(crate) seqs: Vec<u32>,
    /// A topic of the community GROUP_ID (its TopicId): the topic's own messages.
    #[arg(long, value_name = "TOPIC_ID")]
    pub(crate) topic: Option<String>,
}

/// `imctl groups messages receipts`.
#[derive(Debug, Args)]
pub(crate) struct ReceiptsArgs {
    /// The group.
    #[arg(value_name = "GROUP_ID")]
    pub(crate) group_id: String,
    /// The messages' MsgSeq (from the send or the history).
    #[arg(value_name = "MSGSEQ", required = true)]
    pub(crate) seqs: Vec<u32>,
    /// List who read each message and who has not, instead of the counts.
    #[arg(long)]
    pub(crate) detail: bool,
}

/// `imctl groups messages import`.
#[derive(Debug, Args)]
pub(crate) struct GroupImportArgs {
    /// The group.
    #[arg(value_name = "GROUP_ID")]
    pub(crate) group_id: String,
    /// The messages: JSON Lines, one message per line. Blank lines and lines starting with #
    /// are skipped.
    #[arg(long, short, value_name = "PATH")]
    pub(crate) file: PathBuf,
}

/// `--type` of `groups create`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum TypeArg {
    /// Users find it and apply to join.
    #[value(name = "Public")]
    Public,
    /// Members invite friends without approval (Work).
    #[value(name = "Private")]
    Private,
    /// Free to join and leave (Meeting).
    #[value(name = "ChatRoom")]
    ChatRoom,
    /// Live streaming: no member list, no history.
    #[value(name = "AVChatRoom")]
    AvChatRoom,
    /// A community (IDs @TGS#_...).
    #[value(name = "Community")]
    Community,
}

/// `imctl groups create`.
#[derive(Debug, Args)]
pub(crate) struct CreateArgs {
    /// The group's type.
    #[arg(
        long = "type",
        value_enum,
        value_name = "TYPE",
        required_unless_present = "file"
    )]
    pub(crate) kind: Option<TypeArg>,
    /// The group's name.
    #[arg(long, value_name = "NAME", required_unless_present = "file")]
    pub(crate) name: Option<String>,
    /// The owner [default: none: the App admin manages it].
    #[arg(long, value_name = "ID")]
    pub(crate) owner: Option<String>,
    /// A custom GroupId (@TGS#_ and a community's @TGS#_ rules apply) [default: generated].
    #[arg(long = "id", value_name = "GROUP_ID")]
    pub(crate) group_id: Option<String>,
    /// A community with topics (SupportTopic 1; --type Community only).
    #[arg(long)]
    pub(crate) support_topic: bool,
    /// Create every group of this file instead, a bulk job (one create_group call per group,
    /// one outcome per group): JSON Lines, each line create_group's request ("Type", "Name",
    /// and optionally "GroupId", "Owner_Account", "MemberList" of up to 100 members...).
    /// Blank lines and lines starting with # are skipped. With --checkpoint a resumed job
    /// sends a group of a custom GroupId again (one already created counts as already there)
    /// and never a group without one whose outcome it did not learn (reported failed, to check
    /// with `groups list`): give GroupIds to resume safely. Outcomes name a group by its
    /// GroupId, else its Name.
    #[arg(
        long,
        short,
        value_name = "PATH|-",
        conflicts_with_all = ["kind", "name", "owner", "group_id", "support_topic"]
    )]
    pub(crate) file: Option<PathBuf>,
    /// Pace (with --file).
    #[command(flatten)]
    pub(crate) tuning: Tuning,
    /// With --file: journal progress in FILE, as the member jobs do.
    #[arg(long, value_name = "FILE", requires = "file")]
    pub(crate) checkpoint: Option<PathBuf>,
    /// With --checkpoint: also send again the groups an earlier run reported failed.
    #[arg(long, requires = "checkpoint")]
    pub(crate) retry_failed: bool,
}

/// `imctl groups info`.
#[derive(Debug, Args)]
pub(crate) struct InfoArgs {
    /// The groups.
    #[arg(value_name = "GROUP_ID", required = true)]
    pub(crate) group_ids: Vec<String>,
}

/// `imctl groups destroy`.
#[derive(Debug, Args)]
pub(crate) struct DestroyArgs {
    /// The group.
    #[arg(value_name = "GROUP_ID")]
    pub(crate) group_id: String,
}

/// `imctl groups members ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum MembersCommand {
    /// Import members with their role and join time (import_group_member, 20 a call): no
    /// notification, no approval. A member already there counts as done, so a rerun of an
    /// interrupted import exits 0 once every member is in.
    Import(MemberJobArgs),
    /// Add members (add_group_member, 20 a call); a member already there counts as done.
    Add(MemberJobArgs),
    /// Remove members (delete_group_member, 100 a call); an account that is not a member
    /// counts as removed.
    Remove(MemberJobArgs),
    /// Print every member of a group, page after page: one UserID per line (--json: one
    /// object per member with Member_Account, Role and the other fields the service gives).
    List(ListArgs),
}

/// A bulk job over a group's members.
#[derive(Debug, Args)]
pub(crate) struct MemberJobArgs {
    /// The group.
    #[arg(value_name = "GROUP_ID")]
    pub(crate) group_id: String,
    /// Members to act on (before those of --file).
    #[arg(value_name = "USER_ID")]
    pub(crate) user_ids: Vec<String>,
    /// Read members from this file (`-`: standard input): one UserID per line, or JSON Lines
    /// with "Member_Account" (or "UserID") and, for import, "Role" (Admin or Member),
    /// "JoinTime" (Unix seconds) and "UnreadMsgNum". Blank lines and lines starting with # are
    /// skipped; bad lines are reported with their line number and count as failed.
    #[arg(long, short, value_name = "PATH|-")]
    pub(crate) file: Option<PathBuf>,
    /// The file's format: lines or jsonl [default: from the file name, else its first line].
    #[arg(long, value_name = "FORMAT", value_enum, hide_possible_values = true)]
    pub(crate) format: Option<InputFormat>,
    /// Refuse UserIDs with characters outside A-Z, a-z, 0-9, _ and - as bad lines.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Pace.
    #[command(flatten)]
    pub(crate) tuning: Tuning,
    /// Journal progress in FILE: a run stopped for any reason and restarted with the same
    /// arguments skips the members already reported with a final outcome (--retry-failed
    /// sends the failed ones again). The file is kept afterwards; delete it to start over.
    #[arg(long, value_name = "FILE")]
    pub(crate) checkpoint: Option<PathBuf>,
    /// With --checkpoint: also send again the members an earlier run reported failed.
    #[arg(long, requires = "checkpoint")]
    pub(crate) retry_failed: bool,
}

impl MemberJobArgs {
    /// As the shared input arguments.
    pub(crate) fn input(&self) -> InputArgs {
        InputArgs {
            user_ids: self.user_ids.clone(),
            file: self.file.clone(),
            format: self.format,
            strict: self.strict,
        }
    }
}

/// `imctl groups members list`.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// The group.
    #[arg(value_name = "GROUP_ID")]
    pub(crate) group_id: String,
}
