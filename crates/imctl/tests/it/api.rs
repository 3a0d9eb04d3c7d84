//! `imctl api`: every declared API through the generic entry, bodies checked before sending,
//! pages followed from the declarations (against a loopback fake, as the emulator does not
//! serve the paged APIs yet), server text escaped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use im_proto::Api;
use serde_json::{Value, json};

use crate::support::{DEMO_KEY, SDKAPPID, TempDir, TestEmulator, imctl, json_lines, run};

/// `service/command` of a declared API.
fn path(api: Api) -> String {
    let meta = api.metadata();
    format!("{}/{}", meta.service, meta.command)
}

/// What a fake server answers a request with, given its path (`/v4/...`, no query) and body.
type Answer = dyn Fn(&str, &Value) -> Value + Send + Sync;

/// A server on 127.0.0.1 answering every request with HTTP 200 and what `answer` makes of it,
/// recording each request's target (path and query) and body.
struct FakeServer {
    url: String,
    requests: Arc<Mutex<Vec<(String, Value)>>>,
}

impl FakeServer {
    fn start(answer: impl Fn(&str, &Value) -> Value + Send + Sync + 'static) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let answer: Arc<Answer> = Arc::new(answer);
        let recorded = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (answer, recorded) = (Arc::clone(&answer), Arc::clone(&recorded));
                std::thread::spawn(move || serve(stream, &*answer, &recorded));
            }
        });
        FakeServer { url, requests }
    }

    /// `imctl` pointed at this server with the demo credentials.
    fn imctl(&self) -> assert_cmd::Command {
        let mut cmd = imctl();
        cmd.args(["--endpoint", &self.url, "--sdkappid", SDKAPPID])
            .env("IM_SECRET_KEY", DEMO_KEY);
        cmd
    }

    /// The bodies received so far, in order.
    fn bodies(&self) -> Vec<Value> {
        let requests = self.requests.lock().unwrap();
        requests.iter().map(|(_, body)| body.clone()).collect()
    }

    /// The paths received so far, in order.
    fn paths(&self) -> Vec<String> {
        let requests = self.requests.lock().unwrap();
        let path = |target: &str| target.split('?').next().unwrap_or_default().to_owned();
        requests.iter().map(|(target, _)| path(target)).collect()
    }

    /// The `random` query values received so far, in order.
    fn randoms(&self) -> Vec<u64> {
        let requests = self.requests.lock().unwrap();
        let random = |target: &str| {
            let query = target.split_once('?').map_or("", |(_, q)| q);
            let value = query.split('&').find_map(|p| p.strip_prefix("random="));
            value
                .and_then(|v| v.parse().ok())
                .expect("a random per request")
        };
        requests.iter().map(|(target, _)| random(target)).collect()
    }
}

/// Answers the HTTP/1.1 requests of one connection until it closes.
fn serve(stream: std::net::TcpStream, answer: &Answer, recorded: &Mutex<Vec<(String, Value)>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let target = line.split(' ').nth(1).unwrap_or_default();
        let path = target.split('?').next().unwrap_or_default().to_owned();
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            if header == "\r\n" {
                break;
            }
            if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let reply = answer(&path, &body).to_string();
        recorded.lock().unwrap().push((target.to_owned(), body));
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            reply.len()
        );
        if stream.write_all(head.as_bytes()).is_err() || stream.write_all(reply.as_bytes()).is_err()
        {
            return;
        }
    }
}

