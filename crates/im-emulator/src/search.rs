//! Cloud search's hidden objects (`set_visibility`, `get_no_visibility`): the users, groups
//! and group members hidden from each search, in a stable order, with the opaque string cursor
//! that pages through them.

use std::collections::BTreeSet;

/// Which search an object is hidden from, as `SetType` numbers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SearchKind {
    /// 1: user search (a `UserID`).
    Users,
    /// 2: group search (a `GroupID`).
    Groups,
    /// 3: group member search (a `GroupID` and a `UserID`).
    Members,
}

impl SearchKind {
    /// The kind `SetType` names, if 1, 2 or 3.
    pub(crate) fn from_set_type(set_type: i64) -> Option<SearchKind> {
        match set_type {
            1 => Some(SearchKind::Users),
            2 => Some(SearchKind::Groups),
            3 => Some(SearchKind::Members),
            _ => None,
        }
    }
}

/// One hidden object: its kind, group (empty for a user) and user (empty for a group).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Hidden {
    /// The search it is hidden from.
    pub(crate) kind: SearchKind,
    /// The group, or the member's group; empty for a user.
    pub(crate) group: String,
    /// The user or member; empty for a group.
    pub(crate) user: String,
}

/// A page of hidden objects and the cursor after it (`None`: the last page).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Page {
    /// The objects of this page, in order.
    pub(crate) items: Vec<Hidden>,
    /// How many objects of the kind are hidden.
    pub(crate) total: usize,
    /// The cursor of the next page, when there is one.
    pub(crate) next: Option<String>,
}

/// Every hidden object.
#[derive(Debug, Default)]
pub(crate) struct HiddenObjects {
    objects: BTreeSet<Hidden>,
}

impl HiddenObjects {
    /// Hides (`hidden` true) or shows again one object; showing one not hidden changes nothing.
    pub(crate) fn set(&mut self, object: Hidden, hidden: bool) {
        if hidden {
            self.objects.insert(object);
        } else {
            self.objects.remove(&object);
        }
    }

    /// The page of `kind`'s objects after `cursor` (empty: from the first), of at most `count`
    /// (`None`: all the rest). `Err` for a cursor this emulator did not give.
    pub(crate) fn page(
        &self,
        kind: SearchKind,
        cursor: &str,
        count: Option<usize>,
    ) -> Result<Page, String> {
        let after = if cursor.is_empty() {
            None
        } else {
            Some(decode_cursor(kind, cursor)?)
        };
        let of_kind = self.objects.iter().filter(|o| o.kind == kind);
        let total = of_kind.clone().count();
        let rest: Vec<&Hidden> = of_kind.filter(|o| after.as_ref() < Some(o)).collect();
        let take = count.unwrap_or(rest.len()).min(rest.len());
        let items: Vec<Hidden> = rest[..take].iter().map(|o| (*o).clone()).collect();
        let next = (take < rest.len())
            .then(|| items.last().map(encode_cursor))
            .flatten();
        Ok(Page { items, total, next })
    }
}

/// The cursor after `object`: its group and user, hex-encoded (opaque to callers).
fn encode_cursor(object: &Hidden) -> String {
    let key = format!("{}\u{0}{}", object.group, object.user);
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The object a cursor of `kind` points after.
fn decode_cursor(kind: SearchKind, cursor: &str) -> Result<Hidden, String> {
    let invalid = || format!("Cursor {cursor:?} is not a cursor this search gave");
    if !cursor.len().is_multiple_of(2) {
        return Err(invalid());
    }
    let bytes: Option<Vec<u8>> = (0..cursor.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(cursor.get(i..i + 2)?, 16).ok())
        .collect();
    let text = bytes
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(invalid)?;
    let (group, user) = text.split_once('\u{0}').ok_or_else(invalid)?;
    Ok(Hidden {
        kind,
        group: group.to_owned(),
        user: user.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str) -> Hidden {
        Hidden {
            kind: SearchKind::Users,
            group: String::new(),
            user: id.to_owned(),
        }
    }

    #[test]
    fn pages_follow_the_cursor_to_the_end() {
        let mut hidden = HiddenObjects::default();
        for id in ["c", "a", "b"] {
            hidden.set(user(id), true);
        }
        hidden.set(user("b"), false);
        let first = hidden.page(SearchKind::Users, "", Some(1)).unwrap();
        assert_eq!((first.items.clone(), first.total), (vec![user("a")], 2));
        let cursor = first.next.unwrap();
        let second = hidden.page(SearchKind::Users, &cursor, Some(1)).unwrap();
        assert_eq!((second.items, second.next), (vec![user("c")], None));
        assert!(
            hidden
                .page(SearchKind::Groups, "", None)
                .unwrap()
                .items
                .is_empty()
        );
        assert!(hidden.page(SearchKind::Users, "zz", Some(1)).is_err());
    }
}
