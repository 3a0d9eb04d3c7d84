//! `multiaccount_import`: imports every valid item; the others, and refused imports, are listed
//! in `FailAccounts`.

use im_proto::ErrorCode;
use im_proto::account::multiaccount_import::{IncomingRequest, Response};

use crate::exchange::{Answer, Route};
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: IncomingRequest, _route: Route) -> Answer {
    let mut fail_accounts = Vec::new();
    let mut store = shared.store.write();
    for item in request.items() {
        let imported = item.validated().is_ok_and(|profile| {
            store
                .import(
                    profile.user_id.as_str(),
                    profile.nick.as_deref(),
                    profile.face_url.as_deref(),
                    shared.account_cap,
                    shared.forbid_reimport,
                )
                .is_ok()
        });
        if !imported {
            fail_accounts.push(item.user_id.into_string());
        }
    }
    drop(store);
    Answer::json(ErrorCode::OK, &Response::ok(fail_accounts))
}
