//! 备份与恢复: automatic and manual backups of a ledger, the restore preview and restore, and the
//! start-up check — for the window's 备份与恢复 and recovery pages and `zhibu backups` / `restore`.
//!
//! A backup is a folder `<backup folder>/YYYYMMDD-HHMMSS/` (local time; `-2`, `-3` … when several
//! fall in one second) holding `ledger.db` (a consistent SQLite copy, made safely while the app
//! writes), `attachments/` (the ledger's attachments folder; files already in the previous backup are
//! hard-linked, not copied again) and `manifest.json` (time, kind, ledger id, schema version, counts,
//! content digest, sizes). It is written as `<name>.partial` and renamed when complete, so a crash
//! never leaves a half backup in the list. Every file is readable by its owner only.
//!
//! The backup folder is `备份` beside the ledger file, or the folder set in the ledger's settings
//! (`settings` row `backup_dir`; `zhibu settings --backup-dir`).
//!
//! Automatic backups: the shell calls `auto_backup_if_due` at start (`BackupReason::Start`) and 15
//! minutes after the last write (`BackupReason::AfterChanges`; the shell owns the timer). A backup is
//! due when the ledger's content differs from the newest backup of it (`store::backup::content_digest`,
//! the one definition of "changed"); see `is_due`. Automatic backups are rotated (`expired`): the
//! last 10, the newest of each day for 30 days, the newest of each month for 12 months. Manual
//! backups and the copies kept before a restore are never removed automatically.
//!
//! Restoring while the window has the ledger open — the sequence for the shell:
//! 1. `preview_restore(ledger_path, backup)` and show what will change;
//! 2. drop the open `Ledger` (close the handle);
//! 3. `restore(ledger_path, backup, now)`: checks the backup (nothing changes on a refusal), keeps
//!    the current ledger as a `before_restore` backup, replaces the ledger, copies back attachments
//!    that are missing, and migrates the result;
//! 4. `Ledger::open(ledger_path)` again (also when step 3 failed: the ledger is then unchanged).
//!
//! At start, before opening: `health(ledger_path)`; on `Damaged` show the recovery page with
//! `list_for_path(ledger_path)` / `newest_good_backup(ledger_path)` and restore as above.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDateTime};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::backup::{self as store_backup, FileState, LedgerCounts};
use crate::store::cipher::Password;
use crate::store::{audit, connection, meta, migrations, Ledger};

/// The default backup folder's name, beside the ledger file.
pub const BACKUP_FOLDER: &str = "备份";
/// The quiet time after the last write before an automatic backup is due.
pub const QUIET_MINUTES: i64 = 15;
/// Rotation: how many of the newest automatic backups are always kept.
pub const KEEP_LAST: usize = 10;
/// Rotation: the newest automatic backup of each of this many days (today included) is kept.
pub const KEEP_DAYS: i64 = 30;
/// Rotation: the newest automatic backup of each of this many months (this month included) is kept.
pub const KEEP_MONTHS: i32 = 12;

const SETTING: &str = "backup_dir";
const MANIFEST: &str = "manifest.json";
const DB_FILE: &str = "ledger.db";
const FILES: &str = "attachments";
const PARTIAL: &str = ".partial";
const TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// Why a backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// Made by the program (at start or after changes); rotated.
    Auto,
    /// Made by the person (备份与恢复 page, `zhibu backups --now`); kept until deleted by hand.
    Manual,
    /// The ledger as it was just before a restore replaced it; kept until deleted by hand.
    BeforeRestore,
}

impl BackupKind {
    pub fn label(self) -> &'static str {
        match self {
            BackupKind::Auto => "自动",
            BackupKind::Manual => "手动",
            BackupKind::BeforeRestore => "恢复前保留",
        }
    }
}

/// When the shell asks for an automatic backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    /// The program has just started.
    Start,
    /// The shell's timer: `QUIET_MINUTES` after the last write.
    AfterChanges,
}

/// The manifest of one backup folder (`manifest.json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    /// Local time, `YYYY-MM-DD HH:MM:SS`.
    created_at: String,
    kind: BackupKind,
    /// The backed-up ledger's file name (not its path).
    ledger_file: String,
    ledger_id: Option<String>,
    schema_version: Option<i64>,
    counts: Option<LedgerCounts>,
    digest: Option<String>,
    db_bytes: u64,
    attachment_files: u32,
    attachment_bytes: u64,
    /// Set when the ledger kept before a restore could not be read: it was copied as it was.
    damaged: Option<String>,
}

