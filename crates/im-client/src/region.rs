//! Data-centre regions and custom base URLs.

use std::fmt;
use std::str::FromStr;

use http::Uri;

/// The data centre an SDKAppID lives in; each has a primary and a backup domain
/// (`rest-api.md` §1.2). Calling the wrong region answers 70016 or 70020.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Region {
    /// China: `console.tim.qq.com`.
    #[default]
    China,
    /// Singapore: `adminapisgp.im.qcloud.com`.
    Singapore,
    /// Seoul: `adminapikr.im.qcloud.com`.
    Seoul,
    /// Tokyo: `adminapijpn.im.qcloud.com`.
    Tokyo,
    /// Frankfurt: `adminapiger.im.qcloud.com`.
    Frankfurt,
    /// Mumbai (India): `adminapiind.im.qcloud.com`.
    Mumbai,
    /// Silicon Valley (USA): `adminapiusa.im.qcloud.com`.
    SiliconValley,
    /// Jakarta (Indonesia): `adminapiidn.im.qcloud.com`.
    Jakarta,
}

impl Region {
    /// All regions.
    pub const ALL: [Region; 8] = [
        Region::China,
        Region::Singapore,
        Region::Seoul,
        Region::Tokyo,
        Region::Frankfurt,
        Region::Mumbai,
        Region::SiliconValley,
        Region::Jakarta,
    ];

    /// The primary domain.
    pub const fn primary_host(self) -> &'static str {
        match self {
            Region::China => "console.tim.qq.com",
            Region::Singapore => "adminapisgp.im.qcloud.com",
            Region::Seoul => "adminapikr.im.qcloud.com",
            Region::Tokyo => "adminapijpn.im.qcloud.com",
            Region::Frankfurt => "adminapiger.im.qcloud.com",
            Region::Mumbai => "adminapiind.im.qcloud.com",
            Region::SiliconValley => "adminapiusa.im.qcloud.com",
            Region::Jakarta => "adminapiidn.im.qcloud.com",
        }
    }

    /// The backup domain, for when the primary cannot be reached (e.g. DNS hijacking).
    pub const fn backup_host(self) -> &'static str {
        match self {
            Region::China => "adminapi.my-imcloud.com",
            Region::Singapore => "adminapisgp.my-imcloud.com",
            Region::Seoul => "adminapikr.my-imcloud.com",
            Region::Tokyo => "adminapijpn.my-imcloud.com",
            Region::Frankfurt => "adminapiger.my-imcloud.com",
            Region::Mumbai => "adminapiind.my-imcloud.com",
            Region::SiliconValley => "adminapiusa.my-imcloud.com",
            Region::Jakarta => "adminapiidn.my-imcloud.com",
        }
    }

    /// The canonical lower-case name (`china`, `singapore`, ..., `silicon-valley`).
    pub const fn name(self) -> &'static str {
        match self {
            Region::China => "china",
            Region::Singapore => "singapore",
            Region::Seoul => "seoul",
            Region::Tokyo => "tokyo",
            Region::Frankfurt => "frankfurt",
            Region::Mumbai => "mumbai",
            Region::SiliconValley => "silicon-valley",
            Region::Jakarta => "jakarta",
        }
    }

    /// Other accepted spellings: the domain code and the country.
    const fn aliases(self) -> &'static [&'static str] {
        match self {
            Region::China => &["cn", "zh"],
            Region::Singapore => &["sgp", "sg"],
            Region::Seoul => &["kr", "korea"],
            Region::Tokyo => &["jpn", "jp", "japan"],
            Region::Frankfurt => &["ger", "de", "germany"],
            Region::Mumbai => &["ind", "in", "india"],
            Region::SiliconValley => &["usa", "us", "siliconvalley", "silicon_valley"],
            Region::Jakarta => &["idn", "id", "indonesia"],
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Region {
    type Err = UnknownRegion;

    /// Parses a region name or alias, ignoring case (`china`, `sgp`, `Silicon-Valley`, `usa`...).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Region::ALL
            .into_iter()
            .find(|r| r.name() == wanted || r.aliases().contains(&wanted.as_str()))
            .ok_or_else(|| UnknownRegion(s.to_owned()))
    }
}

/// A region name that matches no region.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown region {0:?}: expected one of china, singapore, seoul, tokyo, frankfurt, mumbai, silicon-valley, jakarta"
)]
pub struct UnknownRegion(String);

/// Where requests go: a region's domains, or a custom base URL (an emulator, a proxy).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BaseUrl {
    /// `https://{primary}/`, with `https://{backup}/` as the failover target.
    Region(Region),
    /// A custom base URL such as `http://127.0.0.1:41234` (a path prefix is kept), with an
    /// optional failover target.
    Custom {
        /// The base URL.
        primary: Uri,
        /// Where to go when the primary cannot be reached.
        backup: Option<Uri>,
    },
}

impl BaseUrl {
    /// A custom base URL, checked: `http` or `https`, with a host, no query.
    ///
    /// # Errors
    ///
    /// An [`InvalidEndpoint`] naming the URL and what is wrong with it.
    pub fn custom(url: &str) -> Result<Self, InvalidEndpoint> {
        Ok(BaseUrl::Custom {
            primary: parse_base(url)?,
            backup: None,
        })
    }

