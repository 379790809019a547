//! The [`Engine`]: the knowledge base, indexed and searchable, behind one `Send + Sync` value.
//!
//! The embedded corpus (`docs-corpus/`) is always loaded and indexed in RAM at start; folders of markdown
//! can be added and removed at run time through `&self` (the desktop app keeps the engine in
//! `tauri::State`). All corpora share one in-memory [`SectionIndex`]; each section records the corpus it
//! came from, so removing a folder deletes exactly its sections.
//!
//! A folder can also be added through its persistent on-disk index ([`Engine::add_folder`],
//! see [`crate::folder_index`]): only the files changed since the last run are parsed, and the folder is searched
//! in place; [`Engine::search`] merges its hits with the in-memory ones by score.
//!
//! A folder added through its persistent index can be watched ([`Engine::watch_corpus`]): file changes
//! are re-indexed in the background and show in search, the reader and the outlines within a second.
//!
//! # Sources
//!
//! Every hit names its source ([`Hit::source`]): [`FAQ_SOURCE`] for the embedded policy FAQ, otherwise
//! the folder's name ([`CorpusInfo::name`]): its directory name, or — when two loaded folders share it —
//! as many trailing components of its path as tell them apart (`team-a/docs`, `team-b/docs`); a folder
//! whose name would be `faq` is called `<parent>/faq`. [`Engine::search_sources`] searches some sources
//! only.
//!
//! # The FAQ ranks first
//!
//! Every index searched together is scored with the BM25 statistics of all of them
//! ([`crate::search::stats::SharedStatistics`]), so scores compare across the FAQ and folders of any
//! size. The policy FAQ is the authority of this app: its scores are multiplied by [`FAQ_AUTHORITY`]
//! before the hits of all sources are merged, so a FAQ passage that matches as well as a folder passage ranks above
//! it, and a folder of thousands of pages does not push the FAQ's answer out of the first results
//! (`tests/persistent_index.rs` checks the relevance suite's FAQ questions with the power-platform docs added).
//!
//! # Editions
//!
//! The policy FAQ an engine holds is one edition's: the newest ([`Engine::embedded`]) or the one named
//! ([`Engine::embedded_edition`]). [`Engine::search_edition`] searches another edition's FAQ beside the
//! same folders, indexing it on its first search and keeping it; its hits name their edition
//! ([`Hit::policy_version`]) and open with [`Engine::show_edition`].
//!
//! Document ids are relative to their corpus root. When two corpora hold the same id, [`Engine::show`]
//! uses the first corpus in [`Engine::corpora`] order (the embedded corpus first, then folders in the
//! order they were added); [`Engine::anchor_exists`] looks at the embedded corpus only.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use serde::Serialize;

use crate::corpus::{self, Diagnostic, Section};
use crate::folder_index::{IndexError, IndexOptions, PersistentIndex, Progress, UpdateReport};
use crate::search::{SearchError, SectionIndex, Synonyms, SynonymsError};
use crate::watch::{FolderWatcher, WatchError, DEFAULT_DEBOUNCE};

/// Source label of the embedded corpus in [`CorpusInfo::source`].
pub const EMBEDDED_SOURCE: &str = "embedded";

/// Name of the embedded policy FAQ as a source of hits ([`Hit::source`], `supportkb search --source`).
pub const FAQ_SOURCE: &str = "faq";

/// How the embedded policy FAQ is called where people read it (the desktop's badge and filter chip).
pub const FAQ_LABEL: &str = "Policy FAQ";

/// Factor applied to the scores of policy FAQ passages before hits of all sources are merged: the FAQ is
/// the authority of this app, so at equal match it ranks first, and it keeps its place in the first
/// results against a large folder whose BM25 statistics (many long pages) give higher raw scores. Chosen
/// with the relevance suite's FAQ questions run with the power-platform folder added (`tests/persistent_index.rs`).
pub const FAQ_AUTHORITY: f32 = 2.0;

/// Factor on the score of a glossary section: a definition restates the passage it cites in a few
/// words, so at equal match the policy's own passage ranks first; the glossary comes first when the
/// question is about the word itself ("what is UAT"). `tests/relevance.rs` keeps it honest.
pub const GLOSSARY_PRIOR: f32 = 0.4;

/// Name of the synonyms file inside the embedded corpus.
pub const SYNONYMS_FILE: &str = "synonyms.toml";

/// Why the engine refused a request.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The embedded synonyms file is malformed (the message names file and line).
    #[error(transparent)]
    Synonyms(#[from] SynonymsError),
    /// The search index failed.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// The embedded reading order (`contents.toml`) does not match the knowledge base.
    #[error(transparent)]
    Contents(#[from] corpus::contents::ContentsError),
    /// The embedded glossary (`glossary.toml`) is malformed or cites a passage that does not exist.
    #[error(transparent)]
    Glossary(#[from] crate::glossary::GlossaryError),
    /// A corpus folder could not be read as a whole (missing, not a directory…).
    #[error("cannot load corpus folder {}: {message}", path.display())]
    CorpusFolder {
        /// The folder as given.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// [`Engine::search_sources`] was given a source that is not loaded.
    #[error(
        "unknown source {:?}; the sources are: {}",
        crate::text::echo(name), known.join(", ")
    )]
    UnknownSource {
        /// The source asked for.
        name: String,
        /// The names of the loaded sources ([`FAQ_SOURCE`] first, then the folders).
        known: Vec<String>,
    },
    /// [`Engine::remove_corpus`] was given a folder that was never added.
    #[error("no corpus folder {} was added", path.display())]
    UnknownCorpus {
        /// The folder as given.
        path: PathBuf,
    },
    /// No corpus has a document with this id.
    #[error("unknown document {:?}", crate::text::echo(doc))]
    UnknownDoc {
        /// The document id asked for.
        doc: String,
    },
    /// The document exists but has no heading with this anchor.
    #[error(
        "document {:?} has no anchor {:?}; its anchors are: {}",
        crate::text::echo(doc), crate::text::echo(anchor), available.join(", ")
    )]
    UnknownAnchor {
        /// The document id.
        doc: String,
        /// The anchor asked for.
        anchor: String,
        /// The anchors the document has, in order.
        available: Vec<String>,
    },
    /// [`Engine::watch_corpus`] was given a folder that is not searched through a persistent index.
    #[error("{} is not kept in a persistent index, so it cannot be watched", path.display())]
    NotPersistent {
        /// The folder as given.
        path: PathBuf,
    },
    /// The folder could not be watched for changes.
    #[error(transparent)]
    Watch(#[from] WatchError),
    /// An internal lock was poisoned by a panic in another thread.
    #[error("the engine's state is unusable after an earlier panic")]
    Poisoned,
    /// The policy descriptions are unusable, or name no such policy (a build defect).
    #[error("policy data: {0}")]
    Policy(String),
    /// An answer could not be shared, or a `supportkb://` link not be read.
    #[error(transparent)]
    Share(#[from] crate::share::ShareError),
}

/// What adding a folder did ([`Engine::add_folder`]).
#[derive(Debug, Clone, PartialEq)]
pub struct FolderReport {
    /// The folder as now loaded.
    pub corpus: CorpusInfo,
    /// Whether the folder is kept in a persistent index on disk (and so can be watched); `false` when the
    /// index directory was unusable and the folder is searched in memory instead (a warning says why).
    pub persistent: bool,
    /// Files skipped or partly understood, and notices about the index.
    pub diagnostics: Vec<Diagnostic>,
    /// The same diagnostics grouped by kind, in people's words ([`corpus::group_diagnostics`]).
    pub problems: Vec<corpus::ProblemGroup>,
}

/// One search result (the JSON of a hit in `supportkb search --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Hit {
    /// Document id, relative to its corpus root.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// Heading of the section.
    pub heading: String,
    /// Anchor of the section's heading: `doc#anchor` cites it.
    pub anchor: String,
    /// Passage with the matched words as `<mark>…</mark>`; all other text HTML-escaped.
    pub snippet: String,
    /// Relevance; hits are ordered by it, best first (policy FAQ scores include [`FAQ_AUTHORITY`]).
    pub score: f32,
    /// Where the passage comes from: [`FAQ_SOURCE`], or the folder's name ([`CorpusInfo::name`]).
    pub source: String,
    /// The document's date as ISO `YYYY-MM-DD` (front matter `ms.date`), when it has one.
    pub date: Option<String>,
    /// The same date for people to read ("26 Jan 2021", see [`date_for_people`]).
    pub date_label: Option<String>,
    /// The edition of the policy (`YYYY-MM-DD`) of a policy FAQ passage from an older edition than the
    /// newest ([`Engine::search_edition`]); absent for the newest FAQ and for folders. Such a passage
    /// opens with [`Engine::show_edition`].
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub policy_version: Option<String>,
}

