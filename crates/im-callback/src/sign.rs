//! Callback authentication: `Sign = lowercase hex SHA-256(token ‖ RequestTime)`, the query
//! parameters a callback URL carries, and the [`Verifier`] an app checks them with.

use core::fmt;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::replay::{self, Admitted, ReplayCache};

/// The default replay window: a `RequestTime` more than this many seconds from now is stale.
pub const DEFAULT_WINDOW_SECS: u64 = 60;

/// The callback token set in the console. Never printed: `Debug` shows `Token(<redacted>)`,
/// and its memory is zeroed on drop.
#[derive(Clone)]
pub struct Token(Zeroizing<String>);

impl Token {
    /// Wraps a token (surrounding whitespace is trimmed).
    pub fn new(token: impl Into<String>) -> Self {
        let token = token.into();
        Token(Zeroizing::new(token.trim().to_owned()))
    }

    /// The token, for signing.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// The `Sign` of a callback sent at `request_time` (Unix seconds) with `token`: the lowercase
/// hex SHA-256 of the token followed by the decimal time.
///
/// ```
/// use im_callback::{Token, sign};
/// assert_eq!(
///     sign(&Token::new("xxxxyyyy"), 1669872112),
///     "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061"
/// );
/// ```
pub fn sign(token: &Token, request_time: u64) -> String {
    let mut hash = Sha256::new();
    hash.update(token.expose_secret().as_bytes());
    hash.update(request_time.to_string().as_bytes());
    hex(&hash.finalize())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// The query parameters of a callback URL, percent-decoded (the first occurrence of a repeated
/// one wins; unknown ones are ignored).
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallbackQuery {
    /// `SdkAppid`.
    pub sdkappid: Option<String>,
    /// `CallbackCommand`.
    pub callback_command: Option<String>,
    /// `contenttype` (`json`).
    pub contenttype: Option<String>,
    /// `ClientIP`: the client's address (absent on some callbacks).
    pub client_ip: Option<String>,
    /// `OptPlatform`: `RESTAPI`, `Web`, `Android`, `iOS`, `Windows`, `macOS`, `iPad`,
    /// `Unknown`.
    pub opt_platform: Option<String>,
    /// `Sign` (with callback authentication on).
    pub sign: Option<String>,
    /// `RequestTime` (with callback authentication on), Unix seconds as given.
    pub request_time: Option<String>,
}

impl CallbackQuery {
    /// Parses the query string of a callback URL (without the `?`).
    pub fn parse(query: &str) -> Self {
        let mut q = CallbackQuery::default();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let slot = match key {
                "SdkAppid" => &mut q.sdkappid,
                "CallbackCommand" => &mut q.callback_command,
                "contenttype" => &mut q.contenttype,
                "ClientIP" => &mut q.client_ip,
                "OptPlatform" => &mut q.opt_platform,
                "Sign" => &mut q.sign,
                "RequestTime" => &mut q.request_time,
                _ => continue,
            };
            if slot.is_none() {
                let decoded = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
                *slot = Some(decoded.into_owned());
            }
        }
        q
    }

    /// The parameters that are set, as `(name, value)` pairs in the order the service sends
    /// them (`SdkAppid`, `CallbackCommand`, `contenttype`, `ClientIP`, `OptPlatform`, `Sign`,
    /// `RequestTime`), not percent-encoded: for a sender to append to a URL's query with a
    /// URL builder (such as `url::Url::query_pairs_mut`), which [`CallbackQuery::parse`]
    /// reads back.
    ///
    /// ```
    /// use im_callback::CallbackQuery;
    ///
    /// let mut query = CallbackQuery::default();
    /// query.sdkappid = Some("1400000000".into());
    /// query.callback_command = Some("State.StateChange".into());
    /// let pairs: Vec<_> = query.pairs().collect();
    /// assert_eq!(pairs, [("SdkAppid", "1400000000"), ("CallbackCommand", "State.StateChange")]);
    /// ```
    pub fn pairs(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("SdkAppid", &self.sdkappid),
            ("CallbackCommand", &self.callback_command),
            ("contenttype", &self.contenttype),
            ("ClientIP", &self.client_ip),
            ("OptPlatform", &self.opt_platform),
            ("Sign", &self.sign),
            ("RequestTime", &self.request_time),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value.as_deref()?)))
    }
}

