//! Where accounts come from: UserIDs given as arguments, then the lines of a file (or stdin),
//! read lazily in a thread so memory stays flat whatever the file's size.
//!
//! A line is trimmed; empty lines and `#` comments are skipped; a line starting with `{` is a
//! JSON object with a `UserID` string (and, for import, optional `Nick` and `FaceUrl` strings);
//! any other line is a UserID. A line that cannot be used becomes a rejected item whose reason
//! starts with `line N:`, so that it is reported and counted, never skipped silently.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parking_lot::Mutex;

use futures::{Stream, StreamExt};
use im_accounts::bulk::BulkItem;
use serde_json::Value;
use tokio::sync::mpsc;

use crate::CliError;
use crate::cli::InputArgs;

/// The longest line read, in bytes; a longer one is rejected without being held in memory.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// Items the reader thread hands over at once (fewer cross-thread wake-ups than one per line).
const BATCH_ITEMS: usize = 256;

/// Batches in flight between the reader thread and the job (4096 items).
const CHANNEL_BATCHES: usize = 16;

/// Files larger than this are not pre-counted for the progress ETA.
const MAX_COUNTED_BYTES: u64 = 1 << 30;

/// The accounts of one job, opened and checked but not read yet.
pub(crate) struct Source {
    user_ids: Vec<String>,
    file: Option<FileInput>,
    with_profiles: bool,
}

enum FileInput {
    Stdin,
    Path {
        path: PathBuf,
        file: File,
        /// Its size, modification time (for the checkpoint fingerprint) and whether it is a
        /// regular file (worth counting).
        len: u64,
        modified: Option<std::time::SystemTime>,
        regular: bool,
    },
}

impl Source {
    /// Checks that there is input and opens the file, if any.
    ///
    /// # Errors
    ///
    /// Exit 2 when nothing is given or the file cannot be opened (naming it and the OS error).
    pub(crate) fn open(args: &InputArgs, with_profiles: bool) -> Result<Source, CliError> {
        let file = match &args.file {
            None => None,
            Some(path) if path.as_os_str() == "-" => Some(FileInput::Stdin),
            Some(path) => {
                let unreadable = |e: io::Error| {
                    CliError::usage(format!("cannot read the file {}: {e}", path.display()))
                };
                let file = File::open(path).map_err(unreadable)?;
                let metadata = file.metadata().map_err(unreadable)?;
                if metadata.is_dir() {
                    return Err(CliError::usage(format!(
                        "cannot read the file {}: it is a directory; give a file with one UserID per line",
                        path.display()
                    )));
                }
                Some(FileInput::Path {
                    path: path.clone(),
                    file,
                    len: metadata.len(),
                    modified: metadata.modified().ok(),
                    regular: metadata.is_file(),
                })
            }
        };
        if args.user_ids.is_empty() && file.is_none() {
            return Err(CliError::usage(
                "no accounts given: pass USER_IDs, or --file PATH (- for standard input)",
            ));
        }
        Ok(Source {
            user_ids: args.user_ids.clone(),
            file,
            with_profiles,
        })
    }

    /// What identifies this input for a checkpoint: the file's absolute path, size and
    /// modification time, and a hash of the UserIDs given as arguments.
    ///
    /// # Errors
    ///
    /// Exit 2 for standard input, which cannot be identified.
    pub(crate) fn fingerprint(&self) -> Result<String, CliError> {
        let mut parts = Vec::new();
        match &self.file {
            Some(FileInput::Stdin) => {
                return Err(CliError::usage(
                    "--checkpoint cannot recognise standard input on a rerun: give the accounts with --file PATH",
                ));
            }
            Some(FileInput::Path {
                path,
                len,
                modified,
                ..
            }) => {
                let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                let mtime = modified
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or_else(String::new, |d| {
                        format!("{}.{:09}", d.as_secs(), d.subsec_nanos())
                    });
                parts.push(format!(
                    "file={} size={len} mtime={mtime}",
                    absolute.display()
                ));
            }
            None => {}
        }
        if !self.user_ids.is_empty() {
            let mut hash = Fnv::new();
            for id in &self.user_ids {
                hash.write(id.as_bytes());
                hash.write(b"\n");
            }
            parts.push(format!("args={} fnv={:016x}", self.user_ids.len(), hash.0));
        }
        Ok(parts.join(" "))
    }

