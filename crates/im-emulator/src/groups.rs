//! The emulator's groups (a leaf): each group's profile, custom fields, members with their
//! fields, bans, a live group's online list, marks and admins, and message history (`MsgSeq`
//! from 1, recall and modify flags, bodies as `MsgBody` JSON bytes, extensions and read
//! receipts), a community's topics (each with its own history), and each account's joined
//! groups.
//!
//! Memory-lean by design (100,000 groups and 1,000,000 memberships fit in a few hundred MiB):
//! an account id is stored once and named by a `u32` everywhere else; a member is a 32-byte
//! record plus its rare extra data (name card, custom fields) behind a pointer; a group's texts
//! are boxed strings. What each API does with the store (which code, which order) is in its
//! handler; this module only keeps and changes the groups.

mod history;
mod ids;
mod live;
mod member;
mod message;
mod topic;

use std::collections::HashMap;

use im_proto::group_types::{ApplyJoinOption, GroupType, InviteJoinOption, MemberRole};

use crate::interner::Interner;

pub(crate) use history::{HistoryMut, find};
pub(crate) use live::Live;
pub(crate) use member::{Member, role_code, role_of};
pub(crate) use message::GroupMessage;
pub(crate) use topic::{Topic, Topics};

pub(crate) use ids::{Id, clamp_time};

/// A group's slot: its creation order, which `get_appid_group_list`'s `Next` pages by.
pub(crate) type Slot = u32;

/// A group.
#[derive(Debug)]
pub(crate) struct Group {
    pub(crate) id: Box<str>,
    pub(crate) kind: GroupType,
    pub(crate) owner: Option<Id>,
    pub(crate) name: Box<str>,
    pub(crate) introduction: Box<str>,
    pub(crate) notification: Box<str>,
    pub(crate) face_url: Box<str>,
    pub(crate) apply_join: Option<ApplyJoinOption>,
    pub(crate) invite_join: Option<InviteJoinOption>,
    /// Custom group fields, in the order first set.
    pub(crate) custom: Vec<(Box<str>, Box<str>)>,
    /// Unix seconds.
    pub(crate) create_time: u32,
    pub(crate) max_members: u32,
    pub(crate) mute_all: bool,
    /// The profile's version and when it last changed.
    pub(crate) info_seq: u32,
    pub(crate) last_info_time: u32,
    /// Members in the order they joined.
    pub(crate) members: Vec<Member>,
    /// `(account, until)` of each ban, in the order banned.
    pub(crate) bans: Vec<(Id, u64)>,
    /// The history, in `MsgSeq` order.
    pub(crate) messages: Vec<GroupMessage>,
    /// The last `MsgSeq` given (a message kept out of history still takes one).
    pub(crate) last_seq: u32,
    /// System notifications sent (online only: not kept).
    pub(crate) notifications: u32,
    /// A community created with `SupportTopic` 1: its topics (`None`: no topics).
    pub(crate) topics: Option<Box<Topics>>,
    /// Custom attributes (`key`, `value`), in the order first set.
    pub(crate) attrs: Vec<(Box<str>, Box<str>)>,
    /// Counters (`Key`, `Value`), in the order first set.
    pub(crate) counters: Vec<(Box<str>, i64)>,
    /// The attribute writes of one second: (that second, how many).
    pub(crate) attr_writes: (u64, u32),
    /// An AVChatRoom's online list and admins (`None` until first needed).
    pub(crate) live: Option<Box<Live>>,
}

impl Group {
    /// A group with its required parts, no members, no messages.
    pub(crate) fn new(id: &str, kind: GroupType, name: &str, create_time: u32) -> Self {
        Group {
            id: id.into(),
            kind,
            owner: None,
            name: name.into(),
            introduction: "".into(),
            notification: "".into(),
            face_url: "".into(),
            apply_join: None,
            invite_join: None,
            custom: Vec::new(),
            create_time,
            max_members: 0,
            mute_all: false,
            info_seq: 0,
            last_info_time: create_time,
            members: Vec::new(),
            bans: Vec::new(),
            messages: Vec::new(),
            last_seq: 0,
            notifications: 0,
            topics: None,
            attrs: Vec::new(),
            counters: Vec::new(),
            attr_writes: (0, 0),
            live: None,
        }
    }

    /// The member record of `account`.
    pub(crate) fn member(&self, account: Id) -> Option<&Member> {
        self.members.iter().find(|m| m.account == account)
    }

    /// The member record of `account`, to change.
    pub(crate) fn member_mut(&mut self, account: Id) -> Option<&mut Member> {
        self.members.iter_mut().find(|m| m.account == account)
    }

    /// The role of `account` (`None`: not a member).
    pub(crate) fn role(&self, account: Id) -> Option<MemberRole> {
        self.member(account).map(|m| role_of(m.role))
    }

    /// The live group state, made when first needed.
    pub(crate) fn live_mut(&mut self) -> &mut Live {
        self.live.get_or_insert_with(Box::default)
    }

    /// The time of the newest stored message, 0 without any.
    pub(crate) fn last_msg_time(&self) -> u32 {
        self.messages.last().map_or(0, |m| m.time)
    }

