//! `branch_reports`: the 报送 files a committee ledger received (migration 7).

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

/// One received 报送 file, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchReportRow {
    pub org_id: i64,
    pub ledger_id: String,
    pub org_key: String,
    pub org_name: String,
    pub file_name: String,
    pub received_at: String,
    pub exported_at: String,
    pub period: String,
    pub digest: String,
    pub members: i64,
    pub meetings: i64,
    pub payments: i64,
    pub development: i64,
    /// JSON object: package member key → name.
    pub member_keys: String,
}

const COLUMNS: &str = "org_id, ledger_id, org_key, org_name, file_name, received_at, exported_at, period, digest,
    members, meetings, payments, development, member_keys";

fn row(r: &rusqlite::Row) -> rusqlite::Result<BranchReportRow> {
    Ok(BranchReportRow {
        org_id: r.get(0)?,
        ledger_id: r.get(1)?,
        org_key: r.get(2)?,
        org_name: r.get(3)?,
        file_name: r.get(4)?,
        received_at: r.get(5)?,
        exported_at: r.get(6)?,
        period: r.get(7)?,
        digest: r.get(8)?,
        members: r.get(9)?,
        meetings: r.get(10)?,
        payments: r.get(11)?,
        development: r.get(12)?,
        member_keys: r.get(13)?,
    })
}

pub fn insert(conn: &Connection, r: &BranchReportRow) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO branch_reports({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"),
        params![
            r.org_id,
            r.ledger_id,
            r.org_key,
            r.org_name,
            r.file_name,
            r.received_at,
            r.exported_at,
            r.period,
            r.digest,
            r.members,
            r.meetings,
            r.payments,
            r.development,
            r.member_keys
        ],
    )?;
    Ok(())
}

/// The organisation a (ledger id, org key) was matched to when it reported before.
pub fn mapped_org(conn: &Connection, ledger_id: &str, org_key: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT b.org_id FROM branch_reports b JOIN organizations o ON o.id = b.org_id
             WHERE b.ledger_id = ?1 AND b.org_key = ?2 ORDER BY b.id DESC LIMIT 1",
            params![ledger_id, org_key],
            |r| r.get(0),
        )
        .optional()?)
}

/// The newest report (by export time) received for an organisation.
pub fn last_for(conn: &Connection, org_id: i64) -> Result<Option<BranchReportRow>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM branch_reports WHERE org_id = ?1 ORDER BY exported_at DESC, id DESC LIMIT 1"
            ),
            [org_id],
            row,
        )
        .optional()?)
}

/// The newest report of every organisation that reported, by organisation id.
pub fn latest(conn: &Connection) -> Result<Vec<BranchReportRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM branch_reports b WHERE b.id = (SELECT b2.id FROM branch_reports b2
           WHERE b2.org_id = b.org_id ORDER BY b2.exported_at DESC, b2.id DESC LIMIT 1) ORDER BY org_id"
    ))?;
    let rows = stmt.query_map([], row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The local record an import mapped a package key of `source` to (`import_keys`).
pub fn imported_id(conn: &Connection, source: &str, kind: &str, key: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT local_id FROM import_keys WHERE source = ?1 AND kind = ?2 AND key = ?3",
            params![source, kind, key],
            |r| r.get(0),
        )
        .optional()?)
}

/// Maps a package key of `source` to an existing local record before an import, so the import
/// updates that record instead of creating another.
pub fn map_key(conn: &Connection, source: &str, kind: &str, key: &str, local_id: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO import_keys(source, kind, key, local_id) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(source, kind, key) DO UPDATE SET local_id = excluded.local_id",
        params![source, kind, key, local_id],
    )?;
    Ok(())
}

/// (id, parent id, name) of every organisation.
pub fn org_parents(conn: &Connection) -> Result<Vec<(i64, Option<i64>, String)>> {
    let mut stmt = conn.prepare("SELECT id, parent_id, name FROM organizations ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Puts an organisation back under its parent (a branch's package carries the branch cut loose).
pub fn set_parent(conn: &Connection, org_id: i64, parent: Option<i64>) -> Result<()> {
    conn.execute("UPDATE organizations SET parent_id = ?2 WHERE id = ?1", params![org_id, parent])?;
    Ok(())
}

/// One committee position as stored: (org, member, role, from, to).
pub type PositionRow = (i64, i64, String, Option<String>, Option<String>);

/// The positions of an organisation, to put back after an import that carried a partial view of it.
pub fn positions_of(conn: &Connection, org_id: i64) -> Result<Vec<PositionRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT org_id, member_id, role, from_date, to_date FROM org_positions WHERE org_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([org_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Puts an organisation's positions back as `rows` were, when they differ from what is stored.
pub fn restore_positions(conn: &Connection, org_id: i64, rows: &[PositionRow]) -> Result<()> {
    if positions_of(conn, org_id)? == rows {
        return Ok(());
    }
    conn.execute("DELETE FROM org_positions WHERE org_id = ?1", [org_id])?;
    for (org, member, role, from, to) in rows {
        conn.execute(
            "INSERT INTO org_positions(org_id, member_id, role, from_date, to_date) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![org, member, role, from, to],
        )?;
    }
    Ok(())
}

/// Remembers the rows of organisations (every column) so that `restore_orgs` can put them back after
/// an import that carried another ledger's view of them.
pub fn keep_orgs(conn: &Connection, ids: &[i64]) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS kept_orgs AS SELECT * FROM organizations WHERE 0; DELETE FROM kept_orgs;",
    )?;
    let mut stmt = conn.prepare_cached("INSERT INTO kept_orgs SELECT * FROM organizations WHERE id = ?1")?;
    for id in ids {
        stmt.execute([id])?;
    }
    Ok(())
}

/// Puts back the organisation rows `keep_orgs` remembered.
pub fn restore_orgs(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info('organizations') WHERE name <> 'id'")?;
    let columns: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let list = columns.join(", ");
    conn.execute(
        &format!(
            "UPDATE organizations SET ({list}) = (SELECT {list} FROM kept_orgs k WHERE k.id = organizations.id)
             WHERE id IN (SELECT id FROM kept_orgs)"
        ),
        [],
    )?;
    conn.execute("DELETE FROM kept_orgs", [])?;
    Ok(())
}
