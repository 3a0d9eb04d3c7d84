//! `OfflinePushInfo`: how a message is pushed to offline devices (APNs and the Android vendor
//! channels). The vendor fields keep growing; those the model does not name are kept in `extra`.

use serde::{Deserialize, Serialize};

use super::elements::Extra;

/// A message's offline push settings; when given, the push settings inside a
/// `TIMCustomElem` are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OfflinePushInfo {
    /// 0: push; 1: no offline push.
    #[serde(rename = "PushFlag", default, skip_serializing_if = "Option::is_none")]
    pub push_flag: Option<i64>,
    /// The push title.
    #[serde(rename = "Title", default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The push text: overrides every element's push text.
    #[serde(rename = "Desc", default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    /// Passed through to the device (JSON for some Android vendors; keep it under 1 KB).
    #[serde(rename = "Ext", default, skip_serializing_if = "Option::is_none")]
    pub ext: Option<String>,
    /// Android settings.
    #[serde(
        rename = "AndroidInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub android_info: Option<AndroidInfo>,
    /// APNs settings.
    #[serde(rename = "ApnsInfo", default, skip_serializing_if = "Option::is_none")]
    pub apns_info: Option<ApnsInfo>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The Android part of [`OfflinePushInfo`]: the sound and the vendors' channels and classes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AndroidInfo {
    /// The sound file.
    #[serde(rename = "Sound", default, skip_serializing_if = "Option::is_none")]
    pub sound: Option<String>,
    /// Huawei's channel (EMUI 10+).
    #[serde(
        rename = "HuaWeiChannelID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub huawei_channel_id: Option<String>,
    /// Xiaomi's channel (MIUI 10+).
    #[serde(
        rename = "XiaoMiChannelID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub xiaomi_channel_id: Option<String>,
    /// OPPO's channel (Android 8+).
    #[serde(
        rename = "OPPOChannelID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oppo_channel_id: Option<String>,
    /// The FCM channel.
    #[serde(
        rename = "GoogleChannelID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub google_channel_id: Option<String>,
    /// vivo: 0 operational, 1 system.
    #[serde(
        rename = "VIVOClassification",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub vivo_classification: Option<i64>,
    /// Huawei: `LOW` or `NORMAL`.
    #[serde(
        rename = "HuaWeiImportance",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub huawei_importance: Option<String>,
    /// 1: `Ext` as an Intent parameter on Huawei; 0: as an Action parameter.
    #[serde(
        rename = "ExtAsHuaweiIntentParam",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ext_as_huawei_intent_param: Option<i64>,
    /// Huawei's message category (`IM`, `MARKETING`...).
    #[serde(
        rename = "HuaWeiCategory",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub huawei_category: Option<String>,
    /// vivo's message category.
    #[serde(
        rename = "VIVOCategory",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub vivo_category: Option<String>,
    /// OPPO's message category.
    #[serde(
        rename = "OPPOCategory",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oppo_category: Option<String>,
    /// Honor: `LOW` or `NORMAL`.
    #[serde(
        rename = "HonorImportance",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub honor_importance: Option<String>,
    /// Fields the model does not name (newer vendors' settings).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The APNs part of [`OfflinePushInfo`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApnsInfo {
    /// The sound file (with its suffix).
    #[serde(rename = "Sound", default, skip_serializing_if = "Option::is_none")]
    pub sound: Option<String>,
    /// 0 or absent: counted on the badge; 1: not.
    #[serde(rename = "BadgeMode", default, skip_serializing_if = "Option::is_none")]
    pub badge_mode: Option<i64>,
    /// The title (overrides [`OfflinePushInfo::title`]).
    #[serde(rename = "Title", default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The subtitle.
    #[serde(rename = "SubTitle", default, skip_serializing_if = "Option::is_none")]
    pub sub_title: Option<String>,
    /// An image URL.
    #[serde(rename = "Image", default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// 1: the iOS 10+ notification extension.
    #[serde(
        rename = "MutableContent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mutable_content: Option<i64>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}