/// One backup as the 备份与恢复 page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BackupInfo {
    /// The folder's name (`20261206-093000`), unique within the backup folder.
    pub id: String,
    /// The backup folder's full path: what `preview_restore` and `restore` take.
    pub path: String,
    /// Local time, `YYYY-MM-DD HH:MM:SS`.
    pub created_at: String,
    pub kind: BackupKind,
    /// `自动` · `手动` · `恢复前保留`.
    pub kind_label: String,
    /// Bytes of the ledger copy and its attachments.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub size_bytes: u64,
    /// Records in the copy; null for a damaged ledger kept as it was.
    pub counts: Option<LedgerCounts>,
    pub schema_version: Option<i64>,
    /// The backed-up ledger's file name.
    pub ledger_file: String,
    pub ledger_id: Option<String>,
    /// True when the backup is of the ledger being looked at (same ledger id).
    pub this_ledger: bool,
    pub attachment_files: u32,
    /// Set when the copy is of a damaged ledger (kept before a restore): it cannot be restored.
    pub damaged: Option<String>,
}

/// The backup folder of the open ledger: the one in its settings, else `备份` beside it.
pub fn backup_dir(ledger: &Ledger) -> Result<PathBuf> {
    let path = file_of(ledger)?;
    Ok(backup_dir_from(path, meta::setting(ledger.conn(), SETTING)?))
}

/// The backup folder of the ledger file at `ledger_path`, read without opening it for writing (a
/// damaged ledger whose settings cannot be read gets the default folder; an encrypted one is read
/// with `key`).
pub fn backup_dir_for_path(ledger_path: &Path, key: Option<&Password>) -> PathBuf {
    let chosen =
        connection::open_read_only(ledger_path, key).ok().and_then(|c| meta::setting(&c, SETTING).ok().flatten());
    backup_dir_from(ledger_path, chosen)
}

fn backup_dir_from(ledger_path: &Path, chosen: Option<String>) -> PathBuf {
    match chosen.filter(|d| !d.trim().is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => default_backup_dir(ledger_path),
    }
}

/// `备份` beside the ledger file.
pub fn default_backup_dir(ledger_path: &Path) -> PathBuf {
    ledger_path.parent().unwrap_or(Path::new(".")).join(BACKUP_FOLDER)
}

/// The chosen backup folder, or None for the default.
pub fn chosen_backup_dir(conn: &Connection) -> Result<Option<String>> {
    Ok(meta::setting(conn, SETTING)?.filter(|d| !d.trim().is_empty()))
}

/// Sets the backup folder (None or blank: back to `备份` beside the ledger). The folder is created
/// and must be writable; one action, recorded in the 修改记录.
pub fn set_backup_dir(ledger: &Ledger, dir: Option<&str>) -> Result<()> {
    let dir = dir.map(str::trim).filter(|d| !d.is_empty());
    if let Some(d) = dir {
        let path = Path::new(d);
        if !path.is_absolute() {
            return Err(Error::invalid(
                "backup_dir",
                format!("备份位置应是完整路径（如 /media/u盘/zhibu备份），现为“{d}”"),
            ));
        }
        writable_dir(path)?;
    }
    ledger.write(|tx| {
        let before = chosen_backup_dir(tx)?;
        if before.as_deref() == dir {
            return Ok(());
        }
        let summary = match dir {
            Some(d) => {
                meta::set_setting(tx, SETTING, d)?;
                format!("备份位置设为 {d}")
            }
            None => {
                meta::clear_setting(tx, SETTING)?;
                "备份位置恢复为台账旁的“备份”文件夹".to_string()
            }
        };
        audit::record(tx, "修改", "ledger", None, &summary, None)
    })
}

/// Creates `dir` when missing and checks a file can be written in it.
fn writable_dir(dir: &Path) -> Result<()> {
    crate::store::create_private_dir(dir)?;
    let probe = dir.join(crate::store::unique_name(".zhibu-write-test", |n| dir.join(n).exists()));
    crate::store::create_private_file(&probe).map_err(|e| match e {
        Error::DiskFull(m) => Error::DiskFull(m),
        _ => Error::invalid("backup_dir", format!("备份位置 {} 不能写入文件，请换一个文件夹", dir.display())),
    })?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// The backups in the open ledger's backup folder, newest first.
pub fn list(ledger: &Ledger) -> Result<Vec<BackupInfo>> {
    let dir = backup_dir(ledger)?;
    let id = meta::stored_ledger_id(ledger.conn())?;
    list_in(&dir, id.as_deref())
}

/// The backups of the ledger file at `ledger_path`, newest first, without opening it for writing:
/// for the recovery page when the ledger is damaged (`key` reads an encrypted ledger's id and settings).
pub fn list_for_path(ledger_path: &Path, key: Option<&Password>) -> Result<Vec<BackupInfo>> {
    let id = connection::open_read_only(ledger_path, key).ok().and_then(|c| meta::stored_ledger_id(&c).ok().flatten());
    list_in(&backup_dir_for_path(ledger_path, key), id.as_deref())
}

/// The newest backup of the ledger at `ledger_path` that passes every check restore makes (the
/// recovery page's offer); None when there is none.
pub fn newest_good_backup(ledger_path: &Path, key: Option<&Password>) -> Result<Option<BackupInfo>> {
    let all = list_for_path(ledger_path, key)?;
    let ordered = all.iter().filter(|b| b.this_ledger).chain(all.iter().filter(|b| !b.this_ledger));
    for b in ordered {
        if b.damaged.is_none() && store_backup::check_backup(&Path::new(&b.path).join(DB_FILE), key).is_ok() {
            return Ok(Some(b.clone()));
        }
    }
    Ok(None)
}

/// The backups in `dir` (folders with a readable manifest), newest first.
fn list_in(dir: &Path, ledger_id: Option<&str>) -> Result<Vec<BackupInfo>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if !path.is_dir() || name.ends_with(PARTIAL) {
            continue;
        }
        if let Some(m) = read_manifest(&path) {
            out.push(info(&path, &name, m, ledger_id));
        }
    }
    out.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| id_order(&b.id).cmp(&id_order(&a.id))));
    Ok(out)
}

