//! The profile model the profile APIs share: tags, values, `ProfileItem`, and a typed
//! [`Profile`] with the standard fields.
//!
//! A profile is a list of `{"Tag": ..., "Value": ...}` items. The standard tags
//! (`Tag_Profile_IM_*`) have fixed types: strings with a length limit, strings from a fixed set,
//! or unsigned 32-bit integers, which must travel as JSON numbers. Custom tags
//! (`Tag_Profile_Custom_` plus up to 8 letters, configured in the console, at most 20 per app)
//! hold a string of up to 500 bytes: the profile page says integers are not supported for them
//! (a server answers 40610). [`ProfileTag::check_value`] applies the documented rules; clients
//! check before sending and servers answer the codes.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::validation::{MAX_PROFILE_VALUE_BYTES, ValidationError, ValidationRule};

/// The `ErrorInfo` the profile service gives for a body it cannot decode (with 40001).
pub const PROFILE_DECODE_FAILED_INFO: &str = "Err_Profile_Comm_Decode_Fail";

/// How the profile service refuses a body that is not a JSON object: 40001 with exactly
/// [`PROFILE_DECODE_FAILED_INFO`] (the set page's example answer).
pub(crate) fn profile_not_json() -> crate::Rejection {
    crate::Rejection::new(
        crate::ErrorCode::PROFILE_INVALID_PARAMETERS,
        PROFILE_DECODE_FAILED_INFO,
    )
}

/// The prefix of custom tags.
pub const CUSTOM_TAG_PREFIX: &str = "Tag_Profile_Custom_";

/// The most letters after [`CUSTOM_TAG_PREFIX`].
pub const MAX_CUSTOM_KEYWORD: usize = 8;

/// The most custom tags an app can configure.
pub const MAX_CUSTOM_TAGS: usize = 20;

/// The most bytes of `Tag_Profile_IM_Location`.
pub const MAX_LOCATION_BYTES: usize = 16;

crate::string_enum! {
    /// A profile field's tag: a standard one, or any other (custom or unknown) kept verbatim.
    ProfileTag {
        /// `Tag_Profile_IM_Nick`: nickname, a string of at most 500 bytes.
        Nick => "Tag_Profile_IM_Nick",
        /// `Tag_Profile_IM_Gender`: a [`Gender`].
        Gender => "Tag_Profile_IM_Gender",
        /// `Tag_Profile_IM_BirthDay`: a uint32, e.g. `20190419`.
        BirthDay => "Tag_Profile_IM_BirthDay",
        /// `Tag_Profile_IM_Location`: a string of at most 16 bytes.
        Location => "Tag_Profile_IM_Location",
        /// `Tag_Profile_IM_SelfSignature`: a string of at most 500 bytes.
        SelfSignature => "Tag_Profile_IM_SelfSignature",
        /// `Tag_Profile_IM_AllowType`: an [`AllowType`].
        AllowType => "Tag_Profile_IM_AllowType",
        /// `Tag_Profile_IM_Language`: a uint32 the app maps to languages.
        Language => "Tag_Profile_IM_Language",
        /// `Tag_Profile_IM_Image`: the avatar URL, at most 500 bytes (import's `FaceUrl`).
        Image => "Tag_Profile_IM_Image",
        /// `Tag_Profile_IM_MsgSettings`: uint32 bit flags (bit 0: block messages).
        MsgSettings => "Tag_Profile_IM_MsgSettings",
        /// `Tag_Profile_IM_AdminForbidType`: an [`AdminForbidType`].
        AdminForbidType => "Tag_Profile_IM_AdminForbidType",
        /// `Tag_Profile_IM_Level`: a uint32.
        Level => "Tag_Profile_IM_Level",
        /// `Tag_Profile_IM_Role`: a uint32.
        Role => "Tag_Profile_IM_Role",
    }
}

crate::string_enum! {
    /// `Tag_Profile_IM_Gender` values.
    Gender {
        /// `Gender_Type_Unknown`: not set.
        Unknown => "Gender_Type_Unknown",
        /// `Gender_Type_Female`.
        Female => "Gender_Type_Female",
        /// `Gender_Type_Male`.
        Male => "Gender_Type_Male",
    }
}

