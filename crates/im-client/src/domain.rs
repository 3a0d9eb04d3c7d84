//! [`domain_client!`](crate::domain_client): the client type of a domain crate (accounts,
//! messages, relationships, groups), the runtime [`Client`](crate::Client) under a type of that
//! crate so that its operations are inherent methods (no trait to import).

/// Declares a domain crate's client: a newtype over the runtime [`Client`](crate::Client) that
/// derefs to it (so `call`, `stats`, `stop_sending`... work on it), with `builder()` (the
/// runtime's [`ClientBuilder`](crate::ClientBuilder) set to build this type), `from_env()`,
/// `runtime()`, `into_runtime()`, `AsRef`, `From` both ways and the runtime's `Debug` (never
/// the key). The attributes given (the type's documentation) are put on the struct; the
/// crate adds its operations in `impl` blocks of its own.
///
/// ```
/// im_client::domain_client! {
///     /// A client for the example APIs of one app (SDKAppID).
///     pub struct Client;
/// }
///
/// let client = Client::builder()
///     .sdkappid(1_400_000_000)
///     .secret_key("your-secret-key-from-the-console")
///     .build()
///     .unwrap();
/// assert_eq!(client.runtime().sdkappid(), 1_400_000_000);
/// ```
#[macro_export]
macro_rules! domain_client {
    ($(#[$meta:meta])* pub struct $name:ident;) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name {
            runtime: $crate::Client,
        }

        impl $name {
            /// A builder with defaults: admin `administrator`, region China, the hyper
            /// transport.
            pub fn builder() -> $crate::ClientBuilder<$name> {
                $crate::ClientBuilder::new()
            }

            /// A client configured from `IM_SDKAPPID`, `IM_SECRET_KEY`, `IM_ADMIN`, `IM_REGION`
            /// and `IM_ENDPOINT` (and `IM_RATE_STORE` with the `redis` feature).
            ///
            /// # Errors
            ///
            /// [`Error::Config`]($crate::Error::Config) when a variable is missing or malformed
            /// (the message names it).
            pub fn from_env() -> ::core::result::Result<$name, $crate::Error> {
                $crate::ClientBuilder::<$name>::from_env()?.build()
            }

            /// The runtime client underneath (also reached through `Deref`).
            pub fn runtime(&self) -> &$crate::Client {
                &self.runtime
            }

            /// The runtime client underneath, for code that takes it by value.
            pub fn into_runtime(self) -> $crate::Client {
                self.runtime
            }
        }

        impl ::core::ops::Deref for $name {
            type Target = $crate::Client;

            fn deref(&self) -> &$crate::Client {
                &self.runtime
            }
        }

        impl ::core::convert::AsRef<$crate::Client> for $name {
            fn as_ref(&self) -> &$crate::Client {
                &self.runtime
            }
        }

        impl ::core::convert::From<$crate::Client> for $name {
            fn from(runtime: $crate::Client) -> Self {
                $name { runtime }
            }
        }

        impl ::core::convert::From<$name> for $crate::Client {
            fn from(client: $name) -> Self {
                client.runtime
            }
        }

        /// As the runtime's: the SDKAppID, admin, base URL and failover, never the key.
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(&self.runtime, f)
            }
        }
    };
}
