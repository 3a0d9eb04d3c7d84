//! Packets of any declared API drawn from its field table: JSON objects with every required
//! field and any of the optional ones, each of its documented type and range (the generated
//! round trips in `generated.rs` use them).

use im_proto::{Api, Field};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use crate::Direction;

/// A JSON packet of `api` in `direction`, drawn from its declared fields.
pub(crate) fn packet(api: Api, direction: Direction) -> BoxedStrategy<Value> {
    let meta = api.metadata();
    let fields = match direction {
        Direction::Request => meta.request_fields,
        Direction::Response => meta.response_fields,
    };
    let body = object(fields, "");
    match direction {
        Direction::Request => body,
        Direction::Response => (body, prop_oneof![Just("OK"), Just("FAIL")], any::<u16>())
            .prop_map(|(mut body, status, code)| {
                let map = body.as_object_mut().expect("an object");
                map.insert("ActionStatus".into(), json!(status));
                map.insert("ErrorCode".into(), json!(code));
                map.insert("ErrorInfo".into(), json!(""));
                body
            })
            .boxed(),
    }
}

/// An object holding the rows directly below `prefix`.
fn object(fields: &'static [Field], prefix: &'static str) -> BoxedStrategy<Value> {
    let rows: Vec<&'static Field> = fields
        .iter()
        .filter(|f| {
            f.name
                .strip_prefix(prefix)
                .is_some_and(|rest| !rest.is_empty() && !rest.contains('.') && !rest.contains("[]"))
        })
        .collect();
    if rows.is_empty() {
        // An object documented as a whole (a message element's content).
        return prop::collection::btree_map("[A-Z][a-z]{1,6}", "[ -~]{0,8}", 0..3)
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k, json!(v))).collect()))
            .boxed();
    }
    let members: Vec<BoxedStrategy<Option<(String, Value)>>> = rows
        .into_iter()
        .map(|row| {
            let wire = row.name[prefix.len()..].to_owned();
            let value = value(fields, row).prop_map(move |v| (wire.clone(), v));
            if row.required {
                value.prop_map(Some).boxed()
            } else {
                prop::option::of(value).boxed()
            }
        })
        .collect();
    members
        .prop_map(|pairs| Value::Object(pairs.into_iter().flatten().collect::<Map<_, _>>()))
        .boxed()
}

/// A value of the row's documented type.
fn value(fields: &'static [Field], row: &'static Field) -> BoxedStrategy<Value> {
    let name: &'static str = row.name;
    let (base, range) = match row.ty.split_once(" (") {
        Some((base, range)) => (base, range.trim_end_matches(')')),
        None => (row.ty, ""),
    };
    let integer = move || -> BoxedStrategy<Value> {
        match range {
            "u32" => any::<u32>().prop_map(|n| json!(n)).boxed(),
            "u64" => any::<u64>().prop_map(|n| json!(n)).boxed(),
            "i32" => any::<i32>().prop_map(|n| json!(n)).boxed(),
            "0/1" => prop_oneof![Just(json!(0)), Just(json!(1))].boxed(),
            _ => any::<i64>().prop_map(|n| json!(n)).boxed(),
        }
    };
    // Identifiers drawn valid: a list of accounts may be typed as `UserId`s.
    let text = || "[a-z0-9_@#]{1,16}".prop_map(|s| json!(s)).boxed();
    match base {
        "Integer" => integer(),
        "Array of String" => prop::collection::vec(text(), 0..4)
            .prop_map(Value::Array)
            .boxed(),
        "Array of Integer" => prop::collection::vec(integer(), 0..4)
            .prop_map(Value::Array)
            .boxed(),
        "Array of Object" => {
            let item: &'static str = Box::leak(format!("{name}[].").into_boxed_str());
            prop::collection::vec(object(fields, item), 0..3)
                .prop_map(Value::Array)
                .boxed()
        }
        "Object" => {
            let inner: &'static str = Box::leak(format!("{name}.").into_boxed_str());
            object(fields, inner)
        }
        _ => text(),
    }
}

/// `value` decodes as `api`'s packet and re-encodes to the same JSON.
pub(crate) fn round_trips(
    api: Api,
    direction: Direction,
    value: &Value,
) -> Result<(), TestCaseError> {
    let bytes = serde_json::to_vec(value).expect("JSON values serialise");
    let back = crate::decode_encode_packet(api, direction, &bytes)
        .map_err(|e| TestCaseError::fail(format!("{api} {direction:?}: {e}: {value}")))?;
    prop_assert_eq!(&back, value);
    Ok(())
}
