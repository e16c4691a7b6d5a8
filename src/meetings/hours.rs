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
//! and 56 for 班子成员 when the profile in force says so; `standards::study_hours_params` reads them
//! from the profile). This one computation feeds the 学时 screen, the 党员学时统计表, `zhibu hours` and
//! the training-hours rules of `check` and the 自查表:
//! - **who is judged**: the members on the roll on the reading day (today, within the year; the year's
//!   last day for a past year) and not exempt from attendance (免于参加组织生活). Members who left during
//!   the year and exempt members are listed with a note and never counted short;
//! - **joined during the year**: the requirement is prorated to the months on the roll (the joining
//!   month counts), rounded up to a whole 学时 — the 条例 (2019) 第二十条 sets a yearly amount, and a
//!   member on the roll for half a year is held to half of it;
//! - **班子成员 (56)**: whoever held a committee position in any organisation of the ledger (支部委员会,
//!   总支, 党委) at some time in the year (《2019—2023年全国党员教育培训工作规划》: 基层党组织书记和班子成员).
//!
//! The attendance rate counts the sittings a member was expected at (attendance rows: present, leave,
//! absent) among the year's meetings; 谈心谈话 and 志愿服务 (named-only activities) are not meetings.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::expected::Audience;
use super::fields::parse_time;
use crate::error::{Error, Problem, Result};
use crate::model::{ActivityType, AttendanceStatus};
use crate::store::roll::{self, RollOrder, RollScope};
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
    /// Activities attended (present) that credited 学时.
    pub activities: u32,
    /// External trainings dated in the year.
    pub trainings: u32,
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
    /// Counted for the requirement: on the roll on the reading day and not exempt from attendance.
    pub judged: bool,
    /// Months of the year the requirement covers (12, or fewer for a member who joined during it).
    pub months: u32,
    /// Why the member is not judged or is held to less (离开, 免于参加组织生活, 折算).
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StudyHoursReport {
    pub year: i32,
    pub params: StudyHoursParams,
    /// Members on the roll at some time in the year, in roster order.
    pub members: Vec<MemberStudyHours>,
    /// The day the year is read on (today within the year, else its last day).
    pub as_of: NaiveDate,
    /// Judged members below their required number.
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

/// The types that make an activity a sitting of 组织生活 (三会一课, 主题党日, 组织生活会, 民主评议,
/// 集中学习): what the 三会一课台账, the 会议记录 and the 考勤册 list and the attendance rate counts.
pub const SITTING_TYPES: [ActivityType; 8] = [
    ActivityType::PartyCongress,
    ActivityType::CommitteeMeeting,
    ActivityType::GroupMeeting,
    ActivityType::PartyLecture,
    ActivityType::ThemeDay,
    ActivityType::LifeMeeting,
    ActivityType::EvaluationMeeting,
    ActivityType::Study,
];

/// Whether an activity of these types is a sitting of 组织生活 (one of `SITTING_TYPES`; a 主题党日
/// that was also a 志愿服务 is one).
pub fn is_sitting(types: &[ActivityType]) -> bool {
    types.iter().any(|t| SITTING_TYPES.contains(t))
}

/// Whether an activity counts towards the attendance rate: a sitting of 组织生活 (`is_sitting`), the
/// same meetings the 考勤册 and the 三会一课台账 list. Not 谈心谈话 and 志愿服务 alone (only the people
/// named take part), nor an activity typed only 其他 (看望困难群众 and the like, not 组织生活).
pub fn counts_for_attendance(types: &[ActivityType]) -> bool {
    debug_assert!(!is_sitting(types) || Audience::of(types) != Audience::Named);
    is_sitting(types)
}

/// The attendance rate: present / expected in ‰, rounded half up (None when expected at none).
pub fn rate_permille(present: u32, expected: u32) -> Option<u32> {
    (expected > 0).then(|| (present * 1000 + expected / 2) / expected)
}

/// Each member's 学时 and attendance for `year`, for the members of `org_id`'s subtree (None: all),
/// read on `today` (see the module notes).
pub fn study_hours(
    ledger: &Ledger,
    org_id: Option<i64>,
    year: i32,
    params: StudyHoursParams,
    today: NaiveDate,
) -> Result<StudyHoursReport> {
    Ok(study_year(ledger.conn(), org_id, year, params, today)?.0)
}

/// The records behind each member's credited 学时: activity keys and `training-{id}`.
pub type StudyEvidence = HashMap<i64, Vec<String>>;

/// `study_hours` with the records behind each member's figure.
pub fn study_year(
    conn: &Connection,
    org_id: Option<i64>,
    year: i32,
    params: StudyHoursParams,
    today: NaiveDate,
) -> Result<(StudyHoursReport, StudyEvidence)> {
    let (from, to) = year_span(year)?;
    let as_of = today.clamp(from, to);
    let scope = match org_id {
        Some(o) => {
            orgs::name_of(conn, o)?;
            RollScope::Subtree(o)
        }
        None => RollScope::All,
    };
    let holders = roll::position_holders_between(conn, from, to)?;
    // 记账起始: a year that ended before it is not judged; a year it starts within owes the
    // requirement from it, like a member who joined then.
    let start = crate::store::meta::start_month(conn)?.map(crate::model::dates::Month::first_day);
    let unrecorded = start.is_some_and(|s| to < s);
    let start_within = start.filter(|s| from < *s && *s <= to);
    let mut members: Vec<MemberStudyHours> = roll::members_between(conn, scope, from, to, RollOrder::Entered)?
        .into_iter()
        .map(|m| {
            let committee = holders.contains(&m.id);
            let base = match (committee, params.committee_required_tenths) {
                (true, Some(c)) => c,
                _ => params.required_tenths,
            };
            let from_start = start_within.filter(|s| *s > m.joined_on);
            let months = months_on_roll(from_start.unwrap_or(m.joined_on), year);
            let judged = m.on_roll(as_of) && !m.attendance_exempt && !unrecorded;
            let note = if let Some(left) = m.left_on.filter(|l| *l <= as_of) {
                Some(format!("{}离开，不作要求", left.format("%Y年%-m月%-d日")))
            } else if m.attendance_exempt {
                Some("免于参加组织生活，不作要求".to_string())
            } else if !m.on_roll(as_of) {
                Some(format!("{}入党，不作要求", m.joined_on.format("%Y年%-m月%-d日")))
            } else if unrecorded {
                Some("记账起始之前的年度，不作要求".to_string())
            } else if let Some(s) = from_start {
                Some(format!("{}起记账，按{months}个月折算", s.format("%Y年%-m月")))
            } else if months < 12 {
                Some(format!("{}月入册，按在册{months}个月折算", m.joined_on.format("%-m")))
            } else {
                None
            };
            MemberStudyHours {
                member_id: m.id,
                name: m.name,
                org_name: m.org_name,
                group_name: m.group_name,
                committee,
                attendance_exempt: m.attendance_exempt,
                activities: 0,
                trainings: 0,
                activity_tenths: 0,
                training_tenths: 0,
                total_tenths: 0,
                required_tenths: required_tenths(base, months),
                met: false,
                expected: 0,
                present: 0,
                leave: 0,
                absent: 0,
                rate_permille: None,
                judged,
                months,
                note,
            }
        })
        .collect();
    let index: HashMap<i64, usize> = members.iter().enumerate().map(|(i, m)| (m.member_id, i)).collect();
    let mut evidence: StudyEvidence = HashMap::new();

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
    let mut activity: HashMap<i64, (u32, bool, String)> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT id, hours_tenths, start_time, end_time, key FROM activities
         WHERE date BETWEEN ?1 AND ?2 AND deleted_at IS NULL",
    )?;
    let mut rows = stmt.query(rusqlite::params![from, to])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let t = types.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let start: Option<String> = r.get(2)?;
        let end: Option<String> = r.get(3)?;
        let credit = credited_tenths(t, r.get(1)?, start.as_deref(), end.as_deref());
        activity.insert(id, (credit, counts_for_attendance(t), r.get(4)?));
    }
    let mut stmt = conn.prepare(
        "SELECT x.member_id, x.activity_id, x.status FROM attendance x JOIN activities a ON a.id = x.activity_id
         WHERE a.date BETWEEN ?1 AND ?2 AND a.deleted_at IS NULL ORDER BY a.date, a.id",
    )?;
    let mut rows = stmt.query(rusqlite::params![from, to])?;
    while let Some(r) = rows.next()? {
        let Some(&i) = index.get(&r.get::<_, i64>(0)?) else { continue };
        let Some((credit, meeting, key)) = activity.get(&r.get::<_, i64>(1)?) else { continue };
        let status: AttendanceStatus = r.get(2)?;
        let m = &mut members[i];
        if status == AttendanceStatus::Present && *credit > 0 {
            m.activity_tenths += credit;
            m.activities += 1;
            evidence.entry(m.member_id).or_default().push(key.clone());
        }
        if *meeting {
            m.expected += 1;
            match status {
                AttendanceStatus::Present => m.present += 1,
                AttendanceStatus::Leave => m.leave += 1,
                AttendanceStatus::Absent => m.absent += 1,
            }
        }
    }
    let mut stmt = conn
        .prepare("SELECT member_id, id, hours_tenths FROM trainings WHERE date BETWEEN ?1 AND ?2 ORDER BY date, id")?;
    let mut rows = stmt.query(rusqlite::params![from, to])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
            let m = &mut members[i];
            m.training_tenths += r.get::<_, i64>(2)?.clamp(0, i64::from(u32::MAX)) as u32;
            m.trainings += 1;
            evidence.entry(m.member_id).or_default().push(format!("training-{}", r.get::<_, i64>(1)?));
        }
    }
    let mut short = 0;
    for m in &mut members {
        m.total_tenths = m.activity_tenths + m.training_tenths;
        m.met = m.total_tenths >= m.required_tenths;
        if m.judged && !m.met {
            short += 1;
        }
        m.rate_permille = rate_permille(m.present, m.expected);
    }
    Ok((StudyHoursReport { year, params, as_of, members, short }, evidence))
}

/// Months of `year` a member who joined on `joined_on` is on the roll for the requirement: 12, or
/// from the joining month (counted) to December.
pub fn months_on_roll(joined_on: NaiveDate, year: i32) -> u32 {
    if joined_on.year() < year {
        12
    } else if joined_on.year() > year {
        0
    } else {
        13 - joined_on.month()
    }
}

/// A yearly requirement of `base_tenths` held to `months` of the year, rounded up to a whole 学时.
pub fn required_tenths(base_tenths: u32, months: u32) -> u32 {
    (crate::model::quota::prorated(f64::from(base_tenths) / 10.0, months, 12) * 10.0).round() as u32
}

/// `32`, `2.5`: tenths of an hour as people write 学时.
pub fn hours_text(tenths: i64) -> String {
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, (tenths % 10).abs())
    }
}

pub(crate) fn year_span(year: i32) -> Result<(NaiveDate, NaiveDate)> {
    match (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) {
        (Some(a), Some(b)) if (1900..=9999).contains(&year) => Ok((a, b)),
        _ => Err(Error::Invalid(vec![Problem::new("year", format!("年度：{year} 不是有效年份"))])),
    }
}
