//! Shared inputs and hand-made UserSig builders (independent of the crate's own encoder).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use im_sig::{Claims, SecretKey, Signer, VerifyError};
use sha2::Sha256;

/// The common inputs of usersig.md §4.
pub(crate) const SDKAPPID: u64 = 1_400_000_000;
pub(crate) const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
pub(crate) const NOW: u64 = 1_700_000_000;

pub(crate) fn signer() -> Signer {
    Signer::new(SDKAPPID, SecretKey::new(KEY))
}

/// `TLS.sig` for a string to sign, computed directly with HMAC-SHA256.
pub(crate) fn hmac_b64(key: &str, string_to_sign: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(string_to_sign.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// The string to sign of usersig.md §2 step 3.
pub(crate) fn string_to_sign(
    identifier: &str,
    sdkappid: u64,
    time: u64,
    expire: u64,
    userbuf_b64: Option<&str>,
) -> String {
    let mut s = format!(
        "TLS.identifier:{identifier}\nTLS.sdkappid:{sdkappid}\nTLS.time:{time}\nTLS.expire:{expire}\n"
    );
    if let Some(ub) = userbuf_b64 {
        s.push_str(&format!("TLS.userbuf:{ub}\n"));
    }
    s
}

/// Go's stored zlib form, framed by hand as usersig.md §3 describes:
/// `78 01` · `00` · LEN · NLEN · data · `01 00 00 FF FF` · Adler-32 (BE).
pub(crate) fn stored_zlib(data: &[u8]) -> Vec<u8> {
    let len = u16::try_from(data.len()).unwrap();
    let mut out = vec![0x78, 0x01, 0x00];
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(&[0x01, 0x00, 0x00, 0xFF, 0xFF]);
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// Base64 with the UserSig substitutions (`+` → `*`, `/` → `-`, `=` → `_`).
pub(crate) fn to_usersig(zlib: &[u8]) -> String {
    STANDARD
        .encode(zlib)
        .chars()
        .map(|c| match c {
            '+' => '*',
            '/' => '-',
            '=' => '_',
            c => c,
        })
        .collect()
}

/// The reverse of [`to_usersig`].
pub(crate) fn from_usersig(usersig: &str) -> Vec<u8> {
    let std: String = usersig
        .chars()
        .map(|c| match c {
            '*' => '+',
            '-' => '/',
            '_' => '=',
            c => c,
        })
        .collect();
    STANDARD.decode(std).unwrap()
}

/// A UserSig from a JSON text, zlib-compressed at `level` (0 = stored, framed by hand).
pub(crate) fn usersig_from_json(json: &str, level: u8) -> String {
    let zlib = if level == 0 {
        stored_zlib(json.as_bytes())
    } else {
        miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), level)
    };
    to_usersig(&zlib)
}

/// The inflated JSON of a UserSig.
pub(crate) fn inflate(usersig: &str) -> String {
    let bytes = miniz_oxide::inflate::decompress_to_vec_zlib(&from_usersig(usersig)).unwrap();
    String::from_utf8(bytes).unwrap()
}

pub(crate) fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Verifies with the usersig.md inputs at `now`.
pub(crate) fn check(identifier: &str, usersig: &str, now: u64) -> Result<Claims, VerifyError> {
    signer().verify_at(identifier, usersig, now)
}
