//! The development findings in the shape of the `check --json` contract, for `zhibu check` and the
//! dashboard: one finding per person × check (× step for the vote checks).

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::checks::{evaluate, CheckOptions, CheckResult, CheckStatus};
use super::record::DevelopmentPerson;
use super::rules::DevelopmentCheck;
use super::store;
use crate::error::Result;

/// One finding, serialised as in `cli.md`: `{rule, kind: "development", org, subject, check, status,
/// message, source, period?, evidence}` plus `step`, `due`, `rules_version` and `subject_name`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DevelopmentFinding {
    /// `development.<check>` (a profile may map it to its own rule id).
    pub rule: String,
    /// Always `development`.
    pub kind: String,
    /// The organisation's key.
    pub org: String,
    /// The development record's key.
    pub subject: String,
    pub subject_name: String,
    pub check: DevelopmentCheck,
    pub status: CheckStatus,
    /// Chinese, starting with the person's name.
    pub message: String,
    /// The rule's source, with the version's title and article.
    pub source: String,
    /// The year the finding is reported under (`2026`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// 15 or 23 for `quorum_more_than_half` and `majority_of_eligible`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<u8>,
    /// Deadline (or earliest date for a minimum period).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Rules version used (`2014`, `2026`).
    pub rules_version: String,
    /// The recorded facts the finding rests on.
    pub evidence: Vec<String>,
}

/// Turns one result into a finding reported under `period`.
pub fn finding(p: &DevelopmentPerson, r: &CheckResult, period: Option<String>) -> DevelopmentFinding {
    DevelopmentFinding {
        rule: format!("development.{}", r.check.code()),
        kind: "development".to_string(),
        org: p.org_key.clone(),
        subject: p.key.clone(),
        subject_name: p.name.clone(),
        check: r.check,
        status: r.status,
        message: format!("{}：{}", p.name, r.message),
        source: r.source.clone(),
        period,
        step: r.step,
        due: r.due,
        rules_version: r.rules.clone(),
        evidence: r.evidence.clone(),
    }
}

/// Whether a result belongs to `year`: a decided one in the year it was decided; an open one in
/// every year from the one it arose in to `today`'s.
pub fn in_year(r: &CheckResult, year: i32, today: NaiveDate) -> bool {
    match r.decided_on {
        Some(d) => d.year() == year,
        None => (r.since.year()..=today.year()).contains(&year),
    }
}

/// Every development finding of the people of `org_ids` (all organisations when empty), limited to
/// `year` when given, as seen on `today`. Ordered by organisation, person, then the contract's check
/// order.
pub fn development_findings(
    conn: &Connection,
    org_ids: &[i64],
    year: Option<i32>,
    today: NaiveDate,
) -> Result<Vec<DevelopmentFinding>> {
    let options = super::store::check_options(conn)?;
    let people = store::load_people(conn, org_ids)?;
    let start = crate::store::meta::start_month(conn)?.map(crate::model::dates::Month::first_day);
    Ok(findings_of(&people, year, today, &options, start))
}

/// True for a step found missing whose deadline passed before the ledger's start month (记账起始):
/// the ledger holds no record of that time, so the absence is not judged. A recorded step that broke
/// a rule is still reported, whenever it happened.
pub fn missing_before(r: &CheckResult, start: Option<NaiveDate>) -> bool {
    r.status == CheckStatus::Unmet
        && r.decided_on.is_none()
        && matches!((r.due, start), (Some(due), Some(start)) if due < start)
}

/// The findings of loaded records (pure), leaving out steps found missing before `start` (the
/// ledger's start month, `missing_before`).
pub fn findings_of(
    people: &[DevelopmentPerson],
    year: Option<i32>,
    today: NaiveDate,
    options: &CheckOptions,
    start: Option<NaiveDate>,
) -> Vec<DevelopmentFinding> {
    let mut out = Vec::new();
    for p in people {
        for r in evaluate(p, today, options).into_iter().filter(|r| !missing_before(r, start)) {
            match year {
                Some(y) if in_year(&r, y, today) => out.push(finding(p, &r, Some(y.to_string()))),
                Some(_) => {}
                None => {
                    let y = r.decided_on.map(|d| d.year()).unwrap_or(today.year());
                    out.push(finding(p, &r, Some(y.to_string())));
                }
            }
        }
    }
    out
}

/// Counts by status, for a dashboard badge.
pub fn count(findings: &[DevelopmentFinding], status: CheckStatus) -> usize {
    findings.iter().filter(|f| f.status == status).count()
}
