//! Generation and verification.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use base64::Engine as _;
use core::fmt;

use crate::codec::{self, Decimal, LENIENT, STANDARD};
use crate::json::{self, Document, Parsed};
use crate::mac::KeyedMac;
use crate::pmk::{PrivateMapKey, PrivateMapKeyError, Room, parse_private_map_key_userbuf};
use crate::{
    DEFAULT_MAX_SKEW_SECS, GenerateError, MAX_IDENTIFIER_LEN, MAX_USERBUF_LEN, Privileges,
    SecretKey, UserSig, VerifyError,
};

/// How the UserSig JSON is compressed. Every form is accepted by the service and by
/// [`Signer::verify_at`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Compression {
    /// zlib with a stored (uncompressed) block: byte-for-byte the official Go library's
    /// current output (`DefaultCompressionLevel = NoCompression`). The default.
    #[default]
    Stored,
    /// zlib deflate at a level in 1..=9 (the C++ library uses 1, Python, Node, Java and
    /// PHP use 6). About 25% shorter than [`Stored`](Self::Stored); the exact bytes
    /// depend on the compressor and differ from other zlib builds.
    Deflate(u8),
}

/// Options for [`Signer::generate_with`].
///
/// # Examples
///
/// ```
/// use im_sig::{Compression, GenerateOptions};
///
/// let opts = GenerateOptions::new().with_userbuf(b"abc").with_compression(Compression::Deflate(9));
/// assert_eq!(opts.userbuf, Some(&b"abc"[..]));
/// assert_eq!(GenerateOptions::default().compression, Compression::Stored);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GenerateOptions<'a> {
    /// The userbuf to sign and embed (`TLS.userbuf`). An empty one is treated as absent
    /// (as the C++ library does; Go would sign it but drop it from the JSON).
    pub userbuf: Option<&'a [u8]>,
    /// The compression of the JSON.
    pub compression: Compression,
}

impl<'a> GenerateOptions<'a> {
    /// No userbuf, [`Compression::Stored`].
    pub const fn new() -> Self {
        Self {
            userbuf: None,
            compression: Compression::Stored,
        }
    }

    /// Sets the userbuf.
    #[must_use]
    pub const fn with_userbuf(mut self, userbuf: &'a [u8]) -> Self {
        self.userbuf = Some(userbuf);
        self
    }

    /// Sets the compression.
    #[must_use]
    pub const fn with_compression(mut self, compression: Compression) -> Self {
        self.compression = compression;
        self
    }
}

/// The claims of a UserSig, from [`decode`] or a successful verification.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Claims {
    /// `TLS.sdkappid`.
    pub sdkappid: u64,
    /// `TLS.identifier` (the UserID).
    pub identifier: String,
    /// `TLS.time`: issue time, Unix seconds (0 if absent).
    pub time: u64,
    /// `TLS.expire`: lifetime in seconds, relative to `time` (0 if absent).
    pub expire: u64,
    /// `TLS.userbuf`, base64-decoded; `None` if the field is absent
    /// (`Some(vec![])` if it is present but empty).
    pub userbuf: Option<Vec<u8>>,
}

impl Claims {
    /// The last second the UserSig is valid: `time + expire` (saturating).
    /// It is valid while `now <= expires_at()`.
    pub fn expires_at(&self) -> u64 {
        self.time.saturating_add(self.expire)
    }

    /// Whether the UserSig has expired at `now` (`now > time + expire`).
    pub fn is_expired_at(&self, now: u64) -> bool {
        now > self.expires_at()
    }

    /// Whether the UserSig carries a `TLS.userbuf` field (possibly empty).
    pub fn has_userbuf(&self) -> bool {
        self.userbuf.is_some()
    }

    /// Decodes the userbuf as a PrivateMapKey userbuf; `None` without a userbuf.
    pub fn private_map_key(&self) -> Option<Result<PrivateMapKey, PrivateMapKeyError>> {
        self.userbuf.as_deref().map(parse_private_map_key_userbuf)
    }
}

