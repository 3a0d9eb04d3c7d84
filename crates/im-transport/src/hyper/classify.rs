//! Mapping hyper, hyper-util, h2, rustls and I/O errors to an [`ErrorKind`].
//!
//! The cause can sit anywhere in the `source()` chain, and `io::Error` hides a wrapped error
//! from `source()` (it returns the wrapped error's source), so the walk also looks inside
//! `io::Error::get_ref` and `h2::Error::get_io`.

use std::error::Error as StdError;
use std::io;

use super::connector::{ConnectTimeout, ProxyTunnelError};
use crate::{ErrorKind, TransportError};

/// How deep to follow a source chain; real chains are a handful of links.
const MAX_CHAIN: usize = 32;

/// Classifies an error from the pooled client (connecting, sending, or reading the head).
pub(super) fn client_error(err: hyper_util::client::legacy::Error) -> TransportError {
    let (kind, message) = classify(&err, err.is_connect());
    TransportError::new(kind, message).with_source(err)
}

/// Classifies an error while reading the response body: a body that breaks its framing (an
/// invalid chunk, a length that does not match) is a protocol error, unless the connection
/// closed or timed out.
pub(super) fn body_error(err: hyper::Error) -> TransportError {
    let (kind, message) = match classify(&err, false) {
        (ErrorKind::Other, _) => (ErrorKind::Protocol, "malformed response body"),
        classified => classified,
    };
    TransportError::new(kind, message).with_source(err)
}

