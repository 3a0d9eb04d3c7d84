//! The byte layers: URL-safe base64, zlib framing (stored and deflate), inflation with a
//! cap, and allocation-free decimal formatting.

use alloc::string::String;
use alloc::vec::Vec;
use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use crate::{MAX_JSON_LEN, MAX_USERSIG_LEN, VerifyError};

/// Standard base64 with padding, for encoding (`TLS.sig`, `TLS.userbuf`, the outer layer).
pub(crate) const STANDARD: GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// Standard-alphabet base64 decoding exactly as lenient as Go's `base64.StdEncoding`:
/// padding required, non-zero trailing bits allowed.
pub(crate) const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

/// The outer layer's decoding: standard alphabet, padding required, and the unused bits of the
/// last character must be zero. Go's decoder ignores those bits; every official library writes
/// them as zero, and refusing others means a changed UserSig never verifies.
const OUTER: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

/// The UserSig alphabet: standard base64 with `*` for `+` and `-` for `/`.
const USERSIG_ALPHABET: alphabet::Alphabet = match alphabet::Alphabet::new(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-",
) {
    Ok(alphabet) => alphabet,
    Err(_) => panic!("the UserSig alphabet is 64 distinct ASCII characters"),
};

/// Encodes with [`USERSIG_ALPHABET`] and `=` padding (replaced by `_` afterwards).
const USERSIG_ENGINE: GeneralPurpose =
    GeneralPurpose::new(&USERSIG_ALPHABET, base64::engine::general_purpose::PAD);

/// Encodes bytes as a UserSig: standard base64 with `+` → `*`, `/` → `-`, `=` → `_`.
pub(crate) fn encode_usersig(bytes: &[u8]) -> String {
    let mut out = USERSIG_ENGINE.encode(bytes);
    // Padding is at most two `=` at the end; everything else is already in the alphabet.
    while out.ends_with('=') {
        out.pop();
    }
    let padded = bytes.len().div_ceil(3) * 4;
    while out.len() < padded {
        out.push('_');
    }
    out
}

/// Decodes the outer layer of a UserSig (the reverse of [`encode_usersig`]).
///
/// Like Go's decoder, `\r` and `\n` anywhere are ignored and the standard `+`, `/`, `=`
/// are accepted as well.
pub(crate) fn decode_usersig(usersig: &str) -> Result<Vec<u8>, VerifyError> {
    if usersig.len() > MAX_USERSIG_LEN {
        return Err(VerifyError::TooLarge);
    }
    let mut std_b64 = Vec::with_capacity(usersig.len());
    for &b in usersig.as_bytes() {
        match b {
            b'\r' | b'\n' => {}
            b'*' => std_b64.push(b'+'),
            b'-' => std_b64.push(b'/'),
            b'_' => std_b64.push(b'='),
            other => std_b64.push(other),
        }
    }
    if std_b64.is_empty() {
        return Err(VerifyError::Decode);
    }
    OUTER.decode(&std_b64).map_err(|_| VerifyError::Decode)
}

/// Frames `data` as a zlib stream of stored blocks, byte-for-byte as Go's
/// `zlib.NewWriterLevel(w, zlib.NoCompression)` writes it in one `Write` then `Close`:
/// header `78 01`, non-final stored blocks of at most 65 535 bytes, an empty final
/// stored block `01 00 00 FF FF`, and the Adler-32 of the data (big-endian).
#[cfg(test)]
pub(crate) fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(STORED_HEADER + data.len() + data.len() / 0xFFFF * 5 + 9);
    out.resize(STORED_HEADER, 0);
    out.extend_from_slice(data);
    finish_stored(out)
}

/// Bytes reserved in front of the data by [`finish_stored`]: the zlib header and the first
/// stored block's header.
pub(crate) const STORED_HEADER: usize = 7;

/// Completes a zlib stored frame whose data was written after [`STORED_HEADER`] reserved
/// bytes, so the common case (data under 64 KiB, always true for a UserSig) needs no copy.
pub(crate) fn finish_stored(mut frame: Vec<u8>) -> Vec<u8> {
    let data_len = frame.len() - STORED_HEADER;
    if data_len > 0xFFFF {
        // Several blocks: frame the data again (only reachable with huge documents).
        let data = frame.split_off(STORED_HEADER);
        return zlib_stored_blocks(&data);
    }
    let adler = adler32(&frame[STORED_HEADER..]);
    // `data_len` is at most 0xFFFF here, so it fits in a u16.
    let len = u16::try_from(data_len).unwrap_or(u16::MAX);
    frame[..2].copy_from_slice(&[0x78, 0x01]);
    frame[2] = 0x00;
    frame[3..5].copy_from_slice(&len.to_le_bytes());
    frame[5..7].copy_from_slice(&(!len).to_le_bytes());
    frame.extend_from_slice(&[0x01, 0x00, 0x00, 0xFF, 0xFF]);
    frame.extend_from_slice(&adler.to_be_bytes());
    frame
}

