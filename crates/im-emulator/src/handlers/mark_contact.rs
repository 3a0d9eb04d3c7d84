//! `mark_contact`: changes the marks of `From_Account`'s conversations, each item with its own
//! result: `OptType` 1 sets `SetMark` and clears `ClearMark` (standard mark bits 0 to 63), 2
//! replaces the custom mark (`CustomMark`, empty removes it), 3 both. An item naming no
//! conversation, another `OptType` or a bit past 63 gets 50002; the 1001st marked conversation
//! 51008. At most 100 items a call (50002 for the call).

use im_proto::recentcontact::mark_contact::{
    MarkItem, Request, Response, ResultContact, ResultItem,
};
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::contacts::{AccountContacts, Conv};
use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::MarkContact;

/// The most items of a call.
const MAX_ITEMS: usize = 100;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let me = request.from_account.as_str();
    if !exists(shared, me) {
        let info = format!("From_Account {me:?} is not imported");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_ACCOUNT_NOT_FOUND, info);
    }
    let n = request.mark_item.len();
    if n > MAX_ITEMS {
        let info = format!("MarkItem holds {n} items, more than {MAX_ITEMS}");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info);
    }
    let now = shared.clock.now();
    let mut contacts = shared.contacts.lock();
    let mine = contacts.of_mut(me);
    let results: Vec<ResultItem> = request
        .mark_item
        .iter()
        .map(|item| apply(mine, item, now))
        .collect();
    drop(contacts);
    ok::<Response>(|r| r.result_item = Some(results))
}

/// The standard mark bits of `list` (each 0 to 63).
fn bits(list: Option<&[i64]>) -> Result<u64, String> {
    let mut bits = 0u64;
    for &bit in list.unwrap_or(&[]) {
        let Ok(bit @ 0..=63) = u32::try_from(bit) else {
            return Err(format!("mark bit {bit} is not 0 to 63"));
        };
        bits |= 1 << bit;
    }
    Ok(bits)
}

/// Applies one item; its result.
fn apply(mine: &mut AccountContacts, item: &MarkItem, now: u64) -> ResultItem {
    let c = &item.contact_item;
    let mut contact = ResultContact::new(c.type_);
    contact.to_account = c.to_account.clone();
    contact.to_group_id = c.to_group_id.clone();
    let invalid = |info: String| (ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info);
    let outcome = (|| {
        let conv = Conv::of(c.type_, c.to_account.as_deref(), c.to_group_id.as_deref())
            .map_err(invalid)?;
        let (standard, custom) = match item.opt_type {
            1 => (true, false),
            2 => (false, true),
            3 => (true, true),
            other => return Err(invalid(format!("OptType {other} is not 1, 2 or 3"))),
        };
        let set = bits(item.set_mark.as_deref()).map_err(invalid)?;
        let clear = bits(item.clear_mark.as_deref()).map_err(invalid)?;
        let text = item.custom_mark.clone().unwrap_or_default();
        let done = mine.mark(&conv, now, |mark| {
            if standard {
                mark.standard = (mark.standard | set) & !clear;
            }
            if custom {
                mark.custom = text.into();
            }
        });
        if done {
            Ok(())
        } else {
            let info = "1000 conversations are marked already".to_owned();
            Err((ErrorCode::RECENTCONTACT_TOO_MANY_CONVERSATIONS, info))
        }
    })();
    let (code, info) = outcome.map_or_else(|e| e, |()| (ErrorCode::OK, String::new()));
    let mut result = ResultItem::new(item.opt_type, contact, code);
    result.result_info = Some(info);
    result
}