    /// Sets custom field `key` (an empty value deletes it).
    pub(crate) fn set_custom(&mut self, key: &str, value: &str) {
        let at = self.custom.iter().position(|(k, _)| &**k == key);
        match (at, value.is_empty()) {
            (Some(i), true) => {
                self.custom.remove(i);
            }
            (Some(i), false) => self.custom[i].1 = value.into(),
            (None, false) => self.custom.push((key.into(), value.into())),
            (None, true) => {}
        }
    }

    /// Bumps the profile's version at `now`.
    pub(crate) fn touch(&mut self, now: u64) {
        self.info_seq = self.info_seq.wrapping_add(1);
        self.last_info_time = clamp_time(now);
    }

    /// The group's own history (not its topics'), to change.
    pub(crate) fn history_mut(&mut self) -> HistoryMut<'_> {
        HistoryMut {
            messages: &mut self.messages,
            last_seq: &mut self.last_seq,
        }
    }

    /// How many stored messages a member who read up to `read_seq` has not read.
    pub(crate) fn unread(&self, read_seq: u32) -> usize {
        let first = self.messages.partition_point(|m| m.seq <= read_seq);
        self.messages.len() - first
    }

    /// The members a read receipt of `message` counts (every member but its sender), in the
    /// order they joined, each with whether it has read the message.
    pub(crate) fn read_states<'a>(
        &'a self,
        message: &'a GroupMessage,
    ) -> impl Iterator<Item = (Id, bool)> + 'a {
        self.members
            .iter()
            .filter(|m| message.counts_reader(m.account))
            .map(|m| (m.account, message.read_by(m.account, m.read_seq)))
    }

    /// The stored message `seq`.
    pub(crate) fn message_mut(&mut self, seq: u32) -> Option<&mut GroupMessage> {
        let i = self.messages.binary_search_by_key(&seq, |m| m.seq).ok()?;
        self.messages.get_mut(i)
    }
}

/// Every group, behind one lock.
#[derive(Debug, Default)]
pub(crate) struct Groups {
    ids: Interner,
    /// Groups by slot (`None`: destroyed).
    slots: Vec<Option<Group>>,
    by_id: HashMap<Box<str>, Slot>,
    /// Each account's groups, by slot, in the order joined.
    joined: HashMap<Id, Vec<Slot>>,
    /// The state of the generated ids.
    generated: u64,
    live: usize,
    memberships: usize,
    /// The broadcasts to every live group (send_broadcast_msg).
    pub(crate) broadcasts: Broadcasts,
}

/// The broadcasts to every live group: the last `MsgSeq` a broadcast took, and the recent ones
/// (their sender, `Random`, time and body: the dedup window's).
#[derive(Debug, Default)]
pub(crate) struct Broadcasts {
    pub(crate) last_seq: u32,
    pub(crate) recent: Vec<GroupMessage>,
}

impl Groups {
    /// The number of `name`, assigned on first use.
    pub(crate) fn intern(&mut self, name: &str) -> Id {
        self.ids.intern(name)
    }

    /// The number of `name`, if it was ever interned.
    pub(crate) fn account(&self, name: &str) -> Option<Id> {
        self.ids.get(name)
    }

    /// The string of `id`.
    pub(crate) fn name(&self, id: Id) -> &str {
        self.ids.name(id)
    }

    /// How many groups exist.
    pub(crate) fn len(&self) -> usize {
        self.live
    }

    /// How many memberships exist (every group's members together).
    pub(crate) fn memberships(&self) -> usize {
        self.memberships
    }

    /// The slot of group `id`.
    pub(crate) fn slot(&self, id: &str) -> Option<Slot> {
        self.by_id.get(id).copied()
    }

    /// The group `id`.
    pub(crate) fn get(&self, id: &str) -> Option<&Group> {
        self.at(self.slot(id)?)
    }

    /// The group in `slot`.
    pub(crate) fn at(&self, slot: Slot) -> Option<&Group> {
        self.slots.get(slot as usize)?.as_ref()
    }

    /// The group `id`, to change (members are added and removed through [`Groups::join`] and
    /// [`Groups::leave`], which keep the joined lists).
    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Group> {
        let slot = self.slot(id)?;
        self.slots.get_mut(slot as usize)?.as_mut()
    }

    /// A fresh `@TGS#` id (`@TGS#_@TGS#` for a community) no group has.
    pub(crate) fn generate_id(&mut self, community: bool) -> String {
        loop {
            self.generated += 1;
            let mut n = self.generated.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20;
            let mut tail = String::new();
            for _ in 0..9 {
                let digit = (n % 36) as u8;
                tail.push(char::from(if digit < 10 {
                    b'0' + digit
                } else {
                    b'A' + digit - 10
                }));
                n /= 36;
            }
            let prefix = if community { "@TGS#_@TGS#" } else { "@TGS#" };
            let id = format!("{prefix}{tail}");
            if !self.by_id.contains_key(id.as_str()) {
                return id;
            }
        }
    }

