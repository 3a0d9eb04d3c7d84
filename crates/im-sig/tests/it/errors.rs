//! Typed errors: each failure, the check order, hostile input, and Display hygiene.

use crate::support::{
    KEY, NOW, SDKAPPID, check, hmac_b64, signer, string_to_sign, to_usersig, usersig_from_json,
};
use im_sig::{
    GenerateError, GenerateOptions, MAX_JSON_LEN, MAX_USERSIG_LEN, Privileges, Room, SecretKey,
    Signer, VerifyError,
};

fn json_with(sig: &str, fields: &str) -> String {
    format!(r#"{{"TLS.sig":"{sig}"{fields}}}"#)
}

#[test]
fn decode_errors() {
    for s in ["", "abc", "eJyr!", "*-*", "eAEArABT-3si VExT", "é"] {
        assert_eq!(check("x", s, NOW), Err(VerifyError::Decode), "{s:?}");
    }
}

#[test]
fn inflate_errors() {
    // Valid base64, not zlib.
    assert_eq!(
        check("x", &to_usersig(b"hello world"), NOW),
        Err(VerifyError::Inflate)
    );
    // Stored zlib with a wrong Adler-32.
    let good = signer().generate_at("x", 60, NOW).unwrap();
    let mut bytes = crate::support::from_usersig(good.as_str());
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    assert_eq!(
        check("x", &to_usersig(&bytes), NOW),
        Err(VerifyError::Inflate)
    );
    // Truncated stream.
    bytes.truncate(bytes.len() - 6);
    assert_eq!(
        check("x", &to_usersig(&bytes), NOW),
        Err(VerifyError::Inflate)
    );
}

#[test]
fn json_errors() {
    let sig = hmac_b64(KEY, &string_to_sign("x", SDKAPPID, NOW, 60, None));
    let base = r#","TLS.identifier":"x","TLS.sdkappid":1400000000,"TLS.time":1700000000"#;
    for body in [
        "not json".to_string(),
        "[]".to_string(),
        "{".to_string(),
        json_with(&sig, &format!("{base},\"TLS.expire\":-60")),
        json_with(&sig, &format!("{base},\"TLS.expire\":60.0")),
        json_with(&sig, &format!("{base},\"TLS.expire\":6e1")),
        json_with(&sig, &format!("{base},\"TLS.expire\":99999999999999999999")),
        json_with(
            &sig,
            &format!("{base},\"TLS.expire\":60,\"TLS.userbuf\":\"%%%\""),
        ),
        json_with(&sig, &format!("{base},\"TLS.expire\":60,\"TLS.userbuf\":5")),
        json_with(&sig, &format!("{base},\"TLS.expire\":60,\"TLS.expire\":60")),
        json_with(&sig, &format!("{base},\"TLS.expire\":60}} trailing")),
        format!("{{\"TLS.sig\":5{base}}}"),
        format!("{{\"TLS.sig\":\"{sig}\",\"TLS.identifier\":[],\"TLS.sdkappid\":1}}"),
    ] {
        for level in [0, 6] {
            assert_eq!(
                check("x", &usersig_from_json(&body, level), NOW),
                Err(VerifyError::Json),
                "{body}"
            );
        }
    }
    // Non-UTF-8 inside a string.
    let mut raw = br#"{"TLS.sig":"a","TLS.sdkappid":1,"TLS.identifier":""#.to_vec();
    raw.extend_from_slice(&[0xFF, b'"', b'}']);
    let zlib = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6);
    assert_eq!(check("x", &to_usersig(&zlib), NOW), Err(VerifyError::Json));
}

