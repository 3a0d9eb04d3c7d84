//! Groups, members and group messages: each page's example answered, the refusals with their
//! codes, paging, and what each group type allows.

use im_emulator::{Account, Edition, Emulator};
use im_proto::Api;
use serde_json::{Value, json};

use crate::util::{Env, Reply};

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../im-proto/tests/fixtures/generated/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

const USERS: [&str; 9] = [
    "leckie",
    "peter",
    "bob",
    "wesley",
    "emily",
    "jared",
    "tommy",
    "brennanli3",
    "brennanli12",
];

async fn start_as(edition: Edition) -> Env {
    let builder = Emulator::builder().without_rate_limits().edition(edition);
    let env = Env::start(builder).await;
    for user in USERS {
        env.handle.insert_account(Account::new(user));
    }
    env
}

async fn start() -> Env {
    start_as(Edition::Enterprise).await
}

fn ok(reply: &Reply) -> &Value {
    assert_eq!(reply.code(), 0, "{}", reply.json());
    reply.json()
}

/// Creates a group; its GroupId.
async fn create(env: &Env, body: Value) -> String {
    let reply = env.api(Api::CreateGroup, body).await;
    ok(&reply)["GroupId"].as_str().unwrap().to_owned()
}

/// The page's example with the GroupId of a group of this test.
fn at(name: &str, id: &str) -> Value {
    let mut body = fixture(name);
    body["GroupId"] = json!(id);
    body
}

/// The accounts of a member list, in order.
fn accounts(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|m| m["Member_Account"].as_str().unwrap().to_owned())
        .collect()
}

async fn info(env: &Env, id: &str) -> Value {
    let reply = env
        .api(Api::GetGroupInfo, json!({"GroupIdList": [id]}))
        .await;
    ok(&reply)["GroupInfo"][0].clone()
}

