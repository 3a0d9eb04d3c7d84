//! CSV columns: a header naming them (matched ignoring case), or `UserID,Nick,FaceUrl` in that
//! order without one. For a profile write, every column but `UserID` is a profile field, by its
//! short name (`Nick`, `Gender`, `FaceUrl`...) or its `Tag_Profile_*` name.

use im_proto::{Profile, ProfileTag, ProfileValue, ValueKind};

use super::parsed::{Fields, Parsed, Record};

/// What one column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Column {
    UserId,
    Nick,
    FaceUrl,
    Tag(ProfileTag),
    Ignored,
}

/// Where the columns are.
#[derive(Clone, Debug)]
pub(super) struct Columns(Vec<Column>);

impl Columns {
    /// Without a header: `UserID,Nick,FaceUrl`; `None` for a profile write, which needs one.
    pub(super) fn positional(wanted: Fields) -> Option<Columns> {
        (wanted != Fields::Profile)
            .then(|| Columns(vec![Column::UserId, Column::Nick, Column::FaceUrl]))
    }

    /// The columns a header names; `None` when `fields` is not a header (no `UserID`, and no
    /// name a header of accounts would use); an error for a header without a `UserID` column
    /// (`user_id,nick`: its first line must not become an account named `user_id`).
    pub(super) fn from_header(
        fields: &[String],
        wanted: Fields,
    ) -> Option<Result<Columns, String>> {
        if !fields.iter().any(|f| is_user_id(f, wanted)) {
            if wanted == Fields::Profile {
                // Without a UserID column it is no header, and a profile file needs one.
                return None;
            }
            // Only a line made entirely of column names is taken for a header: data that
            // happens to hold a word like `user` or `id` is data.
            let named = fields.iter().filter(|f| looks_like_a_column(f));
            if fields.is_empty() || !fields.iter().all(|f| looks_like_a_column(f)) {
                return None;
            }
            return named.clone().next().map(|_| {
                Err(format!(
                    "the first line looks like a CSV header ({}) but has no UserID column: the columns imctl reads are {} (any case; other columns are ignored); name the UserID column UserID",
                    named.cloned().collect::<Vec<_>>().join(", "),
                    known_columns(wanted)
                ))
            });
        }
        let mut columns = Vec::with_capacity(fields.len());
        for name in fields {
            let column = match column(name, wanted) {
                Ok(column) => column,
                Err(what) => return Some(Err(what)),
            };
            if column != Column::Ignored && columns.contains(&column) {
                return Some(Err(format!("the CSV header names the column {name} twice")));
            }
            columns.push(column);
        }
        Some(Ok(Columns(columns)))
    }

    /// One record of these columns.
    pub(super) fn record(&self, fields: &[String], wanted: Fields) -> Parsed {
        if fields.len() > self.0.len() {
            return Parsed::Bad(format!(
                "has {} CSV fields, more than the {} columns (UserID,Nick,FaceUrl without a header)",
                fields.len(),
                self.0.len()
            ));
        }
        let mut record = Record::id("");
        let mut profile = Profile::new();
        for (column, value) in self.0.iter().zip(fields).filter(|(_, v)| !v.is_empty()) {
            match column {
                Column::UserId => record.user_id = value.clone(),
                Column::Nick if wanted == Fields::Import => record.nick = Some(value.clone()),
                Column::FaceUrl if wanted == Fields::Import => {
                    record.face_url = Some(value.clone())
                }
                Column::Tag(tag) => profile.set(tag, typed(tag, value)),
                _ => {}
            }
        }
        if record.user_id.is_empty() {
            return Parsed::Bad("has no UserID in its CSV fields".to_owned());
        }
        if wanted == Fields::Profile {
            record.profile = Some(Box::new(profile));
        }
        Parsed::Record(record)
    }
}

/// What a header name means for this job; an unknown one is an error for a profile write
/// (a typo would otherwise be dropped), ignored otherwise.
fn column(name: &str, wanted: Fields) -> Result<Column, String> {
    if is_user_id(name, wanted) {
        return Ok(Column::UserId);
    }
    match wanted {
        Fields::UserId | Fields::Recipient | Fields::Pair | Fields::Member | Fields::Group => {
            Ok(Column::Ignored)
        }
        Fields::Import if name.eq_ignore_ascii_case("Nick") => Ok(Column::Nick),
        Fields::Import if name.eq_ignore_ascii_case("FaceUrl") => Ok(Column::FaceUrl),
        Fields::Import => Ok(Column::Ignored),
        Fields::Profile => super::profile_line::tag(name).map(Column::Tag),
    }
}

/// Whether the header name `name` is the UserID's column: `UserID`, or for a message's
/// recipients `To_Account` too.
fn is_user_id(name: &str, wanted: Fields) -> bool {
    name.eq_ignore_ascii_case("UserID")
        || (wanted == Fields::Recipient && name.eq_ignore_ascii_case("To_Account"))
}

/// Names a header of accounts would give its columns, lower case without `_`, `-`, `.` or
/// spaces (`user_id`, `User ID` and `userId` are all `userid`).
const HEADER_WORDS: [&str; 16] = [
    "userid",
    "user",
    "username",
    "uid",
    "id",
    "identifier",
    "account",
    "accountid",
    "nick",
    "nickname",
    "name",
    "faceurl",
    "avatar",
    "image",
    "email",
    "gender",
];

/// Whether `name` is a column name a header of accounts would use, however spelled.
fn looks_like_a_column(name: &str) -> bool {
    let bare: String = name
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    HEADER_WORDS.contains(&bare.as_str())
}

/// The columns a job reads, for messages.
fn known_columns(wanted: Fields) -> &'static str {
    match wanted {
        Fields::UserId => "UserID",
        Fields::Pair => "From_Account, To_Account",
        Fields::Import => "UserID, Nick, FaceUrl",
        Fields::Profile => "UserID and profile fields",
        Fields::Recipient => "To_Account (or UserID)",
        Fields::Member => "Member_Account (or UserID)",
        Fields::Group => "GroupId, Type, Name",
    }
}

/// A CSV value as its tag takes it: digits for an integer tag are a number.
fn typed(tag: &ProfileTag, value: &str) -> ProfileValue {
    match (tag.kind(), value.parse::<u64>()) {
        (Some(ValueKind::Uint32), Ok(n)) => ProfileValue::Int(n),
        _ => ProfileValue::Str(value.to_owned()),
    }
}
