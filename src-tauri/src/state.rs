//! What the commands share: the engine (which synchronises itself), the user data store, and the
//! channel on which the UI hears about its folders of docs changing.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use supportkb::corpus::ProblemGroup;
use supportkb::folder_index::{IndexOptions, Progress};
use supportkb::userdata::{UserData, UserDataStore};
use supportkb::{CorpusInfo, Engine, EngineError, FolderReport};
use tauri::ipc::Channel;

use crate::error::CommandError;

/// What happened to one of the user's folders of docs, sent to the UI on the channel it registered with
/// the `corpus_events` command.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CorpusEvent {
    /// `loaded` (indexed at start), `updated` (files changed on disk and were re-indexed) or `failed`.
    pub kind: CorpusEventKind,
    /// The folder.
    pub folder: String,
    /// For `failed`: what went wrong; otherwise a short summary for the status line. (The UI asks for
    /// the corpora and the topic tree again on every event.)
    pub message: String,
    /// For `loaded`: the folder's problems, grouped by the engine in people's words; empty otherwise.
    pub problems: Vec<ProblemGroup>,
}

/// Kinds of [`CorpusEvent`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum CorpusEventKind {
    /// A remembered (or `--corpus`) folder was indexed at start.
    Loaded,
    /// Files of a watched folder changed and were re-indexed.
    Updated,
    /// A folder could not be loaded or re-indexed.
    Failed,
}

/// Progress of indexing a folder, streamed to the UI while `add_corpus` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IndexProgress {
    /// Files parsed and indexed so far.
    pub done: usize,
    /// Files to parse and index (those new or changed since the folder's index was last updated).
    pub total: usize,
}

impl From<Progress> for IndexProgress {
    fn from(step: Progress) -> IndexProgress {
        match step {
            Progress::Scanned { to_index, .. } => IndexProgress {
                done: 0,
                total: to_index,
            },
            Progress::Indexed { done, total } => IndexProgress { done, total },
        }
    }
}

/// The UI's channel for [`CorpusEvent`]s, shared with the folder watchers' threads.
#[derive(Clone, Default)]
pub struct CorpusEvents(Arc<Mutex<Option<Channel<CorpusEvent>>>>);

impl CorpusEvents {
    /// Sends to the UI's channel, if it registered one. A closed web view is not an error.
    pub fn send(&self, event: CorpusEvent) {
        if let Ok(channel) = self.0.lock() {
            if let Some(channel) = channel.as_ref() {
                let _ = channel.send(event);
            }
        }
    }

    /// Replaces the UI's channel (the page registers one each time it loads).
    pub fn register(&self, channel: Channel<CorpusEvent>) {
        if let Ok(mut current) = self.0.lock() {
            *current = Some(channel);
        }
    }
}

/// Managed Tauri state.
pub struct AppState {
    /// The knowledge base, search index and policies (`Send + Sync`, internally synchronised).
    pub engine: Engine,
    /// History, pinned answers and the user's folders, written through on every change.
    pub user_data: Mutex<UserDataStore>,
    /// Where the folders' persistent indexes live (`indexes/` in the data directory).
    pub index_options: IndexOptions,
    /// The UI's channel for folder events.
    pub corpus_events: CorpusEvents,
    /// Messages for the user gathered at start (e.g. a corrupt user data file was set aside).
    pub notices: Vec<String>,
    /// When `main` started, for the startup figure.
    pub started: Instant,
    /// Whether to print timing lines on stdout (`SUPPORTKB_TIMING=1`), read by the benchmark script.
    pub print_timing: bool,
}

impl AppState {
    /// The editions of the support policy the engine's descriptions restate, oldest first, their dates
    /// as people read them (`31 Jul 2025`).
    pub fn policy_editions(&self) -> Result<Vec<String>, CommandError> {
        let mut editions: Vec<String> = self
            .engine
            .editions()?
            .into_iter()
            .map(|edition| edition.policy_version)
            .collect();
        editions.sort_unstable();
        Ok(editions
            .into_iter()
            .map(|edition| match edition.parse() {
                Ok(date) => supportkb::date_for_people(date),
                Err(_) => edition,
            })
            .collect())
    }

