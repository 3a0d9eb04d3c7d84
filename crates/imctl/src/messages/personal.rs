//! `imctl messages send` whose recipients file gives some recipients a body of their own (JSON
//! Lines with `To_Account` and `MsgBody`): each recipient gets its message by `sendmsg`
//! (im-messages' [`SendMsg`]: one call each, keys recorded before it leaves, resent with them
//! within the service's 120 s, looked for in the recipient's history after), the others the
//! `--text`/`--body` message. One call per recipient rather than a batch per body: bodies
//! usually differ per recipient.

use im_messages::{Delivery, Message, Recipient, SendMsg};
use im_proto::message::MsgBody;
use serde_json::Value;

use super::args::SendArgs;
use super::lines::{LinesJob, data_lines, open};
use super::send::SendKind;
use crate::global::Global;
use crate::term::CliError;

/// Runs the send of `message` (the default body) and the file's own bodies.
pub(super) async fn run(
    global: &Global,
    args: &SendArgs,
    message: Message,
) -> Result<u8, CliError> {
    let op = SendMsg::new(message).map_err(CliError::usage)?;
    let items = data_lines(open(&args.to)?).map(|(n, line)| match line {
        Ok(text) => recipient(&text, n),
        Err(why) => Recipient::rejected(format!("line {n}"), format!("line {n}: {why}")),
    });
    let job = LinesJob {
        op,
        name: "send",
        key_name: "To_Account",
        file: &args.to,
        tuning: &args.tuning,
        checkpoint: args.checkpoint.as_deref(),
        status,
    };
    job.run(global, items).await
}

/// `sent` or `already_delivered`.
fn status(delivery: &Delivery) -> &'static str {
    SendKind::Delivered(delivery.kind()).as_str()
}

/// One line: a UserID, or a JSON object with `To_Account` and an optional `MsgBody`.
fn recipient(text: &str, n: usize) -> Recipient {
    let rejected = |why: &str| Recipient::rejected(format!("line {n}"), format!("line {n}: {why}"));
    if !text.starts_with('{') {
        return Recipient::account(text);
    }
    let Ok(Value::Object(mut map)) = serde_json::from_str::<Value>(text) else {
        return rejected("not a JSON object");
    };
    let Some(Value::String(to)) = map.remove("To_Account") else {
        return rejected("the JSON object has no \"To_Account\" string");
    };
    match map.remove("MsgBody").map(serde_json::from_value::<MsgBody>) {
        None => Recipient::account(to),
        Some(Ok(body)) => Recipient::with_body(to, body),
        Some(Err(e)) => rejected(&format!("MsgBody is not a message body: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_a_recipient_with_or_without_its_own_body() {
        assert_eq!(recipient("bob", 1), Recipient::account("bob"));
        let own = r#"{"To_Account":"amy","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}"#;
        assert_eq!(
            recipient(own, 2),
            Recipient::with_body("amy", MsgBody::text("hi"))
        );
        assert_eq!(
            recipient(r#"{"To_Account":"cy"}"#, 3),
            Recipient::account("cy")
        );
        let bad = recipient(r#"{"To_Account":"d","MsgBody":{}}"#, 4);
        assert!(
            matches!(bad, Recipient::Rejected { ref reason, .. } if reason.starts_with("line 4: MsgBody")),
            "{bad:?}"
        );
    }
}