fn zlib_stored_blocks(data: &[u8]) -> Vec<u8> {
    let blocks = data.len().div_ceil(0xFFFF);
    let mut out = Vec::with_capacity(2 + blocks * 5 + data.len() + 5 + 4);
    out.extend_from_slice(&[0x78, 0x01]);
    for chunk in data.chunks(0xFFFF) {
        // A chunk is at most 0xFFFF bytes, so the length fits in a u16.
        let len = u16::try_from(chunk.len()).unwrap_or(u16::MAX);
        out.push(0x00);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out.extend_from_slice(&[0x01, 0x00, 0x00, 0xFF, 0xFF]);
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

/// Compresses `data` as a zlib stream at a deflate level (1..=9).
pub(crate) fn zlib_deflate(data: &[u8], level: u8) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, level)
}

/// Inflates a zlib stream (any level), refusing output over [`MAX_JSON_LEN`].
///
/// The Adler-32 trailer is checked, and nothing may follow it (Go's reader ignores trailing
/// bytes; no official library writes any, and refusing them means a changed UserSig never
/// verifies). Streams made only of stored blocks (Go's current output, and ours by default) are
/// copied out directly; anything else goes through miniz_oxide.
pub(crate) fn inflate(zlib: &[u8]) -> Result<Vec<u8>, VerifyError> {
    match inflate_stored(zlib) {
        Some(result) => result,
        None => inflate_general(zlib),
    }
}

/// [`inflate`] through miniz_oxide's streaming inflater, refusing a stream whose last deflate
/// byte has a padding bit set (the bits after the final block's end code, which an inflater
/// ignores and every writer leaves zero): a changed character there would otherwise verify.
fn inflate_general(zlib: &[u8]) -> Result<Vec<u8>, VerifyError> {
    let out = inflate_any(zlib)?;
    if padding_bit_set(zlib, &out) {
        return Err(VerifyError::Inflate);
    }
    Ok(out)
}

/// Whether a set bit of the last deflate byte (before the Adler-32) is padding: clearing it
/// leaves the stream valid with the same output. (A bit of a code cannot: the end-of-block code
/// is the last symbol, and changing it or a literal before it changes or breaks the output.)
fn padding_bit_set(zlib: &[u8], out: &[u8]) -> bool {
    let Some(last) = zlib.len().checked_sub(5).filter(|&i| i >= 2) else {
        return false;
    };
    (0..8)
        .filter(|bit| zlib[last] & (1 << bit) != 0)
        .any(|bit| {
            let mut cleared = zlib.to_vec();
            cleared[last] &= !(1 << bit);
            inflate_any(&cleared).is_ok_and(|other| other == out)
        })
}

/// miniz_oxide's streaming inflater, which reports how much input the stream used.
fn inflate_any(zlib: &[u8]) -> Result<Vec<u8>, VerifyError> {
    use miniz_oxide::inflate::stream::{InflateState, inflate};
    use miniz_oxide::{DataFormat, MZFlush, MZStatus};

    let mut state = InflateState::new_boxed(DataFormat::Zlib);
    // One byte more than allowed, to tell "exactly at the limit" from "over it".
    let mut out = alloc::vec![0u8; MAX_JSON_LEN + 1];
    let result = inflate(&mut state, zlib, &mut out, MZFlush::Finish);
    if result.bytes_written > MAX_JSON_LEN {
        return Err(VerifyError::TooLarge);
    }
    match result.status {
        Ok(MZStatus::StreamEnd) if result.bytes_consumed == zlib.len() => {
            out.truncate(result.bytes_written);
            Ok(out)
        }
        _ => Err(VerifyError::Inflate),
    }
}

