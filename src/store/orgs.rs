//! Organisations, their 党小组 and committee positions.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, Problem, Result};
use crate::model::{OrgFields, Organization, PartyGroup, Position, PositionFields, Role, Term};

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

/// Every organisation's short name (`OrgFields::short`: the 简称, else the full name), by id: what a
/// column naming each row's 支部 prints.
pub fn short_names(conn: &Connection) -> Result<std::collections::HashMap<i64, String>> {
    Ok(short_name_rows(conn)?.into_iter().map(|(id, _, short)| (id, short)).collect())
}

/// `short_names` by organisation key (the dues report names a member's branch by its key).
pub fn short_names_by_key(conn: &Connection) -> Result<std::collections::HashMap<String, String>> {
    Ok(short_name_rows(conn)?.into_iter().map(|(_, key, short)| (key, short)).collect())
}

fn short_name_rows(conn: &Connection) -> Result<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare("SELECT id, key, name, short_name FROM organizations")?;
    let rows = stmt.query_map([], |r| {
        let name: String = r.get(2)?;
        let short: Option<String> = r.get(3)?;
        let short = short.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        Ok((r.get(0)?, r.get(1)?, short.unwrap_or(name)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
        "SELECT p.id, p.member_id, m.name, p.role, p.from_date, p.to_date FROM org_positions p JOIN members m ON m.id = p.member_id
         WHERE p.org_id = ?1 ORDER BY p.id",
    )?;
    let rows = stmt.query_map([org_id], |r| {
        Ok(Position {
            id: r.get(0)?,
            member_id: r.get(1)?,
            member_name: r.get(2)?,
            role: r.get(3)?,
            from: r.get(4)?,
            to: r.get(5)?,
        })
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

/// Changes an organisation's particulars. Refuses a parent that is the organisation itself or one
/// under it, and what `OrgFields::check` refuses.
pub fn update(conn: &Connection, id: i64, fields: &OrgFields) -> Result<()> {
    let mut problems = fields.check();
    if let Some(parent) = fields.parent_id {
        if subtree_ids(conn, id)?.contains(&parent) {
            problems.push(Problem::new("parent_id", "上级组织：不能是本组织或它的下级组织"));
        } else {
            name_of(conn, parent)?;
        }
    }
    if let (Some(founded), Some(term)) = (fields.founded_on, &fields.term) {
        if term.elected_on < founded {
            problems.push(Problem::new("term.elected_on", "本届选举日期：早于成立日期"));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let changed = conn.execute(
        "UPDATE organizations SET name = ?2, short_name = ?3, kind = ?4, sector = ?5, parent_id = ?6, founded_on = ?7,
           term_elected_on = ?8, term_years = ?9, profile = ?10, updated_at = ?11 WHERE id = ?1",
        params![
            id,
            fields.name.trim(),
            fields.short_name.as_deref().map(str::trim).filter(|s| !s.is_empty()),
            fields.kind,
            fields.sector,
            fields.parent_id,
            fields.founded_on,
            fields.term.as_ref().map(|t| t.elected_on),
            fields.term.as_ref().map(|t| t.years),
            fields.profile,
            super::now_stamp()
        ],
    )?;
    if changed == 0 {
        return Err(Error::NotFound { what: "组织", key: id.to_string() });
    }
    Ok(())
}

/// Records a committee position. The member must be on the organisation's roll (or of one under it,
/// for a 党委/总支 committee); a position ends after it starts; one person holds a post once at a
/// time; a committee has one 书记 at a time.
pub fn add_position(conn: &Connection, org_id: i64, p: &PositionFields) -> Result<i64> {
    name_of(conn, org_id)?;
    let member_org: Option<i64> =
        conn.query_row("SELECT org_id FROM members WHERE id = ?1", [p.member_id], |r| r.get(0)).optional()?;
    let Some(member_org) = member_org else {
        return Err(Error::NotFound { what: "党员", key: p.member_id.to_string() });
    };
    let mut problems = Vec::new();
    if !subtree_ids(conn, org_id)?.contains(&member_org) {
        problems.push(Problem::new("member_id", "姓名：不是本组织（或其下级组织）的党员"));
    }
    if let Some(to) = p.to {
        if to <= p.from {
            problems.push(Problem::new("to", "卸任日期：应晚于任职起"));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    for other in positions(conn, org_id)? {
        // Positions run from their first day up to the day they end (`model::roll::in_office`): the
        // old 书记 ending on the day of the election and the new one starting on it do not overlap.
        let overlaps = other.from.is_none_or(|f| p.to.is_none_or(|t| f < t)) && other.to.is_none_or(|t| p.from < t);
        if other.member_id == p.member_id && other.role == p.role && overlaps {
            return Err(Error::Conflict(format!("{}已登记为{}，任职期间重叠", other.member_name, other.role.label())));
        }
        if p.role == Role::Secretary && other.role == Role::Secretary && overlaps {
            return Err(Error::Conflict(format!(
                "同一时间只能有一名书记：{}自{}任书记{}；请先登记其卸任日期",
                other.member_name,
                other.from.map(|d| d.to_string()).unwrap_or_else(|| "（未填日期）".to_string()),
                other.to.map(|d| format!("至{d}")).unwrap_or_default()
            )));
        }
    }
    conn.execute(
        "INSERT INTO org_positions(org_id, member_id, role, from_date, to_date) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![org_id, p.member_id, p.role, p.from, p.to],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A position as stored: (org_id, member's name, role label, from).
fn position_row(conn: &Connection, position_id: i64) -> Result<(i64, String, Role, Option<NaiveDate>)> {
    conn.query_row(
        "SELECT p.org_id, m.name, p.role, p.from_date FROM org_positions p JOIN members m ON m.id = p.member_id WHERE p.id = ?1",
        [position_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .optional()?
    .ok_or(Error::NotFound { what: "任职记录", key: position_id.to_string() })
}

/// Ends a position on `to` (免职, 届满, 调离): from that day on the post is no longer held, as
/// `model::roll::in_office` reads it. Returns the organisation and a summary for the change log.
pub fn end_position(conn: &Connection, position_id: i64, to: NaiveDate) -> Result<(i64, String)> {
    let (org_id, name, role, from) = position_row(conn, position_id)?;
    if from.is_some_and(|f| to <= f) {
        return Err(Error::invalid("to", "卸任日期：应晚于任职起"));
    }
    conn.execute("UPDATE org_positions SET to_date = ?2 WHERE id = ?1", params![position_id, to])?;
    Ok((org_id, format!("{name}于{to}卸任{}", role.label())))
}

/// Removes a position entered by mistake. Returns the organisation and a summary for the change log.
pub fn delete_position(conn: &Connection, position_id: i64) -> Result<(i64, String)> {
    let (org_id, name, role, _) = position_row(conn, position_id)?;
    conn.execute("DELETE FROM org_positions WHERE id = ?1", [position_id])?;
    Ok((org_id, format!("删除{name}的{}任职记录", role.label())))
}

/// The organisation's name as on the seal, for titles.
pub fn name_of(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row("SELECT name FROM organizations WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound { what: "组织", key: id.to_string() })
}

/// Whether any organisation sits under `id` (a 党委 or 总支 with its branches).
pub fn has_children(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS(SELECT 1 FROM organizations WHERE parent_id = ?1)", [id], |r| r.get(0))?)
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

/// Every organisation's key, by id.
pub fn keys(conn: &Connection) -> Result<std::collections::HashMap<i64, String>> {
    let mut stmt = conn.prepare("SELECT id, key FROM organizations")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
