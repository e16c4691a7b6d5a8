//! `transfer_resolutions` (migration 10) and the query behind an open 组织关系转接: member records
//! still held (the roster's 在册, `left_on IS NULL`) that share an ID number across organisations.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use crate::error::Result;

/// A member record held in an organisation while another organisation holds a record with the same
/// ID number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub id_number: String,
    pub member_id: i64,
    pub key: String,
    pub name: String,
    pub org_id: i64,
    pub joined_on: NaiveDate,
    /// The latest 转入 of the record's status history.
    pub transfer_in: Option<NaiveDate>,
}

/// Every held record whose ID number another organisation's held record carries too, grouped by ID
/// number (ordered by ID number, organisation, record).
pub fn shared_id_holders(conn: &Connection) -> Result<Vec<Holder>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id_number, m.id, m.key, m.name, m.org_id, m.joined_on,
                (SELECT max(e.on_date) FROM member_events e WHERE e.member_id = m.id AND e.event = 'transfer_in')
         FROM members m
         WHERE m.left_on IS NULL AND m.id_number IN (
             SELECT id_number FROM members
             WHERE left_on IS NULL AND id_number IS NOT NULL AND trim(id_number) <> ''
             GROUP BY id_number HAVING count(DISTINCT org_id) > 1)
         ORDER BY m.id_number, m.org_id, m.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Holder {
                id_number: r.get(0)?,
                member_id: r.get(1)?,
                key: r.get(2)?,
                name: r.get(3)?,
                org_id: r.get(4)?,
                joined_on: r.get(5)?,
                transfer_in: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Remembers that record `left` left for the organisation of record `kept` on `on` (a record settled
/// again replaces its earlier settlement).
pub fn record(conn: &Connection, kept: i64, left: i64, on: NaiveDate, to_org: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO transfer_resolutions(kept_member_id, left_member_id, on_date, to_org, resolved_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(left_member_id) DO UPDATE SET kept_member_id = excluded.kept_member_id,
             on_date = excluded.on_date, to_org = excluded.to_org, resolved_at = excluded.resolved_at",
        params![kept, left, on, to_org, super::now_stamp()],
    )?;
    Ok(())
}

/// The settled leavings that still stand (the record still left as settled, not put back on the roll
/// since): left record → (day, organisation it went to).
pub fn standing(conn: &Connection) -> Result<HashMap<i64, (NaiveDate, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.left_member_id, r.on_date, r.to_org FROM transfer_resolutions r
         JOIN members m ON m.id = r.left_member_id
         WHERE m.left_on = r.on_date AND m.left_reason = 'transfer_out'",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
