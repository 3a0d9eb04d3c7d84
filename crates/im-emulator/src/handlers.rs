//! The APIs' semantics, after the request was authenticated: one module per API, declared from
//! im-proto's table (so an API without a handler does not compile), each decoding its body with
//! the API's `Incoming` type and answering with its response packet.

use im_proto::{Api, Endpoint, ErrorCode, Incoming};

use crate::exchange::{Answer, Route};
use crate::shared::Shared;

/// The `ResultInfo` the service gives for an account that does not exist.
const NOT_EXIST_INFO: &str = "Err_TLS_PT_Open_Login_Account_Not_Exist";

/// The text the profile service gives for an account that does not exist.
const PROFILE_NOT_EXIST_INFO: &str = "Err_Profile_Account_Not_Exist";

macro_rules! handlers {
    ($($variant:ident $module:ident,)*) => {
        $(mod $module;)*

        /// Decodes the body as `api`'s incoming request and runs the API.
        pub(crate) fn dispatch(shared: &Shared, api: Api, route: Route, body: &[u8]) -> Answer {
            match api {
                $(Api::$variant => run::<im_proto::$module::Request>(shared, route, body, $module::handle),)*
                _ => Answer::fail(ErrorCode::RESOURCE_NOT_FOUND, format!("{api} is not emulated")),
            }
        }
    };
}

im_proto::for_each_api!(handlers);

/// A handler: the API's semantics for a decoded request that reached it by `Route`.
type Handler<R> = fn(&Shared, R, Route) -> Answer;

/// Decodes the body as `E`'s incoming request (a refusal is answered as it is, by the API's
/// service) and handles it.
fn run<E: Endpoint>(
    shared: &Shared,
    route: Route,
    body: &[u8],
    handle: Handler<E::Incoming>,
) -> Answer {
    match E::Incoming::decode(body) {
        Ok(request) => handle(shared, request, route),
        Err(rejection) => Answer::fail_for(E::METADATA.api, rejection.code(), rejection.info()),
    }
}
