//! proptest: decoding arbitrary bytes or arbitrary JSON values into any packet type returns an
//! error or a value, never a panic.

use im_proto::Api;
use proptest::prelude::*;
use serde_json::Value;

use crate::{Direction, decode_encode_packet};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<String>().prop_map(Value::String),
        // Names the packets use, so that decoding gets past the first field.
        prop::sample::select(vec![
            "OK", "FAIL", "Online", "Imported", "id1", "", "UserID", "State",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    let keys = prop::sample::select(vec![
        "ActionStatus",
        "ErrorCode",
        "ErrorInfo",
        "ErrorDisplay",
        "UserID",
        "Identifier",
        "Nick",
        "FaceUrl",
        "Type",
        "Accounts",
        "AccountList",
        "FailAccounts",
        "CheckItem",
        "DeleteItem",
        "ResultItem",
        "ResultCode",
        "ResultInfo",
        "AccountStatus",
        "To_Account",
        "IsNeedDetail",
        "IsReturnInstid",
        "IsReturnCustomStatus",
        "QueryResult",
        "Status",
        "State",
        "Detail",
        "Platform",
        "ErrorList",
        "other",
    ]);
    leaf.prop_recursive(4, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..8).prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

fn decode_everything(bytes: &[u8]) {
    for api in Api::ALL {
        for direction in [Direction::Request, Direction::Response] {
            // Either outcome is fine; a panic fails the test.
            let _ = decode_encode_packet(api, direction, bytes);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        decode_everything(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        decode_everything(&serde_json::to_vec(&value).unwrap());
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = "[".repeat(100_000);
    decode_everything(deep.as_bytes());
    let deep = format!("{{\"ResultItem\":{}", "[".repeat(100_000));
    decode_everything(deep.as_bytes());
}
