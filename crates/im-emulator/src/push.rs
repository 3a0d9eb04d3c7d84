//! Push to all users (`all_member_push`): the app's attribute names, each account's push
//! attributes and tags, and the pushes sent, each with its condition and the accounts it
//! reached (`GET /_emulator/push`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use im_proto::all_member_push::im_push::Condition;
use serde_json::{Value, json};

/// The most tags an account holds (the add-tag page).
pub(crate) const MAX_USER_TAGS: usize = 100;

/// How long a `MsgRandom` names one push task (the push page: 7 days).
pub(crate) const DEDUP_SECS: u64 = 604_800;

/// The push service's state.
#[derive(Debug, Default)]
pub(crate) struct PushStore {
    /// The attribute names by number (0 to 9).
    pub(crate) attr_names: BTreeMap<u8, String>,
    /// Each account's attributes, name → value.
    pub(crate) attrs: HashMap<String, BTreeMap<String, String>>,
    /// Each account's tags.
    pub(crate) tags: HashMap<String, BTreeSet<String>>,
    /// Every push, oldest first.
    pub(crate) pushes: Vec<Push>,
}

/// One push task.
#[derive(Debug)]
pub(crate) struct Push {
    pub(crate) task_id: String,
    pub(crate) msg_random: u32,
    /// Unix seconds on the emulator's clock.
    pub(crate) time: u64,
    /// The sender the recipients see.
    pub(crate) from: String,
    pub(crate) msg_life_time: u32,
    /// The condition as sent (`null`: every user).
    pub(crate) condition: Value,
    pub(crate) msg_body: Value,
    /// The accounts it reached, sorted.
    pub(crate) recipients: Vec<String>,
}

impl PushStore {
    /// Whether the app named an attribute `name`.
    pub(crate) fn attr_defined(&self, name: &str) -> bool {
        self.attr_names.values().any(|n| n == name)
    }

    /// The push with `msg_random` sent less than 7 days before `now`, if any.
    pub(crate) fn recent(&self, msg_random: u32, now: u64) -> Option<&Push> {
        self.pushes
            .iter()
            .rev()
            .take_while(|p| now.saturating_sub(p.time) < DEDUP_SECS)
            .find(|p| p.msg_random == msg_random)
    }

    /// Whether `user` meets `condition` (`None`: every user): each tag list and attribute list
    /// given holds (`Or`: one of it, `And`: all of it).
    pub(crate) fn matches(&self, user: &str, condition: Option<&Condition>) -> bool {
        let Some(c) = condition else { return true };
        let tags = self.tags.get(user);
        let has_tag = |t: &String| tags.is_some_and(|set| set.contains(t));
        let attrs = self.attrs.get(user);
        let has_attr = |(k, v): (&String, &String)| {
            attrs.and_then(|a| a.get(k)).is_some_and(|value| value == v)
        };
        c.tags_or.as_ref().is_none_or(|l| l.iter().any(has_tag))
            && c.tags_and.as_ref().is_none_or(|l| l.iter().all(has_tag))
            && c.attrs_or.as_ref().is_none_or(|m| m.iter().any(has_attr))
            && c.attrs_and.as_ref().is_none_or(|m| m.iter().all(has_attr))
    }

    /// Records a push reaching those of `accounts` that meet its condition; its task ID.
    pub(crate) fn record<'a>(
        &mut self,
        mut push: Push,
        condition: Option<&Condition>,
        accounts: impl Iterator<Item = &'a str>,
    ) -> String {
        push.recipients = accounts
            .filter(|user| self.matches(user, condition))
            .map(str::to_owned)
            .collect();
        push.task_id = format!(
            "{}_{}_{}",
            self.pushes.len() + 1,
            push.msg_random,
            push.time
        );
        let id = push.task_id.clone();
        self.pushes.push(push);
        id
    }

    /// `GET /_emulator/push`: the attribute names, the accounts' attributes and tags, and every
    /// push with its conditions and recipients.
    pub(crate) fn to_json(&self) -> Value {
        let pushes: Vec<Value> = self
            .pushes
            .iter()
            .map(|p| {
                json!({
                    "task_id": p.task_id,
                    "msg_random": p.msg_random,
                    "time": p.time,
                    "from": p.from,
                    "msg_life_time": p.msg_life_time,
                    "condition": p.condition,
                    "msg_body": p.msg_body,
                    "recipients": p.recipients,
                })
            })
            .collect();
        let names: BTreeMap<String, &String> = self
            .attr_names
            .iter()
            .map(|(n, name)| (n.to_string(), name))
            .collect();
        let attrs: BTreeMap<&String, _> =
            self.attrs.iter().filter(|(_, a)| !a.is_empty()).collect();
        let tags: BTreeMap<&String, _> = self.tags.iter().filter(|(_, t)| !t.is_empty()).collect();
        json!({ "attr_names": names, "attrs": attrs, "tags": tags, "pushes": pushes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> PushStore {
        let mut s = PushStore::default();
        for (user, tags) in [("a", vec!["x", "y"]), ("b", vec!["x"]), ("c", vec![])] {
            s.tags
                .insert(user.into(), tags.into_iter().map(String::from).collect());
        }
        s.attrs
            .insert("c".into(), [("city".to_owned(), "sz".to_owned())].into());
        s
    }

    fn condition(json: &str) -> Condition {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn tags_and_attributes_select_as_or_and_and() {
        let s = store();
        let pick = |c: &Condition| -> Vec<&str> {
            ["a", "b", "c"]
                .into_iter()
                .filter(|u| s.matches(u, Some(c)))
                .collect()
        };
        assert_eq!(pick(&condition(r#"{"TagsOr":["y","x"]}"#)), ["a", "b"]);
        assert_eq!(pick(&condition(r#"{"TagsAnd":["y","x"]}"#)), ["a"]);
        assert_eq!(
            pick(&condition(r#"{"TagsOr":["x"],"TagsAnd":["y"]}"#)),
            ["a"]
        );
        assert_eq!(pick(&condition(r#"{"AttrsOr":{"city":"sz"}}"#)), ["c"]);
        assert!(pick(&condition(r#"{"AttrsAnd":{"city":"sz","sex":"f"}}"#)).is_empty());
        assert!(s.matches("nobody", None));
    }

    #[test]
    fn a_msg_random_names_one_task_for_7_days() {
        let mut s = store();
        let push = |time| Push {
            task_id: String::new(),
            msg_random: 9,
            time,
            from: "admin".into(),
            msg_life_time: 0,
            condition: Value::Null,
            msg_body: Value::Null,
            recipients: Vec::new(),
        };
        let id = s.record(push(100), None, ["a", "b"].into_iter());
        assert_eq!(s.recent(9, 100 + DEDUP_SECS - 1).unwrap().task_id, id);
        assert!(s.recent(9, 100 + DEDUP_SECS).is_none());
        assert!(s.recent(8, 100).is_none());
        assert_eq!(s.pushes[0].recipients, ["a", "b"]);
    }
}
