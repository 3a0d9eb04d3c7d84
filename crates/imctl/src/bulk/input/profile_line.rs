//! A JSON line of a profile write: `UserID` and profile fields by their short names (`Nick`,
//! `Gender`, `FaceUrl` or `Image`, `BirthDay`...) or their `Tag_Profile_*` names, each once,
//! with string or unsigned integer values (`null`: not given).

use std::fmt;

use im_proto::{Profile, ProfileTag, ProfileValue};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

/// The tag a field name means; an unknown name is an error listing the known ones.
pub(super) fn tag(name: &str) -> Result<ProfileTag, String> {
    let tag = ProfileTag::parse(name);
    match tag.kind() {
        Some(_) => Ok(tag),
        None => Err(format!(
            "unknown profile field {name:?}: use {}, FaceUrl, or a Tag_Profile_Custom_ tag of 1 to 8 letters",
            ProfileTag::STANDARD
                .iter()
                .map(ProfileTag::short_name)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// A parsed line: its UserID and profile.
pub(super) struct ProfileLine {
    pub(super) user_id: String,
    pub(super) profile: Profile,
}

impl<'de> Deserialize<'de> for ProfileLine {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(LineVisitor)
    }
}

struct LineVisitor;

impl<'de> Visitor<'de> for LineVisitor {
    type Value = ProfileLine;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with a \"UserID\" and profile fields")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ProfileLine, A::Error> {
        let mut user_id = None;
        let mut seen: Vec<String> = Vec::new();
        let mut profile = Profile::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            if key == "UserID" {
                user_id = Some(map.next_value::<String>()?);
            } else {
                let tag = tag(&key).map_err(de::Error::custom)?;
                match map.next_value::<Value>()? {
                    Value::Null => {}
                    Value::String(s) => profile.set(&tag, ProfileValue::Str(s)),
                    Value::Number(n) if n.as_u64().is_some() => {
                        profile.set(&tag, ProfileValue::Int(n.as_u64().unwrap_or_default()));
                    }
                    other => {
                        return Err(de::Error::custom(format_args!(
                            "\"{key}\": {other} is neither a string nor an unsigned integer"
                        )));
                    }
                }
            }
            seen.push(key);
        }
        let user_id = user_id.ok_or_else(|| de::Error::missing_field("UserID"))?;
        Ok(ProfileLine { user_id, profile })
    }
}