/// The fast path of [`inflate`]: `Some` when `zlib` is a well-formed stream of stored blocks
/// only (with a correct Adler-32 and nothing after it), or when its stored output is already
/// too large; `None` leaves every other case, errors included, to the general inflater.
///
/// A stored block's header must have its five padding bits zero, as every writer leaves them
/// (an inflater ignores them): a stream with one set is refused, not inflated, so that a
/// changed character of a stored UserSig never verifies. The zlib header's FLEVEL bits are
/// informational (RFC 1950) and writers differ (`78 01`, `78 5E`, `78 9C`, `78 DA`; zlib at
/// level 6 writes stored blocks too, for incompressible input): they cannot be refused. No
/// single changed character of the base64 string turns one valid header into another.
fn inflate_stored(zlib: &[u8]) -> Option<Result<Vec<u8>, VerifyError>> {
    let (&cmf, &flg) = (zlib.first()?, zlib.get(1)?);
    let header_ok = cmf & 0x0F == 8
        && cmf >> 4 <= 7
        && flg & 0x20 == 0
        && (u16::from(cmf) * 256 + u16::from(flg)) % 31 == 0;
    if !header_ok {
        return None;
    }
    let mut out = Vec::new();
    let mut pos = 2;
    loop {
        let block = *zlib.get(pos)?;
        // BTYPE 00: stored; anything else goes to the general inflater.
        if (block >> 1) & 0b11 != 0 {
            return None;
        }
        // The header's other five bits are padding: zero in the canonical form.
        if block >> 3 != 0 {
            return Some(Err(VerifyError::Inflate));
        }
        let len = u16::from_le_bytes([*zlib.get(pos + 1)?, *zlib.get(pos + 2)?]);
        let nlen = u16::from_le_bytes([*zlib.get(pos + 3)?, *zlib.get(pos + 4)?]);
        if nlen != !len {
            return None;
        }
        let start = pos + 5;
        let end = start + usize::from(len);
        let data = zlib.get(start..end)?;
        if out.len() + data.len() > MAX_JSON_LEN {
            return Some(Err(VerifyError::TooLarge));
        }
        out.extend_from_slice(data);
        pos = end;
        if block & 1 == 1 {
            break;
        }
    }
    let trailer: [u8; 4] = zlib.get(pos..pos + 4)?.try_into().ok()?;
    (pos + 4 == zlib.len() && u32::from_be_bytes(trailer) == adler32(&out)).then_some(Ok(out))
}

/// Adler-32 (RFC 1950 §8.2).
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    // 5552 is the largest n with 255 n (n + 1) / 2 + (n + 1) (MOD - 1) < 2^32.
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// Formats a `u64` in decimal without allocating.
pub(crate) struct Decimal {
    buf: [u8; 20],
    start: usize,
}

