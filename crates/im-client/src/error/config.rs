//! [`ConfigError`]: what is wrong with a client's settings, typed, with the cause kept as its
//! [`source`](std::error::Error::source).

use std::error::Error as StdError;
use std::fmt;

use im_proto::{InvalidUserId, UserId};
use im_sig::GenerateError;
use im_transport::TransportError;

use crate::region::{InvalidEndpoint, Region};

/// A cause kept as it came (a parser's, a library's error).
pub(crate) type Cause = Box<dyn StdError + Send + Sync + 'static>;

/// A configuration problem: `Display` names the setting and what to do; the underlying error,
/// when there is one, is the [`source`](std::error::Error::source), so a program that renders
/// the chain shows each cause once.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// A mandatory setting was not given.
    Missing {
        /// The setting (`the SDKAppID`, `the secret key`).
        setting: &'static str,
        /// How to give it (the builder method and the environment variable).
        how: &'static str,
    },
    /// The secret key is empty.
    EmptySecretKey,
    /// An environment variable holds a value that cannot be used.
    Env {
        /// The variable.
        var: &'static str,
        /// Its value (never the secret key's variable).
        value: String,
        /// Why it cannot be used.
        source: Cause,
    },
    /// The admin identifier breaks a UserID rule.
    Admin(InvalidUserId),
    /// The custom endpoint cannot be used.
    Endpoint(InvalidEndpoint),
    /// A plain `http://` endpoint to a host that is not loopback, without
    /// `danger_allow_plain_http`.
    PlainHttp {
        /// The endpoint.
        endpoint: String,
    },
    /// The UserSig lifetime is zero.
    ZeroUsersigLifetime,
    /// The key cannot sign a UserSig for the admin.
    Signing {
        /// The admin identifier.
        admin: UserId,
        /// The signer's refusal.
        source: GenerateError,
    },
    /// The default transport cannot be built with these settings.
    Transport(TransportError),
    /// The shared rate store's URL cannot be used (its credentials masked).
    RateStore {
        /// The URL, credentials masked.
        url: String,
        /// Why.
        source: Cause,
    },
    /// A quota override for a quota the endpoint does not declare.
    UndeclaredQuota {
        /// The endpoint (`service/command`).
        endpoint: String,
        /// The quota (`calls per day`).
        quota: String,
    },
    /// A quota override of 0, which would refuse every call.
    ZeroQuota {
        /// The endpoint.
        endpoint: String,
        /// The quota.
        quota: String,
    },
    /// A request URL cannot be built from the endpoint.
    RequestUrl(http::Error),
    /// The client's region does not offer a service (cloud search runs in China and Singapore
    /// only): refused before sending, as the service has no such API there.
    RegionUnsupported {
        /// The service (`cloud search`).
        service: &'static str,
        /// The client's region.
        region: Region,
        /// The regions that offer it.
        supported: &'static [Region],
    },
    /// Another problem, said in a message.
    Other(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Missing { setting, how } => write!(f, "{setting} is not set: {how}"),
            ConfigError::EmptySecretKey => f.write_str("the secret key is empty"),
            ConfigError::Env { var, value, .. } => write!(f, "{var}={value:?} cannot be used"),
            ConfigError::Admin(_) => f.write_str("the admin identifier is not a valid UserID"),
            ConfigError::Endpoint(err) => err.fmt(f),
            ConfigError::PlainHttp { endpoint } => write!(
                f,
                "endpoint {endpoint} uses plain http to a host that is not loopback: use https://, \
                 or allow it explicitly (danger_allow_plain_http) if the network is trusted"
            ),
            ConfigError::ZeroUsersigLifetime => {
                f.write_str("the UserSig lifetime must be at least one second")
            }
            ConfigError::Signing { admin, .. } => write!(f, "cannot sign for admin {admin}"),
            ConfigError::Transport(_) => f.write_str("cannot build the HTTP transport"),
            ConfigError::RateStore { url, .. } => write!(f, "rate store {url} cannot be used"),
            ConfigError::UndeclaredQuota { endpoint, quota } => write!(
                f,
                "{endpoint} declares no quota of {quota}: only a declared quota can be set"
            ),
            ConfigError::ZeroQuota { endpoint, quota } => write!(
                f,
                "a quota of {quota} for {endpoint} would refuse every call: give None to not enforce it"
            ),
            ConfigError::RequestUrl(_) => f.write_str("cannot build a request URL"),
            ConfigError::RegionUnsupported {
                service,
                region,
                supported,
            } => {
                let names: Vec<&str> = supported.iter().map(|r| r.name()).collect();
                write!(
                    f,
                    "{service} is not offered in region {region}, only in {}: use an app of one \
                     of those regions (or an explicit endpoint, such as the emulator's)",
                    names.join(", ")
                )
            }
            ConfigError::Other(message) => f.write_str(message),
        }
    }
}

impl StdError for ConfigError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            ConfigError::Env { source, .. } | ConfigError::RateStore { source, .. } => {
                Some(source.as_ref())
            }
            ConfigError::Admin(err) => Some(err),
            ConfigError::Endpoint(err) => err.source(),
            ConfigError::Signing { source, .. } => Some(source),
            ConfigError::Transport(err) => Some(err),
            ConfigError::RequestUrl(err) => Some(err),
            ConfigError::Missing { .. }
            | ConfigError::EmptySecretKey
            | ConfigError::PlainHttp { .. }
            | ConfigError::ZeroUsersigLifetime
            | ConfigError::UndeclaredQuota { .. }
            | ConfigError::ZeroQuota { .. }
            | ConfigError::RegionUnsupported { .. }
            | ConfigError::Other(_) => None,
        }
    }
}

impl ConfigError {
    /// The whole message: `Display` followed by each cause in the
    /// [`source`](std::error::Error::source) chain, `: `-separated.
    pub fn message(&self) -> String {
        let mut message = self.to_string();
        let mut cause = self.source();
        while let Some(err) = cause {
            message.push_str(": ");
            message.push_str(&err.to_string());
            cause = err.source();
        }
        message
    }
}

impl From<InvalidEndpoint> for ConfigError {
    fn from(err: InvalidEndpoint) -> Self {
        ConfigError::Endpoint(err)
    }
}
