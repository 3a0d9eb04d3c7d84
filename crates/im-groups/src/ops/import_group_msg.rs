//! `import_group_msg`: a group's history brought over, 7 messages a call, in increasing time,
//! each later than the group's creation and its newest message (the page's rules, checked
//! before anything is sent).

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use im_client::results::{self, ItemResult};
use im_client::{Error, Failure, InvalidInput};
use im_proto::Endpoint;
use im_proto::group::get_group_info::{self, ResponseFilter};
use im_proto::group::import_group_msg::{ImportMsg, ImportMsgResult, Request};

use super::send_group_msg::nonzero_random;
use super::{ItemOutcome, coded, zip};
use crate::Client;

/// The most messages one `import_group_msg` call carries (the declared `MsgList` maximum).
pub const IMPORT_MSG_CHUNK: usize = 7;

/// The times a group's imported messages must come after.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportTimes {
    /// The group's `CreateTime`, Unix seconds.
    pub create_time: i64,
    /// The group's newest message's time (`LastMsgTime`), Unix seconds; 0 without messages.
    pub last_msg_time: i64,
    /// Now, Unix seconds.
    pub now: i64,
}

impl ImportTimes {
    /// Checks `messages` against the page's rules: each `SendTime` after the group's creation,
    /// after its newest message, after the message before it (increasing time), and before
    /// now.
    ///
    /// # Errors
    ///
    /// [`InvalidInput::Other`] naming the first message that breaks a rule (its index and
    /// `SendTime`) and the rule.
    pub fn check(&self, messages: &[ImportMsg]) -> Result<(), InvalidInput> {
        let mut previous: Option<i64> = None;
        for (i, msg) in messages.iter().enumerate() {
            let at = msg.send_time;
            let broken = if at <= self.create_time {
                Some(format!(
                    "not after the group's creation ({})",
                    self.create_time
                ))
            } else if at <= self.last_msg_time {
                Some(format!(
                    "not after the group's newest message ({})",
                    self.last_msg_time
                ))
            } else if let Some(before) = previous.filter(|&p| at <= p) {
                Some(format!(
                    "not after the message before it ({before}): messages go in increasing time"
                ))
            } else if at >= self.now {
                Some(format!("not before now ({})", self.now))
            } else {
                None
            };
            if let Some(why) = broken {
                return Err(InvalidInput::Other(format!(
                    "import_group_msg: message {i} (SendTime {at}) is {why}; each message's time \
                     must be later than the group's creation, its newest message and the \
                     message before it, and earlier than now"
                )));
            }
            previous = Some(at);
        }
        Ok(())
    }
}

impl Client {
    /// Imports up to 7 messages into a group (`import_group_msg`), stored with the next
    /// `MsgSeq`s and not delivered: one outcome per message (its index in decimal), its
    /// `MsgSeq` or its own failure. The request is sent as it is: see
    /// [`Client::import_group_msgs`] for the checks and chunking.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for zero or more than 7 messages; otherwise as
    /// [`call`](im_client::Client::call) (10007 for an AVChatRoom).
    pub async fn import_group_msg(
        &self,
        request: &Request,
    ) -> Result<Vec<ItemOutcome<u32>>, Error> {
        let response = self.call(request).await?;
        let items = response.import_msg_result.as_deref().unwrap_or_default();
        let read = coded(|r: &ImportMsgResult| ItemResult::new("").with_code(r.result, ""));
        let keys = (0..request.msg_list.len()).map(|_| "");
        let mapped = results::map_with(
            results::declared(&Request::METADATA),
            keys,
            items,
            read,
            |r| r.map(|r| r.msg_seq).ok_or(Failure::NoResult),
        );
        Ok(zip(
            (0..request.msg_list.len()).map(|i| i.to_string()),
            mapped,
        ))
    }

    /// Imports any number of messages into `group_id`, in chunks of [`IMPORT_MSG_CHUNK`],
    /// one after the other: one outcome per message (its index in `messages`), its `MsgSeq` or
    /// its failure. The group's `CreateTime` and `LastMsgTime` are read first and every
    /// message checked ([`ImportTimes::check`]) before anything is sent; each message
    /// without a `Random` gets one, so that a resend after a lost answer (the very same
    /// request, within the 300 s the declaration gives) is deduplicated.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the first message that breaks a time rule (nothing is
    /// sent); the error of the group's profile read. A chunk whose call fails fails each of
    /// its messages (in the outcomes), and the next chunks still go.
    pub async fn import_group_msgs(
        &self,
        group_id: &str,
        mut messages: Vec<ImportMsg>,
    ) -> Result<Vec<ItemOutcome<u32>>, Error> {
        let times = self.import_times(group_id).await?;
        times.check(&messages).map_err(Error::InvalidInput)?;
        for msg in &mut messages {
            msg.random.get_or_insert_with(nonzero_random);
        }
        let mut out = Vec::with_capacity(messages.len());
        let mut at = 0;
        for chunk in messages.chunks(IMPORT_MSG_CHUNK) {
            let request = Request::new(group_id, chunk.to_vec());
            let outcomes = match self.import_group_msg(&request).await {
                Ok(outcomes) => outcomes.into_iter().map(|o| o.result).collect(),
                Err(err) => {
                    let failure = Failure::Request(Arc::new(err));
                    chunk.iter().map(|_| Err(failure.clone())).collect()
                }
            };
            out.extend(zip((at..at + chunk.len()).map(|i| i.to_string()), outcomes));
            at += chunk.len();
        }
        Ok(out)
    }

    /// The group's creation and newest message times, and now.
    async fn import_times(&self, group_id: &str) -> Result<ImportTimes, Error> {
        let mut request = get_group_info::Request::new(vec![group_id.to_owned()]);
        let mut filter = ResponseFilter::new();
        filter.group_base_info_filter = Some(vec!["CreateTime".into(), "LastMsgTime".into()]);
        request.response_filter = Some(filter);
        let info = self.get_group_info(&request).await?.into_iter().next();
        let info = match info.map(|o| o.result) {
            Some(Ok(info)) => info,
            Some(Err(failure)) => return Err(failed_read(group_id, failure)),
            None => return Err(failed_read(group_id, Failure::NoResult)),
        };
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        Ok(ImportTimes {
            create_time: info.create_time.unwrap_or(0),
            last_msg_time: info.last_msg_time.unwrap_or(0),
            now,
        })
    }
}

/// The group's profile could not be read for its import times.
fn failed_read(group_id: &str, failure: Failure) -> Error {
    match failure {
        Failure::Request(err) => match Arc::try_unwrap(err) {
            Ok(err) => err,
            Err(err) => Error::invalid(format!("group {group_id}: {err}")),
        },
        Failure::Service { code, info } => Error::Api(im_proto::ApiError::new(code, info)),
        other => Error::invalid(format!(
            "group {group_id}: its creation and newest message times could not be read: {other}"
        )),
    }
}
