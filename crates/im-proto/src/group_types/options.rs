//! Group types, editions, join options, roles, message options and switches.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A group type, as the REST API names it (`Type` of create_group and get_group_info,
/// `GroupType` of the list filters). The SDKs and the console call `Private` `Work` and
/// `ChatRoom` `Meeting`: those names are read as the same types, and written with the REST
/// names. An unknown name is kept in `Other`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum GroupType {
    /// `Public`: users find it and apply to join; the owner or an admin approves.
    Public,
    /// `Private` (`Work`): members invite friends without approval; no join applications.
    Private,
    /// `ChatRoom` (`Meeting`): free to join and leave; members see earlier messages.
    ChatRoom,
    /// `AVChatRoom`: live streaming; free to join, no member cap, no history, no member data.
    AvChatRoom,
    /// `BChatRoom`: the old broadcast group; still a `GroupType` filter value, created by no page.
    BChatRoom,
    /// `Community`: a community (IDs `@TGS#_...`), optionally with topics.
    Community,
    /// A value this version does not know, kept verbatim.
    Other(String),
}

impl GroupType {
    /// The wire string (the REST name).
    pub fn as_str(&self) -> &str {
        match self {
            GroupType::Public => "Public",
            GroupType::Private => "Private",
            GroupType::ChatRoom => "ChatRoom",
            GroupType::AvChatRoom => "AVChatRoom",
            GroupType::BChatRoom => "BChatRoom",
            GroupType::Community => "Community",
            GroupType::Other(s) => s,
        }
    }

    /// The name the SDKs and the console use (`Work`, `Meeting`; the others as on the wire).
    pub fn sdk_name(&self) -> &str {
        match self {
            GroupType::Private => "Work",
            GroupType::ChatRoom => "Meeting",
            other => other.as_str(),
        }
    }

    /// Whether this is a value this version knows (not [`Self::Other`]).
    pub fn is_known(&self) -> bool {
        !matches!(self, GroupType::Other(_))
    }

    /// Whether users may apply to join, so that [`ApplyJoinOption`] applies (Public, Meeting and
    /// AVChatRoom; a Work group takes no applications, a community's option cannot be set).
    pub fn takes_apply_join_option(&self) -> bool {
        matches!(
            self,
            GroupType::Public | GroupType::ChatRoom | GroupType::AvChatRoom
        )
    }

    /// Whether the group may have admins (every type but Work and AVChatRoom).
    pub fn has_admins(&self) -> bool {
        matches!(
            self,
            GroupType::Public | GroupType::ChatRoom | GroupType::Community
        )
    }

    /// Whether the service keeps its members (AVChatRoom keeps none: no member list, no adding,
    /// importing, removing or modifying members, no owner change or role query: 10007).
    pub fn stores_members(&self) -> bool {
        !matches!(self, GroupType::AvChatRoom | GroupType::BChatRoom)
    }

    /// Whether members may be muted (every type but Work).
    pub fn can_mute(&self) -> bool {
        !matches!(self, GroupType::Private)
    }

    /// Whether messages are stored for history (every type but AVChatRoom).
    pub fn keeps_history(&self) -> bool {
        !matches!(self, GroupType::AvChatRoom | GroupType::BChatRoom)
    }

    /// Whether unread counts are kept (Work, Public, Community; not Meeting nor AVChatRoom).
    pub fn counts_unread(&self) -> bool {
        matches!(
            self,
            GroupType::Private | GroupType::Public | GroupType::Community
        )
    }

    /// Whether groups, members and messages may be imported (every type but AVChatRoom: 10007).
    pub fn allows_import(&self) -> bool {
        self.stores_members()
    }

    /// The most members a group of this type may have in `edition` (the usage limits page,
    /// 2025-11-04, and the group system page, 2026-01-08), before any paid add-on.
    pub fn max_members(&self, edition: Edition) -> MemberCap {
        match self {
            GroupType::AvChatRoom | GroupType::BChatRoom => MemberCap::Unlimited,
            GroupType::Community => match edition {
                Edition::Trial | Edition::Pro => MemberCap::Unavailable,
                Edition::Ultimate | Edition::Enterprise => MemberCap::Limited(100_000),
            },
            _ => MemberCap::Limited(match edition {
                Edition::Trial => 20,
                Edition::Pro => 200,
                Edition::Ultimate => 2_000,
                Edition::Enterprise => 6_000,
            }),
        }
    }
}

