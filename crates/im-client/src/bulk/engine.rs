//! The engine's loop: items from the input through admission and chunks to the service, and
//! outcomes to the run. Each concern is a part of its own (`admit`, `inflight`, `stop`,
//! `report`); the loop only moves items between them.

use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use futures::{FutureExt, Stream, StreamExt};
use im_proto::RetrySafety;
use tokio::sync::{mpsc, watch};

use super::admit::{Admission, Admitted, Chunker, Ready, SkipRun};
use super::inflight::{ChunkDone, InFlight};
use super::item_retry;
use super::operation::{
    Batch, BulkOperation, CallCounts, Earlier, EarlierSend, EarlierSends, KeyFields, SentBefore,
    fail_all,
};
use super::options::{BeforeSend, BulkOptions, Sending};
use super::outcome::{ItemOutcome, NotAttempted, Outcome};
use super::report::{Progress, Tally};
use super::run::Msg;
use super::stop::StopPolicy;
use crate::{Client, Error, Failure, RetryPolicy};

/// The consumer of the outcomes is gone: the job stops.
pub(super) struct Gone;

/// At most this many immediate outcomes (rejected, duplicate) wait before they are sent on.
const IMMEDIATE_BATCH: usize = 256;

/// The input, as the engine pulls it.
pub(super) type Input<T> = Pin<Box<dyn Stream<Item = T> + Send>>;

/// Moves items from the input through admission and chunks to the service, and outcomes to
/// the consumer.
pub(super) struct Engine<Op: BulkOperation> {
    op: Arc<Op>,
    client: Client,
    retry: RetryPolicy,
    linger: Duration,
    admission: Admission,
    chunker: Chunker<Op::Item>,
    /// The items being admitted (kept for its allocation).
    batch: Vec<Op::Input>,
    skipped: SkipRun,
    immediate: Vec<ItemOutcome<Op::Output>>,
    ready: Option<Ready<Op::Item>>,
    inflight: InFlight<Op::Output>,
    stop: StopPolicy,
    tally: Tally<Op::Kind>,
    tx: mpsc::Sender<Msg<Op::Output, Op::Kind>>,
    position: u64,
    input_done: bool,
    before_send: Option<BeforeSend>,
    sent_before: Option<SentBefore>,
    earlier_sends: Option<EarlierSends>,
}

/// Resends of a recorded key stop this long before its window ends: the margin for the
/// difference between the recording's clock and the service's.
const WINDOW_MARGIN: Duration = Duration::from_secs(5);

impl<Op: BulkOperation> Engine<Op> {
    pub(super) fn new(
        client: Client,
        op: Op,
        options: BulkOptions,
        tx: mpsc::Sender<Msg<Op::Output, Op::Kind>>,
        progress: watch::Sender<Progress>,
    ) -> Self {
        let max = op.metadata().max_items.max(1);
        let chunk_size = options.chunk_size.map_or(max, |n| n.min(max));
        Engine {
            admission: Admission::new(&options),
            chunker: Chunker::new(chunk_size),
            batch: Vec::with_capacity(chunk_size),
            inflight: InFlight::new(options.concurrency),
            stop: StopPolicy::new(options.stop_on_auth_error),
            tally: Tally::new(
                op.name(),
                options.failure_samples,
                options.total_hint,
                progress,
            ),
            before_send: options.before_send.clone(),
            sent_before: options.sent_before.clone(),
            earlier_sends: options.earlier_sends.clone(),
            retry: options.retry,
            linger: options.linger,
            skipped: SkipRun::default(),
            immediate: Vec::new(),
            ready: None,
            op: Arc::new(op),
            client,
            tx,
            position: 0,
            input_done: false,
        }
    }

    pub(super) async fn run(mut self, mut input: Input<Op::Input>) {
        // One timer for the partial chunk's linger, reset when a chunk starts (not one per
        // item).
        let linger = tokio::time::sleep(self.linger);
        tokio::pin!(linger);
        loop {
            if self.dispatch().await.is_err() {
                return;
            }
            if self.input_done && self.ready.is_none() && self.inflight.is_empty() {
                break;
            }
            let can_pull = !self.input_done && self.ready.is_none();
            let partial = !self.chunker.is_empty();
            let step = tokio::select! {
                biased;
                Some(done) = self.inflight.join_next(), if !self.inflight.is_empty() => {
                    self.on_chunk(done).await
                }
                next = input.next(), if can_pull => {
                    let step = self.on_input(next, &mut input).await;
                    if !partial && !self.chunker.is_empty() {
                        linger.as_mut().reset(tokio::time::Instant::now() + self.linger);
                    }
                    step
                }
                () = &mut linger, if can_pull && partial => self.on_pulled(Pulled::Idle).await,
                else => Ok(()),
            };
            if step.is_err() {
                return;
            }
        }
        let _ = self.finish().await;
    }

