//! The committee's view of its branches (issue 15): one row per organisation under the 党委/总支 —
//! the 各支部 table, the branch × rule matrix, the 汇总表 — computed once for all branches with the
//! branches' own computations (the rule check, the dues engine, the 组织生活 list, the 发展党员
//! records) and split by branch.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::ActivityType;
use crate::standards::check::check_each;
use crate::standards::{FindingsProvider, Status, StatusCounts};
use crate::store::{self, Ledger};

/// Sittings of one type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TypeCount {
    pub activity: ActivityType,
    pub count: u32,
}

/// One row of the committee 工作台: a branch, from the same computations as the branch's own screens
/// (the rule check, the dues engine, the 组织生活 list, the 发展党员 records), plus its last report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BranchRow {
    pub org: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub name: String,
    /// Members the dues engine counts for the year (on the roll in some month of it).
    pub members: u32,
    /// The quarter of `today` (`YYYY-Qn`).
    pub quarter: String,
    /// 三会一课 (党员大会, 支委会, 党小组会, 党课): sittings held and required in the rules' periods that
    /// fall in this quarter (months of it, and the quarter itself), summed over the rule check's
    /// organisation-level findings.
    pub meetings_held: f64,
    pub meetings_required: f64,
    /// The year's sittings by type (as the 组织生活 list counts them: a sitting of two types counts
    /// under both), in the order of the types; types without a sitting left out.
    pub meetings: Vec<TypeCount>,
    /// Unmet findings of the year so far.
    pub unmet: u32,
    /// Unmet findings whose period or deadline has passed (the 工作台's 已逾期).
    pub overdue: u32,
    /// 学时: members the check judges on a 学时 rule, and those who met every 学时 rule they are held to
    /// (pending ones — the year not over — are not met).
    pub study_judged: u32,
    pub study_met: u32,
    /// People on the way (入党申请人 to 预备党员: the 发展党员 board's first four columns).
    pub development: u32,
    /// 党费 due and paid so far this year (分).
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub dues_due_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub dues_paid_fen: i64,
    /// When the branch made its last report received (`YYYY-MM-DD`).
    pub last_report: Option<String>,
}

/// The branches of the committee table: every organisation under a top one, in organisation order
/// (id, name); `profile`, when given, must exist.
fn branches(ledger: &Ledger, profile: Option<&str>) -> Result<Vec<(i64, String)>> {
    ledger.read(|tx| {
        if let Some(id) = profile {
            // Named even when there is no branch to check.
            crate::standards::load_profile(tx, id)?;
        }
        Ok(store::reports::org_parents(tx)?
            .into_iter()
            .filter(|(_, parent, _)| parent.is_some())
            .map(|(id, _, name)| (id, name))
            .collect())
    })
}

/// The day a year is read on: `today` in its own year, else the year's last day.
pub fn reading_day(year: i32, today: NaiveDate) -> Result<NaiveDate> {
    if year == today.year() {
        return Ok(today);
    }
    NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| Error::invalid("year", format!("年度“{year}”不是有效年份")))
}

