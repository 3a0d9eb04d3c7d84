//! The message history files `get_history` serves: seeded, one per chat type and hour, made
//! when asked (the same bytes every time for the same app, type and hour) and downloadable from
//! the emulator's own HTTP server under `/_emulator/history/{ChatType}/{MsgTime}.gz`.
//!
//! The page says the files are GZip-compressed logs without giving their format; a seeded file
//! here is JSON Lines, one message a line (`From_Account`, `To_Account` or `GroupId`,
//! `MsgTimestamp`, `MsgSeq`, `MsgRandom`, `MsgBody`), compressed with GZip.

use std::io::Write;
use std::time::{Duration, UNIX_EPOCH};

use flate2::Compression;
use flate2::write::GzEncoder;
use md5::{Digest, Md5};
use serde_json::json;

/// The files' days: those of the last 7 (the page).
pub(crate) const KEPT_SECS: u64 = 7 * 86_400;

/// Beijing time, the zone of `MsgTime` and `ExpireTime`.
const BEIJING_SECS: u64 = 8 * 3_600;

/// How long a download address lasts (the emulator's choice; the page gives none).
pub(crate) const ADDRESS_SECS: u64 = 3_600;

/// Where the files are downloaded when no HTTP server runs: the in-process transport's base
/// URL (`transport::IN_PROCESS_BASE_URL`, a layer above; a test checks they are the same).
pub(crate) const IN_PROCESS_BASE: &str = "http://in-process.emulator";

/// The path of a file's download, under the emulator's base URL.
pub(crate) fn download_path(chat_type: &str, msg_time: &str) -> String {
    format!("/_emulator/history/{chat_type}/{msg_time}.gz")
}

/// The seeded messages of a file.
const MESSAGES_PER_FILE: u64 = 3;

/// One seeded file: its uncompressed and compressed bytes.
#[derive(Debug)]
pub(crate) struct HistoryFile {
    pub(crate) plain: Vec<u8>,
    pub(crate) gzip: Vec<u8>,
}

impl HistoryFile {
    /// The file of `chat_type` (`C2C` or `Group`) for the hour starting at `start` (Unix
    /// seconds) of app `sdkappid`.
    pub(crate) fn seeded(sdkappid: u64, chat_type: &str, start: u64) -> Self {
        let mut plain = Vec::new();
        for n in 1..=MESSAGES_PER_FILE {
            let mut line = json!({
                "From_Account": format!("history_seed_{n}"),
                "MsgTimestamp": start + n * 60,
                "MsgSeq": n,
                "MsgRandom": (sdkappid ^ start).wrapping_add(n) % 4_294_967_296,
                "MsgBody": [{
                    "MsgType": "TIMTextElem",
                    "MsgContent": {"Text": format!("seeded {chat_type} message {n} of app {sdkappid}")},
                }],
            });
            if chat_type == "Group" {
                line["GroupId"] = json!("@TGS#history_seed");
            } else {
                line["To_Account"] = json!(format!("history_seed_{}", n + 1));
            }
            plain.extend_from_slice(line.to_string().as_bytes());
            plain.push(b'\n');
        }
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        // Writing to a Vec cannot fail.
        let gzip = encoder
            .write_all(&plain)
            .and_then(|()| encoder.finish())
            .expect("a Vec takes every write");
        HistoryFile { plain, gzip }
    }
}

/// Whether the hour starting at `start` has a file at `now`: it has ended and is within the
/// last 7 days.
pub(crate) fn served(start: u64, now: u64) -> bool {
    start + 3_600 <= now && start + KEPT_SECS >= now
}

/// The MD5 of `bytes` as 32 lowercase hex digits.
pub(crate) fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The Unix second at which the Beijing-time hour `YYYYMMDDHH` starts, if it is a real hour.
pub(crate) fn hour_start(msg_time: &str) -> Option<u64> {
    if msg_time.len() != 10 || !msg_time.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, m, d, h) = (
        &msg_time[0..4],
        &msg_time[4..6],
        &msg_time[6..8],
        &msg_time[8..10],
    );
    let text = format!("{y}-{m}-{d}T{h}:00:00Z");
    let as_utc = humantime::parse_rfc3339(&text).ok()?;
    let secs = as_utc.duration_since(UNIX_EPOCH).ok()?.as_secs();
    secs.checked_sub(BEIJING_SECS)
}

/// `unix` as Beijing time, `YYYY-MM-DD hh:mm:ss` (`ExpireTime`'s form).
pub(crate) fn beijing_time(unix: u64) -> String {
    let time = UNIX_EPOCH + Duration::from_secs(unix.saturating_add(BEIJING_SECS));
    let text = humantime::format_rfc3339_seconds(time).to_string();
    text.trim_end_matches('Z').replacen('T', " ", 1)
}

/// `unix`'s Beijing-time day, `YYYYMMDD` (`getappinfo`'s `Date`).
pub(crate) fn beijing_date(unix: u64) -> String {
    beijing_time(unix)[..10].replace('-', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_in_process_base_is_the_transport_s() {
        assert_eq!(IN_PROCESS_BASE, crate::transport::IN_PROCESS_BASE_URL);
    }

    #[test]
    fn hours_are_read_in_beijing_time() {
        // 2015-12-01 21:00 in Beijing is 13:00 UTC.
        assert_eq!(hour_start("2015120121"), Some(1_448_974_800));
        assert_eq!(beijing_time(1_448_974_800), "2015-12-01 21:00:00");
        assert_eq!(beijing_date(1_448_974_800), "20151201");
        for bad in ["2015120124", "2015023010", "20151201", "201512012x"] {
            assert_eq!(hour_start(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_seeded_file_is_the_gzip_of_its_lines_and_the_same_every_time() {
        let file = HistoryFile::seeded(1400000000, "Group", 1_448_974_800);
        let again = HistoryFile::seeded(1400000000, "Group", 1_448_974_800);
        assert_eq!(file.gzip, again.gzip);
        let mut plain = Vec::new();
        let mut decoder = flate2::read::GzDecoder::new(file.gzip.as_slice());
        std::io::Read::read_to_end(&mut decoder, &mut plain).unwrap();
        assert_eq!(plain, file.plain);
        let text = String::from_utf8(plain).unwrap();
        assert_eq!(text.lines().count(), 3);
        assert!(text.contains("\"GroupId\":\"@TGS#history_seed\""), "{text}");
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
    }
}
