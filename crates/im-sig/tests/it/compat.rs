//! UserSigs in the forms the other official libraries emit (usersig.md §3), built by hand,
//! and the crate's own output forms.

use crate::support::{
    KEY, NOW, SDKAPPID, check, hmac_b64, inflate, signer, string_to_sign, usersig_from_json,
};
use im_sig::{Compression, GenerateError, GenerateOptions, VerifyError};

const HALF_YEAR: u64 = 15_552_000;
const V1_SIG: &str = "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=";
const V3_SIG: &str = "QjT201xPkXk/aM1e+y0vakZb0K2iPrFue++0s5y6bFM=";

#[test]
fn php_style_escaped_slashes() {
    // PHP's json_encode escapes `/` as `\/`, so TLS.sig contains `\/`; gzcompress level 6.
    let escaped = V1_SIG.replace('/', "\\/");
    let json = format!(
        r#"{{"TLS.ver":"2.0","TLS.identifier":"xiaojun","TLS.sdkappid":1400000000,"TLS.expire":15552000,"TLS.time":1700000000,"TLS.sig":"{escaped}"}}"#
    );
    assert!(json.contains("\\/"));
    let claims = check("xiaojun", &usersig_from_json(&json, 6), NOW).unwrap();
    assert_eq!(claims.expire, HALF_YEAR);

    // With a userbuf (PHP signs and emits it, `\/` escapes included).
    let json = format!(
        r#"{{"TLS.ver":"2.0","TLS.identifier":"xiaojun","TLS.sdkappid":1400000000,"TLS.expire":15552000,"TLS.time":1700000000,"TLS.userbuf":"YWJj","TLS.sig":"{}"}}"#,
        V3_SIG.replace('/', "\\/")
    );
    let s = signer();
    let sig = usersig_from_json(&json, 6);
    assert!(
        s.verify_with_userbuf_at("xiaojun", &sig, Some(b"abc"), NOW)
            .is_ok()
    );
}

#[test]
fn cpp_style_key_order_level_1() {
    // rapidjson: ver, sdkappid, identifier, time, expire, sig; compress2 level 1 (`78 01`).
    let json = format!(
        r#"{{"TLS.ver":"2.0","TLS.sdkappid":1400000000,"TLS.identifier":"xiaojun","TLS.time":1700000000,"TLS.expire":15552000,"TLS.sig":"{V1_SIG}"}}"#
    );
    let sig = usersig_from_json(&json, 1);
    assert!(sig.starts_with("eAE"), "level-1 zlib header 78 01");
    assert!(check("xiaojun", &sig, NOW).is_ok());
}

#[test]
fn java_style_key_order() {
    // org.json HashMap order: expire, ver, sdkappid, identifier, sig, userbuf, time; level 6.
    let json = format!(
        r#"{{"TLS.expire":15552000,"TLS.ver":"2.0","TLS.sdkappid":1400000000,"TLS.identifier":"xiaojun","TLS.sig":"{V3_SIG}","TLS.userbuf":"YWJj","TLS.time":1700000000}}"#
    );
    let sig = usersig_from_json(&json, 6);
    assert!(sig.starts_with("eJ"), "default-level zlib header 78 9C");
    let claims = signer()
        .verify_with_userbuf_at("xiaojun", &sig, Some(b"abc"), NOW)
        .unwrap();
    assert_eq!(claims.userbuf.as_deref(), Some(&b"abc"[..]));
}

#[test]
fn csharp_and_old_go_key_orders() {
    // C#: sig before userbuf. Old Go (map-based): alphabetical, level 6.
    for json in [
        format!(
            r#"{{"TLS.ver":"2.0","TLS.identifier":"xiaojun","TLS.sdkappid":1400000000,"TLS.expire":15552000,"TLS.time":1700000000,"TLS.sig":"{V3_SIG}","TLS.userbuf":"YWJj"}}"#
        ),
        format!(
            r#"{{"TLS.expire":15552000,"TLS.identifier":"xiaojun","TLS.sdkappid":1400000000,"TLS.sig":"{V3_SIG}","TLS.time":1700000000,"TLS.userbuf":"YWJj","TLS.ver":"2.0"}}"#
        ),
    ] {
        for level in [0, 1, 6, 9] {
            let sig = usersig_from_json(&json, level);
            assert!(
                signer()
                    .verify_with_userbuf_at("xiaojun", &sig, Some(b"abc"), NOW)
                    .is_ok(),
                "{json} at level {level}"
            );
        }
    }
}

