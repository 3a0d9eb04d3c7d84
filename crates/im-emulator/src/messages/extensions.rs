//! Message extensions: the key/values of one message, each with the `Seq` of the write that
//! last changed it, and the limits of the set_key_values page (ZH 269/82030): at most 300 a
//! message, 20 a request, keys of at most 100 bytes, values of at most 1000, and at most 200
//! writes a minute on one message.

use im_proto::ErrorCode;

/// The most key/values one message holds.
pub(crate) const MAX_PER_MESSAGE: usize = 300;
/// The most key/values one request sets or deletes.
pub(crate) const MAX_PER_REQUEST: usize = 20;
/// The longest key, in bytes.
pub(crate) const MAX_KEY_BYTES: usize = 100;
/// The longest value, in bytes.
pub(crate) const MAX_VALUE_BYTES: usize = 1000;
/// The most writes a minute on one message (23003 beyond).
pub(crate) const MAX_WRITES_PER_MINUTE: u32 = 200;
/// The most key/values one get_key_values answer holds.
pub(crate) const PAGE: usize = 200;

/// One key/value and the `Seq` of the write that last changed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KeyValue {
    pub(crate) key: Box<str>,
    pub(crate) value: Box<str>,
    pub(crate) seq: u64,
}

/// What a set_key_values request does (`OperateType` 1, 2, 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Operation {
    Set,
    Delete,
    Clear,
}

impl Operation {
    /// The operation of `OperateType` `operate_type`, for a request that has (`listed`) or has
    /// not an `ExtensionList`: 10004 for another number, or 1 or 2 without a list.
    pub(crate) fn parse(operate_type: u32, listed: bool) -> Result<Operation, Refusal> {
        match (operate_type, listed) {
            (1, true) => Ok(Operation::Set),
            (2, true) => Ok(Operation::Delete),
            (3, _) => Ok(Operation::Clear),
            (n @ (1 | 2), false) => Err(Refusal::invalid(format!(
                "OperateType {n} needs an ExtensionList"
            ))),
            (n, _) => Err(Refusal::invalid(format!(
                "OperateType {n} must be 1, 2 or 3"
            ))),
        }
    }
}

/// One key/value of a request: the `Seq` the caller believes current, when it sends one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Write<'a> {
    pub(crate) key: &'a str,
    pub(crate) value: &'a str,
    pub(crate) seq: Option<i64>,
}

/// Why a whole request was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) code: ErrorCode,
    pub(crate) info: String,
}

impl Refusal {
    fn invalid(info: String) -> Refusal {
        Refusal {
            code: ErrorCode::MSGEXT_INVALID_PARAMETERS,
            info,
        }
    }
}

/// A message's key/values.
#[derive(Clone, Debug, Default)]
pub(crate) struct Extensions {
    values: Vec<KeyValue>,
    latest_seq: u64,
    clear_seq: u64,
    /// The minute (Unix time / 60) of `writes`, and the writes in it.
    minute: u64,
    writes: u32,
}

impl Extensions {
    /// The highest `Seq` of all key/values.
    pub(crate) fn latest_seq(&self) -> u64 {
        self.latest_seq
    }

    /// The `Seq` of the last clear.
    pub(crate) fn clear_seq(&self) -> u64 {
        self.clear_seq
    }

    /// The key/values whose `Seq` is at least `start_seq`, by `Seq`, at most [`PAGE`], and
    /// whether that was all of them.
    pub(crate) fn page(&self, start_seq: i64) -> (Vec<KeyValue>, bool) {
        let mut found: Vec<&KeyValue> = self
            .values
            .iter()
            .filter(|kv| i128::from(kv.seq) >= i128::from(start_seq))
            .collect();
        found.sort_by_key(|kv| kv.seq);
        let complete = found.len() <= PAGE;
        (found.into_iter().take(PAGE).cloned().collect(), complete)
    }