    /// Hands the ready chunk to a free slot (after choosing its key fields and the
    /// [`BulkOptions::before_send`] hook), or reports it not attempted at once when the job
    /// stopped.
    async fn dispatch(&mut self) -> Result<(), Gone> {
        let Some(ready) = self.ready.take() else {
            return Ok(());
        };
        if self.stop.stopped().is_none() && !self.inflight.has_room() {
            self.ready = Some(ready);
            return Ok(());
        }
        let (mut key, mut resumed, mut earlier) = (None, None, None);
        if self.stop.stopped().is_none() {
            // Each position's earlier sends, looked up once for the chunk (the journal's
            // lookup is not free): the recorded key and the operation's `Batch` read them.
            earlier = self.earlier_sends.as_deref().map(|sends| {
                let by_item: Vec<Vec<EarlierSend>> =
                    ready.positions.iter().map(|&p| sends(p)).collect();
                by_item
            });
            (key, resumed) = match self.recorded_key(earlier.as_deref()) {
                Some((key, age)) => (Some(key), Some(age)),
                None => match self.retry_key(&ready.items) {
                    Ok(key) => (key, None),
                    Err(err) => return self.unsendable(ready, err).await,
                },
            };
            if let Some(hook) = &self.before_send
                && let Err(why) = hook(&Sending::new(&ready.positions, key.as_ref()))
            {
                self.stop.stop(Arc::new(Error::BeforeSend(why)));
            }
        }
        if let Some(error) = self.stop.stopped() {
            let why = NotAttempted::Stopped(error.clone());
            let outcomes = self.outcomes(ready, |_| Outcome::NotAttempted(why.clone()));
            return self.emit(outcomes).await;
        }
        let task = ChunkTask {
            op: self.op.clone(),
            client: self.client.clone(),
            policy: self.retry.clone(),
            sent_before: self.sent_before.clone(),
            earlier_sends: earlier,
            key,
            resumed,
        };
        self.inflight
            .spawn(ready.positions.clone(), task.run(ready));
        Ok(())
    }

    /// For an API declared [`RetrySafety::SameRequest`], the key an earlier run last sent
    /// every item at `positions` with, when it is one key recorded less than the declared
    /// window ago (minus [`WINDOW_MARGIN`]), and how long ago it was recorded (plus the
    /// margin: the chunk's calls keep to what is left of the window, the first included).
    fn recorded_key(&self, earlier: Option<&[Vec<EarlierSend>]>) -> Option<(KeyFields, Duration)> {
        let RetrySafety::SameRequest { within_secs, .. } = self.op.metadata().retry else {
            return None;
        };
        let mut recorded: Option<(&KeyFields, SystemTime)> = None;
        for sends in earlier? {
            let last = sends.last()?;
            let key = last.key.as_ref()?;
            match &recorded {
                Some((first, _)) if *first != key => return None,
                Some(_) => {}
                None => recorded = Some((key, last.at)),
            }
        }
        let (key, at) = recorded?;
        let age = SystemTime::now().duration_since(at).unwrap_or_default() + WINDOW_MARGIN;
        let window = Duration::from_secs(u64::from(within_secs));
        (age < window).then(|| (key.clone(), age))
    }

    /// The key fields of the request for `items` ([`BulkOperation::retry_key`]): for an API
    /// declared [`RetrySafety::SameRequest`], checked to be exactly the declared ones.
    fn retry_key(&self, items: &[Op::Item]) -> Result<Option<KeyFields>, Error> {
        let RetrySafety::SameRequest { key: fields, .. } = self.op.metadata().retry else {
            return Ok(self.op.retry_key(items));
        };
        let key = self.op.retry_key(items).unwrap_or_default();
        let missing: Vec<&str> = fields
            .iter()
            .copied()
            .filter(|f| !key.contains_key(*f))
            .collect();
        let extra: Vec<&str> = key
            .keys()
            .map(String::as_str)
            .filter(|k| !fields.contains(k))
            .collect();
        if missing.is_empty() && extra.is_empty() {
            return Ok(Some(key));
        }
        Err(Error::internal(format!(
            "the {} operation's request key must hold exactly the declared key fields {fields:?} (missing {missing:?}, not declared {extra:?}); the chunk was not sent",
            self.op.name()
        )))
    }

    /// A chunk that cannot be sent (its operation gave no valid key): each item failed with
    /// `err`, which the stop policy sees as any chunk's failure.
    async fn unsendable(&mut self, ready: Ready<Op::Item>, err: Error) -> Result<(), Gone> {
        let failure = Failure::Request(Arc::new(err));
        let outcomes = self.outcomes(ready, |_| Outcome::Failed(failure.clone()));
        self.stop.observe(&outcomes);
        self.emit(outcomes).await
    }

