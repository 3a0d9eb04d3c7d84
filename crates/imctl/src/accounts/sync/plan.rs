//! The plan of a sync: one entry per desired and previous account, computed from reads
//! (the existence check, the profile read) and kept in a file, one JSON object per line, so that memory
//! stays bounded by the number of accounts' hashes, not their profiles.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use futures::{Stream, StreamExt};
use im_accounts::Client;
use im_accounts::bulk::BulkItem;
use im_accounts::sync::{Planned, SyncAction};
use im_client::Failure;
use im_proto::{AccountStatus, Profile, ProfileTag, ProfileValue, UserId, check_profile_items};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::bulk::{LineIndex, line_label, profile_json, unconventional_reason};
use crate::term::render;

/// Accounts planned per read call (the batch APIs' limit).
const CHUNK: usize = 100;

/// Chunks planned at once.
const IN_FLIGHT: usize = 16;

/// What the plan says for one account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    /// Import it.
    Create,
    /// Write the differing fields.
    Update,
    /// Nothing to do.
    Unchanged,
    /// Delete it (previous only, with --prune).
    Delete,
    /// Previous only, kept (no --prune).
    Keep,
    /// A bad line, or a duplicate.
    Invalid,
    /// Its reads failed: nothing known, nothing written.
    Failed,
}

impl Kind {
    /// Every kind, in the order summaries show them.
    pub(crate) const ALL: [Kind; 7] = [
        Kind::Create,
        Kind::Update,
        Kind::Unchanged,
        Kind::Delete,
        Kind::Keep,
        Kind::Invalid,
        Kind::Failed,
    ];

    /// The word used in output.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Create => "create",
            Kind::Update => "update",
            Kind::Unchanged => "unchanged",
            Kind::Delete => "delete",
            Kind::Keep => "keep",
            Kind::Invalid => "invalid",
            Kind::Failed => "failed",
        }
    }

    /// Whether applying it writes to the service.
    pub(crate) fn writes(self) -> bool {
        matches!(self, Kind::Create | Kind::Update | Kind::Delete)
    }
}

/// Which file an entry came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum From {
    /// The desired state (`--file`, arguments).
    Desired,
    /// `--previous`.
    Previous,
}

/// One line of the plan file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// The UserID as given (a bad line's label, `line N`).
    #[serde(rename = "UserID")]
    pub(crate) user_id: String,
    /// Its file line, when it came from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) line: Option<u64>,
    /// Its file.
    pub(crate) from: From,
    /// What to do.
    pub(crate) action: Kind,
    /// The fields to write (a create's or an update's), as `profile set` reads them.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub(crate) set: Map<String, Value>,
    /// Why it is invalid or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) why: Option<String>,
    /// The service's code, when a read failed with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) code: Option<i64>,
    /// A desired line that could not be read, so its UserID is unknown (`--prune` then
    /// deletes nothing: that account might be any of the previous ones).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) unreadable: bool,
}

impl Entry {
    fn new(user_id: String, line: Option<u64>, from: From, action: Kind) -> Self {
        Entry {
            user_id,
            line,
            from,
            action,
            set: Map::new(),
            why: None,
            code: None,
            unreadable: false,
        }
    }

    fn why(mut self, why: impl Into<String>) -> Self {
        self.why = Some(why.into());
        self
    }

    /// The fields to write, typed.
    pub(crate) fn changes(&self) -> Profile {
        let mut profile = Profile::new();
        for (name, value) in &self.set {
            let value = match value {
                Value::String(s) => ProfileValue::Str(s.clone()),
                Value::Number(n) if n.is_u64() => ProfileValue::Int(n.as_u64().unwrap_or(0)),
                other => ProfileValue::Other(other.to_string()),
            };
            profile.set(&ProfileTag::parse(name), value);
        }
        profile
    }

    /// The names of the fields to write, comma-separated.
    pub(crate) fn field_names(&self) -> String {
        self.set.keys().cloned().collect::<Vec<_>>().join(", ")
    }

