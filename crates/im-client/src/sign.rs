//! The admin UserSig cache: one signature shared by every clone and task, regenerated before it
//! expires or when the service says it is no longer valid.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use im_proto::{AuthQuery, SignedQuery, UserId};
use im_sig::Signer;
use parking_lot::Mutex;

use crate::clock::Clock;
use crate::{ConfigError, Error};

/// One generated signature, and what a request needs to carry it.
#[derive(Clone)]
pub(crate) struct Credentials {
    /// Encoded once per UserSig.
    query: Arc<SignedQuery>,
    /// The UserSig, raw and percent-encoded, for masking it in text the service echoes.
    usersig: Arc<(String, String)>,
    /// Increases with every regeneration, so a failure can invalidate exactly the signature it
    /// was sent with.
    pub(crate) generation: u64,
}

impl Credentials {
    /// The signed query string of one request, with this `random`.
    pub(crate) fn query(&self, random: u32) -> String {
        self.query.with_random(random)
    }

    /// `text` with this UserSig (raw or percent-encoded) and any other credential-like run
    /// masked: for service texts (`ErrorInfo`...) that might echo the request.
    pub(crate) fn redact(&self, text: &str) -> String {
        let (raw, encoded) = &*self.usersig;
        let text = text
            .replace(raw.as_str(), "<redacted>")
            .replace(encoded.as_str(), "<redacted>");
        crate::error::mask_credential_runs(&text)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

struct Cached {
    credentials: Credentials,
    refresh_at: u64,
}

pub(crate) struct SigCache {
    clock: Clock,
    signer: Signer,
    admin: UserId,
    lifetime: Duration,
    margin: Duration,
    current: Mutex<Option<Cached>>,
    generations: AtomicU64,
}

impl SigCache {
    pub(crate) fn new(
        clock: Clock,
        signer: Signer,
        admin: UserId,
        lifetime: Duration,
        margin: Duration,
    ) -> Self {
        SigCache {
            clock,
            signer,
            admin,
            lifetime,
            margin,
            current: Mutex::new(None),
            generations: AtomicU64::new(0),
        }
    }

    pub(crate) fn admin(&self) -> &UserId {
        &self.admin
    }

    pub(crate) fn sdkappid(&self) -> u64 {
        self.signer.sdkappid()
    }

    /// The current credentials, generating them if absent or within the refresh margin of
    /// expiry. Concurrent callers wait on one lock; generation takes microseconds.
    pub(crate) fn get(&self) -> Result<Credentials, Error> {
        let now = self.clock.unix_now();
        let mut current = self.current.lock();
        if let Some(cached) = current.as_ref()
            && now < cached.refresh_at
        {
            return Ok(cached.credentials.clone());
        }
        let fresh = self.generate(now)?;
        let credentials = fresh.credentials.clone();
        *current = Some(fresh);
        Ok(credentials)
    }

    /// Drops the credentials of `generation` if they are still current, so the next
    /// [`SigCache::get`] regenerates. Later generations are left alone.
    pub(crate) fn invalidate(&self, generation: u64) {
        let mut current = self.current.lock();
        if current
            .as_ref()
            .is_some_and(|c| c.credentials.generation == generation)
        {
            *current = None;
        }
    }

    fn generate(&self, now: u64) -> Result<Cached, Error> {
        let lifetime = self.lifetime.as_secs().max(1);
        let sig = self
            .signer
            .generate_at(self.admin.as_str(), lifetime, now)
            .map_err(|source| ConfigError::Signing {
                admin: self.admin.clone(),
                source,
            })?;
        let encoded_sig = AuthQuery::encode_value(sig.as_str());
        let generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
        // Refresh `margin` before expiry, but never sooner than half-way through the lifetime
        // (a margin longer than the lifetime must not regenerate on every call).
        let margin = self.margin.as_secs().min(lifetime / 2);
        Ok(Cached {
            credentials: Credentials {
                query: Arc::new(SignedQuery::new(
                    self.signer.sdkappid(),
                    self.admin.as_str(),
                    sig.as_str(),
                )),
                usersig: Arc::new((sig.into_string(), encoded_sig)),
                generation,
            },
            refresh_at: now + lifetime - margin,
        })
    }
}

impl fmt::Debug for SigCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigCache")
            .field("sdkappid", &self.signer.sdkappid())
            .field("admin", &self.admin)
            .field("lifetime", &self.lifetime)
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use im_sig::SecretKey;

    use super::*;

    fn cache(lifetime: u64, margin: u64) -> SigCache {
        SigCache::new(
            Clock::new(),
            Signer::new(1_400_000_000, SecretKey::new("k")),
            UserId::new("admin+1").unwrap(),
            Duration::from_secs(lifetime),
            Duration::from_secs(margin),
        )
    }

    #[test]
    fn reuses_then_regenerates_after_invalidation() {
        let c = cache(86_400, 300);
        let a = c.get().unwrap();
        let b = c.get().unwrap();
        assert_eq!(a.generation, b.generation);
        assert!(
            a.query(7)
                .starts_with("sdkappid=1400000000&identifier=admin%2B1&usersig=")
        );
        assert!(a.query(7).ends_with("&random=7&contenttype=json"));
        c.invalidate(a.generation + 7);
        assert_eq!(c.get().unwrap().generation, a.generation);
        c.invalidate(a.generation);
        assert!(c.get().unwrap().generation > a.generation);
    }

    #[test]
    fn margin_longer_than_lifetime_does_not_thrash() {
        let c = cache(10, 3600);
        let a = c.get().unwrap();
        assert_eq!(c.get().unwrap().generation, a.generation);
    }

    #[test]
    fn debug_hides_the_signature() {
        let c = cache(100, 10);
        let creds = c.get().unwrap();
        let text = format!("{c:?} {creds:?}");
        assert!(!text.contains("usersig"), "{text}");
        assert!(!text.contains(&creds.query(1)[40..80]), "{text}");
    }
}
