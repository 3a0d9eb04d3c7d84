//! The reader thread: lines of at most [`MAX_LINE_BYTES`] cut by tokio-util's `LinesCodec`
//! (a longer line is skipped without being held), parsed, and handed to the job in batches.

use std::io::{self, Read};
use std::sync::Arc;

use bytes::BytesMut;
use tokio::sync::mpsc;
use tokio_util::codec::{Decoder, LinesCodec, LinesCodecError};

use super::format::{LineParser, Parsed};
use super::index::{InputReport, LineIndex, line_label};
use super::item::InputItem;

use super::limits::MAX_LINE_BYTES;
use crate::term::Context;

/// Items handed over at once (fewer cross-thread wake-ups than one per line).
const BATCH_ITEMS: usize = 256;

/// Bytes read from the input at once.
const READ_BYTES: usize = 64 * 1024;

/// One line as the codec cut it.
enum Cut {
    Text(String),
    TooLong,
    NotUtf8,
}

/// Reads one input to its end in its own thread.
pub(crate) struct Reader<T> {
    pub(crate) input: Box<dyn Read + Send>,
    /// The input's name in messages (`standard input`, a path).
    pub(crate) name: String,
    pub(crate) parser: LineParser,
    /// Whether unconventional UserIDs are bad lines.
    pub(crate) strict: bool,
    pub(crate) index: Arc<LineIndex>,
    pub(crate) report: InputReport,
    pub(crate) tx: mpsc::Sender<Vec<T>>,
}

/// Where the reader is.
struct Cursor<T> {
    line: u64,
    item: u64,
    batch: Vec<T>,
}

impl<T: InputItem> Reader<T> {
    /// Reads and hands over every line; ends at the input's end, on a read error (recorded in
    /// the report), or when the job is gone.
    pub(crate) fn run(mut self) {
        let mut codec = LinesCodec::new_with_max_length(MAX_LINE_BYTES);
        let mut buf = BytesMut::with_capacity(READ_BYTES);
        let mut scratch = vec![0u8; READ_BYTES];
        let mut at = Cursor {
            line: 0,
            item: 0,
            batch: Vec::with_capacity(BATCH_ITEMS),
        };
        let mut eof = false;
        loop {
            let next = if eof {
                codec.decode_eof(&mut buf)
            } else {
                codec.decode(&mut buf)
            };
            let cut = match next {
                Ok(Some(text)) => Cut::Text(text),
                Err(LinesCodecError::MaxLineLengthExceeded) => Cut::TooLong,
                Err(LinesCodecError::Io(e)) if e.kind() == io::ErrorKind::InvalidData => {
                    Cut::NotUtf8
                }
                Err(LinesCodecError::Io(e)) => return self.stopped(&mut at, e),
                Ok(None) if eof => break,
                Ok(None) => {
                    // Hand over what there is before a read that may block (a pipe or a
                    // terminal typing slowly must not hold items back).
                    if !self.flush(&mut at.batch) {
                        return;
                    }
                    match self.fill(&mut buf, &mut scratch) {
                        Ok(n) => eof = n == 0,
                        Err(e) => return self.stopped(&mut at, e),
                    }
                    continue;
                }
            };
            at.line += 1;
            if !self.take(&mut at, cut)
                || (at.batch.len() >= BATCH_ITEMS && !self.flush(&mut at.batch))
            {
                return;
            }
        }
        if let Some((line, parsed)) = self.parser.finish() {
            self.push(&mut at, line, parsed);
        }
        self.flush(&mut at.batch);
    }

    /// Parses one line into the batch; `false` when the input must stop.
    fn take(&mut self, at: &mut Cursor<T>, cut: Cut) -> bool {
        // A record spanning lines is reported at its first line.
        let line = self.parser.record_start().unwrap_or(at.line);
        let unreadable = match cut {
            Cut::Text(text) => {
                let parsed = self.parser.parse(at.line, &text);
                return self.push(at, line, parsed);
            }
            Cut::TooLong => format!("is longer than {} KiB", MAX_LINE_BYTES / 1024),
            Cut::NotUtf8 => "is not valid UTF-8".to_owned(),
        };
        // Inside a record spanning lines, the whole record is the bad line.
        match self.parser.abandon(at.line, &unreadable) {
            Some((start, parsed)) => self.push(at, start, parsed),
            None => self.push(at, line, Parsed::Bad(unreadable)),
        }
    }

    /// Adds what line `line` gave to the batch; `false` when the input must stop.
    fn push(&mut self, at: &mut Cursor<T>, line: u64, parsed: Parsed) -> bool {
        let item = match parsed {
            Parsed::Skip | Parsed::Continues => return true,
            Parsed::Stop(what) => {
                self.report
                    .stop(format!("cannot read {}: line {line}: {what}", self.name));
                return false;
            }
            Parsed::Bad(what) => reject(line, &what),
            Parsed::BadFields { user_id, why } => {
                T::rejected(user_id, format!("line {line}: {why}"))
            }
            Parsed::Record(record) => {
                // A pair's sides are checked by its job (its label joins them with a comma).
                let unconventional = record.pair.is_none()
                    && self.report.screen(&record.user_id, || line_label(line));
                if unconventional && self.strict {
                    reject(line, &unconventional_reason(&record.user_id))
                } else {
                    T::record(record)
                }
            }
        };
        self.index.record(at.item, line);
        at.item += 1;
        at.batch.push(item);
        true
    }

