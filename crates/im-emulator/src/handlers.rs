//! The six APIs' body checks and semantics, after the request was authenticated.

use im_proto::query_online_status::{ErrorItem, QueryResult};
use im_proto::{
    Api, Endpoint, ErrorCode, MAX_PROFILE_VALUE_BYTES, UserId, account_check, account_delete,
    account_import, kick, multiaccount_import, query_online_status,
};
use serde_json::{Map, Value};

use crate::service::Answer;
use crate::state::{ImportRefusal, Revocation};
use crate::{Shared, read, write};

type Object = Map<String, Value>;

/// The `ResultInfo` the service gives for an account that does not exist.
const NOT_EXIST_INFO: &str = "Err_TLS_PT_Open_Login_Account_Not_Exist";

/// Checks the body and runs the API.
pub(crate) fn dispatch(shared: &Shared, api: Api, body: &[u8]) -> Answer {
    let Some(object) = parse_object(body) else {
        let code = if api == Api::QueryOnlineStatus {
            ErrorCode::OPENIM_JSON_INVALID
        } else {
            ErrorCode::BODY_JSON_INVALID
        };
        return Answer::fail(code, "Fail to Parse json data of body, Please check it");
    };
    match api {
        Api::AccountImport => account_import(shared, object),
        Api::MultiaccountImport => multiaccount_import(shared, &object),
        Api::AccountCheck => account_check(shared, &object),
        Api::AccountDelete => account_delete(shared, &object),
        Api::Kick => kick(shared, object),
        Api::QueryOnlineStatus => query_online_status(shared, &object),
    }
}

fn parse_object(body: &[u8]) -> Option<Object> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Some(object),
        _ => None,
    }
}

fn invalid(info: impl Into<String>) -> Answer {
    Answer::fail(
        ErrorCode::INVALID_PARAMETERS,
        format!("invalid parameters: {}", info.into()),
    )
}

fn check_count(api: Api, field: &str, count: usize) -> Result<(), Answer> {
    let max = api.metadata().max_items;
    if count == 0 {
        Err(invalid(format!("{field} must hold at least one account")))
    } else if count > max {
        Err(invalid(format!(
            "{field} holds {count} accounts, at most {max} are allowed per call"
        )))
    } else {
        Ok(())
    }
}

/// A field that is absent or `null` is `None`.
fn field<'a>(object: &'a Object, name: &str) -> Option<&'a Value> {
    object.get(name).filter(|v| !v.is_null())
}

/// An optional string field: absent or `null` is `None`, another type is an error.
fn optional_string<'a>(
    object: &'a Object,
    name: &str,
    path: &str,
) -> Result<Option<&'a str>, Answer> {
    match field(object, name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(invalid(format!("{path} must be a string"))),
    }
}

/// A list of `{"UserID": "..."}` objects (`CheckItem`, `DeleteItem`), as raw strings.
fn user_items(api: Api, object: &Object, name: &str) -> Result<Vec<String>, Answer> {
    let Some(Value::Array(items)) = field(object, name) else {
        return Err(invalid(format!("{name} must be an array of objects")));
    };
    check_count(api, name, items.len())?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let id = item.as_object().and_then(|o| {
                field(o, "UserID")
                    .or_else(|| field(o, "Identifier"))
                    .and_then(Value::as_str)
            });
            id.map(str::to_owned)
                .ok_or_else(|| invalid(format!("{name}[{i}].UserID must be a string")))
        })
        .collect()
}

fn account_import(shared: &Shared, object: Object) -> Answer {
    let request: account_import::Request = match serde_json::from_value(Value::Object(object)) {
        Ok(request) => request,
        Err(err) => return invalid(err.to_string()),
    };
    if let Err(err) = request.validate() {
        return Answer::fail(ErrorCode::PROFILE_VALUE_TOO_LONG, err.to_string());
    }
    let result = write(&shared.store).import(
        request.user_id.as_str(),
        request.nick.as_deref(),
        request.face_url.as_deref(),
        shared.account_cap,
        shared.forbid_reimport,
    );
    match result {
        Ok(()) => Answer::json(ErrorCode::OK, &account_import::Response::ok()),
        Err(refusal) => refusal_answer(refusal),
    }
}

