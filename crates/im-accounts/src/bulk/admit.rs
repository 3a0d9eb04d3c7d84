//! Admission of input items (resume skips, validation, duplicate detection) and their
//! grouping into chunks.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::BuildHasher;
use std::sync::Arc;

use im_proto::{AccountProfile, Profile, UserId, check_profile_items};
use nohash_hasher::BuildNoHashHasher;

use super::{BulkItem, BulkOptions, BulkOutcome, ProfileUse};
use crate::ops::{Pending, Success};
use crate::{Failure, InvalidInput};

/// What becomes of one input item.
#[derive(Debug)]
pub(super) enum Admitted {
    /// Done by an earlier run: skipped (its UserID still counts for duplicates).
    Skipped,
    /// Valid: to be sent in a chunk.
    Pending(Pending),
    /// Answered at once, without a request (invalid, duplicate).
    Outcome(BulkOutcome),
}

/// Decides, item by item, what to send.
pub(super) struct Admission {
    resume_from: u64,
    skip: Option<Arc<dyn Fn(u64) -> bool + Send + Sync>>,
    profiles: ProfileUse,
    seen: Option<Seen>,
}

impl Admission {
    /// The admission of a job with `options`; profiles are kept (and checked) only as far as
    /// the operation sends them.
    pub(super) fn new(options: &BulkOptions, profiles: ProfileUse) -> Self {
        Admission {
            resume_from: options.resume_from,
            skip: options.skip.clone(),
            profiles,
            seen: options.dedup.then(Seen::new),
        }
    }

    /// Admits the item at `position`.
    pub(super) fn admit(&mut self, position: u64, item: BulkItem) -> Admitted {
        let skipped =
            position < self.resume_from || self.skip.as_ref().is_some_and(|f| f(position));
        if skipped {
            let user_id = match &item {
                BulkItem::Account { user_id, .. } | BulkItem::Profile { user_id, .. } => {
                    Some(user_id.as_str())
                }
                BulkItem::Rejected { .. } => None,
            };
            if let (Some(seen), Some(user_id)) = (self.seen.as_mut(), user_id)
                && UserId::new(user_id).is_ok()
            {
                seen.insert(user_id, position);
            }
            return Admitted::Skipped;
        }
        self.check(position, item)
    }

    /// Validates one item: an account ready for a chunk, or its immediate outcome.
    fn check(&mut self, position: u64, item: BulkItem) -> Admitted {
        let fail = |user_id: String, failure: Failure| {
            Admitted::Outcome(BulkOutcome {
                position,
                user_id,
                result: Err(failure),
            })
        };
        let (raw, profile) = match item {
            BulkItem::Rejected { label, reason } => {
                return fail(label, Failure::Invalid(InvalidInput::Rejected(reason)));
            }
            BulkItem::Account {
                user_id,
                nick,
                face_url,
            } => {
                let mut profile = Profile::new();
                profile.nick = nick;
                profile.image = face_url;
                (user_id, profile)
            }
            BulkItem::Profile { user_id, profile } => (user_id, *profile),
        };
        // The string moves into the UserId (and back out of the error): no copy per item.
        let id = match UserId::new(raw) {
            Ok(id) => id,
            Err(err) => {
                let raw = err.value().to_owned();
                return fail(raw, Failure::Invalid(InvalidInput::UserId(err)));
            }
        };
        let (id, shaped) = match self.profiles.shape(id, profile) {
            Ok(shaped) => shaped,
            Err((user_id, error)) => {
                let raw = user_id.as_str().to_owned();
                return fail(
                    raw,
                    Failure::Invalid(InvalidInput::Profile { user_id, error }),
                );
            }
        };
        if let Some(seen) = self.seen.as_mut()
            && let Some(first) = seen.insert(id.as_str(), position)
        {
            return Admitted::Outcome(BulkOutcome {
                position,
                user_id: id.into_string(),
                result: Ok(Success::Duplicate { first }),
            });
        }
        let (nick, face_url, profile) = shaped;
        Admitted::Pending(Pending {
            position,
            id,
            nick,
            face_url,
            profile,
        })
    }
}