    /// Locks the user data store.
    pub fn user_data(&self) -> Result<MutexGuard<'_, UserDataStore>, CommandError> {
        self.user_data.lock().map_err(|_| {
            CommandError::new(
                "internal",
                "the user data store is unusable after an earlier failure",
            )
        })
    }

    /// Forgets the progress through the Learn course, saved at once; the user data as it now is.
    pub fn reset_learning(&self) -> Result<UserData, CommandError> {
        let mut store = self.user_data()?;
        store.reset_learning()?;
        Ok(store.data().clone())
    }

    /// Indexes a folder of docs (through its persistent index when the data directory allows), watches
    /// it so edits show within a second, and remembers it for the next start.
    pub fn add_folder(
        &self,
        dir: &Path,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<FolderReport, CommandError> {
        let report = self.engine.add_folder(dir, &self.index_options, progress)?;
        if report.persistent {
            self.watch(dir)?;
        }
        let folder = report
            .corpus
            .path
            .as_deref()
            .unwrap_or(dir)
            .display()
            .to_string();
        self.user_data()?.add_folder(&folder)?;
        Ok(report)
    }

    /// Removes a folder from the index, stops watching it and forgets it. A remembered folder that could
    /// not be loaded (moved, deleted) is just forgotten.
    pub fn remove_folder(&self, dir: &Path) -> Result<Vec<CorpusInfo>, CommandError> {
        let names: Vec<String> = [Some(dir.to_path_buf()), dir.canonicalize().ok()]
            .into_iter()
            .flatten()
            .map(|path| path.display().to_string())
            .collect();
        let removed = self.engine.remove_corpus(dir);
        let mut store = self.user_data()?;
        let remembered = store.data().folders.iter().any(|f| names.contains(f));
        match removed {
            Ok(()) => {}
            Err(EngineError::UnknownCorpus { .. }) if remembered => {}
            Err(error) => return Err(error.into()),
        }
        for name in &names {
            store.remove_folder(name)?;
        }
        Ok(self.engine.corpora())
    }

    /// Loads the remembered folders and the `--corpus` ones, one after the other, telling the UI as each
    /// is ready (runs on a background thread after the window opens, so a large folder never delays it).
    pub fn restore_folders(&self, extra: &[PathBuf]) {
        let remembered = self
            .user_data()
            .map(|store| store.data().folders.clone())
            .unwrap_or_default();
        let mut folders: Vec<PathBuf> = remembered.into_iter().map(PathBuf::from).collect();
        for dir in extra {
            if !folders.contains(dir) {
                folders.push(dir.clone());
            }
        }
        for dir in folders {
            let folder = dir.display().to_string();
            let event = match self.engine.add_folder(&dir, &self.index_options, &|_| {}) {
                Ok(report) => {
                    let watched = if report.persistent {
                        self.watch(&dir)
                            .err()
                            .map(|e| format!("; not watched: {}", e.message))
                    } else {
                        None
                    };
                    CorpusEvent {
                        kind: CorpusEventKind::Loaded,
                        problems: report.problems,
                        message: format!(
                            "{folder}: {} documents, {} sections{}{}",
                            report.corpus.documents,
                            report.corpus.sections,
                            match report.diagnostics.len() {
                                0 => String::new(),
                                n => format!(", {n} file(s) skipped or partly read"),
                            },
                            watched.unwrap_or_default()
                        ),
                        folder,
                    }
                }
                Err(error) => CorpusEvent {
                    kind: CorpusEventKind::Failed,
                    message: format!("{folder}: {error}"),
                    folder,
                    problems: Vec::new(),
                },
            };
            self.corpus_events.send(event);
        }
    }

    fn watch(&self, dir: &Path) -> Result<(), CommandError> {
        let events = self.corpus_events.clone();
        let folder = dir.display().to_string();
        self.engine.watch_corpus(dir, move |update| {
            let event = match update {
                Ok(corpus) => CorpusEvent {
                    kind: CorpusEventKind::Updated,
                    message: format!(
                        "{folder} changed on disk: now {} documents, {} sections",
                        corpus.documents, corpus.sections
                    ),
                    folder: folder.clone(),
                    problems: Vec::new(),
                },
                Err(message) => CorpusEvent {
                    kind: CorpusEventKind::Failed,
                    message: format!("{folder}: re-indexing failed: {message}"),
                    folder: folder.clone(),
                    problems: Vec::new(),
                },
            };
            events.send(event);
        })?;
        Ok(())
    }
}

/// Command-line options of the desktop binary.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Where `userdata.json` lives (`--data-dir`, else `$SUPPORTKB_DATA_DIR`, else the platform data dir).
    pub data_dir: Option<PathBuf>,
    /// Folders of markdown to index at start (`--corpus`, repeatable).
    pub corpora: Vec<PathBuf>,
    /// `supportkb://` links to open once the window is up (what the launcher passes for a clicked link).
    pub links: Vec<String>,
    /// Folders Settings may add without the native confirmation dialog (`--trust-folder`, repeatable):
    /// for whoever launches the app, e.g. the e2e tests, which cannot click a native dialog.
    pub trusted: Vec<PathBuf>,
}

impl Options {
    /// Parses `--data-dir DIR`, `--corpus DIR` (also `--flag=DIR`) and `supportkb://` links. Unknown
    /// arguments are an error.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Self, String> {
        let mut options = Options::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => {
                    (flag.to_string(), Some(value.to_string()))
                }
                _ => (arg.clone(), None),
            };
            let mut value = |name: &str| {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| format!("{name} needs a folder, e.g. {name} ~/docs"))
            };
            match flag.as_str() {
                "--data-dir" => options.data_dir = Some(PathBuf::from(value("--data-dir")?)),
                "--corpus" => options.corpora.push(PathBuf::from(value("--corpus")?)),
                "--trust-folder" => options.trusted.push(PathBuf::from(value("--trust-folder")?)),
                link if crate::deep_link::is_link(link) => options.links.push(arg),
                other => {
                    return Err(format!(
                        "unknown argument {other:?}; usage: supportkb-desktop [--data-dir DIR] [--corpus DIR]... [--trust-folder DIR]... [supportkb://LINK]"
                    ))
                }
            }
        }
        Ok(options)
    }
}

