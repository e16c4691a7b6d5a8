//! 年度"三会一课"计划 (issue 16): the year's schedule an organisation proposes from the profile in
//! force, edits and saves, and compares with what was held.
//!
//! - `propose`: the schedule from the profile — the required counts come from `standards::check`
//!   itself (one finding per rule, period and 党小组 states what the year requires), so the plan and
//!   the check can never disagree on what is required; 转正 due dates from the development engine.
//! - `store`: the saved plan (`plan_items`) and the sittings it is compared with.
//! - `actual`: plan against actual — which planned item a held sitting fulfils.
//! - `ics`: the plan as an RFC 5545 calendar file.

pub mod actual;
pub mod ics;
pub mod propose;
pub mod store;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::ActivityType;
use crate::standards::period::{spans, Span};
pub use crate::standards::profile::PeriodUnit;

pub use actual::{classify, counts, plan_vs_actual, HeldSitting, PlanCounts, PlanLine, PlanStatus, PlanVsActual};
pub use propose::{propose, ThemeDay};
pub use store::{has_plan, load_items, save_items, sittings_of};

/// What a planned item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// A sitting of `types` (党员大会, 支委会, 党小组会, 党课, 主题党日, 组织生活会, 民主评议, 谈心谈话 …).
    Meeting,
    /// 党费收缴情况公示.
    DuesPublication,
    /// 换届选举 (the term ends).
    TermRenewal,
    /// A 预备党员's 预备期 ends: the 支部大会 discusses 转正.
    Probation,
    /// A document the profile asks for by a day (工作计划, 工作总结, 年报).
    Document,
}

impl PlanKind {
    pub const ALL: [PlanKind; 5] =
        [PlanKind::Meeting, PlanKind::DuesPublication, PlanKind::TermRenewal, PlanKind::Probation, PlanKind::Document];

    pub fn code(self) -> &'static str {
        match self {
            PlanKind::Meeting => "meeting",
            PlanKind::DuesPublication => "dues_publication",
            PlanKind::TermRenewal => "term_renewal",
            PlanKind::Probation => "probation",
            PlanKind::Document => "document",
        }
    }

    pub fn from_code(code: &str) -> Option<PlanKind> {
        PlanKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            PlanKind::Meeting => "组织生活",
            PlanKind::DuesPublication => "收支公示",
            PlanKind::TermRenewal => "换届选举",
            PlanKind::Probation => "预备党员转正",
            PlanKind::Document => "计划总结",
        }
    }

    /// Whether a held sitting fulfils the item (else the check's finding for its rule and period does).
    pub fn is_sitting(self) -> bool {
        matches!(self, PlanKind::Meeting | PlanKind::TermRenewal | PlanKind::Probation)
    }
}

/// One planned item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanItem {
    pub kind: PlanKind,
    /// The sitting's types (a 主题党日 held with a 党课: both); empty for a publication or document.
    #[serde(default)]
    pub types: Vec<ActivityType>,
    /// 党小组 key (a 党小组会 is planned per group).
    #[serde(default)]
    pub group: Option<String>,
    /// 党小组 name (filled when read; ignored when saved).
    #[serde(default)]
    pub group_name: Option<String>,
    /// The period the item belongs to: the `unit` containing `planned_on` (a monthly 支委会 moved
    /// from the 5th to the 28th still counts for its month).
    pub unit: PeriodUnit,
    pub planned_on: NaiveDate,
    /// 主题 / 内容.
    #[serde(default)]
    pub topic: String,
    /// 备注.
    #[serde(default)]
    pub note: String,
    /// The profile rule the item was proposed for (None: added by hand).
    #[serde(default)]
    pub rule: Option<String>,
    /// The 发展党员 person key of a 转正 item.
    #[serde(default)]
    pub subject: Option<String>,
}

impl PlanItem {
    /// The period the item belongs to.
    pub fn span(&self) -> Span {
        let year = chrono::Datelike::year(&self.planned_on);
        spans(self.unit, year).into_iter().find(|s| s.contains(self.planned_on)).expect("a date lies in a period")
    }

    /// `党员大会` · `主题党日、党课` · `收支公示`: what the item is, for people.
    pub fn what(&self) -> String {
        if self.types.is_empty() || self.kind != PlanKind::Meeting {
            return self.kind.label().to_string();
        }
        let names: Vec<&str> = self.types.iter().map(|t| t.label()).collect();
        names.join("、")
    }
}

/// An organisation's plan for a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Plan {
    /// Organisation key.
    pub org: String,
    pub org_name: String,
    pub year: i32,
    /// True when read from the ledger; false for a proposal not yet saved.
    pub saved: bool,
    /// The 主题党日 day the proposal used and where it comes from.
    pub theme_day: ThemeDay,
    /// In date order.
    pub items: Vec<PlanItem>,
}

