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
