//! The two secret-bearing string types: [`SecretKey`] and [`UserSig`].

use alloc::string::String;
use core::fmt;

/// The application's secret key from the console.
///
/// The key is used as its raw text bytes (it is *not* hex-decoded), exactly like every
/// official library.
/// `Debug` and `Display` print `SecretKey(<redacted>)`, never the value, and its memory is
/// zeroed when it is dropped (the `zeroize` crate, which works without std).
///
/// # Examples
///
/// ```
/// use im_sig::SecretKey;
///
/// let key = SecretKey::new("5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e");
/// assert_eq!(format!("{key:?}"), "SecretKey(<redacted>)");
/// assert_eq!(key.to_string(), "SecretKey(<redacted>)");
/// assert_eq!(key.as_bytes().len(), 64);
/// ```
#[derive(Clone, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
pub struct SecretKey(String);

impl SecretKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key bytes used for the HMAC (the UTF-8 bytes of the text).
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// The key text. The name is a reminder that the result must not be logged.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Whether the key is empty (generation refuses an empty key).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl PartialEq for SecretKey {
    /// Constant-time over the bytes, so comparing keys leaks nothing through timing.
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.as_bytes(), other.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl Eq for SecretKey {}

impl From<String> for SecretKey {
    fn from(key: String) -> Self {
        Self(key)
    }
}

impl From<&str> for SecretKey {
    fn from(key: &str) -> Self {
        Self(key.into())
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// A UserSig string (or a PrivateMapKey, which has the same form).
///
/// It is a bearer credential, so `Debug` prints only its length and there is no `Display`:
/// use [`UserSig::as_str`] where the value is really needed (for example to build the
/// `usersig=` query parameter).
///
/// # Examples
///
/// ```
/// use im_sig::UserSig;
///
/// let sig = UserSig::from(String::from("eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIk"));
/// assert_eq!(format!("{sig:?}"), "UserSig(<redacted, 44 chars>)");
/// assert!(sig.as_str().starts_with("eJyr"));
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UserSig(String);

impl UserSig {
    /// Wraps a UserSig string (no validation; see [`crate::decode`]).
    pub fn from_string(usersig: String) -> Self {
        Self(usersig)
    }

    /// The UserSig text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The UserSig text, owned.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The length in characters (bytes; a UserSig is ASCII).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for UserSig {
    fn from(usersig: String) -> Self {
        Self(usersig)
    }
}

impl From<&str> for UserSig {
    fn from(usersig: &str) -> Self {
        Self(usersig.into())
    }
}

impl From<UserSig> for String {
    fn from(usersig: UserSig) -> Self {
        usersig.0
    }
}

impl fmt::Debug for UserSig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UserSig(<redacted, {} chars>)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn secrets_are_redacted() {
        let key = SecretKey::new("super-secret");
        assert!(!format!("{key:?}{key}").contains("super"));
        let sig = UserSig::from("abcdef");
        assert_eq!(format!("{sig:?}"), "UserSig(<redacted, 6 chars>)");
    }
}