/// Decodes a UserSig and returns its claims **without checking the signature**.
///
/// For diagnostics, and for a server that needs the claimed SDKAppID or identifier to find
/// the key; never trust the result for authentication (use [`Signer::verify_at`]).
///
/// # Errors
///
/// [`VerifyError::Decode`], [`VerifyError::TooLarge`], [`VerifyError::Inflate`],
/// [`VerifyError::Json`] or [`VerifyError::MissingField`] (`TLS.identifier`,
/// `TLS.sdkappid` and `TLS.sig` are required).
pub fn decode(usersig: &str) -> Result<Claims, VerifyError> {
    let zlib = codec::decode_usersig(usersig)?;
    let json = codec::inflate(&zlib)?;
    parse_claims(&json).map(|(claims, _)| claims)
}

/// What verification needs beyond the claims: the signed strings as they appear.
struct Signed<'a> {
    userbuf_b64: Option<Cow<'a, str>>,
    sig_b64: Cow<'a, str>,
}

/// The claims and signed strings of an inflated UserSig document.
fn parse_claims(json: &[u8]) -> Result<(Claims, Signed<'_>), VerifyError> {
    let Parsed {
        identifier,
        sdkappid,
        expire,
        time,
        userbuf_b64,
        sig_b64,
    } = json::parse(json)?;
    let userbuf = match &userbuf_b64 {
        Some(b64) => Some(
            LENIENT
                .decode(b64.as_bytes())
                .map_err(|_| VerifyError::Json)?,
        ),
        None => None,
    };
    let claims = Claims {
        sdkappid,
        identifier,
        time,
        expire,
        userbuf,
    };
    Ok((
        claims,
        Signed {
            userbuf_b64,
            sig_b64,
        },
    ))
}

/// Generates and verifies UserSigs for one application (SDKAppID and secret key).
///
/// Cheap to clone; `Debug` shows the SDKAppID and never the key.
///
/// See the [crate docs](crate) for examples.
#[derive(Clone)]
pub struct Signer {
    sdkappid: u64,
    key: SecretKey,
    /// HMAC state with the key already absorbed.
    mac: KeyedMac,
    /// How far `TLS.time` may lie ahead of the verifier's `now`, in seconds.
    max_skew: u64,
}

impl Signer {
    /// A signer for `sdkappid` with `key`, verifying with the default clock skew
    /// ([`DEFAULT_MAX_SKEW_SECS`]).
    ///
    /// Never fails: an empty key or a zero SDKAppID is reported by the generation methods.
    pub fn new(sdkappid: u64, key: SecretKey) -> Self {
        let mac = KeyedMac::new(key.as_bytes());
        Self {
            sdkappid,
            key,
            mac,
            max_skew: DEFAULT_MAX_SKEW_SECS,
        }
    }

    /// Sets how far ahead of the verifier's `now` a UserSig's `TLS.time` may lie, in seconds
    /// (the clock skew allowed between the machine that signed it and the one verifying it).
    /// A UserSig dated further ahead fails with [`VerifyError::IssuedInFuture`]. Default
    /// [`DEFAULT_MAX_SKEW_SECS`] (5 minutes); `u64::MAX` accepts any date, as the official
    /// libraries' verifiers do.
    ///
    /// ```
    /// use im_sig::{SecretKey, Signer, VerifyError};
    ///
    /// let signer = Signer::new(1400000000, SecretKey::new("my key"));
    /// let now = 1_700_000_000;
    /// let tomorrow = signer.generate_at("alice", 86_400, now + 86_400)?;
    /// assert!(matches!(
    ///     signer.verify_at("alice", tomorrow.as_str(), now),
    ///     Err(VerifyError::IssuedInFuture { ahead: 86_400, max_skew: 300, .. })
    /// ));
    /// let lenient = signer.with_max_skew_secs(86_400);
    /// assert!(lenient.verify_at("alice", tomorrow.as_str(), now).is_ok());
    /// # Ok::<(), im_sig::GenerateError>(())
    /// ```
    #[must_use]
    pub fn with_max_skew_secs(mut self, secs: u64) -> Self {
        self.max_skew = secs;
        self
    }

    /// How far ahead of `now` a verified UserSig's `TLS.time` may lie, in seconds.
    pub fn max_skew_secs(&self) -> u64 {
        self.max_skew
    }

    /// The SDKAppID.
    pub fn sdkappid(&self) -> u64 {
        self.sdkappid
    }

