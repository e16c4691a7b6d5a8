//! Importing activities (meetings) with their types and attendance.

use std::collections::{HashMap, HashSet};

use rusqlite::params;

use super::{day, Counted, Outcome, Writer};
use crate::error::Result;
use crate::package::format::{ActivityRecord, Package};
use crate::package::keys::Kind;

#[derive(Debug, PartialEq)]
struct ActivityRow {
    org_id: i64,
    group_id: Option<i64>,
    date: String,
    start_time: Option<String>,
    end_time: Option<String>,
    place: String,
    topic: String,
    host_id: Option<i64>,
    recorder_id: Option<i64>,
    lecturer_id: Option<i64>,
    content: Option<String>,
    decisions: Option<String>,
    hours_tenths: Option<i64>,
}

/// (member, status, reason), compared sorted by member.
type AttendanceRow = (i64, String, Option<String>);

const COLUMNS: &str = "org_id, group_id, date, start_time, end_time, place, topic, host_id, recorder_id, lecturer_id,
    content, decisions, hours_tenths";

impl ActivityRow {
    fn of(w: &Writer, a: &ActivityRecord) -> Result<ActivityRow> {
        Ok(ActivityRow {
            org_id: w.id(Kind::Organization, &a.org)?,
            group_id: w.opt_id(Kind::Group, a.group.as_ref())?,
            date: day(a.date),
            start_time: a.start.clone(),
            end_time: a.end.clone(),
            place: a.place.clone(),
            topic: a.topic.clone(),
            host_id: w.opt_id(Kind::Member, a.host.as_ref())?,
            recorder_id: w.opt_id(Kind::Member, a.recorder.as_ref())?,
            lecturer_id: w.opt_id(Kind::Member, a.lecturer.as_ref())?,
            content: a.content.clone(),
            decisions: a.decisions.clone(),
            hours_tenths: a.hours.map(|h| i64::from(h.tenths())),
        })
    }

    fn params(&self) -> [&dyn rusqlite::ToSql; 13] {
        [
            &self.org_id,
            &self.group_id,
            &self.date,
            &self.start_time,
            &self.end_time,
            &self.place,
            &self.topic,
            &self.host_id,
            &self.recorder_id,
            &self.lecturer_id,
            &self.content,
            &self.decisions,
            &self.hours_tenths,
        ]
    }
}

/// What is stored for the activities of the package that already exist.
#[derive(Default)]
struct Stored {
    rows: HashMap<i64, ActivityRow>,
    types: HashMap<i64, Vec<String>>,
    attendance: HashMap<i64, Vec<AttendanceRow>>,
}

