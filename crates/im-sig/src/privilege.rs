//! TRTC PrivateMapKey privilege bits.

use alloc::string::String;
use core::fmt;
use core::ops::{BitAnd, BitOr, BitOrAssign};
use core::str::FromStr;

/// The set of TRTC room privileges carried by a PrivateMapKey (`dwPrivilegeMap`).
///
/// The official libraries document eight bits; every `u8` is therefore a valid set.
///
/// | Bit | Const | Name in [`FromStr`]/[`Display`](fmt::Display) |
/// |---|---|---|
/// | 1 | [`CREATE`](Self::CREATE) | `create` |
/// | 2 | [`ENTER`](Self::ENTER) | `enter` |
/// | 4 | [`SEND_AUDIO`](Self::SEND_AUDIO) | `send-audio` |
/// | 8 | [`RECV_AUDIO`](Self::RECV_AUDIO) | `recv-audio` |
/// | 16 | [`SEND_VIDEO`](Self::SEND_VIDEO) | `send-video` |
/// | 32 | [`RECV_VIDEO`](Self::RECV_VIDEO) | `recv-video` |
/// | 64 | [`SEND_SUB_STREAM`](Self::SEND_SUB_STREAM) | `send-sub-stream` (screen sharing) |
/// | 128 | [`RECV_SUB_STREAM`](Self::RECV_SUB_STREAM) | `recv-sub-stream` |
/// | 255 | [`ALL`](Self::ALL) | `all` |
///
/// # Parsing
///
/// [`Privileges::parse`] (and `str::parse`) takes what a CLI flag `--privileges LIST|MASK`
/// would: a comma-separated list of names, or a mask as a decimal (`42`) or hex (`0x2a`)
/// number in 0..=255. Names are case-insensitive, `_` may replace `-`, `receive-` may
/// replace `recv-`, spaces around items are ignored, and `all` and `none` are accepted.
///
/// # Examples
///
/// ```
/// use im_sig::Privileges;
///
/// let p = Privileges::ENTER | Privileges::RECV_AUDIO | Privileges::RECV_VIDEO;
/// assert_eq!(p.bits(), 42);
/// assert_eq!(p.to_string(), "enter,recv-audio,recv-video");
/// assert_eq!("enter, recv_audio,RECV-VIDEO".parse::<Privileges>()?, p);
/// assert_eq!("42".parse::<Privileges>()?, p);
/// assert_eq!("0xff".parse::<Privileges>()?, Privileges::ALL);
/// assert!(p.contains(Privileges::ENTER));
/// assert!(!p.contains(Privileges::CREATE | Privileges::ENTER));
/// assert!("enter,fly".parse::<Privileges>().is_err());
/// # Ok::<(), im_sig::ParsePrivilegesError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Privileges(u8);

/// Names in bit order, as printed and parsed.
const NAMES: [(&str, Privileges); 8] = [
    ("create", Privileges::CREATE),
    ("enter", Privileges::ENTER),
    ("send-audio", Privileges::SEND_AUDIO),
    ("recv-audio", Privileges::RECV_AUDIO),
    ("send-video", Privileges::SEND_VIDEO),
    ("recv-video", Privileges::RECV_VIDEO),
    ("send-sub-stream", Privileges::SEND_SUB_STREAM),
    ("recv-sub-stream", Privileges::RECV_SUB_STREAM),
];

impl Privileges {
    /// Create the room (bit value 1).
    pub const CREATE: Self = Self(1);
    /// Enter the room (2).
    pub const ENTER: Self = Self(2);
    /// Send audio (4).
    pub const SEND_AUDIO: Self = Self(4);
    /// Receive audio (8).
    pub const RECV_AUDIO: Self = Self(8);
    /// Send video (16).
    pub const SEND_VIDEO: Self = Self(16);
    /// Receive video (32).
    pub const RECV_VIDEO: Self = Self(32);
    /// Send the sub-stream, i.e. screen sharing (64).
    pub const SEND_SUB_STREAM: Self = Self(64);
    /// Receive the sub-stream (128).
    pub const RECV_SUB_STREAM: Self = Self(128);
    /// Every privilege (255).
    pub const ALL: Self = Self(255);
    /// No privilege (0).
    pub const NONE: Self = Self(0);

    /// The set with exactly these bits.
    pub const fn from_bits(bits: u8) -> Self {
        Self(bits)
    }

    /// The bits of the set.
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// Whether every privilege in `other` is in `self`.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Adds the privileges in `other`.
    pub fn insert(&mut self, other: Self) {
        self.0 |= other.0;
    }

    /// Removes the privileges in `other`.
    pub fn remove(&mut self, other: Self) {
        self.0 &= !other.0;
    }

    /// Parses a comma-separated list of names or a numeric mask (see the type docs).
    ///
    /// # Errors
    ///
    /// [`ParsePrivilegesError`] names the offending item and lists the accepted names.
    pub fn parse(s: &str) -> Result<Self, ParsePrivilegesError> {
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return Err(ParsePrivilegesError(ParseErrorKind::Empty));
        }
        if trimmed.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            return parse_mask(trimmed);
        }
        let mut set = Self::NONE;
        for item in trimmed.split(',') {
            set.insert(parse_name(item.trim())?);
        }
        Ok(set)
    }
}

