//! `get_no_visibility`: the objects hidden from one search, a page at a time over the string
//! cursor, as a stream.

use futures::{Stream, StreamExt, stream};
use im_client::Error;
use im_proto::open_search::get_no_visibility::{HiddenObject, Request};

use crate::Client;
use crate::ops::{SearchKind, in_search_region};

/// The objects asked for a page (`Count`). The page states no maximum; this is the searches'
/// 100.
pub const HIDDEN_PAGE: i64 = 100;

impl Client {
    /// The objects hidden from `kind`'s search (`get_no_visibility`), one by one, read
    /// [`HIDDEN_PAGE`] a page: `Cursor` "" first, then each answer's, until `IsFinish` (or an
    /// empty cursor). A client of a region without cloud search yields that error alone and
    /// sends nothing.
    pub fn hidden(
        &self,
        kind: SearchKind,
    ) -> impl Stream<Item = Result<HiddenObject, Error>> + use<> {
        if let Err(err) = in_search_region(self) {
            return stream::iter(vec![Err(err)]).left_stream();
        }
        let mut first = Request::new(kind.set_type());
        first.count = Some(HIDDEN_PAGE);
        first.cursor = Some(String::new());
        let pages = self.pages(first).flat_map(|page| {
            let items: Vec<Result<HiddenObject, Error>> = match page {
                Ok(page) => page
                    .no_visible_data
                    .unwrap_or_default()
                    .into_iter()
                    .map(Ok)
                    .collect(),
                Err(err) => vec![Err(err)],
            };
            stream::iter(items)
        });
        pages.right_stream()
    }
}
