//! Persistent, incremental indexes of folders of markdown (`supportkb index`, `search --corpus`, the
//! desktop app's folders).
//!
//! One tantivy index per corpus root lives in the platform data directory (see [`store`]), next to a
//! [`manifest`] of what each file looked like when it was indexed. [`PersistentIndex::update`] scans the
//! folder and touches only the files that were added, changed (content hash) or deleted — and the
//! documents that include a changed fragment. Parsing runs on worker threads that hand each document's
//! sections straight to one tantivy writer, whose bounded queue keeps memory bounded however large the
//! folder.
//!
//! **Invariant:** tantivy commits first, then the manifest is replaced atomically. A crash or kill at any
//! point leaves the previous commit searchable and a manifest that is never ahead of the index.
//!
//! Faults: a file that cannot be read or parsed is reported ([`UpdateReport::skipped`]) and skipped; an
//! index directory that is corrupted (checksums, see [`recover`]) or of another format is set aside
//! (`<dir>.broken`) and rebuilt, with a message in [`UpdateReport::notices`]; so is an index on which an
//! update fails or panics inside tantivy ([`PersistentIndex::recover`] does it on demand, e.g. after a
//! search panicked). Files of a commit interrupted by a crash are removed before the next write. A full
//! disk gives [`IndexError::DiskFull`] (the partial files are removed, the last commit stays usable); a
//! data directory that cannot be written gives [`IndexError::DataDir`], and callers fall back to indexing
//! in memory.
//!
//! Concurrency: every change to an index directory is made under its [`lock`], so two processes (two
//! `supportkb index` runs, the desktop watcher and the CLI) take turns; with [`LockWait::NoWait`] the
//! second gets [`IndexError::Busy`] naming the holder's process id.

#[doc(hidden)]
pub mod fault;
pub mod lock;
pub mod manifest;
pub mod recover;
pub mod store;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::{Instant, UNIX_EPOCH};

use serde::Serialize;
use tantivy::indexer::UserOperation;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Index, IndexWriter, TantivyDocument, Term, TERMINATED};

use crate::corpus::{self, Diagnostic, DiagnosticSeverity, FileRole, Section};
use crate::search::{section_schema, SearchError, SectionIndex, SectionResults, Synonyms};

pub use lock::{LockWait, WaitNotice};
pub use manifest::{Manifest, ManifestEntry, ManifestError};
pub use store::{default_base_dir, index_dir_for, INDEX_FORMAT};

/// Memory budget of the persistent index's writer (tantivy flushes a segment when it is reached).
pub const INDEX_WRITER_BUDGET: usize = 64_000_000;

/// Updates touching at least this many files index with two tantivy threads.
const LARGE_UPDATE_FILES: usize = 200;

/// Why a persistent index could not be opened or updated.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The corpus folder is missing or not a directory.
    #[error("cannot index {}: {message}", path.display())]
    Corpus {
        /// The folder as given.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The index directory cannot be created or written (read-only, full disk, no home directory…).
    #[error("cannot write the index directory {}: {message}", path.display())]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// What failed.
        message: String,
    },
    /// The manifest could not be written.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// tantivy failed on an index that opened fine.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// A worker thread panicked or a lock was poisoned.
    #[error("indexing stopped: {0}")]
    Internal(String),
    /// Another thread or process is changing this index and [`LockWait::NoWait`] was asked (or tantivy's
    /// own writer lock is held by a process that does not take the index lock, e.g. an older build).
    #[error("{} is {}", folder.display(), lock::LockError::Busy { holder: *holder })]
    Busy {
        /// The corpus folder.
        folder: PathBuf,
        /// Process id of the holder of the index lock, when known.
        holder: Option<u32>,
    },
    /// The disk holding the index is full. The unfinished files were removed; the index as last
    /// committed stays usable.
    #[error(
        "no space left on device: cannot index {} into {}; free some space on that disk (or keep \
         indexes elsewhere with --index-dir) and run again; the unfinished files were removed and the \
         index as last completed is kept",
        folder.display(),
        data_dir.display()
    )]
    DiskFull {
        /// The corpus folder.
        folder: PathBuf,
        /// The directory holding the indexes.
        data_dir: PathBuf,
    },
    /// tantivy failed on the index in a way that means it is damaged (set aside and rebuilt by
    /// [`PersistentIndex::update`]).
    #[error("the index in {} is damaged: {message}", dir.display())]
    Damaged {
        /// The index directory.
        dir: PathBuf,
        /// What tantivy said.
        message: String,
    },
}

/// Whether `err` (or an error it wraps) is the operating system's "no space left on device" (or a
/// quota exceeded, which looks the same to the user). tantivy turns some I/O errors into text, so the
/// message is checked too.
pub fn is_disk_full(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if matches!(
                io.kind(),
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
            ) || io.raw_os_error() == Some(fault::ENOSPC)
            {
                return true;
            }
        }
        let text = e.to_string();
        if text.contains("No space left on device")
            || text.contains("StorageFull")
            || text.contains(&format!("os error {}", fault::ENOSPC))
        {
            return true;
        }
        current = e.source();
    }
    false
}

/// Whether an I/O error says the data directory cannot be written at all (as opposed to a damaged index).
fn is_unwritable(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if matches!(
                io.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) {
                return true;
            }
        }
        current = e.source();
    }
    false
}

impl From<tantivy::TantivyError> for IndexError {
    fn from(err: tantivy::TantivyError) -> IndexError {
        IndexError::Search(SearchError::Tantivy(err))
    }
}

