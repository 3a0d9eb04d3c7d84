//! Where accounts come from: UserIDs given as arguments, then the lines of a file (or stdin),
//! read lazily in a thread so memory stays flat whatever the file's size.
//!
//! How a line is read depends on the format (`format`): one UserID per line, JSON Lines, or
//! CSV. A line that cannot be used becomes a rejected item whose reason starts with `line N:`,
//! so that it is reported and counted, never skipped silently.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::PathBuf;
use std::sync::Arc;

use futures::{Stream, StreamExt};
use im_accounts::bulk::BulkItem;
use tokio::sync::mpsc;
use xxhash_rust::xxh3::Xxh3;

use super::args::InputArgs;
use crate::term::{CliError, Context};

mod columns;
mod csv_records;
mod format;
mod index;
mod item;
mod limits;
mod member_line;
mod pair_line;
mod parsed;
mod profile_line;
mod reader;

pub(crate) use format::{Fields, Format};
pub(crate) use index::{InputReport, LineIndex, line_label};
pub(crate) use item::InputItem;
pub(crate) use parsed::Record;
use reader::Reader;
pub(crate) use reader::unconventional_reason;

/// Batches in flight between the reader thread and the job (4096 items).
const CHANNEL_BATCHES: usize = 16;

/// Files larger than this are not pre-counted for the progress ETA.
const MAX_COUNTED_BYTES: u64 = 1 << 30;

/// The accounts of one job, opened and checked but not read yet.
pub(crate) struct Source {
    user_ids: Vec<String>,
    file: Option<FileInput>,
    fields: Fields,
    /// The format given or implied by the file name (`None`: decided by the content).
    format: Option<Format>,
    /// Whether `--format` was given (it is then part of the input's identity).
    explicit_format: bool,
    strict: bool,
}

enum FileInput {
    /// Standard input, after the bytes already read from it (to see that it is not empty).
    Stdin(Vec<u8>),
    Path {
        path: PathBuf,
        file: File,
        len: u64,
        /// Whether it is a regular file (one that can be read twice: counted, identified).
        regular: bool,
    },
}

impl Source {
    /// Checks that there is input and opens the file, if any. `-` (as `--file` or as the only
    /// USER_ID) is standard input, which is also read when nothing is given and it is a pipe
    /// or a file.
    ///
    /// # Errors
    ///
    /// Exit 2 when nothing is given, standard input is given twice (`key_on_stdin`: the
    /// secret key is read from it), or the file cannot be opened (naming it and the OS error).
    pub(crate) fn open(
        args: &InputArgs,
        fields: Fields,
        key_on_stdin: bool,
    ) -> Result<Source, CliError> {
        let mut user_ids = args.user_ids.clone();
        let dashes = user_ids.iter().filter(|id| *id == "-").count();
        user_ids.retain(|id| id != "-");
        let stdin_arg = match (dashes, &args.file) {
            (0, _) => false,
            (1, None) => true,
            _ => {
                return Err(CliError::usage(
                    "standard input (-) given twice: give - once, as a USER_ID or as --file -",
                ));
            }
        };
        let explicit = stdin_arg || args.file.as_ref().is_some_and(|p| p.as_os_str() == "-");
        if explicit && key_on_stdin {
            return Err(CliError::usage(
                "standard input cannot give both the secret key (--secret-key-file -) and the accounts",
            ));
        }
        let file = match &args.file {
            None if stdin_arg => Some(FileInput::Stdin(Vec::new())),
            None if user_ids.is_empty() && !key_on_stdin && stdin_is_piped() => {
                first_bytes_of_stdin()?
            }
            None => None,
            Some(path) if path.as_os_str() == "-" => Some(FileInput::Stdin(Vec::new())),
            Some(path) => Some(open_file(path)?),
        };
        if user_ids.is_empty() && file.is_none() {
            return Err(CliError::usage(
                "no accounts given: pass USER_IDs, or --file PATH (- for standard input)",
            ));
        }
        let implied = match &file {
            Some(FileInput::Path { path, .. }) => Format::from_path(path),
            _ => None,
        };
        Ok(Source {
            user_ids,
            file,
            fields,
            format: args.format.or(implied),
            explicit_format: args.format.is_some(),
            strict: args.strict,
        })
    }

