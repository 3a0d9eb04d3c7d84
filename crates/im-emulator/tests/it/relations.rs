//! The relationship graph: friends, friend lists, blocklists and follows, with their refusals.

use im_emulator::{Account, Emulator};
use im_proto::{AllowType, Api, Profile};
use serde_json::{Value, json};

use crate::util::{Env, Reply};

async fn start(users: &[&str]) -> Env {
    let env = Env::start(Emulator::builder().without_rate_limits()).await;
    for user in users {
        env.handle.insert_account(Account::new(*user));
    }
    env
}

/// Each `(To_Account, ResultCode)` of a list answer, in order.
fn codes(reply: &Reply, list: &str) -> Vec<(String, i64)> {
    assert_eq!(reply.code(), 0, "{:?}", reply.json());
    reply.json()[list]
        .as_array()
        .unwrap_or_else(|| panic!("no {list} in {}", reply.json()))
        .iter()
        .map(|i| {
            (
                i["To_Account"].as_str().unwrap().to_owned(),
                i["ResultCode"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, i64)]) -> Vec<(String, i64)> {
    items.iter().map(|(a, c)| ((*a).to_owned(), *c)).collect()
}

async fn relation(env: &Env, from: &str, to: &str, both: bool) -> String {
    let check = if both {
        "CheckResult_Type_Both"
    } else {
        "CheckResult_Type_Single"
    };
    let reply = env
        .api(
            Api::FriendCheck,
            json!({"From_Account": from, "To_Account": [to], "CheckType": check}),
        )
        .await;
    reply.json()["InfoItem"][0]["Relation"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn import(env: &Env, from: &str, to: &[&str]) -> Reply {
    let items: Vec<Value> = to
        .iter()
        .map(|t| json!({"To_Account": t, "AddSource": "AddSource_Type_Import"}))
        .collect();
    env.api(
        Api::FriendImport,
        json!({"From_Account": from, "AddFriendItem": items}),
    )
    .await
}

#[tokio::test]
async fn friend_import_is_one_way_and_answers_per_item() {
    let env = start(&["a", "b", "c"]).await;
    let reply = import(&env, "a", &["b", "nobody", "a"]).await;
    assert_eq!(
        codes(&reply, "ResultItem"),
        pairs(&[("b", 0), ("nobody", 30003), ("a", 30001)])
    );
    assert_eq!(reply.json()["Fail_Account"], json!(["nobody", "a"]));
    let again = import(&env, "a", &["b"]).await;
    assert_eq!(codes(&again, "ResultItem"), pairs(&[("b", 30001)]));
    assert!(again.json()["Fail_Account"].is_array());
    assert_eq!(
        relation(&env, "a", "b", true).await,
        "CheckResult_Type_AWithB"
    );
    assert_eq!(
        relation(&env, "b", "a", true).await,
        "CheckResult_Type_BWithA"
    );
    assert_eq!(
        relation(&env, "b", "a", false).await,
        "CheckResult_Type_NoRelation"
    );
    import(&env, "b", &["a"]).await;
    assert_eq!(
        relation(&env, "a", "b", true).await,
        "CheckResult_Type_BothWay"
    );
    assert_eq!(
        relation(&env, "a", "c", true).await,
        "CheckResult_Type_NoRelation"
    );
    let unknown = env.api(Api::FriendImport, json!({"From_Account": "ghost", "AddFriendItem": [{"To_Account": "a", "AddSource": "AddSource_Type_X"}]})).await;
    assert_eq!(unknown.code(), 30003);
}

#[tokio::test]
async fn friend_add_follows_allow_type_force_and_blocklists() {
    let env = start(&["a", "b", "c", "d"]).await;
    let add = |to: &str, force: bool| {
        json!({"From_Account": "a", "ForceAddFlags": i32::from(force),
               "AddFriendItem": [{"To_Account": to, "AddSource": "AddSource_Type_Web"}]})
    };
    // No AllowType set: a request needing confirmation, not a friendship.
    let pending = env.api(Api::FriendAdd, add("b", false)).await;
    assert_eq!(codes(&pending, "ResultItem"), pairs(&[("b", 30539)]));
    assert_eq!(
        relation(&env, "a", "b", true).await,
        "CheckResult_Type_NoRelation"
    );
    assert_eq!(env.handle.relation_counts().pending, 1);
    let deny = Profile::new().with_allow_type(AllowType::DenyAny);
    env.handle
        .insert_account(Account::new("c").with_profile(deny));
    let denied = env.api(Api::FriendAdd, add("c", false)).await;
    assert_eq!(codes(&denied, "ResultItem"), pairs(&[("c", 30516)]));
    // Forced: both ways by default.
    let forced = env.api(Api::FriendAdd, add("b", true)).await;
    assert_eq!(codes(&forced, "ResultItem"), pairs(&[("b", 0)]));
    assert_eq!(
        relation(&env, "a", "b", true).await,
        "CheckResult_Type_BothWay"
    );
    assert_eq!(env.handle.relation_counts().pending, 0);
    let twice = env.api(Api::FriendAdd, add("b", true)).await;
    assert_eq!(codes(&twice, "ResultItem"), pairs(&[("b", 30001)]));
    // Blocking ends the friendship both ways and blocks requests both ways.
    let blocked = env
        .api(
            Api::BlackListAdd,
            json!({"From_Account": "b", "To_Account": ["a"]}),
        )
        .await;
    assert_eq!(codes(&blocked, "ResultItem"), pairs(&[("a", 0)]));
    assert_eq!(
        relation(&env, "a", "b", true).await,
        "CheckResult_Type_NoRelation"
    );
    let refused = env.api(Api::FriendAdd, add("b", true)).await;
    assert_eq!(codes(&refused, "ResultItem"), pairs(&[("b", 30525)]));
    env.api(
        Api::BlackListAdd,
        json!({"From_Account": "a", "To_Account": ["d"]}),
    )
    .await;
    let mine = env.api(Api::FriendAdd, add("d", true)).await;
    assert_eq!(codes(&mine, "ResultItem"), pairs(&[("d", 30515)]));
    let single = json!({"From_Account": "c", "AddType": "Add_Type_Single", "ForceAddFlags": 1,
                        "AddFriendItem": [{"To_Account": "d", "AddSource": "AddSource_Type_Web"}]});
    env.api(Api::FriendAdd, single).await;
    assert_eq!(
        relation(&env, "c", "d", true).await,
        "CheckResult_Type_AWithB"
    );
}

#[tokio::test]
async fn friend_get_pages_by_next_start_index() {
    let mut users: Vec<String> = (0..250).map(|i| format!("f{i:03}")).collect();
    users.push("owner".into());
    let names: Vec<&str> = users.iter().map(String::as_str).collect();
    let env = start(&names).await;
    for chunk in names[..250].chunks(100) {
        import(&env, "owner", chunk).await;
    }
    let mut start = 0;
    let mut seen = Vec::new();
    let mut sequence;
    loop {
        let reply = env
            .api(
                Api::FriendGet,
                json!({"From_Account": "owner", "StartIndex": start}),
            )
            .await;
        let body = reply.json();
        assert_eq!(body["FriendNum"], 250);
        for item in body["UserDataItem"].as_array().unwrap() {
            seen.push(item["To_Account"].as_str().unwrap().to_owned());
            let tags: Vec<&str> = item["ValueItem"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["Tag"].as_str().unwrap())
                .collect();
            assert!(tags.contains(&"Tag_SNS_IM_AddSource"), "{tags:?}");
        }
        sequence = body["StandardSequence"].as_i64();
        if body["CompleteFlag"] == 1 {
            assert_eq!(body["NextStartIndex"], 0);
            break;
        }
        start = body["NextStartIndex"].as_i64().unwrap();
        assert!(start > 0);
    }
    assert_eq!(seen, &users[..250]);
    // Sending the current version: no standard data.
    let same = env
        .api(
            Api::FriendGet,
            json!({"From_Account": "owner", "StartIndex": 0, "StandardSequence": sequence}),
        )
        .await;
    let first = &same.json()["UserDataItem"][0]["ValueItem"];
    assert_eq!(first, &json!([]));
}

#[tokio::test]
async fn black_list_get_pages_by_its_start_index() {
    let users: Vec<String> = (0..7).map(|i| format!("u{i}")).collect();
    let mut names: Vec<&str> = users.iter().map(String::as_str).collect();
    names.push("me");
    let env = start(&names).await;
    let reply = env
        .api(
            Api::BlackListAdd,
            json!({"From_Account": "me", "To_Account": users}),
        )
        .await;
    assert_eq!(reply.json()["ResultItem"].as_array().unwrap().len(), 7);
    let mut start = 0;
    let mut seen = Vec::new();
    loop {
        let body = env
            .api(Api::BlackListGet, json!({"From_Account": "me", "StartIndex": start, "MaxLimited": 3, "LastSequence": 0}))
            .await
            .json()
            .clone();
        for item in body["BlackListItem"].as_array().unwrap() {
            seen.push(item["To_Account"].as_str().unwrap().to_owned());
            assert!(item["AddBlackTimeStamp"].as_i64().unwrap() > 0);
        }
        assert!(body["CurruentSequence"].is_i64());
        start = body["StartIndex"].as_i64().unwrap();
        if start == 0 {
            break;
        }
    }
    assert_eq!(seen, users);
    let too_many = env
        .api(
            Api::BlackListGet,
            json!({"From_Account": "me", "StartIndex": 0, "MaxLimited": 1001, "LastSequence": 0}),
        )
        .await;
    assert_eq!(too_many.code(), 30001);
    let check = env
        .api(Api::BlackListCheck, json!({"From_Account": "u0", "To_Account": ["me", "u1"], "CheckType": "BlackCheckResult_Type_Both"}))
        .await;
    assert_eq!(
        check.json()["BlackListCheckItem"][0]["Relation"],
        "BlackCheckResult_Type_BWithA"
    );
    assert_eq!(
        check.json()["BlackListCheckItem"][1]["Relation"],
        "BlackCheckResult_Type_NO"
    );
    let again = env
        .api(
            Api::BlackListDelete,
            json!({"From_Account": "me", "To_Account": ["u0", "u0"]}),
        )
        .await;
    assert_eq!(
        codes(&again, "ResultItem"),
        pairs(&[("u0", 0), ("u0", 30001)])
    );
}

#[tokio::test]
async fn friend_delete_and_delete_all_reach_as_their_type_says() {
    let env = start(&["a", "b", "c"]).await;
    import(&env, "a", &["b", "c"]).await;
    import(&env, "b", &["a"]).await;
    import(&env, "c", &["a"]).await;
    let single = env
        .api(
            Api::FriendDelete,
            json!({"From_Account": "a", "To_Account": ["b", "b"]}),
        )
        .await;
    assert_eq!(
        codes(&single, "ResultItem"),
        pairs(&[("b", 0), ("b", 31704)])
    );
    assert_eq!(
        relation(&env, "b", "a", false).await,
        "CheckResult_Type_AWithB"
    );
    let all = env
        .api(
            Api::FriendDeleteAll,
            json!({"From_Account": "a", "DeleteType": "Delete_Type_Both"}),
        )
        .await;
    assert_eq!(all.code(), 0);
    assert_eq!(
        relation(&env, "c", "a", true).await,
        "CheckResult_Type_NoRelation"
    );
    assert_eq!(
        relation(&env, "b", "a", false).await,
        "CheckResult_Type_AWithB",
        "not a friend of a then"
    );
    assert_eq!(env.handle.relation_counts().friend_entries, 1);
}

#[tokio::test]
async fn friend_fields_and_lists() {
    let env = start(&["a", "b", "c"]).await;
    import(&env, "a", &["b"]).await;
    let update = json!({"From_Account": "a", "UpdateItem": [
        {"To_Account": "b", "SnsItem": [
            {"Tag": "Tag_SNS_IM_Remark", "Value": "bee"},
            {"Tag": "Tag_SNS_IM_Group", "Value": ["work", "gym"]},
            {"Tag": "Tag_SNS_Custom_Level", "Value": "gold"}]},
        {"To_Account": "c", "SnsItem": [{"Tag": "Tag_SNS_IM_Remark", "Value": "x"}]}]});
    let reply = env.api(Api::FriendUpdate, update).await;
    assert_eq!(
        codes(&reply, "ResultItem"),
        pairs(&[("b", 0), ("c", 30001)])
    );
    let bad = json!({"From_Account": "a", "UpdateItem": [{"To_Account": "b", "SnsItem": [{"Tag": "Tag_SNS_IM_AddTime", "Value": 1}]}]});
    let refused = env.api(Api::FriendUpdate, bad).await;
    assert_eq!(refused.code(), 30001);
    assert!(
        refused.json()["ErrorInfo"]
            .as_str()
            .unwrap()
            .contains("Invalid field")
    );
    let list = env
        .api(Api::FriendGetList, json!({"From_Account": "a", "To_Account": ["b", "c"], "TagList": ["Tag_SNS_IM_Remark", "Tag_SNS_Custom_Level", "Tag_SNS_IM_Group"]}))
        .await;
    let items = &list.json()["InfoItem"];
    assert_eq!(
        items[0]["SnsProfileItem"],
        json!([
        {"Tag": "Tag_SNS_IM_Group", "Value": ["work", "gym"]},
        {"Tag": "Tag_SNS_IM_Remark", "Value": "bee"},
        {"Tag": "Tag_SNS_Custom_Level", "Value": "gold"}])
    );
    assert_eq!(items[1]["ResultCode"], 30001);
    let add = env
        .api(
            Api::GroupAdd,
            json!({"From_Account": "a", "GroupName": ["new"], "To_Account": ["b", "c"]}),
        )
        .await;
    assert_eq!(codes(&add, "ResultItem"), pairs(&[("b", 0), ("c", 32216)]));
    let dup = env
        .api(
            Api::GroupAdd,
            json!({"From_Account": "a", "GroupName": ["work"]}),
        )
        .await;
    assert_eq!(dup.code(), 30001);
    env.api(
        Api::GroupDelete,
        json!({"From_Account": "a", "GroupName": ["gym"]}),
    )
    .await;
    let got = env
        .api(
            Api::GroupGet,
            json!({"From_Account": "a", "NeedFriend": "Need_Friend_Type_Yes"}),
        )
        .await;
    assert_eq!(
        got.json()["ResultItem"],
        json!([
        {"GroupName": "work", "FriendNumber": 1, "To_Account": ["b"]},
        {"GroupName": "new", "FriendNumber": 1, "To_Account": ["b"]}])
    );
    assert_eq!(
        relation(&env, "a", "b", false).await,
        "CheckResult_Type_AWithB",
        "lists leave friends"
    );
}

#[tokio::test]
async fn follows_with_types_counts_pages_and_the_switch() {
    let env = start(&["a", "b", "c"]).await;
    let follow = |from: &str, to: &[&str]| {
        let items: Vec<Value> = to.iter().map(|t| json!({"To_Account": t})).collect();
        json!({"From_Account": from, "FollowItem": items})
    };
    let reply = env
        .api(Api::FollowAdd, follow("a", &["b", "c", "a", "nobody"]))
        .await;
    assert_eq!(
        codes(&reply, "ResultItem"),
        pairs(&[("b", 0), ("c", 0), ("a", 30001), ("nobody", 30003)])
    );
    env.api(Api::FollowAdd, follow("b", &["a"])).await;
    let check = env
        .api(
            Api::FollowCheck,
            json!({"From_Account": "a", "To_Account": ["b", "c"]}),
        )
        .await;
    let types: Vec<i64> = check.json()["ResultItem"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["FollowType"].as_i64().unwrap())
        .collect();
    assert_eq!(types, [3, 2]);
    let check = env
        .api(
            Api::FollowCheck,
            json!({"From_Account": "c", "To_Account": ["a", "b"]}),
        )
        .await;
    assert_eq!(check.json()["ResultItem"][0]["FollowType"], 1);
    assert_eq!(check.json()["ResultItem"][1]["FollowType"], 0);
    let info = env
        .api(
            Api::FollowGetInfo,
            json!({"From_Account": "a", "To_Account": ["a", "c"]}),
        )
        .await;
    let a = &info.json()["FollowInfo"][0];
    assert_eq!(
        (
            a["FollowerCount"].clone(),
            a["FollowingCount"].clone(),
            a["MutualFollowingCount"].clone()
        ),
        (json!(1), json!(2), json!(1))
    );
    assert_eq!(info.json()["FollowInfo"][1]["FollowerCount"], 1);
    let mut cursor = String::new();
    let mut following = Vec::new();
    loop {
        let page = env
            .api(
                Api::FollowGet,
                json!({"From_Account": "a", "FollowType": 2, "StartCursor": cursor, "WantNum": 1}),
            )
            .await;
        for item in page.json()["FollowItem"].as_array().unwrap() {
            following.push(item["To_Account"].as_str().unwrap().to_owned());
        }
        cursor = page.json()["NextCursor"].as_str().unwrap().to_owned();
        if cursor.is_empty() {
            break;
        }
    }
    following.sort();
    assert_eq!(following, ["b", "c"]);
    let mutual = env
        .api(
            Api::FollowGet,
            json!({"From_Account": "a", "FollowType": 3, "StartCursor": "", "WantNum": 10}),
        )
        .await;
    assert_eq!(mutual.json()["FollowItem"][0]["To_Account"], "b");
    env.api(
        Api::FollowDelete,
        json!({"From_Account": "b", "To_Account": ["a"]}),
    )
    .await;
    assert_eq!(env.handle.relations_of("a").followers, Vec::<String>::new());
    let off = env
        .control_post("relations", json!({"follow_enabled": false}))
        .await;
    assert_eq!(off.json()["follow_enabled"], false);
    let refused = env.api(Api::FollowAdd, follow("a", &["b"])).await;
    assert_eq!(refused.code(), 30005);
}

#[tokio::test]
async fn inspection_shows_the_graph() {
    let env = start(&["a", "b"]).await;
    import(&env, "a", &["b"]).await;
    let all = env.control_get("relations").await;
    assert_eq!(all["friend_entries"], 1);
    let of = env.control_get("relations?user=a").await;
    assert_eq!(of["friends"], json!(["b"]));
    let bad = env.control_post("relations", json!({"nope": true})).await;
    assert!(matches!(bad, Reply::Http(400, _)), "{bad:?}");
    env.handle.reset();
    assert_eq!(env.handle.relation_counts().friend_entries, 0);
}

/// A deleted account's relationship chain goes with it (the account_delete page): its own
/// tables and its entries in everyone else's friend tables, blocklists and follow lists.
#[tokio::test]
async fn deleting_an_account_deletes_its_relationship_chain() {
    let env = start(&["a", "b", "c"]).await;
    import(&env, "a", &["b", "c"]).await;
    import(&env, "b", &["a"]).await;
    import(&env, "c", &["b"]).await;
    let block = json!({"From_Account": "c", "To_Account": ["a"]});
    assert_eq!(env.api(Api::BlackListAdd, block).await.code(), 0);
    let follow = json!({"From_Account": "b", "FollowItem": [{"To_Account": "a"}]});
    assert_eq!(env.api(Api::FollowAdd, follow).await.code(), 0);
    let follow = json!({"From_Account": "a", "FollowItem": [{"To_Account": "c"}]});
    assert_eq!(env.api(Api::FollowAdd, follow).await.code(), 0);

    let delete = json!({"DeleteItem": [{"UserID": "a"}]});
    assert_eq!(env.api(Api::AccountDelete, delete).await.code(), 0);

    let b = env.handle.relations_of("b");
    assert_eq!(b.friends, Vec::<String>::new(), "a left b's friends");
    assert_eq!(b.following, Vec::<String>::new(), "b no longer follows a");
    let c = env.handle.relations_of("c");
    assert_eq!(c.friends, ["b"], "c's other friend stays");
    assert_eq!(c.blocked, Vec::<String>::new(), "a left c's blocklist");
    assert_eq!(c.followers, Vec::<String>::new(), "a no longer follows c");
    let counts = env.handle.relation_counts();
    assert_eq!(
        (
            counts.friend_entries,
            counts.blocklist_entries,
            counts.follows
        ),
        (1, 0, 0)
    );
}
