//! `getappinfo`: the app's operations data, one object for today (Beijing time) since the
//! emulator keeps no earlier days. The fields that mean something the emulator has are read
//! from it: `AppId`, `Date`, `RegistUserNumTotal` (accounts, admins aside), `C2CUpMsgNum`
//! (one-to-one messages stored), `GroupUpMsgNum` (group messages sent, the OK answers of
//! `send_group_msg`), `UpMsgNum` (both), `GroupAllGroupNum` (groups), `LoginUserNum`
//! (accounts with a simulated client logged in), `CallBackReq` and `CallBackRsp` (callbacks
//! sent and answered); every other field is seeded `"0"`, `AppName` `im-emulator`. Every value
//! is a string, as on the page. `RequestField` keeps only the fields it names (a name the page
//! does not list is left out).

use im_proto::openconfig::getappinfo::{DayInfo, Request, Response};
use im_proto::{Api, ErrorCode};
use serde_json::{Map, Value};

use crate::exchange::{Answer, Route};
use crate::history::beijing_date;
use crate::relation_calls::ok;
use crate::shared::Shared;

/// The fields the emulator seeds with `"0"`.
const SEEDED: &[&str] = &[
    "APNSMsgNum",
    "ActiveUserNum",
    "C2CAPNSMsgNum",
    "C2CDownMsgNum",
    "C2CSendMsgUserNum",
    "ChainDecrease",
    "ChainIncrease",
    "DownMsgNum",
    "GroupAPNSMsgNum",
    "GroupDestroyGroupNum",
    "GroupDownMsgNum",
    "GroupJoinGroupTimes",
    "GroupNewGroupNum",
    "GroupQuitGroupTimes",
    "GroupSendMsgGroupNum",
    "GroupSendMsgUserNum",
    "LoginTimes",
    "MaxOnlineNum",
    "RegistUserNumOneDay",
    "SendMsgUserNum",
];

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    let mut day = today(shared);
    if let Some(wanted) = &request.request_field {
        day.retain(|name, _| wanted.iter().any(|w| w == name));
    }
    match serde_json::from_value::<DayInfo>(Value::Object(day)) {
        Ok(day) => ok::<Response>(|r| r.result = Some(vec![day])),
        Err(e) => Answer::fail(ErrorCode::SERVICE_TIMEOUT, e.to_string()),
    }
}

/// Today's object, every field.
fn today(shared: &Shared) -> Map<String, Value> {
    let store = shared.store.read();
    let accounts = store.accounts.values().filter(|a| !a.admin).count() as u64;
    let logged_in = store.clients.logged_in() as u64;
    drop(store);
    let c2c = shared.messages.lock().len();
    let groups = shared.groups.lock().len() as u64;
    let group_msgs = shared.counters.lock().answers[Api::SendGroupMsg]
        .get(&0)
        .copied()
        .unwrap_or(0);
    let callbacks = shared.callbacks.counts();
    let mut day = Map::new();
    let mut put = |name: &str, value: String| {
        day.insert(name.to_owned(), Value::String(value));
    };
    put("AppId", shared.sdkappid.to_string());
    put("AppName", "im-emulator".to_owned());
    put("Company", String::new());
    put("Date", beijing_date(shared.clock.now()));
    put("RegistUserNumTotal", accounts.to_string());
    put("C2CUpMsgNum", c2c.to_string());
    put("GroupUpMsgNum", group_msgs.to_string());
    put("UpMsgNum", (c2c + group_msgs).to_string());
    put("GroupAllGroupNum", groups.to_string());
    put("LoginUserNum", logged_in.to_string());
    put("CallBackReq", callbacks.queued.to_string());
    put("CallBackRsp", callbacks.delivered.to_string());
    for name in SEEDED {
        put(name, "0".to_owned());
    }
    day
}
