//! An answer's error code is read in the numbering of the service that answered: services reuse
//! numbers with their own meanings (10004 is a robot code and a group code).

use std::sync::Arc;

use im_client::{Client, Error};
use im_emulator::Emulator;
use im_proto::{Api, ErrorCode, RetryClass, Service};

#[tokio::test(start_paused = true)]
async fn a_robot_apis_refusal_is_named_as_a_robot_code() {
    let emulator = Emulator::builder().build();
    let client = Client::builder()
        .sdkappid(emulator.sdkappid())
        .secret_key(emulator.secret_key())
        .admin(emulator.admin())
        .endpoint(im_emulator::IN_PROCESS_BASE_URL)
        .transport(Arc::new(emulator.in_process_transport()))
        .build()
        .unwrap();
    // Not a robot's UserID: the robot service refuses it with its own 10004.
    let body = serde_json::json!({"UserID": "not_a_robot"});
    let err = client
        .call_raw("openim_robot_http_svc", "create_robot", &body)
        .await
        .unwrap_err();
    let Error::Api(refusal) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(refusal.api(), Some(Api::CreateRobot));
    assert_eq!(refusal.code(), ErrorCode::ROBOT_INVALID_PARAMETERS);
    let info = refusal.code_info().unwrap();
    assert_eq!(
        (info.name, info.service),
        ("ROBOT_INVALID_PARAMETERS", Some(Service::Robot))
    );
    assert!(
        err.to_string().contains("10004 ROBOT_INVALID_PARAMETERS"),
        "{err}"
    );
    assert!(!err.to_string().contains("GROUP"), "{err}");
    assert_eq!(err.retry_class(), RetryClass::Fatal);
    assert!(!err.is_auth());
}

#[test]
fn a_reused_number_alone_names_no_service() {
    // Without the answering API, 10004 could be either service's: no name is guessed.
    assert!(ErrorCode::ROBOT_INVALID_PARAMETERS.info().is_none());
    assert_eq!(ErrorCode::ROBOT_INVALID_PARAMETERS.to_string(), "10004");
    // Where every meaning agrees, the retry class is still known (10002: retry, in both).
    assert_eq!(
        ErrorCode::ROBOT_INTERNAL_ERROR.retry_class(),
        RetryClass::Transient
    );
    // 10007 is the group, community and group attribute services' (the community's own name
    // since issue 33): no name either. A 10014 (group only) and a common code keep their names.
    assert_eq!(ErrorCode::from(10007).to_string(), "10007");
    assert_eq!(ErrorCode::from(10014).to_string(), "10014 GROUP_FULL");
    assert_eq!(
        ErrorCode::USERSIG_EXPIRED.to_string(),
        "70001 USERSIG_EXPIRED"
    );
}
