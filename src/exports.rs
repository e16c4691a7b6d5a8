//! The Excel ledgers the app and `zhibu export` write, as one catalogue: key, Chinese name, and the
//! screen they belong to. The writers are the modules' own; this only chooses the file name and folder.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::actions;
use crate::error::{Error, Result};
use crate::store::{orgs, Ledger};

/// Every ledger `zhibu export` and the app can write: key and Chinese name.
pub const EXPORTS: &[(&str, &str)] = &[
    ("roster", "党员花名册"),
    ("dues", "党费收缴台账"),
    ("dues_publication", "党费收缴公示表"),
    ("meetings", "三会一课台账"),
    ("meeting_records", "会议记录"),
    ("attendance_book", "组织生活考勤册"),
    ("heart_talks", "谈心谈话台账"),
    ("volunteer", "志愿服务台账"),
    ("study_hours", "党员学时统计表"),
    ("evaluations", "民主评议结果汇总表"),
    ("good_deeds", "好人好事登记册"),
    ("development_rosters", "发展党员花名册"),
    ("development_ledger", "发展党员工作台账"),
    ("development_record", "发展党员全程纪实表"),
    ("self_check", "自查表"),
    ("score_sheet", "评分表"),
    ("filing_register", "备案登记表"),
];

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

/// Writes ledger `name` of `org_id` for `year` into the folder `out`, under its standard file name.
pub fn export_one(
    ledger: &Ledger,
    name: &str,
    org_id: i64,
    year: i32,
    out: &Path,
    today: chrono::NaiveDate,
) -> Result<PathBuf> {
    match name {
        "roster" => {
            let org = crate::store::orgs::get(ledger.conn(), org_id)?;
            let path = out.join(actions::roster_file_name(&org, today));
            crate::roster::export(ledger, org_id, &path, today)?;
            Ok(path)
        }
        "dues" => {
            let org = crate::store::orgs::get(ledger.conn(), org_id)?;
            let path = out.join(crate::dues::collection_file_name(&org, year, today));
            crate::dues::write_collection_ledger(ledger, org_id, year, today, &path)?;
            Ok(path)
        }
        "dues_publication" => {
            let org = crate::store::orgs::get(ledger.conn(), org_id)?;
            let path = out.join(crate::dues::publication_file_name(&org, year, today));
            crate::dues::write_publication_sheet(ledger, org_id, year, today, &path)?;
            Ok(path)
        }
        key if crate::meeting_sheets::MeetingExport::from_key(key).is_some() => {
            let export = crate::meeting_sheets::MeetingExport::from_key(key).expect("checked by the guard");
            let org = crate::store::orgs::get(ledger.conn(), org_id)?;
            let path = out.join(export.file_name(&org, year, today));
            crate::meeting_sheets::write_export(ledger, export, org_id, year, today, &path)?;
            Ok(path)
        }
        "development_rosters" => {
            let org = crate::store::orgs::get(ledger.conn(), org_id)?;
            let path = out.join(crate::development::rosters_file_name(&org, year, today));
            crate::development::write_rosters(ledger, org_id, year, today, &path)?;
            Ok(path)
        }
        "development_ledger" => {
            let org = crate::store::orgs::get(ledger.conn(), org_id)?;
            let path = out.join(crate::development::ledger_file_name(&org, year, today));
            crate::development::write_ledger(ledger, org_id, year, today, &path)?;
            Ok(path)
        }
        "development_record" => {
            let org = crate::store::orgs::get(ledger.conn(), org_id)?;
            let path = out.join(crate::development::record_file_name(&org, year, today));
            crate::development::write_records(ledger, org_id, year, today, &path)?;
            Ok(path)
        }
        "self_check" => {
            let org = crate::store::orgs::get(ledger.conn(), org_id)?;
            let profile = crate::standards::profile_for(ledger.conn(), Some(org_id), None)?;
            let path = out.join(crate::standards::self_check_file_name(&org, year, &profile));
            let provider = crate::development::provider::DevelopmentFindings;
            crate::standards::write_self_check(ledger, org_id, year, None, today, &provider, &path)?;
            Ok(path)
        }
        "score_sheet" => {
            let org = crate::store::orgs::get(ledger.conn(), org_id)?;
            let profile = crate::standards::scoring_profile(ledger, org_id, None)?;
            let path = out.join(crate::standards::score_file_name(&org, year, &profile));
            let provider = crate::development::provider::DevelopmentFindings;
            crate::standards::write_score_sheet(ledger, org_id, year, Some(&profile.id), today, &provider, &path)?;
            Ok(path)
        }
        "filing_register" => {
            let org = crate::store::orgs::get(ledger.conn(), org_id)?;
            let path = out.join(crate::standards::filing_file_name(&org));
            crate::standards::write_filing_register(ledger, org_id, today, &path)?;
            Ok(path)
        }
        other => Err(Error::Internal(format!("export {other} has no writer"))),
    }
}
