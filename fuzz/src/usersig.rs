//! UserSig verification against mutated UserSigs, at two levels:
//!
//! - the text: a changed stored UserSig must fail to verify, line breaks and the standard
//!   base64 characters aside (read as Go reads them); a changed deflated one may verify only
//!   when it inflates to the very same JSON (deflate's freedoms, ARCHITECTURE.md);
//! - the content: the JSON inside is mutated, recompressed at a random level and re-encoded;
//!   one that verifies must carry exactly the original claims (the HMAC covers them; only
//!   their encoding may differ).
//!
//! Neither may panic.

use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use im_sig::{Compression, GenerateOptions, SecretKey, Signer};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::mutate;
use crate::summary::Summary;

const NOW: u64 = 1_700_000_000;

/// The corpus: UserSigs of a few identifiers, with and without a userbuf, each compression.
fn corpus(signer: &Signer) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let identifiers = ["administrator", "user_001", "张三", "a\"b\\c", "@RBT#robot"];
    let userbufs: [&[u8]; 3] = [b"", b"\x00\x01binary\xff", b"abc"];
    for (i, identifier) in identifiers.iter().enumerate() {
        for (j, userbuf) in userbufs.iter().enumerate() {
            let compression = match (i + j) % 3 {
                0 => Compression::Stored,
                1 => Compression::Deflate(6),
                _ => Compression::Deflate(9),
            };
            let opts = GenerateOptions::new()
                .with_userbuf(userbuf)
                .with_compression(compression);
            if let Ok(sig) = signer.generate_with(identifier, 86_400, NOW - 60, &opts) {
                out.push(((*identifier).to_owned(), sig.as_str().to_owned()));
            }
        }
    }
    out
}

/// The UserSig alphabet's base64 to standard base64, and back.
fn to_standard(sig: &str) -> String {
    sig.replace('*', "+").replace('-', "/").replace('_', "=")
}

fn from_standard(b64: &str) -> String {
    b64.replace('+', "*").replace('/', "-").replace('=', "_")
}

/// The JSON inside `sig`.
fn inner_json(sig: &str) -> Option<Vec<u8>> {
    let zlib = STANDARD.decode(to_standard(sig)).ok()?;
    miniz_oxide::inflate::decompress_to_vec_zlib(&zlib).ok()
}

/// `sig` as the verifier reads it: line breaks dropped and the standard base64 characters
/// in the UserSig alphabet (both are accepted, as Go's verifier accepts them).
fn normalized(sig: &str) -> String {
    from_standard(&sig.replace(['\r', '\n'], ""))
}

/// Whether the zlib stream of `sig` starts with a stored block (BTYPE 00).
fn first_block_is_stored(sig: &str) -> bool {
    STANDARD
        .decode(to_standard(sig))
        .ok()
        .and_then(|zlib| zlib.get(2).map(|b| b & 0b110 == 0))
        .unwrap_or(false)
}

/// Runs both levels for `budget`.
pub(crate) fn run(budget: Duration, seed: u64) -> Result<Summary, String> {
    let signer = Signer::new(1_400_000_000, SecretKey::new("fuzz-usersig-key"));
    let corpus = corpus(&signer);
    let texts: Vec<Vec<u8>> = corpus.iter().map(|(_, s)| s.as_bytes().to_vec()).collect();
    let jsons: Vec<Vec<u8>> = corpus.iter().filter_map(|(_, s)| inner_json(s)).collect();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut summary = Summary::new("usersig");
    let started = Instant::now();
    while started.elapsed() < budget {
        let (identifier, original) = &corpus[rng.random_range(0..corpus.len())];
        let claims = signer
            .verify_at(identifier, original, NOW)
            .map_err(|e| format!("a corpus UserSig does not verify: {e}"))?;
        let text_level = rng.random_range(0..2) == 0;
        let mutated = if text_level {
            String::from_utf8_lossy(&mutate::bytes(&mut rng, original.as_bytes(), &texts))
                .into_owned()
        } else {
            let json = inner_json(original).unwrap_or_default();
            let json = if rng.random() {
                mutate::bytes(&mut rng, &json, &jsons)
            } else {
                mutate::json(&mut rng, &json, &jsons)
            };
            let level = rng.random_range(0..=10);
            from_standard(
                &STANDARD.encode(miniz_oxide::deflate::compress_to_vec_zlib(&json, level)),
            )
        };
        // Decoding without the key must not panic either.
        let _ = im_sig::decode(&mutated);
        if let Ok(got) = signer.verify_at(identifier, &mutated, NOW) {
            summary.verified += 1;
            let same_content = inner_json(&mutated) == inner_json(original);
            let stored = first_block_is_stored(original);
            let changed_text = text_level
                && normalized(&mutated) != normalized(original)
                && (stored || !same_content);
            if changed_text || got != claims {
                return Err(format!(
                    "a mutated UserSig verified: {mutated:?} (from {original:?}, claims {got:?}; seed {seed}, case {})",
                    summary.cases
                ));
            }
        }
        summary.cases += 1;
        summary.runs += 1;
    }
    Ok(summary)
}
