//! Generation and verification errors.

use alloc::string::String;

/// Why a UserSig (or PrivateMapKey) could not be generated.
///
/// `Display` names the offending value and the rule; it never contains the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GenerateError {
    /// The identifier (UserID) is empty.
    #[error("identifier is empty; a UserSig needs a non-empty identifier")]
    EmptyIdentifier,
    /// The identifier is longer than [`crate::MAX_IDENTIFIER_LEN`] bytes.
    #[error("identifier is {len} bytes long; at most {max} bytes are allowed", max = crate::MAX_IDENTIFIER_LEN)]
    IdentifierTooLong {
        /// The identifier's length in bytes.
        len: usize,
    },
    /// The lifetime is 0 seconds.
    #[error("expire is 0 seconds; the lifetime must be at least 1 second")]
    ZeroExpire,
    /// The secret key is empty.
    #[error("the secret key is empty")]
    EmptyKey,
    /// The SDKAppID is 0 (the official Go library would omit it from the JSON).
    #[error("sdkappid is 0; a UserSig needs the application's SDKAppID")]
    ZeroSdkAppId,
    /// A PrivateMapKey needs an SDKAppID that fits the userbuf's 32-bit field.
    #[error("sdkappid {sdkappid} does not fit the PrivateMapKey's 32-bit field")]
    SdkAppIdOutOfRange {
        /// The SDKAppID.
        sdkappid: u64,
    },
    /// [`crate::Compression::Deflate`] with a level outside 1..=9.
    #[error("deflate level {level} is out of range; use 1..=9 (or Compression::Stored)")]
    InvalidCompressionLevel {
        /// The level given.
        level: u8,
    },
    /// The userbuf is longer than [`crate::MAX_USERBUF_LEN`] bytes.
    #[error("userbuf is {len} bytes long; at most {max} bytes are allowed", max = crate::MAX_USERBUF_LEN)]
    UserBufTooLong {
        /// The userbuf's length in bytes.
        len: usize,
    },
    /// A PrivateMapKey string room id is empty.
    #[error("the string room id is empty; use a non-empty string or a numeric room")]
    EmptyRoom,
    /// A PrivateMapKey string room id is longer than 65 535 bytes (its length field is 16 bits).
    #[error("the string room id is {len} bytes long; at most 65535 bytes are allowed")]
    RoomTooLong {
        /// The room id's length in bytes.
        len: usize,
    },
}

/// Why a UserSig did not verify.
///
/// Variants come in the order the checks run: the first five while decoding
/// ([`crate::decode`]), then the official Go verifier's order (SDKAppID, identifier,
/// expiry, userbuf, signature), then the issue time (not checked by Go).
/// `Display` never contains the key or the UserSig.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The UserSig is not valid URL-safe base64 (alphabet `A-Z a-z 0-9 * -`, padding `_`).
    #[error("usersig is not valid base64 (UserSig alphabet: A-Z a-z 0-9 * - and _ padding)")]
    Decode,
    /// The decoded bytes are not a valid zlib stream (header, deflate data or checksum).
    #[error("usersig is not a valid zlib stream")]
    Inflate,
    /// The UserSig or its inflated JSON is far larger than any real UserSig.
    #[error(
        "usersig is too large (over {} characters, or over {} bytes inflated)",
        crate::MAX_USERSIG_LEN,
        crate::MAX_JSON_LEN
    )]
    TooLarge,
    /// The inflated content is not a JSON object of the expected shape (bad syntax, wrong
    /// types, negative or non-integer numbers, duplicate keys, invalid userbuf base64).
    #[error("usersig content is not a valid UserSig JSON object")]
    Json,
    /// A required field (`TLS.identifier`, `TLS.sdkappid` or `TLS.sig`) is missing.
    #[error("usersig has no {0} field")]
    MissingField(&'static str),
    /// The UserSig is for another application.
    #[error("sdkappid mismatch: expected {expected}, the usersig is for {found}")]
    SdkAppIdMismatch {
        /// The SDKAppID the verifier was set up with.
        expected: u64,
        /// The SDKAppID in the UserSig.
        found: u64,
    },
    /// The UserSig is for another identifier.
    #[error("identifier mismatch: expected {expected:?}, the usersig is for {found:?}")]
    IdentifierMismatch {
        /// The identifier asked for.
        expected: String,
        /// The identifier in the UserSig.
        found: String,
    },
    /// The UserSig has expired: `now > time + expire`.
    #[error("usersig expired at {expired_at} (now is {now})")]
    Expired {
        /// `time + expire` (saturating): the last second it was valid.
        expired_at: u64,
        /// The time of the check.
        now: u64,
    },
    /// One side has a userbuf and the other has none (Go's `ErrUserBufTypeNotMatch`).
    #[error("userbuf presence mismatch: one side has a userbuf and the other has none")]
    UserBufMismatch,
    /// Both sides have a userbuf but the bytes differ (Go's `ErrUserBufNotMatch`).
    #[error("userbuf mismatch: the usersig's userbuf differs from the expected one")]
    UserBufBytesMismatch,
    /// The HMAC does not match: wrong key, or the content was altered.
    #[error("signature mismatch (wrong secret key, or the usersig was altered)")]
    SigMismatch,
    /// The UserSig is authentic but dated ahead of the verifier's clock by more than the
    /// allowed skew ([`crate::Signer::with_max_skew_secs`]).
    #[error(
        "usersig is dated {time}, {ahead} s after now ({now}); a usersig may be dated at most {max_skew} s ahead of the verifier's clock"
    )]
    IssuedInFuture {
        /// `TLS.time`: when the UserSig says it was issued.
        time: u64,
        /// The time of the check.
        now: u64,
        /// `time - now`, in seconds.
        ahead: u64,
        /// The skew allowed, in seconds.
        max_skew: u64,
    },
}

impl VerifyError {
    /// The closest REST error code the IM service returns for this failure
    /// (70001 expired, 70003 malformed, 70005 dated ahead, 70009 signature, 70013
    /// identifier, 70014 SDKAppID), for emulators and diagnostics.
    pub fn service_error_code(&self) -> u32 {
        match self {
            Self::Expired { .. } => 70001,
            Self::IssuedInFuture { .. } => 70005,
            Self::SigMismatch => 70009,
            Self::IdentifierMismatch { .. } => 70013,
            Self::SdkAppIdMismatch { .. } => 70014,
            Self::Decode
            | Self::Inflate
            | Self::TooLarge
            | Self::Json
            | Self::MissingField(_)
            | Self::UserBufMismatch
            | Self::UserBufBytesMismatch => 70003,
        }
    }
}