fn refusal_answer(refusal: ImportRefusal) -> Answer {
    match refusal {
        ImportRefusal::Cap(cap) => Answer::fail(
            ErrorCode::ACCOUNT_CAP_REACHED,
            format!("account count has reached the cap of {cap} accounts: upgrade the edition"),
        ),
        ImportRefusal::DeletedBefore => Answer::fail(
            ErrorCode::ACCOUNT_REIMPORT_FORBIDDEN,
            "a deleted account cannot be re-imported",
        ),
    }
}

/// One item of a `multiaccount_import` request, before its UserID is checked.
struct ImportItem<'a> {
    user_id: &'a str,
    nick: Option<&'a str>,
    face_url: Option<&'a str>,
}

fn multiaccount_import(shared: &Shared, object: &Object) -> Answer {
    let items = match import_items(object) {
        Ok(items) => items,
        Err(answer) => return answer,
    };
    let mut fail_accounts = Vec::new();
    let mut store = write(&shared.store);
    for item in items {
        let valid = UserId::new(item.user_id).is_ok()
            && item.nick.is_none_or(|n| n.len() <= MAX_PROFILE_VALUE_BYTES)
            && item
                .face_url
                .is_none_or(|f| f.len() <= MAX_PROFILE_VALUE_BYTES);
        if !valid
            || store
                .import(
                    item.user_id,
                    item.nick,
                    item.face_url,
                    shared.account_cap,
                    shared.forbid_reimport,
                )
                .is_err()
        {
            fail_accounts.push(item.user_id.to_owned());
        }
    }
    drop(store);
    Answer::json(
        ErrorCode::OK,
        &multiaccount_import::Response::ok(fail_accounts),
    )
}

fn import_items(object: &Object) -> Result<Vec<ImportItem<'_>>, Answer> {
    let api = Api::MultiaccountImport;
    match (field(object, "Accounts"), field(object, "AccountList")) {
        (Some(_), Some(_)) => Err(invalid("only one of Accounts and AccountList may be given")),
        (None, None) => Err(invalid("missing field Accounts or AccountList")),
        (Some(Value::Array(ids)), None) => {
            check_count(api, "Accounts", ids.len())?;
            ids.iter()
                .enumerate()
                .map(|(i, id)| match id {
                    Value::String(user_id) => Ok(ImportItem {
                        user_id,
                        nick: None,
                        face_url: None,
                    }),
                    _ => Err(invalid(format!("Accounts[{i}] must be a string"))),
                })
                .collect()
        }
        (Some(_), None) => Err(invalid("Accounts must be an array of strings")),
        (None, Some(Value::Array(list))) => {
            check_count(api, "AccountList", list.len())?;
            list.iter()
                .enumerate()
                .map(|(i, item)| {
                    let Value::Object(item) = item else {
                        return Err(invalid(format!("AccountList[{i}] must be an object")));
                    };
                    let user_id = match field(item, "UserID").or_else(|| field(item, "Identifier"))
                    {
                        Some(Value::String(s)) => s,
                        _ => {
                            return Err(invalid(format!(
                                "AccountList[{i}].UserID must be a string"
                            )));
                        }
                    };
                    Ok(ImportItem {
                        user_id,
                        nick: optional_string(item, "Nick", &format!("AccountList[{i}].Nick"))?,
                        face_url: optional_string(
                            item,
                            "FaceUrl",
                            &format!("AccountList[{i}].FaceUrl"),
                        )?,
                    })
                })
                .collect()
        }
        (None, Some(_)) => Err(invalid("AccountList must be an array of objects")),
    }
}

