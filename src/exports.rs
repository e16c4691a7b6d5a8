//! The Excel ledgers the app and `zhibu export` write, as one catalogue: key, Chinese name, and the
//! screen they belong to. The writers are the modules' own; this only chooses the file name and folder.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::commands::{export_one, EXPORTS};
use crate::error::{Error, Result};
use crate::store::{orgs, Ledger};

/// One ledger the app can export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportEntry {
    /// The `zhibu export --only` key.
    pub key: String,
    pub label: String,
    /// `roster` · `dues` · `meetings` · `development` · `standards`.
    pub group: String,
}

/// A file written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportedFile {
    pub key: String,
    pub label: String,
    pub path: String,
}

/// The screen a ledger belongs to, from its key.
fn group_of(key: &str) -> &'static str {
    match key {
        "roster" => "roster",
        k if k.starts_with("dues") => "dues",
        k if k.starts_with("development") => "development",
        k if crate::meeting_sheets::MeetingExport::from_key(k).is_some() => "meetings",
        _ => "standards",
    }
}

pub fn catalog() -> Vec<ExportEntry> {
    EXPORTS
        .iter()
        .map(|(key, label)| ExportEntry {
            key: key.to_string(),
            label: label.to_string(),
            group: group_of(key).to_string(),
        })
        .collect()
}

/// Writes the chosen ledgers of `org_id` for `year` into `dir` (created if missing). Stops at the first
/// failure; the files already written stay (each is complete on its own).
pub fn export_workbooks(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    keys: &[String],
    dir: &Path,
    today: NaiveDate,
) -> Result<Vec<ExportedFile>> {
    orgs::name_of(ledger.conn(), org_id)?;
    if keys.is_empty() {
        return Err(Error::invalid("keys", "请至少选择一种台账"));
    }
    let mut wanted = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        match EXPORTS.iter().find(|(key, _)| key == k) {
            Some(entry) => wanted.push(*entry),
            None => return Err(Error::invalid(format!("keys[{i}]"), format!("未知的台账“{k}”"))),
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut out = Vec::new();
    for (key, label) in wanted {
        let path = export_one(ledger, key, org_id, year, dir, today)?;
        out.push(ExportedFile { key: key.to_string(), label: label.to_string(), path: path.display().to_string() });
    }
    Ok(out)
}

/// The 会议记录 of one meeting, as a workbook of its own.
pub fn export_meeting_record(ledger: &Ledger, activity_id: i64, path: &str, today: NaiveDate) -> Result<String> {
    if path.trim().is_empty() {
        return Err(Error::invalid("path", "请选择保存位置"));
    }
    let summary = crate::meeting_sheets::write_meeting_record(ledger, activity_id, today, Path::new(path))?;
    Ok(summary.path)
}

/// The file name offered for one meeting's record.
pub fn meeting_record_file_name(ledger: &Ledger, activity_id: i64, today: NaiveDate) -> Result<String> {
    crate::meeting_sheets::meeting_record_file_name(ledger, activity_id, today)
}