    /// Checks that a saved entry fits the plan it is in: creates and updates of desired
    /// accounts, deletes of previous ones and only with `--prune`, no failed read (a plan with
    /// one is never saved).
    ///
    /// # Errors
    ///
    /// What does not fit, naming the entry.
    pub(crate) fn check(&self, prune: bool) -> Result<(), String> {
        let fits = match (self.action, self.from) {
            (Kind::Create | Kind::Update, From::Desired) => true,
            (Kind::Delete, From::Previous) => prune,
            (Kind::Keep, From::Previous) => true,
            (Kind::Unchanged | Kind::Invalid, _) => true,
            _ => false,
        };
        if fits {
            return Ok(());
        }
        let without = if prune { "" } else { " without --prune" };
        Err(format!(
            "entry {:?} ({} of a {} account){without} cannot be in a plan",
            self.user_id,
            self.action.as_str(),
            match self.from {
                From::Desired => "desired",
                From::Previous => "previous",
            }
        ))
    }
}

/// The counts of a plan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Entries by kind.
    pub(crate) by_kind: HashMap<Kind, u64>,
    /// Distinct valid UserIDs in `--previous` (the `--max-delete` base).
    pub(crate) previous: u64,
    /// Desired lines that could not be read (their UserIDs unknown).
    pub(crate) unreadable: u64,
    /// The first few of those lines' numbers.
    pub(crate) unreadable_lines: Vec<u64>,
}

impl Counts {
    /// Entries of `kind`.
    pub(crate) fn of(&self, kind: Kind) -> u64 {
        self.by_kind.get(&kind).copied().unwrap_or(0)
    }

    /// Entries in all.
    pub(crate) fn total(&self) -> u64 {
        self.by_kind.values().sum()
    }

    /// Writes the plan makes.
    pub(crate) fn writes(&self) -> u64 {
        Kind::ALL
            .iter()
            .filter(|k| k.writes())
            .map(|&k| self.of(k))
            .sum()
    }

    pub(crate) fn add(&mut self, entry: &Entry) {
        *self.by_kind.entry(entry.action).or_default() += 1;
        if entry.unreadable {
            self.unreadable += 1;
            if let Some(line) = entry
                .line
                .filter(|_| self.unreadable_lines.len() < SAMPLE_LINES)
            {
                self.unreadable_lines.push(line);
            }
        }
    }

    /// `lines 3, 7, ...` of the unreadable desired lines.
    pub(crate) fn unreadable_text(&self) -> String {
        let lines: Vec<String> = self.unreadable_lines.iter().map(u64::to_string).collect();
        let more = if self.unreadable > self.unreadable_lines.len() as u64 {
            ", ..."
        } else {
            ""
        };
        let s = if self.unreadable == 1 { "" } else { "s" };
        format!("line{s} {}{more}", lines.join(", "))
    }
}

/// Failed reads a plan writer keeps to show.
const FAILED_KEPT: usize = 20;

/// Unreadable line numbers a plan keeps for its messages.
const SAMPLE_LINES: usize = 10;

/// Writes plan entries to a file, counting them and hashing every line, so that a reader can
/// tell a complete, unedited plan from a cut or changed one.
pub(crate) struct PlanWriter<W: Write> {
    out: BufWriter<W>,
    hash: Xxh3,
    entries: u64,
    line: Vec<u8>,
    pub(crate) counts: Counts,
    /// The first failed reads (a plan with any is not saved; these are shown).
    pub(crate) failed: Vec<Entry>,
}

impl<W: Write> PlanWriter<W> {
    /// Writes to `file`, after `header` (a JSON line identifying the inputs).
    pub(crate) fn new(file: W, header: &str) -> io::Result<Self> {
        let mut writer = PlanWriter {
            out: BufWriter::new(file),
            hash: Xxh3::new(),
            entries: 0,
            line: Vec::with_capacity(256),
            counts: Counts::default(),
            failed: Vec::new(),
        };
        let mut line = std::mem::take(&mut writer.line);
        line.extend_from_slice(header.as_bytes());
        writer.write_line(&mut line)?;
        writer.line = line;
        Ok(writer)
    }

    fn write_line(&mut self, line: &mut Vec<u8>) -> io::Result<()> {
        line.push(b'\n');
        self.hash.update(line);
        self.out.write_all(line)?;
        line.clear();
        Ok(())
    }

    fn push(&mut self, entry: &Entry) -> io::Result<()> {
        self.counts.add(entry);
        if entry.action == Kind::Failed && self.failed.len() < FAILED_KEPT {
            self.failed.push(entry.clone());
        }
        self.entries += 1;
        let mut line = std::mem::take(&mut self.line);
        serde_json::to_writer(&mut line, entry)?;
        self.write_line(&mut line)?;
        self.line = line;
        Ok(())
    }

