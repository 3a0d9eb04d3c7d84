//! Retry policy: exponential backoff with full jitter, bounded in attempts and total time.

use std::time::Duration;

use crate::classify::RetryKind;

/// How often and how long a call is retried.
///
/// Transient failures (70169, 70202, 70500, 40006, 60008, HTTP 5xx, transport errors) wait
/// `random(0, min(max_delay, base_delay × 2^(n-1)))` before attempt n+1 ("full jitter");
/// throttled ones (60007, 60011, 60018, 60019, HTTP 429) wait at least `throttle_delay` (plus the
/// same jitter); a resign code (70001, 70052...) regenerates the admin UserSig and retries at
/// once, once per call. Fatal codes never retry. A retry is only started while the attempt count
/// and the time since the first attempt stay within bounds.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use im_client::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .max_attempts(6)
///     .max_elapsed(Duration::from_secs(30));
/// assert_eq!(policy.attempts(), 6);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    throttle_delay: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, 200 ms base, 10 s cap, 1 s throttle wait, 60 s in all.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            throttle_delay: Duration::from_secs(1),
            max_elapsed: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The bulk engine's per-chunk default: 10 attempts within 2 minutes, so that even a 20 %
    /// transient fault rate ends with every valid account done.
    pub fn bulk() -> Self {
        RetryPolicy {
            max_attempts: 10,
            max_elapsed: Duration::from_secs(120),
            ..RetryPolicy::default()
        }
    }

    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Sets the maximum number of attempts, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the first backoff's upper bound.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Sets the cap on one backoff.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Sets the minimum wait after a throttled answer.
    pub fn throttle_delay(mut self, delay: Duration) -> Self {
        self.throttle_delay = delay;
        self
    }

    /// Sets the total time budget: no retry starts after this much time since the first attempt.
    pub fn max_elapsed(mut self, budget: Duration) -> Self {
        self.max_elapsed = budget;
        self
    }

    /// The maximum number of attempts.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The total time budget.
    pub fn elapsed_budget(&self) -> Duration {
        self.max_elapsed
    }

    /// The wait before the attempt after `attempt` (1-based) failed for a `kind` of reason,
    /// given a uniform random `unit` in `[0, 1)`: full jitter under an exponential ceiling, plus
    /// the throttle delay for a throttled answer.
    pub(crate) fn backoff(&self, kind: RetryKind, attempt: u32, unit: f64) -> Duration {
        let exp = attempt.saturating_sub(1).min(30);
        let ceiling = self
            .base_delay
            .saturating_mul(1u32 << exp)
            .min(self.max_delay);
        let jitter = ceiling.mul_f64(unit.clamp(0.0, 1.0));
        match kind {
            RetryKind::Transient => jitter,
            RetryKind::Throttled => self.throttle_delay + jitter,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_jitter_grows_and_caps() {
        let p = RetryPolicy::default();
        let transient = RetryKind::Transient;
        assert_eq!(
            p.backoff(transient, 1, 0.999_999),
            Duration::from_millis(200).mul_f64(0.999_999)
        );
        assert_eq!(p.backoff(transient, 3, 0.5), Duration::from_millis(400));
        assert_eq!(p.backoff(transient, 30, 1.0), Duration::from_secs(10));
        assert_eq!(p.backoff(transient, 2, 0.0), Duration::ZERO);
        assert!(p.backoff(RetryKind::Throttled, 1, 0.0) >= Duration::from_secs(1));
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
    }
}
