//! Properties: generate → verify round-trips; tampering is always detected; no input
//! panics.

use crate::support::{NOW, signer, to_usersig};
use im_sig::{
    Compression, GenerateOptions, Privileges, Room, SecretKey, Signer, VerifyError,
    parse_private_map_key_userbuf,
};
use proptest::prelude::*;

/// Identifiers of 1..=32 bytes from arbitrary Unicode.
fn identifier() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 1..=8).prop_map(|chars| {
        let mut s = String::new();
        for c in chars {
            if s.len() + c.len_utf8() <= 32 {
                s.push(c);
            }
        }
        s
    })
}

fn compression() -> impl Strategy<Value = Compression> {
    prop_oneof![
        Just(Compression::Stored),
        (1u8..=9).prop_map(Compression::Deflate)
    ]
}

const USERSIG_CHARS: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_+/=!\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generate_then_verify(
        id in identifier(),
        key in "[ -~]{1,80}",
        sdkappid in 1u64..,
        expire in 1u64..,
        now in any::<u64>(),
        userbuf in prop::option::of(prop::collection::vec(any::<u8>(), 0..64)),
        compression in compression(),
    ) {
        let s = Signer::new(sdkappid, SecretKey::new(key.clone()));
        let mut opts = GenerateOptions::new().with_compression(compression);
        opts.userbuf = userbuf.as_deref();
        let sig = s.generate_with(&id, expire, now, &opts).unwrap();
        // An empty userbuf is generated as absent.
        let expected_buf = userbuf.as_deref().filter(|b| !b.is_empty());
        let claims = s.verify_with_userbuf_at(&id, sig.as_str(), expected_buf, now).unwrap();
        prop_assert_eq!(&claims.identifier, &id);
        prop_assert_eq!((claims.sdkappid, claims.time, claims.expire), (sdkappid, now, expire));
        prop_assert_eq!(claims.userbuf.as_deref(), expected_buf);
        prop_assert_eq!(claims.expires_at(), now.saturating_add(expire));
        prop_assert_eq!(im_sig::decode(sig.as_str()).unwrap(), claims.clone());
        prop_assert_eq!(s.verify_at(&id, sig.as_str(), now).unwrap(), claims.clone());
        // Valid through the boundary second, expired after it.
        prop_assert!(s.verify_at(&id, sig.as_str(), claims.expires_at()).is_ok());
        if let Some(after) = claims.expires_at().checked_add(1) {
            let expired = matches!(
                s.verify_at(&id, sig.as_str(), after),
                Err(VerifyError::Expired { .. })
            );
            prop_assert!(expired);
        }
        // Another key never verifies.
        let other = Signer::new(sdkappid, SecretKey::new(format!("{key}!")));
        prop_assert_eq!(other.verify_at(&id, sig.as_str(), now), Err(VerifyError::SigMismatch));
    }

    #[test]
    fn private_map_key_roundtrip(
        id in "[a-zA-Z0-9_-]{1,32}",
        sdkappid in 1u64..=u64::from(u32::MAX),
        expire in 1u64..1_000_000_000,
        now in 0u64..4_000_000_000,
        numeric in any::<u32>(),
        room_str in prop::option::of("[^\u{0}]{1,20}"),
        bits in any::<u8>(),
    ) {
        let s = Signer::new(sdkappid, SecretKey::new("k"));
        let room = match &room_str {
            Some(r) => Room::Str(r),
            None => Room::Numeric(numeric),
        };
        let p = Privileges::from_bits(bits);
        let sig = s.private_map_key_at(&id, expire, &room, p, now).unwrap();
        let pmk = s.verify_at(&id, sig.as_str(), now).unwrap().private_map_key().unwrap().unwrap();
        prop_assert_eq!(pmk.room(), Some(room));
        prop_assert_eq!(pmk.privileges(), p);
        prop_assert_eq!(u64::from(pmk.expires_at), (now + expire) & 0xFFFF_FFFF);
        prop_assert_eq!(u64::from(pmk.sdkappid), sdkappid);
        prop_assert_eq!(pmk.account_str(), Some(id.as_str()));
        let bytes = pmk.to_bytes();
        prop_assert_eq!(parse_private_map_key_userbuf(&bytes).unwrap(), pmk);
    }

    /// Replacing or removing any one character never panics and always fails, except for
    /// replacing a character by its standard-base64 equivalent (`*` by `+`, `-` by `/`, `_` by
    /// `=`), which Go's decoder accepts too and which must then give the same claims.
    #[test]
    fn tampering_is_detected(
        id in identifier(),
        expire in 1u64..100_000_000,
        userbuf in prop::option::of(prop::collection::vec(any::<u8>(), 1..40)),
        compression in compression(),
        pos in any::<prop::sample::Index>(),
        replacement in prop::sample::select(USERSIG_CHARS),
        truncate in any::<bool>(),
    ) {
        let s = signer();
        let mut opts = GenerateOptions::new().with_compression(compression);
        opts.userbuf = userbuf.as_deref();
        let sig = s.generate_with(&id, expire, NOW, &opts).unwrap();
        let original = s.verify_at(&id, sig.as_str(), NOW).unwrap();
        let mut bytes = sig.into_string().into_bytes();
        let i = pos.index(bytes.len());
        let equivalent = |a: u8, b: u8| {
            a == b || matches!((a, b), (b'*', b'+') | (b'-', b'/') | (b'_', b'='))
        };
        let may_verify = !truncate && equivalent(bytes[i], replacement);
        if truncate {
            bytes.remove(i);
        } else {
            bytes[i] = replacement;
        }
        let tampered = String::from_utf8(bytes).unwrap();
        let results = [
            s.verify_at(&id, &tampered, NOW),
            s.verify_with_userbuf_at(&id, &tampered, userbuf.as_deref(), NOW),
            im_sig::decode(&tampered),
        ];
        for result in results {
            match result {
                Ok(claims) => {
                    prop_assert!(may_verify, "a changed UserSig verified");
                    prop_assert_eq!(&claims, &original);
                }
                Err(_) => prop_assert!(!may_verify, "an equivalent UserSig failed"),
            }
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>(), id in any::<String>(), now in any::<u64>()) {
        let signer = signer();
        let _ = signer.verify_at(&id, &s, now);
        let _ = signer.verify_with_userbuf_at(&id, &s, Some(b"x"), now);
        let _ = im_sig::decode(&s);
    }

    #[test]
    fn arbitrary_usersig_alphabet_strings_never_panic(s in "[A-Za-z0-9*_-]{0,400}") {
        let _ = signer().verify_at("x", &s, NOW);
    }

    /// Arbitrary content behind valid base64 and zlib layers reaches the JSON parser.
    #[test]
    fn arbitrary_json_never_panics(
        body in prop_oneof![
            any::<Vec<u8>>(),
            r#"\{("TLS\.(ver|identifier|sdkappid|expire|time|userbuf|sig)":("[^"]{0,10}"|-?[0-9.eE]{0,22}|null|\[\]|\{\}|true), ?){0,8}\}"#
                .prop_map(String::into_bytes),
        ],
        level in 0u8..=9,
        now in any::<u64>(),
    ) {
        let zlib = miniz_oxide::deflate::compress_to_vec_zlib(&body, level);
        let sig = to_usersig(&zlib);
        let _ = signer().verify_with_userbuf_at("x", &sig, None, now);
        let _ = im_sig::decode(&sig);
    }

    #[test]
    fn arbitrary_userbufs_never_panic(bytes in any::<Vec<u8>>()) {
        if let Ok(pmk) = parse_private_map_key_userbuf(&bytes) {
            prop_assert_eq!(pmk.to_bytes(), bytes);
        }
    }

    #[test]
    fn privilege_parsing_never_panics(s in any::<String>()) {
        if let Ok(p) = s.parse::<Privileges>() {
            prop_assert_eq!(p.to_string().parse::<Privileges>(), Ok(p));
        }
    }
}

