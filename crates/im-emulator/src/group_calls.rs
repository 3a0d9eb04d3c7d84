//! What the group handlers share: finding a group (10015 for an ID no group can have, 10010
//! for one that does not exist), checking accounts and a request's declared rules (10004), the
//! member cap of the modelled edition, custom fields as the packets carry them, a community's
//! topics (11000 for a group without them), a live group (10007 for another type, or an
//! edition without the live group member list), and the history a group message API works on
//! (the group's, or a topic's).

use im_proto::group_types::{DefinedDataItem, GroupId, GroupType, MemberCap};
use im_proto::{Api, Endpoint, ErrorCode, ValidationRule};

use crate::exchange::Answer;
use crate::groups::{Group, GroupMessage, Groups, HistoryMut, Id, Topics};
use crate::shared::Shared;

/// A refusal of `api` with `code`.
pub(crate) fn refuse(api: Api, code: ErrorCode, info: impl Into<String>) -> Answer {
    Answer::fail_for(api, code, info)
}

/// The request's own rules (what a client checks before sending): 10004 naming the rule (10005
/// for too many accounts where the API's page lists it).
pub(crate) fn checked<E: Endpoint>(api: Api, request: &E) -> Result<(), Answer> {
    request.validate().map_err(|err| {
        let too_many = matches!(err.rule(), ValidationRule::TooManyItems { .. });
        let lists = |code: ErrorCode| api.metadata().codes.iter().any(|c| c.code == code.get());
        let code = if too_many && lists(ErrorCode::GROUP_TOO_MANY_ACCOUNTS) {
            ErrorCode::GROUP_TOO_MANY_ACCOUNTS
        } else {
            ErrorCode::GROUP_INVALID_PARAMETERS
        };
        refuse(api, code, err.to_string())
    })
}

/// The group `id`: 10015 when no group can have that ID, 10010 when none has it.
pub(crate) fn group<'a>(api: Api, groups: &'a Groups, id: &str) -> Result<&'a Group, Answer> {
    if let Err(err) = GroupId::new(id) {
        return Err(refuse(api, ErrorCode::GROUP_ID_INVALID, err.to_string()));
    }
    groups.get(id).ok_or_else(|| {
        let info = format!("group {id:?} does not exist (never created, or destroyed)");
        refuse(api, ErrorCode::GROUP_NOT_FOUND, info)
    })
}

/// [`group`], to change.
pub(crate) fn group_mut<'a>(
    api: Api,
    groups: &'a mut Groups,
    id: &str,
) -> Result<&'a mut Group, Answer> {
    group(api, groups, id)?;
    Ok(groups.get_mut(id).expect("found just above"))
}

/// 10007 when the group's type keeps no members (AVChatRoom).
pub(crate) fn stores_members(api: Api, group: &Group) -> Result<(), Answer> {
    if group.kind.stores_members() {
        return Ok(());
    }
    let info = format!(
        "a {} group keeps no members: {api} is not for it",
        group.kind
    );
    Err(refuse(api, ErrorCode::GROUP_PERMISSION_DENIED, info))
}

/// The most members a group of `kind` may have in the modelled edition.
pub(crate) fn cap(shared: &Shared, kind: &GroupType) -> MemberCap {
    kind.max_members(shared.edition.groups())
}

/// The cap as `MaxMemberNum` shows it (0: no cap).
pub(crate) fn cap_number(cap: MemberCap) -> u32 {
    match cap {
        MemberCap::Limited(n) => n,
        _ => 0,
    }
}

/// Custom fields as the packets carry them, only the `keys` named when some are.
pub(crate) fn defined(
    fields: &[(Box<str>, Box<str>)],
    keys: Option<&[String]>,
) -> Vec<DefinedDataItem> {
    fields
        .iter()
        .filter(|(k, _)| keys.is_none_or(|keys| keys.iter().any(|w| **w == **k)))
        .map(|(k, v)| DefinedDataItem::new(&**k, &**v))
        .collect()
}

/// `t` as the packets' `i64` times.
pub(crate) fn time(t: u32) -> i64 {
    i64::from(t)
}

