//! `imctl api --list` and `--describe`: the declarations themselves, from `Api::ALL` and each
//! API's metadata (nothing is sent, no credentials are needed).

use im_proto::{
    Api, CodeInfo, CursorKind, Field, ItemList, Metadata, Pagination, Per, Quota, QuotaCount,
    ResultMapping, RetrySafety,
};
use serde_json::{Value, json};

use crate::term::EXIT_OK;
use crate::term::write_stdout;
use crate::term::{escape, json_line, push_line};

/// Prints every declared API: one `SERVICE/COMMAND` per line, or with `json` one object per
/// line; the exit code.
pub(crate) fn list(json: bool) -> u8 {
    let mut text = String::new();
    for api in Api::ALL {
        let meta = api.metadata();
        if json {
            text.push_str(&json_line(&summary(meta)));
        } else {
            push_line(&mut text, &format!("{}/{}", meta.service, meta.command));
        }
    }
    write_stdout(&text).map_or_else(|stop| stop.exit_code(EXIT_OK), |()| EXIT_OK)
}

/// Prints what the declaration of `api` says (as one JSON object with `json`); the exit code.
pub(crate) fn describe(api: Api, json: bool) -> u8 {
    let meta = api.metadata();
    let text = if json {
        let mut value = summary(meta);
        value["pages"] = Value::from(meta.pagination.map(pages_text));
        value["resend"] = Value::from(resend_text(meta.retry));
        value["request_fields"] = fields_json(meta.request_fields);
        value["response_fields"] = fields_json(meta.response_fields);
        value["pace"] = Value::from(pace_text(meta));
        json_line(&value)
    } else {
        describe_text(meta)
    };
    write_stdout(&text).map_or_else(|stop| stop.exit_code(EXIT_OK), |()| EXIT_OK)
}

/// What `--list --json` prints of an API.
fn summary(meta: &Metadata) -> Value {
    json!({
        "service": meta.service,
        "command": meta.command,
        "legacy_commands": meta.legacy_commands,
        "summary": meta.summary,
        "item_list": meta.items.map(|items| items.field),
        "max_items": meta.max_items,
        "quotas": meta.quotas.iter().map(|quota| json!({
            "limit": quota.limit,
            "per": per_text(quota.per),
            "counts": counts_text(quota.counts),
            "enforced": paces(*quota),
        })).collect::<Vec<_>>(),
        "calls_per_second": meta.default_calls_per_second,
        "paged": meta.pagination.is_some(),
        "doc_url": meta.doc_url,
        "codes": meta.codes.iter().map(code_json).collect::<Vec<_>>(),
    })
}

/// An error code as JSON.
fn code_json(info: &CodeInfo) -> Value {
    json!({
        "code": info.code,
        "name": info.name,
        "retry": info.retry.as_str(),
        "auth": info.auth,
        "meaning": info.meaning,
    })
}

/// Whether the client enforces `quota`: only the calls-per-second one, by pacing the calls.
fn paces(quota: Quota) -> bool {
    quota.per == Per::Second && quota.counts == QuotaCount::Calls
}

/// How the calls are paced, and which quotas are not enforced.
fn pace_text(meta: &Metadata) -> String {
    let others: Vec<String> = meta
        .quotas
        .iter()
        .copied()
        .filter(|quota| !paces(*quota))
        .map(quota_text)
        .collect();
    let pace = meta.default_calls_per_second;
    let mut text = match meta.calls_per_second() {
        Some(quota) if quota == pace => {
            format!("{pace} calls/s, its calls-per-second quota: every call waits for it")
        }
        Some(quota) => format!(
            "{pace} calls/s, the client's default (its calls-per-second quota says {quota})"
        ),
        None => {
            format!("{pace} calls/s, the client's default (no calls-per-second quota is declared)")
        }
    };
    if !others.is_empty() {
        text.push_str(&format!(
            "; not yet enforced: {} (the service refuses the calls beyond a quota)",
            others.join(", ")
        ));
    }
    text
}

/// The text `--describe` prints.
fn describe_text(meta: &Metadata) -> String {
    let mut text = String::new();
    push_line(
        &mut text,
        &format!("{}/{}: {}", meta.service, meta.command, meta.summary),
    );
    let quotas: Vec<String> = meta.quotas.iter().copied().map(quota_text).collect();
    let mut facts = vec![
        ("doc", meta.doc_url.to_owned()),
        ("quotas", quotas.join("; ")),
        ("pace", pace_text(meta)),
        (
            "items",
            meta.items
                .map_or_else(|| "one call, no item list".to_owned(), items_text),
        ),
        (
            "pages",
            meta.pagination
                .map_or_else(|| "none: one call answers".to_owned(), pages_text),
        ),
        ("resend", resend_text(meta.retry)),
    ];
    if !meta.legacy_commands.is_empty() {
        facts.push(("older words", meta.legacy_commands.join(", ")));
    }
    for (name, fact) in facts {
        push_line(&mut text, &format!("  {name:<12}{fact}"));
    }
    push_fields(&mut text, "Request fields", meta.request_fields);
    push_fields(
        &mut text,
        "Response fields (beside the envelope)",
        meta.response_fields,
    );
    push_codes(&mut text, meta.codes);
    text
}