    /// A custom primary with a custom backup.
    ///
    /// # Errors
    ///
    /// As [`BaseUrl::custom`], for either URL.
    pub fn custom_with_backup(primary: &str, backup: &str) -> Result<Self, InvalidEndpoint> {
        Ok(BaseUrl::Custom {
            primary: parse_base(primary)?,
            backup: Some(parse_base(backup)?),
        })
    }

    /// The `scheme://authority/prefix` string of the primary (no trailing slash).
    pub(crate) fn primary_prefix(&self) -> String {
        match self {
            BaseUrl::Region(r) => format!("https://{}", r.primary_host()),
            BaseUrl::Custom { primary, .. } => prefix(primary),
        }
    }

    /// The same for the backup, when there is one.
    pub(crate) fn backup_prefix(&self) -> Option<String> {
        match self {
            BaseUrl::Region(r) => Some(format!("https://{}", r.backup_host())),
            BaseUrl::Custom { backup, .. } => backup.as_ref().map(prefix),
        }
    }
}

impl Default for BaseUrl {
    fn default() -> Self {
        BaseUrl::Region(Region::China)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.primary_prefix())
    }
}

fn parse_base(url: &str) -> Result<Uri, InvalidEndpoint> {
    let invalid = |problem| InvalidEndpoint {
        url: url.to_owned(),
        problem,
    };
    let uri: Uri = url
        .trim()
        .parse()
        .map_err(|e| invalid(EndpointProblem::Syntax(e)))?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) {
        return Err(invalid(EndpointProblem::Scheme));
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(invalid(EndpointProblem::NoHost));
    }
    if uri.query().is_some() {
        return Err(invalid(EndpointProblem::Query));
    }
    Ok(uri)
}

/// A custom endpoint that cannot be used: `Display` names the URL and the rule it breaks; a URL
/// that does not parse keeps the parser's error as its [`source`](std::error::Error::source).
#[derive(Debug)]
pub struct InvalidEndpoint {
    url: String,
    problem: EndpointProblem,
}

impl InvalidEndpoint {
    /// The URL as given.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl fmt::Display for InvalidEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rule = match self.problem {
            EndpointProblem::Syntax(_) => "is not a valid URL",
            EndpointProblem::Scheme => "must start with https:// (or http:// for a local emulator)",
            EndpointProblem::NoHost => "has no host",
            EndpointProblem::Query => "must not have a query string",
        };
        write!(f, "endpoint {:?} {rule}", self.url)
    }
}

impl std::error::Error for InvalidEndpoint {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.problem {
            EndpointProblem::Syntax(err) => Some(err),
            _ => None,
        }
    }
}

/// What is wrong with an [`InvalidEndpoint`].
#[derive(Debug)]
enum EndpointProblem {
    Syntax(http::uri::InvalidUri),
    Scheme,
    NoHost,
    Query,
}

fn prefix(uri: &Uri) -> String {
    let scheme = uri.scheme_str().unwrap_or("https");
    let authority = uri.authority().map_or("", |a| a.as_str());
    let path = uri.path().trim_end_matches('/');
    format!("{scheme}://{authority}{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_parse_by_name_and_alias() {
        for r in Region::ALL {
            assert_eq!(r.name().parse::<Region>().unwrap(), r);
            assert_eq!(r.name().to_uppercase().parse::<Region>().unwrap(), r);
            assert!(r.primary_host().ends_with(".com"));
            assert!(r.backup_host().contains("my-imcloud.com"));
        }
        assert_eq!("sgp".parse::<Region>().unwrap(), Region::Singapore);
        assert_eq!("USA".parse::<Region>().unwrap(), Region::SiliconValley);
        assert_eq!("india".parse::<Region>().unwrap(), Region::Mumbai);
        let err = "mars".parse::<Region>().unwrap_err();
        assert!(err.to_string().contains("\"mars\""));
    }

    #[test]
    fn custom_urls() {
        let b = BaseUrl::custom("http://127.0.0.1:8080/").unwrap();
        assert_eq!(b.primary_prefix(), "http://127.0.0.1:8080");
        assert_eq!(b.backup_prefix(), None);
        let b = BaseUrl::custom("https://proxy.example/im/").unwrap();
        assert_eq!(b.primary_prefix(), "https://proxy.example/im");
        let refused = |url: &str| BaseUrl::custom(url).unwrap_err();
        let scheme = refused("ftp://x");
        assert_eq!(
            scheme.to_string(),
            r#"endpoint "ftp://x" must start with https:// (or http:// for a local emulator)"#
        );
        assert!(std::error::Error::source(&scheme).is_none());
        let query = refused("http://x/?a=1");
        assert_eq!(
            query.to_string(),
            r#"endpoint "http://x/?a=1" must not have a query string"#
        );
        assert_eq!(query.url(), "http://x/?a=1");
        let syntax = refused("not a url");
        assert_eq!(
            syntax.to_string(),
            r#"endpoint "not a url" is not a valid URL"#
        );
        let cause = std::error::Error::source(&syntax).expect("the parser's error is the source");
        assert!(!cause.to_string().is_empty());
        let r = BaseUrl::Region(Region::Tokyo);
        assert_eq!(r.primary_prefix(), "https://adminapijpn.im.qcloud.com");
        assert_eq!(
            r.backup_prefix().unwrap(),
            "https://adminapijpn.my-imcloud.com"
        );
    }
}
