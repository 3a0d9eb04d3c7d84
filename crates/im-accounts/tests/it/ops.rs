//! Every operation and outcome, over HTTP and in process; validation before sending.

use im_accounts::{Client, StatusOptions};
use im_client::{Error, Failure};
use im_emulator::{Emulator, OnlineState};
use im_proto::account::account_check::AccountStatus;
use im_proto::openim::query_online_status::OnlineStatus;
use im_proto::{AccountProfile, Api, ErrorCode, UserId};

use std::sync::Arc;

use crate::support::{client_for, id, ids, in_process, serve};

async fn exercise_every_operation(emulator: &Emulator, client: &Client) {
    imports(emulator, client).await;
    checks(emulator, client).await;
    kick_and_delete(emulator, client).await;
}

/// account_import and multiaccount_import: five accounts.
async fn imports(emulator: &Emulator, client: &Client) {
    // account_import, with a profile, idempotent.
    client.account_import(id("alice")).await.unwrap();
    client
        .account_import(AccountProfile::new(id("alice")).with_nick("Alice"))
        .await
        .unwrap();
    let alice = emulator.account("alice").unwrap();
    assert_eq!(alice.nick.as_deref(), Some("Alice"));

    // multiaccount_import, both shapes.
    let outcomes = client
        .import_accounts(&ids(&["bob", "carol"]))
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 2);
    assert!(outcomes.iter().all(|o| o.is_ok()));
    let outcomes = client
        .multiaccount_import(&[
            AccountProfile::new(id("dave")).with_face_url("https://example.com/d.png"),
            AccountProfile::new(id("erin")).with_nick("Erin"),
        ])
        .await
        .unwrap();
    assert!(outcomes.iter().all(|o| o.is_ok()));
    assert_eq!(
        emulator.account("dave").unwrap().face_url.as_deref(),
        Some("https://example.com/d.png")
    );
    assert_eq!(emulator.account_count(), 5);
}

/// account_check and query_online_status, on the accounts of [`imports`].
async fn checks(emulator: &Emulator, client: &Client) {
    // account_check: Imported / NotImported per account, in request order.
    let outcomes = client
        .account_check(&ids(&["alice", "nobody", "erin"]))
        .await
        .unwrap();
    let statuses: Vec<_> = outcomes.iter().map(|o| o.result.clone().unwrap()).collect();
    assert_eq!(
        statuses,
        [
            AccountStatus::Imported,
            AccountStatus::NotImported,
            AccountStatus::Imported
        ]
    );
    assert_eq!(outcomes[1].user_id, "nobody");

    // query_online_status: Offline by default, detail when asked, 70107 for unknown accounts.
    emulator.set_online(
        "bob",
        OnlineState::new(OnlineStatus::Online).with_platform("iPhone", OnlineStatus::Online),
    );
    let outcomes = client
        .query_online_status(&ids(&["alice", "bob", "ghost"]), StatusOptions::default())
        .await
        .unwrap();
    assert_eq!(
        outcomes[0].result.as_ref().unwrap().status,
        OnlineStatus::Offline
    );
    assert_eq!(
        outcomes[1].result.as_ref().unwrap().status,
        OnlineStatus::Online
    );
    assert!(outcomes[1].result.as_ref().unwrap().detail.is_empty());
    assert_eq!(
        outcomes[2].result.as_ref().unwrap_err().code(),
        Some(ErrorCode::ACCOUNT_NOT_FOUND)
    );
    let outcomes = client
        .query_online_status(&ids(&["bob"]), StatusOptions::default().with_detail(true))
        .await
        .unwrap();
    let detail = &outcomes[0].result.as_ref().unwrap().detail;
    assert_eq!(detail.len(), 1);
    assert_eq!(detail[0].platform, "iPhone");
}