#[test]
fn missing_fields() {
    for (json, field) in [
        (
            r#"{"TLS.sdkappid":1400000000,"TLS.sig":"x"}"#,
            "TLS.identifier",
        ),
        (r#"{"TLS.identifier":"x","TLS.sig":"x"}"#, "TLS.sdkappid"),
        (
            r#"{"TLS.identifier":"x","TLS.sdkappid":null,"TLS.sig":"x"}"#,
            "TLS.sdkappid",
        ),
        (
            r#"{"TLS.identifier":"x","TLS.sdkappid":1400000000}"#,
            "TLS.sig",
        ),
        ("{}", "TLS.identifier"),
    ] {
        let sig = usersig_from_json(json, 0);
        assert_eq!(
            check("x", &sig, NOW),
            Err(VerifyError::MissingField(field)),
            "{json}"
        );
        assert_eq!(im_sig::decode(&sig), Err(VerifyError::MissingField(field)));
    }
}

#[test]
fn signature_field_problems_are_sig_mismatch() {
    for bad in [
        "",
        "not base64!",
        "AAAA",
        "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4",
    ] {
        let json = json_with(
            bad,
            r#","TLS.identifier":"x","TLS.sdkappid":1400000000,"TLS.time":1700000000,"TLS.expire":60"#,
        );
        assert_eq!(
            check("x", &usersig_from_json(&json, 0), NOW),
            Err(VerifyError::SigMismatch),
            "{bad}"
        );
    }
    // A correct signature over other claims.
    let other = hmac_b64(KEY, &string_to_sign("x", SDKAPPID, NOW, 61, None));
    let json = json_with(
        &other,
        r#","TLS.identifier":"x","TLS.sdkappid":1400000000,"TLS.time":1700000000,"TLS.expire":60"#,
    );
    assert_eq!(
        check("x", &usersig_from_json(&json, 0), NOW),
        Err(VerifyError::SigMismatch)
    );
}

/// Go's order: sdkappid, identifier, expiry, userbuf, signature.
#[test]
fn check_order_is_gos() {
    let wrong_key = Signer::new(SDKAPPID + 1, SecretKey::new("wrong"));
    let sig = signer()
        .generate_with("alice", 60, NOW, &GenerateOptions::new().with_userbuf(b"u"))
        .unwrap();
    let sig = sig.as_str();
    let late = NOW + 61;
    assert!(matches!(
        wrong_key.verify_with_userbuf_at("bob", sig, None, late),
        Err(VerifyError::SdkAppIdMismatch { .. })
    ));
    let wrong_key = Signer::new(SDKAPPID, SecretKey::new("wrong"));
    assert!(matches!(
        wrong_key.verify_with_userbuf_at("bob", sig, None, late),
        Err(VerifyError::IdentifierMismatch { .. })
    ));
    assert!(matches!(
        wrong_key.verify_with_userbuf_at("alice", sig, None, late),
        Err(VerifyError::Expired { expired_at, now }) if expired_at == NOW + 60 && now == late
    ));
    assert_eq!(
        wrong_key.verify_with_userbuf_at("alice", sig, None, NOW),
        Err(VerifyError::UserBufMismatch)
    );
    assert_eq!(
        wrong_key.verify_with_userbuf_at("alice", sig, Some(b"v"), NOW),
        Err(VerifyError::UserBufBytesMismatch)
    );
    assert_eq!(
        wrong_key.verify_with_userbuf_at("alice", sig, Some(b"u"), NOW),
        Err(VerifyError::SigMismatch)
    );
    assert!(
        signer()
            .verify_with_userbuf_at("alice", sig, Some(b"u"), NOW)
            .is_ok()
    );
}

#[test]
fn compression_bomb_is_refused() {
    // 1 MiB of zeros deflates to about 1 KiB: within the input limit, refused on inflation
    // as soon as MAX_JSON_LEN is exceeded.
    let zeros = vec![b' '; 1 << 20];
    let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 9);
    let bomb = to_usersig(&bomb);
    assert!(bomb.len() < MAX_USERSIG_LEN);
    assert_eq!(check("x", &bomb, NOW), Err(VerifyError::TooLarge));
    assert_eq!(im_sig::decode(&bomb), Err(VerifyError::TooLarge));
    // Just over the JSON limit is refused; exactly at it is inflated (and then parsed).
    let over = format!("{}{}", " ".repeat(MAX_JSON_LEN - 1), "{}");
    assert_eq!(
        check("x", &usersig_from_json(&over, 6), NOW),
        Err(VerifyError::TooLarge)
    );
    let at = format!("{}{}", " ".repeat(MAX_JSON_LEN - 2), "{}");
    assert_eq!(
        check("x", &usersig_from_json(&at, 6), NOW),
        Err(VerifyError::MissingField("TLS.identifier"))
    );
    // An over-long string is refused before decoding.
    let long = "A".repeat(MAX_USERSIG_LEN + 4);
    assert_eq!(check("x", &long, NOW), Err(VerifyError::TooLarge));
}

