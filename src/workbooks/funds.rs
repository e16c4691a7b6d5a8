//! The money ledgers (issue 18): the 党费收缴、上缴、使用情况 workbook (the month table, then every
//! remittance and every use of money), the yearly 党费收缴使用情况公示表 (by quarter, with the note and
//! the 公示时间 line to fill in; also as Word), the 走访慰问台账 and the 党建工作经费收支台账 (budget by
//! item, income by source, uses of work funds). Amounts are numbers in 元, dates date cells, and
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
pub const HARDSHIP_SHEET: &str = "困难党员名单";
pub const BUDGET_SHEET: &str = "经费预算执行";
pub const INCOME_SHEET: &str = "经费收入明细";
pub const FUNDS_SPENDING_SHEET: &str = "经费支出明细";

const HARDSHIP_COLUMNS: [TableColumn; 5] = [
    TableColumn::centered("序号"),
    TableColumn::centered("姓名"),
    TableColumn::left("困难情况", 30.0),
    TableColumn::centered("标记日期"),
    TableColumn::centered("本年走访次数"),
];

const BUDGET_COLUMNS: [TableColumn; 5] = [
    TableColumn::centered("序号"),
    TableColumn::left("预算项目", 24.0),
    TableColumn::centered("预算(元)"),
    TableColumn::centered("已支出(元)"),
    TableColumn::centered("余额(元)"),
];

const INCOME_COLUMNS: [TableColumn; 5] = [
    TableColumn::centered("序号"),
    TableColumn::centered("日期"),
    TableColumn::centered("来源"),
    TableColumn::centered("金额(元)"),
    TableColumn::left("备注", 30.0),
];

const FUNDS_SPENDING_COLUMNS: [TableColumn; 8] = [
    TableColumn::centered("序号"),
    TableColumn::centered("日期"),
    TableColumn::centered("金额(元)"),
    TableColumn::left("预算项目", 20.0),
    TableColumn::left("用途", 24.0),
    TableColumn::left("收款方", 20.0),
    TableColumn::left("集体研究决定", 30.0),
    TableColumn::centered("票据编号"),
];

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

/// The 公示表's quarter rows and the year's 合计 row.
fn publication_rows(report: &FundsYear) -> Vec<Vec<Cell>> {
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
    rows
}

/// The 公示表's 说明: carried and closing balances and what the retained dues were used for; the
/// number of uses listed.
fn publication_note(report: &FundsYear, year: i32) -> (String, usize) {
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
    (note, uses.len())
}

