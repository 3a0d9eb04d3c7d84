//! The bulk engine over a fake list API (not an account API: a declared list of words, each
//! answered with its length), against a fake transport: chunking at the declared maximum,
//! outcomes merged in request order, the three kinds of outcome, each declared result mapping,
//! and the record made before a chunk leaves, all without code specific to the fake API.

use std::sync::{Arc, Mutex};

use futures::StreamExt;
use im_client::bulk::{
    Batch, BulkOperation, BulkOptions, ItemOutcome, KeyFields, NotAttempted, Outcome, Rejected,
};
use im_client::results::{self, ItemResult};
use im_client::{Client, Failure, InvalidInput};
use im_proto::{Api, ErrorCode, ItemList, Metadata, ResultMapping, RetrySafety};
use im_transport::test_util::{FnTransport, json_response};
use serde::Deserialize;
use serde_json::{Value, json};

/// A declared list of at most three words, answered as `results` says, under `command`.
const fn words(command: &'static str, results: ResultMapping) -> Metadata {
    let mut meta = *Api::GetAppidGroupList.metadata();
    meta.service = "fake_svc";
    meta.command = command;
    meta.max_items = 3;
    meta.items = Some(ItemList::new("Words", 3, results));
    meta.pagination = None;
    meta.retry = RetrySafety::Always;
    meta
}

static BY_KEY: Metadata = words(
    "by_key",
    ResultMapping::ByKey {
        list: "Results",
        key: "Word",
    },
);
static BY_POSITION: Metadata = words("by_position", ResultMapping::ByPosition { list: "Results" });
static FAILURES_ONLY: Metadata = words(
    "failures_only",
    ResultMapping::FailuresOnly {
        list: "Results",
        key: "Word",
    },
);
static ENVELOPE: Metadata = words("envelope", ResultMapping::Envelope);
/// Safe to send again only as the very same request: its `Seq` and `Random` are the key.
static SAME_REQUEST: Metadata = {
    let mut meta = words(
        "same_request",
        ResultMapping::ByKey {
            list: "Results",
            key: "Word",
        },
    );
    meta.retry = RetrySafety::SameRequest {
        key: &["Seq", "Random"],
        within_secs: 120,
    };
    meta
};

/// One result of the fake list.
#[derive(Deserialize)]
struct WordResult {
    #[serde(rename = "Word", default)]
    word: String,
    #[serde(rename = "ResultCode")]
    code: Option<i64>,
    #[serde(rename = "Length")]
    length: Option<usize>,
}

fn read(result: &WordResult) -> ItemResult<'_> {
    let read = ItemResult::new(&result.word);
    match result.code {
        Some(code) => read.with_code(ErrorCode::new(code), "the fake says no"),
        None => read,
    }
}

/// What one word's success carries.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Measured {
    /// The length the service gave, or the word's own when its answer has none.
    length: usize,
    /// Whether an earlier run may have sent it.
    earlier: bool,
}

/// The fake list operation: words (an empty one breaks the rule) in, lengths out, through
/// whichever declaration it is given. With `key`, it gives each request `key(items)` as its
/// key fields.
struct Measure {
    meta: &'static Metadata,
    key: Option<fn(&[String]) -> KeyFields>,
}

impl Measure {
    fn new(meta: &'static Metadata) -> Self {
        Measure { meta, key: None }
    }
}

impl BulkOperation for Measure {
    type Input = String;
    type Item = String;
    type Output = Measured;
    type Kind = &'static str;

