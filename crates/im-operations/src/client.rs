//! The operations client: the runtime client of `im-client`, under a type of this crate so that
//! the mute and operations-data operations can be its inherent methods (no trait to import).

/// Builds an operations [`Client`]: `im_client`'s builder, set to build this crate's client.
/// Every setting is the runtime's ([`im_client::ClientBuilder`]).
pub type ClientBuilder = im_client::ClientBuilder<Client>;

im_client::domain_client! {
    /// A client for the global mute and operations APIs of one app (SDKAppID).
    ///
    /// The runtime client ([`im_client::Client`]: signing, rate limits, retries, counters) with
    /// the operations as methods. It derefs to the runtime, so
    /// [`call`](im_client::Client::call) and [`stats`](im_client::Client::stats) work on it as
    /// before; [`Client::runtime`] and [`Client::into_runtime`] give the runtime itself, and
    /// `From` goes both ways.
    ///
    /// Cheap to clone: clones share one connection pool, one admin UserSig cache, one set of
    /// rate limiters (`get_history`'s 10 calls a second among them) and one set of counters.
    pub struct Client;
}