/// The UserSig alphabet (URL-safe base64 with `*`, `-`, `_`).
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_";

/// Every UserSig with one character changed, to every other character of the alphabet.
fn one_character_changes(usersig: &str) -> impl Iterator<Item = String> + '_ {
    let bytes = usersig.as_bytes();
    (0..bytes.len()).flat_map(move |i| {
        ALPHABET
            .iter()
            .filter(move |&&c| c != bytes[i])
            .map(move |&c| {
                let mut changed = bytes.to_vec();
                changed[i] = c;
                String::from_utf8(changed).unwrap()
            })
    })
}

/// No changed character of a valid stored UserSig (the default, Go's form) verifies: the padding
/// bits of a stored block's header used to be ignored. A deflated UserSig keeps freedoms no
/// verifier can refuse (a back-reference to an equal earlier copy of the same bytes), so one of
/// its ~12,000 single-character changes may verify: with the identical content, never with
/// other claims. The padding bits after its final block are refused like the stored ones.
#[test]
fn no_changed_character_verifies() {
    let signer = signer();
    for (identifier, compression, userbuf) in [
        ("administrator", Compression::Stored, None),
        ("user_001", Compression::Stored, Some(&b"buf"[..])),
        ("u", Compression::Deflate(1), None),
        ("administrator", Compression::Deflate(6), None),
        ("名字", Compression::Deflate(9), Some(&b"\x00\xff"[..])),
    ] {
        let mut opts = GenerateOptions::new().with_compression(compression);
        if let Some(buf) = userbuf {
            opts = opts.with_userbuf(buf);
        }
        let usersig = signer
            .generate_with(identifier, 86_400, NOW, &opts)
            .unwrap();
        let verify = |sig: &str| match userbuf {
            None => signer.verify_at(identifier, sig, NOW).is_ok(),
            Some(buf) => signer
                .verify_with_userbuf_at(identifier, sig, Some(buf), NOW)
                .is_ok(),
        };
        assert!(verify(usersig.as_str()));
        let verified: Vec<String> = one_character_changes(usersig.as_str())
            .filter(|changed| verify(changed))
            .collect();
        if compression == Compression::Stored {
            assert!(
                verified.is_empty(),
                "{compression:?}: {} changed UserSigs verified, e.g. {}",
                verified.len(),
                verified[0]
            );
        } else {
            assert!(verified.len() <= 2, "{compression:?}: {}", verified.len());
            let content = crate::support::inflate(usersig.as_str());
            for changed in &verified {
                assert_eq!(crate::support::inflate(changed), content, "{compression:?}");
            }
        }
    }
}
