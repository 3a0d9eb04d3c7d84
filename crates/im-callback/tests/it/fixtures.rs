//! Every command against its page's example (`tests/fixtures/<Command>.json`, each naming its
//! page): it decodes into its type and encodes back to the same JSON; every before callback's
//! typed answers encode as its page shows them; refusal codes outside a command's documented
//! range are refused.

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::path::PathBuf;

use im_callback::before::{
    BeforeReply, FriendReply, InviteReply, MessageReply, ResultItem, SubscribeReply, Verdict,
};
use im_callback::c2c::C2cBeforeSendMsg;
use im_callback::group::{
    BeforeApplyJoinGroup, BeforeCreateGroup, BeforeCreateTopic, BeforeInviteJoinGroup,
    GroupBeforeSendMsg,
};
use im_callback::official::{
    BeforeAddSubscriber, BeforeCreateOfficialAccount, OfficialAccountBeforeSendMsg,
};
use im_callback::sns::{PrevFriendAdd, PrevFriendResponse};
use im_callback::{BeforeCallback, COMMANDS, Callback, CodeRange, DenyCodeError, Event};
use im_proto::message::MsgBody;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture(command: &str) -> Map<String, Value> {
    let path = fixtures_dir().join(format!("{command}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let Value::Object(fixture) = serde_json::from_str(&text).unwrap() else {
        panic!("{path:?} is not an object");
    };
    assert_eq!(fixture["command"], command, "{path:?}");
    assert!(
        fixture["page"]
            .as_str()
            .is_some_and(|p| p.starts_with("https://")),
        "{path:?} names no page"
    );
    fixture
}

#[test]
fn there_is_one_fixture_per_typed_command_and_sixty_commands() {
    assert_eq!(COMMANDS.len(), 60);
    let typed: BTreeSet<String> = COMMANDS.iter().map(|c| format!("{c}.json")).collect();
    assert_eq!(typed.len(), 60, "a command is registered twice");
    let files: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files, typed);
}

#[test]
fn every_command_decodes_from_its_page_example_and_round_trips() {
    for &command in COMMANDS {
        let fixture = fixture(command);
        let page = serde_json::to_vec(&fixture["request"]).unwrap();
        let event = Event::decode(Some(command), &page)
            .unwrap_or_else(|e| panic!("{command}: the page's example does not decode: {e}"));
        assert_eq!(event.command(), command);
        assert!(
            !matches!(event, Event::Other { .. }),
            "{command} is not typed"
        );
        let unnamed = event.extra().unwrap();
        assert!(
            unnamed.is_empty(),
            "{command}: fields not typed: {unnamed:?}"
        );
        // The example as the service sends it (where the page writes a number as a string).
        let wire = fixture.get("wire").unwrap_or(&fixture["request"]);
        let encoded = Value::Object(event.to_wire_body());
        assert_eq!(
            &encoded, wire,
            "{command}: decode then encode changed the body"
        );
        let again = Event::decode(Some(command), &serde_json::to_vec(wire).unwrap()).unwrap();
        assert_eq!(again, event, "{command}");
        // Without the command in the URL, the body's own (where it has one) decides.
        if wire.get("CallbackCommand").is_some() {
            assert_eq!(Event::decode(None, &page).unwrap(), event, "{command}");
        }
        // An unknown field is kept where it is.
        let mut extended = fixture["request"].clone();
        extended["NotYetDocumented"] = serde_json::json!({"k": [1, "x"]});
        let body = serde_json::to_vec(&extended).unwrap();
        let kept = Event::decode(Some(command), &body).unwrap().to_wire_body();
        assert_eq!(
            kept["NotYetDocumented"], extended["NotYetDocumented"],
            "{command}"
        );
    }
}

/// `built` encodes as the page's `reply`, and the page's reply decodes to it.
fn same<R>(command: &str, name: &str, page: &Value, built: R)
where
    R: Serialize + DeserializeOwned + PartialEq + Debug,
{
    assert_eq!(
        &serde_json::to_value(&built).unwrap(),
        page,
        "{command} {name}: the typed answer does not encode as the page shows"
    );
    let decoded: R = serde_json::from_value(page.clone()).unwrap();
    assert_eq!(decoded, built, "{command} {name}");
}

