//! Looking a code up in the generated table of every documented code.

use crate::{Api, CodeInfo, CodeScope, ErrorCode, Service};

impl ErrorCode {
    /// Every documented code: the common table, then each API's own codes in [`Api::ALL`]
    /// order.
    pub fn all() -> impl Iterator<Item = &'static CodeInfo> {
        crate::table::CODES.iter()
    }

    /// The table entry for a documented code; `None` for an unknown one. Where services give
    /// the number different meanings, the common one, else the first service's in the order of
    /// the documentation: use [`ErrorCode::info_for`] when the API is known.
    pub fn info(self) -> Option<&'static CodeInfo> {
        // The tables are small (about 100 rows); a linear scan is as fast as a map here.
        ErrorCode::all().find(|info| info.code == self.get())
    }

    /// The meaning of this code in an answer of `api`: the entry whose scope lists the API,
    /// else the common one, else the entry of the API's service, else [`ErrorCode::info`].
    ///
    /// ```
    /// use im_proto::{Api, ErrorCode, Service};
    /// let code = ErrorCode::from(10004);
    /// assert_eq!(code.info_for(Api::CreateRobot).unwrap().service, Some(Service::Robot));
    /// ```
    pub fn info_for(self, api: Api) -> Option<&'static CodeInfo> {
        let same = || {
            crate::table::CODES
                .iter()
                .filter(|info| info.code == self.get())
        };
        let service = api.metadata().service_kind;
        same()
            .find(|info| matches!(info.scope, CodeScope::Apis(apis) if apis.contains(&api)))
            .or_else(|| same().find(|info| info.service.is_none()))
            .or_else(|| same().find(|info| info.service == Some(service)))
            .or_else(|| same().next())
    }

    /// The entry of this number in `service`'s numbering (or the common one).
    pub fn info_in(self, service: Service) -> Option<&'static CodeInfo> {
        ErrorCode::all()
            .filter(|info| info.code == self.get())
            .find(|info| info.service.is_none_or(|s| s == service))
    }
}
