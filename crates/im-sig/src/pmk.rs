//! TRTC PrivateMapKey userbuf layout (usersig.md §6).

use alloc::vec::Vec;

use crate::{GenerateError, Privileges};

/// The room a PrivateMapKey grants access to.
// Exhaustive: the userbuf format has exactly two room id kinds (its version byte 0 or 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Room<'a> {
    /// A numeric room id (`roomid`; userbuf version 0).
    Numeric(u32),
    /// A string room id (`roomStr`; userbuf version 1). Must be non-empty.
    Str(&'a str),
}

/// The decoded fields of a PrivateMapKey userbuf.
///
/// Layout (all integers big-endian): `cVer` u8 · account length u16 · account ·
/// SDKAppID u32 · numeric room id u32 · absolute expiry u32 · privilege map u32 ·
/// account type u32 · (version 1 only) room string length u16 · room string.
///
/// Build one with [`PrivateMapKey::new`] and [`PrivateMapKey::to_bytes`] (what
/// [`crate::Signer::private_map_key_at`] does), or read one with
/// [`parse_private_map_key_userbuf`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PrivateMapKey {
    /// `cVer`: 0 for a numeric room, 1 for a string room.
    pub version: u8,
    /// The UserID bytes (UTF-8 from this crate and the Go, C++ and PHP libraries; the
    /// Java and Node libraries write one byte per UTF-16 unit, so only ASCII is portable).
    pub account: Vec<u8>,
    /// `dwSdkAppid`.
    pub sdkappid: u32,
    /// `dwAuthID`: the numeric room id (0 for a string room).
    pub room_id: u32,
    /// `roomStr` bytes, present for version 1.
    pub room_str: Option<Vec<u8>>,
    /// `dwExpTime`: **absolute** expiry in Unix seconds (issue time + expire, truncated to
    /// 32 bits).
    pub expires_at: u32,
    /// `dwPrivilegeMap`: the raw 32-bit privilege field (see [`PrivateMapKey::privileges`]).
    pub privilege_map: u32,
    /// `dwAccountType`: always 0 in the official libraries.
    pub account_type: u32,
}

impl PrivateMapKey {
    /// The userbuf fields for `account` in `room` with `privileges`, valid until the
    /// absolute time `expires_at`.
    ///
    /// # Errors
    ///
    /// [`GenerateError::EmptyRoom`] for `Room::Str("")`, [`GenerateError::RoomTooLong`]
    /// and [`GenerateError::IdentifierTooLong`] when a length does not fit its 16-bit field.
    pub fn new(
        sdkappid: u32,
        account: &str,
        room: &Room<'_>,
        privileges: Privileges,
        expires_at: u32,
    ) -> Result<Self, GenerateError> {
        if account.len() > usize::from(u16::MAX) {
            return Err(GenerateError::IdentifierTooLong { len: account.len() });
        }
        let (version, room_id, room_str) = match *room {
            Room::Numeric(id) => (0, id, None),
            Room::Str("") => return Err(GenerateError::EmptyRoom),
            Room::Str(s) if s.len() > usize::from(u16::MAX) => {
                return Err(GenerateError::RoomTooLong { len: s.len() });
            }
            Room::Str(s) => (1, 0, Some(s.as_bytes().to_vec())),
        };
        Ok(Self {
            version,
            account: account.as_bytes().to_vec(),
            sdkappid,
            room_id,
            room_str,
            expires_at,
            privilege_map: u32::from(privileges.bits()),
            account_type: 0,
        })
    }

    /// The privileges (the low 8 bits of [`privilege_map`](Self::privilege_map), the only
    /// ones defined).
    pub fn privileges(&self) -> Privileges {
        Privileges::from_bits(self.privilege_map.to_le_bytes()[0])
    }

    /// The account as text, if it is UTF-8.
    pub fn account_str(&self) -> Option<&str> {
        core::str::from_utf8(&self.account).ok()
    }

    /// The room: [`Room::Str`] for version 1 (if the room string is UTF-8), else
    /// [`Room::Numeric`].
    pub fn room(&self) -> Option<Room<'_>> {
        match &self.room_str {
            Some(s) => core::str::from_utf8(s).ok().map(Room::Str),
            None => Some(Room::Numeric(self.room_id)),
        }
    }

    /// Encodes the userbuf bytes, exactly as the official Go library lays them out.
    ///
    /// Lengths over 65 535 bytes (impossible through [`PrivateMapKey::new`]) are truncated
    /// to their 16-bit field, like the official code.
    pub fn to_bytes(&self) -> Vec<u8> {
        let room_str = self.room_str.as_deref();
        let mut out = Vec::with_capacity(
            1 + 2 + self.account.len() + 20 + room_str.map_or(0, |s| 2 + s.len()),
        );
        out.push(self.version);
        out.extend_from_slice(&len16(&self.account));
        out.extend_from_slice(&self.account);
        for field in [
            self.sdkappid,
            self.room_id,
            self.expires_at,
            self.privilege_map,
            self.account_type,
        ] {
            out.extend_from_slice(&field.to_be_bytes());
        }
        if let Some(s) = room_str {
            out.extend_from_slice(&len16(s));
            out.extend_from_slice(s);
        }
        out
    }
}

fn len16(bytes: &[u8]) -> [u8; 2] {
    // Truncation to the 16-bit field, as the official code does.
    ((bytes.len() & 0xFFFF) as u16).to_be_bytes()
}

