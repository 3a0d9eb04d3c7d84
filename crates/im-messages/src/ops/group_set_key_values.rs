//! Setting, deleting or clearing a group message's extension key/values.

use im_client::Error;
use im_proto::ErrorCode;
use im_proto::msgext::group_set_key_values::{KeyValue, Request};
use im_proto::msgext::set_key_values::Extension;

use super::set_key_values::{EXT_CLEAR, EXT_DELETE, EXT_SET, KeyValueOutcome, outcomes_by_key};
use crate::Client;

/// The longest key of a message extension, in bytes (the set pages' table).
pub const MAX_EXT_KEY_BYTES: usize = 100;
/// The longest value of a message extension, in bytes.
pub const MAX_EXT_VALUE_BYTES: usize = 1000;

impl Client {
    /// Sets (`OperateType` [`EXT_SET`]) or deletes ([`EXT_DELETE`]) up to 20 key/values of the
    /// message `msg_seq` of the group `group_id` (`group_set_key_values`): one outcome per
    /// requested key/value, in request order, matched to the answer by `Extension.Key` (as
    /// [`Client::set_key_values`]; 23001 a `Seq` conflict, the current key/value in
    /// `current`). Not resent after a lost answer (a resend moves the `Seq` again).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] before sending for another `OperateType`, zero or more than 20
    /// key/values, an empty key, a key over 100 bytes or a value over 1000; otherwise as
    /// [`call`](im_client::Client::call) (23002: the message was not sent with
    /// `SupportMessageExtension` 1; 23003: over 200 writes a minute on it; 23004: no such
    /// message).
    pub async fn group_set_key_values(
        &self,
        group_id: &str,
        msg_seq: u32,
        operate_type: u32,
        values: &[KeyValue],
    ) -> Result<Vec<KeyValueOutcome>, Error> {
        if operate_type != EXT_SET && operate_type != EXT_DELETE {
            return Err(Error::invalid(format!(
                "OperateType: {operate_type} is not 1 (set) or 2 (delete); clear with Client::group_clear_key_values"
            )));
        }
        check_values(values)?;
        let mut request = Request::new(group_id, msg_seq, operate_type);
        request.extension_list = Some(values.to_vec());
        let response = self.call(&request).await?;
        let results: Vec<(ErrorCode, Extension)> = response
            .extension_list
            .unwrap_or_default()
            .into_iter()
            .map(|r| {
                let e = r.extension;
                (r.error_code, Extension::new(e.key, e.value, e.seq))
            })
            .collect();
        Ok(outcomes_by_key(
            values.iter().map(|v| v.key.as_str()),
            &results,
        ))
    }

    /// Clears every key/value of the message `msg_seq` of the group `group_id`
    /// (`group_set_key_values`, `OperateType` [`EXT_CLEAR`]).
    ///
    /// # Errors
    ///
    /// As [`call`](im_client::Client::call).
    pub async fn group_clear_key_values(&self, group_id: &str, msg_seq: u32) -> Result<(), Error> {
        self.call(&Request::new(group_id, msg_seq, EXT_CLEAR))
            .await?;
        Ok(())
    }
}

/// The key/values' own rules: a key of 1 to 100 bytes, a value of at most 1000.
fn check_values(values: &[KeyValue]) -> Result<(), Error> {
    for value in values {
        if value.key.is_empty() || value.key.len() > MAX_EXT_KEY_BYTES {
            return Err(Error::invalid(format!(
                "ExtensionList: key {:?} must be 1 to {MAX_EXT_KEY_BYTES} bytes",
                value.key
            )));
        }
        if value.value.len() > MAX_EXT_VALUE_BYTES {
            return Err(Error::invalid(format!(
                "ExtensionList: the value of {:?} is {} bytes, more than {MAX_EXT_VALUE_BYTES}",
                value.key,
                value.value.len()
            )));
        }
    }
    Ok(())
}
