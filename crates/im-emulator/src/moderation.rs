//! The content moderation state: the app's cloud keyword libraries (the console makes them; the
//! emulator starts with two, one advising `Block` and one `Review`), their words, and the
//! verdict of a text against them (see docs/emulator.md, "Content moderation").

use std::time::{Duration, SystemTime};

/// What a hit of a library's words advises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Advice {
    /// Suspect: `Review`, score [`REVIEW_SCORE`].
    Review,
    /// Violating: `Block`, score [`BLOCK_SCORE`].
    Block,
}

impl Advice {
    /// The wire word (`Suggestion`, `Result`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Advice::Review => "Review",
            Advice::Block => "Block",
        }
    }
}

/// The score of a text hitting a `Block` library's word (the page's example: 100).
pub(crate) const BLOCK_SCORE: i64 = 100;
/// The score of a text hitting only `Review` libraries' words.
pub(crate) const REVIEW_SCORE: i64 = 50;
/// The label of a hit word added without one.
pub(crate) const UNLABELLED: &str = "Illegal";

/// One word of a library.
#[derive(Clone, Debug)]
pub(crate) struct Word {
    pub(crate) id: String,
    pub(crate) content: String,
    pub(crate) label: Option<String>,
    pub(crate) create_time: String,
}

/// One keyword library.
#[derive(Clone, Debug)]
pub(crate) struct Library {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) create_time: String,
    pub(crate) advice: Advice,
    pub(crate) words: Vec<Word>,
}

/// The verdict of a text against the libraries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// `None`: nothing hit (`Pass`).
    pub(crate) advice: Option<Advice>,
    pub(crate) label: String,
    pub(crate) keywords: Vec<String>,
}

impl Verdict {
    /// `Pass`, `Review` or `Block`.
    pub(crate) fn result(&self) -> &'static str {
        self.advice.map_or("Pass", Advice::as_str)
    }

    /// 0, [`REVIEW_SCORE`] or [`BLOCK_SCORE`].
    pub(crate) fn score(&self) -> i64 {
        match self.advice {
            None => 0,
            Some(Advice::Review) => REVIEW_SCORE,
            Some(Advice::Block) => BLOCK_SCORE,
        }
    }
}

/// The libraries, and the counters of new word and request IDs.
#[derive(Debug)]
pub(crate) struct Moderation {
    pub(crate) libraries: Vec<Library>,
    next_word: u64,
    next_request: u64,
}

/// The ID of the emulator's `Block` library.
pub const BLOCK_LIBRARY_ID: &str = "00000000-0000-4000-8000-000000000001";
/// The ID of the emulator's `Review` library.
pub const REVIEW_LIBRARY_ID: &str = "00000000-0000-4000-8000-000000000002";

impl Moderation {
    /// The two libraries every app starts with, empty, made at `now` (Unix seconds).
    pub(crate) fn new(sdkappid: u64, now: u64) -> Self {
        let library = |id: &str, n: u32, advice| Library {
            id: id.to_owned(),
            name: format!("4_7_{sdkappid}_{n}"),
            create_time: format!("{} +0800 CST", china_time(now)),
            advice,
            words: Vec::new(),
        };
        Moderation {
            libraries: vec![
                library(BLOCK_LIBRARY_ID, 1, Advice::Block),
                library(REVIEW_LIBRARY_ID, 2, Advice::Review),
            ],
            next_word: 0,
            next_request: 0,
        }
    }

    /// The library `id`.
    pub(crate) fn library_mut(&mut self, id: &str) -> Option<&mut Library> {
        self.libraries.iter_mut().find(|l| l.id == id)
    }

    /// A new word ID (decimal, as the pages show them).
    pub(crate) fn word_id(&mut self) -> String {
        self.next_word += 1;
        (10_000_000 + self.next_word).to_string()
    }

    /// A new request ID, in the pages' UUID form.
    pub(crate) fn request_id(&mut self) -> String {
        self.next_request += 1;
        format!("00000000-0000-4000-a000-{:012x}", self.next_request)
    }

    /// `text` against every library's words: each word `text` contains (ASCII letters in
    /// either case) hits; the strongest advice of the libraries hit decides, its hit words are
    /// the keywords (in library and word order, each once), their one label the verdict's (a
    /// word without one counts as [`UNLABELLED`]), `Composite` when they have several.
    pub(crate) fn judge(&self, text: &str) -> Verdict {
        let haystack = text.to_ascii_lowercase();
        let hits: Vec<(Advice, &Word)> = self
            .libraries
            .iter()
            .flat_map(|l| l.words.iter().map(move |w| (l.advice, w)))
            .filter(|(_, w)| haystack.contains(&w.content.to_ascii_lowercase()))
            .collect();
        let Some(advice) = hits.iter().map(|(a, _)| *a).max() else {
            return Verdict {
                advice: None,
                label: "Normal".to_owned(),
                keywords: Vec::new(),
            };
        };
        let mut keywords: Vec<String> = Vec::new();
        let mut labels: Vec<&str> = Vec::new();
        for (_, word) in hits.iter().filter(|(a, _)| *a == advice) {
            if !keywords.contains(&word.content) {
                keywords.push(word.content.clone());
            }
            let label = word.label.as_deref().unwrap_or(UNLABELLED);
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        let label = match labels.as_slice() {
            [one] => (*one).to_owned(),
            _ => "Composite".to_owned(),
        };
        Verdict {
            advice: Some(advice),
            label,
            keywords,
        }
    }
}

/// `now` (Unix seconds) as the service's local time, UTC+8: `2023-02-20 13:53:44`.
pub(crate) fn china_time(now: u64) -> String {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(now + 8 * 3600);
    let rfc = humantime::format_rfc3339_seconds(at).to_string();
    rfc.trim_end_matches('Z').replacen('T', " ", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(content: &str, label: Option<&str>) -> Word {
        Word {
            id: "1".into(),
            content: content.into(),
            label: label.map(str::to_owned),
            create_time: String::new(),
        }
    }

    #[test]
    fn the_strongest_library_hit_decides_and_labels_merge_into_composite() {
        let mut m = Moderation::new(1400000000, 0);
        assert_eq!(m.judge("hello").result(), "Pass");
        m.libraries[1].words.push(word("cheap", Some("Ad")));
        let v = m.judge("Buy CHEAP watches");
        assert_eq!(
            (v.result(), v.score(), v.label.as_str()),
            ("Review", 50, "Ad")
        );
        assert_eq!(v.keywords, ["cheap"]);
        m.libraries[0].words.push(word("bomb", None));
        m.libraries[0].words.push(word("kill", Some("Terror")));
        let v = m.judge("cheap bomb");
        assert_eq!(
            (v.result(), v.score(), v.label.as_str()),
            ("Block", 100, "Illegal")
        );
        assert_eq!(v.keywords, ["bomb"]);
        assert_eq!(m.judge("kill bomb").label, "Composite");
    }

    #[test]
    fn times_are_written_in_utc_plus_8() {
        assert_eq!(china_time(1_676_872_424), "2023-02-20 13:53:44");
    }
}
