//! im-accounts against im-emulator over real HTTP on 127.0.0.1, and through the in-process
//! transport. The runtime's own tests (retries, limits, the shared budget's faults, what goes on
//! the wire, logs) are im-client's.

mod bulk;
mod deprecated;
mod hostile;
mod moved;
mod ops;
#[cfg(feature = "redis")]
#[path = "../../../im-client/tests/it/redis_server.rs"]
mod redis_server;
#[cfg(feature = "redis")]
mod shared_rate;
mod support;