/// The answer to a query (the JSON printed by `supportkb search --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
    /// Number of matching sections (may exceed `hits.len()`).
    pub total: usize,
    /// The best sections, best first.
    pub hits: Vec<Hit>,
}

/// A section or a whole document, for reading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shown {
    /// Document id.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// The anchor shown, or `None` for the whole document.
    pub anchor: Option<String>,
    /// Heading of the section shown, or `None` for the whole document.
    pub heading: Option<String>,
    /// Markdown source (front matter removed).
    pub markdown: String,
    /// Corpus the document comes from ([`EMBEDDED_SOURCE`] or a folder path).
    pub source: String,
    /// The edition of the policy (`YYYY-MM-DD`) of a passage from an older edition than the newest
    /// ([`Engine::show_edition`]); `None` for the newest FAQ and folders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_version: Option<String>,
}

/// A loaded corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CorpusInfo {
    /// [`EMBEDDED_SOURCE`], or the folder's canonical path.
    pub source: String,
    /// Its name as a source of hits: [`FAQ_SOURCE`], or the folder's name (see the module docs).
    pub name: String,
    /// How people see it named: [`FAQ_LABEL`], or the folder's name.
    pub label: String,
    /// The folder, for an added corpus.
    pub path: Option<PathBuf>,
    /// Number of documents.
    pub documents: usize,
    /// Number of sections (searchable units).
    pub sections: usize,
}

/// A heading in a [`DocumentOutline`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeadingOutline {
    /// Heading text.
    pub heading: String,
    /// Anchor of the heading.
    pub anchor: String,
    /// Level, 1–6.
    pub level: u8,
}

/// A document's table of contents (the desktop topic tree is built from these).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentOutline {
    /// Document id, relative to its corpus root.
    pub doc: String,
    /// Title.
    pub title: String,
    /// Front matter description, if any.
    pub description: Option<String>,
    /// Front matter topics.
    pub topics: Vec<String>,
    /// Corpus the document comes from ([`EMBEDDED_SOURCE`] or a folder path).
    pub source: String,
    /// Headings in document order.
    pub headings: Vec<HeadingOutline>,
}

/// The summaries of `corpora`, each under its name ([`source_names`]).
fn infos(corpora: &[LoadedCorpus]) -> Vec<CorpusInfo> {
    let paths: Vec<Option<&Path>> = corpora.iter().map(|c| c.path.as_deref()).collect();
    corpora
        .iter()
        .zip(source_names(&paths))
        .map(|(corpus, name)| corpus.info(&name))
        .collect()
}

/// A document as the engine keeps it.
#[derive(Debug, Clone)]
struct LoadedDocument {
    doc: String,
    title: String,
    description: Option<String>,
    topics: Vec<String>,
    sections: Vec<Section>,
}

#[derive(Debug, Clone)]
struct LoadedCorpus {
    source: String,
    path: Option<PathBuf>,
    documents: Documents,
}

/// Where a corpus's documents are read from.
#[derive(Debug, Clone)]
enum Documents {
    /// Held in memory: the embedded corpus, and folders loaded in memory.
    Held(Vec<LoadedDocument>),
    /// Read from the folder's persistent index when asked (one document for [`Engine::show`]); never
    /// held as a whole, so a large folder costs no memory beyond tantivy's.
    Persistent(Arc<PersistentIndex>),
}

impl Documents {
    /// Number of documents and of sections.
    fn counts(&self) -> (usize, usize) {
        match self {
            Documents::Held(documents) => (
                documents.len(),
                documents.iter().map(|d| d.sections.len()).sum(),
            ),
            Documents::Persistent(index) => index.counts(),
        }
    }

    /// The document `doc`, if this corpus has it (one clone, or one document read from the index).
    fn find(&self, doc: &str) -> Result<Option<LoadedDocument>, EngineError> {
        match self {
            Documents::Held(documents) => Ok(documents.iter().find(|d| d.doc == doc).cloned()),
            Documents::Persistent(index) => {
                let sections = read_persistent_document(index, doc)?;
                Ok(sections.and_then(|s| documents_from_sections(s).into_iter().next()))
            }
        }
    }

    /// The outline of every document, under `source`.
    fn outlines(&self, source: &str) -> Vec<DocumentOutline> {
        match self {
            Documents::Held(documents) => documents.iter().map(|d| d.outline(source)).collect(),
            // An index that cannot be read gives no outline; its search reports the damage.
            Documents::Persistent(index) => {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| index.outlines()))
                    .ok()
                    .and_then(Result::ok)
                    .map(documents_from_sections)
                    .unwrap_or_default()
                    .iter()
                    .map(|d| d.outline(source))
                    .collect()
            }
        }
    }
}

