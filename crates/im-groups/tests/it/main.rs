//! im-groups against the emulator, in process: member lists split at each API's maximum with
//! one outcome per member, the paged reads as streams, group messages.

mod admin;
mod attrs;
mod create;
mod group_msgs;
mod live;
mod members;
mod messages;
mod reads;
mod topics;

use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use im_emulator::{Account, Emulator, IN_PROCESS_BASE_URL, InProcessTransport};
use im_groups::Client;
use im_groups::im_proto::group::create_group;
use im_groups::im_proto::group_types::GroupType;
use im_transport::{Bytes, Transport, TransportError};

/// An emulator with `users` (no rate limits: tests measure no speed).
pub(crate) fn emulator(users: impl IntoIterator<Item = String>) -> Emulator {
    let emulator = Emulator::builder().without_rate_limits().build();
    for user in users {
        emulator.insert_account(Account::new(user));
    }
    emulator
}

/// A client of `emulator` through `transport`.
pub(crate) fn client_with(emulator: &Emulator, transport: Arc<dyn Transport>) -> Client {
    Client::builder()
        .sdkappid(emulator.sdkappid())
        .secret_key(emulator.secret_key())
        .admin(emulator.admin())
        .endpoint(IN_PROCESS_BASE_URL)
        .transport(transport)
        .build()
        .expect("client builds")
}

/// An emulator with `users` and a client of it.
pub(crate) fn setup(users: impl IntoIterator<Item = String>) -> (Emulator, Client) {
    let emulator = emulator(users);
    let client = client_with(&emulator, Arc::new(emulator.in_process_transport()));
    (emulator, client)
}

/// `prefix0`..`prefix{n-1}`.
pub(crate) fn users(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

/// A new group of `kind` named `name`, owned by nobody; its ID.
pub(crate) async fn group(client: &Client, kind: GroupType, name: &str) -> String {
    client
        .create_group(&create_group::Request::new(kind, name))
        .await
        .expect("group created")
        .group_id
}

/// The emulator's in-process transport, recording each request's path and JSON body.
pub(crate) struct Recording {
    pub(crate) inner: InProcessTransport,
    pub(crate) seen: Mutex<Vec<(String, serde_json::Value)>>,
}

impl Recording {
    pub(crate) fn new(emulator: &Emulator) -> Arc<Self> {
        Arc::new(Recording {
            inner: emulator.in_process_transport(),
            seen: Mutex::new(Vec::new()),
        })
    }

    /// The bodies sent to `command`, in order.
    pub(crate) fn bodies(&self, command: &str) -> Vec<serde_json::Value> {
        let seen = self.seen.lock().unwrap();
        seen.iter()
            .filter(|(path, _)| path.ends_with(&format!("/{command}")))
            .map(|(_, body)| body.clone())
            .collect()
    }
}

impl Transport for Recording {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        let path = request.uri().path().to_owned();
        let body = serde_json::from_slice(request.body()).unwrap_or_default();
        self.seen.lock().unwrap().push((path, body));
        self.inner.send(request)
    }
}
