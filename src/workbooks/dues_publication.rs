//! The 党费收缴公示表: the short table a branch posts for its members (公示栏, 微信群): each member's
//! monthly due, the year's due, what was paid and what is still unpaid, a totals row, a note on what
//! is published and a 公示时间/监督电话 line below the table to fill in by hand. Built on the shared
//! print layout (`roster::ledger_sheet`), turned to A4 portrait: six columns read better upright.
//!
//! 已缴 is everything paid for the year's months (advance payments included); 未缴 is the arrears of
//! the months already due, so for a year still running 全年应缴 − 已缴 is not 未缴, and the note says so.
//! Amounts are numbers in 元 and the 合计 row `=SUM()` formulas, as in the 党费收缴台账; a 月应缴 that
//! changed during the year shows the latest, and the note names the change.

use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, XlsxError};

use crate::dues::explain::yuan;
use crate::dues::report::MemberDues;
use crate::error::{Error, Result};
use crate::model::Organization;
use crate::store::Ledger;
use crate::workbook::cell::Cell;
use crate::workbook::table::{self as ledger_sheet, chinese_date, LedgerTable, Paper, TableColumn, HEAD_ROWS};
use crate::workbooks::dues_collection::{
    base_changes, branch_names, judging_note, known_or_pending, with_branch, DuesSheetSummary,
};
use crate::workbooks::BRANCH_COLUMN;

pub const PUBLICATION_SHEET: &str = "党费收缴公示表";

pub const PUBLICATION_COLUMNS: [TableColumn; 6] = [
    TableColumn::centered("序号"),
    TableColumn::centered("姓名"),
    TableColumn::centered("月应缴(元)"),
    TableColumn::centered("全年应缴(元)"),
    TableColumn::centered("已缴(元)"),
    TableColumn::centered("未缴(元)"),
];

/// Writes the 党费收缴公示表 of `org_id` and everything under it for `year`, as seen on `today`.
pub fn write_publication_sheet(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<DuesSheetSummary> {
    let report = crate::dues::ledger::year_report(ledger, year, Some(org_id), today)?;
    let org = crate::store::orgs::name_of(ledger.conn(), org_id)?;
    let title = format!("{org}{year}年党费收缴公示表");
    let branches = branch_names(ledger, &report)?;
    let branch = |i: usize| branches.as_ref().map(|b| b[i].as_str());
    let mut rows: Vec<Vec<Cell>> =
        report.members.iter().enumerate().map(|(i, m)| with_branch(member_row(i + 1, m), branch(i))).collect();
    let t = &report.totals;
    let sum = |fen: i64| Cell::ColumnSum(Box::new(Cell::Money(fen)));
    let totals = vec![
        Cell::text("合计"),
        Cell::People(i64::from(t.members)),
        Cell::Empty,
        sum(t.due_total_fen),
        sum(t.paid_total_fen),
        sum(t.outstanding_fen),
    ];
    rows.push(with_branch(totals, branches.as_ref().map(|_| "")));
    let mut columns = PUBLICATION_COLUMNS.to_vec();
    if branches.is_some() {
        columns.insert(2, BRANCH_COLUMN);
    }
    let changes: Vec<String> = report
        .members
        .iter()
        .flat_map(|m| {
            base_changes(m).into_iter().filter(|(_, a, b)| a.due_fen != b.due_fen).map(|(month, a, b)| {
                let due = |x: &crate::dues::report::MonthDues| x.due_fen.map(yuan).unwrap_or_default();
                format!("{}{month}月起月应缴由{}调整为{}", m.name, due(a), due(b))
            })
        })
        .collect();
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    ledger_sheet::add_table_on(
        &mut wb,
        &LedgerTable {
            sheet_name: PUBLICATION_SHEET,
            title,
            subtitle: format!("统计截至：{}　金额单位：元", chinese_date(today)),
            columns: &columns,
            rows: &rows,
            unit: &org,
            date: today,
            freeze_columns: 0,
        },
        Paper::Portrait,
    )?;
    let judging = judging_note(&report);
    let note = format!(
        "说明：根据《关于中国共产党党费收缴、使用和管理的规定》，现将本支部{year}年党费收缴情况予以公示。\
         已缴为本年度各月已交纳的党费（含预交）；未缴为截至{}应缴而未缴的党费{}。\
         如有疑问，请在公示期内向党支部反映。{}",
        report.judged_label(),
        judging,
        if changes.is_empty() { String::new() } else { format!("月应缴调整：{}。", changes.join("；")) }
    );
    let footer = format!("公示时间：{}至　　　年　　月　　日　　　监督电话：", chinese_date(today));
    let first_free = HEAD_ROWS + rows.len() as u32 + 1;
    let ws = wb.worksheet_from_name(PUBLICATION_SHEET).map_err(xlsx)?;
    (|| -> Result<(), XlsxError> {
        let text = Format::new().set_font_name("宋体").set_font_size(11).set_text_wrap().set_align(FormatAlign::Top);
        let last_col = columns.len() as u16 - 1;
        ws.merge_range(first_free, 0, first_free, last_col, &note, &text)?;
        // A line more for every two changes named, and one for what is not counted as arrears.
        let lines = changes.len().div_ceil(2) + usize::from(!judging.is_empty());
        ws.set_row_height(first_free, 62.0 + 15.0 * lines as f64)?;
        ws.merge_range(first_free + 1, 0, first_free + 1, last_col, &footer, &text)?;
        ws.set_row_height(first_free + 1, 22)?;
        Ok(())
    })()
    .map_err(xlsx)?;
    ledger_sheet::save(&mut wb, path)?;
    Ok(DuesSheetSummary { path: path.display().to_string(), members: report.members.len() as u32 })
}

fn member_row(n: usize, m: &MemberDues) -> Vec<Cell> {
    let due = match m.months.last() {
        None => Cell::Empty,
        Some(x) => x.due_fen.map_or_else(|| Cell::text("未设置基数"), Cell::Money),
    };
    vec![
        Cell::count(n),
        Cell::text(m.name.as_str()),
        due,
        known_or_pending(m, m.due_total_fen),
        Cell::Money(m.paid_total_fen),
        known_or_pending(m, m.outstanding_fen),
    ]
}

/// File name suggested for the sheet: `<组织简称>2026年党费收缴公示表-YYYYMMDD.xlsx`.
pub fn publication_file_name(org: &Organization, year: i32, today: NaiveDate) -> String {
    super::file_name(org, &format!("{year}年党费收缴公示表"), today)
}

fn xlsx(e: XlsxError) -> Error {
    Error::Internal(format!("生成 Excel 文件失败：{e}"))
}