impl From<&str> for GroupType {
    fn from(s: &str) -> Self {
        match s {
            "Public" => GroupType::Public,
            "Private" | "Work" => GroupType::Private,
            "ChatRoom" | "Meeting" => GroupType::ChatRoom,
            "AVChatRoom" => GroupType::AvChatRoom,
            "BChatRoom" => GroupType::BChatRoom,
            "Community" => GroupType::Community,
            other => GroupType::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for GroupType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for GroupType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for GroupType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as Deserialize>::deserialize(d)?;
        Ok(GroupType::from(&*s))
    }
}

/// An edition of the service (the names of the Chinese site's usage limits page): the member
/// caps of [`GroupType::max_members`] depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Edition {
    /// 体验版 (Trial): 20 members a group, 100 groups an app, no communities.
    Trial,
    /// 专业版 (Pro): 200 members a group (2,000 with the add-on), no communities.
    Pro,
    /// 旗舰版 (Ultimate): 2,000 members a group (6,000 with the add-on), communities of 100,000.
    Ultimate,
    /// 企业版 (Enterprise): the top paid edition; 6,000 members a group (the international page,
    /// "customisable"; the Chinese page's figure was not readable), communities of 100,000
    /// (1,000,000 by ticket).
    Enterprise,
}

/// The most members a group may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MemberCap {
    /// At most this many.
    Limited(u32),
    /// No cap (AVChatRoom).
    Unlimited,
    /// The edition cannot create groups of this type (communities below Ultimate).
    Unavailable,
}

impl MemberCap {
    /// Whether a group of `count` members fits.
    pub fn admits(self, count: u64) -> bool {
        match self {
            MemberCap::Limited(max) => count <= u64::from(max),
            MemberCap::Unlimited => true,
            MemberCap::Unavailable => false,
        }
    }
}

crate::string_enum! {
    /// Who may join by applying (`ApplyJoinOption`; create, import, modify, group info). Only
    /// for the types that take applications ([`GroupType::takes_apply_join_option`]); absent at
    /// creation: `NeedPermission`.
    ApplyJoinOption {
        /// `FreeAccess`: anyone joins without approval.
        FreeAccess => "FreeAccess",
        /// `NeedPermission`: the owner or an admin approves.
        NeedPermission => "NeedPermission",
        /// `DisableApply`: nobody may apply.
        DisableApply => "DisableApply",
    }
}

crate::string_enum! {
    /// How SDK invitations are handled (`InviteJoinOption`; not for AVChatRoom).
    InviteJoinOption {
        /// `FreeAccess`: an invitee joins directly.
        FreeAccess => "FreeAccess",
        /// `NeedPermission`: the owner or an admin approves (add_group_member's `Result` 3).
        NeedPermission => "NeedPermission",
        /// `DisableInvite`: no SDK invitations.
        DisableInvite => "DisableInvite",
    }
}

crate::string_enum! {
    /// A member's role in a group (`Role`). Only `Admin` may be given at creation or import;
    /// modify_group_member_info sets `Admin` or `Member`; the owner changes by change_group_owner.
    MemberRole {
        /// `Owner`: the group's owner: everything an admin may, plus appointing admins,
        /// dissolving and transferring.
        Owner => "Owner",
        /// `Admin`: an administrator: edits the profile, removes and mutes ordinary members.
        Admin => "Admin",
        /// `Member`: an ordinary member.
        Member => "Member",
    }
}

crate::string_enum! {
    /// An account's role as get_role_in_group answers it: a [`MemberRole`], or `NotMember`.
    RoleInGroup {
        /// `Owner`: the group's owner.
        Owner => "Owner",
        /// `Admin`: an administrator.
        Admin => "Admin",
        /// `Member`: an ordinary member.
        Member => "Member",
        /// `NotMember`: the account is not in the group.
        NotMember => "NotMember",
    }
}

impl RoleInGroup {
    /// The member role, `None` for `NotMember` (and an unknown value).
    pub fn member_role(&self) -> Option<MemberRole> {
        match self {
            RoleInGroup::Owner => Some(MemberRole::Owner),
            RoleInGroup::Admin => Some(MemberRole::Admin),
            RoleInGroup::Member => Some(MemberRole::Member),
            _ => None,
        }
    }
}

crate::string_enum! {
    /// How a member receives the group's messages (`MsgFlag`).
    MsgFlag {
        /// `AcceptAndNotify`: receive, with offline push.
        AcceptAndNotify => "AcceptAndNotify",
        /// `AcceptNotNotify`: receive without offline push.
        AcceptNotNotify => "AcceptNotNotify",
        /// `Discard`: block the group's messages.
        Discard => "Discard",
        /// `AcceptNotNotifyExceptAt`: receive; only messages that @ the member are pushed offline
        /// (modify_group_member_info's page of 2026-01-27).
        AcceptNotNotifyExceptAt => "AcceptNotNotifyExceptAt",
    }
}

crate::string_enum! {
    /// A group switch written `On`/`Off` (`MuteAllMember`, `HistoryMsgBeforeJoin`).
    OnOff {
        /// `On`.
        On => "On",
        /// `Off`.
        Off => "Off",
    }
}

