//! The manifest of a persistent index: what each indexed file looked like when it was indexed.
//!
//! It is written **after** tantivy commits, atomically (temporary file, `fsync`, rename), so a crash at any
//! point leaves a manifest that is never newer than the index: the next run sees the interrupted changes
//! as still pending and redoes them (deleting a document's sections by key before adding them again, so a
//! redo never duplicates).

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Version of the manifest's JSON layout.
pub const MANIFEST_FORMAT: u32 = 1;

/// What was indexed for one markdown file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Content hash of the file (hex).
    pub hash: String,
    /// Size in bytes when hashed.
    pub size: u64,
    /// Modification time (nanoseconds since the Unix epoch) when hashed; a file whose size and time are
    /// unchanged is not read again.
    pub mtime_ns: u128,
    /// Number of sections indexed from it (0 for an include fragment).
    pub sections: usize,
    /// Include fragments expanded into it (paths relative to the root): when one changes, this file is
    /// indexed again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub includes: Vec<String>,
    /// Whether the file is an include fragment (kept out of results, indexed only through its includers).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fragment: bool,
    /// Why the file was skipped (unreadable, not UTF-8, bad front matter…); it is retried once it changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

/// Every file of one corpus root, as last committed to the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`MANIFEST_FORMAT`].
    pub format: u32,
    /// Canonical path of the corpus root.
    pub root: String,
    /// Files by path relative to the root (`/` separators).
    pub files: BTreeMap<String, ManifestEntry>,
}

/// Why a manifest could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// Reading or writing the file failed.
    #[error("manifest {path}: {source}")]
    Io {
        /// The manifest file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a manifest of this format.
    #[error("manifest {path} is unreadable: {message}")]
    Invalid {
        /// The manifest file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl Manifest {
    /// An empty manifest for `root`.
    pub fn new(root: &str) -> Manifest {
        Manifest {
            format: MANIFEST_FORMAT,
            root: root.to_string(),
            files: BTreeMap::new(),
        }
    }

    /// Number of sections the manifest accounts for.
    pub fn sections(&self) -> usize {
        self.files.values().map(|f| f.sections).sum()
    }

    /// Number of documents (files that are neither include fragments nor skipped).
    pub fn documents(&self) -> usize {
        self.files
            .values()
            .filter(|f| !f.fragment && f.skipped.is_none())
            .count()
    }

    /// Reads `path`; `Ok(None)` when it does not exist.
    pub fn load(path: &Path) -> Result<Option<Manifest>, ManifestError> {
        let shown = path.display().to_string();
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(ManifestError::Io {
                    path: shown,
                    source,
                })
            }
        };
        let manifest: Manifest =
            serde_json::from_str(&text).map_err(|err| ManifestError::Invalid {
                path: shown.clone(),
                message: err.to_string(),
            })?;
        if manifest.format != MANIFEST_FORMAT {
            return Err(ManifestError::Invalid {
                path: shown,
                message: format!(
                    "format {} (this build reads format {MANIFEST_FORMAT})",
                    manifest.format
                ),
            });
        }
        Ok(Some(manifest))
    }

    /// Writes the manifest to `path` atomically: a temporary file beside it, flushed to disk, then renamed.
    pub fn store(&self, path: &Path) -> Result<(), ManifestError> {
        let io = |source| ManifestError::Io {
            path: path.display().to_string(),
            source,
        };
        let tmp = path.with_extension("json.tmp");
        let json = serde_json::to_vec(self).map_err(|err| io(std::io::Error::other(err)))?;
        {
            let mut file = fs::File::create(&tmp).map_err(io)?;
            file.write_all(&json).map_err(io)?;
            file.sync_all().map_err(io)?;
        }
        fs::rename(&tmp, path).map_err(io)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.json");
        assert_eq!(Manifest::load(&path).unwrap(), None);
        let mut manifest = Manifest::new("/docs");
        manifest.files.insert(
            "a.md".into(),
            ManifestEntry {
                hash: "00ff".into(),
                size: 3,
                mtime_ns: 7,
                sections: 2,
                includes: vec!["includes/x.md".into()],
                fragment: false,
                skipped: None,
            },
        );
        manifest.store(&path).unwrap();
        assert_eq!(Manifest::load(&path).unwrap(), Some(manifest));
        assert!(!path.with_extension("json.tmp").exists());
        fs::write(&path, "{not json").unwrap();
        let err = Manifest::load(&path).unwrap_err();
        assert!(err.to_string().contains("unreadable"), "{err}");
    }
}
