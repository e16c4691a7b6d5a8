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
    observers: Option<String>,
    talk_trigger: Option<String>,
}

/// (member, status, reason), compared sorted by member.
type AttendanceRow = (i64, String, Option<String>);

const COLUMNS: &str = "org_id, group_id, date, start_time, end_time, place, topic, host_id, recorder_id, lecturer_id,
    content, decisions, hours_tenths, observers, talk_trigger";

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
            observers: a.observers.clone(),
            talk_trigger: a.talk_trigger.map(|t| t.code().to_string()),
        })
    }

    fn params(&self) -> [&dyn rusqlite::ToSql; 15] {
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
            &self.observers,
            &self.talk_trigger,
        ]
    }
}

/// What is stored for the activities of the package that already exist.
#[derive(Default)]
struct Stored {
    rows: HashMap<i64, ActivityRow>,
    types: HashMap<i64, Vec<String>>,
    attendance: HashMap<i64, Vec<AttendanceRow>>,
    celebrants: HashMap<i64, Vec<i64>>,
    attachments: HashMap<i64, Vec<AttachmentRow>>,
    votes: HashMap<i64, Vec<VoteRow>>,
}

/// (file name, sha256, size) of an attached file.
type AttachmentRow = (String, String, i64);

/// A 表决 item in order: (subject, person, title, eligible, present, in_favour, against, abstain, written).
type VoteRow = (String, Option<i64>, Option<String>, i64, i64, i64, Option<i64>, Option<i64>, i64);

fn votes_of(w: &Writer, a: &ActivityRecord) -> Result<Vec<VoteRow>> {
    a.votes
        .iter()
        .map(|v| {
            let person = w.opt_id(Kind::Development, v.person.as_ref())?;
            Ok((
                v.subject.code().to_string(),
                person,
                v.title.clone(),
                i64::from(v.eligible),
                i64::from(v.present),
                i64::from(v.in_favour),
                v.against.map(i64::from),
                v.abstain.map(i64::from),
                i64::from(v.written),
            ))
        })
        .collect()
}

fn write_votes(w: &Writer, id: i64, votes: &[VoteRow]) -> Result<()> {
    w.conn.prepare_cached("DELETE FROM meeting_votes WHERE activity_id = ?1")?.execute([id])?;
    let mut stmt = w.conn.prepare_cached(
        "INSERT INTO meeting_votes(activity_id, position, subject, person_id, title, eligible, present, in_favour,
             against, abstain, written) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, v) in votes.iter().enumerate() {
        stmt.execute(params![id, i as i64 + 1, v.0, v.1, v.2, v.3, v.4, v.5, v.6, v.7, v.8])?;
    }
    Ok(())
}

