//! Photos and scans attached to an activity. A file is copied into the ledger's own folder, beside the
//! ledger file: `<ledger dir>/<ledger stem>-files/<first two hex of sha256>/<sha256>.<ext>`; the record
//! keeps the original name, size and SHA-256 and never points at the original path. Identical files are
//! stored once. Verifying re-hashes the stored copy. Removing an attachment moves its record into the
//! recycle bin (the stored file stays, so it can be restored).

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::record::live;
use crate::error::{Error, Result};
use crate::store::bin;
use crate::store::{audit, Ledger};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Attachment {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub activity_id: i64,
    /// The original file name.
    pub file_name: String,
    pub sha256: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub size_bytes: i64,
    /// Relative to the ledger's files folder.
    pub stored_path: String,
    pub added_at: String,
}

/// The outcome of re-hashing a stored file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AttachmentCheck {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub file_name: String,
    /// The stored copy exists and its hash and size match the record.
    pub ok: bool,
    /// What is wrong, in Chinese, when not ok.
    pub problem: Option<String>,
}

/// The folder holding the ledger's attachments. Refused for a ledger without a file (in memory).
pub fn files_dir(ledger: &Ledger) -> Result<PathBuf> {
    let path = ledger.path().ok_or_else(|| Error::Conflict("此台账没有保存为文件，不能添加附件".to_string()))?;
    Ok(files_dir_of(path))
}

/// The attachments folder of the ledger file at `ledger_path` (`<ledger dir>/<ledger stem>-files`).
pub fn files_dir_of(ledger_path: &Path) -> PathBuf {
    let stem = ledger_path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "ledger".to_string());
    ledger_path.parent().unwrap_or(Path::new(".")).join(format!("{stem}-files"))
}

/// A file copied into the ledger's files folder (content-addressed; identical files stored once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredFile {
    pub file_name: String,
    pub sha256: String,
    pub size: i64,
    /// Relative to the ledger's files folder.
    pub stored_path: String,
}

/// Copies `source` into the ledger's files folder (`what`: the word for it in a refusal, 附件 or
/// 票据); nothing is written to the database.
pub(crate) fn store_file(ledger: &Ledger, source: &Path, what: &str) -> Result<StoredFile> {
    let dir = files_dir(ledger)?;
    let file_name = source
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .ok_or_else(|| Error::invalid("path", format!("{what}：{} 不是文件", source.display())))?;
    // A FIFO would block the read below, a device never end.
    crate::input::ensure_regular(source, what)?;
    let (sha256, size) = hash_file(source)?;
    let stored_path = stored_path_for(&file_name, &sha256);
    let target = dir.join(&stored_path);
    if !matches!(hash_file(&target), Ok((h, _)) if h == sha256) {
        let folder = target.parent().expect("stored path has a folder");
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        let partial = target.with_extension("partial");
        // A copy readable by the owner only (scans may carry personal data); a stale partial goes.
        let _ = std::fs::remove_file(&partial);
        crate::store::copy_private(source, &partial)?;
        if hash_file(&partial)?.0 != sha256 {
            let _ = std::fs::remove_file(&partial);
            return Err(Error::Conflict(format!("复制 {file_name} 时文件发生了变化，请重试")));
        }
        std::fs::rename(&partial, &target).map_err(|e| Error::io(&target, e))?;
    }
    Ok(StoredFile { file_name, sha256, size, stored_path })
}

