//! The tantivy side: building section documents (schema in [`super::schema`]) and running a query over
//! any tantivy [`Index`] (in RAM for the embedded corpus, on disk for the persistent index).

use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermSetQuery};
use tantivy::schema::{Field, Value};
use tantivy::snippet::{collapse_overlapped_ranges, SnippetGenerator};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher,
    SegmentReader, TantivyDocument, Term,
};

use super::analysis::{analyzer, words_analyzer, ANALYZER_NAME, WORDS_ANALYZER_NAME};
use super::query::{build_query, parse_query};
use super::schema::{section_schema, SectionFields};
use super::synonyms::Synonyms;
use super::SearchError;
use crate::corpus::Section;
use crate::text::escape_html;

/// Memory budget of an index writer: tantivy's minimum, enough for thousands of sections per commit.
pub const WRITER_MEMORY_BUDGET: usize = 15_000_000;

/// Longest snippet, in characters, before highlighting.
pub const SNIPPET_MAX_CHARS: usize = 200;

/// Most hits one search returns, whatever limit it is given: a caller's number never sizes an
/// allocation (tantivy reserves room for the limit before collecting). The limit is also clamped to
/// the number of sections in the index.
pub const MAX_SEARCH_LIMIT: usize = 10_000;

fn doc_key(source: &str, doc: &str) -> String {
    format!("{source}\n{doc}")
}

/// One section found by a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionHit {
    /// Document id, relative to its corpus root.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// Heading of the section.
    pub heading: String,
    /// Anchor of the heading.
    pub anchor: String,
    /// Corpus the section comes from.
    pub source: String,
    /// Best passage of the body (else the heading), HTML-escaped, matches wrapped in `<mark>`…`</mark>`.
    pub snippet: String,
    /// Relevance (BM25 with boosts); higher is better.
    pub score: f32,
    /// The document's date (front matter `ms.date`), when it has one.
    pub date: Option<chrono::NaiveDate>,
}

/// What a query found: the total number of matching sections and the best ones, by score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionResults {
    /// Number of matching sections.
    pub total: usize,
    /// The best sections, best first.
    pub hits: Vec<SectionHit>,
}

/// Sections in a tantivy index, and the query logic over them.
///
/// Works over any [`Index`] with [`section_schema`]: [`SectionIndex::in_memory`] for the embedded corpus,
/// [`SectionIndex::from_index`] for one opened elsewhere (e.g. on disk).
#[derive(Clone)]
pub struct SectionIndex {
    index: Index,
    reader: IndexReader,
    fields: SectionFields,
    synonyms: Arc<Synonyms>,
}

impl std::fmt::Debug for SectionIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SectionIndex")
            .field("fields", &self.fields)
            .field("synonym_groups", &self.synonyms.len())
            .finish_non_exhaustive()
    }
}

impl SectionIndex {
    /// An empty index in RAM.
    pub fn in_memory(synonyms: Arc<Synonyms>) -> Result<SectionIndex, SearchError> {
        let (schema, _) = section_schema();
        SectionIndex::from_index(Index::create_in_ram(schema), synonyms)
    }

    /// Wraps an index created with [`section_schema`] (registers the analyzer on it).
    pub fn from_index(index: Index, synonyms: Arc<Synonyms>) -> Result<SectionIndex, SearchError> {
        let schema = index.schema();
        let (expected, _) = section_schema();
        let field = |name: &str| -> Result<Field, SearchError> {
            let found = schema
                .get_field(name)
                .map_err(|_| SearchError::Schema(format!("the index has no field {name:?}")))?;
            let wanted = expected
                .get_field(name)
                .map_err(|_| SearchError::Schema(format!("unknown field {name:?}")))?;
            if schema.get_field_entry(found) != expected.get_field_entry(wanted) {
                return Err(SearchError::Schema(format!(
                    "the index's field {name:?} has different options"
                )));
            }
            Ok(found)
        };
        let fields = SectionFields {
            doc: field("doc")?,
            title: field("title")?,
            heading: field("heading")?,
            heading_path: field("heading_path")?,
            anchor: field("anchor")?,
            body: field("body")?,
            topics: field("topics")?,
            source: field("source")?,
            key: field("key")?,
            level: field("level")?,
            markdown: field("markdown")?,
            date: field("date")?,
            words: field("words")?,
        };
        index.tokenizers().register(ANALYZER_NAME, analyzer());
        index
            .tokenizers()
            .register(WORDS_ANALYZER_NAME, words_analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SectionIndex {
            index,
            reader,
            fields,
            synonyms,
        })
    }

