//! The push client: the runtime client of `im-client`, under a type of this crate so that the
//! push operations can be its inherent methods (no trait to import).

/// Builds a push [`Client`]: `im_client`'s builder, set to build this crate's client. Every
/// setting is the runtime's ([`im_client::ClientBuilder`]).
pub type ClientBuilder = im_client::ClientBuilder<Client>;

im_client::domain_client! {
    /// A client for the push-to-all APIs of one app (SDKAppID).
    ///
    /// The runtime client ([`im_client::Client`]: signing, rate limits and quotas, retries,
    /// counters) with the push operations as methods. It derefs to the runtime, so
    /// [`call`](im_client::Client::call), [`stats`](im_client::Client::stats)... work on it;
    /// [`Client::runtime`] and [`Client::into_runtime`] give the runtime itself, and `From` goes
    /// both ways.
    ///
    /// Cheap to clone: clones share one connection pool, one admin UserSig cache, one set of
    /// limiters (the day's pushes among them) and one set of counters. Build one with
    /// [`Client::builder`] or [`Client::from_env`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), im_client::Error> {
    /// use im_client::Region;
    /// use im_push::{Client, Push};
    ///
    /// let client = Client::builder()
    ///     .sdkappid(1_400_000_000)
    ///     .secret_key("your-secret-key-from-the-console")
    ///     .region(Region::Singapore)
    ///     .build()?;
    /// client.im_push(&Push::text("maintenance tonight").build()).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub struct Client;
}
