//! The standards as the app's 工作台, 自查 and 评分 screens call them: by organisation id, with the
//! 发展党员 checks included, each one core call.

use chrono::NaiveDate;

use crate::app::findings::DevelopmentFindings;
use crate::error::Result;
use crate::model::citation;
use crate::standards::{check_ledger, dashboard_for, list_profiles, set_mark};
pub use crate::standards::{CheckReport, Dashboard, Mark, MarkInput, ProfileSummary, ScoreSheet};
use crate::store::{orgs, Ledger};
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
    let key = orgs::get(ledger.conn(), org_id)?.key;
    let mut report = check_ledger(ledger, Some(&key), year, profile, today, &DevelopmentFindings)?;
    for f in &mut report.findings {
        f.source = citation::plain(&f.source);
    }
    Ok(report)
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