/// The year's `check` findings of `org_id` itself under `profile` (no development findings: the
/// plan reads only the frequency, quota and deadline rules).
fn year_findings(
    conn: &rusqlite::Connection,
    org_id: i64,
    year: i32,
    profile: &crate::standards::Profile,
    today: NaiveDate,
) -> crate::error::Result<Vec<crate::standards::Finding>> {
    let key = crate::store::orgs::get(conn, org_id)?.key;
    let report = crate::standards::check::check_orgs(conn, &[org_id], year, profile, today, Vec::new())?;
    Ok(report.findings.into_iter().filter(|f| f.org == key).collect())
}

/// The proposed plan of `org_id` for `year` under the organisation's profile.
pub fn proposal(conn: &rusqlite::Connection, org_id: i64, year: i32, today: NaiveDate) -> crate::error::Result<Plan> {
    let profile = crate::standards::profile_for(conn, Some(org_id), None)?;
    let findings = year_findings(conn, org_id, year, &profile, today)?;
    let people = crate::development::load_people(conn, &[org_id])?;
    propose(conn, org_id, year, &profile, &findings, &people)
}

/// Refuses a year outside 2000–2100 (as `check` does), naming `--year`.
pub fn check_year(year: i32) -> crate::error::Result<()> {
    if !(2000..=2100).contains(&year) {
        return Err(crate::error::Error::invalid("--year", format!("年度“{year}”应在2000到2100之间")));
    }
    Ok(())
}

/// The saved plan of `org_id` for `year` (`saved` false and no items when there is none).
pub fn saved_plan(conn: &rusqlite::Connection, org_id: i64, year: i32) -> crate::error::Result<Plan> {
    check_year(year)?;
    let org = crate::store::orgs::get(conn, org_id)?;
    let profile = crate::standards::profile_for(conn, Some(org_id), None)?;
    let theme_day = propose::theme_day(conn, org_id, year, &profile)?;
    let items = load_items(conn, org_id, year)?;
    Ok(Plan { org: org.key, org_name: org.fields.name, year, saved: !items.is_empty(), theme_day, items })
}

/// The saved plan of `org_id` for `year` against what was held, as of `today`.
pub fn actual_of(
    conn: &rusqlite::Connection,
    org_id: i64,
    year: i32,
    today: NaiveDate,
) -> crate::error::Result<PlanVsActual> {
    let plan = saved_plan(conn, org_id, year)?;
    // The check runs only when an item needs its finding (a 党费公示 or document item).
    let findings = if plan.items.iter().any(|i| !i.kind.is_sitting() && i.rule.is_some()) {
        let profile = crate::standards::profile_for(conn, Some(org_id), None)?;
        year_findings(conn, org_id, year, &profile, today)?
    } else {
        Vec::new()
    };
    let sittings = sittings_of(conn, org_id, year)?;
    let status = |rule: &str, period: &str| {
        findings.iter().find(|f| f.rule == rule && f.period == period && f.member.is_none()).map(|f| f.status)
    };
    Ok(plan_vs_actual(&plan.org, &plan.org_name, year, plan.saved, &plan.items, &sittings, &status, today))
}

/// Items listed on the 工作台 line (missed, next).
pub const GLANCE_ITEMS: usize = 3;

impl PlanVsActual {
    /// The 工作台's line.
    pub fn glance(&self) -> crate::standards::PlanGlance {
        let label = |l: &PlanLine| {
            let group = l.item.group_name.clone().unwrap_or_default();
            format!("{} {group}{}", l.item.planned_on.format("%-m月%-d日"), l.what)
        };
        let mut missed: Vec<&PlanLine> = self.lines.iter().filter(|l| l.status == PlanStatus::Missed).collect();
        missed.sort_by_key(|l| std::cmp::Reverse(l.item.planned_on));
        let mut next: Vec<&PlanLine> =
            self.lines.iter().filter(|l| l.status == PlanStatus::Upcoming && l.item.planned_on >= self.today).collect();
        next.sort_by_key(|l| l.item.planned_on);
        crate::standards::PlanGlance {
            year: self.year,
            saved: self.saved,
            summary: self.summary_text(),
            held: self.counts.held,
            missed: self.counts.missed,
            upcoming: self.counts.upcoming,
            unplanned: self.counts.unplanned,
            missed_items: missed.into_iter().take(GLANCE_ITEMS).map(label).collect(),
            next_items: next.into_iter().take(GLANCE_ITEMS).map(label).collect(),
        }
    }
}
