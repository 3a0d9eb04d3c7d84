//! An app receiving the service's callbacks in axum: the router mounted as a tower service at
//! `/im/callback`, a moderation rule for one-to-one messages (a before callback, answered in
//! well under its 2 s budget), the friend requests answered per account, and every other
//! command acknowledged and logged.
//!
//! ```text
//! IM_CALLBACK_TOKEN=... cargo run -p im-callback --example axum -- 127.0.0.1:8080
//! ```
//!
//! Configure `http://127.0.0.1:8080/im/callback` as the callback URL (of the emulator:
//! `imctl emulator --callback-url ...`), with callback authentication on and the same token.

use std::net::SocketAddr;

use im_callback::before::{FriendReply, MessageReply, ResultItem};
use im_callback::c2c::C2cBeforeSendMsg;
use im_callback::router::{Received, Router};
use im_callback::service::Callback;
use im_callback::sns::PrevFriendAdd;
use im_callback::{Reply, Token, Verifier};
use im_proto::message::MsgElement;

/// Messages with a link are refused with a code of the app's own (the sender sees it and the
/// text); a message saying only "hi" is delivered as "hello"; the rest goes through.
async fn moderate(sent: Received<C2cBeforeSendMsg>) -> MessageReply<C2cBeforeSendMsg> {
    let elements = sent
        .event
        .msg_body
        .as_ref()
        .map(|b| b.elements())
        .unwrap_or_default();
    let texts: Vec<&str> = elements
        .iter()
        .filter_map(|e| match e {
            MsgElement::Text(text) => text.text.as_deref(),
            _ => None,
        })
        .collect();
    if texts
        .iter()
        .any(|t| t.contains("http://") || t.contains("https://"))
    {
        return MessageReply::deny(120_001, "links are not allowed here")
            .expect("120001 is in the documented range");
    }
    if texts == ["hi"] {
        return MessageReply::rewrite(Some(im_proto::message::MsgBody::text("hello")), None);
    }
    MessageReply::allow()
}

/// Friend requests to accounts whose name starts with `bot_` are refused, one by one.
async fn friend_requests(asked: Received<PrevFriendAdd>) -> FriendReply<PrevFriendAdd> {
    let items = asked
        .event
        .friend_item
        .unwrap_or_default()
        .into_iter()
        .map(|item| {
            if item.to_account.starts_with("bot_") {
                ResultItem::deny(item.to_account, 38_001, "bots take no friends")
            } else {
                ResultItem::allow(item.to_account)
            }
        })
        .collect();
    FriendReply::per_item(items).expect("38001 is in the documented range")
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr: SocketAddr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned())
        .parse()?;
    let token = std::env::var("IM_CALLBACK_TOKEN").map_err(|_| "set IM_CALLBACK_TOKEN")?;
    let sdkappid = std::env::var("IM_SDKAPPID").map_or(Ok(1_400_000_000), |v| v.parse())?;
    let router = Router::new(Verifier::new(sdkappid, Token::new(token)))
        .on(moderate)
        .on(friend_requests)
        .fallback(|callback: Callback| async move {
            println!("{}", serde_json::Value::Object(callback.event.to_body()));
            Reply::ok()
        })
        .on_rejected(|why| eprintln!("refused: {why}"));
    let app = axum::Router::new().route_service("/im/callback", router);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!(
        "receiving callbacks at http://{}/im/callback",
        listener.local_addr()?
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