/// Where and how to keep indexes.
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    /// Directory holding one index per corpus root; `None` → [`default_base_dir`].
    pub base_dir: Option<PathBuf>,
    /// Throw the existing index away and build from scratch.
    pub rebuild: bool,
    /// Parsing threads; 0 → the number of cores.
    pub threads: usize,
    /// Whether to wait when another thread or process is changing the index (default) or fail with
    /// [`IndexError::Busy`].
    pub wait: LockWait,
    /// Told who holds the index lock before waiting for it.
    pub on_wait: WaitNotice,
    /// Verify the checksum of every index file when opening (see [`recover::damaged_files`]).
    pub verify: Verify,
}

/// When [`PersistentIndex::open`] verifies the index files' checksums.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Verify {
    /// Every time (the default: reading the index once costs little next to opening it, see
    /// `docs/security.md`).
    #[default]
    Always,
    /// Never (`supportkb index --check` verifies on demand).
    Never,
}

/// A step of a long update, for progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The folder was scanned: `files` markdown files, `to_index` of which must be (re)indexed.
    Scanned {
        /// Markdown files found.
        files: usize,
        /// Files to parse and index.
        to_index: usize,
    },
    /// `done` of `total` files indexed.
    Indexed {
        /// Files indexed so far.
        done: usize,
        /// Files to index in all.
        total: usize,
    },
}

/// What an update did (printed by `supportkb index` as a summary).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UpdateReport {
    /// Canonical corpus root.
    pub root: String,
    /// The index directory.
    pub index_dir: String,
    /// Markdown files in the folder.
    pub files: usize,
    /// Documents in the index after the update (files that are not include fragments, not skipped).
    pub documents: usize,
    /// Include fragments (expanded into documents, kept out of results).
    pub fragments: usize,
    /// Sections in the index after the update.
    pub sections: usize,
    /// Files new since the last update.
    pub added: usize,
    /// Files whose content (or an include's) changed.
    pub changed: usize,
    /// Files gone since the last update.
    pub removed: usize,
    /// Sections written by this update.
    pub sections_written: usize,
    /// Files that could not be read or parsed, with reasons.
    pub skipped: Vec<Diagnostic>,
    /// Caveats on files that were indexed (missing include, include cycle or outside the root…).
    pub warnings: Vec<Diagnostic>,
    /// Messages about the index itself (set aside and rebuilt, …).
    pub notices: Vec<String>,
    /// Wall time of the update, in seconds.
    pub seconds: f64,
    /// Where the time went.
    pub timings: UpdateTimings,
}

/// Wall time of each phase of an update, in milliseconds (what bounds [`UpdateReport::seconds`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct UpdateTimings {
    /// Walking the folder, reading and hashing every file, comparing with the manifest.
    pub scan_ms: f64,
    /// Parsing the changed files and handing their sections to tantivy.
    pub parse_ms: f64,
    /// tantivy finishing its segments, committing (fsync) and merging.
    pub commit_ms: f64,
    /// Writing the manifest (fsync, rename) and reloading the searcher.
    pub manifest_ms: f64,
}

/// A corpus folder's persistent index.
pub struct PersistentIndex {
    root: PathBuf,
    source: String,
    base: PathBuf,
    dir: PathBuf,
    synonyms: Arc<Synonyms>,
    /// Replaced as a whole when the index is set aside and rebuilt.
    index: RwLock<Arc<SectionIndex>>,
    /// Replaced as a whole after each commit (so a panic can never leave it half-changed).
    manifest: Mutex<Manifest>,
    threads: usize,
    wait: LockWait,
    on_wait: WaitNotice,
    notices: Mutex<Vec<String>>,
    /// Stored sections read so far ([`PersistentIndex::stored_sections_read`]).
    sections_read: AtomicUsize,
}

/// Whether [`PersistentIndex::read_sections`] keeps each section's text and markdown.
#[derive(Debug, Clone, Copy)]
enum Bodies {
    Kept,
    Dropped,
}

impl std::fmt::Debug for PersistentIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersistentIndex")
            .field("root", &self.root)
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

fn data_dir_error(path: &Path, err: impl std::fmt::Display) -> IndexError {
    IndexError::DataDir {
        path: path.to_path_buf(),
        message: err.to_string(),
    }
}

/// The lock of `index_dir`, as an [`IndexError`] when it cannot be taken.
fn take_lock(
    root: &Path,
    index_dir: &Path,
    wait: LockWait,
    on_wait: &WaitNotice,
) -> Result<lock::IndexLock, IndexError> {
    lock::acquire(index_dir, wait, on_wait).map_err(|err| match err {
        lock::LockError::Busy { holder } => IndexError::Busy {
            folder: root.to_path_buf(),
            holder,
        },
        lock::LockError::Io { source, .. } if is_disk_full(&source) => IndexError::DiskFull {
            folder: root.to_path_buf(),
            data_dir: index_dir.parent().unwrap_or(index_dir).to_path_buf(),
        },
        other => data_dir_error(index_dir, other),
    })
}

/// A guard that never fails: the values behind these locks are only ever replaced whole, so a panic
/// while one was held cannot have left it half-changed.
fn guard<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The message of a caught panic.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without message".to_string())
}

/// The canonical form of a corpus folder (every symlink resolved): its identity as a source and the key
/// of its index directory. The one folder canonicalisation of the crate (the engine's source labels
/// too); `Err` says why `dir` is not a folder (the I/O error, or "not a directory").
pub(crate) fn canonical_root(dir: &Path) -> Result<PathBuf, String> {
    let canonical = dir.canonicalize().map_err(|err| err.to_string())?;
    if !canonical.is_dir() {
        return Err("not a directory".to_string());
    }
    Ok(canonical)
}

