//! What one target did, as the harness reports it.

/// What one target did.
#[derive(Debug)]
pub(crate) struct Summary {
    name: &'static str,
    /// Runs (jobs, UserSigs, files).
    pub(crate) runs: u64,
    /// Cases checked (items, UserSigs, lines).
    pub(crate) cases: u64,
    /// Mutants that verified (UserSig content mutations that kept the claims).
    pub(crate) verified: u64,
}

impl Summary {
    pub(crate) fn new(name: &'static str) -> Self {
        Summary {
            name,
            runs: 0,
            cases: 0,
            verified: 0,
        }
    }
}

impl std::fmt::Display for Summary {
    /// The line the harness prints for a target that passed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:<10} ok: {} runs, {} cases",
            self.name, self.runs, self.cases
        )?;
        if self.name == "usersig" {
            write!(
                f,
                ", {} re-encodings verified, each with the original claims",
                self.verified
            )?;
        }
        Ok(())
    }
}
