//! Watching a corpus folder: file changes are debounced and the folder's [`PersistentIndex`] is updated, so
//! an edit appears in search well within a second (debounce [`DEFAULT_DEBOUNCE`] + an incremental update).
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use supportkb::folder_index::{IndexOptions, PersistentIndex};
//! # use supportkb::search::Synonyms;
//! # use supportkb::watch::{FolderWatcher, DEFAULT_DEBOUNCE};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let index = Arc::new(PersistentIndex::open(
//!     "docs".as_ref(),
//!     &IndexOptions::default(),
//!     Arc::new(Synonyms::empty()),
//! )?);
//! index.update(&|_| {})?;
//! let watcher = FolderWatcher::start(Arc::clone(&index), DEFAULT_DEBOUNCE, |result| {
//!     if let Err(err) = result {
//!         eprintln!("re-indexing failed: {err}");
//!     }
//! })?;
//! // … search `index` while the user edits files …
//! watcher.stop();
//! # Ok(()) }
//! ```

use std::path::Path;
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::folder_index::{IndexError, PersistentIndex, UpdateReport};

/// Quiet time after the last change before the index is updated: editors write files in several steps.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// Why a folder could not be watched.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The operating system's file watcher refused (too many watches, folder gone…).
    #[error("cannot watch {path}: {source}")]
    Notify {
        /// The folder.
        path: String,
        /// The watcher's error.
        source: notify_debouncer_full::notify::Error,
    },
    /// The update thread could not be started.
    #[error("cannot start the watcher thread: {0}")]
    Thread(std::io::Error),
}

/// A running watch of one corpus folder; stops when dropped or on [`FolderWatcher::stop`].
pub struct FolderWatcher {
    debouncer: Option<Debouncer<RecommendedWatcher, RecommendedCache>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for FolderWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FolderWatcher")
            .field("running", &self.thread.is_some())
            .finish()
    }
}

/// Whether an event on `path` can change the index of `root`: a markdown file, or a folder (moved or
/// deleted folders carry their files with them), outside hidden folders.
fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    if hidden {
        return false;
    }
    match path.extension() {
        Some(ext) => ext.eq_ignore_ascii_case("md"),
        None => true,
    }
}

impl FolderWatcher {
    /// Watches `index`'s folder recursively. After each burst of changes (quiet for `debounce`), the index
    /// is updated and `on_update` receives the outcome (on the watcher's own thread).
    pub fn start(
        index: Arc<PersistentIndex>,
        debounce: Duration,
        on_update: impl Fn(Result<UpdateReport, IndexError>) + Send + 'static,
    ) -> Result<FolderWatcher, WatchError> {
        let (tx, rx) = mpsc::channel::<DebounceEventResult>();
        let root = index.root().to_path_buf();
        let mut debouncer =
            new_debouncer(debounce, None, tx).map_err(|source| WatchError::Notify {
                path: root.display().to_string(),
                source,
            })?;
        debouncer
            .watch(&root, RecursiveMode::Recursive)
            .map_err(|source| WatchError::Notify {
                path: root.display().to_string(),
                source,
            })?;
        let thread = std::thread::Builder::new()
            .name("supportkb-watch".to_string())
            .spawn(move || {
                for batch in rx {
                    let wanted = match &batch {
                        Ok(events) => events.iter().any(|e| {
                            !matches!(e.kind, EventKind::Access(_))
                                && e.paths.iter().any(|p| relevant(&root, p))
                        }),
                        // Lost events (queue overflow…): rescan to be safe.
                        Err(_) => true,
                    };
                    if wanted {
                        on_update(index.update(&|_| {}));
                    }
                }
            })
            .map_err(WatchError::Thread)?;
        Ok(FolderWatcher {
            debouncer: Some(debouncer),
            thread: Some(thread),
        })
    }

    /// Stops watching and waits for an update in progress to finish.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(debouncer) = self.debouncer.take() {
            // Stopping the debouncer drops its sender: the update thread's loop ends.
            debouncer.stop();
        }
        if let Some(thread) = self.thread.take() {
            // A panic in `on_update` is the caller's; it already ended the thread.
            let _ = thread.join();
        }
    }
}

impl Drop for FolderWatcher {
    fn drop(&mut self) {
        self.shutdown();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_markdown_and_folders_matter() {
        let root = Path::new("/tmp/.tmpX/docs");
        assert!(relevant(root, &root.join("a.md")));
        assert!(relevant(root, &root.join("guides")));
        assert!(!relevant(root, &root.join("image.png")));
        assert!(!relevant(root, &root.join(".git/index")));
        assert!(!relevant(root, &root.join("a.md.swp")));
        assert!(!relevant(root, Path::new("/elsewhere/a.md")));
    }
}