    fn metadata(&self) -> &'static Metadata {
        self.meta
    }

    fn key<'a>(&self, input: &'a String) -> Option<&'a str> {
        Some(input)
    }

    fn check(&self, input: String) -> Result<String, Rejected> {
        if input.is_empty() {
            let rule = Failure::Invalid(InvalidInput::Other("a word is not empty".into()));
            return Err(Rejected::new(input, rule));
        }
        Ok(input)
    }

    fn label(&self, item: String) -> String {
        item
    }

    fn kind(&self, output: &Measured) -> &'static str {
        if output.length >= 40 { "long" } else { "short" }
    }

    fn retry_key(&self, items: &[String]) -> Option<KeyFields> {
        self.key.map(|key| key(items))
    }

    async fn send(&self, batch: &Batch<'_, String>) -> Vec<Result<Measured, Failure>> {
        let mut body = json!({ "Words": batch.items() });
        for (field, value) in batch.key().into_iter().flatten() {
            body[field.as_str()] = value.clone();
        }
        let answer = batch
            .client()
            .call_raw(self.meta.service, self.meta.command, &body)
            .await;
        let answer = match answer {
            Ok(answer) => answer,
            Err(err) => return batch.fail_all(Failure::Request(Arc::new(err))),
        };
        let list: Vec<WordResult> =
            serde_json::from_value(answer["Results"].clone()).unwrap_or_default();
        let keys = batch.items().iter().map(String::as_str);
        let mapped = results::map(results::declared(self.meta), keys, &list, read);
        (0..)
            .zip(mapped)
            .map(|(i, result)| {
                let word: &String = &batch.items()[i];
                let length = result?.and_then(|r| r.length).unwrap_or(word.len());
                let earlier = batch.sent_before(i);
                Ok(Measured { length, earlier })
            })
            .collect()
    }
}

/// What the fake service was sent, and what was recorded before, in order.
type Log = Arc<Mutex<Vec<String>>>;

/// The fake service: `fail:…` words answered with code 70107, `flaky:…` words with 10002 (the
/// group service's "internal error, retry") the first time they are `seen` only, `gone:…` words
/// left out, the others with their length; results listed in reverse order (by position: in
/// order).
fn answer(command: &str, words: &[String], seen: &[String]) -> Value {
    let result = |w: &String| match w.split_once(':') {
        Some(("fail", _)) => json!({"Word": w, "ResultCode": 70107}),
        Some(("flaky", _)) if !seen.contains(w) => json!({"Word": w, "ResultCode": 10002}),
        _ => json!({"Word": w, "ResultCode": 0, "Length": w.len() * 10}),
    };
    let shown = words.iter().filter(|w| !w.starts_with("gone:"));
    let results: Vec<Value> = match command {
        "by_position" => words.iter().map(result).collect(),
        "failures_only" => shown
            .filter(|w| w.starts_with("fail:"))
            .map(result)
            .collect(),
        "envelope" => Vec::new(),
        _ => shown.rev().map(result).collect(),
    };
    json!({"ActionStatus": "OK", "ErrorCode": 0, "Results": results})
}

/// A client of the fake service, and the log of the bodies it was sent.
fn fake() -> (Client, Log) {
    let log: Log = Arc::default();
    let seen = log.clone();
    let transport = FnTransport::new(move |request: http::Request<im_transport::Bytes>| {
        let body: Value = serde_json::from_slice(request.body()).unwrap();
        let command = request.uri().path().rsplit('/').next().unwrap().to_owned();
        let words: Vec<String> = serde_json::from_value(body["Words"].clone()).unwrap();
        let key = (body.get("Seq"), body.get("Random"));
        let key = match key {
            (Some(seq), Some(random)) => format!(" key {seq} {random}"),
            _ => String::new(),
        };
        let mut log = seen.lock().unwrap();
        let before: Vec<String> = log
            .iter()
            .filter_map(|line| line.strip_prefix("sent "))
            .flat_map(|line| line.split(' ').next().unwrap_or("").split(','))
            .map(str::to_owned)
            .collect();
        log.push(format!("sent {}{key}", words.join(",")));
        let reply = answer(&command, &words, &before);
        async move { Ok(json_response(reply.to_string())) }
    });
    let client = Client::builder()
        .sdkappid(1_400_000_000)
        .secret_key("key")
        .endpoint("http://127.0.0.1:9")
        .transport(Arc::new(transport))
        .build()
        .unwrap();
    (client, log)
}

fn sent(log: &Log) -> Vec<String> {
    let log = log.lock().unwrap();
    log.iter()
        .filter(|l| l.starts_with("sent"))
        .cloned()
        .collect()
}

async fn run(
    client: &Client,
    op: Measure,
    input: &[&str],
    options: BulkOptions,
) -> (
    Vec<ItemOutcome<Measured>>,
    im_client::bulk::Report<&'static str>,
) {
    let input: Vec<String> = input.iter().map(|w| (*w).to_owned()).collect();
    let mut run = client.bulk_iter(op, input, options.concurrency(1));
    let mut outcomes = Vec::new();
    while let Some(outcome) = run.next().await {
        outcomes.push(outcome);
    }
    (outcomes, run.report().cloned().unwrap())
}

