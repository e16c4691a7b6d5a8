//! Consistent copies of a ledger (safe while the app has it open) and restoring from one after checks.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::store::{migrations, Ledger};

/// Writes a consistent copy of the open ledger to `out` (SQLite online backup; readers and the app
/// may keep working). Refuses to overwrite an existing file.
pub fn backup(ledger: &Ledger, out: &Path) -> Result<()> {
    if out.exists() {
        return Err(Error::Conflict(format!("备份文件 {} 已存在，不会覆盖；请换一个文件名", out.display())));
    }
    super::ensure_parent(out)?;
    ledger.conn().backup(rusqlite::MAIN_DB, out, None).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, m) if f.code == rusqlite::ErrorCode::CannotOpen => {
            Error::Io { path: out.display().to_string(), source: std::io::Error::other(m.unwrap_or_default()) }
        }
        other => Error::Database(other),
    })?;
    Ok(())
}

/// Checks that `file` is a readable, intact zhibu ledger this version can open. Only reads.
pub fn check_backup(file: &Path) -> Result<()> {
    if !file.exists() {
        return Err(Error::NotFound { what: "备份文件", key: file.display().to_string() });
    }
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| Error::UnreadableFile(format!("{} 无法打开，不是 zhibu 台账备份", file.display())))?;
    migrations::refuse_foreign_or_newer(&conn, file)?;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|_| Error::UnreadableFile(format!("{} 不是 zhibu 台账备份（无法读取）", file.display())))?;
    if integrity != "ok" {
        return Err(Error::UnreadableFile(format!("备份文件 {} 已损坏（完整性检查：{integrity}）", file.display())));
    }
    let is_ledger: bool = conn
        .query_row("SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE type='table' AND name='ledger_meta')", [], |r| {
            r.get(0)
        })
        .unwrap_or(false);
    if !is_ledger {
        return Err(Error::UnreadableFile(format!("{} 不是 zhibu 台账备份", file.display())));
    }
    Ok(())
}

/// Replaces the ledger at `target` with the backup `from` after checking it. The replaced ledger is
/// kept beside it as `<name>.before-restore-<stamp>` (returned), so nothing is lost.
pub fn restore(target: &Path, from: &Path, stamp: &str) -> Result<Option<PathBuf>> {
    check_backup(from)?;
    let kept = if target.exists() {
        // Opening checks the current file is a ledger we may touch at all.
        let current = Ledger::open(target)?;
        let kept = target.with_file_name(format!(
            "{}.before-restore-{stamp}",
            target.file_name().and_then(|n| n.to_str()).unwrap_or("ledger.db")
        ));
        backup(&current, &kept)?;
        Some(kept)
    } else {
        None
    };
    super::ensure_parent(target)?;
    let mut conn = Connection::open(target)?;
    conn.restore(rusqlite::MAIN_DB, from, None::<fn(rusqlite::backup::Progress)>)?;
    drop(conn);
    // Re-open through the normal path: applies any migrations the backup lacks.
    Ledger::open(target)?;
    Ok(kept)
}