/// Appends the table of the API's error codes: code, name, retry class (`auth` for a refusal
/// of the credentials, exit 3), meaning.
fn push_codes(text: &mut String, codes: &[CodeInfo]) {
    text.push('\n');
    let title = "Error codes (beside the common ones any API may answer)";
    if codes.is_empty() {
        push_line(text, &format!("{title}: none"));
        return;
    }
    push_line(text, &format!("{title}:"));
    let class = |info: &CodeInfo| {
        let retry = info.retry.as_str();
        if info.auth {
            format!("{retry}, auth")
        } else {
            retry.to_owned()
        }
    };
    let width = codes.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let class_width = codes.iter().map(|c| class(c).len()).max().unwrap_or(0);
    for info in codes {
        let line = format!(
            "  {:>6}  {:<width$}  {:<class_width$}  {}",
            info.code,
            info.name,
            class(info),
            info.meaning
        );
        push_line(text, line.trim_end());
    }
}

/// Appends a titled table of `fields` (or that there are none).
fn push_fields(text: &mut String, title: &str, fields: &[Field]) {
    text.push('\n');
    if fields.is_empty() {
        push_line(text, &format!("{title}: none"));
        return;
    }
    push_line(text, &format!("{title}:"));
    let width = fields.iter().map(|f| f.name.len()).max().unwrap_or(0);
    let ty_width = fields.iter().map(|f| f.ty.len()).max().unwrap_or(0);
    for field in fields {
        let required = if field.required {
            "required"
        } else {
            "optional"
        };
        let limits = if field.limits.is_empty() {
            String::new()
        } else {
            format!(" ({})", field.limits)
        };
        let line = format!(
            "  {:<width$}  {:<ty_width$}  {required}  {}{limits}",
            field.name, field.ty, field.doc
        );
        text.push_str(&escape(&line));
        text.push('\n');
    }
}

/// A field table as JSON.
fn fields_json(fields: &[Field]) -> Value {
    fields
        .iter()
        .map(|field| {
            json!({
                "name": field.name,
                "type": field.ty,
                "required": field.required,
                "doc": field.doc,
                "limits": field.limits,
            })
        })
        .collect()
}

/// `200 calls/s`, `12000 items/min`, `100000 calls/day (UTC+8)`.
fn quota_text(quota: Quota) -> String {
    let per = match quota.per {
        Per::Second => "s".to_owned(),
        Per::Minute => "min".to_owned(),
        Per::Day { utc_offset_minutes } => format!("day ({})", utc_offset(utc_offset_minutes)),
        _ => per_text(quota.per),
    };
    format!("{} {}/{per}", quota.limit, counts_text(quota.counts))
}

/// The period of a quota as a word (`second`, `minute`, `day UTC+8`).
fn per_text(per: Per) -> String {
    match per {
        Per::Second => "second".to_owned(),
        Per::Minute => "minute".to_owned(),
        Per::Day { utc_offset_minutes } => format!("day {}", utc_offset(utc_offset_minutes)),
        _ => format!("{per:?}"),
    }
}

/// `UTC+8`, `UTC-3:30`, `UTC`.
fn utc_offset(minutes: i16) -> String {
    let (sign, minutes) = if minutes < 0 {
        ('-', -i32::from(minutes))
    } else {
        ('+', i32::from(minutes))
    };
    match (minutes / 60, minutes % 60) {
        (0, 0) => "UTC".to_owned(),
        (hours, 0) => format!("UTC{sign}{hours}"),
        (hours, rest) => format!("UTC{sign}{hours}:{rest:02}"),
    }
}

fn counts_text(counts: QuotaCount) -> &'static str {
    match counts {
        QuotaCount::Calls => "calls",
        QuotaCount::Items => "items",
        _ => "units",
    }
}

/// `CheckItem, 1 to 100 per call; results: ResultItem, one per item by UserID`.
fn items_text(items: ItemList) -> String {
    let results = match items.results {
        ResultMapping::Envelope => "the envelope is every item's outcome".to_owned(),
        ResultMapping::ByKey { list, key } => format!("{list}, one per item by {}", or_bare(key)),
        ResultMapping::ByPosition { list } => format!("{list}, one per item in request order"),
        ResultMapping::FailuresOnly { list, key } => {
            format!(
                "{list} names the failed items by {}; the others succeeded",
                or_bare(key)
            )
        }
        other => format!("{other:?}"),
    };
    format!(
        "{}, 1 to {} per call; results: {results}",
        items.field, items.max
    )
}

fn or_bare(key: &str) -> &str {
    if key.is_empty() { "value" } else { key }
}

