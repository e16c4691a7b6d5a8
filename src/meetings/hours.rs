//! 学时 and attendance rates per member per year.
//!
//! How an activity's 学时 are derived (the choice, stated once):
//! - an activity with stored hours (`hours_tenths`, the package's `hours`) credits exactly that to each
//!   member marked present — the secretary's figure wins;
//! - without stored hours, a study-kind activity (党员大会, 党小组会, 党课, 主题党日, 组织生活会, 民主评议,
//!   集中学习) credits its start–end duration, rounded half up to a tenth of an hour;
//! - anything else (支委会, 谈心谈话, 志愿服务, 其他 without hours) credits nothing.
//!
//! A member's year = credited hours of the activities they attended that year (any organisation's) plus
//! their external trainings dated that year, against the required number: `StudyHoursParams` (32 学时,
//! and 56 for committee members when the profile says so — issue 6 supplies profile numbers).
//!
//! The attendance rate counts the sittings a member was expected at (attendance rows: present, leave,
//! absent) among the year's meetings; 谈心谈话 and 志愿服务 (named-only activities) are not meetings.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::expected::Audience;
use super::fields::parse_time;
use crate::error::{Error, Problem, Result};
use crate::model::{ActivityType, AttendanceStatus};
use crate::store::{orgs, Ledger};

/// The required 学时, in tenths of an hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StudyHoursParams {
    /// Every member (national rule: 32 学时 a year → 320).
    pub required_tenths: u32,
    /// Committee members, when the profile sets a higher number (56 学时 → 560); None: as everyone.
    pub committee_required_tenths: Option<u32>,
}

impl Default for StudyHoursParams {
    /// 32 学时 for everyone, 56 for committee members.
    fn default() -> Self {
        StudyHoursParams { required_tenths: 320, committee_required_tenths: Some(560) }
    }
}

/// One member's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MemberStudyHours {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub name: String,
    pub org_name: String,
    pub group_name: Option<String>,
    /// Held a committee position at some time in the year.
    pub committee: bool,
    pub attendance_exempt: bool,
    pub activity_tenths: u32,
    pub training_tenths: u32,
    pub total_tenths: u32,
    pub required_tenths: u32,
    pub met: bool,
    /// Meetings the member was expected at, and how they went.
    pub expected: u32,
    pub present: u32,
    pub leave: u32,
    pub absent: u32,
    /// present / expected in ‰ (None when expected at none).
    pub rate_permille: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StudyHoursReport {
    pub year: i32,
    pub params: StudyHoursParams,
    /// Members on the roll at some time in the year, in roster order.
    pub members: Vec<MemberStudyHours>,
    /// Members below their required number.
    pub short: u32,
}

/// The 学时 an activity credits to each member present (see the module notes), in tenths.
pub fn credited_tenths(types: &[ActivityType], stored: Option<i64>, start: Option<&str>, end: Option<&str>) -> u32 {
    if let Some(h) = stored {
        return h.clamp(0, i64::from(u32::MAX)) as u32;
    }
    if !types.iter().any(|t| is_study(*t)) {
        return 0;
    }
    match (start.and_then(parse_time), end.and_then(parse_time)) {
        (Some(s), Some(e)) if e > s => {
            let minutes = (e - s).num_minutes().max(0) as u32;
            (minutes * 10 + 30) / 60
        }
        _ => 0,
    }
}

/// The kinds of activity whose duration counts as 学时 when no hours are stored.
pub fn is_study(t: ActivityType) -> bool {
    matches!(
        t,
        ActivityType::PartyCongress
            | ActivityType::GroupMeeting
            | ActivityType::PartyLecture
            | ActivityType::ThemeDay
            | ActivityType::LifeMeeting
            | ActivityType::EvaluationMeeting
            | ActivityType::Study
    )
}