async fn roles(env: &Env, id: &str, who: &[&str]) -> Vec<String> {
    let body = json!({"GroupId": id, "User_Account": who});
    let reply = env.api(Api::GetRoleInGroup, body).await;
    ok(&reply)["UserIdList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["Role"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn create_group_answers_the_pages_examples_and_refuses_taken_ids() {
    let env = start().await;
    let id = create(&env, fixture("create_group.request")).await;
    assert!(id.starts_with("@TGS#") && !id.starts_with("@TGS#_"), "{id}");
    let custom = create(&env, fixture("create_group.request.all_in_one")).await;
    assert_eq!(custom, "MyFirstGroup");
    let community = create(&env, fixture("create_group.request.community_topics")).await;
    assert!(community.starts_with("@TGS#_"), "{community}");
    let again = env
        .api(Api::CreateGroup, fixture("create_group.request.all_in_one"))
        .await;
    assert_eq!(again.code(), 10025, "{}", again.json());
    let mut other = fixture("create_group.request.all_in_one");
    other["Owner_Account"] = json!("wesley");
    assert_eq!(env.api(Api::CreateGroup, other).await.code(), 10021);
    let reserved = json!({"Type": "Public", "Name": "n", "GroupId": "@TGS#mine"});
    assert_eq!(env.api(Api::CreateGroup, reserved).await.code(), 10004);
    let wrong = json!({"Type": "Community", "Name": "n", "GroupId": "no-prefix"});
    assert_eq!(env.api(Api::CreateGroup, wrong).await.code(), 10004);
    let ghost = json!({"Type": "Public", "Name": "n", "Owner_Account": "ghost"});
    assert_eq!(env.api(Api::CreateGroup, ghost).await.code(), 10004);
    let kind = json!({"Type": "Castle", "Name": "n"});
    assert_eq!(env.api(Api::CreateGroup, kind).await.code(), 10004);
}

#[tokio::test]
async fn get_group_info_gives_every_field_or_only_the_filtered_ones() {
    let env = start().await;
    let id = create(&env, fixture("create_group.request.all_in_one")).await;
    let group = info(&env, &id).await;
    assert_eq!(group["ErrorCode"], 0);
    assert_eq!(group["Type"], "Public");
    assert_eq!(group["Name"], "TestGroup");
    assert_eq!(group["Introduction"], "This is group Introduction");
    assert_eq!(group["Notification"], "This is group Notification");
    assert_eq!(group["Owner_Account"], "leckie");
    assert_eq!(group["MaxMemberNum"], 500);
    assert_eq!(group["MemberNum"], 3);
    assert_eq!(group["ApplyJoinOption"], "FreeAccess");
    assert_eq!(group["NextMsgSeq"], 1);
    assert_eq!(
        group["AppDefinedData"][0],
        json!({"Key": "GroupTestData1", "Value": "xxxxx"})
    );
    let members: Vec<(&str, &str)> = group["MemberList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["Member_Account"].as_str().unwrap(),
                m["Role"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        members,
        [("leckie", "Owner"), ("bob", "Admin"), ("peter", "Member")]
    );
    assert_eq!(
        group["MemberList"][1]["AppMemberDefinedData"][1]["Value"],
        "MemberData2"
    );

    let mut filtered = fixture("get_group_info.request.filtered");
    filtered["GroupIdList"] = json!([id, "@TGS#nothere", ""]);
    let reply = env.api(Api::GetGroupInfo, filtered).await;
    let items = ok(&reply)["GroupInfo"].as_array().unwrap().clone();
    let one = &items[0];
    assert_eq!(one["Name"], "TestGroup");
    assert!(
        one.get("Owner_Account").is_none() && one.get("MemberNum").is_none(),
        "{one}"
    );
    assert_eq!(one["AppDefinedData"].as_array().unwrap().len(), 2);
    assert_eq!(
        one["MemberList"][0],
        json!({"Member_Account": "leckie", "Role": "Owner"})
    );
    assert_eq!(items[1]["ErrorCode"], 10010);
    assert_eq!(items[2]["ErrorCode"], 10015);
}

#[tokio::test]
async fn each_type_allows_what_its_page_says() {
    let env = start().await;
    let av =
        json!({"Type": "AVChatRoom", "Name": "live", "MemberList": [{"Member_Account": "bob"}]});
    assert_eq!(env.api(Api::CreateGroup, av).await.code(), 10007);
    let live = create(
        &env,
        json!({"Type": "AVChatRoom", "Name": "live", "Owner_Account": "leckie"}),
    )
    .await;
    let body = json!({"GroupId": live, "User_Account": ["leckie"]});
    assert_eq!(env.api(Api::GetRoleInGroup, body).await.code(), 10007);
    let group = info(&env, &live).await;
    assert!(
        group.get("MemberList").is_none() && group.get("MemberNum").is_none(),
        "{group}"
    );
    let import = json!({"Type": "AVChatRoom", "Name": "live"});
    assert_eq!(env.api(Api::ImportGroup, import).await.code(), 10007);
    let admin_in_work = json!({"Type": "Private", "Name": "w", "MemberList": [{"Member_Account": "bob", "Role": "Admin"}]});
    assert_eq!(env.api(Api::CreateGroup, admin_in_work).await.code(), 10004);
    let work = create(
        &env,
        json!({"Type": "Private", "Name": "w", "ApplyJoinOption": "FreeAccess"}),
    )
    .await;
    assert!(info(&env, &work).await.get("ApplyJoinOption").is_none());
    let apply = json!({"GroupId": work, "ApplyJoinOption": "FreeAccess"});
    assert_eq!(env.api(Api::ModifyGroupBaseInfo, apply).await.code(), 10007);
}

#[tokio::test]
async fn member_caps_follow_the_modelled_edition() {
    let env = start_as(Edition::Trial).await;
    let community = json!({"Type": "Community", "Name": "c"});
    assert_eq!(env.api(Api::CreateGroup, community).await.code(), 10007);
    let too_many = json!({"Type": "Public", "Name": "p", "MaxMemberCount": 21});
    assert_eq!(env.api(Api::CreateGroup, too_many).await.code(), 10004);
    let id = create(&env, json!({"Type": "Public", "Name": "p"})).await;
    assert_eq!(info(&env, &id).await["MaxMemberNum"], 20);
    let enterprise = start().await;
    let id = create(&enterprise, json!({"Type": "Public", "Name": "p"})).await;
    assert_eq!(info(&enterprise, &id).await["MaxMemberNum"], 6000);
}

#[tokio::test]
async fn modify_group_base_info_changes_the_named_fields() {
    let env = start().await;
    let id = create(&env, fixture("create_group.request.all_in_one")).await;
    let before = info(&env, &id).await["InfoSeq"].as_u64().unwrap();
    let mut body = fixture("modify_group_base_info.request");
    body["GroupId"] = json!(id);
    ok(&env.api(Api::ModifyGroupBaseInfo, body).await);
    let group = info(&env, &id).await;
    assert_eq!(group["Name"], "NewName");
    assert_eq!(group["Notification"], "NewNotification");
    assert_eq!(group["ApplyJoinOption"], "NeedPermission");
    assert_eq!(group["MuteAllMember"], "On");
    assert_eq!(
        group["AppDefinedData"],
        json!([{"Key": "GroupTestData1", "Value": "NewData"}])
    );
    assert_eq!(group["InfoSeq"].as_u64().unwrap(), before + 1);
    let below = json!({"GroupId": id, "MaxMemberNum": 2});
    assert_eq!(env.api(Api::ModifyGroupBaseInfo, below).await.code(), 10004);
    let by_member = json!({"GroupId": id, "Name": "x", "From_Account": "peter"});
    assert_eq!(
        env.api(Api::ModifyGroupBaseInfo, by_member).await.code(),
        10007
    );
    let by_admin = json!({"GroupId": id, "Name": "x", "From_Account": "bob"});
    ok(&env.api(Api::ModifyGroupBaseInfo, by_admin).await);
    let missing = json!({"GroupId": "@TGS#nothere", "Name": "x"});
    assert_eq!(
        env.api(Api::ModifyGroupBaseInfo, missing).await.code(),
        10010
    );
}

#[tokio::test]
async fn destroy_group_removes_the_group_and_a_resend_answers_10010() {
    let env = start().await;
    let id = create(&env, fixture("create_group.request")).await;
    let mut body = fixture("destroy_group.request");
    body["GroupId"] = json!(id);
    ok(&env.api(Api::DestroyGroup, body.clone()).await);
    assert_eq!(env.api(Api::DestroyGroup, body).await.code(), 10010);
    assert_eq!(info(&env, &id).await["ErrorCode"], 10010);
    let joined = env
        .api(Api::GetJoinedGroupList, json!({"Member_Account": "leckie"}))
        .await;
    assert_eq!(ok(&joined)["TotalCount"], 0);
}

#[tokio::test]
async fn get_appid_group_list_pages_by_its_next_cursor() {
    let env = start().await;
    let mut made = Vec::new();
    for (i, kind) in ["Public", "Private", "Public", "ChatRoom", "Public"]
        .iter()
        .enumerate()
    {
        made.push(create(&env, json!({"Type": kind, "Name": format!("g{i}")})).await);
    }
    let (mut seen, mut next) = (Vec::new(), 0u64);
    loop {
        let reply = env
            .api(Api::GetAppidGroupList, json!({"Limit": 2, "Next": next}))
            .await;
        let page = ok(&reply);
        assert_eq!(page["TotalCount"], 5);
        for item in page["GroupIdList"].as_array().unwrap() {
            seen.push(item["GroupId"].as_str().unwrap().to_owned());
        }
        next = page["Next"].as_u64().unwrap();
        if next == 0 {
            break;
        }
    }
    assert_eq!(seen, made);
    let reply = env
        .api(
            Api::GetAppidGroupList,
            fixture("get_appid_group_list.request"),
        )
        .await;
    let public = ok(&reply);
    assert_eq!(public["TotalCount"], 3);
    assert_eq!(public["GroupIdList"].as_array().unwrap().len(), 3);
    assert_eq!(public["Next"], 0);
}

#[tokio::test]
async fn get_joined_group_list_pages_and_filters() {
    let env = start().await;
    let a = create(
        &env,
        json!({"Type": "Public", "Name": "a", "Owner_Account": "leckie"}),
    )
    .await;
    let b = create(
        &env,
        json!({"Type": "Private", "Name": "b", "MemberList": [{"Member_Account": "leckie"}]}),
    )
    .await;
    create(
        &env,
        json!({"Type": "Public", "Name": "c", "Owner_Account": "peter"}),
    )
    .await;
    let reply = env
        .api(
            Api::GetJoinedGroupList,
            fixture("get_joined_group_list.request"),
        )
        .await;
    let list = ok(&reply);
    assert_eq!(list["TotalCount"], 2);
    assert_eq!(list["GroupIdList"], json!([{"GroupId": a}, {"GroupId": b}]));
    let page = json!({"Member_Account": "leckie", "Limit": 1, "Offset": 1});
    let reply = env.api(Api::GetJoinedGroupList, page).await;
    assert_eq!(ok(&reply)["GroupIdList"], json!([{"GroupId": b}]));
    let reply = env
        .api(
            Api::GetJoinedGroupList,
            fixture("get_joined_group_list.request.all_in_one"),
        )
        .await;
    let first = &ok(&reply)["GroupIdList"][0];
    assert_eq!(first["Name"], "a");
    assert_eq!(first["MemberNum"], 1);
    assert_eq!(first["SelfInfo"]["Role"], "Owner");
    let typed = json!({"Member_Account": "leckie", "GroupType": "Private"});
    let reply = env.api(Api::GetJoinedGroupList, typed).await;
    assert_eq!(ok(&reply)["GroupIdList"], json!([{"GroupId": b}]));
}

#[tokio::test]
async fn change_group_owner_and_get_role_in_group_follow_the_pages() {
    let env = start().await;
    let id = create(&env, fixture("create_group.request.all_in_one")).await;
    let mut body = fixture("get_role_in_group.request");
    body["GroupId"] = json!(id);
    let reply = env.api(Api::GetRoleInGroup, body).await;
    let got: Vec<&str> = ok(&reply)["UserIdList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["Role"].as_str().unwrap())
        .collect();
    assert_eq!(got, ["Owner", "Member", "NotMember"]);
    let mut change = fixture("change_group_owner.request");
    change["GroupId"] = json!(id);
    assert_eq!(
        env.api(Api::ChangeGroupOwner, change.clone()).await.code(),
        10007,
        "emily is not the owner"
    );
    change["From_Account"] = json!("leckie");
    ok(&env.api(Api::ChangeGroupOwner, change).await);
    assert_eq!(
        roles(&env, &id, &["leckie", "peter"]).await,
        ["Member", "Owner"]
    );
    assert_eq!(info(&env, &id).await["Owner_Account"], "peter");
    let outsider = json!({"GroupId": id, "NewOwner_Account": "wesley"});
    assert_eq!(env.api(Api::ChangeGroupOwner, outsider).await.code(), 10004);
    let missing = json!({"GroupId": "@TGS#nothere", "NewOwner_Account": "peter"});
    assert_eq!(env.api(Api::ChangeGroupOwner, missing).await.code(), 10010);
}

#[tokio::test]
async fn import_group_keeps_its_creation_time_and_refuses_taken_ids() {
    let env = start().await;
    let reply = env
        .api(Api::ImportGroup, fixture("import_group.request.all_fields"))
        .await;
    assert_eq!(ok(&reply)["GroupId"], "MyFirstGroup");
    let group = info(&env, "MyFirstGroup").await;
    assert_eq!(group["CreateTime"], 1_448_357_837);
    assert_eq!(
        group["MemberList"],
        json!([{"Member_Account": "leckie", "Role": "Owner", "JoinTime": 1_448_357_837, "MsgSeq": 0, "MsgFlag": "AcceptAndNotify", "LastSendMsgTime": 0, "MuteUntil": 0}])
    );
    let again = env
        .api(Api::ImportGroup, fixture("import_group.request.all_fields"))
        .await;
    assert_eq!(again.code(), 10021);
    let future = json!({"Type": "Public", "Name": "f", "CreateTime": 4_000_000_000u64});
    assert_eq!(env.api(Api::ImportGroup, future).await.code(), 10004);
    let reply = env
        .api(Api::ImportGroup, fixture("import_group.request"))
        .await;
    assert!(ok(&reply)["GroupId"].as_str().unwrap().starts_with("@TGS#"));
}

#[tokio::test]
async fn add_group_member_answers_per_account_and_refuses_overfilling() {
    let env = start().await;
    let id = create(
        &env,
        json!({"Type": "Public", "Name": "p", "Owner_Account": "leckie", "MaxMemberCount": 3}),
    )
    .await;
    let reply = env
        .api(Api::AddGroupMember, at("add_group_member.request", &id))
        .await;
    assert_eq!(
        ok(&reply)["MemberList"],
        json!([{"Member_Account": "tommy", "Result": 1}, {"Member_Account": "jared", "Result": 1}])
    );
    let again = env
        .api(Api::AddGroupMember, at("add_group_member.request", &id))
        .await;
    assert_eq!(ok(&again)["MemberList"][0]["Result"], 2);
    let full = json!({"GroupId": id, "MemberList": [{"Member_Account": "bob"}]});
    assert_eq!(env.api(Api::AddGroupMember, full).await.code(), 10014);
    let ghost = json!({"GroupId": id, "MemberList": [{"Member_Account": "ghost"}]});
    assert_eq!(env.api(Api::AddGroupMember, ghost).await.code(), 10019);
    let live = create(&env, json!({"Type": "AVChatRoom", "Name": "l"})).await;
    assert_eq!(
        env.api(Api::AddGroupMember, at("add_group_member.request", &live))
            .await
            .code(),
        10007
    );
    let invite = create(
        &env,
        json!({"Type": "Public", "Name": "i", "InviteJoinOption": "NeedPermission"}),
    )
    .await;
    let reply = env
        .api(Api::AddGroupMember, at("add_group_member.request", &invite))
        .await;
    assert_eq!(ok(&reply)["MemberList"][0]["Result"], 3);
    assert_eq!(info(&env, &invite).await["MemberNum"], 0);
}

#[tokio::test]
async fn import_group_member_keeps_join_times_within_the_groups_life() {
    let env = start().await;
    let body = json!({"Type": "Public", "Name": "old", "CreateTime": 1_448_000_000});
    let reply = env.api(Api::ImportGroup, body).await;
    let id = ok(&reply)["GroupId"].as_str().unwrap().to_owned();
    let reply = env
        .api(
            Api::ImportGroupMember,
            at("import_group_member.request", &id),
        )
        .await;
    assert_eq!(
        ok(&reply)["MemberList"],
        json!([{"Member_Account": "tommy", "Result": 1}, {"Member_Account": "jared", "Result": 1}])
    );
    let again = env
        .api(
            Api::ImportGroupMember,
            at("import_group_member.request", &id),
        )
        .await;
    assert_eq!(ok(&again)["MemberList"][1]["Result"], 2);
    let early = json!({"GroupId": id, "MemberList": [{"Member_Account": "bob", "JoinTime": 1_447_000_000}, {"Member_Account": "peter", "JoinTime": 4_000_000_000u64}, {"Member_Account": "ghost"}]});
    let reply = env.api(Api::ImportGroupMember, early).await;
    let results: Vec<i64> = ok(&reply)["MemberList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["Result"].as_i64().unwrap())
        .collect();
    assert_eq!(results, [0, 0, 0]);
    let group = info(&env, &id).await;
    assert_eq!(group["MemberList"][0]["Role"], "Admin");
    assert_eq!(group["MemberList"][1]["JoinTime"], 1_448_357_857);
}

#[tokio::test]
async fn delete_group_member_removes_members_but_never_the_owner() {
    let env = start().await;
    let id = create(&env, json!({"Type": "Public", "Name": "p", "Owner_Account": "leckie", "MemberList": [{"Member_Account": "tommy"}, {"Member_Account": "jared"}, {"Member_Account": "bob"}]})).await;
    ok(&env
        .api(
            Api::DeleteGroupMember,
            at("delete_group_member.request", &id),
        )
        .await);
    ok(&env
        .api(
            Api::DeleteGroupMember,
            at("delete_group_member.request", &id),
        )
        .await);
    assert_eq!(
        accounts(&info(&env, &id).await["MemberList"]),
        ["leckie", "bob"]
    );
    let owner = json!({"GroupId": id, "MemberToDel_Account": ["leckie"]});
    assert_eq!(env.api(Api::DeleteGroupMember, owner).await.code(), 10004);
    let live = create(&env, json!({"Type": "AVChatRoom", "Name": "l"})).await;
    assert_eq!(
        env.api(
            Api::DeleteGroupMember,
            at("delete_group_member.request", &live)
        )
        .await
        .code(),
        10004
    );
}

#[tokio::test]
async fn modify_group_member_info_sets_role_flag_card_fields_and_mute() {
    let env = start().await;
    let id = create(&env, json!({"Type": "Public", "Name": "p", "Owner_Account": "leckie", "MemberList": [{"Member_Account": "bob"}]})).await;
    ok(&env
        .api(
            Api::ModifyGroupMemberInfo,
            at("modify_group_member_info.request", &id),
        )
        .await);
    assert_eq!(roles(&env, &id, &["bob"]).await, ["Admin"]);
    for name in [
        "modify_group_member_info.request.custom_fields",
        "modify_group_member_info.request.mute",
    ] {
        let mut body = at(name, &id);
        body["Member_Account"] = json!("bob");
        ok(&env.api(Api::ModifyGroupMemberInfo, body).await);
    }
    let card =
        json!({"GroupId": id, "Member_Account": "bob", "NameCard": "Bobby", "MsgFlag": "Discard"});
    ok(&env.api(Api::ModifyGroupMemberInfo, card).await);
    let body = json!({"GroupId": id, "Member_List_Account": ["bob"]});
    let reply = env.api(Api::GetSpecifiedGroupMemberInfo, body).await;
    let bob = &ok(&reply)["MemberList"][0];
    assert_eq!(bob["NameCard"], "Bobby");
    assert_eq!(bob["MsgFlag"], "Discard");
    assert!(bob["MuteUntil"].as_u64().unwrap() > 0, "{bob}");
    assert!(bob["AppMemberDefinedData"].is_array(), "{bob}");
    let owner = json!({"GroupId": id, "Member_Account": "leckie", "Role": "Member"});
    assert_eq!(
        env.api(Api::ModifyGroupMemberInfo, owner).await.code(),
        10004
    );
    let outsider = json!({"GroupId": id, "Member_Account": "wesley", "MsgFlag": "Discard"});
    assert_eq!(
        env.api(Api::ModifyGroupMemberInfo, outsider).await.code(),
        10004
    );
    let work = create(
        &env,
        json!({"Type": "Private", "Name": "w", "MemberList": [{"Member_Account": "bob"}]}),
    )
    .await;
    let admin = json!({"GroupId": work, "Member_Account": "bob", "Role": "Admin"});
    assert_eq!(
        env.api(Api::ModifyGroupMemberInfo, admin).await.code(),
        10004
    );
    let mute = json!({"GroupId": work, "Member_Account": "bob", "MuteTime": 60});
    assert_eq!(
        env.api(Api::ModifyGroupMemberInfo, mute).await.code(),
        10007
    );
}

#[tokio::test]
async fn get_group_member_info_pages_by_offset_and_communities_by_next() {
    let env = start().await;
    let members: Vec<Value> = USERS[1..]
        .iter()
        .map(|u| json!({"Member_Account": u}))
        .collect();
    let id = create(&env, json!({"Type": "Public", "Name": "p", "Owner_Account": "leckie", "MemberList": members.clone()})).await;
    let mut seen = Vec::new();
    for offset in (0..9).step_by(4) {
        let body = json!({"GroupId": id, "Limit": 4, "Offset": offset});
        let reply = env.api(Api::GetGroupMemberInfo, body).await;
        assert_eq!(ok(&reply)["MemberNum"], 9);
        assert!(reply.json().get("Next").is_none());
        seen.extend(accounts(&reply.json()["MemberList"]));
    }
    assert_eq!(seen, USERS);
    let owners =
        json!({"GroupId": id, "MemberRoleFilter": ["Owner"], "MemberInfoFilter": ["Role"]});
    let reply = env.api(Api::GetGroupMemberInfo, owners).await;
    assert_eq!(
        ok(&reply)["MemberList"],
        json!([{"Member_Account": "leckie", "Role": "Owner"}])
    );
    assert_eq!(reply.json()["MemberNum"], 9);

    let community = create(
        &env,
        json!({"Type": "Community", "Name": "c", "Owner_Account": "leckie", "MemberList": members}),
    )
    .await;
    let (mut seen, mut next) = (Vec::new(), String::new());
    loop {
        let mut body = at("get_group_member_info.request.community", &community);
        body["Limit"] = json!(4);
        body["Next"] = json!(next);
        let reply = env.api(Api::GetGroupMemberInfo, body).await;
        seen.extend(accounts(&ok(&reply)["MemberList"]));
        next = reply.json()["Next"].as_str().unwrap().to_owned();
        if next.is_empty() {
            break;
        }
    }
    assert_eq!(seen, USERS);
    let live = create(&env, json!({"Type": "AVChatRoom", "Name": "l"})).await;
    assert_eq!(
        env.api(Api::GetGroupMemberInfo, json!({"GroupId": live}))
            .await
            .code(),
        10007
    );
}

#[tokio::test]
async fn get_specified_group_member_info_answers_the_named_members() {
    let env = start().await;
    let id = create(&env, json!({"Type": "Public", "Name": "p", "Owner_Account": "leckie", "MemberList": [{"Member_Account": "bob"}]})).await;
    let reply = env
        .api(
            Api::GetSpecifiedGroupMemberInfo,
            at("get_specified_group_member_info.request", &id),
        )
        .await;
    assert_eq!(accounts(&ok(&reply)["MemberList"]), ["bob"]);
    assert_eq!(reply.json()["GroupId"], json!(id));
    let filtered = at("get_specified_group_member_info.request.filtered", &id);
    let reply = env.api(Api::GetSpecifiedGroupMemberInfo, filtered).await;
    assert_eq!(reply.code(), 0, "{}", reply.json());
    let many: Vec<String> = (0..51).map(|i| format!("u{i}")).collect();
    let body = json!({"GroupId": id, "Member_List_Account": many});
    assert_eq!(
        env.api(Api::GetSpecifiedGroupMemberInfo, body).await.code(),
        10005
    );
}

#[tokio::test]
async fn muted_members_are_listed_until_their_mute_ends_under_both_names() {
    let env = start().await;
    let id = create(&env, json!({"Type": "Public", "Name": "p", "Owner_Account": "leckie", "MemberList": [{"Member_Account": "peter"}, {"Member_Account": "bob"}]})).await;
    ok(&env
        .api(Api::ForbidSendMsg, at("forbid_send_msg.request", &id))
        .await);
    let reply = env
        .api(
            Api::GetGroupMutedAccount,
            at("get_group_muted_account.request", &id),
        )
        .await;
    let list = ok(&reply)["MutedAccountList"].clone();
    assert_eq!(accounts(&list), ["leckie", "peter"]);
    let until = list[0]["MutedUntil"].as_u64().unwrap();
    let (offset, _) = env.handle.clock();
    let legacy = env
        .post(
            "/v4/group_open_http_svc/get_group_shutted_uin",
            &env.signed_query(),
            &json!({"GroupId": id}).to_string(),
        )
        .await;
    assert_eq!(
        ok(&legacy)["ShuttedUinList"][1],
        json!({"Member_Account": "peter", "ShuttedUntil": until})
    );
    env.handle.set_clock_offset(offset + 61);
    let reply = env
        .api(Api::GetGroupMutedAccount, json!({"GroupId": id}))
        .await;
    assert_eq!(ok(&reply)["MutedAccountList"], json!([]));
    ok(&env
        .api(Api::ForbidSendMsg, at("forbid_send_msg.request", &id))
        .await);
    ok(&env
        .api(
            Api::ForbidSendMsg,
            at("forbid_send_msg.request.unmute", &id),
        )
        .await);
    let reply = env
        .api(Api::GetGroupMutedAccount, json!({"GroupId": id}))
        .await;
    assert_eq!(ok(&reply)["MutedAccountList"], json!([]));
    let work = create(&env, json!({"Type": "Private", "Name": "w"})).await;
    assert_eq!(
        env.api(Api::ForbidSendMsg, at("forbid_send_msg.request", &work))
            .await
            .code(),
        10007
    );
}

#[tokio::test]
async fn banned_members_leave_cannot_rejoin_and_are_listed_by_page() {
    let env = start().await;
    let id = create(&env, json!({"Type": "Public", "Name": "p", "Owner_Account": "leckie", "MemberList": [{"Member_Account": "brennanli3"}]})).await;
    ok(&env
        .api(Api::BanGroupMember, at("ban_group_member.request", &id))
        .await);
    assert_eq!(accounts(&info(&env, &id).await["MemberList"]), ["leckie"]);
    let rejoin = json!({"GroupId": id, "MemberList": [{"Member_Account": "brennanli3"}]});
    assert_eq!(
        ok(&env.api(Api::AddGroupMember, rejoin.clone()).await)["MemberList"][0]["Result"],
        0
    );
    let mut page = at("get_group_ban_member.request", &id);
    page["Limit"] = json!(1);
    let reply = env.api(Api::GetGroupBanMember, page.clone()).await;
    assert_eq!(accounts(&ok(&reply)["BannedAccountList"]), ["brennanli3"]);
    assert_eq!(reply.json()["NextOffset"], 1);
    page["Offset"] = json!(1);
    let reply = env.api(Api::GetGroupBanMember, page).await;
    assert_eq!(accounts(&ok(&reply)["BannedAccountList"]), ["brennanli12"]);
    assert_eq!(reply.json()["NextOffset"], 0);
    ok(&env
        .api(Api::UnbanGroupMember, at("unban_group_member.request", &id))
        .await);
    assert_eq!(
        ok(&env.api(Api::AddGroupMember, rejoin).await)["MemberList"][0]["Result"],
        1
    );
    let pro = start_as(Edition::Pro).await;
    let id = create(&pro, json!({"Type": "Public", "Name": "p"})).await;
    assert_eq!(
        pro.api(Api::BanGroupMember, at("ban_group_member.request", &id))
            .await
            .code(),
        10007
    );
}

fn text(s: &str) -> Value {
    json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": s}}])
}

/// Sends a text; its MsgSeq.
async fn say(env: &Env, id: &str, from: Option<&str>, random: u32, words: &str) -> Reply {
    let mut body = json!({"GroupId": id, "Random": random, "MsgBody": text(words)});
    if let Some(from) = from {
        body["From_Account"] = json!(from);
    }
    env.api(Api::SendGroupMsg, body).await
}

async fn history(env: &Env, body: Value) -> (Vec<u64>, Value) {
    let reply = env.api(Api::GroupMsgGetSimple, body).await;
    let list = ok(&reply)["RspMsgList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["MsgSeq"].as_u64().unwrap())
        .collect();
    (list, reply.json().clone())
}

#[tokio::test]
async fn send_group_msg_numbers_from_1_dedups_by_random_and_refuses_muted_senders() {
    let env = start().await;
    let id = create(&env, json!({"Type": "Public", "Name": "p", "Owner_Account": "leckie", "MemberList": [{"Member_Account": "peter"}]})).await;
    let reply = env
        .api(Api::SendGroupMsg, at("send_group_msg.request", &id))
        .await;
    assert_eq!(ok(&reply)["MsgSeq"], 1);
    assert_eq!(
        ok(&say(&env, &id, Some("peter"), 7, "hi").await)["MsgSeq"],
        2
    );
    let resend = say(&env, &id, Some("peter"), 7, "hi").await;
    assert_eq!(
        ok(&resend)["MsgSeq"],
        2,
        "the same Random and body within 300 s is one message"
    );
    assert_eq!(
        ok(&say(&env, &id, Some("peter"), 8, "hi").await)["MsgSeq"],
        3
    );
    assert_eq!(info(&env, &id).await["NextMsgSeq"], 4);
    assert_eq!(say(&env, &id, Some("wesley"), 1, "x").await.code(), 10007);
    assert_eq!(say(&env, &id, Some("ghost"), 1, "x").await.code(), 10004);
    let mute = json!({"GroupId": id, "Members_Account": ["peter"], "MuteTime": 60});
    ok(&env.api(Api::ForbidSendMsg, mute).await);
    assert_eq!(say(&env, &id, Some("peter"), 9, "x").await.code(), 10017);
    let all = json!({"GroupId": id, "MuteAllMember": "On"});
    ok(&env.api(Api::ModifyGroupBaseInfo, all).await);
    ok(&say(&env, &id, Some("leckie"), 9, "owner speaks").await);
    let big = "x".repeat(13 * 1024);
    assert_eq!(say(&env, &id, None, 1, &big).await.code(), 80002);
    let live = create(&env, json!({"Type": "AVChatRoom", "Name": "l"})).await;
    assert_eq!(ok(&say(&env, &live, None, 1, "a").await)["MsgSeq"], 1);
    assert_eq!(ok(&say(&env, &live, None, 2, "b").await)["MsgSeq"], 2);
    let body = json!({"GroupId": live, "ReqMsgNumber": 5});
    assert_eq!(env.api(Api::GroupMsgGetSimple, body).await.code(), 10007);
}

#[tokio::test]
async fn a_group_takes_at_most_40_messages_a_second() {
    let env = Env::start(
        Emulator::builder()
            .without_rate_limits()
            .fixed_now(1_700_000_000),
    )
    .await;
    let id = create(&env, json!({"Type": "Public", "Name": "p"})).await;
    for random in 0..40 {
        ok(&say(&env, &id, None, random, "burst").await);
    }
    assert_eq!(say(&env, &id, None, 40, "burst").await.code(), 10023);
}

#[tokio::test]
async fn history_reads_backwards_by_seq_with_recalls_marked() {
    let env = start().await;
    let id = create(&env, json!({"Type": "Public", "Name": "p"})).await;
    for n in 0..25 {
        ok(&say(&env, &id, None, n, &format!("m{n}")).await);
    }
    let (newest, page) = history(&env, json!({"GroupId": id, "ReqMsgNumber": 20})).await;
    assert_eq!(newest, (6..=25).rev().collect::<Vec<u64>>());
    assert_eq!(page["IsFinished"], 0);
    assert_eq!(page["RspMsgList"][0]["MsgBody"], text("m24"));
    let (older, page) = history(
        &env,
        json!({"GroupId": id, "ReqMsgNumber": 20, "ReqMsgSeq": 5}),
    )
    .await;
    assert_eq!(older, [5, 4, 3, 2, 1]);
    assert_eq!(page["IsFinished"], 1);
    let mut recall = at("group_msg_recall.request", &id);
    recall["MsgSeqList"] = json!([{"MsgSeq": 2}, {"MsgSeq": 100}]);
    let reply = env.api(Api::GroupMsgRecall, recall).await;
    assert_eq!(
        ok(&reply)["RecallRetList"],
        json!([{"MsgSeq": 2, "RetCode": 0}, {"MsgSeq": 100, "RetCode": 10030}])
    );
    let (kept, _) = history(
        &env,
        json!({"GroupId": id, "ReqMsgNumber": 3, "ReqMsgSeq": 3}),
    )
    .await;
    assert_eq!(kept, [3, 1]);
    let (all, page) = history(
        &env,
        json!({"GroupId": id, "ReqMsgNumber": 3, "ReqMsgSeq": 3, "WithRecalledMsg": 1}),
    )
    .await;
    assert_eq!(all, [3, 2, 1]);
    assert_eq!(page["RspMsgList"][1]["IsPlaceMsg"], 2);
    ok(&env
        .api(Api::ClearGroupMsg, json!({"GroupId": id, "MsgSeq": 10}))
        .await);
    let (after_clear, _) = history(
        &env,
        json!({"GroupId": id, "ReqMsgNumber": 2, "ReqMsgSeq": 10}),
    )
    .await;
    assert_eq!(
        after_clear,
        [10, 9],
        "the App admin still reads cleared messages"
    );
    let community = create(&env, json!({"Type": "Community", "Name": "c"})).await;
    assert_eq!(
        env.api(
            Api::ClearGroupMsg,
            at("clear_group_msg.request", &community)
        )
        .await
        .code(),
        10007
    );
}

#[tokio::test]
async fn import_group_msg_follows_the_time_rules_item_by_item() {
    let env = start().await;
    let body = json!({"Type": "Public", "Name": "old", "Owner_Account": "leckie", "CreateTime": 1_600_000_000});
    let id = ok(&env.api(Api::ImportGroup, body).await)["GroupId"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = env
        .api(Api::ImportGroupMsg, at("import_group_msg.request", &id))
        .await;
    assert_eq!(
        ok(&reply)["ImportMsgResult"],
        json!([
            {"MsgSeq": 1, "MsgTime": 1_620_808_101, "Result": 0},
            {"MsgSeq": 2, "MsgTime": 1_620_892_821, "Result": 0},
        ])
    );
    let again = env
        .api(Api::ImportGroupMsg, at("import_group_msg.request", &id))
        .await;
    let results: Vec<i64> = ok(&again)["ImportMsgResult"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["Result"].as_i64().unwrap())
        .collect();
    assert_eq!(results, [10004, 10004], "not later than the newest message");
    let before = json!({"GroupId": id, "MsgList": [{"From_Account": "leckie", "SendTime": 1_500_000_000, "MsgBody": text("x")}]});
    assert_eq!(
        ok(&env.api(Api::ImportGroupMsg, before).await)["ImportMsgResult"][0]["Result"],
        10004
    );
    let future = json!({"GroupId": id, "MsgList": [{"From_Account": "leckie", "SendTime": 4_000_000_000u64, "MsgBody": text("x")}]});
    assert_eq!(
        ok(&env.api(Api::ImportGroupMsg, future).await)["ImportMsgResult"][0]["Result"],
        10004
    );
    let (seqs, page) = history(&env, json!({"GroupId": id, "ReqMsgNumber": 5})).await;
    assert_eq!(seqs, [2, 1]);
    assert_eq!(page["RspMsgList"][1]["From_Account"], "leckie");
    let live = create(&env, json!({"Type": "AVChatRoom", "Name": "l"})).await;
    assert_eq!(
        env.api(Api::ImportGroupMsg, at("import_group_msg.request", &live))
            .await
            .code(),
        10007
    );
}

#[tokio::test]
async fn delete_by_sender_unread_counts_and_system_notifications() {
    let env = start().await;
    let id = create(&env, json!({"Type": "Public", "Name": "p", "Owner_Account": "leckie", "MemberList": [{"Member_Account": "peter"}, {"Member_Account": "bob"}]})).await;
    ok(&say(&env, &id, Some("leckie"), 1, "a").await);
    ok(&say(&env, &id, Some("peter"), 2, "b").await);
    ok(&say(&env, &id, Some("leckie"), 3, "c").await);
    ok(&env
        .api(
            Api::DeleteGroupMsgBySender,
            at("delete_group_msg_by_sender.request", &id),
        )
        .await);
    let (seqs, _) = history(&env, json!({"GroupId": id, "ReqMsgNumber": 5})).await;
    assert_eq!(seqs, [2]);
    let mut unread = at("set_unread_msg_num.request", &id);
    unread["UnreadMsgNum"] = json!(2);
    ok(&env.api(Api::SetUnreadMsgNum, unread).await);
    let body =
        json!({"GroupId": id, "Member_List_Account": ["bob"], "MemberInfoFilter": ["MsgSeq"]});
    let reply = env.api(Api::GetSpecifiedGroupMemberInfo, body).await;
    assert_eq!(
        ok(&reply)["MemberList"][0]["MsgSeq"],
        1,
        "two of three unread: read up to 1"
    );
    let outsider = json!({"GroupId": id, "Member_Account": "wesley", "UnreadMsgNum": 1});
    assert_eq!(env.api(Api::SetUnreadMsgNum, outsider).await.code(), 10004);
    ok(&env
        .api(
            Api::SendGroupSystemNotification,
            at("send_group_system_notification.request", &id),
        )
        .await);
    let stranger = json!({"GroupId": id, "Content": "x", "ToMembers_Account": ["wesley"]});
    assert_eq!(
        env.api(Api::SendGroupSystemNotification, stranger)
            .await
            .code(),
        10004
    );
    let view = env
        .control_get(&format!("groups?id={}", urlencoding(&id)))
        .await;
    assert_eq!(view["notifications"], 1, "{view}");
}

/// `s` percent-encoded for a query (the characters of generated group IDs).
fn urlencoding(s: &str) -> String {
    s.replace('@', "%40").replace('#', "%23")
}

#[tokio::test]
async fn the_inspection_lists_groups_and_shows_one_with_its_members() {
    let env = start().await;
    let a = create(&env, json!({"Type": "Public", "Name": "a", "Owner_Account": "leckie", "MemberList": [{"Member_Account": "peter"}]})).await;
    create(&env, json!({"Type": "Private", "Name": "b"})).await;
    ok(&say(&env, &a, Some("leckie"), 1, "x").await);
    let all = env.control_get("groups").await;
    assert_eq!(
        (all["count"].as_u64(), all["memberships"].as_u64()),
        (Some(2), Some(2)),
        "{all}"
    );
    assert_eq!(
        all["groups"][0],
        json!({"id": a, "type": "Public", "name": "a", "owner": "leckie", "members": 2, "messages": 1})
    );
    assert_eq!(
        env.control_get("groups?offset=1&limit=1").await["groups"][0]["name"],
        "b"
    );
    let one = env
        .control_get(&format!("groups?id={}", urlencoding(&a)))
        .await;
    assert_eq!(one["members"][1]["account"], "peter");
    assert_eq!(one["members"][1]["unread"], 1);
    assert_eq!(
        one["members"][0]["unread"], 0,
        "the sender read what it sent"
    );
    assert_eq!(one["next_msg_seq"], 2);
    let counts = env.handle.group_counts();
    assert_eq!((counts.groups, counts.memberships), (2, 2));
    env.handle.reset();
    assert_eq!(env.handle.group_counts().groups, 0);
}

#[tokio::test]
async fn modify_group_msg_overwrites_body_and_custom_data_in_history() {
    let env = start().await;
    let id = create(
        &env,
        json!({"Type": "Public", "Name": "p", "Owner_Account": "leckie"}),
    )
    .await;
    for n in 0..3 {
        ok(&say(&env, &id, Some("leckie"), n, &format!("m{n}")).await);
    }
    let example = at("modify_group_msg.request", &id);
    let reply = env.api(Api::ModifyGroupMsg, example.clone()).await;
    assert_eq!(
        reply.code(),
        20001,
        "the example's MsgSeq 23 is not stored here"
    );
    let mut second = example;
    second["MsgSeq"] = json!(2);
    second["MsgBody"] = text("edited");
    let reply = env.api(Api::ModifyGroupMsg, second).await;
    assert_eq!(ok(&reply)["ErrorInfo"], "succeed");
    let only_data = json!({"GroupId": id, "MsgSeq": 3, "CloudCustomData": "tag"});
    ok(&env.api(Api::ModifyGroupMsg, only_data).await);
    let (_, page) = history(&env, json!({"GroupId": id, "ReqMsgNumber": 3})).await;
    let list = &page["RspMsgList"];
    assert_eq!(list[0]["MsgBody"], text("m2"), "CloudCustomData alone");
    assert_eq!(list[0]["CloudCustomData"], "tag");
    assert_eq!(list[1]["MsgBody"], text("edited"));
    assert_eq!(list[1]["CloudCustomData"], "your cloud custom data");
    assert_eq!(list[2]["MsgBody"], text("m0"));
    assert!(list[2].get("CloudCustomData").is_none());
    let view = env
        .control_get(&format!("groups?id={}", urlencoding(&id)))
        .await;
    assert_eq!(view["modified"], 2);
}

#[tokio::test]
async fn modify_group_msg_refuses_what_it_cannot_modify() {
    let env = start().await;
    let id = create(&env, json!({"Type": "Public", "Name": "p"})).await;
    ok(&say(&env, &id, None, 1, "a").await);
    ok(&say(&env, &id, None, 2, "b").await);
    let modify = |id: &str, seq: u32, body: Value| {
        let mut request = json!({"GroupId": id, "MsgSeq": seq, "MsgBody": body});
        if body.is_null() {
            request.as_object_mut().unwrap().remove("MsgBody");
        }
        request
    };
    let code = |reply: Reply| reply.code();
    let api = |body| env.api(Api::ModifyGroupMsg, body);
    assert_eq!(
        code(api(modify(&id, 1, Value::Null)).await),
        20001,
        "nothing to change"
    );
    assert_eq!(
        code(api(modify(&id, 9, text("x"))).await),
        20001,
        "no such MsgSeq"
    );
    assert_eq!(code(api(modify("@TGS#nogroup", 1, text("x"))).await), 20001);
    assert_eq!(code(api(modify(&id, 1, json!({"Text": "x"}))).await), 90007);
    let empty_text = json!([{"MsgType": "TIMTextElem", "MsgContent": {}}]);
    assert_eq!(code(api(modify(&id, 1, empty_text)).await), 90002);
    let big = "x".repeat(13 * 1024);
    assert_eq!(code(api(modify(&id, 1, text(&big))).await), 90002);
    let recall = json!({"GroupId": id, "MsgSeqList": [{"MsgSeq": 2}]});
    ok(&env.api(Api::GroupMsgRecall, recall).await);
    assert_eq!(
        code(api(modify(&id, 2, text("x"))).await),
        20001,
        "recalled"
    );
    let live = create(&env, json!({"Type": "AVChatRoom", "Name": "l"})).await;
    ok(&say(&env, &live, None, 1, "a").await);
    assert_eq!(code(api(modify(&live, 1, text("x"))).await), 20001);
    let (_, page) = history(
        &env,
        json!({"GroupId": id, "ReqMsgNumber": 1, "ReqMsgSeq": 1}),
    )
    .await;
    assert_eq!(
        page["RspMsgList"][0]["MsgBody"],
        text("a"),
        "refusals change nothing"
    );
}
