//! The desktop user's own data: search history and pinned answers, kept in one JSON file.
//!
//! The file lives in the platform data directory (`$XDG_DATA_HOME/supportkb/userdata.json` on Linux,
//! via the `directories` crate); callers may pass any other path (the desktop app's `--data-dir`).
//! Writes are atomic (temporary file + rename), so a crash mid-write never leaves half a file.
//!
//! **A broken file never stops the app:** a file that is not valid JSON for [`UserData`] is renamed
//! aside to `userdata.json.corrupt-<UTC timestamp>`, the store starts empty, and [`UserDataStore::open`]
//! returns a notice saying where the old file went.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// How many history entries are kept (newest first).
pub const HISTORY_LIMIT: usize = 50;

/// File name of the store inside the data directory.
pub const FILE_NAME: &str = "userdata.json";

/// Errors of the user data store. Each names the file it concerns.
#[derive(Debug, thiserror::Error)]
pub enum UserDataError {
    /// The platform has no data directory for this user (no home directory).
    #[error("cannot find a data directory for this user (no home directory); pass a data directory explicitly")]
    NoDataDir,
    /// Reading, writing or renaming a file failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done ("reading", "writing", …).
        action: &'static str,
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The data could not be encoded as JSON (not expected for these types).
    #[error("encoding user data for {path}: {source}")]
    Encode {
        /// The file that was to be written.
        path: PathBuf,
        /// The underlying error.
        source: serde_json::Error,
    },
    /// A pinned answer needs a non-empty id.
    #[error("a pinned answer needs a non-empty id")]
    EmptyPinId,
    /// No pinned answer has this id.
    #[error("no pinned answer {0:?}")]
    UnknownPin(String),
    /// A file of pins to import is not one supportkb wrote (the message says what is wrong).
    #[error("{path}: not a file of pinned answers exported by supportkb: {message}")]
    BadImport {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
}

/// The format marker of an exported file of pins (`{"supportkb_pins": 1, "pins": [...]}`).
pub const PINS_FORMAT: u32 = 1;

/// Most characters kept of a pin's name or note.
pub const MAX_PIN_TEXT: usize = 2_000;

/// An exported file of pinned answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PinsFile {
    supportkb_pins: u32,
    pins: Vec<PinnedAnswer>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PinsImported {
    /// Pins that were new.
    pub added: usize,
    /// Pins that replaced one with the same id.
    pub replaced: usize,
}

/// One past search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    /// The query as typed.
    pub query: String,
    /// When it was last run (RFC 3339, UTC).
    pub at: String,
}

/// An answer of the policy assistant the user pinned, with the question that produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PinnedAnswer {
    /// Identifier chosen by the UI (unique within the store; pinning the same id again replaces it).
    pub id: String,
    /// Short label shown in the list (e.g. the policy's question).
    pub title: String,
    /// The question as asked: `{"policy": ID, "facts": {...}}`.
    pub question: serde_json::Value,
    /// The verdict at the time it was pinned.
    pub verdict: String,
    /// The one-sentence summary at the time it was pinned.
    pub summary: String,
    /// When it was pinned (RFC 3339, UTC).
    pub pinned_at: String,
    /// The name the user gave it (empty: shown by its title).
    #[serde(default)]
    pub name: String,
    /// The user's note on it.
    #[serde(default)]
    pub note: String,
}

/// Everything the store keeps.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UserData {
    /// Past searches, newest first, at most [`HISTORY_LIMIT`], no duplicates.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// Pinned answers, newest first.
    #[serde(default)]
    pub pinned: Vec<PinnedAnswer>,
    /// The user's own folders of docs, in the order they were added; indexed again at every start.
    #[serde(default)]
    pub folders: Vec<String>,
    /// Progress through the Learn course. A file without it (older versions) or with one this version
    /// cannot read starts the course afresh and keeps everything else.
    #[serde(default, deserialize_with = "learn_or_afresh")]
    pub learn: LearnProgress,
}

/// The version of [`LearnProgress`] this build writes.
pub const LEARN_VERSION: u32 = 1;