    /// Generates a UserSig for `identifier`, valid for `expire_secs` seconds from `now`
    /// (Unix seconds), in the default form ([`Compression::Stored`], no userbuf).
    ///
    /// # Errors
    ///
    /// [`GenerateError::EmptyIdentifier`], [`GenerateError::IdentifierTooLong`] (over
    /// 32 bytes), [`GenerateError::ZeroExpire`], [`GenerateError::EmptyKey`],
    /// [`GenerateError::ZeroSdkAppId`].
    pub fn generate_at(
        &self,
        identifier: &str,
        expire_secs: u64,
        now: u64,
    ) -> Result<UserSig, GenerateError> {
        self.generate_with(identifier, expire_secs, now, &GenerateOptions::new())
    }

    /// Generates a UserSig with a userbuf and/or another compression.
    ///
    /// # Errors
    ///
    /// As [`Signer::generate_at`], plus [`GenerateError::UserBufTooLong`] and
    /// [`GenerateError::InvalidCompressionLevel`].
    pub fn generate_with(
        &self,
        identifier: &str,
        expire_secs: u64,
        now: u64,
        opts: &GenerateOptions<'_>,
    ) -> Result<UserSig, GenerateError> {
        self.check_inputs(identifier, expire_secs)?;
        let userbuf = opts.userbuf.filter(|ub| !ub.is_empty());
        if let Some(ub) = userbuf
            && ub.len() > MAX_USERBUF_LEN
        {
            return Err(GenerateError::UserBufTooLong { len: ub.len() });
        }
        if let Compression::Deflate(level) = opts.compression
            && !(1..=9).contains(&level)
        {
            return Err(GenerateError::InvalidCompressionLevel { level });
        }
        let userbuf_b64 = userbuf.map(|ub| STANDARD.encode(ub));
        let numbers = [
            Decimal::new(self.sdkappid),
            Decimal::new(now),
            Decimal::new(expire_secs),
        ];
        let tag = self.mac.sign(&Self::string_to_sign(
            identifier,
            &numbers,
            userbuf_b64.as_deref(),
        ));
        let sig_b64 = codec::encode_sig(&tag);
        let [sdkappid, time, expire] = &numbers;
        let document = Document {
            identifier,
            sdkappid,
            expire,
            time,
            userbuf_b64: userbuf_b64.as_deref(),
            sig_b64: &sig_b64,
        };
        let zlib = match opts.compression {
            Compression::Stored => {
                // Write the JSON straight into the stored frame: one buffer, no copy.
                let mut frame = Vec::with_capacity(codec::STORED_HEADER + document.len_hint() + 9);
                frame.resize(codec::STORED_HEADER, 0);
                document.write_go_json(&mut frame);
                codec::finish_stored(frame)
            }
            Compression::Deflate(level) => codec::zlib_deflate(&document.to_go_json(), level),
        };
        Ok(UserSig::from_string(codec::encode_usersig(&zlib)))
    }

    /// Generates a UserSig valid for `expire_secs` seconds from the system clock.
    ///
    /// # Errors
    ///
    /// As [`Signer::generate_at`].
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    pub fn generate(&self, identifier: &str, expire_secs: u64) -> Result<UserSig, GenerateError> {
        self.generate_at(identifier, expire_secs, unix_now())
    }

    /// Verifies a UserSig for `identifier` at `now` and returns its claims.
    ///
    /// Checks, in the official Go verifier's order: decoding, SDKAppID, identifier,
    /// expiry (valid while `now <= time + expire`), then the HMAC (constant time); then,
    /// unlike Go, the issue time: a UserSig whose `TLS.time` is more than the allowed skew
    /// ahead of `now` ([`Signer::with_max_skew_secs`], 5 minutes by default) is refused.
    /// The userbuf is **not** checked: a UserSig with a userbuf (for example a
    /// PrivateMapKey) verifies too, and [`Claims::userbuf`] holds it.
    /// Go's `VerifyUserSig` instead refuses a UserSig that carries a userbuf; for exactly
    /// that behaviour call [`Signer::verify_with_userbuf_at`] with `None`.
    ///
    /// # Errors
    ///
    /// The first failing check's [`VerifyError`].
    pub fn verify_at(
        &self,
        identifier: &str,
        usersig: &str,
        now: u64,
    ) -> Result<Claims, VerifyError> {
        self.verify_inner(identifier, usersig, None, now)
    }

