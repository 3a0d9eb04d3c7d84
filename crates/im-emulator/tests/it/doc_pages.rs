//! The emulator against the current documentation pages (issue 24, items 9 and 21).

use im_emulator::{Account, Emulator};
use im_proto::Api;
use serde_json::{Value, json};

use crate::util::{Env, Reply};

async fn start(builder: im_emulator::EmulatorBuilder) -> Env {
    Env::start(builder.without_rate_limits()).await
}

async fn set(env: &Env, account: &str, items: Value) -> Reply {
    let body = json!({"From_Account": account, "ProfileItem": items});
    env.api(Api::PortraitSet, body).await
}

fn custom(i: usize) -> String {
    format!(
        "Tag_Profile_Custom_T{}",
        (b'a' + u8::try_from(i).unwrap()) as char
    )
}

fn item(tag: &str, value: Value) -> Value {
    json!({"Tag": tag, "Value": value})
}

#[tokio::test]
async fn a_refused_write_registers_no_custom_tag() {
    let env = start(Emulator::builder()).await;
    env.handle.insert_account(Account::new("a"));
    for i in 0..19 {
        let reply = set(&env, "a", json!([item(&custom(i), json!("v"))])).await;
        assert_eq!(reply.code(), 0, "{i}");
    }
    // The 20th and 21st in one write: the 21st is refused, so the whole write is, and the 20th
    // must not stay registered.
    let both = json!([item(&custom(19), json!("v")), item(&custom(20), json!("v"))]);
    assert_eq!(set(&env, "a", both).await.code(), 40009);
    let another = json!([item(&custom(21), json!("v"))]);
    assert_eq!(
        set(&env, "a", another).await.code(),
        0,
        "the refused write took no slot: there is room for a 20th tag"
    );
    assert_eq!(
        set(&env, "a", json!([item(&custom(19), json!("v"))]))
            .await
            .code(),
        40009,
        "now 20 are configured"
    );
}
