//! im-accounts against im-emulator over real HTTP on 127.0.0.1, and through the in-process
//! transport.

mod adaptive;
mod bulk;
mod deprecated;
mod hostile;
mod metrics;
mod moved;
mod ops;
#[cfg(feature = "redis")]
mod redis_server;
mod request_shape;
mod retry;
mod secrets;
#[cfg(feature = "redis")]
mod shared_rate;
#[cfg(feature = "redis")]
mod store_faults;
mod support;
