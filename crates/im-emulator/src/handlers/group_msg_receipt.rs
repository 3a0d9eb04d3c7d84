//! `group_msg_receipt`: the App admin sends `From_Account`'s read receipts for up to 50 messages
//! of a group (ZH 269/107478): each is counted read by that member from then on
//! (get_group_msg_receipt, get_group_msg_receipt_detail). A resend changes nothing; a receipt
//! for the member's own message is not counted (its sender is no reader). Checked whole before
//! anything is kept: 10004 for more than 50 messages, 10007 when `From_Account` is not a member
//! (and as get_group_msg_receipt: the edition, the group's type and size), 10062 for a message
//! that does not exist or was not sent with `NeedReadReceipt` 1, 10015/10010 for the group.
//!
//! Sends `Group.CallbackAfterReadReceipt` (page 1047/60395: an admin's REST receipt and a
//! client's acknowledgement trigger it) with the messages this receipt newly counted, each
//! with its `ReadNum` and `UnreadNum` after it (as get_group_msg_receipt counts them) and
//! `ReadReceiptMembers` the member whose receipt it is; nothing when none was newly counted
//! (a resend, or only the member's own messages).

use im_callback::MemberAccount;
use im_callback::group::{AfterReadReceipt, GroupType, MsgReceipt};
use im_proto::group::group_msg_receipt::{Request, Response};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, receipt_message, receipts_in, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GroupMsgReceipt;

pub(super) fn handle(shared: &Shared, request: Request, route: Route) -> Answer {
    match receipt(shared, &request) {
        Ok(event) => {
            if let Some(event) = event.filter(|_| shared.callbacks.enabled()) {
                shared.callbacks.after(event, route.origin());
            }
            ok::<Response>(|_| {})
        }
        Err(answer) => answer,
    }
}

/// Keeps the receipt; the callback event of the messages it newly counted, if any.
fn receipt(shared: &Shared, request: &Request) -> Result<Option<AfterReadReceipt>, Answer> {
    checked(API, request)?;
    let mut groups = shared.groups.lock();
    let g = receipts_in(shared, API, &groups, &request.group_id)?;
    let reader = groups
        .account(request.from_account.as_str())
        .filter(|&id| g.member(id).is_some());
    let Some(reader) = reader else {
        let info = format!(
            "From_Account {:?} is not a member of {:?}",
            request.from_account.as_str(),
            request.group_id
        );
        return Err(refuse(API, ErrorCode::GROUP_PERMISSION_DENIED, info));
    };
    for item in &request.msg_seq_list {
        receipt_message(API, g, item.msg_seq)?;
    }
    let g = groups.get_mut(&request.group_id).expect("found just above");
    let mut counted = Vec::new();
    for item in &request.msg_seq_list {
        let Some(message) = g.message_mut(item.msg_seq) else {
            continue;
        };
        if !message.counts_reader(reader) {
            continue;
        }
        let receipts = &mut message.extra_mut().receipts;
        if !receipts.contains(&reader) {
            receipts.push(reader);
            counted.push(item.msg_seq);
        }
    }
    if counted.is_empty() {
        return Ok(None);
    }
    let list = counted.into_iter().filter_map(|seq| {
        let at = g.messages.binary_search_by_key(&seq, |m| m.seq).ok()?;
        let message = &g.messages[at];
        let read = g.read_states(message).filter(|&(_, read)| read).count();
        let all = g.read_states(message).count();
        let mut item = MsgReceipt::default();
        item.msg_seq = u64::from(seq);
        let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
        item.read_num = Some(count(read));
        item.unread_num = Some(count(all - read));
        let member = request.from_account.as_str();
        item.read_receipt_members = Some(vec![MemberAccount::new(member)]);
        Some(item)
    });
    let mut event = AfterReadReceipt::default();
    event.group_id.clone_from(&request.group_id);
    event.group_type = Some(GroupType::from(g.kind.as_str()));
    event.group_msg_receipt_list = Some(list.collect());
    event.event_time = Some(shared.clock.now().saturating_mul(1000));
    Ok(Some(event))
}
