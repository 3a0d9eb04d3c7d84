//! The in-process transport: same pipeline, no socket.

use im_emulator::{Emulator, FaultKind, FaultRule};
use im_proto::{Api, Endpoint, UserId, account::account_check};
use im_transport::{ErrorKind, SharedTransport, Transport};

fn request(emulator: &Emulator, path: &str, body: &str) -> http::Request<bytes::Bytes> {
    let usersig = emulator.generate_usersig(emulator.admin(), 600);
    http::Request::post(format!(
        "https://console.tim.qq.com/{path}?sdkappid={}&identifier={}&usersig={usersig}&random=7&contenttype=json",
        emulator.sdkappid(),
        emulator.admin()
    ))
    .body(bytes::Bytes::from(body.to_owned()))
    .unwrap()
}

#[tokio::test]
async fn typed_round_trip_through_im_proto() {
    let emulator = Emulator::builder().build();
    let transport: SharedTransport = std::sync::Arc::new(emulator.in_process_transport());
    let body = serde_json::to_string(&account_check::Request::new(vec![
        UserId::new("x").unwrap(),
    ]))
    .unwrap();
    let response = transport
        .send(request(
            &emulator,
            &account_check::Request::METADATA.path(),
            &body,
        ))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let decoded: account_check::Response = serde_json::from_slice(response.body()).unwrap();
    assert!(decoded.envelope.is_ok());
    assert_eq!(
        decoded.result_items()[0].account_status,
        Some(account_check::AccountStatus::NotImported)
    );
    assert_eq!(emulator.stats().requests(Api::AccountCheck), 1);
}

#[tokio::test]
async fn faults_map_to_transport_errors() {
    let emulator = Emulator::builder()
        .api_fault_rule(
            Api::Kick,
            FaultRule::new().probability(1.0).kinds([FaultKind::Close]),
        )
        .api_fault_rule(
            Api::AccountCheck,
            FaultRule::new()
                .probability(1.0)
                .kinds([FaultKind::Http502]),
        )
        .build();
    let transport = emulator.in_process_transport();
    let err = transport
        .send(request(
            &emulator,
            "v4/im_open_login_svc/kick",
            r#"{"UserID":"a"}"#,
        ))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ConnectionClosed);
    assert!(err.is_retryable());
    let response = transport
        .send(request(
            &emulator,
            "v4/im_open_login_svc/account_check",
            "{}",
        ))
        .await
        .unwrap();
    assert_eq!(response.status(), 502);
}