crate::string_enum! {
    /// `Tag_Profile_IM_AllowType` values: how friend requests are handled.
    AllowType {
        /// `AllowType_Type_NeedConfirm`: each request needs the user's approval.
        NeedConfirm => "AllowType_Type_NeedConfirm",
        /// `AllowType_Type_AllowAny`: anyone may add the user.
        AllowAny => "AllowType_Type_AllowAny",
        /// `AllowType_Type_DenyAny`: nobody may.
        DenyAny => "AllowType_Type_DenyAny",
    }
}

crate::string_enum! {
    /// `Tag_Profile_IM_AdminForbidType` values (set by the admin only).
    AdminForbidType {
        /// `AdminForbid_Type_None`: the user may send friend requests (the default).
        None => "AdminForbid_Type_None",
        /// `AdminForbid_Type_SendOut`: the user may not send friend requests.
        SendOut => "AdminForbid_Type_SendOut",
    }
}

const GENDERS: &[&str] = &[
    "Gender_Type_Unknown",
    "Gender_Type_Female",
    "Gender_Type_Male",
];
const ALLOW_TYPES: &[&str] = &[
    "AllowType_Type_NeedConfirm",
    "AllowType_Type_AllowAny",
    "AllowType_Type_DenyAny",
];
const ADMIN_FORBID_TYPES: &[&str] = &["AdminForbid_Type_None", "AdminForbid_Type_SendOut"];

/// What a tag's value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueKind {
    /// A string of at most `max` bytes.
    Text {
        /// The most bytes.
        max: usize,
    },
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// An unsigned 32-bit integer, as a JSON number.
    Uint32,
    /// A custom field: a string of at most 500 bytes (custom fields hold no integers).
    Custom,
}

impl ProfileTag {
    /// Every standard tag, in the documentation's order.
    pub const STANDARD: [ProfileTag; 12] = [
        ProfileTag::Nick,
        ProfileTag::Gender,
        ProfileTag::BirthDay,
        ProfileTag::Location,
        ProfileTag::SelfSignature,
        ProfileTag::AllowType,
        ProfileTag::Language,
        ProfileTag::Image,
        ProfileTag::MsgSettings,
        ProfileTag::AdminForbidType,
        ProfileTag::Level,
        ProfileTag::Role,
    ];

    /// The tag named by its wire name or a short name: `Nick`, `Gender`, `BirthDay`, `Location`,
    /// `SelfSignature`, `AllowType`, `Language`, `Image` (or `FaceUrl`), `MsgSettings`,
    /// `AdminForbidType`, `Level`, `Role`, matched ignoring ASCII case; any other name is kept
    /// as given (a custom or unknown tag).
    pub fn parse(name: &str) -> ProfileTag {
        if name.eq_ignore_ascii_case("FaceUrl") {
            return ProfileTag::Image;
        }
        ProfileTag::STANDARD
            .into_iter()
            .find(|tag| {
                let wire = tag.as_str();
                wire == name || wire["Tag_Profile_IM_".len()..].eq_ignore_ascii_case(name)
            })
            .unwrap_or_else(|| ProfileTag::from(name))
    }

    /// The short name (`Nick`, `BirthDay`...); the wire name for a custom or unknown tag.
    pub fn short_name(&self) -> &str {
        let wire = self.as_str();
        match self {
            ProfileTag::Other(_) => wire,
            _ => &wire["Tag_Profile_IM_".len()..],
        }
    }

    /// Whether this is a well-formed custom tag: [`CUSTOM_TAG_PREFIX`] and 1 to 8 ASCII
    /// letters.
    pub fn is_custom(&self) -> bool {
        let ProfileTag::Other(name) = self else {
            return false;
        };
        name.strip_prefix(CUSTOM_TAG_PREFIX).is_some_and(|keyword| {
            (1..=MAX_CUSTOM_KEYWORD).contains(&keyword.len())
                && keyword.bytes().all(|b| b.is_ascii_alphabetic())
        })
    }

    /// What the value must be; `None` for a tag that is neither standard nor a well-formed
    /// custom one.
    pub fn kind(&self) -> Option<ValueKind> {
        Some(match self {
            ProfileTag::Nick | ProfileTag::SelfSignature | ProfileTag::Image => ValueKind::Text {
                max: MAX_PROFILE_VALUE_BYTES,
            },
            ProfileTag::Location => ValueKind::Text {
                max: MAX_LOCATION_BYTES,
            },
            ProfileTag::Gender => ValueKind::OneOf(GENDERS),
            ProfileTag::AllowType => ValueKind::OneOf(ALLOW_TYPES),
            ProfileTag::AdminForbidType => ValueKind::OneOf(ADMIN_FORBID_TYPES),
            ProfileTag::BirthDay
            | ProfileTag::Language
            | ProfileTag::MsgSettings
            | ProfileTag::Level
            | ProfileTag::Role => ValueKind::Uint32,
            ProfileTag::Other(_) if self.is_custom() => ValueKind::Custom,
            ProfileTag::Other(_) => return None,
        })
    }