    /// The number of items, when cheap to know (arguments plus a regular file under 1 GiB,
    /// counted with a quick pass), for the progress ETA.
    pub(crate) fn count_items(&self) -> Option<u64> {
        let file_items = match &self.file {
            None => 0,
            Some(FileInput::Stdin) => return None,
            Some(FileInput::Path {
                path, len, regular, ..
            }) => {
                if !regular || *len > MAX_COUNTED_BYTES {
                    return None;
                }
                count_lines(path).ok()?
            }
        };
        Some(self.user_ids.len() as u64 + file_items)
    }

    /// Starts reading: the stream of items (arguments first), the index mapping positions to
    /// file lines, and where a read error that stopped the file is reported.
    pub(crate) fn into_stream(
        self,
    ) -> (
        impl Stream<Item = BulkItem> + Send + 'static,
        Arc<LineIndex>,
        ReadStatus,
    ) {
        let index = Arc::new(LineIndex::new(self.user_ids.len() as u64));
        let status = ReadStatus::default();
        let arguments = futures::stream::iter(self.user_ids.into_iter().map(BulkItem::account));
        let (tx, mut rx) = mpsc::channel(CHANNEL_BATCHES);
        if let Some(file) = self.file {
            let (reader, name): (Box<dyn Read + Send>, String) = match file {
                FileInput::Stdin => (Box::new(io::stdin()), "standard input".to_owned()),
                FileInput::Path { path, file, .. } => (Box::new(file), path.display().to_string()),
            };
            let reader = Reader {
                input: BufReader::with_capacity(64 * 1024, reader),
                name,
                with_profiles: self.with_profiles,
                index: index.clone(),
                status: status.clone(),
                tx,
            };
            // A plain thread, not the runtime's blocking pool: a read blocked on a terminal
            // must not hold up the runtime's shutdown.
            std::thread::Builder::new()
                .name("imctl-input".to_owned())
                .spawn(move || reader.run())
                .map_err(|e| status.set(format!("cannot start reading the input: {e}")))
                .ok();
        } else {
            drop(tx);
        }
        let lines =
            futures::stream::poll_fn(move |cx| rx.poll_recv(cx)).flat_map(futures::stream::iter);
        (arguments.chain(lines), index, status)
    }
}

/// A read error that stopped the input early (reported after the job; exit 2).
#[derive(Clone, Default)]
pub(crate) struct ReadStatus(Arc<Mutex<Option<String>>>);

impl ReadStatus {
    fn set(&self, message: String) {
        *self.0.lock() = Some(message);
    }

    /// The error, if reading stopped early.
    pub(crate) fn error(&self) -> Option<String> {
        self.0.lock().clone()
    }
}

/// Maps input positions to file line numbers, and recognises rejected lines.
///
/// Keeps one entry per run of skipped (blank or comment) lines, not one per line.
pub(crate) struct LineIndex {
    /// The number of items given as arguments (positions before the file's).
    arguments: u64,
    /// `(file item number, lines skipped before it)` wherever the skip count changes.
    breaks: Mutex<Vec<(u64, u64)>>,
}

impl LineIndex {
    fn new(arguments: u64) -> Self {
        LineIndex {
            arguments,
            breaks: Mutex::new(Vec::new()),
        }
    }

    /// Records that file item `item` (0-based) is on line `line` (1-based).
    fn record(&self, item: u64, line: u64) {
        let skipped = line - 1 - item;
        let mut breaks = self.breaks.lock();
        if breaks.last().map_or(0, |&(_, s)| s) != skipped {
            breaks.push((item, skipped));
        }
    }

    /// The file line of input position `position`; `None` for an argument.
    pub(crate) fn line(&self, position: u64) -> Option<u64> {
        let item = position.checked_sub(self.arguments)?;
        let breaks = self.breaks.lock();
        let at = breaks.partition_point(|&(i, _)| i <= item);
        let skipped = if at == 0 { 0 } else { breaks[at - 1].1 };
        Some(item + 1 + skipped)
    }
}

/// The reason of a rejected line starts with this.
pub(crate) fn line_label(line: u64) -> String {
    format!("line {line}")
}

struct Reader {
    input: BufReader<Box<dyn Read + Send>>,
    name: String,
    with_profiles: bool,
    index: Arc<LineIndex>,
    status: ReadStatus,
    tx: mpsc::Sender<Vec<BulkItem>>,
}

