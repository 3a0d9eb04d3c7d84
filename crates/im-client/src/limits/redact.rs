//! Rate store URLs with their credentials masked, in every form Redis URLs take: the user
//! information of `redis://USER:PASSWORD@HOST` and `rediss://...`, the `pass`/`user` query
//! values of `redis+unix:///PATH?pass=...` and `unix:///PATH?pass=...`, any other query value
//! or fragment that could hold one, and strings that are no URL at all.

use std::fmt;

/// Query keys whose values are shown as given: they never hold a credential.
const SHOWN_QUERY_VALUES: [&str; 2] = ["db", "protocol"];

/// Query keys shown as given (their values masked): any other key may be a piece of a
/// password with an unescaped `&`.
const SHOWN_QUERY_KEYS: [&str; 6] = ["db", "protocol", "user", "pass", "username", "password"];

/// The only fragment a Redis URL takes (`rediss://HOST/#insecure`).
const SHOWN_FRAGMENT: &str = "insecure";

/// What replaces a masked part.
const MASK: &str = "***";

/// A rate store URL for display, with every credential masked: the user information
/// (`redis://***@host:6379/0`), the query values other than `db` and `protocol`
/// (`redis+unix:///run/redis.sock?db=0&pass=***`) and any fragment but `#insecure`. A string
/// that does not parse as a Redis URL shows at most its scheme and what follows its last `@`.
///
/// # Examples
///
/// ```
/// use im_client::RedactedStoreUrl;
///
/// let shown = RedactedStoreUrl("redis://app:hunter2@10.0.0.5:6379/0").to_string();
/// assert_eq!(shown, "redis://***@10.0.0.5:6379/0");
/// let shown = RedactedStoreUrl("redis+unix:///run/redis.sock?db=1&pass=hunter2").to_string();
/// assert_eq!(shown, "redis+unix:///run/redis.sock?db=1&pass=***");
/// ```
#[derive(Clone, Copy)]
pub struct RedactedStoreUrl<'a>(pub &'a str);

impl fmt::Display for RedactedStoreUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_url(self.0))
    }
}

impl fmt::Debug for RedactedStoreUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&redact_url(self.0), f)
    }
}

