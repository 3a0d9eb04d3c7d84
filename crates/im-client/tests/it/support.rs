//! Shared set-up: an emulator and a client that talks to it, and the few calls the tests make,
//! each sent by its packet as any declared API is.

use std::sync::Arc;
use std::time::Duration;

use im_client::{Client, ClientBuilder, Error, RetryPolicy};
use im_emulator::{Emulator, EmulatorBuilder, EmulatorHandle};
use im_proto::UserId;
use im_proto::account::{account_check, account_import, kick, multiaccount_import};

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

/// `account_import` of one account.
pub(crate) async fn import(client: &Client, user: UserId) -> Result<(), Error> {
    client
        .call(&account_import::Request::new(user))
        .await
        .map(drop)
}

/// `multiaccount_import` of UserIDs alone.
pub(crate) async fn import_many(client: &Client, users: &[UserId]) -> Result<(), Error> {
    let request = multiaccount_import::Request::accounts(users.to_vec());
    client.call(&request).await.map(drop)
}

/// `account_check`.
pub(crate) async fn check(client: &Client, users: &[UserId]) -> Result<(), Error> {
    let request = account_check::Request::new(users.to_vec());
    client.call(&request).await.map(drop)
}

/// `kick` of one account.
pub(crate) async fn kick(client: &Client, user: &UserId) -> Result<(), Error> {
    client
        .call(&kick::Request::new(user.clone()))
        .await
        .map(drop)
}