#[test]
fn generation_validation() {
    let s = signer();
    assert_eq!(
        s.generate_at("", 60, NOW),
        Err(GenerateError::EmptyIdentifier)
    );
    assert!(s.generate_at(&"a".repeat(32), 60, NOW).is_ok());
    assert_eq!(
        s.generate_at(&"a".repeat(33), 60, NOW),
        Err(GenerateError::IdentifierTooLong { len: 33 })
    );
    assert_eq!(
        s.generate_at("用户用户用户用户用户用", 60, NOW),
        Err(GenerateError::IdentifierTooLong { len: 33 })
    );
    assert_eq!(s.generate_at("a", 0, NOW), Err(GenerateError::ZeroExpire));
    assert_eq!(
        Signer::new(SDKAPPID, SecretKey::new("")).generate_at("a", 60, NOW),
        Err(GenerateError::EmptyKey)
    );
    assert_eq!(
        Signer::new(0, SecretKey::new(KEY)).generate_at("a", 60, NOW),
        Err(GenerateError::ZeroSdkAppId)
    );
    let big = vec![0u8; im_sig::MAX_USERBUF_LEN + 1];
    assert_eq!(
        s.generate_with("a", 60, NOW, &GenerateOptions::new().with_userbuf(&big)),
        Err(GenerateError::UserBufTooLong { len: big.len() })
    );
    let max = vec![0xFFu8; im_sig::MAX_USERBUF_LEN];
    let sig = s
        .generate_with(
            &"<".repeat(32),
            u64::MAX,
            u64::MAX,
            &GenerateOptions::new().with_userbuf(&max),
        )
        .unwrap();
    let claims = s
        .verify_with_userbuf_at(&"<".repeat(32), sig.as_str(), Some(&max), u64::MAX)
        .unwrap();
    assert_eq!(claims.expires_at(), u64::MAX);

    assert_eq!(
        Signer::new(1 << 32, SecretKey::new(KEY)).private_map_key_at(
            "a",
            60,
            &Room::Numeric(1),
            Privileges::ALL,
            NOW
        ),
        Err(GenerateError::SdkAppIdOutOfRange { sdkappid: 1 << 32 })
    );
    assert_eq!(
        s.private_map_key_at("a", 60, &Room::Str(""), Privileges::ALL, NOW),
        Err(GenerateError::EmptyRoom)
    );
    assert_eq!(
        s.private_map_key_at("", 60, &Room::Str("r"), Privileges::ALL, NOW),
        Err(GenerateError::EmptyIdentifier)
    );
    let long_room = "r".repeat(70_000);
    assert_eq!(
        s.private_map_key_at("a", 60, &Room::Str(&long_room), Privileges::ALL, NOW),
        Err(GenerateError::RoomTooLong { len: 70_000 })
    );
}

#[test]
fn private_map_key_expiry_is_truncated_like_go() {
    let now = (1u64 << 32) + 5;
    let sig = signer()
        .private_map_key_at("a", 10, &Room::Numeric(7), Privileges::ENTER, now)
        .unwrap();
    let pmk = check("a", sig.as_str(), now)
        .unwrap()
        .private_map_key()
        .unwrap()
        .unwrap();
    assert_eq!(pmk.expires_at, 15);
    assert_eq!(pmk.privileges(), Privileges::ENTER);
}

