//! The groups seen from outside: [`Emulator`]'s counts of groups and memberships, and the
//! control endpoint `GET /_emulator/groups` (a summary of every group, or one group with its
//! members, bans, message counts, custom attributes and counters and, for a community with
//! topics, its topics).

use http::StatusCode;
use serde_json::{Value, json};

use crate::emulator::Emulator;
use crate::groups::{Group, Groups, Topic};

/// How much the group store holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GroupCounts {
    /// Groups that exist.
    pub groups: usize,
    /// Memberships (every group's members together).
    pub memberships: usize,
}

impl Emulator {
    /// How many groups and memberships exist.
    pub fn group_counts(&self) -> GroupCounts {
        let groups = self.shared.groups.lock();
        GroupCounts {
            groups: groups.len(),
            memberships: groups.memberships(),
        }
    }
}

type Reply = Result<Value, (StatusCode, String)>;

/// The summaries a listing holds when `limit` is absent.
const DEFAULT_LIMIT: usize = 1_000;

/// `GET /_emulator/groups`: `?id=GROUP` one group in full; otherwise the counts and the
/// summaries of the groups from `offset` (0) on, `limit` (1,000) of them, in creation order.
pub(crate) fn get(
    emulator: &Emulator,
    id: Option<&str>,
    offset: usize,
    limit: Option<usize>,
) -> Reply {
    let groups = emulator.shared.groups.lock();
    if let Some(id) = id {
        let group = groups
            .get(id)
            .ok_or_else(|| (StatusCode::NOT_FOUND, format!("no group {id:?}")))?;
        return Ok(full(&groups, group));
    }
    let list: Vec<Value> = groups
        .starting_at(0)
        .skip(offset)
        .take(limit.unwrap_or(DEFAULT_LIMIT))
        .map(|(_, g)| summary(&groups, g))
        .collect();
    Ok(json!({"count": groups.len(), "memberships": groups.memberships(), "groups": list}))
}

fn summary(groups: &Groups, g: &Group) -> Value {
    json!({
        "id": &*g.id,
        "type": g.kind.as_str(),
        "name": &*g.name,
        "owner": g.owner.map(|o| groups.name(o)),
        "members": g.members.len(),
        "messages": g.messages.len(),
    })
}

fn full(groups: &Groups, g: &Group) -> Value {
    let members: Vec<Value> = g
        .members
        .iter()
        .map(|m| {
            json!({
                "account": groups.name(m.account),
                "role": m.role().to_string(),
                "join_time": m.join_time,
                "mute_until": m.mute_until,
                "unread": g.unread(m.read_seq),
            })
        })
        .collect();
    let bans: Vec<Value> = g
        .bans
        .iter()
        .map(|&(id, until)| json!({"account": groups.name(id), "until": until}))
        .collect();
    let mut value = summary(groups, g);
    value["members"] = json!(members);
    value["bans"] = json!(bans);
    value["messages"] = json!(g.messages.len());
    value["recalled"] = json!(g.messages.iter().filter(|m| m.recalled).count());
    value["modified"] = json!(g.messages.iter().filter(|m| m.modified).count());
    value["cleared"] = json!(g.messages.iter().filter(|m| m.cleared).count());
    value["next_msg_seq"] = json!(u64::from(g.last_seq) + 1);
    value["notifications"] = json!(g.notifications);
    value["create_time"] = json!(g.create_time);
    value["max_member_num"] = json!(g.max_members);
    value["mute_all"] = json!(g.mute_all);
    if let Some(topics) = &g.topics {
        value["topics"] = json!(topics.list.iter().map(topic).collect::<Vec<_>>());
    }
    let attrs: serde_json::Map<String, Value> = g
        .attrs
        .iter()
        .map(|(k, v)| (k.to_string(), json!(&**v)))
        .collect();
    value["attrs"] = Value::Object(attrs);
    let counters: serde_json::Map<String, Value> = g
        .counters
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    value["counters"] = Value::Object(counters);
    value
}

fn topic(t: &Topic) -> Value {
    json!({
        "id": &*t.id,
        "name": &*t.name,
        "introduction": &*t.introduction,
        "notification": &*t.notification,
        "face_url": &*t.face_url,
        "custom_string": &*t.custom_string,
        "create_time": t.create_time,
        "mute_all": t.mute_all,
    })
}