/// The ID a new group of `kind` gets: `custom` checked against the rules of its type (10004)
/// and against the groups that exist (10021; 10025 with `yours` when `operator` owns it), or a
/// generated one. Refuses a type no page creates (10004) and one the edition lacks (10007).
pub(crate) fn new_group_id(
    shared: &Shared,
    groups: &mut Groups,
    (api, kind): (Api, &GroupType),
    custom: Option<&str>,
    (operator, yours): (Option<Id>, bool),
) -> Result<String, Answer> {
    if !kind.is_known() || *kind == GroupType::BChatRoom {
        let info =
            format!("Type {kind:?} is not one of Public, Private, ChatRoom, AVChatRoom, Community");
        return Err(refuse(api, ErrorCode::GROUP_INVALID_PARAMETERS, info));
    }
    if cap(shared, kind) == MemberCap::Unavailable {
        let info = format!("the {} edition has no {kind} groups", shared.edition);
        return Err(refuse(api, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    let community = *kind == GroupType::Community;
    let Some(custom) = custom else {
        return Ok(groups.generate_id(community));
    };
    let id = if community {
        GroupId::custom_community(custom)
    } else {
        GroupId::custom(custom)
    };
    if let Err(err) = id {
        return Err(refuse(
            api,
            ErrorCode::GROUP_INVALID_PARAMETERS,
            err.to_string(),
        ));
    }
    match groups.get(custom) {
        None => Ok(custom.to_owned()),
        Some(g) if yours && g.owner == operator => {
            let info = format!("group {custom:?} already exists and is yours");
            Err(refuse(api, ErrorCode::GROUP_ID_ALREADY_YOURS, info))
        }
        Some(_) => {
            let info = format!("GroupId {custom:?} is already used");
            Err(refuse(api, ErrorCode::GROUP_ID_TAKEN, info))
        }
    }
}

/// The `MaxMemberCount` a new group gets: the edition's cap when absent; 10004 above it.
pub(crate) fn max_members(
    shared: &Shared,
    api: Api,
    kind: &GroupType,
    asked: Option<u32>,
) -> Result<u32, Answer> {
    let cap = cap(shared, kind);
    match asked {
        None | Some(0) => Ok(cap_number(cap)),
        Some(n) if cap.admits(u64::from(n)) => Ok(n),
        Some(n) => {
            let info = format!(
                "MaxMemberCount {n} is above the {} edition's {cap:?}",
                shared.edition
            );
            Err(refuse(api, ErrorCode::GROUP_INVALID_PARAMETERS, info))
        }
    }
}

/// Whether a group of `count` members fits its `MaxMemberNum` (0: its type's cap).
pub(crate) fn fits(shared: &Shared, group: &Group, count: usize) -> bool {
    let count = u64::try_from(count).unwrap_or(u64::MAX);
    match group.max_members {
        0 => cap(shared, &group.kind).admits(count),
        max => count <= u64::from(max),
    }
}

/// The group `id` of a member API, to change: [`group_mut`], then 10007 for a type that keeps
/// no members.
pub(crate) fn members_of<'a>(
    api: Api,
    groups: &'a mut Groups,
    id: &str,
) -> Result<&'a mut Group, Answer> {
    let group = group_mut(api, groups, id)?;
    stores_members(api, group)?;
    Ok(group)
}

/// The group `id` of a live group API, to change: [`group_mut`], then 10007 for a group that
/// is not an AVChatRoom and, when `gated`, for an edition without the live group member list.
pub(crate) fn live_group<'a>(
    shared: &Shared,
    (api, gated): (Api, bool),
    groups: &'a mut Groups,
    id: &str,
) -> Result<&'a mut Group, Answer> {
    let group = group_mut(api, groups, id)?;
    if group.kind != GroupType::AvChatRoom {
        let info = format!(
            "{api} is for AVChatRoom groups, {id:?} is a {} group",
            group.kind
        );
        return Err(refuse(api, ErrorCode::LIVE_GROUP_PERMISSION_DENIED, info));
    }
    if gated && !shared.edition.has_live_member_list() {
        let info = format!(
            "{api} needs the Ultimate or Enterprise edition, not {}",
            shared.edition
        );
        return Err(refuse(api, ErrorCode::LIVE_GROUP_PERMISSION_DENIED, info));
    }
    Ok(group)
}

/// The robot `accounts` of a live-group robot API (`add_robots`, `del_robots`): the live group
/// `id` ([`live_group`], gated), then 10004 naming the first account that is not a robot
/// (`active`: not an active one, as `add_robots` needs; else not one at all).
pub(crate) fn live_robots(
    shared: &Shared,
    (api, active): (Api, bool),
    id: &str,
    accounts: &[im_proto::UserId],
) -> Result<(), Answer> {
    live_group(shared, (api, true), &mut shared.groups.lock(), id)?;
    let store = shared.store.read();
    let is_robot = |account: &im_proto::UserId| {
        let robot = store.account(account.as_str()).and_then(|a| a.robot);
        if active {
            robot == Some(true)
        } else {
            robot.is_some()
        }
    };
    match accounts.iter().find(|account| !is_robot(account)) {
        Some(account) => {
            let info = format!("{account} is not a robot account (create_robot makes one)");
            Err(refuse(api, ErrorCode::LIVE_GROUP_INVALID_PARAMETERS, info))
        }
        None => Ok(()),
    }
}