/// Writes the yearly 党费收缴使用情况公示表 as a Word document: the same quarter table and 说明 as
/// the sheet, the signing block of the branch and the day.
pub fn write_funds_publication_docx(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<()> {
    let (report, org) = read(ledger, org_id, year, today)?;
    let rows: Vec<Vec<String>> =
        publication_rows(&report).iter().map(|r| r.iter().map(Cell::display).collect()).collect();
    let headers: Vec<&str> = PUBLICATION_COLUMNS.iter().map(|c| c.header).collect();
    let (note, _) = publication_note(&report, year);
    let note = note.trim_start_matches("说明：").to_string();
    crate::workbook::docx::WordDocument::new()
        .dated(today)
        .title(&format!("{org}\n{year}年党费收缴使用情况公示"))
        .plain(&format!("统计截至：{}　金额单位：元", chinese_date(today)))
        .table(&headers, &rows, &[3, 2, 2, 2, 2, 2])
        .blank_line()
        .paragraph(&note)
        .paragraph(&format!("公示时间：{}至　　　年　　月　　日。监督电话：", chinese_date(today)))
        .blank_line()
        .signature(&[&org, &chinese_date(today)])
        .save(path)
}

/// Writes the yearly 党费收缴使用情况公示表: the four quarters, the year, what the money was used for.
pub fn write_funds_publication(ledger: &Ledger, org_id: i64, year: i32, today: NaiveDate, path: &Path) -> Result<()> {
    let (report, org) = read(ledger, org_id, year, today)?;
    let title = format!("{org}{year}年党费收缴使用情况公示表");
    let rows = publication_rows(&report);
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
    let (note, uses) = publication_note(&report, year);
    let footer = format!("公示时间：{}至　　　年　　月　　日　　　监督电话：", chinese_date(today));
    let first_free = HEAD_ROWS + rows.len() as u32 + 1;
    let ws = wb.worksheet_from_name(PUBLICATION_SHEET).map_err(xlsx)?;
    (|| -> Result<(), XlsxError> {
        let text = Format::new().set_font_name("宋体").set_font_size(11).set_text_wrap().set_align(FormatAlign::Top);
        let last_col = PUBLICATION_COLUMNS.len() as u16 - 1;
        ws.merge_range(first_free, 0, first_free, last_col, &note, &text)?;
        ws.set_row_height(first_free, 62.0 + 15.0 * (uses.div_ceil(2)) as f64)?;
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
    let marks = crate::funds::hardship_marks(ledger, Some(org_id))?;
    let mut rows: Vec<Vec<Cell>> = marks
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let n = visits.iter().filter(|v| v.member_id == m.member_id).count();
            vec![
                Cell::count(i + 1),
                Cell::text(m.member_name.as_str()),
                Cell::text(m.reason.as_str()),
                Cell::Date(m.marked_on),
                Cell::count(n),
            ]
        })
        .collect();
    if !rows.is_empty() {
        let n = visits.iter().filter(|v| marks.iter().any(|m| m.member_id == v.member_id)).count();
        rows.push(vec![
            Cell::text("合计"),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::ColumnSum(Box::new(Cell::count(n))),
        ]);
    }
    ledger_sheet::add_table_on(
        &mut wb,
        &LedgerTable {
            sheet_name: HARDSHIP_SHEET,
            title: format!("{org}困难党员名单"),
            subtitle: format!("统计截至：{}　共{}人　走访次数为{year}年", chinese_date(today), marks.len()),
            columns: &HARDSHIP_COLUMNS,
            rows: &rows,
            unit: &org,
            date: today,
            freeze_columns: 0,
        },
        Paper::Portrait,
    )?;
    ledger_sheet::save(&mut wb, path)
}

/// Writes the 党建工作经费收支台账 of `org_id` for `year`: the budget by item with what was spent
/// and what is left, the income by source, and every use of work funds; each 合计 a `=SUM()`.
pub fn write_budget_ledger(ledger: &Ledger, org_id: i64, year: i32, today: NaiveDate, path: &Path) -> Result<()> {
    let b = crate::funds::budget_year(ledger, org_id, year)?;
    let org = b.org_name.clone();
    let title = format!("{org}{year}年党建工作经费收支台账");
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
    let mut lines: Vec<Vec<Cell>> = b
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                Cell::count(i + 1),
                Cell::text(l.item.as_str()),
                Cell::Money(l.amount_fen),
                Cell::Money(l.spent_fen),
                Cell::Money(l.left_fen),
            ]
        })
        .collect();
    if b.unbudgeted_fen > 0 {
        lines.push(vec![
            Cell::count(lines.len() + 1),
            Cell::text("预算外支出"),
            Cell::Money(0),
            Cell::Money(b.unbudgeted_fen),
            Cell::Money(-b.unbudgeted_fen),
        ]);
    }
    if !lines.is_empty() {
        let budget: i64 = b.lines.iter().map(|l| l.amount_fen).sum();
        let left: i64 = b.lines.iter().map(|l| l.left_fen).sum::<i64>() - b.unbudgeted_fen;
        lines.push(vec![Cell::text("合计"), Cell::Empty, sum(budget), sum(b.spent_fen), sum(left)]);
    }
    let share = match (b.payroll_fen, b.payroll_share_fen, b.share_met) {
        (Some(p), Some(need), Some(met)) => format!(
            "　职工工资总额 {} 元，其1%为 {} 元，预算{}",
            yuan(p),
            yuan(need),
            if met { "已达到" } else { "不足" }
        ),
        _ => String::new(),
    };
    let subtitle = format!(
        "统计截至：{}　金额单位：元　收入 {} 元　支出 {} 元　结余 {} 元{share}",
        chinese_date(today),
        yuan(b.income_fen),
        yuan(b.spent_fen),
        yuan(b.balance_fen)
    );
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    ledger_sheet::add_table_on(
        &mut wb,
        &table(BUDGET_SHEET, title.clone(), subtitle, &BUDGET_COLUMNS, &lines),
        Paper::Portrait,
    )?;

    let mut income: Vec<Vec<Cell>> = b
        .income
        .iter()
        .enumerate()
        .map(|(i, x)| {
            vec![
                Cell::count(i + 1),
                Cell::Date(x.received_on),
                Cell::text(x.kind_label.as_str()),
                Cell::Money(x.amount_fen),
                opt_text(&x.note),
            ]
        })
        .collect();
    if !income.is_empty() {
        income.push(vec![Cell::text("合计"), Cell::Empty, Cell::Empty, sum(b.income_fen), Cell::Empty]);
    }
    let sub = format!(
        "金额单位：元　单位拨付 {} 元　留存党费 {} 元　上级返还 {} 元",
        yuan(b.allocation_fen),
        yuan(b.retained_dues_fen),
        yuan(b.refund_fen)
    );
    ledger_sheet::add_table_on(
        &mut wb,
        &table(INCOME_SHEET, format!("{org}{year}年党建工作经费收入明细"), sub, &INCOME_COLUMNS, &income),
        Paper::Portrait,
    )?;

    let mut spends: Vec<Vec<Cell>> = b
        .spending
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                Cell::count(i + 1),
                Cell::Date(s.spent_on),
                Cell::Money(s.amount_fen),
                s.budget_item.as_deref().map_or_else(|| Cell::text("预算外"), Cell::text),
                Cell::text(s.purpose_label.as_str()),
                opt_text(&s.payee),
                s.approval.as_deref().map_or_else(|| Cell::text("无"), Cell::text),
                opt_text(&s.receipt_no),
            ]
        })
        .collect();
    if !spends.is_empty() {
        spends.push(vec![
            Cell::text("合计"),
            Cell::Empty,
            sum(b.spent_fen),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    ledger_sheet::add_table_on(
        &mut wb,
        &table(
            FUNDS_SPENDING_SHEET,
            format!("{org}{year}年党建工作经费支出明细"),
            "金额单位：元".to_string(),
            &FUNDS_SPENDING_COLUMNS,
            &spends,
        ),
        Paper::Landscape,
    )?;
    ledger_sheet::save(&mut wb, path)
}

pub fn budget_file_name(org: &Organization, year: i32, today: NaiveDate) -> String {
    super::file_name(org, &format!("{year}年党建工作经费收支台账"), today)
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
