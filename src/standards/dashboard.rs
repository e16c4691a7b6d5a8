//! 工作台: what is overdue, what falls due this month, what comes up soon (political birthdays, 换届,
//! dated deadlines) and the year at a glance per activity type and period — all from the year's
//! findings, each item carrying the rule, period and records behind it so the UI can open them.
//! 预备期 and 积极分子 reminders come from the development module through the findings provider.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::facts::{on_roll, subtree_ids};
use super::finding::{Finding, Status};
use super::period::last_day;
use super::profile::{DeadlineEvent, Profile, RuleSpec};
use crate::error::Result;
use crate::model::ActivityType;

/// Days ahead the 即将到期 list looks.
pub const UPCOMING_DAYS: u64 = 60;

/// What an upcoming item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum UpcomingKind {
    /// 政治生日: the anniversary of joining.
    PoliticalBirthday,
    /// 换届: a term ending within the reminder window.
    TermRenewal,
    /// A dated deadline of the profile.
    Deadline,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Upcoming {
    pub kind: UpcomingKind,
    pub date: NaiveDate,
    pub title: String,
    pub org: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// One period of one activity type, over the organisations of the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GlanceCell {
    pub period: String,
    pub met: u32,
    pub unmet: u32,
    pub pending: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GlanceRow {
    pub rule: String,
    pub activity: ActivityType,
    pub title: String,
    pub cells: Vec<GlanceCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Dashboard {
    pub year: i32,
    pub today: NaiveDate,
    pub profile: String,
    /// Unmet findings whose period or deadline has passed, the most recent first.
    pub overdue: Vec<Finding>,
    /// Pending findings falling due by the end of this month.
    pub due_this_month: Vec<Finding>,
    /// The next `UPCOMING_DAYS` days, in date order.
    pub upcoming: Vec<Upcoming>,
    /// Frequency rules per period: met / unmet / pending.
    pub glance: Vec<GlanceRow>,
}

/// The dashboard of `org_id`'s subtree (whole ledger when None) on `today` under `profile`, with the
/// development findings in `extra_findings`.
pub fn dashboard(
    conn: &Connection,
    org_id: Option<i64>,
    profile: &Profile,
    today: NaiveDate,
    extra_findings: Vec<Finding>,
) -> Result<Dashboard> {
    let year = today.year();
    let report = super::check::check(conn, org_id, year, profile, today, extra_findings)?;
    let month_end = last_day(year, today.month());
    let mut overdue: Vec<Finding> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Unmet && f.due.is_none_or(|d| d < today))
        .cloned()
        .collect();
    overdue.sort_by_key(|f| std::cmp::Reverse(f.due));
    let due_this_month: Vec<Finding> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Pending && f.due.is_some_and(|d| d >= today && d <= month_end))
        .cloned()
        .collect();

    let horizon = today + Days::new(UPCOMING_DAYS);
    let mut upcoming = political_birthdays(conn, org_id, today, horizon)?;
    for f in report.findings.iter().filter(|f| f.kind == "deadline" && f.status == Status::Pending) {
        let renewal = profile
            .rule(&f.rule)
            .is_some_and(|r| matches!(r.spec, RuleSpec::Deadline { event: DeadlineEvent::TermRenewal, .. }));
        // A term in its reminder window shows however far its end is; other deadlines within the horizon.
        let Some(due) = f.due.filter(|d| renewal || (*d >= today && *d <= horizon)) else { continue };
        let kind = if renewal { UpcomingKind::TermRenewal } else { UpcomingKind::Deadline };
        upcoming.push(Upcoming {
            kind,
            date: due,
            title: f.message.clone(),
            org: f.org.clone(),
            member: None,
            rule: Some(f.rule.clone()),
        });
    }
    upcoming.sort_by(|a, b| (a.date, &a.org).cmp(&(b.date, &b.org)));

    let mut glance: Vec<GlanceRow> = Vec::new();
    for f in report.findings.iter().filter(|f| f.kind == "frequency") {
        let Some(activity) = f.activity else { continue };
        let row = match glance.iter_mut().position(|r| r.rule == f.rule) {
            Some(i) => &mut glance[i],
            None => {
                glance.push(GlanceRow { rule: f.rule.clone(), activity, title: f.title.clone(), cells: Vec::new() });
                glance.last_mut().expect("just pushed")
            }
        };
        let cell = match row.cells.iter_mut().position(|c| c.period == f.period) {
            Some(i) => &mut row.cells[i],
            None => {
                row.cells.push(GlanceCell { period: f.period.clone(), met: 0, unmet: 0, pending: 0 });
                row.cells.last_mut().expect("just pushed")
            }
        };
        match f.status {
            Status::Met => cell.met += 1,
            Status::Unmet => cell.unmet += 1,
            _ => cell.pending += 1,
        }
    }
    Ok(Dashboard { year, today, profile: profile.id.clone(), overdue, due_this_month, upcoming, glance })
}

/// Members on the roll whose joining anniversary falls between `from` and `to`.
fn political_birthdays(
    conn: &Connection,
    org_id: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Upcoming>> {
    let ids = subtree_ids(conn, org_id)?;
    let keys: BTreeMap<i64, String> = conn
        .prepare("SELECT id, key FROM organizations")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let filter = crate::store::members::MemberFilter { org_id, ..Default::default() };
    let mut out = Vec::new();
    for m in crate::store::members::list(conn, &filter)? {
        if !ids.contains(&m.fields.org_id) || !on_roll(&m, from) {
            continue;
        }
        let joined = m.fields.joined_on;
        for year in [from.year(), from.year() + 1] {
            let Some(day) = NaiveDate::from_ymd_opt(year, joined.month(), joined.day())
                .or_else(|| NaiveDate::from_ymd_opt(year, joined.month(), 28))
            else {
                continue;
            };
            if day >= from && day <= to && year > joined.year() {
                out.push(Upcoming {
                    kind: UpcomingKind::PoliticalBirthday,
                    date: day,
                    title: format!(
                        "{}入党{}周年（{}入党）",
                        m.fields.name,
                        year - joined.year(),
                        joined.format("%Y年%-m月%-d日")
                    ),
                    org: keys.get(&m.fields.org_id).cloned().unwrap_or_default(),
                    member: Some(m.key.clone()),
                    rule: None,
                });
            }
        }
    }
    Ok(out)
}

/// What the app calls: the dashboard of the organisation `org_id` (whole ledger when None) under
/// `profile_id` (the organisation's own when None), in one read transaction, with `provider`'s
/// development findings (预备期, 积极分子 reminders).
pub fn dashboard_for(
    ledger: &crate::store::Ledger,
    org_id: Option<i64>,
    profile_id: Option<&str>,
    today: NaiveDate,
    provider: &dyn super::check::FindingsProvider,
) -> Result<Dashboard> {
    ledger.write(|conn| {
        let profile = super::check::profile_for(conn, org_id, profile_id)?;
        let ids = subtree_ids(conn, org_id)?;
        let extra = provider.findings(conn, &ids, today.year(), today)?;
        dashboard(conn, org_id, &profile, today, extra)
    })
}
