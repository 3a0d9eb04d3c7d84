//! The quotas of a day: a counter per calendar day at the quota's UTC offset, charged before a
//! call is sent and refusing it, without counting it, when it would go past the limit.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use im_proto::{Per, Quota, QuotaCount};
use parking_lot::Mutex;

use crate::error::QuotaError;

const DAY: i64 = 86_400;

/// One day quota, as enforced: this process' count of the current day.
pub(crate) struct Day {
    pub(crate) quota: Quota,
    /// Seconds east of UTC.
    offset: i64,
    /// `(day number, used)`.
    count: Mutex<(i64, u64)>,
    /// The shared store's key of this quota.
    #[cfg(feature = "redis")]
    pub(crate) key: Option<String>,
}

/// The day number of Unix time `unix` at `offset` seconds east of UTC.
pub(crate) fn day_of(unix: i64, offset: i64) -> i64 {
    (unix + offset).div_euclid(DAY)
}

/// The Unix time of the midnight (at `offset`) that ends the day of `unix`.
pub(crate) fn day_end(unix: i64, offset: i64) -> i64 {
    (day_of(unix, offset) + 1) * DAY - offset
}

/// Unix seconds as a [`SystemTime`] (a time before 1970 is 1970).
pub(crate) fn system_time(unix: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(u64::try_from(unix).unwrap_or(0))
}

impl Day {
    /// The counter of `quota` (a day's; `None` for another period).
    pub(crate) fn new(quota: Quota) -> Option<Day> {
        let Per::Day { utc_offset_minutes } = quota.per else {
            return None;
        };
        Some(Day {
            quota,
            offset: i64::from(utc_offset_minutes) * 60,
            count: Mutex::new((i64::MIN, 0)),
            #[cfg(feature = "redis")]
            key: None,
        })
    }

    /// Seconds east of UTC.
    #[cfg(feature = "redis")]
    pub(crate) fn offset(&self) -> i64 {
        self.offset
    }

    /// What a call of `items` items counts: its items for a quota of items, else 1.
    pub(crate) fn cost(&self, items: u32) -> u64 {
        match self.quota.counts {
            QuotaCount::Items => u64::from(items),
            _ => 1,
        }
    }

    /// Counts a call of `items` items at Unix time `unix` against `limit` (the quota's, or this
    /// process' share of it): refused, and not counted, when it would go past it.
    pub(crate) fn take(
        &self,
        api: &str,
        items: u32,
        limit: u64,
        unix: i64,
    ) -> Result<(), QuotaError> {
        let cost = self.cost(items);
        let day = day_of(unix, self.offset);
        let mut count = self.count.lock();
        if count.0 != day {
            *count = (day, 0);
        }
        if count.1.saturating_add(cost) > limit {
            return Err(self.exhausted(api, count.1, cost, day_end(unix, self.offset)));
        }
        count.1 += cost;
        Ok(())
    }

    /// Counts a call the shared store admitted, so that a fallback to this process' share
    /// knows what it used today.
    #[cfg(feature = "redis")]
    pub(crate) fn record(&self, items: u32, unix: i64) {
        let day = day_of(unix, self.offset);
        let mut count = self.count.lock();
        if count.0 != day {
            *count = (day, 0);
        }
        count.1 = count.1.saturating_add(self.cost(items));
    }

    /// The refusal of a call of `requested` when `used` are used, until `resets` (Unix time).
    pub(crate) fn exhausted(
        &self,
        api: &str,
        used: u64,
        requested: u64,
        resets: i64,
    ) -> QuotaError {
        QuotaError::Exhausted {
            api: api.to_owned(),
            quota: self.quota,
            used,
            requested,
            resets_at: system_time(resets),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-07T15:59:59Z, one second before midnight at UTC+08:00.
    const BEFORE_MIDNIGHT_CST: i64 = 1_796_659_199;

    #[test]
    fn days_start_at_midnight_at_the_offset() {
        let cst = 8 * 3600;
        assert_eq!(day_end(BEFORE_MIDNIGHT_CST, cst), BEFORE_MIDNIGHT_CST + 1);
        assert_eq!(
            day_of(BEFORE_MIDNIGHT_CST + 1, cst),
            day_of(BEFORE_MIDNIGHT_CST, cst) + 1
        );
        // At UTC the same instant is mid-afternoon: the day ends 8 hours later.
        assert_eq!(
            day_end(BEFORE_MIDNIGHT_CST, 0),
            BEFORE_MIDNIGHT_CST + 1 + 8 * 3600
        );
        // West of UTC, and before 1970 (negative days round down).
        assert_eq!(day_end(0, -3 * 3600), 3 * 3600);
        assert_eq!(day_of(-1, 0), -1);
    }

    #[test]
    fn a_day_refuses_past_its_limit_without_counting_and_resets_at_midnight() {
        let quota = Quota::new(
            3,
            Per::Day {
                utc_offset_minutes: 480,
            },
            QuotaCount::Calls,
        );
        let day = Day::new(quota).unwrap();
        let at = BEFORE_MIDNIGHT_CST - 60;
        for _ in 0..3 {
            day.take("x/y", 1, 3, at).unwrap();
        }
        for _ in 0..2 {
            let err = day.take("x/y", 1, 3, at).unwrap_err();
            let QuotaError::Exhausted {
                used,
                requested,
                resets_at,
                ..
            } = err
            else {
                panic!("{err:?}")
            };
            assert_eq!((used, requested), (3, 1), "a refusal counts nothing");
            assert_eq!(resets_at, system_time(BEFORE_MIDNIGHT_CST + 1));
        }
        day.take("x/y", 1, 3, BEFORE_MIDNIGHT_CST + 1).unwrap();

        let items = Day::new(Quota::new(10, quota.per, QuotaCount::Items)).unwrap();
        items.take("x/y", 6, 10, at).unwrap();
        let err = items.take("x/y", 5, 10, at).unwrap_err();
        assert!(matches!(
            err,
            QuotaError::Exhausted {
                used: 6,
                requested: 5,
                ..
            }
        ));
        items.take("x/y", 4, 10, at).unwrap();
        assert!(Day::new(Quota::new(1, Per::Minute, QuotaCount::Calls)).is_none());
    }
}