    /// Verifies a UserSig for `identifier` at `now`, also requiring its userbuf to be
    /// exactly `userbuf` (`None`: the UserSig must have no userbuf), like Go's
    /// `VerifyUserSigWithBuf` (and `VerifyUserSig` for `None`).
    ///
    /// # Errors
    ///
    /// As [`Signer::verify_at`], plus [`VerifyError::UserBufMismatch`] when only one side
    /// has a userbuf and [`VerifyError::UserBufBytesMismatch`] when the bytes differ
    /// (checked after expiry, before the HMAC).
    pub fn verify_with_userbuf_at(
        &self,
        identifier: &str,
        usersig: &str,
        userbuf: Option<&[u8]>,
        now: u64,
    ) -> Result<Claims, VerifyError> {
        self.verify_inner(identifier, usersig, Some(userbuf), now)
    }

    /// [`Signer::verify_at`] at the system clock's time.
    ///
    /// # Errors
    ///
    /// As [`Signer::verify_at`].
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    pub fn verify(&self, identifier: &str, usersig: &str) -> Result<Claims, VerifyError> {
        self.verify_at(identifier, usersig, unix_now())
    }

    /// [`Signer::verify_with_userbuf_at`] at the system clock's time.
    ///
    /// # Errors
    ///
    /// As [`Signer::verify_with_userbuf_at`].
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    pub fn verify_with_userbuf(
        &self,
        identifier: &str,
        usersig: &str,
        userbuf: Option<&[u8]>,
    ) -> Result<Claims, VerifyError> {
        self.verify_with_userbuf_at(identifier, usersig, userbuf, unix_now())
    }

    /// Generates a TRTC PrivateMapKey: a UserSig whose userbuf grants `identifier` the
    /// `privileges` in `room` until `now + expire_secs` (the userbuf's absolute expiry,
    /// truncated to 32 bits as the official libraries do).
    ///
    /// The output is byte-for-byte the official Go library's for the same clock reading.
    ///
    /// # Errors
    ///
    /// As [`Signer::generate_at`], plus [`GenerateError::SdkAppIdOutOfRange`] (the
    /// userbuf field is 32 bits), [`GenerateError::EmptyRoom`] and
    /// [`GenerateError::RoomTooLong`].
    pub fn private_map_key_at(
        &self,
        identifier: &str,
        expire_secs: u64,
        room: &Room<'_>,
        privileges: Privileges,
        now: u64,
    ) -> Result<UserSig, GenerateError> {
        self.check_inputs(identifier, expire_secs)?;
        let sdkappid =
            u32::try_from(self.sdkappid).map_err(|_| GenerateError::SdkAppIdOutOfRange {
                sdkappid: self.sdkappid,
            })?;
        // Go: `uint32(time.Now().Unix() + expire)`, i.e. the low 32 bits.
        let expires_at = (now.wrapping_add(expire_secs) & 0xFFFF_FFFF) as u32;
        let userbuf =
            PrivateMapKey::new(sdkappid, identifier, room, privileges, expires_at)?.to_bytes();
        let opts = GenerateOptions::new().with_userbuf(&userbuf);
        self.generate_with(identifier, expire_secs, now, &opts)
    }

    /// [`Signer::private_map_key_at`] at the system clock's time.
    ///
    /// # Errors
    ///
    /// As [`Signer::private_map_key_at`].
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    pub fn private_map_key(
        &self,
        identifier: &str,
        expire_secs: u64,
        room: &Room<'_>,
        privileges: Privileges,
    ) -> Result<UserSig, GenerateError> {
        self.private_map_key_at(identifier, expire_secs, room, privileges, unix_now())
    }