fn replies(command: &str) -> Map<String, Value> {
    let fixture = fixture(command);
    match fixture.get("replies") {
        Some(Value::Object(replies)) => replies.clone(),
        _ => panic!("{command}: no replies in the fixture"),
    }
}

fn body(reply: &Value) -> Option<MsgBody> {
    reply
        .get("MsgBody")
        .map(|b| serde_json::from_value(b.clone()).unwrap())
}

fn message_replies<C: BeforeCallback>() {
    let replies = replies(C::COMMAND);
    assert_eq!(replies.len(), 4, "{}", C::COMMAND);
    for (name, page) in &replies {
        let built = match name.as_str() {
            "allow" => MessageReply::<C>::allow(),
            "refuse" => MessageReply::refuse(""),
            "drop" => MessageReply::drop_silently(),
            "rewrite" => {
                let cloud = page["CloudCustomData"].as_str().map(str::to_owned);
                MessageReply::rewrite(body(page), cloud)
            }
            other => panic!("{}: unexpected reply {other}", C::COMMAND),
        };
        let verdict = built.verdict();
        same(C::COMMAND, name, page, built);
        let want = match name.as_str() {
            "refuse" => Verdict::Refuse,
            "drop" => Verdict::Drop,
            _ => Verdict::Allow,
        };
        assert_eq!(verdict, want, "{} {name}", C::COMMAND);
    }
}

fn plain_replies<C: BeforeCallback>() {
    for (name, page) in &replies(C::COMMAND) {
        let built = match name.as_str() {
            "allow" => BeforeReply::<C>::allow(),
            "refuse" => BeforeReply::refuse(""),
            other => panic!("{}: unexpected reply {other}", C::COMMAND),
        };
        same(C::COMMAND, name, page, built);
    }
}

#[test]
fn every_before_reply_encodes_as_its_page_shows() {
    message_replies::<C2cBeforeSendMsg>();
    message_replies::<GroupBeforeSendMsg>();
    message_replies::<OfficialAccountBeforeSendMsg>();
    plain_replies::<BeforeCreateGroup>();
    plain_replies::<BeforeApplyJoinGroup>();
    plain_replies::<BeforeCreateTopic>();
    plain_replies::<BeforeCreateOfficialAccount>();
    for (name, page) in &replies(BeforeInviteJoinGroup::COMMAND) {
        let built = match name.as_str() {
            "allow" => InviteReply::<BeforeInviteJoinGroup>::allow(),
            "refuse_members" => InviteReply::refuse_members(["jared"]),
            other => panic!("unexpected reply {other}"),
        };
        same(BeforeInviteJoinGroup::COMMAND, name, page, built);
    }
    for (name, page) in &replies(BeforeAddSubscriber::COMMAND) {
        let built = match name.as_str() {
            "allow" => SubscribeReply::<BeforeAddSubscriber>::allow(),
            "refuse_subscribers" => SubscribeReply::refuse_subscribers(["jared"]),
            other => panic!("unexpected reply {other}"),
        };
        same(BeforeAddSubscriber::COMMAND, name, page, built);
    }
    let page = &replies(PrevFriendAdd::COMMAND)["per_item"];
    let built = FriendReply::<PrevFriendAdd>::allow_all(["id1", "id2"]);
    same(PrevFriendAdd::COMMAND, "per_item", page, built);
    let page = &replies(PrevFriendResponse::COMMAND)["per_item"];
    let items = vec![ResultItem::allow("id1"), ResultItem::allow("id2")];
    let built = FriendReply::<PrevFriendResponse>::per_item(items).unwrap();
    same(PrevFriendResponse::COMMAND, "per_item", page, built);
}

