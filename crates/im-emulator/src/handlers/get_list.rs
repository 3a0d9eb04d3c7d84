//! `get_list`: an account's conversations, derived from the stores: its one-to-one
//! conversations (the time of the last message left in its history) and its groups (the last
//! message's time), less those it deleted and no message has revived. Pinned ones first (with
//! `AssistFlags` bit 0), each part newest first; a conversation without a last message (cleared,
//! a silent group, a pin never written to: the NoLastMsg rule) only with bit 1, `MsgTime` 0.
//! A page holds at most 100; the pinned ones are paged too with bit 2, else all on the first.
//! `TimeStamp`/`TopTimeStamp` 0 start a listing at the emulator's time, and a listing keeps to
//! the conversations whose last message is not newer, so pages do not shift while it runs.

use im_proto::recentcontact::get_list::{Request, Response, SessionItem};
use im_proto::{Api, ErrorCode};

use super::exists;
use crate::contacts::{AccountContacts, Conv};
use crate::exchange::{Answer, Route};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetList;

/// The most conversations of a page.
const PAGE: usize = 100;

/// A listed conversation: its last message's time (0: none), whether pinned.
struct Listed {
    conv: Conv,
    time: u64,
    pinned: bool,
}

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let me = request.from_account.as_str();
    if !exists(shared, me) {
        let info = format!("From_Account {me:?} is not imported");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_ACCOUNT_NOT_FOUND, info);
    }
    let cursors = [
        request.time_stamp,
        request.start_index,
        request.top_time_stamp,
        request.top_start_index,
    ];
    if let Some(bad) = cursors.iter().find(|&&c| c < 0) {
        let info = format!("the cursors are not negative: {bad}");
        return Answer::fail_for(API, ErrorCode::RECENTCONTACT_INVALID_PARAMETERS, info);
    }
    let flags = request.assist_flags;
    let now = shared.clock.now();
    let mut listed = conversations(shared, me, flags);
    listed.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.conv.cmp(&b.conv)));
    let (pinned, general): (Vec<Listed>, Vec<Listed>) = listed.into_iter().partition(|l| l.pinned);
    let top_ts = if request.top_time_stamp == 0 {
        now
    } else {
        request.top_time_stamp as u64
    };
    let ts = if request.time_stamp == 0 {
        now
    } else {
        request.time_stamp as u64
    };
    let pinned = since(pinned, top_ts);
    let general = since(general, ts);
    let top_limit = if flags & 4 != 0 { PAGE } else { usize::MAX };
    let top_start = (request.top_start_index as usize).min(pinned.len());
    let top_page = &pinned[top_start..pinned.len().min(top_start.saturating_add(top_limit))];
    let room = PAGE.saturating_sub(top_page.len());
    let start = (request.start_index as usize).min(general.len());
    let page = &general[start..general.len().min(start + room)];
    let complete =
        top_start + top_page.len() == pinned.len() && start + page.len() == general.len();
    let contacts = shared.contacts.lock();
    let mine = contacts.of(me);
    let items = top_page.iter().chain(page).map(|l| item(l, mine)).collect();
    drop(contacts);
    ok::<Response>(|r| {
        r.session_item = Some(items);
        r.complete_flag = Some(i64::from(complete));
        r.time_stamp = Some(ts as i64);
        r.start_index = Some((start + page.len()) as i64);
        r.top_time_stamp = Some(top_ts as i64);
        r.top_start_index = Some((top_start + top_page.len()) as i64);
    })
}

/// The conversations whose last message is not newer than `at`.
fn since(listed: Vec<Listed>, at: u64) -> Vec<Listed> {
    listed.into_iter().filter(|l| l.time <= at).collect()
}

/// Every conversation of `me` the flags ask for.
fn conversations(shared: &Shared, me: &str, flags: i64) -> Vec<Listed> {
    let mut found: Vec<(Conv, u64)> = {
        let store = shared.messages.lock();
        let last = store.last_times(me).into_iter();
        last.map(|(peer, t)| (Conv::C2c(peer.into()), t.unwrap_or(0)))
            .collect()
    };
    {
        let groups = shared.groups.lock();
        if let Some(id) = groups.account(me) {
            for &slot in groups.joined(id) {
                if let Some(g) = groups.at(slot) {
                    found.push((Conv::Group(g.id.clone()), u64::from(g.last_msg_time())));
                }
            }
        }
    }
    let contacts = shared.contacts.lock();
    let empty = AccountContacts::default();
    let mine = contacts.of(me).unwrap_or(&empty);
    for conv in mine.pins.keys() {
        if !found.iter().any(|(c, _)| c == conv) {
            found.push((conv.clone(), 0));
        }
    }
    let pins_on = flags & 1 != 0;
    let empties_on = flags & 2 != 0;
    found
        .into_iter()
        .map(|(conv, time)| {
            let cleared = mine.cleared.get(&conv).is_some_and(|&at| time <= at);
            let time = if cleared { 0 } else { time };
            let pinned = pins_on && mine.pins.contains_key(&conv);
            Listed { conv, time, pinned }
        })
        .filter(|l| mine.deleted.get(&l.conv).is_none_or(|&at| l.time > at))
        .filter(|l| empties_on || l.time != 0)
        .collect()
}

/// The answer's item of a listed conversation, with its marks and groups.
fn item(listed: &Listed, mine: Option<&AccountContacts>) -> SessionItem {
    let (kind, account, group) = listed.conv.parts();
    let mut item = SessionItem::new(kind, listed.time as i64, i64::from(listed.pinned));
    item.to_account = account;
    item.group_id = group;
    if let Some(mine) = mine {
        if let Some(mark) = mine.marks.get(&listed.conv) {
            item.standard_mark = mark.standard_text();
            item.custom_mark = (!mark.custom.is_empty()).then(|| mark.custom.to_string());
        }
        let ids = mine.group_ids(&listed.conv);
        item.contact_group_id = (!ids.is_empty()).then_some(ids);
    }
    item
}
