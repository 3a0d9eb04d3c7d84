//! Every documentation example under `tests/fixtures/` decodes, and re-encodes to the same JSON.

use std::path::PathBuf;

use im_proto::Api;
use serde_json::{Map, Value};

use crate::{Direction, decode_encode_packet};

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Renames the legacy field names decoders accept to the names encoders emit.
fn canonical(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let k = match k.as_str() {
                        "Identifier" => "UserID".to_owned(),
                        "State" => "Status".to_owned(),
                        _ => k,
                    };
                    (k, canonical(v))
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

#[test]
fn every_fixture_round_trips() {
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let mut parts = name.split('.');
        let api: Api = parts.next().unwrap().parse().unwrap();
        let direction = match parts.next().unwrap() {
            "request" => Direction::Request,
            "response" => Direction::Response,
            other => panic!("{name}: bad direction {other}"),
        };
        let bytes = std::fs::read(&path).unwrap();
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        let reencoded = decode_encode_packet(api, direction, &bytes)
            .unwrap_or_else(|e| panic!("{name} does not decode: {e}"));
        let mut expected = canonical(original);
        // An envelope without `ErrorInfo` (some pages' examples) is re-encoded with `""`.
        if let (Direction::Response, Value::Object(map)) = (direction, &mut expected) {
            map.entry("ErrorInfo")
                .or_insert(Value::String(String::new()));
        }
        assert_eq!(reencoded, expected, "{name}");
        seen.push((api, direction));
    }
    for api in Api::ALL {
        for direction in [Direction::Request, Direction::Response] {
            assert!(
                seen.contains(&(api, direction)),
                "no fixture for {api} {direction:?}"
            );
        }
    }
}

#[test]
fn the_legacy_fixtures_decode_to_the_current_values() {
    use im_proto::openim::query_online_status::{OnlineStatus, Platform, Response};
    let bytes =
        std::fs::read(fixture_dir().join("query_online_status.response.legacy.json")).unwrap();
    let legacy: Response = serde_json::from_slice(&bytes).unwrap();
    let bytes = std::fs::read(fixture_dir().join("query_online_status.response.json")).unwrap();
    let current: Response = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(legacy.query_results()[0].status, OnlineStatus::Online);
    assert_eq!(legacy.query_results().len(), current.query_results().len());
    let detail = legacy.query_results()[0].detail.as_ref().unwrap();
    assert_eq!(detail[0].platform_kind(), Some(Platform::IPhone));
    assert_eq!(legacy.errors()[0].error_code.get(), 70107);
}

#[test]
fn the_fail_example_is_a_typed_error() {
    use im_proto::{ApiResponse, ErrorCode, query_online_status::Response};
    let bytes =
        std::fs::read(fixture_dir().join("query_online_status.response.fail.json")).unwrap();
    let response: Response = serde_json::from_slice(&bytes).unwrap();
    let err = response.envelope().error().unwrap();
    assert_eq!(err.code(), ErrorCode::OPENIM_JSON_INVALID);
    assert!(response.query_result.is_none());
}

/// The answer of the legacy command `get_group_shutted_uin` (`ShuttedUinList`, `ShuttedUntil`:
/// the 2020 page's example, as the SDKs that still use the command read it) decodes to the same
/// values as the current page's `get_group_muted_account` example, is re-encoded with the current
/// names, and both command words reach the one declared API.
#[test]
fn the_legacy_muted_list_decodes_to_the_current_values() {
    use im_proto::group::get_group_muted_account::Response;
    const LEGACY: &str = r#"{
        "ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "GroupId": "@TGS#2FZNNRAEU",
        "ShuttedUinList": [
            { "Member_Account": "tommy", "ShuttedUntil": 1458115189 },
            { "Member_Account": "peter", "ShuttedUntil": 1458115189 }
        ]
    }"#;
    let legacy: Response = serde_json::from_str(LEGACY).unwrap();
    let bytes = std::fs::read(fixture_dir().join("get_group_muted_account.response.json")).unwrap();
    let current: Response = serde_json::from_slice(&bytes).unwrap();
    let muted = legacy.muted_account_list.as_deref().unwrap();
    assert_eq!(muted.len(), 2);
    assert_eq!(muted[0].member_account, "tommy");
    assert_eq!(
        muted[0].muted_until,
        im_proto::group_types::MuteUntil(1458115189)
    );
    assert_eq!(legacy, current);
    let encoded = serde_json::to_value(&legacy).unwrap();
    assert!(encoded.get("MutedAccountList").is_some());
    assert!(encoded.get("ShuttedUinList").is_none());
    for word in ["get_group_muted_account", "get_group_shutted_uin"] {
        assert_eq!(
            Api::from_path("group_open_http_svc", word),
            Some(Api::GetGroupMutedAccount)
        );
    }
}
