//! A group's life: created (before and after), profile changed, full, destroyed, owner changed,
//! custom attributes changed, and the daily net-creation quota alarm.

use super::group_type::GroupType;
use crate::Reply;
use crate::before::BeforeReply;
use crate::callback::{DEFAULT_BUDGET, GROUP_DENY_CODES, callback};
use crate::wire::{KeyValue, MemberAccount, wire_struct};

wire_struct! {
    /// `Group.CallbackBeforeCreateGroup`: a group is about to be created
    /// (<https://www.tencentcloud.com/document/product/1047/34368>). Answer with a
    /// [`BeforeReply`] within 2 s: allow, refuse, or deny with a code in [10100, 10200].
    BeforeCreateGroup {
        /// `Operator_Account`: who creates it.
        opt "Operator_Account" operator_account: String,
        /// `Owner_Account`: its owner.
        opt "Owner_Account" owner_account: String,
        /// `Type`: its type.
        opt "Type" group_type: GroupType,
        /// `Name`: its name.
        opt "Name" name: String,
        /// `CreateGroupNum`: how many groups of this type the user created before.
        opt "CreateGroupNum" create_group_num: u64,
        /// `MemberList`: its first members.
        opt "MemberList" member_list: Vec<MemberAccount>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    BeforeCreateGroup,
    "Group.CallbackBeforeCreateGroup",
    BeforeReply<BeforeCreateGroup>,
    before(Some(GROUP_DENY_CODES), DEFAULT_BUDGET)
);

wire_struct! {
    /// `Group.CallbackAfterCreateGroup`: a group was created
    /// (<https://www.tencentcloud.com/document/product/1047/34369>).
    AfterCreateGroup {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Operator_Account`: who created it.
        opt "Operator_Account" operator_account: String,
        /// `Owner_Account`: its owner.
        opt "Owner_Account" owner_account: String,
        /// `Type`: its type.
        opt "Type" group_type: GroupType,
        /// `Name`: its name.
        opt "Name" name: String,
        /// `Introduction`: its introduction.
        opt "Introduction" introduction: String,
        /// `Notification`: its notice.
        opt "Notification" notification: String,
        /// `MemberList`: its first members.
        opt "MemberList" member_list: Vec<MemberAccount>,
        /// `UserDefinedDataList`: the custom fields set at creation (when enabled).
        opt "UserDefinedDataList" user_defined_data_list: Vec<KeyValue>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(AfterCreateGroup, "Group.CallbackAfterCreateGroup", Reply);

wire_struct! {
    /// `Group.CallbackAfterGroupInfoChanged`: a group's profile was changed
    /// (<https://www.tencentcloud.com/document/product/1047/34378>); only the fields changed
    /// are sent.
    AfterGroupInfoChanged {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Type`: its type.
        opt "Type" group_type: GroupType,
        /// `Operator_Account`: who changed it.
        opt "Operator_Account" operator_account: String,
        /// `Name`: the new name.
        opt "Name" name: String,
        /// `Introduction`: the new introduction.
        opt "Introduction" introduction: String,
        /// `Notification`: the new notice.
        opt "Notification" notification: String,
        /// `FaceUrl`: the new avatar URL.
        opt "FaceUrl" face_url: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    AfterGroupInfoChanged,
    "Group.CallbackAfterGroupInfoChanged",
    Reply
);

wire_struct! {
    /// `Group.CallbackAfterGroupFull`: a group reached its member limit
    /// (<https://www.tencentcloud.com/document/product/1047/34376>).
    AfterGroupFull {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(AfterGroupFull, "Group.CallbackAfterGroupFull", Reply);

wire_struct! {
    /// `Group.CallbackAfterGroupDestroyed`: a group was destroyed
    /// (<https://www.tencentcloud.com/document/product/1047/34377>).
    AfterGroupDestroyed {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Type`: its type.
        opt "Type" group_type: GroupType,
        /// `Owner_Account`: its owner.
        opt "Owner_Account" owner_account: String,
        /// `Name`: its name.
        opt "Name" name: String,
        /// `MemberList`: its members (not sent for a community).
        opt "MemberList" member_list: Vec<MemberAccount>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    AfterGroupDestroyed,
    "Group.CallbackAfterGroupDestroyed",
    Reply
);

wire_struct! {
    /// `Group.CallbackAfterChangeGroupOwner`: a group's owner changed
    /// (<https://www.tencentcloud.com/document/product/1047/60396>).
    AfterChangeGroupOwner {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Type`: its type.
        opt "Type" group_type: GroupType,
        /// `Operator_Account`: who changed it.
        opt "Operator_Account" operator_account: String,
        /// `OldOwner_Account`: the previous owner.
        opt "OldOwner_Account" old_owner_account: String,
        /// `NewOwner_Account`: the new owner.
        opt "NewOwner_Account" new_owner_account: String,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    AfterChangeGroupOwner,
    "Group.CallbackAfterChangeGroupOwner",
    Reply
);

wire_struct! {
    /// One custom group attribute (`GroupAttr` item; the page writes `key` and `value` in
    /// lower case).
    GroupAttr {
        /// `key`.
        req "key" key: String,
        /// `value`.
        opt "value" value: String,
    }
}

wire_struct! {
    /// `Group.CallbackAfterGroupAttrChanged`: a group's custom attributes were set, modified,
    /// cleared or deleted (<https://www.tencentcloud.com/document/product/1047/60394>).
    AfterGroupAttrChanged {
        /// `GroupId`.
        req "GroupId" group_id: String,
        /// `Type`: its type.
        opt "Type" group_type: GroupType,
        /// `Operator_Account`: who changed them.
        opt "Operator_Account" operator_account: String,
        /// `OptionType`: `set`, `modify`, `clear` or `delete` (in the page's example only).
        opt "OptionType" option_type: String,
        /// `GroupAttr`: the attributes.
        opt "GroupAttr" group_attr: Vec<GroupAttr>,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    AfterGroupAttrChanged,
    "Group.CallbackAfterGroupAttrChanged",
    Reply
);

wire_struct! {
    /// `Group.CallbackOnDailyGroupQuotaAlarm`: the day's net group creation passed 70% of its
    /// limit (<https://www.tencentcloud.com/document/product/1047/57455>).
    OnDailyGroupQuotaAlarm {
        /// `QuotaUsed`: groups created today, net of those destroyed.
        opt "QuotaUsed" quota_used: u64,
        /// `Quota`: the daily limit.
        opt "Quota" quota: u64,
        /// `EventTime`: Unix milliseconds.
        time "EventTime" event_time,
    }
}

callback!(
    OnDailyGroupQuotaAlarm,
    "Group.CallbackOnDailyGroupQuotaAlarm",
    Reply
);
