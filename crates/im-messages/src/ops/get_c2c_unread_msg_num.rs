//! Reading an account's one-to-one unread counts.

use im_client::results::{self, ItemResult};
use im_client::{Error, Failure};
use im_proto::openim::get_c2c_unread_msg_num::{ErrorItem, Request, Response, UnreadItem};
use im_proto::{Endpoint, UserId};

use crate::Client;

use super::{ItemOutcome, zip};

impl Client {
    /// The total one-to-one unread count of `account` (`get_c2c_unread_msg_num` without
    /// peers).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call); [`Error::Decode`] when the answer lacks
    /// `AllC2CUnreadMsgNum`.
    pub async fn unread_total(&self, account: &UserId) -> Result<i64, Error> {
        let response = self.call(&Request::new(account.clone())).await?;
        response.all_c2c_unread_msg_num.ok_or_else(|| {
            let why = "the answer has no AllC2CUnreadMsgNum";
            Error::Decode(im_client::DecodeError::finding(why, b""))
        })
    }

    /// The unread counts of `account`'s conversations with up to 10 `peers`
    /// (`get_c2c_unread_msg_num`): one outcome per peer, in request order (a peer in
    /// `ErrorList` failed with its code, 70107 for an account that does not exist).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 10 peers; otherwise as
    /// [`call`](im_client::Client::call).
    pub async fn get_c2c_unread_msg_num(
        &self,
        account: &UserId,
        peers: &[UserId],
    ) -> Result<Vec<ItemOutcome<i64>>, Error> {
        let mut request = Request::new(account.clone());
        request.peer_account = Some(peers.to_vec());
        let response = self.call(&request).await?;
        Ok(zip(peers, map_unread(peers, &response)))
    }
}

/// One count per peer from `C2CUnreadMsgNumList`, then `ErrorList`'s failures; a peer in
/// neither is [`Failure::NoResult`].
fn map_unread(peers: &[UserId], response: &Response) -> Vec<Result<i64, Failure>> {
    fn read(r: &UnreadItem) -> ItemResult<'_> {
        ItemResult::new(&r.peer_account)
    }
    fn failed(e: &ErrorItem) -> ItemResult<'_> {
        ItemResult::new(&e.peer_account).with_code(e.error_code, "")
    }
    let keys = || peers.iter().map(UserId::as_str);
    let counts = response
        .c2c_unread_msg_num_list
        .as_deref()
        .unwrap_or_default();
    let mapping = results::declared(&Request::METADATA);
    let mut mapped = results::map_with(mapping, keys(), counts, read, |found| {
        found.map(|r| r.c2c_unread_msg_num).ok_or(Failure::NoResult)
    });
    let errors = response.error_list.as_deref().unwrap_or_default();
    results::fill_failures(&mut mapped, keys(), errors, failed);
    mapped
}

#[cfg(test)]
mod tests {
    use im_proto::ErrorCode;

    use super::*;

    #[test]
    fn each_peer_gets_its_count_or_its_error() {
        let peers: Vec<UserId> = ["a", "b", "c"].map(|n| UserId::new(n).unwrap()).into();
        let mut response = Response::default();
        response.c2c_unread_msg_num_list = Some(vec![UnreadItem::new("a", 3)]);
        response.error_list = Some(vec![ErrorItem::new("b", ErrorCode::ACCOUNT_NOT_FOUND)]);
        let out = map_unread(&peers, &response);
        assert_eq!(out[0].as_ref().ok(), Some(&3));
        assert_eq!(
            out[1].as_ref().unwrap_err().code(),
            Some(ErrorCode::ACCOUNT_NOT_FOUND)
        );
        assert!(matches!(out[2], Err(Failure::NoResult)));
    }
}
