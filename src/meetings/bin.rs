//! The recycle bin for this module's records: a deleted record's full content is kept as JSON until it
//! is restored (or purged by the user elsewhere).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{de::DeserializeOwned, Serialize};

use crate::error::{Error, Result};

/// Puts a record's content into the bin; returns the bin id.
pub(super) fn put(
    conn: &Connection,
    entity: &str,
    entity_id: i64,
    summary: &str,
    payload: &impl Serialize,
) -> Result<i64> {
    let payload = serde_json::to_string(payload).map_err(|e| Error::Internal(e.to_string()))?;
    conn.execute(
        "INSERT INTO recycle_bin(deleted_at, entity, entity_id, summary, payload) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![crate::store::now_stamp(), entity, entity_id, summary, payload],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Takes a record of `entity` out of the bin (the bin row is deleted; the caller writes it back).
pub(super) fn take<T: DeserializeOwned>(conn: &Connection, bin_id: i64, entity: &str, what: &'static str) -> Result<T> {
    let payload: String = conn
        .query_row("SELECT payload FROM recycle_bin WHERE id = ?1 AND entity = ?2", params![bin_id, entity], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(Error::NotFound { what, key: bin_id.to_string() })?;
    let row =
        serde_json::from_str(&payload).map_err(|e| Error::Internal(format!("回收站记录 {bin_id} 已损坏：{e}")))?;
    conn.execute("DELETE FROM recycle_bin WHERE id = ?1", [bin_id])?;
    Ok(row)
}

/// One record in the recycle bin.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BinEntry {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub deleted_at: String,
    /// `activity`, `attachment`, `meeting_template`, `training`, `evaluation`, `dues_payment` …
    pub entity: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub entity_id: i64,
    pub summary: String,
}

/// The entities whose bin entries `restore_from_bin` can put back.
pub const RESTORABLE: &[&str] = &["activity", "attachment", "meeting_template", "training", "evaluation"];

/// The recycle bin, newest first (all entities, including those of other modules).
pub fn recycle_bin(ledger: &crate::store::Ledger) -> Result<Vec<BinEntry>> {
    let mut stmt =
        ledger.conn().prepare("SELECT id, deleted_at, entity, entity_id, summary FROM recycle_bin ORDER BY id DESC")?;
    let rows = stmt.query_map([], |r| {
        Ok(BinEntry {
            id: r.get(0)?,
            deleted_at: r.get(1)?,
            entity: r.get(2)?,
            entity_id: r.get(3)?,
            summary: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Restores a 组织生活 record from the bin, whatever its kind (see `RESTORABLE`).
pub fn restore_from_bin(ledger: &crate::store::Ledger, bin_id: i64) -> Result<()> {
    let entity: String = ledger
        .conn()
        .query_row("SELECT entity FROM recycle_bin WHERE id = ?1", [bin_id], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound { what: "回收站记录", key: bin_id.to_string() })?;
    match entity.as_str() {
        "activity" => super::record::restore_activity(ledger, bin_id).map(|_| ()),
        "attachment" => super::attachments::restore_attachment(ledger, bin_id).map(|_| ()),
        "meeting_template" => super::templates::restore_template(ledger, bin_id).map(|_| ()),
        "training" => super::records::restore_training(ledger, bin_id).map(|_| ()),
        "evaluation" => super::records::restore_evaluation(ledger, bin_id),
        other => Err(Error::Conflict(format!("回收站中的“{other}”记录不能在这里恢复"))),
    }
}
