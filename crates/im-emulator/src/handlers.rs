//! The APIs' semantics, after the request was authenticated: one module per API, declared from
//! im-proto's table (so an API without a handler does not compile), each decoding its body with
//! the API's `Incoming` type and answering with its response packet.

use im_proto::{Api, Endpoint, ErrorCode, Incoming};

use crate::exchange::Answer;
use crate::shared::Shared;

/// The `ResultInfo` the service gives for an account that does not exist.
const NOT_EXIST_INFO: &str = "Err_TLS_PT_Open_Login_Account_Not_Exist";

/// The text the profile service gives for an account that does not exist.
const PROFILE_NOT_EXIST_INFO: &str = "Err_Profile_Account_Not_Exist";

macro_rules! handlers {
    ($($variant:ident $module:ident,)*) => {
        $(mod $module;)*

        /// Decodes the body as `api`'s incoming request and runs the API.
        pub(crate) fn dispatch(shared: &Shared, api: Api, body: &[u8]) -> Answer {
            match api {
                $(Api::$variant => run::<im_proto::$module::Request>(shared, body, $module::handle),)*
                _ => Answer::fail(ErrorCode::RESOURCE_NOT_FOUND, format!("{api} is not emulated")),
            }
        }
    };
}

im_proto::for_each_api!(handlers);

/// Decodes the body as `E`'s incoming request (a refusal is answered as it is) and handles it.
fn run<E: Endpoint>(
    shared: &Shared,
    body: &[u8],
    handle: fn(&Shared, E::Incoming) -> Answer,
) -> Answer {
    match E::Incoming::decode(body) {
        Ok(request) => handle(shared, request),
        Err(rejection) => Answer::fail(rejection.code(), rejection.info()),
    }
}
