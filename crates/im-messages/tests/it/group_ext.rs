//! The group message extensions through the typed operations against the emulator: set, read
//! back every page, a stale `Seq` per key, cleared; the key and value sizes refused before
//! sending.

use std::sync::Arc;

use im_emulator::{Account, Emulator};
use im_messages::Client;
use im_messages::im_client::Error;
use im_messages::im_proto::ErrorCode;
use im_messages::im_proto::msgext::group_set_key_values::KeyValue;
use serde_json::json;

fn client(emulator: &Emulator) -> Client {
    Client::builder()
        .sdkappid(emulator.sdkappid())
        .secret_key(emulator.secret_key())
        .admin(emulator.admin())
        .endpoint(im_emulator::IN_PROCESS_BASE_URL)
        .transport(Arc::new(emulator.in_process_transport()))
        .build()
        .unwrap()
}

/// A Public group with alice, and her message sent with `SupportMessageExtension` 1: the
/// group and the message's `MsgSeq`.
async fn extensible_message(client: &Client) -> (String, u32) {
    let group = json!({"Type": "Public", "Name": "g", "Owner_Account": "alice"});
    let group = client
        .call_raw("group_open_http_svc", "create_group", &group)
        .await
        .unwrap();
    let id = group["GroupId"].as_str().unwrap().to_owned();
    let send = json!({
        "GroupId": id, "Random": 1, "From_Account": "alice", "SupportMessageExtension": 1,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}],
    });
    let sent = client
        .call_raw("group_open_http_svc", "send_group_msg", &send)
        .await
        .unwrap();
    (id, u32::try_from(sent["MsgSeq"].as_u64().unwrap()).unwrap())
}

fn kv(key: &str, value: &str, seq: i64) -> KeyValue {
    let mut kv = KeyValue::new(key, value);
    kv.seq = Some(seq);
    kv
}

#[tokio::test]
async fn group_message_extensions_are_set_read_and_cleared() {
    let emulator = Emulator::builder().without_rate_limits().build();
    emulator.insert_account(Account::new("alice"));
    let client = client(&emulator);
    let (group, seq) = extensible_message(&client).await;
    let set = [kv("k1", "v1", 0), kv("k2", "v2", 0)];
    let outcomes = client
        .group_set_key_values(&group, seq, 1, &set)
        .await
        .unwrap();
    assert!(
        outcomes
            .iter()
            .all(|o| o.result.as_ref().is_ok_and(|e| e.seq == 1))
    );
    let stale = [kv("k1", "new", 0)];
    let outcomes = client
        .group_set_key_values(&group, seq, 1, &stale)
        .await
        .unwrap();
    let failure = outcomes[0].result.as_ref().unwrap_err();
    assert!(failure.to_string().contains("23001"), "{failure}");
    assert_eq!(outcomes[0].current.as_ref().unwrap().value, "v1");
    let read = client.group_get_key_values(&group, seq).await.unwrap();
    assert_eq!(read.values.len(), 2);
    assert_eq!(read.latest_seq, Some(1));
    client.group_clear_key_values(&group, seq).await.unwrap();
    let read = client.group_get_key_values(&group, seq).await.unwrap();
    assert!(read.values.is_empty());
    assert_eq!(read.clear_seq, Some(2));
    let err = client
        .group_get_key_values(&group, seq + 5)
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.code(), ErrorCode::MSGEXT_MSG_NOT_FOUND);
}

#[tokio::test]
async fn oversized_keys_and_values_are_refused_before_sending() {
    let emulator = Emulator::builder().without_rate_limits().build();
    let client = client(&emulator);
    let before = emulator.stats().total_requests();
    for bad in [
        kv(&"k".repeat(101), "v", 0),
        kv("", "v", 0),
        kv("k", &"v".repeat(1001), 0),
    ] {
        let err = client
            .group_set_key_values("@TGS#g", 1, 1, &[bad])
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    }
    let err = client
        .group_set_key_values("@TGS#g", 1, 3, &[])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("OperateType"), "{err}");
    assert_eq!(emulator.stats().total_requests(), before, "nothing sent");
}
