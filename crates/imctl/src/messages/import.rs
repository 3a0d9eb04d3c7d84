//! `imctl messages import --file FILE`: JSON Lines of `importmsg` requests, imported one a
//! call by im-messages' [`ImportMsg`] (the file job of `lines`): each message's keys recorded
//! before it leaves, a rerun resending an unsettled one with them, which the service
//! deduplicates on.

use im_messages::{IMPORT_HISTORY, IMPORT_REALTIME, ImportItem, ImportMsg};
use im_proto::openim::importmsg;
use serde_json::Value;

use super::args::{ImportArgs, ImportKind};
use super::lines::{LinesJob, data_lines, open};
use crate::global::Global;
use crate::term::CliError;

/// Runs `messages import`.
pub(crate) async fn run(global: &Global, args: &ImportArgs) -> Result<u8, CliError> {
    let sync = match args.sync {
        ImportKind::History => IMPORT_HISTORY,
        ImportKind::Realtime => IMPORT_REALTIME,
    };
    let items = data_lines(open(&args.file)?).map(move |(n, line)| {
        let label = format!("line {n}");
        match line {
            Ok(text) => message(&text, sync, label),
            Err(why) => ImportItem::Rejected {
                reason: format!("{label}: {why}"),
                label,
            },
        }
    });
    let job = LinesJob {
        op: ImportMsg,
        name: "import-messages",
        key_name: "Message",
        file: &args.file,
        tuning: &args.tuning,
        checkpoint: args.checkpoint.as_deref(),
        status: |()| "imported",
    };
    job.run(global, items).await
}

/// One line: the request, `SyncFromOldSystem` set to `sync` when the line does not give it.
fn message(text: &str, sync: u32, label: String) -> ImportItem {
    let rejected = |why: String| ImportItem::Rejected {
        reason: format!("{label}: {why}"),
        label: label.clone(),
    };
    let mut map = match serde_json::from_str(text) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return rejected("not a JSON object".into()),
        Err(e) => return rejected(format!("not JSON: {e}")),
    };
    map.entry("SyncFromOldSystem").or_insert(sync.into());
    match serde_json::from_value::<importmsg::Request>(Value::Object(map)) {
        Ok(request) => ImportItem::Message(Box::new(request)),
        Err(e) => rejected(format!("not an importmsg request: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_gets_the_flags_sync_unless_it_gives_its_own() {
        let line =
            r#"{"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgTimeStamp":9,"MsgBody":[]}"#;
        let ImportItem::Message(request) = message(line, 5, "line 1".into()) else {
            panic!("a request");
        };
        assert_eq!(request.sync_from_old_system, 5);
        let own = line.replace("\"MsgBody\"", "\"SyncFromOldSystem\":2,\"MsgBody\"");
        let ImportItem::Message(request) = message(&own, 5, "line 1".into()) else {
            panic!("a request");
        };
        assert_eq!(request.sync_from_old_system, 2);
        let ImportItem::Rejected { reason, .. } = message("[1]", 2, "line 4".into()) else {
            panic!("rejected");
        };
        assert_eq!(reason, "line 4: not a JSON object");
    }
}
