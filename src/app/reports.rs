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

pub use crate::report::transfers::{OpenTransfer, TransferRecord, TransferSettled};
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

/// The open 组织关系转接: people whose ID number records of two organisations still hold (after a
/// receive), with the masked ID number and each organisation's record.
pub fn open_transfers(ledger: &Ledger, today: NaiveDate) -> Result<Vec<OpenTransfer>> {
    ledger.read(|tx| crate::report::transfers::open_transfers(tx, today))
}

/// Settles the open transfer of the record `member_key`: the person is now in `org_key`; the other
/// records leave their rolls (转出) on `on` (default: the chosen record's suggested day). Remembered:
/// a later 报送 still listing the person does not bring it back.
pub fn settle_transfer(
    ledger: &Ledger,
    member_key: &str,
    org_key: &str,
    on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<TransferSettled> {
    ledger.write(|tx| crate::report::transfers::settle(tx, member_key, org_key, on, today))
}

pub use crate::committee::{reading_day, BranchMatrix, BranchRow, MatrixCell, MatrixRow, MatrixRule, TypeCount};

/// The committee 工作台 table (`committee::branch_rows`): one row per organisation under the top
/// one(s), for `year` read on `today` (or the year's last day), each branch checked under `profile`
/// (None: its own), with the 发展党员 checks.
pub fn branches_table(ledger: &Ledger, year: i32, today: NaiveDate, profile: Option<&str>) -> Result<Vec<BranchRow>> {
    crate::committee::branch_rows(ledger, year, today, profile, &super::findings::DevelopmentFindings)
}

/// The branch × rule matrix (`committee::branch_matrix`) for `year` under `profile` (None: each
/// branch's own), with the 发展党员 checks.
pub fn branch_matrix(ledger: &Ledger, year: i32, today: NaiveDate, profile: Option<&str>) -> Result<BranchMatrix> {
    crate::committee::branch_matrix(ledger, year, today, profile, &super::findings::DevelopmentFindings)
}
