//! Reading a corpus folder's files without ever leaving it.
//!
//! Every byte ingestion reads from a folder (documents during [`scan`](super::scan) and
//! [`Scan::load`](super::Scan::load), include fragments during expansion, and therefore the persistent
//! index's updates and the watcher's re-indexing, which go through `Scan::load`) comes through
//! [`read_confined`]. A file is read only when:
//!
//! 1. its canonical path (every symlink resolved) lies inside the canonical corpus root: a `.md` that is
//!    a symlink to `/etc/passwd` or `/proc/self/environ` is refused without being opened;
//! 2. it is a regular file, checked with `stat` before opening and again with `fstat` on the opened
//!    handle, which is opened with `O_NONBLOCK | O_NOFOLLOW`: a fifo, socket or device (`/proc/kmsg`, a
//!    fifo named `x.md`) is never read, and opening one cannot block;
//! 3. it is at most [`MAX_FILE_BYTES`] long (checked on the size and again while reading, for files that
//!    grow or that report a size of 0, like those under `/proc`).
//!
//! A symlink that stays inside the root and leads to a regular file is followed: it is the same content
//! the folder's owner could have copied there, and Learn repositories use such links for shared files.
//!
//! What is not defended: a process that swaps a folder of the corpus for a symlink between the check and
//! the open (a race against the indexer by someone who can write the folder) could still make one read
//! land outside the root; closing that needs `openat2(RESOLVE_BENEATH)`, which std does not offer.
//! Hard links are indistinguishable from ordinary files.

use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

/// The largest markdown file read (documents and include fragments). The biggest real Learn pages are a
/// few hundred KB; 16 MB is far above any document a person wrote, and bounds what one hostile file can
/// make the indexer hold (the read buffer, then the parsed text and sections).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file could not be read (a document, or an include fragment during expansion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// No such file.
    NotFound,
    /// The file (after following symlinks) lies outside the corpus root.
    OutsideRoot,
    /// The bytes are not UTF-8; 1-based line of the first bad byte.
    NotUtf8 { line: usize },
    /// Not a regular file (a fifo, socket, device or folder, said in the text); never opened for reading.
    NotRegular(&'static str),
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge,
    /// Any other read error, as text.
    Other(String),
}

impl ReadError {
    /// Why the file was not read, as the end of a sentence (`cannot read …: <reason>`).
    pub(crate) fn reason(&self) -> String {
        match self {
            ReadError::NotFound => "not found".to_string(),
            ReadError::OutsideRoot => {
                "it resolves outside the corpus folder (through a symlink)".to_string()
            }
            ReadError::NotUtf8 { line } => format!("not UTF-8 (line {line})"),
            ReadError::NotRegular(kind) => format!("it is {kind}, not a regular file"),
            ReadError::TooLarge => format!(
                "it is larger than the {} MB limit for a markdown file",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            ReadError::Other(reason) => reason.clone(),
        }
    }
}

/// The bytes of the file `path`, when it is a regular file of at most [`MAX_FILE_BYTES`] whose canonical
/// path lies inside `canonical_root` (itself canonical). See the module docs for the checks.
pub(crate) fn read_confined(canonical_root: &Path, path: &Path) -> Result<Vec<u8>, ReadError> {
    let canonical = path.canonicalize().map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Other(err.to_string()),
    })?;
    if !canonical.starts_with(canonical_root) {
        return Err(ReadError::OutsideRoot);
    }
    let meta = fs::metadata(&canonical).map_err(|err| ReadError::Other(err.to_string()))?;
    check_regular(&meta)?;
    let file = open_no_block(&canonical).map_err(|err| ReadError::Other(err.to_string()))?;
    let opened = file
        .metadata()
        .map_err(|err| ReadError::Other(err.to_string()))?;
    check_regular(&opened)?;
    if !same_file(&meta, &opened) {
        return Err(ReadError::Other(
            "the file was replaced while being read".to_string(),
        ));
    }
    let capacity = usize::try_from(opened.len().min(MAX_FILE_BYTES)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| ReadError::Other(err.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// `Ok` for a regular file within the size cap.
fn check_regular(meta: &fs::Metadata) -> Result<(), ReadError> {
    let file_type = meta.file_type();
    if !file_type.is_file() {
        return Err(ReadError::NotRegular(describe(&file_type)));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge);
    }
    Ok(())
}

/// What a file that is not a regular file is, for the diagnostic.
fn describe(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a fifo";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symlink"
    } else {
        "not a regular file"
    }
}

/// Opens for reading without following a final symlink and without blocking on a fifo or device.
fn open_no_block(path: &Path) -> std::io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Whether two `stat`s are of the same file (device and inode on Unix).
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn fifos_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let fifo = root.join("pipe.md");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !status.is_ok_and(|s| s.success()) {
            return; // no mkfifo here: nothing to check
        }
        assert_eq!(
            read_confined(&root, &fifo),
            Err(ReadError::NotRegular("a fifo"))
        );
    }

    #[test]
    fn files_over_the_cap_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let big = root.join("big.md");
        let file = File::create(&big).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        assert_eq!(read_confined(&root, &big), Err(ReadError::TooLarge));
        file.set_len(10).unwrap();
        assert_eq!(read_confined(&root, &big).unwrap().len(), 10);
    }

    #[test]
    fn symlinks_out_of_the_root_are_refused_and_inside_it_followed() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = base.join("root");
        fs::create_dir(&root).unwrap();
        fs::write(base.join("secret.md"), "secret").unwrap();
        fs::write(root.join("real.md"), "real").unwrap();
        std::os::unix::fs::symlink(base.join("secret.md"), root.join("out.md")).unwrap();
        std::os::unix::fs::symlink(root.join("real.md"), root.join("in.md")).unwrap();
        assert_eq!(
            read_confined(&root, &root.join("out.md")),
            Err(ReadError::OutsideRoot)
        );
        assert_eq!(read_confined(&root, &root.join("in.md")).unwrap(), b"real");
    }
}
