//! Text analysis shared by indexing and querying: one English analyzer, and the question words that
//! carry little meaning in a query.

use std::sync::{LazyLock, RwLock};

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

/// Name under which [`analyzer`] is registered on every index this module opens.
pub const ANALYZER_NAME: &str = "supportkb_en";

/// The English analyzer: split on non-alphanumeric characters, drop tokens over 40 bytes, lower-case,
/// Porter stemming ("reopening" → "reopen", "corrupted" → "corrupt").
///
/// The stemming is tantivy's English [`Stemmer`], memoised per analyzer instance ([`CachedStemmer`]):
/// a corpus repeats the same few thousand words, and stemming was the largest single cost of indexing.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(CachedStemmer)
        .build()
}

/// Distinct words a [`CachedStemmer`] remembers before it starts over (bounds its memory: a few MB).
const STEM_CACHE_MAX: usize = 50_000;

/// Stems shared by every [`CachedStemmer`] of the process (consulted when an analyzer's own cache misses).
static SHARED_STEMS: LazyLock<RwLock<FxHashMap<String, String>>> =
    LazyLock::new(|| RwLock::new(FxHashMap::default()));

/// Token filter giving exactly the stems of tantivy's English [`Stemmer`], remembering each word's stem.
#[derive(Debug, Clone, Copy, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            cache: StemCache::default(),
        }
    }
}

/// The tokenizer made by [`CachedStemmer`]: the inner tokenizer, then a memoised stemmer.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    cache: StemCache,
}

/// Word → stem, filled on demand by tantivy's stemmer (applied to the word as one raw token).
#[derive(Clone)]
struct StemCache {
    stems: FxHashMap<String, String>,
    stemmer: TextAnalyzer,
}

impl Default for StemCache {
    fn default() -> StemCache {
        StemCache {
            stems: FxHashMap::default(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }
}

impl StemCache {
    /// Replaces `word` by its stem.
    fn stem_in_place(&mut self, word: &mut String) {
        if let Some(stem) = self.stems.get(word.as_str()) {
            word.clear();
            word.push_str(stem);
            return;
        }
        // Each field of each indexing thread has its own analyzer: they share what they stemmed.
        let shared = SHARED_STEMS
            .read()
            .ok()
            .and_then(|stems| stems.get(word.as_str()).cloned());
        let stem = match shared {
            Some(stem) => stem,
            None => {
                let stem = {
                    let mut stream = self.stemmer.token_stream(word);
                    if stream.advance() {
                        stream.token().text.clone()
                    } else {
                        word.clone()
                    }
                };
                if let Ok(mut stems) = SHARED_STEMS.write() {
                    if stems.len() >= STEM_CACHE_MAX {
                        stems.clear();
                    }
                    stems.insert(word.clone(), stem.clone());
                }
                stem
            }
        };
        if self.stems.len() >= STEM_CACHE_MAX {
            self.stems.clear();
        }
        let original = std::mem::replace(word, stem.clone());
        self.stems.insert(original, stem);
    }
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            cache: &mut self.cache,
        }
    }
}

/// The token stream of [`CachedStemmerFilter`].
pub struct CachedStemmerStream<'a, T> {
    tail: T,
    cache: &'a mut StemCache,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.cache.stem_in_place(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
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

/// Whether a lower-cased query word is a stop word (see `STOP_WORDS`).
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

    /// The memoised stemmer gives tantivy's stems, on first sight and from its cache.
    #[test]
    fn cached_stemmer_matches_tantivy_stemmer() {
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut cached = analyzer();
        let text = "Reopening reopened REOPENS generously ponies caresses sky skies skies Données \
                    dying lying corrupted corruption relational conditional 24/7 x 🙂 reopening";
        let tokens = |a: &mut TextAnalyzer| {
            let mut stream = a.token_stream(text);
            let mut out = Vec::new();
            while stream.advance() {
                let t = stream.token();
                out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
            }
            out
        };
        let expected = tokens(&mut plain);
        assert_eq!(tokens(&mut cached), expected);
        assert_eq!(tokens(&mut cached), expected, "second pass, from the cache");
    }
}
