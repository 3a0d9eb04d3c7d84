//! A group's members: applying to join and being invited (before), joining and leaving, the
//! online state of live-group members, and member fields changed.

use super::group_type::GroupType;
use crate::Reply;
use crate::before::{BeforeReply, InviteReply};
use crate::callback::{DEFAULT_BUDGET, GROUP_DENY_CODES, callback};
use crate::wire::{MemberAccount, wire_struct};

wire_struct! {
    /// `Group.CallbackBeforeApplyJoinGroup`: a user applies to join a group
    /// (<https://www.tencentcloud.com/document/product/1047/34370>). Answer with a
    /// [`BeforeReply`] within 2 s: allow, refuse, or deny with a code in [10100, 10200]. An
    /// allowed application still waits for an admin where the group asks for approval.
    BeforeApplyJoinGroup {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Type`: the group's type.
        opt "Type" group_type: GroupType,
        /// `Requestor_Account`: who applies.
        req "Requestor_Account" requestor_account: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    BeforeApplyJoinGroup,
    "Group.CallbackBeforeApplyJoinGroup",
    BeforeReply<BeforeApplyJoinGroup>,
    before(Some(GROUP_DENY_CODES), DEFAULT_BUDGET)
);

wire_struct! {
    /// `Group.CallbackBeforeInviteJoinGroup`: users are about to be invited into a group
    /// (<https://www.tencentcloud.com/document/product/1047/34371>). Answer with an
    /// [`InviteReply`] within 2 s: allow, refuse, deny with a code in [10100, 10200], or keep
    /// some invitees out (`RefusedMembers_Account`).
    BeforeInviteJoinGroup {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Type`: the group's type.
        opt "Type" group_type: GroupType,
        /// `Operator_Account`: who invites.
        opt "Operator_Account" operator_account: String,
        /// `DestinationMembers`: the invitees.
        opt "DestinationMembers" destination_members: Vec<MemberAccount>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    BeforeInviteJoinGroup,
    "Group.CallbackBeforeInviteJoinGroup",
    InviteReply<BeforeInviteJoinGroup>,
    before(Some(GROUP_DENY_CODES), DEFAULT_BUDGET)
);

wire_struct! {
    /// `Group.CallbackAfterNewMemberJoin`: users joined a group
    /// (<https://www.tencentcloud.com/document/product/1047/34372>).
    AfterNewMemberJoin {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Type`: the group's type.
        opt "Type" group_type: GroupType,
        /// `JoinType`: `Apply` or `Invited`.
        opt "JoinType" join_type: String,
        /// `Operator_Account`: who acted.
        opt "Operator_Account" operator_account: String,
        /// `NewMemberList`: the new members.
        opt "NewMemberList" new_member_list: Vec<MemberAccount>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    AfterNewMemberJoin,
    "Group.CallbackAfterNewMemberJoin",
    Reply
);

wire_struct! {
    /// `Group.CallbackAfterMemberExit`: members left or were removed from a group
    /// (<https://www.tencentcloud.com/document/product/1047/34373>).
    AfterMemberExit {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Type`: the group's type.
        opt "Type" group_type: GroupType,
        /// `ExitType`: `Kicked` (removed) or `Quit` (left).
        opt "ExitType" exit_type: String,
        /// `Operator_Account`: who acted.
        opt "Operator_Account" operator_account: String,
        /// `ExitMemberList`: the members gone.
        opt "ExitMemberList" exit_member_list: Vec<MemberAccount>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(AfterMemberExit, "Group.CallbackAfterMemberExit", Reply);

wire_struct! {
    /// `Group.CallbackOnMemberStateChange`: live-group members went offline or came back
    /// (<https://www.tencentcloud.com/document/product/1047/48734>).
    OnMemberStateChange {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `EventType`: `Offline` or `Online`.
        opt "EventType" event_type: String,
        /// `EventCause`: `HeartbeatInterrupt`, `HeartbeatRecover`, `Join` (first entry) or
        /// `Quit` (last exit) (the Chinese page's example and table; not in the English one).
        opt "EventCause" event_cause: String,
        /// `MemberList`: the members concerned.
        opt "MemberList" member_list: Vec<MemberAccount>,
        /// `EventTime`: Unix milliseconds (not in the page's example; kept when sent).
        time "EventTime" event_time,
    }
}

callback!(
    OnMemberStateChange,
    "Group.CallbackOnMemberStateChange",
    Reply
);

wire_struct! {
    /// `Group.CallbackAfterMemberFieldChanged`: a member's role or name card changed
    /// (<https://www.tencentcloud.com/document/product/1047/60393>).
    AfterMemberFieldChanged {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Type`: the group's type.
        opt "Type" group_type: GroupType,
        /// `Operator_Account`: who changed it.
        opt "Operator_Account" operator_account: String,
        /// `Member_Account`: the member.
        req "Member_Account" member_account: String,
        /// `Role`: `Admin` or `Member` after the change.
        opt "Role" role: String,
        /// `NameCard`: the name card after the change.
        opt "NameCard" name_card: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    AfterMemberFieldChanged,
    "Group.CallbackAfterMemberFieldChanged",
    Reply
);
