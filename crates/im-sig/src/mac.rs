//! HMAC-SHA256 with the key absorbed once per [`Signer`](crate::Signer).
//!
//! Two interchangeable backends compute the same bytes: RustCrypto's `hmac` + `sha2` (always
//! available, pure Rust, using the x86 SHA extensions when the CPU has them), and, with the
//! `ring` feature (default), ring's, whose SHA-256 picks the CPU's fastest instructions at run
//! time (AVX2...) and roughly halves the cost of a signature on CPUs without SHA extensions.
//! With both built, the choice is made once per key at run time: RustCrypto's where the CPU
//! has SHA extensions (the same compression instructions, with less work around them per
//! call), ring's elsewhere.
//!
//! A message is given as parts (the fields of the string to sign) and hashed in one update
//! when it fits a stack buffer: one call through the backend instead of one per part.

use hmac::Mac as _;
use hmac::digest::{Digest, Key, KeyInit};
use sha2::Sha256;

type HmacSha256 = hmac::Hmac<Sha256>;

/// Messages up to this length are joined on the stack and hashed in one update (the string
/// to sign of a UserSig without userbuf is about 100 bytes).
const JOINED: usize = 256;

/// An HMAC-SHA256 key with its inner and outer pads already hashed.
#[derive(Clone)]
pub(crate) struct KeyedMac {
    rustcrypto: HmacSha256,
    /// ring's key, when ring is the faster backend on this CPU.
    #[cfg(feature = "ring")]
    ring: Option<ring::hmac::Key>,
}

impl KeyedMac {
    /// Absorbs `key` (any length; longer than a block is hashed first, as HMAC specifies).
    pub(crate) fn new(key: &[u8]) -> Self {
        KeyedMac {
            rustcrypto: keyed(key),
            #[cfg(feature = "ring")]
            ring: (!sha_extensions()).then(|| ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key)),
        }
    }

    /// The tag of the concatenation of `parts`.
    pub(crate) fn sign(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut joined = [0u8; JOINED];
        let len: usize = parts.iter().map(|p| p.len()).sum();
        if len <= JOINED {
            let mut at = 0;
            for part in parts {
                joined[at..at + part.len()].copy_from_slice(part);
                at += part.len();
            }
            self.sign_one(&joined[..len])
        } else {
            self.sign_parts(parts)
        }
    }

    /// Whether the tag of `parts` equals `expected`, compared in constant time.
    pub(crate) fn verify(&self, parts: &[&[u8]], expected: &[u8]) -> bool {
        let tag = self.sign(parts);
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

    fn sign_one(&self, message: &[u8]) -> [u8; 32] {
        self.sign_parts(&[message])
    }

    fn sign_parts(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut out = [0u8; 32];
        #[cfg(feature = "ring")]
        if let Some(key) = &self.ring {
            let mut context = ring::hmac::Context::with_key(key);
            for part in parts {
                context.update(part);
            }
            out.copy_from_slice(context.sign().as_ref());
            return out;
        }
        let mut state = self.rustcrypto.clone();
        for part in parts {
            state.update(part);
        }
        out.copy_from_slice(&state.finalize().into_bytes());
        out
    }

    /// The backend this key computes with: `"ring"` or `"rustcrypto"`.
    #[cfg(all(test, feature = "ring"))]
    pub(crate) fn backend(&self) -> &'static str {
        if self.ring.is_some() {
            "ring"
        } else {
            "rustcrypto"
        }
    }
}

/// Whether sha2 computes with the x86 SHA extensions on this CPU (its own test).
#[cfg(all(feature = "ring", any(target_arch = "x86", target_arch = "x86_64")))]
fn sha_extensions() -> bool {
    cpufeatures::new!(shani, "sha", "sse2", "ssse3", "sse4.1");
    shani::get()
}

/// sha2 has no hardware path here without its `asm` feature: ring is the faster backend.
#[cfg(all(
    feature = "ring",
    not(any(target_arch = "x86", target_arch = "x86_64"))
))]
fn sha_extensions() -> bool {
    false
}

/// HMAC-SHA256 keyed with `key`, without the fallible `new_from_slice`: the key is hashed if
/// longer than the SHA-256 block and zero-padded to the block, which is exactly what HMAC
/// does with it (RFC 2104 §2).
fn keyed(key: &[u8]) -> HmacSha256 {
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

#[cfg(test)]
mod tests {
    use alloc::vec;
    use alloc::vec::Vec;

    use super::*;

    fn reference(key: &[u8], message: &[u8]) -> Vec<u8> {
        let mut reference = <HmacSha256 as KeyInit>::new_from_slice(key).unwrap();
        reference.update(message);
        reference.finalize().into_bytes().to_vec()
    }

    /// Whichever backend this CPU gets, it agrees with RustCrypto's `new_from_slice` for every
    /// key length around the block size, joined on the stack or not.
    #[test]
    fn matches_a_reference_hmac() {
        for len in [0usize, 1, 32, 63, 64, 65, 100, 200] {
            let key: Vec<u8> = (0..len).map(|i| i as u8 ^ 0x5c).collect();
            let mac = KeyedMac::new(&key);
            let expected = reference(&key, b"message");
            assert_eq!(mac.sign(&[b"mess", b"", b"age"])[..], expected[..], "{len}");
            assert!(mac.verify(&[b"message"], &expected));
            assert!(!mac.verify(&[b"messagE"], &expected));
            assert!(!mac.verify(&[b"message"], &expected[..31]));
            // Longer than the stack buffer: hashed part by part.
            let long = vec![b'x'; JOINED + 1];
            let expected = reference(&key, &long);
            assert_eq!(mac.sign(&[&long[..10], &long[10..]])[..], expected[..]);
            assert_eq!(
                mac.sign(&[&long[..JOINED]])[..],
                reference(&key, &long[..JOINED])[..]
            );
        }
    }

    /// Both backends, whichever this CPU picks, give the same tags.
    #[cfg(feature = "ring")]
    #[test]
    fn both_backends_agree() {
        let key = b"5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
        let mac = KeyedMac::new(key);
        let forced_ring = KeyedMac {
            ring: Some(ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key)),
            ..mac.clone()
        };
        let forced_rustcrypto = KeyedMac {
            ring: None,
            ..mac.clone()
        };
        assert_eq!(forced_ring.backend(), "ring");
        assert_eq!(forced_rustcrypto.backend(), "rustcrypto");
        for message in [&b""[..], b"TLS.identifier:a\n", &[7u8; 300]] {
            let parts = [message];
            assert_eq!(forced_ring.sign(&parts), forced_rustcrypto.sign(&parts));
            assert_eq!(mac.sign(&parts), forced_ring.sign(&parts));
        }
    }
}
