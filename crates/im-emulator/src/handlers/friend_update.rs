//! `friend_update`: sets the remark (`Tag_SNS_IM_Remark`), the friend lists (`Tag_SNS_IM_Group`,
//! replacing them; a new name creates the list) and custom fields (`Tag_SNS_Custom_*`) of
//! existing friends. Any other tag, or a value of the wrong type, fails the whole call with
//! 30001 ("Invalid field: ..."); per item: 30001 for one that is not a friend, 30011 for a
//! 33rd list.

use im_proto::sns::friend_update::{Request, Response, ResultItem, SnsItem};
use im_proto::{Api, ErrorCode, SnsValue, TAG_GROUP, TAG_REMARK, check_custom_sns_tag};

use crate::exchange::{Answer, Route};
use crate::relation_calls::{failed, from_account, ok};
use crate::relations::{Id, Relations};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let api = Api::FriendUpdate;
    if let Some(bad) = request
        .update_item
        .iter()
        .flat_map(|item| &item.sns_item)
        .find(|s| !valid(s))
    {
        let info = format!(
            "Invalid field: {}. You may not configure custom fields in the console or use the wrong fields",
            bad.tag
        );
        return Answer::fail_for(api, ErrorCode::SNS_INVALID_PARAMETERS, info);
    }
    let store = shared.store.read();
    let mut relations = shared.relations.write();
    let from = match from_account(api, &store, &mut relations, &request.from_account) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let items: Vec<ResultItem> = request
        .update_item
        .into_iter()
        .map(|item| {
            let to = item.to_account.to_string();
            let (code, info) = update_one(&mut relations, from, &to, item.sns_item);
            ResultItem::new(to, code, info)
        })
        .collect();
    let fail = failed(items.iter().map(|i| (i.to_account.as_str(), i.result_code)));
    ok::<Response>(|r| {
        r.result_item = Some(items);
        r.fail_account = fail;
    })
}

/// Whether `item` is a field friend_update can set, with a value of its type.
fn valid(item: &SnsItem) -> bool {
    match (item.tag.as_str(), &item.value) {
        (TAG_REMARK, SnsValue::Str(_)) | (TAG_GROUP, SnsValue::List(_)) => true,
        (tag, SnsValue::Str(_) | SnsValue::Int(_)) => check_custom_sns_tag(tag).is_ok(),
        _ => false,
    }
}

fn update_one(
    relations: &mut Relations,
    from: Id,
    to: &str,
    fields: Vec<SnsItem>,
) -> (ErrorCode, &'static str) {
    let Some(to) = relations.id(to).filter(|&id| relations.is_friend(from, id)) else {
        return (
            ErrorCode::SNS_INVALID_PARAMETERS,
            "Err_SNS_FriendUpdate_Friend_Not_Exist",
        );
    };
    for field in fields {
        match (field.tag.as_str(), field.value) {
            (TAG_GROUP, SnsValue::List(names)) => {
                let mut bits = 0;
                for name in names {
                    let Some(i) = relations.list_index(from, &name) else {
                        return (
                            ErrorCode::FRIEND_GROUP_LIMIT,
                            "Err_SNS_FriendUpdate_Group_Num_Exceed_Threshold",
                        );
                    };
                    bits |= 1 << i;
                }
                if let Some(f) = relations.friend_mut(from, to) {
                    f.lists = bits;
                }
            }
            (TAG_REMARK, SnsValue::Str(remark)) => {
                if let Some(f) = relations.friend_mut(from, to) {
                    f.data.get_or_insert_default().remark = remark;
                }
            }
            (tag, value) => {
                if let Some(f) = relations.friend_mut(from, to) {
                    let custom = &mut f.data.get_or_insert_default().custom;
                    match custom.iter_mut().find(|(t, _)| t == tag) {
                        Some(slot) => slot.1 = value,
                        None => custom.push((tag.to_owned(), value)),
                    }
                }
                relations.owner_mut(from).custom_seq += 1;
            }
        }
    }
    relations.owner_mut(from).standard_seq += 1;
    (ErrorCode::OK, "")
}