/// Most missed questions kept for review (the oldest go first).
pub const MISSED_LIMIT: usize = 100;

/// Progress through the Learn course: per lesson, and the questions to review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LearnProgress {
    /// Format version ([`LEARN_VERSION`]).
    pub version: u32,
    /// Progress per lesson, by lesson id.
    #[serde(default)]
    pub lessons: std::collections::BTreeMap<String, LessonProgress>,
    /// Questions answered wrongly and not yet answered right since, newest first.
    #[serde(default)]
    pub missed: Vec<MissedQuestion>,
}

impl Default for LearnProgress {
    fn default() -> Self {
        Self {
            version: LEARN_VERSION,
            lessons: std::collections::BTreeMap::new(),
            missed: Vec::new(),
        }
    }
}

/// Progress through one lesson's quiz.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LessonProgress {
    /// Answers given (every attempt counts).
    pub answered: u32,
    /// Answers that were right.
    pub correct: u32,
    /// Keys of the lesson's questions answered right at least once.
    #[serde(default)]
    pub mastered: Vec<String>,
}

/// A question answered wrongly: its facts (never its answer, which the engine gives again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MissedQuestion {
    /// The lesson it belongs to.
    pub lesson: String,
    /// The question's key.
    pub key: String,
    /// The worked example it is based on.
    pub based_on: String,
    /// The question: a policy and its facts.
    pub question: crate::policy::Question,
    /// When it was missed (RFC 3339, UTC).
    pub missed_at: String,
}

/// One answer to a quiz question, to record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuizAttempt {
    /// The lesson.
    pub lesson: String,
    /// The question's key.
    pub key: String,
    /// The worked example it is based on.
    pub based_on: String,
    /// The question.
    pub question: crate::policy::Question,
    /// Whether the engine said the learner was right.
    pub correct: bool,
}

/// The `learn` field as written, or a fresh start when it is of another version or shape (the rest of
/// the file is kept either way).
fn learn_or_afresh<'de, D: serde::Deserializer<'de>>(d: D) -> Result<LearnProgress, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value::<LearnProgress>(value)
        .ok()
        .filter(|p| p.version == LEARN_VERSION)
        .unwrap_or_default())
}

/// The user data file and its contents in memory.
#[derive(Debug)]
pub struct UserDataStore {
    path: PathBuf,
    data: UserData,
}

impl UserDataStore {
    /// The platform's data directory for supportkb (e.g. `~/.local/share/supportkb` on Linux).
    pub fn default_dir() -> Result<PathBuf, UserDataError> {
        directories::ProjectDirs::from("dev", "supportkb", "supportkb")
            .map(|dirs| dirs.data_dir().to_path_buf())
            .ok_or(UserDataError::NoDataDir)
    }

