//! The loop of a running job: the engine's outcomes rendered and journaled as they come, and
//! which outcomes are final (journaled, never sent again by a resumed run).

use std::io::IsTerminal;

use futures::StreamExt;
use im_client::Failure;
use im_client::bulk::{BulkRun, ItemOutcome, NotAttempted, Outcome, Report};

use super::checkpoint::Journal;
use super::printer::Printer;
use super::progress::ProgressDisplay;
use super::shows::Shows;
use crate::term::{CliError, WriteStop, write_stdout};

/// Outcomes rendered and journaled together, at most.
pub(crate) const BATCH: usize = 1024;

/// How the outcomes' loop ended.
pub(crate) enum Ended<K: Ord> {
    /// Every outcome was written (the report, when the run gave one).
    Done(Option<Report<K>>),
    /// Standard output went away.
    Output(WriteStop),
    /// The journal could not be written.
    Journal(CliError),
}

/// Renders and journals the outcomes of `run` as they come, whatever is ready up to [`BATCH`]
/// at a time (a progress bar on stderr meanwhile, when `progress` and stderr is a terminal):
/// any operation's.
pub(crate) async fn drain<O: Shows, K: Ord + Clone>(
    mut run: BulkRun<O, K>,
    printer: &mut Printer,
    journal: Option<&Journal>,
    progress: bool,
) -> Ended<K> {
    let show_progress = progress && std::io::stderr().is_terminal();
    let progress = show_progress.then(|| ProgressDisplay::start(run.operation(), run.progress()));
    let mut text = String::new();
    let mut ended = None;
    let mut batches = (&mut run).ready_chunks(BATCH);
    while let Some(batch) = batches.next().await {
        text.clear();
        for outcome in &batch {
            printer.outcome(outcome, &mut text);
        }
        // Prepared before the output is written, so that a kill between the two writes has
        // the smallest window.
        let lines = journal.map(|_| journal_lines(&batch));
        let written = match &progress {
            Some(bar) if !text.is_empty() => bar.suspend(|| write_stdout(&text)),
            _ if !text.is_empty() => write_stdout(&text),
            _ => Ok(()),
        };
        if let Err(stop) = written {
            ended = Some(Ended::Output(stop));
            break;
        }
        if let (Some(journal), Some(lines)) = (journal, lines)
            && let Err(err) = lines.iter().try_for_each(|l| journal.append(l))
        {
            ended = Some(Ended::Journal(err));
            break;
        }
    }
    drop(batches);
    if let Some(bar) = progress {
        bar.finish();
    }
    ended.unwrap_or_else(|| Ended::Done(run.report().cloned()))
}

/// What the journal records of a batch of outcomes, of any operation: the final ones, then the
/// chunks that were recorded as sent but never left (the job stopped first).
pub(crate) fn journal_lines<O>(batch: &[ItemOutcome<O>]) -> Vec<String> {
    let finals = batch.iter().filter(|o| is_final(&o.outcome));
    let done = Journal::line_for(
        finals.clone().map(|o| o.position),
        finals
            .filter(|o| matches!(o.outcome, Outcome::Failed(_)))
            .map(|o| o.position),
    );
    let never_sent = batch
        .iter()
        .filter(|o| matches!(o.outcome, Outcome::NotAttempted(NotAttempted::Stopped(_))))
        .map(|o| o.position);
    done.into_iter()
        .chain(Journal::unsent_line(never_sent))
        .collect()
}

/// Whether an outcome is final: a success, a repeat of an earlier item, a failure the service
/// gave for the item itself (a code no retry changes, a value imctl does not know), or the
/// input's own error. Such outcomes are journaled; the rest (the request did not get through,
/// no reason given, not sent) are tried again by a resumed run.
pub(crate) fn is_final<O>(outcome: &Outcome<O>) -> bool {
    match outcome {
        Outcome::Ok(_) | Outcome::NotAttempted(NotAttempted::Duplicate { .. }) => true,
        Outcome::Failed(Failure::Service { code, .. }) => !code.is_retryable(),
        // An unknown status is the service's answer about the account: asking again gives
        // the same.
        Outcome::Failed(Failure::Invalid(_) | Failure::UnknownValue { .. }) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use im_proto::ErrorCode;

    #[test]
    fn final_outcomes_are_the_ones_a_rerun_would_not_change() {
        let unknown = Failure::UnknownValue {
            field: "AccountStatus",
            value: "Frozen".into(),
        };
        let failed = |failure| Outcome::<()>::Failed(failure);
        assert!(is_final(&failed(unknown)));
        let duplicate = NotAttempted::Duplicate { first: Some(0) };
        assert!(is_final(&Outcome::<()>::NotAttempted(duplicate)));
        assert!(is_final(&failed(Failure::Service {
            code: ErrorCode::new(70107),
            info: "not imported".into(),
        })));
        assert!(!is_final(&failed(Failure::Service {
            code: ErrorCode::new(70169),
            info: "timeout".into(),
        })));
        assert!(!is_final(&failed(Failure::NoResult)));
        let stopped = NotAttempted::Stopped(std::sync::Arc::new(im_client::Error::Stopped));
        assert!(!is_final(&Outcome::<()>::NotAttempted(stopped)));
    }
}
