//! [`AuthQuery`]: the signed query string every REST call carries.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// What a query value keeps unencoded: `A-Z a-z 0-9` and `- _ . ~` (`rest-api.md` §1.1);
/// everything else is percent-encoded, so a UserSig's `*` travels as `%2A`.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The query string of a REST call:
/// `sdkappid=..&identifier=..&usersig=..&random=..&contenttype=json`.
///
/// Both halves of the protocol use it: a client builds one per request with
/// [`AuthQuery::signed`] and [`AuthQuery::encode`]; a server reads one with
/// [`AuthQuery::parse`] and checks each value (a missing or malformed value is the server's to
/// answer, so every field is optional here). Values are percent-encoded with the conservative
/// set (only `A-Z a-z 0-9 - _ . ~` kept) by the `percent-encoding` crate, and decoded without
/// turning `+` into a space (this is not a form encoding; a UserSig has no `+`).
///
/// `Debug` masks the UserSig.
///
/// # Example: a call with only im-proto and im-sig
///
/// ```
/// use im_proto::{Api, AuthQuery, Envelope};
/// use im_sig::{SecretKey, Signer};
///
/// let signer = Signer::new(1_400_000_000, SecretKey::new("your-secret-key"));
/// let usersig = signer.generate_at("administrator", 86_400, 1_700_000_000).unwrap();
/// let query = AuthQuery::signed(1_400_000_000, "administrator", usersig.as_str(), 42);
/// let url = format!(
///     "https://console.tim.qq.com/{}?{}",
///     Api::AccountCheck.metadata().path(),
///     query.encode()
/// );
/// let body = serde_json::json!({"CheckItem": [{"UserID": "alice"}]}).to_string();
/// // POST `body` to `url` with any HTTP client (the API's module has the typed packets), then
/// // decode the answer:
/// # let answer = br#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[]}"#;
/// let envelope: Envelope = serde_json::from_slice(answer).unwrap();
/// assert!(envelope.is_ok());
/// assert!(url.contains("&random=42&contenttype=json"));
///
/// // A server reads the same string back.
/// let parsed = AuthQuery::parse(url.split_once('?').unwrap().1);
/// assert_eq!(parsed.sdkappid_number().unwrap(), 1_400_000_000);
/// assert_eq!(parsed.usersig.as_deref(), Some(usersig.as_str()));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuthQuery<'a> {
    /// `sdkappid`: the app's SDKAppID, in decimal.
    pub sdkappid: Option<Cow<'a, str>>,
    /// `identifier`: the admin account the UserSig was made for.
    pub identifier: Option<Cow<'a, str>>,
    /// `usersig`: the admin's UserSig.
    pub usersig: Option<Cow<'a, str>>,
    /// `random`: a 32-bit unsigned random number, new for each request.
    pub random: Option<Cow<'a, str>>,
    /// `contenttype`: `json`.
    pub contenttype: Option<Cow<'a, str>>,
}

/// A query value a server cannot use.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthQueryError {
    /// The parameter is absent or empty.
    Missing(&'static str),
    /// The parameter is not a number of the required range.
    NotANumber {
        /// The parameter's name.
        name: &'static str,
        /// Its (decoded) value.
        value: String,
    },
}

impl fmt::Display for AuthQueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthQueryError::Missing(name) => write!(f, "{name} is missing from the URL"),
            AuthQueryError::NotANumber { name, value } => {
                write!(f, "{name} {value:?} is not a number of the allowed range")
            }
        }
    }
}

impl std::error::Error for AuthQueryError {}

impl<'a> AuthQuery<'a> {
    /// The query of one request signed for `identifier` with `usersig`, with `contenttype=json`.
    pub fn signed(sdkappid: u64, identifier: &'a str, usersig: &'a str, random: u32) -> Self {
        AuthQuery {
            sdkappid: Some(Cow::Owned(sdkappid.to_string())),
            identifier: Some(Cow::Borrowed(identifier)),
            usersig: Some(Cow::Borrowed(usersig)),
            random: Some(Cow::Owned(random.to_string())),
            contenttype: Some(Cow::Borrowed("json")),
        }
    }

    /// Reads a query string (without the `?`): the five parameters, percent-decoded (invalid
    /// UTF-8 replaced); unknown parameters are ignored and the first occurrence of a name wins.
    pub fn parse(query: &'a str) -> Self {
        let mut q = AuthQuery::default();
        for pair in query.split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let slot = match name {
                "sdkappid" => &mut q.sdkappid,
                "identifier" => &mut q.identifier,
                "usersig" => &mut q.usersig,
                "random" => &mut q.random,
                "contenttype" => &mut q.contenttype,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(percent_decode_str(value).decode_utf8_lossy());
            }
        }
        q
    }

    /// The query string, parameters in the documented order, absent ones left out.
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(320);
        for (name, value) in self.pairs() {
            let Some(value) = value else { continue };
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(name);
            out.push('=');
            out.extend(utf8_percent_encode(value, QUERY_VALUE));
        }
        out
    }

    /// One query value percent-encoded as [`AuthQuery::encode`] does (e.g. to find a UserSig in
    /// text that echoes a URL).
    pub fn encode_value(value: &str) -> String {
        utf8_percent_encode(value, QUERY_VALUE).to_string()
    }

    /// `sdkappid` as a number.
    ///
    /// # Errors
    ///
    /// [`AuthQueryError`] when it is missing, empty or not an unsigned decimal number.
    pub fn sdkappid_number(&self) -> Result<u64, AuthQueryError> {
        number(self.sdkappid.as_deref(), "sdkappid")
    }

    /// `random` as a number.
    ///
    /// # Errors
    ///
    /// [`AuthQueryError`] when it is missing, empty or not a 32-bit unsigned decimal number.
    pub fn random_number(&self) -> Result<u32, AuthQueryError> {
        number(self.random.as_deref(), "random")
    }

    fn pairs(&self) -> [(&'static str, Option<&str>); 5] {
        [
            ("sdkappid", self.sdkappid.as_deref()),
            ("identifier", self.identifier.as_deref()),
            ("usersig", self.usersig.as_deref()),
            ("random", self.random.as_deref()),
            ("contenttype", self.contenttype.as_deref()),
        ]
    }
}

