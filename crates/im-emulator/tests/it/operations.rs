//! Global mute (`setnospeaking`, `getnospeaking`) and the operations data (`getappinfo`,
//! `get_history` with its downloadable files).

use std::io::Read;

use im_emulator::Emulator;
use im_proto::Api;
use im_transport::Transport;
use serde_json::{Value, json};

use crate::util::Env;

fn text(s: &str) -> Value {
    json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": s}}])
}

/// 2023-11-14 22:13:20 UTC, 2023-11-15 06:13:20 in Beijing.
const NOW: u64 = 1_700_000_000;

async fn pinned(env: &Env, now: u64) {
    env.control_post("clock", json!({"fixed_now": now}))
        .await
        .json();
}

#[tokio::test]
async fn a_global_mute_counts_down_on_the_clock_and_0_lifts_it() {
    let env = Env::start(Emulator::builder().without_rate_limits()).await;
    env.api(Api::AccountImport, json!({"UserID": "amy"})).await;
    pinned(&env, NOW).await;
    let none = env
        .api(Api::Getnospeaking, json!({"Get_Account": "amy"}))
        .await;
    assert_eq!(none.json()["C2CmsgNospeakingTime"], 0);
    assert_eq!(none.json()["GroupmsgNospeakingTime"], 0);
    let page = json!({"Set_Account": "amy", "C2CmsgNospeakingTime": 4294967295u32,
        "GroupmsgNospeakingTime": 7200});
    assert_eq!(env.api(Api::Setnospeaking, page).await.code(), 0);
    pinned(&env, NOW + 4).await;
    let read = env
        .api(Api::Getnospeaking, json!({"Get_Account": "amy"}))
        .await;
    // The page's own answer: 4294967295 and 7196, four seconds later.
    assert_eq!(read.json()["C2CmsgNospeakingTime"], 4294967295u32);
    assert_eq!(read.json()["GroupmsgNospeakingTime"], 7196);
    pinned(&env, NOW + 7200).await;
    let over = env
        .api(Api::Getnospeaking, json!({"Get_Account": "amy"}))
        .await;
    assert_eq!(over.json()["GroupmsgNospeakingTime"], 0);
    let lift = json!({"Set_Account": "amy", "C2CmsgNospeakingTime": 0});
    assert_eq!(env.api(Api::Setnospeaking, lift).await.code(), 0);
    let lifted = env
        .api(Api::Getnospeaking, json!({"Get_Account": "amy"}))
        .await;
    assert_eq!(lifted.json()["C2CmsgNospeakingTime"], 0);
    let neither = env
        .api(Api::Setnospeaking, json!({"Set_Account": "amy"}))
        .await;
    assert_eq!(neither.code(), 60003, "{neither:?}");
}

#[tokio::test]
async fn a_muted_client_is_refused_and_the_rest_sendmsg_is_not() {
    let env = Env::start(Emulator::builder().without_rate_limits()).await;
    for user in ["amy", "ben"] {
        env.api(Api::AccountImport, json!({"UserID": user})).await;
    }
    env.control_post("clients/amy/login", json!({"Platform": "Web"}))
        .await
        .json();
    let group = json!({"Owner_Account": "amy", "Type": "Public", "Name": "g",
        "MemberList": [{"Member_Account": "ben"}]});
    let group_id = env.api(Api::CreateGroup, group).await.json()["GroupId"].clone();
    let mute = json!({"Set_Account": "amy", "C2CmsgNospeakingTime": 600});
    assert_eq!(env.api(Api::Setnospeaking, mute).await.code(), 0);
    let send = json!({"To_Account": "ben", "MsgBody": text("hi")});
    let refused = env.control_post("clients/amy/c2c_msg", send).await;
    assert_eq!(refused.code(), 20012, "{refused:?}");
    let to_group = json!({"GroupId": group_id, "MsgBody": text("all")});
    let sent = env
        .control_post("clients/amy/group_msg", to_group.clone())
        .await;
    assert_eq!(
        sent.code(),
        0,
        "only the one-to-one sends are muted: {sent:?}"
    );
    let rest = json!({"From_Account": "amy", "To_Account": "ben", "MsgRandom": 7,
        "MsgBody": text("from the app")});
    assert_eq!(env.api(Api::Sendmsg, rest).await.code(), 0);
    let mute = json!({"Set_Account": "amy", "GroupmsgNospeakingTime": 4294967295u32});
    assert_eq!(env.api(Api::Setnospeaking, mute).await.code(), 0);
    let refused = env.control_post("clients/amy/group_msg", to_group).await;
    assert_eq!(refused.code(), 10017, "{refused:?}");
    let rest = json!({"GroupId": group_id, "From_Account": "amy", "Random": 9,
        "MsgBody": text("from the app")});
    assert_eq!(env.api(Api::SendGroupMsg, rest).await.code(), 0);
    let view = env.control_get("clients/amy").await;
    assert_eq!(view["group_muted_until"], u64::MAX, "{view}");
}

