//! Encryption at rest (SQLCipher): the password, keying a connection, telling an encrypted file from
//! a plain one, and rewriting a ledger file under another key (encrypt, decrypt, change password).
//!
//! An encrypted ledger is a SQLCipher 4 database (default settings: AES-256, PBKDF2-HMAC-SHA512 key
//! derivation, a random salt in the first 16 bytes): nothing in the file, its WAL or a backup made
//! from it is readable without the password. A plain ledger is an ordinary SQLite file and opens
//! exactly as before.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;
use zeroize::Zeroize;

use crate::error::{Error, Result};

/// The first 16 bytes of every plain SQLite database file.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// A ledger password. Its text is wiped from memory when dropped and never printed (`Debug` shows
/// `Password(***)`); it is not `Serialize`, so it cannot be sent back to the window by mistake.
#[derive(Clone, Deserialize)]
#[serde(try_from = "String")]
#[cfg_attr(feature = "specta", derive(specta::Type), specta(transparent))]
pub struct Password(String);

impl Password {
    /// Checks a password typed or read from a file: not empty, no control characters (a line break
    /// inside a password is almost always a mistake of the file it came from).
    pub fn new(text: String) -> Result<Password> {
        let password = Password(text);
        if password.0.is_empty() {
            return Err(Error::invalid("password", "密码不能为空"));
        }
        if password.0.chars().any(char::is_control) {
            return Err(Error::invalid("password", "密码不能包含换行、制表符等控制字符"));
        }
        Ok(password)
    }

    /// The text, for keying a connection and writing the recovery file only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Password {
    type Error = Error;
    fn try_from(text: String) -> Result<Password> {
        Password::new(text)
    }
}

impl PartialEq for Password {
    fn eq(&self, other: &Password) -> bool {
        self.0 == other.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Drop for Password {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// True when `path` holds an encrypted ledger: a file that does not start with SQLite's plain header
/// and is made of whole pages (an encrypted file begins with its random salt). A missing or empty file
/// is not encrypted; a file that is neither (a text file, a truncated copy) is left for the open to
/// refuse as not a ledger.
pub fn is_encrypted(path: &Path) -> Result<bool> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io(path, e)),
    };
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if len == 0 || len % 512 != 0 {
        return Ok(false);
    }
    let mut header = [0u8; 16];
    file.read_exact(&mut header).map_err(|e| Error::io(path, e))?;
    Ok(&header != PLAIN_HEADER)
}

/// Keys a freshly opened connection before anything reads the file: an encrypted ledger needs
/// `key` (else `Error::Locked`) and must open with it (else `Error::WrongPassword`); a new, empty file
/// opened with a key becomes an encrypted ledger; a plain ledger opens as it is, whatever `key` says.
/// Returns whether the connection was keyed.
pub fn apply_key(conn: &Connection, path: &Path, key: Option<&Password>) -> Result<bool> {
    let encrypted = is_encrypted(path)?;
    let is_new = std::fs::metadata(path).map(|m| m.len() == 0).unwrap_or(true);
    let key = match key {
        Some(k) if encrypted || is_new => k,
        _ if encrypted => return Err(Error::Locked { path: path.display().to_string() }),
        _ => return Ok(false),
    };
    set_key(conn, key)?;
    if encrypted {
        check_key(conn, path)?;
    }
    Ok(true)
}

/// `PRAGMA key`: the first statement on the connection.
fn set_key(conn: &Connection, key: &Password) -> Result<()> {
    // SQLCipher logs a wrong key's failed page check to stderr; the person is told in Chinese instead.
    // (A process-wide setting, effective once the library is initialised, i.e. after the first open.)
    conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(())).optional()?;
    // rusqlite writes the value as a quoted SQL literal (quotes doubled); PRAGMA takes no parameters.
    conn.pragma_update(None, "key", key.expose())?;
    Ok(())
}

/// Reads the schema through the key: a wrong key cannot decrypt page 1.
fn check_key(conn: &Connection, path: &Path) -> Result<()> {
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Err(Error::WrongPassword { path: path.display().to_string() })
        }
        Err(e) => Err(Error::Database(e)),
    }
}

