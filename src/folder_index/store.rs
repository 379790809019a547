//! Where persistent indexes live on disk, and how a directory is checked, set aside and created.
//!
//! Layout: `<base>/<key>/` per corpus root, where `<base>` is `indexes/` in the platform data directory
//! (or `--index-dir`) and `<key>` is a hash of the root's canonical path. Inside:
//!
//! * `VERSION`: `supportkb-index <INDEX_FORMAT> schema <SCHEMA_VERSION>`; any other content → rebuild;
//! * `root.txt`: the corpus root, for people looking at the folder;
//! * `tantivy/`: the tantivy index;
//! * `manifest.json`: see [`super::manifest`].

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::search::SCHEMA_VERSION;

/// Version of the on-disk layout (files above, key derivation, what the manifest means).
pub const INDEX_FORMAT: u32 = 1;

/// Name of the version file.
pub const VERSION_FILE: &str = "VERSION";
/// Name of the tantivy directory.
pub const TANTIVY_DIR: &str = "tantivy";
/// Name of the manifest file.
pub const MANIFEST_FILE: &str = "manifest.json";
/// Name of the file holding the corpus root.
pub const ROOT_FILE: &str = "root.txt";

/// The content of [`VERSION_FILE`] this build writes and accepts.
pub fn version_line() -> String {
    format!("supportkb-index {INDEX_FORMAT} schema {SCHEMA_VERSION}")
}

/// `indexes/` in the platform data directory (e.g. `~/.local/share/supportkb/indexes` on Linux), when
/// the platform has a home directory.
pub fn default_base_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "supportkb").map(|d| d.data_dir().join("indexes"))
}

/// The directory of the index of `canonical_root` under `base`: a 16-hex-digit hash of the path.
pub fn index_dir_for(base: &Path, canonical_root: &Path) -> PathBuf {
    let digest = Sha256::digest(canonical_root.to_string_lossy().as_bytes());
    let key: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    base.join(key)
}

/// Whether `dir` holds an index of this build's format (its `VERSION` matches); `Err` explains why not.
pub fn check_version(dir: &Path) -> Result<(), String> {
    match fs::read_to_string(dir.join(VERSION_FILE)) {
        Ok(text) if text.trim() == version_line() => Ok(()),
        Ok(text) => Err(format!(
            "it was written by another version ({:?}, this build writes {:?})",
            text.trim(),
            version_line()
        )),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            Err("it has no VERSION file".to_string())
        }
        Err(err) => Err(format!("its VERSION file is unreadable: {err}")),
    }
}

/// Moves `dir` aside to `<dir>.broken` (replacing an earlier one) and returns where it went.
pub fn set_aside(dir: &Path) -> std::io::Result<PathBuf> {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".broken");
    let target = dir.with_file_name(name);
    if target.exists() {
        fs::remove_dir_all(&target)?;
    }
    fs::rename(dir, &target)?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_and_distinct() {
        let base = Path::new("/base");
        let a = index_dir_for(base, Path::new("/docs/a"));
        assert_eq!(a, index_dir_for(base, Path::new("/docs/a")));
        assert_ne!(a, index_dir_for(base, Path::new("/docs/b")));
        assert_eq!(a.file_name().unwrap().len(), 16);
    }

    #[test]
    fn version_mismatch_is_explained() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_version(dir.path())
            .unwrap_err()
            .contains("no VERSION"));
        fs::write(dir.path().join(VERSION_FILE), "supportkb-index 0 schema 0").unwrap();
        assert!(check_version(dir.path())
            .unwrap_err()
            .contains("another version"));
        fs::write(dir.path().join(VERSION_FILE), version_line()).unwrap();
        assert_eq!(check_version(dir.path()), Ok(()));
    }
}
