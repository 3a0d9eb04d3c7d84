//! The moderation client against the emulator (in process): every operation, the limits
//! checked before sending, and moderation following the keyword libraries.

use std::sync::Arc;

use im_client::{Error, Failure};
use im_emulator::{BLOCK_LIBRARY_ID, Emulator, IN_PROCESS_BASE_URL, REVIEW_LIBRARY_ID};
use im_moderation::{Client, Content, ContentType, Keyword, Label, Verdict};

fn client(emulator: &Emulator) -> Client {
    Client::builder()
        .sdkappid(emulator.sdkappid())
        .secret_key(emulator.secret_key())
        .admin(emulator.admin())
        .endpoint(IN_PROCESS_BASE_URL)
        .transport(Arc::new(emulator.in_process_transport()))
        .build()
        .unwrap()
}

fn requests(client: &Client) -> u64 {
    client.stats().requests
}

#[tokio::test]
async fn a_keyword_added_blocks_the_next_text_and_deleting_it_lets_it_pass() {
    let emulator = Emulator::builder().build();
    let client = client(&emulator);
    let pass = client
        .moderate_text("C2C", "free crypto now")
        .await
        .unwrap();
    assert_eq!((pass.verdict.clone(), pass.score), (Verdict::Pass, 0));
    let word = Keyword::new("crypto").with_label(Label::Ad);
    client
        .add_keywords(BLOCK_LIBRARY_ID, vec![word])
        .await
        .unwrap();
    let block = client
        .moderate_text("C2C", "free crypto now")
        .await
        .unwrap();
    assert!(block.is_blocked());
    assert_eq!(
        (block.label.clone(), block.keywords.clone()),
        (Label::Ad, vec!["crypto".to_owned()])
    );
    let gone = client
        .delete_keywords(BLOCK_LIBRARY_ID, &["crypto".to_owned(), "never".to_owned()])
        .await
        .unwrap();
    let gone: Vec<bool> = gone.into_iter().map(|o| o.unwrap().deleted).collect();
    assert_eq!(gone, [true, false]);
    let again = client
        .moderate_text("C2C", "free crypto now")
        .await
        .unwrap();
    assert_eq!(again.verdict, Verdict::Pass);
}

#[tokio::test]
async fn moderate_all_sends_calls_of_ten_and_keeps_the_input_order() {
    let emulator = Emulator::builder().build();
    let client = client(&emulator);
    client
        .add_keywords(REVIEW_LIBRARY_ID, vec![Keyword::new("maybe")])
        .await
        .unwrap();
    let mut contents: Vec<Content> = (0..23)
        .map(|i| Content::Text(format!("line {i}")))
        .collect();
    contents[12] = Content::Text("maybe bad".into());
    contents[21] = Content::Image("not-a-url".into());
    let before = requests(&client);
    let outcomes = client.moderate_all("Group", &contents).await.unwrap();
    assert_eq!(
        requests(&client) - before,
        3,
        "23 contents: calls of 10, 10 and 3"
    );
    assert_eq!(outcomes.len(), 23);
    assert!(outcomes[12].as_ref().unwrap().needs_review());
    assert_eq!(outcomes[11].as_ref().unwrap().verdict, Verdict::Pass);
    assert!(matches!(&outcomes[21], Err(Failure::Service { code, .. }) if code.get() == 60003));
}

#[tokio::test]
async fn the_limits_are_refused_before_sending() {
    let emulator = Emulator::builder().build();
    let client = client(&emulator);
    let before = requests(&client);
    let big = "a".repeat(8 * 1024 + 1);
    let err = client.moderate_text("C2C", &big).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert!(err.to_string().contains("Content"), "{err}");
    let err = client
        .moderate_all("Group", &[Content::Text(big)])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Contents[0].Content"), "{err}");
    let err = client
        .get_cloud_audit_keywords_ids(0, 101)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Limit"), "{err}");
    let err = client
        .add_keywords(BLOCK_LIBRARY_ID, vec![Keyword::new("")])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("UserKeywords[0].Content"), "{err}");
    let err = client
        .delete_keywords("", &["w".to_owned()])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("LibID"), "{err}");
    assert_eq!(requests(&client), before, "nothing was sent");
}

#[tokio::test]
async fn libraries_and_keywords_are_read_across_pages() {
    let emulator = Emulator::builder().build();
    let client = client(&emulator);
    let libraries = client.libraries().await.unwrap();
    let ids: Vec<_> = libraries.iter().map(|l| l.id.clone().unwrap()).collect();
    assert_eq!(ids, [BLOCK_LIBRARY_ID, REVIEW_LIBRARY_ID]);
    let words: Vec<Keyword> = (0..130).map(|i| Keyword::new(format!("w{i:03}"))).collect();
    client.add_keywords(REVIEW_LIBRARY_ID, words).await.unwrap();
    let before = requests(&client);
    let all = client.keywords(REVIEW_LIBRARY_ID, None).await.unwrap();
    assert_eq!(all.len(), 130);
    assert_eq!(requests(&client) - before, 2, "two pages of 100");
    assert_eq!(all[129].content.as_deref(), Some("w129"));
    let some = client
        .keywords(REVIEW_LIBRARY_ID, Some("w12"))
        .await
        .unwrap();
    assert_eq!(some.len(), 10, "w120 to w129");
    let many: Vec<String> = (0..25).map(|i| format!("w{i:03}")).collect();
    let before = requests(&client);
    let deleted = client
        .delete_keywords(REVIEW_LIBRARY_ID, &many)
        .await
        .unwrap();
    assert_eq!(
        requests(&client) - before,
        3,
        "25 words: calls of 10, 10 and 5"
    );
    assert!(deleted.iter().all(|d| d.as_ref().unwrap().deleted));
    assert_eq!(
        client
            .keywords(REVIEW_LIBRARY_ID, None)
            .await
            .unwrap()
            .len(),
        105
    );
}

#[tokio::test]
async fn audio_is_answered_with_its_request_id_only() {
    let emulator = Emulator::builder().build();
    let client = client(&emulator);
    let audio = client
        .moderate("C2C", ContentType::Audio, "https://cdn.example.com/a.mp3")
        .await
        .unwrap();
    assert!(!audio.request_id.is_empty());
    assert_eq!(audio.verdict, Verdict::Pass);
}
