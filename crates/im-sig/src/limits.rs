//! The sizes and the clock skew the signer accepts: a leaf module, read by the signer, the
//! codecs and the JSON reader, and public at the crate root.

/// The longest identifier accepted on generation, in bytes (the documented UserID limit).
pub const MAX_IDENTIFIER_LEN: usize = 32;

/// The longest userbuf accepted on generation, in bytes.
///
/// A PrivateMapKey userbuf is under 100 bytes; the limit keeps every generated UserSig
/// well within what [`Signer::verify_at`](crate::Signer::verify_at) accepts ([`MAX_JSON_LEN`]).
pub const MAX_USERBUF_LEN: usize = 4096;

/// How far ahead of the verifier's clock a UserSig's `TLS.time` may lie by default, in seconds
/// (5 minutes of clock skew between the signing and the verifying machine); see
/// [`Signer::with_max_skew_secs`](crate::Signer::with_max_skew_secs).
pub const DEFAULT_MAX_SKEW_SECS: u64 = 300;

/// The longest UserSig string accepted on verification, in characters.
///
/// A real UserSig is a few hundred characters; longer input is refused with
/// [`VerifyError::TooLarge`](crate::VerifyError::TooLarge) before it is decoded.
pub const MAX_USERSIG_LEN: usize = 16 * 1024;

/// The largest inflated JSON accepted on verification, in bytes.
///
/// A UserSig JSON is under 1 KiB (under 6 KiB with the largest userbuf this crate
/// generates); inflation stops as soon as this is exceeded and the UserSig is refused with
/// [`VerifyError::TooLarge`](crate::VerifyError::TooLarge), so a compression bomb costs next to nothing.
pub const MAX_JSON_LEN: usize = 8 * 1024;