    /// Writes the trailer (counts and the hash of every line before it) and flushes; the
    /// writer back, for the caller to sync and rename.
    pub(crate) fn finish(mut self) -> io::Result<(W, Counts)> {
        let mut trailer = Trailer {
            end: true,
            entries: self.entries,
            previous: self.counts.previous,
            xxh3: String::new(),
        };
        trailer.xxh3 = trailer.seal(self.hash);
        serde_json::to_writer(&mut self.out, &trailer)?;
        self.out.write_all(b"\n")?;
        let file = self
            .out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        Ok((file, self.counts))
    }
}

/// The hashes of the desired UserIDs, with the line each first appeared on (duplicates and
/// deletions are found with them; a 64-bit collision could only keep an account that
/// should be deleted, never delete one).
#[derive(Default)]
pub(crate) struct Seen(HashMap<u64, Option<u64>>);

impl Seen {
    /// Records `user_id`; where it was seen first if it was.
    fn first(&mut self, user_id: &str, line: Option<u64>) -> Option<Option<u64>> {
        match self.0.entry(xxh3_64(user_id.as_bytes())) {
            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(line);
                None
            }
        }
    }

    fn contains(&self, user_id: &str) -> bool {
        self.0.contains_key(&xxh3_64(user_id.as_bytes()))
    }
}

/// An item read, before its reads: either decided already, or to plan with its desired
/// fields.
enum Pending {
    Decided(Entry),
    Ask(UserId, Profile, Option<u64>),
}

/// Sorts one desired item: a bad line, a duplicate or invalid fields are decided, the rest is
/// asked about. Every UserID the item names goes into `seen`, valid fields or not: an account
/// named anywhere in the desired state is never deleted.
fn sort(item: BulkItem, line: Option<u64>, seen: &mut Seen, strict: bool) -> Pending {
    let (user_id, profile) = match item.into_account() {
        Ok(account) => account,
        Err(BulkItem::Rejected { label, reason }) => {
            // A bad line is labelled `line N` unless it names its UserID (bad in another
            // field); a UserID that is literally `line N` is taken as unknown (the safe way).
            let unreadable = line.is_none_or(|line| label == line_label(line));
            if !unreadable {
                seen.first(&label, line);
            }
            let mut entry = Entry::new(label, line, From::Desired, Kind::Invalid).why(reason);
            entry.unreadable = unreadable;
            return Pending::Decided(entry);
        }
        Err(other) => {
            let mut entry = Entry::new(format!("{other:?}"), line, From::Desired, Kind::Invalid);
            entry.unreadable = true;
            return Pending::Decided(entry.why("not an account"));
        }
    };
    let invalid = |why: String| {
        Pending::Decided(Entry::new(user_id.clone(), line, From::Desired, Kind::Invalid).why(why))
    };
    let id = match UserId::new(user_id.as_str()) {
        Ok(id) => id,
        // Not a valid UserID: no account of the service has it.
        Err(err) => return invalid(err.to_string()),
    };
    match seen.first(&user_id, line) {
        Some(Some(first)) => return invalid(format!("duplicate of line {first}")),
        Some(None) => return invalid("duplicate of an earlier argument".to_owned()),
        None => {}
    }
    if strict && !id.is_conventional() {
        return invalid(unconventional_reason(&user_id));
    }
    if !profile.is_empty()
        && let Err(err) = check_profile_items(&profile.to_items())
    {
        return invalid(err.to_string());
    }
    Pending::Ask(id, profile, line)
}

/// Plans one chunk: the decided entries as they are, the others from the reads.
async fn plan_chunk(client: &Client, chunk: Vec<Pending>) -> Vec<Entry> {
    let asks: Vec<(UserId, Profile)> = chunk
        .iter()
        .filter_map(|p| match p {
            Pending::Ask(id, profile, _) => Some((id.clone(), profile.clone())),
            Pending::Decided(_) => None,
        })
        .collect();
    let mut answers = match client.plan_sync(&asks).await {
        Ok(outcomes) => outcomes.into_iter().map(|o| o.result).collect(),
        Err(err) => {
            let failure = Failure::Request(std::sync::Arc::new(err));
            vec![Err(failure); asks.len()]
        }
    }
    .into_iter();
    chunk
        .into_iter()
        .map(|pending| match pending {
            Pending::Decided(entry) => entry,
            Pending::Ask(id, _, line) => {
                let answer = answers.next().unwrap_or(Err(Failure::NoResult));
                entry_for(id.into_string(), line, answer)
            }
        })
        .collect()
}

