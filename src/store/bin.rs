//! The recycle bin (回收站), one for every kind of record: a deleted record's full content is kept as
//! JSON until it is restored. Each domain puts its records here with `put` and takes them back with
//! `take`; `app::bin` holds the registry that restores any entry by its kind.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{de::DeserializeOwned, Serialize};

use crate::error::{Error, Result};

/// One record in the recycle bin.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BinEntry {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub deleted_at: String,
    /// `activity`, `attachment`, `meeting_template`, `training`, `evaluation`, `dues_payment`,
    /// `standard_profile`, `development_step`.
    pub entity: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub entity_id: i64,
    pub summary: String,
}

/// Puts a record's content into the bin; returns the bin id.
pub fn put(conn: &Connection, entity: &str, entity_id: i64, summary: &str, payload: &impl Serialize) -> Result<i64> {
    let payload = serde_json::to_string(payload).map_err(|e| Error::Internal(e.to_string()))?;
    put_json(conn, entity, entity_id, summary, &payload)
}

/// Puts a record whose content is already JSON text into the bin; returns the bin id.
pub fn put_json(conn: &Connection, entity: &str, entity_id: i64, summary: &str, payload: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO recycle_bin(deleted_at, entity, entity_id, summary, payload) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![super::now_stamp(), entity, entity_id, summary, payload],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Takes a record of `entity` out of the bin (the bin row is deleted; the caller writes it back in
/// the same transaction).
pub fn take<T: DeserializeOwned>(conn: &Connection, bin_id: i64, entity: &str, what: &'static str) -> Result<T> {
    let payload = take_json(conn, bin_id, entity, what)?;
    serde_json::from_str(&payload).map_err(|e| Error::Internal(format!("回收站记录 {bin_id} 已损坏：{e}")))
}

/// `take`, returning the JSON text as stored.
pub fn take_json(conn: &Connection, bin_id: i64, entity: &str, what: &'static str) -> Result<String> {
    let payload: String = conn
        .query_row("SELECT payload FROM recycle_bin WHERE id = ?1 AND entity = ?2", params![bin_id, entity], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(Error::NotFound { what, key: bin_id.to_string() })?;
    conn.execute("DELETE FROM recycle_bin WHERE id = ?1", [bin_id])?;
    Ok(payload)
}

/// The kind of record a bin entry holds.
pub fn entity_of(conn: &Connection, bin_id: i64) -> Result<String> {
    conn.query_row("SELECT entity FROM recycle_bin WHERE id = ?1", [bin_id], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound { what: "回收站记录", key: bin_id.to_string() })
}

/// The recycle bin, newest first.
pub fn entries(conn: &Connection) -> Result<Vec<BinEntry>> {
    let mut stmt =
        conn.prepare("SELECT id, deleted_at, entity, entity_id, summary FROM recycle_bin ORDER BY id DESC")?;
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
