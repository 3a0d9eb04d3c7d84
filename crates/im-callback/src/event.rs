//! A callback's event, decoded from its body by its `CallbackCommand`: every documented command
//! typed, and any other command as a raw JSON object.
//!
//! **The registration table.** `callbacks!` below lists every typed command once, as
//! `Variant(Type)`; the type's module knows the rest (its fields, its command word, its reply,
//! for a before callback the refusal codes and the time budget). From the table come
//! [`Event`], its decoding and encoding, [`COMMANDS`] and the conversions between each type and
//! `Event`.

use serde_json::{Map, Value};

use crate::before::{Answer, AnswerError, Answerable, notification};
use crate::callback::Callback;
use crate::decode::{self, DecodeError};
use crate::{bot, c2c, follow, group, moderation, official, push, sns};
use crate::{over_limit::RequestOverLimit, portrait::PortraitSet, state_change::StateChange};

macro_rules! callbacks {
    ($($(#[$meta:meta])* $variant:ident($ty:ty),)*) => {
        /// One callback's event.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            $($(#[$meta])* $variant($ty),)*
            /// Any other command, its body as given.
            Other {
                /// `CallbackCommand`.
                command: String,
                /// The body.
                body: Map<String, Value>,
            },
        }

        /// Whether `command` takes `answer` (before any event arrives): what
        /// [`Event::answer`] would refuse for any event of it.
        ///
        /// # Errors
        ///
        /// [`AnswerError`] as for [`Event::answer`].
        pub fn check_answer(command: &str, answer: &Answer) -> Result<(), AnswerError> {
            match command {
                $(<$ty as Callback>::COMMAND => <$ty as Answerable>::check_answer(answer),)*
                _ => notification(command, answer).map(drop),
            }
        }

        /// Every typed command's `CallbackCommand`, in the table's order.
        pub const COMMANDS: &[&str] = &[$(<$ty as Callback>::COMMAND,)*];

        impl Event {
            /// The event's `CallbackCommand`.
            pub fn command(&self) -> &str {
                match self {
                    $(Event::$variant(_) => <$ty as Callback>::COMMAND,)*
                    Event::Other { command, .. } => command,
                }
            }

            /// The body's fields the event's type does not name (`None` for [`Event::Other`],
            /// whose whole body is unnamed).
            pub fn extra(&self) -> Option<&crate::wire::Extra> {
                match self {
                    $(Event::$variant(e) => Some(e.extra()),)*
                    Event::Other { .. } => None,
                }
            }

            /// The reply `answer` makes for this event, as its command's page allows (an
            /// unknown command takes allow and refuse, as a notification).
            ///
            /// # Errors
            ///
            /// [`AnswerError`] if the page does not allow it (a refusal code outside the
            /// command's range, a silent drop of a command that cannot drop).
            pub fn answer(&self, answer: &Answer) -> Result<crate::Reply, AnswerError> {
                match self {
                    $(Event::$variant(e) => e.answer(answer),)*
                    Event::Other { command, .. } => notification(command, answer),
                }
            }

            /// Decodes `body` as `command`'s type (checked already), or as a raw object.
            fn typed(command: &str, query: Option<&str>, body: &[u8]) -> Result<Event, DecodeError> {
                Ok(match command {
                    $(<$ty as Callback>::COMMAND => Event::$variant(decode::typed(query, body)?),)*
                    _ => {
                        let (command, body) = decode::raw(query, body)?;
                        Event::Other { command, body }
                    }
                })
            }

            /// The typed event's fields, and whether the service writes the command in the
            /// body.
            fn fields(&self) -> (Map<String, Value>, bool) {
                match self {
                    $(Event::$variant(e) => (decode::object(e), <$ty as Callback>::COMMAND_IN_BODY),)*
                    Event::Other { body, .. } => (body.clone(), true),
                }
            }
        }

        $(
            impl From<$ty> for Event {
                fn from(event: $ty) -> Event {
                    Event::$variant(event)
                }
            }

            impl TryFrom<Event> for $ty {
                type Error = Event;

                /// The typed event, or the event back if it is another command.
                fn try_from(event: Event) -> Result<$ty, Event> {
                    match event {
                        Event::$variant(e) => Ok(e),
                        other => Err(other),
                    }
                }
            }
        )*
    };
}

callbacks! {
    /// `State.StateChange`.
    StateChange(StateChange),
    /// `Profile.CallbackPortraitSet`.
    PortraitSet(PortraitSet),
    /// `Alert.RequestOverLimit`.
    RequestOverLimit(RequestOverLimit),
    /// `Sns.CallbackPrevFriendAdd` (before).
    PrevFriendAdd(sns::PrevFriendAdd),
    /// `Sns.CallbackPrevFriendResponse` (before).
    PrevFriendResponse(sns::PrevFriendResponse),
    /// `Sns.CallbackFriendAdd`.
    FriendAdd(sns::FriendAdd),
    /// `Sns.CallbackFriendDelete`.
    FriendDelete(sns::FriendDelete),
    /// `Sns.CallbackBlackListAdd`.
    BlackListAdd(sns::BlackListAdd),
    /// `Sns.CallbackBlackListDelete`.
    BlackListDelete(sns::BlackListDelete),
    /// `Follow.CallbackAfterFollowAdd`.
    FollowAdd(follow::FollowAdd),
    /// `Follow.CallbackAfterFollowDelete`.
    FollowDelete(follow::FollowDelete),
    /// `C2C.CallbackBeforeSendMsg` (before).
    C2cBeforeSendMsg(c2c::C2cBeforeSendMsg),
    /// `C2C.CallbackAfterSendMsg`.
    C2cAfterSendMsg(c2c::C2cAfterSendMsg),
    /// `C2C.CallbackAfterMsgReport`.
    C2cAfterMsgReport(c2c::C2cAfterMsgReport),
    /// `C2C.CallbackAfterMsgWithDraw`.
    C2cAfterMsgWithDraw(c2c::C2cAfterMsgWithDraw),
    /// `C2C.CallbackAfterMsgReadReceipt`.
    C2cAfterMsgReadReceipt(c2c::C2cAfterMsgReadReceipt),
    /// `C2C.CallbackAfterModifyMsg`.
    C2cAfterModifyMsg(c2c::C2cAfterModifyMsg),
    /// `C2C.CallbackAfterC2CMsgExtension`.
    C2cAfterMsgExtension(c2c::C2cAfterMsgExtension),
    /// `C2C.CallbackAfterMsgReadAll`.
    C2cAfterMsgReadAll(c2c::C2cAfterMsgReadAll),
    /// `Group.CallbackBeforeCreateGroup` (before).
    BeforeCreateGroup(group::BeforeCreateGroup),
    /// `Group.CallbackAfterCreateGroup`.
    AfterCreateGroup(group::AfterCreateGroup),
    /// `Group.CallbackBeforeApplyJoinGroup` (before).
    BeforeApplyJoinGroup(group::BeforeApplyJoinGroup),
    /// `Group.CallbackBeforeInviteJoinGroup` (before).
    BeforeInviteJoinGroup(group::BeforeInviteJoinGroup),
    /// `Group.CallbackAfterNewMemberJoin`.
    AfterNewMemberJoin(group::AfterNewMemberJoin),
    /// `Group.CallbackAfterMemberExit`.
    AfterMemberExit(group::AfterMemberExit),
    /// `Group.CallbackBeforeSendMsg` (before).
    GroupBeforeSendMsg(group::GroupBeforeSendMsg),
    /// `Group.CallbackAfterSendMsg`.
    GroupAfterSendMsg(group::GroupAfterSendMsg),
    /// `Group.CallbackAfterGroupFull`.
    AfterGroupFull(group::AfterGroupFull),
    /// `Group.CallbackAfterGroupDestroyed`.
    AfterGroupDestroyed(group::AfterGroupDestroyed),
    /// `Group.CallbackAfterGroupInfoChanged`.
    AfterGroupInfoChanged(group::AfterGroupInfoChanged),
    /// `Group.CallbackAfterRecallMsg`.
    AfterRecallMsg(group::AfterRecallMsg),
    /// `Group.CallbackOnMemberStateChange`.
    OnMemberStateChange(group::OnMemberStateChange),
    /// `Group.CallbackSendMsgException`.
    SendMsgException(group::SendMsgException),
    /// `Group.CallbackBeforeCreateTopic` (before).
    BeforeCreateTopic(group::BeforeCreateTopic),
    /// `Group.CallbackAfterCreateTopic`.
    AfterCreateTopic(group::AfterCreateTopic),
    /// `Group.CallbackAfterTopicDestroyed`.
    AfterTopicDestroyed(group::AfterTopicDestroyed),
    /// `Group.CallbackAfterTopicInfoChanged`.
    AfterTopicInfoChanged(group::AfterTopicInfoChanged),
    /// `Group.CallbackAfterMemberFieldChanged`.
    AfterMemberFieldChanged(group::AfterMemberFieldChanged),
    /// `Group.CallbackAfterGroupAttrChanged`.
    AfterGroupAttrChanged(group::AfterGroupAttrChanged),
    /// `Group.CallbackAfterReadReceipt`.
    AfterReadReceipt(group::AfterReadReceipt),
    /// `Group.CallbackAfterChangeGroupOwner`.
    AfterChangeGroupOwner(group::AfterChangeGroupOwner),
    /// `Group.CallbackOnDailyGroupQuotaAlarm`.
    OnDailyGroupQuotaAlarm(group::OnDailyGroupQuotaAlarm),
    /// `Group.CallbackAfterGroupMsgExtension`.
    AfterGroupMsgExtension(group::AfterGroupMsgExtension),
    /// `ContentCallback.ResultNotify`.
    ResultNotify(moderation::ResultNotify),
    /// `OfficialAccount.CallbackBeforeCreateOfficialAccount` (before).
    BeforeCreateOfficialAccount(official::BeforeCreateOfficialAccount),
    /// `OfficialAccount.CallbackAfterCreateOfficialAccount`.
    AfterCreateOfficialAccount(official::AfterCreateOfficialAccount),
    /// `OfficialAccount.CallbackAfterOfficialAccountInfoChanged`.
    AfterOfficialAccountInfoChanged(official::AfterOfficialAccountInfoChanged),
    /// `OfficialAccount.CallbackAfterOfficialAccountDestroyed`.
    AfterOfficialAccountDestroyed(official::AfterOfficialAccountDestroyed),
    /// `OfficialAccount.CallbackBeforeAddSubscriber` (before).
    BeforeAddSubscriber(official::BeforeAddSubscriber),
    /// `OfficialAccount.CallbackAfterAddSubscriber`.
    AfterAddSubscriber(official::AfterAddSubscriber),
    /// `OfficialAccount.CallbackAfterOfficialAccountFull`.
    AfterOfficialAccountFull(official::AfterOfficialAccountFull),
    /// `OfficialAccount.CallbackAfterDeleteSubscriber`.
    AfterDeleteSubscriber(official::AfterDeleteSubscriber),
    /// `OfficialAccount.CallbackBeforeSendMsg` (before).
    OfficialAccountBeforeSendMsg(official::OfficialAccountBeforeSendMsg),
    /// `OfficialAccount.CallbackAfterSendMsg`.
    OfficialAccountAfterSendMsg(official::OfficialAccountAfterSendMsg),
    /// `OfficialAccount.CallbackAfterMsgWithDraw`.
    OfficialAccountAfterMsgWithDraw(official::OfficialAccountAfterMsgWithDraw),
    /// `Bot.OnC2CMessage`.
    BotOnC2cMessage(bot::BotOnC2cMessage),
    /// `Bot.OnGroupMessage`.
    BotOnGroupMessage(bot::BotOnGroupMessage),
    /// `Chatbot.OnC2CSignalMessage`.
    ChatbotOnC2cSignalMessage(bot::ChatbotOnC2cSignalMessage),
    /// `Push.OfflinePush`.
    OfflinePush(push::OfflinePush),
    /// `Push.AllMemberPush`.
    AllMemberPush(push::AllMemberPush),
}

impl Event {
    /// Decodes `body`, the command being the URL's `CallbackCommand` (`query_command`) or the
    /// body's. A typed command's body is parsed once, straight into its type, when the URL
    /// names it (the service's URLs always do). Never panics, whatever the bytes.
    ///
    /// # Errors
    ///
    /// A [`DecodeError`]; an unknown command is not one (it is [`Event::Other`]).
    pub fn decode(query_command: Option<&str>, body: &[u8]) -> Result<Event, DecodeError> {
        decode::check_body(body)?;
        let command = decode::command(query_command, body)?;
        Event::typed(&command, query_command, body)
    }

    /// The body with `CallbackCommand`: the event's fields and the command (also for the
    /// commands whose body the service sends without it; [`Event::to_wire_body`] leaves it out
    /// there).
    pub fn to_body(&self) -> Map<String, Value> {
        let (mut map, _) = self.fields();
        map.insert(
            "CallbackCommand".into(),
            Value::String(self.command().to_owned()),
        );
        map
    }

    /// The body exactly as the service sends it: with `CallbackCommand`, except for the
    /// commands whose pages show none in the body ([`Callback::COMMAND_IN_BODY`]).
    pub fn to_wire_body(&self) -> Map<String, Value> {
        let (mut map, in_body) = self.fields();
        if in_body {
            map.insert(
                "CallbackCommand".into(),
                Value::String(self.command().to_owned()),
            );
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::MAX_BODY_BYTES;
    use crate::state_change::{DevicePlatform, StateAction, StateReason};

    const STATE: &str = r#"{"CallbackCommand":"State.StateChange","EventTime":1629883332497,"Info":{"Action":"Login","To_Account":"testuser316","Reason":"Register"},"KickedDevice":[{"Platform":"Windows"},{"Platform":"IOS"}]}"#;

    #[test]
    fn the_documented_examples_decode() {
        let Event::StateChange(e) =
            Event::decode(Some("State.StateChange"), STATE.as_bytes()).unwrap()
        else {
            panic!("not a state change");
        };
        assert_eq!(e.info.action, StateAction::Login);
        assert_eq!(e.info.reason, StateReason::Register);
        assert_eq!(e.kicked_device[1].platform, DevicePlatform::Ios);
        assert_eq!(e.event_time, Some(1_629_883_332_497));
        let portrait = r#"{"CallbackCommand":"Profile.CallbackPortraitSet","Operator_Account":"id1","From_Account":"id1","EventTime":1656921052497,"ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"nick1"},{"Tag":"Tag_Profile_IM_Gender","Value":"Gender_Type_Male"},{"Tag":"Tag_Profile_Custom_Data","Value":"your custom data"}]}"#;
        let Event::PortraitSet(p) = Event::decode(None, portrait.as_bytes()).unwrap() else {
            panic!("not a portrait set");
        };
        assert_eq!(p.profile().nick.as_deref(), Some("nick1"));
        let alert = r#"{"CallbackCommand":"Alert.RequestOverLimit","ServiceName":"openim","Command":"batchsendmsg","Request":510,"Limit":200}"#;
        let Event::RequestOverLimit(a) = Event::decode(None, alert.as_bytes()).unwrap() else {
            panic!("not an alert");
        };
        assert_eq!((a.request, a.limit), (510, 200));
    }

    #[test]
    fn other_commands_are_raw_and_bad_bodies_are_errors() {
        // A command no page of the IM service documents (it is a TRTC live one).
        let e = Event::decode(
            Some("Live.CallbackAfterCreateRoom"),
            br#"{"From_Account":"a","X":[1]}"#,
        )
        .unwrap();
        assert_eq!(e.command(), "Live.CallbackAfterCreateRoom");
        assert!(matches!(e, Event::Other { ref body, .. } if body["X"][0] == 1));
        assert_eq!(
            e.to_body()["CallbackCommand"],
            "Live.CallbackAfterCreateRoom"
        );
        assert!(matches!(
            Event::decode(None, b"{}"),
            Err(DecodeError::NoCommand)
        ));
        assert!(matches!(
            Event::decode(None, b"[1]"),
            Err(DecodeError::NotAnObject(_))
        ));
        assert!(matches!(
            Event::decode(Some("A"), br#"{"CallbackCommand":"B"}"#),
            Err(DecodeError::CommandMismatch { .. })
        ));
        assert!(matches!(
            Event::decode(Some("State.StateChange"), b"{}"),
            Err(DecodeError::Malformed { .. })
        ));
        let deep = "[".repeat(10_000);
        assert!(Event::decode(Some("X"), deep.as_bytes()).is_err());
        let big = vec![b' '; MAX_BODY_BYTES + 1];
        assert!(matches!(
            Event::decode(Some("X"), &big),
            Err(DecodeError::TooLarge { .. })
        ));
    }

    #[test]
    fn state_changes_keep_the_platform_as_sent_and_read_custom_statuses() {
        let e = Event::decode(None, STATE.as_bytes()).unwrap();
        let body = e.to_body();
        assert_eq!(
            body["KickedDevice"][1]["Platform"], "IOS",
            "not rewritten as iOS"
        );
        assert_eq!(body["KickedDevice"][0]["Platform"], "Windows");
        let custom = r#"{"CallbackCommand":"State.StateChange","EventTime":1,"Info":{"Action":"CustomStatusChange","To_Account":"a","Reason":"SetCustomStatus","CustomStatus":"in a meeting"}}"#;
        let Event::StateChange(e) = Event::decode(None, custom.as_bytes()).unwrap() else {
            panic!("not a state change");
        };
        assert_eq!(e.info.action, StateAction::CustomStatusChange);
        assert_eq!(e.info.reason, StateReason::SetCustomStatus);
        assert_eq!(e.info.custom_status.as_deref(), Some("in a meeting"));
        let mut device = crate::KickedDevice::new("ios");
        assert_eq!(device.platform, DevicePlatform::Ios);
        assert_eq!(serde_json::to_value(&device).unwrap()["Platform"], "ios");
        device.platform = DevicePlatform::Android;
        assert_eq!(
            serde_json::to_value(&device).unwrap()["Platform"],
            "Android"
        );
    }

    #[test]
    fn bodies_round_trip() {
        let e = Event::decode(None, STATE.as_bytes()).unwrap();
        let again =
            Event::decode(None, serde_json::to_vec(&e.to_body()).unwrap().as_slice()).unwrap();
        assert_eq!(again, e);
    }
}