/// Copies `source` into the ledger's folder and attaches it to the activity.
pub fn add_attachment(ledger: &Ledger, activity_id: i64, source: &Path) -> Result<Attachment> {
    files_dir(ledger)?;
    live(ledger.conn(), activity_id)?;
    let StoredFile { file_name, sha256, size, stored_path } = store_file(ledger, source, "附件")?;
    let id = ledger.write(|tx| {
        live(tx, activity_id)?;
        tx.execute(
            "INSERT INTO attachments(activity_id, file_name, sha256, size_bytes, stored_path, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![activity_id, file_name, sha256, size, stored_path, crate::store::now_stamp()],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(tx, "新增", "activity", Some(activity_id), &format!("添加附件 {file_name}"), None)?;
        Ok(id)
    })?;
    get(ledger.conn(), id)
}

/// The attachments of an activity, in the order they were added.
pub fn list_attachments(ledger: &Ledger, activity_id: i64) -> Result<Vec<Attachment>> {
    attachments_of(ledger.conn(), activity_id)
}

pub(crate) fn attachments_of(conn: &Connection, activity_id: i64) -> Result<Vec<Attachment>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE activity_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([activity_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Where the stored copy is, for opening it.
pub fn attachment_path(ledger: &Ledger, id: i64) -> Result<PathBuf> {
    Ok(files_dir(ledger)?.join(get(ledger.conn(), id)?.stored_path))
}

/// Re-hashes the stored copy against the record.
pub fn verify_attachment(ledger: &Ledger, id: i64) -> Result<AttachmentCheck> {
    let a = get(ledger.conn(), id)?;
    let path = files_dir(ledger)?.join(&a.stored_path);
    let problem = match hash_file(&path) {
        Err(_) => Some(format!("附件 {} 的文件已不在台账文件夹中（{}）", a.file_name, path.display())),
        Ok((h, size)) if h != a.sha256 || size != a.size_bytes => {
            Some(format!("附件 {} 的文件已被改动（校验值不符）", a.file_name))
        }
        Ok(_) => None,
    };
    Ok(AttachmentCheck { id, file_name: a.file_name, ok: problem.is_none(), problem })
}

const BIN_ENTITY: &str = "attachment";

/// Moves an attachment's record into the recycle bin; returns the bin id for `restore_attachment`.
pub fn remove_attachment(ledger: &Ledger, id: i64) -> Result<i64> {
    ledger.write(|tx| {
        let a = get(tx, id)?;
        let summary = format!("附件 {}", a.file_name);
        let bin_id = bin::put(tx, BIN_ENTITY, id, &summary, &a)?;
        tx.execute("DELETE FROM attachments WHERE id = ?1", [id])?;
        audit::record(tx, "删除", "activity", Some(a.activity_id), &format!("删除{summary}，已移入回收站"), None)?;
        Ok(bin_id)
    })
}

/// Puts a removed attachment back (its activity must not be in the recycle bin).
pub fn restore_attachment(ledger: &Ledger, bin_id: i64) -> Result<Attachment> {
    let id = ledger.write(|tx| {
        let a: Attachment = bin::take(tx, bin_id, BIN_ENTITY, "回收站中的附件")?;
        live(tx, a.activity_id)
            .map_err(|_| Error::Conflict(format!("附件 {} 所属的活动已删除，请先恢复该活动", a.file_name)))?;
        tx.execute(
            "INSERT INTO attachments(id, activity_id, file_name, sha256, size_bytes, stored_path, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![a.id, a.activity_id, a.file_name, a.sha256, a.size_bytes, a.stored_path, a.added_at],
        )?;
        audit::record(tx, "恢复", "activity", Some(a.activity_id), &format!("从回收站恢复附件 {}", a.file_name), None)?;
        Ok(a.id)
    })?;
    get(ledger.conn(), id)
}

const SELECT: &str = "SELECT id, activity_id, file_name, sha256, size_bytes, stored_path, added_at FROM attachments";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(0)?,
        activity_id: r.get(1)?,
        file_name: r.get(2)?,
        sha256: r.get(3)?,
        size_bytes: r.get(4)?,
        stored_path: r.get(5)?,
        added_at: r.get(6)?,
    })
}

fn get(conn: &Connection, id: i64) -> Result<Attachment> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1 AND activity_id IS NOT NULL"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "附件", key: id.to_string() })
}

/// Where a file with this name and hash is kept, relative to the files folder: `ab/<sha256>.<ext>`, the
/// extension lowercased (dropped when it is not short and plain).
pub(crate) fn stored_path_for(file_name: &str, sha256: &str) -> String {
    let ext = Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .filter(|e| !e.is_empty() && e.chars().all(|c| c.is_ascii_alphanumeric()) && e.len() <= 10);
    let folder = sha256.get(..2).unwrap_or("00");
    match ext {
        Some(e) => format!("{folder}/{sha256}.{e}"),
        None => format!("{folder}/{sha256}"),
    }
}

/// SHA-256 (lowercase hex) and size of a file.
pub(crate) fn hash_file(path: &Path) -> Result<(String, i64)> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size: i64 = 0;
    loop {
        let n = file.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as i64;
    }
    let digest = hasher.finalize();
    Ok((digest.iter().map(|b| format!("{b:02x}")).collect(), size))
}