    /// The underlying tantivy index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The schema's fields.
    pub fn fields(&self) -> &SectionFields {
        &self.fields
    }

    /// The synonyms queries are expanded with.
    pub fn synonyms(&self) -> &Synonyms {
        &self.synonyms
    }

    /// A writer with one indexing thread and [`WRITER_MEMORY_BUDGET`].
    pub fn writer(&self) -> Result<IndexWriter, SearchError> {
        Ok(self
            .index
            .writer_with_num_threads(1, WRITER_MEMORY_BUDGET)?)
    }

    /// The tantivy document of `section` from corpus `source`.
    pub fn document(&self, section: &Section, source: &str) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.doc, &section.doc);
        doc.add_text(f.title, &section.title);
        doc.add_text(f.heading, &section.heading);
        for heading in &section.heading_path {
            doc.add_text(f.heading_path, heading);
        }
        doc.add_text(f.anchor, &section.anchor);
        doc.add_text(f.body, &section.text);
        for topic in &section.topics {
            doc.add_text(f.topics, topic);
        }
        doc.add_text(f.source, source);
        doc.add_text(f.key, doc_key(source, &section.doc));
        doc.add_u64(f.level, u64::from(section.level));
        doc.add_text(f.markdown, &section.markdown);
        if let Some(date) = section.date {
            doc.add_text(f.date, date.format("%Y-%m-%d").to_string());
        }
        for text in [&section.title, &section.heading, &section.text]
            .into_iter()
            .chain(&section.topics)
        {
            doc.add_text(f.words, text);
        }
        doc
    }

    /// Adds one section of corpus `source` (visible after the writer commits and [`Self::reload`]).
    pub fn add_section(
        &self,
        writer: &IndexWriter,
        section: &Section,
        source: &str,
    ) -> Result<(), SearchError> {
        writer.add_document(self.document(section, source))?;
        Ok(())
    }

    /// Deletes every section of document `doc` of corpus `source`.
    pub fn delete_doc(&self, writer: &IndexWriter, source: &str, doc: &str) {
        writer.delete_term(Term::from_field_text(
            self.fields.key,
            &doc_key(source, doc),
        ));
    }

    /// Deletes every section of corpus `source`.
    pub fn delete_source(&self, writer: &IndexWriter, source: &str) {
        writer.delete_term(Term::from_field_text(self.fields.source, source));
    }

    /// Makes committed changes visible to [`Self::searcher`].
    pub fn reload(&self) -> Result<(), SearchError> {
        self.reader.reload()?;
        Ok(())
    }

    /// A searcher over the last reloaded state.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The date stored with a section document ([`SectionFields::date`]), if any.
    pub fn stored_date(&self, doc: &TantivyDocument) -> Option<chrono::NaiveDate> {
        let text = doc.get_first(self.fields.date)?.as_str()?;
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }

    /// Runs a user's query (any text: never an error for what it says) and returns the `limit` best
    /// sections; `limit` is clamped to [`MAX_SEARCH_LIMIT`] and to the number of sections held.
    pub fn search(
        &self,
        searcher: &Searcher,
        query: &str,
        limit: usize,
    ) -> Result<SectionResults, SearchError> {
        self.search_sources(searcher, query, limit, None)
    }

    /// [`SectionIndex::search`] over the sections of the corpora `sources` only (`None`: all of them).
    /// The restriction adds nothing to the scores, so they compare with those of an unrestricted search.
    pub fn search_sources(
        &self,
        searcher: &Searcher,
        query: &str,
        limit: usize,
        sources: Option<&[&str]>,
    ) -> Result<SectionResults, SearchError> {
        self.search_with(searcher, query, limit, sources, None)
    }

    /// [`SectionIndex::search_sources`] scored with `stats` (the BM25 statistics of every index searched
    /// together, see [`super::stats::SharedStatistics`]) instead of this index's own, so that its scores
    /// compare with theirs.
    pub fn search_with(
        &self,
        searcher: &Searcher,
        query: &str,
        limit: usize,
        sources: Option<&[&str]>,
        stats: Option<&dyn tantivy::query::Bm25StatisticsProvider>,
    ) -> Result<SectionResults, SearchError> {
        let parsed = parse_query(query, &self.synonyms);
        let Some(mut built) = build_query(&parsed, searcher, &self.fields)? else {
            return Ok(SectionResults {
                total: 0,
                hits: Vec::new(),
            });
        };
        if let Some(sources) = sources {
            let terms = sources
                .iter()
                .map(|source| Term::from_field_text(self.fields.source, source));
            let only: Box<dyn Query> = Box::new(ConstScoreQuery::new(
                Box::new(TermSetQuery::new(terms)),
                0.0,
            ));
            built.query = Box::new(BooleanQuery::new(vec![
                (Occur::Must, built.query),
                (Occur::Must, only),
            ]));
        }
        // Never more than the index holds, nor than MAX_SEARCH_LIMIT: tantivy sizes its heap by it.
        let held = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let limit = limit.min(MAX_SEARCH_LIMIT).min(held);
        let (top, total) = if limit == 0 {
            (Vec::new(), searcher.search(&built.query, &Count)?)
        } else {
            let collector = TopDocs::with_limit(limit).tweak_score(|segment: &SegmentReader| {
                let levels = segment
                    .fast_fields()
                    .u64("level")
                    .ok()
                    .map(|column| column.first_or_default_col(0));
                move |doc: DocId, score: Score| match &levels {
                    Some(levels) => score * level_prior(levels.get_val(doc)),
                    None => score,
                }
            });
            match stats {
                Some(stats) => searcher.search_with_statistics_provider(
                    &built.query,
                    &(collector, Count),
                    stats,
                )?,
                None => searcher.search(&built.query, &(collector, Count))?,
            }
        };
        let mut body_snippets = SnippetGenerator::new(
            built.snippet_terms.clone(),
            analyzer(),
            self.fields.body,
            SNIPPET_MAX_CHARS,
        );
        body_snippets.set_max_num_chars(SNIPPET_MAX_CHARS);
        let heading_snippets = SnippetGenerator::new(
            built.snippet_terms,
            analyzer(),
            self.fields.heading,
            SNIPPET_MAX_CHARS,
        );
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            hits.push(self.hit(searcher, address, score, &body_snippets, &heading_snippets)?);
        }
        Ok(SectionResults { total, hits })
    }

    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        score: f32,
        body_snippets: &SnippetGenerator,
        heading_snippets: &SnippetGenerator,
    ) -> Result<SectionHit, SearchError> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field: Field| -> String {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let body = text(self.fields.body);
        let heading = text(self.fields.heading);
        let snippet = render_snippet(body_snippets, &body)
            .or_else(|| render_snippet(heading_snippets, &heading))
            .unwrap_or_else(|| {
                let plain = if body.trim().is_empty() {
                    &heading
                } else {
                    &body
                };
                one_line_html(&leading_chars(plain, SNIPPET_MAX_CHARS))
            });
        Ok(SectionHit {
            doc: text(self.fields.doc),
            title: text(self.fields.title),
            heading,
            anchor: text(self.fields.anchor),
            source: text(self.fields.source),
            snippet,
            score,
            date: self.stored_date(&doc),
        })
    }
}