impl LoadedDocument {
    /// The whole document's markdown, section after section.
    fn markdown(&self) -> String {
        self.sections
            .iter()
            .map(|s| s.markdown.trim_end())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// The section `anchor`; an unknown anchor is an error listing the document's anchors.
    fn section(&self, anchor: &str) -> Result<&Section, EngineError> {
        self.sections
            .iter()
            .find(|s| s.anchor == anchor)
            .ok_or_else(|| EngineError::UnknownAnchor {
                doc: self.doc.clone(),
                anchor: anchor.to_string(),
                available: self.sections.iter().map(|s| s.anchor.clone()).collect(),
            })
    }

    /// Its outline (title, topics, headings), under `source`.
    fn outline(&self, source: &str) -> DocumentOutline {
        DocumentOutline {
            doc: self.doc.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            topics: self.topics.clone(),
            source: source.to_string(),
            headings: self
                .sections
                .iter()
                .map(|s| HeadingOutline {
                    heading: s.heading.clone(),
                    anchor: s.anchor.clone(),
                    level: s.level,
                })
                .collect(),
        }
    }
}

impl LoadedCorpus {
    /// Its summary, under the `name` given by [`source_names`].
    fn info(&self, name: &str) -> CorpusInfo {
        CorpusInfo {
            source: self.source.clone(),
            name: name.to_string(),
            label: if self.path.is_none() {
                FAQ_LABEL.to_string()
            } else {
                name.to_string()
            },
            path: self.path.clone(),
            documents: self.documents.counts().0,
            sections: self.documents.counts().1,
        }
    }
}

/// The knowledge base engine: corpora, their search index, and reading by `doc#anchor`.
///
/// `Send + Sync`; every method takes `&self`.
pub struct Engine {
    index: SectionIndex,
    /// Held while the in-memory index is written. A tantivy writer is made for each change and dropped
    /// after its commit, so its memory arena and thread are not kept for the app's whole life.
    writing: Mutex<()>,
    /// Shared with the folder watchers, which refresh a folder's documents after re-indexing it.
    corpora: Arc<RwLock<Vec<LoadedCorpus>>>,
    /// Folders searched through their persistent index (see [`Engine::add_persistent_corpus`]).
    persistent: RwLock<Vec<Arc<PersistentIndex>>>,
    /// Running watches, by corpus source (see [`Engine::watch_corpus`]).
    watchers: Mutex<Vec<(String, FolderWatcher)>>,
    /// The edition of the policy (`YYYY-MM-DD`) whose FAQ this engine holds and searches by default.
    edition: String,
    /// The FAQs of other editions, each indexed in memory the first time it is searched
    /// ([`Engine::search_edition`]) and kept for the engine's life. The lock is held while one is
    /// built, so an edition is built once however many searches ask for it at the same time.
    editions: Mutex<Vec<(String, Arc<Engine>)>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("corpora", &self.corpora())
            .finish_non_exhaustive()
    }
}

/// A date as people read it: "26 Jan 2021".
pub fn date_for_people(date: chrono::NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// The name of each corpus as a source of hits, in the same order: [`FAQ_SOURCE`] for the embedded one
/// (no path), else the folder's directory name, lengthened to as many trailing path components as tell
/// it apart from every other folder (and from [`FAQ_SOURCE`]); a folder no suffix tells apart keeps its
/// whole path.
fn source_names(paths: &[Option<&Path>]) -> Vec<String> {
    let components: Vec<Vec<String>> = paths
        .iter()
        .map(|path| {
            path.map(|p| {
                p.components()
                    .filter_map(|c| match c {
                        std::path::Component::Normal(part) => {
                            Some(part.to_string_lossy().into_owned())
                        }
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
        })
        .collect();
    let suffix = |parts: &[String], k: usize| parts[parts.len().saturating_sub(k)..].join("/");
    paths
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let Some(path) = path else {
                return FAQ_SOURCE.to_string();
            };
            let parts = &components[i];
            (1..=parts.len())
                .map(|k| (k, suffix(parts, k)))
                .find(|(k, name)| {
                    name != FAQ_SOURCE
                        && components.iter().enumerate().all(|(j, other)| {
                            j == i || paths[j].is_none() || suffix(other, *k) != *name
                        })
                })
                .map_or_else(|| path.display().to_string(), |(_, name)| name)
        })
        .collect()
}

/// The embedded synonyms, validated (none when the file is absent).
pub fn embedded_synonyms() -> Result<Synonyms, SynonymsError> {
    match corpus::embedded_file(SYNONYMS_FILE) {
        Some(text) => Synonyms::parse(&format!("docs-corpus/{SYNONYMS_FILE}"), text),
        None => Ok(Synonyms::empty()),
    }
}

fn loaded_documents(corpus: corpus::Corpus) -> (Vec<LoadedDocument>, Vec<Diagnostic>) {
    let documents = corpus
        .documents
        .into_iter()
        .map(|d| LoadedDocument {
            doc: d.doc,
            title: d.title,
            description: d.description,
            topics: d.topics,
            sections: d.sections,
        })
        .collect();
    (documents, corpus.diagnostics)
}

/// Documents from sections in document order (as a persistent index returns them).
fn documents_from_sections(sections: Vec<Section>) -> Vec<LoadedDocument> {
    let mut documents: Vec<LoadedDocument> = Vec::new();
    for section in sections {
        match documents.last_mut() {
            Some(last) if last.doc == section.doc => last.sections.push(section),
            _ => documents.push(LoadedDocument {
                doc: section.doc.clone(),
                title: section.title.clone(),
                description: None,
                topics: section.topics.clone(),
                sections: vec![section],
            }),
        }
    }
    documents
}

/// Searches one folder's persistent index. A damaged index on disk can make tantivy fail or even panic
/// (an index out of bounds in a segment file changed under it): neither reaches the caller. The index is
/// set aside and rebuilt from the folder (by whichever search saw it first), then searched again; if
/// that fails too, the folder contributes no hits.
fn search_persistent(
    p: &PersistentIndex,
    query: &str,
    limit: usize,
    stats: &dyn tantivy::query::Bm25StatisticsProvider,
) -> Option<crate::search::SectionResults> {
    let index = p.section_index();
    let attempt = || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let searcher = index.searcher();
            index.search_with(&searcher, query, limit, None, Some(stats))
        }))
    };
    let reason = match attempt() {
        Ok(Ok(found)) => return Some(found),
        Ok(Err(err)) if search_error_means_damage(&err) => format!("a search failed: {err}"),
        // Anything else is about the query, not the index: no rebuild for it.
        Ok(Err(_)) => return None,
        Err(payload) => format!(
            "a search panicked: {}",
            crate::folder_index::panic_message(&*payload)
        ),
    };
    let recovered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        p.recover_if_current(&index, &reason, &|_| {})
    }));
    if !matches!(recovered, Ok(Ok(_))) {
        return None;
    }
    let index = p.section_index();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        index.search(&index.searcher(), query, limit)
    })) {
        Ok(Ok(found)) => Some(found),
        _ => None,
    }
}

/// Reads one document from a folder's persistent index. Like [`search_persistent`], a failure or panic
/// that means the index on disk is damaged sets it aside and rebuilds it from the folder, then reads
/// again; only a second failure is an error, and no panic reaches the caller.
fn read_persistent_document(
    p: &PersistentIndex,
    doc: &str,
) -> Result<Option<Vec<Section>>, EngineError> {
    let failed = p.section_index();
    let attempt = || std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| p.document(doc)));
    let reason = match attempt() {
        Ok(Ok(sections)) => return Ok(sections),
        Ok(Err(IndexError::Search(err))) if !search_error_means_damage(&err) => {
            return Err(err.into())
        }
        Ok(Err(err)) => format!("reading a document failed: {err}"),
        Err(payload) => format!(
            "reading a document panicked: {}",
            crate::folder_index::panic_message(&*payload)
        ),
    };
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        p.recover_if_current(&failed, &reason, &|_| {})
    }));
    match attempt() {
        Ok(Ok(sections)) => Ok(sections),
        Ok(Err(IndexError::Search(err))) => Err(err.into()),
        Ok(Err(err)) => Err(SearchError::Io(std::io::Error::other(err.to_string())).into()),
        Err(payload) => Err(SearchError::Io(std::io::Error::other(format!(
            "reading {} from the index of {} panicked: {}",
            crate::text::echo(doc),
            p.source(),
            crate::folder_index::panic_message(&*payload)
        )))
        .into()),
    }
}

