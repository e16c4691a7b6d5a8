//! Reminders as a function of `today`: a talk due within a month of an application, a 积极分子
//! reaching one year, the quarter's 思想汇报, a 预备期 ending within 30 days (or already ended).

use crate::model::dates::chinese_date as zh;
use chrono::{Datelike, Days, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::checks::CheckOptions;
use super::record::{DevelopmentPerson, DocumentKind};
use super::rules::version_on;
use super::store;
use crate::error::Result;
use crate::model::dates::add_months;

/// Days ahead a coming date starts to remind.
pub const REMIND_DAYS_AHEAD: u64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// 谈话: within a month of the application.
    TalkDue,
    /// 积极分子 reaching (or past) one year: may become a 发展对象.
    ActivistOneYear,
    /// The quarter's 思想汇报 not yet received.
    ThoughtReportDue,
    /// 预备期 ends within 30 days (or ended without a 转正 discussion).
    ProbationEnding,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Reminder {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub person_id: i64,
    pub subject: String,
    pub name: String,
    pub kind: ReminderKind,
    pub due: NaiveDate,
    /// Negative when overdue.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub days_left: i64,
    pub message: String,
}

fn quarter_of(d: NaiveDate) -> (i32, u32) {
    (d.year(), (d.month() - 1) / 3 + 1)
}

fn quarter_end((y, q): (i32, u32)) -> NaiveDate {
    let first_next =
        if q == 4 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, q * 3 + 1, 1) };
    first_next.expect("valid quarter") - Days::new(1)
}

fn previous((y, q): (i32, u32)) -> (i32, u32) {
    if q == 1 {
        (y - 1, 4)
    } else {
        (y, q - 1)
    }
}

fn when(days_left: i64) -> String {
    match days_left {
        0 => "今天到期".to_string(),
        d if d > 0 => format!("还剩 {d} 天"),
        d => format!("已逾期 {} 天", -d),
    }
}

/// The reminders for one person today (pure), by due date.
pub fn reminders_for(p: &DevelopmentPerson, today: NaiveDate, options: &CheckOptions) -> Vec<Reminder> {
    let mut out = Vec::new();
    let mut push = |kind, due: NaiveDate, message: String| {
        let days_left = (due - today).num_days();
        out.push(Reminder {
            person_id: p.id,
            subject: p.key.clone(),
            name: p.name.clone(),
            kind,
            due,
            days_left,
            message: format!("{}：{}（{}，{}）", p.name, message, zh(due), when(days_left)),
        });
    };
    let ahead = |due: NaiveDate| today + Days::new(REMIND_DAYS_AHEAD) >= due;
    if let (Some(s1), None) = (p.date(1), p.date(2)) {
        push(
            ReminderKind::TalkDue,
            add_months(s1, version_on(s1).talk_months),
            "收到入党申请书后须在一个月内派人谈话".into(),
        );
    }
    if let (Some(s3), None) = (p.date(3), p.date(7)) {
        let from = if options.activist_year_from_step == 4 { p.date(4).unwrap_or(s3) } else { s3 };
        let year = add_months(from, version_on(from).activist_min_months);
        if ahead(year) {
            push(ReminderKind::ActivistOneYear, year, "入党积极分子培养考察满一年，可按程序研究确定为发展对象".into());
        }
    }
    if let (Some(s3), None) = (p.date(3), p.date(24)) {
        let received: Vec<&str> = p
            .documents
            .iter()
            .filter(|d| d.kind == DocumentKind::ThoughtReport)
            .filter_map(|d| d.period.as_deref())
            .collect();
        let has = |(y, q): (i32, u32)| received.contains(&format!("{y}-Q{q}").as_str());
        let current = quarter_of(today);
        let mut missed = Vec::new();
        let mut q = previous(current);
        while q >= quarter_of(s3) && missed.len() < 8 {
            if !has(q) {
                missed.push(format!("{}年第{}季度", q.0, q.1));
            }
            q = previous(q);
        }
        if quarter_of(s3) <= current && !has(current) {
            let mut message = format!("{}年第{}季度思想汇报尚未收到", current.0, current.1);
            if !missed.is_empty() {
                missed.reverse();
                message.push_str(&format!("；此前缺{}", missed.join("、")));
            }
            push(ReminderKind::ThoughtReportDue, quarter_end(current), message);
        }
    }
    if let (Some(s15), None) = (p.date(15), p.date(23)) {
        if let Some(end) = p.probation_end(version_on(s15).probation_months) {
            if ahead(end) {
                push(ReminderKind::ProbationEnding, end, "预备期满，须及时提交支部大会讨论转正".into());
            }
        }
    }
    out.sort_by_key(|r| r.due);
    out
}

/// Every reminder of the people of `org_ids` (all when empty), soonest first.
pub fn development_reminders(conn: &Connection, org_ids: &[i64], today: NaiveDate) -> Result<Vec<Reminder>> {
    let options = super::store::check_options(conn)?;
    // Nothing overdue before the ledger's start month (记账起始) is brought up: the ledger has no record of it.
    let start = crate::store::meta::start_month(conn)?.map(crate::model::dates::Month::first_day);
    let mut out: Vec<Reminder> = store::load_people(conn, org_ids)?
        .iter()
        .flat_map(|p| reminders_for(p, today, &options))
        .filter(|r| start.is_none_or(|s| r.due >= s))
        .collect();
    out.sort_by(|a, b| a.due.cmp(&b.due).then(a.subject.cmp(&b.subject)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters() {
        let d = |s: &str| crate::model::dates::parse_date(s).unwrap();
        assert_eq!(quarter_of(d("2026-03-31")), (2026, 1));
        assert_eq!(quarter_of(d("2026-04-01")), (2026, 2));
        assert_eq!(quarter_end((2026, 1)), d("2026-03-31"));
        assert_eq!(quarter_end((2026, 4)), d("2026-12-31"));
        assert_eq!(previous((2026, 1)), (2025, 4));
    }
}