/// Orders `…-2` after `…` and `…-10` after `…-9` within one second.
fn id_order(id: &str) -> (String, u32) {
    let mut parts = id.splitn(3, '-');
    let stamp = format!("{}-{}", parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    (stamp, parts.next().and_then(|n| n.parse().ok()).unwrap_or(1))
}

fn read_manifest(folder: &Path) -> Option<Manifest> {
    let text = std::fs::read_to_string(folder.join(MANIFEST)).ok()?;
    serde_json::from_str(&text).ok()
}

fn info(path: &Path, id: &str, m: Manifest, ledger_id: Option<&str>) -> BackupInfo {
    BackupInfo {
        id: id.to_string(),
        path: path.display().to_string(),
        created_at: m.created_at,
        kind: m.kind,
        kind_label: m.kind.label().to_string(),
        size_bytes: m.db_bytes + m.attachment_bytes,
        counts: m.counts,
        schema_version: m.schema_version,
        ledger_file: m.ledger_file,
        this_ledger: ledger_id.is_some() && m.ledger_id.as_deref() == ledger_id,
        ledger_id: m.ledger_id,
        attachment_files: m.attachment_files,
        damaged: m.damaged,
    }
}

/// A single consistent copy of the open ledger's database in `out` (`zhibu backup OUT`; no
/// attachments, not listed among the backups). Refuses an existing file.
pub fn copy_to_file(ledger: &Ledger, out: &Path) -> Result<()> {
    store_backup::backup(ledger, out)
}

/// Deletes one backup (by its `id`) from the open ledger's backup folder: the page's 删除 on a
/// manual backup or a kept ledger. Only a backup folder (with its manifest) is removed.
pub fn remove_backup(ledger: &Ledger, id: &str) -> Result<()> {
    let dir = backup_dir(ledger)?;
    let plain = !id.is_empty() && !id.contains(['/', '\\']) && id != "." && id != "..";
    let folder = dir.join(id);
    if !plain || read_manifest(&folder).is_none() {
        return Err(Error::NotFound { what: "备份", key: id.to_string() });
    }
    std::fs::remove_dir_all(&folder).map_err(|e| Error::io(&folder, e))
}

/// Makes a backup now (备份与恢复 page's 立即备份, `zhibu backups --now`).
pub fn back_up_now(ledger: &Ledger, now: NaiveDateTime) -> Result<BackupInfo> {
    make(ledger, now, BackupKind::Manual)
}

/// Makes an automatic backup when one is due (`is_due`), then rotates the automatic backups;
/// returns the new backup, or None when none was due (or the ledger is in memory).
pub fn auto_backup_if_due(
    ledger: &Ledger,
    now: NaiveDateTime,
    reason: BackupReason,
    last_write: Option<NaiveDateTime>,
) -> Result<Option<BackupInfo>> {
    if ledger.path().is_none() {
        return Ok(None);
    }
    if !is_due(reason, changed_since_last_backup(ledger)?, last_write, now) {
        return Ok(None);
    }
    let made = make(ledger, now, BackupKind::Auto)?;
    rotate(ledger, now)?;
    Ok(Some(made))
}

/// True when the ledger's content differs from its newest backup's (or it has none).
pub fn changed_since_last_backup(ledger: &Ledger) -> Result<bool> {
    let dir = backup_dir(ledger)?;
    let id = meta::stored_ledger_id(ledger.conn())?;
    let newest = list_in(&dir, id.as_deref())?
        .into_iter()
        .filter(|b| b.this_ledger)
        .find_map(|b| read_manifest(Path::new(&b.path)).and_then(|m| m.digest));
    Ok(match newest {
        None => true,
        Some(digest) => digest != store_backup::content_digest(ledger.conn())?,
    })
}

/// The rule: at start a backup is due when the ledger changed since its newest backup; after
/// changes, when it changed and the last write is at least `QUIET_MINUTES` ago (`last_write` None:
/// not known, due at once).
pub fn is_due(reason: BackupReason, changed: bool, last_write: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    match reason {
        BackupReason::Start => changed,
        BackupReason::AfterChanges => {
            changed && last_write.is_none_or(|w| now.signed_duration_since(w) >= Duration::minutes(QUIET_MINUTES))
        }
    }
}

/// Rotation: of the automatic backups `(id, time)`, the ones to remove on `now` — all but the
/// newest `KEEP_LAST`, the newest of each of the last `KEEP_DAYS` days and the newest of each of the
/// last `KEEP_MONTHS` months. A backup dated after `now` (a clock set back) is kept.
pub fn expired(backups: &[(String, NaiveDateTime)], now: NaiveDateTime) -> Vec<String> {
    let mut newest_first: Vec<&(String, NaiveDateTime)> = backups.iter().collect();
    newest_first.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| id_order(&b.0).cmp(&id_order(&a.0))));
    let mut keep: HashSet<&str> = newest_first.iter().take(KEEP_LAST).map(|b| b.0.as_str()).collect();
    let (mut days, mut months) = (HashSet::new(), HashSet::new());
    let month_number = |t: NaiveDateTime| t.year() * 12 + t.month() as i32;
    for (id, t) in &newest_first {
        if *t > now {
            keep.insert(id);
            continue;
        }
        if (now.date() - t.date()).num_days() < KEEP_DAYS && days.insert(t.date()) {
            keep.insert(id);
        }
        if month_number(now) - month_number(*t) < KEEP_MONTHS && months.insert(month_number(*t)) {
            keep.insert(id);
        }
    }
    newest_first.iter().filter(|b| !keep.contains(b.0.as_str())).map(|b| b.0.clone()).collect()
}