/// Document-intro sections (level 1) restate the whole page in a few lines, so they match many queries
/// about its sub-sections; their score is lowered a little so the specific section comes first.
pub const INTRO_PRIOR: f32 = 0.8;

fn level_prior(level: u64) -> f32 {
    if level <= 1 {
        INTRO_PRIOR
    } else {
        1.0
    }
}

/// The highlighted snippet of `text`, if any query term occurs in it: the best fragment, extended to the
/// end of its last word, with `…` where text was cut.
fn render_snippet(generator: &SnippetGenerator, text: &str) -> Option<String> {
    let snippet = generator.snippet(text);
    if snippet.is_empty() {
        return None;
    }
    let range = snippet.fragment_range();
    let start = range.start;
    let end = text
        .get(range.end..)
        .and_then(|rest| rest.find(char::is_whitespace))
        .map_or(text.len(), |offset| range.end + offset);
    let mut html = String::with_capacity(end - start + 32);
    if start > 0 {
        html.push('…');
    }
    let mut pos = start;
    for mark in collapse_overlapped_ranges(snippet.highlighted()) {
        let (from, to) = (start + mark.start, start + mark.end);
        if from < pos || to > end {
            continue;
        }
        html.push_str(&one_line_html(text.get(pos..from)?));
        html.push_str("<mark>");
        html.push_str(&one_line_html(text.get(from..to)?));
        html.push_str("</mark>");
        pos = to;
    }
    html.push_str(&one_line_html(text.get(pos..end)?));
    if end < text.len() {
        html.push('…');
    }
    Some(html)
}

