//! The roll query: the members of an organisation (or its subtree, a 党小组, the whole ledger) on the
//! roll on a day or at some time in a span, with the facts every screen needs to judge them (exempt
//! from attendance, 停止党籍, left). The SQL twin of `model::roll::on_roll`; nothing else in the
//! crate writes the roll predicate.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use crate::error::Result;
use crate::model::{Category, MemberStatus, Role, Standing};

/// Which members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollScope {
    /// Every organisation of the ledger.
    All,
    /// The organisation only.
    Own(i64),
    /// The organisation and every organisation under it.
    Subtree(i64),
    /// One 党小组.
    Group(i64),
    /// The committee of the organisation (positions held at some time in the span).
    Committee(i64),
}

/// In which order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollOrder {
    /// By member id (the order members were entered).
    Entered,
    /// Roster order: organisation, 党小组, joining date.
    Roster,
}

/// One member on the roll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollMember {
    pub id: i64,
    pub key: String,
    pub org_id: i64,
    pub org_name: String,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub name: String,
    pub gender: String,
    pub status: MemberStatus,
    pub category: Category,
    pub joined_on: NaiveDate,
    pub full_member_on: Option<NaiveDate>,
    pub left_on: Option<NaiveDate>,
    /// 免于参加组织生活 (年老体弱等).
    pub attendance_exempt: bool,
    /// 停止党籍 members are on the roll but not expected at sittings.
    pub standing: Standing,
}

impl RollMember {
    /// On the roll on `day` (see `model::roll::on_roll`).
    pub fn on_roll(&self, day: NaiveDate) -> bool {
        crate::model::roll::on_roll(self.joined_on, self.left_on, day)
    }
}

/// The roll predicate over `members m` with the span's first day as `?2` and last day as `?3`.
const ON_ROLL_BETWEEN: &str = "m.joined_on <= ?3 AND (m.left_on IS NULL OR m.left_on > ?2)";

/// The organisations in scope as a CTE `t(id)` over `?1`, and the member filter.
fn scope_sql(scope: RollScope) -> (&'static str, &'static str) {
    const SUBTREE: &str =
        "WITH RECURSIVE t(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM organizations o JOIN t ON o.parent_id = t.id)";
    const NONE: &str = "WITH t(id) AS (SELECT ?1)";
    match scope {
        RollScope::All => (NONE, "1 = 1"),
        RollScope::Own(_) => (NONE, "m.org_id = ?1"),
        RollScope::Subtree(_) => (SUBTREE, "m.org_id IN (SELECT id FROM t)"),
        RollScope::Group(_) => (NONE, "m.group_id = ?1"),
        RollScope::Committee(_) => (
            NONE,
            "m.id IN (SELECT p.member_id FROM org_positions p WHERE p.org_id = ?1
                 AND (p.from_date IS NULL OR p.from_date <= ?3) AND (p.to_date IS NULL OR p.to_date > ?2))",
        ),
    }
}

fn scope_id(scope: RollScope) -> i64 {
    match scope {
        RollScope::All => 0,
        RollScope::Own(id) | RollScope::Subtree(id) | RollScope::Group(id) | RollScope::Committee(id) => id,
    }
}

/// Members on the roll at some time between `from` and `to` (inclusive).
pub fn members_between(
    conn: &Connection,
    scope: RollScope,
    from: NaiveDate,
    to: NaiveDate,
    order: RollOrder,
) -> Result<Vec<RollMember>> {
    let (cte, filter) = scope_sql(scope);
    let order = match order {
        RollOrder::Entered => "m.id",
        RollOrder::Roster => "o.id, coalesce(g.id, 0), m.joined_on, m.id",
    };
    let mut stmt = conn.prepare_cached(&format!(
        "{cte}
         SELECT m.id, m.key, m.org_id, o.name, m.group_id, g.name, m.name, m.gender, m.status, m.category,
                m.joined_on, m.full_member_on, m.left_on, m.attendance_exempt, m.standing
         FROM members m JOIN organizations o ON o.id = m.org_id LEFT JOIN party_groups g ON g.id = m.group_id
         WHERE {filter} AND {ON_ROLL_BETWEEN}
         ORDER BY {order}"
    ))?;
    let rows = stmt.query_map(params![scope_id(scope), from, to], |r| {
        Ok(RollMember {
            id: r.get(0)?,
            key: r.get(1)?,
            org_id: r.get(2)?,
            org_name: r.get(3)?,
            group_id: r.get(4)?,
            group_name: r.get(5)?,
            name: r.get(6)?,
            gender: r.get(7)?,
            status: r.get(8)?,
            category: r.get(9)?,
            joined_on: r.get(10)?,
            full_member_on: r.get(11)?,
            left_on: r.get(12)?,
            attendance_exempt: r.get(13)?,
            standing: r.get(14)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Members on the roll on `day`.
pub fn members_on(conn: &Connection, scope: RollScope, day: NaiveDate, order: RollOrder) -> Result<Vec<RollMember>> {
    members_between(conn, scope, day, day, order)
}

/// How many members are on the roll on `day`.
pub fn count_on(conn: &Connection, scope: RollScope, day: NaiveDate) -> Result<u32> {
    Ok(members_on(conn, scope, day, RollOrder::Entered)?.len() as u32)
}

/// Everyone who held a committee position in any organisation of the ledger (支部委员会, 总支, 党委)
/// at some time between `from` and `to` — the 基层党组织班子成员 of the 56-学时 rule.
pub fn position_holders_between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<HashSet<i64>> {
    Ok(roles_held_between(conn, from, to)?.into_keys().collect())
}

/// The committee roles each member held in any organisation of the ledger at some time between
/// `from` and `to` (a position is no longer held on the day it ends, as `model::roll::in_office`).
pub fn roles_held_between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<HashMap<i64, Vec<Role>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT member_id, role FROM org_positions
         WHERE (from_date IS NULL OR from_date <= ?2) AND (to_date IS NULL OR to_date > ?1) ORDER BY id",
    )?;
    let mut out: HashMap<i64, Vec<Role>> = HashMap::new();
    for row in stmt.query_map(params![from, to], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Role>(1)?)))? {
        let (member, role) = row?;
        let roles = out.entry(member).or_default();
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    Ok(out)
}

/// 有表决权的正式党员 of the organisation on `date`: on the roll, 正式 by then, not 停止党籍 on that day
/// (预备党员 have no vote). The 应到 of a 支部大会 vote (`model::vote`).
pub fn voters_on(conn: &Connection, org_id: i64, date: NaiveDate) -> Result<u32> {
    Ok(voter_ids_on(conn, org_id, date)?.len() as u32)
}

/// The members counted by `voters_on`, by id: the one definition of who has a vote at a sitting.
pub fn voter_ids_on(conn: &Connection, org_id: i64, date: NaiveDate) -> Result<HashSet<i64>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT m.id FROM members m WHERE m.org_id = ?1 AND {ON_ROLL_BETWEEN}
           AND ((m.full_member_on IS NOT NULL AND m.full_member_on <= ?3) OR (m.status = 'full' AND m.full_member_on IS NULL))
           AND coalesce((SELECT e.event FROM member_events e WHERE e.member_id = m.id AND e.on_date <= ?3
                 AND e.event IN ('suspended','restored') ORDER BY e.on_date DESC, e.id DESC LIMIT 1), 'restored') = 'restored'"
    ))?;
    let rows = stmt.query_map(params![org_id, date, date], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