#[test]
fn display_never_leaks_key_or_usersig() {
    let key = "SUPERSECRETKEYVALUE";
    let s = Signer::new(SDKAPPID, SecretKey::new(key));
    let sig = s.generate_at("alice", 60, NOW).unwrap();
    let other = Signer::new(SDKAPPID, SecretKey::new("x"));
    let mut texts = vec![format!("{s:?}"), format!("{sig:?}")];
    for r in [
        other.verify_at("alice", sig.as_str(), NOW),
        s.verify_at("bob", sig.as_str(), NOW),
        s.verify_at("alice", sig.as_str(), NOW + 100),
        s.verify_at("alice", "abc", NOW),
    ] {
        let e = r.unwrap_err();
        texts.push(format!("{e} {e:?}"));
    }
    texts.push(
        Signer::new(SDKAPPID, SecretKey::new(""))
            .generate_at("", 0, NOW)
            .unwrap_err()
            .to_string(),
    );
    for t in &texts {
        assert!(!t.contains(key), "{t}");
        assert!(!t.contains(&sig.as_str()[10..40]), "{t}");
    }
    assert_eq!(
        s.verify_at("bob", sig.as_str(), NOW)
            .unwrap_err()
            .to_string(),
        r#"identifier mismatch: expected "bob", the usersig is for "alice""#
    );
    assert_eq!(
        GenerateError::IdentifierTooLong { len: 40 }.to_string(),
        "identifier is 40 bytes long; at most 32 bytes are allowed"
    );
    // Errors are core::error::Error.
    let _: &dyn core::error::Error = &VerifyError::SigMismatch;
    let _: &dyn core::error::Error = &GenerateError::EmptyKey;
}

#[test]
fn usersigs_dated_ahead_beyond_the_skew_are_refused() {
    let s = signer();
    assert_eq!(s.max_skew_secs(), im_sig::DEFAULT_MAX_SKEW_SECS);
    assert_eq!(im_sig::DEFAULT_MAX_SKEW_SECS, 300);
    // A day ahead: refused by default, naming the time, the clock and the rule.
    let tomorrow = s.generate_at("alice", 86_400 * 2, NOW + 86_400).unwrap();
    let err = s.verify_at("alice", tomorrow.as_str(), NOW).unwrap_err();
    assert_eq!(
        err,
        VerifyError::IssuedInFuture {
            time: NOW + 86_400,
            now: NOW,
            ahead: 86_400,
            max_skew: 300
        }
    );
    assert_eq!(err.service_error_code(), 70005);
    let text = err.to_string();
    for part in [
        &(NOW + 86_400).to_string(),
        &NOW.to_string(),
        "300 s",
        "86400 s",
    ] {
        assert!(text.contains(part), "{text}");
    }
    // With a userbuf check too, and through the system-clock convenience.
    assert!(matches!(
        s.verify_with_userbuf_at("alice", tomorrow.as_str(), None, NOW),
        Err(VerifyError::IssuedInFuture { .. })
    ));
    let far = s.generate_at("alice", 60, u64::MAX - 60).unwrap();
    assert!(matches!(
        s.verify("alice", far.as_str()),
        Err(VerifyError::IssuedInFuture { .. })
    ));
    // The edge: exactly the skew ahead verifies, one second more does not.
    let edge = s.generate_at("alice", 60, NOW + 300).unwrap();
    assert!(s.verify_at("alice", edge.as_str(), NOW).is_ok());
    assert!(matches!(
        s.verify_at("alice", edge.as_str(), NOW - 1),
        Err(VerifyError::IssuedInFuture { ahead: 301, .. })
    ));
    // Configurable: a day of skew, none at all, or any date.
    let lenient = signer().with_max_skew_secs(86_400);
    assert!(lenient.verify_at("alice", tomorrow.as_str(), NOW).is_ok());
    let strict = signer().with_max_skew_secs(0);
    assert!(strict.verify_at("alice", edge.as_str(), NOW + 300).is_ok());
    assert!(strict.verify_at("alice", edge.as_str(), NOW + 299).is_err());
    let any = signer().with_max_skew_secs(u64::MAX);
    assert!(any.verify_at("alice", far.as_str(), 0).is_ok());
    // Only an authentic UserSig's date is reported: a forged one is a signature mismatch.
    let other = Signer::new(SDKAPPID, SecretKey::new("another key"));
    assert_eq!(
        other.verify_at("alice", tomorrow.as_str(), NOW),
        Err(VerifyError::SigMismatch)
    );
}