impl Reader {
    fn run(mut self) {
        let mut buf = Vec::with_capacity(256);
        let mut batch = Vec::with_capacity(BATCH_ITEMS);
        let mut line: u64 = 0;
        let mut item: u64 = 0;
        loop {
            buf.clear();
            let read = match read_line(&mut self.input, &mut buf) {
                Ok(None) => break,
                Ok(Some(read)) => read,
                Err(e) => {
                    self.status.set(format!(
                        "reading {} stopped after line {line}: {e}",
                        self.name
                    ));
                    break;
                }
            };
            line += 1;
            let parsed = match read {
                Line::Whole => parse_line(line, &buf, self.with_profiles),
                Line::TooLong => Some(reject(
                    line,
                    format!("the line is longer than {} KiB", MAX_LINE_BYTES / 1024),
                )),
            };
            if let Some(parsed) = parsed {
                self.index.record(item, line);
                item += 1;
                batch.push(parsed);
            }
            // Hand over a full batch, or what there is before a read that may block (a pipe
            // or a terminal typing slowly must not hold items back).
            if batch.len() >= BATCH_ITEMS || (!batch.is_empty() && self.input.buffer().is_empty()) {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_ITEMS));
                if self.tx.blocking_send(full).is_err() {
                    // The job is gone.
                    return;
                }
            }
        }
        if !batch.is_empty() {
            let _ = self.tx.blocking_send(batch);
        }
    }
}

enum Line {
    Whole,
    TooLong,
}

/// Reads one line (without holding more than [`MAX_LINE_BYTES`]); `None` at the end.
fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<Option<Line>> {
    let n = input
        .by_ref()
        .take(MAX_LINE_BYTES as u64 + 1)
        .read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.len() > MAX_LINE_BYTES && buf.last() != Some(&b'\n') {
        // Skip the rest of the line.
        loop {
            let available = input.fill_buf()?;
            if available.is_empty() {
                break;
            }
            match available.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    input.consume(i + 1);
                    break;
                }
                None => {
                    let len = available.len();
                    input.consume(len);
                }
            }
        }
        return Ok(Some(Line::TooLong));
    }
    Ok(Some(Line::Whole))
}

fn reject(line: u64, what: String) -> BulkItem {
    BulkItem::rejected(line_label(line), format!("line {line}: {what}"))
}

/// One line as an item; `None` for a blank or comment line.
fn parse_line(line: u64, bytes: &[u8], with_profiles: bool) -> Option<BulkItem> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Some(reject(line, "is not valid UTF-8".to_owned()));
    };
    let text = if line == 1 {
        text.strip_prefix('\u{feff}').unwrap_or(text)
    } else {
        text
    };
    // ASCII whitespace only (CRLF endings included): a UserID may legitimately end in a
    // non-breaking or ideographic space, which must not be silently dropped.
    let text = text.trim_matches(|c: char| c.is_ascii_whitespace());
    if text.is_empty() || text.starts_with('#') {
        return None;
    }
    let parsed = if text.starts_with('{') {
        parse_json(text, with_profiles)
    } else {
        Ok((text.to_owned(), None, None))
    };
    let (user_id, nick, face_url) = match parsed {
        Ok(fields) => fields,
        Err(what) => return Some(reject(line, what)),
    };
    // An invalid UserID is passed on as it is: the job fails it with the rule it breaks and
    // reports it under its own UserID (and line number), so every account given can be found
    // in the output.
    Some(BulkItem::profile(user_id, nick, face_url))
}

type Fields = (String, Option<String>, Option<String>);

fn parse_json(text: &str, with_profiles: bool) -> Result<Fields, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("malformed JSON: {}", json_error(&e)))?;
    let Value::Object(map) = value else {
        return Err("a JSON line must be an object with a \"UserID\"".to_owned());
    };
    let user_id = match map.get("UserID") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err("\"UserID\" must be a string".to_owned()),
        None => return Err("the JSON object has no \"UserID\"".to_owned()),
    };
    if !with_profiles {
        return Ok((user_id, None, None));
    }
    let field = |name: &str| match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("\"{name}\" must be a string")),
    };
    Ok((user_id, field("Nick")?, field("FaceUrl")?))
}

/// serde_json's message with the column, without its "line 1" (the file line is given).
fn json_error(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let message = text
        .rfind(" at line ")
        .map_or(text.as_str(), |i| &text[..i]);
    format!("{message} at column {}", err.column())
}

