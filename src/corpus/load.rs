//! Loading a folder of markdown: walk, hash, tell documents from include fragments, parse in parallel.
//!
//! The walk takes every `.md` file (any case) under the root, skipping hidden entries (names starting
//! with `.`), `node_modules` folders and symlinked folders (no cycles). Every file, document or include
//! fragment, is read through [`read_confined`](super::confined): a symlink is followed only when it stays
//! inside the root and leads to a regular file; a symlink out of the root, a fifo, socket or device named
//! `*.md`, or a file over [`MAX_FILE_BYTES`](super::MAX_FILE_BYTES) is never read and is skipped with an
//! `Error` diagnostic (an include of one becomes a `Warning` on the including document).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::confined::read_confined;
use super::confined::ReadError;
use super::front_matter;
use super::learn::{self, Files};
use super::markdown::parse_with;
use super::{Corpus, Diagnostic, Document};

/// Why a corpus folder cannot be loaded at all (problems with single files are [`Diagnostic`]s instead).
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The root does not exist.
    #[error("corpus folder {} does not exist", path.display())]
    NotFound {
        /// The root as given.
        path: PathBuf,
    },
    /// The root is not a folder.
    #[error("corpus path {} is not a folder", path.display())]
    NotAFolder {
        /// The root as given.
        path: PathBuf,
    },
    /// The root cannot be read.
    #[error("cannot read corpus folder {}: {source}", path.display())]
    Io {
        /// The root as given.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// What a markdown file is to the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileRole {
    /// A document: parsed into sections and searchable.
    Document,
    /// An include fragment: under an `includes/` folder, or without front matter and included by another
    /// file. Not a document; only expanded into the documents that include it.
    Fragment,
}

/// One markdown file of a corpus, as seen by the scan.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct FileEntry {
    /// Path relative to the corpus root, `/` separators.
    pub path: String,
    /// Lowercase hex SHA-256 of the file's bytes.
    pub hash: String,
    /// Size in bytes.
    pub size: u64,
    /// Document or include fragment.
    pub role: FileRole,
}

/// One file after loading: the document (none for fragments and skipped files) and its diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedFile {
    /// The file, hashed from the bytes actually parsed.
    pub file: FileEntry,
    /// The parsed document; `None` for an include fragment or a skipped file.
    pub document: Option<Document>,
    /// Problems with this file (an `Error` means it was skipped).
    pub diagnostics: Vec<Diagnostic>,
}

/// The markdown files of a folder, hashed and classified, ready to be parsed one by one.
///
/// Holds only the file list (paths, hashes, roles), never the documents, so a large folder can be
/// streamed through [`Scan::for_each`].
#[derive(Debug, Clone)]
pub struct Scan {
    root: PathBuf,
    files: Vec<FileEntry>,
    diagnostics: Vec<Diagnostic>,
    reader: FsFiles,
}

/// Loads every document of the folder `root` (in parallel). Never fails because of a single file: broken
/// files are skipped and reported in [`Corpus::diagnostics`]. Fails only when `root` is missing, not a
/// folder, or unreadable.
pub fn load_dir(root: &Path) -> Result<Corpus, CorpusError> {
    Ok(scan(root)?.load_all())
}

/// Walks `root`, hashes every markdown file and tells documents from include fragments (in parallel).
pub fn scan(root: &Path) -> Result<Scan, CorpusError> {
    let metadata = fs::metadata(root).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => CorpusError::NotFound {
            path: root.to_path_buf(),
        },
        _ => CorpusError::Io {
            path: root.to_path_buf(),
            source,
        },
    })?;
    if !metadata.is_dir() {
        return Err(CorpusError::NotAFolder {
            path: root.to_path_buf(),
        });
    }
    let canonical_root = root.canonicalize().map_err(|source| CorpusError::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let mut paths = Vec::new();
    let mut diagnostics = Vec::new();
    fs::read_dir(root).map_err(|source| CorpusError::Io {
        path: root.to_path_buf(),
        source,
    })?;
    walk(root, "", &mut paths, &mut diagnostics);
    paths.sort();

    let read_errors = Mutex::new(Vec::new());
    let probes: Vec<Probe> = paths
        .par_iter()
        .filter_map(
            |rel| match read_confined(&canonical_root, &root.join(rel)) {
                Ok(bytes) => Some(probe(rel.clone(), &bytes)),
                Err(err) => {
                    if let Ok(mut errors) = read_errors.lock() {
                        errors.push(skipped(rel, &err));
                    }
                    None
                }
            },
        )
        .collect();
    diagnostics.extend(read_errors.into_inner().unwrap_or_default());
    Ok(Scan {
        root: root.to_path_buf(),
        files: classify(probes),
        diagnostics,
        reader: FsFiles {
            root: root.to_path_buf(),
            canonical_root,
            fragments: FragmentCache::default(),
        },
    })
}

impl Scan {
    /// The folder that was scanned.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every markdown file found, sorted by path, with its hash and role.
    pub fn files(&self) -> &[FileEntry] {
        &self.files
    }

