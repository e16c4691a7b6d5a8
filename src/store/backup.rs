//! Consistent copies of a ledger (safe while the app has it open), the one test of "a complete zhibu
//! ledger of a known schema version" (`examine`), and the facts a backup records (counts, content
//! digest). The backup folders, their manifests and rotation are `app::backups`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result, BUSY_MESSAGE};
use crate::store::cipher::{self, Password};
use crate::store::{connection, migrations, Ledger};

/// How many records of each kind a ledger holds: shown for a backup and in a restore's preview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LedgerCounts {
    pub organizations: u32,
    /// Members on the books, including those who have left.
    pub members: u32,
    /// Meetings and other activities (组织生活), not counting those in the recycle bin.
    pub meetings: u32,
    /// Dues payments (one per member and month paid).
    pub payments: u32,
    /// People in the 发展党员 process.
    pub development: u32,
    pub attachments: u32,
}

/// Counts the ledger's records.
pub fn counts(conn: &Connection) -> Result<LedgerCounts> {
    let n = |sql: &str| -> Result<u32> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    Ok(LedgerCounts {
        organizations: n("SELECT count(*) FROM organizations")?,
        members: n("SELECT count(*) FROM members")?,
        meetings: n("SELECT count(*) FROM activities WHERE deleted_at IS NULL")?,
        payments: n("SELECT count(*) FROM dues_payments")?,
        development: n("SELECT count(*) FROM development_people")?,
        attachments: n("SELECT count(*) FROM attachments")?,
    })
}

/// The ledger's content as one SHA-256 (hex): every row of every table, in rowid order (the search
/// index, derived from the activities, is left out). Two ledgers with the same digest hold the same
/// records; "changed since the last backup" compares digests.
pub fn content_digest(conn: &Connection) -> Result<String> {
    let mut hasher = Sha256::new();
    for table in data_tables(conn)? {
        hasher.update(table.as_bytes());
        hasher.update([0]);
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))?;
        let width = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            for i in 0..width {
                use rusqlite::types::ValueRef;
                match row.get_ref(i)? {
                    ValueRef::Null => hasher.update([0]),
                    ValueRef::Integer(v) => {
                        hasher.update([1]);
                        hasher.update(v.to_le_bytes());
                    }
                    ValueRef::Real(v) => {
                        hasher.update([2]);
                        hasher.update(v.to_le_bytes());
                    }
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        hasher.update([3]);
                        hasher.update((t.len() as u64).to_le_bytes());
                        hasher.update(t);
                    }
                }
            }
        }
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The ordinary tables (no SQLite internals, no virtual tables or their shadow tables), by name.
fn data_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name")?;
    let all: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default())))?
        .collect::<rusqlite::Result<_>>()?;
    let virtual_tables: Vec<&str> = all
        .iter()
        .filter(|(_, sql)| sql.to_ascii_uppercase().starts_with("CREATE VIRTUAL"))
        .map(|(n, _)| n.as_str())
        .collect();
    Ok(all
        .iter()
        .filter(|(name, sql)| {
            !name.starts_with("sqlite_")
                && !sql.to_ascii_uppercase().starts_with("CREATE VIRTUAL")
                && !virtual_tables.iter().any(|v| name.starts_with(&format!("{v}_")))
        })
        .map(|(n, _)| n.clone())
        .collect())
}

/// Writes a consistent copy of the open ledger to `out` (SQLite online backup in one step: one read
/// snapshot, so the app and other programs may keep writing). The copy is readable by its owner
/// only. Refuses to overwrite an existing file; a failed copy leaves no file behind.
pub fn backup(ledger: &Ledger, out: &Path) -> Result<()> {
    copy_to(ledger.conn(), out, ledger.key())
}

