//! Admission of input items (resume skips, checks, duplicate detection) and their grouping
//! into chunks.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::BuildHasher;
use std::sync::Arc;

use nohash_hasher::BuildNoHashHasher;

use super::operation::BulkOperation;
use super::options::BulkOptions;
use super::outcome::{ItemOutcome, NotAttempted, Outcome};

/// What becomes of one input item.
#[derive(Debug)]
pub(super) enum Admitted<I, O> {
    /// Done by an earlier run: skipped (its key still counts for duplicates).
    Skipped,
    /// Checked: to be sent in a chunk.
    Pending(I),
    /// Answered at once, without a request (rejected, duplicate).
    Outcome(ItemOutcome<O>),
}

/// Decides, item by item, what to send.
pub(super) struct Admission {
    resume_from: u64,
    skip: Option<Arc<dyn Fn(u64) -> bool + Send + Sync>>,
    seen: Option<Seen>,
}

impl Admission {
    /// The admission of a job with `options`.
    pub(super) fn new(options: &BulkOptions) -> Self {
        Admission {
            resume_from: options.resume_from,
            skip: options.skip.clone(),
            seen: options
                .dedup
                .then(|| Seen::with_capacity(options.total_hint.unwrap_or(0))),
        }
    }

    /// Enters the keys of `items`, about to be admitted in this order, into the duplicate set
    /// ahead of their admission, as claimed (no position yet). The set is large and each key
    /// lands at a random place in it, so each entry waits for memory; entered back to back,
    /// independent of one another, these waits overlap (where one by one, between admissions,
    /// each stalled the admission). Admitting each item then finishes its entry: the item's
    /// position for the first valid one, removed for a rejected one.
    pub(super) fn claim<Op: BulkOperation>(&mut self, op: &Op, items: &[Op::Input]) {
        let Some(seen) = &mut self.seen else {
            return;
        };
        if items.len() < 2 {
            return;
        }
        for item in items {
            if let Some(key) = op.key(item) {
                seen.claim(key);
            }
        }
    }

    /// Admits the item at `position`: skipped, checked and pending, or answered at once. A
    /// skipped item's key counts for duplicates as if it had been admitted (when it passes the
    /// check).
    #[inline]
    pub(super) fn admit<Op: BulkOperation>(
        &mut self,
        op: &Op,
        position: u64,
        input: Op::Input,
    ) -> Admitted<Op::Item, Op::Output> {
        let skipped =
            position < self.resume_from || self.skip.as_ref().is_some_and(|f| f(position));
        let located = match (&self.seen, op.key(&input)) {
            (Some(seen), Some(key)) => Some(seen.locate(key)),
            _ => None,
        };
        let checked = op.check(input);
        let seen = self.seen.as_mut().zip(located);
        let item = match checked {
            Err(rejected) => {
                if let Some((seen, at)) = seen {
                    seen.release(at);
                }
                if skipped {
                    return Admitted::Skipped;
                }
                let outcome = Outcome::Failed(rejected.failure);
                return Admitted::Outcome(ItemOutcome::new(position, rejected.label, outcome));
            }
            Ok(item) => item,
        };
        let first = seen.and_then(|(seen, at)| seen.insert(at, position));
        match first {
            _ if skipped => Admitted::Skipped,
            Some(first) => {
                let outcome = Outcome::NotAttempted(NotAttempted::Duplicate { first });
                Admitted::Outcome(ItemOutcome::new(position, op.label(item), outcome))
            }
            None => Admitted::Pending(item),
        }
    }
}

/// The distinct keys (UserIDs...) seen so far, as keyed 64-bit hashes (`foldhash`, seeded at random per
/// run so that inputs cannot be crafted to collide, and several times faster than SipHash on
/// short strings); the tables themselves hash nothing again (`nohash-hasher`).
///
/// A hash table doubles when it is 7/8 full: one table holding everything was between 7/16
/// and 7/8 full (15 to 30 bytes an entry: a million keys took 26 MiB, just after a
/// doubling), and while doubling it held the old table and the new one (39 MiB for those
/// 26). So the set is [`SHARDS`] tables of unequal shares of the hashes, shard `i` getting a
/// share growing as `2^(i/SHARDS)`: the shards reach their doublings one after another,
/// spread evenly over every doubling of the whole, so the set holds 20 to 23 bytes an entry
/// at any count, and a doubling copies one shard (a thirtieth of the set at most).
struct Seen {
    key: foldhash::quality::RandomState,
    /// The shard of each slot (of the hash bits that pick one).
    shard_of: Box<[u8; SLOTS]>,
    /// Each key's hash, and the position it first appeared at (12 bytes an entry), in the
    /// shard its hash picks.
    shards: Box<[Shard]>,
}

