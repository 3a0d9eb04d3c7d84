//! The API modules that were at the crate root before the layout by service keep their old path
//! as a deprecated alias, also once their packets are generated (`root_alias` in the
//! declaration).

#![allow(deprecated, reason = "the test of the deprecated aliases")]

use std::any::TypeId;

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