/// Removes this ledger's expired automatic backups.
fn rotate(ledger: &Ledger, now: NaiveDateTime) -> Result<()> {
    let dir = backup_dir(ledger)?;
    let id = meta::stored_ledger_id(ledger.conn())?;
    let autos: Vec<(String, NaiveDateTime)> = list_in(&dir, id.as_deref())?
        .into_iter()
        .filter(|b| b.this_ledger && b.kind == BackupKind::Auto)
        .filter_map(|b| NaiveDateTime::parse_from_str(&b.created_at, TIME_FORMAT).ok().map(|t| (b.id, t)))
        .collect();
    for id in expired(&autos, now) {
        let folder = dir.join(&id);
        std::fs::remove_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
    }
    Ok(())
}

fn file_of(ledger: &Ledger) -> Result<&Path> {
    ledger.path().ok_or_else(|| Error::Conflict("此台账没有保存为文件，不能备份".to_string()))
}

/// Writes one backup folder of the open ledger.
fn make(ledger: &Ledger, now: NaiveDateTime, kind: BackupKind) -> Result<BackupInfo> {
    make_from(ledger.conn(), ledger.key(), file_of(ledger)?, &backup_dir(ledger)?, now, kind)
}

/// Writes one backup folder in `dir` of the ledger at `ledger_path`, read through `conn`; the copy
/// is encrypted with `key` when the ledger is.
fn make_from(
    conn: &Connection,
    key: Option<&Password>,
    ledger_path: &Path,
    dir: &Path,
    now: NaiveDateTime,
    kind: BackupKind,
) -> Result<BackupInfo> {
    let own_id = meta::stored_ledger_id(conn)?;
    let previous: Vec<PathBuf> = list_in(dir, own_id.as_deref())?
        .into_iter()
        .filter(|b| b.this_ledger && b.attachment_files > 0)
        .map(|b| PathBuf::from(b.path).join(FILES))
        .collect();
    write_folder(dir, ledger_path, now, kind, &previous, |partial| {
        let db = partial.join(DB_FILE);
        store_backup::copy_to(conn, &db, key)?;
        let facts = store_backup::check_backup(&db, key)?;
        let digest = store_backup::content_digest(&connection::open_read_only(&db, key)?)?;
        Ok((facts, Some(digest), None))
    })
}

