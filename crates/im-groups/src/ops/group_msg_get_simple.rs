//! `group_msg_get_simple`: a group's history, newest first, 20 messages a call, as a stream
//! that reads every stored message once.

use futures::{Stream, StreamExt, stream};
use im_client::Error;
use im_proto::group::group_msg_get_simple::{HistoryMsg, Request, Response};
use im_proto::group_types::{TOPIC_ID_INFIX, is_topic_of};

use crate::Client;

/// The most messages one call answers (`ReqMsgNumber`'s maximum).
pub const HISTORY_PAGE: u32 = 20;

/// Where a history read stands.
enum Step {
    /// The read was refused before sending (a topic of another group).
    Refused(Error),
    /// Ask for the messages from this `ReqMsgSeq` down (`None`: from the newest).
    From(Option<u32>),
    /// The first message came, or the page said nothing older remains.
    Done,
}

impl Client {
    /// The history of `group_id` a page at a time (`group_msg_get_simple`), newest first:
    /// from the newest message, each next page from `ReqMsgSeq` = the smallest `MsgSeq`
    /// received − 1, until the page says nothing older remains (`IsFinished` 1), the first
    /// message (`MsgSeq` 1) came, or a page is empty. `with_recalled` asks for recalled
    /// messages too (as placeholders, `IsPlaceMsg` 2).
    pub fn group_msg_get_simple(
        &self,
        group_id: &str,
        with_recalled: bool,
    ) -> impl Stream<Item = Result<Response, Error>> + Send + use<> {
        self.group_msg_get_simple_in(group_id, None, with_recalled)
    }

    /// [`Client::group_msg_get_simple`] in the topic `topic` of the community `group_id`
    /// (`TopicId`: the topic's own history), or the group's own history without one. A topic
    /// ID that is not one of `group_id`'s (its `GroupId`, `@TOPIC#_` and more) fails the
    /// stream's first item with [`Error::InvalidInput`] before anything is sent.
    pub fn group_msg_get_simple_in(
        &self,
        group_id: &str,
        topic: Option<&str>,
        with_recalled: bool,
    ) -> impl Stream<Item = Result<Response, Error>> + Send + use<> {
        let client = self.clone();
        let group_id = group_id.to_owned();
        let topic = topic.map(str::to_owned);
        let first = match check_topic(&group_id, topic.as_deref()) {
            Ok(()) => Step::From(None),
            Err(err) => Step::Refused(err),
        };
        stream::unfold(first, move |step| {
            let client = client.clone();
            let mut request = Request::new(group_id.clone(), HISTORY_PAGE);
            request.with_recalled_msg = with_recalled.then_some(true);
            request.topic_id.clone_from(&topic);
            async move {
                let seq = match step {
                    Step::From(seq) => seq,
                    Step::Refused(err) => return Some((Err(err), Step::Done)),
                    Step::Done => return None,
                };
                request.req_msg_seq = seq;
                match client.call(&request).await {
                    Ok(page) => {
                        let next = next_step(&page);
                        Some((Ok(page), next))
                    }
                    Err(err) => Some((Err(err), Step::Done)),
                }
            }
        })
    }

    /// The messages of `group_id`'s history, newest first, each once, read a page at a time
    /// by [`Client::group_msg_get_simple`].
    pub fn group_history(
        &self,
        group_id: &str,
        with_recalled: bool,
    ) -> impl Stream<Item = Result<HistoryMsg, Error>> + Send + use<> {
        self.group_history_in(group_id, None, with_recalled)
    }

    /// [`Client::group_history`] in the topic `topic` of the community `group_id`, or the
    /// group's own history without one ([`Client::group_msg_get_simple_in`]).
    pub fn group_history_in(
        &self,
        group_id: &str,
        topic: Option<&str>,
        with_recalled: bool,
    ) -> impl Stream<Item = Result<HistoryMsg, Error>> + Send + use<> {
        self.group_msg_get_simple_in(group_id, topic, with_recalled)
            .flat_map(|page| {
                let items: Vec<Result<HistoryMsg, Error>> = match page {
                    Ok(page) => page
                        .rsp_msg_list
                        .unwrap_or_default()
                        .into_iter()
                        .map(Ok)
                        .collect(),
                    Err(err) => vec![Err(err)],
                };
                stream::iter(items)
            })
    }
}

/// `topic`, when given, a topic ID of the community `group_id`.
pub(crate) fn check_topic(group_id: &str, topic: Option<&str>) -> Result<(), Error> {
    match topic {
        Some(topic) if !is_topic_of(topic, group_id) => Err(Error::invalid(format!(
            "TopicId {topic:?} is not a topic of {group_id:?} (a topic ID is its community's GroupId, {TOPIC_ID_INFIX:?} and more)"
        ))),
        _ => Ok(()),
    }
}

/// The page after `page`: from its smallest `MsgSeq` − 1, unless it was the last.
fn next_step(page: &Response) -> Step {
    if page.is_finished == Some(1) {
        return Step::Done;
    }
    let smallest = page.rsp_msg_list.iter().flatten().map(|m| m.msg_seq).min();
    match smallest {
        Some(seq) if seq > 1 => Step::From(Some(seq - 1)),
        _ => Step::Done,
    }
}
