//! The APIs' semantics, after the request was authenticated: one module per served API, each
//! decoding its body with the API's `Incoming` type and answering with its response packet.

use im_proto::{Api, Endpoint, ErrorCode, Incoming};

use crate::exchange::{Answer, Route};
use crate::shared::Shared;

/// The `ResultInfo` the service gives for an account that does not exist.
const NOT_EXIST_INFO: &str = "Err_TLS_PT_Open_Login_Account_Not_Exist";

/// The text the profile service gives for an account that does not exist.
const PROFILE_NOT_EXIST_INFO: &str = "Err_Profile_Account_Not_Exist";

macro_rules! handlers {
    ($($variant:ident $service:ident $module:ident,)*) => {
        $(mod $module;)*

        /// Whether the emulator serves `api` (every other declared API is answered with
        /// 60009, "not emulated", until its handler lands).
        pub fn serves(api: Api) -> bool {
            matches!(api, $(Api::$variant)|*)
        }

        /// Decodes the body as `api`'s incoming request and runs the API.
        pub(crate) fn dispatch(shared: &Shared, api: Api, route: Route, body: &[u8]) -> Answer {
            match api {
                $(Api::$variant => run::<im_proto::$service::$module::Request>(shared, route, body, $module::handle),)*
                _ => Answer::fail(ErrorCode::RESOURCE_NOT_FOUND, format!("{api} is not emulated")),
            }
        }
    };
}

// The APIs the emulator serves, each with its handler module; any other declared API is answered
// with 60009 (not emulated) until its handler lands with its issue.
handlers! {
        AccountImport account account_import,
        MultiaccountImport account multiaccount_import,
        AccountCheck account account_check,
        AccountDelete account account_delete,
        Kick account kick,
        QueryOnlineStatus openim query_online_status,
        PortraitSet profile portrait_set,
        PortraitGet profile portrait_get,
        CreateRobot robot create_robot,
        DeleteRobot robot delete_robot,
        GetAllRobots robot get_all_robots,
        FriendAdd sns friend_add,
        FriendImport sns friend_import,
        FriendUpdate sns friend_update,
        FriendDelete sns friend_delete,
        FriendDeleteAll sns friend_delete_all,
        FriendCheck sns friend_check,
        FriendGet sns friend_get,
        FriendGetList sns friend_get_list,
        BlackListAdd sns black_list_add,
        BlackListDelete sns black_list_delete,
        BlackListGet sns black_list_get,
        BlackListCheck sns black_list_check,
        GroupAdd sns group_add,
        GroupDelete sns group_delete,
        GroupGet sns group_get,
        FollowAdd follow follow_add,
        FollowDelete follow follow_delete,
        FollowCheck follow follow_check,
        FollowGet follow follow_get,
        FollowGetInfo follow follow_get_info,
}

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
        Err(rejection) => Answer::fail_as(&E::METADATA, rejection.code(), rejection.info()),
    }
}