#[tokio::test]
async fn getappinfo_answers_today_from_the_emulator_s_own_counts() {
    let env = Env::start(Emulator::builder().without_rate_limits()).await;
    pinned(&env, NOW).await;
    for user in ["amy", "ben", "cid"] {
        env.api(Api::AccountImport, json!({"UserID": user})).await;
    }
    let send = json!({"From_Account": "amy", "To_Account": "ben", "MsgRandom": 1,
        "MsgBody": text("hi")});
    env.api(Api::Sendmsg, send).await.json();
    let all = env.api(Api::Getappinfo, json!({})).await;
    let day = &all.json()["Result"][0];
    assert_eq!(day["Date"], "20231115", "{day}");
    assert_eq!(day["RegistUserNumTotal"], "3");
    assert_eq!(day["C2CUpMsgNum"], "1");
    assert_eq!(day["AppId"], env.handle.sdkappid().to_string());
    assert_eq!(day["ChainIncrease"], "0");
    let some = env
        .api(
            Api::Getappinfo,
            json!({"RequestField": ["C2CUpMsgNum", "Date"]}),
        )
        .await;
    let day = some.json()["Result"][0].as_object().unwrap().clone();
    let names: Vec<&str> = day.keys().map(String::as_str).collect();
    assert_eq!(names, ["C2CUpMsgNum", "Date"]);
}

#[tokio::test]
async fn get_history_serves_files_that_download_from_the_emulator() {
    let env = Env::start(Emulator::builder().without_rate_limits()).await;
    pinned(&env, NOW).await;
    // 2023-11-15 05:00-05:59 in Beijing has ended at 06:13.
    let ask = json!({"ChatType": "Group", "MsgTime": "2023111505"});
    let reply = env.api(Api::GetHistory, ask).await;
    let file = &reply.json()["File"][0];
    let url = file["URL"].as_str().unwrap();
    assert!(url.starts_with(&env.handle.base_url()), "{url}");
    assert_eq!(file["ExpireTime"], "2023-11-15 07:13:20");
    let request = http::Request::get(url).body(bytes::Bytes::new()).unwrap();
    let response = env.client.send(request).await.unwrap();
    assert_eq!(response.status(), 200);
    let gzip = response.into_body();
    assert_eq!(gzip.len() as u64, file["GzipSize"].as_u64().unwrap());
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(&gzip[..])
        .read_to_end(&mut plain)
        .unwrap();
    assert_eq!(plain.len() as u64, file["FileSize"].as_u64().unwrap());
    let md5 = |b: &[u8]| {
        let digest = <md5::Md5 as md5::Digest>::digest(b);
        digest
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect::<String>()
    };
    assert_eq!(file["GzipMD5"], md5(&gzip));
    assert_eq!(file["FileMD5"], md5(&plain));
    let line: Value = serde_json::from_slice(plain.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(line["GroupId"], "@TGS#history_seed");

    for (hour, why) in [("2023111506", "not ended"), ("2023110705", "over 7 days")] {
        let ask = json!({"ChatType": "C2C", "MsgTime": hour});
        let reply = env.api(Api::GetHistory, ask).await;
        assert_eq!(reply.json()["File"], json!([]), "{why}");
        let path = format!("/_emulator/history/C2C/{hour}.gz");
        let got = env.send("GET", &path, bytes::Bytes::new()).await;
        assert_eq!(got.label(), "http404", "{why}");
    }
    let bad = env
        .api(
            Api::GetHistory,
            json!({"ChatType": "c2c", "MsgTime": "2023111505"}),
        )
        .await;
    assert_eq!(bad.code(), 60003);
    let bad = env
        .api(
            Api::GetHistory,
            json!({"ChatType": "C2C", "MsgTime": "2023111525"}),
        )
        .await;
    assert_eq!(bad.code(), 60003);
}

#[tokio::test]
async fn chat_files_are_banned_until_allowed_again() {
    let env = Env::start(Emulator::builder().without_rate_limits()).await;
    let file = "https://cos.ap-shanghai.myqcloud.com/98ec/0345-1400187352/a.png";
    let body = json!({"RawURL": file});
    assert_eq!(
        env.api(Api::ForbidIllegalObject, body.clone()).await.code(),
        0
    );
    assert_eq!(
        env.api(Api::ForbidIllegalObject, body.clone()).await.code(),
        0
    );
    assert_eq!(env.handle.emulator().banned_objects(), [file]);
    assert_eq!(
        env.api(Api::AllowBannedObject, body.clone()).await.code(),
        0
    );
    assert!(env.handle.emulator().banned_objects().is_empty());
    assert_eq!(env.api(Api::AllowBannedObject, body).await.code(), 0);
    let bad = json!({"RawURL": "a.png"});
    assert_eq!(env.api(Api::ForbidIllegalObject, bad).await.code(), 60003);
}
