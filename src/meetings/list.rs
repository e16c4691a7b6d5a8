//! The year's activities as list rows with attendance counts, and the same rows by day for a month
//! calendar. Activities in the recycle bin are left out.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};
use crate::model::ActivityType;
use crate::store::{orgs, Ledger};

/// Which activities a list shows. Empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActivityFilter {
    /// The organisation and everything under it; None: the whole ledger.
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub org_id: Option<i64>,
    pub year: i32,
    /// 1–4.
    #[serde(default)]
    pub quarter: Option<u32>,
    /// 1–12 (within the quarter, if both are given).
    #[serde(default)]
    pub month: Option<u32>,
    /// Activities having any of these types.
    #[serde(default)]
    pub types: Vec<ActivityType>,
    /// 党小组 (its 党小组会).
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub group_id: Option<i64>,
}

/// 应到 / 实到 / 请假 / 缺席 of one sitting (应到 counts the attendance rows: exempt members are not in it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AttendanceCounts {
    pub expected: u32,
    pub present: u32,
    pub leave: u32,
    pub absent: u32,
}

/// One activity in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActivityRow {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub key: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub org_name: String,
    pub types: Vec<ActivityType>,
    pub date: NaiveDate,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub place: String,
    pub topic: String,
    pub group_name: Option<String>,
    pub host_name: Option<String>,
    pub recorder_name: Option<String>,
    pub hours_tenths: Option<u32>,
    pub counts: AttendanceCounts,
    pub attachments: u32,
}

/// One day of a month calendar with its activities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub activities: Vec<ActivityRow>,
}

/// The activities the filter selects, by date and time.
pub fn list_activities(ledger: &Ledger, filter: &ActivityFilter) -> Result<Vec<ActivityRow>> {
    rows(ledger.conn(), filter)
}

/// The same rows grouped by day (only days with activities), for the calendar view.
pub fn activity_calendar(ledger: &Ledger, filter: &ActivityFilter) -> Result<Vec<CalendarDay>> {
    let mut days: Vec<CalendarDay> = Vec::new();
    for row in rows(ledger.conn(), filter)? {
        match days.last_mut() {
            Some(d) if d.date == row.date => d.activities.push(row),
            _ => days.push(CalendarDay { date: row.date, activities: vec![row] }),
        }
    }
    Ok(days)
}

/// The first and last day the filter covers.
fn span(filter: &ActivityFilter) -> Result<(NaiveDate, NaiveDate)> {
    let mut problems = Vec::new();
    if !(1900..=9999).contains(&filter.year) {
        problems.push(Problem::new("year", format!("年度：{} 不是有效年份", filter.year)));
    }
    if filter.quarter.is_some_and(|q| !(1..=4).contains(&q)) {
        problems.push(Problem::new("quarter", "季度：应为 1 至 4"));
    }
    if filter.month.is_some_and(|m| !(1..=12).contains(&m)) {
        problems.push(Problem::new("month", "月份：应为 1 至 12"));
    }
    if let (Some(q), Some(m)) = (filter.quarter, filter.month) {
        if (m - 1) / 3 + 1 != q {
            problems.push(Problem::new("month", format!("月份：{m} 月不在第 {q} 季度")));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let (first, last) = match (filter.month, filter.quarter) {
        (Some(m), _) => (m, m),
        (None, Some(q)) => (3 * q - 2, 3 * q),
        (None, None) => (1, 12),
    };
    let from = NaiveDate::from_ymd_opt(filter.year, first, 1).expect("valid month");
    let next = if last == 12 {
        NaiveDate::from_ymd_opt(filter.year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(filter.year, last + 1, 1)
    }
    .expect("valid month");
    Ok((from, next.pred_opt().expect("valid date")))
}

pub(crate) const ROW_SELECT: &str = "SELECT a.id, a.key, a.org_id, o.name, a.date, a.start_time, a.end_time, a.place,
        a.topic, g.name, h.name, rc.name, a.hours_tenths,
        (SELECT group_concat(t.type) FROM activity_types t WHERE t.activity_id = a.id),
        (SELECT total(CASE x.status WHEN 'present' THEN 1 WHEN 'leave' THEN 1048576 ELSE 1099511627776 END)
             FROM attendance x WHERE x.activity_id = a.id),
        (SELECT count(*) FROM attachments f WHERE f.activity_id = a.id)
    FROM activities a JOIN organizations o ON o.id = a.org_id
        LEFT JOIN party_groups g ON g.id = a.group_id
        LEFT JOIN members h ON h.id = a.host_id
        LEFT JOIN members rc ON rc.id = a.recorder_id";

pub(crate) fn row_from(r: &rusqlite::Row) -> rusqlite::Result<ActivityRow> {
    let types: Option<String> = r.get(13)?;
    let mut types: Vec<ActivityType> =
        types.unwrap_or_default().split(',').filter_map(ActivityType::from_code).collect();
    types.sort();
    // One pass over the sitting's attendance gives all three counts, packed 20 bits apart.
    let packed = r.get::<_, f64>(14)? as u64;
    let (present, leave, absent) =
        ((packed & 0xF_FFFF) as u32, ((packed >> 20) & 0xF_FFFF) as u32, (packed >> 40) as u32);
    Ok(ActivityRow {
        id: r.get(0)?,
        key: r.get(1)?,
        org_id: r.get(2)?,
        org_name: r.get(3)?,
        types,
        date: r.get(4)?,
        start_time: r.get(5)?,
        end_time: r.get(6)?,
        place: r.get(7)?,
        topic: r.get(8)?,
        group_name: r.get(9)?,
        host_name: r.get(10)?,
        recorder_name: r.get(11)?,
        hours_tenths: r.get(12)?,
        counts: AttendanceCounts { expected: present + leave + absent, present, leave, absent },
        attachments: r.get(15)?,
    })
}

fn rows(conn: &Connection, filter: &ActivityFilter) -> Result<Vec<ActivityRow>> {
    let (from, to) = span(filter)?;
    let mut sql = format!("{ROW_SELECT} WHERE a.deleted_at IS NULL AND a.date BETWEEN ?1 AND ?2");
    if let Some(org) = filter.org_id {
        let ids = orgs::subtree_ids(conn, org)?;
        if ids.len() == 1 && orgs::name_of(conn, org).is_err() {
            return Err(Error::NotFound { what: "组织", key: org.to_string() });
        }
        let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
        sql.push_str(&format!(" AND a.org_id IN ({})", list.join(",")));
    }
    if let Some(g) = filter.group_id {
        sql.push_str(&format!(" AND a.group_id = {g}"));
    }
    if !filter.types.is_empty() {
        let codes: Vec<String> = filter.types.iter().map(|t| format!("'{}'", t.code())).collect();
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM activity_types t WHERE t.activity_id = a.id AND t.type IN ({}))",
            codes.join(",")
        ));
    }
    sql.push_str(" ORDER BY a.date, a.start_time, a.id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params![from, to], row_from)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The quarter (1–4) of a date.
pub fn quarter_of(date: NaiveDate) -> u32 {
    (date.month() - 1) / 3 + 1
}