/// The nickname and avatar of `account` (empty when unset or unknown).
pub(crate) fn nick_and_face(shared: &Shared, account: &str) -> (String, String) {
    let store = shared.store.read();
    store.account(account).map_or_else(Default::default, |a| {
        (a.nick.unwrap_or_default(), a.face_url.unwrap_or_default())
    })
}

/// Accounts' ids, interned, in the order given.
pub(crate) fn interned(groups: &mut Groups, accounts: &[im_proto::UserId]) -> Vec<Id> {
    accounts.iter().map(|a| groups.intern(a.as_str())).collect()
}

/// [`members_of`], to read.
pub(crate) fn members_in<'a>(api: Api, groups: &'a Groups, id: &str) -> Result<&'a Group, Answer> {
    let group = group(api, groups, id)?;
    stores_members(api, group)?;
    Ok(group)
}

/// The largest message body: 12 KB (80002 beyond; the group pages and the usage limits).
pub(crate) const MAX_MSG_BYTES: usize = 12 * 1024;

/// `body` as the JSON bytes a group message stores: 80002 over 12 KB, 10004 for an invalid one.
pub(crate) fn message_body(
    body: &im_proto::message::MsgBody,
) -> Result<Box<[u8]>, (ErrorCode, String)> {
    let bytes = crate::messages::body_json(body);
    if bytes.len() > MAX_MSG_BYTES {
        let info = format!(
            "MsgBody is {} bytes, more than {MAX_MSG_BYTES}",
            bytes.len()
        );
        return Err((ErrorCode::MSG_BODY_TOO_LONG, info));
    }
    crate::messages::check_body(body, 0)
        .map_err(|(_, info)| (ErrorCode::GROUP_INVALID_PARAMETERS, info))?;
    Ok(Box::from(&*bytes))
}

/// The topics a new group gets: an empty list for a community created with `SupportTopic` 1,
/// none for any other group.
pub(crate) fn with_topics(kind: &GroupType, support_topic: Option<bool>) -> Option<Box<Topics>> {
    (*kind == GroupType::Community && support_topic == Some(true)).then(Box::default)
}

/// The community `id` of a topic API: [`group`], then 11000 for a group without topics (not a
/// community, or one created without `SupportTopic` 1).
pub(crate) fn community<'a>(api: Api, groups: &'a Groups, id: &str) -> Result<&'a Group, Answer> {
    let group = group(api, groups, id)?;
    if group.topics.is_none() {
        let info = format!(
            "group {id:?} does not support topics (a community created with SupportTopic 1 does)"
        );
        return Err(refuse(api, ErrorCode::COMMUNITY_TOPICS_NOT_SUPPORTED, info));
    }
    Ok(group)
}

/// [`community`], to change.
pub(crate) fn community_mut<'a>(
    api: Api,
    groups: &'a mut Groups,
    id: &str,
) -> Result<&'a mut Group, Answer> {
    community(api, groups, id)?;
    Ok(groups.get_mut(id).expect("found just above"))
}

/// 10007 when `account` (a topic API's `From_Account`) is given and is not a member of `group`.
pub(crate) fn member_operator(
    api: Api,
    groups: &Groups,
    group: &Group,
    account: Option<&str>,
) -> Result<(), Answer> {
    let Some(account) = account else {
        return Ok(());
    };
    if groups
        .account(account)
        .is_some_and(|id| group.member(id).is_some())
    {
        return Ok(());
    }
    let info = format!(
        "From_Account {account:?} is not a member of {:?}",
        &*group.id
    );
    Err(refuse(api, ErrorCode::COMMUNITY_PERMISSION_DENIED, info))
}

/// The most attribute writes one group takes in a second: adds, deletes and changes together
/// (10049; delete_group_attr's page, INTL 1047/59499).
pub(crate) const ATTR_WRITES_PER_SECOND: u32 = 5;

/// Counts an attribute write on `group` at `now` (Unix seconds): 10049 past
/// [`ATTR_WRITES_PER_SECOND`] in one second.
pub(crate) fn attr_write(api: Api, group: &mut Group, now: u64) -> Result<(), Answer> {
    let (second, count) = &mut group.attr_writes;
    if *second != now {
        (*second, *count) = (now, 0);
    }
    if *count >= ATTR_WRITES_PER_SECOND {
        let info = format!(
            "more than {ATTR_WRITES_PER_SECOND} attribute writes a second on group {:?}",
            &*group.id
        );
        return Err(refuse(api, ErrorCode::GROUP_ATTR_WRITE_TOO_FREQUENT, info));
    }
    *count += 1;
    Ok(())
}

