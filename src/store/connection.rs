//! The one place a SQLite connection to a ledger is opened and configured.
//!
//! WAL so the app and a CLI backup can work side by side; `synchronous=FULL` because the ledger is a
//! record of people's party lives and a power cut on an office PC must not lose a committed action
//! (the extra fsync costs little at a secretary's pace); foreign keys on; a busy timeout so a second
//! process waits instead of failing (every write transaction starts `IMMEDIATE`, see `Ledger::write`);
//! `secure_delete` so a changed or deleted value does not linger in the file. A new ledger file is
//! created readable by its owner only (SQLite gives its -wal and -shm the same mode).

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::cipher::Password;
use super::migrations;
use crate::error::{Error, Result};

/// Opens (creating if asked) and migrates a ledger file. A database written by a newer zhibu, or a
/// file that is not a zhibu ledger, is refused untouched.
pub fn open(path: &Path, create: bool) -> Result<Connection> {
    open_with(path, create, None)
}

/// `open` for a ledger that may be encrypted: the connection is keyed before anything reads the file
/// (`cipher::apply_key`: an encrypted ledger needs the password; a new file opened with one is
/// created encrypted; a plain ledger opens as it is).
pub fn open_with(path: &Path, create: bool, key: Option<&Password>) -> Result<Connection> {
    if !create && !path.exists() {
        return Err(Error::NotFound { what: "台账文件", key: path.display().to_string() });
    }
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        if !path.exists() {
            super::create_private_file(path)?;
        }
    }
    let conn = connect(path, flags)?;
    super::cipher::apply_key(&conn, path, key)?;
    // Reading the header before any write refuses non-SQLite files without touching them.
    migrations::refuse_foreign_or_newer(&conn, path)?;
    owner_only(path);
    configure(conn, path)
}

/// A ledger made by an older zhibu (or copied in) may be readable by everyone: make it and its -wal
/// and -shm owner-only (0600), as new ledgers are. A file this user does not own is left as it is.
fn owner_only(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        for file in
            [path.to_path_buf(), path.with_file_name(format!("{name}-wal")), path.with_file_name(format!("{name}-shm"))]
        {
            if let Ok(meta) = std::fs::metadata(&file) {
                if meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
                    let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600));
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// A read-only connection to a ledger or backup file, for checks (nothing is migrated or written);
/// an encrypted one is opened with `key` (`cipher::apply_key`).
pub fn open_read_only(path: &Path, key: Option<&Password>) -> Result<Connection> {
    let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    super::cipher::apply_key(&conn, path, key)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// The one place a connection to a file is made: the ledger, a backup being checked, and the target
/// of a copy all come through here.
pub(crate) fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    Connection::open_with_flags(path, flags).map_err(|e| unreadable(path, e))
}

/// A fresh in-memory ledger with all migrations applied (tests, previews).
pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    configure(conn, Path::new(":memory:"))
}

fn configure(mut conn: Connection, path: &Path) -> Result<Connection> {
    conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| unreadable(path, e))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    migrations::apply(&mut conn)?;
    Ok(conn)
}

fn unreadable(path: &Path, e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Error::UnreadableFile(format!("{} 不是 zhibu 台账文件（无法作为数据库打开）", path.display()))
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DatabaseCorrupt => {
            Error::Damaged(crate::error::damaged_message(Some(path)))
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::CannotOpen => {
            Error::UnreadableFile(format!("无法打开台账文件 {}（路径不存在、是文件夹或没有权限）", path.display()))
        }
        other => Error::from(other),
    }
}