/// Writes `<dir>/<stamp>.partial/` with the ledger copy `copy` makes (returning the copy's facts,
/// its content digest, and why it is damaged when kept as it was), the attachments and the manifest,
/// then renames it into place.
fn write_folder(
    dir: &Path,
    ledger_path: &Path,
    now: NaiveDateTime,
    kind: BackupKind,
    previous: &[PathBuf],
    copy: impl FnOnce(&Path) -> Result<(store_backup::BackupFacts, Option<String>, Option<String>)>,
) -> Result<BackupInfo> {
    crate::store::create_private_dir(dir)?;
    remove_stale_partials(dir, now);
    let stamp = now.format("%Y%m%d-%H%M%S").to_string();
    let id = crate::store::unique_name(&stamp, |n| dir.join(n).exists() || dir.join(format!("{n}{PARTIAL}")).exists());
    let partial = dir.join(format!("{id}{PARTIAL}"));
    let done = (|| {
        crate::store::create_private_dir(&partial)?;
        let (facts, digest, damaged) = copy(&partial)?;
        let db_bytes = folder_bytes(&partial)?;
        let files = crate::meetings::attachments::files_dir_of(ledger_path);
        let (attachment_files, attachment_bytes) = copy_tree(&files, &partial.join(FILES), previous)?;
        let manifest = Manifest {
            format: 1,
            created_at: now.format(TIME_FORMAT).to_string(),
            kind,
            ledger_file: ledger_path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
            ledger_id: facts.ledger_id.clone(),
            schema_version: damaged.is_none().then_some(facts.schema_version),
            counts: damaged.is_none().then_some(facts.counts),
            digest,
            db_bytes,
            attachment_files,
            attachment_bytes,
            damaged,
        };
        let text = serde_json::to_string_pretty(&manifest).map_err(|e| Error::Internal(e.to_string()))?;
        write_private(&partial.join(MANIFEST), text.as_bytes())?;
        let final_path = dir.join(&id);
        std::fs::rename(&partial, &final_path).map_err(|e| Error::io(&final_path, e))?;
        Ok(info(&final_path, &id, manifest, facts.ledger_id.as_deref()))
    })();
    if done.is_err() {
        let _ = std::fs::remove_dir_all(&partial);
    }
    done
}

/// Removes `.partial` folders left by a crash more than an hour before `now`.
fn remove_stale_partials(dir: &Path, now: NaiveDateTime) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(stamp) = name.strip_suffix(PARTIAL) else { continue };
        let stamp = stamp.get(..15).unwrap_or(stamp);
        if let Ok(t) = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S") {
            if now.signed_duration_since(t) > Duration::hours(1) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Total bytes of the files directly in `folder`.
fn folder_bytes(folder: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(folder).map_err(|e| Error::io(folder, e))?.flatten() {
        if let Ok(m) = entry.metadata() {
            if m.is_file() {
                total += m.len();
            }
        }
    }
    Ok(total)
}

/// Copies the attachments tree `from` into `to` (files readable by the owner only), hard-linking a
/// file an earlier backup's attachments folder (`previous`, newest first) already holds with the
/// same size (attachments are stored under their SHA-256 and never change). Returns the number of
/// files and their bytes; a missing `from` is an empty folder.
fn copy_tree(from: &Path, to: &Path, previous: &[PathBuf]) -> Result<(u32, u64)> {
    let entries = match std::fs::read_dir(from) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((0, 0)),
        Err(e) => return Err(Error::io(from, e)),
    };
    crate::store::create_private_dir(to)?;
    let (mut files, mut bytes) = (0, 0);
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(from, e))?;
        let (src, name) = (entry.path(), entry.file_name());
        let kind = entry.file_type().map_err(|e| Error::io(&src, e))?;
        let prev: Vec<PathBuf> = previous.iter().map(|p| p.join(&name)).collect();
        if kind.is_dir() {
            let prev: Vec<PathBuf> = prev.into_iter().filter(|p| p.is_dir()).collect();
            let (f, b) = copy_tree(&src, &to.join(&name), &prev)?;
            files += f;
            bytes += b;
        } else if kind.is_file() && !name.to_string_lossy().ends_with(".partial") {
            let len = entry.metadata().map_err(|e| Error::io(&src, e))?.len();
            let dst = to.join(&name);
            let linked = prev
                .iter()
                .find(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() == len))
                .is_some_and(|p| std::fs::hard_link(p, &dst).is_ok());
            if !linked {
                crate::store::copy_private(&src, &dst)?;
            }
            files += 1;
            bytes += len;
        }
    }
    Ok((files, bytes))
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut file = crate::store::create_private_file(path)?;
    file.write_all(bytes).and_then(|_| file.sync_all()).map_err(|e| Error::io(path, e))
}

/// One line of a restore's preview: how many records of a kind the ledger holds now and would hold
/// after the restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CountChange {
    /// `组织` · `党员` · `组织生活记录` · `党费缴纳记录` · `发展党员` · `附件`.
    pub what: String,
    /// Null when the current ledger cannot be read (damaged or missing).
    pub now: Option<u32>,
    pub backup: u32,
}

