//! Support vocabulary as data: groups of words and phrases users type for the same idea.
//!
//! The file (`docs-corpus/synonyms.toml`) is a list of groups:
//!
//! ```toml
//! [[group]]
//! terms = ["ticket", "case", "incident", "support request"]
//! ```
//!
//! Every term is analysed with the search analyzer (lower-cased and stemmed), so "tickets" in a query
//! matches the group of "ticket". A term may have several words; it is then matched as a sequence of
//! words in the query and searched as a phrase. The file is validated when loaded: a malformed file is
//! a [`SynonymsError`] naming the file and the line.

use std::collections::HashMap;

use serde::Deserialize;

use super::analysis::analyze;

/// The longest synonym term, in words, that is matched in a query.
pub const MAX_TERM_WORDS: usize = 6;

/// Why a synonyms file was refused.
#[derive(Debug, thiserror::Error)]
pub enum SynonymsError {
    /// The file is not valid TOML or does not have the `[[group]] terms = [...]` shape.
    #[error("{file}:{line}: invalid synonyms file: {message}")]
    Syntax {
        /// Name of the file.
        file: String,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A group is unusable (fewer than two terms, or a term with no searchable word).
    #[error("{file}:{line}: invalid synonym group: {message}")]
    Group {
        /// Name of the file.
        file: String,
        /// 1-based line of the group's `terms` key.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    group: Vec<toml::Spanned<RawGroup>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    terms: toml::Spanned<Vec<String>>,
}

/// A validated set of synonym groups, keyed by analysed (stemmed) word sequences.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// Each group: its terms, each term a sequence of analysed words.
    groups: Vec<Vec<Vec<String>>>,
    /// Analysed term → the groups it belongs to.
    index: HashMap<Vec<String>, Vec<usize>>,
}

fn line_of(text: &str, byte: usize) -> usize {
    let end = byte.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

impl Synonyms {
    /// No synonyms at all.
    pub fn empty() -> Synonyms {
        Synonyms::default()
    }

    /// Parses and validates a synonyms file; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Synonyms, SynonymsError> {
        let raw: RawFile = toml::from_str(text).map_err(|err| SynonymsError::Syntax {
            file: file.to_string(),
            line: err.span().map_or(1, |span| line_of(text, span.start)),
            message: err.message().trim().to_string(),
        })?;
        let mut synonyms = Synonyms::default();
        for group in &raw.group {
            let terms = group.get_ref().terms.get_ref();
            let line = line_of(text, group.get_ref().terms.span().start);
            let group_error = |message: String| SynonymsError::Group {
                file: file.to_string(),
                line,
                message,
            };
            let mut analysed: Vec<Vec<String>> = Vec::new();
            for term in terms {
                let words = analyze(term);
                if words.is_empty() {
                    return Err(group_error(format!(
                        "the term {term:?} has no searchable word"
                    )));
                }
                if words.len() > MAX_TERM_WORDS {
                    return Err(group_error(format!(
                        "the term {term:?} has more than {MAX_TERM_WORDS} words"
                    )));
                }
                if !analysed.contains(&words) {
                    analysed.push(words);
                }
            }
            if analysed.len() < 2 {
                return Err(group_error(format!(
                    "a group needs at least two different terms, found {terms:?}"
                )));
            }
            let id = synonyms.groups.len();
            for term in &analysed {
                synonyms.index.entry(term.clone()).or_default().push(id);
            }
            synonyms.groups.push(analysed);
        }
        Ok(synonyms)
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there is no group.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The terms equivalent to `term` (an analysed word sequence), without `term` itself, in file order.
    pub fn alternatives(&self, term: &[String]) -> Vec<&[String]> {
        let mut out: Vec<&[String]> = Vec::new();
        if let Some(ids) = self.index.get(term) {
            for &id in ids {
                for other in &self.groups[id] {
                    if other.as_slice() != term && !out.contains(&other.as_slice()) {
                        out.push(other.as_slice());
                    }
                }
            }
        }
        out
    }

    /// The length, in words, of the longest synonym term that starts at `words[0]` (0 when none).
    pub fn longest_match(&self, words: &[String]) -> usize {
        let max = words.len().min(MAX_TERM_WORDS);
        (1..=max)
            .rev()
            .find(|&n| self.index.contains_key(&words[..n]))
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_analysed_and_symmetric() {
        let s = Synonyms::parse(
            "s.toml",
            "[[group]]\nterms = [\"ticket\", \"Case\", \"support request\"]\n",
        )
        .unwrap();
        assert_eq!(s.len(), 1);
        let alts = s.alternatives(&["case".to_string()]);
        assert_eq!(alts.len(), 2);
        assert_eq!(alts[1], ["support".to_string(), "request".to_string()]);
        assert_eq!(
            s.longest_match(&["support".into(), "request".into(), "x".into()]),
            2
        );
        assert_eq!(s.longest_match(&["x".into()]), 0);
    }

    #[test]
    fn errors_name_file_and_line() {
        let err =
            Synonyms::parse("syn.toml", "[[group]]\nterms = [\"a\",\n\"b\"\nx = 1\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("syn.toml:"), "{msg}");

        let err = Synonyms::parse("syn.toml", "\n[[group]]\nterms = [\"ticket\"]\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "syn.toml:3: invalid synonym group: a group needs at least two different terms, found [\"ticket\"]"
        );

        let err =
            Synonyms::parse("syn.toml", "[[group]]\nterms = [\"ticket\", \"?!\"]\n").unwrap_err();
        assert!(err.to_string().contains("no searchable word"), "{err}");

        let err = Synonyms::parse("syn.toml", "[[grup]]\nterms = [\"a\", \"b\"]\n").unwrap_err();
        assert!(err.to_string().starts_with("syn.toml:1:"), "{err}");
    }
}