    /// Checks that this tag exists (standard, or a well-formed custom one) and that `value`
    /// fits it.
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming the tag, the value and the rule.
    pub fn check_value(&self, value: &ProfileValue) -> Result<(), ValidationError> {
        let fail = |rule| {
            Err(ValidationError::new(
                self.as_str(),
                &value.to_string(),
                rule,
            ))
        };
        let Some(kind) = self.kind() else {
            return fail(ValidationRule::UnknownTag);
        };
        let max = match kind {
            ValueKind::Text { max } => max,
            _ => MAX_PROFILE_VALUE_BYTES,
        };
        match (kind, value) {
            (ValueKind::Text { .. } | ValueKind::Custom, ProfileValue::Str(s)) => {
                if s.len() > max {
                    return fail(ValidationRule::ValueTooLong { max, len: s.len() });
                }
            }
            (ValueKind::OneOf(allowed), ProfileValue::Str(s)) => {
                if !allowed.contains(&s.as_str()) {
                    return fail(ValidationRule::NotOneOf { allowed });
                }
            }
            (ValueKind::Uint32, ProfileValue::Int(n)) if *n <= u64::from(u32::MAX) => {}
            (kind, _) => {
                return fail(ValidationRule::ValueType {
                    expected: kind.expected(),
                });
            }
        }
        Ok(())
    }
}

impl ValueKind {
    /// What the value must be, for messages.
    pub const fn expected(self) -> &'static str {
        match self {
            ValueKind::Text { .. } | ValueKind::OneOf(_) => "a string",
            ValueKind::Uint32 => "an unsigned 32-bit integer (a JSON number)",
            ValueKind::Custom => "a string (custom fields hold no integers)",
        }
    }
}

/// A profile value as the service carries it: a string, an unsigned integer, or (from a
/// server, never valid to send) anything else, kept verbatim.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ProfileValue {
    /// A string.
    Str(String),
    /// An unsigned integer.
    Int(u64),
    /// Any other JSON value (a negative or fractional number, `null`, a list...), as its JSON
    /// text.
    Other(String),
}

impl core::fmt::Display for ProfileValue {
    /// The string itself, the number, or the JSON text.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ProfileValue::Str(s) | ProfileValue::Other(s) => f.write_str(s),
            ProfileValue::Int(n) => write!(f, "{n}"),
        }
    }
}

impl From<&str> for ProfileValue {
    fn from(s: &str) -> Self {
        ProfileValue::Str(s.to_owned())
    }
}

impl From<String> for ProfileValue {
    fn from(s: String) -> Self {
        ProfileValue::Str(s)
    }
}

impl From<u32> for ProfileValue {
    fn from(n: u32) -> Self {
        ProfileValue::Int(n.into())
    }
}

impl From<u64> for ProfileValue {
    fn from(n: u64) -> Self {
        ProfileValue::Int(n)
    }
}

impl Serialize for ProfileValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ProfileValue::Str(v) => s.serialize_str(v),
            ProfileValue::Int(n) => s.serialize_u64(*n),
            ProfileValue::Other(text) => serde_json::from_str::<serde_json::Value>(text)
                .map_err(serde::ser::Error::custom)?
                .serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for ProfileValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => ProfileValue::Str(s),
            serde_json::Value::Number(n) if n.as_u64().is_some() => {
                ProfileValue::Int(n.as_u64().unwrap_or_default())
            }
            other => ProfileValue::Other(other.to_string()),
        })
    }
}

/// One `ProfileItem` entry: `{"Tag": ..., "Value": ...}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProfileItem {
    /// `Tag`.
    #[serde(rename = "Tag")]
    pub tag: ProfileTag,
    /// `Value`.
    #[serde(rename = "Value")]
    pub value: ProfileValue,
}

impl ProfileItem {
    /// An item.
    pub fn new(tag: ProfileTag, value: impl Into<ProfileValue>) -> Self {
        ProfileItem {
            tag,
            value: value.into(),
        }
    }
}