/// A planned account's entry.
fn entry_for(user_id: String, line: Option<u64>, answer: Result<Planned, Failure>) -> Entry {
    match answer {
        Ok(planned) => {
            let action = match planned.action {
                SyncAction::Create => Kind::Create,
                SyncAction::Update => Kind::Update,
                _ => Kind::Unchanged,
            };
            let mut entry = Entry::new(user_id, line, From::Desired, action);
            entry.set = profile_json(&planned.changes);
            entry
        }
        Err(failure) => {
            let mut entry = Entry::new(user_id, line, From::Desired, Kind::Failed);
            entry.code = failure.code().map(|c| c.get());
            entry.why(render(&failure))
        }
    }
}

/// Plans the desired items into `out`, in input order, remembering their IDs in `seen`;
/// `strict` refuses unconventional UserIDs.
pub(crate) async fn plan_desired(
    client: &Client,
    items: impl Stream<Item = BulkItem>,
    index: &LineIndex,
    (seen, strict): (&mut Seen, bool),
    out: &mut PlanWriter<impl Write>,
) -> io::Result<()> {
    let mut position = 0u64;
    let sorted = items.map(|item| {
        let line = index.line(position);
        position += 1;
        sort(item, line, seen, strict)
    });
    let planned = sorted
        .chunks(CHUNK)
        .map(|chunk| plan_chunk(client, chunk))
        .buffered(IN_FLIGHT);
    let mut planned = std::pin::pin!(planned);
    while let Some(entries) = planned.next().await {
        for entry in &entries {
            out.push(entry)?;
        }
    }
    Ok(())
}

/// What `--prune` does with the previous accounts the desired state lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Prune {
    /// Not asked: they are kept.
    Off,
    /// Deletes those the service still has.
    On,
    /// Asked, but some desired lines are unreadable (any of them could name such an
    /// account): they are kept, and the sync refuses to apply.
    Blocked,
}

/// Adds the previous items the desired state lacks: deletes of those the service still has
/// (checked; the others are already gone) when pruning, else kept. Counts the distinct valid
/// UserIDs of `--previous` into `out.counts.previous`.
pub(crate) async fn plan_previous(
    client: &Client,
    items: impl Stream<Item = BulkItem>,
    index: &LineIndex,
    seen: &Seen,
    prune: Prune,
    out: &mut PlanWriter<impl Write>,
) -> io::Result<()> {
    let mut position = 0u64;
    let mut again = Seen::default();
    let mut distinct = Seen::default();
    let mut previous = 0u64;
    {
        let sorted = items.filter_map(|item| {
            let line = index.line(position);
            position += 1;
            if let BulkItem::Account { user_id, .. } | BulkItem::Profile { user_id, .. } = &item
                && UserId::new(user_id.as_str()).is_ok()
                && distinct.first(user_id, None).is_none()
            {
                previous += 1;
            }
            futures::future::ready(sort_previous(item, line, seen, &mut again, prune))
        });
        let planned = sorted
            .chunks(CHUNK)
            .map(|chunk| check_deletes(client, chunk))
            .buffered(IN_FLIGHT);
        let mut planned = std::pin::pin!(planned);
        while let Some(entries) = planned.next().await {
            for entry in &entries {
                out.push(entry)?;
            }
        }
    }
    out.counts.previous += previous;
    Ok(())
}

/// Sorts one previous item: `None` when the desired state (or an earlier previous line)
/// accounts for it, a decided entry, or a delete to check.
fn sort_previous(
    item: BulkItem,
    line: Option<u64>,
    seen: &Seen,
    again: &mut Seen,
    prune: Prune,
) -> Option<Pending> {
    let user_id = match item {
        BulkItem::Account { user_id, .. } | BulkItem::Profile { user_id, .. } => user_id,
        BulkItem::Rejected { label, reason } => {
            let entry = Entry::new(label, line, From::Previous, Kind::Invalid);
            return Some(Pending::Decided(entry.why(reason)));
        }
        _ => return None,
    };
    if seen.contains(&user_id) || again.first(&user_id, line).is_some() {
        return None;
    }
    let entry = |kind| Entry::new(user_id.clone(), line, From::Previous, kind);
    Some(match (UserId::new(user_id.as_str()), prune) {
        (Err(err), _) => Pending::Decided(entry(Kind::Invalid).why(err.to_string())),
        (Ok(id), Prune::On) => Pending::Ask(id, Profile::new(), line),
        (Ok(_), Prune::Off) => Pending::Decided(
            entry(Kind::Keep).why("not in the desired state; kept without --prune"),
        ),
        (Ok(_), Prune::Blocked) => Pending::Decided(entry(Kind::Keep).why(
            "not in the desired state; kept: --prune deletes nothing while desired lines are unreadable",
        )),
    })
}

