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
pub mod roll;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use rusqlite::{Connection, Transaction};

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

    /// Runs one user action in one transaction: all of it is committed, or none of it.
    pub fn write<T>(&self, action: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction()?;
        let out = action(&tx)?;
        tx.commit()?;
        self.revision.fetch_add(1, Ordering::SeqCst);
        Ok(out)
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
