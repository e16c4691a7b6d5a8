//! Consistent copies of a ledger (safe while the app has it open) and restoring from one after checks.

use std::path::{Path, PathBuf};

use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::store::cipher::{self, Password};
use crate::store::{migrations, Ledger};

/// Writes a consistent copy of the open ledger to `out` (SQLite online backup; readers and the app
/// may keep working). An encrypted ledger's copy is encrypted with the same password. Refuses to
/// overwrite an existing file.
pub fn backup(ledger: &Ledger, out: &Path) -> Result<()> {
    if out.exists() {
        return Err(Error::Conflict(format!("备份文件 {} 已存在，不会覆盖；请换一个文件名", out.display())));
    }
    super::ensure_parent(out)?;
    copy_ledger(ledger.conn(), out, ledger.key())
}

/// The copy primitive: every page of `src`'s main database into a new file `dest` (owner-only),
/// keyed with `key` (the source's password: SQLCipher copies only between two encrypted or two plain
/// databases). A failed copy leaves no file behind.
pub fn copy_ledger(src: &Connection, dest: &Path, key: Option<&Password>) -> Result<()> {
    drop(cipher::create_private(dest)?);
    let copied = (|| -> Result<()> {
        let mut dst = Connection::open(dest).map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, m) if f.code == rusqlite::ErrorCode::CannotOpen => {
                Error::Io { path: dest.display().to_string(), source: std::io::Error::other(m.unwrap_or_default()) }
            }
            other => Error::Database(other),
        })?;
        cipher::key_destination(&dst, key)?;
        copy_pages(src, &mut dst)
    })();
    if copied.is_err() {
        let _ = std::fs::remove_file(dest);
    }
    copied
}

/// Copies every page of `src` into `dst` in one step (one read snapshot of the source), waiting up
/// to 5 s while another connection holds a lock.
fn copy_pages(src: &Connection, dst: &mut Connection) -> Result<()> {
    let backup = Backup::new(src, dst)?;
    let started = std::time::Instant::now();
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ if started.elapsed() > Duration::from_secs(5) => {
                return Err(Error::Conflict("台账正被另一个程序写入，等了 5 秒仍未结束，请稍后再试".to_string()))
            }
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// Checks that `file` is a readable, intact zhibu ledger this version can open (an encrypted backup
/// with `key`). Only reads.
pub fn check_backup(file: &Path, key: Option<&Password>) -> Result<()> {
    if !file.exists() {
        return Err(Error::NotFound { what: "备份文件", key: file.display().to_string() });
    }
    let conn = cipher::open_read_only(file, key).map_err(|e| match e {
        Error::Locked { .. } | Error::WrongPassword { .. } => e,
        _ => Error::UnreadableFile(format!("{} 无法打开，不是 zhibu 台账备份", file.display())),
    })?;
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
/// kept beside it as `<name>.before-restore-<stamp>` (returned), so nothing is lost. `key` opens an
/// encrypted backup and an encrypted current ledger; the restored ledger is encrypted (or plain) as
/// the backup is.
pub fn restore(target: &Path, from: &Path, stamp: &str, key: Option<&Password>) -> Result<Option<PathBuf>> {
    check_backup(from, key)?;
    let kept = if target.exists() {
        // Opening checks the current file is a ledger we may touch at all.
        let current = Ledger::open_with(target, key)?;
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
    let src = cipher::open_read_only(from, key)?;
    let from_key = if cipher::is_encrypted(from)? { key } else { None };
    if cipher::is_encrypted(target)? == from_key.is_some() {
        let mut conn = Connection::open(target)?;
        cipher::key_destination(&conn, from_key)?;
        copy_pages(&src, &mut conn)?;
    } else {
        // SQLCipher copies pages only between two encrypted or two plain files: a whole new file.
        let tmp = cipher::sibling(target, "restore");
        copy_ledger(&src, &tmp, from_key)?;
        std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(|e| Error::io(&tmp, e))?;
        cipher::put_in_place(&tmp, target)?;
    }
    drop(src);
    // Re-open through the normal path: applies any migrations the backup lacks.
    Ledger::open_with(target, key)?;
    Ok(kept)
}