    /// Stores `group` (its id unused) with its members; returns its slot.
    pub(crate) fn insert(&mut self, mut group: Group) -> Slot {
        let slot = Slot::try_from(self.slots.len()).expect("fewer than 2^32 groups");
        let members = std::mem::take(&mut group.members);
        self.by_id.insert(group.id.clone(), slot);
        self.slots.push(Some(group));
        self.live += 1;
        for member in members {
            self.join(slot, member);
        }
        slot
    }

    /// Removes group `id` and its memberships.
    pub(crate) fn remove(&mut self, id: &str) -> Option<Group> {
        let slot = self.by_id.remove(id)?;
        let group = self.slots.get_mut(slot as usize)?.take()?;
        for member in &group.members {
            self.unlist(member.account, slot);
        }
        self.memberships -= group.members.len();
        self.live -= 1;
        Some(group)
    }

    /// Adds `member` to the group in `slot` (it must not be a member yet).
    pub(crate) fn join(&mut self, slot: Slot, member: Member) {
        let Some(Some(group)) = self.slots.get_mut(slot as usize) else {
            return;
        };
        self.joined.entry(member.account).or_default().push(slot);
        group.members.push(member);
        self.memberships += 1;
    }

    /// Removes `account` from the group in `slot`; whether it was a member.
    pub(crate) fn leave(&mut self, slot: Slot, account: Id) -> bool {
        let Some(Some(group)) = self.slots.get_mut(slot as usize) else {
            return false;
        };
        let Some(i) = group.members.iter().position(|m| m.account == account) else {
            return false;
        };
        group.members.remove(i);
        self.memberships -= 1;
        self.unlist(account, slot);
        true
    }

    fn unlist(&mut self, account: Id, slot: Slot) {
        if let Some(list) = self.joined.get_mut(&account) {
            list.retain(|&s| s != slot);
            if list.is_empty() {
                self.joined.remove(&account);
            }
        }
    }

    /// `name` went offline: it leaves every live group's online list (its marks cleared, unless
    /// mark 500 keeps it there).
    pub(crate) fn offline(&mut self, name: &str) {
        let Some(account) = self.ids.get(name) else {
            return;
        };
        for live in self
            .slots
            .iter_mut()
            .flatten()
            .filter_map(|g| g.live.as_mut())
        {
            live.leave(account);
        }
    }

    /// The slots of the groups `account` is a member of, in the order joined.
    pub(crate) fn joined(&self, account: Id) -> &[Slot] {
        self.joined.get(&account).map_or(&[], Vec::as_slice)
    }

    /// Every group, to change (not to add or remove members: [`Groups::join`], [`Groups::leave`]).
    pub(crate) fn each_mut(&mut self) -> impl Iterator<Item = &mut Group> {
        self.slots.iter_mut().flatten()
    }

    /// Every group from `slot` on, in creation order, with its slot.
    pub(crate) fn starting_at(&self, slot: Slot) -> impl Iterator<Item = (Slot, &Group)> {
        self.slots
            .iter()
            .enumerate()
            .skip(slot as usize)
            .filter_map(|(i, g)| Some((Slot::try_from(i).ok()?, g.as_ref()?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(groups: &mut Groups, name: &str) -> Member {
        Member::new(groups.intern(name), MemberRole::Member, 1)
    }

    #[test]
    fn memberships_follow_joins_leaves_and_destruction() {
        let mut groups = Groups::default();
        let a = member(&mut groups, "a");
        let b = member(&mut groups, "b");
        let mut group = Group::new("g1", GroupType::Public, "one", 1);
        group.members.push(a);
        let slot = groups.insert(group);
        groups.join(slot, b);
        assert_eq!(groups.memberships(), 2);
        let bid = groups.account("b").unwrap();
        assert_eq!(groups.joined(bid), &[slot]);
        assert!(groups.leave(slot, bid));
        assert!(!groups.leave(slot, bid));
        assert!(groups.joined(bid).is_empty());
        assert!(groups.remove("g1").is_some());
        assert_eq!((groups.len(), groups.memberships()), (0, 0));
        assert!(groups.joined(groups.account("a").unwrap()).is_empty());
    }

    #[test]
    fn generated_ids_have_the_prefix_of_their_type_and_differ() {
        let mut groups = Groups::default();
        let one = groups.generate_id(false);
        let two = groups.generate_id(false);
        assert!(one.starts_with("@TGS#") && !one.starts_with("@TGS#_"));
        assert_ne!(one, two);
        assert!(groups.generate_id(true).starts_with("@TGS#_@TGS#"));
    }

    #[test]
    fn messages_take_seqs_from_1_and_custom_fields_delete_on_empty() {
        let mut group = Group::new("g", GroupType::Public, "n", 1);
        let msg = || GroupMessage::new(0, 7, 5, b"[]".as_slice().into());
        assert_eq!(group.history_mut().push(msg()), 1);
        assert_eq!(group.history_mut().push(msg()), 2);
        assert_eq!(group.history_mut().skip(), 3);
        assert!(group.message_mut(2).is_some() && group.message_mut(3).is_none());
        group.set_custom("k", "v");
        group.set_custom("k", "w");
        assert_eq!(group.custom.len(), 1);
        group.set_custom("k", "");
        assert!(group.custom.is_empty());
    }
}
