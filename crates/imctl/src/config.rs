//! What the global options make of a run: the context of the config file that fills them
//! (`contexts`), the credentials (`secrets`), the shared rate budget (`rate_store`) and the
//! connected client (`connect`).

mod connect;
mod contexts;
mod rate_store;
mod secrets;

pub(crate) use connect::{ClientSettings, Connection, connect, quotas};
pub(crate) use contexts::apply as apply_context;
pub(crate) use rate_store::with_rate_store_outcome;
pub(crate) use secrets::{Credentials, callback_token, credentials, secret_key};