impl fmt::Debug for CallbackQuery {
    /// Every parameter but `Sign`, which shows as `<redacted>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackQuery")
            .field("sdkappid", &self.sdkappid)
            .field("callback_command", &self.callback_command)
            .field("contenttype", &self.contenttype)
            .field("client_ip", &self.client_ip)
            .field("opt_platform", &self.opt_platform)
            .field("sign", &self.sign.as_ref().map(|_| "<redacted>"))
            .field("request_time", &self.request_time)
            .finish()
    }
}

/// Why a callback was refused. `Display` never shows the token or the `Sign`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// No `SdkAppid` in the URL.
    #[error("the callback URL has no SdkAppid")]
    MissingSdkAppid,
    /// `SdkAppid` is another app's.
    #[error("SdkAppid {got:?} is not this app's ({expected})")]
    WrongApp {
        /// The `SdkAppid` given.
        got: String,
        /// This app's.
        expected: u64,
    },
    /// No `Sign` although callback authentication is on.
    #[error("the callback URL has no Sign (is callback authentication on in the console?)")]
    MissingSign,
    /// No `RequestTime` although callback authentication is on.
    #[error("the callback URL has no RequestTime")]
    MissingRequestTime,
    /// `RequestTime` is not a number of seconds.
    #[error("RequestTime {0:?} is not a Unix time in seconds")]
    BadRequestTime(String),
    /// `Sign` does not match the token and `RequestTime`.
    #[error("Sign does not match the token and RequestTime")]
    BadSign,
    /// `RequestTime` is outside the replay window.
    #[error("RequestTime {request_time} is {off} s from now ({now}), over the {window} s window")]
    Stale {
        /// The `RequestTime`.
        request_time: u64,
        /// The receiver's clock.
        now: u64,
        /// How far apart they are, in seconds.
        off: u64,
        /// The window.
        window: u64,
    },
    /// The same callback (`Sign`, `RequestTime` and body) was accepted before, within its
    /// window (with a [`ReplayCache`]).
    #[error(
        "a repeat of a callback already accepted (same Sign, RequestTime {request_time} and body): refused within the {window} s window"
    )]
    Replayed {
        /// The `RequestTime`.
        request_time: u64,
        /// The window.
        window: u64,
    },
}

impl VerifyError {
    /// A short label (`missing_sign`, `bad_sign`, `stale`...), e.g. for counting refusals.
    pub fn label(&self) -> &'static str {
        match self {
            VerifyError::MissingSdkAppid => "missing_sdkappid",
            VerifyError::WrongApp { .. } => "wrong_app",
            VerifyError::MissingSign => "missing_sign",
            VerifyError::MissingRequestTime => "missing_request_time",
            VerifyError::BadRequestTime(_) => "bad_request_time",
            VerifyError::BadSign => "bad_sign",
            VerifyError::Stale { .. } => "stale",
            VerifyError::Replayed { .. } => "replayed",
        }
    }
}

/// Checks callbacks for one app: its `SdkAppid`, and (with a token) `Sign` and the freshness
/// of `RequestTime`; with a [`ReplayCache`], also that a callback is not a repeat.
///
/// A signed callback is replayable until its window ends: its `Sign` proves the token and
/// `RequestTime`, not the body, and nothing in it is unique. Without a replay cache, the same
/// callback posted again within the window (60 s either way by default) verifies again.
#[derive(Clone, Debug)]
pub struct Verifier {
    sdkappid: u64,
    token: Option<Token>,
    window_secs: u64,
    replays: Option<Arc<ReplayCache>>,
}

impl Verifier {
    /// A verifier of `sdkappid`'s callbacks signed with `token`, with the 60 s window.
    pub fn new(sdkappid: u64, token: Token) -> Self {
        Verifier {
            sdkappid,
            token: Some(token),
            window_secs: DEFAULT_WINDOW_SECS,
            replays: None,
        }
    }

    /// A verifier for an app with callback authentication off: only `SdkAppid` is checked, so
    /// anyone who knows the URL can send events. Prefer [`Verifier::new`].
    pub fn without_sign(sdkappid: u64) -> Self {
        Verifier {
            sdkappid,
            token: None,
            window_secs: DEFAULT_WINDOW_SECS,
            replays: None,
        }
    }

    /// Sets the replay window (how far `RequestTime` may be from now, either way).
    pub fn window_secs(mut self, secs: u64) -> Self {
        self.window_secs = secs;
        self
    }

    /// Refuses repeats with `cache` ([`Verifier::check_replay`]); clones of this verifier
    /// share it. Only signed callbacks are remembered: without a token there is no `Sign`.
    pub fn replay_cache(mut self, cache: ReplayCache) -> Self {
        self.replays = Some(Arc::new(cache));
        self
    }

