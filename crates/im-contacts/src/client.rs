//! The recent-contacts client: the runtime client of `im-client`, under a type of this crate so
//! that the conversation operations can be its inherent methods (no trait to import).

/// Builds a recent-contacts [`Client`]: `im_client`'s builder, set to build this crate's
/// client. Every setting is the runtime's ([`im_client::ClientBuilder`]).
pub type ClientBuilder = im_client::ClientBuilder<Client>;

im_client::domain_client! {
    /// A client for the recent-contact APIs of one app (SDKAppID).
    ///
    /// The runtime client ([`im_client::Client`]: signing, rate limits, retries, counters) with
    /// the conversation operations as methods. It derefs to the runtime, so
    /// [`call`](im_client::Client::call), [`call_raw`](im_client::Client::call_raw),
    /// [`stats`](im_client::Client::stats)... work on it as before; [`Client::runtime`] and
    /// [`Client::into_runtime`] give the runtime itself, and `From` goes both ways.
    ///
    /// Cheap to clone: clones share one connection pool, one admin UserSig cache, one set of
    /// rate limiters and one set of counters. Build one with [`Client::builder`] or
    /// [`Client::from_env`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), im_client::Error> {
    /// use im_client::Region;
    /// use im_contacts::{Client, Conversation};
    ///
    /// let client = Client::builder()
    ///     .sdkappid(1_400_000_000)
    ///     .secret_key("your-secret-key-from-the-console")
    ///     .region(Region::Singapore)
    ///     .build()?;
    /// let alice = im_proto::UserId::new("alice")?;
    /// client.top(&alice, &[Conversation::c2c("bob")?], true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub struct Client;
}
