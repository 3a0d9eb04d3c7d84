//! The caller's side of a running job: [`BulkRun`], a stream of outcomes with the checkpoint,
//! the progress and, at the end, the report.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::{Stream, StreamExt};
use tokio::sync::{mpsc, watch};

use super::outcome::ItemOutcome;
use super::positions::Positions;
use super::report::{Progress, Report};

/// What the engine sends the run.
pub(super) enum Msg<O, K: Ord> {
    Outcomes(Vec<ItemOutcome<O>>),
    Skipped { start: u64, end: u64 },
    Done(Report<K>),
}

/// A running bulk job: a stream of one [`ItemOutcome`] per input item (skipped ones aside),
/// then [`BulkRun::report`] (or [`BulkRun::finish`]) for the report. `O` is the operation's
/// output, `K` what its successes are counted by.
///
/// Dropping it stops the job (in-flight requests are abandoned).
pub struct BulkRun<O, K: Ord> {
    rx: mpsc::Receiver<Msg<O, K>>,
    /// The rest of the latest batch of outcomes, yielded from where the engine put them.
    buffered: std::vec::IntoIter<ItemOutcome<O>>,
    progress: watch::Receiver<Progress>,
    yielded: Positions,
    /// The latest run of consecutive yielded positions, not yet in `yielded` (most outcomes
    /// come in order: one range insert per run instead of one per outcome).
    run: Option<std::ops::Range<u64>>,
    report: Option<Report<K>>,
    operation: &'static str,
    engine: tokio::task::JoinHandle<()>,
}

impl<O, K: Ord> BulkRun<O, K> {
    pub(super) fn new(
        rx: mpsc::Receiver<Msg<O, K>>,
        progress: watch::Receiver<Progress>,
        operation: &'static str,
        engine: tokio::task::JoinHandle<()>,
    ) -> Self {
        BulkRun {
            rx,
            buffered: Vec::new().into_iter(),
            progress,
            yielded: Positions::new(),
            run: None,
            report: None,
            operation,
            engine,
        }
    }

    /// A receiver of progress snapshots (updated after every chunk).
    pub fn progress(&self) -> watch::Receiver<Progress> {
        self.progress.clone()
    }

    /// The input position below which every item has been yielded by this stream or skipped:
    /// persist it and pass it to [`BulkOptions::resume_from`](super::BulkOptions::resume_from)
    /// to continue after a crash.
    pub fn checkpoint(&self) -> u64 {
        let mut watermark = self.yielded.low_watermark();
        if let Some(run) = &self.run
            && run.start <= watermark
            && run.end > watermark
        {
            watermark = run.end;
            while self.yielded.contains(watermark) {
                watermark = self.yielded.next_gap(watermark);
            }
        }
        watermark
    }

    /// Records a yielded position.
    fn yielded(&mut self, position: u64) {
        match &mut self.run {
            Some(run) if run.end == position => run.end += 1,
            run => {
                if let Some(done) = run.replace(position..position + 1) {
                    self.yielded.insert_range(done);
                }
            }
        }
    }

    /// The report, once the stream has ended.
    pub fn report(&self) -> Option<&Report<K>> {
        self.report.as_ref()
    }

    /// The operation's name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Consumes the remaining outcomes (dropping them) and returns the report.
    pub async fn finish(mut self) -> Report<K> {
        while self.next().await.is_some() {}
        self.report
            .take()
            .unwrap_or_else(|| Report::new(self.operation))
    }
}

impl<O, K: Ord> Drop for BulkRun<O, K> {
    fn drop(&mut self) {
        self.engine.abort();
    }
}

impl<O, K: Ord> Unpin for BulkRun<O, K> {}

impl<O, K: Ord> Stream for BulkRun<O, K> {
    type Item = ItemOutcome<O>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<ItemOutcome<O>>> {
        let this = &mut *self;
        loop {
            if let Some(outcome) = this.buffered.next() {
                this.yielded(outcome.position);
                return Poll::Ready(Some(outcome));
            }
            match this.rx.poll_recv(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Msg::Outcomes(batch))) => this.buffered = batch.into_iter(),
                Poll::Ready(Some(Msg::Skipped { start, end })) => {
                    this.yielded.insert_range(start..end)
                }
                Poll::Ready(Some(Msg::Done(report))) => {
                    this.report = Some(report);
                    return Poll::Ready(None);
                }
            }
        }
    }
}

impl<O, K: Ord> fmt::Debug for BulkRun<O, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BulkRun")
            .field("operation", &self.operation)
            .field("checkpoint", &self.checkpoint())
            .field("finished", &self.report.is_some())
            .finish_non_exhaustive()
    }
}
