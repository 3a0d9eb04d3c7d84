//! The query-string checks and UserSig verification of an API request.

use im_proto::{Api, AuthQuery, AuthQueryError, ErrorCode};

use crate::exchange::Answer;
use crate::shared::Shared;
use crate::sig_cache::Verified;

/// How far ahead of the emulator's clock a UserSig's `TLS.time` may lie (clock skew between
/// the signer and the service); a UserSig dated further ahead answers 70005. Within it, a
/// UserSig dated after a revocation's moment survives the revocation, as one made after it does.
///
/// The same rule as im-sig's verification ([`im_sig::DEFAULT_MAX_SKEW_SECS`]).
pub const MAX_USERSIG_SKEW_SECS: u64 = im_sig::DEFAULT_MAX_SKEW_SECS;

/// Runs the query checks, the UserSig verification, the revocation and admin checks; returns
/// the position of the call's admin in `Shared::admins`.
pub(crate) fn authenticate(
    shared: &Shared,
    api: Api,
    query: &AuthQuery<'_>,
) -> Result<usize, Answer> {
    let sdkappid = query.sdkappid_number().map_err(|err| match err {
        AuthQueryError::NotANumber { value, .. } => Answer::fail(
            ErrorCode::SDKAPPID_INVALID,
            format!("sdkappid {value:?} is not a number"),
        ),
        _ => Answer::fail(
            ErrorCode::SDKAPPID_MISSING,
            "sdkappid is missing from the URL",
        ),
    })?;
    if sdkappid != shared.sdkappid {
        return Err(Answer::fail(
            ErrorCode::SDKAPPID_NOT_FOUND,
            format!("sdkappid {sdkappid} not found"),
        ));
    }
    let identifier = match query.identifier.as_deref() {
        None | Some("") => {
            return Err(Answer::fail(
                ErrorCode::IDENTIFIER_OR_USERSIG_INVALID,
                "identifier is missing from the URL",
            ));
        }
        Some(s) => s,
    };
    let usersig = match query.usersig.as_deref() {
        None | Some("") => {
            return Err(Answer::fail(ErrorCode::USERSIG_EMPTY, "usersig is empty"));
        }
        Some(s) => s,
    };
    if query.random_number().is_err() {
        return Err(Answer::fail(
            ErrorCode::HTTP_PARSE_FAILED,
            "random is missing or not a 32-bit unsigned integer",
        ));
    }
    if let Some(ct) = query.contenttype.as_deref()
        && !ct.eq_ignore_ascii_case("json")
    {
        return Err(Answer::fail(
            ErrorCode::HTTP_PARSE_FAILED,
            format!("contenttype {ct:?} is not supported, use json"),
        ));
    }
    let now = shared.clock.now();
    let time = verify(shared, identifier, usersig, now)?;
    if let Some(&(before, how)) = shared.store.read().revoked.get(identifier)
        && time < before
    {
        return Err(Answer::fail(
            how.error_code(),
            "usersig is no longer valid: issued before the account's login state was invalidated",
        ));
    }
    shared
        .admins
        .iter()
        .position(|a| a == identifier)
        .ok_or_else(|| {
            Answer::fail_for(
                api,
                api.metadata().not_admin,
                format!("identifier {identifier:?} is not an App admin"),
            )
        })
}

/// Verifies `usersig` for `identifier` at `now`; `Ok` carries its `TLS.time`.
fn verify(shared: &Shared, identifier: &str, usersig: &str, now: u64) -> Result<u64, Answer> {
    if let Some(hit) = shared.sig_cache.get(usersig) {
        // Same order as the full verification: the cached UserSig's sdkappid is ours.
        if hit.identifier != identifier {
            return Err(identifier_mismatch(&hit.identifier, identifier));
        }
        if now > hit.deadline {
            return Err(expired(hit.deadline, now));
        }
        // As `Signer::verify_at` checks last (the emulator's signer allows the same skew).
        if hit.time > now.saturating_add(MAX_USERSIG_SKEW_SECS) {
            return Err(dated_ahead(hit.time, now));
        }
        return Ok(hit.time);
    }
    match shared.signer.verify_at(identifier, usersig, now) {
        Ok(claims) => {
            let time = claims.time;
            let deadline = time.saturating_add(claims.expire);
            shared.sig_cache.insert(
                usersig,
                Verified {
                    identifier: identifier.to_owned(),
                    time,
                    deadline,
                },
            );
            Ok(time)
        }
        Err(err) => Err(classify(&err, identifier, now)),
    }
}

fn identifier_mismatch(inside: &str, given: &str) -> Answer {
    Answer::fail(
        ErrorCode::USERSIG_IDENTIFIER_MISMATCH,
        format!("identifier {given:?} differs from the usersig's identifier {inside:?}"),
    )
}

fn expired(deadline: u64, now: u64) -> Answer {
    Answer::fail(
        ErrorCode::USERSIG_EXPIRED,
        format!("usersig expired at {deadline} (now {now})"),
    )
}

/// A UserSig dated more than [`MAX_USERSIG_SKEW_SECS`] after the emulator's clock.
fn dated_ahead(time: u64, now: u64) -> Answer {
    Answer::fail(
        ErrorCode::USERSIG_CHECK_FAILED,
        format!(
            "usersig check failed: issued at {time}, more than {MAX_USERSIG_SKEW_SECS} s after now ({now})"
        ),
    )
}

fn classify(err: &im_sig::VerifyError, identifier: &str, now: u64) -> Answer {
    use im_sig::VerifyError as E;
    match err {
        E::SdkAppIdMismatch { .. } => Answer::fail(
            ErrorCode::USERSIG_SDKAPPID_MISMATCH,
            format!("usersig check failed: {err}"),
        ),
        E::IdentifierMismatch { .. } => Answer::fail(
            ErrorCode::USERSIG_IDENTIFIER_MISMATCH,
            format!("usersig check failed for identifier {identifier:?}: {err}"),
        ),
        E::Expired { .. } => Answer::fail(
            ErrorCode::USERSIG_EXPIRED,
            format!("usersig check failed at {now}: {err}"),
        ),
        E::IssuedInFuture { time, .. } => dated_ahead(*time, now),
        E::SigMismatch => Answer::fail(
            ErrorCode::USERSIG_KEY_MISMATCH,
            "usersig check failed: signature mismatch (signed with another key?)",
        ),
        other => Answer::fail(
            ErrorCode::USERSIG_INVALID,
            format!("usersig could not be parsed: {other}"),
        ),
    }
}