type Shard = HashMap<Hash64, u32, BuildNoHashHasher<Hash64>>;

/// Where a key's entry is: its shard, and its hash there.
type Located = (usize, Hash64);

/// How many tables the set is spread over.
const SHARDS: usize = 64;

/// The hash bits that pick a shard: twelve of them, a slot of [`SLOTS`].
const SLOT_BITS: u32 = 12;
/// Slots, shared out among the shards.
const SLOTS: usize = 1 << SLOT_BITS;
/// Where the slot bits start: below the top seven (`hashbrown` keeps those in its control
/// bytes) and above any bucket index a shard could use, so that within a shard the hashes
/// still spread over the buckets and the control bytes.
const SLOT_SHIFT: u32 = 40;

/// Which shard each slot belongs to: shard `i` owns a run of slots in proportion to
/// `2^(i/SHARDS)`.
fn shard_of_slots() -> Box<[u8; SLOTS]> {
    let weight = |shard: usize| (shard as f64 / SHARDS as f64).exp2();
    let total: f64 = (0..SHARDS).map(weight).sum();
    let mut table = Vec::with_capacity(SLOTS);
    let mut cumulative = 0.0;
    for shard in 0..SHARDS {
        cumulative += weight(shard);
        let end = (cumulative / total * SLOTS as f64).round() as usize;
        let end = if shard + 1 == SHARDS { SLOTS } else { end };
        table.resize(end.max(table.len()), shard as u8);
    }
    table
        .into_boxed_slice()
        .try_into()
        .expect("every slot has a shard")
}

/// A 64-bit hash stored as two halves, so that an entry with its `u32` position packs into
/// 12 bytes instead of 16 (a million distinct keys: 13 MiB less).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Hash64([u32; 2]);

impl std::hash::Hash for Hash64 {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(u64::from(self.0[0]) | (u64::from(self.0[1]) << 32));
    }
}

impl nohash_hasher::IsEnabled for Hash64 {}

/// The most keys the set makes room for ahead (a wrong hint must not take all memory);
/// past them, the shards grow as they fill.
const PRESIZED_MAX: u64 = 1 << 24;

/// Positions from here on are not kept.
const UNKEPT: u32 = u32::MAX;

/// The value of an entry claimed ahead of its item's admission (see [`Admission::claim`]).
const CLAIMED: u32 = u32::MAX - 1;

impl Seen {
    #[cfg(test)]
    fn new() -> Self {
        Self::with_capacity(0)
    }

    /// Records `id` at `position` (see [`Seen::insert`]).
    #[cfg(test)]
    fn insert_id(&mut self, id: &str, position: u64) -> Option<Option<u64>> {
        self.insert(self.locate(id), position)
    }

    /// An empty set with room for `expected` distinct keys (up to [`PRESIZED_MAX`]), each
    /// shard for its share: known ahead, they are entered without a table growing and copying.
    fn with_capacity(expected: u64) -> Self {
        let shard_of = shard_of_slots();
        let mut slots = [0u64; SHARDS];
        for &shard in shard_of.iter() {
            slots[usize::from(shard)] += 1;
        }
        let expected = expected.min(PRESIZED_MAX);
        let room = |slots: u64| usize::try_from(expected * slots / SLOTS as u64).unwrap_or(0);
        Seen {
            key: foldhash::quality::RandomState::default(),
            shard_of,
            shards: slots
                .iter()
                .map(|&n| Shard::with_capacity_and_hasher(room(n), Default::default()))
                .collect(),
        }
    }

    /// The shard and the entry of `id`.
    fn locate(&self, id: &str) -> Located {
        let hash = self.key.hash_one(id);
        let shard = usize::from(self.shard_of[(hash >> SLOT_SHIFT) as usize % SLOTS]);
        (shard, Hash64([hash as u32, (hash >> 32) as u32]))
    }

