//! The relationship graph (a leaf): friend tables with their fields and friend lists,
//! blocklists, pending friend requests and the follow graph, keyed by interned account ids.
//!
//! Memory-lean by design (1,000,000 friend pairs fit in a few tens of MiB): an account id is
//! stored once and named by a `u32` everywhere else; a friend entry is 24 bytes (friend, add
//! time, interned `AddSource`, a bit per friend list) plus its rare extra data (remark,
//! wording, custom fields) behind a pointer; a set of `u64` pairs answers "is B in A's table"
//! without scanning. The semantics of each API (which code, which order) are in its handler;
//! this module only keeps and changes the graph.

use std::collections::{HashMap, HashSet};

use im_proto::SnsValue;

pub(crate) use crate::interner::Id;
use crate::interner::Interner;

/// One entry of a friend table: the owner's view of one friend.
#[derive(Clone, Debug)]
pub(crate) struct Friend {
    pub(crate) to: Id,
    /// When the friendship was made, Unix seconds.
    pub(crate) add_time: u32,
    /// The interned `AddSource`.
    pub(crate) source: u16,
    /// Bit n: the friend is in the owner's n-th friend list.
    pub(crate) lists: u32,
    /// The rarer fields, absent for a bare imported pair.
    pub(crate) data: Option<Box<FriendData>>,
}

/// A friend entry's rarer fields.
#[derive(Clone, Debug, Default)]
pub(crate) struct FriendData {
    pub(crate) remark: String,
    pub(crate) wording: String,
    /// Custom friend fields (`Tag_SNS_Custom_*`), in the order first set.
    pub(crate) custom: Vec<(String, SnsValue)>,
}

/// What one account owns in the graph besides its friend entries.
#[derive(Clone, Debug, Default)]
pub(crate) struct Owner {
    pub(crate) friends: Vec<Friend>,
    /// The friend list names (at most 32); a friend's bit n is list n.
    pub(crate) lists: Vec<String>,
    /// `(blocked, when)`, in the order blocked.
    pub(crate) blocked: Vec<(Id, u32)>,
    /// `(followed, when)`, in the order followed.
    pub(crate) following: Vec<(Id, u32)>,
    /// `(follower, when)`, in the order they followed.
    pub(crate) followers: Vec<(Id, u32)>,
    /// The versions of the standard and custom friend data, of the lists, of the blocklist.
    pub(crate) standard_seq: i64,
    pub(crate) custom_seq: i64,
    pub(crate) list_seq: i64,
    pub(crate) black_seq: i64,
}

/// The graph, and the app's relationship settings.
#[derive(Debug)]
pub(crate) struct Relations {
    ids: Interner,
    sources: Vec<Box<str>>,
    owners: HashMap<Id, Owner>,
    /// `owner << 32 | friend` for every friend entry.
    friend_pairs: HashSet<u64>,
    /// `from << 32 | to` for every pending friend request.
    pending: HashSet<u64>,
    /// `from << 32 | to` for every follow.
    follow_pairs: HashSet<u64>,
    /// Whether following is switched on (else every follow API answers 30005).
    pub(crate) follow_enabled: bool,
    /// Whether blocking keeps a friendship (the console's "keep friends" switch; off).
    pub(crate) keep_friends_on_block: bool,
}

impl Default for Relations {
    fn default() -> Self {
        Relations {
            ids: Interner::default(),
            sources: Vec::new(),
            owners: HashMap::new(),
            friend_pairs: HashSet::new(),
            pending: HashSet::new(),
            follow_pairs: HashSet::new(),
            follow_enabled: true,
            keep_friends_on_block: false,
        }
    }
}

fn pair(a: Id, b: Id) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// A time as the store keeps it (seconds until 2106).
pub(crate) fn secs(t: i64) -> u32 {
    u32::try_from(t.max(0)).unwrap_or(u32::MAX)
}

impl Relations {
    /// The id of `name`, interning it.
    pub(crate) fn intern(&mut self, name: &str) -> Id {
        self.ids.intern(name)
    }