/// The entries of one chunk of previous items: each delete checked first.
async fn check_deletes(client: &Client, chunk: Vec<Pending>) -> Vec<Entry> {
    let ids: Vec<UserId> = chunk
        .iter()
        .filter_map(|p| match p {
            Pending::Ask(id, _, _) => Some(id.clone()),
            Pending::Decided(_) => None,
        })
        .collect();
    let checked: Vec<Result<AccountStatus, Failure>> = if ids.is_empty() {
        Vec::new()
    } else {
        match client.account_check(&ids).await {
            Ok(outcomes) => outcomes.into_iter().map(|o| o.result).collect(),
            Err(err) => vec![Err(Failure::Request(std::sync::Arc::new(err))); ids.len()],
        }
    };
    let mut checked = checked.into_iter();
    chunk
        .into_iter()
        .map(|pending| match pending {
            Pending::Decided(entry) => entry,
            Pending::Ask(id, _, line) => {
                let entry = |kind| Entry::new(id.as_str().to_owned(), line, From::Previous, kind);
                match checked.next().unwrap_or(Err(Failure::NoResult)) {
                    Ok(AccountStatus::Imported) => entry(Kind::Delete),
                    Ok(_) => entry(Kind::Unchanged).why("already not in the service"),
                    Err(failure) => {
                        let mut failed = entry(Kind::Failed);
                        failed.code = failure.code().map(|c| c.get());
                        failed.why(render(&failure))
                    }
                }
            }
        })
        .collect()
}

/// The last line of a complete plan file.
#[derive(Serialize, Deserialize)]
struct Trailer {
    end: bool,
    /// Entry lines before it.
    entries: u64,
    previous: u64,
    /// xxh3-128 of every line before it, the header included, line breaks included.
    xxh3: String,
}

impl Trailer {
    /// The checksum of the lines before the trailer (hashed into `lines`) and of the trailer's
    /// own numbers: an edit of any of them is seen.
    fn seal(&self, mut lines: Xxh3) -> String {
        let numbers = format!("{} {}", self.entries, self.previous);
        lines.update(numbers.as_bytes());
        format!("{:032x}", lines.digest128())
    }
}

/// A plan file being read: its header, then its entries in order (an iterator), then the
/// trailer's counts. The iterator ends with an error when the trailer is missing (the file
/// was cut short) or does not match the lines read (the file was edited or damaged).
pub(crate) struct PlanFile {
    /// The first line.
    pub(crate) header: String,
    lines: std::io::Lines<BufReader<std::fs::File>>,
    hash: Xxh3,
    entries: u64,
    ended: bool,
    /// The distinct valid UserIDs of `--previous`, once the entries are read.
    pub(crate) previous: u64,
}

impl PlanFile {
    /// Checks the trailer line against what was read.
    fn end(&mut self, line: &str) -> io::Result<()> {
        let trailer: Trailer = serde_json::from_str(line).map_err(invalid)?;
        if trailer.entries != self.entries || trailer.xxh3 != trailer.seal(self.hash.clone()) {
            return Err(invalid(format!(
                "its end line does not match its {} entries (edited or damaged)",
                self.entries
            )));
        }
        self.previous = trailer.previous;
        Ok(())
    }
}

fn invalid(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e)
}

impl Iterator for PlanFile {
    type Item = io::Result<Entry>;

    fn next(&mut self) -> Option<io::Result<Entry>> {
        if self.ended {
            return None;
        }
        let line = match self.lines.next() {
            Some(Ok(line)) => line,
            Some(Err(e)) => return Some(Err(e)),
            None => {
                self.ended = true;
                return Some(Err(invalid("it has no end line (cut short)")));
            }
        };
        if line.starts_with("{\"end\"") {
            self.ended = true;
            return self.end(&line).err().map(Err);
        }
        self.hash.update(line.as_bytes());
        self.hash.update(b"\n");
        self.entries += 1;
        Some(serde_json::from_str::<Entry>(&line).map_err(invalid))
    }
}