/// Keys the destination of a copy (a backup, a restored ledger) like its source: with `key` the copy
/// is encrypted with the same password, without it the copy is plain.
pub fn key_destination(conn: &Connection, key: Option<&Password>) -> Result<()> {
    if let Some(k) = key {
        set_key(conn, k)?;
    }
    Ok(())
}

/// Rewrites the ledger open on `conn` (the file `path`) into a new file beside it under `to` (None:
/// plain), checks the copy, and puts it in the ledger's place. `conn` is closed on the way (its WAL is
/// folded in and removed) so that nothing written later can be lost in the old file.
///
/// Steps: `ATTACH … KEY` a new private file, `sqlcipher_export` every table, index, trigger and view,
/// carry the schema version, compare every table's row count and run `quick_check` on the copy,
/// reopen the copy with `to` (the key works), fsync, rename over the ledger, fsync the folder, remove a
/// left-over `-wal`/`-shm` of the old file, and on unix overwrite the replaced file's bytes with zeros
/// through a handle opened before the rename. A failure before the rename leaves the ledger untouched.
pub fn rewrite_with_key(conn: Connection, path: &Path, to: Option<&Password>) -> Result<()> {
    let tmp = sibling(path, "rekey");
    remove_if_exists(&tmp)?;
    drop(super::create_private_file(&tmp)?);
    let exported = export_into(&conn, &tmp, to);
    // Close the ledger whatever happened: the last connection to close folds the WAL into the file
    // and deletes it. A WAL still there means another program (a zhibu window, an import) has the
    // ledger open and may write to the old file after the rename: refuse.
    let closed = conn.close().map_err(|(_, e)| Error::Database(e));
    let alone = if with_suffix(path, "-wal").exists() {
        Err(Error::Conflict(format!(
            "台账 {} 正被另一个程序（如 zhibu 窗口或正在进行的导入）打开；请先关闭它再设置或修改密码。台账没有改动",
            path.display()
        )))
    } else {
        Ok(())
    };
    if let Err(e) = exported.and(closed).and(alone) {
        let _ = remove_if_exists(&tmp);
        return Err(e);
    }
    let verified = (|| {
        let copy = Connection::open_with_flags(&tmp, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        if let Some(k) = to {
            set_key(&copy, k)?;
        }
        check_key(&copy, &tmp)?;
        drop(copy);
        File::open(&tmp).and_then(|f| f.sync_all()).map_err(|e| Error::io(&tmp, e))
    })();
    if let Err(e) = verified {
        let _ = remove_if_exists(&tmp);
        return Err(e);
    }
    put_in_place(&tmp, path)
}

/// Copies everything of `conn`'s main database into the new file `tmp` under `to`, and checks it.
fn export_into(conn: &Connection, tmp: &Path, to: Option<&Password>) -> Result<()> {
    let tmp_text =
        tmp.to_str().ok_or_else(|| Error::invalid("path", format!("路径 {} 含无法处理的字符", tmp.display())))?;
    conn.execute("ATTACH DATABASE ?1 AS rekeyed KEY ?2", params![tmp_text, to.map(Password::expose).unwrap_or("")])?;
    let result = (|| -> Result<()> {
        conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
        // sqlcipher_export copies the rows, not the header's user_version (the schema version).
        let version: i64 = conn.pragma_query_value(Some("main"), "user_version", |r| r.get(0))?;
        conn.pragma_update(Some("rekeyed"), "user_version", version)?;
        let tables: Vec<String> = conn
            // Ordinary tables (rootpage > 0): the search index's virtual table is counted through its
            // shadow tables, and the copy's schema is not reloaded on this connection before DETACH.
            .prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND rootpage > 0 AND name NOT LIKE 'sqlite_%'")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for t in tables {
            let same: bool = conn.query_row(
                &format!("SELECT (SELECT count(*) FROM main.\"{t}\") = (SELECT count(*) FROM rekeyed.\"{t}\")"),
                [],
                |r| r.get(0),
            )?;
            if !same {
                return Err(Error::Internal(format!("复制台账时表 {t} 的行数不一致，原台账未改动")));
            }
        }
        let check: String = conn.query_row("PRAGMA rekeyed.quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(Error::Internal(format!("复制的台账未通过完整性检查（{check}），原台账未改动")));
        }
        Ok(())
    })();
    let detached = conn.execute("DETACH DATABASE rekeyed", []).map(drop).map_err(Error::Database);
    result.and(detached)
}

