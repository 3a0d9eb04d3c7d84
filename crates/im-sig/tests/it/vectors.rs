//! usersig.md §4: test vectors V1–V6 and the verification table.

use crate::support::{
    KEY, NOW, SDKAPPID, check, from_usersig, hex, hmac_b64, inflate, signer, stored_zlib,
    string_to_sign, to_usersig,
};
use im_sig::{
    GenerateOptions, Privileges, Room, SecretKey, Signer, VerifyError,
    parse_private_map_key_userbuf,
};

const V1_SIG: &str = "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=";
const V1_GO_JSON: &str = "{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"xiaojun\",\"TLS.sdkappid\":1400000000,\"TLS.expire\":15552000,\"TLS.time\":1700000000,\"TLS.sig\":\"LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=\"}\n";
const V1_GO_ZLIB: &str = "780100ac0053ff7b22544c532e766572223a22322e30222c22544c532e6964656e746966696572223a227869616f6a756e222c22544c532e73646b6170706964223a313430303030303030302c22544c532e657870697265223a31353535323030302c22544c532e74696d65223a313730303030303030302c22544c532e736967223a224c764137642f4977376753736e736b76567a4244504f43434462754e4377344748775443306269702b42343d227d0a010000ffffdfc331fc";
const V1_GO: &str = "eAEArABT-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMuc2lnIjoiTHZBN2QvSXc3Z1NzbnNrdlZ6QkRQT0NDRGJ1TkN3NEdId1RDMGJpcCtCND0ifQoBAAD--9-DMfw_";
const V1_PYTHON: &str = "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkKjIT87NK82CSxSnZiQUFmSlAKUMTAyiAyqVWFGQWpYJkTE1NjRDiJZm5YFFzNPXFmekgG3zKHM1T9D3LzdODi-OKs8vCqpxcAvydnV2SSv2cy03cPcpDnA2SMgu0nUxslWoBHdYzUg__";
const V1_NODE: &str = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiUZOamKlkZmqOKplYUZBaBxE1NTY3gosWZ6UpWSj5ljuYp*p7l5unBxXnF2WVhVU4uAf7Ozi5JpX7O5SbuHuUhzgZJmQXaTia2SrUAohcx8g__";

const V2_GO: &str = "eAEApwBY-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoiYWRtaW4iLCJUTFMuc2RrYXBwaWQiOjE0MDAwMDAwMDAsIlRMUy5leHBpcmUiOjg2NDAwLCJUTFMudGltZSI6MTcwMDAwMDAwMCwiVExTLnNpZyI6IjRsVXhxRi9CK1FTL0ZoelUzODhNV3c0N3MyR0lLZ3BUQ0YxV21XTC9sNVk9In0KAQAA--*tti93";
const V2_PYTHON: &str = "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkElNyM-NgUsUp2YkFBZkpQAlDEwMogMqlVhRkFqUCZSzMTOCCJZm5ICFDczTFxZnpIMNNckIrCt30nbQDg-XdMqpCjS0sfMPLTcyLjdw9vdMLQpzdDMNzw330c0wjbZVqAeD3MM0_";
const V2_NODE: &str = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwokpuZl5UInilOzEgoLMFCUrQxMDKIDIlGTmpipZGZqjiqZWFGQWpSpZWZiZwISKM9OVrJRMckIrCt30nbQDg-XdMqpCjS0sfMPLTcyLjdw9vdMLQpzdDMNzw330c0wjbZVqAW7JL20_";

const V3_GO: &str = "eAEAwQA*-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMudXNlcmJ1ZiI6IllXSmoiLCJUTFMuc2lnIjoiUWpUMjAxeFBrWGsvYU0xZSt5MHZha1piMEsyaVByRnVlKyswczV5NmJGTT0ifQoBAAD--ye1N*Q_";
const V4_GO: &str = "eAEA5QAa-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMudXNlcmJ1ZiI6IkFBQUhlR2xoYjJwMWJsTnlUZ0FBQUNjUVprRS9BQUFBQVA4QUFBQUEiLCJUTFMuc2lnIjoieTlBdmI1eHdIZ0lnb0FCYkdha0xhRTB4cyt2L2RMY0lQZWdiV2ZjYlJMST0ifQoBAAD--*9eQ8M_";
const V5_GO: &str = "eAEA9QAK-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMudXNlcmJ1ZiI6IkFRQUhlR2xoYjJwMWJsTnlUZ0FBQUFBQVprRS9BQUFBQVA4QUFBQUFBQW94TURBd01EQXdNRFF3IiwiVExTLnNpZyI6InV1cGFPbUlxaVZVc1ZvQ0R2bWFrbUdVODZHRVFCVjBJZTZRKzlHRmJvd009In0KAQAA--9kt0io";

const HALF_YEAR: u64 = 15_552_000;

