//! Rendering request URLs and requests for logs without the `usersig` value.
//!
//! Every call to the service carries the signature in the query string
//! (`...?sdkappid=..&identifier=..&usersig=..&random=..&contenttype=json`).
//! Anything in the workspace that prints a URL or a request goes through this module.

use std::fmt::{self, Write as _};

use percent_encoding::percent_decode_str;

/// The query parameter whose value is masked, compared case-insensitively after
/// percent-decoding the parameter name.
const SECRET_PARAM: &str = "usersig";

/// What a masked value is replaced with.
const MASK: &str = "***";

/// Renders `uri` with the value of every `usersig` query parameter replaced by `***`.
///
/// The parameter name is matched case-insensitively and after percent-decoding, in any position
/// and as often as it occurs; both `&` and `;` count as separators.
/// User information in the authority (`user:password@`) is masked as well.
/// Everything else is kept as written, so the result can be pasted into a bug report.
///
/// # Examples
///
/// ```
/// let uri: http::Uri = "https://console.tim.qq.com/v4/group_open_http_svc/get_group_info\
///     ?sdkappid=1400000000&identifier=admin&UserSig=eJwt.SECRET&random=42&contenttype=json"
///     .parse()
///     .unwrap();
/// assert_eq!(
///     im_transport::redact_uri(&uri),
///     "https://console.tim.qq.com/v4/group_open_http_svc/get_group_info\
///      ?sdkappid=1400000000&identifier=admin&UserSig=***&random=42&contenttype=json"
/// );
/// ```
pub fn redact_uri(uri: &http::Uri) -> String {
    RedactedUri(uri).to_string()
}

/// Renders a request as `METHOD URL` with the URL redacted by [`redact_uri`], for logs.
///
/// # Examples
///
/// ```
/// let request = http::Request::post("https://h/v4/a/b?usersig=SECRET&random=1")
///     .body(())
///     .unwrap();
/// assert_eq!(
///     im_transport::describe_request(&request),
///     "POST https://h/v4/a/b?usersig=***&random=1"
/// );
/// ```
pub fn describe_request<B>(request: &http::Request<B>) -> String {
    RedactedRequest(request).to_string()
}

/// A URI whose `Display` and `Debug` mask the `usersig` value, as [`redact_uri`] does, without
/// allocating.
///
/// # Examples
///
/// ```
/// use im_transport::RedactedUri;
///
/// let uri: http::Uri = "https://h/p?usersig=SECRET".parse().unwrap();
/// assert_eq!(format!("{}", RedactedUri(&uri)), "https://h/p?usersig=***");
/// assert_eq!(format!("{:?}", RedactedUri(&uri)), "https://h/p?usersig=***");
/// ```
#[derive(Clone, Copy)]
pub struct RedactedUri<'a>(pub &'a http::Uri);

/// A request whose `Display` (`METHOD URL`) and `Debug` (method, URL, version, headers) never
/// show the `usersig` value, nor the values of credential headers such as `Authorization` or of
/// headers marked [sensitive](http::HeaderValue::set_sensitive). The body is not shown.
///
/// # Examples
///
/// ```
/// use im_transport::RedactedRequest;
///
/// let request = http::Request::post("https://h/v4/a/b?usersig=SECRET")
///     .header("authorization", "Bearer TOKEN")
///     .body(())
///     .unwrap();
/// assert_eq!(RedactedRequest(&request).to_string(), "POST https://h/v4/a/b?usersig=***");
/// let debug = format!("{:?}", RedactedRequest(&request));
/// assert!(!debug.contains("SECRET") && !debug.contains("TOKEN"));
/// ```
pub struct RedactedRequest<'a, B>(pub &'a http::Request<B>);

impl fmt::Display for RedactedUri<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let uri = self.0;
        if let Some(scheme) = uri.scheme_str() {
            write!(f, "{scheme}://")?;
        }
        if let Some(authority) = uri.authority() {
            match authority.as_str().rsplit_once('@') {
                Some((_userinfo, host)) => write!(f, "{MASK}@{host}")?,
                None => f.write_str(authority.as_str())?,
            }
        }
        f.write_str(uri.path())?;
        if let Some(query) = uri.query() {
            f.write_char('?')?;
            write_redacted_query(f, query)?;
        }
        Ok(())
    }
}

impl fmt::Debug for RedactedUri<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl<B> Clone for RedactedRequest<'_, B> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<B> Copy for RedactedRequest<'_, B> {}

impl<B> fmt::Display for RedactedRequest<'_, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.0.method(), RedactedUri(self.0.uri()))
    }
}

impl<B> fmt::Debug for RedactedRequest<'_, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let request = self.0;
        f.debug_struct("Request")
            .field("method", request.method())
            .field("uri", &RedactedUri(request.uri()))
            .field("version", &request.version())
            .field("headers", &RedactedHeaders(request.headers()))
            .finish_non_exhaustive()
    }
}

/// Headers with credential values masked.
struct RedactedHeaders<'a>(&'a http::HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if is_credential_header(name) || value.is_sensitive() {
                map.entry(name, &format_args!("{MASK}"));
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}

