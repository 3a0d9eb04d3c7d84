//! Shared set-up: an emulator and a client that talks to it.

use std::sync::Arc;
use std::time::Duration;

use im_accounts::{Client, ClientBuilder};
use im_client::RetryPolicy;
use im_emulator::{Emulator, EmulatorBuilder, EmulatorHandle};
use im_proto::UserId;

pub(crate) fn id(s: &str) -> UserId {
    UserId::new(s).unwrap()
}

pub(crate) fn ids(names: &[&str]) -> Vec<UserId> {
    names.iter().map(|n| id(n)).collect()
}

/// A client builder with the emulator's credentials and short, test-friendly timings.
pub(crate) fn client_for(emulator: &Emulator) -> ClientBuilder {
    Client::builder()
        .sdkappid(emulator.sdkappid())
        .secret_key(emulator.secret_key())
        .admin(emulator.admin())
        .request_timeout(Duration::from_secs(5))
        .retry_policy(
            RetryPolicy::default()
                .base_delay(Duration::from_millis(10))
                .max_delay(Duration::from_millis(100))
                .throttle_delay(Duration::from_millis(200)),
        )
}

/// An emulator served on 127.0.0.1 and a client pointed at it.
pub(crate) async fn serve(builder: EmulatorBuilder) -> (EmulatorHandle, Client) {
    let emulator = builder.build();
    let handle = emulator.start_local().await.unwrap();
    let client = client_for(&emulator)
        .endpoint(handle.base_url())
        .build()
        .unwrap();
    (handle, client)
}

/// An emulator and a client using its in-process transport (no socket).
pub(crate) fn in_process(builder: EmulatorBuilder) -> (Emulator, Client) {
    let emulator = builder.build();
    let client = client_for(&emulator)
        .endpoint(im_emulator::IN_PROCESS_BASE_URL)
        .transport(Arc::new(emulator.in_process_transport()))
        .build()
        .unwrap();
    (emulator, client)
}
