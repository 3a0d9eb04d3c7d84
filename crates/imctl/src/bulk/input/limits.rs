//! The input's limits (a leaf module: the reader and the CSV records both use them).

/// The longest line read, in bytes; a longer one is rejected without being held in memory
/// (and a CSV record spanning lines may not grow past it either).
pub(crate) const MAX_LINE_BYTES: usize = 64 * 1024;
