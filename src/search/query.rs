//! From what a user typed to a tantivy query, without a query language: any text is a valid query.
//!
//! 1. [`parse_query`] splits the text into free words and `"quoted phrases"` (an unbalanced quote is
//!    ignored), analyses every word (lower-case, stem), marks question words ("can", "I", "a"…), groups
//!    word sequences that are synonym terms, and notes whether the last word is still being typed (the
//!    text ends inside it).
//! 2. `build_query` turns each concept into alternatives, all scored with BM25 over title, heading,
//!    heading path, topics and body (boosted per field), and keeps the best alternative per concept:
//!    the exact word (weight 1), its synonyms (0.8, multi-word synonyms as phrases), words of the index
//!    within one typo (two for words of 8+ characters; 0.5) when the word itself is not in the index,
//!    and for the word being typed, indexed words it starts (0.7; 0.35 with one typo, from 5 characters).
//!    Concepts are SHOULD clauses, so no word is required; question words weigh 0.2. A quoted phrase is
//!    required (MUST) as written.

use std::collections::BTreeMap;

use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::analysis::{analyze, is_stop_word};
use super::schema::SectionFields;
use super::synonyms::Synonyms;
use super::SearchError;

/// Words of a query beyond this many are ignored (keeps a pasted page fast).
pub const MAX_QUERY_WORDS: usize = 32;

const WEIGHT_EXACT: f32 = 1.0;
const WEIGHT_SYNONYM: f32 = 0.8;
const WEIGHT_PREFIX: f32 = 0.7;
const WEIGHT_FUZZY_PREFIX: f32 = 0.35;
const WEIGHT_FUZZY: f32 = 0.5;
const WEIGHT_STOP: f32 = 0.2;
const MAX_PREFIX_EXPANSIONS: usize = 24;
const MAX_FUZZY_EXPANSIONS: usize = 8;
/// Tie-breaker of the per-term disjunction over fields: the best field counts fully, the others a little.
const FIELD_TIE_BREAKER: f32 = 0.3;

/// One word as typed (lower-cased) and analysed.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryWord {
    /// The word lower-cased, not stemmed.
    pub raw: String,
    /// The analysed (stemmed) word.
    pub stem: String,
    /// Whether it is a question word with little meaning.
    pub stop: bool,
}

/// A unit of meaning in a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Concept {
    /// A single word, with its synonyms (analysed word sequences).
    Word {
        /// The word.
        word: QueryWord,
        /// Whether to match indexed words that start with it (the user is still typing it).
        prefix: bool,
        /// Equivalent terms from the synonyms file.
        synonyms: Vec<Vec<String>>,
    },
    /// Several consecutive words forming a synonym term (e.g. "root cause analysis").
    Phrase {
        /// The analysed words.
        words: Vec<String>,
        /// Equivalent terms from the synonyms file.
        synonyms: Vec<Vec<String>>,
    },
}

/// A query after parsing: optional concepts and required phrases.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedQuery {
    /// Concepts, each a SHOULD clause.
    pub concepts: Vec<Concept>,
    /// Quoted phrases (analysed words), each required.
    pub phrases: Vec<Vec<String>>,
}

impl ParsedQuery {
    /// Whether nothing searchable is left.
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty() && self.phrases.is_empty()
    }
}

fn query_words(text: &str) -> Vec<QueryWord> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            let raw = w.to_lowercase();
            let stem = analyze(&raw).into_iter().next()?;
            let stop = is_stop_word(&raw);
            Some(QueryWord { raw, stem, stop })
        })
        .collect()
}