/// `deny` accepts the range's ends and refuses the codes just outside, naming both.
fn deny_range<C: BeforeCallback>(range: CodeRange) {
    assert_eq!(C::DENY_CODES, Some(range), "{}", C::COMMAND);
    for code in [range.min, range.max] {
        let reply = BeforeReply::<C>::deny(code, "no").unwrap();
        assert_eq!(reply.verdict(), Verdict::Deny(code));
        assert_eq!(reply.error_code, code);
    }
    for code in [range.min - 1, range.max + 1, 1, 0] {
        let err = BeforeReply::<C>::deny(code, "no").unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains(&code.to_string()) && text.contains(&range.to_string()),
            "{}: {text}",
            C::COMMAND
        );
        assert!(matches!(err, DenyCodeError::OutOfRange { .. }));
    }
}

#[test]
fn refusal_codes_outside_the_documented_range_are_refused() {
    let c2c = CodeRange::new(120_001, 130_000);
    let group = CodeRange::new(10_100, 10_200);
    let sns = CodeRange::new(38_000, 39_000);
    deny_range::<C2cBeforeSendMsg>(c2c);
    deny_range::<OfficialAccountBeforeSendMsg>(c2c);
    deny_range::<BeforeCreateOfficialAccount>(c2c);
    deny_range::<BeforeCreateGroup>(group);
    deny_range::<BeforeApplyJoinGroup>(group);
    deny_range::<BeforeInviteJoinGroup>(group);
    deny_range::<GroupBeforeSendMsg>(group);
    deny_range::<BeforeCreateTopic>(group);
    deny_range::<PrevFriendAdd>(sns);
    deny_range::<PrevFriendResponse>(sns);
    // The subscriber page documents no codes of the app's own.
    let err = SubscribeReply::<BeforeAddSubscriber>::deny(120_001, "no").unwrap_err();
    assert!(
        matches!(err, DenyCodeError::NoRange { code: 120_001, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("120001"));
    // The per-item codes of a friend reply, and its failure code.
    let wrong = vec![
        ResultItem::allow("id1"),
        ResultItem::deny("id2", 120_001, "no"),
    ];
    let err = FriendReply::<PrevFriendAdd>::per_item(wrong).unwrap_err();
    assert!(err.to_string().contains("120001") && err.to_string().contains("[38000, 39000]"));
    assert!(FriendReply::<PrevFriendAdd>::failed(1, "down").is_err());
    let ok = FriendReply::<PrevFriendAdd>::per_item(vec![ResultItem::deny("id2", 38_000, "no")]);
    assert!(!ok.unwrap().allows("id2"));
}

#[test]
fn decoded_answers_say_what_they_decide() {
    let read = |json: &str| serde_json::from_str::<MessageReply<C2cBeforeSendMsg>>(json).unwrap();
    assert_eq!(read(r#"{"ErrorCode":0}"#).verdict(), Verdict::Allow);
    assert_eq!(read(r#"{"ErrorCode":2}"#).verdict(), Verdict::Drop);
    assert_eq!(
        read(r#"{"ErrorCode":125000}"#).verdict(),
        Verdict::Deny(125_000)
    );
    assert_eq!(
        read(r#"{"ErrorCode":10150}"#).verdict(),
        Verdict::Unknown(10_150)
    );
    let group = serde_json::from_str::<BeforeReply<BeforeCreateGroup>>(r#"{"ErrorCode":2}"#);
    assert_eq!(
        group.unwrap().verdict(),
        Verdict::Unknown(2),
        "no silent drop here"
    );
    let friends: FriendReply<PrevFriendAdd> = serde_json::from_str(
        r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[{"To_Account":"a","ResultCode":38001,"ResultInfo":"x"}]}"#,
    )
    .unwrap();
    assert!(!friends.allows("a") && friends.allows("b"));
    let failed: FriendReply<PrevFriendAdd> = serde_json::from_str(
        r#"{"ErrorCode":38001,"ResultItem":[{"To_Account":"a","ResultCode":38001}]}"#,
    )
    .unwrap();
    assert!(
        failed.allows("a"),
        "a failed answer lets every request through"
    );
}
