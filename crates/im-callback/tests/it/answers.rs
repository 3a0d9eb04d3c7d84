//! Answers given without code (`imctl callbacks listen --answer`): checked against each
//! command's page before any event arrives, and made into the command's typed reply.

use im_callback::before::{Answer, AnswerError};
use im_callback::{DenyCodeError, Event, check_answer};
use im_proto::message::MsgBody;
use serde_json::{Value, json};

fn deny(code: i64) -> Answer {
    Answer::Deny {
        code,
        info: "no".to_owned(),
    }
}

fn page_example(command: &str) -> (Event, Value) {
    let path = format!(
        "{}/tests/fixtures/{command}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let body = serde_json::to_vec(&fixture["request"]).unwrap();
    (Event::decode(Some(command), &body).unwrap(), fixture)
}

#[test]
fn answers_the_pages_do_not_allow_are_refused_before_any_event() {
    let c2c = "C2C.CallbackBeforeSendMsg";
    for answer in [Answer::Allow, Answer::Drop, deny(120_001), deny(130_000)] {
        assert_eq!(check_answer(c2c, &answer), Ok(()), "{answer:?}");
    }
    let err = check_answer(c2c, &deny(10_100)).unwrap_err();
    assert!(matches!(
        err,
        AnswerError::Code(DenyCodeError::OutOfRange { code: 10_100, .. })
    ));
    assert!(err.to_string().contains("10100") && err.to_string().contains("[120001, 130000]"));
    let err = check_answer("Group.CallbackBeforeCreateGroup", &Answer::Drop).unwrap_err();
    assert!(
        err.to_string().contains("cannot be answered with drop"),
        "{err}"
    );
    let err = check_answer("Sns.CallbackPrevFriendAdd", &deny(1)).unwrap_err();
    assert!(err.to_string().contains("[38000, 39000]"), "{err}");
    assert!(check_answer("Sns.CallbackPrevFriendAdd", &Answer::Drop).is_err());
    // Notifications, typed or not, acknowledge or fail.
    for command in ["State.StateChange", "Live.CallbackAfterCreateRoom"] {
        assert_eq!(check_answer(command, &Answer::Allow), Ok(()));
        let refuse = Answer::Refuse {
            info: "x".to_owned(),
        };
        assert_eq!(check_answer(command, &refuse), Ok(()));
        let err = check_answer(command, &deny(120_001)).unwrap_err();
        assert!(err.to_string().contains(command), "{err}");
    }
}

#[test]
fn answers_become_the_commands_typed_replies() {
    let (event, fixture) = page_example("C2C.CallbackBeforeSendMsg");
    let page = &fixture["replies"]["rewrite"];
    let rewrite = Answer::Rewrite {
        msg_body: Some(serde_json::from_value::<MsgBody>(page["MsgBody"].clone()).unwrap()),
        cloud_custom_data: page["CloudCustomData"].as_str().map(str::to_owned),
    };
    let reply = event.answer(&rewrite).unwrap();
    assert_eq!(
        &serde_json::from_slice::<Value>(&reply.to_json()).unwrap(),
        page
    );
    let reply = event.answer(&Answer::Drop).unwrap();
    assert_eq!(reply.error_code, 2);

    let (event, _) = page_example("Sns.CallbackPrevFriendAdd");
    let reply = event.answer(&deny(38_001)).unwrap();
    let json: Value = serde_json::from_slice(&reply.to_json()).unwrap();
    assert_eq!(
        json,
        json!({"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[
            {"To_Account":"id1","ResultCode":38001,"ResultInfo":"no"},
            {"To_Account":"id2","ResultCode":38001,"ResultInfo":"no"}]})
    );
    let (event, _) = page_example("State.StateChange");
    assert!(event.answer(&Answer::Allow).unwrap().is_ok());
    assert!(event.answer(&Answer::Drop).is_err());
}

#[test]
fn a_friend_request_may_be_refused_for_some_accounts_only() {
    let some = |code: i64| Answer::DenyAccounts {
        accounts: vec!["id2".to_owned()],
        code,
        info: "not id2".to_owned(),
    };
    let (event, _) = page_example("Sns.CallbackPrevFriendAdd");
    let reply = event.answer(&some(38_002)).unwrap();
    let json: Value = serde_json::from_slice(&reply.to_json()).unwrap();
    assert_eq!(
        json,
        json!({"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[
            {"To_Account":"id1","ResultCode":0,"ResultInfo":""},
            {"To_Account":"id2","ResultCode":38002,"ResultInfo":"not id2"}]})
    );
    assert_eq!(
        check_answer("Sns.CallbackPrevFriendResponse", &some(38_002)),
        Ok(())
    );
    assert!(check_answer("Sns.CallbackPrevFriendAdd", &some(5)).is_err());
    let err = check_answer("C2C.CallbackBeforeSendMsg", &some(120_001)).unwrap_err();
    assert!(matches!(err, AnswerError::NotForCommand { .. }), "{err}");
    assert!(check_answer("Group.CallbackBeforeCreateGroup", &some(10_100)).is_err());
}