    /// The app.
    pub fn sdkappid(&self) -> u64 {
        self.sdkappid
    }

    /// The replay window, in seconds.
    pub fn window(&self) -> u64 {
        self.window_secs
    }

    /// Checks `query` at `now` (Unix seconds): the app, then the signature (constant time),
    /// then the freshness.
    ///
    /// # Errors
    ///
    /// The [`VerifyError`] of the first check that fails.
    pub fn verify(&self, query: &CallbackQuery, now: u64) -> Result<(), VerifyError> {
        let sdkappid = query
            .sdkappid
            .as_deref()
            .ok_or(VerifyError::MissingSdkAppid)?;
        if sdkappid.trim().parse::<u64>().ok() != Some(self.sdkappid) {
            return Err(VerifyError::WrongApp {
                got: sdkappid.to_owned(),
                expected: self.sdkappid,
            });
        }
        let Some(token) = &self.token else {
            return Ok(());
        };
        let given = query.sign.as_deref().ok_or(VerifyError::MissingSign)?;
        let time_text = query
            .request_time
            .as_deref()
            .ok_or(VerifyError::MissingRequestTime)?;
        let time: u64 = time_text
            .trim()
            .parse()
            .map_err(|_| VerifyError::BadRequestTime(time_text.to_owned()))?;
        let expected = sign(token, time);
        let given = given.trim().to_ascii_lowercase();
        if !bool::from(expected.as_bytes().ct_eq(given.as_bytes())) {
            return Err(VerifyError::BadSign);
        }
        let off = now.abs_diff(time);
        if off > self.window_secs {
            return Err(VerifyError::Stale {
                request_time: time,
                now,
                off,
                window: self.window_secs,
            });
        }
        Ok(())
    }