crate::string_enum! {
    /// A group message's priority (`MsgPriority` of send_group_msg, case-sensitive): under the
    /// group's message rate limit, lower priorities are dropped first.
    MsgPriority {
        /// `High`.
        High => "High",
        /// `Normal` (the default).
        Normal => "Normal",
        /// `Low`.
        Low => "Low",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_types_read_both_names_and_write_the_rest_ones() {
        for (wire, kind) in [
            ("\"Public\"", GroupType::Public),
            ("\"Private\"", GroupType::Private),
            ("\"Work\"", GroupType::Private),
            ("\"ChatRoom\"", GroupType::ChatRoom),
            ("\"Meeting\"", GroupType::ChatRoom),
            ("\"AVChatRoom\"", GroupType::AvChatRoom),
            ("\"BChatRoom\"", GroupType::BChatRoom),
            ("\"Community\"", GroupType::Community),
        ] {
            assert_eq!(serde_json::from_str::<GroupType>(wire).unwrap(), kind);
        }
        assert_eq!(
            serde_json::to_string(&GroupType::from("Work")).unwrap(),
            "\"Private\""
        );
        assert_eq!(GroupType::Private.sdk_name(), "Work");
        assert_eq!(GroupType::ChatRoom.sdk_name(), "Meeting");
        assert_eq!(GroupType::AvChatRoom.to_string(), "AVChatRoom");
        let odd: GroupType = serde_json::from_str("\"Channel\"").unwrap();
        assert_eq!(odd, GroupType::Other("Channel".into()));
        assert!(!odd.is_known());
        assert_eq!(serde_json::to_string(&odd).unwrap(), "\"Channel\"");
    }

    #[test]
    fn each_type_allows_what_its_pages_say() {
        use GroupType::*;
        let apply: Vec<bool> = [Private, Public, ChatRoom, Community, AvChatRoom]
            .iter()
            .map(GroupType::takes_apply_join_option)
            .collect();
        assert_eq!(apply, [false, true, true, false, true]);
        assert!(!AvChatRoom.stores_members() && !AvChatRoom.allows_import());
        assert!(Community.stores_members() && Private.allows_import());
        assert!(!Private.can_mute() && Public.can_mute() && AvChatRoom.can_mute());
        assert!(!AvChatRoom.keeps_history() && ChatRoom.keeps_history());
        assert!(!ChatRoom.counts_unread() && !AvChatRoom.counts_unread());
        assert!(Private.counts_unread() && Public.counts_unread() && Community.counts_unread());
        assert!(Public.has_admins() && !Private.has_admins() && !AvChatRoom.has_admins());
    }

    #[test]
    fn member_caps_follow_the_edition() {
        use GroupType::*;
        assert_eq!(Public.max_members(Edition::Trial), MemberCap::Limited(20));
        assert_eq!(Private.max_members(Edition::Pro), MemberCap::Limited(200));
        assert_eq!(
            ChatRoom.max_members(Edition::Ultimate),
            MemberCap::Limited(2_000)
        );
        assert_eq!(
            Public.max_members(Edition::Enterprise),
            MemberCap::Limited(6_000)
        );
        assert_eq!(Community.max_members(Edition::Pro), MemberCap::Unavailable);
        assert_eq!(
            Community.max_members(Edition::Enterprise),
            MemberCap::Limited(100_000)
        );
        assert_eq!(AvChatRoom.max_members(Edition::Trial), MemberCap::Unlimited);
        assert!(MemberCap::Limited(20).admits(20) && !MemberCap::Limited(20).admits(21));
        assert!(MemberCap::Unlimited.admits(u64::MAX) && !MemberCap::Unavailable.admits(1));
    }

    #[test]
    fn options_and_roles_keep_the_wire_spelling() {
        for (value, wire) in [
            (ApplyJoinOption::FreeAccess, "FreeAccess"),
            (ApplyJoinOption::NeedPermission, "NeedPermission"),
            (ApplyJoinOption::DisableApply, "DisableApply"),
        ] {
            assert_eq!(value.as_str(), wire);
            assert_eq!(ApplyJoinOption::from(wire), value);
        }
        assert_eq!(
            InviteJoinOption::from("DisableInvite"),
            InviteJoinOption::DisableInvite
        );
        assert_eq!(
            MsgFlag::from("AcceptNotNotifyExceptAt"),
            MsgFlag::AcceptNotNotifyExceptAt
        );
        assert_eq!(MsgFlag::from("Mute"), MsgFlag::Other("Mute".into()));
        assert_eq!(OnOff::from("On"), OnOff::On);
        assert_eq!(MsgPriority::from("Low").as_str(), "Low");
        assert!(!MsgPriority::from("low").is_known(), "case-sensitive");
        let role: RoleInGroup = serde_json::from_str("\"NotMember\"").unwrap();
        assert_eq!(role, RoleInGroup::NotMember);
        assert_eq!(role.member_role(), None);
        assert_eq!(RoleInGroup::Admin.member_role(), Some(MemberRole::Admin));
        assert_eq!(
            serde_json::to_string(&MemberRole::Owner).unwrap(),
            "\"Owner\""
        );
    }
}
