//! Importing members with their dues bases, and the status history of new or changed members.
//!
//! Only the columns the package carries are written: local fields (landline, 籍贯, 备注 …) that a
//! package omits survive a re-import (see `extensions.rs`, which writes them when given).

use std::collections::HashMap;

use rusqlite::params;

use super::{day, opt_day, Counted, Outcome, Writer};
use crate::error::Result;
use crate::model::MemberEventKind;
use crate::package::format::{MemberRecord, Package};
use crate::package::keys::Kind;
use crate::package::validate::member_fields;
use crate::store::members::add_event;

#[derive(Debug, Clone, PartialEq)]
struct MemberRow {
    org_id: i64,
    group_id: Option<i64>,
    name: String,
    gender: String,
    ethnicity: Option<String>,
    id_number: Option<String>,
    birth_date: String,
    education: Option<String>,
    status: String,
    joined_on: String,
    full_member_on: Option<String>,
    category: String,
    post: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    standing: String,
    lost_contact_since: Option<String>,
    outflow_to: Option<String>,
    attendance_exempt: bool,
    left_on: Option<String>,
    left_reason: Option<String>,
    left_to: Option<String>,
    dues_fixed_fen: Option<i64>,
}

const COLUMNS: &str = "org_id, group_id, name, gender, ethnicity, id_number, birth_date, education, status, joined_on,
    full_member_on, category, post, phone, address, standing, lost_contact_since, outflow_to, attendance_exempt,
    left_on, left_reason, left_to, dues_fixed_fen";

impl MemberRow {
    fn of(w: &Writer, m: &MemberRecord) -> Result<MemberRow> {
        let f = member_fields(m);
        let left_to = m.left.as_ref().and_then(|l| l.to.as_deref()).map(str::trim).filter(|t| !t.is_empty());
        Ok(MemberRow {
            org_id: w.id(Kind::Organization, &m.org)?,
            group_id: w.opt_id(Kind::Group, m.group.as_ref())?,
            name: f.name,
            gender: f.gender.code().to_string(),
            ethnicity: f.ethnicity,
            id_number: f.id_number,
            birth_date: day(f.birth_date),
            education: f.education,
            status: f.status.code().to_string(),
            joined_on: day(f.joined_on),
            full_member_on: opt_day(f.full_member_on),
            category: f.category.code().to_string(),
            post: f.post,
            phone: f.phone,
            address: f.address,
            standing: f.standing.code().to_string(),
            lost_contact_since: f.lost_contact_since,
            outflow_to: f.outflow_to,
            attendance_exempt: f.attendance_exempt,
            left_on: m.left.as_ref().map(|l| day(l.on)),
            left_reason: m.left.as_ref().map(|l| l.reason.code().to_string()),
            left_to: left_to.map(str::to_string),
            dues_fixed_fen: m.dues_fixed_fen,
        })
    }

    fn params(&self) -> [&dyn rusqlite::ToSql; 23] {
        [
            &self.org_id,
            &self.group_id,
            &self.name,
            &self.gender,
            &self.ethnicity,
            &self.id_number,
            &self.birth_date,
            &self.education,
            &self.status,
            &self.joined_on,
            &self.full_member_on,
            &self.category,
            &self.post,
            &self.phone,
            &self.address,
            &self.standing,
            &self.lost_contact_since,
            &self.outflow_to,
            &self.attendance_exempt,
            &self.left_on,
            &self.left_reason,
            &self.left_to,
            &self.dues_fixed_fen,
        ]
    }
}