/// Opens a plan file.
pub(crate) fn read_plan(path: &Path) -> io::Result<PlanFile> {
    let mut reader = BufReader::new(std::fs::File::open(path)?);
    let mut header = String::new();
    reader.read_line(&mut header)?;
    let mut hash = Xxh3::new();
    hash.update(header.as_bytes());
    Ok(PlanFile {
        header: header.trim_end().to_owned(),
        lines: reader.lines(),
        hash,
        entries: 0,
        ended: false,
        previous: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_through_the_plan_file_form() {
        let mut entry = Entry::new("alice".into(), Some(3), From::Desired, Kind::Update);
        let mut changes = Profile::new();
        changes.nick = Some("Al".into());
        changes.level = Some(4);
        changes.other.insert(
            "Tag_Profile_Custom_Team".into(),
            ProfileValue::Str("x".into()),
        );
        entry.set = profile_json(&changes);
        let text = serde_json::to_string(&entry).unwrap();
        let back: Entry = serde_json::from_str(&text).unwrap();
        assert_eq!(back, entry);
        assert_eq!(back.changes(), changes);
        assert_eq!(back.field_names(), "Level, Nick, Tag_Profile_Custom_Team");
    }

    #[test]
    fn duplicates_name_their_first_line() {
        let mut seen = Seen::default();
        assert!(matches!(
            sort(BulkItem::account("a"), Some(1), &mut seen, false),
            Pending::Ask(..)
        ));
        let Pending::Decided(entry) = sort(BulkItem::account("a"), Some(5), &mut seen, false)
        else {
            panic!("a duplicate is decided")
        };
        assert_eq!(entry.action, Kind::Invalid);
        assert_eq!(entry.why.as_deref(), Some("duplicate of line 1"));
        let Pending::Decided(entry) = sort(BulkItem::account(""), Some(6), &mut seen, false) else {
            panic!("an empty UserID is decided")
        };
        assert_eq!(entry.action, Kind::Invalid);
    }

    #[test]
    fn saved_entries_must_fit_the_arguments() {
        let entry = |from, action| Entry::new("a".into(), None, from, action);
        assert!(entry(From::Previous, Kind::Delete).check(true).is_ok());
        let err = entry(From::Previous, Kind::Delete)
            .check(false)
            .unwrap_err();
        assert!(err.contains("without --prune"), "{err}");
        assert!(entry(From::Desired, Kind::Delete).check(true).is_err());
        assert!(entry(From::Previous, Kind::Create).check(true).is_err());
        assert!(entry(From::Desired, Kind::Failed).check(true).is_err());
        assert!(entry(From::Desired, Kind::Update).check(false).is_ok());
    }

    #[test]
    fn a_plan_file_is_complete_and_unedited_or_refused() {
        let dir = std::env::temp_dir().join(format!("imctl-plan-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("p.plan");
        let mut out = PlanWriter::new(Vec::new(), "{\"h\":1}").unwrap();
        for id in ["a", "b"] {
            out.push(&Entry::new(id.into(), None, From::Desired, Kind::Create))
                .unwrap();
        }
        let (bytes, _) = out.finish().unwrap();
        let read = |bytes: &[u8]| {
            std::fs::write(&path, bytes).unwrap();
            read_plan(&path)
                .unwrap()
                .collect::<io::Result<Vec<Entry>>>()
        };
        assert_eq!(read(&bytes).unwrap().len(), 2);
        let text = String::from_utf8(bytes).unwrap();
        let cut: String = text.lines().take(3).map(|l| format!("{l}\n")).collect();
        assert!(
            read(cut.as_bytes())
                .unwrap_err()
                .to_string()
                .contains("cut short")
        );
        let edited = text.replace("\"b\"", "\"c\"");
        assert!(
            read(edited.as_bytes())
                .unwrap_err()
                .to_string()
                .contains("edited")
        );
        // The trailer's own numbers are sealed too (the --max-delete base among them).
        let edited = text.replace("\"previous\":0", "\"previous\":3000");
        assert_ne!(edited, text);
        assert!(
            read(edited.as_bytes())
                .unwrap_err()
                .to_string()
                .contains("edited")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn max_delete_limits() {
        use crate::accounts::args::MaxDelete;
        assert_eq!(MaxDelete::Percent(10.0).limit(1000), 100);
        assert_eq!(MaxDelete::Percent(10.0).limit(5), 0);
        assert_eq!(MaxDelete::Count(3).limit(1000), 3);
    }
}
