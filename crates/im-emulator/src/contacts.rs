//! The emulator's recent-contact state (a leaf): per account, its pinned conversations, the
//! conversations it deleted (hidden until a newer message) or cleared (no last message before
//! then), its contact groups (at most 20, names of 1 to 32 bytes) and its conversation marks.
//! The conversations themselves derive from the message and group stores (the `get_list`
//! handler); what each API does with this state is its handler's.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The most contact groups of an account.
pub(crate) const MAX_GROUPS: usize = 20;
/// The longest contact group name, in bytes.
pub(crate) const MAX_GROUP_NAME_BYTES: usize = 32;
/// The most conversations in an account's contact groups, and the most marked ones.
pub(crate) const MAX_CONVERSATIONS: usize = 1000;

/// A conversation as an account sees it: one-to-one with a peer, or a group.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Conv {
    C2c(Box<str>),
    Group(Box<str>),
}

impl Conv {
    /// The conversation of a request item: `Type` 1 with its peer, 2 with its group.
    pub(crate) fn of(
        kind: i64,
        account: Option<&str>,
        group: Option<&str>,
    ) -> Result<Conv, String> {
        match (kind, account, group) {
            (1, Some(a), _) if !a.is_empty() => Ok(Conv::C2c(a.into())),
            (2, _, Some(g)) if !g.is_empty() => Ok(Conv::Group(g.into())),
            (1, ..) => Err("a one-to-one conversation (Type 1) needs its To_Account".to_owned()),
            (2, ..) => Err("a group conversation (Type 2) needs its group ID".to_owned()),
            _ => Err(format!(
                "Type {kind} is neither 1 (one-to-one) nor 2 (group)"
            )),
        }
    }

    /// `Type`, the peer and the group, as answers carry them.
    pub(crate) fn parts(&self) -> (i64, Option<String>, Option<String>) {
        match self {
            Conv::C2c(a) => (1, Some(a.to_string()), None),
            Conv::Group(g) => (2, None, Some(g.to_string())),
        }
    }
}

/// A conversation's marks: standard mark bits, the custom mark, when they last changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Mark {
    pub(crate) standard: u64,
    pub(crate) custom: Box<str>,
    pub(crate) time: u64,
}

impl Mark {
    /// The standard marks as the pages write them: a bit string, bit 0 rightmost.
    pub(crate) fn standard_text(&self) -> Option<String> {
        (self.standard != 0).then(|| format!("{:b}", self.standard))
    }

    fn is_empty(&self) -> bool {
        self.standard == 0 && self.custom.is_empty()
    }
}

/// A contact group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ContactGroup {
    pub(crate) id: u32,
    pub(crate) name: Box<str>,
    pub(crate) members: BTreeSet<Conv>,
    /// When its conversations last changed.
    pub(crate) time: u64,
}

/// One account's recent-contact state.
#[derive(Debug, Default)]
pub(crate) struct AccountContacts {
    /// Pinned conversations, with when pinned.
    pub(crate) pins: BTreeMap<Conv, u64>,
    /// Deleted conversations, with when: hidden while their last message is not newer.
    pub(crate) deleted: HashMap<Conv, u64>,
    /// Group conversations whose history was cleared, with when.
    pub(crate) cleared: HashMap<Conv, u64>,
    /// Contact groups, in the order created.
    pub(crate) groups: Vec<ContactGroup>,
    last_group_id: u32,
    pub(crate) marks: BTreeMap<Conv, Mark>,
}

impl AccountContacts {
    /// The group named `name`.
    pub(crate) fn group(&self, name: &str) -> Option<usize> {
        self.groups.iter().position(|g| &*g.name == name)
    }

    /// The conversations in any group.
    pub(crate) fn grouped(&self) -> BTreeSet<&Conv> {
        self.groups.iter().flat_map(|g| &g.members).collect()
    }

    /// Whether adding `conv` to a group would take the grouped conversations past 1000.
    pub(crate) fn grouping_full(&self, conv: &Conv) -> bool {
        let grouped = self.grouped();
        !grouped.contains(conv) && grouped.len() >= MAX_CONVERSATIONS
    }

    /// Adds a group (the caller checked the name and the count); returns its ID.
    pub(crate) fn add_group(&mut self, name: &str, now: u64) -> u32 {
        self.last_group_id += 1;
        self.groups.push(ContactGroup {
            id: self.last_group_id,
            name: name.into(),
            members: BTreeSet::new(),
            time: now,
        });
        self.last_group_id
    }