/// What a restore would do, shown before it is confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RestorePreview {
    /// The backup folder or file.
    pub backup_path: String,
    /// When the backup was made (local time), when known (a backup folder).
    pub backup_time: Option<String>,
    pub backup_schema_version: i64,
    pub changes: Vec<CountChange>,
    /// False when the backup is of another ledger (another ledger id).
    pub same_ledger: bool,
    /// Set when the current ledger is damaged or missing (then `now` counts are null).
    pub current_problem: Option<String>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RestoreOutcome {
    pub restored_from: String,
    /// The replaced ledger, kept as a `before_restore` backup; null when there was none.
    pub kept: Option<BackupInfo>,
    /// Attachments copied back from the backup.
    pub attachments_copied: u32,
}

/// A backup folder (with `ledger.db`) or a single ledger copy (`zhibu backup OUT`): the database
/// file and the attachments folder, if any.
fn resolve(backup: &Path) -> Result<(PathBuf, Option<PathBuf>)> {
    if backup.is_dir() {
        let db = backup.join(DB_FILE);
        if !db.is_file() {
            return Err(Error::UnreadableFile(format!(
                "{} 不是 zhibu 备份文件夹（其中没有 {DB_FILE}）；台账没有改动",
                backup.display()
            )));
        }
        let files = backup.join(FILES);
        Ok((db, files.is_dir().then_some(files)))
    } else {
        Ok((backup.to_path_buf(), None))
    }
}

/// Checks the backup and compares it with the current ledger; changes nothing.
/// `key` opens an encrypted backup and an encrypted current ledger.
pub fn preview_restore(ledger_path: &Path, backup: &Path, key: Option<&Password>) -> Result<RestorePreview> {
    let (db, _) = resolve(backup)?;
    let facts = store_backup::check_backup(&db, key)?;
    let (current, current_id, current_problem) = match store_backup::examine(ledger_path, false, key) {
        FileState::Locked { .. } => (None, None, Some("当前台账已加密，未能用这个密码读取".to_string())),
        FileState::Intact { .. } => {
            let conn = connection::open_read_only(ledger_path, key)?;
            (Some(store_backup::counts(&conn)?), meta::stored_ledger_id(&conn)?, None)
        }
        FileState::Missing | FileState::Empty => (None, None, Some("当前没有台账".to_string())),
        FileState::Newer { .. } => {
            return Err(Error::NewerVersion(format!(
                "台账文件 {} 由更新版本的 zhibu 创建，本程序不会覆盖它；请升级 zhibu",
                ledger_path.display()
            )))
        }
        FileState::Foreign { reason } | FileState::Damaged { reason } => {
            (None, None, Some(format!("当前台账无法读取：{reason}")))
        }
    };
    let pick = |c: &LedgerCounts| {
        [
            ("组织", c.organizations),
            ("党员", c.members),
            ("组织生活记录", c.meetings),
            ("党费缴纳记录", c.payments),
            ("发展党员", c.development),
            ("附件", c.attachments),
        ]
    };
    let now = current.as_ref().map(pick);
    let changes = pick(&facts.counts)
        .iter()
        .enumerate()
        .map(|(i, (what, backup))| CountChange { what: what.to_string(), now: now.map(|n| n[i].1), backup: *backup })
        .collect();
    Ok(RestorePreview {
        backup_path: backup.display().to_string(),
        backup_time: backup.is_dir().then(|| read_manifest(backup).map(|m| m.created_at)).flatten(),
        backup_schema_version: facts.schema_version,
        changes,
        same_ledger: current_id.is_none() || current_id == facts.ledger_id,
        current_problem,
    })
}

/// Replaces the ledger at `ledger_path` with a backup (a backup folder, or a single copy made by
/// `zhibu backup`). The backup is checked first (`store::backup::check_backup`: a complete, intact
/// zhibu ledger of a known schema version) and nothing changes when it is refused. The current
/// ledger is kept first as a `before_restore` backup (copied as it is when damaged). Attachments in
/// the backup that the ledger's folder lacks are copied back. The result is migrated to this
/// build's schema. Call with the ledger's handle closed (see the module documentation). `key` opens
/// an encrypted backup and an encrypted current ledger; the restored ledger is encrypted (or plain)
/// as the backup is.
pub fn restore(
    ledger_path: &Path,
    backup: &Path,
    now: NaiveDateTime,
    key: Option<&Password>,
) -> Result<RestoreOutcome> {
    let (db, files) = resolve(backup)?;
    store_backup::check_backup(&db, key)?;
    let kept = match store_backup::examine(ledger_path, false, key) {
        FileState::Missing | FileState::Empty => None,
        FileState::Locked { wrong_password: false } => {
            return Err(Error::Locked { path: ledger_path.display().to_string() })
        }
        FileState::Locked { wrong_password: true } => {
            return Err(Error::WrongPassword { path: ledger_path.display().to_string() })
        }
        FileState::Newer { .. } => {
            return Err(Error::NewerVersion(format!(
                "台账文件 {} 由更新版本的 zhibu 创建，本程序不会覆盖它；请升级 zhibu",
                ledger_path.display()
            )))
        }
        FileState::Intact { .. } => {
            // Read only: the replaced ledger is kept exactly as it is (not migrated first).
            let current = connection::open_read_only(ledger_path, key)?;
            let dir = backup_dir_for_path(ledger_path, key);
            let current_key = if crate::store::cipher::is_encrypted(ledger_path)? { key } else { None };
            Some(make_from(&current, current_key, ledger_path, &dir, now, BackupKind::BeforeRestore)?)
        }
        FileState::Foreign { reason } | FileState::Damaged { reason } => Some(keep_as_is(ledger_path, now, reason)?),
    };
    store_backup::replace(ledger_path, &db, key)?;
    let attachments_copied = match files {
        Some(from) => merge_missing(&from, &crate::meetings::attachments::files_dir_of(ledger_path))?,
        None => 0,
    };
    // Opening through the normal path applies the migrations the backup lacks.
    Ledger::open_with(ledger_path, key)?;
    Ok(RestoreOutcome { restored_from: backup.display().to_string(), kept, attachments_copied })
}

