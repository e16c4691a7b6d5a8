//! Ledger-wide facts: the stable ledger id (a data package's `source`), the month the ledger's records
//! start (记账起始) and small remembered settings.

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::model::dates::Month;

/// Gives a new ledger its stable id once; later calls change nothing.
pub fn ensure_ledger_id(conn: &Connection) -> Result<String> {
    if let Some(id) = get(conn, "ledger_id")? {
        return Ok(id);
    }
    let id = new_ledger_id();
    conn.execute("INSERT INTO ledger_meta(name, value) VALUES ('ledger_id', ?1)", [&id])?;
    Ok(id)
}

/// The ledger id as stored, without giving one (read-only connections, backups).
pub fn stored_ledger_id(conn: &Connection) -> Result<Option<String>> {
    get(conn, "ledger_id")
}

pub fn ledger_id(conn: &Connection) -> Result<String> {
    ensure_ledger_id(conn)
}

/// Adopts another ledger's id: used when a full package is imported into an empty ledger, which then
/// *is* that ledger moved to a new place (so its next export carries the same `source`).
pub fn adopt_ledger_id(conn: &Connection, id: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO ledger_meta(name, value) VALUES ('ledger_id', ?1)
         ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        [id],
    )?;
    Ok(())
}

/// 记账起始: the month the ledger's records start (`ledger_meta` row `start_month`, `YYYY-MM`); None
/// for a ledger that never set one (everything is judged, as before the setting existed).
pub fn start_month(conn: &Connection) -> Result<Option<Month>> {
    Ok(get(conn, "start_month")?.as_deref().and_then(Month::parse))
}

/// Sets (or with None, clears) the ledger's start month.
pub fn set_start_month(conn: &Connection, month: Option<Month>) -> Result<()> {
    match month {
        Some(m) => {
            conn.execute(
                "INSERT INTO ledger_meta(name, value) VALUES ('start_month', ?1)
                 ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                [m.to_string()],
            )?;
        }
        None => {
            conn.execute("DELETE FROM ledger_meta WHERE name = 'start_month'", [])?;
        }
    }
    Ok(())
}

fn get(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM ledger_meta WHERE name = ?1", [name], |r| r.get(0)).optional()?)
}

pub fn setting(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM settings WHERE name = ?1", [name], |r| r.get(0)).optional()?)
}

pub fn set_setting(conn: &Connection, name: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings(name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        [name, value],
    )?;
    Ok(())
}

/// Removes a remembered setting (back to its default).
pub fn clear_setting(conn: &Connection, name: &str) -> Result<()> {
    conn.execute("DELETE FROM settings WHERE name = ?1", [name])?;
    Ok(())
}

/// A random-enough id without a dependency: time and process id, hashed.
fn new_ledger_id() -> String {
    use sha2::{Digest, Sha256};
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let seed = format!("{nanos}-{}-{:p}", std::process::id(), &nanos);
    let digest = Sha256::digest(seed.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("zhibu-{hex}")
}

/// How many members and activities the ledger holds.
pub fn counts(conn: &Connection) -> Result<(u32, u32)> {
    let members: u32 = conn.query_row("SELECT count(*) FROM members", [], |r| r.get(0))?;
    let activities: u32 =
        conn.query_row("SELECT count(*) FROM activities WHERE deleted_at IS NULL", [], |r| r.get(0))?;
    Ok((members, activities))
}
