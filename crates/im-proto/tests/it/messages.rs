//! The one-to-one message APIs (issue 29): their packets carry the typed message model, the
//! retry safety of each send is the one its page's deduplication allows, and an optional item
//! list counts as one call when absent.

use im_proto::message::{ForbidCallbackControl, MsgBody, MsgElement, SendMsgControl};
use im_proto::msgext::set_key_values;
use im_proto::openim::{batchsendmsg, get_c2c_unread_msg_num, importmsg, sendmsg};
use im_proto::{Api, Endpoint, RetrySafety, UserId, ValidationRule};
use serde_json::json;

fn user(id: &str) -> UserId {
    UserId::new(id).unwrap()
}

#[test]
fn a_send_carries_the_message_model() {
    let mut request = sendmsg::Request::new(user("bob"), 7, MsgBody::text("hi"));
    request.msg_seq = Some(3);
    request.send_msg_control = Some(vec![SendMsgControl::NoUnread]);
    request.forbid_callback_control = Some(vec![ForbidCallbackControl::ForbidAfterSendMsgCallback]);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "To_Account": "bob", "MsgSeq": 3, "MsgRandom": 7,
            "ForbidCallbackControl": ["ForbidAfterSendMsgCallback"],
            "SendMsgControl": ["NoUnread"],
            "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]
        })
    );
    let page = include_str!("../fixtures/sendmsg.request.push.json");
    let decoded: sendmsg::Request = serde_json::from_str(page).unwrap();
    let push = decoded.offline_push_info.unwrap();
    assert_eq!(push.apns_info.unwrap().badge_mode, Some(1));
    assert!(matches!(decoded.msg_body.elements(), [MsgElement::Text(_)]));
    let page = include_str!("../fixtures/sendmsg.request.no_callback.json");
    let decoded: sendmsg::Request = serde_json::from_str(page).unwrap();
    assert_eq!(
        decoded.forbid_callback_control.unwrap(),
        [
            ForbidCallbackControl::ForbidBeforeSendMsgCallback,
            ForbidCallbackControl::ForbidAfterSendMsgCallback
        ]
    );
}

/// sendmsg: the page's 120 s key (the sender is `From_Account` or the signing admin, unchanged
/// in the very same body, so not a field that must be present); batchsendmsg: a same-second
/// dedup only, so never resent blindly; importmsg: harmless only with `MsgSeq` set.
#[test]
fn each_send_is_resent_only_as_its_page_deduplicates() {
    assert_eq!(
        Api::Sendmsg.metadata().retry,
        RetrySafety::SameRequest {
            key: &["MsgSeq", "MsgRandom", "MsgBody"],
            within_secs: 120
        }
    );
    assert_eq!(batchsendmsg::Request::METADATA.retry, RetrySafety::Never);
    let RetrySafety::SameRequest { key, .. } = importmsg::Request::METADATA.retry else {
        panic!("{:?}", importmsg::Request::METADATA.retry)
    };
    assert!(
        key.contains(&"MsgSeq") && key.contains(&"MsgTimeStamp"),
        "{key:?}"
    );
    assert_eq!(set_key_values::Request::METADATA.retry, RetrySafety::Never);
    for api in [
        Api::AdminGetroammsg,
        Api::GetC2cUnreadMsgNum,
        Api::GetKeyValues,
    ] {
        assert_eq!(api.metadata().retry, RetrySafety::Always, "{api}");
    }
}

/// Without `Peer_Account` the call asks for the total: one item, valid; with peers, each is an
/// item, at most 10.
#[test]
fn an_absent_optional_item_list_is_one_call() {
    let total = get_c2c_unread_msg_num::Request::new(user("dramon1"));
    assert_eq!(total.item_count(), 1);
    total.validate().unwrap();
    let mut peers = total.clone();
    peers.peer_account = Some((0..11).map(|i| user(&format!("p{i}"))).collect());
    assert_eq!(peers.item_count(), 11);
    let err = peers.validate().unwrap_err();
    assert_eq!(
        err.rule(),
        ValidationRule::TooManyItems { max: 10, got: 11 }
    );
    let clear = set_key_values::Request::new(user("116400"), "44739199_12_1665388280", 3);
    assert_eq!(clear.item_count(), 1);
    clear.validate().unwrap();
}

#[test]
fn the_unread_answer_names_its_failed_peers() {
    let answer: get_c2c_unread_msg_num::Response = serde_json::from_value(json!({
        "ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "",
        "C2CUnreadMsgNumList": [{"Peer_Account": "dramon2", "C2CUnreadMsgNum": 12}],
        "ErrorList": [{"Peer_Account": "nobody", "ErrorCode": 70107}]
    }))
    .unwrap();
    assert_eq!(
        answer.c2c_unread_msg_num_list.unwrap()[0].c2c_unread_msg_num,
        12
    );
    assert_eq!(answer.error_list.unwrap()[0].error_code.get(), 70107);
}
