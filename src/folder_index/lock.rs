//! One writer per index directory, across threads and processes.
//!
//! Every change to an index directory (creating it, setting it aside, rebuilding it, updating it) is made
//! while holding an advisory lock on `<base>/<key>.lock`, a file next to the index directory (not inside
//! it, since setting the directory aside moves it). The holder writes its process id into the file, so a
//! second `supportkb index`, the desktop watcher or `search --corpus` can say who it is waiting for. The
//! lock is released when the [`IndexLock`] is dropped, or by the operating system when the process dies,
//! so a crash never leaves a stale lock.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Extension of the lock file of an index directory (`<base>/<key>.lock`).
pub const LOCK_EXTENSION: &str = "lock";

/// What to do when another thread or process holds the lock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LockWait {
    /// Wait for it (after telling the [`WaitNotice`]).
    #[default]
    Wait,
    /// Give up at once with [`LockError::Busy`].
    NoWait,
}

/// Called once before waiting for the lock, with the process id of its holder when known.
#[derive(Clone, Default)]
pub struct WaitNotice(Option<Arc<dyn Fn(Option<u32>) + Send + Sync>>);

impl WaitNotice {
    /// A notice calling `f`.
    pub fn new(f: impl Fn(Option<u32>) + Send + Sync + 'static) -> WaitNotice {
        WaitNotice(Some(Arc::new(f)))
    }

    fn tell(&self, holder: Option<u32>) {
        if let Some(f) = &self.0 {
            f(holder);
        }
    }
}

impl std::fmt::Debug for WaitNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "WaitNotice(Some(..))"
        } else {
            "WaitNotice(None)"
        })
    }
}

/// Why the lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another thread or process holds it and [`LockWait::NoWait`] was asked.
    #[error("{}", busy_message(*.holder))]
    Busy {
        /// Process id of the holder, when it could be read.
        holder: Option<u32>,
    },
    /// The lock file cannot be created or locked.
    #[error("cannot lock {}: {source}", path.display())]
    Io {
        /// The lock file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
}

fn busy_message(holder: Option<u32>) -> String {
    match holder {
        Some(pid) => format!("being indexed by process {pid}"),
        None => "being indexed by another process".to_string(),
    }
}

/// The message printed while waiting for the holder of the lock.
pub fn waiting_message(holder: Option<u32>) -> String {
    match holder {
        Some(pid) if pid == std::process::id() => {
            "waiting for another indexing run of this process on this folder".to_string()
        }
        Some(pid) => format!("waiting for process {pid}, which is indexing this folder"),
        None => "waiting for another process, which is indexing this folder".to_string(),
    }
}

/// The lock file of the index directory `index_dir`.
pub fn lock_path(index_dir: &Path) -> PathBuf {
    index_dir.with_extension(LOCK_EXTENSION)
}

/// The held lock of one index directory; dropping it releases the lock.
#[derive(Debug)]
pub struct IndexLock {
    _file: File,
}

fn read_holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

/// Takes the lock of `index_dir` (creating its parent and the lock file as needed).
pub fn acquire(
    index_dir: &Path,
    wait: LockWait,
    notice: &WaitNotice,
) -> Result<IndexLock, LockError> {
    let path = lock_path(index_dir);
    let io = |source| LockError::Io {
        path: path.clone(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io)?;
    }
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let holder = read_holder(&mut file);
            if wait == LockWait::NoWait {
                return Err(LockError::Busy { holder });
            }
            notice.tell(holder);
            file.lock().map_err(io)?;
        }
        Err(TryLockError::Error(err)) => return Err(io(err)),
    }
    // Who holds it, for the messages of those who wait; the lock is held whether or not this is written.
    let _ = file
        .set_len(0)
        .and_then(|()| file.seek(SeekFrom::Start(0)))
        .and_then(|_| writeln!(file, "{}", std::process::id()));
    Ok(IndexLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_second_holder_waits_or_is_told_who_is_indexing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("indexes").join("0123");
        let first = acquire(&dir, LockWait::NoWait, &WaitNotice::default()).unwrap();
        let busy = acquire(&dir, LockWait::NoWait, &WaitNotice::default()).unwrap_err();
        assert_eq!(
            busy.to_string(),
            format!("being indexed by process {}", std::process::id())
        );

        let (told, heard) = mpsc::channel();
        let waiter = {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let notice = WaitNotice::new(move |pid| told.send(pid).unwrap());
                acquire(&dir, LockWait::Wait, &notice).map(drop)
            })
        };
        assert_eq!(heard.recv().unwrap(), Some(std::process::id()));
        drop(first);
        waiter.join().unwrap().unwrap();
        assert!(acquire(&dir, LockWait::NoWait, &WaitNotice::default()).is_ok());
    }
}
