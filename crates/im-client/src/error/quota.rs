//! [`QuotaError`]: a call refused by a declared quota before anything was sent.

use std::fmt;
use std::time::SystemTime;

use im_proto::{Per, Quota, QuotaCount};

/// A call refused by one of its endpoint's quotas, before anything was sent; never retried.
///
/// `Display` names the endpoint (`service/command`), the quota as enforced (the declared one,
/// or the figure set with [`Quotas`](crate::Quotas)) and, for a quota that is used up, when it
/// resets.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum QuotaError {
    /// The quota of the current day is used up: no call of this endpoint is sent until it
    /// resets, at the next midnight at the quota's UTC offset.
    #[non_exhaustive]
    Exhausted {
        /// The endpoint, `service/command`.
        api: String,
        /// The quota, at the limit enforced.
        quota: Quota,
        /// What the day has used so far (calls or items).
        used: u64,
        /// What this call would have used (1 call, or its items).
        requested: u64,
        /// When the quota resets: the next midnight at its UTC offset (by the shared store's
        /// clock when one counts the day, else the client's).
        resets_at: SystemTime,
    },
    /// One call carries more items than the quota admits at once: split it.
    #[non_exhaustive]
    TooLarge {
        /// The endpoint, `service/command`.
        api: String,
        /// The quota, at the limit enforced.
        quota: Quota,
        /// The items of this call.
        items: u64,
        /// The most items one call may carry under this quota.
        admits: u64,
    },
}

impl QuotaError {
    /// The endpoint, `service/command`.
    pub fn api(&self) -> &str {
        match self {
            QuotaError::Exhausted { api, .. } | QuotaError::TooLarge { api, .. } => api,
        }
    }

    /// The quota that refused the call, at the limit enforced.
    pub fn quota(&self) -> Quota {
        match self {
            QuotaError::Exhausted { quota, .. } | QuotaError::TooLarge { quota, .. } => *quota,
        }
    }

    /// When the quota resets, for a used-up quota ([`QuotaError::Exhausted`]).
    pub fn resets_at(&self) -> Option<SystemTime> {
        match self {
            QuotaError::Exhausted { resets_at, .. } => Some(*resets_at),
            QuotaError::TooLarge { .. } => None,
        }
    }
}

impl fmt::Display for QuotaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuotaError::Exhausted {
                api,
                quota,
                used,
                requested,
                resets_at,
            } => {
                write!(
                    f,
                    "quota used up: {api} allows {}; {used} used, this call needs {requested}; \
                     not sent: it resets at {}",
                    QuotaText(quota),
                    humantime::format_rfc3339_seconds(*resets_at)
                )?;
                if let Per::Day { utc_offset_minutes } = quota.per {
                    write!(f, " (midnight {})", UtcOffset(utc_offset_minutes))?;
                }
                Ok(())
            }
            QuotaError::TooLarge {
                api,
                quota,
                items,
                admits,
            } => write!(
                f,
                "one call of {api} with {items} items exceeds what its quota of {} admits at \
                 once ({admits} items): not sent; split it into smaller calls",
                QuotaText(quota)
            ),
        }
    }
}

impl std::error::Error for QuotaError {}

/// A quota in words: `3 calls a day`, `12000 items a minute`.
pub(crate) struct QuotaText<'a>(pub(crate) &'a Quota);

impl fmt::Display for QuotaText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}",
            self.0.limit,
            unit_text(self.0.per, self.0.counts)
        )
    }
}

/// What a quota counts, per what: `calls a day`, `items a minute`.
pub(crate) fn unit_text(per: Per, counts: QuotaCount) -> String {
    let counts = match counts {
        QuotaCount::Calls => "calls",
        QuotaCount::Items => "items",
        _ => "units",
    };
    let per = match per {
        Per::Second => "a second",
        Per::Minute => "a minute",
        Per::Day { .. } => "a day",
        _ => "a period",
    };
    format!("{counts} {per}")
}

/// `UTC+08:00`, `UTC-03:30`, `UTC`.
struct UtcOffset(i16);

impl fmt::Display for UtcOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let minutes = self.0;
        if minutes == 0 {
            return f.write_str("UTC");
        }
        let sign = if minutes < 0 { '-' } else { '+' };
        let abs = minutes.unsigned_abs();
        write!(f, "UTC{sign}{:02}:{:02}", abs / 60, abs % 60)
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    #[test]
    fn texts_name_the_endpoint_the_quota_and_the_reset() {
        let day = Per::Day {
            utc_offset_minutes: 480,
        };
        let err = QuotaError::Exhausted {
            api: "openim/fake_push".into(),
            quota: Quota::new(3, day, QuotaCount::Calls),
            used: 3,
            requested: 1,
            // 2026-12-08T00:00:00+08:00
            resets_at: UNIX_EPOCH + Duration::from_secs(1_796_688_000 - 8 * 3600),
        };
        assert_eq!(
            err.to_string(),
            "quota used up: openim/fake_push allows 3 calls a day; 3 used, this call needs 1; \
             not sent: it resets at 2026-12-07T16:00:00Z (midnight UTC+08:00)"
        );
        assert_eq!(err.api(), "openim/fake_push");
        assert_eq!(err.quota().limit, 3);
        assert!(err.resets_at().is_some());
        let minus = Per::Day {
            utc_offset_minutes: -210,
        };
        let err = QuotaError::Exhausted {
            api: "x/y".into(),
            quota: Quota::new(100, minus, QuotaCount::Items),
            used: 98,
            requested: 5,
            resets_at: UNIX_EPOCH,
        };
        let text = err.to_string();
        assert!(
            text.contains("100 items a day; 98 used, this call needs 5"),
            "{text}"
        );
        assert!(text.ends_with("(midnight UTC-03:30)"), "{text}");

        let err = QuotaError::TooLarge {
            api: "openim/batchsendmsg".into(),
            quota: Quota::new(50, Per::Minute, QuotaCount::Items),
            items: 100,
            admits: 49,
        };
        assert_eq!(
            err.to_string(),
            "one call of openim/batchsendmsg with 100 items exceeds what its quota of 50 items \
             a minute admits at once (49 items): not sent; split it into smaller calls"
        );
        assert_eq!(err.resets_at(), None);
    }
}