/// An outcome in a word: `6`, `failed 70107`, `failed no_result`, `duplicate of 0`...
fn shown(outcome: &ItemOutcome<Measured>) -> String {
    let text = match &outcome.outcome {
        Outcome::Ok(measured) if measured.earlier => format!("{} (earlier)", measured.length),
        Outcome::Ok(measured) => measured.length.to_string(),
        Outcome::Failed(failure) => format!("failed {}", failure.label()),
        Outcome::NotAttempted(NotAttempted::Duplicate { first }) => {
            format!("duplicate of {}", first.unwrap())
        }
        Outcome::NotAttempted(NotAttempted::Stopped(_)) => "not attempted".to_owned(),
        other => format!("{other:?}"),
    };
    format!("{} {}: {text}", outcome.position, outcome.label)
}

#[tokio::test]
async fn chunks_at_the_declared_maximum_merged_in_request_order_with_every_kind_of_outcome() {
    let (client, log) = fake();
    let input = [
        "alpha", "fail:b", "gone:c", "delta", "", "alpha", "echo", "fox", "golf",
    ];
    // A larger chunk size is lowered to the declared maximum of three.
    let options = BulkOptions::default().chunk_size(10);
    let (outcomes, report) = run(&client, Measure::new(&BY_KEY), &input, options).await;
    assert_eq!(
        sent(&log),
        [
            "sent alpha,fail:b,gone:c",
            "sent delta,echo,fox",
            "sent golf"
        ]
    );
    let mut shown: Vec<String> = outcomes.iter().map(shown).collect();
    // Immediate outcomes (rejected, duplicates) may overtake a chunk's; each chunk's come in
    // request order, although the service answered in reverse.
    let chunk: Vec<&String> = shown
        .iter()
        .filter(|s| s.starts_with("3 ") || s.starts_with("6 ") || s.starts_with("7 "))
        .collect();
    assert_eq!(chunk, ["3 delta: 50", "6 echo: 40", "7 fox: 30"]);
    shown.sort_by_key(|s| s.split(' ').next().unwrap().parse::<u64>().unwrap());
    assert_eq!(
        shown,
        [
            "0 alpha: 50",
            "1 fail:b: failed 70107",
            "2 gone:c: failed no_result",
            "3 delta: 50",
            "4 : failed invalid",
            "5 alpha: duplicate of 0",
            "6 echo: 40",
            "7 fox: 30",
            "8 golf: 40",
        ]
    );
    assert_eq!((report.total, report.succeeded, report.failed), (9, 5, 3));
    assert_eq!((report.duplicates, report.not_attempted), (1, 0));
    assert_eq!((report.by_kind["long"], report.by_kind["short"]), (4, 1));
    assert_eq!(report.failures_by_reason["70107"], 1);
    assert_eq!(report.operation, "by_key");

    // A smaller one is kept.
    let (client, log) = fake();
    let options = BulkOptions::default().chunk_size(2);
    run(&client, Measure::new(&BY_KEY), &["a", "b", "c"], options).await;
    assert_eq!(sent(&log), ["sent a,b", "sent c"]);
}

