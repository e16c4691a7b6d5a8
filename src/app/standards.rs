//! The standards as the app's 工作台, 自查 and 评分 screens call them: by organisation id, with the
//! 发展党员 checks included, each one core call.

use chrono::NaiveDate;
use serde::Serialize;

use crate::app::findings::DevelopmentFindings;
use crate::error::Result;
use crate::model::citation;
pub use crate::report::profile::ProfileReceipt;
use crate::standards::check::check_each;
use crate::standards::{dashboard_for, list_profiles, set_mark};
pub use crate::standards::{
    CheckReport, Dashboard, Finding, Mark, MarkInput, ProfileReceived, ProfileSummary, ScoreSheet, Status, StatusCounts,
};
use crate::store::Ledger;
use crate::workbooks::standards::{score_org, scoring_profile};

/// Overdue items, this month's, upcoming deadlines and the year at a glance, under the org's profile.
/// The year's plan against actual is one line of it (`Dashboard::plan`).
pub fn dashboard(ledger: &Ledger, org_id: i64, today: NaiveDate) -> Result<Dashboard> {
    let mut d = dashboard_for(ledger, Some(org_id), None, today, &DevelopmentFindings)?;
    let year = chrono::Datelike::year(&today);
    d.plan = Some(ledger.read(|conn| crate::plan::actual_of(conn, org_id, year, today))?.glance());
    Ok(d)
}

/// Every rule of the profile (the organisation's own when None) for the year: the 自查, each source
/// as a person reads it (`model::citation::plain`; `check --json` keeps the full text).
pub fn self_check(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    profile: Option<&str>,
    today: NaiveDate,
) -> Result<CheckReport> {
    Ok(self_checks(ledger, &[org_id], year, profile, today)?.remove(0))
}

/// `self_check` of each organisation of `org_ids` (a committee's branches), in that order, computed
/// together (`standards::check::check_each`: the year's facts loaded once per profile).
pub fn self_checks(
    ledger: &Ledger,
    org_ids: &[i64],
    year: i32,
    profile: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<CheckReport>> {
    let mut reports = ledger.read(|conn| check_each(conn, org_ids, year, profile, today, &DevelopmentFindings))?;
    for f in reports.iter_mut().flat_map(|r| r.findings.iter_mut()) {
        f.source = citation::plain(&f.source);
    }
    Ok(reports)
}

/// How many findings of each status the 自查 screen lists under a rule (the rest are counted).
pub const SHOWN_PER_STATUS: usize = 40;

/// What the 自查 screen shows of the year's check: every rule once, in the profile's order, with its
/// counts and, of its findings, the first `SHOWN_PER_STATUS` of each status. A 党委's full report holds
/// tens of thousands of findings (11,457 on the large demo, 8 MB of JSON) the screen never lists; the
/// workbooks and `check --json` take the whole report from `self_check`, of which this is a cut.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CheckScreen {
    pub year: i32,
    pub profile: String,
    pub counts: StatusCounts,
    pub rules: Vec<RuleFindings>,
}

/// One rule on the 自查 screen.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleFindings {
    pub rule: String,
    /// What the rule asks (its findings' title; the rule id when the profile gives none).
    pub title: String,
    pub source: String,
    pub counts: StatusCounts,
    /// Unmet first, then 需人工确认, 未到期 and 符合; within a status in the report's order.
    pub findings: Vec<Finding>,
}

/// The 自查 screen's cut of `self_check`.
pub fn self_check_screen(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    profile: Option<&str>,
    today: NaiveDate,
) -> Result<CheckScreen> {
    let report = self_check(ledger, org_id, year, profile, today)?;
    Ok(CheckScreen::of(report, SHOWN_PER_STATUS))
}