/// Checks a list of items to set: at least one, no tag twice, each value fitting its tag.
///
/// # Errors
///
/// A [`ValidationError`] naming the first offending tag and value.
pub fn check_profile_items(items: &[ProfileItem]) -> Result<(), ValidationError> {
    if items.is_empty() {
        return Err(ValidationError::new(
            "ProfileItem",
            "",
            ValidationRule::Empty,
        ));
    }
    for (i, item) in items.iter().enumerate() {
        if items[..i].iter().any(|earlier| earlier.tag == item.tag) {
            return Err(ValidationError::new(
                item.tag.as_str(),
                &item.value.to_string(),
                ValidationRule::Repeated,
            ));
        }
        item.tag.check_value(&item.value)?;
    }
    Ok(())
}

/// A profile with the standard fields typed; custom tags, and any tag whose value does not
/// fit its standard type (from a server), are kept as given.
///
/// Build one with [`Profile::new`] and the `with_*` methods, one per standard field plus
/// [`Profile::with_custom`]. They only build: the rules the types cannot express (lengths,
/// known custom tags) are checked by [`check_profile_items`] on [`Profile::to_items`], which
/// the client runs before sending.
///
/// # Examples
///
/// ```
/// use im_proto::{Gender, Profile, ProfileTag, ProfileValue, check_profile_items};
///
/// let profile = Profile::new()
///     .with_nick("Alice")
///     .with_gender(Gender::Female)
///     .with_birthday(19900101)
///     .with_custom("Tag_Profile_Custom_Team", "blue");
/// assert_eq!(profile.nick.as_deref(), Some("Alice"));
/// assert_eq!(
///     profile.get(&ProfileTag::from("Tag_Profile_Custom_Team")),
///     Some(ProfileValue::from("blue"))
/// );
/// assert!(check_profile_items(&profile.to_items()).is_ok());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Profile {
    /// `Tag_Profile_IM_Nick`.
    pub nick: Option<String>,
    /// `Tag_Profile_IM_Gender`.
    pub gender: Option<Gender>,
    /// `Tag_Profile_IM_BirthDay`.
    pub birthday: Option<u32>,
    /// `Tag_Profile_IM_Location`.
    pub location: Option<String>,
    /// `Tag_Profile_IM_SelfSignature`.
    pub self_signature: Option<String>,
    /// `Tag_Profile_IM_AllowType`.
    pub allow_type: Option<AllowType>,
    /// `Tag_Profile_IM_Language`.
    pub language: Option<u32>,
    /// `Tag_Profile_IM_Image`: the avatar URL.
    pub image: Option<String>,
    /// `Tag_Profile_IM_MsgSettings`.
    pub msg_settings: Option<u32>,
    /// `Tag_Profile_IM_AdminForbidType`.
    pub admin_forbid_type: Option<AdminForbidType>,
    /// `Tag_Profile_IM_Level`.
    pub level: Option<u32>,
    /// `Tag_Profile_IM_Role`.
    pub role: Option<u32>,
    /// Every other tag by its wire name: custom tags, unknown tags, and standard ones whose
    /// value did not fit their type.
    pub other: BTreeMap<String, ProfileValue>,
}

impl Profile {
    /// An empty profile.
    pub fn new() -> Self {
        Profile::default()
    }

