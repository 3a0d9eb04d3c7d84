//! im-relations against the emulator, in process: bulk pairs split at each API's maximum with
//! one outcome per pair, and the paged reads as streams.

mod bulk;
mod pages;

use std::sync::Arc;

use im_emulator::{Account, Emulator, IN_PROCESS_BASE_URL};
use im_relations::Client;

/// An emulator with `users` and a client of it (no rate limits: tests measure no speed).
pub(crate) fn setup(users: impl IntoIterator<Item = String>) -> (Emulator, Client) {
    let emulator = Emulator::builder().without_rate_limits().build();
    for user in users {
        emulator.insert_account(Account::new(user));
    }
    let client = Client::builder()
        .sdkappid(emulator.sdkappid())
        .secret_key(emulator.secret_key())
        .admin(emulator.admin())
        .endpoint(IN_PROCESS_BASE_URL)
        .transport(Arc::new(emulator.in_process_transport()))
        .build()
        .expect("client builds");
    (emulator, client)
}

/// `prefix0`..`prefix{n-1}`.
pub(crate) fn users(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}