/// kick and account_delete, on the accounts of [`imports`].
async fn kick_and_delete(emulator: &Emulator, client: &Client) {
    // kick: ok for an existing account, 70107 otherwise.
    client.kick(&id("alice")).await.unwrap();
    let err = client.kick(&id("ghost")).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::ACCOUNT_NOT_FOUND));
    assert!(!err.is_retryable());

    // account_delete: per-account results, 70107 for unknown accounts.
    let outcomes = client
        .account_delete(&ids(&["alice", "ghost", "bob"]))
        .await
        .unwrap();
    assert!(outcomes[0].is_ok());
    match &outcomes[1].result {
        Err(Failure::Service { code, info }) => {
            assert_eq!(*code, ErrorCode::ACCOUNT_NOT_FOUND);
            assert!(!info.is_empty());
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(outcomes[2].is_ok());
    assert!(emulator.account("alice").is_none());
    assert_eq!(emulator.account_count(), 3);
}

#[tokio::test]
async fn every_operation_over_http() {
    let (handle, client) = serve(Emulator::builder()).await;
    exercise_every_operation(handle.emulator(), &client).await;
    // The client's default rate limits kept the emulator from throttling anything.
    assert_eq!(handle.stats().throttled(), 0);
    let stats = client.stats();
    assert_eq!(stats.retries, 0);
    assert_eq!(stats.requests, stats.calls);
    handle.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn every_operation_in_process() {
    let (emulator, client) = in_process(Emulator::builder());
    exercise_every_operation(&emulator, &client).await;
}

#[tokio::test(start_paused = true)]
async fn fail_accounts_are_reported_per_account() {
    let (emulator, client) = in_process(Emulator::builder().account_cap(2));
    let outcomes = client
        .import_accounts(&ids(&["a", "b", "c"]))
        .await
        .unwrap();
    assert!(outcomes[0].is_ok() && outcomes[1].is_ok());
    assert!(matches!(
        outcomes[2].result,
        Err(Failure::ListedInFailAccounts)
    ));
    // Importing it alone gives the specific code.
    let err = client.account_import(id("c")).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::ACCOUNT_CAP_REACHED));
    assert_eq!(emulator.account_count(), 2);
}

#[tokio::test(start_paused = true)]
async fn validation_fails_before_anything_is_sent() {
    let (emulator, client) = in_process(Emulator::builder());
    let check = |err: Error, needle: &str| {
        assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
        assert!(err.to_string().contains(needle), "{err} lacks {needle}");
    };
    check(
        client.account_check(&[]).await.unwrap_err(),
        "at least one account",
    );
    let many: Vec<UserId> = (0..101).map(|i| id(&format!("u{i}"))).collect();
    check(
        client.import_accounts(&many).await.unwrap_err(),
        "101 accounts in one call, over the 100 it takes: use Client::bulk",
    );
    check(
        client.account_delete(&many).await.unwrap_err(),
        "at most 100",
    );
    let lots: Vec<UserId> = (0..501).map(|i| id(&format!("u{i}"))).collect();
    check(
        client
            .query_online_status(&lots, StatusOptions::default())
            .await
            .unwrap_err(),
        "at most 500",
    );
    let long_nick = "n".repeat(501);
    check(
        client
            .account_import(AccountProfile::new(id("x")).with_nick(long_nick.clone()))
            .await
            .unwrap_err(),
        "Nick: value \"nnn",
    );
    check(
        client
            .multiaccount_import(&[AccountProfile::new(id("x")).with_face_url("f".repeat(600))])
            .await
            .unwrap_err(),
        "AccountList[0].FaceUrl",
    );
    // An invalid UserID cannot even be built; its error converts into InvalidInput.
    let err: Error = UserId::new("x".repeat(33)).unwrap_err().into();
    check(err, "at most 32 bytes");
    assert_eq!(emulator.stats().total_requests(), 0);
}

#[tokio::test(start_paused = true)]
async fn raw_calls_go_through_the_same_machinery() {
    let (emulator, client) = in_process(Emulator::builder());
    let answer = client
        .call_raw(
            "im_open_login_svc",
            "account_import",
            &serde_json::json!({"UserID": "raw_user"}),
        )
        .await
        .unwrap();
    assert_eq!(answer["ErrorCode"], 0);
    assert!(emulator.account("raw_user").is_some());
    // A path the emulator does not serve: 60009, typed, not retried.
    let err = client
        .call_raw(
            "group_open_http_svc",
            "no_such_command",
            &serde_json::json!({}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::RESOURCE_NOT_FOUND));
    assert_eq!(client.stats().retries, 0);
    // Bad raw input is refused locally.
    assert!(matches!(
        client.call_raw("a/b", "c", &serde_json::json!({})).await,
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        client.call_raw("a", "c", &serde_json::json!([1])).await,
        Err(Error::InvalidInput(_))
    ));
    assert_eq!(emulator.stats().requests(Api::AccountImport), 1);
}

