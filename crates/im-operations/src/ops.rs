//! Typed operations, one module per API, and what the mute operations share: the
//! [`MuteDuration`] of one kind of send and an account's [`GlobalMute`].

use std::fmt;
use std::time::Duration;

use im_proto::openconfig::setnospeaking::FOREVER;

mod allow_banned_object;
mod forbid_illegal_object;
mod get_history;
mod getappinfo;
mod getnospeaking;
mod setnospeaking;

pub use get_history::{ChatType, HistoryHour};

/// One kind of an account's global mute: none, for a time, or for good.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MuteDuration {
    /// Not muted (sent as 0: lifts the mute).
    Off,
    /// Muted for this long (from when it is set; whole seconds, 1 to 4294967294).
    For(Duration),
    /// Muted for good (`0xFFFFFFFF`).
    Forever,
}

impl MuteDuration {
    /// The longest mute for a time: one second less than "for good".
    pub const MAX_SECONDS: u32 = FOREVER - 1;

    /// The wire value: 0, the seconds, or `0xFFFFFFFF`.
    ///
    /// # Errors
    ///
    /// [`im_client::Error::InvalidInput`] for a time under a second (use [`MuteDuration::Off`])
    /// or over [`MuteDuration::MAX_SECONDS`], or with a part of a second.
    pub fn to_seconds(self) -> Result<u32, im_client::Error> {
        match self {
            MuteDuration::Off => Ok(0),
            MuteDuration::Forever => Ok(FOREVER),
            MuteDuration::For(time) => {
                let secs = time.as_secs();
                let whole = time.subsec_nanos() == 0;
                match u32::try_from(secs) {
                    Ok(s @ 1..=Self::MAX_SECONDS) if whole => Ok(s),
                    _ => Err(im_client::Error::invalid(format!(
                        "mute time {time:?}: a mute lasts whole seconds from 1 to {} (0 lifts \
                         it, 4294967295 is for good)",
                        Self::MAX_SECONDS
                    ))),
                }
            }
        }
    }

    /// The mute a wire value says: 0 none, `0xFFFFFFFF` for good, else the seconds.
    pub fn from_seconds(seconds: u32) -> Self {
        match seconds {
            0 => MuteDuration::Off,
            FOREVER => MuteDuration::Forever,
            s => MuteDuration::For(Duration::from_secs(u64::from(s))),
        }
    }
}

impl fmt::Display for MuteDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MuteDuration::Off => f.write_str("not muted"),
            MuteDuration::Forever => f.write_str("forever"),
            MuteDuration::For(time) => write!(f, "{}s", time.as_secs()),
        }
    }
}

/// An account's global mute as `getnospeaking` reads it: what is left of each kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GlobalMute {
    /// Its one-to-one sends.
    pub c2c: MuteDuration,
    /// Its group sends.
    pub group: MuteDuration,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mute_times_map_to_the_wire_and_back() {
        assert_eq!(MuteDuration::Off.to_seconds().unwrap(), 0);
        assert_eq!(MuteDuration::Forever.to_seconds().unwrap(), u32::MAX);
        let hour = MuteDuration::For(Duration::from_secs(3600));
        assert_eq!(hour.to_seconds().unwrap(), 3600);
        assert_eq!(MuteDuration::from_seconds(3600), hour);
        assert_eq!(MuteDuration::from_seconds(0), MuteDuration::Off);
        assert_eq!(MuteDuration::from_seconds(u32::MAX), MuteDuration::Forever);
        for bad in [0, u64::from(u32::MAX), 1 << 40] {
            let err = MuteDuration::For(Duration::from_secs(bad))
                .to_seconds()
                .unwrap_err();
            assert!(err.to_string().contains("whole seconds from 1 to"), "{err}");
        }
        let half = MuteDuration::For(Duration::from_millis(1500));
        assert!(half.to_seconds().is_err());
    }
}