/// An `OK` envelope with `fields`.
fn ok(fields: Value) -> Value {
    let mut answer = json!({"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""});
    for (name, value) in fields.as_object().unwrap() {
        answer[name] = value.clone();
    }
    answer
}

/// Runs `imctl --json api PATH --body BODY` against `emu` and returns the one answer.
fn call(emu: &TestEmulator, api: Api, body: Value) -> Value {
    let out = run(emu
        .imctl()
        .args(["--json", "api", &path(api), "--body", &body.to_string()]));
    assert_eq!(out.code, 0, "{api}: {out:?}");
    let answers = out.json();
    assert_eq!(answers.len(), 1, "{api}: {out:?}");
    assert_eq!(answers[0]["ActionStatus"], "OK", "{api}: {out:?}");
    answers.into_iter().next().unwrap()
}

#[test]
fn list_names_every_declared_api() {
    // No credentials needed: nothing is sent.
    let out = run(imctl().args(["api", "--list"]));
    assert_eq!(out.code, 0, "{out:?}");
    let expected: Vec<String> = Api::ALL.into_iter().map(path).collect();
    assert_eq!(out.stdout.lines().collect::<Vec<_>>(), expected);

    let out = run(imctl().args(["--json", "api", "--list"]));
    assert_eq!(out.code, 0, "{out:?}");
    let listed = out.json();
    assert_eq!(listed.len(), Api::COUNT);
    for (api, entry) in Api::ALL.into_iter().zip(&listed) {
        let meta = api.metadata();
        assert_eq!(entry["service"], meta.service);
        assert_eq!(entry["command"], meta.command);
        assert_eq!(entry["summary"], meta.summary);
        assert_eq!(entry["doc_url"], meta.doc_url);
        assert_eq!(entry["max_items"], meta.max_items);
        assert_eq!(entry["paged"], meta.pagination.is_some());
        assert_eq!(entry["quotas"][0]["limit"], meta.quotas[0].limit, "{entry}");
    }
}

#[test]
fn help_names_every_declared_api_and_its_summary_fits_a_screen() {
    let out = run(imctl().args(["api", "--help"]));
    assert_eq!(out.code, 0, "{out:?}");
    for api in Api::ALL {
        let line = format!("{}: {}", path(api), api.metadata().summary);
        let words = line
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(out.stdout.contains(&words), "{words}: {}", out.stdout);
    }
    let out = run(imctl().args(["api", "-h"]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.lines().count() <= 40, "{}", out.stdout);
    assert!(out.stdout.contains("`imctl options` lists them"), "{out:?}");
}

#[test]
fn describe_prints_the_declaration() {
    let api = Api::GetGroupMemberInfo;
    let out = run(imctl().args(["api", "--describe", &path(api)]));
    assert_eq!(out.code, 0, "{out:?}");
    let meta = api.metadata();
    assert!(
        out.stdout
            .starts_with(&format!("{}: {}", path(api), meta.summary))
    );
    for field in meta.request_fields.iter().chain(meta.response_fields) {
        assert!(out.stdout.contains(field.name), "{}: {out:?}", field.name);
    }
    assert!(out.stdout.contains("offset Offset"), "{out:?}");
    let out = run(imctl().args(["--json", "api", "--describe", meta.command]));
    assert_eq!(out.code, 0, "{out:?}");
    let described = &out.json()[0];
    assert_eq!(
        described["request_fields"].as_array().unwrap().len(),
        meta.request_fields.len()
    );
}

/// The one-to-one message APIs, each called once (bob writes to alice).
fn every_message_api_answers(emu: &TestEmulator) {
    let text = json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]);
    let sent = call(
        emu,
        Api::Sendmsg,
        json!({"From_Account": "bob", "To_Account": "alice", "MsgSeq": 1, "MsgRandom": 2,
               "MsgBody": text, "SupportMessageExtension": 1}),
    );
    let key = sent["MsgKey"].as_str().unwrap().to_owned();
    let pair = |extra: Value| {
        let mut body = json!({"From_Account": "bob", "To_Account": "alice", "MsgKey": key});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    call(
        emu,
        Api::Batchsendmsg,
        json!({"From_Account": "bob", "To_Account": ["alice"], "MsgRandom": 3, "MsgBody": text}),
    );
    call(
        emu,
        Api::Importmsg,
        json!({"SyncFromOldSystem": 2, "From_Account": "bob", "To_Account": "alice",
               "MsgRandom": 4, "MsgTimeStamp": 1_556_178_721, "MsgBody": text}),
    );
    let history = call(
        emu,
        Api::AdminGetroammsg,
        json!({"Operator_Account": "alice", "Peer_Account": "bob", "MaxCnt": 10,
               "MinTime": 0, "MaxTime": 4_000_000_000u64}),
    );
    assert_eq!(history["MsgCnt"], 3, "{history}");
    call(emu, Api::GetC2cUnreadMsgNum, json!({"To_Account": "alice"}));
    call(
        emu,
        Api::AdminSetMsgRead,
        json!({"Report_Account": "alice", "Peer_Account": "bob"}),
    );
    call(
        emu,
        Api::ModifyC2cMsg,
        pair(json!({"CloudCustomData": "c"})),
    );
    let kv = json!([{"Key": "k", "Value": "v"}]);
    call(
        emu,
        Api::SetKeyValues,
        pair(json!({"OperateType": 1, "ExtensionList": kv})),
    );
    call(emu, Api::GetKeyValues, pair(json!({})));
    call(
        emu,
        Api::C2cMsgReadReceipt,
        json!({"Operator_Account": "alice", "Peer_Account": "bob",
               "C2CMsgInfo": [{"From_Account": "bob", "To_Account": "alice", "MsgKey": key}]}),
    );
    call(
        emu,
        Api::DeleteC2cMsgRamble,
        json!({"Operator_Account": "alice", "Peer_Account": "bob", "MsgKeyList": [key]}),
    );
    call(emu, Api::AdminMsgwithdraw, pair(json!({})));
}

#[test]
fn every_emulated_api_answers_through_the_generic_entry() {
    let emu = TestEmulator::start();
    call(&emu, Api::AccountImport, json!({"UserID": "alice"}));
    call(
        &emu,
        Api::MultiaccountImport,
        json!({"Accounts": ["bob", "carol"]}),
    );
    assert_eq!(emu.user_ids(), ["alice", "bob", "carol"]);
    let checked = call(
        &emu,
        Api::AccountCheck,
        json!({"CheckItem": [{"UserID": "alice"}, {"UserID": "nobody"}]}),
    );
    let statuses: Vec<&Value> = checked["ResultItem"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| &item["AccountStatus"])
        .collect();
    assert_eq!(statuses, ["Imported", "NotImported"], "{checked}");
    call(&emu, Api::Kick, json!({"UserID": "alice"}));
    let online = call(
        &emu,
        Api::QueryOnlineStatus,
        json!({"To_Account": ["alice"]}),
    );
    assert_eq!(online["QueryResult"][0]["To_Account"], "alice", "{online}");
    let nick = json!([{"Tag": "Tag_Profile_IM_Nick", "Value": "Ada"}]);
    call(
        &emu,
        Api::PortraitSet,
        json!({"From_Account": "alice", "ProfileItem": nick}),
    );
    let profile = call(
        &emu,
        Api::PortraitGet,
        json!({"To_Account": ["alice"], "TagList": ["Tag_Profile_IM_Nick"]}),
    );
    assert_eq!(
        profile["UserProfileItem"][0]["ProfileItem"][0]["Value"], "Ada",
        "{profile}"
    );
    call(&emu, Api::CreateRobot, json!({"UserID": "@RBT#helper"}));
    let robots = call(&emu, Api::GetAllRobots, json!({}));
    assert!(robots.to_string().contains("@RBT#helper"), "{robots}");
    call(
        &emu,
        Api::DeleteRobot,
        json!({"Robot_Account": "@RBT#helper"}),
    );
    every_message_api_answers(&emu);
    relationship_apis(&emu);
    group_apis(&emu);
    contact_apis(&emu);
    push_apis(&emu);
    operations_apis(&emu);
    moderation_apis(&emu);
    search_apis(&emu);
    call(
        &emu,
        Api::AccountDelete,
        json!({"DeleteItem": [{"UserID": "carol"}]}),
    );
    assert!(
        !emu.user_ids().contains(&"carol".to_owned()),
        "{:?}",
        emu.user_ids()
    );
    // Each went to its own API, once; no other was called.
    let stats = emu.emulator().stats();
    for api in Api::ALL {
        let emulated = im_emulator::serves(api);
        assert_eq!(stats.requests(api), u64::from(emulated), "{api}");
    }
}

/// Each recent-contact API once: alice's conversation list (with bob, after
/// every_message_api_answers), a pin, a contact group and a mark, read back.
fn contact_apis(emu: &TestEmulator) {
    let bob = json!({"Type": 1, "To_Account": "bob"});
    let pin = json!({"From_Account": "alice", "OperationType": 1, "RecentContactItem": [bob]});
    call(emu, Api::Top, pin);
    let list = json!({"From_Account": "alice", "TimeStamp": 0, "StartIndex": 0,
        "TopTimeStamp": 0, "TopStartIndex": 0, "AssistFlags": 63});
    let listed = call(emu, Api::GetList, list);
    assert_eq!(listed["SessionItem"][0]["TopFlag"], 1, "{listed}");
    let group = json!({"From_Account": "alice",
        "GroupContactItem": [{"GroupName": "team", "ContactItem": [bob]}]});
    call(emu, Api::CreateContactGroup, group);
    let rename = json!({"From_Account": "alice", "UpdateType": 1,
        "UpdateGroup": {"UpdateGroupType": 1, "OldGroupName": "team", "NewGroupName": "crew"}});
    call(emu, Api::UpdateContactGroup, rename);
    let mark = json!({"From_Account": "alice",
        "MarkItem": [{"OptType": 1, "ContactItem": bob, "SetMark": [1]}]});
    call(emu, Api::MarkContact, mark);
    let found = call(
        emu,
        Api::SearchContactGroup,
        json!({"From_Account": "alice", "ContactItem": [bob]}),
    );
    assert_eq!(
        found["ContactResultItem"][0]["StandardMark"], "10",
        "{found}"
    );
    let groups = call(
        emu,
        Api::GetContactGroup,
        json!({"From_Account": "alice", "StartIndex": 0}),
    );
    assert_eq!(groups["GroupItem"][0]["GroupName"], "crew", "{groups}");
    let del = json!({"From_Account": "alice", "GroupName": ["crew"]});
    call(emu, Api::DelContactGroup, del);
    let delete = json!({"From_Account": "alice", "Type": 1, "To_Account": "bob"});
    call(emu, Api::Delete, delete);
}

/// The global mute and operations APIs, each once.
fn operations_apis(emu: &TestEmulator) {
    let mute = json!({"Set_Account": "alice", "GroupmsgNospeakingTime": 7200});
    call(emu, Api::Setnospeaking, mute);
    let read = call(emu, Api::Getnospeaking, json!({"Get_Account": "alice"}));
    assert_eq!(read["C2CmsgNospeakingTime"], 0, "{read}");
    assert!(
        read["GroupmsgNospeakingTime"].as_u64().unwrap() > 7000,
        "{read}"
    );
    let info = call(emu, Api::Getappinfo, json!({"RequestField": ["Date"]}));
    assert!(info["Result"][0]["Date"].is_string(), "{info}");
    let hour = crate::operations::beijing_hour(emu.emulator().now() - 7200);
    let files = call(
        emu,
        Api::GetHistory,
        json!({"ChatType": "C2C", "MsgTime": hour}),
    );
    assert_eq!(files["File"].as_array().unwrap().len(), 1, "{files}");
    let file = json!({"RawURL": "https://cos.ap-shanghai.myqcloud.com/x/a.png"});
    call(emu, Api::ForbidIllegalObject, file.clone());
    assert_eq!(emu.emulator().banned_objects().len(), 1);
    call(emu, Api::AllowBannedObject, file);
    assert!(emu.emulator().banned_objects().is_empty());
}

/// Each moderation API once: a word added to a library blocks the next text, then goes.
fn moderation_apis(emu: &TestEmulator) {
    let app = emu.emulator().sdkappid();
    let libs = call(
        emu,
        Api::GetCloudAuditKeywordsIds,
        json!({"SdkAppId": app, "Offset": 0, "Limit": 10}),
    );
    let lib = libs["Infos"][0]["ID"].as_str().unwrap().to_owned();
    let words = json!({"SdkAppId": app, "LibID": lib, "UserKeywords": [{"Content": "spam", "Label": "Ad"}]});
    call(emu, Api::AddCloudAuditKeywords, words);
    let text = json!({"AuditName": "C2C", "ContentType": "Text", "Content": "no spam"});
    let judged = call(emu, Api::ContentModeration, text);
    assert_eq!(judged["Result"], "Block", "{judged}");
    let batch = json!({"AuditName": "Group", "Contents": [{"ContentId": 7, "ContentType": "Text", "Content": "spam"}]});
    let judged = call(emu, Api::BatchContentModeration, batch);
    assert_eq!(judged["AuditResults"][0]["Label"], "Ad", "{judged}");
    let listed = call(
        emu,
        Api::GetCloudAuditKeywords,
        json!({"SdkAppId": app, "Offset": 0, "Limit": 10, "LibID": lib}),
    );
    assert_eq!(listed["TotalCount"], 1, "{listed}");
    let gone = call(
        emu,
        Api::DeleteCloudAuditKeywords,
        json!({"SdkAppId": app, "LibID": lib, "Keywords": ["spam"]}),
    );
    assert_eq!(gone["Count"], 1, "{gone}");
}

/// Each cloud search visibility API once: a user hidden, then listed as hidden. (`IsDisable`
/// is a Bool on the page, declared `Integer (0/1)` as the declarations have no Bool type:
/// `imctl api` checks it as 0 or 1, the emulator takes either.)
fn search_apis(emu: &TestEmulator) {
    let hide = json!({"SetType": 1, "UserID": "alice", "IsDisable": 1});
    call(emu, Api::SetVisibility, hide);
    let hidden = call(
        emu,
        Api::GetNoVisibility,
        json!({"SetType": 1, "Count": 10}),
    );
    assert_eq!(
        hidden["NoVisibleData"],
        json!([{"UserID": "alice"}]),
        "{hidden}"
    );
    assert_eq!(hidden["IsFinish"], true, "{hidden}");
}

/// `more`'s fields with `"GroupId": "g1"`.
fn in_g1(more: Value) -> Value {
    let mut body = json!({"GroupId": "g1"});
    body.as_object_mut()
        .unwrap()
        .extend(more.as_object().unwrap().clone());
    body
}

/// The imported community (with topics) of [`group_apis`].
const G2: &str = "@TGS#_g2";

/// The push-to-all APIs, each once: a push by tag reaching alice.
fn push_apis(emu: &TestEmulator) {
    call(emu, Api::ImSetAttrName, json!({"AttrNames": {"0": "city"}}));
    let names = call(emu, Api::ImGetAttrName, json!({}));
    assert_eq!(names["AttrNames"]["0"], "city", "{names}");
    let attrs = json!([{"To_Account": "alice", "Attrs": {"city": "sz"}}]);
    call(emu, Api::ImSetAttr, json!({ "UserAttrs": attrs }));
    let got = call(emu, Api::ImGetAttr, json!({"To_Account": ["alice"]}));
    assert_eq!(got["UserAttrs"][0]["Attrs"]["city"], "sz", "{got}");
    let names = json!([{"To_Account": "alice", "Attrs": ["city"]}]);
    call(emu, Api::ImRemoveAttr, json!({ "UserAttrs": names }));
    let tags = json!([{"To_Account": "alice", "Tags": ["gold", "sz"]}]);
    call(emu, Api::ImAddTag, json!({ "UserTags": tags }));
    let body = json!({"MsgRandom": 7, "Condition": {"TagsOr": ["gold"]},
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]});
    let pushed = call(emu, Api::ImPush, body);
    assert!(pushed["TaskId"].is_string(), "{pushed}");
    assert_eq!(
        emu.emulator().push_state()["pushes"][0]["recipients"],
        json!(["alice"])
    );
    let tags = json!([{"To_Account": "alice", "Tags": ["sz"]}]);
    call(emu, Api::ImRemoveTag, json!({ "UserTags": tags }));
    let got = call(emu, Api::ImGetTag, json!({"To_Account": ["alice"]}));
    assert_eq!(got["UserTags"][0]["Tags"], json!(["gold"]), "{got}");
    call(emu, Api::ImRemoveAllTags, json!({"To_Account": ["alice"]}));
}

/// Each group API once, through `imctl api`: alice's group `g1` with bob, an imported
/// community `G2` with its topics.
fn group_apis(emu: &TestEmulator) {
    group_management_apis(emu);
    group_member_apis(emu);
    group_message_apis(emu);
    group_attr_apis(emu);
    live_group_refusals(emu);
    call(
        emu,
        Api::ChangeGroupOwner,
        in_g1(json!({"NewOwner_Account": "bob"})),
    );
    let leave = json!({"MemberToDel_Account": ["alice"]});
    call(emu, Api::DeleteGroupMember, in_g1(leave));
    topic_apis(emu);
    call(emu, Api::DestroyGroup, json!({"GroupId": G2}));
}

/// Each topic API once, in the community `G2`, and the community online count of `g1`.
fn topic_apis(emu: &TestEmulator) {
    let news = format!("{G2}@TOPIC#_news");
    let create = json!({"GroupId": G2, "TopicId": news, "TopicName": "news"});
    assert_eq!(
        call(emu, Api::CreateTopic, create)["TopicId"],
        news.as_str()
    );
    let old = json!({"GroupId": G2, "TopicName": "old", "CreateTime": 1_600_000_001});
    let old = call(emu, Api::ImportTopic, old)["TopicId"].clone();
    let notice = json!({"GroupId": G2, "TopicId": news, "Notification": "hello"});
    call(emu, Api::ModifyTopic, notice);
    let topics = call(
        emu,
        Api::GetTopic,
        json!({"GroupId": G2, "From_Account": "bob"}),
    );
    let info = &topics["TopicAndSelfInfo"];
    assert_eq!(info[0]["TopicInfo"]["Notification"], "hello", "{topics}");
    assert_eq!(
        info[1]["TopicInfo"]["CreateTime"], 1_600_000_001,
        "{topics}"
    );
    let destroy = json!({"GroupId": G2, "TopicIdList": [news, old]});
    let destroyed = call(emu, Api::DestroyTopic, destroy);
    assert_eq!(
        destroyed["DestroyResultItem"][1]["ErrorCode"], 0,
        "{destroyed}"
    );
    let online = call(emu, Api::GetOnlineMemberNum, json!({"GroupId": "g1"}));
    assert_eq!(online["OnlineMemberNum"], 0, "{online}");
}

/// Each live group API once on `g1`, a Public group: refused with 10007 (exit 3).
fn live_group_refusals(emu: &TestEmulator) {
    let bob = json!(["bob"]);
    let marks = json!([{"Member_Account": "bob", "Marks": [1000]}]);
    for (api, more) in [
        (Api::GetMembers, json!({"Timestamp": 0})),
        (
            Api::ModifyUserInfo,
            json!({"CommandType": 1, "MemberList": marks}),
        ),
        (
            Api::ModifyAdmin,
            json!({"CommandType": 1, "Admin_Account": bob}),
        ),
        (Api::GetAdminList, json!({})),
        (Api::AddRobots, json!({"Member_Account": bob})),
        (Api::DelRobots, json!({"Member_Account": bob})),
        (Api::CheckMembers, json!({"Member_Account": bob})),
    ] {
        let body = in_g1(more).to_string();
        let out = run(emu
            .imctl()
            .args(["--json", "api", &path(api), "--body", &body]));
        assert_eq!(out.code, 3, "{api}: {out:?}");
        assert_eq!(out.json()[0]["ErrorCode"], 10007, "{api}: {out:?}");
    }
}

#[test]
fn live_group_apis_answer_through_the_generic_entry() {
    let emu = TestEmulator::start();
    let create = json!({"Type": "AVChatRoom", "Name": "live", "GroupId": "live1"});
    call(&emu, Api::CreateGroup, create);
    let live = |more: Value| {
        let mut body = json!({"GroupId": "live1"});
        body.as_object_mut()
            .unwrap()
            .extend(more.as_object().unwrap().clone());
        body
    };
    let pinned: Vec<Value> = (0..300)
        .map(|i| json!({"Member_Account": format!("m{i:03}"), "Marks": [500]}))
        .collect();
    let set = call(
        &emu,
        Api::ModifyUserInfo,
        live(json!({"CommandType": 1, "MemberList": pinned})),
    );
    assert_eq!(set["MemberList"].as_array().unwrap().len(), 300, "{set}");
    let body = live(json!({"Timestamp": 0})).to_string();
    let out = run(emu.imctl().args([
        "--json",
        "api",
        &path(Api::GetMembers),
        "--paginate",
        "--body",
        &body,
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    let pages = out.json();
    assert_eq!(pages.len(), 2, "{out:?}");
    assert_eq!(pages[0]["MemberList"][0]["Member_Account"], "m299");
    assert_eq!(pages[1]["MemberList"].as_array().unwrap().len(), 50);
    assert_eq!(pages[1]["NextTimestamp"], 0);
    let admins = json!({"CommandType": 1, "Admin_Account": ["m001"]});
    call(&emu, Api::ModifyAdmin, live(admins));
    let list = call(&emu, Api::GetAdminList, live(json!({})));
    assert_eq!(list["Admin_List"][0]["Admin_Account"], "m001", "{list}");
    call(&emu, Api::CreateRobot, json!({"UserID": "@RBT#bot"}));
    let bot = json!({"Member_Account": ["@RBT#bot"]});
    call(&emu, Api::AddRobots, live(bot.clone()));
    let check = json!({"Member_Account": ["@RBT#bot", "nobody"]});
    let found = call(&emu, Api::CheckMembers, live(check));
    assert_eq!(found["Member_Account"], json!(["@RBT#bot"]), "{found}");
    call(&emu, Api::DelRobots, live(bot));
}

/// `g1`'s custom attributes and counters written, read and removed.
fn group_attr_apis(emu: &TestEmulator) {
    let attr = |k: &str, v: &str| json!({"key": k, "value": v});
    call(
        emu,
        Api::ModifyGroupAttr,
        in_g1(json!({"GroupAttr": [attr("seat", "a")]})),
    );
    let set = json!({"GroupAttr": [attr("seat", "b"), attr("k", "v")]});
    call(emu, Api::SetGroupAttr, in_g1(set));
    let read = call(emu, Api::GetGroupAttr, json!({"GroupId": "g1"}));
    assert_eq!(
        read["GroupAttrAry"],
        json!([attr("seat", "b"), attr("k", "v")]),
        "{read}"
    );
    call(
        emu,
        Api::DeleteGroupAttr,
        in_g1(json!({"GroupAttr": [{"key": "k"}]})),
    );
    call(emu, Api::ClearGroupAttr, json!({"GroupId": "g1"}));
    let counter =
        json!({"GroupCounter": [{"Key": "likes", "Value": 5_000_000_000_i64}], "Mode": "Set"});
    call(emu, Api::UpdateGroupCounter, in_g1(counter));
    let read = call(emu, Api::GetGroupCounter, json!({"GroupId": "g1"}));
    assert_eq!(
        read["GroupCounter"][0]["Value"], 5_000_000_000_i64,
        "{read}"
    );
    call(emu, Api::DeleteGroupCounter, json!({"GroupId": "g1"}));
}

/// The groups made and read: `g1` created by alice with bob added, `G2` imported with bob.
fn group_management_apis(emu: &TestEmulator) {
    let create = json!({"Type": "Public", "Name": "g", "GroupId": "g1", "Owner_Account": "alice"});
    assert_eq!(call(emu, Api::CreateGroup, create)["GroupId"], "g1");
    let import = json!({"Type": "Community", "Name": "h", "GroupId": G2, "SupportTopic": 1, "CreateTime": 1_600_000_000});
    call(emu, Api::ImportGroup, import);
    let bob = json!([{"Member_Account": "bob"}]);
    call(emu, Api::AddGroupMember, in_g1(json!({"MemberList": bob})));
    call(
        emu,
        Api::ImportGroupMember,
        json!({"GroupId": G2, "MemberList": bob}),
    );
    let info = call(emu, Api::GetGroupInfo, json!({"GroupIdList": ["g1"]}));
    assert_eq!(info["GroupInfo"][0]["MemberNum"], 2, "{info}");
    call(
        emu,
        Api::ModifyGroupBaseInfo,
        in_g1(json!({"Name": "renamed"})),
    );
    call(
        emu,
        Api::GetJoinedGroupList,
        json!({"Member_Account": "alice"}),
    );
    let all = call(emu, Api::GetAppidGroupList, json!({}));
    assert_eq!(all["TotalCount"], 2, "{all}");
    call(
        emu,
        Api::GetRoleInGroup,
        in_g1(json!({"User_Account": ["alice"]})),
    );
}

/// The member APIs on bob.
fn group_member_apis(emu: &TestEmulator) {
    let flag = json!({"Member_Account": "bob", "MsgFlag": "AcceptNotNotify"});
    call(emu, Api::ModifyGroupMemberInfo, in_g1(flag));
    call(emu, Api::GetGroupMemberInfo, in_g1(json!({})));
    let named = json!({"Member_List_Account": ["bob"]});
    call(emu, Api::GetSpecifiedGroupMemberInfo, in_g1(named));
    let mute = json!({"Members_Account": ["bob"], "MuteTime": 0});
    call(emu, Api::ForbidSendMsg, in_g1(mute));
    call(emu, Api::GetGroupMutedAccount, in_g1(json!({})));
    let ban = json!({"GroupId": G2, "Members_Account": ["bob"], "Duration": 60});
    call(emu, Api::BanGroupMember, ban);
    let banned = json!({"GroupId": G2, "Offset": 0, "Limit": 10});
    call(emu, Api::GetGroupBanMember, banned);
    let unban = json!({"GroupId": G2, "Members_Account": ["bob"]});
    call(emu, Api::UnbanGroupMember, unban);
}

/// The message APIs on `g1` (and an import into `G2`).
fn group_message_apis(emu: &TestEmulator) {
    let text = json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]);
    let send = json!({"Random": 1, "From_Account": "alice", "MsgBody": text,
                      "NeedReadReceipt": 1, "SupportMessageExtension": 1});
    assert_eq!(call(emu, Api::SendGroupMsg, in_g1(send))["MsgSeq"], 1);
    receipt_and_extension_apis(emu);
    let broadcast = json!({"Random": 2, "MsgBody": text});
    assert_eq!(call(emu, Api::SendBroadcastMsg, broadcast)["MsgSeq"], 1);
    call(
        emu,
        Api::SendGroupSystemNotification,
        in_g1(json!({"Content": "hello"})),
    );
    call(
        emu,
        Api::GroupMsgGetSimple,
        in_g1(json!({"ReqMsgNumber": 5})),
    );
    let modify = json!({"MsgSeq": 1, "CloudCustomData": "edited"});
    call(emu, Api::ModifyGroupMsg, in_g1(modify));
    call(
        emu,
        Api::GroupMsgRecall,
        in_g1(json!({"MsgSeqList": [{"MsgSeq": 1}]})),
    );
    let old = json!([{"From_Account": "alice", "SendTime": 1_600_000_100, "MsgBody": text}]);
    call(
        emu,
        Api::ImportGroupMsg,
        json!({"GroupId": G2, "MsgList": old}),
    );
    call(
        emu,
        Api::DeleteGroupMsgBySender,
        in_g1(json!({"Sender_Account": "alice"})),
    );
    let unread = json!({"Member_Account": "bob", "UnreadMsgNum": 0});
    call(emu, Api::SetUnreadMsgNum, in_g1(unread));
    call(emu, Api::ClearGroupMsg, in_g1(json!({})));
}

/// The read receipts and the extensions of `g1`'s message 1 (sent asking for both).
fn receipt_and_extension_apis(emu: &TestEmulator) {
    let seqs = json!([{"MsgSeq": 1}]);
    let receipt = json!({"From_Account": "bob", "MsgSeqList": seqs});
    call(emu, Api::GroupMsgReceipt, in_g1(receipt));
    let counts = call(
        emu,
        Api::GetGroupMsgReceipt,
        in_g1(json!({"MsgSeqList": seqs})),
    );
    assert_eq!(counts["GroupMsgReceiptList"][0]["ReadNum"], 1, "{counts}");
    let detail = json!({"MsgSeq": 1, "Filter": 0, "Cursor": "", "Count": 10});
    let detail = call(emu, Api::GetGroupMsgReceiptDetail, in_g1(detail));
    assert_eq!(detail["ReadList"][0]["Read_Account"], "bob", "{detail}");
    let kv = json!([{"Key": "k", "Value": "v"}]);
    let set = json!({"MsgSeq": 1, "OperateType": 1, "ExtensionList": kv});
    call(emu, Api::GroupSetKeyValues, in_g1(set));
    let read = call(emu, Api::GroupGetKeyValues, in_g1(json!({"MsgSeq": 1})));
    assert_eq!(read["ExtensionList"][0]["Value"], "v", "{read}");
}

/// Each relationship API once, through `imctl api`, between alice and bob.
fn relationship_apis(emu: &TestEmulator) {
    let pair = |to: &str| json!({"From_Account": "alice", "To_Account": [to]});
    let item = json!([{"To_Account": "bob", "AddSource": "AddSource_Type_Api"}]);
    call(
        emu,
        Api::FriendImport,
        json!({"From_Account": "alice", "AddFriendItem": item}),
    );
    call(
        emu,
        Api::FriendAdd,
        json!({"From_Account": "bob", "AddFriendItem": [{"To_Account": "carol", "AddSource": "AddSource_Type_Api"}], "ForceAddFlags": 1}),
    );
    let update =
        json!([{"To_Account": "bob", "SnsItem": [{"Tag": "Tag_SNS_IM_Remark", "Value": "B"}]}]);
    call(
        emu,
        Api::FriendUpdate,
        json!({"From_Account": "alice", "UpdateItem": update}),
    );
    let mut check = pair("bob");
    check["CheckType"] = json!("CheckResult_Type_Both");
    let checked = call(emu, Api::FriendCheck, check);
    assert_eq!(
        checked["InfoItem"][0]["Relation"], "CheckResult_Type_AWithB",
        "{checked}"
    );
    let got = call(
        emu,
        Api::FriendGet,
        json!({"From_Account": "alice", "StartIndex": 0}),
    );
    assert_eq!(got["FriendNum"], 1, "{got}");
    let mut list = pair("bob");
    list["TagList"] = json!(["Tag_SNS_IM_Remark"]);
    call(emu, Api::FriendGetList, list);
    call(
        emu,
        Api::GroupAdd,
        json!({"From_Account": "alice", "GroupName": ["g"]}),
    );
    call(emu, Api::GroupGet, json!({"From_Account": "alice"}));
    call(
        emu,
        Api::GroupDelete,
        json!({"From_Account": "alice", "GroupName": ["g"]}),
    );
    call(emu, Api::FriendDelete, pair("bob"));
    call(emu, Api::FriendDeleteAll, json!({"From_Account": "bob"}));
    call(emu, Api::BlackListAdd, pair("bob"));
    let mut black = pair("bob");
    black["CheckType"] = json!("BlackCheckResult_Type_Single");
    call(emu, Api::BlackListCheck, black);
    call(
        emu,
        Api::BlackListGet,
        json!({"From_Account": "alice", "StartIndex": 0, "MaxLimited": 10, "LastSequence": 0}),
    );
    call(emu, Api::BlackListDelete, pair("bob"));
    call(
        emu,
        Api::FollowAdd,
        json!({"From_Account": "alice", "FollowItem": [{"To_Account": "bob"}]}),
    );
    call(emu, Api::FollowCheck, pair("bob"));
    call(
        emu,
        Api::FollowGet,
        json!({"From_Account": "alice", "FollowType": 2, "StartCursor": "", "WantNum": 10}),
    );
    call(emu, Api::FollowGetInfo, pair("bob"));
    call(emu, Api::FollowDelete, pair("bob"));
}

#[test]
fn the_body_comes_from_standard_input_or_a_file_and_the_word_alone_will_do() {
    let emu = TestEmulator::start();
    let out = run(emu
        .imctl()
        .args(["api", "account_import", "--body", "@-"])
        .write_stdin(r#"{"UserID": "from-stdin"}"#));
    assert_eq!(out.code, 0, "{out:?}");
    let answer: Value = serde_json::from_str(&out.stdout).expect("one indented JSON document");
    assert_eq!(answer["ActionStatus"], "OK");
    let dir = TempDir::new("api-body");
    let file = dir.write("body.json", "{\"Accounts\": [\"from-file\"]}\n");
    let mut arg = std::ffi::OsString::from("@");
    arg.push(&file);
    let out = run(emu
        .imctl()
        .args([
            "api",
            &format!("/v4/{}", path(Api::MultiaccountImport)),
            "--body",
        ])
        .arg(&arg));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(emu.user_ids(), ["from-file", "from-stdin"]);
}

#[test]
fn bad_bodies_and_unknown_apis_fail_before_anything_is_sent() {
    let emu = TestEmulator::start();
    let dir = TempDir::new("api-bad");
    let array = dir.write("array.json", "[1, 2]");
    let too_many: Vec<Value> = (0..101)
        .map(|i| json!({"UserID": format!("u{i}")}))
        .collect();
    let cases: Vec<(Vec<String>, String)> = vec![
        (
            vec!["--body".into(), "{\"UserID\": ".into()],
            "--body \"{\\\"UserID\\\": \" is not JSON".into(),
        ),
        (
            vec!["--body".into(), "[\"alice\"]".into()],
            "not an array".into(),
        ),
        (
            vec!["--body".into(), format!("@{}", array.display())],
            format!(
                "--body @{}: the body must be a JSON object",
                array.display()
            ),
        ),
        (
            vec!["--body".into(), "@/nonexistent/body.json".into()],
            "cannot read the file /nonexistent/body.json".into(),
        ),
    ];
    for (args, expected) in cases {
        let out = run(emu.imctl().args(["api", "kick"]).args(&args));
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert_eq!(out.stdout, "", "{args:?}");
        assert!(out.stderr.contains(&expected), "{args:?}: {out:?}");
    }
    let body = json!({"CheckItem": too_many}).to_string();
    let out = run(emu.imctl().args(["api", "account_check", "--body", &body]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .contains("CheckItem: holds 101 accounts, at most 100"),
        "{out:?}"
    );
    let out = run(emu
        .imctl()
        .args(["api", "im_open_login_svc/account_create"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .contains("\"im_open_login_svc/account_create\" is not a declared API")
            && out.stderr.contains("imctl api --list"),
        "{out:?}"
    );
    let out = run(emu.imctl().args(["api", "get_all_robots", "--paginate"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("declares no pages"), "{out:?}");
    assert_eq!(emu.emulator().stats().total_requests(), 0);
}

#[test]
fn bodies_that_break_the_declared_fields_are_refused_before_sending() {
    let server = FakeServer::start(|_, _| ok(json!({})));
    let send = path(Api::Batchsendmsg);
    let cases = [
        (
            json!({"To_Account": ["a"], "MsgBody": []}),
            "MsgRandom is required (Integer (u32)) and missing",
        ),
        (
            json!({"To_Account": ["a", 7], "MsgRandom": 1, "MsgBody": []}),
            "To_Account[1]: 7 is not a string (Array of String)",
        ),
        (
            json!({"To_Account": ["a"], "MsgRandom": 4_294_967_296u64, "MsgBody": []}),
            "MsgRandom: 4294967296 is not an integer from 0 to 4294967295 (Integer (u32))",
        ),
        (
            json!({"To_Account": ["a"], "MsgRandom": 1, "MsgBody": [{"MsgContent": {}}]}),
            "MsgBody[0].MsgType is required (String) and missing",
        ),
    ];
    for (body, expected) in cases {
        let out = run(server
            .imctl()
            .args(["api", &send, "--body", &body.to_string()]));
        assert_eq!(out.code, 2, "{body}: {out:?}");
        assert_eq!(out.stdout, "", "{body}");
        assert!(
            out.stderr.contains(&format!(
                "--body does not fit the declaration of {send}: {expected}"
            )) && out.stderr.contains("--no-check sends it as it is"),
            "{body}: {out:?}"
        );
    }
    let out = run(server.imctl().args([
        "api",
        &path(Api::QueryOnlineStatus),
        "--body",
        r#"{"To_Account": ["a"], "IsNeedDetail": 2}"#,
    ]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("IsNeedDetail: 2 is not 0 or 1"),
        "{out:?}"
    );
    assert!(server.bodies().is_empty(), "{:?}", server.bodies());

    // --no-check sends it as it is, item maximum included, for the service to refuse.
    let bad = json!({"To_Account": vec!["a"; 501], "MsgRandom": -1});
    let out = run(server
        .imctl()
        .args(["api", &send, "--no-check", "--body", &bad.to_string()]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(server.bodies(), [bad]);
}

#[test]
fn undeclared_fields_are_sent_with_a_warning_that_quiet_silences() {
    let server = FakeServer::start(|_, _| ok(json!({})));
    let check = path(Api::AccountCheck);
    let body =
        json!({"CheckItem": [{"UserID": "a", "Tag": 1}, {"UserID": "b", "Tag": 2}], "Newer": true});
    let out = run(server
        .imctl()
        .args(["api", &check, "--body", &body.to_string()]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains(&format!(
            "imctl: warning: --body: not declared for {check}, sent as they are"
        )) && out.stderr.trim_end().ends_with(": Newer, CheckItem[].Tag"),
        "{out:?}"
    );
    let out = run(server
        .imctl()
        .args(["-q", "api", &check, "--body", &body.to_string()]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr, "", "{out:?}");
    assert_eq!(server.bodies(), [body.clone(), body]);
    // An undeclared path has no declaration to check against: its body goes as it is.
    let out = run(server.imctl().args([
        "api",
        "--undeclared",
        "group_open_http_svc/a_future_command",
        "--body",
        r#"{"Type": 5}"#,
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr, "", "{out:?}");
    assert_eq!(server.bodies().len(), 3);
}

#[test]
fn describe_and_list_name_the_codes_the_page_and_the_pace() {
    let api = Api::Batchsendmsg;
    let meta = api.metadata();
    let out = run(imctl().args(["api", "--describe", &path(api)]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains(meta.doc_url), "{out:?}");
    assert!(
        out.stdout.contains(&format!(
            "  pace        {} calls/s, its calls-per-second quota: every call waits for it; not yet enforced: {} items/min",
            meta.default_calls_per_second, meta.quotas[1].limit
        )),
        "{out:?}"
    );
    for info in meta.codes {
        assert!(
            out.stdout
                .lines()
                .any(|line| line.contains(&info.code.to_string())
                    && line.contains(info.name)
                    && line.contains(info.meaning)),
            "{}: {out:?}",
            info.code
        );
    }
    let out = run(imctl().args(["--json", "api", "--describe", &path(api)]));
    let described = &out.json()[0];
    assert_eq!(
        described["codes"].as_array().unwrap().len(),
        meta.codes.len()
    );
    assert_eq!(described["codes"][0]["name"], meta.codes[0].name);
    assert_eq!(described["codes"][0]["retry"], meta.codes[0].retry.as_str());
    assert_eq!(described["quotas"][0]["enforced"], true, "{described}");
    assert_eq!(described["quotas"][1]["enforced"], false, "{described}");
    let out = run(imctl().args(["--json", "api", "--list"]));
    for (api, entry) in Api::ALL.into_iter().zip(out.json()) {
        let codes: Vec<i64> = api.metadata().codes.iter().map(|c| c.code).collect();
        let listed: Vec<i64> = entry["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["code"].as_i64().unwrap())
            .collect();
        assert_eq!(listed, codes, "{api}");
    }
}

/// The one-to-one message APIs (issue 29) are described from their declarations: sendmsg's
/// dedup window, admin_getroammsg's two cursors, a new service's API by its path.
#[test]
fn the_message_apis_are_described_from_their_declarations() {
    let out = run(imctl().args(["api", "openim/sendmsg", "--describe"]));
    assert_eq!(out.code, 0, "{out:?}");
    for line in [
        "openim/sendmsg: send one message to one account",
        "  doc         https://cloud.tencent.com/document/product/269/2282",
        "  resend      safe when MsgSeq, MsgRandom, MsgBody are sent again unchanged within 120 s",
        "  MsgBody                  Array of Object  required",
        "  20004  C2C_NETWORK_ERROR",
    ] {
        assert!(out.stdout.contains(line), "{line}: {out:?}");
    }
    let out = run(imctl().args(["api", "admin_getroammsg", "--describe"]));
    assert!(
        out.stdout.contains(
            "cursor MaxTime from the answer's LastMsgTime (integer); cursor LastMsgKey from the \
             answer's LastMsgKey (string); done when the answer's Complete is 1"
        ),
        "{out:?}"
    );
    let out = run(imctl().args([
        "api",
        "openim_msg_ext_http_svc/get_key_values",
        "--describe",
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout
            .contains("https://cloud.tencent.com/document/product/269/82029"),
        "{out:?}"
    );
    let out = run(imctl().args(["api", "openim/batchsendmsg", "--describe"]));
    assert!(out.stdout.contains("  resend      never"), "{out:?}");
}

#[test]
fn help_says_what_is_paced_and_what_is_checked() {
    let out = run(imctl().args(["api", "--help"]));
    assert_eq!(out.code, 0, "{out:?}");
    let help = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "paced at the API's calls-per-second quota (its other quotas are shown by --describe and not yet enforced)",
        "--no-check",
        "A field the declaration does not name is sent, with a warning",
    ] {
        assert!(help.contains(words), "{words}: {help}");
    }
    assert!(
        !help.contains("paced at the API's declared rate limit"),
        "{help}"
    );
}

#[test]
fn failed_answers_exit_1_or_3_with_their_envelope() {
    let emu = TestEmulator::start();
    // Declared, refused: no such group, so the emulator answers 20001.
    let message = r#"{"GroupId": "@TGS#2J4SZEAEL", "MsgSeq": 1, "CloudCustomData": "x"}"#;
    let out = run(emu.imctl().args([
        "--json",
        "api",
        &path(Api::ModifyGroupMsg),
        "--body",
        message,
    ]));
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.json()[0]["ErrorCode"], 20001, "{out:?}");
    assert!(out.stderr.contains("service error 20001"), "{out:?}");
    // Undeclared: refused without --undeclared, sent with it (the emulator does not know it).
    let undeclared = "group_open_http_svc/a_future_command";
    let out = run(emu
        .imctl()
        .args(["--json", "api", "--undeclared", undeclared]));
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.json()[0]["ErrorCode"], 60009, "{out:?}");
    let server = FakeServer::start(|_, _| ok(json!({"GroupId": "@TGS#new"})));
    let out = run(server.imctl().args(["api", undeclared, "--body", "{}"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(server.paths().is_empty());
    let out = run(server
        .imctl()
        .args(["--json", "api", "--undeclared", undeclared]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.json()[0]["GroupId"], "@TGS#new");
    assert_eq!(server.paths(), [format!("/v4/{undeclared}")]);
    assert_eq!(server.bodies(), [json!({})]);
    // Credentials refused: exit 3.
    let out = run(emu.imctl().env("IM_SECRET_KEY", "not-the-key").args([
        "--json",
        "api",
        "get_all_robots",
    ]));
    assert_eq!(out.code, 3, "{out:?}");
    assert_eq!(out.json()[0]["ActionStatus"], "FAIL", "{out:?}");
    // Nothing listening: exit 4.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let out = run(imctl().env("IM_SECRET_KEY", DEMO_KEY).args([
        "--endpoint",
        &url,
        "--sdkappid",
        SDKAPPID,
        "api",
        "get_all_robots",
    ]));
    assert_eq!(out.code, 4, "{out:?}");
    assert_eq!(out.stdout, "");
}

#[test]
fn a_failed_answer_names_the_request_it_answered() {
    // Busy once (retried), then refused for good: the second request is the one to trace.
    let answered = std::sync::atomic::AtomicUsize::new(0);
    let server = FakeServer::start(move |_, _| {
        let code = match answered.fetch_add(1, std::sync::atomic::Ordering::Relaxed) {
            0 => 70500,
            _ => 91234,
        };
        json!({"ActionStatus": "FAIL", "ErrorCode": code, "ErrorInfo": "no"})
    });
    let out = run(server.imctl().args(["--json", "api", "get_all_robots"]));
    assert_eq!(out.code, 1, "{out:?}");
    let randoms = server.randoms();
    assert_eq!(randoms.len(), 2, "{out:?}");
    let failure = &out.json()[0];
    assert_eq!(failure["ErrorCode"], 91234, "{out:?}");
    assert_eq!(failure["random"], randoms[1], "{out:?}");
    assert_eq!(failure["attempt"], 2, "{out:?}");
    let named = format!("(request random {}, attempt 2)", randoms[1]);
    assert!(out.stderr.contains(&named), "{out:?}");
}

#[test]
fn paginate_follows_an_integer_cursor_beyond_32_bits_to_zero() {
    let cursors = [(1u64 << 40) + 3, (1u64 << 63) + 1, 0];
    let server = FakeServer::start(move |_, body| {
        let page = match body.get("Next").and_then(Value::as_u64) {
            None => 0,
            Some(next) => 1 + cursors.iter().position(|&c| c == next).unwrap(),
        };
        ok(json!({
            "TotalCount": 5,
            "GroupIdList": [{"GroupId": format!("@TGS#{page}")}],
            "Next": cursors[page],
        }))
    });
    let out = run(server.imctl().args([
        "--json",
        "api",
        &path(Api::GetAppidGroupList),
        "--paginate",
        "--body",
        r#"{"Limit": 1}"#,
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    let pages = out.json();
    assert_eq!(pages.len(), 3, "{out:?}");
    assert_eq!(pages[2]["GroupIdList"][0]["GroupId"], "@TGS#2");
    let bodies = server.bodies();
    assert_eq!(
        bodies,
        [
            json!({"Limit": 1}),
            json!({"Limit": 1, "Next": cursors[0]}),
            json!({"Limit": 1, "Next": cursors[1]}),
        ]
    );
    assert!(
        server
            .paths()
            .iter()
            .all(|p| p == "/v4/group_open_http_svc/get_appid_group_list")
    );
}

#[test]
fn paginate_advances_an_offset_and_stops_on_a_short_page() {
    let server = FakeServer::start(|_, body| {
        let offset = body.get("Offset").and_then(Value::as_u64).unwrap_or(0);
        let members: Vec<Value> = (offset..5.min(offset + 2))
            .map(|i| json!({"Member_Account": format!("m{i}")}))
            .collect();
        ok(json!({"MemberNum": 5, "MemberList": members}))
    });
    let out = run(server.imctl().args([
        "api",
        &path(Api::GetGroupMemberInfo),
        "--paginate",
        "--body",
        r#"{"GroupId": "@TGS#1", "Limit": 2}"#,
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    let offsets: Vec<Option<u64>> = server
        .bodies()
        .iter()
        .map(|b| b.get("Offset").and_then(Value::as_u64))
        .collect();
    assert_eq!(offsets, [None, Some(2), Some(4)]);
    // Every page printed, as indented JSON documents.
    let pages: Vec<Value> = serde_json::Deserializer::from_str(&out.stdout)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(pages.len(), 3, "{out:?}");
    assert_eq!(pages[2]["MemberList"][0]["Member_Account"], "m4");
}

#[test]
fn paginate_follows_a_community_string_cursor() {
    let server = FakeServer::start(|_, body| {
        let (members, next) = match body["Next"].as_str() {
            Some("") | None => (
                json!([{"Member_Account": "a"}, {"Member_Account": "b"}]),
                "p2",
            ),
            Some("p2") => (
                json!([{"Member_Account": "c"}, {"Member_Account": "d"}]),
                "p3",
            ),
            _ => (
                json!([{"Member_Account": "e"}, {"Member_Account": "f"}]),
                "",
            ),
        };
        ok(json!({"MemberNum": 6, "MemberList": members, "Next": next}))
    });
    let out = run(server.imctl().args([
        "--json",
        "api",
        &path(Api::GetGroupMemberInfo),
        "--paginate",
        "--body",
        r#"{"GroupId": "@TGS#_c", "Limit": 2, "Next": ""}"#,
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.json().len(), 3, "{out:?}");
    let nexts: Vec<Value> = server.bodies().iter().map(|b| b["Next"].clone()).collect();
    assert_eq!(nexts, [json!(""), json!("p2"), json!("p3")]);
    // Never an offset: the cursor leads.
    assert!(server.bodies().iter().all(|b| b.get("Offset").is_none()));
}

#[test]
fn paginate_never_loops_and_says_where_it_stopped() {
    // A cursor that never changes: an error after the first page, not a loop.
    let stuck = FakeServer::start(|_, _| ok(json!({"GroupIdList": [], "Next": 7})));
    let group_list = path(Api::GetAppidGroupList);
    let out = run(stuck.imctl().args([
        "--json",
        "api",
        &group_list,
        "--paginate",
        "--body",
        r#"{"Next": 7}"#,
    ]));
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.json().len(), 1, "{out:?}");
    assert!(out.stderr.contains("did not move (Next 7"), "{out:?}");
    assert_eq!(stuck.bodies().len(), 1);

    // Endless pages: --max-pages stops, naming the next page's body.
    let endless = FakeServer::start(|_, body| {
        let at = body.get("Offset").and_then(Value::as_u64).unwrap_or(0);
        ok(json!({"MemberList": [{"Member_Account": format!("m{at}")}]}))
    });
    let members = path(Api::GetGroupMemberInfo);
    let out = run(endless.imctl().args([
        "--json",
        "api",
        &members,
        "--paginate",
        "--max-pages",
        "2",
        "--body",
        r#"{"GroupId": "g"}"#,
    ]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.json().len(), 2, "{out:?}");
    assert!(
        out.stderr.contains("stopped after 2 pages")
            && out.stderr.contains(r#"{"GroupId":"g","Offset":2}"#),
        "{out:?}"
    );

    // A page that fails: the pages before it are printed, the error names its body.
    let failing = FakeServer::start(|_, body| match body.get("Offset") {
        None => ok(json!({"MemberList": [{"Member_Account": "a"}]})),
        Some(_) => json!({"ActionStatus": "FAIL", "ErrorCode": 10010, "ErrorInfo": "gone"}),
    });
    let out = run(failing.imctl().args([
        "--json",
        "api",
        &members,
        "--paginate",
        "--body",
        r#"{"GroupId": "g"}"#,
    ]));
    assert_eq!(out.code, 1, "{out:?}");
    let printed = out.json();
    assert_eq!(printed.len(), 2, "{out:?}");
    assert_eq!(printed[1]["ErrorCode"], 10010);
    assert!(
        out.stderr.contains("page 2: service error 10010")
            && out.stderr.contains(r#"{"GroupId":"g","Offset":1}"#),
        "{out:?}"
    );
}

/// An account check answer whose texts try to drive the terminal.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\r\nalice: Imported\u{1b}[2K\u{202e}";

#[test]
fn hostile_server_text_is_escaped_in_tables_and_json() {
    let server = FakeServer::start(|_, _| {
        ok(json!({
            "ResultItem": [{"UserID": "alice", "ResultCode": 70107, "ResultInfo": HOSTILE, "AccountStatus": ""}],
            "Note": HOSTILE,
        }))
    });
    let check = path(Api::AccountCheck);
    let body = r#"{"CheckItem": [{"UserID": "alice"}]}"#;
    for args in [&["--table"][..], &[], &["--json"]] {
        let out = run(server
            .imctl()
            .args(["api", &check, "--body", body])
            .args(args));
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
        let bad: Vec<char> = out
            .stdout
            .chars()
            .filter(|&c| (c.is_control() && c != '\n') || c == '\u{202e}')
            .collect();
        assert!(bad.is_empty(), "{args:?}: {bad:?} in {:?}", out.stdout);
    }
    let out = run(server
        .imctl()
        .args(["api", &check, "--body", body, "--table"]));
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "one header, one row, one other field: {out:?}"
    );
    assert!(lines[0].starts_with("UserID"), "{out:?}");
    assert!(
        lines[1].contains("\\u{1b}]0;pwned\\u{7}\\r\\nalice"),
        "{out:?}"
    );
    assert!(lines[2].starts_with("Note: "), "{out:?}");
    // The JSON forms give the same text back to a JSON reader.
    let out = run(server
        .imctl()
        .args(["--json", "api", &check, "--body", body]));
    assert_eq!(json_lines(&out.stdout)[0]["Note"], HOSTILE);
}
