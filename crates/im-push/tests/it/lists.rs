//! The attribute and tag lists of any number of users, split into calls of 100.

use std::collections::BTreeMap;

use im_client::{Error, Failure, Quotas};
use im_emulator::Emulator;
use im_proto::all_member_push::{im_add_tag, im_remove_attr, im_remove_tag, im_set_attr};
use im_proto::{Api, UserId};

use crate::{setup, users};

fn ids(names: &[String]) -> Vec<UserId> {
    names
        .iter()
        .map(|n| UserId::new(n.as_str()).unwrap())
        .collect()
}

#[tokio::test]
async fn tags_of_250_users_go_in_calls_of_100_with_one_outcome_each_in_order() {
    let names = users("t", 250);
    let builder = Emulator::builder().without_rate_limits();
    let (emulator, client) = setup(builder, names.clone(), Quotas::default());
    let accounts = ids(&names);
    let items = accounts
        .iter()
        .map(|u| im_add_tag::UserTagsItem::new(u.clone(), vec!["a".into(), "b".into()]))
        .collect();
    client.im_add_tag(items).await.unwrap();
    assert_eq!(emulator.stats().requests(Api::ImAddTag), 3);

    let items = accounts[..150]
        .iter()
        .map(|u| im_remove_tag::UserTagsItem::new(u.clone(), vec!["a".into()]))
        .collect();
    client.im_remove_tag(items).await.unwrap();
    assert_eq!(emulator.stats().requests(Api::ImRemoveTag), 2);
    client
        .im_remove_all_tags(accounts[249..].to_vec())
        .await
        .unwrap();

    let tags = client.im_get_tag(&accounts).await.unwrap();
    assert_eq!(emulator.stats().requests(Api::ImGetTag), 3);
    assert_eq!(tags.len(), 250);
    for (i, (user, outcome)) in tags.iter().enumerate() {
        assert_eq!(user, &names[i]);
        let expected: &[&str] = match i {
            0..150 => &["b"],
            249 => &[],
            _ => &["a", "b"],
        };
        assert_eq!(outcome.as_ref().unwrap(), expected, "{user}");
    }
}

#[tokio::test]
async fn attributes_of_150_users_are_named_set_read_and_removed() {
    let names = users("a", 150);
    let builder = Emulator::builder().without_rate_limits();
    let (emulator, client) = setup(builder, names.clone(), Quotas::default());
    let attr_names = BTreeMap::from([("0".to_owned(), "city".to_owned())]);
    client.im_set_attr_name(attr_names.clone()).await.unwrap();
    assert_eq!(client.im_get_attr_name().await.unwrap(), attr_names);
    let accounts = ids(&names);
    let city = |v: &str| BTreeMap::from([("city".to_owned(), v.to_owned())]);
    let items = accounts
        .iter()
        .map(|u| im_set_attr::UserAttrsItem::new(u.clone(), city(u.as_str())))
        .collect();
    client.im_set_attr(items).await.unwrap();
    assert_eq!(emulator.stats().requests(Api::ImSetAttr), 2);
    let items = vec![im_remove_attr::UserAttrsItem::new(
        accounts[0].clone(),
        vec!["city".into()],
    )];
    client.im_remove_attr(items).await.unwrap();
    let attrs = client.im_get_attr(&accounts).await.unwrap();
    assert_eq!(attrs.len(), 150);
    assert_eq!(attrs[0].1.as_ref().unwrap(), &BTreeMap::new());
    assert_eq!(attrs[149].1.as_ref().unwrap(), &city("a149"));
    assert!(!matches!(attrs[1].1, Err(Failure::NoResult)));
}

#[tokio::test]
async fn a_tag_over_50_bytes_or_an_unnamed_attribute_is_refused() {
    let builder = Emulator::builder().without_rate_limits();
    let (emulator, client) = setup(builder, users("u", 1), Quotas::default());
    let user = UserId::new("u0").unwrap();
    let long = vec!["x".repeat(51)];
    let err = client
        .im_add_tag(vec![im_add_tag::UserTagsItem::new(user.clone(), long)])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert_eq!(emulator.stats().requests(Api::ImAddTag), 0);
    // An attribute the app did not name: the service's 90033.
    let attrs = BTreeMap::from([("level".to_owned(), "vip".to_owned())]);
    let err = client
        .im_set_attr(vec![im_set_attr::UserAttrsItem::new(user, attrs)])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(err.error_code().map(|c| c.get()), Some(90033), "{err:?}");
}