/// A client's signed query string with everything but `random` encoded once: what a client
/// sending many requests with the same UserSig keeps, so that each request only appends its
/// `random`. [`SignedQuery::with_random`] gives exactly [`AuthQuery::encode`]'s string.
///
/// `Debug` masks the UserSig.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedQuery {
    /// `sdkappid=..&identifier=..&usersig=..`, encoded.
    prefix: String,
}

impl SignedQuery {
    /// The query of requests signed for `identifier` with `usersig`.
    pub fn new(sdkappid: u64, identifier: &str, usersig: &str) -> Self {
        let credentials = AuthQuery {
            random: None,
            contenttype: None,
            ..AuthQuery::signed(sdkappid, identifier, usersig, 0)
        };
        SignedQuery {
            prefix: credentials.encode(),
        }
    }

    /// The whole query string of one request.
    pub fn with_random(&self, random: u32) -> String {
        let mut out = String::with_capacity(self.prefix.len() + 40);
        out.push_str(&self.prefix);
        out.push_str("&random=");
        out.push_str(itoa::Buffer::new().format(random));
        out.push_str("&contenttype=json");
        out
    }
}

impl fmt::Debug for SignedQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedQuery").finish_non_exhaustive()
    }
}

fn number<T: std::str::FromStr>(
    value: Option<&str>,
    name: &'static str,
) -> Result<T, AuthQueryError> {
    match value {
        None | Some("") => Err(AuthQueryError::Missing(name)),
        Some(v) => v.parse().map_err(|_| AuthQueryError::NotANumber {
            name,
            value: v.to_owned(),
        }),
    }
}

impl fmt::Debug for AuthQuery<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthQuery")
            .field("sdkappid", &self.sdkappid)
            .field("identifier", &self.identifier)
            .field("usersig", &self.usersig.as_ref().map(|_| "<redacted>"))
            .field("random", &self.random)
            .field("contenttype", &self.contenttype)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_keeps_only_unreserved() {
        assert_eq!(AuthQuery::encode_value("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(AuthQuery::encode_value("x*y+z/="), "x%2Ay%2Bz%2F%3D");
        assert_eq!(AuthQuery::encode_value("名"), "%E5%90%8D");
        let q = AuthQuery::signed(1_400_000_000, "admin+1", "eJw*sig-_", 7);
        assert_eq!(
            q.encode(),
            "sdkappid=1400000000&identifier=admin%2B1&usersig=eJw%2Asig-_&random=7&contenttype=json"
        );
    }

    #[test]
    fn parse_decodes_and_the_first_occurrence_wins() {
        let q = AuthQuery::parse(
            "usersig=a%2Ab+c&sdkappid=1&sdkappid=2&identifier=&random=x&other=1&contenttype",
        );
        assert_eq!(q.usersig.as_deref(), Some("a*b+c"));
        assert_eq!(q.sdkappid_number(), Ok(1));
        assert_eq!(q.identifier.as_deref(), Some(""));
        assert_eq!(q.contenttype.as_deref(), Some(""));
        assert_eq!(
            q.random_number(),
            Err(AuthQueryError::NotANumber {
                name: "random",
                value: "x".into()
            })
        );
        assert_eq!(
            AuthQuery::parse("").sdkappid_number(),
            Err(AuthQueryError::Missing("sdkappid"))
        );
        assert!(
            AuthQuery::parse("random=4294967296")
                .random_number()
                .is_err()
        );
        let round = AuthQuery::signed(5, "名 x", "s*", 9);
        let encoded = round.encode();
        assert_eq!(AuthQuery::parse(&encoded), round);
    }

    #[test]
    fn a_signed_query_gives_the_same_string() {
        for (id, sig, random) in [("admin+1", "eJw*sig-_", 7), ("名", "x", u32::MAX)] {
            let query = SignedQuery::new(1_400_000_000, id, sig);
            assert_eq!(
                query.with_random(random),
                AuthQuery::signed(1_400_000_000, id, sig, random).encode()
            );
            assert!(!format!("{query:?}").contains(sig));
        }
    }

    #[test]
    fn debug_masks_the_usersig() {
        let q = AuthQuery::signed(1, "admin", "secret-usersig", 2);
        let text = format!("{q:?}");
        assert!(!text.contains("secret-usersig"), "{text}");
        assert!(text.contains("admin"));
    }
}
