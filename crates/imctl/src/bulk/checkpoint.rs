//! `--checkpoint FILE`: a journal of the input positions whose outcome has been reported, and
//! of those sent without a known outcome yet.
//!
//! Line 1 is a header naming the job: `{"imctl_checkpoint":1,"op":"import","input":"..."}`.
//! Further lines are of two kinds, each appended in one write call:
//!
//! - `0-99,105,107-120`, optionally followed by ` !` and the ranges of those that failed
//!   (`0-99 !7,9`): positions just reported with a final outcome, appended after their
//!   outcomes were written to stdout and flushed. Only final outcomes are recorded (successes,
//!   and failures the service gave for the account itself or the input's own errors): an
//!   account that failed because its request did not get through, or with a reason unknown, is
//!   tried again by the next run. A later line's outcome of a position replaces an earlier one
//!   (`--retry-failed`).
//! - `>0-99`: positions of a chunk about to be sent (written before the request leaves; a
//!   failed position sent again by `--retry-failed` is open again). After a kill, those sent but
//!   not reported are known: a resumed delete takes their "does not exist" for the earlier
//!   run's success, and a non-idempotent write is never repeated blindly. A chunk whose request
//!   carries key fields (a message's `MsgSeq` and `MsgRandom`) is recorded with them and the
//!   time it left, in Unix seconds: `>0-499 @1765100000 {"MsgRandom":7,"MsgSeq":9}`; a resumed
//!   job hands them to its operation (the engine's `earlier_sends`), which resends a request
//!   the service deduplicates with its recorded key within its window, or looks for the
//!   message before sending again.
//! - `<0-99`: positions recorded as sent that were not sent after all (the job stopped before
//!   their request left): the latest record of each is withdrawn, an earlier one stays.
//!
//! A kill between an outcome and its line can only make a rerun repeat that batch, never lose
//! it; a kill during an append leaves an unterminated last line, which loading ignores. The
//! journal is rewritten as merged ranges (temporary file, then rename) every so often, so it
//! stays small. A journal is created whole, 0600, and a file that is not one is never
//! overwritten.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use im_client::bulk::{EarlierSend, KeyFields, Positions, Sending};

use crate::files::read_capped;
use crate::term::{BoxError, CliError, Context};

/// Appended lines between two compactions.
const COMPACT_EVERY: u32 = 512;

/// The largest journal loaded. A compacted journal of ten million accounts with every other
/// one failed is about 150 MiB; anything larger is not a journal imctl wrote.
const MAX_JOURNAL_BYTES: u64 = 256 << 20;

/// The journal of one job. Cheap to share: the sending side records chunks through
/// [`Journal::recorder`] while the job appends outcomes.
#[derive(Debug)]
pub(crate) struct Journal {
    state: Arc<Mutex<State>>,
    /// Whether the file existed (and belonged to this job) when opened.
    resumed: bool,
    /// What the file said when opened.
    at_start: Marks,
}

/// The positions a journal records.
#[derive(Clone, Debug, Default)]
struct Marks {
    /// Reported with a final outcome.
    done: Positions,
    /// Of `done`, those whose outcome was a failure.
    failed: Positions,
    /// The chunks sent (or about to be), whatever their outcome, in the order recorded.
    sends: Vec<SendRecord>,
}

/// One chunk recorded before it was sent: its positions (less those withdrawn by a `<` line),
/// and for a keyed request its key fields and when it left.
#[derive(Clone, Debug, Default, PartialEq)]
struct SendRecord {
    positions: Positions,
    /// The key fields and the Unix seconds it left at, for a keyed request.
    keyed: Option<(KeyFields, u64)>,
}

impl SendRecord {
    /// `>0-99`, or `>0-99 @SECS {KEY}` for a keyed request.
    fn line(&self) -> String {
        match &self.keyed {
            None => format!(">{}\n", self.positions),
            Some((key, at)) => {
                // A map of strings to JSON values always serializes.
                let key = serde_json::to_string(key).unwrap_or_default();
                format!(">{} @{at} {key}\n", self.positions)
            }
        }
    }

