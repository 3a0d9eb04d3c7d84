//! Items the service answered with a "try again" code of their own inside an `OK` answer (a
//! relationship item's 30006 "internal error, retry", 30007 "timeout, retry later"): sent again,
//! alone, under the chunk's retry policy, for an API whose repetition cannot do harm.
//!
//! The call-level retries of [`Client`](crate::Client) never see these codes: the answer as a
//! whole succeeded. Without this part such an item would end failed although its page says to
//! resend it. Only an API declared [`RetrySafety::Always`] is resent item by item: for any other
//! the per-item code does not say that nothing was done, and a resend may do it twice.

use std::time::Instant;

use im_proto::{Metadata, RetryClass, RetrySafety};

use crate::Failure;
use crate::classify::RetryKind;

/// How the item's failure asks to be retried, if it does: a service code of the transient or
/// throttled class in the API's service, for an API declared [`RetrySafety::Always`].
pub(super) fn retry_kind<T>(meta: &Metadata, result: &Result<T, Failure>) -> Option<RetryKind> {
    if meta.retry != RetrySafety::Always {
        return None;
    }
    let Err(Failure::Service { code, .. }) = result else {
        return None;
    };
    let info = match meta.api {
        Some(api) => code.info_for(api),
        None => code.info(),
    };
    match info.map(|info| info.retry) {
        Some(RetryClass::Transient) => Some(RetryKind::Transient),
        Some(RetryClass::Throttled) => Some(RetryKind::Throttled),
        _ => None,
    }
}

/// The indices of the items to send again and the backoff their round waits (throttled when
/// any of them was throttled), or `None` when there are none.
pub(super) fn round<T>(
    meta: &Metadata,
    results: &[Result<T, Failure>],
) -> Option<(Vec<usize>, RetryKind)> {
    let mut kind = RetryKind::Transient;
    let again: Vec<usize> = results
        .iter()
        .enumerate()
        .filter_map(|(i, result)| {
            let k = retry_kind(meta, result)?;
            if k == RetryKind::Throttled {
                kind = k;
            }
            Some(i)
        })
        .collect();
    (!again.is_empty()).then_some((again, kind))
}

/// Whether another round fits the policy: `done` rounds (the first send counts) below its
/// attempts, and its time budget not spent since `started`.
pub(super) fn may_retry(policy: &crate::RetryPolicy, done: u32, started: Instant) -> bool {
    done < policy.attempts() && started.elapsed() < policy.elapsed_budget()
}

/// Moves the items at `idx` out of `slots` (each index once), in that order.
pub(super) fn take<I>(slots: &mut [Option<I>], idx: &[usize]) -> Vec<I> {
    idx.iter().filter_map(|&i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use im_proto::{Api, ErrorCode};

    use super::*;

    fn failed(code: i64) -> Result<(), Failure> {
        Err(Failure::service(ErrorCode::from(code), "x"))
    }

    #[test]
    fn a_transient_item_code_of_a_repeatable_api_is_retried() {
        let import = Api::FriendImport.metadata();
        assert_eq!(
            retry_kind(import, &failed(30006)),
            Some(RetryKind::Transient)
        );
        assert_eq!(
            retry_kind(import, &failed(30007)),
            Some(RetryKind::Transient)
        );
        // A final item code, a success, a request's failure: no.
        assert_eq!(retry_kind(import, &failed(30010)), None);
        assert_eq!(retry_kind(import, &Ok(())), None);
        assert_eq!(retry_kind(import, &Err::<(), _>(Failure::NoResult)), None);
    }

    #[test]
    fn an_api_a_resend_may_do_twice_is_not_retried_item_by_item() {
        let add = Api::FriendAdd.metadata();
        assert_ne!(add.retry, RetrySafety::Always);
        assert_eq!(retry_kind(add, &failed(30006)), None);
    }

    #[test]
    fn a_round_takes_the_retryable_items_and_the_longest_backoff() {
        let import = Api::FriendImport.metadata();
        let results = [failed(30010), failed(30006), Ok(()), failed(30007)];
        assert_eq!(
            round(import, &results),
            Some((vec![1, 3], RetryKind::Transient))
        );
        assert_eq!(round(import, &[Ok(()), failed(30010)]), None);
        let mut slots = vec![Some('a'), Some('b'), Some('c')];
        assert_eq!(take(&mut slots, &[2, 0]), vec!['c', 'a']);
        assert_eq!(slots, vec![None, Some('b'), None]);
    }
}