    /// What identifies this input for a checkpoint: a hash of the file's content and its
    /// size (not its name or modification time: a copied or touched file is the same input),
    /// and a hash of the UserIDs given as arguments.
    ///
    /// # Errors
    ///
    /// Exit 2 for standard input or another stream, which cannot be read twice, and when the
    /// file cannot be read.
    pub(crate) fn fingerprint(&self) -> Result<String, CliError> {
        let mut parts = Vec::new();
        match &self.file {
            Some(FileInput::Path {
                path,
                regular: true,
                ..
            }) => {
                let (hash, len) = hash_file(path).map_err(|e| {
                    CliError::usage(Context::new(
                        format!("cannot read the file {}", path.display()),
                        e,
                    ))
                })?;
                parts.push(format!("content xxh3-128 {hash:032x} of {len} bytes"));
            }
            Some(_) => {
                return Err(CliError::usage(
                    "--checkpoint cannot recognise a stream (standard input, a pipe) on a rerun: give the accounts in a regular file with --file PATH",
                ));
            }
            None => {}
        }
        if !self.user_ids.is_empty() {
            let mut hash = Xxh3::new();
            for id in &self.user_ids {
                hash.update(id.as_bytes());
                hash.update(b"\n");
            }
            parts.push(format!(
                "{} arguments xxh3-128 {:032x}",
                self.user_ids.len(),
                hash.digest128()
            ));
        }
        if let (true, Some(format)) = (self.explicit_format, self.format) {
            parts.push(format!("format {}", format.name()));
        }
        Ok(parts.join(", "))
    }

    /// The number of items, when cheap to know (arguments plus a regular file under 1 GiB,
    /// counted with a quick pass), for the progress ETA.
    pub(crate) fn count_items(&self) -> Option<u64> {
        let file_items = match &self.file {
            None => 0,
            Some(FileInput::Stdin(_)) => return None,
            Some(FileInput::Path {
                path, len, regular, ..
            }) => {
                if !regular || *len > MAX_COUNTED_BYTES {
                    return None;
                }
                count_data_lines(File::open(path).ok()?).ok()?
            }
        };
        Some(self.user_ids.len() as u64 + file_items)
    }

    /// Starts reading: the stream of items (arguments first), the index mapping positions to
    /// file lines, and what reading found beside the accounts.
    /// `argument` makes the item of each argument (with the report, `--strict`, its 0-based
    /// position and its text).
    pub(crate) fn into_stream<T: InputItem>(
        self,
        argument: &dyn Fn(&InputReport, bool, usize, String) -> T,
    ) -> (
        impl Stream<Item = T> + Send + 'static + use<T>,
        Arc<LineIndex>,
        InputReport,
    ) {
        let index = Arc::new(LineIndex::new(self.user_ids.len() as u64));
        let report = InputReport::default();
        let arguments: Vec<T> = self
            .user_ids
            .into_iter()
            .enumerate()
            .map(|(i, id)| argument(&report, self.strict, i, id))
            .collect();
        let (tx, mut rx) = mpsc::channel(CHANNEL_BATCHES);
        if let Some(file) = self.file {
            let (input, name): (Box<dyn Read + Send>, String) = match file {
                FileInput::Stdin(read) => (
                    Box::new(io::Cursor::new(read).chain(io::stdin())),
                    "standard input".to_owned(),
                ),
                FileInput::Path { path, file, .. } => (Box::new(file), path.display().to_string()),
            };
            let reader = Reader {
                input,
                name,
                parser: format::LineParser::new(self.format, self.fields),
                strict: self.strict,
                index: index.clone(),
                report: report.clone(),
                tx,
            };
            // A plain thread, not the runtime's blocking pool: a read blocked on a terminal
            // must not hold up the runtime's shutdown.
            let stopped = report.clone();
            let read = move || {
                // A panic (a bug) must not pass for the end of the input.
                let panicked =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| reader.run()));
                if panicked.is_err() {
                    stopped.stop("internal error while reading the input");
                }
            };
            if let Err(e) = std::thread::Builder::new()
                .name("imctl-input".to_owned())
                .spawn(read)
            {
                report.stop(Context::new("cannot start reading the input", e));
            }
        } else {
            drop(tx);
        }
        let lines =
            futures::stream::poll_fn(move |cx| rx.poll_recv(cx)).flat_map(futures::stream::iter);
        (futures::stream::iter(arguments).chain(lines), index, report)
    }
}

