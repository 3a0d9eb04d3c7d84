//! Integration tests of im-transport, one binary (see `docs/ARCHITECTURE.md`).
//!
//! Every server is on 127.0.0.1 with an ephemeral port, and every test is bounded by
//! [`support::bounded`] or short transport timeouts.

#[cfg(feature = "hyper")]
mod hyper_plain;
#[cfg(feature = "hyper")]
mod proxy;
mod redaction;
#[cfg(feature = "hyper")]
mod support;
mod test_util;
#[cfg(feature = "hyper")]
mod tls;
