//! proptest: encode then decode gives the same value, for every packet type.

use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::strategies::*;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
    let bytes = serde_json::to_vec(value).unwrap();
    let back: T = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{} does not decode: {e}", String::from_utf8_lossy(&bytes)));
    assert_eq!(&back, value);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn account_import(req in account_import_request(), res in account_import_response()) {
        round_trip(&req);
        round_trip(&res);
    }

    #[test]
    fn multiaccount_import(req in multiaccount_import_request(), res in multiaccount_import_response()) {
        round_trip(&req);
        round_trip(&res);
    }

    #[test]
    fn account_check(req in account_check_request(), res in account_check_response()) {
        round_trip(&req);
        round_trip(&res);
    }

    #[test]
    fn account_delete(req in account_delete_request(), res in account_delete_response()) {
        round_trip(&req);
        round_trip(&res);
    }

    #[test]
    fn kick(req in kick_request(), res in kick_response()) {
        round_trip(&req);
        round_trip(&res);
    }

    #[test]
    fn query_online_status(req in query_online_status_request(), res in query_online_status_response()) {
        round_trip(&req);
        round_trip(&res);
    }

    #[test]
    fn portrait_set(req in portrait_set_request(), res in portrait_set_response()) {
        round_trip(&req);
        round_trip(&res);
    }

    #[test]
    fn portrait_get(req in portrait_get_request(), res in portrait_get_response()) {
        round_trip(&req);
        round_trip(&res);
    }

    #[test]
    fn create_robot(req in create_robot_request(), res in create_robot_response()) {
        round_trip(&req);
        round_trip(&res);
    }

    #[test]
    fn delete_robot(req in delete_robot_request(), res in delete_robot_response()) {
        round_trip(&req);
        round_trip(&res);
    }

    #[test]
    fn get_all_robots(req in get_all_robots_request(), res in get_all_robots_response()) {
        round_trip(&req);
        round_trip(&res);
    }

    #[test]
    fn envelope_alone(env in envelope()) {
        round_trip(&env);
        // The envelope's verdict matches its fields.
        prop_assert_eq!(
            env.is_ok(),
            env.action_status == im_proto::ActionStatus::Ok && env.error_code.get() == 0
        );
        prop_assert_eq!(env.error().is_none(), env.is_ok());
    }
}
