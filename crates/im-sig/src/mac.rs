//! HMAC-SHA256 with the key absorbed once per [`Signer`](crate::Signer).
//!
//! Two interchangeable backends compute the same bytes: RustCrypto's `hmac` + `sha2` (always
//! available, pure Rust), and, with the `ring` feature (default), ring's, whose SHA-256 picks
//! the CPU's fastest instructions at run time (SHA extensions, AVX2...) and roughly halves the
//! cost of a signature on machines without SHA extensions.

/// An HMAC-SHA256 key with its inner and outer pads already hashed.
#[derive(Clone)]
pub(crate) struct KeyedMac {
    #[cfg(feature = "ring")]
    key: ring::hmac::Key,
    #[cfg(not(feature = "ring"))]
    state: rustcrypto::HmacSha256,
}

/// One HMAC computation in progress.
pub(crate) struct Running {
    #[cfg(feature = "ring")]
    context: ring::hmac::Context,
    #[cfg(not(feature = "ring"))]
    state: rustcrypto::HmacSha256,
}

impl KeyedMac {
    /// Absorbs `key` (any length; longer than a block is hashed first, as HMAC specifies).
    pub(crate) fn new(key: &[u8]) -> Self {
        #[cfg(feature = "ring")]
        {
            KeyedMac {
                key: ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key),
            }
        }
        #[cfg(not(feature = "ring"))]
        {
            KeyedMac {
                state: rustcrypto::keyed(key),
            }
        }
    }

    /// Starts a computation.
    pub(crate) fn start(&self) -> Running {
        #[cfg(feature = "ring")]
        {
            Running {
                context: ring::hmac::Context::with_key(&self.key),
            }
        }
        #[cfg(not(feature = "ring"))]
        {
            Running {
                state: self.state.clone(),
            }
        }
    }
}

impl Running {
    /// Absorbs `data`.
    pub(crate) fn update(&mut self, data: &[u8]) {
        #[cfg(feature = "ring")]
        self.context.update(data);
        #[cfg(not(feature = "ring"))]
        hmac::Mac::update(&mut self.state, data);
    }

    /// The 32-byte tag.
    pub(crate) fn finish(self) -> [u8; 32] {
        let mut out = [0u8; 32];
        #[cfg(feature = "ring")]
        out.copy_from_slice(self.context.sign().as_ref());
        #[cfg(not(feature = "ring"))]
        out.copy_from_slice(&hmac::Mac::finalize(self.state).into_bytes());
        out
    }

    /// Whether the tag equals `expected`, compared in constant time.
    pub(crate) fn verify(self, expected: &[u8]) -> bool {
        let tag = self.finish();
        if expected.len() != tag.len() {
            return false;
        }
        let diff = tag
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        // Keep the compiler from turning the fold into an early exit.
        core::hint::black_box(diff) == 0
    }
}

#[cfg(not(feature = "ring"))]
mod rustcrypto {
    use hmac::Hmac;
    use hmac::digest::{Digest, Key, KeyInit};
    use sha2::Sha256;

    pub(crate) type HmacSha256 = Hmac<Sha256>;

    /// HMAC-SHA256 keyed with `key`, without the fallible `new_from_slice`: the key is
    /// hashed if longer than the SHA-256 block and zero-padded to the block, which is exactly
    /// what HMAC does with it (RFC 2104 §2).
    pub(crate) fn keyed(key: &[u8]) -> HmacSha256 {
        let mut block = Key::<HmacSha256>::default();
        if key.len() > block.len() {
            let digest = Sha256::digest(key);
            for (dst, src) in block.iter_mut().zip(digest.iter()) {
                *dst = *src;
            }
        } else {
            for (dst, src) in block.iter_mut().zip(key) {
                *dst = *src;
            }
        }
        <HmacSha256 as KeyInit>::new(&block)
    }
}

#[cfg(test)]
mod tests {
    use alloc::vec::Vec;

    use hmac::Mac;

    use super::*;

    /// Whichever backend is built, it agrees with RustCrypto's `new_from_slice` for every key
    /// length around the block size.
    #[test]
    fn matches_a_reference_hmac() {
        for len in [0usize, 1, 32, 63, 64, 65, 100, 200] {
            let key: Vec<u8> = (0..len).map(|i| i as u8 ^ 0x5c).collect();
            let mut ours = KeyedMac::new(&key).start();
            ours.update(b"mess");
            ours.update(b"age");
            let mut reference = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
            reference.update(b"message");
            let expected = reference.finalize().into_bytes();
            assert_eq!(ours.finish()[..], expected[..], "{len}");
            let mut again = KeyedMac::new(&key).start();
            again.update(b"message");
            assert!(again.verify(&expected));
            let mut wrong = KeyedMac::new(&key).start();
            wrong.update(b"messagE");
            assert!(!wrong.verify(&expected));
            assert!(!KeyedMac::new(&key).start().verify(&expected[..31]));
        }
    }
}
