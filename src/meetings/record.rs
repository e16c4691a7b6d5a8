//! Recording, editing, deleting (into the recycle bin) and restoring an activity. Each is one
//! transaction with one audit entry; a refused form changes nothing.
//!
//! Attendance is derived: everyone expected (see `expected.rs`, or the record's named attendees) is
//! stored as present, except the members the form marks as on leave or absent. Editing a record derives
//! its attendance again from the form.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::expected::expected_in;
use super::fields::{check_against_ledger, check_form, normalized, ActivityFields, HeartTalkFields, VolunteerFields};
use crate::error::{Error, Problem, Result};
use crate::model::{ActivityType, AttendanceStatus, TalkTrigger};
use crate::store::bin;
use crate::store::{audit, Ledger};

const BIN_ENTITY: &str = "activity";

/// Records a new activity; returns its id.
pub fn record_activity(ledger: &Ledger, fields: ActivityFields, today: NaiveDate) -> Result<i64> {
    ledger.write(|tx| {
        let id = insert_activity(tx, fields, today)?;
        let after = Snapshot::load(tx, id)?;
        audit::record(tx, "新增", BIN_ENTITY, Some(id), &format!("登记{}", describe(&after)), Some(&json(&after)?))?;
        Ok(id)
    })
}

/// Checks and stores a new activity inside the caller's transaction, without an audit entry (an
/// import records one entry for the whole file).
pub(crate) fn insert_activity(tx: &Connection, fields: ActivityFields, today: NaiveDate) -> Result<i64> {
    let f = normalized(fields);
    {
        let attendance = checked(tx, &f, today)?;
        let now = crate::store::now_stamp();
        tx.execute(
            "INSERT INTO activities(key, org_id, group_id, date, start_time, end_time, place, topic, host_id,
                 recorder_id, lecturer_id, content, decisions, hours_tenths, observers, talk_trigger, created_at, updated_at)
             VALUES ('pending', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
            params![
                f.org_id,
                f.group_id,
                f.date,
                f.start_time,
                f.end_time,
                f.place,
                f.topic,
                f.host_id,
                f.recorder_id,
                f.lecturer_id,
                f.content,
                f.decisions,
                f.hours_tenths,
                f.observers,
                f.talk_trigger,
                now
            ],
        )?;
        let id = tx.last_insert_rowid();
        crate::store::keys::assign_key(tx, "activities", "a", id)?;
        write_children(tx, id, &f, &attendance)?;
        Ok(id)
    }
}

/// Every problem saving the form would report, on the caller's connection (an import's preview).
pub(crate) fn problems_of(conn: &Connection, fields: &ActivityFields, today: NaiveDate) -> Result<Vec<Problem>> {
    let f = normalized(fields.clone());
    match checked(conn, &f, today) {
        Ok(_) => Ok(Vec::new()),
        Err(Error::Invalid(p)) => Ok(p),
        Err(e) => Err(e),
    }
}

