//! The byte layers: URL-safe base64, zlib framing (stored and deflate), inflation with a
//! cap, and allocation-free decimal formatting.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

use crate::{MAX_JSON_LEN, MAX_USERSIG_LEN, VerifyError};

/// Standard base64 with padding, for encoding `TLS.userbuf`.
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

/// The UserSig alphabet's characters: standard base64 with `*` for `+` and `-` for `/`.
const USERSIG_CHARS: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-";

/// The UserSig alphabet, for the base64 engine's decoder.
const USERSIG_ALPHABET: alphabet::Alphabet =
    match alphabet::Alphabet::new(match core::str::from_utf8(USERSIG_CHARS) {
        Ok(chars) => chars,
        Err(_) => panic!("the UserSig alphabet is ASCII"),
    }) {
        Ok(alphabet) => alphabet,
        Err(_) => panic!("the UserSig alphabet is 64 distinct ASCII characters"),
    };

/// Decodes whole quanta of the UserSig alphabet, with no padding anywhere (the fast path of
/// [`decode_usersig`], which leaves the last quantum to [`OUTER`]).
const USERSIG_BODY: GeneralPurpose = GeneralPurpose::new(
    &USERSIG_ALPHABET,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// The two UserSig characters of every 12-bit value, as a little-endian `u16`: the encoder
/// looks up half a base64 quantum at once (8 KiB).
static PAIRS: [u16; 4096] = pairs();

const fn pairs() -> [u16; 4096] {
    let mut table = [0u16; 4096];
    let mut i = 0;
    while i < 4096 {
        table[i] = u16::from_le_bytes([USERSIG_CHARS[i >> 6], USERSIG_CHARS[i & 63]]);
        i += 1;
    }
    table
}

/// The characters of the 12-bit group of `n` that starts `shift` bits up.
fn pair(n: u64, shift: u32) -> u64 {
    // Masked to 12 bits, so the index is in the table.
    u64::from(PAIRS[((n >> shift) & 0xFFF) as usize])
}

/// Encodes `bytes` into `out` (exactly `bytes.len().div_ceil(3) * 4` long) as base64 with the
/// UserSig alphabet and `_` padding: 6 bytes into 8 characters per step, 4 table lookups.
fn encode_usersig_into(bytes: &[u8], out: &mut [u8]) {
    let sixes = bytes.chunks_exact(6);
    let rest = sixes.remainder();
    let mut eights = out.chunks_exact_mut(8);
    for (six, eight) in sixes.zip(&mut eights) {
        let n = u64::from_be_bytes([0, 0, six[0], six[1], six[2], six[3], six[4], six[5]]);
        let chars = pair(n, 36) | pair(n, 24) << 16 | pair(n, 12) << 32 | pair(n, 0) << 48;
        eight.copy_from_slice(&chars.to_le_bytes());
    }
    let done = bytes.len() / 6 * 8;
    let out = out.get_mut(done..).unwrap_or_default();
    for (i, quantum) in out.chunks_exact_mut(4).enumerate() {
        let group = rest.get(i * 3..).unwrap_or_default();
        let n = group
            .iter()
            .take(3)
            .enumerate()
            .fold(0u64, |n, (j, &b)| n | u64::from(b) << (16 - 8 * j));
        quantum[..2].copy_from_slice(&(pair(n, 12) as u16).to_le_bytes());
        quantum[2..].copy_from_slice(&(pair(n, 0) as u16).to_le_bytes());
        // One byte: two characters and `__`; two bytes: three characters and `_`.
        if group.len() < 3 {
            quantum[3] = b'_';
        }
        if group.len() < 2 {
            quantum[2] = b'_';
        }
    }
}

/// Encodes bytes as a UserSig: standard base64 with `+` → `*`, `/` → `-`, `=` → `_`.
pub(crate) fn encode_usersig(bytes: &[u8]) -> String {
    let mut out = alloc::vec![0u8; bytes.len().div_ceil(3) * 4];
    encode_usersig_into(bytes, &mut out);
    // Only alphabet characters were written.
    String::from_utf8(out).unwrap_or_default()
}

/// Encodes a 32-byte HMAC as standard base64 (44 characters with one `=`), for `TLS.sig`.
pub(crate) fn encode_sig(tag: &[u8; 32]) -> [u8; 44] {
    let mut out = [0u8; 44];
    encode_usersig_into(tag, &mut out);
    for c in &mut out {
        *c = to_standard(*c);
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
    match decode_usersig_alphabet(usersig.as_bytes()) {
        Some(bytes) => Ok(bytes),
        None => decode_usersig_translated(usersig.as_bytes()),
    }
}

/// The fast path of [`decode_usersig`], for a string written as every library writes it: the
/// UserSig alphabet, `_` padding only in the last four characters, no line breaks. All but the
/// last four characters go through the base64 engine with the UserSig alphabet
/// ([`USERSIG_BODY`]: its table decoder, no translated copy); the last four are translated to
/// standard base64 and decoded as [`OUTER`] decodes them (padding, zero unused bits). `None`
/// for any other string, which [`decode_usersig_translated`] then decodes or refuses: a string
/// this path decodes gives the same bytes there (base64 quanta decode independently).
fn decode_usersig_alphabet(usersig: &[u8]) -> Option<Vec<u8>> {
    if usersig.is_empty() || !usersig.len().is_multiple_of(4) {
        return None;
    }
    let (body, last) = usersig.split_at(usersig.len() - 4);
    let mut bytes = Vec::with_capacity(usersig.len() / 4 * 3);
    USERSIG_BODY.decode_vec(body, &mut bytes).ok()?;
    let mut quantum = [0u8; 4];
    for (standard, &c) in quantum.iter_mut().zip(last) {
        *standard = to_standard(c);
    }
    let mut tail = [0u8; 3];
    let n = OUTER.decode_slice(quantum, &mut tail).ok()?;
    bytes.extend_from_slice(&tail[..n]);
    Some(bytes)
}

/// The general path of [`decode_usersig`]: line breaks dropped, the UserSig alphabet
/// translated to standard base64, then [`OUTER`].
fn decode_usersig_translated(usersig: &[u8]) -> Result<Vec<u8>, VerifyError> {
    let std_b64: Vec<u8> = usersig
        .iter()
        .filter(|&&c| c != b'\r' && c != b'\n')
        .map(|&c| to_standard(c))
        .collect();
    if std_b64.is_empty() {
        return Err(VerifyError::Decode);
    }
    OUTER.decode(&std_b64).map_err(|_| VerifyError::Decode)
}

/// A UserSig character as standard base64 (`*` → `+`, `-` → `/`, `_` → `=`, others as such).
fn to_standard(c: u8) -> u8 {
    match c {
        b'*' => b'+',
        b'-' => b'/',
        b'_' => b'=',
        other => other,
    }
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
/// read directly, borrowed when there is one block; anything else goes through miniz_oxide, once.
pub(crate) fn inflate(zlib: &[u8]) -> Result<Cow<'_, [u8]>, VerifyError> {
    match inflate_stored(zlib) {
        Some(result) => result,
        None => inflate_deflate(zlib).map(Cow::Owned),
    }
}

/// The zlib header checks of RFC 1950 that miniz_oxide makes: deflate, a window of at most
/// 32 KiB, no preset dictionary, and the header check bits.
fn zlib_header_ok(cmf: u8, flg: u8) -> bool {
    cmf & 0x0F == 8
        && cmf >> 4 <= 7
        && flg & 0x20 == 0
        && (u16::from(cmf) * 256 + u16::from(flg)) % 31 == 0
}

/// Flags of miniz_oxide's decompressor for [`inflate_deflate`]: raw deflate (the zlib header
/// and trailer are checked here), the whole output in one buffer, and a stop after each block.
const DEFLATE_FLAGS: u32 = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF
    | inflate_flags::TINFL_FLAG_STOP_ON_BLOCK_BOUNDARY;

#[cfg(test)]
std::thread_local! {
    /// Deflate bytes handed through the decompressor by this thread, for the test that
    /// verification inflates once.
    static INFLATED: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
}

/// [`inflate`] through miniz_oxide's decompressor, in one pass, refusing a stream whose final
/// block is followed by a set padding bit (the bits of the last deflate byte after the
/// end-of-block code, which an inflater ignores and every writer leaves zero): a changed
/// character there would otherwise verify.
///
/// The padding is found in the same pass: the final block's BFINAL bit is cleared in a copy of
/// the input, so the decompressor stops at its end like at any block boundary and reports the
/// bits of the last byte it left unused.
fn inflate_deflate(zlib: &[u8]) -> Result<Vec<u8>, VerifyError> {
    let header_ok = matches!(zlib, [cmf, flg, ..] if zlib_header_ok(*cmf, *flg));
    let deflate_len = match zlib.len().checked_sub(2 + 4) {
        Some(len) if header_ok && len > 0 => len,
        _ => return Err(VerifyError::Inflate),
    };
    // The deflate data and the trailer, in a copy whose BFINAL bits may be cleared.
    let mut input = zlib[2..].to_vec();
    let mut out = alloc::vec![0u8; MAX_JSON_LEN + 1];
    let mut state = Box::<DecompressorOxide>::default();
    // The first block's header starts at the first bit.
    let mut in_final = clear_final(&mut input, 0);
    let (mut pos, mut written) = (0, 0);
    loop {
        let (status, used, produced) =
            decompress(&mut state, &input[pos..], &mut out, written, DEFLATE_FLAGS);
        #[cfg(test)]
        INFLATED.with(|n| n.set(n.get() + used));
        pos += used;
        written += produced;
        if written > MAX_JSON_LEN || status == TINFLStatus::HasMoreOutput {
            return Err(VerifyError::TooLarge);
        }
        let boundary = (status == TINFLStatus::BlockBoundary)
            .then(|| state.block_boundary_state())
            .flatten()
            .ok_or(VerifyError::Inflate)?;
        if in_final {
            // `bit_buf` holds the unused (padding) bits of the last byte read.
            if boundary.bit_buf != 0 || pos != deflate_len {
                return Err(VerifyError::Inflate);
            }
            break;
        }
        // The next block's header starts with the unused bits of the last byte, if any.
        if boundary.num_bits == 0 {
            in_final = clear_final(&mut input, pos);
        } else if boundary.bit_buf & 1 == 1 {
            let mut resume = boundary;
            resume.bit_buf &= !1;
            *state = DecompressorOxide::from_block_boundary_state(&resume);
            in_final = true;
        }
    }
    out.truncate(written);
    let trailer = u32::from_be_bytes([input[pos], input[pos + 1], input[pos + 2], input[pos + 3]]);
    if trailer != adler32(&out) {
        return Err(VerifyError::Inflate);
    }
    Ok(out)
}

/// Clears the BFINAL bit of a block header starting at bit 0 of `input[at]`; whether it was set.
fn clear_final(input: &mut [u8], at: usize) -> bool {
    match input.get_mut(at) {
        Some(byte) if *byte & 1 == 1 => {
            *byte &= !1;
            true
        }
        _ => false,
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
fn inflate_stored(zlib: &[u8]) -> Option<Result<Cow<'_, [u8]>, VerifyError>> {
    if !zlib_header_ok(*zlib.first()?, *zlib.get(1)?) {
        return None;
    }
    let mut out = Cow::Borrowed(&[][..]);
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
        // The first block with data is borrowed; only a second one makes a copy.
        if out.is_empty() {
            out = Cow::Borrowed(data);
        } else if !data.is_empty() {
            out.to_mut().extend_from_slice(data);
        }
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
    simd_adler32::adler32(&data)
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

    /// Whether the number is 0.
    pub(crate) fn is_zero(&self) -> bool {
        self.as_bytes() == b"0"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// A lenient reference inflater (miniz_oxide's streaming one, as verification used before):
    /// the trailer checked and nothing after it, padding bits ignored.
    fn lenient_inflate(zlib: &[u8]) -> Result<Vec<u8>, VerifyError> {
        use miniz_oxide::inflate::stream::{InflateState, inflate};
        use miniz_oxide::{DataFormat, MZFlush, MZStatus};

        let mut state = InflateState::new_boxed(DataFormat::Zlib);
        let mut out = vec![0u8; MAX_JSON_LEN + 1];
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

    fn inflated(zlib: &[u8]) -> Result<Vec<u8>, VerifyError> {
        inflate(zlib).map(Cow::into_owned)
    }

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
        assert_eq!(inflated(&framed).unwrap(), b"{}");
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
            assert_eq!(inflated(&other).unwrap(), b"{}", "{flg:#x}");
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
                .filter(|p| *p != deflated && lenient_inflate(p).is_ok())
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
        assert!(
            matches!(inflate(&framed), Ok(Cow::Borrowed(_))),
            "one block with data is not copied"
        );
        assert_eq!(inflated(&framed).unwrap(), data);
        assert_eq!(inflate_deflate(&framed).unwrap(), data);
        // Every single-byte corruption and every truncation gives the same outcome either way,
        // but where the general inflater would accept a non-canonical stored stream (padding
        // bits, another zlib header) that the fast path refuses.
        for i in 0..framed.len() {
            for flip in [0x01u8, 0x02, 0x80, 0xFF] {
                let mut bad = framed.clone();
                bad[i] ^= flip;
                let (fast, general) = (inflated(&bad), lenient_inflate(&bad));
                if fast != general {
                    assert_eq!(fast, Err(VerifyError::Inflate), "byte {i} ^ {flip:#x}");
                    assert!(general.is_ok(), "byte {i} ^ {flip:#x}");
                }
            }
            assert_eq!(
                inflated(&framed[..i]),
                lenient_inflate(&framed[..i]),
                "cut at {i}"
            );
        }
        // Too large, in stored blocks: refused early either way.
        let big = zlib_stored(&vec![b'a'; MAX_JSON_LEN + 1]);
        assert_eq!(inflate(&big), Err(VerifyError::TooLarge));
        assert_eq!(inflate_deflate(&big), Err(VerifyError::TooLarge));
        // Compressed streams go to the general inflater.
        let deflated = zlib_deflate(&data, 6);
        assert!(inflate_stored(&deflated).is_none());
        assert_eq!(inflated(&deflated).unwrap(), data);
        // Nothing may follow the stream, on either path.
        for stream in [&framed, &deflated] {
            let mut trailing = stream.to_vec();
            trailing.push(0);
            assert_eq!(inflate(&trailing), Err(VerifyError::Inflate));
        }
        // Exactly at the limit is fine; one byte more is too large, on both paths.
        let at_limit = vec![b'a'; MAX_JSON_LEN];
        assert_eq!(inflated(&zlib_stored(&at_limit)).unwrap(), at_limit);
        assert_eq!(inflated(&zlib_deflate(&at_limit, 6)).unwrap(), at_limit);
        assert_eq!(
            inflate(&zlib_deflate(&vec![b'a'; MAX_JSON_LEN + 1], 6)),
            Err(VerifyError::TooLarge)
        );
    }

    /// Writes deflate bits, least significant first (RFC 1951 §3.1.1).
    #[derive(Default)]
    struct Bits {
        bytes: Vec<u8>,
        used: u32,
    }

    impl Bits {
        fn push(&mut self, value: u32, count: u32) {
            for i in 0..count {
                if self.used.is_multiple_of(8) {
                    self.bytes.push(0);
                }
                let bit = u8::from(value >> i & 1 == 1);
                *self.bytes.last_mut().unwrap() |= bit << (self.used % 8);
                self.used += 1;
            }
        }

        /// A Huffman code, most significant bit first.
        fn push_code(&mut self, code: u32, len: u32) {
            let reversed = code.reverse_bits() >> (32 - len);
            self.push(reversed, len);
        }

        /// A fixed-Huffman block of literals (RFC 1951 §3.2.6).
        fn fixed_block(&mut self, last: bool, literals: &[u8]) {
            self.push(u32::from(last), 1);
            self.push(0b01, 2);
            for &b in literals {
                match b {
                    0..=143 => self.push_code(0x30 + u32::from(b), 8),
                    _ => self.push_code(0x190 + u32::from(b) - 144, 9),
                }
            }
            self.push_code(0, 7);
        }
    }

    /// A zlib stream of fixed-Huffman blocks, one per part, unaligned between blocks.
    fn fixed_blocks(parts: &[&[u8]]) -> (Vec<u8>, u32) {
        let mut bits = Bits::default();
        for (i, part) in parts.iter().enumerate() {
            bits.fixed_block(i + 1 == parts.len(), part);
        }
        let used = bits.used;
        let mut zlib = vec![0x78, 0x9C];
        zlib.extend_from_slice(&bits.bytes);
        zlib.extend_from_slice(&adler32(&parts.concat()).to_be_bytes());
        (zlib, used)
    }

    /// The final block is found and its padding refused wherever its header starts: at the
    /// first bit, after other blocks in the middle of a byte, or at a byte boundary after a
    /// stored block (a sync flush).
    #[test]
    fn the_final_block_padding_is_found_after_any_block() {
        // Block sizes chosen so the final header starts at several bit offsets.
        for split in [0usize, 1, 2, 3, 5, 8, 13] {
            let text = br#"{"TLS.ver":"2.0","TLS.identifier":"padding"}"#;
            let (head, tail) = text.split_at(split);
            let (zlib, used) = fixed_blocks(&[head, tail]);
            assert_eq!(inflated(&zlib).unwrap(), text, "split {split}");
            assert_eq!(lenient_inflate(&zlib).unwrap(), text, "split {split}");
            let padding = (8 - used % 8) % 8;
            let last = zlib.len() - 5;
            for bit in 0..8 {
                let mut changed = zlib.clone();
                changed[last] ^= 1 << bit;
                if bit >= 8 - padding {
                    // Reference: the lenient inflater ignores it; we refuse it.
                    assert_eq!(lenient_inflate(&changed).unwrap(), text);
                    assert_eq!(
                        inflate(&changed),
                        Err(VerifyError::Inflate),
                        "split {split}"
                    );
                } else {
                    assert!(inflate(&changed).is_err(), "split {split} bit {bit}");
                }
            }
        }
        // Three blocks, the middle one stored (Z_SYNC_FLUSH writes an empty one).
        let mut bits = Bits::default();
        bits.fixed_block(false, b"{\"a\":");
        bits.push(0, 3);
        bits.push(0, (8 - bits.used % 8) % 8);
        bits.push(0x0000, 16);
        bits.push(0xFFFF, 16);
        bits.fixed_block(true, b"1}");
        let mut zlib = vec![0x78, 0x9C];
        zlib.extend_from_slice(&bits.bytes);
        zlib.extend_from_slice(&adler32(b"{\"a\":1}").to_be_bytes());
        assert_eq!(inflated(&zlib).unwrap(), b"{\"a\":1}");
        let padding = (8 - bits.used % 8) % 8;
        assert!(padding > 0);
        let last = zlib.len() - 5;
        zlib[last] |= 0x80;
        assert_eq!(lenient_inflate(&zlib).unwrap(), b"{\"a\":1}");
        assert_eq!(inflate(&zlib), Err(VerifyError::Inflate));
    }

    /// Verification inflates a deflated UserSig once: every deflate byte passes through the
    /// decompressor once (it used to inflate the whole stream again for every set bit of its
    /// last byte, to find the padding bits).
    #[test]
    fn verify_inflates_once() {
        let signer = crate::Signer::new(1_400_000_000, crate::SecretKey::new("key"));
        let opts = crate::GenerateOptions::new().with_compression(crate::Compression::Deflate(6));
        for identifier in ["administrator", "bench_user_01", "u"] {
            let usersig = signer
                .generate_with(identifier, 86_400, 1_700_000_000, &opts)
                .unwrap();
            let zlib = decode_usersig(usersig.as_str()).unwrap();
            // A set bit in the last deflate byte (where padding is looked for) made the old
            // check inflate again.
            let last = zlib[zlib.len() - 5];
            assert_ne!(last, 0, "{identifier}");
            INFLATED.with(|n| n.set(0));
            signer
                .verify_at(identifier, usersig.as_str(), 1_700_000_000)
                .unwrap();
            assert_eq!(INFLATED.with(|n| n.get()), zlib.len() - 6, "{identifier}");
        }
    }

    /// The table encoder writes what the base64 engine writes, translated to the UserSig
    /// alphabet, for every length and remainder.
    #[test]
    fn the_table_encoder_is_base64() {
        let bytes: Vec<u8> = (0..300u32).map(|i| (i * 151 % 256) as u8).collect();
        for len in 0..bytes.len() {
            for start in [0, 1, 2, 7] {
                let data = &bytes[start..(start + len).min(bytes.len())];
                let expected: String = STANDARD
                    .encode(data)
                    .chars()
                    .map(|c| match c {
                        '+' => '*',
                        '/' => '-',
                        '=' => '_',
                        c => c,
                    })
                    .collect();
                assert_eq!(encode_usersig(data), expected, "{len} from {start}");
            }
        }
        for seed in 0..64u8 {
            let tag: [u8; 32] = core::array::from_fn(|i| (i as u8).wrapping_mul(seed) ^ seed);
            assert_eq!(&encode_sig(&tag)[..], STANDARD.encode(tag).as_bytes());
        }
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

    /// The table decoder's fast path and the translating decoder agree on every string of
    /// up to 8 characters from the UserSig and standard alphabets, line breaks included.
    #[test]
    fn both_decoders_agree() {
        let chars = b"AQgw/+*-_=\n";
        let mut s = Vec::new();
        let mut fast = 0;
        for len in 0..=8u32 {
            for mut code in 0..(chars.len() as u32).pow(len.min(5)) {
                s.clear();
                for i in 0..len {
                    s.push(if i < 5 {
                        chars[(code % chars.len() as u32) as usize]
                    } else {
                        b'A'
                    });
                    code /= chars.len() as u32;
                }
                let general = decode_usersig_translated(&s);
                if let Some(bytes) = decode_usersig_alphabet(&s) {
                    fast += 1;
                    assert_eq!(Ok(bytes), general, "{:?}", core::str::from_utf8(&s));
                }
            }
        }
        assert!(fast > 1000, "{fast}");
    }
}