    /// The outcomes `outcome` gives the items of `ready`, named by their labels.
    fn outcomes(
        &self,
        ready: Ready<Op::Item>,
        outcome: impl Fn(u64) -> Outcome<Op::Output>,
    ) -> Vec<ItemOutcome<Op::Output>> {
        let Ready { positions, items } = ready;
        positions
            .into_iter()
            .zip(items)
            .map(|(position, item)| {
                ItemOutcome::new(position, self.op.label(item), outcome(position))
            })
            .collect()
    }

    /// A chunk came back: count its requests, let the stop policy see it, send its outcomes.
    async fn on_chunk(&mut self, done: ChunkDone<Op::Output>) -> Result<(), Gone> {
        self.tally.requests(&done.calls);
        self.stop.observe(&done.outcomes);
        self.emit(done.outcomes).await
    }

    /// The input's next item (or its end), then whatever more is ready at once, up to what the
    /// current chunk takes: one turn of the loop per chunk's worth of items, not per item.
    /// The batch is entered in the duplicate set first (the entries overlap), then admitted
    /// item by item without awaiting anything; only a full batch of immediate outcomes, the
    /// end of a run of skipped positions and a ready chunk wait for the consumer.
    async fn on_input(
        &mut self,
        first: Option<Op::Input>,
        input: &mut Input<Op::Input>,
    ) -> Result<(), Gone> {
        let Some(first) = first else {
            return self.on_pulled(Pulled::End).await;
        };
        let mut batch = std::mem::take(&mut self.batch);
        batch.push(first);
        let mut ended = false;
        while batch.len() < self.chunker.room() {
            match input.next().now_or_never() {
                Some(Some(item)) => batch.push(item),
                Some(None) => {
                    ended = true;
                    break;
                }
                None => break,
            }
        }
        self.admission.claim(&*self.op, &batch);
        for item in batch.drain(..) {
            if let Some((start, end)) = self.on_item(item) {
                self.send(Msg::Skipped { start, end }).await?;
            }
            if self.immediate.len() >= IMMEDIATE_BATCH {
                self.flush_immediate().await?;
            }
        }
        self.batch = batch;
        if ended {
            return self.on_pulled(Pulled::End).await;
        }
        if self.ready.is_some() {
            self.flush_immediate().await?;
        }
        Ok(())
    }

    /// A pause in the input, or its end.
    async fn on_pulled(&mut self, pulled: Pulled) -> Result<(), Gone> {
        match pulled {
            Pulled::Idle => self.ready = self.chunker.flush(),
            Pulled::End => {
                self.input_done = true;
                self.ready = self.chunker.flush();
            }
        }
        self.flush_immediate().await
    }

    /// Admits one item into the chunk or the immediate outcomes; the run of skipped positions
    /// it ended, if any, to be sent on before them.
    fn on_item(&mut self, item: Op::Input) -> Option<(u64, u64)> {
        let position = self.position;
        self.position += 1;
        self.tally.read();
        match self.admission.admit(&*self.op, position, item) {
            Admitted::Skipped => {
                self.tally.skipped();
                self.skipped.add(position)
            }
            Admitted::Pending(item) => {
                self.ready = self.chunker.push(position, item);
                self.skipped.take()
            }
            Admitted::Outcome(outcome) => {
                self.immediate.push(outcome);
                self.skipped.take()
            }
        }
    }

    async fn flush_immediate(&mut self) -> Result<(), Gone> {
        let outcomes = std::mem::take(&mut self.immediate);
        self.emit(outcomes).await
    }

    /// Counts outcomes, publishes progress and forwards them.
    async fn emit(&mut self, outcomes: Vec<ItemOutcome<Op::Output>>) -> Result<(), Gone> {
        if outcomes.is_empty() {
            return Ok(());
        }
        let op = &*self.op;
        self.tally.outcomes(&outcomes, |output| op.kind(output));
        self.tally.publish();
        self.send(Msg::Outcomes(outcomes)).await
    }

    async fn send(&mut self, msg: Msg<Op::Output, Op::Kind>) -> Result<(), Gone> {
        self.tx.send(msg).await.map_err(|_| Gone)
    }

    /// Sends what is left, then the report.
    async fn finish(mut self) -> Result<(), Gone> {
        self.flush_immediate().await?;
        if let Some((start, end)) = self.skipped.take() {
            self.send(Msg::Skipped { start, end }).await?;
        }
        let tx = self.tx.clone();
        let report = self.tally.finish();
        tx.send(Msg::Done(report)).await.map_err(|_| Gone)
    }
}

enum Pulled {
    /// No item within the linger time while a partial chunk waits.
    Idle,
    /// The input ended.
    End,
}

