//! A fake list operation for the engine's unit tests: words in, their lengths out, no request.

use im_proto::{Api, ItemList, Metadata, ResultMapping};

use super::operation::{Batch, BulkOperation, Rejected};
use crate::{Failure, InvalidInput};

/// A declaration of a list of at most three words, answered by position.
pub(super) const WORDS: Metadata = {
    let mut meta = *Api::ALL[0].metadata();
    meta.service = "fake_svc";
    meta.command = "measure";
    meta.max_items = 3;
    meta.items = Some(ItemList::new(
        "Words",
        3,
        ResultMapping::ByPosition { list: "Lengths" },
    ));
    meta
};

/// Words: `!label` is an input the caller could not read (no key); an empty word, or one with
/// a control character, breaks the key's rule; `bad:...` has a well-formed key but breaks
/// another rule; anything else is measured.
pub(super) struct Words;

impl BulkOperation for Words {
    type Input = String;
    type Item = String;
    type Output = usize;
    type Kind = &'static str;

    fn metadata(&self) -> &'static Metadata {
        &WORDS
    }

    fn key<'a>(&self, input: &'a String) -> Option<&'a str> {
        (!input.starts_with('!')).then_some(input.as_str())
    }

    fn check(&self, input: String) -> Result<String, Rejected> {
        let invalid = |why: &str| Failure::Invalid(InvalidInput::Other(why.to_owned()));
        if let Some(label) = input.strip_prefix('!') {
            let why = Failure::Invalid(InvalidInput::Rejected("unreadable".into()));
            return Err(Rejected::new(label, why));
        }
        if input.is_empty() || input.contains(char::is_control) {
            return Err(Rejected::new(input, invalid("not a word")));
        }
        if input.starts_with("bad:") {
            return Err(Rejected::new(input, invalid("a bad word")));
        }
        Ok(input)
    }

    fn label(&self, item: String) -> String {
        item
    }

    fn kind(&self, length: &usize) -> &'static str {
        if length.is_multiple_of(2) {
            "even"
        } else {
            "odd"
        }
    }

    async fn send(&self, batch: &Batch<'_, String>) -> Vec<Result<usize, Failure>> {
        batch.items().iter().map(|word| Ok(word.len())).collect()
    }
}