    /// After [`Verifier::verify`] accepted `query`: with a [`ReplayCache`], refuses the
    /// callback if the same one (`Sign`, `RequestTime` and `body`) was accepted before within
    /// its window, and otherwise remembers it until the window ends. Without a cache, or for
    /// an unsigned callback, lets it through.
    ///
    /// ```
    /// use im_callback::{CallbackQuery, ReplayCache, Token, Verifier, VerifyError, sign};
    ///
    /// let token = Token::new("xxxxyyyy");
    /// let query = CallbackQuery::parse(&format!(
    ///     "SdkAppid=1400000000&CallbackCommand=State.StateChange&Sign={}&RequestTime=1669872112",
    ///     sign(&token, 1669872112)
    /// ));
    /// let verifier = Verifier::new(1400000000, token).replay_cache(ReplayCache::new());
    /// let body = br#"{"CallbackCommand":"State.StateChange"}"#;
    /// verifier.verify(&query, 1669872113)?;
    /// verifier.check_replay(&query, body, 1669872113)?;
    /// // The same callback again: verified, but a repeat.
    /// verifier.verify(&query, 1669872120)?;
    /// assert!(matches!(
    ///     verifier.check_replay(&query, body, 1669872120),
    ///     Err(VerifyError::Replayed { .. })
    /// ));
    /// # Ok::<(), VerifyError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`VerifyError::Replayed`] for a repeat; [`VerifyError::BadRequestTime`] if
    /// `RequestTime` is not a number (which [`Verifier::verify`] refuses first).
    pub fn check_replay(
        &self,
        query: &CallbackQuery,
        body: &[u8],
        now: u64,
    ) -> Result<Admitted, VerifyError> {
        let (Some(cache), Some(_), Some(given), Some(time_text)) = (
            &self.replays,
            &self.token,
            query.sign.as_deref(),
            query.request_time.as_deref(),
        ) else {
            return Ok(Admitted::unrecorded());
        };
        let time: u64 = time_text
            .trim()
            .parse()
            .map_err(|_| VerifyError::BadRequestTime(time_text.to_owned()))?;
        let until = time.saturating_add(self.window_secs);
        let key = replay::key(given, time, body);
        Admitted::record(cache, key, until, now).ok_or(VerifyError::Replayed {
            request_time: time,
            window: self.window_secs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: u64 = 1_669_872_112;

    fn query(sdkappid: &str, sign: Option<&str>, time: Option<&str>) -> CallbackQuery {
        let mut text =
            format!("SdkAppid={sdkappid}&CallbackCommand=State.StateChange&contenttype=json");
        if let Some(sign) = sign {
            text.push_str(&format!("&Sign={sign}"));
        }
        if let Some(time) = time {
            text.push_str(&format!("&RequestTime={time}"));
        }
        CallbackQuery::parse(&text)
    }

    #[test]
    fn the_documented_vectors() {
        assert_eq!(
            sign(&Token::new("xxxxyyyy"), T),
            "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061"
        );
        assert_eq!(
            sign(&Token::new("123456A"), T),
            "fb1561b2e2daf6e98d4fcaf7a26d1ed02608f9f9669721f7ead1ff0f7b4f32ca"
        );
    }

    #[test]
    fn every_check() {
        let v = Verifier::new(1_400_000_000, Token::new("xxxxyyyy"));
        let good = sign(&Token::new("xxxxyyyy"), T);
        let t = T.to_string();
        assert_eq!(
            v.verify(&query("1400000000", Some(&good), Some(&t)), T),
            Ok(())
        );
        assert_eq!(
            v.verify(
                &query("1400000000", Some(&good.to_uppercase()), Some(&t)),
                T + 60
            ),
            Ok(())
        );
        let err = |q: CallbackQuery, now| v.verify(&q, now).unwrap_err().label();
        assert_eq!(
            err(query("1400000001", Some(&good), Some(&t)), T),
            "wrong_app"
        );
        assert_eq!(err(CallbackQuery::parse("Sign=x"), T), "missing_sdkappid");
        assert_eq!(err(query("1400000000", None, Some(&t)), T), "missing_sign");
        assert_eq!(
            err(query("1400000000", Some(&good), None), T),
            "missing_request_time"
        );
        assert_eq!(
            err(query("1400000000", Some(&good), Some("soon")), T),
            "bad_request_time"
        );
        assert_eq!(
            err(
                query("1400000000", Some(&good), Some(&(T + 1).to_string())),
                T
            ),
            "bad_sign"
        );
        let mut tampered = good.clone().into_bytes();
        tampered[0] = if tampered[0] == b'a' { b'b' } else { b'a' };
        assert_eq!(
            err(
                query(
                    "1400000000",
                    Some(std::str::from_utf8(&tampered).unwrap()),
                    Some(&t)
                ),
                T
            ),
            "bad_sign"
        );
        assert_eq!(
            err(query("1400000000", Some(&good), Some(&t)), T + 61),
            "stale"
        );
        assert_eq!(
            err(query("1400000000", Some(&good), Some(&t)), T - 61),
            "stale"
        );
        assert_eq!(
            v.clone()
                .window_secs(120)
                .verify(&query("1400000000", Some(&good), Some(&t)), T + 100),
            Ok(())
        );
        // Without a token only the app is checked.
        let open = Verifier::without_sign(1_400_000_000);
        assert_eq!(open.verify(&query("1400000000", None, None), 0), Ok(()));
    }

    #[test]
    fn secrets_never_print() {
        let token = Token::new("super-secret-token");
        assert_eq!(format!("{token:?}"), "Token(<redacted>)");
        let v = Verifier::new(1, token.clone());
        assert!(!format!("{v:?}").contains("super-secret"));
        let s = sign(&token, T);
        let q = query("1", Some(&s), Some(&T.to_string()));
        assert!(!format!("{q:?}").contains(&s));
        let errors = [VerifyError::BadSign, VerifyError::MissingSign];
        for e in errors {
            assert!(!e.to_string().contains(&s) && !e.to_string().contains("super-secret"));
        }
    }

    #[test]
    fn pairs_read_back() {
        let text = format!(
            "SdkAppid=1&CallbackCommand=State.StateChange&contenttype=json&ClientIP=%3A%3A1&OptPlatform=RESTAPI&Sign={}&RequestTime={T}",
            sign(&Token::new("t"), T)
        );
        let q = CallbackQuery::parse(&text);
        let encoded: Vec<String> = q
            .pairs()
            .map(|(k, v)| format!("{k}={}", v.replace(':', "%3A")))
            .collect();
        assert_eq!(encoded.join("&"), text);
        assert_eq!(CallbackQuery::parse(&encoded.join("&")), q);
        assert_eq!(CallbackQuery::default().pairs().count(), 0);
    }

    #[test]
    fn queries_are_percent_decoded_first_one_wins() {
        let q =
            CallbackQuery::parse("SdkAppid=1&ClientIP=%3A%3A1&ClientIP=2&OptPlatform=RESTAPI&x=y");
        assert_eq!(q.client_ip.as_deref(), Some("::1"));
        assert_eq!(q.opt_platform.as_deref(), Some("RESTAPI"));
        assert_eq!(q.sign, None);
    }
}
