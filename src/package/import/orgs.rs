//! Importing organisations with their committee positions, and their 党小组.

use std::collections::HashMap;

use rusqlite::params;

use super::{opt_day, Counted, Outcome, Writer};
use crate::error::Result;
use crate::package::format::{OrgRecord, Package};
use crate::package::keys::Kind;

#[derive(Debug, PartialEq)]
struct OrgRow {
    parent_id: Option<i64>,
    name: String,
    short_name: Option<String>,
    kind: String,
    sector: String,
    founded_on: Option<String>,
    term_elected_on: Option<String>,
    term_years: Option<i64>,
    profile: Option<String>,
}

/// (member, role, from, to)
type PositionRow = (i64, String, Option<String>, Option<String>);

#[derive(Debug, PartialEq)]
struct GroupRow {
    org_id: i64,
    name: String,
    leader_id: Option<i64>,
}

/// What organisations and groups say about members: written by `write_links` once the members exist,
/// so that no foreign key is pending while members are inserted (with one pending, SQLite scans the
/// child tables of every inserted member, which is slow on a large ledger).
#[derive(Default)]
pub(super) struct MemberLinks {
    /// Organisation → its positions in package order (the old ones are already deleted).
    positions: Vec<(i64, Vec<PositionRow>)>,
    /// Group → leader.
    leaders: Vec<(i64, Option<i64>)>,
}

/// Organisations and their groups, without the references to members (see `MemberLinks`).
pub(super) fn write(w: &mut Writer, pkg: &Package) -> Result<MemberLinks> {
    let mut links = MemberLinks::default();
    let stored = stored_orgs(w)?;
    let mut stored_positions = stored_positions(w)?;
    let slots = w.slots(Kind::Organization);
    for (org, slot) in pkg.organizations.iter().zip(slots) {
        let row = OrgRow {
            parent_id: w.opt_id(Kind::Organization, org.parent.as_ref())?,
            name: org.name.trim().to_string(),
            short_name: org.short_name.clone(),
            kind: org.kind.code().to_string(),
            sector: org.sector.code().to_string(),
            founded_on: opt_day(org.founded_on),
            term_elected_on: opt_day(org.term.as_ref().map(|t| t.elected_on)),
            term_years: org.term.as_ref().map(|t| i64::from(t.years)),
            profile: org.profile.clone(),
        };
        let (outcome, replace_positions) = if let Some(key) = &slot.new_key {
            insert_org(w, slot.id, key, &row)?;
            w.remember(Kind::Organization, &org.key, slot.id)?;
            (Outcome::Created, true)
        } else {
            let row_changed = stored.get(&slot.id) != Some(&row);
            if row_changed {
                update_org(w, slot.id, &row)?;
            }
            let mut before = stored_positions.remove(&slot.id).unwrap_or_default();
            before.sort();
            let mut positions = positions_of(w, org)?;
            positions.sort();
            let positions_changed = before != positions;
            if positions_changed {
                w.conn.prepare_cached("DELETE FROM org_positions WHERE org_id = ?1")?.execute([slot.id])?;
                if !row_changed {
                    touch(w, slot.id)?;
                }
            }
            (Outcome::of_change(row_changed || positions_changed), positions_changed)
        };
        if replace_positions {
            // Package order, not sorted order: an export lists them as they were given.
            links.positions.push((slot.id, positions_of(w, org)?));
        }
        w.report.count(Counted::Organization, outcome);
    }
    write_groups(w, pkg, &mut links)?;
    Ok(links)
}