#[tokio::test(start_paused = true)]
async fn wrong_key_is_a_typed_auth_error() {
    let emulator = Emulator::builder().build();
    let client = crate::support::client_for(&emulator)
        .secret_key("not-the-key")
        .endpoint("http://127.0.0.1:9")
        .transport(std::sync::Arc::new(emulator.in_process_transport()))
        .build()
        .unwrap();
    let err = client.kick(&id("x")).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::USERSIG_KEY_MISMATCH));
    assert!(err.is_auth());
    assert!(!err.is_retryable());
    assert_eq!(client.stats().requests, 1);

    let client = crate::support::client_for(&emulator)
        .admin("not_admin")
        .endpoint("http://127.0.0.1:9")
        .transport(std::sync::Arc::new(emulator.in_process_transport()))
        .build()
        .unwrap();
    let err = client.kick(&id("x")).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::PERMISSION_DENIED));
    assert!(err.is_auth());
}

/// When every account fails, the service answers FAIL with an ErrorList: still one outcome per
/// account, not one call error.
#[tokio::test(start_paused = true)]
async fn a_status_query_where_every_account_failed_is_answered_per_account() {
    let (emulator, client) = in_process(Emulator::builder());
    let outcomes = client
        .query_online_status(&ids(&["ghost1", "ghost2"]), StatusOptions::default())
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 2);
    for outcome in &outcomes {
        assert_eq!(
            outcome.result.as_ref().unwrap_err().code(),
            Some(ErrorCode::ACCOUNT_NOT_FOUND)
        );
    }
    assert_eq!(emulator.stats().answers(ErrorCode::ACCOUNT_NOT_FOUND), 1);
    assert_eq!(client.stats().requests, 1, "not retried");
}

#[tokio::test(start_paused = true)]
async fn fail_with_code_zero_is_a_malformed_answer() {
    use im_transport::test_util::{FnTransport, json_response};
    let emulator = Emulator::builder().build();
    let client = client_for(&emulator)
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(FnTransport::new(|_req| async {
            Ok(json_response(
                r#"{"ActionStatus":"FAIL","ErrorCode":0,"ErrorInfo":"OK"}"#,
            ))
        })))
        .build()
        .unwrap();
    let err = client.kick(&id("a")).await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(err.to_string().contains("malformed answer"), "{err}");
    assert!(!err.to_string().contains("service error 0"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn profiles_and_robots() {
    let (emulator, client) = in_process(Emulator::builder());
    client
        .account_import(AccountProfile::new(id("alice")).with_nick("Alice"))
        .await
        .unwrap();
    let profile = profiles(&emulator, &client).await;
    profile_refusals(&emulator, &client, &profile).await;
    robots(&client).await;
}

/// A profile set and read back on the account `alice`, imported with its nick: the profile.
async fn profiles(emulator: &Emulator, client: &Client) -> im_proto::Profile {
    use im_proto::{Gender, Profile, ProfileTag, ProfileValue};
    let profile = Profile::new()
        .with_gender(Gender::Female)
        .with_birthday(19_900_101)
        .with_custom("Tag_Profile_Custom_Team", "blue");
    client.set_profile(&id("alice"), &profile).await.unwrap();
    let tags = [
        ProfileTag::Nick,
        ProfileTag::Gender,
        ProfileTag::BirthDay,
        ProfileTag::from("Tag_Profile_Custom_Team"),
    ];
    let outcomes = client
        .portrait_get(&ids(&["alice", "ghost"]), &tags)
        .await
        .unwrap();
    let alice = outcomes[0].result.as_ref().unwrap();
    assert_eq!(
        alice.nick.as_deref(),
        Some("Alice"),
        "import and profile share one state"
    );
    assert_eq!(
        (alice.gender.clone(), alice.birthday),
        (Some(Gender::Female), Some(19_900_101))
    );
    assert_eq!(
        alice.other["Tag_Profile_Custom_Team"],
        ProfileValue::from("blue")
    );
    assert_eq!(
        outcomes[1].result.as_ref().unwrap_err().code(),
        Some(ErrorCode::PROFILE_ACCOUNT_NOT_FOUND)
    );
    assert_eq!(
        emulator.account("alice").unwrap().profile.birthday,
        Some(19_900_101)
    );
    profile
}

/// Bad profiles refused before sending, and the service's refusal of `profile` for an
/// unknown account.
async fn profile_refusals(emulator: &Emulator, client: &Client, profile: &im_proto::Profile) {
    use im_proto::{Profile, ProfileItem, ProfileTag};
    // Bad values are refused before sending, naming the tag and the rule.
    let requests = emulator.stats().total_requests();
    let bad = vec![ProfileItem::new(ProfileTag::BirthDay, "1990-01-01")];
    let err = client.portrait_set(&id("alice"), bad).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().contains("Tag_Profile_IM_BirthDay"), "{err}");
    let err = client
        .set_profile(&id("alice"), &Profile::new())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("must not be empty"), "{err}");
    let err = client
        .portrait_get(&ids(&["alice"]), &[ProfileTag::from("Mood")])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("unknown profile tag"), "{err}");
    assert_eq!(emulator.stats().total_requests(), requests);
    // The service's own refusals are typed.
    let err = client.set_profile(&id("ghost"), profile).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::PROFILE_ACCOUNT_NOT_FOUND));
}

