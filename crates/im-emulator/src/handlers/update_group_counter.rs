//! `update_group_counter`: `Set` sets each key, `Increase`/`Decrease` add or subtract from its
//! value (a missing key starting at 0); the answer's `GroupCounter` gives the updated counters'
//! values. Ultimate and Enterprise editions (10059 otherwise); not communities (10007); more
//! than 20 keys, in the request or in the group after it, 10063; a result outside the signed
//! 64-bit range, or an unknown `Mode`, 10004 (nothing is changed).

use im_proto::group::update_group_counter::{CounterMode, CounterValue, Request, Response};
use im_proto::group_types::MAX_GROUP_COUNTER_KEYS;
use im_proto::{Api, ErrorCode};

use crate::exchange::{Answer, Route};
use crate::group_calls::{counters_of, limits_checked, refuse};
use crate::relation_calls::ok;
use crate::shared::Shared;

const API: Api = Api::UpdateGroupCounter;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(answer) = limits_checked(API, &request) {
        return answer;
    }
    let mut groups = shared.groups.lock();
    let g = match counters_of(shared, API, &mut groups, &request.group_id) {
        Ok(g) => g,
        Err(answer) => return answer,
    };
    let mut counters = g.counters.clone();
    for item in &request.group_counter {
        let i = match counters.iter().position(|(k, _)| **k == *item.key) {
            Some(i) => i,
            None => {
                counters.push((item.key.as_str().into(), 0));
                counters.len() - 1
            }
        };
        let now = counters[i].1;
        let next = match &request.mode {
            CounterMode::Set => Some(item.value),
            CounterMode::Increase => now.checked_add(item.value),
            CounterMode::Decrease => now.checked_sub(item.value),
            other => {
                let info = format!("Mode {other:?} is not one of Set, Increase, Decrease");
                return refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info);
            }
        };
        let Some(next) = next else {
            let info = format!("counter {:?} would leave the signed 64-bit range", item.key);
            return refuse(API, ErrorCode::GROUP_INVALID_PARAMETERS, info);
        };
        counters[i].1 = next;
    }
    if counters.len() > MAX_GROUP_COUNTER_KEYS {
        let info = format!(
            "the group would hold {} counters, at most {MAX_GROUP_COUNTER_KEYS} are allowed",
            counters.len()
        );
        return refuse(API, ErrorCode::GROUP_COUNTER_TOO_MANY_KEYS, info);
    }
    g.counters = counters;
    let updated: Vec<CounterValue> = request
        .group_counter
        .iter()
        .filter_map(|item| g.counters.iter().find(|(k, _)| **k == *item.key))
        .map(|(k, v)| CounterValue::new(&**k, *v))
        .collect();
    ok::<Response>(|r| r.group_counter = Some(updated))
}