pub(super) fn write(w: &mut Writer, pkg: &Package) -> Result<()> {
    let slots = w.slots(Kind::Activity);
    let existing: HashSet<i64> = slots.iter().filter(|s| s.new_key.is_none()).map(|s| s.id).collect();
    let mut stored = if existing.is_empty() { Stored::default() } else { load(w, &existing)? };
    let insert_sql = format!(
        "INSERT INTO activities(id, key, {COLUMNS}, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)"
    );
    let update_sql = format!(
        "UPDATE activities SET ({COLUMNS}, updated_at) = (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
         WHERE id = ?1"
    );
    let mut extras = super::extensions::ActivityExtras::load(w)?;
    for (a, slot) in pkg.activities.iter().zip(slots) {
        let row = ActivityRow::of(w, a)?;
        let types: Vec<String> = sorted_types(a);
        let attendance = attendance_of(w, a)?;
        let outcome = if let Some(key) = &slot.new_key {
            let mut args: Vec<&dyn rusqlite::ToSql> = vec![&slot.id, key];
            args.extend(row.params());
            args.push(&w.now);
            w.conn.prepare_cached(&insert_sql)?.execute(args.as_slice())?;
            w.remember(Kind::Activity, &a.key, slot.id)?;
            write_types(w, slot.id, &types)?;
            write_attendance(w, slot.id, &attendance)?;
            Outcome::Created
        } else {
            let row_changed = stored.rows.remove(&slot.id).as_ref() != Some(&row);
            let mut old_types = stored.types.remove(&slot.id).unwrap_or_default();
            old_types.sort();
            let types_changed = old_types != types;
            let mut old_attendance = stored.attendance.remove(&slot.id).unwrap_or_default();
            old_attendance.sort();
            let mut sorted_attendance = attendance.clone();
            sorted_attendance.sort();
            let attendance_changed = old_attendance != sorted_attendance;
            if row_changed || types_changed || attendance_changed {
                let mut args: Vec<&dyn rusqlite::ToSql> = vec![&slot.id];
                args.extend(row.params());
                args.push(&w.now);
                w.conn.prepare_cached(&update_sql)?.execute(args.as_slice())?;
            }
            if types_changed {
                w.conn.prepare_cached("DELETE FROM activity_types WHERE activity_id = ?1")?.execute([slot.id])?;
                write_types(w, slot.id, &types)?;
            }
            if attendance_changed {
                w.conn.prepare_cached("DELETE FROM attendance WHERE activity_id = ?1")?.execute([slot.id])?;
                write_attendance(w, slot.id, &attendance)?;
            }
            Outcome::of_change(row_changed || types_changed || attendance_changed)
        };
        let extras_changed = extras.write(w, slot.id, a, slot.new_key.is_some())?;
        w.report.count(Counted::Activity, outcome.with_extras(extras_changed));
    }
    Ok(())
}

fn sorted_types(a: &ActivityRecord) -> Vec<String> {
    let mut types: Vec<String> = a.all_types().into_iter().map(|t| t.code().to_string()).collect();
    types.sort();
    types
}

fn attendance_of(w: &Writer, a: &ActivityRecord) -> Result<Vec<AttendanceRow>> {
    a.attendance
        .iter()
        .map(|x| Ok((w.id(Kind::Member, &x.member)?, x.status.code().to_string(), x.reason.clone())))
        .collect()
}

fn write_types(w: &Writer, id: i64, types: &[String]) -> Result<()> {
    let mut stmt = w.conn.prepare_cached("INSERT INTO activity_types(activity_id, type) VALUES (?1, ?2)")?;
    for t in types {
        stmt.execute(params![id, t])?;
    }
    Ok(())
}

fn write_attendance(w: &Writer, id: i64, rows: &[AttendanceRow]) -> Result<()> {
    let mut stmt = w
        .conn
        .prepare_cached("INSERT INTO attendance(activity_id, member_id, status, reason) VALUES (?1, ?2, ?3, ?4)")?;
    for (member, status, reason) in rows {
        stmt.execute(params![id, member, status, reason])?;
    }
    Ok(())
}

/// One pass over each table, keeping the rows of the activities the package names.
fn load(w: &Writer, existing: &HashSet<i64>) -> Result<Stored> {
    let mut s = Stored::default();
    let mut stmt = w.conn.prepare(&format!("SELECT id, {COLUMNS} FROM activities"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if existing.contains(&id) {
            let row = ActivityRow {
                org_id: r.get(1)?,
                group_id: r.get(2)?,
                date: r.get(3)?,
                start_time: r.get(4)?,
                end_time: r.get(5)?,
                place: r.get(6)?,
                topic: r.get(7)?,
                host_id: r.get(8)?,
                recorder_id: r.get(9)?,
                lecturer_id: r.get(10)?,
                content: r.get(11)?,
                decisions: r.get(12)?,
                hours_tenths: r.get(13)?,
            };
            s.rows.insert(id, row);
        }
    }
    let mut stmt = w.conn.prepare("SELECT activity_id, type FROM activity_types")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if existing.contains(&id) {
            s.types.entry(id).or_default().push(r.get(1)?);
        }
    }
    let mut stmt = w.conn.prepare("SELECT activity_id, member_id, status, reason FROM attendance")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if existing.contains(&id) {
            s.attendance.entry(id).or_default().push((r.get(1)?, r.get(2)?, r.get(3)?));
        }
    }
    Ok(s)
}