    /// The id of `name`, if it ever took part in the graph.
    pub(crate) fn id(&self, name: &str) -> Option<Id> {
        self.ids.get(name)
    }

    /// The account an id names.
    pub(crate) fn name(&self, id: Id) -> &str {
        self.ids.name(id)
    }

    /// The interned number of an `AddSource`.
    pub(crate) fn source_id(&mut self, source: &str) -> u16 {
        if let Some(i) = self.sources.iter().position(|s| &**s == source) {
            return u16::try_from(i).unwrap_or(u16::MAX);
        }
        self.sources.push(source.into());
        u16::try_from(self.sources.len() - 1).unwrap_or(u16::MAX)
    }

    /// The `AddSource` an interned number names.
    pub(crate) fn source(&self, id: u16) -> &str {
        self.sources.get(usize::from(id)).map_or("", |s| s)
    }

    /// What `id` owns (empty when nothing).
    pub(crate) fn owner(&self, id: Id) -> Option<&Owner> {
        self.owners.get(&id)
    }

    /// What `id` owns, for a change.
    pub(crate) fn owner_mut(&mut self, id: Id) -> &mut Owner {
        self.owners.entry(id).or_default()
    }

    /// Whether `to` is in `owner`'s friend table.
    pub(crate) fn is_friend(&self, owner: Id, to: Id) -> bool {
        self.friend_pairs.contains(&pair(owner, to))
    }

    /// The number of entries of `owner`'s friend table.
    pub(crate) fn friend_count(&self, owner: Id) -> usize {
        self.owner(owner).map_or(0, |o| o.friends.len())
    }

    /// Puts `friend` into `owner`'s table (the caller checked it is not there).
    pub(crate) fn add_friend(&mut self, owner: Id, friend: Friend) {
        self.friend_pairs.insert(pair(owner, friend.to));
        self.pending.remove(&pair(owner, friend.to));
        let o = self.owner_mut(owner);
        o.standard_seq += 1;
        if friend.data.as_ref().is_some_and(|d| !d.custom.is_empty()) {
            o.custom_seq += 1;
        }
        o.friends.push(friend);
    }

    /// Removes `to` from `owner`'s table; whether it was there.
    pub(crate) fn remove_friend(&mut self, owner: Id, to: Id) -> bool {
        if !self.friend_pairs.remove(&pair(owner, to)) {
            return false;
        }
        if let Some(o) = self.owners.get_mut(&owner) {
            o.friends.retain(|f| f.to != to);
            o.standard_seq += 1;
        }
        true
    }

    /// `owner`'s entry for `to`, for a change.
    pub(crate) fn friend_mut(&mut self, owner: Id, to: Id) -> Option<&mut Friend> {
        if !self.is_friend(owner, to) {
            return None;
        }
        let o = self.owners.get_mut(&owner)?;
        o.friends.iter_mut().find(|f| f.to == to)
    }

    /// `owner`'s entry for `to`.
    pub(crate) fn friend(&self, owner: Id, to: Id) -> Option<&Friend> {
        if !self.is_friend(owner, to) {
            return None;
        }
        self.owner(owner)?.friends.iter().find(|f| f.to == to)
    }

    /// Empties `owner`'s friend table; the former friends.
    pub(crate) fn clear_friends(&mut self, owner: Id) -> Vec<Id> {
        let Some(o) = self.owners.get_mut(&owner) else {
            return Vec::new();
        };
        let gone: Vec<Id> = o.friends.drain(..).map(|f| f.to).collect();
        o.standard_seq += 1;
        o.custom_seq += 1;
        for &to in &gone {
            self.friend_pairs.remove(&pair(owner, to));
        }
        gone
    }

    /// Records a pending friend request from `from` to `to`.
    pub(crate) fn add_pending(&mut self, from: Id, to: Id) {
        self.pending.insert(pair(from, to));
    }

    /// Removes the pending friend request from `from` to `to`; whether there was one.
    pub(crate) fn take_pending(&mut self, from: Id, to: Id) -> bool {
        self.pending.remove(&pair(from, to))
    }

