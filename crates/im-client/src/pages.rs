//! Paged reads as a [`Stream`]: [`Client::pages`] sends the first request of any API whose
//! declaration has [`Pagination`](im_proto::Pagination), then the next requests the declared
//! [rules](PageRules) build from each answer, until the declaration says the last page came.
//!
//! Each next request is the previous one in JSON with its cursor (or offset) set to the
//! answer's value with its declared type: an integer cursor is copied as the `u64` it is (exact
//! beyond 2^53), a string as a string. A cursor that does not move is an error naming it,
//! never a loop. [`Pages::with_page_size`] sets the declared page-size field (refused above its
//! declared maximum, before anything is sent); [`Pages::cursor`] gives a serialisable position
//! after each page, and [`Client::pages_from`] resumes from it.

mod rules;

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;
use im_proto::Endpoint;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use rules::{PageError, PageRules, PageStep, check_start, next_page};

use crate::error::DecodeError;
use crate::{Client, Error};

/// Where a paged read stands: the page fields (cursors, offset) of the next request, or the
/// end. Serialisable (serde), to be saved and given to [`Client::pages_from`] later.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageCursor {
    /// The API's path, `service/command`: a cursor resumes only the read it came from.
    api: String,
    /// The page fields of the next request, as sent.
    fields: Map<String, Value>,
    /// Whether the last page came.
    done: bool,
}

impl PageCursor {
    /// Whether the last page came (resuming from here sends nothing).
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The page fields of the next request (`{"Next": 12884901888}`, `{"Offset": 200}`).
    pub fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }
}

type Sending<E> =
    Pin<Box<dyn Future<Output = Result<<E as Endpoint>::Response, Error>> + Send + 'static>>;

enum State<E: Endpoint> {
    /// The next request is ready to be sent.
    Ready,
    /// The request of a page is on its way.
    Sending(Sending<E>),
    /// An error to yield, then the end.
    Failed(Error),
    /// No more pages.
    Done,
}

/// The pages of a paged read, a [`Stream`] of responses; see [`Client::pages`].
pub struct Pages<E: Endpoint> {
    client: Client,
    /// The declared rules (none for an API without pages: refused before sending).
    rules: Option<PageRules>,
    /// The request of the next page.
    request: Map<String, Value>,
    state: State<E>,
    done: bool,
    marker: PhantomData<fn() -> E>,
}

impl Client {
    /// Every page of a paged read, from `first`: a [`Stream`] of the responses, each page
    /// sent as [`Client::call`] sends (validation, limits, retries).
    ///
    /// The stream yields an error and ends when a page fails; when the answer cannot be
    /// followed (a cursor that did not move, a cursor of the wrong type), it yields the page,
    /// then the error ([`Error::Decode`] naming the cursor), then ends. An API whose
    /// declaration has no pages yields [`Error::InvalidInput`] and sends nothing.
    pub fn pages<E: Endpoint>(&self, first: E) -> Pages<E> {
        Pages::new(self.clone(), first, None)
    }

    /// [`Client::pages`] resumed at `cursor` (from [`Pages::cursor`] of the same read): the
    /// first request with the cursor's page fields, so only the remaining pages are sent.
    /// A cursor of another API is [`Error::InvalidInput`]; a finished one sends nothing.
    pub fn pages_from<E: Endpoint>(&self, first: E, cursor: PageCursor) -> Pages<E> {
        Pages::new(self.clone(), first, Some(cursor))
    }
}

impl<E: Endpoint> Pages<E> {
    fn new(client: Client, first: E, resume: Option<PageCursor>) -> Self {
        let meta = E::METADATA;
        let mut pages = Pages {
            client,
            rules: meta.pagination.map(PageRules::from),
            request: Map::new(),
            state: State::Ready,
            done: false,
            marker: PhantomData,
        };
        if let Err(err) = pages.start(first, resume) {
            pages.state = State::Failed(err);
        }
        pages
    }

    fn start(&mut self, first: E, resume: Option<PageCursor>) -> Result<(), Error> {
        let meta = E::METADATA;
        let path = format!("{}/{}", meta.service, meta.command);
        if meta.pagination.is_none() {
            return Err(Error::invalid(format!(
                "{path} declares no pages (its answer comes in one call): send it with Client::call"
            )));
        }
        self.request = match serde_json::to_value(&first) {
            Ok(Value::Object(map)) => map,
            Ok(other) => {
                return Err(Error::invalid(format!(
                    "{path}: the request is {other}, not a JSON object: cannot page it"
                )));
            }
            Err(err) => return Err(Error::invalid(format!("cannot encode the request: {err}"))),
        };
        if let Some(cursor) = resume {
            if cursor.api != path {
                return Err(Error::invalid(format!(
                    "the page cursor is of {}, not of {path}: it resumes only the read it came from",
                    cursor.api
                )));
            }
            if cursor.done {
                self.done = true;
                self.state = State::Done;
            }
            self.request.extend(cursor.fields);
        }
        let rules = self
            .rules
            .as_ref()
            .ok_or_else(|| Error::invalid("no pages declared"))?;
        check_start(rules, &self.request).map_err(|err| Error::invalid(format!("{path}: {err}")))
    }

