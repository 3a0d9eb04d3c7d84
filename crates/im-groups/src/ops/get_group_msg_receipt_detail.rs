//! `get_group_msg_receipt_detail`: the members who have (or have not) read a message, a page
//! at a time, as a stream over the declared `Cursor`.

use futures::{Stream, StreamExt, stream};
use im_client::Error;
use im_client::pages::Pages;
use im_proto::group::get_group_msg_receipt_detail::Request;

use crate::Client;

/// The most members a page asks for (`Count`'s maximum).
pub const RECEIPT_PAGE: u32 = 200;

/// Which members a receipt detail lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReadFilter {
    /// Those who have read the message (`Filter` 0, `ReadList`).
    Read,
    /// Those who have not (`Filter` 1, `UnreadList`).
    Unread,
}

impl ReadFilter {
    /// The `Filter` value.
    pub fn code(self) -> u32 {
        match self {
            ReadFilter::Read => 0,
            ReadFilter::Unread => 1,
        }
    }
}

impl Client {
    /// The pages of the members of `group_id` who have read (or not) its message `seq`
    /// (`get_group_msg_receipt_detail`): from `Cursor` "", `count` members a page, each next
    /// page at the answer's `Cursor`, until an answer says it is finished (`IsFinish` 1).
    ///
    /// # Errors
    ///
    /// Each page as [`call`](im_client::Client::call); a `count` of 0 or over
    /// [`RECEIPT_PAGE`] fails the first page with [`Error::InvalidInput`] before sending.
    pub fn get_group_msg_receipt_detail(
        &self,
        group_id: &str,
        seq: u32,
        filter: ReadFilter,
        count: u32,
    ) -> Pages<Request> {
        let mut request = Request::new(group_id, filter.code(), "", RECEIPT_PAGE);
        request.msg_seq = Some(seq);
        self.pages(request).with_page_size(u64::from(count))
    }

    /// The accounts of the members of `group_id` who have read (or not) its message `seq`,
    /// one by one, read [`RECEIPT_PAGE`] at a time by
    /// [`Client::get_group_msg_receipt_detail`].
    pub fn group_msg_readers(
        &self,
        group_id: &str,
        seq: u32,
        filter: ReadFilter,
    ) -> impl Stream<Item = Result<String, Error>> + use<> {
        self.get_group_msg_receipt_detail(group_id, seq, filter, RECEIPT_PAGE)
            .flat_map(move |page| {
                let items: Vec<Result<String, Error>> = match page {
                    Ok(page) => {
                        let read = page.read_list.unwrap_or_default().into_iter();
                        let unread = page.unread_list.unwrap_or_default().into_iter();
                        read.map(|m| Ok(m.read_account))
                            .chain(unread.map(|m| Ok(m.unread_account)))
                            .collect()
                    }
                    Err(err) => vec![Err(err)],
                };
                stream::iter(items)
            })
    }
}
