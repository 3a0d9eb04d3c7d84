//! A group to create read from a line (a JSON object: create_group's request, `Type` and
//! `Name` required), and a group member read from a line: a JSON object with `Member_Account` (or `UserID`) and the
//! optional `Role`, `JoinTime` and `UnreadMsgNum` an import takes, other keys ignored; a plain
//! line is the account alone. CSV is not read for members (a role or join time in a column
//! would be silently lost otherwise).

use im_proto::group_types::MemberRole;
use serde::Deserialize;

use super::parsed::{MemberFields, Parsed, Record};

/// A JSON line of a member.
#[derive(Deserialize)]
pub(super) struct MemberLine {
    #[serde(rename = "Member_Account", alias = "UserID")]
    account: String,
    #[serde(rename = "Role", default)]
    role: Option<MemberRole>,
    #[serde(rename = "JoinTime", default)]
    join_time: Option<i64>,
    #[serde(rename = "UnreadMsgNum", default)]
    unread_msg_num: Option<u32>,
}

/// A JSON line as a member, by `parse` (the shared reader of JSON lines, naming the key at
/// fault).
pub(super) fn json(parsed: Result<MemberLine, String>) -> Parsed {
    let line = match parsed {
        Ok(line) => line,
        Err(why) => return Parsed::Bad(why),
    };
    if let Some(role) = line.role.as_ref().filter(|r| !r.is_known()) {
        return Parsed::BadFields {
            user_id: line.account,
            why: format!(
                "Role {:?} is not one of Owner, Admin, Member",
                role.as_str()
            ),
        };
    }
    let mut record = Record::id(line.account);
    record.member = Some(Box::new(MemberFields {
        role: line.role,
        join_time: line.join_time,
        unread_msg_num: line.unread_msg_num,
    }));
    Parsed::Record(record)
}

/// A JSON line as a group to create: named by its `GroupId`, else its `Name`.
pub(super) fn group(parsed: Result<im_proto::group::create_group::Request, String>) -> Parsed {
    match parsed {
        Ok(request) => {
            let label = request
                .group_id
                .clone()
                .unwrap_or_else(|| request.name.clone());
            let mut record = Record::id(label);
            record.group = Some(Box::new(request));
            Parsed::Record(record)
        }
        Err(why) => Parsed::Bad(why),
    }
}

/// Why a line that is not a JSON object is not a group.
pub(super) const NOT_A_GROUP: &str =
    "is not a JSON object; a group is create_group's request: {\"Type\", \"Name\", ...}";

/// Why a CSV file of groups is not read.
pub(super) const NO_GROUP_CSV: &str = "a file of groups is JSON Lines (create_group's request: Type, Name, GroupId, Owner_Account, MemberList...), not CSV";

/// Why a CSV file of members is not read.
pub(super) const NO_CSV: &str = "a file of members is one UserID per line or JSON Lines (Member_Account, Role, JoinTime, UnreadMsgNum), not CSV";

#[cfg(test)]
mod tests {
    use super::super::format::{Format, LineParser};
    use super::super::parsed::Fields;
    use super::*;

    fn member(parsed: Parsed) -> (String, MemberFields) {
        match parsed {
            Parsed::Record(record) => (record.user_id, *record.member.expect("a member")),
            other => panic!("not a member: {other:?}"),
        }
    }

    #[test]
    fn json_lines_give_the_import_fields_and_plain_lines_the_account() {
        let mut parser = LineParser::new(None, Fields::Member);
        let (id, m) = member(parser.parse(
            1,
            r#"{"Member_Account":"a","Role":"Admin","JoinTime":5,"UnreadMsgNum":2,"X":1}"#,
        ));
        assert_eq!(id, "a");
        assert_eq!(m.role, Some(MemberRole::Admin));
        assert_eq!((m.join_time, m.unread_msg_num), (Some(5), Some(2)));
        let (id, m) = member(parser.parse(2, r#"{"UserID":"b"}"#));
        assert_eq!((id.as_str(), m.role), ("b", None));
        let plain = LineParser::new(None, Fields::Member).parse(1, "carol");
        assert!(matches!(plain, Parsed::Record(r) if r.user_id == "carol"));
    }

    #[test]
    fn bad_member_lines_name_the_field() {
        let mut parser = LineParser::new(Some(Format::Jsonl), Fields::Member);
        let why = |parsed| match parsed {
            Parsed::Bad(why) | Parsed::BadFields { why, .. } => why,
            other => panic!("not bad: {other:?}"),
        };
        assert!(why(parser.parse(1, r#"{"Role":"Admin"}"#)).contains("Member_Account"));
        assert!(
            why(parser.parse(2, r#"{"Member_Account":"a","JoinTime":"x"}"#)).contains("JoinTime")
        );
        let bad_role = parser.parse(3, r#"{"Member_Account":"a","Role":"Boss"}"#);
        assert!(
            matches!(&bad_role, Parsed::BadFields { user_id, why } if user_id == "a" && why.contains("Boss"))
        );
        let mut groups = LineParser::new(None, Fields::Group);
        assert!(matches!(groups.parse(1, "club"), Parsed::Bad(why) if why.contains("Type")));
        let named = groups.parse(
            2,
            r#"{"Type":"Public","Name":"n","MemberList":[{"Member_Account":"a"}]}"#,
        );
        assert!(matches!(named, Parsed::Record(r) if r.user_id == "n" && r.group.is_some()));
        assert!(
            matches!(groups.parse(3, r#"{"Name":"n"}"#), Parsed::Bad(why) if why.contains("Type"))
        );
        let mut csv = LineParser::new(Some(Format::Csv), Fields::Member);
        assert!(
            matches!(csv.parse(1, "Member_Account,Role"), Parsed::Stop(why) if why.contains("not CSV"))
        );
    }
}
