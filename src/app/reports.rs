//! 报送上级 and 接收报送 (issue 15): a branch writes its 报送 file; a committee ledger receives a folder
//! of them, each file on its own (all-or-nothing per file; the good files of a folder are received
//! even when others are refused).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::input;
use crate::report::{self, Period};
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
    mut progress: impl FnMut(usize, usize),
) -> Result<ReceiveReport> {
    let files = report_files(paths)?;
    let received_at = store::now_stamp();
    let mut out = Vec::with_capacity(files.len());
    for (i, path) in files.iter().enumerate() {
        let name = input::display_name(path);
        let outcome = report::read_report_file(path)
            .and_then(|file| report::receive_file(ledger, &name, &file, preview, today, &received_at));
        out.push(match outcome {
            Ok(receipt) => ReceivedFile { file: name, receipt: Some(receipt), refused: None },
            Err(e) => ReceivedFile { file: name.clone(), refused: Some(named(&name, e)), receipt: None },
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

/// One row of the committee 工作台: a branch, from the same computations as the branch's own screens
/// (the rule check for 三会一课, the dues engine for 党费), plus its last report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BranchRow {
    pub org: String,
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
    /// Unmet findings of the year so far.
    pub unmet: u32,
    /// 党费 due and paid so far this year (分).
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub dues_due_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub dues_paid_fen: i64,
    /// When the branch made its last report received (`YYYY-MM-DD`).
    pub last_report: Option<String>,
}

/// The committee 工作台 table: one row per organisation under the ledger's top organisation(s), in
/// organisation order, for `today`'s year and quarter.
pub fn branches_table(ledger: &Ledger, today: NaiveDate) -> Result<Vec<BranchRow>> {
    use crate::model::ActivityType as T;
    use chrono::Datelike;
    let year = today.year();
    let q = (today.month() - 1) / 3 + 1;
    let quarter = format!("{year}-Q{q}");
    let in_quarter = |code: &str| {
        code == quarter
            || (code.len() == 7
                && code.starts_with(&format!("{year}-"))
                && code[5..].parse::<u32>().is_ok_and(|m| (m - 1) / 3 + 1 == q))
    };
    let (branches, last) = ledger.read(|tx| {
        let last: std::collections::HashMap<i64, String> = store::reports::latest(tx)?
            .into_iter()
            .map(|r| (r.org_id, r.exported_at.get(..10).unwrap_or("").to_string()))
            .collect();
        let branches: Vec<(i64, Option<i64>, String)> =
            store::reports::org_parents(tx)?.into_iter().filter(|(_, parent, _)| parent.is_some()).collect();
        Ok((branches, last))
    })?;
    let mut rows = Vec::with_capacity(branches.len());
    for (id, _, name) in branches {
        let check = super::standards::self_check(ledger, id, year, None, today)?;
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
        let unmet = check.findings.iter().filter(|f| f.status == crate::standards::Status::Unmet).count() as u32;
        let dues = crate::dues::year_report(ledger, year, Some(id), today)?;
        rows.push(BranchRow {
            org: store::orgs::get(ledger.conn(), id)?.key,
            name,
            members: dues.totals.members,
            quarter: quarter.clone(),
            meetings_held: held,
            meetings_required: required,
            unmet,
            dues_due_fen: dues.totals.due_to_date_fen,
            dues_paid_fen: dues.totals.paid_to_date_fen,
            last_report: last.get(&id).cloned(),
        });
    }
    Ok(rows)
}
