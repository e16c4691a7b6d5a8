//! One activity opened: the list row, the form to edit it (prefilled exactly as stored), attendance by
//! name, who was shown apart, 政治生日 celebrants, attachments and the change history.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::attachments::{attachments_of, Attachment};
use super::expected::{expected_in, ApartMember, Audience};
use super::fields::{ActivityFields, AttendanceMark};
use super::hours::credited_tenths;
use super::list::{row_from, ActivityRow, ROW_SELECT};
use super::record::live;
use crate::error::{Error, Result};
use crate::model::AttendanceStatus;
use crate::store::audit::{self, AuditEntry};
use crate::store::Ledger;

/// A member on an attendance list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AttendeeLine {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub name: String,
    /// 请假/缺席原因.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActivityDetail {
    pub row: ActivityRow,
    /// The record as the edit form shows it; saving it unchanged changes nothing.
    pub fields: ActivityFields,
    pub lecturer_name: Option<String>,
    pub present: Vec<AttendeeLine>,
    pub leave: Vec<AttendeeLine>,
    pub absent: Vec<AttendeeLine>,
    /// Members of the audience not expected that day (exempt, suspended).
    pub apart: Vec<ApartMember>,
    pub celebrants: Vec<AttendeeLine>,
    /// 学时 credited to each member present (stored, or derived from the times), in tenths.
    pub credited_tenths: u32,
    pub attachments: Vec<Attachment>,
    pub changes: Vec<AuditEntry>,
    /// The 表决 items judged against the attendance (a 党员大会's).
    pub votes: Vec<super::votes::SittingVote>,
}

pub fn activity_detail(ledger: &Ledger, id: i64) -> Result<ActivityDetail> {
    let conn = ledger.conn();
    let s = live(conn, id)?;
    let row = conn.query_row(&format!("{ROW_SELECT} WHERE a.id = ?1"), [id], row_from)?;
    let audience = Audience::of(&s.types);
    let expected = expected_in(conn, s.org_id, &s.types, s.group_id, s.date)?;
    let expected_ids: Vec<i64> = expected.expected.iter().map(|m| m.member_id).collect();
    let stored_ids: Vec<i64> = s.attendance.iter().map(|a| a.0).collect();
    // A record whose people differ from the derived audience (imported, or the roster changed) keeps
    // them as named attendees, so that saving the form unchanged changes nothing.
    let named = audience == Audience::Named || expected_ids.iter().any(|id| !stored_ids.contains(id));
    let mut marks = Vec::new();
    for (member_id, status, reason) in &s.attendance {
        let extra = !named && !expected_ids.contains(member_id);
        if *status != AttendanceStatus::Present || extra {
            marks.push(AttendanceMark { member_id: *member_id, status: *status, reason: reason.clone() });
        }
    }
    let mut attendees: Vec<i64> = Vec::new();
    if named {
        attendees = stored_ids.clone();
    }
    let names = |ids: &mut dyn Iterator<Item = (i64, Option<String>)>| -> Result<Vec<AttendeeLine>> {
        ids.map(|(member_id, reason)| Ok(AttendeeLine { member_id, name: name_of(conn, member_id)?, reason })).collect()
    };
    let by_status = |st: AttendanceStatus| -> Result<Vec<AttendeeLine>> {
        names(&mut s.attendance.iter().filter(|a| a.1 == st).map(|a| (a.0, a.2.clone())))
    };
    let fields = ActivityFields {
        org_id: s.org_id,
        types: s.types.clone(),
        group_id: s.group_id,
        date: s.date,
        start_time: s.start_time.clone(),
        end_time: s.end_time.clone(),
        place: s.place.clone(),
        topic: s.topic.clone(),
        host_id: s.host_id,
        recorder_id: s.recorder_id,
        lecturer_id: s.lecturer_id,
        content: s.content.clone(),
        decisions: s.decisions.clone(),
        hours_tenths: s.hours_tenths.map(|h| h.max(0) as u32),
        observers: s.observers.clone(),
        talk_trigger: s.talk_trigger,
        celebrant_ids: s.celebrants.clone(),
        attendees: named.then_some(attendees),
        marks,
        votes: s.votes.clone(),
    };
    Ok(ActivityDetail {
        lecturer_name: s.lecturer_id.map(|m| name_of(conn, m)).transpose()?,
        present: by_status(AttendanceStatus::Present)?,
        leave: by_status(AttendanceStatus::Leave)?,
        absent: by_status(AttendanceStatus::Absent)?,
        apart: if audience == Audience::Named { Vec::new() } else { expected.apart },
        celebrants: names(&mut s.celebrants.iter().map(|&m| (m, None)))?,
        credited_tenths: credited_tenths(&s.types, s.hours_tenths, s.start_time.as_deref(), s.end_time.as_deref()),
        attachments: attachments_of(conn, id)?,
        changes: audit::recent(conn, Some(("activity", id)), 50)?,
        votes: super::votes::votes_of_activity(conn, id)?,
        fields,
        row,
    })
}

fn name_of(conn: &Connection, member_id: i64) -> Result<String> {
    conn.prepare_cached("SELECT name FROM members WHERE id = ?1")?
        .query_row([member_id], |r| r.get(0))
        .map_err(|_| Error::NotFound { what: "党员", key: member_id.to_string() })
}