    /// The profile of `items`; a later item for the same tag wins.
    pub fn from_items<'a>(items: impl IntoIterator<Item = &'a ProfileItem>) -> Self {
        let mut profile = Profile::new();
        for item in items {
            profile.set(&item.tag, item.value.clone());
        }
        profile
    }

    /// Sets one field: typed when `tag` is standard and `value` fits it, else kept in
    /// [`Profile::other`].
    pub fn set(&mut self, tag: &ProfileTag, value: impl Into<ProfileValue>) {
        let value = value.into();
        if !self.set_typed(tag, &value) {
            self.other.insert(tag.as_str().to_owned(), value);
        }
    }

    fn set_typed(&mut self, tag: &ProfileTag, value: &ProfileValue) -> bool {
        if matches!(tag, ProfileTag::Other(_)) || tag.check_value(value).is_err() {
            return false;
        }
        let text = || Some(value.to_string());
        let number = || match value {
            ProfileValue::Int(n) => u32::try_from(*n).ok(),
            _ => None,
        };
        match tag {
            ProfileTag::Nick => self.nick = text(),
            ProfileTag::Gender => self.gender = Some(Gender::from(value.to_string().as_str())),
            ProfileTag::BirthDay => self.birthday = number(),
            ProfileTag::Location => self.location = text(),
            ProfileTag::SelfSignature => self.self_signature = text(),
            ProfileTag::AllowType => {
                self.allow_type = Some(AllowType::from(value.to_string().as_str()));
            }
            ProfileTag::Language => self.language = number(),
            ProfileTag::Image => self.image = text(),
            ProfileTag::MsgSettings => self.msg_settings = number(),
            ProfileTag::AdminForbidType => {
                self.admin_forbid_type = Some(AdminForbidType::from(value.to_string().as_str()));
            }
            ProfileTag::Level => self.level = number(),
            ProfileTag::Role => self.role = number(),
            ProfileTag::Other(_) => return false,
        }
        true
    }

    /// The value of `tag`, if set.
    pub fn get(&self, tag: &ProfileTag) -> Option<ProfileValue> {
        let text = |s: &Option<String>| s.clone().map(ProfileValue::Str);
        let number = |n: &Option<u32>| n.map(ProfileValue::from);
        match tag {
            ProfileTag::Nick => text(&self.nick),
            ProfileTag::Gender => self.gender.as_ref().map(|g| g.as_str().into()),
            ProfileTag::BirthDay => number(&self.birthday),
            ProfileTag::Location => text(&self.location),
            ProfileTag::SelfSignature => text(&self.self_signature),
            ProfileTag::AllowType => self.allow_type.as_ref().map(|a| a.as_str().into()),
            ProfileTag::Language => number(&self.language),
            ProfileTag::Image => text(&self.image),
            ProfileTag::MsgSettings => number(&self.msg_settings),
            ProfileTag::AdminForbidType => {
                self.admin_forbid_type.as_ref().map(|a| a.as_str().into())
            }
            ProfileTag::Level => number(&self.level),
            ProfileTag::Role => number(&self.role),
            ProfileTag::Other(_) => None,
        }
        .or_else(|| self.other.get(tag.as_str()).cloned())
    }

    /// The set fields as items: the standard tags in the documentation's order, then the
    /// others by name.
    pub fn to_items(&self) -> Vec<ProfileItem> {
        let standard = ProfileTag::STANDARD
            .into_iter()
            .filter_map(|tag| self.get(&tag).map(|value| ProfileItem::new(tag, value)));
        let others = self
            .other
            .iter()
            .filter(|(name, _)| !ProfileTag::from(name.as_str()).is_known())
            .map(|(name, value)| ProfileItem::new(ProfileTag::from(name.as_str()), value.clone()));
        standard.chain(others).collect()
    }

    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self.to_items().is_empty()
    }
}

/// The builder methods: each sets one field and returns the profile.
impl Profile {
    /// Sets `Tag_Profile_IM_Nick`: nickname.
    #[must_use]
    pub fn with_nick(mut self, nick: impl Into<String>) -> Self {
        self.nick = Some(nick.into());
        self
    }

    /// Sets `Tag_Profile_IM_Gender`.
    #[must_use]
    pub fn with_gender(mut self, gender: Gender) -> Self {
        self.gender = Some(gender);
        self
    }

    /// Sets `Tag_Profile_IM_BirthDay`: e.g. `19900101`.
    #[must_use]
    pub fn with_birthday(mut self, birthday: u32) -> Self {
        self.birthday = Some(birthday);
        self
    }