fn parse_mask(s: &str) -> Result<Privileges, ParsePrivilegesError> {
    let value = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u64::from_str_radix(hex, 16).ok()
        }
        Some(_) => None,
        None if s.bytes().all(|b| b.is_ascii_digit()) => s.parse::<u64>().ok(),
        None => None,
    };
    match value {
        Some(v) => u8::try_from(v)
            .map(Privileges)
            .map_err(|_| ParsePrivilegesError(ParseErrorKind::MaskOutOfRange(v))),
        None => Err(ParsePrivilegesError(ParseErrorKind::BadNumber(s.into()))),
    }
}

fn parse_name(item: &str) -> Result<Privileges, ParsePrivilegesError> {
    let mut normalized = [0u8; 24];
    let bytes = item.as_bytes();
    let unknown = || ParsePrivilegesError(ParseErrorKind::UnknownName(item.into()));
    if bytes.is_empty() {
        return Err(ParsePrivilegesError(ParseErrorKind::EmptyItem));
    }
    let Some(buf) = normalized.get_mut(..bytes.len()) else {
        return Err(unknown());
    };
    for (dst, &src) in buf.iter_mut().zip(bytes) {
        *dst = if src == b'_' {
            b'-'
        } else {
            src.to_ascii_lowercase()
        };
    }
    let name = core::str::from_utf8(buf).map_err(|_| unknown())?;
    let name = match name.strip_prefix("receive-") {
        Some(rest) => return lookup("recv-", rest).ok_or_else(unknown),
        None => name,
    };
    match name {
        "all" => Ok(Privileges::ALL),
        "none" => Ok(Privileges::NONE),
        _ => lookup("", name).ok_or_else(unknown),
    }
}

fn lookup(prefix: &str, rest: &str) -> Option<Privileges> {
    NAMES
        .iter()
        .find(|(n, _)| n.strip_prefix(prefix) == Some(rest))
        .map(|&(_, p)| p)
}

impl BitOr for Privileges {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

impl BitOrAssign for Privileges {
    fn bitor_assign(&mut self, rhs: Self) {
        self.0 |= rhs.0;
    }
}

impl BitAnd for Privileges {
    type Output = Self;
    fn bitand(self, rhs: Self) -> Self {
        Self(self.0 & rhs.0)
    }
}

impl From<u8> for Privileges {
    fn from(bits: u8) -> Self {
        Self(bits)
    }
}

impl From<Privileges> for u8 {
    fn from(p: Privileges) -> Self {
        p.0
    }
}

impl FromStr for Privileges {
    type Err = ParsePrivilegesError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Prints `all`, `none`, or the comma-separated names in bit order
/// (the form [`Privileges::parse`] reads back).
impl fmt::Display for Privileges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::ALL => return f.write_str("all"),
            Self::NONE => return f.write_str("none"),
            _ => {}
        }
        let mut first = true;
        for (name, p) in NAMES {
            if self.contains(p) {
                if !first {
                    f.write_str(",")?;
                }
                f.write_str(name)?;
                first = false;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Privileges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Privileges({} = {self})", self.0)
    }
}

/// A privilege list or mask that [`Privileges::parse`] could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsePrivilegesError(ParseErrorKind);

#[derive(Debug, Clone, PartialEq, Eq)]
enum ParseErrorKind {
    Empty,
    EmptyItem,
    UnknownName(String),
    BadNumber(String),
    MaskOutOfRange(u64),
}

impl fmt::Display for ParsePrivilegesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const EXPECTED: &str = "expected a comma-separated list of create, enter, send-audio, \
             recv-audio, send-video, recv-video, send-sub-stream, recv-sub-stream, all, none; \
             or a mask 0..=255";
        match &self.0 {
            ParseErrorKind::Empty => write!(f, "empty privilege list; {EXPECTED}"),
            ParseErrorKind::EmptyItem => write!(f, "empty item in privilege list; {EXPECTED}"),
            ParseErrorKind::UnknownName(name) => {
                write!(f, "unknown privilege name {name:?}; {EXPECTED}")
            }
            ParseErrorKind::BadNumber(s) => {
                write!(f, "invalid privilege mask {s:?}; {EXPECTED}")
            }
            ParseErrorKind::MaskOutOfRange(v) => {
                write!(f, "privilege mask {v} is out of range; {EXPECTED}")
            }
        }
    }
}

impl core::error::Error for ParsePrivilegesError {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn display_parse_roundtrip() {
        for bits in 0..=255u8 {
            let p = Privileges::from_bits(bits);
            assert_eq!(p.to_string().parse::<Privileges>(), Ok(p), "{bits}");
        }
    }

    #[test]
    fn parse_forms() {
        let p = |s: &str| Privileges::parse(s);
        assert_eq!(p("all"), Ok(Privileges::ALL));
        assert_eq!(p(" none "), Ok(Privileges::NONE));
        assert_eq!(p("0"), Ok(Privileges::NONE));
        assert_eq!(p("255"), Ok(Privileges::ALL));
        assert_eq!(p("0X2A"), Ok(Privileges::from_bits(42)));
        assert_eq!(
            p("receive-sub-stream,SEND_SUB_STREAM"),
            Ok(Privileges::from_bits(192))
        );
        for bad in [
            "",
            " ",
            "256",
            "0x",
            "0x100",
            "4a",
            "enter,",
            ",enter",
            "enter,,create",
            "recv",
            "ènter",
        ] {
            assert!(p(bad).is_err(), "{bad:?}");
        }
        let e = p("enter,fly").unwrap_err().to_string();
        assert!(
            e.contains("unknown privilege name \"fly\"") && e.contains("send-audio"),
            "{e}"
        );
        assert!(p("300").unwrap_err().to_string().contains("300"));
    }
}
