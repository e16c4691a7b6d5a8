//! 报送上级 and 接收报送 (issue 15): a branch writes its 报送 file; a committee ledger receives a folder
//! of them, each file on its own (all-or-nothing per file; the good files of a folder are received
//! even when others are refused).

use std::path::{Path, PathBuf};

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::input;
use crate::model::ActivityType;
use crate::report::{self, Period};
use crate::standards::{Status, StatusCounts};
use crate::store::{self, Ledger};

pub use crate::report::{BranchReceipt, Manifest, MatchedBy, ReportCounts, TransferConflict};

/// Writes the 报送 file of `org_key` (default: the ledger's top organisation) for `period`
/// (`YYYY`, `YYYY-Hn`, `YYYY-Qn`; default: this year) to `out`. Returns its manifest.
pub fn export_report(
    ledger: &Ledger,
    out: &Path,
    org_key: Option<&str>,
    period: Option<&str>,
    today: NaiveDate,
) -> Result<Manifest> {
    let period = match period {
        Some(text) => Period::parse("--period", text)?,
        None => Period::year_of(today),
    };
    let now = chrono::Local::now().fixed_offset();
    let file = report::build_report(ledger, org_key, &period, now)?;
    store::ensure_parent(out)?;
    std::fs::write(out, report::report_json(&file)).map_err(|e| Error::io(out, e))?;
    Ok(file.manifest)
}

/// What happened to one file of a receive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReceivedFile {
    pub file: String,
    /// The file's full path (a folder's files listed one by one, to receive them one at a time).
    pub path: String,
    /// Some when received (or, previewed, receivable).
    pub receipt: Option<BranchReceipt>,
    /// The reason, in Chinese naming the file, when refused.
    pub refused: Option<String>,
}

/// The outcome of receiving files or folders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReceiveReport {
    pub preview: bool,
    pub files: Vec<ReceivedFile>,
}

impl ReceiveReport {
    pub fn refused(&self) -> usize {
        self.files.iter().filter(|f| f.refused.is_some()).count()
    }
}

/// The files to receive: each path as given, a folder's `.json` files (sorted by name).
pub fn report_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| Error::io(path, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("json")))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Error::UnreadableFile(format!(
                    "文件夹“{}”中没有报送文件（.json）",
                    input::display_name(path)
                )));
            }
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// Receives every file (folders expanded), each in its own transaction; `progress(done, total)` is
/// called after each file. A refused file is listed with its reason; the others are received.
pub fn receive(
    ledger: &Ledger,
    paths: &[PathBuf],
    preview: bool,
    today: NaiveDate,
    progress: impl FnMut(usize, usize),
) -> Result<ReceiveReport> {
    receive_with(ledger, paths, preview, today, None, progress)
}

/// Receives the 报送 file `path` for the committee's organisation `org_key`, chosen by the person
/// (a branch whose name did not match); the choice is remembered for the branch's next files.
pub fn receive_into(
    ledger: &Ledger,
    path: &Path,
    org_key: &str,
    preview: bool,
    today: NaiveDate,
) -> Result<ReceiveReport> {
    let id = store::orgs::id_by_key(ledger.conn(), org_key)?;
    receive_with(ledger, &[path.to_path_buf()], preview, today, Some(id), |_, _| {})
}

fn receive_with(
    ledger: &Ledger,
    paths: &[PathBuf],
    preview: bool,
    today: NaiveDate,
    map_to: Option<i64>,
    mut progress: impl FnMut(usize, usize),
) -> Result<ReceiveReport> {
    let files = report_files(paths)?;
    let received_at = store::now_stamp();
    let mut out = Vec::with_capacity(files.len());
    for (i, path) in files.iter().enumerate() {
        let name = input::display_name(path);
        let outcome = report::read_report_file(path)
            .and_then(|file| report::receive_file(ledger, &name, &file, preview, today, &received_at, map_to));
        let path = path.display().to_string();
        out.push(match outcome {
            Ok(receipt) => ReceivedFile { file: name, path, receipt: Some(receipt), refused: None },
            Err(e) => ReceivedFile { file: name.clone(), path, refused: Some(named(&name, e)), receipt: None },
        });
        progress(i + 1, files.len());
    }
    Ok(ReceiveReport { preview, files: out })
}

/// The message of a refusal, naming the file when the error does not already.
fn named(name: &str, e: Error) -> String {
    let text = e.to_string();
    if text.contains(name) {
        text
    } else {
        format!("“{name}”：{text}")
    }
}

/// The last report received from each branch that reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LastReport {
    pub org_key: String,
    pub org_name: String,
    pub period: String,
    /// When the branch made the file (`YYYY-MM-DD`).
    pub reported_on: String,
    pub file: String,
    pub members: u32,
    pub meetings: u32,
    pub payments: u32,
    pub development: u32,
}

/// Every branch's last report, in organisation order.
pub fn last_reports(ledger: &Ledger) -> Result<Vec<LastReport>> {
    ledger.read(|tx| {
        let rows = store::reports::latest(tx)?;
        rows.into_iter()
            .map(|r| {
                let org = store::orgs::get(tx, r.org_id)?;
                Ok(LastReport {
                    org_key: org.key,
                    org_name: org.fields.name,
                    period: r.period,
                    reported_on: r.exported_at.get(..10).unwrap_or("").to_string(),
                    file: r.file_name,
                    members: r.members as u32,
                    meetings: r.meetings as u32,
                    payments: r.payments as u32,
                    development: r.development as u32,
                })
            })
            .collect()
    })
}

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
/// (`app::standards::self_checks`), the dues year (`dues::year_report`), the year's 组织生活 list and
/// the 发展党员 records.
pub fn branches_table(ledger: &Ledger, year: i32, today: NaiveDate, profile: Option<&str>) -> Result<Vec<BranchRow>> {
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
    let checks = super::standards::self_checks(ledger, &ids, year, profile, today)?;
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
/// check as each branch's 自查 (`app::standards::self_checks`). Rules in the order they first appear
/// (profile order), the 发展党员 checks last.
pub fn branch_matrix(ledger: &Ledger, year: i32, today: NaiveDate, profile: Option<&str>) -> Result<BranchMatrix> {
    let branches = branches(ledger, profile)?;
    let ids: Vec<i64> = branches.iter().map(|(id, _)| *id).collect();
    let checks = super::standards::self_checks(ledger, &ids, year, profile, today)?;
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