#[test]
fn v1_string_to_sign_and_sig() {
    let s = string_to_sign("xiaojun", SDKAPPID, NOW, HALF_YEAR, None);
    assert_eq!(s.len(), 87);
    assert_eq!(hmac_b64(KEY, &s), V1_SIG);
}

#[test]
fn v1_generation_is_byte_exact() {
    let sig = signer().generate_at("xiaojun", HALF_YEAR, NOW).unwrap();
    assert_eq!(sig.as_str(), V1_GO);
    assert_eq!(inflate(sig.as_str()), V1_GO_JSON);
    assert_eq!(V1_GO_JSON.len(), 172);
    assert_eq!(from_usersig(sig.as_str()), hex(V1_GO_ZLIB));
    // The hand framing of usersig.md §3 gives the same bytes.
    assert_eq!(to_usersig(&stored_zlib(V1_GO_JSON.as_bytes())), V1_GO);
}

#[test]
fn v1_go_python_node_verify() {
    for (lang, s) in [("go", V1_GO), ("python", V1_PYTHON), ("node", V1_NODE)] {
        let claims = check("xiaojun", s, NOW).unwrap_or_else(|e| panic!("{lang}: {e}"));
        assert_eq!(claims.sdkappid, SDKAPPID, "{lang}");
        assert_eq!(claims.identifier, "xiaojun", "{lang}");
        assert_eq!((claims.time, claims.expire), (NOW, HALF_YEAR), "{lang}");
        assert_eq!(claims.userbuf, None, "{lang}");
        assert_eq!(im_sig::decode(s).unwrap(), claims, "{lang}");
    }
    assert_eq!(
        inflate(V1_PYTHON),
        r#"{"TLS.ver": "2.0", "TLS.identifier": "xiaojun", "TLS.sdkappid": 1400000000, "TLS.expire": 15552000, "TLS.time": 1700000000, "TLS.sig": "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4="}"#
    );
}

