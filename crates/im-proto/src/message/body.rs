//! A message body and its elements: [`MsgBody`], [`MsgElement`] (the wire's `MsgType` and
//! `MsgContent` in one), the elements kept whole ([`RawElem`]), and the relay element, whose
//! forwarded messages hold bodies of their own ([`RelayElem`], [`RelayedMsg`]): the recursive
//! part of the model, in one module. The other elements' contents are in `elements.rs`.

use serde::de::{DeserializeOwned, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::elements::{
    CustomElem, Extra, FaceElem, FileElem, ImageElem, LocationElem, SoundElem, StreamElem,
    TextElem, VideoFileElem,
};
use crate::{ValidationError, ValidationRule};

/// The element kinds a REST send accepts in `MsgBody` (the message formats page, 2026).
pub const SENDABLE_KINDS: &[&str] = &[
    MsgElement::TEXT,
    MsgElement::LOCATION,
    MsgElement::FACE,
    MsgElement::CUSTOM,
    MsgElement::SOUND,
    MsgElement::IMAGE,
    MsgElement::FILE,
    MsgElement::VIDEO_FILE,
    MsgElement::RELAY,
];

/// A message body: its elements in display order (`MsgBody` on the wire).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MsgBody(pub Vec<MsgElement>);

impl From<Vec<MsgElement>> for MsgBody {
    fn from(elements: Vec<MsgElement>) -> Self {
        MsgBody(elements)
    }
}

impl MsgBody {
    /// A body of one text element.
    pub fn text(text: impl Into<String>) -> Self {
        MsgBody(vec![MsgElement::text(text)])
    }

    /// The elements.
    pub fn elements(&self) -> &[MsgElement] {
        &self.0
    }

    /// Checks the rules a REST send holds the body to, before it is sent: at least one
    /// element; only the kinds of [`SENDABLE_KINDS`] (or kinds the model does not know, which
    /// the service judges); at most one `TIMCustomElem`; and each element's fields a send
    /// requires (`Url`, `UUID` and `Download_Flag` 2 of a sound or file, the sizes and URLs of
    /// an image, the video's and thumbnail's URLs, IDs, sizes and flags).
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming the element's field (`MsgBody[1].MsgContent.UUID`).
    pub fn check_send(&self) -> Result<(), ValidationError> {
        if self.0.is_empty() {
            return Err(ValidationError::new("MsgBody", "", ValidationRule::Empty));
        }
        let customs = self.0.iter().filter(|e| matches!(e, MsgElement::Custom(_)));
        let got = customs.count();
        if got > 1 {
            let rule = ValidationRule::TooMany { max: 1, got };
            return Err(ValidationError::new("MsgBody", MsgElement::CUSTOM, rule));
        }
        for (i, element) in self.0.iter().enumerate() {
            element.check_send(i)?;
        }
        Ok(())
    }
}

/// One element of a [`MsgBody`]: its kind (the wire's `MsgType`) and content (`MsgContent`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MsgElement {
    /// `TIMTextElem`.
    Text(TextElem),
    /// `TIMLocationElem`.
    Location(LocationElem),
    /// `TIMFaceElem`.
    Face(FaceElem),
    /// `TIMCustomElem`.
    Custom(CustomElem),
    /// `TIMSoundElem`.
    Sound(SoundElem),
    /// `TIMImageElem`.
    Image(ImageElem),
    /// `TIMFileElem`.
    File(FileElem),
    /// `TIMVideoFileElem`.
    VideoFile(VideoFileElem),
    /// `TIMRelayElem`.
    Relay(RelayElem),
    /// `TIMStreamElem`.
    Stream(StreamElem),
    /// An element kept as it came (see [`RawElem`]).
    Raw(RawElem),
}

/// An element kept whole: a `MsgType` the model does not know, or a known one whose content
/// does not fit its documented shape (a field of another JSON type). Sent back unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawElem {
    /// The `MsgType`.
    pub msg_type: String,
    /// The `MsgContent`, as it came (`null` when absent).
    pub content: Value,
}

impl RawElem {
    /// An element of kind `msg_type` with `content`.
    pub fn new(msg_type: impl Into<String>, content: Value) -> Self {
        RawElem {
            msg_type: msg_type.into(),
            content,
        }
    }
}

impl MsgElement {
    /// `MsgType` of a text element.
    pub const TEXT: &'static str = "TIMTextElem";
    /// `MsgType` of a location element.
    pub const LOCATION: &'static str = "TIMLocationElem";
    /// `MsgType` of a face element.
    pub const FACE: &'static str = "TIMFaceElem";
    /// `MsgType` of a custom element.
    pub const CUSTOM: &'static str = "TIMCustomElem";
    /// `MsgType` of a sound element.
    pub const SOUND: &'static str = "TIMSoundElem";
    /// `MsgType` of an image element.
    pub const IMAGE: &'static str = "TIMImageElem";
    /// `MsgType` of a file element.
    pub const FILE: &'static str = "TIMFileElem";
    /// `MsgType` of a video element.
    pub const VIDEO_FILE: &'static str = "TIMVideoFileElem";
    /// `MsgType` of a merged-forward element.
    pub const RELAY: &'static str = "TIMRelayElem";
    /// `MsgType` of a streaming element.
    pub const STREAM: &'static str = "TIMStreamElem";

