//! Test helpers: a running emulator plus an HTTP client over loopback.

use std::time::Duration;

use bytes::Bytes;
use im_emulator::{EmulatorBuilder, EmulatorHandle};
use im_proto::Api;
use im_transport::{HyperTransport, Transport, TransportError};
use serde_json::Value;

/// A running emulator and a real HTTP client.
pub(crate) struct Env {
    pub(crate) handle: EmulatorHandle,
    pub(crate) client: HyperTransport,
}

/// What one HTTP exchange gave.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reply {
    /// A response: status and body as JSON (or as a JSON string when not JSON).
    Http(u16, Value),
    /// No response: the transport's error kind, in `Debug` form.
    Failed(String),
}

impl Reply {
    /// The envelope's `ErrorCode`; panics unless this is a JSON answer.
    #[track_caller]
    pub(crate) fn code(&self) -> i64 {
        match self {
            Reply::Http(200, body) => body["ErrorCode"]
                .as_i64()
                .unwrap_or_else(|| panic!("no ErrorCode in {body}")),
            other => panic!("not an envelope: {other:?}"),
        }
    }

    #[track_caller]
    pub(crate) fn json(&self) -> &Value {
        match self {
            Reply::Http(200, body) => body,
            other => panic!("not a 200 answer: {other:?}"),
        }
    }

    /// A short label for comparing fault sequences.
    pub(crate) fn label(&self) -> String {
        match self {
            Reply::Http(200, body) => body["ErrorCode"].to_string(),
            Reply::Http(status, _) => format!("http{status}"),
            Reply::Failed(kind) => kind.clone(),
        }
    }
}

pub(crate) fn client(timeout: Duration) -> HyperTransport {
    HyperTransport::builder()
        .request_timeout(timeout)
        .build()
        .expect("client builds")
}

impl Env {
    pub(crate) async fn start(builder: EmulatorBuilder) -> Env {
        let handle = builder
            .shutdown_timeout(Duration::from_millis(500))
            .build()
            .start_local()
            .await
            .expect("emulator starts");
        Env {
            handle,
            client: client(Duration::from_secs(10)),
        }
    }

    /// `sdkappid=..&identifier=<admin>&usersig=<fresh>&random=..&contenttype=json`.
    pub(crate) fn signed_query(&self) -> String {
        self.query_for(self.handle.admin())
    }

    pub(crate) fn query_for(&self, identifier: &str) -> String {
        let usersig = self.handle.generate_usersig(identifier, 86_400);
        format!(
            "sdkappid={}&identifier={identifier}&usersig={usersig}&random=99999999&contenttype=json",
            self.handle.sdkappid()
        )
    }

    pub(crate) fn api_path(api: Api) -> String {
        format!("/{}", api.metadata().path())
    }

    /// Sends `method path?query` with `body` and no Content-Type header.
    pub(crate) async fn send(
        &self,
        method: &str,
        path_and_query: &str,
        body: impl Into<Bytes>,
    ) -> Reply {
        send_with(
            &self.client,
            &self.handle.base_url(),
            method,
            path_and_query,
            body,
        )
        .await
    }

    pub(crate) async fn post(&self, path: &str, query: &str, body: &str) -> Reply {
        self.send("POST", &format!("{path}?{query}"), body.to_owned())
            .await
    }

    /// A correctly signed call of `api` with `body`.
    pub(crate) async fn api(&self, api: Api, body: Value) -> Reply {
        self.post(&Env::api_path(api), &self.signed_query(), &body.to_string())
            .await
    }

    /// `GET /_emulator/{name}`.
    pub(crate) async fn control_get(&self, name: &str) -> Value {
        match self
            .send("GET", &format!("/_emulator/{name}"), Bytes::new())
            .await
        {
            Reply::Http(200, body) => body,
            other => panic!("GET {name}: {other:?}"),
        }
    }

    /// `POST /_emulator/{name}` with a JSON body.
    pub(crate) async fn control_post(&self, name: &str, body: Value) -> Reply {
        self.send("POST", &format!("/_emulator/{name}"), body.to_string())
            .await
    }
}

pub(crate) async fn send_with(
    transport: &impl Transport,
    base_url: &str,
    method: &str,
    path_and_query: &str,
    body: impl Into<Bytes>,
) -> Reply {
    let request = http::Request::builder()
        .method(method)
        .uri(format!("{base_url}{path_and_query}"))
        .body(body.into())
        .expect("valid request");
    to_reply(transport.send(request).await)
}

pub(crate) fn to_reply(result: Result<http::Response<Bytes>, TransportError>) -> Reply {
    match result {
        Ok(response) => {
            let status = response.status().as_u16();
            let body = response.into_body();
            let value = serde_json::from_slice(&body)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
            Reply::Http(status, value)
        }
        Err(err) => Reply::Failed(format!("{:?}", err.kind())),
    }
}