/// Splits a user's text into concepts and required phrases. Never fails.
pub fn parse_query(text: &str, synonyms: &Synonyms) -> ParsedQuery {
    // Segments of free text and quoted phrases; a quote left open is ignored.
    let mut free: Vec<Vec<QueryWord>> = Vec::new();
    let mut phrases: Vec<Vec<String>> = Vec::new();
    let pieces: Vec<&str> = text.split('"').collect();
    let balanced = pieces.len() % 2 == 1;
    let mut budget = MAX_QUERY_WORDS;
    for (i, piece) in pieces.iter().enumerate() {
        let quoted = i % 2 == 1 && (balanced || i + 1 < pieces.len());
        let mut words = query_words(piece);
        words.truncate(budget);
        budget -= words.len();
        if quoted && words.len() > 1 {
            phrases.push(words.into_iter().map(|w| w.stem).collect());
        } else if quoted {
            // A quoted single word is required as written.
            phrases.extend(words.into_iter().map(|w| vec![w.stem]));
        } else if !words.is_empty() {
            free.push(words);
        }
    }
    let still_typing = text.chars().last().is_some_and(char::is_alphanumeric);
    let last_segment = free.len().saturating_sub(1);
    let mut concepts = Vec::new();
    for (s, segment) in free.iter().enumerate() {
        let stems: Vec<String> = segment.iter().map(|w| w.stem.clone()).collect();
        for (i, word) in segment.iter().enumerate() {
            let matched = synonyms.longest_match(&stems[i..]);
            if matched > 1 {
                let words = stems[i..i + matched].to_vec();
                let alternatives = synonyms
                    .alternatives(&words)
                    .into_iter()
                    .map(<[String]>::to_vec)
                    .collect();
                concepts.push(Concept::Phrase {
                    words,
                    synonyms: alternatives,
                });
            }
            let single = std::slice::from_ref(&word.stem);
            let word_synonyms = synonyms
                .alternatives(single)
                .into_iter()
                .map(<[String]>::to_vec)
                .collect();
            let is_last = still_typing && s == last_segment && i + 1 == segment.len();
            concepts.push(Concept::Word {
                word: word.clone(),
                prefix: is_last && !word.stop && word.raw.chars().count() >= 2,
                synonyms: word_synonyms,
            });
        }
    }
    ParsedQuery { concepts, phrases }
}

fn boosted(query: Box<dyn Query>, weight: f32) -> Box<dyn Query> {
    if (weight - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, weight))
    }
}

/// BM25 on every weighted field for one analysed term.
fn term_query(fields: &SectionFields, stem: &str, weight: f32) -> Box<dyn Query> {
    let per_field: Vec<Box<dyn Query>> = fields
        .weighted_text_fields()
        .iter()
        .map(|&(field, boost)| {
            boosted(
                Box::new(TermQuery::new(
                    Term::from_field_text(field, stem),
                    IndexRecordOption::WithFreqs,
                )),
                boost,
            )
        })
        .collect();
    boosted(
        Box::new(DisjunctionMaxQuery::with_tie_breaker(
            per_field,
            FIELD_TIE_BREAKER,
        )),
        weight,
    )
}

/// A phrase (or a single term) on every weighted field.
fn phrase_query(fields: &SectionFields, words: &[String], weight: f32) -> Option<Box<dyn Query>> {
    match words {
        [] => None,
        [one] => Some(term_query(fields, one, weight)),
        _ => {
            let per_field: Vec<Box<dyn Query>> = fields
                .weighted_text_fields()
                .iter()
                .map(|&(field, boost)| {
                    let terms = words
                        .iter()
                        .map(|w| Term::from_field_text(field, w))
                        .collect();
                    boosted(Box::new(PhraseQuery::new(terms)), boost)
                })
                .collect();
            Some(boosted(
                Box::new(DisjunctionMaxQuery::with_tie_breaker(
                    per_field,
                    FIELD_TIE_BREAKER,
                )),
                weight,
            ))
        }
    }
}

