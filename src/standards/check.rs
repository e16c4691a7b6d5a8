//! `check`: every rule of a profile evaluated for one year over an organisation's subtree (each
//! organisation under it evaluated on its own), plus the findings other modules supply (the 发展党员
//! checks come in through `FindingsProvider`).

use chrono::NaiveDate;
use rusqlite::Connection;

use super::facts::{self, Needs};
use super::finding::{CheckReport, Finding};
use super::profile::{Measure, Profile, RuleSpec};
use super::rules::{self, Ctx};
use crate::error::{Error, Result};
use crate::store::Ledger;

/// A source of findings the rule engine does not compute itself (issue 5's 发展党员 checks), given
/// the organisations of the check (tree order), the year and `today`.
pub trait FindingsProvider {
    fn findings(&self, conn: &Connection, org_ids: &[i64], year: i32, today: NaiveDate) -> Result<Vec<Finding>>;
}

/// No extra findings.
pub struct NoExtraFindings;

impl FindingsProvider for NoExtraFindings {
    fn findings(&self, _: &Connection, _: &[i64], _: i32, _: NaiveDate) -> Result<Vec<Finding>> {
        Ok(Vec::new())
    }
}

/// Evaluates `profile` for `year` over the subtree of `org_id` (the whole ledger when None), as seen
/// on `today`, and appends `extra_findings` (development findings). Findings are ordered by
/// organisation (tree order), then rule (profile order), then period, then member or group.
pub fn check(
    conn: &Connection,
    org_id: Option<i64>,
    year: i32,
    profile: &Profile,
    today: NaiveDate,
    extra_findings: Vec<Finding>,
) -> Result<CheckReport> {
    if !(2000..=2100).contains(&year) {
        return Err(Error::invalid("--year", format!("年度“{year}”应在2000到2100之间")));
    }
    let org_ids = facts::subtree_ids(conn, org_id)?;
    if let (Some(id), true) = (org_id, org_ids.is_empty()) {
        crate::store::orgs::name_of(conn, id)?;
    }
    check_orgs(conn, &org_ids, year, profile, today, extra_findings)
}

/// `check` over exactly the organisations `org_ids` (tree order), each evaluated on its own: what
/// the year plan reads for one organisation without evaluating the branches under it.
pub fn check_orgs(
    conn: &Connection,
    org_ids: &[i64],
    year: i32,
    profile: &Profile,
    today: NaiveDate,
    extra_findings: Vec<Finding>,
) -> Result<CheckReport> {
    if !(2000..=2100).contains(&year) {
        return Err(Error::invalid("--year", format!("年度“{year}”应在2000到2100之间")));
    }
    let needs = Needs {
        dues_streaks: profile
            .rules
            .iter()
            .any(|r| matches!(r.spec, RuleSpec::Quota { measure: Measure::DuesUnpaidStreak, .. })),
        study_hours: profile.reads_study_hours().then(|| profile.study_hours_params()),
        funds: profile.rules.iter().any(|r| matches!(r.spec, RuleSpec::Funds { .. })),
    };
    let facts = facts::load(conn, org_ids, year, &profile.id, today, needs)?;
    let mut findings = Vec::new();
    for org in &facts.orgs {
        for rule in profile.rules.iter().filter(|r| rules::applies_to_org(r, org)) {
            let ctx = Ctx { facts: &facts, org, rule, year, today };
            findings.extend(rules::evaluate(&ctx));
        }
    }
    findings.extend(extra_findings);
    let start_month = facts.start.map(|d| crate::model::dates::Month::of(d).to_string());
    Ok(CheckReport { year, profile: profile.id.clone(), today, findings, start_month })
}

/// The profile a check uses: `profile_id` when given, else the organisation's own (else the first
/// top-level organisation's), else `national`.
pub fn profile_for(conn: &Connection, org_id: Option<i64>, profile_id: Option<&str>) -> Result<Profile> {
    let id = match profile_id {
        Some(id) => id.to_string(),
        None => {
            let own: Option<String> = match org_id {
                Some(id) => crate::store::orgs::get(conn, id)?.fields.profile,
                None => conn
                    .query_row(
                        "SELECT profile FROM organizations WHERE parent_id IS NULL ORDER BY id LIMIT 1",
                        [],
                        |r| r.get(0),
                    )
                    .unwrap_or(None),
            };
            own.filter(|p| !p.trim().is_empty()).unwrap_or_else(|| "national".to_string())
        }
    };
    super::custom::load_profile(conn, &id)
}

/// What the app and the CLI call: the organisation by key (None: the whole ledger), the profile by
/// id (None: the organisation's own), and the development findings from `provider`.
pub fn check_ledger(
    ledger: &Ledger,
    org_key: Option<&str>,
    year: i32,
    profile_id: Option<&str>,
    today: NaiveDate,
    provider: &dyn FindingsProvider,
) -> Result<CheckReport> {
    // One transaction: every query reads the same snapshot.
    ledger.read(|conn| {
        let org_id = org_key.map(|k| crate::store::orgs::id_by_key(conn, k)).transpose()?;
        let profile = profile_for(conn, org_id, profile_id)?;
        let org_ids = facts::subtree_ids(conn, org_id)?;
        let extra = provider.findings(conn, &org_ids, year, today)?;
        check(conn, org_id, year, &profile, today, extra)
    })
}