/// Opens the tantivy index and manifest in `dir`, or explains why they are unusable.
fn open_existing(
    dir: &Path,
    synonyms: &Arc<Synonyms>,
    root: &str,
    verify: Verify,
) -> Result<(SectionIndex, Manifest), String> {
    store::check_version(dir)?;
    let tantivy_dir = fault::FaultDirectory::open(&dir.join(store::TANTIVY_DIR))
        .map_err(|err| format!("its tantivy directory cannot be opened: {err}"))?;
    let index = Index::open(tantivy_dir).map_err(|err| format!("tantivy cannot open it: {err}"))?;
    // Files of a commit interrupted by a crash would make the next commit fail (same `.del` names).
    recover::remove_unreferenced(&dir.join(store::TANTIVY_DIR), &index)?;
    if verify == Verify::Always {
        let damaged = recover::damaged_files(&index)
            .map_err(|err| format!("its files cannot be verified: {err}"))?;
        if !damaged.is_empty() {
            return Err(format!(
                "the checksum of {} does not match its content",
                damaged.join(", ")
            ));
        }
    }
    let index = SectionIndex::from_index(index, Arc::clone(synonyms))
        .map_err(|err| format!("it is not a section index: {err}"))?;
    // Reading every segment's metadata catches truncated or missing segment files early.
    let searcher = index.searcher();
    for segment in searcher.segment_readers() {
        segment
            .get_store_reader(0)
            .map_err(|err| format!("a segment is unreadable: {err}"))?;
    }
    let manifest = match Manifest::load(&dir.join(store::MANIFEST_FILE)) {
        Ok(Some(m)) if m.root == root => m,
        Ok(Some(m)) => return Err(format!("its manifest belongs to {}", m.root)),
        // A committed index without a manifest (first build killed before the manifest): redo everything.
        Ok(None) => Manifest::new(root),
        Err(err) => return Err(err.to_string()),
    };
    Ok((index, manifest))
}

/// Moves the index directory `dir` aside because of `reason`; returns the notice saying so.
fn set_aside_notice(dir: &Path, reason: &str) -> Result<String, IndexError> {
    if !dir.exists() {
        return Ok(format!(
            "the index in {} was gone ({reason}); it is rebuilt",
            dir.display()
        ));
    }
    let aside = store::set_aside(dir).map_err(|err| data_dir_error(dir, err))?;
    Ok(format!(
        "the index in {} was unusable ({reason}); it was moved to {} and is rebuilt",
        dir.display(),
        aside.display()
    ))
}