/// Keeps a ledger that cannot be read as a backup by copying its files as they are.
fn keep_as_is(ledger_path: &Path, now: NaiveDateTime, reason: String) -> Result<BackupInfo> {
    let dir = backup_dir_for_path(ledger_path, None);
    write_folder(&dir, ledger_path, now, BackupKind::BeforeRestore, &[], |partial| {
        crate::store::copy_private(ledger_path, &partial.join(DB_FILE))?;
        let [wal, _] = store_backup::sidecars(ledger_path);
        if wal.exists() {
            crate::store::copy_private(&wal, &partial.join(format!("{DB_FILE}-wal")))?;
        }
        let facts = store_backup::BackupFacts { schema_version: 0, ledger_id: None, counts: LedgerCounts::default() };
        Ok((facts, None, Some(reason)))
    })
}

/// Copies the files of `from` that `to` lacks (attachments are named by their content); returns
/// how many were copied.
fn merge_missing(from: &Path, to: &Path) -> Result<u32> {
    let mut copied = 0;
    for entry in std::fs::read_dir(from).map_err(|e| Error::io(from, e))? {
        let entry = entry.map_err(|e| Error::io(from, e))?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().map_err(|e| Error::io(&src, e))?;
        if kind.is_dir() {
            copied += merge_missing(&src, &dst)?;
        } else if kind.is_file() && !dst.exists() {
            crate::store::create_private_dir(to)?;
            crate::store::copy_private(&src, &dst)?;
            copied += 1;
        }
    }
    Ok(copied)
}

/// What the start-up check found (`health`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum LedgerHealth {
    /// No ledger yet (missing or empty file): a new one will be set up.
    New,
    /// The ledger passed the quick check; older schemas are migrated when it is opened.
    Ok { schema_version: i64 },
    /// The ledger is damaged: show the recovery page (`newest_good_backup`, `restore`).
    Damaged { message: String },
    /// Written by a newer zhibu: refuse to open, ask to upgrade (nothing to recover).
    Newer { message: String },
    /// Not a zhibu ledger at all (another SQLite database, a folder): nothing is touched.
    Foreign { message: String },
    /// Encrypted and no (or a wrong) password given: ask for it, then check again.
    Locked { message: String },
}

/// The start-up check of the ledger file at `ledger_path`, before it is opened: `PRAGMA
/// quick_check`, the schema version and every table its version must have. Never fails: a problem
/// is a state to show. An encrypted ledger is checked with `key` (without it: `Locked`).
pub fn health(ledger_path: &Path, key: Option<&Password>) -> LedgerHealth {
    let name = ledger_path.display();
    match store_backup::examine(ledger_path, false, key) {
        FileState::Locked { wrong_password } => LedgerHealth::Locked {
            message: if wrong_password {
                Error::WrongPassword { path: name.to_string() }.to_string()
            } else {
                Error::Locked { path: name.to_string() }.to_string()
            },
        },
        FileState::Missing | FileState::Empty => LedgerHealth::New,
        FileState::Intact { version } => LedgerHealth::Ok { schema_version: version },
        FileState::Damaged { reason } => LedgerHealth::Damaged {
            message: format!("台账文件 {name} 已损坏：{reason}。可以用最近的备份恢复台账；损坏的文件会另存一份，不会删除。"),
        },
        FileState::Newer { version } => LedgerHealth::Newer {
            message: format!(
                "台账文件 {name} 由更新版本的 zhibu 创建（数据版本 {version}，本程序支持到 {}）。为保护数据，本程序不会打开或修改它，请升级 zhibu。",
                migrations::latest_version()
            ),
        },
        FileState::Foreign { reason } => {
            LedgerHealth::Foreign { message: format!("{name} 不是 zhibu 台账文件（{reason}），不会修改它。") }
        }
    }
}

