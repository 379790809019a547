//! Markdown → sections: the knowledge base as the rest of the engine sees it.
//!
//! A corpus is a folder of markdown files (the embedded `docs-corpus/`, or a user's folder of
//! Microsoft-Learn-style docs). Loading one never fails as a whole: it returns every document it could
//! read plus a list of [`Diagnostic`]s for the files it skipped or only partly understood.
//!
//! Entry points:
//!
//! * [`embedded`]: the knowledge base compiled into the binary (`docs-corpus/`); [`embedded_file`] gives
//!   raw access to its data files (`synonyms.toml`, `policy/*.toml`).
//! * [`contents::page_order`]: the FAQ's reading order (`contents.toml`), overview first.
//! * [`load_dir`]: every document of a folder, loaded in parallel.
//! * [`scan`] then [`Scan::for_each`] / [`Scan::load`]: the streaming form for large folders. The scan
//!   lists the markdown files with their content hashes (for incremental indexing) and keeps nothing else
//!   in memory; documents are then parsed one by one and handed to a callback.
//! * [`parse_document`]: one markdown source to a [`Document`] (no includes resolved).
//!
//! # What a document becomes
//!
//! YAML front matter (between `---` lines at the top) gives the title, description, topics and the
//! Microsoft Learn fields ([`FrontMatter`]); unknown fields are ignored, invalid YAML skips the file with an
//! `Error` diagnostic, and front matter over [`MAX_FRONT_MATTER_BYTES`], nested deeper than
//! [`MAX_FRONT_MATTER_DEPTH`] or with more than [`MAX_FRONT_MATTER_ALIASES`] aliases is not parsed (the
//! document loads without it, with a `Warning`). Microsoft Learn extensions are rewritten before parsing
//! (see [`learn`]): includes are expanded inline, `:::image:::` becomes a markdown image (alt text kept),
//! layout markers are dropped, and `> [!NOTE]`-style alerts become GitHub alerts (the marker is not part of the text; the kind stays in
//! [`Section::markdown`] for the reader). The result is cut into [`Section`]s: a heading and its body up to
//! the next heading of any level.
//!
//! Content before the first heading (rare in practice) becomes a level-1 section whose heading is the
//! document title and whose **anchor is the empty string**: it is cited as the document itself (`doc`,
//! not `doc#anchor`), and it can never collide with a heading's anchor.
//!
//! Anchors, in order of preference: an explicit `{#id}` attribute, an HTML anchor inside the heading or in
//! the paragraph just before it (`<a name="x"></a>`, `<a id="x">`), else the GitHub-style slug of the
//! heading text ([`slug`]). A repeated anchor within a document gets a `-1`, `-2`… suffix.
//!
//! # Hostile folders
//!
//! A folder's files are read only inside the folder and only when they are regular files of at most
//! [`MAX_FILE_BYTES`] (symlinks that stay inside are followed; see `load.rs` and `confined.rs`), and a
//! document's include expansion is bounded (see [`learn`]), so loading costs time and memory in
//! proportion to the folder's size.

use serde::Serialize;

mod confined;
pub mod contents;
mod embedded;
mod front_matter;
pub mod learn;
mod load;
mod markdown;
pub mod problems;

pub use confined::MAX_FILE_BYTES;
pub use embedded::{
    edition_dates, edition_file, embedded, embedded_edition, embedded_file, embedded_files,
    newest_edition, EDITIONS_DIR,
};
pub use front_matter::{
    FrontMatter, MAX_FRONT_MATTER_ALIASES, MAX_FRONT_MATTER_BYTES, MAX_FRONT_MATTER_DEPTH,
};
pub use load::{load_dir, scan, CorpusError, FileEntry, FileRole, LoadedFile, Scan};
pub use markdown::{parse_document, slug};
pub use problems::{group_diagnostics, ProblemFile, ProblemGroup, ProblemKind};

/// One heading and the body under it, up to the next heading: the unit of search and of citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Path of the document relative to its corpus root, with `/` separators (e.g. `reopening-incidents.md`).
    pub doc: String,
    /// Title of the document (front matter `title`, else the first level-1 heading, else the file name).
    pub title: String,
    /// Text of this section's heading.
    pub heading: String,
    /// Headings from the top of the document down to and including this one.
    pub heading_path: Vec<String>,
    /// Stable anchor of the heading (explicit `{#id}`, else an inline HTML anchor, else the slug). API: cited by policy rules.
    pub anchor: String,
    /// Heading level, 1–6.
    pub level: u8,
    /// Plain text of the body (what is indexed and shown in snippets), without markdown syntax.
    pub text: String,
    /// Markdown source of the section, heading included (what the reader renders).
    pub markdown: String,
    /// Topics from the document's front matter.
    pub topics: Vec<String>,
    /// The document's date (front matter `ms.date`, see [`FrontMatter::learn_date`]), when it has one.
    pub date: Option<chrono::NaiveDate>,
}

/// A problem found while loading a corpus. Ingestion reports it and carries on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Diagnostic {
    /// Path of the file, relative to the corpus root where possible.
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// Whether the file was skipped (`Error`) or loaded with a caveat (`Warning`).
    pub severity: DiagnosticSeverity,
    /// What is wrong, in one sentence.
    pub message: String,
}

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum DiagnosticSeverity {
    /// The file was loaded, but something in it was ignored (e.g. a missing include).
    Warning,
    /// The file was skipped.
    Error,
}

/// One markdown file of a corpus, cut into sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// Path relative to the corpus root, with `/` separators (the `doc` of every section).
    pub doc: String,
    /// Front matter `title`, else the first level-1 heading, else the file name without extension.
    pub title: String,
    /// Front matter `description`.
    pub description: Option<String>,
    /// Front matter `topics`.
    pub topics: Vec<String>,
    /// Every front matter field we read (including the Microsoft Learn ones).
    pub front_matter: FrontMatter,
    /// Sections in document order.
    pub sections: Vec<Section>,
    /// Corpus-relative paths of the include fragments expanded into this document (for incremental
    /// indexing: when one of them changes, this document must be parsed again).
    pub includes: Vec<String>,
}

/// The documents of one corpus and what went wrong while loading it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Corpus {
    /// Documents, sorted by [`Document::doc`]. Include fragments are not documents.
    pub documents: Vec<Document>,
    /// Problems found, sorted by path then line. `Error`s are files that were skipped.
    pub diagnostics: Vec<Diagnostic>,
    /// Every markdown file seen (documents, fragments and skipped files) with its content hash, sorted by path.
    pub files: Vec<FileEntry>,
}

impl Corpus {
    /// All sections of all documents, in document order.
    pub fn sections(&self) -> impl Iterator<Item = &Section> {
        self.documents.iter().flat_map(|d| d.sections.iter())
    }

    /// The document with this corpus-relative path.
    pub fn document(&self, doc: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.doc == doc)
    }
}

impl Diagnostic {
    /// A diagnostic for a skipped file.
    pub fn error(
        path: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            line,
            severity: DiagnosticSeverity::Error,
            message: message.into(),
        }
    }

    /// A diagnostic for a file that loaded with a caveat.
    pub fn warning(
        path: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            line,
            severity: DiagnosticSeverity::Warning,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = match self.severity {
            DiagnosticSeverity::Warning => "warning",
            DiagnosticSeverity::Error => "error",
        };
        match self.line {
            Some(line) => write!(f, "{}:{line}: {severity}: {}", self.path, self.message),
            None => write!(f, "{}: {severity}: {}", self.path, self.message),
        }
    }
}
