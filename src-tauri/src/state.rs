//! What the commands share: the engine (which synchronises itself) and the user data store.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use supportkb::policy::Registry;
use supportkb::userdata::UserDataStore;
use supportkb::Engine;

use crate::error::CommandError;

/// Managed Tauri state.
pub struct AppState {
    /// The knowledge base and search index (`Send + Sync`, internally synchronised).
    pub engine: Engine,
    /// The policy engine (every policy, checked at start; evaluation is pure).
    pub policies: &'static Registry,
    /// History and pinned answers, written through on every change.
    pub user_data: Mutex<UserDataStore>,
    /// Messages for the user gathered at start (e.g. a corrupt user data file was set aside).
    pub notices: Vec<String>,
    /// When `main` started, for the startup figure.
    pub started: Instant,
    /// Whether to print timing lines on stdout (`SUPPORTKB_TIMING=1`), read by the benchmark script.
    pub print_timing: bool,
}

impl AppState {
    /// Locks the user data store.
    pub fn user_data(&self) -> Result<MutexGuard<'_, UserDataStore>, CommandError> {
        self.user_data.lock().map_err(|_| {
            CommandError::new(
                "internal",
                "the user data store is unusable after an earlier failure",
            )
        })
    }
}

/// Command-line options of the desktop binary.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Where `userdata.json` lives (`--data-dir`, else `$SUPPORTKB_DATA_DIR`, else the platform data dir).
    pub data_dir: Option<PathBuf>,
    /// Folders of markdown to index at start (`--corpus`, repeatable).
    pub corpora: Vec<PathBuf>,
}

impl Options {
    /// Parses `--data-dir DIR` and `--corpus DIR` (also `--flag=DIR`). Unknown arguments are an error.
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
                other => {
                    return Err(format!(
                        "unknown argument {other:?}; usage: supportkb-desktop [--data-dir DIR] [--corpus DIR]..."
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
}
