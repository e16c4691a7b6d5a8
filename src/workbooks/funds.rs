//! The money ledgers (issue 18): the 党费收缴、上缴、使用情况 workbook (the month table, then every
//! remittance and every use of money), the yearly 党费收缴使用情况公示表 (by quarter, with the note and
//! the 公示时间 line to fill in) and the 走访慰问台账. Amounts are numbers in 元, dates date cells, and
//! every 合计 a `=SUM()` formula with the engine's figure cached; the figures are `funds::ledger`'s.

use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, XlsxError};

use crate::error::{Error, Result};
use crate::funds::{FundsMonth, FundsYear};
use crate::model::money::yuan;
use crate::model::Organization;
use crate::store::Ledger;
use crate::workbook::cell::Cell;
use crate::workbook::table::{self as ledger_sheet, chinese_date, LedgerTable, Paper, TableColumn, HEAD_ROWS};

pub const FUNDS_SHEET: &str = "党费收缴上缴使用";
pub const REMITTANCES_SHEET: &str = "党费上缴明细";
pub const SPENDING_SHEET: &str = "党费经费使用明细";
pub const PUBLICATION_SHEET: &str = "党费收缴使用公示表";
pub const VISITS_SHEET: &str = "走访慰问台账";

pub const MONTH_COLUMNS: [TableColumn; 8] = [
    TableColumn::centered("月份"),
    TableColumn::centered("收缴(元)"),
    TableColumn::centered("其中补缴(元)"),
    TableColumn::centered("上缴(元)"),
    TableColumn::centered("留存(元)"),
    TableColumn::centered("使用(元)"),
    TableColumn::centered("结余(元)"),
    TableColumn::centered("经费支出(元)"),
];

const REMITTANCE_COLUMNS: [TableColumn; 7] = [
    TableColumn::centered("序号"),
    TableColumn::centered("上缴日期"),
    TableColumn::centered("所缴期间"),
    TableColumn::centered("金额(元)"),
    TableColumn::centered("收据编号"),
    TableColumn::centered("经手人"),
    TableColumn::left("备注", 30.0),
];

const SPENDING_COLUMNS: [TableColumn; 8] = [
    TableColumn::centered("序号"),
    TableColumn::centered("日期"),
    TableColumn::centered("金额(元)"),
    TableColumn::centered("经费来源"),
    TableColumn::left("用途", 24.0),
    TableColumn::left("收款方", 20.0),
    TableColumn::left("集体研究决定", 30.0),
    TableColumn::left("备注", 24.0),
];

const PUBLICATION_COLUMNS: [TableColumn; 6] = [
    TableColumn::centered("期间"),
    TableColumn::centered("收缴(元)"),
    TableColumn::centered("上缴(元)"),
    TableColumn::centered("留存(元)"),
    TableColumn::centered("使用(元)"),
    TableColumn::centered("结余(元)"),
];

const VISIT_COLUMNS: [TableColumn; 8] = [
    TableColumn::centered("序号"),
    TableColumn::centered("走访日期"),
    TableColumn::centered("走访对象"),
    TableColumn::centered("事由"),
    TableColumn::left("走访人", 20.0),
    TableColumn::left("慰问品", 24.0),
    TableColumn::centered("慰问金(元)"),
    TableColumn::left("后续帮扶", 30.0),
];

fn sum(fen: i64) -> Cell {
    Cell::ColumnSum(Box::new(Cell::Money(fen)))
}

fn opt_text(t: &Option<String>) -> Cell {
    t.as_deref().map_or(Cell::Empty, Cell::text)
}

fn month_row(m: &FundsMonth) -> Vec<Cell> {
    vec![
        Cell::text(m.month.as_str()),
        Cell::Money(m.collected_fen),
        Cell::Money(m.late_fen),
        Cell::Money(m.remitted_fen),
        Cell::Money(m.retained_fen),
        Cell::Money(m.used_fen),
        Cell::Money(m.balance_fen),
        Cell::Money(m.funds_used_fen),
    ]
}

fn read(ledger: &Ledger, org_id: i64, year: i32, today: NaiveDate) -> Result<(FundsYear, String)> {
    let report = crate::funds::year_ledger(ledger, year, Some(org_id), today)?;
    Ok((report, crate::store::orgs::name_of(ledger.conn(), org_id)?))
}

