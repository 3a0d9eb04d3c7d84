//! The relationships client: the runtime client of `im-client`, under a type of this crate so that the
//! friend, blocklist and follow operations can be its inherent methods (no trait to import).

use std::fmt;
use std::ops::Deref;

use im_client::Error;

/// Builds a relationships [`Client`]: `im_client`'s builder, set to build this crate's client. Every
/// setting is the runtime's ([`im_client::ClientBuilder`]).
pub type ClientBuilder = im_client::ClientBuilder<Client>;

/// A client for the friend, blocklist and follow APIs of one app (SDKAppID).
///
/// The runtime client ([`im_client::Client`]: signing, rate limits, retries, counters) with the
/// relationship operations as methods. It derefs to the runtime, so [`call`](im_client::Client::call),
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
/// use im_relations::Client;
/// use im_client::Region;
///
/// let client = Client::builder()
///     .sdkappid(1_400_000_000)
///     .secret_key("your-secret-key-from-the-console")
///     .region(Region::Singapore)
///     .build()?;
/// client.friend_delete_all(&im_proto::UserId::new("alice")?, false).await?;
/// println!("{} requests so far", client.stats().requests);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    runtime: im_client::Client,
}

impl Client {
    /// A builder with defaults: admin `administrator`, region China, the hyper transport.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from `IM_SDKAPPID`, `IM_SECRET_KEY`, `IM_ADMIN`, `IM_REGION` and
    /// `IM_ENDPOINT` (and `IM_RATE_STORE` with the `redis` feature).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when a variable is missing or malformed (the message names it).
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The runtime client underneath (also reached through `Deref`).
    pub fn runtime(&self) -> &im_client::Client {
        &self.runtime
    }

    /// The runtime client underneath, for code that takes it by value.
    pub fn into_runtime(self) -> im_client::Client {
        self.runtime
    }
}

impl Deref for Client {
    type Target = im_client::Client;

    fn deref(&self) -> &im_client::Client {
        &self.runtime
    }
}

impl AsRef<im_client::Client> for Client {
    fn as_ref(&self) -> &im_client::Client {
        &self.runtime
    }
}

impl From<im_client::Client> for Client {
    fn from(runtime: im_client::Client) -> Self {
        Client { runtime }
    }
}

impl From<Client> for im_client::Client {
    fn from(client: Client) -> Self {
        client.runtime
    }
}

/// As the runtime's: the SDKAppID, admin, base URL and failover, never the key.
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.runtime, f)
    }
}