    /// The record of a `>` line's text (after the `>`).
    fn parse(text: &str) -> Result<SendRecord, BoxError> {
        let Some((positions, rest)) = text.split_once(' ') else {
            let positions = text.parse::<Positions>()?;
            return Ok(SendRecord {
                positions,
                keyed: None,
            });
        };
        let positions = positions.parse::<Positions>()?;
        let (at, key) = rest
            .strip_prefix('@')
            .and_then(|rest| rest.split_once(' '))
            .ok_or("a sent chunk's key must follow its time: `>0-9 @SECS {...}`")?;
        let at: u64 = at.parse()?;
        let key: KeyFields = serde_json::from_str(key)?;
        Ok(SendRecord {
            positions,
            keyed: Some((key, at)),
        })
    }
}

impl Marks {
    /// Takes one line of the journal into account; a line that does not parse is an error.
    fn take(&mut self, line: &str) -> Result<(), BoxError> {
        let positions = |text: &str| text.parse::<Positions>();
        if let Some(sent) = line.strip_prefix('>') {
            // Sent (again, for a failed one with --retry-failed): its outcome is open.
            let record = SendRecord::parse(sent)?;
            for range in record.positions.ranges() {
                self.done.remove_range(range.clone());
                self.failed.remove_range(range);
            }
            self.sends.push(record);
            return Ok(());
        }
        if let Some(unsent) = line.strip_prefix('<') {
            // Recorded, then never sent after all (the job stopped first): the latest record
            // of each position is withdrawn.
            let unsent: Positions = positions(unsent)?;
            for range in unsent.ranges() {
                self.withdraw(range);
            }
            return Ok(());
        }
        let (done, failed) = parse_line(line)?;
        for range in done.ranges() {
            self.done.insert_range(range.clone());
            self.failed.remove_range(range);
        }
        for range in failed.ranges() {
            self.failed.insert_range(range);
        }
        Ok(())
    }

    /// Withdraws `range` from the latest record holding its positions.
    fn withdraw(&mut self, range: std::ops::Range<u64>) {
        for position in range {
            let latest = self.sends.iter_mut().rev();
            if let Some(record) = latest.into_iter().find(|r| r.positions.contains(position)) {
                record.positions.remove_range(position..position + 1);
            }
        }
    }

    /// The positions sent but never reported.
    fn unsettled(&self) -> Positions {
        let mut open = Positions::new();
        for record in &self.sends {
            for range in record.positions.ranges() {
                open.insert_range(range);
            }
        }
        for range in self.done.ranges() {
            open.remove_range(range);
        }
        open
    }

    /// The records as far as they hold unsettled positions: unkeyed ones merged into one, the
    /// keyed ones each with what is left of its positions, in the order recorded.
    fn open_sends(&self) -> Vec<SendRecord> {
        let mut plain = SendRecord::default();
        let mut keyed = Vec::new();
        for record in &self.sends {
            let mut open = record.positions.clone();
            for range in self.done.ranges() {
                open.remove_range(range);
            }
            match (&record.keyed, open.is_empty()) {
                (_, true) => {}
                (None, false) => open.ranges().for_each(|r| plain.positions.insert_range(r)),
                (Some(_), false) => keyed.push(SendRecord {
                    positions: open,
                    keyed: record.keyed.clone(),
                }),
            }
        }
        let mut open = Vec::with_capacity(keyed.len() + 1);
        if !plain.positions.is_empty() {
            open.push(plain);
        }
        open.extend(keyed);
        open
    }
}

type ParseError = im_client::bulk::ParsePositionsError;

/// The earlier sends of each position a journal holds unsettled ([`Journal::earlier_sends`]).
type EarlierLookup = Arc<dyn Fn(u64) -> Vec<EarlierSend> + Send + Sync>;