/// Counts the lines that are neither blank nor comments.
fn count_lines(path: &Path) -> io::Result<u64> {
    let mut input = BufReader::with_capacity(256 * 1024, File::open(path)?);
    let mut buf = Vec::new();
    let mut n = 0;
    while let Some(line) = read_line(&mut input, &mut buf)? {
        let counts = match line {
            Line::TooLong => true,
            Line::Whole => {
                let trimmed = buf.trim_ascii();
                !trimmed.is_empty() && !trimmed.starts_with(b"#")
            }
        };
        n += u64::from(counts);
        buf.clear();
    }
    Ok(n)
}

/// FNV-1a, 64 bits: a hash that stays the same across runs and builds.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str, profiles: bool) -> Option<BulkItem> {
        parse_line(7, line.as_bytes(), profiles)
    }

    fn rejected_reason(item: Option<BulkItem>) -> String {
        match item {
            Some(BulkItem::Rejected { label, reason }) => {
                assert_eq!(label, "line 7");
                reason
            }
            other => panic!("not rejected: {other:?}"),
        }
    }

    #[test]
    fn lines() {
        assert_eq!(
            parsed("  alice \r\n", true),
            Some(BulkItem::account("alice"))
        );
        assert_eq!(parsed("   \n", true), None);
        // Only ASCII whitespace is trimmed: a trailing no-break space is part of the UserID.
        assert_eq!(
            parsed("alice\u{a0}\n", true),
            Some(BulkItem::account("alice\u{a0}"))
        );
        assert_eq!(parsed("# comment\n", true), None);
        assert_eq!(
            parsed(
                r#"{"UserID":"bob","Nick":"Bob","FaceUrl":"http://x/b.png","Age":3}"#,
                true
            ),
            Some(BulkItem::profile(
                "bob",
                Some("Bob".into()),
                Some("http://x/b.png".into())
            ))
        );
        assert_eq!(
            parsed(r#"{"UserID":"bob","Nick":5}"#, false),
            Some(BulkItem::account("bob"))
        );
        assert_eq!(
            parsed(&"x".repeat(40), true),
            Some(BulkItem::account("x".repeat(40))),
            "an invalid UserID is left to the job, which reports it under its own name"
        );
        assert!(
            rejected_reason(parsed(r#"{"UserID": "bob""#, true))
                .starts_with("line 7: malformed JSON: ")
        );
        assert!(rejected_reason(parsed(r#"{"Nick":"x"}"#, true)).contains("no \"UserID\""));
        assert!(rejected_reason(parsed(r#"{"UserID":1}"#, true)).contains("must be a string"));
        assert!(rejected_reason(parsed(r#"{"UserID":"a","Nick":1}"#, true)).contains("\"Nick\""));
        assert!(rejected_reason(parse_line(7, b"\xff\xfe", true)).contains("UTF-8"));
    }

    #[test]
    fn byte_order_mark_on_the_first_line() {
        assert_eq!(
            parse_line(1, "\u{feff}alice\n".as_bytes(), true),
            Some(BulkItem::account("alice"))
        );
    }

    #[test]
    fn long_lines_are_rejected_without_being_kept() {
        let mut text = "a".repeat(MAX_LINE_BYTES + 10);
        text.push_str("\nbob\n");
        let mut input = BufReader::new(text.as_bytes());
        let mut buf = Vec::new();
        assert!(matches!(
            read_line(&mut input, &mut buf),
            Ok(Some(Line::TooLong))
        ));
        buf.clear();
        assert!(matches!(
            read_line(&mut input, &mut buf),
            Ok(Some(Line::Whole))
        ));
        assert_eq!(buf, b"bob\n");
        buf.clear();
        assert!(matches!(read_line(&mut input, &mut buf), Ok(None)));
    }

    #[test]
    fn positions_map_to_lines() {
        let index = LineIndex::new(2);
        // Lines: 1 a, 2 blank, 3 #, 4 b, 5 c, 6 blank, 7 d
        index.record(0, 1);
        index.record(1, 4);
        index.record(2, 5);
        index.record(3, 7);
        assert_eq!(index.line(0), None);
        assert_eq!(index.line(1), None);
        assert_eq!(index.line(2), Some(1));
        assert_eq!(index.line(3), Some(4));
        assert_eq!(index.line(4), Some(5));
        assert_eq!(index.line(5), Some(7));
        assert_eq!(index.breaks.lock().len(), 2);
    }
}
