//! Which hosts plain `http://` may go to.

/// Whether a URL host is loopback: `localhost`, `127.0.0.0/8`, `::1`, or an IPv4-mapped
/// loopback address (brackets and a trailing dot allowed). Plain `http://` is allowed to these
/// only, unless a caller explicitly allows more.
///
/// ```
/// assert!(im_transport::is_loopback_host("127.0.0.2"));
/// assert!(im_transport::is_loopback_host("[::1]"));
/// assert!(!im_transport::is_loopback_host("10.0.0.1"));
/// ```
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(host);
    bare.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.to_canonical().is_loopback())
}
