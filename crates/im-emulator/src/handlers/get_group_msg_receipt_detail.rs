//! `get_group_msg_receipt_detail`: the members who have read a message (`Filter` 0, `ReadList`)
//! or have not (`Filter` 1, `UnreadList`), in the order they joined, `Count` (1 to 200) at a
//! time: every member but the sender counts, read as get_group_msg_receipt says. `Cursor` is
//! where the next page starts in the member list ("" the first time); the last page answers
//! `IsFinish` 1 and `Cursor` "0" (the page's examples). Refusals: 10004 without `MsgSeq`, for a
//! `Filter` other than 0 or 1, a `Count` of 0 or over 200, or a cursor this emulator did not
//! give; 10062 for a message that does not exist or was not sent with `NeedReadReceipt` 1;
//! and as get_group_msg_receipt (10007, 10015, 10010).

use im_proto::group::get_group_msg_receipt_detail::{NonReader, Reader, Request, Response};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, receipt_message, receipts_in, refuse};
use crate::groups::{Group, Groups, Id};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GetGroupMsgReceiptDetail;

/// The most members one answer lists (`Count`'s maximum).
const MAX_COUNT: u32 = 200;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let (seq, read, start) = match arguments(&request) {
        Ok(arguments) => arguments,
        Err(answer) => return answer,
    };
    let groups = shared.groups.lock();
    let page = receipts_in(shared, API, &groups, &request.group_id)
        .and_then(|g| page(&groups, g, (seq, read), start, request.count));
    let (names, next) = match page {
        Ok(page) => page,
        Err(answer) => return answer,
    };
    ok::<Response>(|r| {
        r.msg_seq = Some(seq);
        r.is_finish = Some(u32::from(next.is_none()));
        r.cursor = Some(next.map_or_else(|| "0".to_owned(), |n| n.to_string()));
        if read {
            r.read_list = Some(names.iter().map(|n| Reader::new(n.as_str())).collect());
        } else {
            r.unread_list = Some(names.iter().map(|n| NonReader::new(n.as_str())).collect());
        }
    })
}

/// The message, whether readers are asked for, and where the page starts: 10004 for what the
/// request's rules refuse.
fn arguments(request: &Request) -> Result<(u32, bool, usize), Answer> {
    checked(API, request)?;
    let invalid = |info: String| refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info);
    let seq = request
        .msg_seq
        .ok_or_else(|| invalid("MsgSeq: the message is required".to_owned()))?;
    let read = match request.filter {
        0 => true,
        1 => false,
        n => {
            return Err(invalid(format!(
                "Filter {n} must be 0 (read) or 1 (unread)"
            )));
        }
    };
    if request.count == 0 || request.count > MAX_COUNT {
        let info = format!("Count {} must be 1 to {MAX_COUNT}", request.count);
        return Err(invalid(info));
    }
    let start = match request.cursor.as_str() {
        "" => 0,
        cursor => cursor
            .parse()
            .map_err(|_| invalid(format!("Cursor {cursor:?} is not one this service gave")))?,
    };
    Ok((seq, read, start))
}

/// Up to `count` members from `start` in the member list whose read state is `read`, and the
/// next page's start when more remain.
fn page(
    groups: &Groups,
    g: &Group,
    (seq, read): (u32, bool),
    start: usize,
    count: u32,
) -> Result<(Vec<String>, Option<usize>), Answer> {
    let message = receipt_message(API, g, seq)?;
    let states: Vec<(Id, bool)> = g.read_states(message).collect();
    let mut matching = states
        .iter()
        .enumerate()
        .skip(start)
        .filter(|(_, (_, state))| *state == read);
    let names: Vec<String> = matching
        .by_ref()
        .take(count as usize)
        .map(|(_, (id, _))| groups.name(*id).to_owned())
        .collect();
    let next = matching.next().map(|(i, _)| i);
    Ok((names, next))
}