#[tokio::test]
async fn each_declared_result_mapping_maps_the_answer_back_to_its_items() {
    let input = ["alpha", "fail:b", "gone:c", "delta"];
    let cases: [(&'static Metadata, [&str; 4]); 4] = [
        (
            &BY_KEY,
            [
                "0 alpha: 50",
                "1 fail:b: failed 70107",
                "2 gone:c: failed no_result",
                "3 delta: 50",
            ],
        ),
        // In order, one result per item: `gone:c` has its own.
        (
            &BY_POSITION,
            [
                "0 alpha: 50",
                "1 fail:b: failed 70107",
                "2 gone:c: 60",
                "3 delta: 50",
            ],
        ),
        // Only the failures are listed: the others succeeded, with their own length.
        (
            &FAILURES_ONLY,
            [
                "0 alpha: 5",
                "1 fail:b: failed 70107",
                "2 gone:c: 6",
                "3 delta: 5",
            ],
        ),
        (
            &ENVELOPE,
            ["0 alpha: 5", "1 fail:b: 6", "2 gone:c: 6", "3 delta: 5"],
        ),
    ];
    for (meta, expected) in cases {
        let (client, _) = fake();
        let (outcomes, _) = run(&client, Measure::new(meta), &input, BulkOptions::default()).await;
        let mut shown: Vec<String> = outcomes.iter().map(shown).collect();
        shown.sort();
        assert_eq!(shown, expected, "{}", meta.command);
    }
}

/// Each chunk is recorded before its request leaves, with the key fields of an API declared
/// `SameRequest` (the request carries the same ones); a failing record stops the job before
/// the chunk is sent, and everything left is not attempted.
#[tokio::test]
async fn chunks_are_recorded_before_they_leave_with_their_key_fields() {
    let (client, log) = fake();
    let record = log.clone();
    let options = BulkOptions::default()
        .before_send(move |sending| {
            let key = sending.key.map_or(String::new(), |key| {
                format!(" key {} {}", key["Seq"], key["Random"])
            });
            let mut log = record.lock().unwrap();
            log.push(format!("recorded {:?}{key}", sending.positions));
            match sending.positions.first() {
                Some(&6) => Err(std::io::Error::other("disk full")),
                _ => Ok(()),
            }
        })
        .sent_before(|p| p == 1);
    let op = Measure {
        meta: &SAME_REQUEST,
        key: Some(|items| {
            let mut key = KeyFields::new();
            key.insert("Seq".into(), json!(items.len()));
            key.insert("Random".into(), json!(items[0].len() as u64 * 1_000_003));
            key
        }),
    };
    let input = ["a", "bb", "ccc", "dddd", "ee", "f", "gg", "h"];
    let (outcomes, report) = run(&client, op, &input, options).await;
    assert_eq!(
        *log.lock().unwrap(),
        [
            "recorded [0, 1, 2] key 3 1000003",
            "sent a,bb,ccc key 3 1000003",
            "recorded [3, 4, 5] key 3 4000012",
            "sent dddd,ee,f key 3 4000012",
            "recorded [6, 7] key 2 2000006",
        ]
    );
    let shown: Vec<String> = outcomes.iter().map(shown).collect();
    assert_eq!(
        shown,
        [
            "0 a: 10",
            "1 bb: 20 (earlier)",
            "2 ccc: 30",
            "3 dddd: 40",
            "4 ee: 20",
            "5 f: 10",
            "6 gg: not attempted",
            "7 h: not attempted",
        ]
    );
    assert_eq!((report.succeeded, report.not_attempted), (6, 2));
    let Outcome::NotAttempted(NotAttempted::Stopped(why)) = &outcomes[6].outcome else {
        panic!("{:?}", outcomes[6]);
    };
    // The hook's own error, kept as the source of a typed refusal (not flattened to text).
    assert!(matches!(**why, im_client::Error::BeforeSend(_)), "{why:?}");
    let cause = std::error::Error::source(&**why).expect("the hook's error is the source");
    assert_eq!(cause.to_string(), "disk full");
    assert!(cause.downcast_ref::<std::io::Error>().is_some());
}

/// An operation whose key does not hold exactly the declared fields sends nothing: its chunks
/// fail, and before any answer that stops the job.
#[tokio::test]
async fn a_key_without_the_declared_fields_sends_nothing() {
    let (client, log) = fake();
    let op = Measure {
        meta: &SAME_REQUEST,
        key: Some(|_| {
            let mut key = KeyFields::new();
            key.insert("Seq".into(), json!(1));
            key.insert("Nonce".into(), json!(2));
            key
        }),
    };
    let (outcomes, report) = run(&client, op, &["a", "b", "c", "d"], BulkOptions::default()).await;
    assert!(sent(&log).is_empty());
    assert_eq!((report.failed, report.not_attempted), (3, 1));
    let failure = outcomes[0].outcome.failure().unwrap().to_string();
    assert!(
        failure.contains(r#"missing ["Random"], not declared ["Nonce"]"#),
        "{failure}"
    );
    // Without a key at all, likewise.
    let (client, log) = fake();
    let (_, report) = run(
        &client,
        Measure::new(&SAME_REQUEST),
        &["a"],
        BulkOptions::default(),
    )
    .await;
    assert!(sent(&log).is_empty());
    assert_eq!(report.failed, 1);
}

/// A resumed chunk of a `SameRequest` API whose items an earlier run last sent with one key,
/// inside the declared window, is sent again with that key (recorded first, as any chunk);
/// a chunk whose key is older than the window, or whose items were sent with different keys,
/// gets the operation's new key. The operation sees every earlier send of its items.
#[tokio::test]
async fn a_chunk_resumed_inside_its_window_is_sent_with_its_recorded_key() {
    use std::time::{Duration, SystemTime};

    use im_client::bulk::EarlierSend;

    let (client, log) = fake();
    let record = log.clone();
    let key = |seq: u64, random: u64| {
        let mut key = KeyFields::new();
        key.insert("Seq".into(), json!(seq));
        key.insert("Random".into(), json!(random));
        key
    };
    let now = SystemTime::now();
    let recent = now - Duration::from_secs(30);
    let old = now - Duration::from_secs(200);
    let options = BulkOptions::default()
        .before_send(move |sending| {
            let key = sending.key.map_or(String::new(), |key| {
                format!(" key {} {}", key["Seq"], key["Random"])
            });
            let mut log = record.lock().unwrap();
            log.push(format!("recorded {:?}{key}", sending.positions));
            Ok::<(), std::io::Error>(())
        })
        .earlier_sends(move |p| match p {
            0..=2 => vec![EarlierSend::new(Some(key(1, 11)), recent)],
            3..=5 => vec![EarlierSend::new(Some(key(2, 22)), old)],
            6 => vec![EarlierSend::new(Some(key(3, 33)), recent)],
            _ => Vec::new(),
        });
    let op = Measure {
        meta: &SAME_REQUEST,
        key: Some(|items| {
            let mut key = KeyFields::new();
            key.insert("Seq".into(), json!(9));
            key.insert("Random".into(), json!(items.len()));
            key
        }),
    };
    let input = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let (outcomes, _) = run(&client, op, &input, options).await;
    assert_eq!(
        *log.lock().unwrap(),
        [
            "recorded [0, 1, 2] key 1 11",
            "sent a,b,c key 1 11",
            "recorded [3, 4, 5] key 9 3",
            "sent d,e,f key 9 3",
            "recorded [6, 7] key 9 2",
            "sent g,h key 9 2",
        ]
    );
    let earlier: Vec<bool> = outcomes
        .iter()
        .map(|o| o.outcome.ok().unwrap().earlier)
        .collect();
    assert_eq!(earlier, [true, true, true, true, true, true, true, false]);
}

#[tokio::test]
async fn items_answered_with_a_transient_code_of_their_own_are_sent_again_alone() {
    let (client, log) = fake();
    let options = BulkOptions::default().retry_policy(
        im_client::RetryPolicy::bulk().base_delay(std::time::Duration::from_millis(1)),
    );
    let input = ["a", "flaky:b", "c", "flaky:d", "fail:e"];
    let (outcomes, _) = run(&client, Measure::new(&BY_KEY), &input, options).await;
    assert_eq!(
        sent(&log),
        [
            "sent a,flaky:b,c",
            "sent flaky:b",
            "sent flaky:d,fail:e",
            "sent flaky:d",
        ]
    );
    let shown: Vec<String> = outcomes.iter().map(shown).collect();
    assert_eq!(
        shown,
        [
            "0 a: 10",
            "1 flaky:b: 70 (earlier)",
            "2 c: 10",
            "3 flaky:d: 70 (earlier)",
            "4 fail:e: failed 70107",
        ]
    );
}

#[tokio::test]
async fn a_transient_item_code_of_an_api_a_resend_may_repeat_stays_the_items_failure() {
    let (client, log) = fake();
    let key = |_: &[String]| {
        let mut key = KeyFields::new();
        key.insert("Seq".into(), json!(1));
        key.insert("Random".into(), json!(2));
        key
    };
    let op = Measure {
        meta: &SAME_REQUEST,
        key: Some(key),
    };
    let (outcomes, _) = run(&client, op, &["flaky:b"], BulkOptions::default()).await;
    assert_eq!(sent(&log), ["sent flaky:b key 1 2"]);
    assert_eq!(shown(&outcomes[0]), "0 flaky:b: failed 10002");
}
