//! Text analysis shared by indexing and querying: one English analyzer, and the question words that
//! carry little meaning in a query.

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream,
};

/// Name under which [`analyzer`] is registered on every index this module opens.
pub const ANALYZER_NAME: &str = "supportkb_en";

/// The English analyzer: split on non-alphanumeric characters, drop tokens over 40 bytes, lower-case,
/// Porter stemming ("reopening" → "reopen", "corrupted" → "corrupt").
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Name under which [`words_analyzer`] is registered on every index this module opens.
pub const WORDS_ANALYZER_NAME: &str = "supportkb_words";

/// The vocabulary analyzer: like [`analyzer`] without stemming (the words as written, lower-cased).
pub fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build()
}

/// Analyses `text` into its stemmed, lower-cased words.
pub fn analyze(text: &str) -> Vec<String> {
    thread_local! {
        // Building the analyzer (its stemmer) costs more than analysing a query word: keep one per thread.
        static ANALYZER: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(analyzer());
    }
    ANALYZER.with_borrow_mut(|analyzer| {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    })
}

/// Words of a question that say little about its subject ("can I reopen a case closed in June?").
/// They still count, with a small weight, but never decide a match on their own.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being",
    "but", "by", "can", "could", "did", "do", "does", "doing", "for", "from", "get", "got", "had",
    "has", "have", "he", "her", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my",
    "of", "on", "or", "our", "please", "she", "should", "so", "some", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "to", "us", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "would", "you", "your",
];

/// Whether a lower-cased query word is a stop word (see [`STOP_WORDS`]).
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
        assert!(is_stop_word("can"));
        assert!(!is_stop_word("reopen"));
    }

    #[test]
    fn analysis_stems_and_lowercases() {
        assert_eq!(
            analyze("Reopening CORRUPTED 24/7"),
            ["reopen", "corrupt", "24", "7"]
        );
        assert!(analyze("?! 🙂").is_empty());
    }
}
