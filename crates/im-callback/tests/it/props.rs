//! proptest: no query string or body makes verification or decoding panic.

use im_callback::{CallbackQuery, Event, Token, Verifier};
use proptest::prelude::*;

proptest! {
    #[test]
    fn arbitrary_queries_never_panic(query in any::<String>(), now in any::<u64>()) {
        let q = CallbackQuery::parse(&query);
        let _ = Verifier::new(1, Token::new("t")).verify(&q, now);
    }

    #[test]
    fn arbitrary_query_values_never_panic(
        app in "[0-9a-z%]{0,12}",
        sign in "[0-9a-fA-F%]{0,70}",
        time in "[0-9-+ %]{0,22}",
        now in any::<u64>(),
    ) {
        let q = CallbackQuery::parse(&format!("SdkAppid={app}&Sign={sign}&RequestTime={time}"));
        let _ = Verifier::new(1, Token::new("t")).verify(&q, now);
    }

    #[test]
    fn arbitrary_bodies_never_panic(body in any::<Vec<u8>>(), command in proptest::option::of("[A-Za-z.]{0,30}")) {
        let _ = Event::decode(command.as_deref(), &body);
    }

    #[test]
    fn arbitrary_json_bodies_never_panic(
        command in prop_oneof![Just("State.StateChange"), Just("Profile.CallbackPortraitSet"), Just("Alert.RequestOverLimit"), Just("X")],
        json in "\\{(\"[A-Za-z_]{1,12}\":(\"[a-z]{0,4}\"|[0-9-]{1,22}|null|\\[\\]|\\{\\}),?){0,6}\\}",
    ) {
        let _ = Event::decode(Some(command), json.as_bytes());
    }
}

proptest! {
    #[test]
    fn arbitrary_bodies_of_every_typed_command_never_panic(
        command in proptest::sample::select(im_callback::COMMANDS),
        json in "\\{(\"(EventTime|MsgBody|GroupId|From_Account|Events|Info|[A-Za-z_]{1,8})\":(\"[0-9a-z]{0,4}\"|[0-9-]{1,22}|null|\\[\\{\\}\\]|\\{\\}|\\[\"x\"\\]),?){0,6}\\}",
        in_url in any::<bool>(),
    ) {
        let _ = Event::decode(in_url.then_some(command), json.as_bytes());
    }
}