fn is_credential_header(name: &http::HeaderName) -> bool {
    use http::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION, SET_COOKIE};
    [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE, SET_COOKIE].contains(name)
        || is_secret_name(name.as_str())
}

/// Writes `query` with the value of every secret parameter masked, keeping separators.
fn write_redacted_query(f: &mut impl fmt::Write, query: &str) -> fmt::Result {
    let mut rest = query;
    loop {
        let end = rest.find(['&', ';']).unwrap_or(rest.len());
        let (pair, tail) = rest.split_at(end);
        match pair.split_once('=') {
            Some((name, value)) if !value.is_empty() && is_secret_name(name) => {
                write!(f, "{name}={MASK}")?;
            }
            _ => f.write_str(pair)?,
        }
        let mut tail = tail.chars();
        match tail.next() {
            Some(separator) => f.write_char(separator)?,
            None => return Ok(()),
        }
        rest = tail.as_str();
    }
}

/// Whether a query parameter or header name names the signature, after percent-decoding
/// (with `+` as space) and trimming.
fn is_secret_name(raw: &str) -> bool {
    if raw.len() > 3 * SECRET_PARAM.len() + 8 {
        // Even fully percent-encoded and padded, a longer name cannot decode to it.
        return false;
    }
    let spaced = raw.replace('+', " ");
    let decoded = percent_decode_str(&spaced).decode_utf8_lossy();
    decoded.trim().eq_ignore_ascii_case(SECRET_PARAM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expect: &str) {
        let uri: http::Uri = input.parse().unwrap();
        assert_eq!(redact_uri(&uri), expect, "input: {input}");
        assert_eq!(format!("{:?}", RedactedUri(&uri)), expect);
    }

    #[test]
    fn masks_usersig_anywhere() {
        check("https://h/p?usersig=S", "https://h/p?usersig=***");
        check(
            "https://h/p?a=1&usersig=S&b=2",
            "https://h/p?a=1&usersig=***&b=2",
        );
        check("https://h/p?a=1&usersig=S", "https://h/p?a=1&usersig=***");
        check(
            "https://h:8443/p?usersig=S&a=1",
            "https://h:8443/p?usersig=***&a=1",
        );
    }

    #[test]
    fn masks_case_insensitive_and_encoded_names() {
        check("https://h/p?UserSig=S", "https://h/p?UserSig=***");
        check("https://h/p?USERSIG=S", "https://h/p?USERSIG=***");
        check("https://h/p?user%73ig=S", "https://h/p?user%73ig=***");
        check(
            "https://h/p?%75%73%65%72%53%49%47=S",
            "https://h/p?%75%73%65%72%53%49%47=***",
        );
        check("https://h/p?+usersig+=S", "https://h/p?+usersig+=***");
    }

    #[test]
    fn masks_repeated_and_semicolon_separated() {
        check(
            "https://h/p?usersig=A&x=1&usersig=B;usersig=C",
            "https://h/p?usersig=***&x=1&usersig=***;usersig=***",
        );
    }

    #[test]
    fn value_containing_equals_and_encoded_bytes_is_masked_whole() {
        check(
            "https://h/p?usersig=a=b%3D*c&z=1",
            "https://h/p?usersig=***&z=1",
        );
    }

    #[test]
    fn keeps_other_parameters_and_empty_values() {
        check(
            "https://h/p?usersigs=1&xusersig=2",
            "https://h/p?usersigs=1&xusersig=2",
        );
        check("https://h/p?usersig=&a", "https://h/p?usersig=&a");
        check("https://h/p?usersig", "https://h/p?usersig");
        check("https://h/p?&&a=1&", "https://h/p?&&a=1&");
        check("https://h/p", "https://h/p");
        check("https://h", "https://h/");
        check("/v4/a/b?usersig=S", "/v4/a/b?usersig=***");
    }

    #[test]
    fn masks_userinfo() {
        check(
            "http://user:pw@127.0.0.1:80/p?a=1",
            "http://***@127.0.0.1:80/p?a=1",
        );
    }

    #[test]
    fn request_debug_masks_credentials() {
        let mut sensitive = http::HeaderValue::from_static("HIDDEN");
        sensitive.set_sensitive(true);
        let request = http::Request::post("https://h/v4/a/b?usersig=SIG")
            .header("authorization", "Basic CRED")
            .header("x-usersig", "X")
            .header("usersig", "HDR")
            .header("x-custom", sensitive)
            .header("content-type", "application/json")
            .body(bytes::Bytes::from_static(b"BODY"))
            .unwrap();
        let debug = format!("{:?}", RedactedRequest(&request));
        for secret in ["SIG", "CRED", "HIDDEN", "HDR", "BODY"] {
            assert!(!debug.contains(secret), "{secret} in {debug}");
        }
        assert!(debug.contains("application/json"), "{debug}");
        assert_eq!(
            describe_request(&request),
            "POST https://h/v4/a/b?usersig=***"
        );
    }
}
