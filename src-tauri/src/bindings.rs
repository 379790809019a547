//! TypeScript bindings for every command's input and output, generated from the Rust types with ts-rs
//! into `ui/src/bindings/`. The test below fails when the committed bindings are stale;
//! `UPDATE_BINDINGS=1 cargo test -p supportkb-desktop bindings` (or `make bindings`) rewrites them.

#[cfg(test)]
#[allow(clippy::unwrap_used)] // A failed unwrap is the test failing.
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use ts_rs::{Config, ExportError, TS};

    use crate::commands::{AppInfo, ChangedPassages, CorpusReport};
    use crate::error::CommandError;
    use crate::state::{CorpusEvent, IndexProgress};

    fn bindings_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings")
    }

    /// Exports every type the UI receives or sends (and what they reference) into `dir`.
    fn export_all(dir: &Path) -> Result<(), ExportError> {
        let config = Config::new().with_out_dir(dir).with_large_int("number");
        AppInfo::export_all(&config)?;
        CorpusReport::export_all(&config)?;
        CommandError::export_all(&config)?;
        CorpusEvent::export_all(&config)?;
        IndexProgress::export_all(&config)?;
        ChangedPassages::export_all(&config)?;
        supportkb::SearchResults::export_all(&config)?;
        supportkb::DocumentOutline::export_all(&config)?;
        supportkb::render::ReaderPage::export_all(&config)?;
        supportkb::userdata::UserData::export_all(&config)?;
        supportkb::policy::PolicySpec::export_all(&config)?;
        supportkb::policy::Question::export_all(&config)?;
        supportkb::policy::Answer::export_all(&config)?;
        supportkb::policy::ResponseTimeDetails::export_all(&config)?;
        supportkb::policy::EditionInfo::export_all(&config)?;
        supportkb::policy::Changes::export_all(&config)?;
        supportkb::share::ShareFormat::export_all(&config)?;
        supportkb::share::DeepLink::export_all(&config)?;
        supportkb::userdata::PinsImported::export_all(&config)?;
        supportkb::human::Resolved::export_all(&config)?;
        supportkb::human::Understood::export_all(&config)?;
        supportkb::human::Country::export_all(&config)?;
        supportkb::glossary::GlossaryTerm::export_all(&config)?;
        supportkb::learn::Course::export_all(&config)?;
        supportkb::learn::QuizQuestion::export_all(&config)?;
        supportkb::learn::QuizResult::export_all(&config)?;
        supportkb::userdata::QuizAttempt::export_all(&config)?;
        supportkb::userdata::MissedQuestion::export_all(&config)?;
        Ok(())
    }

    /// Every `.ts` file under `dir` (recursively), by path relative to `dir`.
    fn read_dir(dir: &Path) -> BTreeMap<String, String> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.filter_map(Result::ok) {
                let path = entry.path();
                if path.is_dir() {
                    walk(root, &path, out);
                } else if path.extension().is_some_and(|ext| ext == "ts") {
                    let name = path
                        .strip_prefix(root)
                        .unwrap_or(&path)
                        .display()
                        .to_string();
                    out.insert(name, std::fs::read_to_string(&path).unwrap_or_default());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(dir, dir, &mut out);
        out
    }

    #[test]
    fn typescript_bindings_are_up_to_date() {
        let fresh = std::env::temp_dir().join(format!("supportkb-bindings-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&fresh);
        export_all(&fresh).unwrap();
        let generated = read_dir(&fresh);
        let _ = std::fs::remove_dir_all(&fresh);
        assert!(generated.len() >= 10, "exported {} files", generated.len());
        let committed_dir = bindings_dir();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            let _ = std::fs::remove_dir_all(&committed_dir);
            std::fs::create_dir_all(&committed_dir).unwrap();
            for (name, text) in &generated {
                let path = committed_dir.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
        }
        let committed = read_dir(&committed_dir);
        let stale: Vec<_> = generated
            .keys()
            .chain(committed.keys())
            .filter(|name| generated.get(*name) != committed.get(*name))
            .collect();
        assert!(
            stale.is_empty(),
            "ui/src/bindings is stale ({stale:?} differ from the Rust types); run `make bindings` and commit the result"
        );
    }
}
