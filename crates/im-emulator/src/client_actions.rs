//! What a simulated client does, with the service's rules for client actions: one-to-one and
//! group sends (refused for a muted sender, 20012 or 10017, before any callback), friend
//! requests and their answers, and read receipts of group messages (group_msg_receipt's
//! semantics, the client's account as `From_Account`). The sends, the friend request and the
//! receipts run the API's own semantics (the same stores as the REST calls) on a route that
//! names the client, so that what the pages reserve for clients happens and the callbacks carry
//! the client's `ClientIP` and `OptPlatform`; the answer to a friend request has no REST API
//! and is done here. Reads: the one-to-one read report and read receipt run
//! `admin_set_msg_read` and `c2c_msg_read_receipt` as the client (the callbacks their pages
//! name, from the client's origin); a group read and clearing every unread message have no REST
//! API (`client_reads`).

use http::StatusCode;
use im_callback::sns::{FriendAdd, Pair, PrevFriendResponse, ResponseFriendItem};
use im_proto::{Api, ErrorCode};
use serde_json::{Map, Value, json};

use crate::callbacks::{BeforeAnswer, CALLBACK_FAILED};
use crate::clients::{MuteKind, Session};
use crate::clients_view::{ClientError, platform, text};
use crate::emulator::Emulator;
use crate::exchange::{Answer, Route};
use crate::relations::Friend;

/// The code of a one-to-one send refused because the sender is muted (the reading of
/// the global mute; the service's error-code page: "the sender is muted").
const C2C_SENDER_MUTED: ErrorCode = ErrorCode::new(20012);

type Reply = Result<Value, (StatusCode, String)>;

/// A client action under `/_emulator/clients/{UserID}/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    SendMsg,
    SendGroupMsg,
    FriendAdd,
    FriendResponse,
    JoinGroup,
    C2cRead,
    C2cReadReceipt,
    GroupRead,
    ReadAll,
    GroupMsgReceipt,
}

impl Action {
    /// The action of a path's last part.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "c2c_msg" => Action::SendMsg,
            "group_msg" => Action::SendGroupMsg,
            "friend_request" => Action::FriendAdd,
            "friend_response" => Action::FriendResponse,
            "join_group" => Action::JoinGroup,
            "c2c_read" => Action::C2cRead,
            "c2c_read_receipt" => Action::C2cReadReceipt,
            "group_read" => Action::GroupRead,
            "read_all" => Action::ReadAll,
            "group_msg_receipt" => Action::GroupMsgReceipt,
            _ => return None,
        })
    }

    /// The body field naming the client's own account (set from the path's UserID).
    fn account_field(self) -> &'static str {
        match self {
            Action::C2cRead => "Report_Account",
            Action::C2cReadReceipt => "Operator_Account",
            _ => "From_Account",
        }
    }

    /// Runs the action of `user`'s client (the one of the body's `Platform`, else its latest
    /// login). May wait for a before callback: call it off the runtime's threads.
    pub(crate) fn run(
        self,
        emulator: &Emulator,
        user: &str,
        mut body: Map<String, Value>,
    ) -> Reply {
        let platform = text(&body, "Platform")?.map(platform).transpose();
        let platform = platform.map_err(|e| (StatusCode::BAD_REQUEST, e.to_string()))?;
        body.remove("Platform");
        let session = emulator
            .shared
            .store
            .read()
            .clients
            .session(user, platform)
            .ok_or_else(|| {
                let err = ClientError::NotLoggedIn {
                    user_id: user.to_owned(),
                    platform: platform.map(|p| p.to_string()),
                };
                (StatusCode::CONFLICT, err.to_string())
            })?;
        let field = self.account_field();
        if body.contains_key(field) {
            let info = format!("{field} is the client's own account (the path's UserID)");
            return Err((StatusCode::BAD_REQUEST, info));
        }
        body.insert(field.to_owned(), Value::from(user));
        let answer = match self {
            Action::SendMsg => {
                let rule = (C2C_SENDER_MUTED, MuteKind::C2c, "MsgRandom");
                send(emulator, session, Api::Sendmsg, rule, body)?
            }
            Action::SendGroupMsg => {
                let rule = (ErrorCode::GROUP_SENDER_MUTED, MuteKind::Group, "Random");
                send(emulator, session, Api::SendGroupMsg, rule, body)?
            }
            Action::FriendAdd => friend_add(emulator, session, body)?,
            Action::FriendResponse => respond(emulator, session, &body)?,
            Action::JoinGroup => crate::client_groups::apply(emulator, user, session, &body)?,
            Action::C2cRead => dispatch(
                emulator,
                session,
                Api::AdminSetMsgRead,
                &Value::Object(body),
            ),
            Action::C2cReadReceipt => {
                let body = Value::Object(body);
                dispatch(emulator, session, Api::C2cMsgReadReceipt, &body)
            }
            Action::GroupRead => crate::client_reads::group_read(emulator, user, &body)?,
            Action::ReadAll => crate::client_reads::read_all(emulator, user, session)?,
            Action::GroupMsgReceipt => dispatch(
                emulator,
                session,
                Api::GroupMsgReceipt,
                &Value::Object(body),
            ),
        };
        serde_json::from_slice(&answer.body)
            .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
    }
}

