use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use futures::future::BoxFuture;
use futures::{StreamExt, TryStreamExt};
use im_client::Failure;
use im_emulator::{Emulator, InProcessTransport};
use im_groups::im_proto::Api;
use im_groups::im_proto::group_types::GroupType;
use im_groups::{ImportGroupMember, MemberInput};
use im_transport::{Bytes, Transport, TransportError};

use crate::{client_with, emulator, group, setup, users};

/// 250 members of a group come back once each over two pages of
/// 200 by `Offset`; a community's 250 over three of 100 by its string `Next`.
#[tokio::test]
async fn group_members_streams_by_offset_and_by_next() {
    let accounts = users("p", 250);
    let (emulator, client) = setup(accounts.clone());
    for kind in [GroupType::Public, GroupType::Community] {
        let id = group(&client, kind.clone(), "pages").await;
        let input: Vec<MemberInput> = accounts.iter().map(|a| a.as_str().into()).collect();
        let report = client
            .bulk_iter(ImportGroupMember::new(&id), input, Default::default())
            .finish()
            .await;
        assert_eq!(report.succeeded, 250);
        let before = emulator.stats().requests(Api::GetGroupMemberInfo);
        let mut seen: Vec<String> = client
            .group_members(&id)
            .map_ok(|m| m.member_account)
            .try_collect()
            .await
            .unwrap();
        // Once each (the order is the order they joined: the chunks go concurrently).
        seen.sort();
        let mut expected = accounts.clone();
        expected.sort();
        assert_eq!(seen, expected, "{kind:?}");
        let pages = emulator.stats().requests(Api::GetGroupMemberInfo) - before;
        let expected = if kind == GroupType::Community { 3 } else { 2 };
        assert_eq!(pages, expected, "{kind:?}");
    }
}

/// Listing the app's groups follows `Next` across pages at the API's own limit (the
/// emulator's 1 call a second): every group once, no throttled answer.
#[tokio::test]
async fn group_ids_stream_keeps_to_one_call_a_second() {
    let emulator = Emulator::builder().build();
    let client = client_with(&emulator, Arc::new(emulator.in_process_transport()));
    let mut created = Vec::new();
    for i in 0..5 {
        created.push(group(&client, GroupType::Private, &format!("g{i}")).await);
    }
    let pages: Vec<_> = client
        .get_appid_group_list(None)
        .with_page_size(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    let all: Vec<String> = client.group_ids(None).try_collect().await.unwrap();
    assert_eq!(all, created);
    assert_eq!(emulator.stats().requests(Api::GetAppidGroupList), 4);
    assert_eq!(emulator.stats().throttled(), 0);
}

/// Answers `code` for any get_group_info call of more than `max` IDs (at most `left` times),
/// else passes the request to the emulator.
struct TooLarge {
    inner: InProcessTransport,
    max: usize,
    refused: AtomicU32,
    code: u32,
    left: AtomicU32,
}

impl TooLarge {
    fn new(emulator: &Emulator, max: usize, code: u32, times: u32) -> Arc<Self> {
        Arc::new(TooLarge {
            inner: emulator.in_process_transport(),
            max,
            refused: AtomicU32::new(0),
            code,
            left: AtomicU32::new(times),
        })
    }
}

impl Transport for TooLarge {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap_or_default();
        let asked = body["GroupIdList"].as_array().map_or(0, Vec::len);
        if request.uri().path().ends_with("/get_group_info")
            && asked > self.max
            && self
                .left
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok()
        {
            self.refused.fetch_add(1, Ordering::SeqCst);
            let answer = format!(
                r#"{{"ActionStatus":"FAIL","ErrorCode":{},"ErrorInfo":"refused"}}"#,
                self.code
            );
            let response = http::Response::new(Bytes::from(answer));
            return Box::pin(async move { Ok(response) });
        }
        self.inner.send(request)
    }
}

/// 120 IDs: chunks of 50, 50 and 20; with the service refusing more than 12 IDs a call, each
/// chunk is halved until it passes: every ID answered once, in order, the unknown one with
/// its own 10010. With 1 ID the only answer, it fails with 10018.
#[tokio::test]
async fn groups_info_halves_a_chunk_answered_10018() {
    let emulator = emulator(Vec::<String>::new());
    let plain = client_with(&emulator, Arc::new(emulator.in_process_transport()));
    let mut ids = Vec::new();
    for i in 0..119 {
        ids.push(group(&plain, GroupType::Public, &format!("g{i}")).await);
    }
    ids.insert(60, "@TGS#NOSUCHGROUP".to_owned());
    let transport = TooLarge::new(&emulator, 12, 10018, u32::MAX);
    let client = client_with(&emulator, transport.clone());
    let outcomes: Vec<_> = client.groups_info(ids.clone(), None).collect().await;
    let keys: Vec<&str> = outcomes.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, ids);
    for (outcome, id) in outcomes.iter().zip(&ids) {
        match &outcome.result {
            Ok(info) => assert_eq!(&info.group_id, id),
            Err(failure) => {
                assert_eq!(id, "@TGS#NOSUCHGROUP");
                assert_eq!(failure.code().map(|c| c.get()), Some(10010));
            }
        }
    }
    assert!(transport.refused.load(Ordering::SeqCst) > 3);

    let tiny = TooLarge::new(&emulator, 0, 10018, u32::MAX);
    let client = client_with(&emulator, tiny.clone());
    let outcomes: Vec<_> = client.groups_info(ids[..2].to_vec(), None).collect().await;
    assert_eq!(outcomes.len(), 2);
    for outcome in outcomes {
        let failure = outcome.result.unwrap_err();
        assert!(matches!(failure, Failure::Request(_)));
        assert_eq!(failure.code().map(|c| c.get()), Some(10018));
    }
    // Never resent as it is (its class is final): the pair once, each half once.
    assert_eq!(tiny.refused.load(Ordering::SeqCst), 3);
}

/// The group service's classes: 10002 (internal error) is resent, 10006 and 10023 wait for
/// the limiter and are resent, and the call then succeeds; 10004 is final.
#[tokio::test]
async fn group_error_classes_are_the_declared_ones() {
    let emulator = emulator(Vec::<String>::new());
    let plain = client_with(&emulator, Arc::new(emulator.in_process_transport()));
    let id = group(&plain, GroupType::Public, "classes").await;
    for (code, resent) in [(10002, true), (10006, true), (10023, true), (10004, false)] {
        let transport = TooLarge::new(&emulator, 0, code, 1);
        let client = client_with(&emulator, transport.clone());
        let answer = client
            .groups_info([id.clone()], None)
            .collect::<Vec<_>>()
            .await;
        assert_eq!(answer[0].result.is_ok(), resent, "{code}: {:?}", answer[0]);
        assert_eq!(transport.refused.load(Ordering::SeqCst), 1, "{code}");
    }
}