fn account_check(shared: &Shared, object: &Object) -> Answer {
    let ids = match user_items(Api::AccountCheck, object, "CheckItem") {
        Ok(ids) => ids,
        Err(answer) => return answer,
    };
    let store = read(&shared.store);
    let items: Vec<account_check::ResultItem> = ids
        .into_iter()
        .map(|id| match UserId::new(id.as_str()) {
            Err(err) => account_check::ResultItem::failed(
                id,
                ErrorCode::INVALID_PARAMETERS,
                err.to_string(),
            ),
            Ok(_) => {
                let status = if store.accounts.contains_key(&id) {
                    account_check::AccountStatus::Imported
                } else {
                    account_check::AccountStatus::NotImported
                };
                account_check::ResultItem::new(id, status)
            }
        })
        .collect();
    drop(store);
    Answer::json(ErrorCode::OK, &account_check::Response::ok(items))
}

fn account_delete(shared: &Shared, object: &Object) -> Answer {
    let ids = match user_items(Api::AccountDelete, object, "DeleteItem") {
        Ok(ids) => ids,
        Err(answer) => return answer,
    };
    let mut store = write(&shared.store);
    let items: Vec<account_delete::ResultItem> = ids
        .into_iter()
        .map(|id| match UserId::new(id.as_str()) {
            Err(err) => {
                account_delete::ResultItem::new(id, ErrorCode::INVALID_PARAMETERS, err.to_string())
            }
            Ok(_) if store.delete(&id) => account_delete::ResultItem::new(id, ErrorCode::OK, ""),
            Ok(_) => {
                account_delete::ResultItem::new(id, ErrorCode::ACCOUNT_NOT_FOUND, NOT_EXIST_INFO)
            }
        })
        .collect();
    drop(store);
    Answer::json(ErrorCode::OK, &account_delete::Response::ok(items))
}

fn kick(shared: &Shared, object: Object) -> Answer {
    let request: kick::Request = match serde_json::from_value(Value::Object(object)) {
        Ok(request) => request,
        Err(err) => return invalid(err.to_string()),
    };
    let id = request.user_id.as_str();
    let now = shared.clock.now();
    let mut store = write(&shared.store);
    if !store.accounts.contains_key(id) && !shared.admins.iter().any(|a| a == id) {
        return Answer::fail(ErrorCode::ACCOUNT_NOT_FOUND, NOT_EXIST_INFO);
    }
    store.revoke(id, now, Revocation::Invalidated);
    store.online.remove(id);
    drop(store);
    Answer::json(ErrorCode::OK, &kick::Response::ok())
}

fn query_online_status(shared: &Shared, object: &Object) -> Answer {
    let api = Api::QueryOnlineStatus;
    let Some(Value::Array(ids)) = field(object, "To_Account") else {
        return invalid("To_Account must be an array of strings");
    };
    if let Err(answer) = check_count(api, "To_Account", ids.len()) {
        return answer;
    }
    let need_detail = match field(object, "IsNeedDetail") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) if n.as_u64() == Some(0) => false,
        Some(Value::Number(n)) if n.as_u64() == Some(1) => true,
        Some(_) => return invalid("IsNeedDetail must be 0 or 1"),
    };
    let mut ids_str = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        match id {
            Value::String(s) => ids_str.push(s.as_str()),
            _ => return invalid(format!("To_Account[{i}] must be a string")),
        }
    }
    let store = read(&shared.store);
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for id in ids_str {
        if UserId::new(id).is_err() {
            errors.push(ErrorItem::new(id, ErrorCode::INVALID_PARAMETERS));
        } else if !store.accounts.contains_key(id) {
            errors.push(ErrorItem::new(id, ErrorCode::ACCOUNT_NOT_FOUND));
        } else {
            let mut result = QueryResult::new(id, query_online_status::OnlineStatus::Offline);
            if let Some(state) = store.online.get(id) {
                result.status = state.status.clone();
                if need_detail && !state.detail.is_empty() {
                    result.detail = Some(state.detail.clone());
                }
            }
            results.push(result);
        }
    }
    drop(store);
    Answer::json(
        ErrorCode::OK,
        &query_online_status::Response::ok(results, errors),
    )
}