/// Whether a search error says the index on disk is damaged (unreadable, corrupted, missing files).
fn search_error_means_damage(err: &SearchError) -> bool {
    use tantivy::TantivyError as T;
    match err {
        SearchError::Io(_) => true,
        SearchError::Tantivy(err) => matches!(
            err,
            T::OpenDirectoryError(_)
                | T::OpenReadError(_)
                | T::IoError(_)
                | T::DataCorruption(_)
                | T::IncompatibleIndex(_)
                | T::DeserializeError(_)
        ),
        SearchError::Schema(_) => false,
    }
}

/// The canonical form of a folder, used as its source label ([`crate::folder_index::canonical_root`]).
fn folder_source(dir: &Path) -> Result<PathBuf, EngineError> {
    crate::folder_index::canonical_root(dir).map_err(|message| EngineError::CorpusFolder {
        path: dir.to_path_buf(),
        message,
    })
}

/// The embedded FAQ of edition `version`; an unknown edition is an error listing them.
fn edition_corpus(version: &str) -> Result<corpus::Corpus, EngineError> {
    corpus::embedded_edition(version).ok_or_else(|| {
        EngineError::Policy(format!(
            "no embedded edition {}; the editions are {}",
            crate::text::echo(version),
            corpus::edition_dates().join(", ")
        ))
    })
}

/// The embedded policy registry, a broken description being an internal error.
fn registry() -> Result<&'static crate::policy::Registry, crate::policy::PolicyError> {
    crate::policy::Registry::embedded().map_err(|e| {
        crate::policy::PolicyError::new(crate::policy::ErrorKind::Internal, None, e.to_string())
    })
}

impl Engine {
    /// The embedded knowledge base (the newest edition of the policy FAQ), indexed in memory.
    pub fn embedded() -> Result<Engine, EngineError> {
        Engine::from_embedded(
            corpus::newest_edition().unwrap_or_default(),
            corpus::embedded(),
        )
    }

    /// The FAQ of one embedded edition of the policy (`YYYY-MM-DD`, an edition's own date), indexed in
    /// memory in place of the newest: `supportkb search --policy-version`. Its hits carry the
    /// edition's `ms.date`, so an older edition's hits are labelled with their date.
    pub fn embedded_edition(version: &str) -> Result<Engine, EngineError> {
        let corpus = edition_corpus(version)?;
        Engine::from_embedded(version, corpus)
    }

    /// The engine over the FAQ of the edition of `date`, in that edition's reading order.
    fn from_embedded(date: &str, corpus: corpus::Corpus) -> Result<Engine, EngineError> {
        let synonyms = Arc::new(embedded_synonyms()?);
        let index = SectionIndex::in_memory(synonyms)?;
        let (mut documents, _diagnostics) = loaded_documents(corpus);
        let order =
            corpus::contents::page_order_of(date, documents.iter().map(|d| d.doc.as_str()))?;
        documents.sort_by_key(|d| order.iter().position(|o| *o == d.doc));
        if Some(date) == corpus::newest_edition() {
            // The glossary page closes the newest FAQ: its terms are checked against the passages above
            // (it explains the words of the policy in force, so older editions go without it).
            let (glossary, _) = loaded_documents(corpus::Corpus {
                documents: vec![crate::glossary::Glossary::embedded()?.page()?],
                ..corpus::Corpus::default()
            });
            documents.extend(glossary);
        }
        let engine = Engine {
            index,
            writing: Mutex::new(()),
            corpora: Arc::new(RwLock::new(Vec::new())),
            persistent: RwLock::new(Vec::new()),
            watchers: Mutex::new(Vec::new()),
            edition: date.to_string(),
            editions: Mutex::new(Vec::new()),
        };
        engine.replace_source(EMBEDDED_SOURCE, documents.iter().flat_map(|d| &d.sections))?;
        engine
            .corpora
            .write()
            .map_err(|_| EngineError::Poisoned)?
            .push(LoadedCorpus {
                source: EMBEDDED_SOURCE.to_string(),
                path: None,
                documents: Documents::Held(documents),
            });
        Ok(engine)
    }

    /// The embedded knowledge base plus the given folders, each through its persistent index (kept under
    /// `options.base_dir`, default: the platform data directory). A folder whose index directory cannot
    /// be written is indexed in memory instead, with a warning among the returned diagnostics.
    pub fn with_persistent_corpora(
        dirs: &[PathBuf],
        options: &IndexOptions,
    ) -> Result<(Engine, Vec<Diagnostic>), EngineError> {
        let engine = Engine::embedded()?;
        let mut diagnostics = Vec::new();
        for dir in dirs {
            diagnostics.extend(engine.add_folder(dir, options, &|_| {})?.diagnostics);
        }
        Ok((engine, diagnostics))
    }