/// Robots: created (twice, idempotent), listed, refused without their prefix, deleted, and
/// capped at 20.
async fn robots(client: &Client) {
    use im_proto::robot::create_robot;
    let robot = create_robot::Request::new(id("@RBT#helper")).with_nick("Helper");
    client.create_robot(robot.clone()).await.unwrap();
    client.create_robot(robot.clone()).await.unwrap();
    assert_eq!(client.get_all_robots().await.unwrap(), ["@RBT#helper"]);
    let err = client
        .create_robot(create_robot::Request::new(id("helper")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput(_)) && err.to_string().contains("@RBT#"),
        "{err}"
    );
    client.delete_robot(&id("@RBT#helper")).await.unwrap();
    assert!(client.get_all_robots().await.unwrap().is_empty());
    let err = client.delete_robot(&id("@RBT#ghost")).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::ROBOT_INVALID_PARAMETERS));
    for i in 0..20 {
        let request = create_robot::Request::new(id(&format!("@RBT#r{i}")));
        client.create_robot(request).await.unwrap();
    }
    let err = client.create_robot(robot).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::ROBOT_INVALID_REQUEST));
    assert!(!err.is_retryable());
}

#[tokio::test(start_paused = true)]
async fn over_a_hundred_accounts_in_one_call_names_the_bulk_api_and_sends_nothing() {
    let (emulator, client) = in_process(Emulator::builder());
    let many: Vec<UserId> = (0..101).map(|i| id(&format!("u{i}"))).collect();
    let err = client.import_accounts(&many).await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("101 accounts") && text.contains("Client::bulk"),
        "{text}"
    );
    assert_eq!(emulator.stats().total_requests(), 0);
}

#[test]
fn library_errors_name_the_builder_not_cli_flags() {
    let err = im_accounts::Client::builder()
        .build()
        .unwrap_err()
        .to_string();
    assert!(err.contains("ClientBuilder::sdkappid"), "{err}");
    assert!(!err.contains("--"), "{err}");
    let err = im_accounts::Client::builder()
        .sdkappid(1)
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("ClientBuilder::secret_key") && !err.contains("--"),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn an_in_process_client_names_the_emulator_not_a_region() {
    let (_emulator, client) = in_process(Emulator::builder());
    let base = client.base_url().to_string();
    assert!(base.contains("in-process.emulator"), "{base}");
    assert!(!base.contains("tim.qq.com"), "{base}");
    client.account_import(id("named")).await.unwrap();
}
