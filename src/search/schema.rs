//! The tantivy schema of a section document ([`section_schema`], [`SectionFields`]) and its
//! [`SCHEMA_VERSION`]. Its own module so that both the query builder ([`super::query`]) and the index
//! ([`super::index`]) depend on it, and not on one another.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED,
    STRING,
};

use super::analysis::{ANALYZER_NAME, WORDS_ANALYZER_NAME};

/// Version of the schema and analysis below; a persisted index built with another version must be rebuilt.
pub const SCHEMA_VERSION: u32 = 2;

/// The fields of a section document.
#[derive(Debug, Clone, Copy)]
pub struct SectionFields {
    /// Document id, relative to its corpus root (exact, stored).
    pub doc: Field,
    /// Document title (analysed, stored).
    pub title: Field,
    /// Heading of the section (analysed, stored).
    pub heading: Field,
    /// Headings from the top of the document to this one, one value each (analysed, stored).
    pub heading_path: Field,
    /// Anchor of the heading (exact, stored).
    pub anchor: Field,
    /// Plain text of the body (analysed, stored: snippets are cut from it).
    pub body: Field,
    /// Topics of the document, one value each (analysed, stored).
    pub topics: Field,
    /// Corpus the section comes from (exact, stored): `embedded` or a folder path.
    pub source: Field,
    /// `source` + `\n` + `doc`: deletes one document of one corpus (exact, stored).
    pub key: Field,
    /// Heading level 1–6 (stored).
    pub level: Field,
    /// Every word of title, headings, topics and body, lower-cased but NOT stemmed (indexed only): the
    /// vocabulary that typo and prefix matching expand against ("severty" → "severity", "reop" → "reopening").
    pub words: Field,
    /// Markdown source of the section (stored only).
    pub markdown: Field,
    /// The document's date as ISO `YYYY-MM-DD` (front matter `ms.date`; stored only, absent when none).
    pub date: Field,
}

impl SectionFields {
    /// The analysed fields a query searches, with their boosts: heading and title over body.
    pub fn weighted_text_fields(&self) -> [(Field, f32); 5] {
        [
            (self.heading, 2.5),
            (self.title, 1.5),
            (self.heading_path, 0.8),
            (self.topics, 0.8),
            (self.body, 1.0),
        ]
    }
}

/// The tantivy schema of a section, and its fields.
pub fn section_schema() -> (Schema, SectionFields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = SectionFields {
        doc: builder.add_text_field("doc", STRING | STORED),
        title: builder.add_text_field("title", text.clone()),
        heading: builder.add_text_field("heading", text.clone()),
        heading_path: builder.add_text_field("heading_path", text.clone()),
        anchor: builder.add_text_field("anchor", STRING | STORED),
        body: builder.add_text_field("body", text.clone()),
        topics: builder.add_text_field("topics", text),
        source: builder.add_text_field("source", STRING | STORED),
        key: builder.add_text_field("key", STRING | STORED),
        level: builder.add_u64_field("level", NumericOptions::default().set_stored().set_fast()),
        markdown: builder.add_text_field("markdown", STORED),
        date: builder.add_text_field("date", STORED),
        words: builder.add_text_field(
            "words",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(WORDS_ANALYZER_NAME)
                    .set_index_option(IndexRecordOption::Basic),
            ),
        ),
    };
    (builder.build(), fields)
}