pub(super) fn write(w: &mut Writer, pkg: &Package) -> Result<()> {
    let any_existing = w.slots(Kind::Member).iter().any(|s| s.new_key.is_none());
    let (mut stored, mut stored_bases) =
        if any_existing { (stored_members(w)?, stored_bases(w)?) } else { Default::default() };
    let insert_sql = format!(
        "INSERT INTO members(id, key, {COLUMNS}, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?26)"
    );
    let update_sql = format!(
        "UPDATE members SET ({COLUMNS}, updated_at) =
         (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)
         WHERE id = ?1"
    );
    let mut extras = super::extensions::MemberExtras::load(w)?;
    for (m, slot) in pkg.members.iter().zip(w.slots(Kind::Member)) {
        let row = MemberRow::of(w, m)?;
        let mut bases: Vec<(String, i64)> = m.dues_bases.iter().map(|b| (b.from.clone(), b.base_fen)).collect();
        let outcome = if let Some(key) = &slot.new_key {
            let mut args: Vec<&dyn rusqlite::ToSql> = vec![&slot.id, key];
            args.extend(row.params());
            args.push(&w.now);
            w.conn.prepare_cached(&insert_sql)?.execute(args.as_slice())?;
            w.remember(Kind::Member, &m.key, slot.id)?;
            // A package that carries the status history is taken as told (written with the extras).
            if m.events.is_empty() {
                history_of_new(w, slot.id, m, &row)?;
            }
            write_bases(w, slot.id, &bases)?;
            Outcome::Created
        } else {
            let before = stored.remove(&slot.id);
            let row_changed = before.as_ref() != Some(&row);
            let mut old_bases = stored_bases.remove(&slot.id).unwrap_or_default();
            old_bases.sort();
            bases.sort();
            let bases_changed = old_bases != bases;
            if row_changed || bases_changed {
                let mut args: Vec<&dyn rusqlite::ToSql> = vec![&slot.id];
                args.extend(row.params());
                args.push(&w.now);
                w.conn.prepare_cached(&update_sql)?.execute(args.as_slice())?;
            }
            if let (true, Some(before), true) = (row_changed, &before, m.events.is_empty()) {
                history_of_change(w, slot.id, before, &row, m)?;
            }
            if bases_changed {
                w.conn.prepare_cached("DELETE FROM dues_bases WHERE member_id = ?1")?.execute([slot.id])?;
                write_bases(w, slot.id, &bases)?;
            }
            Outcome::of_change(row_changed || bases_changed)
        };
        let extras_changed = extras.write(w, slot.id, m, slot.new_key.is_some())?;
        w.report.count(Counted::Member, outcome.with_extras(extras_changed));
    }
    Ok(())
}

fn write_bases(w: &Writer, member_id: i64, bases: &[(String, i64)]) -> Result<()> {
    for (from, fen) in bases {
        w.conn
            .prepare_cached("INSERT INTO dues_bases(member_id, from_month, base_fen) VALUES (?1, ?2, ?3)")?
            .execute(params![member_id, from, fen])?;
    }
    Ok(())
}

/// 入党, 转正 and the leaving, as the package tells them.
fn history_of_new(w: &Writer, id: i64, m: &MemberRecord, row: &MemberRow) -> Result<()> {
    add_event(w.conn, id, m.joined_on, MemberEventKind::Joined, None, None)?;
    if let Some(full) = m.full_member_on {
        add_event(w.conn, id, full, MemberEventKind::BecameFull, None, None)?;
    }
    if let Some(left) = &m.left {
        add_event(w.conn, id, left.on, left.reason.event(), row.left_to.as_deref(), None)?;
    }
    Ok(())
}

/// What happened to an existing member since the last import: 转正, leaving, or coming back.
fn history_of_change(w: &Writer, id: i64, before: &MemberRow, after: &MemberRow, m: &MemberRecord) -> Result<()> {
    if before.full_member_on.is_none() {
        if let Some(full) = m.full_member_on {
            add_event(w.conn, id, full, MemberEventKind::BecameFull, None, None)?;
        }
    }
    match (&before.left_on, &m.left) {
        (None, Some(left)) => add_event(w.conn, id, left.on, left.reason.event(), after.left_to.as_deref(), None)?,
        (Some(_), None) => add_event(w.conn, id, w.today, MemberEventKind::Returned, None, None)?,
        _ => {}
    }
    Ok(())
}

fn stored_members(w: &Writer) -> Result<HashMap<i64, MemberRow>> {
    let mut stmt = w.conn.prepare(&format!("SELECT id, {COLUMNS} FROM members"))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            MemberRow {
                org_id: r.get(1)?,
                group_id: r.get(2)?,
                name: r.get(3)?,
                gender: r.get(4)?,
                ethnicity: r.get(5)?,
                id_number: r.get(6)?,
                birth_date: r.get(7)?,
                education: r.get(8)?,
                status: r.get(9)?,
                joined_on: r.get(10)?,
                full_member_on: r.get(11)?,
                category: r.get(12)?,
                post: r.get(13)?,
                phone: r.get(14)?,
                address: r.get(15)?,
                standing: r.get(16)?,
                lost_contact_since: r.get(17)?,
                outflow_to: r.get(18)?,
                attendance_exempt: r.get(19)?,
                left_on: r.get(20)?,
                left_reason: r.get(21)?,
                left_to: r.get(22)?,
                dues_fixed_fen: r.get(23)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn stored_bases(w: &Writer) -> Result<HashMap<i64, Vec<(String, i64)>>> {
    let mut out: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
    let mut stmt = w.conn.prepare("SELECT member_id, from_month, base_fen FROM dues_bases")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push((r.get(1)?, r.get(2)?));
    }
    Ok(out)
}
