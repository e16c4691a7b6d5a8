//! The audit trail: who changed what and when. Written inside the same transaction as the change.

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;

/// The actor recorded for changes made on this PC (the app has no user accounts yet).
pub const LOCAL_ACTOR: &str = "本机用户";

pub fn record(
    conn: &Connection,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    summary: &str,
    detail: Option<&str>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log(at, actor, action, entity, entity_id, summary, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![super::now_stamp(), LOCAL_ACTOR, action, entity, entity_id, summary, detail],
    )?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub summary: String,
}

/// The newest entries first, optionally for one record.
pub fn recent(conn: &Connection, entity: Option<(&str, i64)>, limit: u32) -> Result<Vec<AuditEntry>> {
    let (sql, params): (&str, Vec<rusqlite::types::Value>) = match entity {
        Some((e, id)) => (
            "SELECT at, actor, action, entity, summary FROM audit_log WHERE entity = ?1 AND entity_id = ?2 ORDER BY id DESC LIMIT ?3",
            vec![e.to_string().into(), id.into(), (limit as i64).into()],
        ),
        None => (
            "SELECT at, actor, action, entity, summary FROM audit_log ORDER BY id DESC LIMIT ?1",
            vec![(limit as i64).into()],
        ),
    };
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
        Ok(AuditEntry { at: r.get(0)?, actor: r.get(1)?, action: r.get(2)?, entity: r.get(3)?, summary: r.get(4)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