    /// Asks for pages of `size` items: sets the declared page-size field (`Limit`) of every
    /// request. A size of 0 or above the declared maximum, or an API that declares no page
    /// size, makes the stream yield [`Error::InvalidInput`] before anything is sent.
    #[must_use]
    pub fn with_page_size(mut self, size: u64) -> Self {
        if matches!(self.state, State::Failed(_)) {
            return self;
        }
        let meta = E::METADATA;
        let refusal = match self.rules.and_then(|rules| rules.limit()) {
            None => format!(
                "{}/{} declares no page size: with_page_size({size}) cannot apply",
                meta.service, meta.command
            ),
            Some((field, max)) if size == 0 || size > max => format!(
                "page size {size} ({field}) is not within 1..={max}, the maximum {}/{} declares",
                meta.service, meta.command
            ),
            Some((field, _)) => {
                self.request.insert(field.to_owned(), Value::from(size));
                return self;
            }
        };
        self.state = State::Failed(Error::invalid(refusal));
        self
    }

    /// Where the read stands: before the first page, the first request's page fields; after
    /// each page, the next page's (or the end). Give it to [`Client::pages_from`] to resume.
    pub fn cursor(&self) -> PageCursor {
        let meta = E::METADATA;
        let fields = self
            .rules
            .iter()
            .flat_map(PageRules::position_fields)
            .filter_map(|f| Some((f.to_owned(), self.request.get(f)?.clone())))
            .collect();
        PageCursor {
            api: format!("{}/{}", meta.service, meta.command),
            fields,
            done: self.done,
        }
    }

    /// The typed request of the next page, checked to carry every page field set in JSON
    /// (a request type without the declared field would silently drop it).
    fn typed_request(&self) -> Result<E, Error> {
        let value = Value::Object(self.request.clone());
        let request: E = serde_json::from_value(value)
            .map_err(|e| Error::invalid(format!("the next page's request does not decode: {e}")))?;
        let back = serde_json::to_value(&request)
            .map_err(|e| Error::invalid(format!("cannot encode the request: {e}")))?;
        let Some(rules) = &self.rules else {
            return Ok(request);
        };
        let limit = rules.limit().map(|(field, _)| field);
        for field in rules.position_fields().chain(limit) {
            if back.get(field) != self.request.get(field) {
                return Err(Error::invalid(format!(
                    "the request type of {} does not carry its declared page field {field}",
                    E::METADATA.command
                )));
            }
        }
        Ok(request)
    }

    /// After the answer of a page: the next request, the end, or the error to yield next.
    fn follow(&mut self, answer: &E::Response) {
        let Some(rules) = self.rules else {
            self.done = true;
            self.state = State::Done;
            return;
        };
        let step = serde_json::to_value(answer)
            .map_err(|e| DecodeError::new(e, b""))
            .and_then(|value| {
                next_page(&rules, &self.request, &value).map_err(|err| {
                    let body = serde_json::to_vec(&value).unwrap_or_default();
                    DecodeError::new(err, &body)
                })
            });
        self.state = match step {
            Ok(PageStep::Next(next)) => {
                self.request = next;
                State::Ready
            }
            Ok(PageStep::Done) => {
                self.done = true;
                State::Done
            }
            Err(err) => State::Failed(Error::Decode(err)),
        };
    }
}

impl<E: Endpoint> Stream for Pages<E> {
    type Item = Result<E::Response, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            match &mut this.state {
                State::Done => return Poll::Ready(None),
                State::Failed(_) => {
                    let State::Failed(err) = std::mem::replace(&mut this.state, State::Done) else {
                        unreachable!("matched just above")
                    };
                    return Poll::Ready(Some(Err(err)));
                }
                State::Ready => match this.typed_request() {
                    Ok(request) => {
                        let client = this.client.clone();
                        this.state =
                            State::Sending(Box::pin(async move { client.call(&request).await }));
                    }
                    Err(err) => this.state = State::Failed(err),
                },
                State::Sending(sending) => {
                    let answer = std::task::ready!(sending.as_mut().poll(cx));
                    match &answer {
                        Ok(page) => this.follow(page),
                        Err(_) => this.state = State::Done,
                    }
                    return Poll::Ready(Some(answer));
                }
            }
        }
    }
}

impl<E: Endpoint> fmt::Debug for Pages<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            State::Ready => "ready",
            State::Sending(_) => "sending",
            State::Failed(_) => "failed",
            State::Done => "done",
        };
        f.debug_struct("Pages")
            .field("api", &E::METADATA.command)
            .field("cursor", &self.cursor())
            .field("state", &state)
            .finish_non_exhaustive()
    }
}
