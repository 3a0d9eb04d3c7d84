//! The `Transport` trait and the types of its signature: a leaf module, implemented by the
//! hyper transport and the test doubles.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;

use crate::error::TransportError;

/// A boxed, `Send` future: what [`Transport::send`] returns, so the trait stays object safe.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A transport shared by clones of a client and by its tasks.
///
/// Any `Arc<T>` with `T: Transport` converts into it by unsized coercion:
/// `let shared: SharedTransport = Arc::new(my_transport);`.
pub type SharedTransport = Arc<dyn Transport>;

/// Sends one HTTP request and returns one response with its whole body.
///
/// Implementations own connection handling, TLS, timeouts and the response size limit. They do
/// not retry, sign or interpret the body: a response with any status code is `Ok`; an `Err`
/// means no complete response arrived.
///
/// The trait is object safe and requires `Send + Sync + 'static`, so a transport can be stored as
/// a [`SharedTransport`] and called from many tasks concurrently. See the
/// [crate documentation](crate#plugging-in-a-custom-transport) for an implementation.
pub trait Transport: Send + Sync + 'static {
    /// Sends `request` and resolves to the response with its full body.
    ///
    /// # Errors
    ///
    /// A [`TransportError`] whose [`kind`](TransportError::kind) tells what went wrong and whose
    /// [`is_retryable`](TransportError::is_retryable) tells whether sending again can help.
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>>;
}

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        (**self).send(request)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        (**self).send(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_is_object_safe_and_shareable() {
        fn check<T: Send + Sync + Clone>() {}
        check::<SharedTransport>();
        fn takes_box(_: Box<dyn Transport>) {}
        fn takes_arc<T: Transport>(_: T) {}
        let _ = takes_box;
        let _ = takes_arc::<Arc<dyn Transport>>;
        let _ = takes_arc::<Box<dyn Transport>>;
    }
}
