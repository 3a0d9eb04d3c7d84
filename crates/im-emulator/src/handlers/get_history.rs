//! `get_history`: the download addresses of one hour's one-to-one (`C2C`) or group (`Group`)
//! message file. The emulator seeds one file per chat type and hour
//! ([`HistoryFile::seeded`](crate::history::HistoryFile::seeded)) and serves it from its own
//! HTTP server (`GET /_emulator/history/{ChatType}/{MsgTime}.gz`, the `URL` answered), with
//! its sizes and MD5s before and after GZip. An hour is served once it has ended and while it is
//! within the last 7 days (Beijing time); for any other hour `File` is empty. A `ChatType` other
//! than `C2C`/`Group` or a `MsgTime` that is not an hour as `YYYYMMDDHH` is refused with the
//! service's code for a body that does not fit.

use im_proto::ErrorCode;
use im_proto::msg_history::get_history::{HistoryFile as FileItem, Request, Response};

use crate::exchange::{Answer, Route};
use crate::history::{
    ADDRESS_SECS, HistoryFile, beijing_time, download_path, hour_start, md5_hex, served,
};
use crate::relation_calls::ok;
use crate::shared::Shared;

pub(super) fn handle(shared: &Shared, request: Request, _route: Route) -> Answer {
    if let Err(e) = im_proto::Endpoint::validate(&request) {
        return Answer::fail(ErrorCode::BODY_JSON_INVALID, e.to_string());
    }
    let Some(start) = hour_start(&request.msg_time) else {
        let info = format!("MsgTime {:?} is not an hour", request.msg_time);
        return Answer::fail(ErrorCode::BODY_JSON_INVALID, info);
    };
    let now = shared.clock.now();
    let files = if served(start, now) {
        let file = HistoryFile::seeded(shared.sdkappid, &request.chat_type, start);
        let base = shared.base_url.read().clone();
        let path = download_path(&request.chat_type, &request.msg_time);
        let mut item = FileItem::new(format!("{base}{path}"));
        item.expire_time = Some(beijing_time(now + ADDRESS_SECS));
        item.file_size = Some(file.plain.len() as i64);
        item.file_md5 = Some(md5_hex(&file.plain));
        item.gzip_size = Some(file.gzip.len() as i64);
        item.gzip_md5 = Some(md5_hex(&file.gzip));
        vec![item]
    } else {
        Vec::new()
    };
    ok::<Response>(|r| r.file = Some(files))
}
