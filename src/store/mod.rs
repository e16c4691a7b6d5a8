//! The SQLite store: one connection setup, embedded migrations, and the record-level reads and writes.
//! `Ledger` is the handle the app and the CLI hold; each user action is one transaction.

pub mod audit;
pub mod backup;
pub mod bin;
pub mod cipher;
pub mod connection;
pub mod keys;
pub mod members;
pub mod meta;
pub mod migrations;
pub mod orgs;
pub mod reports;
pub mod roll;
pub mod transfers;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::{Error, Result};
pub use cipher::Password;

/// An open ledger file.
pub struct Ledger {
    conn: Connection,
    path: Option<PathBuf>,
    /// The password of an encrypted ledger (its backups are encrypted with it); None for a plain one.
    key: Option<Password>,
    /// Committed user actions since this handle was opened: a screen that read the ledger at one
    /// revision knows it must read again when the revision has moved.
    revision: AtomicU32,
}

impl Ledger {
    /// Opens an existing plain ledger; refuses a missing path, and an encrypted ledger (`Error::Locked`).
    pub fn open(path: &Path) -> Result<Ledger> {
        Ledger::open_with(path, None)
    }

    /// Opens an existing ledger with its password when it is encrypted: without one an encrypted
    /// ledger is refused with `Error::Locked`, with a wrong one with `Error::WrongPassword`. A plain
    /// ledger opens as it is (the password is not used).
    pub fn open_with(path: &Path, password: Option<&Password>) -> Result<Ledger> {
        let conn = connection::open_with(path, false, password)?;
        Ledger::on_file(conn, path, password, false)
    }

    /// Opens a plain ledger, creating an empty one when the file does not exist.
    pub fn open_or_create(path: &Path) -> Result<Ledger> {
        Ledger::open_or_create_with(path, None)
    }

    /// `open_with`, creating the ledger when the file does not exist: encrypted with `password` when
    /// one is given.
    pub fn open_or_create_with(path: &Path, password: Option<&Password>) -> Result<Ledger> {
        let new = std::fs::metadata(path).map(|m| m.len() == 0).unwrap_or(true);
        let conn = connection::open_with(path, true, password)?;
        let ledger = Ledger::on_file(conn, path, password, new)?;
        ledger.write(|tx| meta::ensure_ledger_id(tx))?;
        if new && ledger.key.is_some() {
            // The new pages are in the WAL; fold them into the file so it starts with its salt at once.
            ledger.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(ledger)
    }

    fn on_file(conn: Connection, path: &Path, password: Option<&Password>, new: bool) -> Result<Ledger> {
        let key = match password {
            Some(p) if new || cipher::is_encrypted(path)? => Some(p.clone()),
            _ => None,
        };
        Ok(Ledger { conn, path: Some(path.to_path_buf()), key, revision: AtomicU32::new(0) })
    }

    /// A fresh in-memory ledger (tests, previews).
    pub fn in_memory() -> Result<Ledger> {
        let ledger = Ledger { conn: connection::open_in_memory()?, path: None, key: None, revision: AtomicU32::new(0) };
        ledger.write(|tx| meta::ensure_ledger_id(tx))?;
        Ok(ledger)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// True when the ledger file is encrypted (opened with its password).
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// The password an encrypted ledger was opened with: its backups are keyed with it.
    pub fn key(&self) -> Option<&Password> {
        self.key.as_ref()
    }

    /// Closes the ledger, handing over its connection (to rewrite the file under another key).
    pub fn into_connection(self) -> Connection {
        self.conn
    }

    /// Read access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs one user action in one transaction: all of it is committed, or none of it. The
    /// transaction takes the write lock at once (`BEGIN IMMEDIATE`), so a second writer waits up to
    /// the busy timeout instead of failing when its read would have to be upgraded.
    pub fn write<T>(&self, action: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self.write_transaction()?;
        let out = action(&tx)?;
        tx.commit()?;
        self.revision.fetch_add(1, Ordering::SeqCst);
        Ok(out)
    }

    /// Runs reads in one read transaction: every query sees the same snapshot while others write.
    /// Nothing is committed and the revision does not move.
    pub fn read<T>(&self, reads: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?;
        reads(&tx)
    }

    /// A write transaction (`BEGIN IMMEDIATE`) that the caller commits or drops (rolls back); for a
    /// trial write that is always rolled back. Prefer `write`.
    pub fn write_transaction(&self) -> Result<Transaction<'_>> {
        Ok(Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?)
    }

    /// How many user actions this handle has committed (see `revision`).
    pub fn revision(&self) -> u32 {
        self.revision.load(Ordering::SeqCst)
    }

    /// True when the ledger holds no organisation yet (first run).
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM organizations", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    pub fn ledger_id(&self) -> Result<String> {
        meta::ledger_id(&self.conn)
    }

    /// The schema version the file is at (SQLite `user_version`, one step per migration).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(migrations::user_version(&self.conn)?)
    }
}

/// Current time as RFC 3339 UTC, for created/updated stamps and the audit log (not business logic).
pub fn now_stamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Creates the folder a file is to be written in, when missing.
pub fn ensure_parent(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    Ok(())
}

/// Creates a new empty file readable and writable by its owner only (0600 on unix); refuses an
/// existing one.
pub fn create_private_file(path: &Path) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            Error::Conflict(format!("文件 {} 已存在，不会覆盖；请换一个文件名", path.display()))
        }
        _ => Error::io(path, e),
    })
}

/// Copies a file into a new file readable by its owner only, synced to disk; refuses an existing
/// target. A failed copy leaves no target behind.
pub fn copy_private(src: &Path, dst: &Path) -> Result<()> {
    let mut input = std::fs::File::open(src).map_err(|e| Error::io(src, e))?;
    let mut output = create_private_file(dst)?;
    let copied = std::io::copy(&mut input, &mut output).and_then(|_| output.sync_all());
    if let Err(e) = copied {
        drop(output);
        let _ = std::fs::remove_file(dst);
        return Err(Error::io(dst, e));
    }
    Ok(())
}

/// Creates a folder (and its parents) readable by its owner only (0700 on unix) when missing.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| Error::io(dir, e))
}

/// `base`, or `base-2`, `base-3`, … : the first name for which `taken` is false (backup folders and
/// kept files never collide, even several within one second).
pub fn unique_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|name| !taken(name)).expect("an unused name")
}

#[cfg(test)]
mod revision_tests {
    use super::*;

    #[test]
    fn a_committed_action_moves_the_revision_and_a_refused_one_does_not() {
        let ledger = Ledger::in_memory().unwrap();
        let start = ledger.revision();
        ledger.write(|tx| meta::ensure_ledger_id(tx)).unwrap();
        assert_eq!(ledger.revision(), start.wrapping_add(1));
        let refused: Result<()> = ledger.write(|_| Err(Error::Conflict("拒绝".to_string())));
        assert!(refused.is_err());
        assert_eq!(ledger.revision(), start.wrapping_add(1));
    }
}
