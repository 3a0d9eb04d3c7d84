//! What the group store's parts share: interned account ids and stored times.

/// An interned account id.
pub(crate) type Id = u32;

/// A time as the store keeps it (Unix seconds, `u32` until 2106).
pub(crate) fn clamp_time(t: u64) -> u32 {
    u32::try_from(t).unwrap_or(u32::MAX)
}
