//! Fault injection for the crash and disk-full tests (not a user feature; hidden from the docs).
//!
//! Every persistent index opens its tantivy directory through [`FaultDirectory`], which passes every call
//! to tantivy's `MmapDirectory`. While no fault is armed that costs one atomic load per file written.
//! Tests arm a [`Fault`] for the index directories under a path:
//!
//! * [`Fault::DiskFull`]: writes fail with the operating system's "no space left on device" once a byte
//!   budget is spent, leaving partly written files behind as a full disk does;
//! * [`Fault::Abort`]: the process aborts (like `kill -9`: no destructor runs) at the n-th write point
//!   (a file created, finished or deleted, an atomic write before and after, the manifest before its
//!   rename). `supportkb index --fault-abort-after N` arms it, so a test can kill a real run at every
//!   point of an update.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, FileSlice, Lock, MmapDirectory,
    TerminatingWrite, WatchCallback, WatchHandle, WritePtr,
};

/// `ENOSPC` on Linux and macOS ("No space left on device").
pub const ENOSPC: i32 = 28;

/// A fault to inject into the index directories under a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Writes fail with `ENOSPC` once this many more bytes were written.
    DiskFull {
        /// Bytes that still fit.
        after_bytes: u64,
    },
    /// The process aborts at this write point (1 = the first).
    Abort {
        /// Write points to pass before aborting.
        after_points: u64,
    },
}

#[derive(Debug)]
struct Armed {
    under: PathBuf,
    fault: Fault,
    /// Bytes written or points passed so far.
    used: u64,
}

static ANY_ARMED: AtomicBool = AtomicBool::new(false);
static ARMED: Mutex<Vec<Armed>> = Mutex::new(Vec::new());

/// Arms `fault` for every index directory under `under` (replacing an earlier fault there).
pub fn arm(under: &Path, fault: Fault) {
    if let Ok(mut armed) = ARMED.lock() {
        armed.retain(|a| a.under != under);
        armed.push(Armed {
            under: under.to_path_buf(),
            fault,
            used: 0,
        });
        ANY_ARMED.store(true, Ordering::SeqCst);
    }
}

/// Disarms the fault armed for `under`.
pub fn disarm(under: &Path) {
    if let Ok(mut armed) = ARMED.lock() {
        armed.retain(|a| a.under != under);
        ANY_ARMED.store(!armed.is_empty(), Ordering::SeqCst);
    }
}

fn disk_full() -> io::Error {
    io::Error::from_raw_os_error(ENOSPC)
}

/// A write point of the directory `dir`: aborts the process when an armed [`Fault::Abort`] says so.
pub fn point(dir: &Path) {
    if !ANY_ARMED.load(Ordering::Relaxed) {
        return;
    }
    let abort = ARMED.lock().is_ok_and(|mut armed| {
        armed.iter_mut().any(|a| match a.fault {
            Fault::Abort { after_points } if dir.starts_with(&a.under) => {
                a.used += 1;
                a.used >= after_points
            }
            _ => false,
        })
    });
    if abort {
        std::process::abort();
    }
}

/// Spends `bytes` of an armed [`Fault::DiskFull`] budget of `dir`; `Err` once it is spent.
fn spend(dir: &Path, bytes: u64) -> io::Result<()> {
    if !ANY_ARMED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let full = ARMED.lock().is_ok_and(|mut armed| {
        armed.iter_mut().any(|a| match a.fault {
            Fault::DiskFull { after_bytes } if dir.starts_with(&a.under) => {
                a.used = a.used.saturating_add(bytes);
                a.used > after_bytes
            }
            _ => false,
        })
    });
    if full {
        Err(disk_full())
    } else {
        Ok(())
    }
}

/// tantivy's `MmapDirectory` with the faults armed for `dir`.
#[derive(Debug, Clone)]
pub struct FaultDirectory {
    inner: MmapDirectory,
    dir: Arc<PathBuf>,
}

impl FaultDirectory {
    /// Opens the tantivy directory `dir`.
    pub fn open(
        dir: &Path,
    ) -> Result<FaultDirectory, tantivy::directory::error::OpenDirectoryError> {
        Ok(FaultDirectory {
            inner: MmapDirectory::open(dir)?,
            dir: Arc::new(dir.to_path_buf()),
        })
    }
}

/// A file being written, counting its bytes against the armed budget.
struct FaultWriter {
    inner: Box<dyn TerminatingWrite + Send + Sync>,
    dir: Arc<PathBuf>,
}

impl Write for FaultWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        spend(&self.dir, buf.len() as u64)?;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl TerminatingWrite for FaultWriter {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        self.inner.terminate_ref(token)?;
        point(&self.dir);
        Ok(())
    }
}

impl Directory for FaultDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn open_read(&self, path: &Path) -> Result<FileSlice, OpenReadError> {
        self.inner.open_read(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        point(&self.dir);
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        point(&self.dir);
        let writer = self.inner.open_write(path)?;
        if !ANY_ARMED.load(Ordering::Relaxed) {
            return Ok(writer);
        }
        let inner = writer.into_inner().map_err(|err| OpenWriteError::IoError {
            io_error: Arc::new(err.into_error()),
            filepath: path.to_path_buf(),
        })?;
        Ok(io::BufWriter::new(Box::new(FaultWriter {
            inner,
            dir: Arc::clone(&self.dir),
        })))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        point(&self.dir);
        spend(&self.dir, data.len() as u64)?;
        self.inner.atomic_write(path, data)?;
        point(&self.dir);
        Ok(())
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
