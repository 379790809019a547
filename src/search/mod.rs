//! Full-text search over sections with tantivy.
//!
//! * [`analysis`]: the English analyzer (stemming) and question words.
//! * [`synonyms`]: support vocabulary groups from `docs-corpus/synonyms.toml`, validated at start-up.
//! * [`query`]: a user's text → a tantivy query (typos, search-as-you-type prefix, phrases, synonyms), never an error.
//! * [`schema`]: the tantivy schema of a section ([`section_schema`], [`SectionFields`]).
//! * [`index`]: [`SectionIndex`], which indexes sections and answers queries with
//!   `<mark>`-highlighted snippets over any tantivy index (RAM or disk).

pub mod analysis;
pub mod index;
pub mod query;
pub mod schema;
pub mod stats;
pub mod synonyms;

pub use index::{SectionHit, SectionIndex, SectionResults, MAX_SEARCH_LIMIT};
pub use schema::{section_schema, SectionFields, SCHEMA_VERSION};
pub use synonyms::{Synonyms, SynonymsError};

/// Failures of the search index itself (never of a query's text).
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed (I/O of an on-disk index, a poisoned lock…).
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Reading the term dictionary failed.
    #[error("search index I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The index was not created with [`section_schema`].
    #[error("the search index has an unexpected schema: {0}")]
    Schema(String),
}