pub(super) fn write(w: &mut Writer, pkg: &Package) -> Result<()> {
    let slots = w.slots(Kind::Activity);
    let existing: HashSet<i64> = slots.iter().filter(|s| s.new_key.is_none()).map(|s| s.id).collect();
    let mut stored = if existing.is_empty() { Stored::default() } else { load(w, &existing)? };
    let insert_sql = format!(
        "INSERT INTO activities(id, key, {COLUMNS}, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18)"
    );
    let update_sql = format!(
        "UPDATE activities SET ({COLUMNS}, updated_at) = (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
         WHERE id = ?1"
    );
    for (a, slot) in pkg.activities.iter().zip(slots) {
        let row = ActivityRow::of(w, a)?;
        let types: Vec<String> = sorted_types(a);
        let attendance = attendance_of(w, a)?;
        let mut celebrants = a.celebrants.iter().map(|k| w.id(Kind::Member, k)).collect::<Result<Vec<i64>>>()?;
        celebrants.sort_unstable();
        let attachments: Vec<AttachmentRow> =
            a.attachments.iter().map(|f| (f.file_name.clone(), f.sha256.clone(), f.size_bytes)).collect();
        // 表决 items given replace the sitting's; a package without them keeps what the ledger holds
        // (votes moved onto the meeting from an older package's development records stay).
        let votes = votes_of(w, a)?;
        let outcome = if let Some(key) = &slot.new_key {
            let mut args: Vec<&dyn rusqlite::ToSql> = vec![&slot.id, key];
            args.extend(row.params());
            args.push(&w.now);
            w.conn.prepare_cached(&insert_sql)?.execute(args.as_slice())?;
            w.remember(Kind::Activity, &a.key, slot.id)?;
            write_types(w, slot.id, &types)?;
            write_attendance(w, slot.id, &attendance)?;
            write_celebrants(w, slot.id, &celebrants)?;
            add_attachments(w, slot.id, &attachments)?;
            write_votes(w, slot.id, &votes)?;
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
            let celebrants_changed = stored.celebrants.remove(&slot.id).unwrap_or_default() != celebrants;
            // Attachments are only ever added by an import (a package without them removes none).
            let old_attachments = stored.attachments.remove(&slot.id).unwrap_or_default();
            let new_attachments: Vec<AttachmentRow> =
                attachments.into_iter().filter(|f| !old_attachments.contains(f)).collect();
            let old_votes = stored.votes.remove(&slot.id).unwrap_or_default();
            let votes_changed = !votes.is_empty() && old_votes != votes;
            let children_changed =
                attendance_changed || celebrants_changed || !new_attachments.is_empty() || votes_changed;
            if row_changed || types_changed || children_changed {
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
            if celebrants_changed {
                w.conn.prepare_cached("DELETE FROM activity_celebrants WHERE activity_id = ?1")?.execute([slot.id])?;
                write_celebrants(w, slot.id, &celebrants)?;
            }
            add_attachments(w, slot.id, &new_attachments)?;
            if votes_changed {
                write_votes(w, slot.id, &votes)?;
            }
            Outcome::of_change(row_changed || types_changed || children_changed)
        };
        w.report.count(Counted::Activity, outcome);
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

fn write_celebrants(w: &Writer, id: i64, members: &[i64]) -> Result<()> {
    let mut stmt = w.conn.prepare_cached("INSERT INTO activity_celebrants(activity_id, member_id) VALUES (?1, ?2)")?;
    for m in members {
        stmt.execute(params![id, m])?;
    }
    Ok(())
}

/// Records attachment metadata; the stored path is where the file belongs in the ledger's folder (the
/// file itself is not in the package: `verify_attachment` reports it missing until it is put there).
fn add_attachments(w: &Writer, id: i64, files: &[AttachmentRow]) -> Result<()> {
    let mut stmt = w.conn.prepare_cached(
        "INSERT INTO attachments(activity_id, file_name, sha256, size_bytes, stored_path, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (name, sha256, size) in files {
        let stored = crate::meetings::attachments::stored_path_for(name, sha256);
        stmt.execute(params![id, name, sha256, size, stored, w.now])?;
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
                observers: r.get(14)?,
                talk_trigger: r.get(15)?,
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
    let mut stmt =
        w.conn.prepare("SELECT activity_id, member_id FROM activity_celebrants ORDER BY activity_id, member_id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if existing.contains(&id) {
            s.celebrants.entry(id).or_default().push(r.get(1)?);
        }
    }
    let mut stmt = w.conn.prepare(
        "SELECT activity_id, file_name, sha256, size_bytes FROM attachments WHERE activity_id IS NOT NULL ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if existing.contains(&id) {
            s.attachments.entry(id).or_default().push((r.get(1)?, r.get(2)?, r.get(3)?));
        }
    }
    let mut stmt = w.conn.prepare(
        "SELECT activity_id, subject, person_id, title, eligible, present, in_favour, against, abstain, written
         FROM meeting_votes ORDER BY activity_id, position",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if existing.contains(&id) {
            let row =
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?);
            s.votes.entry(id).or_default().push(row);
        }
    }
    Ok(s)
}
