//! Markdown → sections: the knowledge base as the rest of the engine sees it.
//!
//! A corpus is a folder of markdown files (the embedded `docs-corpus/`, or a user's folder of
//! Microsoft-Learn-style docs). Loading one never fails as a whole: it returns every document it could
//! read plus a list of [`Diagnostic`]s for the files it skipped or only partly understood.

use serde::Serialize;

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