/// `text` with every credential masked (see [`RedactedStoreUrl`]).
pub(crate) fn redact_url(text: &str) -> String {
    // The URL type is redis' parser's (the url crate's); it is only used here, unnamed.
    let Some(mut url) = redis::parse_redis_url(text) else {
        return redact_unparsed(text);
    };
    let has_user_info = !url.username().is_empty() || url.password().is_some();
    if text.contains('@') && !has_user_info {
        // An `@` the parser did not take for the end of the user information: a password
        // with an unescaped `/` (`redis://u:12/34@host`) leaves its pieces in the host or path.
        return redact_unparsed(text);
    }
    if has_user_info {
        // Both at once: a lone user name is often a password given without its colon.
        if url.set_password(None).is_err() || url.set_username(MASK).is_err() {
            return redact_unparsed(text);
        }
    }
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(key, value)| {
                let key = key.as_ref();
                let value = match SHOWN_QUERY_VALUES.contains(&key) {
                    true => value.into_owned(),
                    false => MASK.to_owned(),
                };
                let key = match SHOWN_QUERY_KEYS.contains(&key) {
                    true => key.to_owned(),
                    false => MASK.to_owned(),
                };
                (key, value)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    if url.fragment().is_some_and(|f| f != SHOWN_FRAGMENT) {
        url.set_fragment(Some(MASK));
    }
    url.into()
}

/// A string that is no Redis URL: its scheme (when it has one) and what follows its last `@`
/// when nothing else could hold a credential; else only the scheme.
fn redact_unparsed(text: &str) -> String {
    let (scheme, rest) = match text.split_once("://") {
        Some((scheme, rest)) if is_scheme(scheme) => (Some(scheme), rest),
        _ => (None, text),
    };
    let prefix = scheme.map(|s| format!("{s}://")).unwrap_or_default();
    match rest.rfind('@') {
        // A query or a fragment, or a colon with no `@` (`redis://user:password`): anything
        // may be a piece of a password.
        _ if rest.contains(['?', '#']) => format!("{prefix}{MASK}"),
        Some(at) => format!("{prefix}{MASK}{}", &rest[at..]),
        None if rest.contains(':') => format!("{prefix}{MASK}"),
        None => format!("{prefix}{rest}"),
    }
}

fn is_scheme(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 24, item 16: every form a Redis password takes in a URL is masked.
    #[test]
    fn every_form_of_a_password_is_masked() {
        let cases = [
            (
                "redis://user:hunter2@127.0.0.1:6379/0",
                "redis://***@127.0.0.1:6379/0",
            ),
            ("redis://:hunter2@127.0.0.1/0", "redis://***@127.0.0.1/0"),
            ("redis://hunter2@127.0.0.1/0", "redis://***@127.0.0.1/0"),
            (
                "rediss://user:hunter2@cache.example:6380/1",
                "rediss://***@cache.example:6380/1",
            ),
            (
                "rediss://user:hunter2@cache.example/#insecure",
                "rediss://***@cache.example/#insecure",
            ),
            ("valkey://u:hunter2@[::1]:6379", "valkey://***@[::1]:6379"),
            (
                "redis://u:hun%40ter2@127.0.0.1/0",
                "redis://***@127.0.0.1/0",
            ),
            ("redis://u:hun@ter2@127.0.0.1/0", "redis://***@127.0.0.1/0"),
            (
                "redis+unix:///run/redis.sock?db=1&pass=hunter2",
                "redis+unix:///run/redis.sock?db=1&pass=***",
            ),
            (
                "redis+unix:///run/redis.sock?user=app&pass=hunter2&protocol=3",
                "redis+unix:///run/redis.sock?user=***&pass=***&protocol=3",
            ),
            (
                "unix:///run/redis.sock?pass=hunter2",
                "unix:///run/redis.sock?pass=***",
            ),
            (
                "unix:///run/redis.sock?password=hunter2",
                "unix:///run/redis.sock?password=***",
            ),
            (
                "redis+unix:///run/redis.sock?pass=hun%26ter2",
                "redis+unix:///run/redis.sock?pass=***",
            ),
            (
                "redis://127.0.0.1/0?password=hunter2",
                "redis://127.0.0.1/0?password=***",
            ),
            ("redis://127.0.0.1/0#hunter2", "redis://127.0.0.1/0#***"),
            (
                "mysql://user:hunter2@127.0.0.1/0",
                "mysql://***@127.0.0.1/0",
            ),
            (
                "unix://u:hunter2@/run/redis.sock",
                "unix://***@/run/redis.sock",
            ),
            ("user:hunter2@127.0.0.1", "***@127.0.0.1"),
            ("redis://u:hunter2#x@127.0.0.1", "redis://***"),
            ("http://h/x?pass=hunter2", "http://***"),
            ("redis://u:hun?ter2@127.0.0.1", "redis://***"),
            (
                "redis://u:1234/hunter2@127.0.0.1/0",
                "redis://***@127.0.0.1/0",
            ),
            ("redis://user:hunter2", "redis://***"),
            (
                "redis+unix:///run/redis.sock?pass=hun&ter2",
                "redis+unix:///run/redis.sock?pass=***&***=***",
            ),
        ];
        for (url, shown) in cases {
            let redacted = RedactedStoreUrl(url).to_string();
            assert_eq!(redacted, shown, "{url}");
            for part in ["hunter2", "hun", "ter2", "1234"] {
                assert!(!redacted.contains(part), "{url} → {redacted}");
                let debug = format!("{:?}", RedactedStoreUrl(url));
                assert!(!debug.contains(part), "{url} → {debug}");
            }
        }
    }

    #[test]
    fn urls_without_credentials_show_as_given() {
        for url in [
            "redis://127.0.0.1:6379/0",
            "redis+unix:///run/redis.sock?db=2",
            "rediss://cache.example/#insecure",
            "not a url",
        ] {
            assert_eq!(RedactedStoreUrl(url).to_string(), url);
        }
    }
}