/// `cursor Next (integer; 0 ends) from the answer's Next; Limit at most 10000`.
fn pages_text(pagination: Pagination) -> String {
    let mut parts: Vec<String> = pagination
        .cursors
        .iter()
        .map(|cursor| {
            let (kind, end) = match cursor.kind {
                CursorKind::Integer => ("integer", "; 0 ends"),
                CursorKind::String => ("string", "; \"\" ends"),
                _ => ("as declared", ""),
            };
            let end = if cursor.zero_ends { end } else { "" };
            format!(
                "cursor {} from the answer's {} ({kind}{end})",
                cursor.request, cursor.response
            )
        })
        .collect();
    if let Some(offset) = pagination.offset {
        let total = offset
            .total
            .map(|total| format!(", up to the answer's {total}"))
            .unwrap_or_default();
        parts.push(format!(
            "offset {} advanced by the length of {}{total}",
            offset.request, offset.list
        ));
    }
    if let Some((field, max)) = pagination.limit {
        parts.push(format!("page size {field} at most {max}"));
    }
    if let Some((field, value)) = pagination.done_flag {
        parts.push(format!("done when the answer's {field} is {value}"));
    }
    parts.join("; ")
}

/// When a call whose answer was lost may be sent again.
fn resend_text(retry: RetrySafety) -> String {
    match retry {
        RetrySafety::Always => "always safe after a lost answer (retried)".to_owned(),
        RetrySafety::SameRequest { key, within_secs } => format!(
            "safe when {} are sent again unchanged within {within_secs} s (not retried by imctl api)",
            key.join(", ")
        ),
        RetrySafety::Never => "never: a repeat may take effect twice (not retried)".to_owned(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_quotas_read_well() {
        assert_eq!(utc_offset(480), "UTC+8");
        assert_eq!(utc_offset(-210), "UTC-3:30");
        assert_eq!(utc_offset(0), "UTC");
        let quota = Quota::new(12_000, Per::Minute, QuotaCount::Items);
        assert_eq!(quota_text(quota), "12000 items/min");
        let daily = Quota::new(
            5,
            Per::Day {
                utc_offset_minutes: 480,
            },
            QuotaCount::Calls,
        );
        assert_eq!(quota_text(daily), "5 calls/day (UTC+8)");
    }

    #[test]
    fn every_api_describes_its_codes_and_its_pace() {
        for api in Api::ALL {
            let meta = api.metadata();
            let text = describe_text(meta);
            let codes = text
                .split_once("\nError codes (beside the common ones any API may answer)")
                .map(|(_, codes)| codes)
                .unwrap_or_else(|| panic!("{api}: {text}"));
            for info in meta.codes {
                let row = codes
                    .lines()
                    .find(|line| line.trim_start().starts_with(&format!("{} ", info.code)))
                    .unwrap_or_else(|| panic!("{api}: {} in {codes}", info.code));
                assert!(
                    row.contains(info.name)
                        && row.contains(info.retry.as_str())
                        && row.contains(info.meaning)
                        && row.contains(", auth") == info.auth,
                    "{api}: {row}"
                );
            }
            let listed = summary(meta);
            assert_eq!(listed["codes"].as_array().unwrap().len(), meta.codes.len());
            for (info, entry) in meta.codes.iter().zip(listed["codes"].as_array().unwrap()) {
                assert_eq!(entry["code"], info.code, "{api}");
                assert_eq!(entry["name"], info.name, "{api}");
                assert_eq!(entry["retry"], info.retry.as_str(), "{api}");
                assert_eq!(entry["auth"], info.auth, "{api}");
                assert_eq!(entry["meaning"], info.meaning, "{api}");
            }
            assert_eq!(listed["doc_url"], meta.doc_url);
            assert!(
                text.contains(&format!("  pace        {}", pace_text(meta))),
                "{api}"
            );
        }
    }

    #[test]
    fn only_the_calls_per_second_quota_is_enforced() {
        let meta = Api::Batchsendmsg.metadata();
        assert!(meta.quotas.len() > 1, "{:?}", meta.quotas);
        let others: Vec<String> = meta.quotas[1..].iter().copied().map(quota_text).collect();
        assert_eq!(
            pace_text(meta),
            format!(
                "{} calls/s, its calls-per-second quota: every call waits for it; not yet enforced: {} (the service refuses the calls beyond a quota)",
                meta.default_calls_per_second,
                others.join(", ")
            )
        );
        let quotas = summary(meta)["quotas"].clone();
        let enforced: Vec<bool> = quotas
            .as_array()
            .unwrap()
            .iter()
            .map(|quota| quota["enforced"].as_bool().unwrap())
            .collect();
        let per_second: Vec<bool> = meta
            .quotas
            .iter()
            .map(|q| q.per == Per::Second && q.counts == QuotaCount::Calls)
            .collect();
        assert_eq!(enforced, per_second);
        assert!(!pace_text(Api::Kick.metadata()).contains("not yet enforced"));
    }

    #[test]
    fn every_api_describes_its_fields() {
        for api in Api::ALL {
            let meta = api.metadata();
            let text = describe_text(meta);
            assert!(text.starts_with(&format!("{}/{}: ", meta.service, meta.command)));
            for field in meta.request_fields.iter().chain(meta.response_fields) {
                assert!(text.contains(field.name), "{api}: {}", field.name);
            }
            let paged = meta.pagination.is_some();
            assert_eq!(summary(meta)["paged"], paged, "{api}");
        }
    }
}
