//! im-client against im-emulator over real HTTP on 127.0.0.1, and through the in-process
//! transport. The emulator serves the account APIs: the tests send them as any declared API is
//! sent, by their packets ([`im_client::Client::call`]), or by path and JSON body.

mod adaptive;
mod bulk;
mod codes;
mod domain;
mod fake_api;
mod metrics;
mod pages;
#[cfg(feature = "redis")]
mod quota_store;
mod quotas;
#[cfg(feature = "redis")]
mod redis_server;
mod request_shape;
mod retry;
mod same_request;
mod secrets;
#[cfg(feature = "redis")]
mod store_faults;
mod support;
