//! Setting, deleting or clearing a one-to-one message's extension key/values.

use im_client::{Error, Failure};
use im_proto::message::MsgKey;
use im_proto::msgext::set_key_values::{Extension, ExtensionResult, KeyValue, Request, Response};
use im_proto::{ErrorCode, UserId};

use crate::Client;

/// `OperateType` 1: set the key/values.
pub const EXT_SET: u32 = 1;
/// `OperateType` 2: delete the key/values.
pub const EXT_DELETE: u32 = 2;
/// `OperateType` 3: clear every key/value of the message.
pub const EXT_CLEAR: u32 = 3;

/// One requested key/value's outcome: the key, and the key/value as it now is or why not.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct KeyValueOutcome {
    /// The requested key.
    pub key: String,
    /// The key/value as the service now holds it, or the failure (23001: a `Seq` conflict,
    /// its current value in `current`).
    pub result: Result<Extension, Failure>,
    /// The key/value the answer gave with a failure (the current one after a conflict).
    pub current: Option<Extension>,
}

impl Client {
    /// Sets (`OperateType` [`EXT_SET`]) or deletes ([`EXT_DELETE`]) up to 20 key/values of the
    /// message `key` sent to `to` (`set_key_values`); one outcome per requested key/value, in
    /// request order, matched to the answer by `Extension.Key` (the page states no order for
    /// the answer, and its example answers fewer results than key/values were asked): a key
    /// the answer does not name is [`Failure::NoResult`]. Not resent after a lost answer (a
    /// resend moves the `Seq` again).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for another `OperateType`, zero or more than 20 key/values;
    /// otherwise as [`call`](im_client::Client::call).
    pub async fn set_key_values(
        &self,
        from: Option<&UserId>,
        to: &UserId,
        key: &MsgKey,
        operate_type: u32,
        values: &[KeyValue],
    ) -> Result<Vec<KeyValueOutcome>, Error> {
        if operate_type != EXT_SET && operate_type != EXT_DELETE {
            return Err(Error::invalid(format!(
                "OperateType: {operate_type} is not 1 (set) or 2 (delete); clear with Client::clear_key_values"
            )));
        }
        let mut request = Request::new(to.clone(), key.as_str(), operate_type);
        request.from_account = from.cloned();
        request.extension_list = Some(values.to_vec());
        let response = self.call(&request).await?;
        Ok(map_by_key(values, &response))
    }

    /// Clears every key/value of the message `key` sent to `to` (`set_key_values`,
    /// `OperateType` [`EXT_CLEAR`]).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn clear_key_values(
        &self,
        from: Option<&UserId>,
        to: &UserId,
        key: &MsgKey,
    ) -> Result<(), Error> {
        let mut request = Request::new(to.clone(), key.as_str(), EXT_CLEAR);
        request.from_account = from.cloned();
        self.call(&request).await?;
        Ok(())
    }
}

/// Each requested key/value's result, found by `Extension.Key`.
fn map_by_key(values: &[KeyValue], response: &Response) -> Vec<KeyValueOutcome> {
    let results: Vec<(ErrorCode, Extension)> = response
        .extension_list
        .iter()
        .flatten()
        .map(|r: &ExtensionResult| (r.error_code, r.extension.clone()))
        .collect();
    outcomes_by_key(values.iter().map(|v| v.key.as_str()), &results)
}

/// One outcome per requested key, in request order, from an answer's results (a code and the
/// key/value as it now is), found by key: a key no result names is [`Failure::NoResult`]
/// (one-to-one and group messages alike).
pub(crate) fn outcomes_by_key<'a>(
    keys: impl Iterator<Item = &'a str>,
    results: &[(ErrorCode, Extension)],
) -> Vec<KeyValueOutcome> {
    keys.map(|key| {
        let found = results.iter().find(|(_, e)| e.key == key);
        let (result, current) = match found {
            None => (Err(Failure::NoResult), None),
            Some((code, e)) if *code == ErrorCode::OK => (Ok(e.clone()), None),
            Some((code, e)) => (Err(Failure::service(*code, "")), Some(e.clone())),
        };
        KeyValueOutcome {
            key: key.to_owned(),
            result,
            current,
        }
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's example: three key/values asked, two results, not in request order.
    #[test]
    fn results_are_matched_by_key_not_position() {
        let asked = [
            KeyValue::new("k1", "v1"),
            KeyValue::new("k2", "v2"),
            KeyValue::new("k3", "v3"),
        ];
        let mut response = Response::default();
        response.extension_list = Some(vec![
            ExtensionResult::new(ErrorCode::new(23001), Extension::new("k2", "v1234", 2)),
            ExtensionResult::new(ErrorCode::OK, Extension::new("k1", "v1", 1)),
        ]);
        let out = map_by_key(&asked, &response);
        assert_eq!(out[0].result.as_ref().unwrap().seq, 1);
        assert_eq!(
            out[1].result.as_ref().unwrap_err().code(),
            Some(ErrorCode::new(23001))
        );
        assert_eq!(out[1].current.as_ref().unwrap().value, "v1234");
        assert!(matches!(out[2].result, Err(Failure::NoResult)));
    }
}
