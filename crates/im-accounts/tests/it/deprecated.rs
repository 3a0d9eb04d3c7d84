//! The former names of the operations renamed after their commands still work: one test per
//! deprecated alias, each showing it calls the command it used to.

#![allow(deprecated, reason = "the tests of the deprecated aliases")]

use im_emulator::Emulator;
use im_proto::{
    AccountProfile, AccountStatus, Api, ErrorCode, Gender, ProfileItem, ProfileTag, RobotProfile,
};

use crate::support::{id, ids, in_process};

#[tokio::test(start_paused = true)]
async fn import_account_is_account_import() {
    let (emulator, client) = in_process(Emulator::builder());
    client
        .import_account(AccountProfile::new(id("alice")).with_nick("Alice"))
        .await
        .unwrap();
    assert_eq!(
        emulator.account("alice").unwrap().nick.as_deref(),
        Some("Alice")
    );
    assert_eq!(emulator.stats().requests(Api::AccountImport), 1);
}

#[tokio::test(start_paused = true)]
async fn import_profiles_is_multiaccount_import() {
    let (emulator, client) = in_process(Emulator::builder().account_cap(1));
    let outcomes = client
        .import_profiles(&[
            AccountProfile::new(id("dave")).with_face_url("https://example.com/d.png"),
            AccountProfile::new(id("erin")),
        ])
        .await
        .unwrap();
    assert!(outcomes[0].is_ok());
    assert_eq!(outcomes[1].user_id, "erin");
    assert!(outcomes[1].result.is_err(), "over the emulator's cap of 1");
    assert_eq!(
        emulator.account("dave").unwrap().face_url.as_deref(),
        Some("https://example.com/d.png")
    );
    assert_eq!(emulator.stats().requests(Api::MultiaccountImport), 1);
}

#[tokio::test(start_paused = true)]
async fn check_accounts_is_account_check() {
    let (emulator, client) = in_process(Emulator::builder());
    client.account_import(id("alice")).await.unwrap();
    let outcomes = client
        .check_accounts(&ids(&["alice", "nobody"]))
        .await
        .unwrap();
    assert!(matches!(outcomes[0].result, Ok(AccountStatus::Imported)));
    assert!(matches!(outcomes[1].result, Ok(AccountStatus::NotImported)));
    assert_eq!(emulator.stats().requests(Api::AccountCheck), 1);
}

#[tokio::test(start_paused = true)]
async fn delete_accounts_is_account_delete() {
    let (emulator, client) = in_process(Emulator::builder());
    client.account_import(id("alice")).await.unwrap();
    let outcomes = client
        .delete_accounts(&ids(&["alice", "ghost"]))
        .await
        .unwrap();
    assert!(outcomes[0].is_ok());
    assert_eq!(
        outcomes[1].result.as_ref().unwrap_err().code(),
        Some(ErrorCode::ACCOUNT_NOT_FOUND)
    );
    assert!(emulator.account("alice").is_none());
}

#[tokio::test(start_paused = true)]
async fn set_profile_items_is_portrait_set() {
    let (emulator, client) = in_process(Emulator::builder());
    client.account_import(id("alice")).await.unwrap();
    let items = vec![ProfileItem::new(ProfileTag::Gender, "Gender_Type_Female")];
    client.set_profile_items(&id("alice"), items).await.unwrap();
    assert_eq!(
        emulator.account("alice").unwrap().profile.gender,
        Some(Gender::Female)
    );
    assert_eq!(emulator.stats().requests(Api::PortraitSet), 1);
}

#[tokio::test(start_paused = true)]
async fn get_profiles_is_portrait_get() {
    let (_emulator, client) = in_process(Emulator::builder());
    client
        .account_import(AccountProfile::new(id("alice")).with_nick("Alice"))
        .await
        .unwrap();
    let outcomes = client
        .get_profiles(&ids(&["alice", "ghost"]), &[ProfileTag::Nick])
        .await
        .unwrap();
    assert_eq!(
        outcomes[0].result.as_ref().unwrap().nick.as_deref(),
        Some("Alice")
    );
    assert_eq!(
        outcomes[1].result.as_ref().unwrap_err().code(),
        Some(ErrorCode::PROFILE_ACCOUNT_NOT_FOUND)
    );
}

/// `add_robot` with the deprecated `RobotProfile`, built the old way.
#[tokio::test(start_paused = true)]
async fn add_robot_is_create_robot() {
    let (emulator, client) = in_process(Emulator::builder());
    let mut robot = RobotProfile::new(id("@RBT#helper"));
    robot.nick = Some("Helper".into());
    client.add_robot(robot).await.unwrap();
    assert_eq!(client.get_all_robots().await.unwrap(), ["@RBT#helper"]);
    assert_eq!(
        emulator.account("@RBT#helper").unwrap().nick.as_deref(),
        Some("Helper")
    );
    let err = client
        .add_robot(RobotProfile::new(id("helper")))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("@RBT#"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn remove_robot_is_delete_robot() {
    let (_emulator, client) = in_process(Emulator::builder());
    let robot = im_proto::robot::create_robot::Request::new(id("@RBT#helper"));
    client.create_robot(robot).await.unwrap();
    client.remove_robot(&id("@RBT#helper")).await.unwrap();
    assert!(client.get_all_robots().await.unwrap().is_empty());
    let err = client.remove_robot(&id("@RBT#ghost")).await.unwrap_err();
    assert_eq!(err.error_code(), Some(ErrorCode::ROBOT_INVALID_PARAMETERS));
}

#[tokio::test(start_paused = true)]
async fn robots_is_get_all_robots() {
    let (emulator, client) = in_process(Emulator::builder());
    assert!(client.robots().await.unwrap().is_empty());
    for name in ["@RBT#b", "@RBT#a"] {
        let robot = im_proto::robot::create_robot::Request::new(id(name));
        client.create_robot(robot).await.unwrap();
    }
    assert_eq!(client.robots().await.unwrap(), ["@RBT#a", "@RBT#b"]);
    assert_eq!(emulator.stats().requests(Api::GetAllRobots), 2);
}