    /// Enters `id` as claimed, unless it is there (see [`Admission::claim`]).
    fn claim(&mut self, id: &str) {
        let (shard, key) = self.locate(id);
        self.shards[shard].entry(key).or_insert(CLAIMED);
    }

    /// Removes the claim on the key `at` locates, if it is only claimed.
    fn release(&mut self, at: Located) {
        let (shard, key) = at;
        if let Entry::Occupied(entry) = self.shards[shard].entry(key)
            && *entry.get() == CLAIMED
        {
            entry.remove();
        }
    }

    /// Records the key `at` locates at `position` (claimed or not); `Some` (with where it
    /// first appeared, when kept) if it was already there.
    fn insert(&mut self, at: Located, position: u64) -> Option<Option<u64>> {
        let (shard, key) = at;
        let kept = u32::try_from(position)
            .ok()
            .filter(|&p| p < CLAIMED)
            .unwrap_or(UNKEPT);
        match self.shards[shard].entry(key) {
            Entry::Occupied(mut claimed) if *claimed.get() == CLAIMED => {
                claimed.insert(kept);
                None
            }
            Entry::Occupied(first) => {
                Some((*first.get() != UNKEPT).then_some(u64::from(*first.get())))
            }
            Entry::Vacant(slot) => {
                slot.insert(kept);
                None
            }
        }
    }

    /// The bytes the tables hold (buckets of an entry and a control byte each), and those of
    /// the largest one: what one growth copies at most.
    #[cfg(test)]
    fn table_bytes(&self) -> (usize, usize) {
        let bytes = |shard: &Shard| {
            // hashbrown keeps its load at most 7/8 and its bucket count a power of two.
            let buckets = match shard.capacity() {
                0 => 0,
                cap if cap < 8 => cap + 1,
                cap => (cap * 8 / 7).next_power_of_two(),
            };
            buckets * (std::mem::size_of::<(Hash64, u32)>() + 1)
        };
        let sizes = self.shards.iter().map(bytes);
        (sizes.clone().sum(), sizes.max().unwrap_or(0))
    }
}

/// A chunk ready to be sent: its items and their input positions.
pub(super) struct Ready<I> {
    pub(super) positions: Vec<u64>,
    pub(super) items: Vec<I>,
}

impl<I> Ready<I> {
    fn with_capacity(size: usize) -> Self {
        Ready {
            positions: Vec::with_capacity(size),
            items: Vec::with_capacity(size),
        }
    }

    /// The number of items.
    pub(super) fn len(&self) -> usize {
        self.items.len()
    }
}

/// Groups pending items into chunks of at most `size`.
pub(super) struct Chunker<I> {
    size: usize,
    current: Ready<I>,
}

impl<I> Chunker<I> {
    pub(super) fn new(size: usize) -> Self {
        Chunker {
            size,
            current: Ready::with_capacity(size),
        }
    }

    /// Adds an item; a full chunk when this one filled it. (Always inlined: once per item, in
    /// the admission loop.)
    #[inline(always)]
    pub(super) fn push(&mut self, position: u64, item: I) -> Option<Ready<I>> {
        self.current.positions.push(position);
        self.current.items.push(item);
        if self.current.len() < self.size {
            return None;
        }
        Some(self.take_full())
    }

    /// The full chunk, replaced by an empty one with room for the next (once per chunk).
    #[cold]
    fn take_full(&mut self) -> Ready<I> {
        std::mem::replace(&mut self.current, Ready::with_capacity(self.size))
    }

    /// The partial chunk, if any.
    pub(super) fn flush(&mut self) -> Option<Ready<I>> {
        (!self.is_empty()).then(|| std::mem::replace(&mut self.current, Ready::with_capacity(0)))
    }

    /// Whether a partial chunk waits.
    pub(super) fn is_empty(&self) -> bool {
        self.current.items.is_empty()
    }