    /// Problems found by the walk itself (unreadable folders or files, file names that are not UTF-8).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Reads and parses one file (a corpus-relative path, `/` separators), e.g. one that changed since the
    /// scan. Its role comes from the scan; a path the scan did not see is a document unless it lies under
    /// an `includes/` folder.
    pub fn load(&self, path: &str) -> LoadedFile {
        let role = match self.files.binary_search_by(|f| f.path.as_str().cmp(path)) {
            Ok(i) => self.files[i].role,
            Err(_) if in_includes_folder(path) => FileRole::Fragment,
            Err(_) => FileRole::Document,
        };
        match read_confined(&self.reader.canonical_root, &self.root.join(path)) {
            Ok(bytes) => load_bytes(path, &bytes, role, &self.reader),
            Err(err) => LoadedFile {
                file: FileEntry {
                    path: path.to_string(),
                    hash: String::new(),
                    size: 0,
                    role,
                },
                document: None,
                diagnostics: vec![skipped(path, &err)],
            },
        }
    }

    /// Loads every file in parallel (both cores) and hands each result to `f` as soon as it is parsed, in
    /// no particular order. Nothing is kept: memory stays bounded by what `f` keeps.
    pub fn for_each<F>(&self, f: F)
    where
        F: Fn(LoadedFile) + Sync + Send,
    {
        self.files
            .par_iter()
            .for_each(|file| f(self.load(&file.path)));
    }

    /// Loads every file into one [`Corpus`] (documents sorted by path).
    pub fn load_all(&self) -> Corpus {
        let loaded: Vec<LoadedFile> = self
            .files
            .par_iter()
            .map(|file| self.load(&file.path))
            .collect();
        assemble(loaded, self.diagnostics.clone())
    }
}

/// The `Error` diagnostic of a file that was not read.
fn skipped(path: &str, err: &ReadError) -> Diagnostic {
    Diagnostic::error(
        path,
        None,
        format!("cannot read file: {}; skipped", err.reason()),
    )
}

/// What the scan learns from a file's bytes.
#[derive(Debug)]
pub(crate) struct Probe {
    path: String,
    hash: String,
    size: u64,
    has_front_matter: bool,
    includes: Vec<String>,
}

/// Hashes `bytes` and reads what [`classify`] needs.
pub(crate) fn probe(path: String, bytes: &[u8]) -> Probe {
    let (has_front_matter, includes) = match std::str::from_utf8(bytes) {
        Ok(text) => {
            let split = front_matter::split(text);
            (
                split.yaml.is_some(),
                learn::include_targets(&path, split.body),
            )
        }
        Err(_) => (false, Vec::new()),
    };
    Probe {
        hash: content_hash(bytes),
        size: bytes.len() as u64,
        has_front_matter,
        includes,
        path,
    }
}

/// Lowercase hex SHA-256 of `bytes`.
pub(crate) fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Roles from probes: fragments are under `includes/`, or have no front matter and are included.
pub(crate) fn classify(probes: Vec<Probe>) -> Vec<FileEntry> {
    let included: HashSet<String> = probes
        .iter()
        .flat_map(|p| {
            p.includes
                .iter()
                .filter(|target| **target != p.path)
                .cloned()
        })
        .collect();
    probes
        .into_iter()
        .map(|p| {
            let fragment =
                in_includes_folder(&p.path) || (!p.has_front_matter && included.contains(&p.path));
            FileEntry {
                role: if fragment {
                    FileRole::Fragment
                } else {
                    FileRole::Document
                },
                path: p.path,
                hash: p.hash,
                size: p.size,
            }
        })
        .collect()
}

/// Whether a corpus-relative path lies under a folder named `includes`.
fn in_includes_folder(path: &str) -> bool {
    let mut components: Vec<&str> = path.split('/').collect();
    components.pop();
    components
        .iter()
        .any(|c| c.eq_ignore_ascii_case("includes"))
}

/// Parses the bytes of one file (fragments are hashed, not parsed).
pub(crate) fn load_bytes(
    path: &str,
    bytes: &[u8],
    role: FileRole,
    files: &dyn Files,
) -> LoadedFile {
    let file = FileEntry {
        path: path.to_string(),
        hash: content_hash(bytes),
        size: bytes.len() as u64,
        role,
    };
    if role == FileRole::Fragment {
        return LoadedFile {
            file,
            document: None,
            diagnostics: Vec::new(),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let (document, diagnostics) = parse_with(path, text, files);
            LoadedFile {
                file,
                document,
                diagnostics,
            }
        }
        Err(err) => {
            let line = utf8_error_line(bytes, &err);
            LoadedFile {
                file,
                document: None,
                diagnostics: vec![Diagnostic::error(
                    path,
                    Some(line),
                    format!(
                        "file is not valid UTF-8 (first bad byte at offset {})",
                        err.valid_up_to()
                    ),
                )],
            }
        }
    }
}

