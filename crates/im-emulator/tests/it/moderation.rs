//! Content moderation: the keyword libraries kept (add, list, search, delete with their limits
//! and codes), and moderation judging with them: adding a word changes the next verdict,
//! deleting it changes it back; the batch form, images, audio and the 8 KB limit.

use im_emulator::{BLOCK_LIBRARY_ID, Emulator, REVIEW_LIBRARY_ID};
use im_proto::Api;
use serde_json::{Value, json};

use crate::util::{Env, Reply};

async fn start() -> Env {
    Env::start(Emulator::builder().without_rate_limits()).await
}

fn ok(reply: &Reply) -> &Value {
    assert_eq!(reply.code(), 0, "{}", reply.json());
    reply.json()
}

fn app(env: &Env) -> u64 {
    env.handle.sdkappid()
}

async fn moderate(env: &Env, kind: &str, content: &str) -> Value {
    let body = json!({"AuditName": "C2C", "ContentType": kind, "Content": content});
    ok(&env.api(Api::ContentModeration, body).await).clone()
}

async fn add(env: &Env, lib: &str, words: Value) -> Reply {
    let body = json!({"SdkAppId": app(env), "LibID": lib, "UserKeywords": words});
    env.api(Api::AddCloudAuditKeywords, body).await
}

async fn words(env: &Env, lib: &str, content: &str, offset: i64, limit: i64) -> Value {
    let body = json!({"SdkAppId": app(env), "Offset": offset, "Limit": limit, "LibID": lib, "Content": content});
    ok(&env.api(Api::GetCloudAuditKeywords, body).await).clone()
}

#[tokio::test]
async fn adding_a_keyword_changes_the_next_result_and_deleting_it_changes_it_back() {
    let env = start().await;
    let text = "buy cheap WATCHES here";
    let pass = moderate(&env, "Text", text).await;
    assert_eq!(pass["Result"], "Pass");
    assert_eq!(
        (pass["Score"].clone(), pass["Label"].clone()),
        (json!(0), json!("Normal"))
    );
    assert_eq!(pass["Keywords"], json!([]));

    ok(&add(
        &env,
        REVIEW_LIBRARY_ID,
        json!([{"Content": "cheap", "Label": "Ad"}]),
    )
    .await);
    let review = moderate(&env, "Text", text).await;
    assert_eq!(
        (review["Result"].clone(), review["Score"].clone()),
        (json!("Review"), json!(50))
    );
    assert_eq!(
        (review["Label"].clone(), review["Keywords"].clone()),
        (json!("Ad"), json!(["cheap"]))
    );

    ok(&add(
        &env,
        BLOCK_LIBRARY_ID,
        json!([{"Content": "watches", "Label": "Illegal"}]),
    )
    .await);
    let block = moderate(&env, "Text", text).await;
    assert_eq!(
        (block["Result"].clone(), block["Score"].clone()),
        (json!("Block"), json!(100))
    );
    assert_eq!(
        (block["Label"].clone(), block["Keywords"].clone()),
        (json!("Illegal"), json!(["watches"]))
    );
    assert!(block["RequestId"].as_str().is_some_and(|id| !id.is_empty()));

    let body = json!({"SdkAppId": app(&env), "LibID": BLOCK_LIBRARY_ID, "Keywords": ["watches", "absent"]});
    let reply = env.api(Api::DeleteCloudAuditKeywords, body).await;
    let answer = ok(&reply);
    assert_eq!(answer["Count"], 1);
    assert_eq!(answer["Details"][0]["Deleted"], true);
    assert_eq!(answer["Details"][0]["Keyword"], "watches");
    assert_eq!(answer["Details"][1]["Deleted"], false);
    assert_eq!(moderate(&env, "Text", text).await["Result"], "Review");
}

