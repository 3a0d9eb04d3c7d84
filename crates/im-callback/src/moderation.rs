//! `ContentCallback.ResultNotify`: the result of the cloud content moderation
//! (<https://cloud.tencent.com/document/product/269/95616>). The body has no `CallbackCommand`
//! and the URL no `ClientIP`/`OptPlatform`.

use crate::Reply;
use crate::callback::callback;
use crate::wire::wire_struct;

wire_struct! {
    /// Whom a moderated message was for (`ContactItem`).
    ContactItem {
        /// `ContactType`: 1 one-to-one, 2 group.
        opt "ContactType" contact_type: u32,
        /// `To_Account`: the recipient of a one-to-one message.
        opt "To_Account" to_account: String,
        /// `ToGroupId`: the group of a group message.
        opt "ToGroupId" to_group_id: String,
    }
}

wire_struct! {
    /// The event (by default only for content refused; the console can send every result).
    ResultNotify {
        /// `Scene`: `C2C`, `C2CCustom`, `Group`, `GroupCustom`, `GroupInfo`,
        /// `GroupMemberInfo`, `RelationChain` or `UserInfo`.
        opt "Scene" scene: String,
        /// `SdkAppId`: the app.
        opt "SdkAppId" sdk_app_id: u64,
        /// `From_Account`: who sent the content.
        opt "From_Account" from_account: String,
        /// `ContactItem`: whom a message was for.
        opt "ContactItem" contact_item: ContactItem,
        /// `ContentType`: `Text`, `Image`, `Audio` or `Video`.
        opt "ContentType" content_type: String,
        /// `TextContent`: the text moderated.
        opt "TextContent" text_content: Vec<String>,
        /// `FileURL`: the file moderated.
        opt "FileURL" file_url: String,
        /// `MsgID`: the one-to-one message's key, or the group message's sequence number.
        opt "MsgID" msg_id: String,
        /// `CtxcbResult`: 1 refused, 0 let through.
        opt "CtxcbResult" ctxcb_result: u32,
        /// `CtxcbRequestId`: the moderation's ID.
        opt "CtxcbRequestId" ctxcb_request_id: String,
        /// `CtxcbKeywords`: the keywords hit.
        opt "CtxcbKeywords" ctxcb_keywords: Vec<String>,
        /// `CtxcbSuggestion`: the suggestion (`Block`, `Review`, `Pass`).
        opt "CtxcbSuggestion" ctxcb_suggestion: String,
        /// `CtxcbLabel`: the label.
        opt "CtxcbLabel" ctxcb_label: String,
        /// `CtxcbSubLabel`: the sub-label.
        opt "CtxcbSubLabel" ctxcb_sub_label: String,
        /// `CtxcbSubLabelDesc`: the sub-label's description.
        opt "CtxcbSubLabelDesc" ctxcb_sub_label_desc: String,
        /// `CtxcbLibName`: the keyword library hit.
        opt "CtxcbLibName" ctxcb_lib_name: String,
        /// `CloudCustomData`: the message's custom data.
        opt "CloudCustomData" cloud_custom_data: String,
    }
}

callback!(
    ResultNotify,
    "ContentCallback.ResultNotify",
    Reply,
    body_without_command
);
