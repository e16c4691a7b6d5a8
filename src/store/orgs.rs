//! Organisations, their 党小组 and committee positions.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::model::{OrgFields, Organization, PartyGroup, Position, Term};

/// Inserts an organisation; `key` None means "make one".
pub fn insert(conn: &Connection, fields: &OrgFields, key: Option<&str>) -> Result<i64> {
    let problems = fields.check();
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let now = super::now_stamp();
    conn.execute(
        "INSERT INTO organizations(key, parent_id, name, short_name, kind, sector, founded_on, term_elected_on, term_years, profile, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            key.unwrap_or("pending"),
            fields.parent_id,
            fields.name,
            fields.short_name,
            fields.kind,
            fields.sector,
            fields.founded_on,
            fields.term.as_ref().map(|t| t.elected_on),
            fields.term.as_ref().map(|t| t.years),
            fields.profile,
            now
        ],
    )?;
    let id = conn.last_insert_rowid();
    if key.is_none() {
        super::keys::assign_key(conn, "organizations", "o", id)?;
    }
    Ok(id)
}

fn fields_from_row(r: &Row) -> rusqlite::Result<OrgFields> {
    let elected_on = r.get(6)?;
    let years: Option<u32> = r.get(7)?;
    Ok(OrgFields {
        name: r.get(0)?,
        short_name: r.get(1)?,
        kind: r.get(2)?,
        sector: r.get(3)?,
        parent_id: r.get(4)?,
        founded_on: r.get(5)?,
        term: match (elected_on, years) {
            (Some(elected_on), Some(years)) => Some(Term { elected_on, years }),
            _ => None,
        },
        profile: r.get(8)?,
    })
}

const ORG_COLUMNS: &str =
    "name, short_name, kind, sector, parent_id, founded_on, term_elected_on, term_years, profile, id, key";

pub fn get(conn: &Connection, id: i64) -> Result<Organization> {
    let (fields, key) = conn
        .query_row(&format!("SELECT {ORG_COLUMNS} FROM organizations WHERE id = ?1"), [id], |r| {
            Ok((fields_from_row(r)?, r.get::<_, String>(10)?))
        })
        .optional()?
        .ok_or(Error::NotFound { what: "组织", key: id.to_string() })?;
    Ok(Organization { id, key, fields, groups: groups(conn, id)?, positions: positions(conn, id)? })
}

/// All organisations, parents before children (tree order by id within a level is enough for display).
pub fn list(conn: &Connection) -> Result<Vec<Organization>> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM organizations ORDER BY coalesce(parent_id, 0), id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| get(conn, id)).collect()
}

pub fn groups(conn: &Connection, org_id: i64) -> Result<Vec<PartyGroup>> {
    let mut stmt =
        conn.prepare("SELECT id, key, name, leader_member_id FROM party_groups WHERE org_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([org_id], |r| {
        Ok(PartyGroup { id: r.get(0)?, key: r.get(1)?, name: r.get(2)?, leader_id: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn positions(conn: &Connection, org_id: i64) -> Result<Vec<Position>> {
    let mut stmt = conn.prepare(
        "SELECT p.member_id, m.name, p.role, p.from_date, p.to_date FROM org_positions p JOIN members m ON m.id = p.member_id
         WHERE p.org_id = ?1 ORDER BY p.id",
    )?;
    let rows = stmt.query_map([org_id], |r| {
        Ok(Position { member_id: r.get(0)?, member_name: r.get(1)?, role: r.get(2)?, from: r.get(3)?, to: r.get(4)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn add_group(conn: &Connection, org_id: i64, name: &str) -> Result<i64> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "党小组名称：不能为空"));
    }
    let exists: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM party_groups WHERE org_id = ?1 AND name = ?2)",
        params![org_id, name],
        |r| r.get(0),
    )?;
    if exists {
        return Err(Error::Conflict(format!("党小组“{name}”已存在")));
    }
    conn.execute("INSERT INTO party_groups(key, org_id, name) VALUES ('pending', ?1, ?2)", params![org_id, name])?;
    let id = conn.last_insert_rowid();
    super::keys::assign_key(conn, "party_groups", "g", id)?;
    Ok(id)
}

/// The organisation's name as on the seal, for titles.
pub fn name_of(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row("SELECT name FROM organizations WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound { what: "组织", key: id.to_string() })
}

/// The ids of `root` and every organisation under it.
pub fn subtree_ids(conn: &Connection, root: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(
        "WITH RECURSIVE t(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM organizations o JOIN t ON o.parent_id = t.id)
         SELECT id FROM t ORDER BY id",
    )?;
    let ids = stmt.query_map([root], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

/// The first top-level organisation (the ledger's own, in a branch's ledger).
pub fn first_top(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM organizations WHERE parent_id IS NULL ORDER BY id LIMIT 1", [], |r| r.get(0))
        .optional()?)
}

/// Finds an organisation by its key.
pub fn id_by_key(conn: &Connection, key: &str) -> Result<i64> {
    conn.query_row("SELECT id FROM organizations WHERE key = ?1", [key], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound { what: "组织", key: key.to_string() })
}
