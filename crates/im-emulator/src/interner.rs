//! Account identifiers interned as `u32` (a leaf): the message store, the group store and the
//! relationship graph name accounts by number, so a million messages, memberships or friend
//! entries do not hold a million copies of the same strings.

use std::collections::HashMap;
use std::sync::Arc;

/// An interned account identifier.
pub(crate) type Id = u32;

/// Identifier strings ↔ numbers (each string stored once, shared by both directions).
#[derive(Debug, Default)]
pub(crate) struct Interner {
    ids: HashMap<Arc<str>, Id>,
    names: Vec<Arc<str>>,
}

impl Interner {
    /// The number of `name`, assigned on first use.
    pub(crate) fn intern(&mut self, name: &str) -> Id {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        // More than 2^32 distinct accounts do not fit an emulator's memory anyway.
        let id = Id::try_from(self.names.len()).expect("fewer than 2^32 accounts");
        let name: Arc<str> = Arc::from(name);
        self.names.push(name.clone());
        self.ids.insert(name, id);
        id
    }

    /// The number of `name`, if it was ever interned.
    pub(crate) fn get(&self, name: &str) -> Option<Id> {
        self.ids.get(name).copied()
    }

    /// The string of `id`.
    pub(crate) fn name(&self, id: Id) -> &str {
        self.names.get(id as usize).map_or("", |n| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_stored_once() {
        let mut ids = Interner::default();
        let a = ids.intern("alice");
        let b = ids.intern("bob");
        assert_ne!(a, b);
        assert_eq!(ids.intern("alice"), a);
        assert_eq!(ids.get("bob"), Some(b));
        assert_eq!(ids.get("carol"), None);
        assert_eq!(ids.name(a), "alice");
        assert_eq!(ids.names.len(), 2);
    }
}