    /// A text element.
    pub fn text(text: impl Into<String>) -> Self {
        MsgElement::Text(TextElem {
            text: Some(text.into()),
            ..TextElem::default()
        })
    }

    /// A custom element carrying `data`.
    pub fn custom(data: impl Into<String>) -> Self {
        MsgElement::Custom(CustomElem {
            data: Some(data.into()),
            ..CustomElem::default()
        })
    }

    /// The wire's `MsgType`.
    pub fn msg_type(&self) -> &str {
        match self {
            MsgElement::Text(_) => Self::TEXT,
            MsgElement::Location(_) => Self::LOCATION,
            MsgElement::Face(_) => Self::FACE,
            MsgElement::Custom(_) => Self::CUSTOM,
            MsgElement::Sound(_) => Self::SOUND,
            MsgElement::Image(_) => Self::IMAGE,
            MsgElement::File(_) => Self::FILE,
            MsgElement::VideoFile(_) => Self::VIDEO_FILE,
            MsgElement::Relay(_) => Self::RELAY,
            MsgElement::Stream(_) => Self::STREAM,
            MsgElement::Raw(raw) => &raw.msg_type,
        }
    }

    /// The element of kind `msg_type` with `content`: typed when the kind is known and the
    /// content fits it, [`MsgElement::Raw`] otherwise.
    pub fn from_parts(msg_type: String, content: Value) -> Self {
        fn typed<T: DeserializeOwned>(
            content: &Value,
            wrap: fn(T) -> MsgElement,
        ) -> Option<MsgElement> {
            T::deserialize(content).ok().map(wrap)
        }
        let element = match msg_type.as_str() {
            Self::TEXT => typed(&content, MsgElement::Text),
            Self::LOCATION => typed(&content, MsgElement::Location),
            Self::FACE => typed(&content, MsgElement::Face),
            Self::CUSTOM => typed(&content, MsgElement::Custom),
            Self::SOUND => typed(&content, MsgElement::Sound),
            Self::IMAGE => typed(&content, MsgElement::Image),
            Self::FILE => typed(&content, MsgElement::File),
            Self::VIDEO_FILE => typed(&content, MsgElement::VideoFile),
            Self::RELAY => typed(&content, MsgElement::Relay),
            Self::STREAM => typed(&content, MsgElement::Stream),
            _ => None,
        };
        element.unwrap_or(MsgElement::Raw(RawElem { msg_type, content }))
    }

    /// The send rules of this element, the `index`th of its body.
    fn check_send(&self, index: usize) -> Result<(), ValidationError> {
        let fields = Fields { index };
        match self {
            MsgElement::Text(e) => fields.require("Text", e.text.is_some()),
            MsgElement::Sound(e) => {
                fields.require("Url", e.url.is_some())?;
                fields.require("UUID", e.uuid.is_some())?;
                fields.download("Download_Flag", e.download_flag)
            }
            MsgElement::File(e) => {
                fields.require("Url", e.url.is_some())?;
                fields.require("UUID", e.uuid.is_some())?;
                fields.download("Download_Flag", e.download_flag)
            }
            MsgElement::Image(e) => check_image(&fields, e),
            MsgElement::VideoFile(e) => check_video(&fields, e),
            MsgElement::Stream(_) => Err(ValidationError::new(
                format!("MsgBody[{index}].MsgType"),
                Self::STREAM,
                ValidationRule::NotOneOf {
                    allowed: SENDABLE_KINDS,
                },
            )),
            _ => Ok(()),
        }
    }
}

/// Names the fields of the `index`th element in errors.
struct Fields {
    index: usize,
}

impl Fields {
    fn name(&self, field: &str) -> String {
        format!("MsgBody[{}].MsgContent.{field}", self.index)
    }

    fn require(&self, field: &str, present: bool) -> Result<(), ValidationError> {
        if present {
            Ok(())
        } else {
            Err(ValidationError::new(
                self.name(field),
                "",
                ValidationRule::Missing,
            ))
        }
    }

    /// A download flag, which a REST send must set to 2 ("download from the URL").
    fn download(&self, field: &str, flag: Option<i64>) -> Result<(), ValidationError> {
        match flag {
            Some(2) => Ok(()),
            None => self.require(field, false),
            Some(other) => Err(ValidationError::new(
                self.name(field),
                &other.to_string(),
                ValidationRule::NotOneOf { allowed: &["2"] },
            )),
        }
    }
}

