//! The day's pushes across imctl runs: a small file per SDKAppID in imctl's state directory,
//! locked while a run reads, waits for the spacing and counts its push, so that the 101st push
//! of a day is refused before it is sent even when each push is its own imctl process.
//!
//! Why a file as well as im-client's day quota: the runtime counts a day in its process (or in
//! Redis, shared by every process, with `--rate-store`), and one `imctl push send` is one
//! process: without Redis its count would start at zero each run. The file needs no server;
//! with `--rate-store` both count, and the lower room refuses.

use std::fmt;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::term::{CliError, Context};

const DAY: i64 = 86_400;

/// The least time between two pushes: the service's "more than a second", with the margin
/// im-client keeps for an API of one call a second.
const SPACING: Duration = Duration::from_millis(1_100);

/// What the file holds.
#[derive(Debug, Default, Deserialize, Serialize)]
struct Count {
    /// The day number (at the quota's offset) `used` counts.
    day: i64,
    /// The pushes counted that day.
    used: u64,
    /// When the last push was counted, Unix milliseconds.
    last_ms: u64,
}

/// The day's pushes are used up: refused before anything was sent.
#[derive(Debug)]
pub(crate) struct DayUsedUp {
    limit: u32,
    used: u64,
    resets_at: SystemTime,
    offset_minutes: i16,
    file: PathBuf,
}

impl fmt::Display for DayUsedUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let minutes = self.offset_minutes.unsigned_abs();
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        write!(
            f,
            "quota used up: all_member_push/im_push allows {} calls a day; {} used (counted \
             across imctl runs in {}); not sent: it resets at {} (midnight UTC{sign}{:02}:{:02})",
            self.limit,
            self.used,
            self.file.display(),
            humantime::format_rfc3339_seconds(self.resets_at),
            minutes / 60,
            minutes % 60
        )
    }
}

impl std::error::Error for DayUsedUp {}

/// imctl's state directory: `IMCTL_STATE_DIR`, else the platform's (`~/.local/state/imctl`).
pub(crate) fn state_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("IMCTL_STATE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .map(|d| d.join("imctl"))
}

/// The file counting `sdkappid`'s pushes.
pub(crate) fn path(sdkappid: u64) -> Result<PathBuf, CliError> {
    let dir = state_dir().ok_or_else(|| {
        CliError::usage("no state directory to count the day's pushes in: set IMCTL_STATE_DIR")
    })?;
    Ok(dir.join(format!("push-{sdkappid}.json")))
}

/// Counts one push in `file` against `limit` (`None`: not enforced) on the day at
/// `offset_minutes` east of UTC, after waiting until the last push counted is [`SPACING`] old.
/// A refused push is not counted; a counted one stays counted whatever its send does (as the
/// service counts each request).
pub(crate) async fn take(
    file: &Path,
    limit: Option<u32>,
    offset_minutes: i16,
) -> Result<(), CliError> {
    let what = || format!("cannot count the push in {}", file.display());
    let io = |e: std::io::Error| CliError::failed(Context::new(what(), e));
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut handle = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(file)
        .map_err(io)?;
    handle.lock().map_err(io)?;
    let mut text = String::new();
    handle.read_to_string(&mut text).map_err(io)?;
    let mut count: Count = if text.trim().is_empty() {
        Count::default()
    } else {
        serde_json::from_str(&text).map_err(|e| CliError::failed(Context::new(what(), e)))?
    };
    let offset = i64::from(offset_minutes) * 60;
    let now = unix_ms();
    let day = (now as i64 / 1000 + offset).div_euclid(DAY);
    if count.day != day {
        count = Count {
            day,
            used: 0,
            ..count
        };
    }
    if let Some(limit) = limit
        && count.used >= u64::from(limit)
    {
        let resets = (day + 1) * DAY - offset;
        return Err(CliError::failed(DayUsedUp {
            limit,
            used: count.used,
            resets_at: UNIX_EPOCH + Duration::from_secs(resets.max(0) as u64),
            offset_minutes,
            file: file.to_owned(),
        }));
    }
    let next = count.last_ms.saturating_add(SPACING.as_millis() as u64);
    if next > now {
        tokio::time::sleep(Duration::from_millis(next - now)).await;
    }
    count.used += 1;
    count.last_ms = unix_ms();
    let json =
        serde_json::to_string(&count).map_err(|e| CliError::failed(Context::new(what(), e)))?;
    handle.set_len(0).map_err(io)?;
    handle.seek(SeekFrom::Start(0)).map_err(io)?;
    handle.write_all(json.as_bytes()).map_err(io)?;
    handle.sync_data().map_err(io)
}

fn unix_ms() -> u64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_day_counts_across_opens_and_refuses_past_its_limit_without_counting() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("push-1.json");
        take(&file, Some(2), 480).await.unwrap();
        take(&file, Some(2), 480).await.unwrap();
        let err = take(&file, Some(2), 480).await.unwrap_err();
        let text = crate::term::render(err.error().unwrap());
        assert!(text.contains("allows 2 calls a day; 2 used"), "{text}");
        assert!(text.contains("(midnight UTC+08:00)"), "{text}");
        let count: Count = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(count.used, 2);
        // Another day counts from zero.
        std::fs::write(&file, r#"{"day":1,"used":2,"last_ms":0}"#).unwrap();
        take(&file, Some(2), 480).await.unwrap();
        take(&file, None, 480).await.unwrap();
    }
}