impl Decimal {
    pub(crate) fn new(mut n: u64) -> Self {
        let mut buf = [0u8; 20];
        let mut start = buf.len();
        loop {
            start -= 1;
            // `n % 10` is below 10, so the cast is lossless.
            buf[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Self { buf, start }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn decimal() {
        for n in [0, 1, 9, 10, 1_400_000_000, u64::MAX] {
            assert_eq!(Decimal::new(n).as_bytes(), alloc::format!("{n}").as_bytes());
        }
    }

    #[test]
    fn adler32_known() {
        assert_eq!(adler32(b""), 1);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        let big = vec![0xFFu8; 100_000];
        // Reference: straightforward modular computation.
        let (mut a, mut b) = (1u64, 0u64);
        for &x in &big {
            a = (a + u64::from(x)) % 65_521;
            b = (b + a) % 65_521;
        }
        assert_eq!(u64::from(adler32(&big)), (b << 16) | a);
    }

    #[test]
    fn only_the_canonical_stored_form_inflates() {
        let framed = zlib_stored(b"{}");
        assert_eq!(inflate(&framed).unwrap(), b"{}");
        // Padding bits of a stored block header.
        for bit in 3..8 {
            let mut padded = framed.clone();
            padded[2] |= 1 << bit;
            assert_eq!(inflate(&padded), Err(VerifyError::Inflate), "bit {bit}");
        }
        // The other zlib headers writers use (FLEVEL is informational) inflate the same.
        for flg in [0x5E, 0x9C, 0xDA] {
            let mut other = framed.clone();
            other[1] = flg;
            assert_eq!(inflate(&other).unwrap(), b"{}", "{flg:#x}");
        }
        // Deflated streams keep every header the official libraries write, and a padding bit
        // set after their final block is refused.
        for level in [1, 6, 9] {
            let deflated = zlib_deflate(br#"{"TLS.ver":"2.0","TLS.identifier":"x"}"#, level);
            assert!(inflate(&deflated).is_ok());
            let last = deflated.len() - 5;
            let padded: Vec<Vec<u8>> = (0..8)
                .map(|bit| {
                    let mut p = deflated.clone();
                    p[last] |= 1 << bit;
                    p
                })
                .filter(|p| *p != deflated && inflate_any(p).is_ok())
                .collect();
            assert!(!padded.is_empty(), "level {level} has padding bits");
            for p in padded {
                assert_eq!(inflate(&p), Err(VerifyError::Inflate), "level {level}");
            }
        }
    }

    #[test]
    fn stored_roundtrip_multi_block() {
        for len in [0usize, 1, 0xFFFE, 0xFFFF, 0x10000, 200_000] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let framed = zlib_stored(&data);
            let back = miniz_oxide::inflate::decompress_to_vec_zlib(&framed).unwrap();
            assert_eq!(back, data);
        }
    }

    #[test]
    fn the_stored_fast_path_agrees_with_the_general_inflater() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 13 % 256) as u8).collect();
        let framed = zlib_stored(&data);
        assert!(
            inflate_stored(&framed).is_some(),
            "the fast path takes Go's framing"
        );
        assert_eq!(inflate(&framed).unwrap(), data);
        // Every single-byte corruption and every truncation gives the same outcome either way,
        // but where the general inflater would accept a non-canonical stored stream (padding
        // bits, another zlib header) that the fast path refuses.
        for i in 0..framed.len() {
            for flip in [0x01u8, 0x02, 0x80, 0xFF] {
                let mut bad = framed.clone();
                bad[i] ^= flip;
                let (fast, general) = (inflate(&bad), inflate_any(&bad));
                if fast != general {
                    assert_eq!(fast, Err(VerifyError::Inflate), "byte {i} ^ {flip:#x}");
                    assert!(general.is_ok(), "byte {i} ^ {flip:#x}");
                }
            }
            assert_eq!(
                inflate(&framed[..i]),
                inflate_any(&framed[..i]),
                "cut at {i}"
            );
        }
        // Too large, in stored blocks: refused early either way.
        let big = zlib_stored(&vec![b'a'; MAX_JSON_LEN + 1]);
        assert_eq!(inflate(&big), Err(VerifyError::TooLarge));
        assert_eq!(inflate_general(&big), Err(VerifyError::TooLarge));
        // Compressed streams go to the general inflater.
        let deflated = zlib_deflate(&data, 6);
        assert!(inflate_stored(&deflated).is_none());
        assert_eq!(inflate(&deflated).unwrap(), data);
        // Nothing may follow the stream, on either path.
        for stream in [&framed, &deflated] {
            let mut trailing = stream.to_vec();
            trailing.push(0);
            assert_eq!(inflate(&trailing), Err(VerifyError::Inflate));
        }
        // Exactly at the limit is fine; one byte more is too large, on both paths.
        let at_limit = vec![b'a'; MAX_JSON_LEN];
        assert_eq!(inflate(&zlib_stored(&at_limit)).unwrap(), at_limit);
        assert_eq!(inflate(&zlib_deflate(&at_limit, 6)).unwrap(), at_limit);
        assert_eq!(
            inflate(&zlib_deflate(&vec![b'a'; MAX_JSON_LEN + 1], 6)),
            Err(VerifyError::TooLarge)
        );
    }

    #[test]
    fn usersig_alphabet() {
        let s = encode_usersig(&[0xFB, 0xFF, 0xBF, 0x00]);
        assert_eq!(s, "*-*-AA__");
        assert_eq!(decode_usersig(&s).unwrap(), [0xFB, 0xFF, 0xBF, 0x00]);
        assert_eq!(
            decode_usersig("+/+/AA==").unwrap(),
            [0xFB, 0xFF, 0xBF, 0x00]
        );
        assert_eq!(
            decode_usersig("*-*-\r\nAA__\n").unwrap(),
            [0xFB, 0xFF, 0xBF, 0x00]
        );
        assert_eq!(decode_usersig("*-*-AA"), Err(VerifyError::Decode));
        assert_eq!(decode_usersig("abc"), Err(VerifyError::Decode));
        assert_eq!(decode_usersig(""), Err(VerifyError::Decode));
    }
}
