//! im-push against the emulator, in process: the day's 100 pushes refused before sending, the
//! pushes spaced a second apart, the request rules refused before sending, a push reaching the
//! holders of its tag, and the attribute and tag lists split at 100 users.

mod lists;
mod push;

use std::sync::Arc;

use im_client::Quotas;
use im_emulator::{Account, Emulator, EmulatorBuilder, IN_PROCESS_BASE_URL};
use im_push::Client;

/// An emulator built from `builder` holding `users`, and a client of it enforcing `quotas`.
pub(crate) fn setup(
    builder: EmulatorBuilder,
    users: impl IntoIterator<Item = String>,
    quotas: Quotas,
) -> (Emulator, Client) {
    let emulator = builder.build();
    for user in users {
        emulator.insert_account(Account::new(user));
    }
    let client = Client::builder()
        .sdkappid(emulator.sdkappid())
        .secret_key(emulator.secret_key())
        .admin(emulator.admin())
        .endpoint(IN_PROCESS_BASE_URL)
        .transport(Arc::new(emulator.in_process_transport()))
        .quotas(quotas)
        .build()
        .expect("client builds");
    (emulator, client)
}

/// `prefix0`..`prefix{n-1}`.
pub(crate) fn users(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}