/// Decodes a PrivateMapKey userbuf (for example [`crate::Claims::userbuf`]) into its fields.
///
/// # Errors
///
/// [`PrivateMapKeyError`] if the bytes are truncated, have trailing bytes, or have an
/// unknown version.
///
/// # Examples
///
/// ```
/// use im_sig::{parse_private_map_key_userbuf, Room};
///
/// // usersig.md V4: numeric room 10000, all privileges.
/// let userbuf = [
///     0x00, 0x00, 0x07, b'x', b'i', b'a', b'o', b'j', b'u', b'n', 0x53, 0x72, 0x4E, 0x00,
///     0x00, 0x00, 0x27, 0x10, 0x66, 0x41, 0x3F, 0x00, 0x00, 0x00, 0x00, 0xFF, 0, 0, 0, 0,
/// ];
/// let pmk = parse_private_map_key_userbuf(&userbuf)?;
/// assert_eq!(pmk.account_str(), Some("xiaojun"));
/// assert_eq!(pmk.sdkappid, 1400000000);
/// assert_eq!(pmk.room(), Some(Room::Numeric(10000)));
/// assert_eq!(pmk.expires_at, 1715552000);
/// assert_eq!(pmk.privileges(), im_sig::Privileges::ALL);
/// assert_eq!(pmk.to_bytes(), userbuf);
/// # Ok::<(), im_sig::PrivateMapKeyError>(())
/// ```
pub fn parse_private_map_key_userbuf(userbuf: &[u8]) -> Result<PrivateMapKey, PrivateMapKeyError> {
    let mut r = Reader(userbuf);
    let version = r.u8()?;
    if version > 1 {
        return Err(PrivateMapKeyError::UnknownVersion { version });
    }
    let account_len = usize::from(r.u16()?);
    let account = r.bytes(account_len)?.to_vec();
    let sdkappid = r.u32()?;
    let room_id = r.u32()?;
    let expires_at = r.u32()?;
    let privilege_map = r.u32()?;
    let account_type = r.u32()?;
    let room_str = if version == 1 {
        let len = usize::from(r.u16()?);
        Some(r.bytes(len)?.to_vec())
    } else {
        None
    };
    if !r.0.is_empty() {
        return Err(PrivateMapKeyError::TrailingBytes { len: r.0.len() });
    }
    Ok(PrivateMapKey {
        version,
        account,
        sdkappid,
        room_id,
        room_str,
        expires_at,
        privilege_map,
        account_type,
    })
}

/// Why a PrivateMapKey userbuf could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PrivateMapKeyError {
    /// The userbuf ends before its last field.
    #[error("PrivateMapKey userbuf is truncated")]
    Truncated,
    /// The userbuf has bytes after its last field.
    #[error("PrivateMapKey userbuf has {len} unexpected trailing bytes")]
    TrailingBytes {
        /// How many bytes follow the last field.
        len: usize,
    },
    /// `cVer` is neither 0 (numeric room) nor 1 (string room).
    #[error("PrivateMapKey userbuf version {version} is unknown (expected 0 or 1)")]
    UnknownVersion {
        /// The version byte.
        version: u8,
    },
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], PrivateMapKeyError> {
        if self.0.len() < n {
            return Err(PrivateMapKeyError::Truncated);
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], PrivateMapKeyError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.bytes(N)?);
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, PrivateMapKeyError> {
        Ok(self.array::<1>()?[0])
    }

    fn u16(&mut self) -> Result<u16, PrivateMapKeyError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    fn u32(&mut self) -> Result<u32, PrivateMapKeyError> {
        Ok(u32::from_be_bytes(self.array()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_room_layout_v5() {
        let pmk = PrivateMapKey::new(
            1_400_000_000,
            "xiaojun",
            &Room::Str("1000000040"),
            Privileges::ALL,
            1_715_552_000,
        )
        .unwrap();
        let bytes = pmk.to_bytes();
        let expected = base64::Engine::decode(
            &crate::codec::STANDARD,
            "AQAHeGlhb2p1blNyTgAAAAAAZkE/AAAAAP8AAAAAAAoxMDAwMDAwMDQw",
        )
        .unwrap();
        assert_eq!(bytes, expected);
        assert_eq!(parse_private_map_key_userbuf(&bytes), Ok(pmk));
    }

    #[test]
    fn parse_errors() {
        let good = PrivateMapKey::new(1, "u", &Room::Str("r"), Privileges::ENTER, 9)
            .unwrap()
            .to_bytes();
        for n in 0..good.len() {
            assert_eq!(
                parse_private_map_key_userbuf(&good[..n]),
                Err(PrivateMapKeyError::Truncated),
                "{n}"
            );
        }
        let mut long = good.clone();
        long.push(0);
        assert_eq!(
            parse_private_map_key_userbuf(&long),
            Err(PrivateMapKeyError::TrailingBytes { len: 1 })
        );
        let mut v2 = good;
        v2[0] = 2;
        assert_eq!(
            parse_private_map_key_userbuf(&v2),
            Err(PrivateMapKeyError::UnknownVersion { version: 2 })
        );
        assert_eq!(
            PrivateMapKey::new(1, "u", &Room::Str(""), Privileges::ALL, 0),
            Err(GenerateError::EmptyRoom)
        );
    }
}