/// Puts the checked, synced file `tmp` in the place of `path` atomically (the old `-wal`/`-shm`
/// removed, so they cannot be replayed onto the new file) and wipes what was replaced.
pub(crate) fn put_in_place(tmp: &Path, path: &Path) -> Result<()> {
    #[cfg(unix)]
    let old = std::fs::OpenOptions::new().write(true).open(path).ok();
    std::fs::rename(tmp, path).map_err(|e| Error::io(path, e))?;
    sync_dir(path);
    for suffix in ["-wal", "-shm", "-journal"] {
        remove_if_exists(&with_suffix(path, suffix))?;
    }
    #[cfg(unix)]
    if let Some(file) = old {
        wipe(file);
    }
    Ok(())
}

/// Overwrites a replaced (already unlinked) file's bytes with zeros, so the old plain pages do not
/// linger in free disk space where the file system writes in place. Best effort.
#[cfg(unix)]
fn wipe(mut file: File) {
    use std::io::{Seek, Write};
    let Ok(len) = file.metadata().map(|m| m.len()) else { return };
    let zeros = vec![0u8; 64 * 1024];
    let _ = file.seek(std::io::SeekFrom::Start(0));
    let mut left = len;
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        if file.write_all(&zeros[..n]).is_err() {
            return;
        }
        left -= n as u64;
    }
    let _ = file.sync_all();
}

fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// `<ledger>.<what>-tmp` beside the ledger (same folder, so the rename is atomic).
pub(crate) fn sibling(path: &Path, what: &str) -> PathBuf {
    with_suffix(path, &format!(".{what}-tmp"))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

pub(crate) fn remove_if_exists(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// The SQLCipher version linked in (`PRAGMA cipher_version`), for the About dialog and tests.
pub fn cipher_version(conn: &Connection) -> Result<Option<String>> {
    Ok(conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_never_printed_and_refuses_empty_or_control_text() {
        let p = Password::new("秘密 pass'word".to_string()).unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
        assert!(Password::new(String::new()).is_err());
        assert!(Password::new("a\nb".to_string()).is_err());
        let from_json: Password = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(from_json.expose(), "abc");
        assert!(serde_json::from_str::<Password>("\"\"").is_err());
    }

    #[test]
    fn plain_missing_empty_and_foreign_files_are_not_encrypted() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.db");
        Connection::open(&plain).unwrap().execute_batch("CREATE TABLE t(x)").unwrap();
        assert!(!is_encrypted(&plain).unwrap());
        assert!(!is_encrypted(&dir.path().join("missing.db")).unwrap());
        std::fs::write(dir.path().join("empty.db"), b"").unwrap();
        assert!(!is_encrypted(&dir.path().join("empty.db")).unwrap());
        std::fs::write(dir.path().join("text.db"), "不是数据库".repeat(100)).unwrap();
        assert!(!is_encrypted(&dir.path().join("text.db")).unwrap());
        let secret = dir.path().join("secret.db");
        let conn = Connection::open(&secret).unwrap();
        set_key(&conn, &Password::new("pw".into()).unwrap()).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES ('甲')").unwrap();
        drop(conn);
        assert!(is_encrypted(&secret).unwrap());
    }

    #[test]
    fn sqlcipher_is_linked() {
        let conn = Connection::open_in_memory().unwrap();
        assert!(cipher_version(&conn).unwrap().is_some_and(|v| v.starts_with('4')));
    }
}