/// What an error is: its kind and a short message.
type Class = (ErrorKind, &'static str);

/// Classifies `err` by the first link of its chain each check recognises, from the most
/// specific cause to the most general.
fn classify(err: &(dyn StdError + 'static), connecting: bool) -> Class {
    let links: Vec<&(dyn StdError + 'static)> = chain(err).collect();
    // TLS first: a handshake failure is also a connect error, but retrying will not help.
    tls(&links)
        .or_else(|| timeout(&links))
        .or_else(|| {
            let tunnel = links.iter().any(|e| e.is::<ProxyTunnelError>());
            tunnel.then_some((ErrorKind::Connect, "proxy tunnel failed"))
        })
        .or_else(|| connecting.then(|| connect_failure(&links)))
        .or_else(|| hyper_failure(&links))
        .or_else(|| closed_or_malformed(&links))
        .unwrap_or((ErrorKind::Other, "request failed"))
}

/// The kinds of the `io::Error`s among `links`.
fn io_kinds<'a>(
    links: &'a [&'a (dyn StdError + 'static)],
) -> impl Iterator<Item = io::ErrorKind> + 'a {
    links
        .iter()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .map(io::Error::kind)
}

/// The `hyper::Error`s among `links`.
fn hyper_errors<'a>(
    links: &'a [&'a (dyn StdError + 'static)],
) -> impl Iterator<Item = &'a hyper::Error> + 'a {
    links
        .iter()
        .filter_map(|e| e.downcast_ref::<hyper::Error>())
}

/// A TLS failure.
fn tls(links: &[&(dyn StdError + 'static)]) -> Option<Class> {
    let tls = links
        .iter()
        .find_map(|e| e.downcast_ref::<rustls::Error>())?;
    let message = match tls {
        rustls::Error::InvalidCertificate(_) => "server certificate rejected",
        rustls::Error::AlertReceived(_) => "the server aborted the TLS handshake",
        rustls::Error::NoApplicationProtocol => "no common application protocol (ALPN)",
        _ => "TLS failure",
    };
    Some((ErrorKind::Tls, message))
}

/// A connect, read or write that timed out.
fn timeout(links: &[&(dyn StdError + 'static)]) -> Option<Class> {
    if links.iter().any(|e| e.is::<ConnectTimeout>()) {
        return Some((ErrorKind::Timeout, "connect timed out"));
    }
    let timed_out = hyper_errors(links).any(hyper::Error::is_timeout)
        || io_kinds(links).any(|k| k == io::ErrorKind::TimedOut);
    timed_out.then_some((ErrorKind::Timeout, "timed out"))
}

/// Why connecting failed, as far as the chain says.
fn connect_failure(links: &[&(dyn StdError + 'static)]) -> Class {
    let message = match io_kinds(links).next() {
        Some(io::ErrorKind::ConnectionRefused) => "connection refused",
        Some(io::ErrorKind::ConnectionReset) => "connection reset while connecting",
        _ => "failed to connect",
    };
    (ErrorKind::Connect, message)
}

/// What hyper says went wrong with the exchange.
fn hyper_failure(links: &[&(dyn StdError + 'static)]) -> Option<Class> {
    hyper_errors(links).find_map(|hyper_error| {
        if hyper_error.is_incomplete_message() {
            Some((
                ErrorKind::ConnectionClosed,
                "connection closed before the response was complete",
            ))
        } else if hyper_error.is_canceled()
            || hyper_error.is_closed()
            || hyper_error.is_body_write_aborted()
        {
            Some((ErrorKind::ConnectionClosed, "connection closed"))
        } else if hyper_error.is_user() {
            Some((
                ErrorKind::InvalidRequest,
                "request rejected by the HTTP client",
            ))
        } else if hyper_error.is_parse() || hyper_error.is_parse_status() {
            Some((ErrorKind::Protocol, "malformed response"))
        } else {
            None
        }
    })
}

/// A connection (or HTTP/2 stream) closed under the exchange, or a body that breaks its
/// framing.
fn closed_or_malformed(links: &[&(dyn StdError + 'static)]) -> Option<Class> {
    if let Some(h2) = links.iter().find_map(|e| e.downcast_ref::<h2::Error>())
        && (h2.is_go_away() || h2.is_reset() || h2.is_io())
    {
        return Some((
            ErrorKind::ConnectionClosed,
            "HTTP/2 stream or connection closed",
        ));
    }
    let closed = |k: io::ErrorKind| {
        matches!(
            k,
            io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::BrokenPipe
                | io::ErrorKind::UnexpectedEof
                | io::ErrorKind::NotConnected
        )
    };
    if io_kinds(links).any(closed) {
        return Some((ErrorKind::ConnectionClosed, "connection reset or closed"));
    }
    // A body that breaks its framing (an invalid chunk size...) is a protocol error too.
    io_kinds(links)
        .any(|k| matches!(k, io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput))
        .then_some((ErrorKind::Protocol, "malformed response body"))
}

/// The error and its causes, looking through `io::Error` and `h2::Error` wrappers.
fn chain<'a>(
    err: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    let mut next = Some(err);
    std::iter::from_fn(move || {
        let current = next?;
        next = if let Some(io) = current.downcast_ref::<io::Error>() {
            io.get_ref()
                .map(|inner| inner as &(dyn StdError + 'static))
                .or_else(|| current.source())
        } else if let Some(h2) = current.downcast_ref::<h2::Error>() {
            h2.get_io()
                .map(|inner| inner as &(dyn StdError + 'static))
                .or_else(|| current.source())
        } else {
            current.source()
        };
        Some(current)
    })
    .take(MAX_CHAIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_wrapped_rustls_error_is_tls() {
        // What hyper-rustls returns: io::Error::other(io::Error(InvalidData, rustls::Error)).
        let inner = io::Error::new(
            io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer),
        );
        let outer: Box<dyn StdError + Send + Sync> = Box::new(io::Error::other(inner));
        assert_eq!(classify(&*outer, true).0, ErrorKind::Tls);
    }

    #[test]
    fn io_kinds() {
        let check = |kind, connecting| classify(&io::Error::from(kind), connecting).0;
        assert_eq!(
            check(io::ErrorKind::ConnectionRefused, true),
            ErrorKind::Connect
        );
        assert_eq!(check(io::ErrorKind::TimedOut, true), ErrorKind::Timeout);
        assert_eq!(
            check(io::ErrorKind::ConnectionReset, false),
            ErrorKind::ConnectionClosed
        );
        assert_eq!(
            check(io::ErrorKind::UnexpectedEof, false),
            ErrorKind::ConnectionClosed
        );
        // Data that breaks the framing (an invalid chunk size...) is a protocol error.
        assert_eq!(
            check(io::ErrorKind::InvalidData, false),
            ErrorKind::Protocol
        );
        assert_eq!(check(io::ErrorKind::Other, false), ErrorKind::Other);
    }

    #[test]
    fn connect_timeout_and_tunnel() {
        let timeout: Box<dyn StdError + Send + Sync> =
            Box::new(ConnectTimeout(std::time::Duration::from_secs(1)));
        assert_eq!(classify(&*timeout, true).0, ErrorKind::Timeout);
        let tunnel = ProxyTunnelError(Box::new(io::Error::from(io::ErrorKind::ConnectionRefused)));
        assert_eq!(
            classify(&tunnel, true),
            (ErrorKind::Connect, "proxy tunnel failed")
        );
    }
}
