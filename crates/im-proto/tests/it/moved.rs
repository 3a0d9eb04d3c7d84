//! The API modules that were at the crate root before the layout by service are still there, as
//! deprecated aliases of their new paths, whether their packets are hand-written or generated.

#![allow(deprecated, reason = "the tests of the deprecated aliases")]

use im_proto::UserId;

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