/// What a pending account carries: `Nick` and `FaceUrl` for an import, the whole profile for
/// a profile write.
type Shaped = (Option<String>, Option<String>, Option<Box<Profile>>);

impl ProfileUse {
    /// Keeps what the operation sends of `profile`, checked by the rules the client applies to
    /// a single call; the account and the rule broken otherwise.
    fn shape(
        self,
        id: UserId,
        profile: Profile,
    ) -> Result<(UserId, Shaped), (UserId, im_proto::ValidationError)> {
        match self {
            ProfileUse::Ignore => Ok((id, (None, None, None))),
            ProfileUse::Import => {
                let mut account = AccountProfile::new(id);
                account.nick = profile.nick;
                account.face_url = profile.image;
                match account.validate() {
                    Ok(()) => Ok((account.user_id, (account.nick, account.face_url, None))),
                    Err(error) => Err((account.user_id, error)),
                }
            }
            ProfileUse::Full => match check_profile_items(&profile.to_items()) {
                Ok(()) => Ok((id, (None, None, Some(Box::new(profile))))),
                Err(error) => Err((id, error)),
            },
        }
    }
}

/// The distinct UserIDs seen so far, as keyed 64-bit hashes (`foldhash`, seeded at random per
/// run so that inputs cannot be crafted to collide, and several times faster than SipHash on
/// short strings); the set itself hashes nothing again (`nohash-hasher`).
struct Seen {
    key: foldhash::quality::RandomState,
    /// Each UserID's hash, and the position it first appeared at (12 bytes an entry).
    hashes: HashMap<Hash64, u32, BuildNoHashHasher<Hash64>>,
}

/// A 64-bit hash stored as two halves, so that an entry with its `u32` position packs into
/// 12 bytes instead of 16 (a million distinct UserIDs: 13 MiB less).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Hash64([u32; 2]);

impl std::hash::Hash for Hash64 {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(u64::from(self.0[0]) | (u64::from(self.0[1]) << 32));
    }
}

impl nohash_hasher::IsEnabled for Hash64 {}

/// Positions from here on are not kept.
const UNKEPT: u32 = u32::MAX;

impl Seen {
    fn new() -> Self {
        Seen {
            key: foldhash::quality::RandomState::default(),
            hashes: HashMap::default(),
        }
    }

    /// Records `id` at `position`; `Some` (with where it first appeared, when kept) if it
    /// was already there.
    fn insert(&mut self, id: &str, position: u64) -> Option<Option<u64>> {
        let hash = self.key.hash_one(id);
        let key = Hash64([hash as u32, (hash >> 32) as u32]);
        match self.hashes.entry(key) {
            Entry::Occupied(first) => {
                Some((*first.get() != UNKEPT).then_some(u64::from(*first.get())))
            }
            Entry::Vacant(slot) => {
                slot.insert(u32::try_from(position).unwrap_or(UNKEPT));
                None
            }
        }
    }
}

/// Groups pending accounts into chunks of at most `size`.
pub(super) struct Chunker {
    size: usize,
    current: Vec<Pending>,
}

impl Chunker {
    pub(super) fn new(size: usize) -> Self {
        Chunker {
            size,
            current: Vec::with_capacity(size),
        }
    }

    /// Adds an account; a full chunk when this one filled it.
    pub(super) fn push(&mut self, pending: Pending) -> Option<Vec<Pending>> {
        self.current.push(pending);
        (self.current.len() >= self.size)
            .then(|| std::mem::replace(&mut self.current, Vec::with_capacity(self.size)))
    }

    /// The partial chunk, if any.
    pub(super) fn flush(&mut self) -> Option<Vec<Pending>> {
        (!self.current.is_empty()).then(|| std::mem::take(&mut self.current))
    }