/// The current local time (what the shell and the CLI pass as `now`).
pub fn system_now() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn backups(times: &[&str]) -> Vec<(String, NaiveDateTime)> {
        times.iter().map(|s| (t(s).format("%Y%m%d-%H%M%S").to_string(), t(s))).collect()
    }

    #[test]
    fn the_last_ten_are_kept_whatever_their_day() {
        let list: Vec<_> = (0..12).map(|i| format!("2026-12-06 09:{:02}", i * 3)).collect();
        let list = backups(&list.iter().map(String::as_str).collect::<Vec<_>>());
        let gone = expired(&list, t("2026-12-06 12:00"));
        // 12 on one day: the 10 newest stay, the older two go (the day's newest is among the ten).
        assert_eq!(gone, vec!["20261206-090300".to_string(), "20261206-090000".to_string()]);
    }

    #[test]
    fn one_per_day_for_thirty_days_then_one_per_month_for_a_year() {
        let mut times = Vec::new();
        // Two a day for 60 days before 2026-12-31, and a few older ones.
        let end = t("2026-12-31 18:00");
        for d in 0..60 {
            for h in [9, 17] {
                times.push(end - Duration::days(d) - Duration::hours(18 - h));
            }
        }
        times.push(t("2025-10-15 10:00")); // 14 months back: gone
        times.push(t("2026-01-20 10:00")); // 11 months back: kept (newest of January)
        times.push(t("2026-01-05 10:00")); // older in January: gone
        let list: Vec<(String, NaiveDateTime)> =
            times.iter().map(|x| (x.format("%Y%m%d-%H%M%S").to_string(), *x)).collect();
        let gone: HashSet<String> = expired(&list, end).into_iter().collect();
        let kept: Vec<NaiveDateTime> = list.iter().filter(|b| !gone.contains(&b.0)).map(|b| b.1).collect();
        // Days 2026-12-02 … 12-31 (30 days): the 17:00 of each; the ten newest include five 09:00s.
        for d in 0..30 {
            let day = end.date() - Duration::days(d);
            assert!(kept.iter().any(|k| k.date() == day && k.format("%H").to_string() == "17"), "{day}");
        }
        assert_eq!(kept.iter().filter(|k| k.date() > t("2026-12-26 00:00").date()).count(), 10);
        // November: only its newest (11-30 17:00) beyond the 30 days.
        let november: Vec<_> = kept.iter().filter(|k| k.month() == 11 && k.year() == 2026).collect();
        assert_eq!(november, vec![&t("2026-11-30 17:00")]);
        assert!(kept.contains(&t("2026-01-20 10:00")));
        assert!(!kept.contains(&t("2026-01-05 10:00")));
        assert!(!kept.contains(&t("2025-10-15 10:00")));
        // The 30 days' 17:00s, the five 09:00s among the ten newest, November's newest, January's.
        assert_eq!(kept.len(), 30 + 5 + 1 + 1, "{kept:?}");
    }

    #[test]
    fn backups_dated_after_now_are_kept() {
        let mut list = backups(&["2027-03-01 10:00"]);
        list.extend(backups(&(0..15).map(|_| "2020-01-01 10:00").collect::<Vec<_>>()));
        for (i, b) in list.iter_mut().enumerate().skip(1) {
            b.0 = format!("20200101-100000-{i}");
        }
        let gone = expired(&list, t("2026-12-06 10:00"));
        assert!(!gone.contains(&"20270301-100000".to_string()));
        // The ten newest are the future one and nine old ones (`-15` … `-7`); the other six go.
        assert_eq!(gone.len(), 15 - (KEEP_LAST - 1), "{gone:?}");
    }

    #[test]
    fn due_at_start_when_changed_and_after_changes_only_after_the_quiet_time() {
        let now = t("2026-12-06 10:00");
        assert!(is_due(BackupReason::Start, true, None, now));
        assert!(!is_due(BackupReason::Start, false, None, now));
        assert!(!is_due(BackupReason::AfterChanges, true, Some(t("2026-12-06 09:50")), now));
        assert!(is_due(BackupReason::AfterChanges, true, Some(t("2026-12-06 09:45")), now));
        assert!(!is_due(BackupReason::AfterChanges, false, Some(t("2026-12-06 09:00")), now));
        assert!(is_due(BackupReason::AfterChanges, true, None, now));
    }

    #[test]
    fn ids_within_one_second_order_by_their_number() {
        let mut ids = vec!["20261206-100000-10", "20261206-100000", "20261206-100000-2", "20261206-100000-9"];
        ids.sort_by_key(|id| id_order(id));
        assert_eq!(ids, vec!["20261206-100000", "20261206-100000-2", "20261206-100000-9", "20261206-100000-10"]);
    }
}
