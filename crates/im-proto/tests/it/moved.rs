//! The API modules that were at the crate root before the layout by service keep their old path
//! as a deprecated alias, also once their packets are generated (`root_alias` in the
//! declaration).

#![allow(deprecated, reason = "the test of the deprecated aliases")]

use std::any::TypeId;

use im_proto::UserId;

/// Whether `Old` and `New` are one type.
fn same<Old: 'static, New: 'static>() -> bool {
    TypeId::of::<Old>() == TypeId::of::<New>()
}

#[test]
fn the_old_root_paths_name_the_generated_modules() {
    use im_proto::{openim, profile, robot};
    assert!(same::<
        im_proto::query_online_status::Request,
        openim::query_online_status::Request,
    >());
    assert!(same::<
        im_proto::query_online_status::IncomingRequest,
        openim::query_online_status::IncomingRequest,
    >());
    assert!(same::<
        im_proto::portrait_set::Request,
        profile::portrait_set::Request,
    >());
    assert!(same::<
        im_proto::portrait_get::UserProfileItem,
        profile::portrait_get::UserProfileItem,
    >());
    assert!(same::<
        im_proto::create_robot::Request,
        robot::create_robot::Request,
    >());
    assert_eq!(
        im_proto::create_robot::MAX_ROBOTS,
        robot::create_robot::MAX_ROBOTS
    );
    assert!(same::<
        im_proto::delete_robot::Response,
        robot::delete_robot::Response,
    >());
    assert!(same::<
        im_proto::get_all_robots::Response,
        robot::get_all_robots::Response,
    >());
}

fn id(text: &str) -> UserId {
    UserId::new(text).unwrap()
}

#[test]
fn the_root_aliases_are_the_account_modules() {
    let kick: im_proto::account::kick::Request = im_proto::kick::Request::new(id("a"));
    assert_eq!(kick.user_id, "a");
    let import: im_proto::account::account_import::Request =
        im_proto::account_import::Request::new(id("b"));
    assert_eq!(import.user_id, "b");
    let check: im_proto::account::account_check::Request =
        im_proto::account_check::Request::new(vec![id("c")]);
    assert_eq!(check.check_item, [id("c")]);
    let delete: im_proto::account::account_delete::Request =
        im_proto::account_delete::Request::new(vec![id("d")]);
    assert_eq!(delete.delete_item, [id("d")]);
    let multi: im_proto::account::multiaccount_import::Request =
        im_proto::multiaccount_import::Request::accounts(vec![id("e")]);
    assert_eq!(multi.user_ids().collect::<Vec<_>>(), [&id("e")]);
}