/// Words of the index's vocabulary (unstemmed) matching a Levenshtein automaton built on `text`, most
/// frequent first, each with its stem: `(word, stem)`, at most `max` distinct stems.
fn expand(
    searcher: &Searcher,
    fields: &SectionFields,
    text: &str,
    distance: u8,
    prefix: bool,
    max: usize,
) -> Result<Vec<(String, String)>, SearchError> {
    let mut found: BTreeMap<String, u64> = BTreeMap::new();
    if prefix && distance == 0 {
        // A plain prefix is a range of the sorted term dictionary: no automaton needed.
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(fields.words)?;
            let mut stream = inverted.terms().range().ge(text.as_bytes()).into_stream()?;
            while stream.advance() && stream.key().starts_with(text.as_bytes()) {
                if let Ok(word) = std::str::from_utf8(stream.key()) {
                    *found.entry(word.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
    } else {
        let probe = Term::from_field_text(fields.words, text);
        let fuzzy = if prefix {
            FuzzyTermQuery::new_prefix(probe, distance, true)
        } else {
            FuzzyTermQuery::new(probe, distance, true)
        };
        let automaton = fuzzy.automaton()?;
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(fields.words)?;
            let mut stream = inverted.terms().search(&automaton).into_stream()?;
            while stream.advance() {
                if let Ok(word) = std::str::from_utf8(stream.key()) {
                    *found.entry(word.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
    }
    let mut ranked: Vec<(String, u64)> = found.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut out: Vec<(String, String)> = Vec::new();
    for (word, _) in ranked {
        let Some(stem) = analyze(&word).into_iter().next() else {
            continue;
        };
        if !out.iter().any(|(_, s)| *s == stem) {
            out.push((word, stem));
            if out.len() == max {
                break;
            }
        }
    }
    Ok(out)
}

fn is_indexed(
    searcher: &Searcher,
    fields: &SectionFields,
    stem: &str,
) -> Result<bool, SearchError> {
    for (field, _) in fields.weighted_text_fields() {
        if searcher.doc_freq(&Term::from_field_text(field, stem))? > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Weight of a synonym alternative: a phrase scores the sum of its words, so it is divided by their
/// number to stand for one concept like the word it replaces.
fn synonym_weight(synonym: &[String]) -> f32 {
    WEIGHT_SYNONYM / synonym.len().max(1) as f32
}

fn note(terms: &mut SnippetTerms, word: &str, weight: f32) {
    let entry = terms.entry(word.to_string()).or_insert(0.0);
    *entry = entry.max(weight);
}

/// Typo distance allowed for a word of `len` characters.
fn typo_distance(len: usize) -> u8 {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

fn word_alternatives(
    searcher: &Searcher,
    fields: &SectionFields,
    word: &QueryWord,
    prefix: bool,
    synonyms: &[Vec<String>],
    snippet_terms: &mut SnippetTerms,
) -> Result<Vec<Box<dyn Query>>, SearchError> {
    if word.stop {
        return Ok(vec![term_query(fields, &word.stem, WEIGHT_STOP)]);
    }
    let mut alternatives = vec![term_query(fields, &word.stem, WEIGHT_EXACT)];
    note(snippet_terms, &word.stem, WEIGHT_EXACT);
    for synonym in synonyms {
        if let Some(q) = phrase_query(fields, synonym, synonym_weight(synonym)) {
            alternatives.push(q);
            for w in synonym {
                note(snippet_terms, w, WEIGHT_SYNONYM);
            }
        }
    }
    let len = word.raw.chars().count();
    let distance = typo_distance(len);
    let mut seen = vec![word.stem.clone()];
    // Typo tolerance only for words the index does not know: a known word is most likely spelled as
    // meant, and its neighbours ("case" → "cause") would only add noise (and time).
    if distance > 0 && !is_indexed(searcher, fields, &word.stem)? {
        let weight = WEIGHT_FUZZY;
        for (_, stem) in expand(
            searcher,
            fields,
            &word.raw,
            distance,
            false,
            MAX_FUZZY_EXPANSIONS + 1,
        )? {
            if !seen.contains(&stem) {
                alternatives.push(term_query(fields, &stem, weight));
                note(snippet_terms, &stem, weight);
                seen.push(stem);
            }
        }
    }
    if prefix {
        for (_, stem) in expand(searcher, fields, &word.raw, 0, true, MAX_PREFIX_EXPANSIONS)? {
            if !seen.contains(&stem) {
                alternatives.push(term_query(fields, &stem, WEIGHT_PREFIX));
                note(snippet_terms, &stem, WEIGHT_PREFIX);
                seen.push(stem);
            }
        }
        if len >= 5 {
            for (_, stem) in expand(searcher, fields, &word.raw, 1, true, MAX_FUZZY_EXPANSIONS)? {
                if !seen.contains(&stem) {
                    alternatives.push(term_query(fields, &stem, WEIGHT_FUZZY_PREFIX));
                    note(snippet_terms, &stem, WEIGHT_FUZZY_PREFIX);
                    seen.push(stem);
                }
            }
        }
    }
    Ok(alternatives)
}

/// Terms to highlight in snippets, analysed, with their weight.
pub(crate) type SnippetTerms = BTreeMap<String, f32>;

/// A query ready to run, and what its snippets highlight.
pub(crate) struct BuiltQuery {
    pub(crate) query: Box<dyn Query>,
    pub(crate) snippet_terms: SnippetTerms,
}

/// Builds the tantivy query of a parsed query; `None` when nothing is searchable.
pub(crate) fn build_query(
    parsed: &ParsedQuery,
    searcher: &Searcher,
    fields: &SectionFields,
) -> Result<Option<BuiltQuery>, SearchError> {
    if parsed.is_empty() {
        return Ok(None);
    }
    let mut snippet_terms = SnippetTerms::new();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for phrase in &parsed.phrases {
        if let Some(q) = phrase_query(fields, phrase, WEIGHT_EXACT) {
            clauses.push((Occur::Must, q));
            for w in phrase {
                note(&mut snippet_terms, w, WEIGHT_EXACT);
            }
        }
    }
    for concept in &parsed.concepts {
        let mut alternatives = match concept {
            Concept::Word {
                word,
                prefix,
                synonyms,
            } => word_alternatives(
                searcher,
                fields,
                word,
                *prefix,
                synonyms,
                &mut snippet_terms,
            )?,
            Concept::Phrase { words, synonyms } => {
                let mut alternatives = Vec::new();
                alternatives.extend(phrase_query(fields, words, WEIGHT_EXACT));
                for synonym in synonyms {
                    alternatives.extend(phrase_query(fields, synonym, synonym_weight(synonym)));
                    for w in synonym {
                        if !is_stop_word(w) {
                            note(&mut snippet_terms, w, WEIGHT_SYNONYM);
                        }
                    }
                }
                alternatives
            }
        };
        let clause: Box<dyn Query> = match alternatives.len() {
            0 => continue,
            1 => alternatives.swap_remove(0),
            _ => Box::new(DisjunctionMaxQuery::new(alternatives)),
        };
        clauses.push((Occur::Should, clause));
    }
    Ok(Some(BuiltQuery {
        query: Box::new(BooleanQuery::new(clauses)),
        snippet_terms,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ParsedQuery {
        let synonyms = Synonyms::parse(
            "t.toml",
            "[[group]]\nterms = [\"rca\", \"root cause analysis\"]\n[[group]]\nterms = [\"ticket\", \"case\"]\n",
        )
        .unwrap();
        parse_query(text, &synonyms)
    }

    #[test]
    fn nasty_inputs_parse_to_something_or_nothing() {
        for text in [
            "",
            "   ",
            "?!.,",
            "\"",
            "\"\"",
            "title:",
            "🙂🙂",
            "\"unbalanced quote",
        ] {
            let parsed = parse(text);
            assert!(
                parsed.phrases.iter().all(|p| !p.is_empty()),
                "{text:?}: {parsed:?}"
            );
        }
        assert!(parse("?!").is_empty());
        assert_eq!(parse("\"unbalanced quote").phrases.len(), 0);
        assert_eq!(parse("\"unbalanced quote").concepts.len(), 2);
        let long = "word ".repeat(2000);
        assert_eq!(parse(&long).concepts.len(), MAX_QUERY_WORDS);
    }

    #[test]
    fn phrases_synonyms_and_prefix() {
        let parsed = parse("\"closed cases\" root cause analysis reop");
        assert_eq!(
            parsed.phrases,
            vec![vec!["close".to_string(), "case".to_string()]]
        );
        match &parsed.concepts[0] {
            Concept::Phrase { words, synonyms } => {
                assert_eq!(words, &["root", "caus", "analysi"]);
                assert_eq!(synonyms, &[vec!["rca".to_string()]]);
            }
            other => panic!("{other:?}"),
        }
        match parsed.concepts.last().unwrap() {
            Concept::Word { word, prefix, .. } => {
                assert_eq!(word.raw, "reop");
                assert!(*prefix);
            }
            other => panic!("{other:?}"),
        }
        // A finished query (ends with punctuation or space) has no word being typed.
        let parsed = parse("tickets ");
        match &parsed.concepts[0] {
            Concept::Word {
                prefix, synonyms, ..
            } => {
                assert!(!*prefix);
                assert_eq!(synonyms, &[vec!["case".to_string()]]);
            }
            other => panic!("{other:?}"),
        }
    }
}
