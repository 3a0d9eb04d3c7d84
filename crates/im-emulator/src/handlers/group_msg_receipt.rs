//! `group_msg_receipt`: the App admin sends `From_Account`'s read receipts for up to 50 messages
//! of a group (ZH 269/107478): each is counted read by that member from then on
//! (get_group_msg_receipt, get_group_msg_receipt_detail). A resend changes nothing; a receipt
//! for the member's own message is not counted (its sender is no reader). Checked whole before
//! anything is kept: 10004 for more than 50 messages, 10007 when `From_Account` is not a member
//! (and as get_group_msg_receipt: the edition, the group's type and size), 10062 for a message
//! that does not exist or was not sent with `NeedReadReceipt` 1, 10015/10010 for the group.

use im_proto::group::group_msg_receipt::{Request, Response};
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{checked, receipt_message, receipts_in, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::GroupMsgReceipt;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    match receipt(shared, &request) {
        Ok(()) => ok::<Response>(|_| {}),
        Err(answer) => answer,
    }
}

fn receipt(shared: &Shared, request: &Request) -> Result<(), Answer> {
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
        }
    }
    Ok(())
}