#[derive(Debug)]
struct State {
    path: PathBuf,
    file: File,
    header: String,
    marks: Marks,
    appended: u32,
}

#[derive(Serialize, Deserialize)]
struct Header {
    imctl_checkpoint: u32,
    op: String,
    input: String,
}

impl Journal {
    /// Opens (and loads) or creates the journal of the job `op` over `input`.
    ///
    /// # Errors
    ///
    /// Exit 2 when the file belongs to another job, is not a journal, is damaged, or cannot be
    /// read or written.
    pub(crate) fn open(path: &Path, op: &str, input: &str) -> Result<Journal, CliError> {
        let header = Header {
            imctl_checkpoint: 1,
            op: op.to_owned(),
            input: input.to_owned(),
        };
        // Serializing strings and a number cannot fail.
        let header_line = format!("{}\n", serde_json::to_string(&header).unwrap_or_default());
        let io_error = |e: io::Error| {
            let what = format!("cannot use the checkpoint {}", path.display());
            CliError::usage(Context::new(what, e))
        };
        let mut marks = Marks::default();
        let resumed = match read_existing(path)? {
            // A journal is created whole (written beside, then renamed): anything else at the
            // path, even without a line break, is not ours and is never overwritten. An empty
            // file (`mktemp`) holds nothing to lose.
            Some(bytes) if !bytes.is_empty() => {
                load(path, &bytes, &header, &mut marks)?;
                true
            }
            _ => {
                write_new(path, &header_line, &marks).map_err(io_error)?;
                false
            }
        };
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(io_error)?;
        let state = State {
            path: path.to_owned(),
            file,
            header: header_line,
            marks: marks.clone(),
            appended: 0,
        };
        Ok(Journal {
            state: Arc::new(Mutex::new(state)),
            resumed,
            at_start: marks,
        })
    }

    /// Whether an earlier run's journal was loaded.
    pub(crate) fn resumed(&self) -> bool {
        self.resumed
    }

    /// How many positions an earlier run completed.
    pub(crate) fn done_at_start(&self) -> u64 {
        self.at_start.done.len()
    }

    /// How many of those had failed (a rerun reports them as skipped and still exits 1).
    pub(crate) fn failed_at_start(&self) -> u64 {
        self.at_start.failed.len()
    }

    /// The positions done when opened, for the job's skip test.
    pub(crate) fn done_set(&self) -> Arc<Positions> {
        Arc::new(self.at_start.done.clone())
    }

    /// The positions that succeeded when opened (`--retry-failed` skips only those).
    pub(crate) fn succeeded_set(&self) -> Arc<Positions> {
        let mut succeeded = self.at_start.done.clone();
        for range in self.at_start.failed.ranges() {
            succeeded.remove_range(range);
        }
        Arc::new(succeeded)
    }

    /// The positions an earlier run sent without reporting an outcome (killed meanwhile).
    pub(crate) fn sent_earlier(&self) -> Arc<Positions> {
        Arc::new(self.at_start.unsettled())
    }

    /// What an earlier run recorded of each position it sent without reporting an outcome:
    /// the key fields and time of each keyed chunk that held it, oldest first (an unkeyed
    /// chunk's record has no key and the time 0).
    pub(crate) fn earlier_sends(&self) -> EarlierLookup {
        let records = self.at_start.open_sends();
        Arc::new(move |position| {
            records
                .iter()
                .filter(|r| r.positions.contains(position))
                .map(|r| match &r.keyed {
                    None => EarlierSend::new(None, UNIX_EPOCH),
                    Some((key, at)) => {
                        let at = UNIX_EPOCH + Duration::from_secs(*at);
                        EarlierSend::new(Some(key.clone()), at)
                    }
                })
                .collect()
        })
    }

