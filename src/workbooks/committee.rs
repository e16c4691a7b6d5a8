//! The committee's 汇总表 (issue 15): one row per branch under the 党委/总支 — 党员数, the year's
//! sittings by type, 党费 due and paid, 学时达标, 发展党员, unmet items, the last 报送 and, under a
//! scoring standard, each branch's score — from the same rows as the 各支部 table
//! (`committee::branch_rows`), a 合计 row of `=SUM()` formulas.

use std::path::Path;

use chrono::NaiveDate;

use crate::committee::{branch_rows, BranchRow};
use crate::error::Result;
use crate::model::dates::parse_date;
use crate::model::{ActivityType, Organization};
use crate::standards::FindingsProvider;
use crate::store::Ledger;
use crate::workbook::cell::Cell;
use crate::workbook::table::{self as ledger_sheet, chinese_date, LedgerTable, Paper, TableColumn};

pub const SUMMARY_SHEET: &str = "汇总表";

/// The sittings counted in a column each, in this order.
pub const SUMMARY_TYPES: [ActivityType; 5] = [
    ActivityType::PartyCongress,
    ActivityType::CommitteeMeeting,
    ActivityType::GroupMeeting,
    ActivityType::PartyLecture,
    ActivityType::ThemeDay,
];

const COLUMNS: [TableColumn; 16] = [
    TableColumn::centered("序号"),
    TableColumn::left("党组织名称", 30.0),
    TableColumn::centered("党员数"),
    TableColumn::centered("党员大会"),
    TableColumn::centered("支委会"),
    TableColumn::centered("党小组会"),
    TableColumn::centered("党课"),
    TableColumn::centered("主题党日"),
    TableColumn::centered("党费应缴(元)"),
    TableColumn::centered("党费已缴(元)"),
    TableColumn::centered("学时应达标(人)"),
    TableColumn::centered("学时达标(人)"),
    TableColumn::centered("发展党员(人)"),
    TableColumn::centered("未达标(项)"),
    TableColumn::centered("最近报送"),
    TableColumn::centered("得分"),
];

/// One row of the 汇总表 as typed cells (the score cell empty when there is no score).
fn row_cells(i: usize, r: &BranchRow, score: Option<f64>) -> Vec<Cell> {
    let mut row = vec![Cell::count(i + 1), Cell::text(r.name.as_str()), Cell::Count(r.members.into())];
    for t in SUMMARY_TYPES {
        row.push(Cell::Count(r.meetings.iter().find(|m| m.activity == t).map_or(0, |m| m.count.into())));
    }
    row.extend([
        Cell::Money(r.dues_due_fen),
        Cell::Money(r.dues_paid_fen),
        Cell::Count(r.study_judged.into()),
        Cell::Count(r.study_met.into()),
        Cell::Count(r.development.into()),
        Cell::Count(r.unmet.into()),
        r.last_report.as_deref().and_then(parse_date).map_or(Cell::text("未报送"), Cell::Date),
        score.map_or(Cell::Empty, Cell::Number),
    ]);
    row
}

/// Writes the 汇总表 of the organisations under `org` (every branch of its subtree) for `year` read on
/// `today`; under a scoring standard of `org` each branch's score (`workbooks::standards::score_org`)
/// fills the last column. Returns the rows written (without 合计).
pub fn write_summary(
    ledger: &Ledger,
    org: &Organization,
    year: i32,
    today: NaiveDate,
    findings: &dyn FindingsProvider,
    path: &Path,
) -> Result<Vec<BranchRow>> {
    let conn = ledger.conn();
    let under: Vec<i64> =
        crate::store::orgs::subtree_ids(conn, org.id)?.into_iter().filter(|id| *id != org.id).collect();
    let rows: Vec<BranchRow> =
        branch_rows(ledger, year, today, None, findings)?.into_iter().filter(|r| under.contains(&r.org_id)).collect();
    let profile = crate::standards::profile_for(conn, Some(org.id), None)?;
    let day = crate::committee::reading_day(year, today)?;
    let mut cells = Vec::with_capacity(rows.len() + 1);
    for (i, r) in rows.iter().enumerate() {
        let score = match profile.scoring {
            Some(_) => Some(super::standards::score_org(ledger, r.org_id, year, &profile, day, findings)?.score),
            None => None,
        };
        cells.push(row_cells(i, r, score));
    }
    if !rows.is_empty() {
        let sum = |f: fn(&BranchRow) -> i64| Cell::ColumnSum(Box::new(Cell::Count(rows.iter().map(f).sum())));
        let mut total = vec![Cell::text("合计"), Cell::Empty, sum(|r| r.members.into())];
        for t in SUMMARY_TYPES {
            let n: i64 =
                rows.iter().map(|r| r.meetings.iter().find(|m| m.activity == t).map_or(0, |m| m.count.into())).sum();
            total.push(Cell::ColumnSum(Box::new(Cell::Count(n))));
        }
        total.extend([
            Cell::ColumnSum(Box::new(Cell::Money(rows.iter().map(|r| r.dues_due_fen).sum()))),
            Cell::ColumnSum(Box::new(Cell::Money(rows.iter().map(|r| r.dues_paid_fen).sum()))),
            sum(|r| r.study_judged.into()),
            sum(|r| r.study_met.into()),
            sum(|r| r.development.into()),
            sum(|r| r.unmet.into()),
            Cell::Empty,
            Cell::Empty,
        ]);
        cells.push(total);
    }
    let title = format!("{}{year}年各党组织工作汇总表", org.fields.name);
    let scored = if profile.scoring.is_some() { format!("　得分按“{}”", profile.title) } else { String::new() };
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    ledger_sheet::add_table_on(
        &mut wb,
        &LedgerTable {
            sheet_name: SUMMARY_SHEET,
            title,
            subtitle: format!("统计截至：{}　共{}个党组织　金额单位：元{scored}", chinese_date(day), rows.len()),
            columns: &COLUMNS,
            rows: &cells,
            unit: &org.fields.name,
            date: today,
            freeze_columns: 2,
        },
        Paper::Landscape,
    )?;
    ledger_sheet::save(&mut wb, path)?;
    Ok(rows)
}

pub fn summary_file_name(org: &Organization, year: i32, today: NaiveDate) -> String {
    super::file_name(org, &format!("{year}年各党组织工作汇总表"), today)
}