/// Positions and group leaders, after the members.
pub(super) fn write_links(w: &Writer, links: MemberLinks) -> Result<()> {
    for (org, positions) in links.positions {
        for (member, role, from, to) in positions {
            w.conn
                .prepare_cached(
                    "INSERT INTO org_positions(org_id, member_id, role, from_date, to_date) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![org, member, role, from, to])?;
        }
    }
    for (group, leader) in links.leaders {
        w.conn
            .prepare_cached("UPDATE party_groups SET leader_member_id = ?2 WHERE id = ?1")?
            .execute(params![group, leader])?;
    }
    Ok(())
}

fn positions_of(w: &Writer, org: &OrgRecord) -> Result<Vec<PositionRow>> {
    org.positions
        .iter()
        .map(|p| Ok((w.id(Kind::Member, &p.member)?, p.role.code().to_string(), opt_day(p.from), opt_day(p.to))))
        .collect()
}

fn insert_org(w: &Writer, id: i64, key: &str, r: &OrgRow) -> Result<()> {
    w.conn
        .prepare_cached(
            "INSERT INTO organizations(id, key, parent_id, name, short_name, kind, sector, founded_on, term_elected_on,
                term_years, profile, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        )?
        .execute(params![
            id,
            key,
            r.parent_id,
            r.name,
            r.short_name,
            r.kind,
            r.sector,
            r.founded_on,
            r.term_elected_on,
            r.term_years,
            r.profile,
            w.now
        ])?;
    Ok(())
}

fn update_org(w: &Writer, id: i64, r: &OrgRow) -> Result<()> {
    w.conn
        .prepare_cached(
            "UPDATE organizations SET parent_id = ?2, name = ?3, short_name = ?4, kind = ?5, sector = ?6, founded_on = ?7,
                term_elected_on = ?8, term_years = ?9, profile = ?10, updated_at = ?11 WHERE id = ?1",
        )?
        .execute(params![
            id,
            r.parent_id,
            r.name,
            r.short_name,
            r.kind,
            r.sector,
            r.founded_on,
            r.term_elected_on,
            r.term_years,
            r.profile,
            w.now
        ])?;
    Ok(())
}

fn touch(w: &Writer, id: i64) -> Result<()> {
    w.conn.prepare_cached("UPDATE organizations SET updated_at = ?2 WHERE id = ?1")?.execute(params![id, w.now])?;
    Ok(())
}

fn stored_orgs(w: &Writer) -> Result<HashMap<i64, OrgRow>> {
    let mut stmt = w.conn.prepare(
        "SELECT id, parent_id, name, short_name, kind, sector, founded_on, term_elected_on, term_years, profile
         FROM organizations",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            OrgRow {
                parent_id: r.get(1)?,
                name: r.get(2)?,
                short_name: r.get(3)?,
                kind: r.get(4)?,
                sector: r.get(5)?,
                founded_on: r.get(6)?,
                term_elected_on: r.get(7)?,
                term_years: r.get(8)?,
                profile: r.get(9)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn stored_positions(w: &Writer) -> Result<HashMap<i64, Vec<PositionRow>>> {
    let mut out: HashMap<i64, Vec<PositionRow>> = HashMap::new();
    let mut stmt = w.conn.prepare("SELECT org_id, member_id, role, from_date, to_date FROM org_positions")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push((r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
    }
    Ok(out)
}

fn write_groups(w: &mut Writer, pkg: &Package, links: &mut MemberLinks) -> Result<()> {
    let stored: HashMap<i64, GroupRow> = {
        let mut stmt = w.conn.prepare("SELECT id, org_id, name, leader_member_id FROM party_groups")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, GroupRow { org_id: r.get(1)?, name: r.get(2)?, leader_id: r.get(3)? }))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let groups = pkg.organizations.iter().flat_map(|o| o.groups.iter().map(move |g| (o, g)));
    let slots = w.slots(Kind::Group);
    for ((org, g), slot) in groups.zip(slots) {
        let row = GroupRow {
            org_id: w.id(Kind::Organization, &org.key)?,
            name: g.name.trim().to_string(),
            leader_id: w.opt_id(Kind::Member, g.leader.as_ref())?,
        };
        let outcome = if let Some(key) = &slot.new_key {
            w.conn
                .prepare_cached("INSERT INTO party_groups(id, key, org_id, name) VALUES (?1, ?2, ?3, ?4)")?
                .execute(params![slot.id, key, row.org_id, row.name])?;
            w.remember(Kind::Group, &g.key, slot.id)?;
            if row.leader_id.is_some() {
                links.leaders.push((slot.id, row.leader_id));
            }
            Outcome::Created
        } else if stored.get(&slot.id) != Some(&row) {
            w.conn
                .prepare_cached("UPDATE party_groups SET org_id = ?2, name = ?3 WHERE id = ?1")?
                .execute(params![slot.id, row.org_id, row.name])?;
            links.leaders.push((slot.id, row.leader_id));
            Outcome::Updated
        } else {
            Outcome::Unchanged
        };
        w.report.count(Counted::Group, outcome);
    }
    Ok(())
}
