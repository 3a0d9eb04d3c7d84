//! The bulk-job machinery every bulk command shares.

mod args;

pub(crate) use args::{InputArgs, InputFormat, JobArgs, Tuning};