/// Argument `i` (0-based) as an account, screened like a line.
pub(crate) fn argument_item(
    report: &InputReport,
    strict: bool,
    i: usize,
    user_id: String,
) -> BulkItem {
    match screened_argument(report, strict, i, user_id) {
        Ok(user_id) => BulkItem::account(user_id),
        Err((user_id, reason)) => BulkItem::rejected(user_id, reason),
    }
}

/// Argument `i` (0-based) screened like a line: the UserID, or (it, why) when `--strict`
/// refuses it.
pub(crate) fn screened_argument(
    report: &InputReport,
    strict: bool,
    i: usize,
    user_id: String,
) -> Result<String, (String, String)> {
    let unconventional = report.screen(&user_id, || format!("argument {}", i + 1));
    if unconventional && strict {
        let reason = unconventional_reason(&user_id);
        Err((user_id, reason))
    } else {
        Ok(user_id)
    }
}

fn open_file(path: &std::path::Path) -> Result<FileInput, CliError> {
    let unreadable = |e: io::Error| {
        CliError::usage(Context::new(
            format!("cannot read the file {}", path.display()),
            e,
        ))
    };
    let file = File::open(path).map_err(unreadable)?;
    let metadata = file.metadata().map_err(unreadable)?;
    if metadata.is_dir() {
        return Err(CliError::usage(format!(
            "cannot read the file {}: it is a directory; give a file with one account per line",
            path.display()
        )));
    }
    Ok(FileInput::Path {
        path: path.to_owned(),
        file,
        len: metadata.len(),
        regular: metadata.is_file(),
    })
}

/// Whether standard input is a pipe or a file (not a terminal, nor closed or `/dev/null`),
/// so that accounts piped in with no arguments are read.
fn stdin_is_piped() -> bool {
    if io::stdin().is_terminal() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        std::fs::metadata("/dev/stdin").is_ok_and(|m| {
            let kind = m.file_type();
            kind.is_fifo() || kind.is_socket() || (kind.is_file() && m.len() > 0)
        })
    }
    #[cfg(not(unix))]
    false
}

/// Standard input when it has something to read (its first bytes read already); `None` when
/// it is empty, so that a command given nothing says so.
fn first_bytes_of_stdin() -> Result<Option<FileInput>, CliError> {
    let mut first = vec![0u8; 8192];
    loop {
        match io::stdin().read(&mut first) {
            Ok(0) => return Ok(None),
            Ok(n) => {
                first.truncate(n);
                return Ok(Some(FileInput::Stdin(first)));
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(CliError::usage(Context::new(
                    "cannot read standard input",
                    e,
                )));
            }
        }
    }
}

/// The xxh3-128 hash of the file's bytes, and their number.
fn hash_file(path: &std::path::Path) -> io::Result<(u128, u64)> {
    let mut file = File::open(path)?;
    let mut hash = Xxh3::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut len = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hash.update(&buf[..n]);
        len += n as u64;
    }
    Ok((hash.digest128(), len))
}

/// Counts the lines that are neither blank nor comments, without holding any line.
fn count_data_lines(mut input: impl Read) -> io::Result<u64> {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        Start,
        Counted,
        Skipped,
    }
    let mut buf = vec![0u8; 256 * 1024];
    let (mut n, mut at) = (0u64, At::Start);
    loop {
        let read = match input.read(&mut buf) {
            Ok(0) => return Ok(n),
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        for &b in &buf[..read] {
            at = match (at, b) {
                (_, b'\n') => At::Start,
                (At::Start, b'#') => At::Skipped,
                (At::Start, b) if b.is_ascii_whitespace() => At::Start,
                (At::Start, _) => {
                    n += 1;
                    At::Counted
                }
                (at, _) => at,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_lines_are_counted() {
        let text = "a\n\n  # c\n b \r\n\t\n{\"UserID\":\"x\"}\nlast";
        assert_eq!(count_data_lines(text.as_bytes()).unwrap(), 4);
        assert_eq!(count_data_lines(&b""[..]).unwrap(), 0);
    }
}
