//! `group_msg_get_simple`: a group's history, newest first, 20 messages a call, as a stream
//! that reads every stored message once.

use futures::{Stream, StreamExt, stream};
use im_client::Error;
use im_proto::group::group_msg_get_simple::{HistoryMsg, Request, Response};

use crate::Client;

/// The most messages one call answers (`ReqMsgNumber`'s maximum).
pub const HISTORY_PAGE: u32 = 20;

/// Where a history read stands.
enum Step {
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
        let client = self.clone();
        let group_id = group_id.to_owned();
        stream::unfold(Step::From(None), move |step| {
            let client = client.clone();
            let mut request = Request::new(group_id.clone(), HISTORY_PAGE);
            request.with_recalled_msg = with_recalled.then_some(true);
            async move {
                let Step::From(seq) = step else {
                    return None;
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
        self.group_msg_get_simple(group_id, with_recalled)
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
