//! The export screen: the one catalogue of Excel ledgers (`workbooks::CATALOGUE`) and writing a
//! chosen set, with the 发展党员 checks feeding the 自查表 and 评分表.

use std::path::Path;

use chrono::NaiveDate;

use super::findings::DevelopmentFindings;
use crate::error::Result;
use crate::store::Ledger;
pub use crate::workbooks::{
    catalog, export_meeting_record, meeting_record_file_name, ExportEntry, ExportOptions, ExportedFile, CATALOGUE,
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
