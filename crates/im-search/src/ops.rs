//! Typed operations, one module per API, and what they share: the regions offering cloud
//! search and the region check every operation makes first.

use im_client::{Error, Region};

pub use im_proto::open_search::get_no_visibility::HiddenObject;

macro_rules! operations {
    ($($module:ident,)*) => {
        $(
            mod $module;
            #[allow(
                unused_imports,
                unreachable_pub,
                reason = "one glob per API; only some operations have public types"
            )]
            pub use $module::*;
        )*
    };
}

operations! {
    set_visibility,
    get_no_visibility,
}

/// The regions offering cloud search (every page: "当前仅支持中国和新加坡").
pub const SEARCH_REGIONS: &[Region] = &[Region::China, Region::Singapore];

/// Which search an object is hidden from (`SetType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SearchKind {
    /// User search (`SetType` 1).
    Users,
    /// Group search (`SetType` 2).
    Groups,
    /// Group member search (`SetType` 3).
    Members,
}

impl SearchKind {
    /// The `SetType` number.
    pub const fn set_type(self) -> i64 {
        match self {
            SearchKind::Users => 1,
            SearchKind::Groups => 2,
            SearchKind::Members => 3,
        }
    }
}

/// Refuses, before sending, a client whose region has no cloud search.
pub(crate) fn in_search_region(client: &im_client::Client) -> Result<(), Error> {
    client.require_region("cloud search", SEARCH_REGIONS)
}

impl crate::Client {
    /// Whether this client may use cloud search: its region is one of [`SEARCH_REGIONS`], or
    /// it has an explicit endpoint (every operation checks this first).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] with [`im_client::ConfigError::RegionUnsupported`] otherwise.
    pub fn check_region(&self) -> Result<(), Error> {
        in_search_region(self)
    }
}