/// Runs `api`'s semantics for the client `session` on `body`.
pub(crate) fn dispatch(emulator: &Emulator, session: Session, api: Api, body: &Value) -> Answer {
    let bytes = body.to_string();
    let route = Route {
        body_len: bytes.len(),
        client: Some(session),
        ..Route::default()
    };
    crate::handlers::dispatch(&emulator.shared, api, route, bytes.as_bytes())
}

/// A send of `api` (`sendmsg`, `send_group_msg`): refused with `muted` for a muted sender
/// before anything else; its `random` field (`MsgRandom`, `Random`) chosen when the body has
/// none.
fn send(
    emulator: &Emulator,
    session: Session,
    api: Api,
    (muted, kind, random): (ErrorCode, MuteKind, &str),
    mut body: Map<String, Value>,
) -> Result<Answer, (StatusCode, String)> {
    let user = body["From_Account"].as_str().unwrap_or_default().to_owned();
    let now = emulator.now();
    let muted_until = (emulator.shared.store.read().clients).muted_for(&user, kind, now);
    if let Some(until) = muted_until {
        let info = match until {
            u64::MAX => format!("{user} is muted for good"),
            until => format!("{user} is muted until {until}"),
        };
        return Ok(Answer::fail_for(api, muted, info));
    }
    if !body.contains_key(random) {
        let value = emulator.shared.messages.lock().pick_seq(now);
        body.insert(random.to_owned(), Value::from(value));
    }
    Ok(dispatch(emulator, session, api, &Value::Object(body)))
}

/// A friend request: `friend_add`'s semantics as the client (the targets' `AllowType`
/// decides; a client cannot force), which asks the app first.
fn friend_add(
    emulator: &Emulator,
    session: Session,
    body: Map<String, Value>,
) -> Result<Answer, (StatusCode, String)> {
    if body.contains_key("ForceAddFlags") {
        let info = "ForceAddFlags is an admin's option (REST only)";
        return Err((StatusCode::BAD_REQUEST, info.to_owned()));
    }
    Ok(dispatch(
        emulator,
        session,
        Api::FriendAdd,
        &Value::Object(body),
    ))
}

/// A `PairList` item.
pub(crate) fn pair(from: &str, to: &str, initiator: &str) -> Pair {
    let mut pair = Pair::default();
    pair.from_account = from.to_owned();
    pair.to_account = to.to_owned();
    pair.initiator_account = Some(initiator.to_owned());
    pair
}

/// `Sns.CallbackFriendAdd` for `pairs` (none when empty), from the client `session`.
pub(crate) fn friends_added(
    emulator: &Emulator,
    pairs: Vec<Pair>,
    command: &str,
    session: Session,
) {
    if pairs.is_empty() {
        return;
    }
    let now = emulator.now();
    let mut event = FriendAdd::default();
    event.pair_list = Some(pairs);
    event.client_cmd = Some(command.to_owned());
    event.event_time = Some(now.saturating_mul(1000));
    let origin = session.origin();
    (emulator.shared.callbacks).after(event, origin);
}

/// A response: `Response_Action_Agree` (the requester gets the client as a friend),
/// `Response_Action_AgreeAndAdd` (both ways) or `Response_Action_Reject`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Response {
    Agree,
    AgreeAndAdd,
    Reject,
}

impl Response {
    /// `ResponseAction` as the pages write it.
    fn as_str(self) -> &'static str {
        match self {
            Response::Agree => "Response_Action_Agree",
            Response::AgreeAndAdd => "Response_Action_AgreeAndAdd",
            Response::Reject => "Response_Action_Reject",
        }
    }
}

/// The items of a `friend_response` body: (requester, response).
fn responses(body: &Map<String, Value>) -> Result<Vec<(String, Response)>, (StatusCode, String)> {
    let bad = |what: String| (StatusCode::BAD_REQUEST, what);
    let items = body
        .get("ResponseFriendItem")
        .and_then(Value::as_array)
        .filter(|items| !items.is_empty())
        .ok_or_else(|| bad("ResponseFriendItem must be a non-empty array".to_owned()))?;
    items
        .iter()
        .map(|item| {
            let to = item["To_Account"].as_str();
            let to = to.ok_or_else(|| bad("each item needs To_Account, a string".to_owned()))?;
            let name = item["ResponseAction"].as_str();
            let all = [Response::Agree, Response::AgreeAndAdd, Response::Reject];
            let action = all.into_iter().find(|r| Some(r.as_str()) == name);
            let action = action.ok_or_else(|| {
                bad(format!(
                    "ResponseAction {name:?} must be Response_Action_Agree, Response_Action_AgreeAndAdd or Response_Action_Reject"
                ))
            })?;
            Ok((to.to_owned(), action))
        })
        .collect()
}