    fn check_inputs(&self, identifier: &str, expire_secs: u64) -> Result<(), GenerateError> {
        if identifier.is_empty() {
            return Err(GenerateError::EmptyIdentifier);
        }
        if identifier.len() > MAX_IDENTIFIER_LEN {
            return Err(GenerateError::IdentifierTooLong {
                len: identifier.len(),
            });
        }
        if expire_secs == 0 {
            return Err(GenerateError::ZeroExpire);
        }
        if self.key.is_empty() {
            return Err(GenerateError::EmptyKey);
        }
        if self.sdkappid == 0 {
            return Err(GenerateError::ZeroSdkAppId);
        }
        Ok(())
    }

    /// The string to sign (usersig.md §2 step 3), as parts for [`KeyedMac`]: the numbers are
    /// written into `numbers`.
    fn string_to_sign<'a>(
        identifier: &'a str,
        numbers: &'a [Decimal; 3],
        userbuf_b64: Option<&'a str>,
    ) -> [&'a [u8]; 12] {
        let [sdkappid, time, expire] = numbers;
        let (ub_key, ub, ub_end): (&[u8], &[u8], &[u8]) = match userbuf_b64 {
            Some(ub) => (b"TLS.userbuf:", ub.as_bytes(), b"\n"),
            None => (b"", b"", b""),
        };
        [
            b"TLS.identifier:",
            identifier.as_bytes(),
            b"\nTLS.sdkappid:",
            sdkappid.as_bytes(),
            b"\nTLS.time:",
            time.as_bytes(),
            b"\nTLS.expire:",
            expire.as_bytes(),
            b"\n",
            ub_key,
            ub,
            ub_end,
        ]
    }

    /// `expected_userbuf`: `None` = do not check; `Some(x)` = require `x`.
    fn verify_inner(
        &self,
        identifier: &str,
        usersig: &str,
        expected_userbuf: Option<Option<&[u8]>>,
        now: u64,
    ) -> Result<Claims, VerifyError> {
        let zlib = codec::decode_usersig(usersig)?;
        let json = codec::inflate(&zlib)?;
        let (claims, signed) = parse_claims(&json)?;
        if claims.sdkappid != self.sdkappid {
            return Err(VerifyError::SdkAppIdMismatch {
                expected: self.sdkappid,
                found: claims.sdkappid,
            });
        }
        if claims.identifier != identifier {
            return Err(VerifyError::IdentifierMismatch {
                expected: identifier.into(),
                found: claims.identifier,
            });
        }
        if claims.is_expired_at(now) {
            return Err(VerifyError::Expired {
                expired_at: claims.expires_at(),
                now,
            });
        }
        if let Some(expected) = expected_userbuf {
            match (expected, claims.userbuf.as_deref()) {
                (None, None) => {}
                (Some(expected), Some(found)) => {
                    if expected != found {
                        return Err(VerifyError::UserBufBytesMismatch);
                    }
                }
                _ => return Err(VerifyError::UserBufMismatch),
            }
        }
        // Like Go, compare raw HMAC bytes (decoded `TLS.sig`), in constant time. A `TLS.sig`
        // too long for the buffer is no HMAC-SHA256 either.
        let mut sig = [0u8; 48];
        let sig_len = LENIENT
            .decode_slice(signed.sig_b64.as_bytes(), &mut sig)
            .map_err(|_| VerifyError::SigMismatch)?;
        let numbers = [
            Decimal::new(claims.sdkappid),
            Decimal::new(claims.time),
            Decimal::new(claims.expire),
        ];
        let message =
            Self::string_to_sign(&claims.identifier, &numbers, signed.userbuf_b64.as_deref());
        if !self.mac.verify(&message, &sig[..sig_len]) {
            return Err(VerifyError::SigMismatch);
        }
        // Last, so that only an authentic UserSig's date is reported.
        if claims.time > now.saturating_add(self.max_skew) {
            return Err(VerifyError::IssuedInFuture {
                time: claims.time,
                now,
                ahead: claims.time - now,
                max_skew: self.max_skew,
            });
        }
        Ok(claims)
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("sdkappid", &self.sdkappid)
            .field("key", &self.key)
            .finish()
    }
}

#[cfg(feature = "std")]
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn signer_debug_redacts() {
        let s = Signer::new(1, SecretKey::new("hunter2"));
        let d = alloc::format!("{s:?}");
        assert_eq!(d, "Signer { sdkappid: 1, key: SecretKey(<redacted>) }");
        let _ = vec![0u8];
    }
}
