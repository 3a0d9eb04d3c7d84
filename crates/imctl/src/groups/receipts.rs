//! `groups messages receipts GROUP_ID MSGSEQ... [--detail]`: the read counts of messages
//! (get_group_msg_receipt), or who read each and who has not (get_group_msg_receipt_detail, a
//! paged read); one outcome per message, a failed one on stderr (exit 1).

use futures::TryStreamExt;
use im_groups::ReadFilter;
use serde::Serialize;

use super::args::ReceiptsArgs;
use super::manage::client;
use crate::global::Global;
use crate::term::{
    CliError, EXIT_FAILED, EXIT_OK, error_line, json_line, push_line, refused, render, write_stdout,
};

/// One message's counts or members, as `--json` prints them.
#[derive(Serialize)]
struct Receipt<'a> {
    #[serde(rename = "MsgSeq")]
    msg_seq: u32,
    ok: bool,
    #[serde(rename = "ReadNum", skip_serializing_if = "Option::is_none")]
    read_num: Option<u32>,
    #[serde(rename = "UnreadNum", skip_serializing_if = "Option::is_none")]
    unread_num: Option<u32>,
    #[serde(rename = "Read", skip_serializing_if = "Option::is_none")]
    read: Option<&'a [String]>,
    #[serde(rename = "Unread", skip_serializing_if = "Option::is_none")]
    unread: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl Receipt<'_> {
    /// A message's success, its counts or lists to fill in.
    fn new(msg_seq: u32) -> Self {
        Receipt {
            msg_seq,
            ok: true,
            read_num: None,
            unread_num: None,
            read: None,
            unread: None,
            error: None,
        }
    }

    /// A message's failure.
    fn failed(msg_seq: u32, error: String) -> Self {
        Receipt {
            ok: false,
            error: Some(error),
            ..Receipt::new(msg_seq)
        }
    }
}

/// `groups messages receipts`: the counts, or with `--detail` the members.
pub(super) async fn receipts(global: &Global, args: &ReceiptsArgs) -> Result<u8, CliError> {
    if args.detail {
        return detail(global, args).await;
    }
    let (client, _connection) = client(global).await?;
    let outcomes = match client
        .get_group_msg_receipt(&args.group_id, &args.seqs)
        .await
    {
        Ok(outcomes) => outcomes,
        Err(err) => return Ok(refused(&err)),
    };
    let (mut text, mut earned) = (String::new(), EXIT_OK);
    for (outcome, &seq) in outcomes.into_iter().zip(&args.seqs) {
        match outcome.result {
            Ok(counts) if global.json => text.push_str(&json_line(&Receipt {
                read_num: Some(counts.read),
                unread_num: Some(counts.unread),
                ..Receipt::new(seq)
            })),
            Ok(counts) => push_line(
                &mut text,
                &format!(
                    "MsgSeq {seq}: {} read, {} unread",
                    counts.read, counts.unread
                ),
            ),
            Err(failure) => {
                earned = EXIT_FAILED;
                shown_failure(global, &mut text, seq, render(&failure));
            }
        }
    }
    Ok(written(&text, earned))
}

/// `--detail`: each message's readers and non-readers, read a page at a time.
async fn detail(global: &Global, args: &ReceiptsArgs) -> Result<u8, CliError> {
    let (client, _connection) = client(global).await?;
    let mut earned = EXIT_OK;
    for &seq in &args.seqs {
        let mut text = String::new();
        let read = client.group_msg_readers(&args.group_id, seq, ReadFilter::Read);
        let lists = match read.try_collect::<Vec<String>>().await {
            Ok(read) => {
                let unread = client.group_msg_readers(&args.group_id, seq, ReadFilter::Unread);
                unread.try_collect::<Vec<String>>().await.map(|u| (read, u))
            }
            Err(err) => Err(err),
        };
        match lists {
            Ok((read, unread)) if global.json => text.push_str(&json_line(&Receipt {
                read: Some(&read),
                unread: Some(&unread),
                ..Receipt::new(seq)
            })),
            Ok((read, unread)) => {
                for account in &read {
                    push_line(&mut text, &format!("{seq} read {account}"));
                }
                for account in &unread {
                    push_line(&mut text, &format!("{seq} unread {account}"));
                }
            }
            Err(err) if matches!(err, im_client::Error::InvalidInput(_)) || err.is_auth() => {
                return Ok(refused(&err));
            }
            Err(err) => {
                earned = EXIT_FAILED;
                shown_failure(global, &mut text, seq, render(&err));
            }
        }
        if let Err(stop) = write_stdout(&text) {
            return Ok(stop.exit_code(earned));
        }
    }
    Ok(earned)
}

/// A message's failure: on stderr, or (`--json`) as an object on stdout.
fn shown_failure(global: &Global, text: &mut String, seq: u32, error: String) {
    if global.json {
        text.push_str(&json_line(&Receipt::failed(seq, error)));
    } else {
        error_line(&format!("MsgSeq {seq}: {error}"));
    }
}

/// Writes `text` to stdout; the exit code `earned`, or the one a closed stdout gives.
fn written(text: &str, earned: u8) -> u8 {
    match write_stdout(text) {
        Ok(()) => earned,
        Err(stop) => stop.exit_code(earned),
    }
}