fn check_image(fields: &Fields, image: &ImageElem) -> Result<(), ValidationError> {
    fields.require("UUID", image.uuid.is_some())?;
    fields.require("ImageInfoArray", !image.image_info_array.is_empty())?;
    for (i, info) in image.image_info_array.iter().enumerate() {
        let at = |field: &str| format!("ImageInfoArray[{i}].{field}");
        fields.require(&at("Type"), info.kind.is_some())?;
        fields.require(&at("Width"), info.width.is_some())?;
        fields.require(&at("Height"), info.height.is_some())?;
        fields.require(&at("URL"), info.url.is_some())?;
    }
    Ok(())
}

fn check_video(fields: &Fields, video: &VideoFileElem) -> Result<(), ValidationError> {
    fields.require("VideoUrl", video.video_url.is_some())?;
    fields.require("VideoUUID", video.video_uuid.is_some())?;
    fields.download("VideoDownloadFlag", video.video_download_flag)?;
    fields.require("ThumbUrl", video.thumb_url.is_some())?;
    fields.require("ThumbUUID", video.thumb_uuid.is_some())?;
    fields.require("ThumbWidth", video.thumb_width.is_some())?;
    fields.require("ThumbHeight", video.thumb_height.is_some())?;
    fields.download("ThumbDownloadFlag", video.thumb_download_flag)
}

impl Serialize for MsgElement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("TIMMsgElement", 2)?;
        out.serialize_field("MsgType", self.msg_type())?;
        match self {
            MsgElement::Text(c) => out.serialize_field("MsgContent", c),
            MsgElement::Location(c) => out.serialize_field("MsgContent", c),
            MsgElement::Face(c) => out.serialize_field("MsgContent", c),
            MsgElement::Custom(c) => out.serialize_field("MsgContent", c),
            MsgElement::Sound(c) => out.serialize_field("MsgContent", c),
            MsgElement::Image(c) => out.serialize_field("MsgContent", c),
            MsgElement::File(c) => out.serialize_field("MsgContent", c),
            MsgElement::VideoFile(c) => out.serialize_field("MsgContent", c),
            MsgElement::Relay(c) => out.serialize_field("MsgContent", c),
            MsgElement::Stream(c) => out.serialize_field("MsgContent", c),
            MsgElement::Raw(raw) => out.serialize_field("MsgContent", &raw.content),
        }?;
        out.end()
    }
}

impl<'de> Deserialize<'de> for MsgElement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(rename = "MsgType")]
            msg_type: String,
            #[serde(rename = "MsgContent", default)]
            content: Value,
        }
        let wire = Wire::deserialize(deserializer)?;
        Ok(MsgElement::from_parts(wire.msg_type, wire.content))
    }
}

/// `TIMRelayElem`: merged forwarded messages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RelayElem {
    /// The title.
    #[serde(rename = "Title", default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// How many messages are forwarded.
    #[serde(rename = "MsgNum", default, skip_serializing_if = "Option::is_none")]
    pub msg_num: Option<u64>,
    /// What older SDKs show instead.
    #[serde(
        rename = "CompatibleText",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub compatible_text: Option<String>,
    /// The summary lines.
    #[serde(
        rename = "AbstractList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub abstract_list: Option<Vec<String>>,
    /// The forwarded messages, when they total at most 12 KB.
    #[serde(rename = "MsgList", default, skip_serializing_if = "Option::is_none")]
    pub msg_list: Option<Vec<RelayedMsg>>,
    /// The key of the stored list, when the messages exceed 12 KB.
    #[serde(
        rename = "JsonMsgKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub json_msg_key: Option<String>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One message of a [`RelayElem`]'s `MsgList`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RelayedMsg {
    /// The sender.
    #[serde(
        rename = "From_Account",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub from_account: Option<String>,
    /// The recipient (one-to-one messages).
    #[serde(
        rename = "To_Account",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub to_account: Option<String>,
    /// The group (group messages).
    #[serde(rename = "GroupId", default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// Its sequence number.
    #[serde(rename = "MsgSeq", default, skip_serializing_if = "Option::is_none")]
    pub msg_seq: Option<u32>,
    /// Its random number.
    #[serde(rename = "MsgRandom", default, skip_serializing_if = "Option::is_none")]
    pub msg_random: Option<u32>,
    /// When it was sent, Unix seconds.
    #[serde(
        rename = "MsgTimeStamp",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub msg_time_stamp: Option<u64>,
    /// Its body.
    #[serde(rename = "MsgBody", default, skip_serializing_if = "Option::is_none")]
    pub msg_body: Option<MsgBody>,
    /// Its custom data.
    #[serde(
        rename = "CloudCustomData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_custom_data: Option<String>,
    /// Fields the model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}