#[test]
fn whitespace_escapes_and_trailing_newline() {
    let json = format!(
        "{{\n  \"TLS.sig\" : \"{}\",\r\n\t\"TLS.identifier\" :\"\\u0078iao\\u006aun\" ,\n  \"TLS.ver\": \"2.0\", \"TLS.time\": 1700000000,\n  \"TLS.sdkappid\" : 1400000000 , \"TLS.expire\":15552000 }}\n",
        V1_SIG.replace('/', "\\/")
    );
    for level in [0, 6] {
        let claims = check("xiaojun", &usersig_from_json(&json, level), NOW).unwrap();
        assert_eq!(claims.identifier, "xiaojun");
    }
}

#[test]
fn unicode_identifier_with_surrogate_pair_escape() {
    let id = "用户😀";
    let sig = hmac_b64(KEY, &string_to_sign(id, SDKAPPID, NOW, 60, None));
    let json = format!(
        r#"{{"TLS.identifier":"\u7528\u6237\ud83d\ude00","TLS.sdkappid":1400000000,"TLS.expire":60,"TLS.time":1700000000,"TLS.sig":"{sig}"}}"#
    );
    assert_eq!(
        check(id, &usersig_from_json(&json, 0), NOW)
            .unwrap()
            .identifier,
        id
    );
    // A lone surrogate escape (Node's JSON.stringify writes one for an unpaired surrogate)
    // reads as U+FFFD, as in Go and in Node's own UTF-8 signing.
    let lone = "lone\u{FFFD}x";
    let sig = hmac_b64(KEY, &string_to_sign(lone, SDKAPPID, NOW, 60, None));
    let json = format!(
        r#"{{"TLS.identifier":"lone\ud800x","TLS.sdkappid":1400000000,"TLS.expire":60,"TLS.time":1700000000,"TLS.sig":"{sig}"}}"#
    );
    assert_eq!(
        check(lone, &usersig_from_json(&json, 0), NOW)
            .unwrap()
            .identifier,
        lone
    );
    let low_first = json.replace("\\ud800", "\\udc00\\ud800");
    assert_eq!(
        check(
            "lone\u{FFFD}\u{FFFD}x",
            &usersig_from_json(&low_first, 0),
            NOW
        ),
        Err(VerifyError::SigMismatch)
    );
    // An escaped backslash followed by `ud800` is text, not an escape.
    let text = json.replace("lone\\ud800x", "lone\\\\ud800x");
    assert_eq!(
        check("lone\\ud800x", &usersig_from_json(&text, 0), NOW),
        Err(VerifyError::SigMismatch)
    );
}

#[test]
fn php_numeric_strings() {
    let sig = hmac_b64(KEY, &string_to_sign("xiaojun", SDKAPPID, NOW, 60, None));
    let json = format!(
        r#"{{"TLS.identifier":"xiaojun","TLS.sdkappid":"1400000000","TLS.expire":"60","TLS.time":"1700000000","TLS.sig":"{sig}"}}"#
    );
    assert_eq!(
        check("xiaojun", &usersig_from_json(&json, 6), NOW)
            .unwrap()
            .expire,
        60
    );
}

