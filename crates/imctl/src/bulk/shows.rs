//! What a success shows, whatever operation gave it (the [`Shows`] of its output), and how a
//! profile reads in a line.

use im_proto::{PlatformStatus, Profile};

/// What a success shows, whatever operation gave it: its label and the details it carries.
pub(crate) trait Shows {
    /// The label (`imported`, `Online`...).
    fn status(&self) -> &str;

    /// The sessions of an online status.
    fn detail(&self) -> Option<&[PlatformStatus]> {
        None
    }

    /// The profile fields read.
    fn profile(&self) -> Option<&Profile> {
        None
    }
}

/// A profile as a JSON object: standard fields by their short names (`Nick`, `BirthDay`...),
/// others by their tags; the form `profile set` reads.
pub(crate) fn profile_json(profile: &Profile) -> serde_json::Map<String, serde_json::Value> {
    profile
        .to_items()
        .into_iter()
        .map(|item| {
            let value = serde_json::to_value(&item.value).unwrap_or(serde_json::Value::Null);
            (item.tag.short_name().to_owned(), value)
        })
        .collect()
}

/// A profile on one line: `Nick "Alice", BirthDay 19900101`; `(no fields set)` when empty.
pub(crate) fn profile_text(profile: &Profile) -> String {
    let fields: Vec<String> = profile
        .to_items()
        .iter()
        .map(|item| match &item.value {
            im_proto::ProfileValue::Str(s) => format!("{} {s:?}", item.tag.short_name()),
            other => format!("{} {other}", item.tag.short_name()),
        })
        .collect();
    if fields.is_empty() {
        "(no fields set)".to_owned()
    } else {
        fields.join(", ")
    }
}
