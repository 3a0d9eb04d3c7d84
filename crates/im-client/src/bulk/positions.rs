//! `Positions`: a set of input positions kept as merged ranges.

use std::fmt;
use std::num::ParseIntError;
use std::ops::Range;
use std::str::FromStr;

use rangemap::RangeSet;

/// A set of input positions, stored as disjoint merged ranges, so that "every position below
/// 1,000,000 but a few" costs a few entries: what a resumable job records as done.
///
/// Its text form lists inclusive ranges, `0-99,105,107-120`, which [`FromStr`] parses back.
///
/// # Examples
///
/// ```
/// use im_client::bulk::Positions;
///
/// let mut done: Positions = [5, 0, 1, 2, 3].into_iter().collect();
/// done.insert_range(7..10);
/// assert_eq!(done.to_string(), "0-3,5,7-9");
/// assert_eq!(done.low_watermark(), 4);
/// assert!(done.contains(8) && !done.contains(4));
/// assert_eq!("0-3,5,7-9".parse::<Positions>().unwrap(), done);
/// done.remove_range(2..8);
/// assert_eq!((done.to_string(), done.len()), ("0-1,8-9".to_owned(), 4));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Positions {
    /// Disjoint, merged ranges (the `rangemap` crate's interval set: why write one).
    spans: RangeSet<u64>,
    /// The number of positions, kept as ranges are added.
    len: u64,
}

impl Positions {
    /// An empty set.
    pub fn new() -> Self {
        Positions::default()
    }

    /// Adds one position.
    pub fn insert(&mut self, position: u64) {
        self.insert_range(position..position.saturating_add(1));
    }

    /// Adds every position of `range`.
    pub fn insert_range(&mut self, range: Range<u64>) {
        if range.start >= range.end {
            return;
        }
        self.len += range.end - range.start - self.covered(&range);
        self.spans.insert(range);
    }

    /// Removes every position of `range`.
    pub fn remove_range(&mut self, range: Range<u64>) {
        if range.start >= range.end {
            return;
        }
        self.len -= self.covered(&range);
        self.spans.remove(range);
    }

    /// How many positions of `range` are in the set.
    fn covered(&self, range: &Range<u64>) -> u64 {
        self.spans
            .overlapping(range)
            .map(|r| r.end.min(range.end) - r.start.max(range.start))
            .sum()
    }

    /// Whether `position` is in the set.
    pub fn contains(&self, position: u64) -> bool {
        self.spans.contains(&position)
    }

    /// The first position not in the set: everything below it is.
    pub fn low_watermark(&self) -> u64 {
        match self.spans.iter().next() {
            Some(first) if first.start == 0 => first.end,
            _ => 0,
        }
    }

    /// The first position at or after `position` that is not in the set.
    pub fn next_gap(&self, position: u64) -> u64 {
        self.spans
            .get(&position)
            .map_or(position, |range| range.end)
    }

    /// The number of positions.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The merged ranges, in order.
    pub fn ranges(&self) -> impl Iterator<Item = Range<u64>> + '_ {
        self.spans.iter().cloned()
    }
}

impl FromIterator<u64> for Positions {
    fn from_iter<I: IntoIterator<Item = u64>>(iter: I) -> Self {
        let mut set = Positions::new();
        set.extend(iter);
        set
    }
}

impl Extend<u64> for Positions {
    fn extend<I: IntoIterator<Item = u64>>(&mut self, iter: I) {
        for position in iter {
            self.insert(position);
        }
    }
}

/// `0-99,105,107-120`: inclusive ranges, single positions alone; empty for an empty set.
impl fmt::Display for Positions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, range) in self.ranges().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            if range.end - range.start == 1 {
                write!(f, "{}", range.start)?;
            } else {
                write!(f, "{}-{}", range.start, range.end - 1)?;
            }
        }
        Ok(())
    }
}

impl FromStr for Positions {
    type Err = ParsePositionsError;

    /// Parses the [`Display`](fmt::Display) form; the empty string is the empty set.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut set = Positions::new();
        if s.is_empty() {
            return Ok(set);
        }
        let number = |part: &str| {
            part.parse::<u64>()
                .map_err(|source| ParsePositionsError::NotAPosition {
                    part: part.to_owned(),
                    source,
                })
        };
        for part in s.split(',') {
            match part.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (number(a)?, number(b)?);
                    if a > b || b == u64::MAX {
                        return Err(ParsePositionsError::NotARange {
                            part: part.to_owned(),
                        });
                    }
                    set.insert_range(a..b + 1);
                }
                None => set.insert(number(part)?),
            }
        }
        Ok(set)
    }
}