/// An answer to friend requests: each requester's pending request to the client is agreed to
/// (the friendships made, `Sns.CallbackFriendAdd` for them) or rejected; 30001 for a requester
/// with no pending request to the client, 30003 for an unknown account.
fn respond(
    emulator: &Emulator,
    session: Session,
    body: &Map<String, Value>,
) -> Result<Answer, (StatusCode, String)> {
    let user = body["From_Account"].as_str().unwrap_or_default().to_owned();
    let items = responses(body)?;
    let refused = before_response(emulator, &user, &items, session);
    let time = u32::try_from(emulator.now()).unwrap_or(u32::MAX);
    let store = emulator.shared.store.read();
    let mut relations = emulator.shared.relations.write();
    let me = relations.intern(&user);
    let mut results = Vec::new();
    let mut pairs = Vec::new();
    for (requester, response) in items {
        if let Some((code, info)) = refused.iter().find(|r| r.0 == requester).map(|r| &r.1) {
            let item = json!({"To_Account": requester, "ResultCode": code, "ResultInfo": info});
            results.push(item);
            continue;
        }
        let (code, info) = if !store.accounts.contains_key(&requester) {
            (
                ErrorCode::SNS_ACCOUNT_NOT_FOUND,
                "Err_SNS_Account_Not_Exist",
            )
        } else {
            let them = relations.intern(&requester);
            if !relations.take_pending(them, me) {
                (
                    ErrorCode::SNS_INVALID_PARAMETERS,
                    "no pending friend request",
                )
            } else {
                let mut add = |owner: u32, to: u32, pairs: &mut Vec<Pair>| {
                    if !relations.is_friend(owner, to) {
                        relations.add_friend(owner, friend(to, time));
                        let names = (
                            relations.name(owner).to_owned(),
                            relations.name(to).to_owned(),
                        );
                        pairs.push(pair(&names.0, &names.1, &requester));
                    }
                };
                if response != Response::Reject {
                    add(them, me, &mut pairs);
                }
                if response == Response::AgreeAndAdd {
                    add(me, them, &mut pairs);
                }
                (ErrorCode::OK, "")
            }
        };
        results
            .push(json!({"To_Account": requester, "ResultCode": code.get(), "ResultInfo": info}));
    }
    drop((store, relations));
    friends_added(emulator, pairs, "friend_response", session);
    let failed: Vec<&Value> = results
        .iter()
        .filter(|r| r["ResultCode"] != 0)
        .map(|r| &r["To_Account"])
        .collect();
    let mut answer =
        json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "ResultItem": results});
    if !failed.is_empty() {
        answer["Fail_Account"] = json!(failed);
    }
    Ok(Answer::json(ErrorCode::OK, &answer))
}

/// `Sns.CallbackPrevFriendResponse` for the client's answers: the requesters whose answer the
/// app refused, with its code and text (every one with 80003 when the app failed and the
/// emulator blocks); their requests stay pending.
fn before_response(
    emulator: &Emulator,
    user: &str,
    items: &[(String, Response)],
    session: Session,
) -> Vec<(String, (i64, String))> {
    let mut event = PrevFriendResponse::default();
    event.requester_account = Some(user.to_owned());
    event.from_account = user.to_owned();
    let wire = items.iter().map(|(requester, response)| {
        let mut item = ResponseFriendItem::default();
        item.to_account.clone_from(requester);
        item.response_action = Some(response.as_str().to_owned());
        item
    });
    event.response_friend_item = Some(wire.collect());
    event.event_time = Some(emulator.now().saturating_mul(1000));
    let answer = emulator.shared.callbacks.before(event, &session.origin());
    let requesters = items.iter().map(|(requester, _)| requester.clone());
    match answer {
        BeforeAnswer::Reply(reply) => requesters
            .filter_map(|to| {
                let item = reply.result_item.iter().find(|i| i.to_account == to)?;
                let refusal = (item.result_code, item.result_info.clone());
                (!reply.allows(&to)).then_some((to, refusal))
            })
            .collect(),
        BeforeAnswer::Failed { block: true } => requesters
            .map(|to| {
                (
                    to,
                    (
                        CALLBACK_FAILED.get(),
                        "the friend response callback failed".to_owned(),
                    ),
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A friend of `to` in `owner`'s table, added at `time`.
fn friend(to: u32, time: u32) -> Friend {
    Friend {
        to,
        add_time: time,
        source: 0,
        lists: 0,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_named_as_their_apis() {
        for name in [
            "c2c_msg",
            "group_msg",
            "friend_request",
            "friend_response",
            "join_group",
            "c2c_read",
            "c2c_read_receipt",
            "group_read",
            "read_all",
            "group_msg_receipt",
        ] {
            assert!(Action::parse(name).is_some(), "{name}");
        }
        assert_eq!(Action::parse("login"), None);
    }
}
