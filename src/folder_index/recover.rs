//! Recovery of a persistent index after a crash, a kill or a corruption.
//!
//! tantivy commits by writing the new segment files (and `<segment>.<opstamp>.del` files for deletes)
//! first and renaming its new `meta.json` last. A kill in between leaves files that `meta.json` does not
//! reference. They are harmless to readers, but the next update redoes the same operations with the same
//! opstamps, so it writes the same `.del` name and tantivy refuses with `FileAlreadyExists`.
//! [`remove_unreferenced`] deletes every such file before a writer is made.
//!
//! [`damaged_files`] checks the CRC that tantivy keeps in the footer of every segment file: bytes changed
//! on disk (a bad sector, a stray write, garbage in the middle of a file) make an index that can panic or
//! silently answer nothing, so a damaged index is set aside and rebuilt.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use tantivy::index::SegmentComponent;
use tantivy::Index;

/// tantivy's own files that are never garbage: its meta file, its list of managed files and its locks.
const TANTIVY_KEEP: [&str; 2] = ["meta.json", ".managed.json"];

/// Prefix of tantivy's lock files (`.tantivy-writer.lock`, `.tantivy-meta.lock`).
const TANTIVY_LOCK_PREFIX: &str = ".tantivy-";

/// Segment components that are files of a committed segment (the delete file is added when the segment
/// has deletes; `.store.temp` only exists while a segment is being written).
const SEGMENT_COMPONENTS: [SegmentComponent; 6] = [
    SegmentComponent::Postings,
    SegmentComponent::Positions,
    SegmentComponent::Terms,
    SegmentComponent::Store,
    SegmentComponent::FastFields,
    SegmentComponent::FieldNorms,
];

/// The files of `index`'s last commit, by name.
fn referenced_files(index: &Index) -> tantivy::Result<HashSet<PathBuf>> {
    let mut files: HashSet<PathBuf> = TANTIVY_KEEP.iter().map(PathBuf::from).collect();
    for meta in index.searchable_segment_metas()? {
        for component in SEGMENT_COMPONENTS {
            files.insert(meta.relative_path(component));
        }
        if meta.delete_opstamp().is_some() {
            files.insert(meta.relative_path(SegmentComponent::Delete));
        }
    }
    Ok(files)
}

/// Deletes the files of `tantivy_dir` that `index`'s `meta.json` does not reference (segments and delete
/// files of an interrupted commit, temporary files of an interrupted atomic write); tantivy's locks and
/// segment files of a kind this code does not know (same segment id) are kept. Returns the names removed;
/// `Err` only when the directory or tantivy's meta cannot be read.
///
/// Call it only while no writer is running on the index (under the index lock, see [`super::lock`]).
pub fn remove_unreferenced(tantivy_dir: &Path, index: &Index) -> Result<Vec<String>, String> {
    let referenced = referenced_files(index).map_err(|err| err.to_string())?;
    let live_segments: HashSet<String> = index
        .searchable_segment_metas()
        .map_err(|err| err.to_string())?
        .iter()
        .map(|meta| meta.id().uuid_string())
        .collect();
    let entries = fs::read_dir(tantivy_dir)
        .map_err(|err| format!("cannot list {}: {err}", tantivy_dir.display()))?;
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if referenced.contains(Path::new(&name)) || name.starts_with(TANTIVY_LOCK_PREFIX) {
            continue;
        }
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        // A component this code does not list (a tantivy plugin's extension) of a live segment stays;
        // a delete file or temporary store of a live segment that the meta does not name goes.
        let segment = name.split('.').next().unwrap_or_default();
        let stale_component = name.ends_with(".del") || name.ends_with(".store.temp");
        if live_segments.contains(segment) && !stale_component {
            continue;
        }
        // A file that cannot be removed (still mapped by a reader on some platforms) is left; should the
        // next commit clash with it, the update sets the index aside and rebuilds it.
        if fs::remove_file(entry.path()).is_ok() {
            removed.push(name);
        }
    }
    removed.sort();
    Ok(removed)
}

/// The files of `index`'s last commit whose content no longer matches the CRC in their footer (or whose
/// footer is unreadable). Reads every byte of the index.
pub fn damaged_files(index: &Index) -> Result<Vec<String>, String> {
    let damaged = index.validate_checksum().map_err(|err| err.to_string())?;
    let mut names: Vec<String> = damaged
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    names.sort();
    Ok(names)
}
