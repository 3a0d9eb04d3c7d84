//! [`Quotas`]: the limits a client enforces for each endpoint's declared quotas, the declared
//! ones unless set otherwise (a quota raised for the app).

use im_proto::{Metadata, Per, Quota, QuotaCount};

use crate::error::{QuotaText, unit_text};
use crate::{ConfigError, Error};

/// The quotas a client enforces before sending: every quota an endpoint declares
/// ([`Metadata::quotas`]: calls or items per second, per minute, per day), at its declared
/// limit unless set here. Given to [`ClientBuilder::quotas`](crate::ClientBuilder::quotas).
///
/// - **Per second and per minute**: a GCRA limiter per quota (shared in Redis with a rate store),
///   a call taking one cell per call or, for a quota counting items, one per item: a call to 500
///   recipients takes 500 of a 12,000-a-minute quota. A call carrying more items than the quota
///   admits at once is refused ([`QuotaError::TooLarge`](crate::QuotaError::TooLarge)).
/// - **Per day**: a counter per calendar day at the quota's UTC offset; when it is used up the
///   call is refused before anything is sent ([`QuotaError::Exhausted`](crate::QuotaError),
///   with the next midnight at that offset).
///
/// The calls-per-second quota of the table's APIs is also [`RateLimits`](crate::RateLimits)'
/// figure; one set here takes its place.
///
/// # Examples
///
/// ```
/// use im_client::Quotas;
/// use im_proto::{Api, Metadata, Per, Quota, QuotaCount};
///
/// // The app's per-minute recipient quota was raised to 30,000.
/// let send = Api::ALL.iter().map(|api| api.metadata()).find(|m| m.command == "batchsendmsg");
/// let send = send.unwrap();
/// let quotas = Quotas::default().set(send, Per::Minute, QuotaCount::Items, Some(30_000))?;
/// let declared = send.quotas.iter().find(|q| q.per == Per::Minute).unwrap();
/// assert_eq!(quotas.limit(send, declared), Some(30_000));
///
/// // Only declared quotas can be set.
/// let day = Per::Day { utc_offset_minutes: 480 };
/// assert!(Quotas::default().set(send, day, QuotaCount::Calls, Some(10)).is_err());
/// # Ok::<(), im_client::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quotas {
    off: bool,
    set: Vec<Setting>,
}

/// One quota set by the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Setting {
    path: String,
    period: Period,
    counts: QuotaCount,
    limit: Option<u32>,
}

/// The period of a quota, whatever its day's offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Period {
    Second,
    Minute,
    Day,
}

impl Period {
    /// The period of `per`; `None` for a period this version does not know (not enforced).
    pub(crate) fn of(per: Per) -> Option<Period> {
        match per {
            Per::Second => Some(Period::Second),
            Per::Minute => Some(Period::Minute),
            Per::Day { .. } => Some(Period::Day),
            _ => None,
        }
    }
}

/// `service/command`, what the settings are keyed by.
pub(crate) fn path_of(meta: &Metadata) -> String {
    format!("{}/{}", meta.service, meta.command)
}

impl Quotas {
    /// Enforces no declared quota (only those [`Quotas::set`] gives, and
    /// [`RateLimits`](crate::RateLimits)' calls per second).
    pub fn off() -> Self {
        Quotas {
            off: true,
            set: Vec::new(),
        }
    }

    /// Enforces `limit` for the quota of `meta`'s endpoint (the table's `Api::metadata()` or a
    /// custom endpoint's [`Endpoint::METADATA`](im_proto::Endpoint::METADATA)) that counts
    /// `counts` per `per`, instead of the declared limit; `None` does not enforce it. A day's
    /// offset is the declared one, whatever `per` says.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the endpoint declares no such quota, or `limit` is 0.
    pub fn set(
        mut self,
        meta: &Metadata,
        per: Per,
        counts: QuotaCount,
        limit: Option<u32>,
    ) -> Result<Self, Error> {
        let path = path_of(meta);
        let period = Period::of(per);
        let declared = meta
            .quotas
            .iter()
            .any(|q| Period::of(q.per) == period && q.counts == counts);
        if !declared || period.is_none() {
            return Err(ConfigError::UndeclaredQuota {
                endpoint: path.to_string(),
                quota: unit_text(per, counts),
            }
            .into());
        }
        if limit == Some(0) {
            return Err(ConfigError::ZeroQuota {
                endpoint: path.to_string(),
                quota: QuotaText(&Quota::new(0, per, counts)).to_string(),
            }
            .into());
        }
        self.set
            .retain(|s| !(s.path == path && Some(s.period) == period && s.counts == counts));
        self.set.push(Setting {
            path,
            period: period.unwrap_or(Period::Second),
            counts,
            limit,
        });
        Ok(self)
    }

