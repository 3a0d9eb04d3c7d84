//! The content of each documented element kind (`MsgContent`), field by field as the service
//! names them. Every field is optional when decoding (history and callbacks carry the older SDKs'
//! shorter forms); [`MsgBody::check_send`](crate::message::MsgBody::check_send) holds the fields a REST
//! send requires. Fields no release of the model knows yet are kept in `extra` and sent back.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

/// Fields of an element that the model does not name, kept for the round trip.
pub type Extra = Map<String, Value>;

/// `TIMTextElem`: text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TextElem {
    /// The text (also the offline-push text).
    #[serde(rename = "Text", default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `TIMLocationElem`: a place.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LocationElem {
    /// The description of the place.
    #[serde(rename = "Desc", default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    /// Latitude, as the wire's number: kept as it came (an integer stays an integer, a
    /// decimal keeps its digits), so a round trip never rewrites it.
    #[serde(rename = "Latitude", default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<Number>,
    /// Longitude, as the wire's number (see `latitude`).
    #[serde(rename = "Longitude", default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<Number>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `TIMFaceElem`: a face (emoji) the app defines by index.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FaceElem {
    /// The face's index.
    #[serde(rename = "Index", default, skip_serializing_if = "Option::is_none")]
    pub index: Option<i64>,
    /// Extra data.
    #[serde(rename = "Data", default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `TIMCustomElem`: the app's own data (at most one per message).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomElem {
    /// The data (not put in the APNs payload).
    #[serde(rename = "Data", default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// The description, the offline-push text (unless `OfflinePushInfo.Desc` is set).
    #[serde(rename = "Desc", default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    /// Sent as `ext` of the APNs payload.
    #[serde(rename = "Ext", default, skip_serializing_if = "Option::is_none")]
    pub ext: Option<String>,
    /// A custom APNs sound file name.
    #[serde(rename = "Sound", default, skip_serializing_if = "Option::is_none")]
    pub sound: Option<String>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `TIMSoundElem`: a voice message, downloaded from `Url`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SoundElem {
    /// The download URL.
    #[serde(rename = "Url", default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The audio's unique ID (usually its MD5).
    #[serde(rename = "UUID", default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// Size in bytes.
    #[serde(rename = "Size", default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Duration in seconds.
    #[serde(rename = "Second", default, skip_serializing_if = "Option::is_none")]
    pub second: Option<u64>,
    /// 2: download from `Url` (required by REST sends).
    #[serde(
        rename = "Download_Flag",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub download_flag: Option<i64>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `TIMImageElem`: an image in up to three sizes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ImageElem {
    /// The image's unique ID (usually its MD5).
    #[serde(rename = "UUID", default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// JPG 1, GIF 2, PNG 3, BMP 4, other 255.
    #[serde(
        rename = "ImageFormat",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub image_format: Option<i64>,
    /// One entry per size.
    #[serde(
        rename = "ImageInfoArray",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub image_info_array: Vec<ImageInfo>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One size of a [`ImageElem`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ImageInfo {
    /// 1 original, 2 large, 3 thumbnail.
    #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<i64>,
    /// Size in bytes.
    #[serde(rename = "Size", default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Width in pixels.
    #[serde(rename = "Width", default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u64>,
    /// Height in pixels.
    #[serde(rename = "Height", default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u64>,
    /// The download URL (spelled `URL` here, unlike the other elements' `Url`).
    #[serde(rename = "URL", default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `TIMFileElem`: a file, downloaded from `Url`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileElem {
    /// The download URL.
    #[serde(rename = "Url", default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The file's unique ID.
    #[serde(rename = "UUID", default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// Size in bytes.
    #[serde(rename = "FileSize", default, skip_serializing_if = "Option::is_none")]
    pub file_size: Option<u64>,
    /// The file name.
    #[serde(rename = "FileName", default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// 2: download from `Url` (required by REST sends).
    #[serde(
        rename = "Download_Flag",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub download_flag: Option<i64>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `TIMVideoFileElem`: a video with its thumbnail.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VideoFileElem {
    /// The video's download URL.
    #[serde(rename = "VideoUrl", default, skip_serializing_if = "Option::is_none")]
    pub video_url: Option<String>,
    /// The video's unique ID.
    #[serde(rename = "VideoUUID", default, skip_serializing_if = "Option::is_none")]
    pub video_uuid: Option<String>,
    /// The video's size in bytes.
    #[serde(rename = "VideoSize", default, skip_serializing_if = "Option::is_none")]
    pub video_size: Option<u64>,
    /// Its duration in seconds.
    #[serde(
        rename = "VideoSecond",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub video_second: Option<u64>,
    /// Its format (`mp4`).
    #[serde(
        rename = "VideoFormat",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub video_format: Option<String>,
    /// 2: download from `VideoUrl` (required by REST sends).
    #[serde(
        rename = "VideoDownloadFlag",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub video_download_flag: Option<i64>,
    /// The thumbnail's download URL.
    #[serde(rename = "ThumbUrl", default, skip_serializing_if = "Option::is_none")]
    pub thumb_url: Option<String>,
    /// The thumbnail's unique ID.
    #[serde(rename = "ThumbUUID", default, skip_serializing_if = "Option::is_none")]
    pub thumb_uuid: Option<String>,
    /// The thumbnail's size in bytes.
    #[serde(rename = "ThumbSize", default, skip_serializing_if = "Option::is_none")]
    pub thumb_size: Option<u64>,
    /// The thumbnail's width in pixels.
    #[serde(
        rename = "ThumbWidth",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub thumb_width: Option<u64>,
    /// The thumbnail's height in pixels.
    #[serde(
        rename = "ThumbHeight",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub thumb_height: Option<u64>,
    /// The thumbnail's format (`JPG`).
    #[serde(
        rename = "ThumbFormat",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub thumb_format: Option<String>,
    /// 2: download from `ThumbUrl` (required by REST sends).
    #[serde(
        rename = "ThumbDownloadFlag",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub thumb_download_flag: Option<i64>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `TIMStreamElem`: the chunks of a streaming message (sent by the streaming APIs only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StreamElem {
    /// The chunks of this call.
    #[serde(rename = "Chunks", default, skip_serializing_if = "Option::is_none")]
    pub chunks: Option<Vec<StreamChunk>>,
    /// What older clients show.
    #[serde(
        rename = "CompatibleText",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub compatible_text: Option<String>,
    /// The stream, returned by its first call and carried by every continuation.
    #[serde(
        rename = "StreamMsgID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub stream_msg_id: Option<String>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One chunk of a [`StreamElem`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StreamChunk {
    /// The event (`data`).
    #[serde(rename = "EventType", default, skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    /// The chunk's number, increasing from 1.
    #[serde(rename = "Index", default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u64>,
    /// The chunk's text.
    #[serde(rename = "Markdown", default, skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
    /// Whether this is the last chunk (a JSON boolean).
    #[serde(rename = "IsLast", default, skip_serializing_if = "Option::is_none")]
    pub is_last: Option<bool>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}
