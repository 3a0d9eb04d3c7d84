//! The group callbacks of topics and attributes: sent by the REST calls their pages name,
//! signed, and read by im-callback with the pages' fields.

use im_callback::Event;
use im_emulator::Emulator;
use im_proto::Api;
use serde_json::json;

use crate::callbacks::{
    Behaviour, club_with_bob, event_named, next_callback, next_event, settled, start,
    with_amy_and_bob,
};

/// A community owned by amy, with bob, that supports topics; its id.
async fn community(env: &crate::util::Env) -> String {
    let create = json!({"Type": "Community", "Name": "town", "Owner_Account": "amy",
        "SupportTopic": 1, "MemberList": [{"Member_Account": "bob"}]});
    let created = env.api(Api::CreateGroup, create).await;
    assert_eq!(created.code(), 0, "{:?}", created.json());
    created.json()["GroupId"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn create_topic_asks_the_app_first_and_reports_the_topic_created() {
    // (the app's answer, the code the REST caller gets)
    let cases: [(&'static str, i64); 3] = [
        (r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#, 0),
        (
            r#"{"ActionStatus":"OK","ErrorCode":10150,"ErrorInfo":"no"}"#,
            10_150,
        ),
        (
            r#"{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":""}"#,
            10_016,
        ),
    ];
    for (answer, code) in cases {
        let behaviour = Behaviour::For("Group.CallbackBeforeCreateTopic", answer);
        let (env, mut rx) = with_amy_and_bob(behaviour).await;
        let group = community(&env).await;
        let create = json!({"GroupId": group, "TopicName": "news", "From_Account": "bob"});
        let reply = env.api(Api::CreateTopic, create).await;
        assert_eq!(reply.code(), code, "{answer}: {:?}", reply.json());
        let Event::BeforeCreateTopic(before) =
            event_named(&env, &mut rx, "Group.CallbackBeforeCreateTopic").await
        else {
            unreachable!()
        };
        assert_eq!(before.group_id.as_deref(), Some(group.as_str()));
        assert_eq!(before.operator_account.as_deref(), Some("bob"));
        assert_eq!(before.name.as_deref(), Some("news"));
        assert_eq!(
            before.group_type.map(|t| t.to_string()).as_deref(),
            Some("Community")
        );
        let topics = json!({"GroupId": group, "From_Account": "amy"});
        let listed = env.api(Api::GetTopic, topics).await;
        let listed_topics = listed.json()["TopicAndSelfInfo"].as_array();
        let count = listed_topics.map_or(0, Vec::len);
        assert_eq!(
            count,
            usize::from(code == 0),
            "{answer}: {:?}",
            listed.json()
        );
        if code == 0 {
            let (_, event) = next_event(&env, &mut rx).await;
            let Event::AfterCreateTopic(after) = event else {
                panic!("expected Group.CallbackAfterCreateTopic, got {event:?}")
            };
            assert_eq!(after.group_id, group);
            assert_eq!(
                Some(after.topic_id.as_str()),
                reply.json()["TopicId"].as_str()
            );
            assert_eq!(after.operator_account.as_deref(), Some("bob"));
            assert_eq!(after.owner_account.as_deref(), Some("amy"));
            assert_eq!(after.name.as_deref(), Some("news"));
        }
        let stats = settled(&env).await;
        let afters = stats.by_command.get("Group.CallbackAfterCreateTopic");
        assert_eq!(afters.copied(), (code == 0).then_some(1), "{answer}");
    }
}

#[tokio::test]
async fn modify_and_destroy_topic_send_what_changed() {
    let (env, mut rx) = with_amy_and_bob(Behaviour::Ok).await;
    let group = community(&env).await;
    let mut ids = Vec::new();
    for name in ["news", "chat"] {
        let create = json!({"GroupId": group, "TopicName": name});
        let created = env.api(Api::CreateTopic, create).await;
        ids.push(created.json()["TopicId"].as_str().unwrap().to_owned());
    }
    let renames = [
        json!({"GroupId": group, "TopicId": ids[0], "TopicName": "headlines",
            "Notification": "read me", "From_Account": "bob"}),
        json!({"GroupId": group, "TopicId": ids[0], "CustomString": "x"}),
    ];
    for body in renames {
        assert_eq!(env.api(Api::ModifyTopic, body).await.code(), 0);
    }
    let Event::AfterTopicInfoChanged(changed) =
        event_named(&env, &mut rx, "Group.CallbackAfterTopicInfoChanged").await
    else {
        unreachable!()
    };
    assert_eq!(changed.group_id, group);
    assert_eq!(changed.topic_id.as_deref(), Some(ids[0].as_str()));
    assert_eq!(changed.operator_account.as_deref(), Some("bob"));
    assert_eq!(changed.name.as_deref(), Some("headlines"));
    assert_eq!(changed.notification.as_deref(), Some("read me"));
    assert_eq!(changed.introduction, None, "only what was given");

    let destroy = json!({"GroupId": group, "TopicIdList": [ids[1], "nope"]});
    assert_eq!(env.api(Api::DestroyTopic, destroy.clone()).await.code(), 0);
    assert_eq!(env.api(Api::DestroyTopic, destroy).await.code(), 0);
    let Event::AfterTopicDestroyed(destroyed) =
        event_named(&env, &mut rx, "Group.CallbackAfterTopicDestroyed").await
    else {
        unreachable!()
    };
    assert_eq!(destroyed.group_id, group);
    assert_eq!(destroyed.topic_id_list, Some(vec![ids[1].clone()]));
    assert_eq!(
        destroyed.group_type.map(|t| t.to_string()).as_deref(),
        Some("Community")
    );
    let stats = settled(&env).await;
    let count = |c: &str| stats.by_command.get(c).copied();
    assert_eq!(
        count("Group.CallbackAfterTopicInfoChanged"),
        Some(1),
        "nothing for a CustomString alone"
    );
    assert_eq!(
        count("Group.CallbackAfterTopicDestroyed"),
        Some(1),
        "nothing when no topic was removed"
    );
    assert_eq!(count("Group.CallbackAfterCreateTopic"), Some(2));
    assert_eq!(count("Group.CallbackBeforeCreateTopic"), Some(2));
}

#[tokio::test]
async fn attribute_writes_send_group_attr_changed() {
    let (env, mut rx) = start(Emulator::builder().without_rate_limits(), Behaviour::Ok).await;
    let admin = env.handle.emulator().admin().to_owned();
    let import = json!({"Type": "Public", "Name": "club", "GroupId": "club1"});
    assert_eq!(env.api(Api::ImportGroup, import).await.code(), 0);
    let writes = [
        (
            Api::SetGroupAttr,
            json!({"GroupId": "club1",
            "GroupAttr": [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]}),
        ),
        (
            Api::ModifyGroupAttr,
            json!({"GroupId": "club1",
            "GroupAttr": [{"key": "b", "value": "3"}]}),
        ),
        (
            Api::DeleteGroupAttr,
            json!({"GroupId": "club1", "GroupAttr": [{"key": "a"}]}),
        ),
        (
            Api::DeleteGroupAttr,
            json!({"GroupId": "club1", "GroupAttr": [{"key": "a"}]}),
        ),
        (Api::ClearGroupAttr, json!({"GroupId": "club1"})),
    ];
    let codes = [0, 0, 0, 10_050, 0];
    for ((api, body), code) in writes.into_iter().zip(codes) {
        assert_eq!(env.api(api, body).await.code(), code, "{api:?}");
    }
    let mut seen = Vec::new();
    for _ in 0..4 {
        let Event::AfterGroupAttrChanged(changed) =
            event_named(&env, &mut rx, "Group.CallbackAfterGroupAttrChanged").await
        else {
            unreachable!()
        };
        assert_eq!(changed.group_id, "club1");
        assert_eq!(changed.operator_account.as_deref(), Some(admin.as_str()));
        assert_eq!(
            changed.group_type.map(|t| t.to_string()).as_deref(),
            Some("Public")
        );
        let attrs: Vec<(String, Option<String>)> = changed
            .group_attr
            .unwrap()
            .into_iter()
            .map(|a| (a.key, a.value))
            .collect();
        seen.push((changed.option_type.unwrap(), attrs));
    }
    let pair = |k: &str, v: Option<&str>| (k.to_owned(), v.map(str::to_owned));
    assert_eq!(
        seen,
        [
            (
                "set".to_owned(),
                vec![pair("a", Some("1")), pair("b", Some("2"))]
            ),
            ("modify".to_owned(), vec![pair("b", Some("3"))]),
            ("delete".to_owned(), vec![pair("a", None)]),
            ("clear".to_owned(), vec![pair("b", None)]),
        ]
    );
    let stats = settled(&env).await;
    let sent = stats.by_command.get("Group.CallbackAfterGroupAttrChanged");
    assert_eq!(sent.copied(), Some(4), "nothing for the refused delete");
}

#[tokio::test]
async fn a_group_sends_rewritten_custom_data_is_stored_and_delivered() {
    // (the app's answer, the text and custom data stored and delivered)
    let cases = [
        (
            r#"{"ErrorCode":0,"CloudCustomData":"rewritten"}"#,
            ("hi", "rewritten"),
        ),
        (
            r#"{"ErrorCode":0,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"clean"}}]}"#,
            ("clean", "original"),
        ),
        (
            r#"{"ErrorCode":0,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"clean"}}],"CloudCustomData":"both"}"#,
            ("clean", "both"),
        ),
    ];
    for (answer, (text, data)) in cases {
        let behaviour = Behaviour::For("Group.CallbackBeforeSendMsg", answer);
        let (env, mut rx) = with_amy_and_bob(behaviour).await;
        let import = json!({"Type": "Public", "Name": "club", "Owner_Account": "amy",
            "GroupId": "club1"});
        assert_eq!(env.api(Api::ImportGroup, import).await.code(), 0);
        let send = json!({"GroupId": "club1", "From_Account": "amy", "Random": 7,
            "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}],
            "CloudCustomData": "original"});
        assert_eq!(env.api(Api::SendGroupMsg, send).await.code(), 0, "{answer}");
        let read = json!({"GroupId": "club1", "ReqMsgNumber": 1});
        let history = env.api(Api::GroupMsgGetSimple, read).await;
        let stored = &history.json()["RspMsgList"][0];
        assert_eq!(stored["MsgBody"][0]["MsgContent"]["Text"], text, "{answer}");
        assert_eq!(stored["CloudCustomData"], data, "{answer}: {stored}");
        let Event::GroupAfterSendMsg(after) =
            event_named(&env, &mut rx, "Group.CallbackAfterSendMsg").await
        else {
            unreachable!()
        };
        assert_eq!(after.cloud_custom_data.as_deref(), Some(data), "{answer}");
        let body = serde_json::to_value(after.msg_body.unwrap()).unwrap();
        assert_eq!(body[0]["MsgContent"]["Text"], text, "{answer}");
    }
}

#[tokio::test]
async fn the_days_net_group_creations_past_70_percent_of_the_quota_send_the_alarm() {
    let builder = Emulator::builder()
        .without_rate_limits()
        .daily_group_quota(4);
    let (env, mut rx) = start(builder, Behaviour::Ok).await;
    let emulator = env.handle.emulator();
    let start_time = emulator.now();
    let mut created = Vec::new();
    let create = async || {
        let body = json!({"Type": "Public", "Name": "g"});
        let reply = env.api(Api::CreateGroup, body).await;
        assert_eq!(reply.code(), 0);
        reply.json()["GroupId"].as_str().unwrap().to_owned()
    };
    // 2 created, 1 destroyed, 2 created: 3 net, past 2.8 (70 % of 4).
    created.push(create().await);
    created.push(create().await);
    let destroy = json!({"GroupId": created[0]});
    assert_eq!(env.api(Api::DestroyGroup, destroy).await.code(), 0);
    created.push(create().await);
    let alarms = |env: &crate::util::Env| {
        let stats = env.handle.emulator().stats().callbacks().clone();
        let sent = stats.by_command.get("Group.CallbackOnDailyGroupQuotaAlarm");
        sent.copied().unwrap_or(0)
    };
    assert_eq!(alarms(&env), 0, "2 net is not past 70 %");
    created.push(create().await);
    let Event::OnDailyGroupQuotaAlarm(alarm) =
        event_named(&env, &mut rx, "Group.CallbackOnDailyGroupQuotaAlarm").await
    else {
        unreachable!()
    };
    assert_eq!((alarm.quota_used, alarm.quota), (Some(3), Some(4)));
    assert!(alarm.event_time.unwrap() >= start_time * 1000, "{alarm:?}");
    create().await;
    assert_eq!(alarms(&env), 1, "once a day");
    // The next day counts from 0 (its callbacks only counted: the receiver's check of
    // RequestTime against a clock a day ahead would refuse them).
    emulator.set_fixed_now(Some(emulator.now() + 86_400));
    for _ in 0..3 {
        create().await;
    }
    assert_eq!(alarms(&env), 2, "a new day, a new alarm");
}

/// A message amy sends to `group` with `extra` fields; its `MsgSeq`.
async fn group_text(env: &crate::util::Env, group: &str, extra: serde_json::Value) -> u64 {
    let mut send = json!({"GroupId": group, "From_Account": "amy", "Random": 9,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]});
    if let (Some(body), Some(extra)) = (send.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    let sent = env.api(Api::SendGroupMsg, send).await;
    assert_eq!(sent.code(), 0, "{:?}", sent.json());
    sent.json()["MsgSeq"].as_u64().unwrap()
}

#[tokio::test]
async fn group_set_key_values_sends_the_extension_written() {
    let (env, mut rx) = with_amy_and_bob(Behaviour::Ok).await;
    let group = club_with_bob(&env).await;
    let seq = group_text(&env, &group, json!({"SupportMessageExtension": 1})).await;
    // (OperateType, the key/values)
    let writes = [
        (
            1,
            json!([{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": "v2"}]),
        ),
        (2, json!([{"Key": "k1", "Value": ""}])),
        (1, json!([{"Key": "k2", "Value": "v9", "Seq": 0}])),
        (3, json!(null)),
    ];
    for (operate, list) in &writes {
        let mut body = json!({"GroupId": group, "MsgSeq": seq, "OperateType": operate});
        if !list.is_null() {
            body["ExtensionList"] = list.clone();
        }
        let reply = env.api(Api::GroupSetKeyValues, body).await;
        assert_eq!(reply.code(), 0, "{:?}", reply.json());
    }
    let mut seen = Vec::new();
    while seen.len() < 3 {
        let (received, event) = next_callback(&env, &mut rx).await;
        let Event::AfterGroupMsgExtension(ext) = event else {
            continue;
        };
        assert!(
            received.query.contains("OptPlatform=RESTAPI"),
            "{}",
            received.query
        );
        assert_eq!(
            (ext.group_id.as_str(), ext.msg_seq),
            (group.as_str(), Some(seq))
        );
        assert!(ext.event_time.is_some());
        let list: Vec<(String, String, u64)> = ext
            .extension_list
            .unwrap()
            .into_iter()
            .map(|e| (e.key, e.value.unwrap_or_default(), e.seq.unwrap()))
            .collect();
        seen.push((ext.operate_type.unwrap(), list, ext.seq.unwrap()));
    }
    let kv = |k: &str, v: &str, s: u64| (k.to_owned(), v.to_owned(), s);
    assert_eq!(
        seen,
        [
            (1, vec![kv("k1", "v1", 1), kv("k2", "v2", 1)], 1),
            (2, vec![kv("k1", "", 2)], 2),
            (3, vec![], 3),
        ],
        "the third write's Seq 0 was stale: nothing written, nothing sent"
    );
    let stats = settled(&env).await;
    let sent = stats.by_command.get("Group.CallbackAfterGroupMsgExtension");
    assert_eq!(sent.copied(), Some(3));
}

/// The next `Group.CallbackAfterReadReceipt` and its query, skipping the other callbacks.
async fn next_receipt(
    env: &crate::util::Env,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<crate::callbacks::Received>,
) -> (String, im_callback::group::AfterReadReceipt) {
    loop {
        let (received, event) = next_callback(env, rx).await;
        if let Event::AfterReadReceipt(receipt) = event {
            return (received.query, receipt);
        }
    }
}

#[tokio::test]
async fn group_read_receipts_send_the_read_and_unread_counts() {
    let (env, mut rx) = with_amy_and_bob(Behaviour::Ok).await;
    assert_eq!(
        env.api(Api::AccountImport, json!({"UserID": "carl"}))
            .await
            .code(),
        0
    );
    let create = json!({"Type": "Public", "Name": "team", "Owner_Account": "amy",
        "MemberList": [{"Member_Account": "bob"}, {"Member_Account": "carl"}]});
    let created = env.api(Api::CreateGroup, create).await;
    let group = created.json()["GroupId"].as_str().unwrap().to_owned();
    let seq = group_text(&env, &group, json!({"NeedReadReceipt": 1})).await;
    let receipt = |from: &str| {
        json!({"GroupId": group, "From_Account": from,
        "MsgSeqList": [{"MsgSeq": seq}]})
    };
    assert_eq!(
        env.api(Api::GroupMsgReceipt, receipt("bob")).await.code(),
        0
    );
    // a resend counts nothing new: no callback
    assert_eq!(
        env.api(Api::GroupMsgReceipt, receipt("bob")).await.code(),
        0
    );
    let login = json!({"Platform": "iOS", "ClientIP": "192.0.2.7"});
    env.control_post("clients/carl/login", login).await;
    let by_client = json!({"GroupId": group, "MsgSeqList": [{"MsgSeq": seq}]});
    let reply = env
        .control_post("clients/carl/group_msg_receipt", by_client)
        .await;
    assert_eq!(reply.json()["ErrorCode"], 0, "{reply:?}");
    // (OptPlatform, ClientIP, the reader, ReadNum, UnreadNum)
    let expected = [
        ("RESTAPI", "127.0.0.1", "bob", 1, 1),
        ("iOS", "192.0.2.7", "carl", 2, 0),
    ];
    for (platform, ip, reader, read, unread) in expected {
        let (query, event) = next_receipt(&env, &mut rx).await;
        assert!(
            query.contains(&format!("OptPlatform={platform}"))
                && query.contains(&format!("ClientIP={ip}")),
            "{query}"
        );
        assert_eq!(event.group_id, group);
        let kind = event.group_type.map(|t| t.to_string());
        assert_eq!(kind.as_deref(), Some("Public"));
        assert!(event.event_time.is_some());
        let list = event.group_msg_receipt_list.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].msg_seq, seq);
        assert_eq!(
            (list[0].read_num, list[0].unread_num),
            (Some(read), Some(unread))
        );
        let members = list[0].read_receipt_members.as_ref().unwrap();
        let members: Vec<&str> = members.iter().map(|m| m.member_account.as_str()).collect();
        assert_eq!(members, [reader]);
    }
    let stats = settled(&env).await;
    let sent = stats.by_command.get("Group.CallbackAfterReadReceipt");
    assert_eq!(sent.copied(), Some(2), "the resend sent nothing");
}
