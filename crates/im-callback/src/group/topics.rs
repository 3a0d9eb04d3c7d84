//! A community's topics: created (before and after), destroyed, profile changed.

use super::group_type::GroupType;
use crate::Reply;
use crate::before::BeforeReply;
use crate::callback::{DEFAULT_BUDGET, GROUP_DENY_CODES, callback};
use crate::wire::{KeyValue, wire_struct};

wire_struct! {
    /// `Group.CallbackBeforeCreateTopic`: a topic is about to be created
    /// (<https://www.tencentcloud.com/document/product/1047/49463>). Answer with a
    /// [`BeforeReply`] within 2 s: allow, refuse, or deny with a code in [10100, 10200].
    BeforeCreateTopic {
        /// `GroupId`: the community (not in the page's example; kept when sent).
        opt "GroupId" group_id: String,
        /// `Operator_Account`: who creates it.
        opt "Operator_Account" operator_account: String,
        /// `Type`: `Community`.
        opt "Type" group_type: GroupType,
        /// `Name`: the topic's name.
        opt "Name" name: String,
        /// `EventTime`: Unix milliseconds (not in the page's example; kept when sent).
        time "EventTime" event_time,
    }
}

callback!(
    BeforeCreateTopic,
    "Group.CallbackBeforeCreateTopic",
    BeforeReply<BeforeCreateTopic>,
    before(Some(GROUP_DENY_CODES), DEFAULT_BUDGET)
);

wire_struct! {
    /// `Group.CallbackAfterCreateTopic`: a topic was created
    /// (<https://www.tencentcloud.com/document/product/1047/49464>).
    AfterCreateTopic {
        /// `GroupId`: the community.
        req "GroupId" group_id: String,
        /// `TopicId`.
        req "TopicId" topic_id: String,
        /// `Operator_Account`: who created it.
        opt "Operator_Account" operator_account: String,
        /// `Owner_Account`: the community's owner.
        opt "Owner_Account" owner_account: String,
        /// `Type`: `Community`.
        opt "Type" group_type: GroupType,
        /// `Name`: the topic's name.
        opt "Name" name: String,
        /// `UserDefinedDataList`: the custom fields set at creation (when enabled).
        opt "UserDefinedDataList" user_defined_data_list: Vec<KeyValue>,
        /// `EventTime`: Unix milliseconds (not in the page's example; kept when sent).
        time "EventTime" event_time,
    }
}

callback!(AfterCreateTopic, "Group.CallbackAfterCreateTopic", Reply);

wire_struct! {
    /// `Group.CallbackAfterTopicDestroyed`: topics were destroyed
    /// (<https://www.tencentcloud.com/document/product/1047/49465>).
    AfterTopicDestroyed {
        /// `GroupId`: the community.
        req "GroupId" group_id: String,
        /// `Type`: `Community`.
        opt "Type" group_type: GroupType,
        /// `TopicIdList`: the topics destroyed.
        opt "TopicIdList" topic_id_list: Vec<String>,
        /// `EventTime`: Unix milliseconds (not in the page's example; kept when sent).
        time "EventTime" event_time,
    }
}

callback!(
    AfterTopicDestroyed,
    "Group.CallbackAfterTopicDestroyed",
    Reply
);

wire_struct! {
    /// `Group.CallbackAfterTopicInfoChanged`: a topic's profile was changed
    /// (<https://www.tencentcloud.com/document/product/1047/49466>).
    AfterTopicInfoChanged {
        /// `GroupId`: the community.
        req "GroupId" group_id: String,
        /// `TopicId`: the topic (not in the page's example; kept when sent).
        opt "TopicId" topic_id: String,
        /// `Type`: `Community`.
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
        /// `EventTime`: Unix milliseconds (not in the page's example; kept when sent).
        time "EventTime" event_time,
    }
}

callback!(
    AfterTopicInfoChanged,
    "Group.CallbackAfterTopicInfoChanged",
    Reply
);
