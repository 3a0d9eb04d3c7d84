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

const USERS: [&str; 6] = ["leckie", "peter", "bob", "wesley", "emily", "jared"];

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
