//! The message model: the documented element examples round-trip byte for byte, a kind's
//! content can never disagree with its `MsgType`, and a REST send's rules are checked before
//! sending, naming the field.

use im_proto::ValidationRule;
use im_proto::message::{ForbidCallbackControl, MsgBody, MsgElement, RawElem, SendMsgControl};
use serde_json::{Value, json};

/// The message formats page's examples (269/2720), one element of each kind.
fn documented_body() -> Value {
    json!([
        {"MsgType": "TIMTextElem", "MsgContent": {"Text": "hello world"}},
        {"MsgType": "TIMLocationElem", "MsgContent": {
            "Desc": "someinfo", "Latitude": 29.340656774469956, "Longitude": 116.77497920478824}},
        {"MsgType": "TIMFaceElem", "MsgContent": {"Index": 1, "Data": "content"}},
        {"MsgType": "TIMCustomElem", "MsgContent": {
            "Data": "message", "Desc": "notification", "Ext": "url", "Sound": "dingdong.aiff"}},
        {"MsgType": "TIMSoundElem", "MsgContent": {
            "Url": "https://1400000000.vod2.myqcloud.com/a.mp3", "UUID": "5:1:3c4f5",
            "Size": 8000, "Second": 4, "Download_Flag": 2}},
        {"MsgType": "TIMImageElem", "MsgContent": {
            "UUID": "1853095_D61040894AC3DE44CDFFFB3EC7EB720F", "ImageFormat": 1,
            "ImageInfoArray": [
                {"Type": 1, "Size": 1853095, "Width": 2448, "Height": 3264,
                 "URL": "http://example.com/original.jpg"},
                {"Type": 3, "Size": 0, "Width": 0, "Height": 0, "URL": "http://example.com/thumb.jpg"}
            ]}},
        {"MsgType": "TIMFileElem", "MsgContent": {
            "Url": "https://example.com/a.txt", "UUID": "5:1:a", "FileSize": 1773552,
            "FileName": "file:///private/var/Application/tmp/trim.B75D5F9B.txt", "Download_Flag": 2}},
        {"MsgType": "TIMVideoFileElem", "MsgContent": {
            "VideoUrl": "https://example.com/v.mp4", "VideoUUID": "5:1:v", "VideoSize": 1194603,
            "VideoSecond": 5, "VideoFormat": "mp4", "VideoDownloadFlag": 2,
            "ThumbUrl": "https://example.com/t.jpg", "ThumbUUID": "5:1:t", "ThumbSize": 13907,
            "ThumbWidth": 720, "ThumbHeight": 1280, "ThumbFormat": "JPG", "ThumbDownloadFlag": 2}},
        {"MsgType": "TIMRelayElem", "MsgContent": {
            "Title": "Chat history", "MsgNum": 1, "CompatibleText": "update your app",
            "AbstractList": ["A: hi"],
            "MsgList": [{"From_Account": "A", "To_Account": "B", "MsgSeq": 1, "MsgRandom": 2,
                "MsgTimeStamp": 1700000000,
                "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]}]}}
    ])
}

#[test]
fn the_documented_elements_decode_typed_and_round_trip() {
    let wire = documented_body();
    let body: MsgBody = serde_json::from_value(wire.clone()).unwrap();
    let kinds: Vec<&str> = body.elements().iter().map(MsgElement::msg_type).collect();
    assert_eq!(
        kinds,
        [
            "TIMTextElem",
            "TIMLocationElem",
            "TIMFaceElem",
            "TIMCustomElem",
            "TIMSoundElem",
            "TIMImageElem",
            "TIMFileElem",
            "TIMVideoFileElem",
            "TIMRelayElem"
        ]
    );
    assert!(
        body.elements()
            .iter()
            .all(|e| !matches!(e, MsgElement::Raw(_))),
        "every documented kind is typed: {body:?}"
    );
    let MsgElement::Relay(relay) = &body.elements()[8] else {
        panic!("not a relay element")
    };
    let inner = relay.msg_list.as_ref().unwrap()[0]
        .msg_body
        .as_ref()
        .unwrap();
    assert_eq!(inner, &MsgBody::text("hi"));
    assert_eq!(serde_json::to_value(&body).unwrap(), wire);
    // Byte for byte too: the coordinates keep their digits.
    let text = serde_json::to_string(&body).unwrap();
    assert!(text.contains("29.340656774469956"), "{text}");
    body.check_send().unwrap();
}

#[test]
fn unknown_kinds_and_fields_are_kept_whole() {
    let wire = json!([
        {"MsgType": "TIMGroupTipElem", "MsgContent": {"OpType": 1, "List": ["a"]}},
        {"MsgType": "TIMTextElem", "MsgContent": {"Text": "x", "NewField": {"k": [1, 2]}}},
        {"MsgType": "TIMFaceElem", "MsgContent": {"Index": "not a number"}},
        {"MsgType": "TIMCustomElem"}
    ]);
    let body: MsgBody = serde_json::from_value(wire.clone()).unwrap();
    let elements = body.elements();
    assert_eq!(
        elements[0],
        MsgElement::Raw(RawElem::new(
            "TIMGroupTipElem",
            json!({"OpType": 1, "List": ["a"]})
        ))
    );
    let MsgElement::Text(text) = &elements[1] else {
        panic!("{:?}", elements[1])
    };
    assert_eq!(text.extra["NewField"], json!({"k": [1, 2]}));
    // A known kind whose content does not fit: kept whole under its own MsgType.
    assert!(matches!(&elements[2], MsgElement::Raw(raw) if raw.msg_type == "TIMFaceElem"));
    assert_eq!(elements[2].msg_type(), "TIMFaceElem");
    assert_eq!(
        elements[3],
        MsgElement::Raw(RawElem::new("TIMCustomElem", Value::Null))
    );
    let mut back = serde_json::to_value(&body).unwrap();
    back[3] = json!({"MsgType": "TIMCustomElem"});
    assert_eq!(back, wire);
    assert!(serde_json::from_value::<MsgBody>(json!([{"MsgContent": {}}])).is_err());
}

#[test]
fn a_send_is_checked_before_it_leaves() {
    let check = |wire: Value| {
        let body: MsgBody = serde_json::from_value(wire).unwrap();
        body.check_send().unwrap_err()
    };
    let empty = MsgBody::default().check_send().unwrap_err();
    assert_eq!(empty.to_string(), "MsgBody: must not be empty");

    let two_custom = MsgBody::from(vec![MsgElement::custom("a"), MsgElement::custom("b")]);
    let err = two_custom.check_send().unwrap_err();
    assert_eq!(err.rule(), ValidationRule::TooMany { max: 1, got: 2 });
    assert_eq!(
        err.to_string(),
        "MsgBody: holds 2 of TIMCustomElem, at most 1 allowed"
    );

    let err = check(
        json!([{"MsgType": "TIMSoundElem", "MsgContent": {"UUID": "u", "Download_Flag": 2}}]),
    );
    assert_eq!(err.to_string(), "MsgBody[0].MsgContent.Url: is required");
    let err = check(json!([
        {"MsgType": "TIMTextElem", "MsgContent": {"Text": "see"}},
        {"MsgType": "TIMFileElem", "MsgContent": {"Url": "https://x/f", "UUID": "u", "Download_Flag": 1}}
    ]));
    assert_eq!(err.field(), "MsgBody[1].MsgContent.Download_Flag");
    assert_eq!(err.value(), "1");
    let err = check(json!([{"MsgType": "TIMImageElem", "MsgContent": {
        "UUID": "u", "ImageInfoArray": [{"Type": 1, "Width": 1, "Height": 1}]}}]));
    assert_eq!(err.field(), "MsgBody[0].MsgContent.ImageInfoArray[0].URL");
    let err = check(json!([{"MsgType": "TIMStreamElem", "MsgContent": {"Chunks": []}}]));
    assert_eq!(err.field(), "MsgBody[0].MsgType");
    // A kind the model does not know is the service's to judge.
    let unknown: MsgBody =
        serde_json::from_value(json!([{"MsgType": "TIMNewElem", "MsgContent": {}}])).unwrap();
    unknown.check_send().unwrap();
}

/// A coordinate keeps the wire's number as it came: an integer stays an integer (an `f64`
/// would re-encode `29` as `29.0`, a different JSON value), a decimal keeps its digits.
#[test]
fn coordinates_round_trip_as_they_came() {
    let wire = json!([{"MsgType": "TIMLocationElem", "MsgContent": {
        "Desc": "the office", "Latitude": 29, "Longitude": 116.77497920478824}}]);
    let body: MsgBody = serde_json::from_value(wire.clone()).unwrap();
    let MsgElement::Location(location) = &body.elements()[0] else {
        panic!("not a location: {body:?}")
    };
    assert_eq!(location.latitude.as_ref().unwrap().as_u64(), Some(29));
    assert_eq!(serde_json::to_value(&body).unwrap(), wire);
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"[{"MsgType":"TIMLocationElem","MsgContent":{"Desc":"the office","Latitude":29,"Longitude":116.77497920478824}}]"#
    );
}

/// The message model is `Eq` (the generated packets that hold it derive `Eq`).
#[test]
fn the_model_is_eq() {
    fn eq<T: Eq>() {}
    eq::<MsgBody>();
    eq::<MsgElement>();
    eq::<im_proto::message::OfflinePushInfo>();
    eq::<SendMsgControl>();
    eq::<ForbidCallbackControl>();
}

/// The documented control values are typed; any other is kept verbatim and sent back.
#[test]
fn control_values_are_typed_and_unknown_ones_kept() {
    let wire = json!([
        "NoUnread",
        "NoLastMsg",
        "WithMuteNotifications",
        "NoMsgCheck",
        "NoNew"
    ]);
    let controls: Vec<SendMsgControl> = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(
        controls,
        [
            SendMsgControl::NoUnread,
            SendMsgControl::NoLastMsg,
            SendMsgControl::WithMuteNotifications,
            SendMsgControl::NoMsgCheck,
            SendMsgControl::Other("NoNew".to_owned()),
        ]
    );
    assert!(!controls[4].is_known());
    assert_eq!(serde_json::to_value(&controls).unwrap(), wire);

    let wire = json!(["ForbidBeforeSendMsgCallback", "ForbidAfterSendMsgCallback"]);
    let forbid: Vec<ForbidCallbackControl> = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(
        forbid,
        [
            ForbidCallbackControl::ForbidBeforeSendMsgCallback,
            ForbidCallbackControl::ForbidAfterSendMsgCallback,
        ]
    );
    assert_eq!(serde_json::to_value(&forbid).unwrap(), wire);
    assert_eq!(
        ForbidCallbackControl::from("ForbidSomethingElse").as_str(),
        "ForbidSomethingElse"
    );
}