#[test]
fn missing_time_and_expire_read_as_zero() {
    let sig = hmac_b64(KEY, &string_to_sign("xiaojun", SDKAPPID, 0, 0, None));
    let json =
        format!(r#"{{"TLS.identifier":"xiaojun","TLS.sdkappid":1400000000,"TLS.sig":"{sig}"}}"#);
    let usersig = usersig_from_json(&json, 0);
    let claims = check("xiaojun", &usersig, 0).unwrap();
    assert_eq!((claims.time, claims.expire), (0, 0));
    assert_eq!(
        check("xiaojun", &usersig, 1),
        Err(VerifyError::Expired {
            expired_at: 0,
            now: 1
        })
    );
}

#[test]
fn empty_userbuf() {
    // Go HEAD signs an empty userbuf but omits it from the JSON, so its output verifies
    // nowhere (usersig.md §6). Our generator treats an empty userbuf as absent.
    let go_sig = "ubljDqEgveRT53YuD18wmOIZr6ODDFoEJYRRJQkb3/c=";
    let without = "RCRzNooOpZ6ajPMZdo963jE3teQS7Aw4R7bNUVn4QIM=";
    assert_eq!(
        hmac_b64(KEY, &string_to_sign("u", SDKAPPID, NOW, 60, Some(""))),
        go_sig
    );
    assert_eq!(
        hmac_b64(KEY, &string_to_sign("u", SDKAPPID, NOW, 60, None)),
        without
    );
    let json = |sig: &str| {
        format!(
            r#"{{"TLS.ver":"2.0","TLS.identifier":"u","TLS.sdkappid":1400000000,"TLS.expire":60,"TLS.time":1700000000,"TLS.sig":"{sig}"}}"#
        ) + "\n"
    };
    assert_eq!(
        check("u", &usersig_from_json(&json(go_sig), 0), NOW),
        Err(VerifyError::SigMismatch)
    );

    let ours = signer()
        .generate_with("u", 60, NOW, &GenerateOptions::new().with_userbuf(b""))
        .unwrap();
    assert_eq!(ours.as_str(), usersig_from_json(&json(without), 0));
    assert_eq!(ours, signer().generate_at("u", 60, NOW).unwrap());

    // Node and PHP emit `"TLS.userbuf":""` and sign `TLS.userbuf:\n`: present but empty.
    let node = format!(
        r#"{{"TLS.ver":"2.0","TLS.identifier":"u","TLS.sdkappid":1400000000,"TLS.time":1700000000,"TLS.expire":60,"TLS.userbuf":"","TLS.sig":"{go_sig}"}}"#
    );
    let node = usersig_from_json(&node, 6);
    let s = signer();
    assert_eq!(s.verify_at("u", &node, NOW).unwrap().userbuf, Some(vec![]));
    assert!(s.verify_with_userbuf_at("u", &node, Some(b""), NOW).is_ok());
    assert_eq!(
        s.verify_with_userbuf_at("u", &node, None, NOW),
        Err(VerifyError::UserBufMismatch)
    );
}

#[test]
fn deflate_levels_roundtrip() {
    let s = signer();
    let stored = s.generate_at("xiaojun", HALF_YEAR, NOW).unwrap();
    for level in 1..=9 {
        let opts = GenerateOptions::new().with_compression(Compression::Deflate(level));
        let sig = s.generate_with("xiaojun", HALF_YEAR, NOW, &opts).unwrap();
        assert!(sig.len() < stored.len(), "level {level}");
        // Same JSON as the stored form, only compressed.
        assert_eq!(inflate(sig.as_str()), inflate(stored.as_str()));
        assert_eq!(
            s.verify_at("xiaojun", sig.as_str(), NOW),
            s.verify_at("xiaojun", stored.as_str(), NOW)
        );
    }
    for level in [0, 10, 255] {
        let opts = GenerateOptions::new().with_compression(Compression::Deflate(level));
        assert_eq!(
            s.generate_with("xiaojun", HALF_YEAR, NOW, &opts),
            Err(GenerateError::InvalidCompressionLevel { level })
        );
    }
}

#[test]
fn go_escaping_of_generated_identifiers() {
    let s = signer();
    for (id, escaped) in [
        ("a\"b\\c", r#""a\"b\\c""#),
        ("tab\there\n", r#""tab\there\n""#),
        ("\u{1}\u{7f}é", "\"\\u0001\u{7f}é\""),
        ("\u{2028}x\u{2029}", r#""\u2028x\u2029""#),
    ] {
        let sig = s.generate_at(id, 60, NOW).unwrap();
        let json = inflate(sig.as_str());
        assert!(
            json.contains(&format!("\"TLS.identifier\":{escaped},")),
            "{json}"
        );
        assert_eq!(s.verify_at(id, sig.as_str(), NOW).unwrap().identifier, id);
    }
}

#[cfg(feature = "std")]
#[test]
fn system_clock_conveniences() {
    let s = signer();
    let sig = s.generate("admin", 600).unwrap();
    let claims = s.verify("admin", sig.as_str()).unwrap();
    assert!(claims.time > NOW);
    assert!(s.verify_with_userbuf("admin", sig.as_str(), None).is_ok());
    let pmk = s
        .private_map_key(
            "admin",
            600,
            &im_sig::Room::Numeric(1),
            im_sig::Privileges::ENTER,
        )
        .unwrap();
    assert!(s.verify("admin", pmk.as_str()).is_ok());
}
