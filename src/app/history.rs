//! 从 Excel 导入历史记录: 三会一课 registers, 党费 records, 发展党员 lists, 民主评议 results and
//! external trainings, each previewed (rows read, columns understood, problems, what was inferred)
//! and then imported all or nothing (or the readable rows, the others written to a file to fix).

use chrono::NaiveDate;

use crate::error::Result;
pub use crate::import::history::{
    problems_path_beside, HistoryField, HistoryFieldInfo, HistoryImportRequest, HistoryImportSummary, HistoryKind,
    HistoryPreview, HistoryRow, HistorySheet, SheetMapping,
};
pub use crate::import::mapping::{ColumnChoice, ColumnMapping, ColumnMatch};
use crate::store::Ledger;

/// Reads the file and checks every row against the ledger; writes nothing.
pub fn preview_history_import(ledger: &Ledger, req: &HistoryImportRequest, today: NaiveDate) -> Result<HistoryPreview> {
    crate::import::history::preview(ledger, req, today)
}

/// Imports the file in one transaction with one audit entry naming it; refused (ledger unchanged)
/// when any row has a problem unless `keep_good`.
pub fn import_history(ledger: &Ledger, req: &HistoryImportRequest, today: NaiveDate) -> Result<HistoryImportSummary> {
    crate::import::history::import(ledger, req, today)
}
