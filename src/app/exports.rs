//! The export screen: the one catalogue of Excel ledgers (`workbooks::CATALOGUE`) and writing a
//! chosen set, with the 发展党员 checks feeding the 自查表 and 评分表.

use std::path::Path;

use chrono::NaiveDate;

use super::findings::DevelopmentFindings;
use crate::error::{Error, Result};
use crate::store::Ledger;
pub use crate::workbooks::{
    catalog, export_meeting_record, export_meeting_record_docx, meeting_record_docx_file_name,
    meeting_record_file_name, ExportEntry, ExportFormat, ExportOptions, ExportedFile, CATALOGUE,
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