    /// Opens `dir/userdata.json`. A missing file (or directory) is an empty store; a corrupt file is
    /// renamed aside and the returned notice says so. Fails only when the file exists but cannot be
    /// read, or a corrupt file cannot be renamed.
    pub fn open(dir: &Path) -> Result<(Self, Option<String>), UserDataError> {
        let path = dir.join(FILE_NAME);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Ok((
                    Self {
                        path,
                        data: UserData::default(),
                    },
                    None,
                ));
            }
            Err(source) => {
                return Err(UserDataError::Io {
                    action: "reading",
                    path,
                    source,
                })
            }
        };
        match serde_json::from_slice::<UserData>(&bytes) {
            Ok(data) => Ok((Self { path, data }, None)),
            Err(parse_error) => {
                let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
                let aside = path.with_file_name(format!("{FILE_NAME}.corrupt-{stamp}"));
                fs::rename(&path, &aside).map_err(|source| UserDataError::Io {
                    action: "setting aside the corrupt file",
                    path: path.clone(),
                    source,
                })?;
                let notice = format!(
                    "Your saved history and pins could not be read ({parse_error}); the file was moved to {} and a new one started.",
                    aside.display()
                );
                Ok((
                    Self {
                        path,
                        data: UserData::default(),
                    },
                    Some(notice),
                ))
            }
        }
    }

    /// A store that is never written (used when the data directory is unusable).
    pub fn in_memory() -> Self {
        Self {
            path: PathBuf::new(),
            data: UserData::default(),
        }
    }

    /// Path of the JSON file (empty for [`UserDataStore::in_memory`]).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The current contents.
    pub fn data(&self) -> &UserData {
        &self.data
    }

    /// Records a search at time `at`: moves it to the top of the history (no duplicates, ignoring
    /// case and surrounding spaces), trims to [`HISTORY_LIMIT`] and saves. Blank queries are ignored.
    pub fn record_search(&mut self, query: &str, at: DateTime<Utc>) -> Result<(), UserDataError> {
        let query = query.trim();
        if query.is_empty() {
            return Ok(());
        }
        let key = query.to_lowercase();
        self.data
            .history
            .retain(|entry| entry.query.trim().to_lowercase() != key);
        self.data.history.insert(
            0,
            HistoryEntry {
                query: query.to_string(),
                at: at.to_rfc3339_opts(SecondsFormat::Secs, true),
            },
        );
        self.data.history.truncate(HISTORY_LIMIT);
        self.save()
    }

    /// Forgets the search history and saves.
    pub fn clear_history(&mut self) -> Result<(), UserDataError> {
        self.data.history.clear();
        self.save()
    }

    /// Pins an answer (replacing one with the same id) at the top of the list and saves.
    pub fn pin(
        &mut self,
        mut answer: PinnedAnswer,
        at: DateTime<Utc>,
    ) -> Result<(), UserDataError> {
        if answer.id.trim().is_empty() {
            return Err(UserDataError::EmptyPinId);
        }
        answer.pinned_at = at.to_rfc3339_opts(SecondsFormat::Secs, true);
        self.data.pinned.retain(|pinned| pinned.id != answer.id);
        self.data.pinned.insert(0, answer);
        self.save()
    }

    /// Names a pinned answer and sets its note (each trimmed and cut to [`MAX_PIN_TEXT`]
    /// characters), then saves.
    pub fn describe_pin(&mut self, id: &str, name: &str, note: &str) -> Result<(), UserDataError> {
        let cut = |s: &str| s.trim().chars().take(MAX_PIN_TEXT).collect::<String>();
        let pin = self
            .data
            .pinned
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or_else(|| UserDataError::UnknownPin(crate::text::echo(id).into_owned()))?;
        pin.name = cut(name);
        pin.note = cut(note);
        self.save()
    }

    /// Every pinned answer as an export file (JSON).
    pub fn export_pins(&self) -> Result<String, UserDataError> {
        serde_json::to_string_pretty(&PinsFile {
            supportkb_pins: PINS_FORMAT,
            pins: self.data.pinned.clone(),
        })
        .map_err(|source| UserDataError::Encode {
            path: self.path.clone(),
            source,
        })
    }

    /// Writes every pinned answer to `path` (an export file).
    pub fn export_pins_to(&self, path: &Path) -> Result<(), UserDataError> {
        let text = self.export_pins()?;
        fs::write(path, text).map_err(|source| UserDataError::Io {
            action: "writing",
            path: path.to_path_buf(),
            source,
        })
    }

    /// Adds the pins of an export file read from `path` (a pin with an id already pinned replaces it)
    /// and saves. A file that is not an export of supportkb changes nothing.
    pub fn import_pins_from(&mut self, path: &Path) -> Result<PinsImported, UserDataError> {
        /// An export file larger than this is not one supportkb wrote.
        const MAX_IMPORT_BYTES: u64 = 16 * 1024 * 1024;
        let bad = |message: String| UserDataError::BadImport {
            path: path.to_path_buf(),
            message,
        };
        let size = fs::metadata(path)
            .map_err(|source| UserDataError::Io {
                action: "reading",
                path: path.to_path_buf(),
                source,
            })?
            .len();
        if size > MAX_IMPORT_BYTES {
            return Err(bad(format!("it is {size} bytes long")));
        }
        let text = fs::read_to_string(path).map_err(|source| UserDataError::Io {
            action: "reading",
            path: path.to_path_buf(),
            source,
        })?;
        let file: PinsFile = serde_json::from_str(&text)
            .map_err(|e| bad(crate::text::echo(&e.to_string()).into_owned()))?;
        if file.supportkb_pins != PINS_FORMAT {
            return Err(bad(format!(
                "format {} (this version reads {PINS_FORMAT})",
                file.supportkb_pins
            )));
        }
        if file.pins.iter().any(|p| p.id.trim().is_empty()) {
            return Err(bad("a pin has no id".to_string()));
        }
        let mut report = PinsImported {
            added: 0,
            replaced: 0,
        };
        for pin in file.pins.into_iter().rev() {
            let before = self.data.pinned.len();
            self.data.pinned.retain(|p| p.id != pin.id);
            if self.data.pinned.len() < before {
                report.replaced += 1;
            } else {
                report.added += 1;
            }
            self.data.pinned.insert(0, pin);
        }
        self.save()?;
        Ok(report)
    }

    /// Removes the pinned answer with this id (nothing happens when there is none) and saves.
    pub fn unpin(&mut self, id: &str) -> Result<(), UserDataError> {
        self.data.pinned.retain(|pinned| pinned.id != id);
        self.save()
    }

    /// Remembers a folder of docs (once; a folder already listed keeps its place) and saves.
    pub fn add_folder(&mut self, folder: &str) -> Result<(), UserDataError> {
        if !self.data.folders.iter().any(|f| f == folder) {
            self.data.folders.push(folder.to_string());
        }
        self.save()
    }

    /// Forgets a folder of docs (nothing happens when it is not listed) and saves.
    pub fn remove_folder(&mut self, folder: &str) -> Result<(), UserDataError> {
        self.data.folders.retain(|f| f != folder);
        self.save()
    }

    /// Records an answer to a quiz question and saves: the lesson's counts go up, a right answer marks
    /// the question mastered and takes it off the review list, a wrong one puts it on top of it.
    pub fn record_quiz(
        &mut self,
        attempt: QuizAttempt,
        at: DateTime<Utc>,
    ) -> Result<(), UserDataError> {
        let learn = &mut self.data.learn;
        let lesson = learn.lessons.entry(attempt.lesson.clone()).or_default();
        lesson.answered = lesson.answered.saturating_add(1);
        learn.missed.retain(|m| m.key != attempt.key);
        if attempt.correct {
            lesson.correct = lesson.correct.saturating_add(1);
            if !lesson.mastered.contains(&attempt.key) {
                lesson.mastered.push(attempt.key);
            }
        } else {
            learn.missed.insert(
                0,
                MissedQuestion {
                    lesson: attempt.lesson,
                    key: attempt.key,
                    based_on: attempt.based_on,
                    question: attempt.question,
                    missed_at: at.to_rfc3339_opts(SecondsFormat::Secs, true),
                },
            );
            learn.missed.truncate(MISSED_LIMIT);
        }
        self.save()
    }

    /// Forgets the progress through the Learn course and saves.
    pub fn reset_learning(&mut self) -> Result<(), UserDataError> {
        self.data.learn = LearnProgress::default();
        self.save()
    }

    /// Writes the file atomically (temporary file in the same directory, then rename).
    fn save(&self) -> Result<(), UserDataError> {
        if self.path.as_os_str().is_empty() {
            return Ok(());
        }
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir).map_err(|source| UserDataError::Io {
                action: "creating the data directory",
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let json =
            serde_json::to_vec_pretty(&self.data).map_err(|source| UserDataError::Encode {
                path: self.path.clone(),
                source,
            })?;
        let temporary = self
            .path
            .with_file_name(format!("{FILE_NAME}.tmp-{}", std::process::id()));
        fs::write(&temporary, json).map_err(|source| UserDataError::Io {
            action: "writing",
            path: temporary.clone(),
            source,
        })?;
        fs::rename(&temporary, &self.path).map_err(|source| UserDataError::Io {
            action: "replacing",
            path: self.path.clone(),
            source,
        })
    }
}