/// `backup` from any connection: the copy is keyed with `key` (the source's password — SQLCipher
/// copies pages only between two encrypted or two plain databases), plain without one.
pub fn copy_to(conn: &Connection, out: &Path, key: Option<&Password>) -> Result<()> {
    if out.exists() {
        return Err(Error::Conflict(format!("备份文件 {} 已存在，不会覆盖；请换一个文件名", out.display())));
    }
    super::ensure_parent(out)?;
    super::create_private_file(out)?;
    let copied = (|| {
        let mut dst = connection::connect(out, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        cipher::key_destination(&dst, key)?;
        copy_pages(conn, &mut dst)
    })();
    if copied.is_err() {
        let _ = std::fs::remove_file(out);
    }
    copied
}

/// Copies every page of `src` into `dst` in one step, waiting up to 5 s for `dst`'s write lock.
fn copy_pages(src: &Connection, dst: &mut Connection) -> Result<()> {
    dst.busy_timeout(Duration::from_secs(5))?;
    let backup = Backup::new(src, dst)?;
    let started = Instant::now();
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ if started.elapsed() > Duration::from_secs(5) => return Err(Error::Busy(BUSY_MESSAGE.to_string())),
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// What a file at a ledger's place (or offered as a backup) is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    /// No file there.
    Missing,
    /// An empty database (a new ledger not yet set up).
    Empty,
    /// A complete zhibu ledger of a known schema version: integrity ok, every table and column the
    /// migrations of its version create present.
    Intact { version: i64 },
    /// Written by a newer zhibu (its version is higher than this build knows).
    Newer { version: i64 },
    /// A SQLite database that is not a zhibu ledger, or not a regular file at all.
    Foreign { reason: String },
    /// Damaged: not readable as a database, truncated, failing the integrity check, or missing tables.
    Damaged { reason: String },
    /// Encrypted, and no password (or a wrong one) was given: it cannot be examined.
    Locked { wrong_password: bool },
}

/// Examines the file at `path` without changing it: `full` runs `PRAGMA integrity_check` (restore),
/// otherwise `PRAGMA quick_check` (start-up). An encrypted file is read with `key`.
pub fn examine(path: &Path, full: bool, key: Option<&Password>) -> FileState {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return FileState::Missing,
        Err(e) => return FileState::Damaged { reason: format!("无法读取文件（{e}）") },
    };
    if !meta.is_file() {
        return FileState::Foreign { reason: "不是普通文件".to_string() };
    }
    if meta.len() == 0 {
        return FileState::Empty;
    }
    let conn = match connection::open_read_only(path, key) {
        Ok(c) => c,
        Err(Error::Locked { .. }) => return FileState::Locked { wrong_password: false },
        Err(Error::WrongPassword { .. }) => return FileState::Locked { wrong_password: true },
        Err(e) => return FileState::Damaged { reason: sqlite_reason(&e) },
    };
    let version = match migrations::user_version(&conn) {
        Ok(v) => v,
        Err(e) => return FileState::Damaged { reason: sqlite_reason(&Error::from(e)) },
    };
    if version > migrations::latest_version() {
        return FileState::Newer { version };
    }
    if version <= 0 {
        return match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)) {
            Ok(0) => FileState::Empty,
            Ok(_) => FileState::Foreign { reason: "是一个数据库文件，但不是 zhibu 台账".to_string() },
            Err(e) => FileState::Damaged { reason: sqlite_reason(&Error::from(e)) },
        };
    }
    let check = if full { "PRAGMA integrity_check(20)" } else { "PRAGMA quick_check(20)" };
    let verdict: rusqlite::Result<Vec<String>> =
        conn.prepare(check).and_then(|mut s| s.query_map([], |r| r.get(0))?.collect());
    match verdict {
        Ok(lines) if lines == ["ok"] => {}
        Ok(lines) => {
            return FileState::Damaged { reason: format!("完整性检查未通过：{}", lines.join("；")) };
        }
        Err(e) => return FileState::Damaged { reason: sqlite_reason(&Error::from(e)) },
    }
    match missing_schema(&conn, version) {
        Ok(missing) if missing.is_empty() => FileState::Intact { version },
        Ok(missing) => {
            FileState::Damaged { reason: format!("不是完整的 zhibu 台账，缺少{}", missing.join("、")) }
        }
        Err(e) => FileState::Damaged { reason: sqlite_reason(&e) },
    }
}

/// The tables and columns a ledger of `version` must have (from the migrations, applied in memory)
/// that `conn` lacks, in words (`数据表 dues_rules`, `members 表的 phone 列`).
fn missing_schema(conn: &Connection, version: i64) -> Result<Vec<String>> {
    let expected = table_columns(&migrations::schema_at(version)?)?;
    let actual = table_columns(conn)?;
    let mut missing = Vec::new();
    for (table, columns) in expected {
        match actual.get(&table) {
            None => missing.push(format!("数据表 {table}")),
            Some(have) => {
                missing.extend(columns.iter().filter(|c| !have.contains(c)).map(|c| format!("{table} 表的 {c} 列")))
            }
        }
    }
    Ok(missing)
}

fn table_columns(conn: &Connection) -> Result<BTreeMap<String, Vec<String>>> {
    let mut out = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")?;
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    for table in tables {
        let mut info = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
        let columns: Vec<String> = info.query_map([], |r| r.get(1))?.collect::<rusqlite::Result<_>>()?;
        out.insert(table, columns);
    }
    Ok(out)
}

/// A SQLite failure on a file being examined, in words.
fn sqlite_reason(e: &Error) -> String {
    match e {
        Error::Damaged(_) => "文件不完整或已损坏（数据库结构无法读取）".to_string(),
        Error::UnreadableFile(_) => "不是 SQLite 数据库文件".to_string(),
        other => format!("无法读取（{other}）"),
    }
}

