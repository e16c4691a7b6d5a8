//! The export screen: the one catalogue of Excel ledgers (`workbooks::CATALOGUE`) and writing a
//! chosen set, with the 发展党员 checks feeding the 自查表 and 评分表.

use std::path::Path;

use chrono::NaiveDate;

use super::findings::DevelopmentFindings;
use crate::error::{Error, Result};
use crate::store::Ledger;
pub use crate::workbooks::{
    catalog, export_meeting_record, export_meeting_record_docx, meeting_record_docx_file_name,
    meeting_record_file_name, BranchBooks, ExportEntry, ExportFormat, ExportOptions, ExportedFile, CATALOGUE,
};

/// The keys of the workbooks that apply to `org_id` under its profile (the export dialog ticks them;
/// `zhibu export` without `--only` writes them).
pub fn default_keys(ledger: &Ledger, org_id: i64) -> Result<Vec<String>> {
    crate::workbooks::default_keys(ledger, org_id)
}

/// Writes the chosen ledgers of `org_id` for `year` into `dir` (created if missing), with the export
/// dialog's switches (`options.mask_ids`: 隐藏身份证号).
pub fn export_workbooks(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    keys: &[String],
    dir: &Path,
    today: NaiveDate,
    options: ExportOptions,
) -> Result<Vec<ExportedFile>> {
    let scope = crate::workbooks::ExportScope::of(ledger, org_id, year, today, &DevelopmentFindings, options)?;
    crate::workbooks::export_workbooks(&scope, keys, dir)
}

/// What a per-branch export writes when no books are named: each branch's 自查表 and 评分表.
pub const PER_BRANCH_BOOKS: [&str; 2] = ["self_check", "score_sheet"];

/// The organisations a committee's per-branch export covers: every organisation under `org_id`, in
/// tree order. Refused when there is none.
pub fn branches_under(ledger: &Ledger, org_id: i64) -> Result<Vec<i64>> {
    let conn = ledger.conn();
    let under: Vec<i64> =
        crate::store::orgs::subtree_ids(conn, org_id)?.into_iter().filter(|id| *id != org_id).collect();
    if under.is_empty() {
        let name = crate::store::orgs::name_of(conn, org_id)?;
        return Err(Error::Conflict(format!("“{name}”下没有下级组织，无法按支部导出")));
    }
    Ok(under)
}

/// Writes, for each organisation of `org_ids`, its books of `keys` (empty: `PER_BRANCH_BOOKS`) that
/// belong to its own default set into `dir`, one file each named by the organisation's short name
/// (`workbooks::export_per_branch`: the rule check made once for all of them). `progress(done, total)`
/// after each organisation.
#[allow(clippy::too_many_arguments)]
pub fn export_per_branch(
    ledger: &Ledger,
    org_ids: &[i64],
    year: i32,
    keys: &[String],
    dir: &Path,
    today: NaiveDate,
    options: ExportOptions,
    progress: impl FnMut(usize, usize),
) -> Result<Vec<BranchBooks>> {
    let keys: Vec<String> =
        if keys.is_empty() { PER_BRANCH_BOOKS.iter().map(|k| k.to_string()).collect() } else { keys.to_vec() };
    crate::workbooks::export_per_branch(
        ledger,
        org_ids,
        year,
        today,
        &DevelopmentFindings,
        options,
        &keys,
        dir,
        progress,
    )
}

/// The `settings` entry of the folder the last export went to.
const EXPORT_FOLDER: &str = "export_folder";

/// The folder the export dialog last wrote to, when it still exists (None: the dialog offers the
/// documents folder).
pub fn export_folder(ledger: &Ledger) -> Result<Option<String>> {
    Ok(crate::store::meta::setting(ledger.conn(), EXPORT_FOLDER)?.filter(|d| Path::new(d).is_dir()))
}

/// Remembers the folder an export went to, for the next export. A preference of the window, not a
/// record: no audit entry.
pub fn remember_export_folder(ledger: &Ledger, dir: &str) -> Result<()> {
    let dir = dir.trim();
    if !Path::new(dir).is_absolute() {
        return Err(Error::invalid("dir", format!("导出位置应是完整路径，现为“{dir}”")));
    }
    ledger.write(|tx| crate::store::meta::set_setting(tx, EXPORT_FOLDER, dir))
}

/// Opens `path` in the system's file manager: the folder itself, or the folder holding a file (打开所在文件夹
/// after an export).
pub fn open_folder(path: &str) -> Result<()> {
    let p = Path::new(path.trim());
    let folder = if p.is_dir() { Some(p) } else { p.parent().filter(|d| d.is_dir()) };
    let Some(folder) = folder.filter(|_| p.is_absolute()) else {
        return Err(Error::invalid("path", format!("找不到文件夹“{}”", path.trim())));
    };
    let opener = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let mut child = std::process::Command::new(opener)
        .arg(folder)
        .spawn()
        .map_err(|source| Error::Io { path: folder.display().to_string(), source })?;
    // Reaped when the opener returns, without making the caller wait for it.
    std::thread::spawn(move || child.wait());
    Ok(())
}
