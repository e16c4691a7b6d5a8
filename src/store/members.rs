//! Members: insert, update, read, filter, and the status history (leaving never deletes).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Category, Leaving, Member, MemberEventKind, MemberFields, MemberStatus};

const MEMBER_COLUMNS: &str =
    "m.org_id, m.group_id, m.name, m.gender, m.ethnicity, m.id_number, m.birth_date, m.education,
    m.status, m.joined_on, m.full_member_on, m.category, m.post, m.phone, m.landline, m.address, m.standing,
    m.lost_contact_since, m.outflow_to, m.attendance_exempt, m.native_place, m.work_started_on, m.degree,
    m.unit_title, m.remark, m.id, m.key, o.name, g.name, m.left_on, m.left_reason, m.left_to, h.reason";

const MEMBER_FROM: &str =
    "FROM members m JOIN organizations o ON o.id = m.org_id LEFT JOIN party_groups g ON g.id = m.group_id
     LEFT JOIN member_hardship h ON h.member_id = m.id";

fn member_from_row(r: &Row) -> rusqlite::Result<Member> {
    let fields = MemberFields {
        org_id: r.get(0)?,
        group_id: r.get(1)?,
        name: r.get(2)?,
        gender: r.get(3)?,
        ethnicity: r.get(4)?,
        id_number: r.get(5)?,
        birth_date: r.get(6)?,
        education: r.get(7)?,
        status: r.get(8)?,
        joined_on: r.get(9)?,
        full_member_on: r.get(10)?,
        category: r.get(11)?,
        post: r.get(12)?,
        phone: r.get(13)?,
        landline: r.get(14)?,
        address: r.get(15)?,
        standing: r.get(16)?,
        lost_contact_since: r.get(17)?,
        outflow_to: r.get(18)?,
        attendance_exempt: r.get(19)?,
        native_place: r.get(20)?,
        work_started_on: r.get(21)?,
        degree: r.get(22)?,
        unit_title: r.get(23)?,
        remark: r.get(24)?,
    };
    let left_on: Option<NaiveDate> = r.get(29)?;
    Ok(Member {
        id: r.get(25)?,
        key: r.get(26)?,
        org_name: r.get(27)?,
        group_name: r.get(28)?,
        fields,
        left: match left_on {
            Some(on) => Some(Leaving { on, reason: r.get(30)?, to: r.get(31)? }),
            None => None,
        },
        hardship: r.get(32)?,
    })
}

/// Which members a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// 在册: has not left.
    #[default]
    Current,
    /// 已离开 (转出、去世 …).
    Left,
    All,
}

/// Filter for the roster list. Empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MemberFilter {
    /// The organisation and everything under it.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub org_id: Option<i64>,
    /// Matches name, ID number, phone, post or unit (contains).
    pub text: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub group_id: Option<i64>,
    pub category: Option<Category>,
    pub status: Option<MemberStatus>,
    pub presence: Presence,
}

pub fn list(conn: &Connection, filter: &MemberFilter) -> Result<Vec<Member>> {
    let mut sql = format!("SELECT {MEMBER_COLUMNS} {MEMBER_FROM} WHERE 1=1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(org) = filter.org_id {
        args.push(org.into());
        sql.push_str(&format!(
            " AND m.org_id IN (WITH RECURSIVE t(id) AS (SELECT ?{n} UNION ALL SELECT x.id FROM organizations x JOIN t ON x.parent_id = t.id) SELECT id FROM t)",
            n = args.len()
        ));
    }
    if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        args.push(format!("%{}%", text.replace(['%', '_'], "")).into());
        let n = args.len();
        sql.push_str(&format!(
            " AND (m.name LIKE ?{n} OR m.id_number LIKE ?{n} OR m.phone LIKE ?{n} OR m.post LIKE ?{n} OR m.unit_title LIKE ?{n})"
        ));
    }
    if let Some(g) = filter.group_id {
        args.push(g.into());
        sql.push_str(&format!(" AND m.group_id = ?{}", args.len()));
    }
    if let Some(c) = filter.category {
        args.push(c.code().to_string().into());
        sql.push_str(&format!(" AND m.category = ?{}", args.len()));
    }
    if let Some(s) = filter.status {
        args.push(s.code().to_string().into());
        sql.push_str(&format!(" AND m.status = ?{}", args.len()));
    }
    match filter.presence {
        Presence::Current => sql.push_str(" AND m.left_on IS NULL"),
        Presence::Left => sql.push_str(" AND m.left_on IS NOT NULL"),
        Presence::All => {}
    }
    sql.push_str(" ORDER BY o.id, coalesce(g.id, 0), m.joined_on, m.id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), member_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Member> {
    conn.query_row(&format!("SELECT {MEMBER_COLUMNS} {MEMBER_FROM} WHERE m.id = ?1"), [id], member_from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "党员", key: id.to_string() })
}

