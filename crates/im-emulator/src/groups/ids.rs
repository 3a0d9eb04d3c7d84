//! What the group store's parts share: interned account ids and stored times.

pub(crate) use crate::interner::Id;

/// A time as the store keeps it (Unix seconds, `u32` until 2106).
pub(crate) fn clamp_time(t: u64) -> u32 {
    u32::try_from(t).unwrap_or(u32::MAX)
}