#[tokio::test]
async fn the_libraries_are_listed_and_their_words_searched_a_page_at_a_time() {
    let env = start().await;
    let body = json!({"SdkAppId": app(&env), "Offset": 0, "Limit": 100});
    let libs = ok(&env.api(Api::GetCloudAuditKeywordsIds, body).await).clone();
    assert_eq!(libs["TotalCount"], 2);
    assert_eq!(libs["Infos"][0]["ID"], BLOCK_LIBRARY_ID);
    assert_eq!(libs["Infos"][0]["Suggestion"], "Block");
    assert_eq!(libs["Infos"][1]["Suggestion"], "Review");
    assert!(
        libs["Infos"][0]["CreateTime"]
            .as_str()
            .unwrap()
            .ends_with(" +0800 CST")
    );
    let body = json!({"SdkAppId": app(&env), "Offset": 1, "Limit": 1});
    let second = ok(&env.api(Api::GetCloudAuditKeywordsIds, body).await).clone();
    assert_eq!(second["Infos"].as_array().unwrap().len(), 1);
    assert_eq!(second["Infos"][0]["ID"], REVIEW_LIBRARY_ID);

    let many: Vec<Value> = (0..5)
        .map(|i| json!({"Content": format!("word{i}")}))
        .collect();
    ok(&add(&env, BLOCK_LIBRARY_ID, json!(many)).await);
    ok(&add(&env, BLOCK_LIBRARY_ID, json!([{"Content": "other"}])).await);
    let page = words(&env, BLOCK_LIBRARY_ID, "", 2, 3).await;
    assert_eq!(page["TotalCount"], 6);
    let got: Vec<&str> = page["Infos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["Content"].as_str().unwrap())
        .collect();
    assert_eq!(got, ["word2", "word3", "word4"]);
    let fuzzy = words(&env, BLOCK_LIBRARY_ID, "WORD", 0, 100).await;
    assert_eq!(fuzzy["TotalCount"], 5);
    assert_eq!(
        words(&env, REVIEW_LIBRARY_ID, "", 0, 10).await["TotalCount"],
        0
    );
}

#[tokio::test]
async fn the_documented_limits_are_refused_with_their_codes() {
    let env = start().await;
    let sdk = app(&env);
    let body = json!({"SdkAppId": sdk, "Offset": 0, "Limit": 101});
    assert_eq!(
        env.api(Api::GetCloudAuditKeywordsIds, body).await.code(),
        2003
    );
    let body = json!({"SdkAppId": sdk, "Offset": 0, "Limit": 101, "LibID": BLOCK_LIBRARY_ID});
    assert_eq!(env.api(Api::GetCloudAuditKeywords, body).await.code(), 2003);
    let eleven: Vec<String> = (0..11).map(|i| format!("w{i}")).collect();
    let body = json!({"SdkAppId": sdk, "LibID": BLOCK_LIBRARY_ID, "Keywords": eleven});
    assert_eq!(
        env.api(Api::DeleteCloudAuditKeywords, body).await.code(),
        2003
    );
    assert_eq!(
        add(&env, "no-such-library", json!([{"Content": "x"}]))
            .await
            .code(),
        2003
    );
    let body = json!({"SdkAppId": sdk + 1, "Offset": 0, "Limit": 10});
    assert_eq!(
        env.api(Api::GetCloudAuditKeywordsIds, body).await.code(),
        2003
    );

    let big = "a".repeat(8 * 1024 + 1);
    let body = json!({"AuditName": "C2C", "ContentType": "Text", "Content": big});
    assert_eq!(env.api(Api::ContentModeration, body).await.code(), 93000);
    let body = json!({"AuditName": "C2C", "ContentType": "Text", "Content": "a".repeat(8 * 1024)});
    assert_eq!(env.api(Api::ContentModeration, body).await.code(), 0);
    let contents: Vec<Value> = (0..11)
        .map(|i| json!({"ContentId": i, "ContentType": "Text", "Content": "x"}))
        .collect();
    let body = json!({"AuditName": "Group", "Contents": contents});
    assert_eq!(
        env.api(Api::BatchContentModeration, body).await.code(),
        60003
    );
    let twice = json!([{"ContentId": 1, "ContentType": "Text", "Content": "a"}, {"ContentId": 1, "ContentType": "Text", "Content": "b"}]);
    let body = json!({"AuditName": "Group", "Contents": twice});
    assert_eq!(
        env.api(Api::BatchContentModeration, body).await.code(),
        60003
    );
    let body = json!({"AuditName": "C2C", "ContentType": "Image", "Content": "not a url"});
    assert_eq!(env.api(Api::ContentModeration, body).await.code(), 60003);
}

#[tokio::test]
async fn a_batch_answers_each_content_and_images_are_judged_by_their_url() {
    let env = start().await;
    ok(&add(
        &env,
        BLOCK_LIBRARY_ID,
        json!([{"Content": "abc1234", "Label": "Ad"}, {"Content": "nsfw", "Label": "Porn"}]),
    )
    .await);
    let mut body: Value = serde_json::from_str(include_str!(
        "../../../im-proto/tests/fixtures/batch_content_moderation.request.json"
    ))
    .unwrap();
    body["Contents"][2]["Content"] = json!("https://img.example.com/nsfw/1.jpg");
    let reply = env.api(Api::BatchContentModeration, body).await;
    let results = ok(&reply)["AuditResults"].as_array().unwrap().clone();
    let summary: Vec<(i64, &str)> = results
        .iter()
        .map(|r| {
            (
                r["ContentId"].as_i64().unwrap(),
                r["Result"].as_str().unwrap(),
            )
        })
        .collect();
    // "abc123" is no word's superstring; "abc1234" is; the image URL holds "nsfw".
    assert_eq!(
        summary,
        [(0, "Pass"), (1, "Block"), (2, "Block"), (3, "Pass")]
    );
    assert_eq!(results[1]["Label"], "Ad");
    assert_eq!(results[2]["Label"], "Porn");
    assert_eq!(results[2]["Keywords"], json!(["nsfw"]));
    assert_eq!(results[0]["ErrorCode"], 0);

    let image = moderate(&env, "Image", "https://img.example.com/nsfw/2.png").await;
    assert_eq!(image["Result"], "Block");
    let audio = moderate(&env, "Audio", "https://cdn.example.com/nsfw.mp3").await;
    assert!(audio["RequestId"].as_str().is_some_and(|id| !id.is_empty()));
    assert!(audio.get("Result").is_none(), "{audio}");
}

#[tokio::test]
async fn the_pages_examples_are_answered() {
    let env = start().await;
    let page = |name: &str| -> Value {
        let path = format!(
            "{}/../im-proto/tests/fixtures/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    ok(&add(
        &env,
        BLOCK_LIBRARY_ID,
        json!([{"Content": "违规词汇", "Label": "Polity"}]),
    )
    .await);
    let reply = env
        .api(Api::ContentModeration, page("content_moderation.request"))
        .await;
    let answer = ok(&reply);
    assert_eq!(
        (answer["Result"].clone(), answer["Score"].clone()),
        (json!("Block"), json!(100))
    );
    assert_eq!(
        (answer["Label"].clone(), answer["Keywords"].clone()),
        (json!("Polity"), json!(["违规词汇"]))
    );
    // The keyword pages' examples name the page's app and library: another app's here.
    let reply = env
        .api(
            Api::GetCloudAuditKeywordsIds,
            page("get_cloud_audit_keywords_ids.request"),
        )
        .await;
    assert_eq!(reply.code(), 2003);
    let mut body = page("add_cloud_audit_keywords.request");
    body["SdkAppId"] = json!(app(&env));
    body["LibID"] = json!(REVIEW_LIBRARY_ID);
    ok(&env.api(Api::AddCloudAuditKeywords, body).await);
    let mut body = page("get_cloud_audit_keywords.request");
    body["SdkAppId"] = json!(app(&env));
    body["LibID"] = json!(REVIEW_LIBRARY_ID);
    body["Content"] = json!("xyz123456test1");
    assert_eq!(
        ok(&env.api(Api::GetCloudAuditKeywords, body).await)["TotalCount"],
        1
    );
}