    /// Every extension API's first check: 10008 on an edition without message extensions.
    pub(crate) fn available(edition: crate::edition::Edition) -> Result<(), Refusal> {
        if edition.has_message_extensions() {
            return Ok(());
        }
        Err(Refusal {
            code: ErrorCode::MSGEXT_INVALID_REQUEST,
            info: format!("the {edition} edition has no message extensions"),
        })
    }

    /// After [`Extensions::available`], a set request's operation (its `OperateType`) and key/values (its `ExtensionList`),
    /// checked against the page's limits before any message is looked at (one-to-one and group
    /// messages alike).
    pub(crate) fn request(
        edition: crate::edition::Edition,
        operate_type: u32,
        writes: Option<Vec<Write<'_>>>,
    ) -> Result<(Operation, Vec<Write<'_>>), Refusal> {
        Self::available(edition)?;
        let operation = Operation::parse(operate_type, writes.is_some())?;
        let writes = writes.unwrap_or_default();
        Self::check(&writes)?;
        Ok((operation, writes))
    }

    /// Checks a request's key/values against the page's limits, before anything changes.
    pub(crate) fn check(writes: &[Write<'_>]) -> Result<(), Refusal> {
        if writes.len() > MAX_PER_REQUEST {
            return Err(Refusal::invalid(format!(
                "ExtensionList holds {} key/values, more than the {MAX_PER_REQUEST} a request may",
                writes.len()
            )));
        }
        for write in writes {
            if write.key.is_empty() || write.key.len() > MAX_KEY_BYTES {
                return Err(Refusal::invalid(format!(
                    "key {:?} must be 1 to {MAX_KEY_BYTES} bytes",
                    write.key
                )));
            }
            if write.value.len() > MAX_VALUE_BYTES {
                return Err(Refusal::invalid(format!(
                    "the value of {:?} is {} bytes, more than {MAX_VALUE_BYTES}",
                    write.key,
                    write.value.len()
                )));
            }
        }
        Ok(())
    }

    /// Applies one request at `now`: every key/value whose `Seq`, when given, is the current
    /// one is written with the request's new `Seq`; the others fail with 23001 and show the
    /// current key/value. Returns one result per key/value of the request.
    pub(crate) fn apply(
        &mut self,
        operation: Operation,
        writes: &[Write<'_>],
        now: u64,
    ) -> Result<Vec<(ErrorCode, KeyValue)>, Refusal> {
        Self::check(writes)?;
        let minute = now / 60;
        if self.minute != minute {
            self.minute = minute;
            self.writes = 0;
        }
        if self.writes >= MAX_WRITES_PER_MINUTE {
            return Err(Refusal {
                code: ErrorCode::MSGEXT_TOO_FREQUENT,
                info: format!("more than {MAX_WRITES_PER_MINUTE} writes a minute on this message"),
            });
        }
        if operation == Operation::Clear {
            self.writes += 1;
            self.latest_seq += 1;
            self.clear_seq = self.latest_seq;
            self.values.clear();
            return Ok(Vec::new());
        }
        let new_keys = writes
            .iter()
            .filter(|w| operation == Operation::Set && self.get(w.key).is_none())
            .count();
        if self.values.len() + new_keys > MAX_PER_MESSAGE {
            return Err(Refusal::invalid(format!(
                "a message holds at most {MAX_PER_MESSAGE} key/values"
            )));
        }
        self.writes += 1;
        let seq = self.latest_seq + 1;
        let mut results = Vec::with_capacity(writes.len());
        let mut changed = false;
        for write in writes {
            let current = self.get(write.key).cloned();
            let current_seq = current.as_ref().map_or(0, |kv| kv.seq);
            if write
                .seq
                .is_some_and(|s| i128::from(s) != i128::from(current_seq))
            {
                let shown = current.unwrap_or_else(|| KeyValue {
                    key: write.key.into(),
                    value: "".into(),
                    seq: 0,
                });
                results.push((ErrorCode::MSGEXT_SEQ_CONFLICT, shown));
                continue;
            }
            changed = true;
            let written = KeyValue {
                key: write.key.into(),
                value: if operation == Operation::Set {
                    write.value.into()
                } else {
                    "".into()
                },
                seq,
            };
            self.values.retain(|kv| *kv.key != *write.key);
            if operation == Operation::Set {
                self.values.push(written.clone());
            }
            results.push((ErrorCode::OK, written));
        }
        if changed {
            self.latest_seq = seq;
        }
        Ok(results)
    }

    fn get(&self, key: &str) -> Option<&KeyValue> {
        self.values.iter().find(|kv| &*kv.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(key: &str, value: &'static str, seq: Option<i64>) -> Write<'static> {
        let key: &'static str = Box::leak(key.to_owned().into_boxed_str());
        Write { key, value, seq }
    }

    #[test]
    fn one_request_shares_one_seq_and_a_stale_seq_conflicts() {
        let mut ext = Extensions::default();
        let r = ext
            .apply(
                Operation::Set,
                &[set("k1", "v1", Some(0)), set("k2", "v2", None)],
                0,
            )
            .unwrap();
        assert!(
            r.iter()
                .all(|(code, kv)| *code == ErrorCode::OK && kv.seq == 1)
        );
        let r = ext
            .apply(
                Operation::Set,
                &[set("k3", "v3", Some(0)), set("k1", "x", Some(0))],
                0,
            )
            .unwrap();
        assert_eq!(r[0].0, ErrorCode::OK);
        assert_eq!(r[0].1.seq, 2);
        assert_eq!(r[1].0, ErrorCode::MSGEXT_SEQ_CONFLICT);
        assert_eq!((&*r[1].1.value, r[1].1.seq), ("v1", 1));
        let (page, complete) = ext.page(2);
        assert!(complete);
        assert_eq!(page.len(), 1);
        assert_eq!(ext.latest_seq(), 2);
        ext.apply(Operation::Delete, &[set("k1", "", Some(1))], 0)
            .unwrap();
        assert_eq!(ext.page(0).0.len(), 2);
        ext.apply(Operation::Clear, &[], 0).unwrap();
        assert_eq!(ext.page(0).0.len(), 0);
        assert_eq!(ext.clear_seq(), 4);
    }

    #[test]
    fn the_pages_limits_hold() {
        let mut ext = Extensions::default();
        let long = "k".repeat(MAX_KEY_BYTES + 1);
        let err = ext
            .apply(Operation::Set, &[set(&long, "v", None)], 0)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::MSGEXT_INVALID_PARAMETERS);
        let many: Vec<Write<'_>> = (0..21).map(|i| set(&format!("k{i}"), "v", None)).collect();
        assert!(ext.apply(Operation::Set, &many, 0).is_err());
        for chunk in 0..15 {
            let writes: Vec<Write<'_>> = (0..20)
                .map(|i| set(&format!("k{chunk}_{i}"), "v", None))
                .collect();
            ext.apply(Operation::Set, &writes, 0).unwrap();
        }
        let err = ext
            .apply(Operation::Set, &[set("one_more", "v", None)], 0)
            .unwrap_err();
        assert!(err.info.contains("300"), "{err:?}");
        let (page, complete) = ext.page(0);
        assert_eq!((page.len(), complete), (PAGE, false));
        let mut busy = Extensions::default();
        for _ in 0..MAX_WRITES_PER_MINUTE {
            busy.apply(Operation::Set, &[set("k", "v", None)], 60)
                .unwrap();
        }
        let err = busy
            .apply(Operation::Set, &[set("k", "v", None)], 61)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::MSGEXT_TOO_FREQUENT);
        busy.apply(Operation::Set, &[set("k", "v", None)], 120)
            .unwrap();
    }
}
