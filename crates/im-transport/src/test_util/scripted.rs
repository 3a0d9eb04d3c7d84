//! A transport that replays a script.

use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;

use parking_lot::Mutex;

use bytes::Bytes;
use http::{Request, Response};

use super::copy::copy_request;
use crate::{BoxFuture, ErrorKind, RedactedRequest, Transport, TransportError};

/// A [`Transport`] that answers requests, in order, from a list of responses and errors, and
/// records the requests.
///
/// Once the list is used up, further requests fail with [`ErrorKind::Other`] and are counted as
/// unexpected. Call [`assert_all_used`](Self::assert_all_used) at the end of a test.
/// Clones share the script and the log.
///
/// # Examples
///
/// ```
/// use im_transport::test_util::{ScriptedTransport, response};
/// use im_transport::{Bytes, Transport};
///
/// # async fn demo() {
/// let script = ScriptedTransport::new([Ok(response(503, "busy")), Ok(response(200, "{}"))]);
/// let request = || http::Request::post("https://h/").body(Bytes::new()).unwrap();
/// assert_eq!(script.send(request()).await.unwrap().status(), 503);
/// assert_eq!(script.remaining(), 1);
/// assert_eq!(script.send(request()).await.unwrap().status(), 200);
/// script.assert_all_used();
/// # }
/// ```
#[derive(Clone)]
pub struct ScriptedTransport {
    state: Arc<Mutex<State>>,
}

struct State {
    script: VecDeque<Result<Response<Bytes>, TransportError>>,
    requests: Vec<Request<Bytes>>,
    unexpected: usize,
}

impl ScriptedTransport {
    /// Creates a transport that answers the n-th request with the n-th entry of `script`.
    pub fn new(script: impl IntoIterator<Item = Result<Response<Bytes>, TransportError>>) -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                script: script.into_iter().collect(),
                requests: Vec::new(),
                unexpected: 0,
            })),
        }
    }

    /// How many entries of the script are still unused.
    pub fn remaining(&self) -> usize {
        self.state.lock().script.len()
    }

    /// Copies of the requests received so far, oldest first, including unexpected ones.
    pub fn requests(&self) -> Vec<Request<Bytes>> {
        self.state
            .lock()
            .requests
            .iter()
            .map(copy_request)
            .collect()
    }

    /// Checks that every entry was used and no request arrived after the script ran out.
    ///
    /// # Panics
    ///
    /// If either is not the case, with the counts and the (redacted) requests received.
    #[track_caller]
    pub fn assert_all_used(&self) {
        let state = self.state.lock();
        if !state.script.is_empty() || state.unexpected > 0 {
            let requests: Vec<_> = state.requests.iter().map(RedactedRequest).collect();
            panic!(
                "scripted transport: {} entries unused, {} requests after the script ran out; requests: {:#?}",
                state.script.len(),
                state.unexpected,
                requests
            );
        }
    }
}

impl Transport for ScriptedTransport {
    fn send(
        &self,
        request: Request<Bytes>,
    ) -> BoxFuture<'_, Result<Response<Bytes>, TransportError>> {
        let mut state = self.state.lock();
        state.requests.push(copy_request(&request));
        let answer = state.script.pop_front().unwrap_or_else(|| {
            state.unexpected += 1;
            Err(
                TransportError::new(ErrorKind::Other, "scripted transport has no response left")
                    .with_uri(request.uri()),
            )
        });
        Box::pin(std::future::ready(answer))
    }
}

impl fmt::Debug for ScriptedTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.lock();
        f.debug_struct("ScriptedTransport")
            .field("remaining", &state.script.len())
            .field("received", &state.requests.len())
            .field("unexpected", &state.unexpected)
            .finish()
    }
}