impl CheckScreen {
    /// The cut of `report` keeping, under each rule, the first `shown` findings of each status.
    pub fn of(report: CheckReport, shown: usize) -> CheckScreen {
        let counts = report.counts();
        let mut rules: Vec<RuleFindings> = Vec::new();
        for f in report.findings {
            let at = match rules.iter().position(|r| r.rule == f.rule) {
                Some(i) => i,
                None => {
                    rules.push(RuleFindings {
                        rule: f.rule.clone(),
                        title: if f.title.is_empty() { f.rule.clone() } else { f.title.clone() },
                        source: f.source.clone(),
                        counts: StatusCounts::default(),
                        findings: Vec::new(),
                    });
                    rules.len() - 1
                }
            };
            let rule = &mut rules[at];
            rule.counts.add(f.status);
            if shown_of(&rule.counts, f.status) <= shown {
                rule.findings.push(f);
            }
        }
        for rule in &mut rules {
            rule.findings.sort_by_key(|f| status_rank(f.status)); // stable: the report's order within a status
        }
        CheckScreen { year: report.year, profile: report.profile, counts, rules }
    }
}

fn shown_of(c: &StatusCounts, s: Status) -> usize {
    (match s {
        Status::Met => c.met,
        Status::Unmet => c.unmet,
        Status::Pending => c.pending,
        Status::Manual => c.manual,
    }) as usize
}

fn status_rank(s: Status) -> u8 {
    match s {
        Status::Unmet => 0,
        Status::Manual => 1,
        Status::Pending => 2,
        Status::Met => 3,
    }
}

/// The 评分 of a scoring profile: the one chosen, else the organisation's own. An organisation whose
/// own standard has no point table is not scored by another one silently: the person is asked to
/// choose the scoring standard its superior uses.
pub fn score(ledger: &Ledger, org_id: i64, year: i32, profile: Option<&str>, today: NaiveDate) -> Result<ScoreSheet> {
    if profile.is_none() {
        let own = crate::standards::check::profile_for(ledger.conn(), Some(org_id), None)?;
        if own.scoring.is_none() {
            let scoring: Vec<String> = list_profiles(ledger.conn())?
                .into_iter()
                .filter(|p| p.scores)
                .map(|p| format!("“{}”", p.title))
                .collect();
            return Err(crate::Error::Conflict(format!(
                "本组织采用的标准“{}”没有评分表。如上级按评分办法考核，请在上方选择所用的标准（{}）",
                own.title,
                scoring.join("、")
            )));
        }
    }
    let profile = scoring_profile(ledger, org_id, profile)?;
    score_org(ledger, org_id, year, &profile, today, &DevelopmentFindings)
}

/// Ticks (or unticks) a manual item, with its note, date, evidence and score.
pub fn mark(ledger: &Ledger, input: &MarkInput, today: NaiveDate) -> Result<Mark> {
    set_mark(ledger, input, today)
}

pub fn profiles(ledger: &Ledger) -> Result<Vec<ProfileSummary>> {
    list_profiles(ledger.conn())
}

/// A profile as editable JSON (pretty-printed), for the 标准方案 editor.
pub fn profile_json(ledger: &Ledger, id: &str) -> Result<String> {
    let p = crate::standards::load_profile(ledger.conn(), id)?;
    serde_json::to_string_pretty(&p).map_err(|e| crate::Error::Internal(e.to_string()))
}

/// Copies a profile (built-in or the user's) under a new id and title; the copy can then be edited.
pub fn copy(ledger: &Ledger, from: &str, new_id: &str, title: &str) -> Result<ProfileSummary> {
    Ok(crate::standards::copy_profile(ledger, from, new_id, title)?.summary(false))
}

/// Saves an edited copy; every problem is named by its JSON path and nothing is saved.
pub fn save(ledger: &Ledger, id: &str, json: &str) -> Result<ProfileSummary> {
    Ok(crate::standards::save_profile(ledger, id, json)?.summary(false))
}

/// 下发标准: writes profile `id` as a file the branches import (`report::profile`), sent down by the
/// ledger's top organisation.
pub fn export_profile(ledger: &Ledger, id: &str, out: &std::path::Path) -> Result<ProfileSummary> {
    let from = match crate::store::orgs::first_top(ledger.conn())? {
        Some(top) => crate::store::orgs::name_of(ledger.conn(), top)?,
        None => String::new(),
    };
    let now = chrono::Local::now().fixed_offset();
    Ok(crate::report::profile::write_profile_file(ledger, id, &from, now, out)?.summary(false))
}

/// Imports a profile file the committee sent down: added, or the ledger's copy of it updated.
pub fn import_profile(ledger: &Ledger, path: &std::path::Path) -> Result<ProfileReceipt> {
    crate::report::profile::read_profile_file(ledger, path)
}