    /// Sets `Tag_Profile_IM_Location`.
    #[must_use]
    pub fn with_location(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    /// Sets `Tag_Profile_IM_SelfSignature`.
    #[must_use]
    pub fn with_self_signature(mut self, self_signature: impl Into<String>) -> Self {
        self.self_signature = Some(self_signature.into());
        self
    }

    /// Sets `Tag_Profile_IM_AllowType`.
    #[must_use]
    pub fn with_allow_type(mut self, allow_type: AllowType) -> Self {
        self.allow_type = Some(allow_type);
        self
    }

    /// Sets `Tag_Profile_IM_Language`.
    #[must_use]
    pub fn with_language(mut self, language: u32) -> Self {
        self.language = Some(language);
        self
    }

    /// Sets `Tag_Profile_IM_Image`: the avatar URL.
    #[must_use]
    pub fn with_image(mut self, image: impl Into<String>) -> Self {
        self.image = Some(image.into());
        self
    }

    /// Sets `Tag_Profile_IM_MsgSettings`.
    #[must_use]
    pub fn with_msg_settings(mut self, msg_settings: u32) -> Self {
        self.msg_settings = Some(msg_settings);
        self
    }

    /// Sets `Tag_Profile_IM_AdminForbidType`.
    #[must_use]
    pub fn with_admin_forbid_type(mut self, admin_forbid_type: AdminForbidType) -> Self {
        self.admin_forbid_type = Some(admin_forbid_type);
        self
    }

    /// Sets `Tag_Profile_IM_Level`.
    #[must_use]
    pub fn with_level(mut self, level: u32) -> Self {
        self.level = Some(level);
        self
    }

    /// Sets `Tag_Profile_IM_Role`.
    #[must_use]
    pub fn with_role(mut self, role: u32) -> Self {
        self.role = Some(role);
        self
    }

    /// Sets a custom tag (`Tag_Profile_Custom_` and 1 to 8 letters) by its wire name, or any
    /// other tag as [`Profile::set`] does: a standard tag's wire name sets its typed field when
    /// the value fits. Nothing is checked here; [`check_profile_items`] refuses a malformed
    /// tag or a value that breaks its rule.
    #[must_use]
    pub fn with_custom(mut self, tag: impl Into<String>, value: impl Into<ProfileValue>) -> Self {
        let tag: String = tag.into();
        self.set(&ProfileTag::from(tag.as_str()), value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_by_wire_and_short_names() {
        assert_eq!(ProfileTag::parse("Nick"), ProfileTag::Nick);
        assert_eq!(ProfileTag::parse("birthday"), ProfileTag::BirthDay);
        assert_eq!(ProfileTag::parse("FaceUrl"), ProfileTag::Image);
        assert_eq!(ProfileTag::parse("Tag_Profile_IM_Role"), ProfileTag::Role);
        assert_eq!(ProfileTag::Role.short_name(), "Role");
        let custom = ProfileTag::parse("Tag_Profile_Custom_Test");
        assert!(custom.is_custom() && custom.kind() == Some(ValueKind::Custom));
        for bad in [
            "Tag_Profile_Custom_",
            "Tag_Profile_Custom_Toolongxx",
            "Tag_Profile_Custom_a1",
            "Tag_Profile_IM_Mood",
        ] {
            assert_eq!(ProfileTag::parse(bad).kind(), None, "{bad}");
        }
    }

    #[test]
    fn values_are_checked_against_their_tag() {
        let check =
            |tag: ProfileTag, value: ProfileValue| tag.check_value(&value).map_err(|e| e.rule());
        assert!(check(ProfileTag::Nick, "n".repeat(500).into()).is_ok());
        assert_eq!(
            check(ProfileTag::Nick, "n".repeat(501).into()),
            Err(ValidationRule::ValueTooLong { max: 500, len: 501 })
        );
        assert_eq!(
            check(ProfileTag::Location, "l".repeat(17).into()),
            Err(ValidationRule::ValueTooLong { max: 16, len: 17 })
        );
        assert!(check(ProfileTag::Gender, "Gender_Type_Male".into()).is_ok());
        assert!(matches!(
            check(ProfileTag::Gender, "male".into()),
            Err(ValidationRule::NotOneOf { .. })
        ));
        assert!(check(ProfileTag::BirthDay, 20190419u32.into()).is_ok());
        assert!(matches!(
            check(ProfileTag::BirthDay, "20190419".into()),
            Err(ValidationRule::ValueType { .. })
        ));
        assert!(matches!(
            check(ProfileTag::Level, ProfileValue::Int(1 << 32)),
            Err(ValidationRule::ValueType { .. })
        ));
        let custom = ProfileTag::from("Tag_Profile_Custom_Score");
        assert!(check(custom.clone(), "7".into()).is_ok());
        assert!(matches!(
            check(custom.clone(), 7u32.into()),
            Err(ValidationRule::ValueType { .. })
        ));
        assert_eq!(
            check(custom, "c".repeat(501).into()),
            Err(ValidationRule::ValueTooLong { max: 500, len: 501 })
        );
        assert_eq!(
            check(ProfileTag::from("Tag_Profile_IM_Mood"), "x".into()),
            Err(ValidationRule::UnknownTag)
        );
        let err = ProfileTag::Gender.check_value(&"male".into()).unwrap_err();
        assert!(err.to_string().contains("Tag_Profile_IM_Gender"), "{err}");
        assert!(err.to_string().contains("Gender_Type_Male"), "{err}");
    }

    #[test]
    fn values_decode_whatever_the_server_sends() {
        let v = |json: &str| serde_json::from_str::<ProfileValue>(json).unwrap();
        assert_eq!(v("\"x\""), ProfileValue::Str("x".into()));
        assert_eq!(v("7"), ProfileValue::Int(7));
        assert_eq!(v("-1"), ProfileValue::Other("-1".into()));
        assert_eq!(v("[1,2]"), ProfileValue::Other("[1,2]".into()));
        for json in ["\"x\"", "7", "-1", "1.5", "null", "[1,2]"] {
            assert_eq!(serde_json::to_string(&v(json)).unwrap(), json);
        }
    }

    #[test]
    fn the_builder_sets_each_field() {
        let built = Profile::new()
            .with_nick("Alice")
            .with_gender(Gender::Female)
            .with_birthday(19900101)
            .with_location(String::from("Paris"))
            .with_self_signature("hi")
            .with_allow_type(AllowType::DenyAny)
            .with_language(7)
            .with_image("https://example.com/a.png")
            .with_msg_settings(1)
            .with_admin_forbid_type(AdminForbidType::SendOut)
            .with_level(3)
            .with_role(4)
            .with_custom("Tag_Profile_Custom_Team", "blue");
        let mut expected = Profile::new();
        expected.nick = Some("Alice".into());
        expected.gender = Some(Gender::Female);
        expected.birthday = Some(19900101);
        expected.location = Some("Paris".into());
        expected.self_signature = Some("hi".into());
        expected.allow_type = Some(AllowType::DenyAny);
        expected.language = Some(7);
        expected.image = Some("https://example.com/a.png".into());
        expected.msg_settings = Some(1);
        expected.admin_forbid_type = Some(AdminForbidType::SendOut);
        expected.level = Some(3);
        expected.role = Some(4);
        expected
            .other
            .insert("Tag_Profile_Custom_Team".into(), "blue".into());
        assert_eq!(built, expected);
        assert_eq!(built.to_items().len(), ProfileTag::STANDARD.len() + 1);
        assert!(check_profile_items(&built.to_items()).is_ok());
    }

    #[test]
    fn the_builder_builds_and_the_check_judges() {
        let standard_by_wire = Profile::new().with_custom("Tag_Profile_IM_Nick", "Bob");
        assert_eq!(standard_by_wire, Profile::new().with_nick("Bob"));
        let too_long = Profile::new().with_location("l".repeat(17));
        assert_eq!(too_long.location.as_deref(), Some("l".repeat(17).as_str()));
        assert_eq!(
            check_profile_items(&too_long.to_items())
                .unwrap_err()
                .rule(),
            ValidationRule::ValueTooLong { max: 16, len: 17 }
        );
        let malformed = Profile::new().with_custom("Tag_Profile_Custom_a1", "x");
        assert_eq!(malformed.other.len(), 1);
        assert_eq!(
            check_profile_items(&malformed.to_items())
                .unwrap_err()
                .rule(),
            ValidationRule::UnknownTag
        );
    }

    #[test]
    fn profiles_round_trip_through_items() {
        let items = vec![
            ProfileItem::new(ProfileTag::Gender, "Gender_Type_Female"),
            ProfileItem::new(ProfileTag::Nick, "Zoë"),
            ProfileItem::new(ProfileTag::from("Tag_Profile_Custom_Test"), "c"),
            ProfileItem::new(ProfileTag::Level, ProfileValue::Str("high".into())),
        ];
        let profile = Profile::from_items(&items);
        assert_eq!(profile.nick.as_deref(), Some("Zoë"));
        assert_eq!(profile.gender, Some(Gender::Female));
        assert_eq!(
            profile.level, None,
            "a mistyped standard value is kept aside"
        );
        assert_eq!(profile.other.len(), 2);
        let again = Profile::from_items(&profile.to_items());
        assert_eq!(again, profile);
        assert_eq!(profile.to_items()[0].tag, ProfileTag::Nick);
        assert!(check_profile_items(&[]).is_err());
        let twice = [
            ProfileItem::new(ProfileTag::Nick, "a"),
            ProfileItem::new(ProfileTag::Nick, "b"),
        ];
        assert_eq!(
            check_profile_items(&twice).unwrap_err().rule(),
            ValidationRule::Repeated
        );
    }
}