/// What a backup file holds, once it has passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFacts {
    pub schema_version: i64,
    pub ledger_id: Option<String>,
    pub counts: LedgerCounts,
}

/// Checks that `file` is a complete, intact zhibu ledger of a schema version this build knows
/// (`examine` with the full integrity check) and reads its facts. Only reads. Every refusal says
/// in Chinese what is wrong with the file.
pub fn check_backup(file: &Path, key: Option<&Password>) -> Result<BackupFacts> {
    let name = file.display();
    match examine(file, true, key) {
        FileState::Locked { wrong_password: false } => Err(Error::Locked { path: name.to_string() }),
        FileState::Locked { wrong_password: true } => Err(Error::WrongPassword { path: name.to_string() }),
        FileState::Missing => Err(Error::NotFound { what: "备份文件", key: name.to_string() }),
        FileState::Empty => Err(Error::UnreadableFile(format!("{name} 是空文件，不是 zhibu 台账备份；台账没有改动"))),
        FileState::Foreign { reason } => {
            Err(Error::UnreadableFile(format!("{name} 不是 zhibu 台账备份（{reason}）；台账没有改动")))
        }
        FileState::Damaged { reason } => {
            Err(Error::UnreadableFile(format!("备份文件 {name} 不能用于恢复：{reason}；台账没有改动")))
        }
        FileState::Newer { version } => Err(Error::NewerVersion(format!(
            "备份文件 {name} 由更新版本的 zhibu 创建（数据版本 {version}，本程序支持到 {}），不能恢复；请先升级 zhibu。台账没有改动",
            migrations::latest_version()
        ))),
        FileState::Intact { version } => {
            let conn = connection::open_read_only(file, key)?;
            let ledger_id = super::meta::stored_ledger_id(&conn)?;
            Ok(BackupFacts {
                schema_version: version,
                ledger_id,
                counts: counts(&conn)?,
            })
        }
    }
}

/// Replaces the ledger at `target` with the (already checked) ledger file `from`, all or nothing.
/// An intact ledger is overwritten through SQLite (other connections see the new content); a
/// damaged or foreign one is replaced by a complete copy renamed over it (its -wal and -shm removed).
/// Opening the result through `Ledger::open` applies any migrations the backup lacks. `key` opens an
/// encrypted backup and an encrypted current ledger; the result is encrypted (or plain) as the backup
/// is — across that difference the file is replaced whole, as SQLCipher copies pages only between
/// two encrypted or two plain databases.
pub fn replace(target: &Path, from: &Path, key: Option<&Password>) -> Result<()> {
    let src = connection::open_read_only(from, key)?;
    let from_key = if cipher::is_encrypted(from)? { key } else { None };
    let same_kind = cipher::is_encrypted(target)? == from_key.is_some();
    match examine(target, false, key) {
        FileState::Missing | FileState::Empty | FileState::Intact { .. } if same_kind => {
            super::ensure_parent(target)?;
            if !target.exists() {
                super::create_private_file(target)?;
            }
            let mut dst =
                connection::connect(target, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
            cipher::key_destination(&dst, from_key)?;
            copy_pages(&src, &mut dst)
        }
        FileState::Newer { .. } => Err(Error::NewerVersion(format!(
            "台账文件 {} 由更新版本的 zhibu 创建，本程序不会覆盖它；请升级 zhibu",
            target.display()
        ))),
        FileState::Locked { wrong_password } => Err(if wrong_password {
            Error::WrongPassword { path: target.display().to_string() }
        } else {
            Error::Locked { path: target.display().to_string() }
        }),
        _ => {
            let parent = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let stem = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let temp = parent.join(super::unique_name(&format!(".{stem}.restoring"), |n| parent.join(n).exists()));
            copy_to(&src, &temp, from_key)?;
            std::fs::File::open(&temp).and_then(|f| f.sync_all()).map_err(|e| Error::io(&temp, e))?;
            for side in sidecars(target) {
                if side.exists() {
                    std::fs::remove_file(&side).map_err(|e| Error::io(&side, e))?;
                }
            }
            std::fs::rename(&temp, target).map_err(|e| {
                let _ = std::fs::remove_file(&temp);
                Error::io(target, e)
            })?;
            Ok(())
        }
    }
}

/// A ledger's -wal and -shm files.
pub fn sidecars(ledger: &Path) -> [PathBuf; 2] {
    let name = ledger.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    [ledger.with_file_name(format!("{name}-wal")), ledger.with_file_name(format!("{name}-shm"))]
}