#[test]
fn v2_admin() {
    let sig = signer().generate_at("admin", 86_400, NOW).unwrap();
    assert_eq!(sig.as_str(), V2_GO);
    assert!(inflate(V2_GO).contains(r#""TLS.sig":"4lUxqF/B+QS/FhzU388MWw47s2GIKgpTCF1WmWL/l5Y=""#));
    for s in [V2_GO, V2_PYTHON, V2_NODE] {
        let claims = check("admin", s, NOW + 86_400).unwrap();
        assert_eq!(claims.expires_at(), NOW + 86_400);
    }
}

#[test]
fn v3_userbuf() {
    let opts = GenerateOptions::new().with_userbuf(b"abc");
    let sig = signer()
        .generate_with("xiaojun", HALF_YEAR, NOW, &opts)
        .unwrap();
    assert_eq!(sig.as_str(), V3_GO);
    assert_eq!(
        hmac_b64(
            KEY,
            &string_to_sign("xiaojun", SDKAPPID, NOW, HALF_YEAR, Some("YWJj"))
        ),
        "QjT201xPkXk/aM1e+y0vakZb0K2iPrFue++0s5y6bFM="
    );
    let s = signer();
    let claims = s
        .verify_with_userbuf_at("xiaojun", V3_GO, Some(b"abc"), NOW)
        .unwrap();
    assert_eq!(claims.userbuf.as_deref(), Some(&b"abc"[..]));
    assert!(claims.has_userbuf());
    // verify_at does not check the userbuf; Go's VerifyUserSig (= `None` here) does.
    assert_eq!(s.verify_at("xiaojun", V3_GO, NOW).unwrap(), claims);
    assert_eq!(
        s.verify_with_userbuf_at("xiaojun", V3_GO, None, NOW),
        Err(VerifyError::UserBufMismatch)
    );
    assert_eq!(
        s.verify_with_userbuf_at("xiaojun", V3_GO, Some(b"abd"), NOW),
        Err(VerifyError::UserBufBytesMismatch)
    );
    assert_eq!(
        s.verify_with_userbuf_at("xiaojun", V1_GO, Some(b"abc"), NOW),
        Err(VerifyError::UserBufMismatch)
    );
    assert!(
        s.verify_with_userbuf_at("xiaojun", V1_GO, None, NOW)
            .is_ok()
    );
}

#[test]
fn v4_private_map_key_numeric_room() {
    let sig = signer()
        .private_map_key_at(
            "xiaojun",
            HALF_YEAR,
            &Room::Numeric(10000),
            Privileges::ALL,
            NOW,
        )
        .unwrap();
    assert_eq!(sig.as_str(), V4_GO);
    let claims = check("xiaojun", V4_GO, NOW).unwrap();
    let userbuf = claims.userbuf.clone().unwrap();
    assert_eq!(
        userbuf,
        // 00 · 0007 · "xiaojun" · 1400000000 · 10000 · 1715552000 · 255 · 0
        hex("0000077869616f6a756e53724e000000271066413f00000000ff00000000")
    );
    let pmk = parse_private_map_key_userbuf(&userbuf).unwrap();
    assert_eq!(claims.private_map_key(), Some(Ok(pmk.clone())));
    assert_eq!(pmk.version, 0);
    assert_eq!(pmk.account_str(), Some("xiaojun"));
    assert_eq!(pmk.sdkappid, 1_400_000_000);
    assert_eq!(pmk.room(), Some(Room::Numeric(10000)));
    assert_eq!(pmk.expires_at, 1_715_552_000);
    assert_eq!(pmk.privileges(), Privileges::ALL);
    assert_eq!(pmk.account_type, 0);
}

#[test]
fn v5_private_map_key_string_room() {
    let sig = signer()
        .private_map_key_at(
            "xiaojun",
            HALF_YEAR,
            &Room::Str("1000000040"),
            Privileges::ALL,
            NOW,
        )
        .unwrap();
    assert_eq!(sig.as_str(), V5_GO);
    assert!(
        inflate(V5_GO).contains(
            r#""TLS.userbuf":"AQAHeGlhb2p1blNyTgAAAAAAZkE/AAAAAP8AAAAAAAoxMDAwMDAwMDQw""#
        )
    );
    assert!(inflate(V5_GO).contains(r#""TLS.sig":"uupaOmIqiVUsVoCDvmakmGU86GEQBV0Ie6Q+9GFbowM=""#));
    let pmk = check("xiaojun", V5_GO, NOW)
        .unwrap()
        .private_map_key()
        .unwrap()
        .unwrap();
    assert_eq!(pmk.version, 1);
    assert_eq!(pmk.room(), Some(Room::Str("1000000040")));
    assert_eq!(pmk.room_id, 0);
}

/// V6: the official Go library's output for identifier `a<b>&c` and expire 0: the JSON
/// omits `TLS.expire` and escapes the identifier. Built by hand exactly as described.
#[test]
fn v6_go_expire_zero() {
    let sig = "SC8ID4FO+IXvsytZW4P9OfvAsbVFCq7idx1oeAHAKIg=";
    let to_sign = string_to_sign("a<b>&c", SDKAPPID, NOW, 0, None);
    assert!(to_sign.ends_with("TLS.expire:0\n"));
    assert_eq!(hmac_b64(KEY, &to_sign), sig);
    let json = format!(
        "{{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"a\\u003cb\\u003e\\u0026c\",\"TLS.sdkappid\":1400000000,\"TLS.time\":1700000000,\"TLS.sig\":\"{sig}\"}}\n"
    );
    let usersig = to_usersig(&stored_zlib(json.as_bytes()));

    let claims = check("a<b>&c", &usersig, NOW).unwrap();
    assert_eq!(
        (claims.time, claims.expire, claims.expires_at()),
        (NOW, 0, NOW)
    );
    assert_eq!(
        check("a<b>&c", &usersig, NOW + 1),
        Err(VerifyError::Expired {
            expired_at: NOW,
            now: NOW + 1
        })
    );
    // Our generator refuses expire 0 but escapes the identifier the same way.
    assert_eq!(
        signer().generate_at("a<b>&c", 0, NOW),
        Err(im_sig::GenerateError::ZeroExpire)
    );
    let ours = signer().generate_at("a<b>&c", 1, NOW).unwrap();
    assert!(inflate(ours.as_str()).contains(r#""TLS.identifier":"a\u003cb\u003e\u0026c""#));
}

/// The verification table of usersig.md §4 (official Go `VerifyUserSig`, V1's UserSig).
#[test]
fn verification_table() {
    assert!(check("xiaojun", V1_GO, NOW).is_ok());
    assert!(
        check("xiaojun", V1_GO, 1_715_552_000).is_ok(),
        "boundary second is valid"
    );
    assert_eq!(
        check("xiaojun", V1_GO, 1_715_552_001),
        Err(VerifyError::Expired {
            expired_at: 1_715_552_000,
            now: 1_715_552_001
        })
    );
    assert_eq!(
        Signer::new(SDKAPPID, SecretKey::new("x")).verify_at("xiaojun", V1_GO, NOW),
        Err(VerifyError::SigMismatch)
    );
    assert_eq!(
        check("bob", V1_GO, NOW),
        Err(VerifyError::IdentifierMismatch {
            expected: "bob".into(),
            found: "xiaojun".into()
        })
    );
    assert_eq!(
        Signer::new(1_400_000_001, SecretKey::new(KEY)).verify_at("xiaojun", V1_GO, NOW),
        Err(VerifyError::SdkAppIdMismatch {
            expected: 1_400_000_001,
            found: SDKAPPID
        })
    );
    for now in [0, NOW, u64::MAX] {
        assert_eq!(check("xiaojun", "abc", now), Err(VerifyError::Decode));
    }
}
