//! Copying a request, for the doubles that keep what they were sent.

use bytes::Bytes;
use http::Request;

/// Copies a request (method, URI, version, headers, body); extensions are not copied.
pub(super) fn copy_request(request: &Request<Bytes>) -> Request<Bytes> {
    let mut copy = Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    copy
}