    /// Whether a partial chunk waits.
    pub(super) fn is_empty(&self) -> bool {
        self.current.is_empty()
    }
}

/// Consecutive skipped positions, reported as one range.
#[derive(Debug, Default)]
pub(super) struct SkipRun(Option<(u64, u64)>);

impl SkipRun {
    /// Adds a skipped position; the previous run when this one does not continue it.
    pub(super) fn add(&mut self, position: u64) -> Option<(u64, u64)> {
        match self.0 {
            Some((start, end)) if end == position => {
                self.0 = Some((start, position + 1));
                None
            }
            previous => {
                self.0 = Some((position, position + 1));
                previous
            }
        }
    }

    /// The run so far, ending it.
    pub(super) fn take(&mut self) -> Option<(u64, u64)> {
        self.0.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admission(options: BulkOptions) -> Admission {
        Admission::new(&options, ProfileUse::Import)
    }

    #[test]
    fn items_are_skipped_validated_and_deduplicated() {
        let mut a = admission(BulkOptions::default().resume_from(1).skip(|p| p == 3));
        assert!(matches!(
            a.admit(0, BulkItem::account("a")),
            Admitted::Skipped
        ));
        assert!(
            matches!(a.admit(1, BulkItem::account("a")), Admitted::Outcome(o) if matches!(o.result, Ok(Success::Duplicate { first: Some(0) })))
        );
        assert!(
            matches!(a.admit(2, BulkItem::account("b")), Admitted::Pending(p) if p.position == 2)
        );
        assert!(matches!(
            a.admit(3, BulkItem::account("c")),
            Admitted::Skipped
        ));
        let Admitted::Outcome(bad) = a.admit(4, BulkItem::account("")) else {
            panic!("an empty UserID is invalid")
        };
        assert!(matches!(
            bad.result,
            Err(Failure::Invalid(InvalidInput::UserId(_)))
        ));
        let long = BulkItem::profile("d", Some("n".repeat(501)), None);
        let Admitted::Outcome(long) = a.admit(5, long) else {
            panic!("an over-long Nick is invalid")
        };
        assert!(
            long.result
                .unwrap_err()
                .to_string()
                .starts_with("UserID d: Nick: ")
        );
        let Admitted::Outcome(rejected) = a.admit(6, BulkItem::rejected("line 7", "why")) else {
            panic!("a rejected item fails")
        };
        assert_eq!(rejected.user_id, "line 7");
        assert_eq!(rejected.result.unwrap_err().to_string(), "why");
    }

    #[test]
    fn without_profiles_the_values_are_dropped_unchecked() {
        let mut a = Admission::new(&BulkOptions::default().dedup(false), ProfileUse::Ignore);
        let item = BulkItem::profile("a", Some("n".repeat(501)), None);
        assert!(matches!(a.admit(0, item), Admitted::Pending(p) if p.nick.is_none()));
        assert!(matches!(
            a.admit(1, BulkItem::account("a")),
            Admitted::Pending(_)
        ));
    }

    #[test]
    fn chunks_fill_then_flush() {
        let mut c = Chunker::new(2);
        let pending = |position| Pending {
            position,
            id: UserId::new("x").unwrap(),
            nick: None,
            face_url: None,
            profile: None,
        };
        assert!(c.push(pending(0)).is_none());
        assert_eq!(c.push(pending(1)).unwrap().len(), 2);
        assert!(c.is_empty() && c.flush().is_none());
        assert!(c.push(pending(2)).is_none());
        assert_eq!(c.flush().unwrap()[0].position, 2);
    }

    #[test]
    fn skip_runs_merge_consecutive_positions() {
        let mut run = SkipRun::default();
        assert_eq!(run.add(3), None);
        assert_eq!(run.add(4), None);
        assert_eq!(run.add(9), Some((3, 5)));
        assert_eq!(run.take(), Some((9, 10)));
        assert_eq!(run.take(), None);
    }
}