/// The request's attribute or counter rules (what a client checks before sending), refused
/// with the code the API's page gives the broken rule (a key over 32 bytes 10045, a value over
/// 4000 bytes 10046, too many keys 10047 (counters: 10063), the values together 10048), 10004
/// for any other rule or one its page does not list.
pub(crate) fn limits_checked<E: Endpoint>(api: Api, request: &E) -> Result<(), Answer> {
    request.validate().map_err(|err| {
        let code = match err.rule() {
            ValidationRule::ValueTooLong { .. } if err.field().ends_with(".key") => {
                ErrorCode::GROUP_ATTR_KEY_TOO_LONG
            }
            ValidationRule::ValueTooLong { .. } if err.field().ends_with(".value") => {
                ErrorCode::GROUP_ATTR_VALUE_TOO_LONG
            }
            ValidationRule::TooMany { .. } if err.field() == "GroupCounter" => {
                ErrorCode::GROUP_COUNTER_TOO_MANY_KEYS
            }
            ValidationRule::TooMany { .. } => ErrorCode::GROUP_ATTR_TOO_MANY_KEYS,
            ValidationRule::TotalTooLong { .. } => ErrorCode::GROUP_ATTR_TOTAL_TOO_LONG,
            _ => ErrorCode::GROUP_INVALID_PARAMETERS,
        };
        let listed = api.metadata().codes.iter().any(|c| c.code == code.get());
        let code = if listed {
            code
        } else {
            ErrorCode::GROUP_INVALID_PARAMETERS
        };
        refuse(api, code, err.to_string())
    })
}

/// The attributes a write leaves `group` with, kept if they fit: 10047 past 16 keys, 10048 past
/// 16000 bytes of values together.
pub(crate) fn keep_attrs(
    api: Api,
    group: &mut Group,
    attrs: Vec<(Box<str>, Box<str>)>,
) -> Result<(), Answer> {
    use im_proto::group_types::{MAX_GROUP_ATTR_KEYS, MAX_GROUP_ATTR_TOTAL_BYTES};
    if attrs.len() > MAX_GROUP_ATTR_KEYS {
        let info = format!(
            "the group would hold {} attributes, at most {MAX_GROUP_ATTR_KEYS} are allowed",
            attrs.len()
        );
        return Err(refuse(api, ErrorCode::GROUP_ATTR_TOO_MANY_KEYS, info));
    }
    let total: usize = attrs.iter().map(|(_, v)| v.len()).sum();
    if total > MAX_GROUP_ATTR_TOTAL_BYTES {
        let info = format!(
            "the group's attribute values would take {total} bytes, at most {MAX_GROUP_ATTR_TOTAL_BYTES} are allowed"
        );
        return Err(refuse(api, ErrorCode::GROUP_ATTR_TOTAL_TOO_LONG, info));
    }
    group.attrs = attrs;
    Ok(())
}