    /// The number of pending requests (inspection).
    pub(crate) fn pending_count(&self) -> usize {
        self.pending.len()
    }

    /// The index of list `name` of `owner`, creating it; `None` when the owner has 32 lists.
    pub(crate) fn list_index(&mut self, owner: Id, name: &str) -> Option<u32> {
        let o = self.owner_mut(owner);
        if let Some(i) = o.lists.iter().position(|l| l == name) {
            return u32::try_from(i).ok();
        }
        if o.lists.len() >= im_proto::MAX_FRIEND_GROUPS {
            return None;
        }
        o.lists.push(name.to_owned());
        o.list_seq += 1;
        u32::try_from(o.lists.len() - 1).ok()
    }

    /// The names of the lists whose bits are set in `bits`, for `owner`.
    pub(crate) fn list_names(&self, owner: Id, bits: u32) -> Vec<String> {
        let Some(o) = self.owner(owner) else {
            return Vec::new();
        };
        o.lists
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, name)| name.clone())
            .collect()
    }

    /// Removes list `name` of `owner` (its friends stay friends); whether it existed.
    pub(crate) fn delete_list(&mut self, owner: Id, name: &str) -> bool {
        let Some(o) = self.owners.get_mut(&owner) else {
            return false;
        };
        let Some(i) = o.lists.iter().position(|l| l == name) else {
            return false;
        };
        o.lists.remove(i);
        o.list_seq += 1;
        let low = (1u32 << i) - 1;
        for f in &mut o.friends {
            f.lists = (f.lists & low) | ((f.lists >> 1) & !low);
        }
        true
    }

    /// Whether `to` is in `owner`'s blocklist.
    pub(crate) fn is_blocked(&self, owner: Id, to: Id) -> bool {
        self.owner(owner)
            .is_some_and(|o| o.blocked.iter().any(|(b, _)| *b == to))
    }

    /// Puts `to` into `owner`'s blocklist at `now`; ends their friendship both ways unless
    /// the app keeps friends on block.
    pub(crate) fn block(&mut self, owner: Id, to: Id, now: u32) {
        let o = self.owner_mut(owner);
        o.blocked.push((to, now));
        o.black_seq += 1;
        if !self.keep_friends_on_block {
            self.remove_friend(owner, to);
            self.remove_friend(to, owner);
        }
        self.pending.remove(&pair(owner, to));
        self.pending.remove(&pair(to, owner));
    }

    /// Takes `to` out of `owner`'s blocklist; whether it was there.
    pub(crate) fn unblock(&mut self, owner: Id, to: Id) -> bool {
        let Some(o) = self.owners.get_mut(&owner) else {
            return false;
        };
        let before = o.blocked.len();
        o.blocked.retain(|(b, _)| *b != to);
        o.black_seq += 1;
        o.blocked.len() < before
    }

    /// Whether `from` follows `to`.
    pub(crate) fn follows(&self, from: Id, to: Id) -> bool {
        self.follow_pairs.contains(&pair(from, to))
    }

    /// `from` follows `to` at `now` (the caller checked it did not).
    pub(crate) fn follow(&mut self, from: Id, to: Id, now: u32) {
        self.follow_pairs.insert(pair(from, to));
        self.owner_mut(from).following.push((to, now));
        self.owner_mut(to).followers.push((from, now));
    }

    /// `from` stops following `to`; whether it did.
    pub(crate) fn unfollow(&mut self, from: Id, to: Id) -> bool {
        if !self.follow_pairs.remove(&pair(from, to)) {
            return false;
        }
        self.owner_mut(from).following.retain(|(t, _)| *t != to);
        self.owner_mut(to).followers.retain(|(f, _)| *f != from);
        true
    }

    /// `(followers, following, mutual)` of `id`.
    pub(crate) fn follow_counts(&self, id: Id) -> (usize, usize, usize) {
        let Some(o) = self.owner(id) else {
            return (0, 0, 0);
        };
        let mutual = o
            .following
            .iter()
            .filter(|(to, _)| self.follows(*to, id))
            .count();
        (o.followers.len(), o.following.len(), mutual)
    }

    /// Forgets every relation of the deleted accounts `names`: their friend tables, lists,
    /// blocklists and follows, and their entries in the other accounts' friend tables,
    /// blocklists and follow lists, as the account_delete page says ("the account's
    /// relationship chain ... is deleted with it"). One pass over the graph for all of them.
    pub(crate) fn remove_accounts<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        let gone: HashSet<Id> = names.into_iter().filter_map(|n| self.id(n)).collect();
        if gone.is_empty() {
            return;
        }
        let touches = |p: &u64| gone.contains(&((p >> 32) as Id)) || gone.contains(&(*p as Id));
        self.friend_pairs.retain(|p| !touches(p));
        self.pending.retain(|p| !touches(p));
        self.follow_pairs.retain(|p| !touches(p));
        self.owners.retain(|id, _| !gone.contains(id));
        for owner in self.owners.values_mut() {
            let friends = owner.friends.len();
            owner.friends.retain(|f| !gone.contains(&f.to));
            if owner.friends.len() < friends {
                owner.standard_seq += 1;
                owner.custom_seq += 1;
            }
            let blocked = owner.blocked.len();
            owner.blocked.retain(|(b, _)| !gone.contains(b));
            if owner.blocked.len() < blocked {
                owner.black_seq += 1;
            }
            owner.following.retain(|(t, _)| !gone.contains(t));
            owner.followers.retain(|(f, _)| !gone.contains(f));
        }
    }

    /// The number of directed friend entries, blocklist entries and follows (inspection).
    pub(crate) fn counts(&self) -> (usize, usize, usize) {
        let blocked = self.owners.values().map(|o| o.blocked.len()).sum();
        (self.friend_pairs.len(), blocked, self.follow_pairs.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bare(to: Id) -> Friend {
        Friend {
            to,
            add_time: 1,
            source: 0,
            lists: 0,
            data: None,
        }
    }

    #[test]
    fn blocking_ends_the_friendship_both_ways() {
        let mut r = Relations::default();
        let (a, b) = (r.intern("a"), r.intern("b"));
        r.add_friend(a, bare(b));
        r.add_friend(b, bare(a));
        r.block(a, b, 5);
        assert!(!r.is_friend(a, b) && !r.is_friend(b, a));
        assert!(r.is_blocked(a, b) && !r.is_blocked(b, a));
        assert_eq!(r.friend_count(a), 0);
        assert!(r.unblock(a, b) && !r.unblock(a, b));
    }

    #[test]
    fn deleting_a_list_keeps_the_others_bits() {
        let mut r = Relations::default();
        let (a, b) = (r.intern("a"), r.intern("b"));
        let x = r.list_index(a, "x").unwrap();
        let y = r.list_index(a, "y").unwrap();
        let mut f = bare(b);
        f.lists = (1 << x) | (1 << y);
        r.add_friend(a, f);
        assert!(r.delete_list(a, "x"));
        let bits = r.friend(a, b).unwrap().lists;
        assert_eq!(r.list_names(a, bits), ["y"]);
        for i in 0..31 {
            r.list_index(a, &format!("l{i}")).unwrap();
        }
        assert_eq!(r.list_index(a, "one too many"), None);
    }

    #[test]
    fn follow_counts_see_mutual_follows() {
        let mut r = Relations::default();
        let (a, b, c) = (r.intern("a"), r.intern("b"), r.intern("c"));
        r.follow(a, b, 1);
        r.follow(b, a, 2);
        r.follow(c, a, 3);
        assert_eq!(r.follow_counts(a), (2, 1, 1));
        assert!(r.unfollow(b, a));
        assert_eq!(r.follow_counts(a), (1, 1, 0));
        assert_eq!(r.follow_counts(b), (1, 0, 0));
    }

    #[test]
    fn a_friend_entry_stays_small() {
        assert!(std::mem::size_of::<Friend>() <= 24);
    }
}