/// What sending a chunk needs.
struct ChunkTask<Op> {
    op: Arc<Op>,
    client: Client,
    policy: RetryPolicy,
    sent_before: Option<SentBefore>,
    /// Each item's earlier sends, when the job has them.
    earlier_sends: Option<Vec<Vec<EarlierSend>>>,
    key: Option<KeyFields>,
    /// How long ago the recorded key's request left, for a chunk sent again with it.
    resumed: Option<Duration>,
}

impl<Op: BulkOperation> ChunkTask<Op> {
    /// Sends one chunk through its operation (and its items the service asked to have sent
    /// again, [`item_retry`]), and merges its results with the items, in order: one outcome per
    /// item, whatever the operation gave.
    async fn run(self, ready: Ready<Op::Item>) -> ChunkDone<Op::Output> {
        let Ready { positions, items } = ready;
        let earlier = Earlier {
            sent: self.sent_before.as_deref(),
            sends: self.earlier_sends.as_deref(),
        };
        let (results, mut calls) = self.send(&positions, &items, earlier).await;
        let (items, results) = self
            .resend_items(&positions, items, results, &mut calls)
            .await;
        let outcomes = positions
            .into_iter()
            .zip(items)
            .zip(results)
            .map(|((position, item), result)| {
                let outcome = Outcome::from_result(result);
                ItemOutcome::new(position, self.op.label(item), outcome)
            })
            .collect();
        ChunkDone { outcomes, calls }
    }

    /// One request of the chunk's operation for `items`: one result per item, and what its
    /// calls went through.
    async fn send(
        &self,
        positions: &[u64],
        items: &[Op::Item],
        earlier: Earlier<'_>,
    ) -> (Vec<Result<Op::Output, Failure>>, CallCounts) {
        let batch = Batch::new(&self.client, &self.policy, positions, items).with(
            earlier,
            self.key.as_ref(),
            self.resumed,
        );
        // A panic in the operation's code (it never should) fails each item, labels and all.
        let results = match AssertUnwindSafe(self.op.send(&batch)).catch_unwind().await {
            Ok(results) => results,
            Err(payload) => fail_all(
                items.len(),
                Failure::Request(Arc::new(Error::from_panic(
                    "a bulk operation's send",
                    &*payload,
                ))),
            ),
        };
        (self.fit(results, items.len()), batch.counts())
    }

    /// Sends again, alone and after the policy's backoff, the items whose own code inside an
    /// `OK` answer asks for it ([`item_retry`]), until none does or the policy's attempts or
    /// time are spent; each resend counts as a retry. A resent item counts as sent before (its
    /// first request may have done the write).
    async fn resend_items(
        &self,
        positions: &[u64],
        items: Vec<Op::Item>,
        mut results: Vec<Result<Op::Output, Failure>>,
        calls: &mut CallCounts,
    ) -> (Vec<Op::Item>, Vec<Result<Op::Output, Failure>>) {
        let meta = self.op.metadata();
        let started = Instant::now();
        let mut slots: Vec<Option<Op::Item>> = items.into_iter().map(Some).collect();
        let mut rounds = 1;
        while let Some((idx, kind)) = item_retry::round(meta, &results) {
            if !item_retry::may_retry(&self.policy, rounds, started) {
                break;
            }
            tokio::time::sleep(self.policy.backoff(kind, rounds, rand::random())).await;
            let again = item_retry::take(&mut slots, &idx);
            let at: Vec<u64> = idx.iter().map(|&i| positions[i]).collect();
            let sent = |_: u64| true;
            let earlier = Earlier {
                sent: Some(&sent),
                sends: None,
            };
            let (answers, counts) = self.send(&at, &again, earlier).await;
            calls.add_resend(counts);
            for ((i, item), result) in idx.into_iter().zip(again).zip(answers) {
                slots[i] = Some(item);
                results[i] = result;
            }
            rounds += 1;
        }
        (slots.into_iter().flatten().collect(), results)
    }

    /// `results` as one per item: a short list is filled with failures, a long one cut (an
    /// operation's mistake, never an item lost).
    fn fit(
        &self,
        mut results: Vec<Result<Op::Output, Failure>>,
        n: usize,
    ) -> Vec<Result<Op::Output, Failure>> {
        if results.len() != n {
            let why = format!(
                "the {} operation gave {} results for {n} items",
                self.op.name(),
                results.len()
            );
            let failure = internal(&why);
            results.truncate(n);
            results.resize_with(n, || Err(failure.clone()));
        }
        results
    }
}

/// An internal error of a chunk, as each of its items' failure.
fn internal(what: &str) -> Failure {
    Failure::Request(Arc::new(Error::internal(format!("a bulk chunk: {what}"))))
}