    /// The limit enforced for `quota`, one of `meta`'s declared quotas: the one set, else the
    /// declared one (`None`: not enforced).
    pub fn limit(&self, meta: &Metadata, quota: &Quota) -> Option<u32> {
        match self.setting(meta, quota.per, quota.counts) {
            Some(limit) => limit,
            None if self.off => None,
            None => Some(quota.limit),
        }
    }

    /// The limit set for `meta`'s quota of `counts` per `per`, if one was set.
    pub(crate) fn setting(
        &self,
        meta: &Metadata,
        per: Per,
        counts: QuotaCount,
    ) -> Option<Option<u32>> {
        let period = Period::of(per)?;
        let path = path_of(meta);
        self.set
            .iter()
            .find(|s| s.path == path && s.period == period && s.counts == counts)
            .map(|s| s.limit)
    }

    /// `meta`'s quotas as enforced: each declared one at its limit, those not enforced left out.
    pub(crate) fn enforced(&self, meta: &Metadata) -> Vec<Quota> {
        meta.quotas
            .iter()
            .filter_map(|q| Some(Quota::new(self.limit(meta, q)?, q.per, q.counts)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: Per = Per::Day {
        utc_offset_minutes: 480,
    };
    const DECLARED: &[Quota] = &[
        Quota::new(20, Per::Second, QuotaCount::Calls),
        Quota::new(1000, Per::Minute, QuotaCount::Items),
        Quota::new(3, DAY, QuotaCount::Calls),
    ];
    const META: Metadata = Metadata::custom("fake_svc", "push").with_quotas(DECLARED);

    #[test]
    fn declared_limits_unless_set() {
        let quotas = Quotas::default();
        assert_eq!(quotas.enforced(&META), DECLARED);
        let utc = Per::Day {
            utc_offset_minutes: 0,
        };
        let quotas = quotas
            .set(&META, utc, QuotaCount::Calls, Some(5))
            .unwrap()
            .set(&META, Per::Minute, QuotaCount::Items, None)
            .unwrap();
        assert_eq!(
            quotas.enforced(&META),
            [
                Quota::new(20, Per::Second, QuotaCount::Calls),
                Quota::new(5, DAY, QuotaCount::Calls),
            ],
            "the day keeps its declared offset"
        );
        // Set again: the last one counts.
        let quotas = quotas.set(&META, DAY, QuotaCount::Calls, Some(7)).unwrap();
        assert_eq!(quotas.limit(&META, &DECLARED[2]), Some(7));
        assert_eq!(quotas.setting(&META, Per::Second, QuotaCount::Calls), None);
        // Another endpoint is not affected.
        let other = Metadata::custom("fake_svc", "pull").with_quotas(DECLARED);
        assert_eq!(quotas.enforced(&other), DECLARED);
    }

    #[test]
    fn off_enforces_only_what_is_set() {
        let quotas = Quotas::off();
        assert!(quotas.enforced(&META).is_empty());
        let quotas = quotas.set(&META, DAY, QuotaCount::Calls, Some(9)).unwrap();
        assert_eq!(
            quotas.enforced(&META),
            [Quota::new(9, DAY, QuotaCount::Calls)]
        );
    }

    #[test]
    fn undeclared_or_zero_quotas_are_refused_by_name() {
        let err = Quotas::default()
            .set(&META, Per::Minute, QuotaCount::Calls, Some(5))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "configuration error: fake_svc/push declares no quota of calls a minute: only a \
             declared quota can be set"
        );
        let err = Quotas::default()
            .set(&META, DAY, QuotaCount::Calls, Some(0))
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("a quota of 0 calls a day for fake_svc/push would refuse every call"),
            "{err}"
        );
    }
}
