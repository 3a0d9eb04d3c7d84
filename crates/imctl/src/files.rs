//! Reading the small files imctl takes (a secret key, a checkpoint) with a size cap, so that a
//! path like `/dev/zero` or a huge file by mistake gives a clear error instead of filling memory.

use std::io::{self, Read};

/// What went wrong reading a capped file.
#[derive(Debug)]
pub(crate) enum CappedReadError {
    /// The OS refused.
    Io(io::Error),
    /// It holds more than the cap.
    TooLarge {
        /// The cap, in bytes.
        cap: u64,
    },
}

impl std::fmt::Display for CappedReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CappedReadError::Io(e) => e.fmt(f),
            CappedReadError::TooLarge { cap } => write!(f, "it is larger than {}", size(*cap)),
        }
    }
}

impl std::error::Error for CappedReadError {
    /// The OS error's own cause, as a transparent wrapper (its text is this error's).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CappedReadError::Io(e) => e.source(),
            CappedReadError::TooLarge { .. } => None,
        }
    }
}

/// Reads all of `input`, failing as soon as it holds more than `cap` bytes.
pub(crate) fn read_capped(input: impl Read, cap: u64) -> Result<Vec<u8>, CappedReadError> {
    let mut bytes = Vec::new();
    input
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(CappedReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(CappedReadError::TooLarge { cap });
    }
    Ok(bytes)
}

/// `4 KiB`, `256 MiB`: a cap as people read it.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_up_to_the_cap() {
        assert_eq!(read_capped(&b"abcd"[..], 4).unwrap(), b"abcd");
        let err = read_capped(io::repeat(0), 4096).unwrap_err();
        assert_eq!(err.to_string(), "it is larger than 4 KiB");
        let err = read_capped(&b"abcde"[..], 4).unwrap_err();
        assert_eq!(err.to_string(), "it is larger than 4 bytes");
    }
}