/// The live activity of `org_id` with these types, date and topic (and 党小组), if one is recorded:
/// the natural key of a meeting in an imported register.
pub fn find_same(
    conn: &Connection,
    org_id: i64,
    types: &[ActivityType],
    group_id: Option<i64>,
    date: NaiveDate,
    topic: &str,
) -> Result<Option<i64>> {
    let mut wanted: Vec<&str> = types.iter().map(|t| t.code()).collect();
    wanted.sort_unstable();
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, (SELECT group_concat(type, ' ') FROM (SELECT type FROM activity_types WHERE activity_id = a.id ORDER BY type))
         FROM activities a
         WHERE a.org_id = ?1 AND a.date = ?2 AND a.topic = ?3 AND a.group_id IS ?4 AND a.deleted_at IS NULL",
    )?;
    let rows = stmt.query_map(params![org_id, date, topic.trim(), group_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    let want = wanted.join(" ");
    for row in rows {
        let (id, types) = row?;
        if types.unwrap_or_default() == want {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// Replaces an activity's fields, types, celebrants and attendance with the form's.
pub fn update_activity(ledger: &Ledger, id: i64, fields: ActivityFields, today: NaiveDate) -> Result<()> {
    let f = normalized(fields);
    ledger.write(|tx| {
        let before = live(tx, id)?;
        let attendance = checked(tx, &f, today)?;
        if Snapshot::of(&before.key, &f, &attendance) == before {
            return Ok(());
        }
        tx.execute(
            "UPDATE activities SET org_id = ?2, group_id = ?3, date = ?4, start_time = ?5, end_time = ?6, place = ?7,
                 topic = ?8, host_id = ?9, recorder_id = ?10, lecturer_id = ?11, content = ?12, decisions = ?13,
                 hours_tenths = ?14, observers = ?15, talk_trigger = ?16, updated_at = ?17
             WHERE id = ?1",
            params![
                id,
                f.org_id,
                f.group_id,
                f.date,
                f.start_time,
                f.end_time,
                f.place,
                f.topic,
                f.host_id,
                f.recorder_id,
                f.lecturer_id,
                f.content,
                f.decisions,
                f.hours_tenths,
                f.observers,
                f.talk_trigger,
                crate::store::now_stamp()
            ],
        )?;
        for table in ["activity_types", "attendance", "activity_celebrants"] {
            tx.execute(&format!("DELETE FROM {table} WHERE activity_id = ?1"), [id])?;
        }
        write_children(tx, id, &f, &attendance)?;
        let after = Snapshot::load(tx, id)?;
        let detail = serde_json::json!({ "before": before, "after": after }).to_string();
        audit::record(tx, "修改", BIN_ENTITY, Some(id), &format!("修改{}", describe(&after)), Some(&detail))?;
        Ok(())
    })
}

/// Moves an activity into the recycle bin (it disappears from lists, ledgers and packages, keeping all
/// its content). Returns the bin id for `restore_activity`.
pub fn delete_activity(ledger: &Ledger, id: i64) -> Result<i64> {
    ledger.write(|tx| {
        let snapshot = live(tx, id)?;
        let summary = describe(&snapshot);
        let bin_id = bin::put(tx, BIN_ENTITY, id, &summary, &snapshot)?;
        tx.execute("UPDATE activities SET deleted_at = ?2 WHERE id = ?1", params![id, crate::store::now_stamp()])?;
        audit::record(
            tx,
            "删除",
            BIN_ENTITY,
            Some(id),
            &format!("删除{summary}，已移入回收站"),
            Some(&json(&snapshot)?),
        )?;
        Ok(bin_id)
    })
}

/// Puts a deleted activity back from the recycle bin; returns its id.
pub fn restore_activity(ledger: &Ledger, bin_id: i64) -> Result<i64> {
    ledger.write(|tx| {
        let snapshot: Snapshot = bin::take(tx, bin_id, BIN_ENTITY, "回收站中的活动记录")?;
        let id: Option<i64> = tx
            .query_row("SELECT id FROM activities WHERE key = ?1 AND deleted_at IS NOT NULL", [&snapshot.key], |r| {
                r.get(0)
            })
            .optional()?;
        let id = id.ok_or_else(|| Error::Conflict(format!("{} 已不在回收站中，不能恢复", describe(&snapshot))))?;
        tx.execute("UPDATE activities SET deleted_at = NULL WHERE id = ?1", [id])?;
        audit::record(tx, "恢复", BIN_ENTITY, Some(id), &format!("从回收站恢复{}", describe(&snapshot)), None)?;
        Ok(id)
    })
}

/// Records a 谈心谈话 (an activity of type `heart_talk`: the 谈话人 hosts, both sides attend).
pub fn record_heart_talk(ledger: &Ledger, talk: HeartTalkFields, today: NaiveDate) -> Result<i64> {
    record_activity(ledger, talk.into_activity(), today)
}

/// Records a 志愿服务 (an activity of type `volunteer`, its hours credited to each volunteer).
pub fn record_volunteer(ledger: &Ledger, service: VolunteerFields, today: NaiveDate) -> Result<i64> {
    record_activity(ledger, service.into_activity(), today)
}

/// The form's live check: every problem the save would report, without saving.
pub fn check_activity(ledger: &Ledger, fields: ActivityFields, today: NaiveDate) -> Result<Vec<Problem>> {
    let f = normalized(fields);
    match checked(ledger.conn(), &f, today) {
        Ok(_) => Ok(Vec::new()),
        Err(Error::Invalid(p)) => Ok(p),
        Err(e) => Err(e),
    }
}

/// One attendance row to store.
type Row = (i64, AttendanceStatus, Option<String>);

/// All checks; the attendance rows to store when the form is right.
fn checked(conn: &Connection, f: &ActivityFields, today: NaiveDate) -> Result<Vec<Row>> {
    let mut problems = check_form(f, today);
    problems.extend(check_against_ledger(conn, f)?);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let expected: Vec<i64> = match &f.attendees {
        Some(list) => {
            let mut seen = HashSet::new();
            list.iter().copied().filter(|id| seen.insert(*id)).collect()
        }
        None => {
            expected_in(conn, f.org_id, &f.types, f.group_id, f.date)?.expected.iter().map(|m| m.member_id).collect()
        }
    };
    let mut rows: Vec<Row> = expected.iter().map(|&id| (id, AttendanceStatus::Present, None)).collect();
    for (i, m) in f.marks.iter().enumerate() {
        match rows.iter_mut().find(|r| r.0 == m.member_id) {
            Some(r) => *r = (m.member_id, m.status, m.reason.clone()),
            None if m.status == AttendanceStatus::Present => rows.push((m.member_id, m.status, m.reason.clone())),
            None => {
                let name = super::fields::roll(conn, m.member_id)?.map(|r| r.name).unwrap_or_default();
                problems.push(Problem::new(
                    format!("marks[{i}].member_id"),
                    format!("考勤：{name} 不在本次应到人员中，不能登记为{}", m.status.label()),
                ));
            }
        }
    }
    let present: Vec<i64> = rows.iter().filter(|r| r.1 == AttendanceStatus::Present).map(|r| r.0).collect();
    problems.extend(super::votes::check_votes(conn, f, &present)?);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(rows)
}

fn write_children(conn: &Connection, id: i64, f: &ActivityFields, attendance: &[Row]) -> Result<()> {
    let mut stmt = conn.prepare_cached("INSERT INTO activity_types(activity_id, type) VALUES (?1, ?2)")?;
    for t in &f.types {
        stmt.execute(params![id, t])?;
    }
    let mut stmt =
        conn.prepare_cached("INSERT INTO attendance(activity_id, member_id, status, reason) VALUES (?1, ?2, ?3, ?4)")?;
    for (member, status, reason) in attendance {
        stmt.execute(params![id, member, status, reason])?;
    }
    let mut stmt = conn.prepare_cached("INSERT INTO activity_celebrants(activity_id, member_id) VALUES (?1, ?2)")?;
    for m in &f.celebrant_ids {
        stmt.execute(params![id, m])?;
    }
    super::votes::write_votes(conn, id, &f.votes)
}

/// The stored content of an activity, for the audit log and the recycle bin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    pub key: String,
    pub org_id: i64,
    pub types: Vec<ActivityType>,
    pub group_id: Option<i64>,
    pub date: NaiveDate,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub place: String,
    pub topic: String,
    pub host_id: Option<i64>,
    pub recorder_id: Option<i64>,
    pub lecturer_id: Option<i64>,
    pub content: Option<String>,
    pub decisions: Option<String>,
    pub hours_tenths: Option<i64>,
    pub observers: Option<String>,
    pub talk_trigger: Option<TalkTrigger>,
    pub celebrants: Vec<i64>,
    pub attendance: Vec<(i64, AttendanceStatus, Option<String>)>,
    /// 表决 items (absent in snapshots taken before they existed).
    #[serde(default)]
    pub votes: Vec<super::votes::VoteItem>,
}

impl Snapshot {
    /// What storing the form would give (to tell an edit that changes nothing).
    fn of(key: &str, f: &ActivityFields, attendance: &[Row]) -> Snapshot {
        let mut attendance = attendance.to_vec();
        attendance.sort_by_key(|r| r.0);
        Snapshot {
            key: key.to_string(),
            org_id: f.org_id,
            types: f.types.clone(),
            group_id: f.group_id,
            date: f.date,
            start_time: f.start_time.clone(),
            end_time: f.end_time.clone(),
            place: f.place.clone(),
            topic: f.topic.clone(),
            host_id: f.host_id,
            recorder_id: f.recorder_id,
            lecturer_id: f.lecturer_id,
            content: f.content.clone(),
            decisions: f.decisions.clone(),
            hours_tenths: f.hours_tenths.map(i64::from),
            observers: f.observers.clone(),
            talk_trigger: f.talk_trigger,
            celebrants: f.celebrant_ids.clone(),
            attendance,
            votes: f.votes.clone(),
        }
    }

    pub(crate) fn load(conn: &Connection, id: i64) -> Result<Snapshot> {
        let mut s = conn.query_row(
            "SELECT key, org_id, group_id, date, start_time, end_time, place, topic, host_id, recorder_id, lecturer_id,
                    content, decisions, hours_tenths, observers, talk_trigger
             FROM activities WHERE id = ?1",
            [id],
            |r| {
                Ok(Snapshot {
                    key: r.get(0)?,
                    org_id: r.get(1)?,
                    types: Vec::new(),
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
                    celebrants: Vec::new(),
                    attendance: Vec::new(),
                    votes: Vec::new(),
                })
            },
        )?;
        s.types = column(conn, "SELECT type FROM activity_types WHERE activity_id = ?1", id)?;
        s.types.sort();
        s.celebrants =
            column(conn, "SELECT member_id FROM activity_celebrants WHERE activity_id = ?1 ORDER BY member_id", id)?;
        let mut stmt = conn.prepare_cached(
            "SELECT member_id, status, reason FROM attendance WHERE activity_id = ?1 ORDER BY member_id",
        )?;
        s.attendance =
            stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        s.votes = super::votes::items_of(conn, id)?;
        Ok(s)
    }
}

fn column<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str, id: i64) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The snapshot of an activity that exists and is not in the recycle bin.
pub(crate) fn live(conn: &Connection, id: i64) -> Result<Snapshot> {
    let deleted: Option<Option<String>> =
        conn.query_row("SELECT deleted_at FROM activities WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    match deleted {
        Some(None) => Snapshot::load(conn, id),
        _ => Err(Error::NotFound { what: "活动记录", key: id.to_string() }),
    }
}

/// "2026-03-15 主题党日·党课“…”" for messages.
fn describe(s: &Snapshot) -> String {
    let types: Vec<&str> = s.types.iter().map(|t| t.label()).collect();
    format!("{} {}“{}”", s.date, types.join("·"), s.topic)
}

fn json(s: &Snapshot) -> Result<String> {
    serde_json::to_string(s).map_err(|e| Error::Internal(e.to_string()))
}