/// Text that is not a list of positions: the offending part, and the rule it breaks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParsePositionsError {
    /// A position (or a range's end) that is not a decimal `u64`.
    #[error("invalid position list: {part:?} is not a position")]
    NotAPosition {
        /// The text that should have been a position.
        part: String,
        /// Why it is not one.
        #[source]
        source: ParseIntError,
    },
    /// A range `a-b` whose start is after its end, or that ends at `u64::MAX` (no position
    /// after it could be recorded).
    #[error("invalid position list: {part:?} is not a range")]
    NotARange {
        /// The range as written.
        part: String,
    },
}

impl ParsePositionsError {
    /// The part of the list that is wrong, as written.
    pub fn part(&self) -> &str {
        match self {
            ParsePositionsError::NotAPosition { part, .. }
            | ParsePositionsError::NotARange { part } => part,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_and_gives_the_watermark() {
        let mut i = Positions::new();
        i.insert_range(2..3);
        assert_eq!(i.low_watermark(), 0);
        i.insert(0);
        assert_eq!(i.low_watermark(), 1);
        i.insert(1);
        assert_eq!(i.low_watermark(), 3);
        i.insert_range(5..10);
        i.insert_range(3..5);
        assert_eq!(i.low_watermark(), 10);
        assert_eq!(i.ranges().count(), 1);
        i.insert_range(4..6);
        assert_eq!(i.ranges().count(), 1);
        i.insert_range(7..7);
        assert_eq!(i.low_watermark(), 10);
        assert_eq!(i.len(), 10);
    }

    #[test]
    fn text_round_trip() {
        let set: Positions = [5, 0, 1, 2, 3, 9, 4, 10, 12].into_iter().collect();
        assert_eq!(set.to_string(), "0-5,9-10,12");
        assert_eq!(set.len(), 9);
        assert_eq!(set.low_watermark(), 6);
        assert!(set.contains(10) && !set.contains(11) && set.contains(12) && !set.contains(13));
        assert_eq!("0-5,9-10,12".parse::<Positions>().unwrap(), set);
        assert_eq!("".parse::<Positions>().unwrap(), Positions::new());
        assert!("5-1".parse::<Positions>().is_err());
        assert!(
            "x".parse::<Positions>()
                .unwrap_err()
                .to_string()
                .contains("\"x\"")
        );
        // Typed: the offending part, the rule, the number's own error as the source.
        let err = "0-3,7-x".parse::<Positions>().unwrap_err();
        assert!(matches!(&err, ParsePositionsError::NotAPosition { part, .. } if part == "x"));
        assert!(std::error::Error::source(&err).is_some_and(|e| e.is::<ParseIntError>()));
        let err = "0-3,9-7".parse::<Positions>().unwrap_err();
        assert_eq!(err, ParsePositionsError::NotARange { part: "9-7".into() });
        assert_eq!(err.part(), "9-7");
        assert_eq!(
            err.to_string(),
            "invalid position list: \"9-7\" is not a range"
        );
        assert!(format!("0-{}", u64::MAX).parse::<Positions>().is_err());
    }

    proptest::proptest! {
        /// The set behaves as a set of positions, whatever ranges are added in whatever order.
        #[test]
        fn behaves_as_a_set(ranges in proptest::collection::vec((0u64..200, 0u64..20), 0..40)) {
            let mut set = Positions::new();
            let mut model = std::collections::BTreeSet::new();
            for (start, len) in ranges {
                set.insert_range(start..start + len);
                model.extend(start..start + len);
            }
            proptest::prop_assert_eq!(set.len(), model.len() as u64);
            let watermark = (0..).find(|p| !model.contains(p)).unwrap();
            proptest::prop_assert_eq!(set.low_watermark(), watermark);
            for p in 0..230 {
                proptest::prop_assert_eq!(set.contains(p), model.contains(&p));
            }
            proptest::prop_assert_eq!(set.to_string().parse::<Positions>().unwrap(), set);
        }
    }
}
