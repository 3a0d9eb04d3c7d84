//! UserSig (TLSSigAPIv2) for Tencent Cloud IM and TRTC: generate, verify, PrivateMapKey.
//!
//! A UserSig is the credential passed as `usersig=` on every IM REST call and used by the
//! client SDKs to log in.
//! It is an HMAC-SHA256 over the identifier, SDKAppID, issue time and lifetime (and an
//! optional "userbuf"), wrapped in JSON, zlib-compressed and encoded with a URL-safe
//! base64 variant.
//! This crate implements it so that it interoperates with every official library
//! (`tencentyun/tls-sig-api-v2-*` in Go, Python, Java, Node, C++, PHP and C#):
//!
//! - **Generation** is byte-for-byte the official Go library's current output by default
//!   ([`Compression::Stored`]: zlib with one stored block), or deflate at a chosen level.
//!   The JSON has Go's key order (`ver, identifier, sdkappid, expire, time, userbuf, sig`),
//!   Go's escaping (`<`, `>`, `&` as `\u003c`, ...) and Go's trailing newline.
//! - **Verification** follows the official Go verifier's check order and accepts every
//!   official library's output: any key order, spaces, escapes such as `\/`, a trailing
//!   newline, any zlib level, a missing `TLS.expire`/`TLS.time` (read as 0, as Go emits
//!   for expire 0), numeric strings for the numbers (PHP leniency), and unpaired
//!   surrogate escapes as Node writes them (read as U+FFFD, as Go does).
//!   Every failure has its own [`VerifyError`] variant.
//!   Unlike the official verifiers, a UserSig dated more than 5 minutes ahead of the
//!   verifier's clock is refused ([`VerifyError::IssuedInFuture`]; the skew is
//!   configurable with [`Signer::with_max_skew_secs`]).
//!   Deliberately stricter than Go, where no official library writes what Go tolerates: keys
//!   are matched case-sensitively and a repeated key is refused (Go keeps the last), the last
//!   base64 character's unused bits must be zero, nothing may follow the zlib stream, and the
//!   padding bits of a stored block's header and after the final deflate block must be zero,
//!   so that no changed character of a stored UserSig verifies. (A deflated one keeps
//!   encoding freedoms no verifier can refuse, such as a back-reference to an equal earlier
//!   copy: a change there verifies with the identical content.)
//! - **Hardening**: the signature comparison is constant time, the input and the inflated
//!   size are capped ([`MAX_USERSIG_LEN`], [`MAX_JSON_LEN`]) so a compression bomb costs
//!   nothing, and no input makes it panic.
//! - **Secrets**: [`SecretKey`] and [`UserSig`] never print their value in `Debug`
//!   (and have no value-printing `Display`).
//! - **PrivateMapKey** (TRTC room permissions): numeric and string room userbuf layouts,
//!   with the privilege bits as a typed set ([`Privileges`]), and a decoder for the
//!   userbuf ([`parse_private_map_key_userbuf`]).
//!
//! This crate does no I/O. Time is an input: every core function takes `now` (Unix
//! seconds); with the `std` feature, conveniences read the system clock.
//!
//! # Crate features
//!
//! - `std` (default): adds the system-clock conveniences `generate`, `verify`,
//!   `verify_with_userbuf` and `private_map_key` on [`Signer`], and enables the
//!   dependencies' `std` features.
//!   The crate is always `#![no_std]`; without this feature it needs only `alloc`.
//! - `ring` (default): HMAC-SHA256 through `ring` on CPUs without SHA extensions, where its
//!   SHA-256 (the CPU's fastest instructions, picked at run time) is about twice as fast as
//!   the pure-Rust `hmac`/`sha2` backend. On x86 CPUs with SHA extensions the pure-Rust backend
//!   uses them and costs less per call, so it is picked there (at run time). Same output;
//!   builds with a C compiler, no cmake; works without std. Without it, the pure-Rust backend
//!   is always used.
//!
//! Every secret ([`SecretKey`]) is zeroed in memory when dropped, with or without std.
//!
//! # Examples
//!
//! Generate a UserSig for the REST admin account and verify it:
//!
//! ```
//! use im_sig::{SecretKey, Signer, VerifyError};
//!
//! let key = SecretKey::new("5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e");
//! let signer = Signer::new(1400000000, key);
//! let now = 1_700_000_000;
//!
//! let usersig = signer.generate_at("administrator", 86_400, now)?;
//! let claims = signer.verify_at("administrator", usersig.as_str(), now)?;
//! assert_eq!(claims.expires_at(), now + 86_400);
//!
//! // One day and one second later it has expired.
//! assert!(matches!(
//!     signer.verify_at("administrator", usersig.as_str(), now + 86_401),
//!     Err(VerifyError::Expired { .. })
//! ));
//! // Another identifier does not match.
//! assert!(matches!(
//!     signer.verify_at("bob", usersig.as_str(), now),
//!     Err(VerifyError::IdentifierMismatch { .. })
//! ));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
//!
//! The official Go library's output is reproduced exactly (test vector V1):
//!
//! ```
//! use im_sig::{SecretKey, Signer};
//!
//! let signer = Signer::new(
//!     1400000000,
//!     SecretKey::new("5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"),
//! );
//! let usersig = signer.generate_at("xiaojun", 15_552_000, 1_700_000_000)?;
//! assert_eq!(
//!     usersig.as_str(),
//!     "eAEArABT-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZC\
//!      I6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMuc2ln\
//!      IjoiTHZBN2QvSXc3Z1NzbnNrdlZ6QkRQT0NDRGJ1TkN3NEdId1RDMGJpcCtCND0ifQoBAAD--9-DMfw_"
//! );
//! # Ok::<(), im_sig::GenerateError>(())
//! ```
//!
//! Other output forms and a userbuf:
//!
//! ```
//! use im_sig::{Compression, GenerateOptions, SecretKey, Signer};
//!
//! let signer = Signer::new(1400000000, SecretKey::new("my key"));
//! let opts = GenerateOptions::new()
//!     .with_compression(Compression::Deflate(6))
//!     .with_userbuf(b"abc");
//! let usersig = signer.generate_with("alice", 3_600, 1_700_000_000, &opts)?;
//! let claims = signer.verify_with_userbuf_at("alice", usersig.as_str(), Some(b"abc"), 1_700_000_000)?;
//! assert_eq!(claims.userbuf.as_deref(), Some(&b"abc"[..]));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
//!
//! Inspect a UserSig without the key (for diagnostics, or to learn the claimed SDKAppID
//! first), then verify it:
//!
//! ```
//! let usersig = "eAEArABT-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMuc2lnIjoiTHZBN2QvSXc3Z1NzbnNrdlZ6QkRQT0NDRGJ1TkN3NEdId1RDMGJpcCtCND0ifQoBAAD--9-DMfw_";
//! let claims = im_sig::decode(usersig)?;
//! assert_eq!(claims.identifier, "xiaojun");
//! assert_eq!(claims.sdkappid, 1400000000);
//! assert_eq!((claims.time, claims.expire), (1_700_000_000, 15_552_000));
//! # Ok::<(), im_sig::VerifyError>(())
//! ```
//!
//! A TRTC PrivateMapKey for room 10000 allowing entry and receiving audio and video:
//!
//! ```
//! use im_sig::{parse_private_map_key_userbuf, Privileges, Room, SecretKey, Signer};
//!
//! let signer = Signer::new(1400000000, SecretKey::new("my key"));
//! let privileges: Privileges = "enter,recv-audio,recv-video".parse()?;
//! assert_eq!(privileges.bits(), 42);
//! let now = 1_700_000_000;
//! let key = signer.private_map_key_at("alice", 300, &Room::Numeric(10000), privileges, now)?;
//!
//! // Verify it and decode the userbuf: the room, the privileges and an absolute expiry.
//! let claims = signer.verify_at("alice", key.as_str(), now)?;
//! let pmk = parse_private_map_key_userbuf(claims.userbuf.as_deref().unwrap_or_default())?;
//! assert_eq!(pmk.room(), Some(Room::Numeric(10000)));
//! assert_eq!(pmk.privileges(), privileges);
//! assert_eq!(pmk.expires_at, 1_700_000_300);
//!
//! // Like Go's `VerifyUserSig`, requiring "no userbuf" refuses it.
//! assert_eq!(
//!     signer.verify_with_userbuf_at("alice", key.as_str(), None, now),
//!     Err(im_sig::VerifyError::UserBufMismatch)
//! );
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

mod codec;
mod error;
mod json;
mod key;
mod limits;
mod mac;
mod pmk;
mod privilege;
mod signer;

pub use error::{GenerateError, VerifyError};
pub use key::{SecretKey, UserSig};
pub use limits::{
    DEFAULT_MAX_SKEW_SECS, MAX_IDENTIFIER_LEN, MAX_JSON_LEN, MAX_USERBUF_LEN, MAX_USERSIG_LEN,
};
pub use pmk::{PrivateMapKey, PrivateMapKeyError, Room, parse_private_map_key_userbuf};
pub use privilege::{ParsePrivilegesError, Privileges};
pub use signer::{Claims, Compression, GenerateOptions, Signer, decode};

/// The HMAC-SHA256 backends this build has: `"ring"` (feature `ring`: ring's on CPUs without
/// SHA extensions, RustCrypto's on x86 CPUs with them, chosen at run time) or `"rustcrypto"`.
pub const HMAC_BACKEND: &str = if cfg!(feature = "ring") {
    "ring"
} else {
    "rustcrypto"
};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
