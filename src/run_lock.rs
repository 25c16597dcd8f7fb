//! One writer per history store.
//!
//! Two `audit` processes on the same store would both resume the same unfinished run,
//! both crawl, and race writing its reports. SQLite's own locking only serialises single
//! transactions, so the whole run takes an exclusive advisory lock on a file beside the
//! store (`<store>.lock`). The operating system drops it when the process ends, however
//! it ends (`kill -9` included), so a stale lock cannot outlive its holder.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Held for the whole run; released when dropped or when the process ends.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
    path: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds it.
    #[error(
        "{store}: another odaudit audit is using this history (its lock {lock} is held); wait for it to end, or give this run its own --store"
    )]
    Held {
        /// The store.
        store: PathBuf,
        /// The lock file.
        lock: PathBuf,
    },
    /// The lock file could not be created or locked.
    #[error("{lock}: cannot lock the history: {source}")]
    Io {
        /// The lock file.
        lock: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
}

impl RunLock {
    /// Take the exclusive lock of the store at `store`, without waiting.
    pub fn acquire(store: &Path) -> Result<RunLock, LockError> {
        let mut name = store.as_os_str().to_owned();
        name.push(".lock");
        let path = PathBuf::from(name);
        let io = |source| LockError::Io {
            lock: path.clone(),
            source,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(RunLock { _file: file, path }),
            Err(TryLockError::WouldBlock) => Err(LockError::Held {
                store: store.to_owned(),
                lock: path,
            }),
            Err(TryLockError::Error(e)) => Err(io(e)),
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_until_the_first_ends() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("odaudit.sqlite");
        let first = RunLock::acquire(&store).unwrap();
        assert!(first.path().ends_with("odaudit.sqlite.lock"));
        let second = RunLock::acquire(&store).unwrap_err();
        assert!(matches!(second, LockError::Held { .. }), "{second}");
        assert!(second.to_string().contains("another odaudit audit"));
        drop(first);
        RunLock::acquire(&store).unwrap();
    }
}