/// 1-based line of the first invalid byte.
fn utf8_error_line(bytes: &[u8], err: &std::str::Utf8Error) -> usize {
    bytes[..err.valid_up_to()]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// A [`Corpus`] from loaded files: documents sorted by path, diagnostics by path and line.
pub(crate) fn assemble(loaded: Vec<LoadedFile>, mut diagnostics: Vec<Diagnostic>) -> Corpus {
    let mut documents = Vec::new();
    let mut files = Vec::with_capacity(loaded.len());
    for l in loaded {
        diagnostics.extend(l.diagnostics);
        documents.extend(l.document);
        files.push(l.file);
    }
    documents.sort_by(|a: &Document, b| a.doc.cmp(&b.doc));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    diagnostics.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    Corpus {
        documents,
        diagnostics,
        files,
    }
}

/// Collects the corpus-relative paths of markdown files under `root/rel`.
fn walk(root: &Path, rel: &str, out: &mut Vec<String>, diagnostics: &mut Vec<Diagnostic>) {
    let dir = if rel.is_empty() {
        root.to_path_buf()
    } else {
        root.join(rel)
    };
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) => {
            diagnostics.push(Diagnostic::error(
                rel,
                None,
                format!("cannot read folder: {err}"),
            ));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diagnostics.push(Diagnostic::error(
                    rel,
                    None,
                    format!("cannot read folder entry: {err}"),
                ));
                continue;
            }
        };
        let name = match entry.file_name().into_string() {
            Ok(name) => name,
            Err(name) => {
                let shown = format!("{}/{}", rel, name.to_string_lossy());
                diagnostics.push(Diagnostic::error(
                    shown.trim_start_matches('/'),
                    None,
                    "file name is not valid UTF-8; skipped",
                ));
                continue;
            }
        };
        if name.starts_with('.') || name == "node_modules" {
            continue;
        }
        let child = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let Ok(file_type) = entry.file_type() else {
            diagnostics.push(Diagnostic::error(
                child,
                None,
                "cannot read file type; skipped",
            ));
            continue;
        };
        let is_markdown = name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("md"));
        if file_type.is_dir() {
            walk(root, &child, out, diagnostics);
        } else if is_markdown {
            // Symlinks, fifos, devices…: listed here, refused with a diagnostic when read (never opened
            // unless they resolve to a regular file inside the root).
            out.push(child);
        }
    }
}

/// Include fragments read from a folder on disk, never from outside it.
#[derive(Debug, Clone)]
struct FsFiles {
    root: PathBuf,
    canonical_root: PathBuf,
    fragments: FragmentCache,
}

/// Texts of the fragments already read through this scan: a fragment included by hundreds of documents
/// is resolved and read once. An entry is used only while the file's identity, size and modification
/// time are unchanged (one `stat`), so a later [`Scan::load`] still sees edits and retargeted symlinks.
#[derive(Debug, Clone, Default)]
struct FragmentCache(Arc<Mutex<CachedFragments>>);

#[derive(Debug, Default)]
struct CachedFragments {
    texts: HashMap<String, (FileIdentity, Arc<str>)>,
    bytes: usize,
}

/// Texts above this size are not cached, nor are more fragments once this many bytes are held.
const FRAGMENT_CACHE_MAX_FILE: usize = 256 * 1024;
const FRAGMENT_CACHE_MAX_BYTES: usize = 32 * 1024 * 1024;

/// What tells that a file is still the one read: inode (on Unix), size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileIdentity {
    inode: u64,
    size: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileIdentity {
    fn of(meta: &fs::Metadata) -> FileIdentity {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        FileIdentity {
            inode,
            size: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

impl FragmentCache {
    fn get(&self, rel: &str, identity: FileIdentity) -> Option<String> {
        let cache = self.0.lock().ok()?;
        match cache.texts.get(rel) {
            Some((known, text)) if *known == identity => Some(text.to_string()),
            _ => None,
        }
    }

    fn put(&self, rel: &str, identity: FileIdentity, text: &str) {
        if text.len() > FRAGMENT_CACHE_MAX_FILE {
            return;
        }
        if let Ok(mut cache) = self.0.lock() {
            if cache.bytes + text.len() > FRAGMENT_CACHE_MAX_BYTES {
                return;
            }
            cache.bytes += text.len();
            if let Some((_, old)) = cache
                .texts
                .insert(rel.to_string(), (identity, Arc::from(text)))
            {
                cache.bytes -= old.len();
            }
        }
    }
}

impl Files for FsFiles {
    fn read(&self, rel: &str) -> Result<String, ReadError> {
        let path = self.root.join(rel);
        // The cache is only consulted for a path that still resolves inside the root.
        let canonical = path.canonicalize().map_err(|err| match err.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Other(err.to_string()),
        })?;
        if !canonical.starts_with(&self.canonical_root) {
            return Err(ReadError::OutsideRoot);
        }
        let identity = fs::metadata(&canonical)
            .ok()
            .map(|meta| FileIdentity::of(&meta));
        if let Some(text) = identity.and_then(|id| self.fragments.get(rel, id)) {
            return Ok(text);
        }
        let bytes = read_confined(&self.canonical_root, &canonical)?;
        let text = String::from_utf8(bytes).map_err(|err| ReadError::NotUtf8 {
            line: utf8_error_line(err.as_bytes(), &err.utf8_error()),
        })?;
        if let Some(id) = identity {
            self.fragments.put(rel, id, &text);
        }
        Ok(text)
    }
}
