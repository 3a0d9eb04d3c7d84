//! Looking a code up in the generated table of every documented code.

use crate::{Api, CodeInfo, CodeScope, ErrorCode, Service};

impl ErrorCode {
    /// Every documented code: the common table, then each service's own codes, in the order of
    /// [`Service::ALL`].
    pub fn all() -> impl Iterator<Item = &'static CodeInfo> {
        crate::table::CODES.iter()
    }

    /// The table entry for a documented code: the common one, or the only service's; `None`
    /// for an unknown code, and for a number services give different meanings (10004 is a
    /// robot code and a group code), which only [`ErrorCode::info_for`] (the answering API) or
    /// [`ErrorCode::info_in`] (its service) can tell apart.
    ///
    /// ```
    /// use im_proto::{Api, ErrorCode};
    /// assert_eq!(ErrorCode::USERSIG_EXPIRED.info().unwrap().name, "USERSIG_EXPIRED");
    /// assert!(ErrorCode::ROBOT_INVALID_PARAMETERS.info().is_none());
    /// let info = ErrorCode::ROBOT_INVALID_PARAMETERS.info_for(Api::CreateRobot).unwrap();
    /// assert_eq!(info.name, "ROBOT_INVALID_PARAMETERS");
    /// ```
    pub fn info(self) -> Option<&'static CodeInfo> {
        // The tables are small (about 100 rows); a linear scan is as fast as a map here.
        let mut same = ErrorCode::all().filter(|info| info.code == self.get());
        let first = same.next()?;
        if first.service.is_none() {
            return Some(first);
        }
        match same.next() {
            None => Some(first),
            Some(_) => None,
        }
    }

    /// What every documented meaning of this number agrees on (`None`: unknown, or they
    /// differ).
    pub(crate) fn agreed<T: PartialEq>(self, what: impl Fn(&CodeInfo) -> T) -> Option<T> {
        let mut values = ErrorCode::all()
            .filter(|info| info.code == self.get())
            .map(what);
        let first = values.next()?;
        values.all(|v| v == first).then_some(first)
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
        let service = api.service();
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