    /// The IDs of the groups holding `conv`.
    pub(crate) fn group_ids(&self, conv: &Conv) -> Vec<i64> {
        let holding = self.groups.iter().filter(|g| g.members.contains(conv));
        holding.map(|g| i64::from(g.id)).collect()
    }

    /// Changes the marks of `conv` with `change`, unless it would make a 1001st marked
    /// conversation (false). A conversation left without marks is forgotten.
    pub(crate) fn mark(&mut self, conv: &Conv, now: u64, change: impl FnOnce(&mut Mark)) -> bool {
        if !self.marks.contains_key(conv) && self.marks.len() >= MAX_CONVERSATIONS {
            return false;
        }
        let mark = self.marks.entry(conv.clone()).or_default();
        change(mark);
        mark.time = now;
        if mark.is_empty() {
            self.marks.remove(conv);
        }
        true
    }

    /// Every conversation with a mark or a group, sorted, with when it last changed.
    pub(crate) fn tagged(&self) -> Vec<(&Conv, u64)> {
        let mut all: BTreeMap<&Conv, u64> = BTreeMap::new();
        for group in &self.groups {
            for conv in &group.members {
                let t = all.entry(conv).or_default();
                *t = (*t).max(group.time);
            }
        }
        for (conv, mark) in &self.marks {
            let t = all.entry(conv).or_default();
            *t = (*t).max(mark.time);
        }
        all.into_iter().collect()
    }

    /// Whether a name is 1 to 32 bytes.
    pub(crate) fn name_fits(name: &str) -> bool {
        !name.is_empty() && name.len() <= MAX_GROUP_NAME_BYTES
    }
}

/// Every account's recent-contact state, behind one lock.
#[derive(Debug, Default)]
pub(crate) struct Contacts {
    accounts: HashMap<Box<str>, AccountContacts>,
}

impl Contacts {
    /// The state of `account` (empty when it has none).
    pub(crate) fn of(&self, account: &str) -> Option<&AccountContacts> {
        self.accounts.get(account)
    }

    /// The state of `account`, to change.
    pub(crate) fn of_mut(&mut self, account: &str) -> &mut AccountContacts {
        self.accounts.entry(account.into()).or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conversation_is_named_by_its_type_and_peer_or_group() {
        assert_eq!(Conv::of(1, Some("b"), None), Ok(Conv::C2c("b".into())));
        assert_eq!(Conv::of(2, None, Some("g")), Ok(Conv::Group("g".into())));
        assert!(
            Conv::of(1, None, Some("g"))
                .unwrap_err()
                .contains("To_Account")
        );
        assert!(Conv::of(3, Some("b"), None).unwrap_err().contains("Type 3"));
        assert_eq!(
            Conv::Group("g".into()).parts(),
            (2, None, Some("g".to_owned()))
        );
    }

    #[test]
    fn marks_are_forgotten_when_empty_and_capped_at_1000() {
        let mut me = AccountContacts::default();
        let conv = Conv::C2c("b".into());
        assert!(me.mark(&conv, 5, |m| m.standard = 0b101));
        assert_eq!(me.marks[&conv].standard_text().as_deref(), Some("101"));
        assert!(me.mark(&conv, 6, |m| m.standard = 0));
        assert!(me.marks.is_empty());
        for i in 0..MAX_CONVERSATIONS {
            assert!(me.mark(&Conv::C2c(i.to_string().into()), 1, |m| m.custom =
                "x".into()));
        }
        assert!(!me.mark(&conv, 7, |m| m.custom = "x".into()), "the 1001st");
        assert!(me.mark(&Conv::C2c("0".into()), 7, |m| m.custom = "y".into()));
    }

    #[test]
    fn groups_get_increasing_ids_and_list_their_conversations() {
        let mut me = AccountContacts::default();
        let one = me.add_group("one", 1);
        let two = me.add_group("two", 2);
        assert_eq!((one, two), (1, 2));
        let conv = Conv::Group("@TGS#g".into());
        me.groups[1].members.insert(conv.clone());
        assert_eq!(me.group_ids(&conv), [2]);
        assert_eq!(me.group("two"), Some(1));
        assert_eq!(me.tagged(), [(&conv, 2)]);
        assert!(AccountContacts::name_fits(&"x".repeat(32)));
        assert!(!AccountContacts::name_fits(&"x".repeat(33)) && !AccountContacts::name_fits(""));
    }
}
