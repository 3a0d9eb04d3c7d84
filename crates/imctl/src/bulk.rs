//! The bulk-job machinery every bulk command shares (`accounts`, `profile`, and the jobs of the
//! domains to come), generic over the engine's operations and outcomes (`im_client::bulk`):
//!
//! - `args`: the arguments they share (the input, the pace, the checkpoint);
//! - `input`: the items, from arguments and files (lines, JSON Lines, CSV), read lazily;
//! - `operation`: what a command's operation is to the runner ([`JobOperation`]);
//! - `job`: the runner ([`Job`]) and `drain`, its loop over the outcomes;
//! - `printer`, `shows`, `summary`, `progress`: how outcomes, summaries and progress look;
//! - `checkpoint`: the journal of `--checkpoint`, to resume a job without losing or repeating
//!   work.

mod args;
mod checkpoint;
mod drain;
mod input;
mod job;
mod operation;
mod printer;
mod progress;
mod shows;
mod summary;

pub(crate) use args::{InputArgs, InputFormat, JobArgs, Tuning};
pub(crate) use checkpoint::Journal;
pub(crate) use drain::{is_final, journal_lines};
pub(crate) use input::{
    Fields, InputItem, InputReport, LineIndex, Record, Source, argument_item, line_label,
    screened_argument, unconventional_reason,
};
pub(crate) use job::{Job, bulk_options, stop_sending_on};
pub(crate) use operation::{DryRun, JobOperation, Relabel};
pub(crate) use printer::unknown_outcome;
pub(crate) use shows::{Shows, profile_json};
pub(crate) use summary::summary_out;
