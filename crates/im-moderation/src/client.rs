//! The moderation client: the runtime client of `im-client`, under a type of this crate so that the
//! moderation operations can be its inherent methods (no trait to import).

/// Builds a moderation [`Client`]: `im_client`'s builder, set to build this crate's client. Every
/// setting is the runtime's ([`im_client::ClientBuilder`]).
pub type ClientBuilder = im_client::ClientBuilder<Client>;

im_client::domain_client! {
    /// A client for the content moderation APIs of one app (SDKAppID).
    ///
    /// The runtime client ([`im_client::Client`]: signing, rate limits, retries, counters) with the
    /// moderation operations as methods. It derefs to the runtime, so [`call`](im_client::Client::call),
    /// [`call_raw`](im_client::Client::call_raw), [`stats`](im_client::Client::stats),
    /// [`stop_sending`](im_client::Client::stop_sending)... work on it as before; [`Client::runtime`]
    /// and [`Client::into_runtime`] give the runtime itself, and `From` goes both ways.
    ///
    /// Cheap to clone: clones share one connection pool, one admin UserSig cache, one set of rate
    /// limiters and one set of counters, and can be used from many tasks at once. Build one with
    /// [`Client::builder`] or [`Client::from_env`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), im_client::Error> {
    /// use im_moderation::Client;
    /// use im_client::Region;
    ///
    /// let client = Client::builder()
    ///     .sdkappid(1_400_000_000)
    ///     .secret_key("your-secret-key-from-the-console")
    ///     .region(Region::Singapore)
    ///     .build()?;
    /// let judgement = client.moderate_text("C2C", "hello").await?;
    /// println!("{:?}", judgement.verdict);
    /// println!("{} requests so far", client.stats().requests);
    /// # Ok(())
    /// # }
    /// ```
    pub struct Client;
}