    /// Sends the batch on; `false` when the job is gone.
    fn flush(&self, batch: &mut Vec<T>) -> bool {
        if batch.is_empty() {
            return true;
        }
        let full = std::mem::replace(batch, Vec::with_capacity(BATCH_ITEMS));
        self.tx.blocking_send(full).is_ok()
    }

    /// Appends the next bytes of the input to `buf`; 0 at the end.
    fn fill(&mut self, buf: &mut BytesMut, scratch: &mut [u8]) -> io::Result<usize> {
        loop {
            match self.input.read(scratch) {
                Ok(n) => {
                    buf.extend_from_slice(&scratch[..n]);
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Hands over what was read, and records why reading stopped.
    fn stopped(&self, at: &mut Cursor<T>, e: io::Error) {
        self.flush(&mut at.batch);
        let what = format!("reading {} stopped after line {}", self.name, at.line);
        self.report.stop(Context::new(what, e));
    }
}

/// A bad line: reported under `line N`, its reason starting with it.
pub(super) fn reject<T: InputItem>(line: u64, what: &str) -> T {
    T::rejected(line_label(line), format!("line {line}: {what}"))
}

/// Why `--strict` refuses `user_id`.
pub(crate) fn unconventional_reason(user_id: &str) -> String {
    format!("UserID {user_id:?} has characters outside A-Z, a-z, 0-9, _ and - (--strict)")
}

#[cfg(test)]
mod tests {
    use im_accounts::bulk::BulkItem;

    use super::super::parsed::Fields;
    use super::*;

    /// Runs a reader over `bytes`; the items and what the report says.
    fn read(bytes: Vec<u8>, strict: bool) -> (Vec<BulkItem>, Arc<LineIndex>, InputReport) {
        let (tx, mut rx) = mpsc::channel(1024);
        let index = Arc::new(LineIndex::new(0));
        let report = InputReport::default();
        Reader {
            input: Box::new(io::Cursor::new(bytes)),
            name: "test".into(),
            parser: LineParser::new(None, Fields::Import),
            strict,
            index: index.clone(),
            report: report.clone(),
            tx,
        }
        .run();
        let mut items = Vec::new();
        while let Ok(batch) = rx.try_recv() {
            items.extend(batch);
        }
        (items, index, report)
    }

    #[test]
    fn long_and_garbled_lines_are_bad_lines_and_reading_goes_on() {
        let mut text = b"alice\r\n".to_vec();
        text.extend(std::iter::repeat_n(b'a', MAX_LINE_BYTES * 3));
        text.extend(b"\n\xff\xfe\n\n# skipped\nbob");
        let (items, index, report) = read(text, false);
        assert_eq!(items.len(), 4, "{items:?}");
        assert_eq!(items[0], BulkItem::account("alice"));
        assert!(
            matches!(&items[1], BulkItem::Rejected { reason, .. } if reason == "line 2: is longer than 64 KiB")
        );
        assert!(
            matches!(&items[2], BulkItem::Rejected { reason, .. } if reason == "line 3: is not valid UTF-8")
        );
        assert_eq!(items[3], BulkItem::account("bob"));
        assert_eq!(index.line(3), Some(6));
        assert!(report.error().is_none());
        assert_eq!(report.warning(), None);
    }

    #[test]
    fn a_long_last_line_without_a_break_is_one_bad_line() {
        let (items, _, _) = read(vec![b'x'; MAX_LINE_BYTES + 1], false);
        assert_eq!(items.len(), 1, "{items:?}");
        let (items, _, _) = read(vec![b'x'; MAX_LINE_BYTES], false);
        assert_eq!(items, [BulkItem::account("x".repeat(MAX_LINE_BYTES))]);
    }

    #[test]
    fn strict_refuses_unconventional_user_ids() {
        let (items, _, report) = read(b"ok_1\nnot json at all\n".to_vec(), true);
        assert_eq!(items[0], BulkItem::account("ok_1"));
        assert!(
            matches!(&items[1], BulkItem::Rejected { reason, .. } if reason.starts_with("line 2: UserID \"not json at all\" has characters outside"))
        );
        assert!(
            report
                .warning()
                .unwrap()
                .contains("\"not json at all\" (line 2)")
        );
    }

    #[test]
    fn a_bad_csv_header_stops_the_input() {
        let (items, _, report) = read(b"UserID,Nick,NICK\na,b,c\n".to_vec(), false);
        assert!(items.is_empty());
        assert_eq!(
            report.error().map(|e| e.to_string()).as_deref(),
            Some("cannot read test: line 1: the CSV header names the column NICK twice")
        );
    }
}