    /// What the sending side calls with a chunk before sending it (the engine's
    /// `before_send` hook, for any operation): appends a `>` line of its positions, with the
    /// request's key fields and the time when it has any (an error when the file cannot be
    /// written: the chunk is then not sent).
    pub(crate) fn recorder(
        &self,
    ) -> impl Fn(&Sending<'_>) -> Result<(), BoxError> + Send + Sync + use<> {
        let state = self.state.clone();
        move |sending: &Sending<'_>| {
            let positions: Positions = sending.positions.iter().copied().collect();
            if positions.is_empty() {
                return Ok(());
            }
            let keyed = sending.key.map(|key| {
                let now = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .unwrap_or_default();
                (key.clone(), now.as_secs())
            });
            let line = SendRecord { positions, keyed }.line();
            let mut state = state.lock();
            // Marked before it is written: a compaction the write triggers keeps it.
            state.append(&line).map_err(|e| {
                let what = format!("cannot write the checkpoint {}", state.path.display());
                BoxError::from(Context::new(what, e))
            })
        }
    }

    /// The line recording the final outcomes at `done`, of which those at `failed` failed,
    /// to append once their outcomes are out; `None` when there are none.
    pub(crate) fn line_for(
        done: impl IntoIterator<Item = u64>,
        failed: impl IntoIterator<Item = u64>,
    ) -> Option<String> {
        let done: Positions = done.into_iter().collect();
        let failed: Positions = failed.into_iter().collect();
        (!done.is_empty()).then(|| format!("{}\n", line_text(&done, &failed)))
    }

    /// The line recording that the chunks at `positions`, recorded as sent, were not sent
    /// after all (the job stopped first); `None` when there are none.
    pub(crate) fn unsent_line(positions: impl IntoIterator<Item = u64>) -> Option<String> {
        let unsent: Positions = positions.into_iter().collect();
        (!unsent.is_empty()).then(|| format!("<{unsent}\n"))
    }

    /// Appends a line from [`Journal::line_for`] (in one write call) and records it.
    ///
    /// # Errors
    ///
    /// Exit 2 naming the file when it cannot be written.
    pub(crate) fn append(&self, line: &str) -> Result<(), CliError> {
        let mut state = self.state.lock();
        let result = state.append(line);
        result.map_err(|e| {
            let what = format!("cannot write the checkpoint {}", state.path.display());
            CliError::usage(Context::new(what, e))
        })
    }
}

impl State {
    fn write(&mut self, line: &str) -> io::Result<()> {
        self.file.write_all(line.as_bytes())?;
        self.appended += 1;
        if self.appended >= COMPACT_EVERY {
            self.compact()?;
        }
        Ok(())
    }

    fn append(&mut self, line: &str) -> io::Result<()> {
        // Our own line: it parses.
        let _ = self.marks.take(line.trim_end());
        self.write(line)
    }

    /// Rewrites the journal as the header, one line of merged outcome ranges and one of the
    /// positions sent but not reported.
    fn compact(&mut self) -> io::Result<()> {
        write_new(&self.path, &self.header, &self.marks)?;
        // Keep in memory what the file now holds (and a reload would read): the records of
        // settled positions would otherwise be walked again at every compaction.
        self.marks.sends = self.marks.open_sends();
        self.file = OpenOptions::new().append(true).open(&self.path)?;
        self.appended = 0;
        Ok(())
    }
}

/// Reads the journal at `path`, if there is one: a regular file of at most
/// [`MAX_JOURNAL_BYTES`].
fn read_existing(path: &Path) -> Result<Option<Vec<u8>>, CliError> {
    let refused = |cause: BoxError| {
        let what = format!("cannot use the checkpoint {}", path.display());
        CliError::usage(Context::new(what, cause))
    };
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(refused(e.into())),
    };
    let metadata = file.metadata().map_err(|e| refused(e.into()))?;
    if !metadata.is_file() {
        return Err(refused(
            "it is not a regular file (a checkpoint is rewritten by renaming a file over it)"
                .into(),
        ));
    }
    read_capped(file, MAX_JOURNAL_BYTES).map(Some).map_err(|e| {
        let what = format!(
            "cannot use the checkpoint {} (is it really one?)",
            path.display()
        );
        CliError::usage(Context::new(what, e))
    })
}