/// The committee 工作台 table: one row per organisation under the ledger's top organisation(s), in
/// organisation order, for `year` read on `reading_day` (its quarter: the reading day's), each
/// branch checked under `profile` (None: its own). Everything is computed once for all branches and split by branch: the rule check
/// (`standards::check::check_each`, as each branch's 自查), the dues year (`dues::year_report`), the
/// year's 组织生活 list and the 发展党员 records; `findings` adds the 发展党员 checks.
pub fn branch_rows(
    ledger: &Ledger,
    year: i32,
    today: NaiveDate,
    profile: Option<&str>,
    findings: &dyn FindingsProvider,
) -> Result<Vec<BranchRow>> {
    use crate::model::ActivityType as T;
    let today = reading_day(year, today)?;
    let q = (today.month() - 1) / 3 + 1;
    let quarter = format!("{year}-Q{q}");
    let in_quarter = |code: &str| {
        code == quarter
            || (code.len() == 7
                && code.starts_with(&format!("{year}-"))
                && code[5..].parse::<u32>().is_ok_and(|m| (m - 1) / 3 + 1 == q))
    };
    let branches = branches(ledger, profile)?;
    let ids: Vec<i64> = branches.iter().map(|(id, _)| *id).collect();
    let checks = ledger.read(|conn| check_each(conn, &ids, year, profile, today, findings))?;
    let dues = crate::dues::year_report(ledger, year, None, today)?;
    let activities = crate::meetings::list::list_activities(
        ledger,
        &crate::meetings::list::ActivityFilter { year, ..Default::default() },
    )?;
    let (last, keys, subtrees, people) = ledger.read(|tx| {
        let last: HashMap<i64, String> = store::reports::latest(tx)?
            .into_iter()
            .map(|r| (r.org_id, r.exported_at.get(..10).unwrap_or("").to_string()))
            .collect();
        let subtrees = ids
            .iter()
            .map(|&id| Ok(store::orgs::subtree_ids(tx, id)?.into_iter().collect::<HashSet<i64>>()))
            .collect::<Result<Vec<_>>>()?;
        let people = crate::development::store::load_people(tx, &[])?;
        Ok((last, store::orgs::keys(tx)?, subtrees, people))
    })?;
    let mut rows = Vec::with_capacity(branches.len());
    for (((id, name), check), subtree) in branches.into_iter().zip(checks).zip(&subtrees) {
        let subtree_keys: HashSet<&str> = subtree.iter().filter_map(|i| keys.get(i).map(String::as_str)).collect();
        let (mut held, mut required) = (0.0, 0.0);
        for f in check.findings.iter().filter(|f| {
            f.member.is_none()
                && matches!(
                    f.activity,
                    Some(T::PartyCongress | T::CommitteeMeeting | T::GroupMeeting | T::PartyLecture)
                )
                && in_quarter(&f.period)
        }) {
            held += f.actual;
            required += f.required;
        }
        let unmet = check.findings.iter().filter(|f| f.status == Status::Unmet).count() as u32;
        let overdue = check.findings.iter().filter(|f| f.overdue(today)).count() as u32;
        // 学时: every member a 学时 rule judges; met when none of them is unmet or pending.
        let mut study: HashMap<&str, bool> = HashMap::new();
        for f in check
            .findings
            .iter()
            .filter(|f| f.measure.as_deref() == Some(crate::standards::profile::Measure::TrainingHours.code()))
        {
            if let Some(m) = &f.member {
                let met = study.entry(m.as_str()).or_insert(true);
                *met &= f.status == Status::Met;
            }
        }
        let mut totals = crate::dues::DuesTotals::default();
        for line in dues.members.iter().filter(|l| subtree_keys.contains(l.org.as_str())) {
            totals.add(line);
        }
        let mut meetings: Vec<TypeCount> = Vec::new();
        for t in T::ALL {
            let count = activities.iter().filter(|a| subtree.contains(&a.org_id) && a.types.contains(t)).count();
            if count > 0 {
                meetings.push(TypeCount { activity: *t, count: count as u32 });
            }
        }
        let development = people
            .iter()
            .filter(|p| subtree.contains(&p.org_id) && p.stage() != crate::development::Stage::Full)
            .count() as u32;
        rows.push(BranchRow {
            org: keys.get(&id).cloned().unwrap_or_default(),
            org_id: id,
            name,
            members: totals.members,
            quarter: quarter.clone(),
            meetings_held: held,
            meetings_required: required,
            meetings,
            unmet,
            overdue,
            study_judged: study.len() as u32,
            study_met: study.values().filter(|m| **m).count() as u32,
            development,
            dues_due_fen: totals.due_to_date_fen,
            dues_paid_fen: totals.paid_to_date_fen,
            last_report: last.get(&id).cloned(),
        });
    }
    Ok(rows)
}

/// A column of the branch × rule matrix: one rule of the profile (or a 发展党员 check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MatrixRule {
    pub rule: String,
    pub kind: String,
    pub title: String,
}

/// One branch × rule: how many of the rule's findings (periods, members) are in each state, and the
/// cell's state — unmet when any is, else pending, else manual, else met; None when the rule does
/// not apply to the branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MatrixCell {
    pub status: Option<Status>,
    pub counts: StatusCounts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MatrixRow {
    pub org: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub name: String,
    /// One cell per rule of `BranchMatrix::rules`, in that order.
    pub cells: Vec<MatrixCell>,
}

/// The branch × rule matrix of a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BranchMatrix {
    pub year: i32,
    /// The profile every branch was checked under; None: each its own.
    pub profile: Option<String>,
    pub rules: Vec<MatrixRule>,
    pub rows: Vec<MatrixRow>,
}

/// The branch × rule matrix for `year` under `profile` (None: each branch's own), from the same
/// check as each branch's 自查 (`standards::check::check_each`). Rules in the order they first appear
/// (profile order), the 发展党员 checks last.
pub fn branch_matrix(
    ledger: &Ledger,
    year: i32,
    today: NaiveDate,
    profile: Option<&str>,
    findings: &dyn FindingsProvider,
) -> Result<BranchMatrix> {
    let branches = branches(ledger, profile)?;
    let ids: Vec<i64> = branches.iter().map(|(id, _)| *id).collect();
    let checks = ledger.read(|conn| check_each(conn, &ids, year, profile, today, findings))?;
    let keys = ledger.read(|tx| store::orgs::keys(tx))?;
    let mut rules: Vec<MatrixRule> = Vec::new();
    for f in checks.iter().flat_map(|c| &c.findings) {
        if !rules.iter().any(|r| r.rule == f.rule) {
            rules.push(MatrixRule { rule: f.rule.clone(), kind: f.kind.clone(), title: f.title.clone() });
        }
    }
    rules.sort_by_key(|r| r.kind == "development");
    let rows = branches
        .into_iter()
        .zip(&checks)
        .map(|((id, name), check)| MatrixRow {
            org: keys.get(&id).cloned().unwrap_or_default(),
            org_id: id,
            name,
            cells: rules
                .iter()
                .map(|r| {
                    let counts = StatusCounts::of(check.findings.iter().filter(|f| f.rule == r.rule));
                    MatrixCell { status: counts.overall(), counts }
                })
                .collect(),
        })
        .collect();
    Ok(BranchMatrix { year, profile: profile.map(str::to_string), rules, rows })
}