/// The error of a failed write to the index directory `dir` of the folder `root`: [`IndexError::DiskFull`]
/// when the disk is full, else [`IndexError::DataDir`].
fn write_error(root: &Path, dir: &Path, err: &(dyn std::error::Error + 'static)) -> IndexError {
    if is_disk_full(err) {
        IndexError::DiskFull {
            folder: root.to_path_buf(),
            data_dir: dir.parent().unwrap_or(dir).to_path_buf(),
        }
    } else {
        data_dir_error(dir, err)
    }
}

/// Creates an empty index in `dir` (which must not exist or be empty); on failure nothing of it is left.
fn create_new(
    dir: &Path,
    synonyms: &Arc<Synonyms>,
    root: &str,
) -> Result<(SectionIndex, Manifest), IndexError> {
    let created = try_create_new(dir, synonyms, root);
    if created.is_err() {
        // A half-created directory (no VERSION) would be set aside next time anyway; on a full disk,
        // removing it now gives the space back.
        let _ = fs::remove_dir_all(dir);
    }
    created
}

fn try_create_new(
    dir: &Path,
    synonyms: &Arc<Synonyms>,
    root: &str,
) -> Result<(SectionIndex, Manifest), IndexError> {
    let root_path = Path::new(root);
    let fail = |err: &(dyn std::error::Error + 'static)| write_error(root_path, dir, err);
    let tantivy_dir = dir.join(store::TANTIVY_DIR);
    fs::create_dir_all(&tantivy_dir).map_err(|err| fail(&err))?;
    fs::write(dir.join(store::ROOT_FILE), format!("{root}\n")).map_err(|err| fail(&err))?;
    let directory = fault::FaultDirectory::open(&tantivy_dir).map_err(|err| fail(&err))?;
    let (schema, _) = section_schema();
    let index = Index::create(directory, schema, tantivy::IndexSettings::default())
        .map_err(|err| fail(&err))?;
    let index = SectionIndex::from_index(index, Arc::clone(synonyms))?;
    let manifest = Manifest::new(root);
    manifest
        .store(&dir.join(store::MANIFEST_FILE))
        .map_err(|err| fail(&err))?;
    // VERSION last: a directory without it is an unfinished creation and is rebuilt next time.
    fs::write(dir.join(store::VERSION_FILE), store::version_line()).map_err(|err| fail(&err))?;
    Ok((index, manifest))
}

/// Size and modification time of one markdown file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stat {
    size: u64,
    mtime_ns: u128,
}

fn mtime_ns(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Size and modification time of every `.md` file under `root` (canonical), by relative path, walking the
/// way [`corpus::scan`] does (hidden entries, `node_modules` and symlinked folders skipped) and leaving out
/// what the scan refuses to read (symlinks out of the root, files that are not regular or are over
/// [`corpus::MAX_FILE_BYTES`]), so that a folder holding such a file is still current. Reads no content.
fn stat_walk(root: &Path) -> BTreeMap<String, Stat> {
    let mut found = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if file_type.is_dir() {
                if name != "node_modules" {
                    stack.push(path);
                }
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
            {
                if file_type.is_symlink()
                    && !path
                        .canonicalize()
                        .is_ok_and(|target| target.starts_with(root))
                {
                    continue;
                }
                if let Ok(meta) = fs::metadata(&path) {
                    if meta.is_file() && meta.len() <= corpus::MAX_FILE_BYTES {
                        found.insert(
                            rel_path(root, &path),
                            Stat {
                                size: meta.len(),
                                mtime_ns: mtime_ns(&meta),
                            },
                        );
                    }
                }
            }
        }
    }
    found
}

/// `path` relative to `root`, `/`-separated.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

impl PersistentIndex {
    /// Opens (or creates) the index of `dir`; an unusable index directory (of another format, or damaged:
    /// see [`IndexOptions::verify`]) is set aside and recreated, with a notice reported by the next
    /// [`PersistentIndex::update`]. Files of a commit interrupted by a crash are removed. Holds the
    /// index's [`lock`] meanwhile (waiting for it, or [`IndexError::Busy`], as `options` say).
    pub fn open(
        dir: &Path,
        options: &IndexOptions,
        synonyms: Arc<Synonyms>,
    ) -> Result<PersistentIndex, IndexError> {
        let root = canonical_root(dir).map_err(|message| IndexError::Corpus {
            path: dir.to_path_buf(),
            message,
        })?;
        let source = root.display().to_string();
        let base = match &options.base_dir {
            Some(base) => base.clone(),
            None => default_base_dir().ok_or_else(|| IndexError::DataDir {
                path: PathBuf::from("~"),
                message: "this platform has no data directory for the current user".to_string(),
            })?,
        };
        let index_dir = index_dir_for(&base, &root);
        let _lock = match take_lock(&root, &index_dir, options.wait, &options.on_wait) {
            Ok(lock) => Some(lock),
            // A read-only data directory can still serve an existing index to searches (an update
            // then fails to lock, with this same error).
            Err(IndexError::DataDir { .. }) if index_dir.is_dir() && !options.rebuild => None,
            Err(err) => return Err(err),
        };
        let mut notices = Vec::new();
        let existing = if index_dir.exists() && !options.rebuild {
            match open_existing(&index_dir, &synonyms, &source, options.verify) {
                Ok(opened) => Some(opened),
                Err(reason) => {
                    notices.push(set_aside_notice(&index_dir, &reason)?);
                    None
                }
            }
        } else {
            if index_dir.exists() {
                fs::remove_dir_all(&index_dir).map_err(|err| data_dir_error(&index_dir, err))?;
            }
            None
        };
        let (index, manifest) = match existing {
            Some(opened) => opened,
            None => create_new(&index_dir, &synonyms, &source)?,
        };
        let threads = if options.threads == 0 {
            std::thread::available_parallelism().map_or(2, usize::from)
        } else {
            options.threads
        };
        Ok(PersistentIndex {
            root,
            source,
            base,
            dir: index_dir,
            synonyms,
            index: RwLock::new(Arc::new(index)),
            manifest: Mutex::new(manifest),
            threads,
            wait: options.wait,
            on_wait: options.on_wait.clone(),
            notices: Mutex::new(notices),
            sections_read: AtomicUsize::new(0),
        })
    }

    /// Canonical corpus root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Source label of the corpus in the index (its canonical path, as [`crate::Engine`] labels folders).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The directory holding the indexes (the index directory's parent).
    pub fn base_dir(&self) -> &Path {
        &self.base
    }

    /// The searchable index (a new one after [`PersistentIndex::recover`]).
    pub(crate) fn section_index(&self) -> Arc<SectionIndex> {
        Arc::clone(&self.index.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Takes this index's lock, as [`PersistentIndex::open`] was told to.
    fn lock(&self) -> Result<lock::IndexLock, IndexError> {
        take_lock(&self.root, &self.dir, self.wait, &self.on_wait)
    }

    /// Verifies the checksum of every file of the index (reads all of it); `Ok` lists the damaged files.
    /// `supportkb index --check`.
    pub fn damaged_files(&self) -> Result<Vec<String>, IndexError> {
        let _lock = self.lock()?;
        recover::damaged_files(self.section_index().index()).map_err(|message| {
            IndexError::Damaged {
                dir: self.dir.clone(),
                message,
            }
        })
    }

    /// Sets the index aside (`<dir>.broken`) because of `reason` and rebuilds it from the folder; what
    /// callers do when the index misbehaves (a search panicked, checksums do not match). The notice
    /// is in the returned report.
    pub fn recover(
        &self,
        reason: &str,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<UpdateReport, IndexError> {
        let _lock = self.lock()?;
        self.rebuild_locked(reason)?;
        let mut report = self.update_locked(progress)?;
        self.take_notices(&mut report);
        Ok(report)
    }

    /// [`PersistentIndex::recover`] unless the index was already replaced since `failed` was taken from
    /// [`PersistentIndex::section_index`] (by another thread that saw the same damage); `Ok(None)` then.
    pub(crate) fn recover_if_current(
        &self,
        failed: &Arc<SectionIndex>,
        reason: &str,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Option<UpdateReport>, IndexError> {
        let _lock = self.lock()?;
        if !Arc::ptr_eq(failed, &self.section_index()) {
            return Ok(None);
        }
        self.rebuild_locked(reason)?;
        let mut report = self.update_locked(progress)?;
        self.take_notices(&mut report);
        Ok(Some(report))
    }

    /// Sets the directory aside and starts an empty index in its place (the lock is held).
    fn rebuild_locked(&self, reason: &str) -> Result<(), IndexError> {
        let notice = set_aside_notice(&self.dir, reason)?;
        let (index, manifest) = create_new(&self.dir, &self.synonyms, &self.source)?;
        *self.index.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(index);
        *guard(&self.manifest) = manifest;
        guard(&self.notices).push(notice);
        Ok(())
    }

    /// A copy of the manifest as last committed.
    pub fn manifest(&self) -> Result<Manifest, IndexError> {
        Ok(guard(&self.manifest).clone())
    }

    /// Runs a query over this corpus alone.
    pub fn search(&self, query: &str, limit: usize) -> Result<SectionResults, IndexError> {
        let index = self.section_index();
        let searcher = index.searcher();
        Ok(index.search(&searcher, query, limit)?)
    }

    /// Every section in the index, in document then section order (for export: `supportkb index
    /// --export`). Holds every stored section in memory at once: searching and reading never call it
    /// ([`PersistentIndex::document`], [`PersistentIndex::outlines`] and [`PersistentIndex::counts`] read
    /// what they need).
    pub fn sections(&self) -> Result<Vec<Section>, IndexError> {
        let mut out = Vec::new();
        self.read_sections(None, Bodies::Kept, &mut |section| out.push(section))?;
        Ok(out)
    }

    /// The sections of one document (`doc`, relative to the root), in document order, read from the
    /// index's store by its `doc` term; `None` when the index holds no such document. Only that
    /// document's sections are read.
    pub fn document(&self, doc: &str) -> Result<Option<Vec<Section>>, IndexError> {
        let mut out = Vec::new();
        self.read_sections(Some(doc), Bodies::Kept, &mut |section| out.push(section))?;
        Ok((!out.is_empty()).then_some(out))
    }

    /// Every section without its text and markdown (both empty), in document then section order: what a
    /// table of contents needs. Read one stored section at a time; the bodies are never kept.
    pub fn outlines(&self) -> Result<Vec<Section>, IndexError> {
        let mut out = Vec::new();
        self.read_sections(None, Bodies::Dropped, &mut |section| out.push(section))?;
        Ok(out)
    }

    /// Number of documents and of sections indexed, from the manifest (nothing is read from the index).
    pub fn counts(&self) -> (usize, usize) {
        let manifest = guard(&self.manifest);
        let documents = manifest
            .files
            .values()
            .filter(|e| !e.fragment && e.sections > 0)
            .count();
        (documents, manifest.sections())
    }

    /// How many stored sections this index has read from its store so far (by [`PersistentIndex::sections`],
    /// [`PersistentIndex::document`] and [`PersistentIndex::outlines`]; search snippets are not counted).
    /// Lets tests check that searching and showing never read the whole store.
    #[doc(hidden)]
    pub fn stored_sections_read(&self) -> usize {
        self.sections_read.load(Ordering::Relaxed)
    }

    /// Reads stored sections (all, or those of one `doc`), in document then section order, handing each
    /// to `each`. A document's sections were added as one batch (one indexing thread, one segment, in
    /// order), so ordering by document, then segment, then id within the segment keeps document order.
    fn read_sections(
        &self,
        only: Option<&str>,
        bodies: Bodies,
        each: &mut dyn FnMut(Section),
    ) -> Result<(), IndexError> {
        let index = self.section_index();
        let searcher = index.searcher();
        let f = *index.fields();
        // Addresses first, from the `doc` field's term dictionary and postings (no stored section is
        // read for them), then one stored section at a time.
        let mut addresses: Vec<(Vec<u8>, DocAddress)> = Vec::new();
        let io = |err: std::io::Error| IndexError::Search(SearchError::from(err));
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let inverted = segment.inverted_index(f.doc).map_err(SearchError::from)?;
            let alive = segment.alive_bitset();
            let mut add =
                |name: &[u8], info: &tantivy::postings::TermInfo| -> Result<(), IndexError> {
                    let mut postings = inverted
                        .read_postings_from_terminfo(info, IndexRecordOption::Basic)
                        .map_err(io)?;
                    let mut doc_id = postings.doc();
                    while doc_id != TERMINATED {
                        if !alive.is_some_and(|bits| bits.is_deleted(doc_id)) {
                            addresses.push((name.to_vec(), DocAddress::new(ord as u32, doc_id)));
                        }
                        doc_id = postings.advance();
                    }
                    Ok(())
                };
            match only {
                Some(doc) => {
                    if let Some(info) = inverted
                        .get_term_info(&Term::from_field_text(f.doc, doc))
                        .map_err(io)?
                    {
                        add(doc.as_bytes(), &info)?;
                    }
                }
                None => {
                    let mut terms = inverted.terms().stream().map_err(io)?;
                    while terms.advance() {
                        add(terms.key(), terms.value())?;
                    }
                }
            }
        }
        addresses.sort();
        for (_, address) in addresses {
            let doc: TantivyDocument = searcher.doc(address).map_err(SearchError::from)?;
            self.sections_read.fetch_add(1, Ordering::Relaxed);
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let all = |field| {
                doc.get_all(field)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect::<Vec<_>>()
            };
            let level = doc.get_first(f.level).and_then(|v| v.as_u64()).unwrap_or(1);
            let (body, markdown) = match bodies {
                Bodies::Kept => (text(f.body), text(f.markdown)),
                Bodies::Dropped => (String::new(), String::new()),
            };
            each(Section {
                doc: text(f.doc),
                title: text(f.title),
                heading: text(f.heading),
                heading_path: all(f.heading_path),
                anchor: text(f.anchor),
                level: u8::try_from(level).unwrap_or(1),
                text: body,
                markdown,
                topics: all(f.topics),
                date: index.stored_date(&doc),
            });
        }
        Ok(())
    }

    /// Whether the folder still matches the manifest (no file added, removed or changed), checked by size
    /// and modification time only — cheap enough to call before every search.
    pub fn is_current(&self) -> Result<bool, IndexError> {
        let manifest = self.manifest()?;
        let found = stat_walk(&self.root);
        if found.len() != manifest.files.len() {
            return Ok(false);
        }
        Ok(found.iter().all(|(rel, stat)| {
            manifest
                .files
                .get(rel)
                .is_some_and(|e| e.size == stat.size && e.mtime_ns == stat.mtime_ns)
        }))
    }

    /// Like [`PersistentIndex::update`], but when no file's size or modification time changed (see
    /// [`PersistentIndex::is_current`]) nothing is read: the report comes from the manifest. What
    /// `search --corpus` and the desktop app call before searching a folder.
    ///
    /// On a full disk the index as last completed is still searchable: the report is then the manifest's,
    /// with the [`IndexError::DiskFull`] message among its notices, instead of an error that would make
    /// callers index the folder in memory.
    pub fn refresh(
        &self,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<UpdateReport, IndexError> {
        let mut stale = None;
        if !self.is_current()? {
            match self.update(progress) {
                Err(err @ IndexError::DiskFull { .. }) => {
                    stale = Some(format!("{err}; searching the index as last completed"));
                }
                other => return other,
            }
        }
        let start = Instant::now();
        let manifest = self.manifest()?;
        let mut report = UpdateReport {
            root: self.source.clone(),
            index_dir: self.dir.display().to_string(),
            files: manifest.files.len(),
            ..UpdateReport::default()
        };
        report.notices.extend(stale);
        self.take_notices(&mut report);
        finish(&mut report, &manifest, Vec::new(), start);
        Ok(report)
    }

    /// Moves the pending notices (index set aside…) to the front of `report`'s.
    fn take_notices(&self, report: &mut UpdateReport) {
        let mut notices = std::mem::take(&mut *guard(&self.notices));
        notices.append(&mut report.notices);
        report.notices = notices;
    }

    /// Scans the folder and brings the index up to date: parses and indexes the files added or changed since
    /// the last update (and the documents whose include fragments changed), deletes the sections of files
    /// removed, then commits and replaces the manifest.
    ///
    /// Holds the index's [`lock`] throughout, and first catches up with what another process committed
    /// meanwhile. When tantivy fails in a way that means the index is damaged, or panics, the index is set
    /// aside and rebuilt (a notice says so). On a full disk ([`IndexError::DiskFull`]) or any other
    /// failure, the files of the unfinished commit are removed and the last commit stays searchable.
    pub fn update(&self, progress: &(dyn Fn(Progress) + Sync)) -> Result<UpdateReport, IndexError> {
        let _lock = self.lock()?;
        self.catch_up_locked()?;
        let attempt = catch_unwind(AssertUnwindSafe(|| self.update_locked(progress)));
        let reason = match attempt {
            Ok(Ok(mut report)) => {
                self.take_notices(&mut report);
                return Ok(report);
            }
            Ok(Err(IndexError::Damaged { message, .. })) => message,
            Ok(Err(err)) => {
                self.clean_up_locked();
                return Err(err);
            }
            Err(payload) => format!("indexing panicked: {}", panic_message(&*payload)),
        };
        self.rebuild_locked(&reason)?;
        let mut report = self.update_locked(progress)?;
        self.take_notices(&mut report);
        Ok(report)
    }

    /// Adopts the index as another process left it when its manifest differs from this one's (the lock is
    /// held).
    fn catch_up_locked(&self) -> Result<(), IndexError> {
        let on_disk = Manifest::load(&self.dir.join(store::MANIFEST_FILE));
        if matches!(&on_disk, Ok(Some(m)) if *m == *guard(&self.manifest)) {
            return Ok(());
        }
        match open_existing(&self.dir, &self.synonyms, &self.source, Verify::Never) {
            Ok((index, manifest)) => {
                *self.index.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(index);
                *guard(&self.manifest) = manifest;
                Ok(())
            }
            Err(reason) => self.rebuild_locked(&reason),
        }
    }

    /// After a failed update: removes the files of the unfinished commit and the manifest's temporary file
    /// (best effort: they are removed again before the next write).
    fn clean_up_locked(&self) {
        let index = self.section_index();
        let _ = recover::remove_unreferenced(&self.dir.join(store::TANTIVY_DIR), index.index());
        let _ = fs::remove_file(
            self.dir
                .join(store::MANIFEST_FILE)
                .with_extension("json.tmp"),
        );
    }

    /// The error of a failed tantivy operation on this index: a full disk, an unwritable directory, or
    /// else a damaged index.
    fn tantivy_error(&self, err: &(dyn std::error::Error + 'static)) -> IndexError {
        // tantivy's own writer lock, held by a process that does not take ours (an older build): wait
        // for it another time rather than set its index aside.
        if matches!(
            err.downcast_ref::<tantivy::TantivyError>(),
            Some(tantivy::TantivyError::LockFailure(..))
        ) {
            return IndexError::Busy {
                folder: self.root.clone(),
                holder: None,
            };
        }
        if is_disk_full(err) || is_unwritable(err) {
            write_error(&self.root, &self.dir, err)
        } else {
            IndexError::Damaged {
                dir: self.dir.clone(),
                message: err.to_string(),
            }
        }
    }

    /// [`PersistentIndex::update`] once the lock is held.
    fn update_locked(
        &self,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<UpdateReport, IndexError> {
        let start = Instant::now();
        let index = self.section_index();
        let mut manifest = guard(&self.manifest);
        let mut report = UpdateReport {
            root: self.source.clone(),
            index_dir: self.dir.display().to_string(),
            ..UpdateReport::default()
        };
        let scan = corpus::scan(&self.root).map_err(|err| IndexError::Corpus {
            path: self.root.clone(),
            message: err.to_string(),
        })?;
        let stats = stat_walk(&self.root);
        let walk_skipped: Vec<Diagnostic> = scan.diagnostics().to_vec();
        report.files = scan.files().len() + walk_skipped.len();

        // New or changed files (content hash, or role: a file becomes a fragment once it is included).
        let mut pending: BTreeSet<String> = BTreeSet::new();
        for file in scan.files() {
            let fragment = file.role == FileRole::Fragment;
            match manifest.files.get(&file.path) {
                Some(known) if known.hash == file.hash && known.fragment == fragment => {}
                Some(_) => {
                    report.changed += 1;
                    pending.insert(file.path.clone());
                }
                None => {
                    report.added += 1;
                    pending.insert(file.path.clone());
                }
            }
        }
        let present: BTreeSet<&str> = scan.files().iter().map(|f| f.path.as_str()).collect();
        let removed: Vec<String> = manifest
            .files
            .keys()
            .filter(|rel| !present.contains(String::as_str(rel)))
            .cloned()
            .collect();
        report.removed = removed.len();

        // Documents that include a changed, new or removed file are parsed again too.
        let changed_paths: BTreeSet<&String> = pending.iter().chain(removed.iter()).collect();
        let dependents: Vec<String> = manifest
            .files
            .iter()
            .filter(|(rel, e)| {
                !pending.contains(*rel)
                    && present.contains(String::as_str(rel))
                    && e.includes.iter().any(|inc| changed_paths.contains(inc))
            })
            .map(|(rel, _)| rel.clone())
            .collect();
        report.changed += dependents.len();
        pending.extend(dependents);

        // Sizes and times are refreshed for every file, so `is_current` stays cheap after a mere touch.
        let mut next = manifest.clone();
        let mut times_changed = false;
        for (rel, entry) in next.files.iter_mut() {
            if let Some(stat) = stats.get(rel) {
                if (entry.size, entry.mtime_ns) != (stat.size, stat.mtime_ns) {
                    entry.size = stat.size;
                    entry.mtime_ns = stat.mtime_ns;
                    times_changed = true;
                }
            }
        }
        progress(Progress::Scanned {
            files: report.files,
            to_index: pending.len(),
        });
        let ms = |since: Instant| since.elapsed().as_secs_f64() * 1000.0;
        report.timings.scan_ms = ms(start);

        if pending.is_empty() && removed.is_empty() {
            if times_changed {
                next.store(&self.dir.join(store::MANIFEST_FILE))
                    .map_err(|err| write_error(&self.root, &self.dir, &err))?;
                *manifest = next;
            }
            finish(&mut report, &manifest, walk_skipped, start);
            return Ok(report);
        }

        // tantivy's indexing is the slow half of a large build: give it a second thread then (one
        // segment per thread); a small update stays in one thread and one new segment.
        // What an interrupted commit (by this or another process) left behind would clash with this one.
        recover::remove_unreferenced(&self.dir.join(store::TANTIVY_DIR), index.index())
            .map_err(|err| data_dir_error(&self.dir, err))?;
        let indexing_threads = if pending.len() >= LARGE_UPDATE_FILES {
            self.threads.clamp(1, 2)
        } else {
            1
        };
        let writer: IndexWriter = index
            .index()
            .writer_with_num_threads(indexing_threads, INDEX_WRITER_BUDGET)
            .map_err(|err| self.tantivy_error(&err))?;
        // A fresh index (first build, --rebuild) has nothing to delete: without delete operations
        // tantivy does not reopen each new segment at commit to apply them.
        let committed_empty = index
            .index()
            .searchable_segment_metas()
            .map(|metas| metas.iter().all(|m| m.num_docs() == 0))
            .unwrap_or(false);
        for rel in &removed {
            if !committed_empty {
                index.delete_doc(&writer, &self.source, rel);
            }
            next.files.remove(rel);
        }

        let jobs: Vec<String> = pending.into_iter().collect();
        let total = jobs.len();
        let next_job = AtomicUsize::new(0);
        let done = Mutex::new(0usize);
        let failed = AtomicBool::new(false);
        // Each worker parses a file and hands its sections straight to tantivy (whose own queue bounds
        // what is in flight); only the small per-file outcome is kept for the manifest, merged below.
        let worker = || -> Result<Vec<Indexed>, IndexError> {
            let mut out = Vec::new();
            while !failed.load(Ordering::Relaxed) {
                let i = next_job.fetch_add(1, Ordering::Relaxed);
                let Some(rel) = jobs.get(i) else { break };
                let loaded = scan.load(rel);
                if !committed_empty {
                    index.delete_doc(&writer, &self.source, rel);
                }
                let (sections, includes) = match loaded.document {
                    Some(document) => {
                        // One batch: tantivy hands it to a single indexing thread, so a document's
                        // sections stay together and in order within one segment (see `sections`).
                        let added = writer.run(document.sections.iter().map(|section| {
                            UserOperation::Add(index.document(section, &self.source))
                        }));
                        if let Err(err) = added {
                            failed.store(true, Ordering::Relaxed);
                            return Err(self.tantivy_error(&err));
                        }
                        (Some(document.sections.len()), document.includes)
                    }
                    None => (None, Vec::new()),
                };
                out.push(Indexed {
                    file: loaded.file,
                    diagnostics: loaded.diagnostics,
                    sections,
                    includes,
                });
                if let Ok(mut done) = done.lock() {
                    *done += 1;
                    progress(Progress::Indexed { done: *done, total });
                }
            }
            Ok(out)
        };
        let outcomes: Vec<Result<Vec<Indexed>, IndexError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..self.threads.clamp(1, 8))
                .map(|_| scope.spawn(worker))
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle.join().unwrap_or_else(|_| {
                        Err(IndexError::Internal(
                            "a parsing thread panicked".to_string(),
                        ))
                    })
                })
                .collect()
        });
        for outcome in outcomes {
            for indexed in outcome? {
                let rel = indexed.file.path.clone();
                let stat = stats.get(&rel).copied().unwrap_or(Stat {
                    size: indexed.file.size,
                    mtime_ns: 0,
                });
                let mut entry = ManifestEntry {
                    hash: indexed.file.hash,
                    size: stat.size,
                    mtime_ns: stat.mtime_ns,
                    sections: 0,
                    includes: Vec::new(),
                    fragment: indexed.file.role == FileRole::Fragment,
                    skipped: None,
                };
                let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = indexed
                    .diagnostics
                    .into_iter()
                    .partition(|d| d.severity == DiagnosticSeverity::Error);
                report.warnings.extend(warnings);
                match indexed.sections {
                    Some(sections) => {
                        entry.sections = sections;
                        entry.includes = indexed.includes;
                        report.sections_written += sections;
                    }
                    None if !entry.fragment => {
                        entry.skipped = Some(
                            errors
                                .iter()
                                .map(|d| match d.line {
                                    Some(line) => format!("line {line}: {}", d.message),
                                    None => d.message.clone(),
                                })
                                .collect::<Vec<_>>()
                                .join("; "),
                        );
                    }
                    None => {}
                }
                next.files.insert(rel, entry);
            }
        }
        report.timings.parse_ms = ms(start) - report.timings.scan_ms;
        commit(writer).map_err(|err| self.tantivy_error(&err))?;
        report.timings.commit_ms = ms(start) - report.timings.scan_ms - report.timings.parse_ms;
        let manifest_start = Instant::now();
        fault::point(&self.dir);
        next.store(&self.dir.join(store::MANIFEST_FILE))
            .map_err(|err| write_error(&self.root, &self.dir, &err))?;
        index.reload()?;
        report.timings.manifest_ms = ms(manifest_start);
        *manifest = next;
        finish(&mut report, &manifest, walk_skipped, start);
        Ok(report)
    }
}

/// What a parsing worker keeps of one file once its sections are handed to tantivy.
struct Indexed {
    file: corpus::FileEntry,
    diagnostics: Vec<Diagnostic>,
    /// Sections indexed; `None` when there is no document (fragment, or skipped).
    sections: Option<usize>,
    includes: Vec<String>,
}

/// Commits, then waits for merges (bounding the segment count and releasing the writer's threads).
fn commit(mut writer: IndexWriter) -> tantivy::Result<()> {
    writer.commit()?;
    writer.wait_merging_threads()
}

/// Totals and the skipped files (with their reasons, also those skipped by earlier updates) from the
/// manifest.
fn finish(
    report: &mut UpdateReport,
    manifest: &Manifest,
    walk_skipped: Vec<Diagnostic>,
    start: Instant,
) {
    fill_totals(report, manifest);
    report.skipped = walk_skipped;
    report
        .skipped
        .extend(manifest.files.iter().filter_map(|(rel, e)| {
            e.skipped.as_ref().map(|reason| Diagnostic {
                path: rel.clone(),
                line: None,
                severity: DiagnosticSeverity::Error,
                message: reason.clone(),
            })
        }));
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    report.warnings.sort_by(|a, b| a.path.cmp(&b.path));
    report.seconds = start.elapsed().as_secs_f64();
}

fn fill_totals(report: &mut UpdateReport, manifest: &Manifest) {
    report.documents = manifest.documents();
    report.fragments = manifest.files.values().filter(|e| e.fragment).count();
    report.sections = manifest.sections();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_recognised_however_tantivy_wraps_it() {
        let enospc = std::io::Error::from_raw_os_error(fault::ENOSPC);
        assert!(is_disk_full(&enospc));
        assert!(is_disk_full(&std::io::Error::from(
            std::io::ErrorKind::StorageFull
        )));
        let wrapped = tantivy::TantivyError::from(std::io::Error::from_raw_os_error(fault::ENOSPC));
        assert!(is_disk_full(&wrapped));
        // Some tantivy errors keep only the text of the I/O error.
        let text = tantivy::TantivyError::ErrorInThread(format!("{enospc}"));
        assert!(is_disk_full(&text), "{text}");
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(!is_disk_full(&denied));
        assert!(is_unwritable(&denied));
    }
}
