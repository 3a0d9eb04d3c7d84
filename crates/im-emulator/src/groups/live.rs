//! A live group's (AVChatRoom's) own state: the accounts in its online member list (joined by
//! a simulated client, or pinned there by the special mark 500: robots, and members kept
//! online), each with its join stamp and marks, and the group's admins.
//!
//! The join stamp is the join time in microseconds, made unique within the group, so that
//! get_members' time cursor never skips nor repeats a member.

use im_proto::live_group::modify_user_info::MARK_ALWAYS_ONLINE as ALWAYS_ONLINE;

use super::Id;

/// One account of the online list.
#[derive(Debug, Clone)]
pub(crate) struct Online {
    pub(crate) account: Id,
    /// The join time in microseconds, unique within the group.
    pub(crate) stamp: u64,
    /// Its marks, in the order set.
    pub(crate) marks: Vec<i64>,
    /// Whether it joined (a simulated client's join); otherwise pinned only by mark 500.
    pub(crate) joined: bool,
}

impl Online {
    /// Unix seconds of the join.
    pub(crate) fn join_time(&self) -> u64 {
        self.stamp / 1_000_000
    }

    /// Whether it carries `mark`.
    pub(crate) fn has(&self, mark: i64) -> bool {
        self.marks.contains(&mark)
    }
}

/// A live group's online list and admins.
#[derive(Debug, Default)]
pub(crate) struct Live {
    /// Oldest joiner first.
    pub(crate) online: Vec<Online>,
    /// The admins, in the order made.
    pub(crate) admins: Vec<Id>,
    last_stamp: u64,
}

impl Live {
    /// The entry of `account`.
    pub(crate) fn entry(&self, account: Id) -> Option<&Online> {
        self.online.iter().find(|o| o.account == account)
    }

    /// The entry of `account`, to change.
    pub(crate) fn entry_mut(&mut self, account: Id) -> Option<&mut Online> {
        self.online.iter_mut().find(|o| o.account == account)
    }

    /// The entry of `account`, added (not joined, no marks) at `now` when absent.
    pub(crate) fn pin(&mut self, account: Id, now: u64) -> &mut Online {
        let at = match self.online.iter().position(|o| o.account == account) {
            Some(at) => at,
            None => {
                let stamp = self.next_stamp(now);
                self.online.push(Online {
                    account,
                    stamp,
                    marks: Vec::new(),
                    joined: false,
                });
                self.online.len() - 1
            }
        };
        &mut self.online[at]
    }

    /// `account` joins at `now` (Unix seconds): it becomes the newest joiner, its marks kept
    /// only when it was pinned.
    pub(crate) fn join(&mut self, account: Id, now: u64) {
        let marks = match self.online.iter().position(|o| o.account == account) {
            Some(at) => self.online.remove(at).marks,
            None => Vec::new(),
        };
        let stamp = self.next_stamp(now);
        self.online.push(Online {
            account,
            stamp,
            marks,
            joined: true,
        });
    }

    /// `account` goes offline or leaves: its marks are cleared, unless mark 500 keeps it.
    pub(crate) fn leave(&mut self, account: Id) {
        if let Some(entry) = self.entry_mut(account) {
            if entry.has(ALWAYS_ONLINE) {
                entry.joined = false;
            } else {
                self.online.retain(|o| o.account != account);
            }
        }
    }

    /// Drops `account`'s entry when nothing keeps it any more (not joined, no mark 500).
    pub(crate) fn unpin(&mut self, account: Id) {
        self.online
            .retain(|o| o.account != account || o.joined || o.has(ALWAYS_ONLINE));
    }

    /// The different marks in use.
    pub(crate) fn marks(&self) -> Vec<i64> {
        let mut marks: Vec<i64> = Vec::new();
        for mark in self.online.iter().flat_map(|o| o.marks.iter().copied()) {
            if !marks.contains(&mark) {
                marks.push(mark);
            }
        }
        marks
    }

    fn next_stamp(&mut self, now: u64) -> u64 {
        let stamp = now.saturating_mul(1_000_000).max(self.last_stamp + 1);
        self.last_stamp = stamp;
        stamp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_unique_and_a_rejoin_is_the_newest() {
        let mut live = Live::default();
        live.join(1, 100);
        live.join(2, 100);
        live.join(1, 100);
        let order: Vec<Id> = live.online.iter().map(|o| o.account).collect();
        assert_eq!(order, [2, 1]);
        assert!(live.online[0].stamp < live.online[1].stamp);
        assert_eq!(live.online[1].join_time(), 100);
    }

    #[test]
    fn leaving_clears_marks_unless_pinned() {
        let mut live = Live::default();
        live.join(1, 1);
        live.join(2, 1);
        live.entry_mut(1).unwrap().marks.push(1000);
        live.entry_mut(2).unwrap().marks.push(ALWAYS_ONLINE);
        live.leave(1);
        live.leave(2);
        assert!(live.entry(1).is_none());
        assert!(!live.entry(2).unwrap().joined);
        live.entry_mut(2).unwrap().marks.clear();
        live.unpin(2);
        assert!(live.online.is_empty());
    }
}