pub fn id_by_key(conn: &Connection, key: &str) -> Result<Option<i64>> {
    Ok(conn.query_row("SELECT id FROM members WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

/// Checks the fields against the ledger: the organisation and group exist, and no other member on
/// the roster has the same ID number.
fn check_against_ledger(conn: &Connection, f: &MemberFields, own_id: Option<i64>) -> Result<Vec<crate::Problem>> {
    let mut problems = Vec::new();
    let org_exists: bool =
        conn.query_row("SELECT EXISTS(SELECT 1 FROM organizations WHERE id = ?1)", [f.org_id], |r| r.get(0))?;
    if !org_exists {
        problems.push(crate::Problem::new("org_id", "所在党支部：不存在"));
    }
    if let Some(g) = f.group_id {
        let ok: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM party_groups WHERE id = ?1 AND org_id = ?2)",
            params![g, f.org_id],
            |r| r.get(0),
        )?;
        if !ok {
            problems.push(crate::Problem::new("group_id", "党小组：不属于所选党支部"));
        }
    }
    if let Some(idn) = &f.id_number {
        let other: Option<String> = conn
            .query_row(
                "SELECT name FROM members WHERE id_number = ?1 AND id IS NOT ?2 AND left_on IS NULL",
                params![idn, own_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(name) = other {
            problems.push(crate::Problem::new("id_number", format!("公民身份证号：与在册党员“{name}”重复")));
        }
    }
    Ok(problems)
}

/// Validates and inserts a member; records the 入党 event. `key` None means "make one".
pub fn insert(conn: &Connection, fields: MemberFields, key: Option<&str>, today: NaiveDate) -> Result<i64> {
    let f = fields.normalized();
    let mut problems = f.check(today);
    problems.extend(check_against_ledger(conn, &f, None)?);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let id = insert_unchecked(conn, &f, key.unwrap_or("pending"))?;
    if key.is_none() {
        super::keys::assign_key(conn, "members", "m", id)?;
    }
    add_event(conn, id, f.joined_on, MemberEventKind::Joined, None, None)?;
    if let Some(full) = f.full_member_on {
        add_event(conn, id, full, MemberEventKind::BecameFull, None, None)?;
    }
    super::audit::record(conn, "新增", "member", Some(id), &format!("新增党员 {}", f.name), None)?;
    Ok(id)
}

/// Inserts already-checked fields (bulk import paths call this after validating every row).
pub fn insert_unchecked(conn: &Connection, f: &MemberFields, key: &str) -> Result<i64> {
    let now = super::now_stamp();
    conn.prepare_cached(
        "INSERT INTO members(key, org_id, group_id, name, gender, ethnicity, id_number, birth_date, education, status,
            joined_on, full_member_on, category, post, phone, landline, address, standing, lost_contact_since, outflow_to,
            attendance_exempt, native_place, work_started_on, degree, unit_title, remark, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?27)",
    )?
    .execute(params![
        key,
        f.org_id,
        f.group_id,
        f.name,
        f.gender,
        f.ethnicity,
        f.id_number,
        f.birth_date,
        f.education,
        f.status,
        f.joined_on,
        f.full_member_on,
        f.category,
        f.post,
        f.phone,
        f.landline,
        f.address,
        f.standing,
        f.lost_contact_since,
        f.outflow_to,
        f.attendance_exempt,
        f.native_place,
        f.work_started_on,
        f.degree,
        f.unit_title,
        f.remark,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Validates and saves changed fields; records 转正 when the status became full. Unchanged input
/// changes nothing (no audit entry, no new timestamp).
pub fn update(conn: &Connection, id: i64, fields: MemberFields, today: NaiveDate) -> Result<bool> {
    let before = get(conn, id)?;
    let f = fields.normalized();
    if f == before.fields {
        return Ok(false);
    }
    let mut problems = f.check(today);
    problems.extend(check_against_ledger(conn, &f, Some(id))?);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    write_fields(conn, id, &f)?;
    if before.fields.status == MemberStatus::Probationary && f.status == MemberStatus::Full {
        if let Some(full) = f.full_member_on {
            add_event(conn, id, full, MemberEventKind::BecameFull, None, None)?;
        }
    }
    let changed = changed_field_labels(&before.fields, &f);
    super::audit::record(
        conn,
        "修改",
        "member",
        Some(id),
        &format!("修改党员 {}：{}", f.name, changed.join("、")),
        serde_json::to_string(&before.fields).ok().as_deref(),
    )?;
    Ok(true)
}

/// Overwrites a member's fields without checks (bulk import after validation).
pub fn write_fields(conn: &Connection, id: i64, f: &MemberFields) -> Result<()> {
    conn.prepare_cached(
        "UPDATE members SET org_id=?2, group_id=?3, name=?4, gender=?5, ethnicity=?6, id_number=?7, birth_date=?8,
            education=?9, status=?10, joined_on=?11, full_member_on=?12, category=?13, post=?14, phone=?15, landline=?16,
            address=?17, standing=?18, lost_contact_since=?19, outflow_to=?20, attendance_exempt=?21, native_place=?22,
            work_started_on=?23, degree=?24, unit_title=?25, remark=?26, updated_at=?27 WHERE id=?1",
    )?
    .execute(params![
        id,
        f.org_id,
        f.group_id,
        f.name,
        f.gender,
        f.ethnicity,
        f.id_number,
        f.birth_date,
        f.education,
        f.status,
        f.joined_on,
        f.full_member_on,
        f.category,
        f.post,
        f.phone,
        f.landline,
        f.address,
        f.standing,
        f.lost_contact_since,
        f.outflow_to,
        f.attendance_exempt,
        f.native_place,
        f.work_started_on,
        f.degree,
        f.unit_title,
        f.remark,
        super::now_stamp()
    ])?;
    Ok(())
}

fn changed_field_labels(a: &MemberFields, b: &MemberFields) -> Vec<&'static str> {
    let (ja, jb) = (serde_json::to_value(a).unwrap_or_default(), serde_json::to_value(b).unwrap_or_default());
    let mut out = Vec::new();
    if let (Some(oa), Some(ob)) = (ja.as_object(), jb.as_object()) {
        for (k, va) in oa {
            if ob.get(k) != Some(va) {
                out.push(crate::model::member::field_label(k));
            }
        }
    }
    out
}

/// Records that a member left (转出, 去世, …). The record stays, with its history.
pub fn record_leaving(conn: &Connection, id: i64, leaving: Leaving, today: NaiveDate) -> Result<()> {
    let m = get(conn, id)?;
    if let Some(l) = &m.left {
        return Err(Error::Conflict(format!(
            "{} 已于 {} 离开（{}），不能重复登记",
            m.fields.name,
            l.on.format("%Y-%m-%d"),
            l.reason.label()
        )));
    }
    let problems = leaving.check(m.fields.joined_on, today);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let to = leaving.to.as_deref().map(str::trim).filter(|t| !t.is_empty());
    conn.execute(
        "UPDATE members SET left_on = ?2, left_reason = ?3, left_to = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, leaving.on, leaving.reason, to, super::now_stamp()],
    )?;
    add_event(conn, id, leaving.on, leaving.reason.event(), to, None)?;
    super::audit::record(
        conn,
        "离开",
        "member",
        Some(id),
        &format!("{} {}（{}）", m.fields.name, leaving.reason.label(), leaving.on.format("%Y-%m-%d")),
        None,
    )?;
    Ok(())
}

/// Undoes a leaving entered by mistake (or a member who came back); the history keeps both events.
pub fn cancel_leaving(conn: &Connection, id: i64, on: NaiveDate) -> Result<()> {
    let m = get(conn, id)?;
    if m.left.is_none() {
        return Err(Error::Conflict(format!("{} 目前在册，无需恢复", m.fields.name)));
    }
    conn.execute(
        "UPDATE members SET left_on = NULL, left_reason = NULL, left_to = NULL, updated_at = ?2 WHERE id = ?1",
        params![id, super::now_stamp()],
    )?;
    add_event(conn, id, on, MemberEventKind::Returned, None, None)?;
    super::audit::record(conn, "恢复在册", "member", Some(id), &format!("{} 恢复在册", m.fields.name), None)?;
    Ok(())
}

pub fn add_event(
    conn: &Connection,
    member_id: i64,
    on: NaiveDate,
    event: MemberEventKind,
    detail: Option<&str>,
    letter_no: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO member_events(member_id, on_date, event, detail, letter_no, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![member_id, on, event, detail, letter_no, super::now_stamp()])?;
    Ok(())
}

/// One entry of a member's status history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MemberEvent {
    pub on: NaiveDate,
    pub event: MemberEventKind,
    pub detail: Option<String>,
}

pub fn events(conn: &Connection, member_id: i64) -> Result<Vec<MemberEvent>> {
    let mut stmt =
        conn.prepare("SELECT on_date, event, detail FROM member_events WHERE member_id = ?1 ORDER BY on_date, id")?;
    let rows =
        stmt.query_map([member_id], |r| Ok(MemberEvent { on: r.get(0)?, event: r.get(1)?, detail: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