/// The group `id` of a counter API, to change: 10059 for an edition without group counters,
/// then [`group_mut`], then 10007 for a community (the counter pages exclude it).
pub(crate) fn counters_of<'a>(
    shared: &Shared,
    api: Api,
    groups: &'a mut Groups,
    id: &str,
) -> Result<&'a mut Group, Answer> {
    if !shared.edition.has_group_counters() {
        let info = format!(
            "the {} edition has no group counters (Ultimate or Enterprise)",
            shared.edition
        );
        return Err(refuse(api, ErrorCode::GROUP_COUNTER_EDITION, info));
    }
    let group = group_mut(api, groups, id)?;
    if group.kind == GroupType::Community {
        let info = "a community has no group counters";
        return Err(refuse(api, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    Ok(group)
}

/// Whether `key` is one of `keys` (absent: every key is).
pub(crate) fn named(keys: Option<&[String]>, key: &str) -> bool {
    keys.is_none_or(|keys| keys.iter().any(|k| k == key))
}

/// `Group.CallbackAfterGroupAttrChanged` (page 1047/60394, a REST call triggers it): `option`
/// (`set`, `modify`, `clear` or `delete`) changed `attrs` (key and value; a deleted or cleared
/// one without its value) of the group `id` of type `kind`, the admin that signed the call
/// operating.
pub(crate) fn attrs_changed(
    shared: &Shared,
    (id, kind): (&str, &GroupType),
    (option, admin): (&str, usize),
    attrs: Vec<(String, Option<String>)>,
) {
    if !shared.callbacks.enabled() {
        return;
    }
    let mut event = im_callback::group::AfterGroupAttrChanged::default();
    event.group_id = id.to_owned();
    event.group_type = Some(im_callback::group::GroupType::from(kind.as_str()));
    event.operator_account = shared.admins.get(admin).cloned();
    event.option_type = Some(option.to_owned());
    let attrs = attrs.into_iter().map(|(key, value)| {
        let mut attr = im_callback::group::GroupAttr::default();
        attr.key = key;
        attr.value = value;
        attr
    });
    event.group_attr = Some(attrs.collect());
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    shared
        .callbacks
        .after(event, crate::callbacks::Origin::rest());
}

/// The topic `topic` of `g`: 11000 when the group has no topics, 10010 when it has not that one.
fn topic_refusal(api: Api, g: &Group, topic: &str) -> Option<Answer> {
    let Some(topics) = &g.topics else {
        let info = format!(
            "group {:?} has no topics (TopicId {topic:?}): only a community created with SupportTopic 1 has",
            &*g.id
        );
        return Some(refuse(api, ErrorCode::GROUP_TOPICS_NOT_SUPPORTED, info));
    };
    topics.get(topic).is_none().then(|| {
        let info = format!("group {:?} has no topic {topic:?}", &*g.id);
        refuse(api, ErrorCode::GROUP_NOT_FOUND, info)
    })
}

/// The history a group message API works on: the group's own, or with `topic` (its
/// `TopicId`) that topic's: 11000 for a group without topics, 10010 for a topic it lacks.
pub(crate) fn history_mut<'a>(
    api: Api,
    g: &'a mut Group,
    topic: Option<&str>,
) -> Result<HistoryMut<'a>, Answer> {
    let Some(topic) = topic else {
        return Ok(g.history_mut());
    };
    if let Some(refusal) = topic_refusal(api, g, topic) {
        return Err(refusal);
    }
    let topics = g.topics.as_mut().expect("checked just above");
    Ok(topics
        .get_mut(topic)
        .expect("checked just above")
        .history_mut())
}

/// [`history_mut`], to read: the messages in `MsgSeq` order.
pub(crate) fn history<'a>(
    api: Api,
    g: &'a Group,
    topic: Option<&str>,
) -> Result<&'a [GroupMessage], Answer> {
    let Some(topic) = topic else {
        return Ok(&g.messages);
    };
    if let Some(refusal) = topic_refusal(api, g, topic) {
        return Err(refusal);
    }
    let topics = g.topics.as_ref().expect("checked just above");
    Ok(&topics.get(topic).expect("checked just above").messages)
}

/// The most members a group may have for its read receipts (ZH 269/107478, 2025-12-05).
pub(crate) const MAX_RECEIPT_MEMBERS: usize = 200;

/// The group `id` of a read-receipt API: 10007 on an edition without group read receipts, then
/// [`group`], then 10007 for a type without them (AVChatRoom, Community: the pages' type
/// tables) or a group of more than [`MAX_RECEIPT_MEMBERS`] members.
pub(crate) fn receipts_in<'a>(
    shared: &Shared,
    api: Api,
    groups: &'a Groups,
    id: &str,
) -> Result<&'a Group, Answer> {
    if !shared.edition.has_group_read_receipts() {
        let info = format!(
            "the {} edition has no group read receipts (Ultimate or Enterprise)",
            shared.edition
        );
        return Err(refuse(api, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    let g = group(api, groups, id)?;
    if matches!(g.kind, GroupType::AvChatRoom | GroupType::Community) {
        let info = format!("a {} group has no read receipts", g.kind);
        return Err(refuse(api, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    if g.members.len() > MAX_RECEIPT_MEMBERS {
        let info = format!(
            "group {id:?} has {} members: read receipts work in groups of at most {MAX_RECEIPT_MEMBERS}",
            g.members.len()
        );
        return Err(refuse(api, ErrorCode::GROUP_PERMISSION_DENIED, info));
    }
    Ok(g)
}

/// The stored message `seq` of `g` that asked for read receipts: 10062 when there is none.
pub(crate) fn receipt_message(api: Api, g: &Group, seq: u32) -> Result<&GroupMessage, Answer> {
    crate::groups::find(&g.messages, seq)
        .filter(|m| m.needs_receipt)
        .ok_or_else(|| {
            let info = format!(
                "no read receipt information for message {seq} of {:?} (no such message, or not sent with NeedReadReceipt 1)",
                &*g.id
            );
            refuse(api, ErrorCode::GROUP_RECEIPT_NOT_FOUND, info)
        })
}