/// Each member's 学时 and attendance for `year`, for the members of `org_id`'s subtree (None: all).
pub fn study_hours(
    ledger: &Ledger,
    org_id: Option<i64>,
    year: i32,
    params: StudyHoursParams,
) -> Result<StudyHoursReport> {
    let conn = ledger.conn();
    let (from, to) = year_span(year)?;
    let org_filter = match org_id {
        Some(o) => {
            orgs::name_of(conn, o)?;
            let ids: Vec<String> = orgs::subtree_ids(conn, o)?.iter().map(|i| i.to_string()).collect();
            format!("AND m.org_id IN ({})", ids.join(","))
        }
        None => String::new(),
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT m.id, m.name, o.name, g.name, m.attendance_exempt,
                EXISTS (SELECT 1 FROM org_positions p WHERE p.member_id = m.id
                        AND (p.from_date IS NULL OR p.from_date <= ?2) AND (p.to_date IS NULL OR p.to_date > ?1))
         FROM members m JOIN organizations o ON o.id = m.org_id LEFT JOIN party_groups g ON g.id = m.group_id
         WHERE m.joined_on <= ?2 AND (m.left_on IS NULL OR m.left_on > ?1) {org_filter}
         ORDER BY m.id"
    ))?;
    let mut members: Vec<MemberStudyHours> = stmt
        .query_map(rusqlite::params![from, to], |r| {
            let committee: bool = r.get(5)?;
            Ok(MemberStudyHours {
                member_id: r.get(0)?,
                name: r.get(1)?,
                org_name: r.get(2)?,
                group_name: r.get(3)?,
                committee,
                attendance_exempt: r.get(4)?,
                activity_tenths: 0,
                training_tenths: 0,
                total_tenths: 0,
                required_tenths: 0,
                met: false,
                expected: 0,
                present: 0,
                leave: 0,
                absent: 0,
                rate_permille: None,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<i64, usize> = members.iter().enumerate().map(|(i, m)| (m.member_id, i)).collect();

    // The year's activities: credited hours and whether each is a meeting.
    let mut types: HashMap<i64, Vec<ActivityType>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT t.activity_id, t.type FROM activity_types t JOIN activities a ON a.id = t.activity_id
         WHERE a.date BETWEEN ?1 AND ?2 AND a.deleted_at IS NULL",
    )?;
    let mut rows = stmt.query(rusqlite::params![from, to])?;
    while let Some(r) = rows.next()? {
        types.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    let mut activity: HashMap<i64, (u32, bool)> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT id, hours_tenths, start_time, end_time FROM activities
         WHERE date BETWEEN ?1 AND ?2 AND deleted_at IS NULL",
    )?;
    let mut rows = stmt.query(rusqlite::params![from, to])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let t = types.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let start: Option<String> = r.get(2)?;
        let end: Option<String> = r.get(3)?;
        let credit = credited_tenths(t, r.get(1)?, start.as_deref(), end.as_deref());
        activity.insert(id, (credit, Audience::of(t) != Audience::Named));
    }
    let mut stmt = conn.prepare(
        "SELECT x.member_id, x.activity_id, x.status FROM attendance x JOIN activities a ON a.id = x.activity_id
         WHERE a.date BETWEEN ?1 AND ?2 AND a.deleted_at IS NULL",
    )?;
    let mut rows = stmt.query(rusqlite::params![from, to])?;
    while let Some(r) = rows.next()? {
        let Some(&i) = index.get(&r.get::<_, i64>(0)?) else { continue };
        let Some(&(credit, meeting)) = activity.get(&r.get::<_, i64>(1)?) else { continue };
        let status: AttendanceStatus = r.get(2)?;
        let m = &mut members[i];
        if status == AttendanceStatus::Present {
            m.activity_tenths += credit;
        }
        if meeting {
            m.expected += 1;
            match status {
                AttendanceStatus::Present => m.present += 1,
                AttendanceStatus::Leave => m.leave += 1,
                AttendanceStatus::Absent => m.absent += 1,
            }
        }
    }
    let mut stmt = conn.prepare(
        "SELECT member_id, sum(hours_tenths) FROM trainings WHERE date BETWEEN ?1 AND ?2 GROUP BY member_id",
    )?;
    let mut rows = stmt.query(rusqlite::params![from, to])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
            members[i].training_tenths = r.get::<_, i64>(1)?.clamp(0, i64::from(u32::MAX)) as u32;
        }
    }
    let mut short = 0;
    for m in &mut members {
        m.total_tenths = m.activity_tenths + m.training_tenths;
        m.required_tenths = match (m.committee, params.committee_required_tenths) {
            (true, Some(c)) => c,
            _ => params.required_tenths,
        };
        m.met = m.total_tenths >= m.required_tenths;
        if !m.met {
            short += 1;
        }
        m.rate_permille = (m.expected > 0).then(|| (m.present * 1000 + m.expected / 2) / m.expected);
    }
    Ok(StudyHoursReport { year, params, members, short })
}

pub(crate) fn year_span(year: i32) -> Result<(NaiveDate, NaiveDate)> {
    match (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) {
        (Some(a), Some(b)) if (1900..=9999).contains(&year) => Ok((a, b)),
        _ => Err(Error::Invalid(vec![Problem::new("year", format!("年度：{year} 不是有效年份"))])),
    }
}