/// Writes the 党费收缴、上缴、使用情况 of `org_id`'s subtree for `year`.
pub fn write_funds_ledger(ledger: &Ledger, org_id: i64, year: i32, today: NaiveDate, path: &Path) -> Result<()> {
    let (report, org) = read(ledger, org_id, year, today)?;
    let title = format!("{org}{year}年党费收缴、上缴、使用情况");
    let t = &report.totals;
    let mut rows: Vec<Vec<Cell>> = report.months.iter().map(month_row).collect();
    rows.push(vec![
        Cell::text("合计"),
        sum(t.collected_fen),
        sum(t.late_fen),
        sum(t.remitted_fen),
        sum(t.retained_fen),
        sum(t.used_fen),
        sum(t.balance_fen),
        sum(t.funds_used_fen),
    ]);
    let subtitle = format!(
        "统计截至：{}　金额单位：元　上年结转 {} 元　年末结余 {} 元　尚未上缴 {} 元",
        chinese_date(today),
        yuan(report.carried_fen),
        yuan(report.closing_fen),
        yuan(t.to_remit_fen)
    );
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    let table = |sheet_name, title: String, subtitle: String, columns, rows| LedgerTable {
        sheet_name,
        title,
        subtitle,
        columns,
        rows,
        unit: &org,
        date: today,
        freeze_columns: 0,
    };
    ledger_sheet::add_table_on(
        &mut wb,
        &table(FUNDS_SHEET, title.clone(), subtitle, &MONTH_COLUMNS, &rows),
        Paper::Landscape,
    )?;

    let mut remits: Vec<Vec<Cell>> = report
        .remittances
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                Cell::count(i + 1),
                Cell::Date(r.remitted_on),
                Cell::text(format!("{} 至 {}", r.from_month, r.to_month)),
                Cell::Money(r.amount_fen),
                opt_text(&r.receipt_no),
                opt_text(&r.handed_by),
                opt_text(&r.note),
            ]
        })
        .collect();
    let remitted: i64 = report.remittances.iter().map(|r| r.amount_fen).sum();
    // An empty list has no 合计 row (a sum over no rows is no total).
    if !remits.is_empty() {
        remits.push(vec![
            Cell::text("合计"),
            Cell::Empty,
            Cell::Empty,
            sum(remitted),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    let sub = format!("{year}年所缴月份的上缴记录　金额单位：元");
    ledger_sheet::add_table_on(
        &mut wb,
        &table(REMITTANCES_SHEET, format!("{org}{year}年党费上缴明细"), sub, &REMITTANCE_COLUMNS, &remits),
        Paper::Landscape,
    )?;

    let mut spends: Vec<Vec<Cell>> = report
        .spending
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                Cell::count(i + 1),
                Cell::Date(s.spent_on),
                Cell::Money(s.amount_fen),
                Cell::text(s.source.label()),
                Cell::text(s.purpose_label.as_str()),
                opt_text(&s.payee),
                s.approval.as_deref().map_or_else(|| Cell::text("无"), Cell::text),
                opt_text(&s.note),
            ]
        })
        .collect();
    let spent: i64 = report.spending.iter().map(|s| s.amount_fen).sum();
    if !spends.is_empty() {
        spends.push(vec![
            Cell::text("合计"),
            Cell::Empty,
            sum(spent),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    let sub =
        format!("金额单位：元　超过 {} 元的支出应经支委会或党员大会集体研究决定", yuan(report.approval_threshold_fen));
    ledger_sheet::add_table_on(
        &mut wb,
        &table(SPENDING_SHEET, format!("{org}{year}年党费、经费使用明细"), sub, &SPENDING_COLUMNS, &spends),
        Paper::Landscape,
    )?;
    ledger_sheet::save(&mut wb, path)
}

/// Writes the yearly 党费收缴使用情况公示表: the four quarters, the year, what the money was used for.
pub fn write_funds_publication(ledger: &Ledger, org_id: i64, year: i32, today: NaiveDate, path: &Path) -> Result<()> {
    let (report, org) = read(ledger, org_id, year, today)?;
    let title = format!("{org}{year}年党费收缴使用情况公示表");
    let quarters = ["第一季度", "第二季度", "第三季度", "第四季度"];
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for (q, label) in quarters.iter().enumerate() {
        let months = &report.months[q * 3..q * 3 + 3];
        let total = |f: fn(&FundsMonth) -> i64| months.iter().map(f).sum::<i64>();
        rows.push(vec![
            Cell::text(*label),
            Cell::Money(total(|m| m.collected_fen)),
            Cell::Money(total(|m| m.remitted_fen)),
            Cell::Money(total(|m| m.retained_fen)),
            Cell::Money(total(|m| m.used_fen)),
            Cell::Money(total(|m| m.balance_fen)),
        ]);
    }
    let t = &report.totals;
    rows.push(vec![
        Cell::text("合计"),
        sum(t.collected_fen),
        sum(t.remitted_fen),
        sum(t.retained_fen),
        sum(t.used_fen),
        sum(t.balance_fen),
    ]);
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    ledger_sheet::add_table_on(
        &mut wb,
        &LedgerTable {
            sheet_name: PUBLICATION_SHEET,
            title,
            subtitle: format!("统计截至：{}　金额单位：元", chinese_date(today)),
            columns: &PUBLICATION_COLUMNS,
            rows: &rows,
            unit: &org,
            date: today,
            freeze_columns: 0,
        },
        Paper::Portrait,
    )?;
    let uses: Vec<String> = report
        .spending
        .iter()
        .filter(|s| s.source == crate::funds::FundSource::Dues)
        .map(|s| format!("{}{}元", s.purpose_label, yuan(s.amount_fen)))
        .collect();
    let note = format!(
        "说明：根据《关于中国共产党党费收缴、使用和管理的规定》，现将本支部{year}年党费收缴、上缴和使用情况予以公示。\
         上年结转留存党费 {} 元，年末结余 {} 元。{}如有疑问，请在公示期内向党支部反映。",
        yuan(report.carried_fen),
        yuan(report.closing_fen),
        if uses.is_empty() {
            "本年度未使用留存党费。".to_string()
        } else {
            format!("留存党费使用：{}。", uses.join("；"))
        }
    );
    let footer = format!("公示时间：{}至　　　年　　月　　日　　　监督电话：", chinese_date(today));
    let first_free = HEAD_ROWS + rows.len() as u32 + 1;
    let ws = wb.worksheet_from_name(PUBLICATION_SHEET).map_err(xlsx)?;
    (|| -> Result<(), XlsxError> {
        let text = Format::new().set_font_name("宋体").set_font_size(11).set_text_wrap().set_align(FormatAlign::Top);
        let last_col = PUBLICATION_COLUMNS.len() as u16 - 1;
        ws.merge_range(first_free, 0, first_free, last_col, &note, &text)?;
        ws.set_row_height(first_free, 62.0 + 15.0 * (uses.len().div_ceil(2)) as f64)?;
        ws.merge_range(first_free + 1, 0, first_free + 1, last_col, &footer, &text)?;
        ws.set_row_height(first_free + 1, 22)?;
        Ok(())
    })()
    .map_err(xlsx)?;
    ledger_sheet::save(&mut wb, path)
}

/// Writes the 走访慰问台账 of `org_id`'s subtree for `year`.
pub fn write_care_visits(ledger: &Ledger, org_id: i64, year: i32, today: NaiveDate, path: &Path) -> Result<()> {
    let visits = crate::funds::visits_of_year(ledger, Some(org_id), year)?;
    let org = crate::store::orgs::name_of(ledger.conn(), org_id)?;
    let title = format!("{org}{year}年走访慰问台账");
    let mut rows: Vec<Vec<Cell>> = visits
        .iter()
        .enumerate()
        .map(|(i, v)| {
            vec![
                Cell::count(i + 1),
                Cell::Date(v.visited_on),
                Cell::text(v.member_name.as_str()),
                Cell::text(v.occasion.label()),
                Cell::text(v.visitors.as_str()),
                opt_text(&v.given),
                v.amount_fen.map_or(Cell::Empty, Cell::Money),
                opt_text(&v.follow_up),
            ]
        })
        .collect();
    let money: i64 = visits.iter().filter_map(|v| v.amount_fen).sum();
    if !rows.is_empty() {
        rows.push(vec![
            Cell::text("合计"),
            Cell::Empty,
            Cell::ColumnCount { mark: None, skip: 0, value: visits.len() as i64 },
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            sum(money),
            Cell::Empty,
        ]);
    }
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    ledger_sheet::add_table_on(
        &mut wb,
        &LedgerTable {
            sheet_name: VISITS_SHEET,
            title,
            subtitle: format!("统计截至：{}　共{}次　金额单位：元", chinese_date(today), visits.len()),
            columns: &VISIT_COLUMNS,
            rows: &rows,
            unit: &org,
            date: today,
            freeze_columns: 0,
        },
        Paper::Landscape,
    )?;
    ledger_sheet::save(&mut wb, path)
}

pub fn funds_file_name(org: &Organization, year: i32, today: NaiveDate) -> String {
    super::file_name(org, &format!("{year}年党费收缴上缴使用情况"), today)
}

pub fn publication_file_name(org: &Organization, year: i32, today: NaiveDate) -> String {
    super::file_name(org, &format!("{year}年党费收缴使用情况公示表"), today)
}

pub fn visits_file_name(org: &Organization, year: i32, today: NaiveDate) -> String {
    super::file_name(org, &format!("{year}年走访慰问台账"), today)
}

fn xlsx(e: XlsxError) -> Error {
    Error::Internal(format!("生成 Excel 文件失败：{e}"))
}