    /// Adds a folder the way the desktop app and `search --corpus` do: through its persistent index
    /// (see [`crate::folder_index`]), or, when the index directory cannot be used, in memory
    /// with a warning saying why. `progress` hears about long updates. A folder that cannot be read
    /// (missing, not a directory) is an error.
    pub fn add_folder(
        &self,
        dir: &Path,
        options: &IndexOptions,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<FolderReport, EngineError> {
        let mut diagnostics = Vec::new();
        let persistent = match self.add_persistent_corpus(dir, options, progress) {
            Ok(report) => {
                let root = report.root.clone();
                diagnostics.extend(report.skipped);
                diagnostics.extend(report.warnings);
                diagnostics.extend(
                    report
                        .notices
                        .into_iter()
                        .map(|notice| Diagnostic::warning(root.as_str(), None, notice)),
                );
                true
            }
            Err(IndexError::Corpus { path, message }) => {
                return Err(EngineError::CorpusFolder { path, message });
            }
            Err(err) => {
                diagnostics.push(Diagnostic::warning(
                    dir.display().to_string(),
                    None,
                    format!(
                        "its index on disk cannot be used ({err}); searching this folder in memory \
                         instead, which is slower and is redone at every start"
                    ),
                ));
                diagnostics.extend(self.add_corpus(dir)?);
                false
            }
        };
        let canonical = folder_source(dir)?;
        let corpus = self
            .corpora()
            .into_iter()
            .find(|c| c.path.as_deref() == Some(canonical.as_path()))
            .ok_or_else(|| EngineError::UnknownCorpus {
                path: dir.to_path_buf(),
            })?;
        Ok(FolderReport {
            corpus,
            persistent,
            problems: corpus::group_diagnostics(&diagnostics),
            diagnostics,
        })
    }

    /// Adds a folder through its persistent index: opened from disk (or created), brought up to date (only
    /// files changed since the last update are parsed), and searched in place; `progress` hears how a
    /// long update goes. Replaces an in-memory copy of the same folder. Returns what the update did.
    fn add_persistent_corpus(
        &self,
        dir: &Path,
        options: &IndexOptions,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<UpdateReport, IndexError> {
        let poisoned = || IndexError::Internal("the engine's state is unusable".to_string());
        let synonyms = Arc::new(self.index.synonyms().clone());
        let index = PersistentIndex::open(dir, options, synonyms)?;
        let report = index.refresh(progress)?;
        let index = Arc::new(index);
        let source = index.source().to_string();
        let mut corpora = self.corpora.write().map_err(|_| poisoned())?;
        let mut persistent = self.persistent.write().map_err(|_| poisoned())?;
        if corpora.iter().any(|c| c.source == source)
            && !persistent.iter().any(|p| p.source() == source)
        {
            self.replace_source(&source, []).map_err(|err| match err {
                EngineError::Search(err) => IndexError::Search(err),
                other => IndexError::Internal(other.to_string()),
            })?;
        }
        let entry = LoadedCorpus {
            source: source.clone(),
            path: Some(index.root().to_path_buf()),
            documents: Documents::Persistent(Arc::clone(&index)),
        };
        match corpora.iter_mut().find(|c| c.source == source) {
            Some(existing) => *existing = entry,
            None => corpora.push(entry),
        }
        persistent.retain(|p| p.source() != source);
        persistent.push(index);
        Ok(report)
    }

    /// The embedded knowledge base plus the given folders; returns the folders' diagnostics.
    pub fn with_corpora(dirs: &[PathBuf]) -> Result<(Engine, Vec<Diagnostic>), EngineError> {
        let engine = Engine::embedded()?;
        let mut diagnostics = Vec::new();
        for dir in dirs {
            diagnostics.extend(engine.add_corpus(dir)?);
        }
        Ok((engine, diagnostics))
    }

    /// Loads and indexes a folder of markdown (again, if it was already added); returns its diagnostics
    /// (files skipped or partly understood). A missing folder is an error.
    pub fn add_corpus(&self, dir: &Path) -> Result<Vec<Diagnostic>, EngineError> {
        let canonical = folder_source(dir)?;
        let source = canonical.display().to_string();
        let loaded = corpus::load_dir(&canonical).map_err(|err| EngineError::CorpusFolder {
            path: dir.to_path_buf(),
            message: err.to_string(),
        })?;
        let (documents, diagnostics) = loaded_documents(loaded);
        self.replace_source(&source, documents.iter().flat_map(|d| &d.sections))?;
        let mut corpora = self.corpora.write().map_err(|_| EngineError::Poisoned)?;
        let entry = LoadedCorpus {
            source: source.clone(),
            path: Some(canonical),
            documents: Documents::Held(documents),
        };
        match corpora.iter_mut().find(|c| c.source == source) {
            Some(existing) => *existing = entry,
            None => corpora.push(entry),
        }
        Ok(diagnostics)
    }

    /// Removes a folder added with [`Engine::add_corpus`] or [`Engine::add_folder`] (the embedded corpus
    /// cannot be removed), and stops watching it. Its persistent index stays on disk for next time.
    pub fn remove_corpus(&self, dir: &Path) -> Result<(), EngineError> {
        let wanted: Vec<PathBuf> = [Some(dir.to_path_buf()), dir.canonicalize().ok()]
            .into_iter()
            .flatten()
            .collect();
        // Stop the watcher before taking the locks its update thread may be waiting for.
        let watched_source = self
            .corpora
            .read()
            .map_err(|_| EngineError::Poisoned)?
            .iter()
            .find(|c| c.path.as_ref().is_some_and(|p| wanted.contains(p)))
            .map(|c| c.source.clone());
        if let Some(source) = watched_source {
            self.stop_watching(&source)?;
        }
        let mut corpora = self.corpora.write().map_err(|_| EngineError::Poisoned)?;
        let position = corpora
            .iter()
            .position(|c| c.path.as_ref().is_some_and(|p| wanted.contains(p)))
            .ok_or_else(|| EngineError::UnknownCorpus {
                path: dir.to_path_buf(),
            })?;
        let source = corpora[position].source.clone();
        self.persistent
            .write()
            .map_err(|_| EngineError::Poisoned)?
            .retain(|p| p.source() != source);
        self.replace_source(&source, [])?;
        corpora.remove(position);
        Ok(())
    }

    /// Replaces the in-memory index's sections of `source` with `sections` (none: removes them) in one
    /// commit. The tantivy writer is made for this change and dropped after it.
    fn replace_source<'a>(
        &self,
        source: &str,
        sections: impl IntoIterator<Item = &'a Section>,
    ) -> Result<(), EngineError> {
        let _writing = self.writing.lock().map_err(|_| EngineError::Poisoned)?;
        let mut writer = self.index.writer()?;
        self.index.delete_source(&writer, source);
        for section in sections {
            self.index.add_section(&writer, section, source)?;
        }
        writer.commit().map_err(SearchError::from)?;
        drop(writer);
        self.index.reload()?;
        Ok(())
    }

    /// Watches a folder added through its persistent index: after each burst of file changes (debounced),
    /// the changed files are re-indexed and the folder's documents refreshed, so edits show in search and
    /// in [`Engine::documents`] within a second. `on_update` then receives the folder as now loaded, or
    /// the reason re-indexing failed (on the watcher's thread). Watching a folder again replaces the
    /// earlier watch.
    pub fn watch_corpus(
        &self,
        dir: &Path,
        on_update: impl Fn(Result<CorpusInfo, String>) + Send + 'static,
    ) -> Result<(), EngineError> {
        let source = folder_source(dir)?.display().to_string();
        let index = self
            .persistent
            .read()
            .map_err(|_| EngineError::Poisoned)?
            .iter()
            .find(|p| p.source() == source)
            .cloned()
            .ok_or_else(|| EngineError::NotPersistent {
                path: dir.to_path_buf(),
            })?;
        self.stop_watching(&source)?;
        let corpora = Arc::clone(&self.corpora);
        let watched = Arc::clone(&index);
        let watcher = FolderWatcher::start(index, DEFAULT_DEBOUNCE, move |result| {
            // The folder's documents are read from its index when asked: nothing to refresh here.
            let outcome = result.map_err(|err| err.to_string()).and_then(|_report| {
                let corpora = corpora
                    .read()
                    .map_err(|_| "the engine's state is unusable".to_string())?;
                let position = corpora
                    .iter()
                    .position(|c| c.source == watched.source())
                    .ok_or_else(|| format!("{} is no longer loaded", watched.source()))?;
                infos(&corpora)
                    .into_iter()
                    .nth(position)
                    .ok_or_else(|| format!("{} is no longer loaded", watched.source()))
            });
            on_update(outcome);
        })?;
        self.watchers
            .lock()
            .map_err(|_| EngineError::Poisoned)?
            .push((source, watcher));
        Ok(())
    }

    /// The persistent index a folder is searched through, if it is (for tests and diagnostics).
    #[doc(hidden)]
    pub fn folder_index(&self, dir: &Path) -> Option<Arc<PersistentIndex>> {
        let source = folder_source(dir).ok()?.display().to_string();
        self.persistent
            .read()
            .ok()?
            .iter()
            .find(|p| p.source() == source)
            .cloned()
    }

    /// Whether a folder is being watched ([`Engine::watch_corpus`]).
    pub fn is_watched(&self, dir: &Path) -> bool {
        let Ok(source) = folder_source(dir) else {
            return false;
        };
        let source = source.display().to_string();
        self.watchers
            .lock()
            .is_ok_and(|w| w.iter().any(|(s, _)| *s == source))
    }

    fn stop_watching(&self, source: &str) -> Result<(), EngineError> {
        let stopped: Vec<FolderWatcher> = {
            let mut watchers = self.watchers.lock().map_err(|_| EngineError::Poisoned)?;
            let (stopped, kept) = std::mem::take(&mut *watchers)
                .into_iter()
                .partition(|(s, _)| s == source);
            *watchers = kept;
            stopped.into_iter().map(|(_, w)| w).collect()
        };
        // Dropping a watcher joins its thread; no engine lock is held here.
        drop(stopped);
        Ok(())
    }

    /// The loaded corpora: the embedded one first, then folders in the order they were added.
    pub fn corpora(&self) -> Vec<CorpusInfo> {
        self.corpora.read().map(|c| infos(&c)).unwrap_or_default()
    }

    /// The names of the sources a search can be restricted to ([`Engine::search_sources`]):
    /// [`FAQ_SOURCE`] first, then each folder's name, in the order of [`Engine::corpora`].
    pub fn source_names(&self) -> Vec<String> {
        self.corpora().into_iter().map(|c| c.name).collect()
    }

    /// Searches every corpus. Any text is a valid query (empty → no hits); any `limit` is valid too
    /// (at most [`crate::search::MAX_SEARCH_LIMIT`] hits come back). Policy FAQ passages rank first at
    /// equal match ([`FAQ_AUTHORITY`]).
    pub fn search(&self, query: &str, limit: usize) -> SearchResults {
        self.search_in(query, limit, None, self)
    }

    /// [`Engine::search`] over some sources only, by name ([`FAQ_SOURCE`] or a folder's
    /// [`CorpusInfo::name`]; an empty list means every source). A name that is not loaded is an
    /// [`EngineError::UnknownSource`] listing the names that are.
    pub fn search_sources(
        &self,
        query: &str,
        limit: usize,
        sources: &[String],
    ) -> Result<SearchResults, EngineError> {
        if sources.is_empty() {
            return Ok(self.search(query, limit));
        }
        let wanted = self.resolve_sources(sources)?;
        Ok(self.search_in(query, limit, Some(&wanted), self))
    }

    /// [`Engine::search_sources`] with the policy FAQ of edition `policy_version` (an edition's own date,
    /// `YYYY-MM-DD`) in place of this engine's, beside the same folders: `supportkb search
    /// --policy-version` and the desktop's edition selector. `None` or this engine's own edition is
    /// [`Engine::search_sources`] itself. Another edition's FAQ is indexed in memory the first time it is
    /// searched and kept, so only that search pays for it; its hits carry the edition
    /// ([`Hit::policy_version`]) and its `ms.date` ([`Hit::date_label`]). An edition that is not
    /// embedded is an error listing those that are.
    pub fn search_edition(
        &self,
        query: &str,
        limit: usize,
        sources: &[String],
        policy_version: Option<&str>,
    ) -> Result<SearchResults, EngineError> {
        let Some(version) = policy_version.filter(|v| *v != self.edition) else {
            return self.search_sources(query, limit, sources);
        };
        let faq = self.edition_engine(version)?;
        let wanted = if sources.is_empty() {
            None
        } else {
            Some(self.resolve_sources(sources)?)
        };
        Ok(self.search_in(query, limit, wanted.as_deref(), &faq))
    }

    /// The engine over the FAQ of edition `version` alone, built on first use and kept.
    fn edition_engine(&self, version: &str) -> Result<Arc<Engine>, EngineError> {
        let mut editions = self.editions.lock().map_err(|_| EngineError::Poisoned)?;
        if let Some((_, engine)) = editions.iter().find(|(v, _)| v == version) {
            return Ok(Arc::clone(engine));
        }
        let engine = Arc::new(Engine::embedded_edition(version)?);
        editions.push((version.to_string(), Arc::clone(&engine)));
        Ok(engine)
    }

    /// Checks that every name of `sources` is a loaded source ([`Engine::source_names`]), as
    /// [`Engine::search_sources`] will: an unknown one is an [`EngineError::UnknownSource`].
    pub fn check_sources(&self, sources: &[String]) -> Result<(), EngineError> {
        self.resolve_sources(sources).map(|_| ())
    }

    /// The internal source labels of the sources named.
    fn resolve_sources(&self, sources: &[String]) -> Result<Vec<String>, EngineError> {
        let corpora = self.corpora();
        let mut wanted = Vec::with_capacity(sources.len());
        for name in sources {
            match corpora.iter().find(|c| c.name == *name) {
                Some(corpus) => wanted.push(corpus.source.clone()),
                None => {
                    return Err(EngineError::UnknownSource {
                        name: name.clone(),
                        known: corpora.into_iter().map(|c| c.name).collect(),
                    })
                }
            }
        }
        Ok(wanted)
    }

    /// Searches the corpora whose internal source labels are `only` (`None`: all), merging the hits of
    /// every index by score with [`FAQ_AUTHORITY`] applied to the policy FAQ's. The policy FAQ searched
    /// is `faq`'s: this engine's own, or the engine of another edition's FAQ ([`Engine::search_edition`]),
    /// whose hits are then labelled with its edition.
    fn search_in(
        &self,
        query: &str,
        limit: usize,
        only: Option<&[String]>,
        faq: &Engine,
    ) -> SearchResults {
        let start = Instant::now();
        let limit = limit.min(crate::search::MAX_SEARCH_LIMIT);
        let own_faq = std::ptr::eq(faq, self);
        let wanted = |source: &str| match only {
            None => true,
            Some(only) => only.iter().any(|s| s == source),
        };
        let corpora = self.corpora.read().map(|c| infos(&c)).unwrap_or_default();
        let persistent: Vec<Arc<PersistentIndex>> = self
            .persistent
            .read()
            .map(|p| p.clone())
            .unwrap_or_default();
        // The in-memory index holds the FAQ and any folder searched in memory: each is asked for its own
        // `limit` best, so the FAQ's factor never works on a list already cut by raw scores. A search
        // of everything the index holds (the usual case: folders are persistent) needs no restriction.
        let held: Vec<&str> = corpora
            .iter()
            .map(|c| c.source.as_str())
            .filter(|s| !persistent.iter().any(|p| p.source() == *s))
            .collect();
        let (faq_group, folders): (Vec<&str>, Vec<&str>) = held
            .iter()
            .filter(|s| wanted(s))
            .partition(|s| **s == EMBEDDED_SOURCE);
        let searcher = self.index.searcher();
        // Another edition's FAQ is the only thing its engine's index holds.
        let (faq_searcher, faq_held) = if own_faq {
            (searcher.clone(), held.len())
        } else {
            (faq.index.searcher(), 1)
        };
        // Every index searched is scored with the statistics of all of them together, so a word rare
        // across everything weighs the same in the FAQ and in a folder of three files.
        let folder_searchers: Vec<tantivy::Searcher> = persistent
            .iter()
            .filter(|p| wanted(p.source()))
            .filter_map(|p| {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    p.section_index().searcher()
                }))
                .ok()
            })
            .collect();
        // With another edition's FAQ, this engine's in-memory index counts only for the folders it
        // holds (its statistics then include its own FAQ's: one index cannot give a source's alone).
        let held_folders = (!own_faq && !folders.is_empty()).then_some(&searcher);
        let stats = crate::search::stats::SharedStatistics::new(
            std::iter::once(&faq_searcher)
                .chain(held_folders)
                .chain(folder_searchers.iter())
                .collect(),
        );
        let mut found = crate::search::SectionResults {
            total: 0,
            hits: Vec::new(),
        };
        let groups = [
            (&faq.index, &faq_searcher, faq_group, faq_held),
            (&self.index, &searcher, folders, held.len()),
        ];
        for (index, searcher, group, held) in groups {
            if group.is_empty() {
                continue;
            }
            // The index lives in RAM: tantivy cannot fail on I/O here; should it fail anyway, the
            // answer is "no hits" rather than an error for the user's text.
            let restrict = (group.len() < held).then_some(group.as_slice());
            // The glossary's sections are scored down below (GLOSSARY_PRIOR): the FAQ is asked for as
            // many more hits as the glossary could take, so none of its passages is cut for them.
            let wanted_hits = if group.contains(&EMBEDDED_SOURCE) {
                limit.saturating_add(
                    crate::glossary::Glossary::embedded().map_or(0, |g| g.terms.len() + 1),
                )
            } else {
                limit
            };
            if let Ok(more) =
                index.search_with(searcher, query, wanted_hits, restrict, Some(&stats))
            {
                found.total += more.total;
                found.hits.extend(more.hits);
            }
        }
        for p in persistent.iter().filter(|p| wanted(p.source())) {
            // A folder's index on disk may fail on I/O; its hits are then missing, not the others'.
            // A folder whose index cannot be searched even once rebuilt adds no hits; the others do.
            if let Some(more) = search_persistent(p, query, limit, &stats) {
                found.total += more.total;
                found.hits.extend(more.hits);
            }
        }
        for hit in &mut found.hits {
            if hit.source == EMBEDDED_SOURCE {
                hit.score *= FAQ_AUTHORITY;
                if hit.doc == crate::glossary::GLOSSARY_DOC {
                    hit.score *= GLOSSARY_PRIOR;
                }
            }
        }
        found.hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        found.hits.truncate(limit);
        // The FAQ's passages name their edition when it is not the newest.
        let older_edition =
            (Some(faq.edition.as_str()) != corpus::newest_edition()).then_some(&faq.edition);
        let hits = found
            .hits
            .into_iter()
            .map(|h| Hit {
                policy_version: older_edition
                    .filter(|_| h.source == EMBEDDED_SOURCE)
                    .cloned(),
                source: corpora
                    .iter()
                    .find(|c| c.source == h.source)
                    .map_or_else(|| h.source.clone(), |c| c.name.clone()),
                date: h.date.map(|d| d.format("%Y-%m-%d").to_string()),
                date_label: h.date.map(date_for_people),
                doc: h.doc,
                title: h.title,
                heading: h.heading,
                anchor: h.anchor,
                snippet: h.snippet,
                score: h.score,
            })
            .collect();
        let took_ms = (start.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0;
        SearchResults {
            query: query.to_string(),
            took_ms,
            total: found.total,
            hits,
        }
    }

    /// One section (`anchor`) or the whole document. Unknown doc or anchor → an error naming it (and,
    /// for an anchor, listing the document's anchors).
    pub fn show(&self, doc: &str, anchor: Option<&str>) -> Result<Shown, EngineError> {
        let corpora = self.corpora.read().map_err(|_| EngineError::Poisoned)?;
        let mut found = None;
        for corpus in corpora.iter() {
            if let Some(document) = corpus.documents.find(doc)? {
                found = Some((corpus, document));
                break;
            }
        }
        let (corpus, document) = found.ok_or_else(|| EngineError::UnknownDoc {
            doc: doc.to_string(),
        })?;
        match anchor {
            None => Ok(Shown {
                doc: document.doc.clone(),
                title: document.title.clone(),
                anchor: None,
                heading: None,
                markdown: document.markdown(),
                source: corpus.source.clone(),
                policy_version: None,
            }),
            Some(anchor) => {
                let section = document.section(anchor)?;
                Ok(Shown {
                    doc: document.doc.clone(),
                    title: document.title.clone(),
                    anchor: Some(section.anchor.clone()),
                    heading: Some(section.heading.clone()),
                    markdown: section.markdown.clone(),
                    source: corpus.source.clone(),
                    policy_version: None,
                })
            }
        }
    }

    /// The whole document, for a reader positioned at `anchor`: like [`Engine::show`] with no anchor,
    /// but with `anchor` and `heading` naming the section (an unknown anchor is the same error as there).
    pub fn show_document(&self, doc: &str, anchor: Option<&str>) -> Result<Shown, EngineError> {
        let mut whole = self.show(doc, None)?;
        if let Some(anchor) = anchor {
            let section = self.show(doc, Some(anchor))?;
            whole.anchor = section.anchor;
            whole.heading = section.heading;
        }
        Ok(whole)
    }

    /// The whole document of the FAQ of edition `policy_version` (an edition's own date), positioned
    /// at `anchor`, as [`Engine::show_document`]: a citation of an answer given under an older edition
    /// opens that edition's passage. `None` or the newest edition is [`Engine::show_document`] itself
    /// (folders included); an older edition's documents are read from the embedded corpus on demand,
    /// and the result names the edition.
    pub fn show_edition(
        &self,
        policy_version: Option<&str>,
        doc: &str,
        anchor: Option<&str>,
    ) -> Result<Shown, EngineError> {
        let Some(version) = policy_version.filter(|v| Some(*v) != corpus::newest_edition()) else {
            return self.show_document(doc, anchor);
        };
        let older = edition_corpus(version)?;
        let (documents, _) = loaded_documents(older);
        let document = documents
            .into_iter()
            .find(|d| d.doc == doc)
            .ok_or_else(|| EngineError::UnknownDoc {
                doc: doc.to_string(),
            })?;
        let section = anchor.map(|a| document.section(a)).transpose()?;
        Ok(Shown {
            doc: document.doc.clone(),
            title: document.title.clone(),
            anchor: section.map(|s| s.anchor.clone()),
            heading: section.map(|s| s.heading.clone()),
            markdown: document.markdown(),
            source: EMBEDDED_SOURCE.to_string(),
            policy_version: Some(version.to_string()),
        })
    }

    /// Outlines of the documents of the FAQ of an older edition (`YYYY-MM-DD`), to name its passages
    /// (a citation of an answer given under it); `None` or the newest edition: [`Engine::documents`].
    pub fn edition_documents(
        &self,
        policy_version: Option<&str>,
    ) -> Result<Vec<DocumentOutline>, EngineError> {
        let Some(version) = policy_version.filter(|v| Some(*v) != corpus::newest_edition()) else {
            return Ok(self.documents());
        };
        let older = edition_corpus(version)?;
        Ok(Documents::Held(loaded_documents(older).0).outlines(EMBEDDED_SOURCE))
    }

    /// The passages (`doc`, `anchor`) of edition `to` that its changes since edition `from` cite (the
    /// reader's "changed since" marks): every citation on the `to` side of [`Engine::changes`].
    pub fn changed_passages(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<crate::policy::EditionCite>, crate::policy::PolicyError> {
        let changes = self.changes(from, to)?;
        let mut cited: Vec<crate::policy::EditionCite> = Vec::new();
        for cite in changes.changes.iter().flat_map(|c| &c.cites) {
            if cite.policy_version == to && !cited.contains(cite) {
                cited.push(cite.clone());
            }
        }
        Ok(cited)
    }

    /// Outlines of every document of every corpus, in corpus then document order (the policy FAQ in its
    /// reading order, the edition's `contents.toml`; folders by path).
    pub fn documents(&self) -> Vec<DocumentOutline> {
        let Ok(corpora) = self.corpora.read() else {
            return Vec::new();
        };
        corpora
            .iter()
            .flat_map(|c| c.documents.outlines(&c.source))
            .collect()
    }

    /// The glossary of the policy's words, checked against the knowledge base (see
    /// [`crate::glossary`]).
    pub fn glossary(
        &self,
    ) -> Result<&'static crate::glossary::Glossary, crate::glossary::GlossaryError> {
        crate::glossary::Glossary::embedded()
    }

    /// Every policy's full description (what `supportkb policies --json` prints); delegates to
    /// [`crate::policy::Registry::embedded`].
    pub fn policies(
        &self,
    ) -> Result<Vec<&'static crate::policy::PolicySpec>, crate::policy::SpecError> {
        Ok(crate::policy::Registry::embedded()?.specs())
    }

    /// The editions of the support policy, oldest first (the desktop's edition selector).
    pub fn editions(&self) -> Result<Vec<crate::policy::EditionInfo>, crate::policy::PolicyError> {
        Ok(registry()?.editions().into_iter().cloned().collect())
    }

    /// Every policy's description in the edition in force on `policy_version` (`None`: the newest).
    pub fn policies_in(
        &self,
        policy_version: Option<&str>,
    ) -> Result<Vec<&'static crate::policy::PolicySpec>, crate::policy::PolicyError> {
        registry()?.specs_for(policy_version)
    }

    /// What changed from edition `from` to edition `to` ([`crate::policy::changes()`]).
    pub fn changes(
        &self,
        from: &str,
        to: &str,
    ) -> Result<crate::policy::Changes, crate::policy::PolicyError> {
        crate::policy::changes(registry()?, from, to)
    }

    /// Answers a policy question; `today` is the date `as_of`-like facts default to (the engine never
    /// reads the clock for a policy). Delegates to [`crate::policy::Registry::ask`].
    pub fn ask(
        &self,
        question: &crate::policy::Question,
        today: chrono::NaiveDate,
    ) -> Result<crate::policy::Answer, crate::policy::PolicyError> {
        registry()?.ask(question, today)
    }

    /// An answer written out for people to take away (see [`crate::share::answer_text`]): the question
    /// in words, facts by label, verdict, reasons with their quoted passages and the public URL of the
    /// policy section each restates, readings, what is still unknown, the policy version.
    pub fn share_answer(
        &self,
        question: &crate::policy::Question,
        answer: &crate::policy::Answer,
        format: crate::share::ShareFormat,
    ) -> Result<String, EngineError> {
        Ok(crate::share::share_embedded(question, answer, format)?)
    }

    /// Reads a `supportkb://` link (a question or a passage), checking what it names.
    pub fn open_link(&self, text: &str) -> Result<crate::share::DeepLink, EngineError> {
        let registry =
            crate::policy::Registry::embedded().map_err(|e| EngineError::Policy(e.to_string()))?;
        Ok(crate::share::DeepLink::parse(text, registry)?)
    }

    /// Reads one fact of a policy from people's words ("Friday 16:30", "Japan", "4 months ago") into its
    /// JSON value and how it was understood; delegates to [`crate::human::resolve`]. `ctx` carries
    /// today, now and the time zone (the engine never reads the clock).
    pub fn resolve_fact(
        &self,
        policy: &str,
        fact: &str,
        text: &str,
        ctx: &crate::human::Context,
    ) -> Result<crate::human::Resolved, crate::policy::PolicyError> {
        use crate::policy::{ErrorKind, PolicyError};
        let registry = crate::policy::Registry::embedded()
            .map_err(|e| PolicyError::new(ErrorKind::Internal, None, e.to_string()))?;
        let spec = registry.get(policy).map(|p| p.spec()).ok_or_else(|| {
            PolicyError::new(
                ErrorKind::UnknownPolicy,
                Some("policy"),
                format!("unknown policy `{}`", crate::text::echo(policy)),
            )
        })?;
        let (_, mut resolved) = crate::human::resolve_all(spec, &[(fact, text)], ctx)?;
        resolved.pop().map(|(_, r)| r).ok_or_else(|| {
            PolicyError::new(ErrorKind::Internal, Some(fact), "nothing was resolved")
        })
    }

    /// Reads a question in words into a policy and facts ([`crate::human::understand()`]); never fails.
    pub fn understand(&self, text: &str, ctx: &crate::human::Context) -> crate::human::Understood {
        match crate::policy::Registry::embedded() {
            Ok(registry) => crate::human::understand(text, registry, ctx),
            Err(_) => crate::human::Understood {
                policy: None,
                facts: serde_json::Map::new(),
                unparsed: Vec::new(),
                notes: Vec::new(),
            },
        }
    }

    /// Every country for a picker, with its time zones (most populous first).
    pub fn countries(&self) -> &'static [crate::human::Country] {
        crate::human::countries()
    }

    /// Whether the EMBEDDED corpus has `doc#anchor` (policy citations must resolve there).
    pub fn anchor_exists(&self, doc: &str, anchor: &str) -> bool {
        self.corpora.read().is_ok_and(|corpora| {
            corpora
                .iter()
                .filter(|c| c.path.is_none())
                .filter_map(|c| match &c.documents {
                    Documents::Held(documents) => Some(documents),
                    Documents::Persistent(_) => None,
                })
                .flatten()
                .filter(|d| d.doc == doc)
                .any(|d| d.sections.iter().any(|s| s.anchor == anchor))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_edition_is_indexed_once_however_often_it_is_searched() {
        let engine = Engine::embedded().unwrap();
        assert!(engine.editions.lock().unwrap().is_empty());
        for _ in 0..3 {
            let found = engine
                .search_edition("Premier contract", 5, &[], Some("2021-01-26"))
                .unwrap();
            assert_eq!(found.hits[0].policy_version.as_deref(), Some("2021-01-26"));
        }
        let first = engine.edition_engine("2021-01-26").unwrap();
        assert_eq!(engine.editions.lock().unwrap().len(), 1);
        assert!(Arc::ptr_eq(
            &first,
            &engine.edition_engine("2021-01-26").unwrap()
        ));
        // The engine's own edition is never built again.
        engine
            .search_edition("Premier contract", 5, &[], corpus::newest_edition())
            .unwrap();
        assert_eq!(engine.editions.lock().unwrap().len(), 1);
    }

    #[test]
    fn folder_names_are_their_shortest_telling_suffix() {
        let paths = [
            None,
            Some(Path::new("/docs")),
            Some(Path::new("/a/docs")),
            Some(Path::new("/x/team/faq")),
            Some(Path::new("/srv/power-platform")),
        ];
        assert_eq!(
            source_names(&paths),
            ["faq", "/docs", "a/docs", "team/faq", "power-platform"]
        );
        assert_eq!(
            date_for_people(chrono::NaiveDate::from_ymd_opt(2021, 1, 6).unwrap_or_default()),
            "6 Jan 2021"
        );
    }

    #[test]
    fn engine_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Engine>();
    }
}
