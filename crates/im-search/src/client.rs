//! The cloud search client: the runtime client of `im-client`, under a type of this crate so
//! that the search operations can be its inherent methods (no trait to import).

/// Builds a cloud search [`Client`]: `im_client`'s builder, set to build this crate's client.
/// Every setting is the runtime's ([`im_client::ClientBuilder`]).
pub type ClientBuilder = im_client::ClientBuilder<Client>;

im_client::domain_client! {
    /// A client for the cloud search APIs of one app (SDKAppID).
    ///
    /// The runtime client ([`im_client::Client`]: signing, rate limits, retries, counters) with the
    /// search operations as methods. It derefs to the runtime, so [`call`](im_client::Client::call),
    /// [`stats`](im_client::Client::stats)... work on it as before. Every operation first checks
    /// the client's region: cloud search runs in China and Singapore only
    /// ([`SEARCH_REGIONS`](crate::SEARCH_REGIONS)).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), im_client::Error> {
    /// use im_client::Region;
    /// use im_search::Client;
    ///
    /// let client = Client::builder()
    ///     .sdkappid(1_400_000_000)
    ///     .secret_key("your-secret-key-from-the-console")
    ///     .region(Region::Singapore)
    ///     .build()?;
    /// client.hide_user(&"spammer".parse()?, true).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub struct Client;
}