    /// How many more items the current chunk takes.
    pub(super) fn room(&self) -> usize {
        self.size - self.current.len()
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
    use super::super::fake::Words;
    use super::*;
    use crate::{Failure, InvalidInput};

    fn admission(options: BulkOptions) -> Admission {
        Admission::new(&options)
    }

    fn admit(a: &mut Admission, position: u64, word: &str) -> Admitted<String, usize> {
        a.admit(&Words, position, word.to_owned())
    }

    #[test]
    fn items_are_skipped_checked_and_deduplicated() {
        let mut a = admission(BulkOptions::default().resume_from(1).skip(|p| p == 3));
        assert!(matches!(admit(&mut a, 0, "a"), Admitted::Skipped));
        assert!(matches!(
            admit(&mut a, 1, "a"),
            Admitted::Outcome(o) if o.label == "a"
                && matches!(o.outcome, Outcome::NotAttempted(NotAttempted::Duplicate { first: Some(0) }))
        ));
        assert!(matches!(admit(&mut a, 2, "b"), Admitted::Pending(w) if w == "b"));
        assert!(matches!(admit(&mut a, 3, "c"), Admitted::Skipped));
        let Admitted::Outcome(bad) = admit(&mut a, 4, "") else {
            panic!("an empty word is rejected")
        };
        assert!(matches!(
            bad.outcome,
            Outcome::Failed(Failure::Invalid(InvalidInput::Other(_)))
        ));
        let Admitted::Outcome(bad) = admit(&mut a, 5, "bad:d") else {
            panic!("a bad word is rejected")
        };
        assert_eq!(bad.outcome.failure().unwrap().to_string(), "a bad word");
        let Admitted::Outcome(rejected) = admit(&mut a, 6, "!line 7") else {
            panic!("an unreadable input is rejected")
        };
        assert_eq!(rejected.label, "line 7");
        assert_eq!(
            rejected.outcome.failure().unwrap().to_string(),
            "unreadable"
        );
    }

    #[test]
    fn a_skipped_item_counts_for_duplicates_only_when_it_passes_the_check() {
        let mut a = admission(BulkOptions::default().resume_from(2));
        assert!(matches!(admit(&mut a, 0, "w"), Admitted::Skipped));
        assert!(matches!(admit(&mut a, 1, "!x"), Admitted::Skipped));
        assert!(matches!(
            admit(&mut a, 2, "w"),
            Admitted::Outcome(o) if matches!(o.outcome, Outcome::NotAttempted(NotAttempted::Duplicate { first: Some(0) }))
        ));
        let mut off = admission(BulkOptions::default().dedup(false));
        assert!(matches!(admit(&mut off, 0, "w"), Admitted::Pending(_)));
        assert!(matches!(admit(&mut off, 1, "w"), Admitted::Pending(_)));
    }

    #[test]
    fn the_duplicate_set_holds_a_steady_size_per_entry_and_grows_a_shard_at_a_time() {
        let mut seen = Seen::new();
        let n = 200_000u64;
        for i in 0..n {
            assert_eq!(seen.insert_id(&format!("user_{i:07}"), i), None);
            let count = i + 1;
            if count >= 20_000 && count % 2_000 == 0 {
                let (total, largest) = seen.table_bytes();
                // 12-byte entries and a control byte at 20 to 23 bytes an entry whatever the
                // count (one table: 15 to 30, depending on how long ago it doubled).
                let per_entry = total as f64 / count as f64;
                assert!(
                    (18.0..=24.0).contains(&per_entry),
                    "{per_entry:.1} bytes per UserID at {count}"
                );
                // A doubling copies one shard (one table was all of it).
                assert!(largest * 24 <= total, "largest table {largest} of {total}");
            }
        }
        assert_eq!(seen.insert_id("user_0001234", n), Some(Some(1234)));
        assert_eq!(seen.insert_id("user_0199999", n + 1), Some(Some(199_999)));
    }

    #[test]
    fn every_slot_belongs_to_a_shard_and_shares_grow_by_shard() {
        let table = shard_of_slots();
        let mut share = [0usize; SHARDS];
        for &shard in table.iter() {
            share[usize::from(shard)] += 1;
        }
        assert_eq!(share.iter().sum::<usize>(), SLOTS);
        // From about 1/92 of the slots for the first shard to about twice that for the last.
        assert!((40..=50).contains(&share[0]), "{share:?}");
        assert!((84..=94).contains(&share[SHARDS - 1]), "{share:?}");
        assert!(share.windows(2).all(|w| w[0] <= w[1] + 1), "{share:?}");
    }

    #[test]
    fn a_set_sized_for_its_count_does_not_grow() {
        let n = 100_000u64;
        let mut seen = Seen::with_capacity(n);
        let (before, _) = seen.table_bytes();
        assert!(before > 0);
        // Four fifths of the count: each shard's share of the hashes varies a little.
        for i in 0..n * 4 / 5 {
            assert_eq!(seen.insert_id(&format!("user_{i:07}"), i), None);
        }
        assert_eq!(seen.table_bytes().0, before, "no shard grew");
    }

    #[test]
    fn positions_past_u32_are_not_kept() {
        let mut seen = Seen::new();
        assert_eq!(seen.insert_id("a", u64::from(u32::MAX) + 5), None);
        assert_eq!(seen.insert_id("a", u64::from(u32::MAX) + 6), Some(None));
        assert_eq!(seen.insert_id("b", 7), None);
        assert_eq!(seen.insert_id("b", 8), Some(Some(7)));
        // The 4,294,967,294th item is the last whose position is kept.
        let last = 4_294_967_293;
        assert_eq!(seen.insert_id("c", last), None);
        assert_eq!(seen.insert_id("c", last + 5), Some(Some(last)));
        assert_eq!(seen.insert_id("d", last + 1), None);
        assert_eq!(seen.insert_id("d", last + 2), Some(None));
    }

    /// What an admission decided, comparable.
    fn decided(admitted: Admitted<String, usize>) -> String {
        match admitted {
            Admitted::Skipped => "skipped".into(),
            Admitted::Pending(word) => format!("pending {word}"),
            Admitted::Outcome(o) => format!("{} {} {:?}", o.position, o.label, o.outcome),
        }
    }

    fn item(kind: u8, id: u8) -> String {
        let id = format!("u{id}");
        match kind {
            0 => id,
            1 => format!("bad:{id}"),
            2 => format!("{id}\u{1}"),
            3 => String::new(),
            _ => format!("!{id}"),
        }
    }

    proptest::proptest! {
        /// Claiming a batch's entries ahead changes no decision: the same skips, pendings,
        /// duplicates (naming the same first positions) and failures as admitting each item
        /// on its own, whatever the mix of valid, invalid, repeated and resumed items.
        #[test]
        fn claiming_ahead_decides_as_admitting_one_by_one(
            items in proptest::collection::vec((0u8..5, 0u8..6, proptest::bool::ANY), 0..60),
            batch in 2usize..9,
        ) {
            let skipped: std::collections::HashSet<u64> = items
                .iter()
                .enumerate()
                .filter(|(_, (_, _, skip))| *skip)
                .map(|(p, _)| p as u64)
                .collect();
            let options = || {
                let skipped = skipped.clone();
                BulkOptions::default().skip(move |p| skipped.contains(&p))
            };
            let mut alone = admission(options());
            let mut ahead = admission(options());
            let all: Vec<String> = items.iter().map(|&(k, id, _)| item(k, id)).collect();
            let mut position = 0u64;
            for group in all.chunks(batch) {
                ahead.claim(&Words, group);
                for item in group {
                    let one = decided(alone.admit(&Words, position, item.clone()));
                    let other = decided(ahead.admit(&Words, position, item.clone()));
                    proptest::prop_assert_eq!(one, other);
                    position += 1;
                }
            }
            // Nothing is left claimed: every entry has its first position.
            let seen = ahead.seen.as_ref().unwrap();
            let claimed = seen.shards.iter().flat_map(|s| s.values()).filter(|&&v| v == CLAIMED);
            proptest::prop_assert_eq!(claimed.count(), 0);
        }
    }

    #[test]
    fn chunks_fill_then_flush() {
        let mut c = Chunker::new(2);
        assert!(c.push(0, "x").is_none());
        assert_eq!(c.room(), 1);
        let full = c.push(1, "y").unwrap();
        assert_eq!((full.positions, full.items), (vec![0, 1], vec!["x", "y"]));
        assert!(c.is_empty() && c.flush().is_none());
        assert!(c.push(2, "z").is_none());
        assert_eq!(c.flush().unwrap().positions, [2]);
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