/// Milliseconds since the Unix epoch (for timing lines compared across processes).
pub fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // A failed unwrap is the test failing.
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        Options::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn options_parse_flags_and_reject_unknown_ones() {
        let options = parse(&["--data-dir", "/tmp/d", "--corpus=/a", "--corpus", "/b"]).unwrap();
        assert_eq!(options.data_dir, Some(PathBuf::from("/tmp/d")));
        assert_eq!(options.corpora, [PathBuf::from("/a"), PathBuf::from("/b")]);
        assert!(parse(&["--corpus"])
            .unwrap_err()
            .contains("--corpus needs a folder"));
        assert!(parse(&["--verbose"])
            .unwrap_err()
            .contains("unknown argument"));
        assert_eq!(parse(&[]).unwrap(), Options::default());
    }

    #[test]
    fn a_link_clicked_elsewhere_is_kept_to_open_in_the_window() {
        let link = "supportkb://ask/reopen?closed_on=2026-08-12&same_build=yes";
        let options = parse(&["--data-dir", "/tmp/d", link]).unwrap();
        assert_eq!(options.links, [link]);
        assert_eq!(options.data_dir, Some(PathBuf::from("/tmp/d")));
        assert!(parse(&["https://example.com/"])
            .unwrap_err()
            .contains("unknown argument"));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // A failed unwrap is the test failing.
mod folder_tests {
    use super::*;

    fn app_state(data: &Path) -> AppState {
        let (store, _) = UserDataStore::open(data).unwrap();
        AppState {
            engine: Engine::embedded().unwrap(),
            user_data: Mutex::new(store),
            index_options: IndexOptions {
                base_dir: Some(data.join("indexes")),
                ..IndexOptions::default()
            },
            corpus_events: CorpusEvents::default(),
            notices: Vec::new(),
            started: Instant::now(),
            print_timing: false,
        }
    }

    #[test]
    fn an_added_folder_is_watched_remembered_and_forgotten_on_removal() {
        let data = tempfile::tempdir().unwrap();
        let docs = tempfile::tempdir().unwrap();
        std::fs::write(
            docs.path().join("guide.md"),
            "# Guide\n\n## Wombat gateway\n\nConfigure it.\n",
        )
        .unwrap();
        let state = app_state(data.path());
        let report = state.add_folder(docs.path(), &|_| {}).unwrap();
        assert!(report.persistent);
        assert!(state.engine.is_watched(docs.path()));
        let folder = docs.path().canonicalize().unwrap().display().to_string();
        assert_eq!(state.user_data().unwrap().data().folders, [folder]);

        // The next start loads it again from what was remembered.
        let restarted = app_state(data.path());
        restarted.restore_folders(&[]);
        assert!(!restarted.engine.search("wombat gateway", 3).hits.is_empty());

        let corpora = state.remove_folder(docs.path()).unwrap();
        assert_eq!(corpora.len(), 1, "only the built-in FAQ is left");
        assert!(!state.engine.is_watched(docs.path()));
        assert!(state.user_data().unwrap().data().folders.is_empty());
    }

    #[test]
    fn reset_progress_forgets_scores_and_mistakes_and_stays_forgotten_after_a_restart() {
        let data = tempfile::tempdir().unwrap();
        let state = app_state(data.path());
        let question = supportkb::policy::Question {
            policy: "reopen".into(),
            facts: serde_json::Map::new(),
            policy_version: None,
        };
        for correct in [true, false] {
            let attempt = supportkb::userdata::QuizAttempt {
                lesson: "reopening-incidents".into(),
                key: format!("reopen-{correct}"),
                based_on: "Closed three months ago".into(),
                question: question.clone(),
                correct,
            };
            state
                .user_data()
                .unwrap()
                .record_quiz(attempt, chrono::Utc::now())
                .unwrap();
        }
        assert_eq!(state.user_data().unwrap().data().learn.missed.len(), 1);

        let data_now = state.reset_learning().unwrap();
        assert!(data_now.learn.lessons.is_empty() && data_now.learn.missed.is_empty());
        let restarted = app_state(data.path());
        let learn = restarted.user_data().unwrap().data().learn.clone();
        assert!(learn.lessons.is_empty() && learn.missed.is_empty());
    }

    #[test]
    fn a_remembered_folder_that_is_gone_can_still_be_forgotten() {
        let data = tempfile::tempdir().unwrap();
        let gone = data.path().join("moved-away");
        {
            let (mut store, _) = UserDataStore::open(data.path()).unwrap();
            store.add_folder(&gone.display().to_string()).unwrap();
        }
        let state = app_state(data.path());
        state.restore_folders(&[]);
        assert_eq!(state.engine.corpora().len(), 1, "nothing loaded for it");
        state.remove_folder(&gone).unwrap();
        assert!(state.user_data().unwrap().data().folders.is_empty());
        // A folder that was never added is still an error.
        let err = state.remove_folder(&data.path().join("never")).unwrap_err();
        assert_eq!(err.code, "unknown_corpus");
    }
}