/// `0-99 !7,9`: the done ranges, then the failed ones if any.
fn line_text(done: &Positions, failed: &Positions) -> String {
    if failed.is_empty() {
        done.to_string()
    } else {
        format!("{done} !{failed}")
    }
}

/// Writes `header` and `marks` to a temporary file beside `path` (`tempfile`: a unique name,
/// 0600, removed if anything fails), syncs it, renames it over `path`, and syncs the directory
/// so the rename itself survives a crash.
fn write_new(path: &Path, header: &str, marks: &Marks) -> io::Result<()> {
    let mut text = header.to_owned();
    if !marks.done.is_empty() {
        text.push_str(&line_text(&marks.done, &marks.failed));
        text.push('\n');
    }
    for record in marks.open_sends() {
        text.push_str(&record.line());
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Makes a rename in `dir` durable (a no-op where directories cannot be opened as files).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn load(path: &Path, bytes: &[u8], expected: &Header, marks: &mut Marks) -> Result<(), CliError> {
    let damaged = |line: usize, cause: BoxError| {
        let what = format!(
            "the checkpoint {} is damaged at line {line} (delete it to start over)",
            path.display()
        );
        CliError::usage(Context::new(what, cause))
    };
    let not_ours = || {
        CliError::usage(format!(
            "{} is not an imctl checkpoint (left untouched); choose another file",
            path.display()
        ))
    };
    // Only newline-terminated lines count: an unterminated last one was cut by a kill.
    let complete = &bytes[..bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)];
    let first_end = complete.iter().position(|&b| b == b'\n').unwrap_or(0);
    let header: Header = serde_json::from_slice(&complete[..first_end]).map_err(|_| not_ours())?;
    let text = std::str::from_utf8(complete).map_err(|_| damaged(1, "not UTF-8".into()))?;
    if header.imctl_checkpoint != expected.imctl_checkpoint || header.op != expected.op {
        return Err(CliError::usage(format!(
            "the checkpoint {} belongs to another job ({}, checkpoint format {}; this job is {}); delete it or choose another file",
            path.display(),
            header.op,
            header.imctl_checkpoint,
            expected.op
        )));
    }
    if header.input != expected.input {
        return Err(CliError::usage(format!(
            "the checkpoint {} belongs to another job: it was written for other input ({}), this input is {}; the accounts changed since: rerun with the input it was made for, or delete it or choose another file to start over",
            path.display(),
            header.input,
            expected.input
        )));
    }
    for (i, line) in text.lines().enumerate().skip(1) {
        let line = line.trim();
        if !line.is_empty() {
            marks.take(line).map_err(|e| damaged(i + 1, e))?;
        }
    }
    Ok(())
}

/// Parses `0-99 !7,9` into the done and the failed positions.
fn parse_line(line: &str) -> Result<(Positions, Positions), ParseError> {
    let parse = |text: &str| text.parse::<Positions>();
    match line.split_once(" !") {
        Some((done, failed)) => Ok((parse(done)?, parse(failed)?)),
        None => Ok((parse(line)?, Positions::new())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_list_done_and_failed_positions() {
        assert_eq!(
            Journal::line_for([3, 1, 2, 7], []).as_deref(),
            Some("1-3,7\n")
        );
        assert_eq!(
            Journal::line_for([3, 1, 2, 7], [2, 7]).as_deref(),
            Some("1-3,7 !2,7\n")
        );
        assert_eq!(Journal::line_for([], []), None);
        let (done, failed) = parse_line("1-3 !2").unwrap();
        assert_eq!(
            (done.to_string(), failed.to_string()),
            ("1-3".into(), "2".into())
        );
        assert!(parse_line("5-1").is_err() && parse_line("1 !x").is_err());
    }

    #[test]
    fn sent_chunks_and_later_outcomes_are_remembered() {
        let path = temp_path("sent");
        let j = Journal::open(&path, "delete", "file=x").unwrap();
        let record = recorder(&j);
        record(&[0, 1, 2, 3]).unwrap();
        record(&[4, 5]).unwrap();
        j.append(&Journal::line_for([0, 1], [1]).unwrap()).unwrap();
        drop((j, record));
        // Killed: 2-5 were sent without an outcome; 1 failed.
        let j = Journal::open(&path, "delete", "file=x").unwrap();
        assert_eq!(j.sent_earlier().to_string(), "2-5");
        assert_eq!(j.succeeded_set().to_string(), "0");
        // A rerun of the failed one succeeds: it is no longer failed.
        j.append(&Journal::line_for([1, 2], []).unwrap()).unwrap();
        j.state.lock().compact().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().skip(1).collect::<Vec<_>>(), ["0-2", ">3-5"]);
        let j = Journal::open(&path, "delete", "file=x").unwrap();
        assert_eq!(j.failed_at_start(), 0);
        assert_eq!(j.sent_earlier().to_string(), "3-5");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn a_compaction_triggered_by_a_record_keeps_it() {
        let path = temp_path("compact-sent");
        let j = Journal::open(&path, "delete", "file=x").unwrap();
        for p in 0..COMPACT_EVERY - 1 {
            j.append(&Journal::line_for([u64::from(p)], []).unwrap())
                .unwrap();
        }
        recorder(&j)(&[1000, 1001]).unwrap();
        drop(j);
        let j = Journal::open(&path, "delete", "file=x").unwrap();
        assert_eq!(j.sent_earlier().to_string(), "1000-1001");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn a_failed_position_sent_again_is_open_and_an_unsent_one_is_not() {
        let path = temp_path("resent");
        let j = Journal::open(&path, "delete", "file=x").unwrap();
        let record = recorder(&j);
        record(&[0, 1]).unwrap();
        j.append(&Journal::line_for([0, 1], [0]).unwrap()).unwrap();
        // --retry-failed sends 0 again; the run is killed before its outcome.
        record(&[0]).unwrap();
        // Another chunk was recorded but never sent (the job stopped first).
        record(&[5, 6]).unwrap();
        j.append(&Journal::unsent_line([5, 6]).unwrap()).unwrap();
        drop((j, record));
        let j = Journal::open(&path, "delete", "file=x").unwrap();
        assert_eq!(j.sent_earlier().to_string(), "0");
        assert_eq!((j.done_at_start(), j.failed_at_start()), (1, 0));
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn a_file_without_a_line_break_is_not_a_journal_and_stays() {
        let path = temp_path("foreign");
        std::fs::write(&path, "0123456789abcdef0123456789abcdef").unwrap();
        let err = Journal::open(&path, "import", "file=x").unwrap_err();
        assert!(err.to_string().contains("not an imctl checkpoint"), "{err}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"0123456789abcdef0123456789abcdef"
        );
        std::fs::write(&path, "").unwrap();
        assert!(!Journal::open(&path, "import", "file=x").unwrap().resumed());
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    /// The journal's record of a chunk of positions (no key fields).
    fn recorder(j: &Journal) -> impl Fn(&[u64]) -> Result<(), BoxError> + use<> {
        let record = j.recorder();
        move |positions| record(&Sending::new(positions, None))
    }

    #[test]
    fn a_chunk_with_key_fields_is_recorded_with_them_and_its_time() {
        let path = temp_path("keyed");
        let j = Journal::open(&path, "send", "file=x").unwrap();
        let key = |seq: u32| {
            let mut key = KeyFields::new();
            key.insert("MsgSeq".into(), seq.into());
            key.insert("MsgRandom".into(), 77.into());
            key
        };
        let before = SystemTime::now() - Duration::from_secs(1);
        (j.recorder())(&Sending::new(&[0, 1, 2], Some(&key(1)))).unwrap();
        (j.recorder())(&Sending::new(&[3, 4], Some(&key(2)))).unwrap();
        recorder(&j)(&[5]).unwrap();
        // 0 reported; 3-4 sent again (a second record), then not sent after all.
        j.append(&Journal::line_for([0], []).unwrap()).unwrap();
        (j.recorder())(&Sending::new(&[3, 4], Some(&key(3)))).unwrap();
        j.append(&Journal::unsent_line([3, 4]).unwrap()).unwrap();
        drop(j);
        for compacted in [false, true] {
            let j = Journal::open(&path, "send", "file=x").unwrap();
            assert_eq!(j.sent_earlier().to_string(), "1-5");
            let earlier = j.earlier_sends();
            assert!(earlier(0).is_empty(), "reported: settled");
            let sends = earlier(1);
            assert_eq!(sends.len(), 1);
            assert_eq!(sends[0].key, Some(key(1)));
            assert!(sends[0].at >= before && sends[0].at <= SystemTime::now());
            // The withdrawn record of 3 is gone, its first one stays.
            assert_eq!(
                earlier(3).iter().map(|s| s.key.clone()).collect::<Vec<_>>(),
                [Some(key(2))]
            );
            assert_eq!(earlier(5).len(), 1);
            assert_eq!(earlier(5)[0].key, None);
            assert!(earlier(9).is_empty());
            if !compacted {
                j.state.lock().compact().unwrap();
                let text = std::fs::read_to_string(&path).unwrap();
                let lines: Vec<&str> = text.lines().skip(1).collect();
                assert_eq!(lines[0..2], ["0", ">5"], "{text}");
                assert!(lines[2].starts_with(">1-2 @"), "{text}");
                assert!(
                    lines[3].starts_with(">3-4 @") && lines[3].contains(r#""MsgSeq":2"#),
                    "{text}"
                );
            }
        }
        std::fs::write(&path, format!("{}>1 @x {{}}\n", header_of(&path))).unwrap();
        let err = Journal::open(&path, "send", "file=x").unwrap_err();
        assert!(err.to_string().contains("damaged at line 2"), "{err}");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    /// The header line of the journal at `path`.
    fn header_of(path: &Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        format!("{}\n", text.lines().next().unwrap())
    }

    fn temp_path(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("imctl-unit-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("job.ckpt")
    }

    #[test]
    fn a_journal_resumes_ignores_a_cut_line_and_compacts() {
        let path = temp_path("resume");
        let j = Journal::open(&path, "import", "file=x").unwrap();
        assert!(!j.resumed());
        j.append(&Journal::line_for(0..100, [5, 6]).unwrap())
            .unwrap();
        j.append(&Journal::line_for([150, 151], []).unwrap())
            .unwrap();
        drop(j);
        // A kill during an append leaves half a line.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"100-1").unwrap();
        drop(f);

        let j = Journal::open(&path, "import", "file=x").unwrap();
        assert!(j.resumed());
        assert_eq!(j.done_at_start(), 102);
        assert_eq!(j.failed_at_start(), 2);
        assert_eq!(j.done_set().low_watermark(), 100);
        assert!(j.done_set().contains(151) && !j.done_set().contains(100));
        for p in 100..150 {
            j.append(&Journal::line_for([p], []).unwrap()).unwrap();
        }
        j.state.lock().compact().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().nth(1), Some("0-151 !5-6"));
        assert_eq!(text.lines().count(), 2);

        let err = Journal::open(&path, "delete", "file=x").unwrap_err();
        assert_eq!(err.code(), crate::term::EXIT_USAGE);
        assert!(err.to_string().contains("belongs to another job"), "{err}");
        let err = Journal::open(&path, "import", "file=y").unwrap_err();
        assert!(err.to_string().contains("belongs to another job"), "{err}");

        std::fs::write(&path, "not a checkpoint\n").unwrap();
        let err = Journal::open(&path, "import", "file=x").unwrap_err();
        assert!(err.to_string().contains("not an imctl checkpoint"), "{err}");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}