/// The first `max` characters of `text`, cut at a word boundary, with `…` when cut.
fn leading_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let end = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end())
}

/// A piece of snippet text as one line of HTML: every run of whitespace (line breaks of tables and
/// lists included) becomes one space, then [`escape_html`] escapes it.
fn one_line_html(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                line.push(' ');
            }
            in_space = true;
        } else {
            in_space = false;
            line.push(c);
        }
    }
    escape_html(&line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(doc: &str, anchor: &str, heading: &str, text: &str) -> Section {
        Section {
            doc: doc.to_string(),
            title: "Reopening a support incident".to_string(),
            heading: heading.to_string(),
            heading_path: vec![heading.to_string()],
            anchor: anchor.to_string(),
            level: 2,
            text: text.to_string(),
            markdown: format!("## {heading}\n\n{text}\n"),
            topics: vec!["incidents".to_string()],
            date: None,
        }
    }

    fn fixture() -> SectionIndex {
        let synonyms =
            Synonyms::parse("t.toml", "[[group]]\nterms = [\"ticket\", \"incident\"]\n").unwrap();
        let index = SectionIndex::in_memory(Arc::new(synonyms)).unwrap();
        let mut writer = index.writer().unwrap();
        for s in [
            section(
                "reopen.md",
                "closed-three-months",
                "Cases closed three months or more",
                "A case closed three or more months ago needs a new incident.",
            ),
            section(
                "reopen.md",
                "same-error",
                "Same error in the same place",
                "The same error on the same machine can be reopened <b>as is</b>.",
            ),
            section(
                "data.md",
                "corruption",
                "Data corruption",
                "Corrupted data is not repaired by Microsoft.",
            ),
        ] {
            index.add_section(&writer, &s, "embedded").unwrap();
        }
        writer.commit().unwrap();
        index.reload().unwrap();
        index
    }

    fn top(index: &SectionIndex, q: &str) -> Vec<String> {
        let searcher = index.searcher();
        let results = index.search(&searcher, q, 10).unwrap();
        results.hits.into_iter().map(|h| h.anchor).collect()
    }

    #[test]
    fn typo_prefix_phrase_and_synonym() {
        let index = fixture();
        assert_eq!(top(&index, "corupted")[0], "corruption");
        assert_eq!(top(&index, "corup")[0], "corruption");
        assert_eq!(top(&index, "reop")[0], "same-error");
        assert_eq!(top(&index, "\"same machine\""), ["same-error"]);
        assert_eq!(
            top(&index, "ticket closed months ago")[0],
            "closed-three-months"
        );
        assert!(top(&index, "\"machine same\"").is_empty());
        assert!(top(&index, "").is_empty());
    }

    #[test]
    fn snippets_escape_and_mark() {
        let index = fixture();
        let searcher = index.searcher();
        let results = index.search(&searcher, "machine", 10).unwrap();
        assert_eq!(results.total, 1);
        let snippet = &results.hits[0].snippet;
        assert!(snippet.contains("<mark>machine</mark>"), "{snippet}");
        assert!(snippet.contains("&lt;b&gt;as is&lt;/b&gt;"), "{snippet}");
        assert_eq!(index.search(&searcher, "machine", 0).unwrap().total, 1);
    }

    #[test]
    fn deletes_by_doc_and_source() {
        let index = fixture();
        let mut writer = index.writer().unwrap();
        index.delete_doc(&writer, "embedded", "data.md");
        writer.commit().unwrap();
        index.reload().unwrap();
        assert!(top(&index, "corruption").is_empty());
        index.delete_source(&writer, "embedded");
        writer.commit().unwrap();
        index.reload().unwrap();
        assert!(top(&index, "machine").is_empty());
    }
}
