//! Durations as the flags take them: `30s`, `250ms`, `5m`, `180d` (humantime's units), or a
//! bare number in the flag's own unit (seconds or milliseconds, as the flag had before it took
//! units).

use std::time::Duration;

/// A duration as humantime writes it (`30s`, `250ms`, `1h 30m`, `180d`), or a bare number in
/// `bare` units (the flag's unit before durations took units: `--timeout 30` is 30 s,
/// `--latency-ms 30` is 30 ms).
fn parse_duration(text: &str, bare: Duration) -> Result<Duration, String> {
    let text = text.trim();
    if let Ok(n) = text.parse::<u64>() {
        // The two bare units flags had: seconds and milliseconds.
        return Ok(if bare >= Duration::from_secs(1) {
            Duration::from_secs(n)
        } else {
            Duration::from_millis(n)
        });
    }
    humantime::parse_duration(text).map_err(|e| {
        format!(
            "{text:?} is not a duration ({e}): write a number and a unit, e.g. 30s, 250ms, 5m, 180d"
        )
    })
}

/// A duration whose bare number is milliseconds.
pub(crate) fn millis(text: &str) -> Result<Duration, String> {
    parse_duration(text, Duration::from_millis(1))
}

/// [`millis`], more than zero.
pub(crate) fn positive_millis(text: &str) -> Result<Duration, String> {
    match millis(text)? {
        Duration::ZERO => Err(format!("{text:?} must be more than zero")),
        duration => Ok(duration),
    }
}

/// A duration in whole seconds (bare: seconds), as a number of seconds.
pub(crate) fn whole_seconds(text: &str) -> Result<u64, String> {
    let duration = parse_duration(text, Duration::from_secs(1))?;
    if duration.subsec_nanos() != 0 {
        return Err(format!("{text:?} must be whole seconds"));
    }
    Ok(duration.as_secs())
}

/// `--timeout`: seconds when bare, from 1 s to 1 h.
pub(crate) fn parse_timeout(text: &str) -> Result<Duration, String> {
    let duration = parse_duration(text, Duration::from_secs(1))?;
    if !(Duration::from_secs(1)..=Duration::from_secs(3600)).contains(&duration) {
        return Err(format!("{text:?} is not between 1s and 1h"));
    }
    Ok(duration)
}
