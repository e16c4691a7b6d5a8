//! The 党费收缴台账 workbook: one row per member with base, rate and monthly due, the amount paid for
//! each of the twelve months, the year's due, paid and arrears, and a totals row; in the shared print
//! layout (`roster::ledger_sheet`: A4 landscape fitted to the width, header repeated, page numbers,
//! 填报单位/填报人/填报日期 footer).
//!
//! Layout: one column per month showing what was paid for it (a second 应缴 column per month would
//! make 33 columns, unreadable on A4; the due is the same every month unless the base changes, so it
//! is shown once in 月应缴: the latest month's, with the earlier base and due in 备注 when a base
//! changes mid-year).
//! Amounts are numbers in 元 (`#,##0.00`), computed by the engine in integer 分; the 合计 row holds
//! `=SUM()` formulas over the member rows with the engine's totals cached, so a committee can sum
//! and correct the sheet. A month cell reads 未缴 when nothing was paid for a month already due, 免交
//! for an approved exemption, — for a month not owed (before joining, after leaving), 记账前 for a
//! month before the ledger's start month, and is empty for a month not yet due — a month still 待缴
//! before its collection deadline included (words, which a SUM skips). A member with a month whose due is unknown (no
//! base) shows the year's due and arrears of the known months marked （待核定）, never a bare 0.00;
//! the totals add the known parts, as the engine's do.

use std::path::Path;

use chrono::NaiveDate;

use crate::dues::explain::yuan;
use crate::dues::report::{DuesYear, MemberDues, MonthDues};
use crate::error::Result;
use crate::model::Organization;
use crate::store::Ledger;
use crate::workbook::cell::Cell;
use crate::workbook::table::{self as ledger_sheet, chinese_date, LedgerTable, TableColumn};
use crate::workbooks::BRANCH_COLUMN;

pub const COLLECTION_SHEET: &str = "党费收缴台账";
/// Second sheet: the day each month's dues were paid.
pub const PAYMENT_DATES_SHEET: &str = "缴纳日期";

/// Under the 党费收缴台账: who received and handled the money, and the secretary's check.
pub const COLLECTION_SIGNATURES: &str = "收款人（签字）：　　　　　　　　经手人（签字）：　　　　　　　　\
     支部书记审核（签字）：　　　　　　　　审核日期：　　　　年　　月　　日";

/// What a dues workbook holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DuesSheetSummary {
    pub path: String,
    /// Member rows (the totals row not counted).
    pub members: u32,
}

const MONTHS: [&str; 12] = ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"];

/// The branch of each member of the report by short name, when the members belong to more than one
/// organisation (a committee's ledger); `None` for one branch's.
pub(crate) fn branch_names(ledger: &Ledger, report: &DuesYear) -> Result<Option<Vec<String>>> {
    if !super::meetings::several_orgs_by(report.members.iter().map(|m| m.org.as_str())) {
        return Ok(None);
    }
    let names = crate::store::orgs::short_names_by_key(ledger.conn())?;
    Ok(Some(report.members.iter().map(|m| names.get(&m.org).cloned().unwrap_or_default()).collect()))
}

/// The columns: member (and 所在支部 when `with_branch`), base/rate/due, twelve months paid, the
/// year, notes.
pub fn collection_columns(with_branch: bool) -> Vec<TableColumn> {
    let mut cols = vec![TableColumn::centered("序号"), TableColumn::centered("姓名")];
    if with_branch {
        cols.push(BRANCH_COLUMN);
    }
    cols.extend([
        TableColumn::centered("党员分类"),
        TableColumn { header: "月缴纳基数(元)", centered: true, max_width: 11.0 },
        TableColumn { header: "比例", centered: true, max_width: 7.0 },
        TableColumn { header: "月应缴(元)", centered: true, max_width: 9.0 },
    ]);
    cols.extend(MONTHS.iter().map(|m| TableColumn { header: m, centered: true, max_width: 9.0 }));
    cols.extend([
        TableColumn::centered("全年应缴(元)"),
        TableColumn::centered("全年实缴(元)"),
        TableColumn::centered("欠缴(元)"),
        TableColumn::left("备注", 22.0),
    ]);
    cols
}

/// Writes the 党费收缴台账 of `org_id` and everything under it for `year`, as seen on `today`.
pub fn write_collection_ledger(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<DuesSheetSummary> {
    let report = crate::dues::ledger::year_report(ledger, year, Some(org_id), today)?;
    let org = crate::store::orgs::name_of(ledger.conn(), org_id)?;
    let title = format!("{org}{year}年党费收缴台账");
    let branches = branch_names(ledger, &report)?;
    let mut rows: Vec<Vec<Cell>> = report
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| with_branch(member_row(i + 1, m, year), branches.as_ref().map(|b| b[i].as_str())))
        .collect();
    rows.push(with_branch(totals_row(&report), branches.as_ref().map(|_| "")));
    let columns = collection_columns(branches.is_some());
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    ledger_sheet::add_table(
        &mut wb,
        &LedgerTable {
            sheet_name: COLLECTION_SHEET,
            title,
            subtitle: format!(
                "统计日期：{}　共{}人　金额单位：元　各月栏为该月实缴金额；欠缴为截至{}应缴未缴的金额{}",
                chinese_date(today),
                report.members.len(),
                report.judged_label(),
                judging_note(&report)
            ),
            columns: &columns,
            rows: &rows,
            unit: &org,
            date: today,
            freeze_columns: 2,
        },
    )?;
    ledger_sheet::add_signature_line(&mut wb, COLLECTION_SHEET, rows.len(), columns.len(), COLLECTION_SIGNATURES)?;
    let date_rows: Vec<Vec<Cell>> = report
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| with_branch(payment_dates_row(i + 1, m, year), branches.as_ref().map(|b| b[i].as_str())))
        .collect();
    let date_columns = payment_dates_columns(branches.is_some());
    let late = report.members.iter().flat_map(|m| &m.months).filter(|x| x.late).count();
    ledger_sheet::add_table(
        &mut wb,
        &LedgerTable {
            sheet_name: PAYMENT_DATES_SHEET,
            title: format!("{org}{year}年党费缴纳日期登记表"),
            subtitle: format!(
                "统计日期：{}　共{}人　各月栏为该月党费的交纳日期（金额见“{COLLECTION_SHEET}”表）；收缴期过后交纳的为补缴，共{late}笔",
                chinese_date(today),
                report.members.len(),
            ),
            columns: &date_columns,
            rows: &date_rows,
            unit: &org,
            date: today,
            freeze_columns: 2,
        },
    )?;
    ledger_sheet::add_signature_line(
        &mut wb,
        PAYMENT_DATES_SHEET,
        date_rows.len(),
        date_columns.len(),
        COLLECTION_SIGNATURES,
    )?;
    ledger_sheet::save(&mut wb, path)?;
    Ok(DuesSheetSummary { path: path.display().to_string(), members: report.members.len() as u32 })
}

/// The 缴纳日期 sheet's columns: member (and 所在支部), twelve months, the months paid late, notes.
fn payment_dates_columns(with_branch: bool) -> Vec<TableColumn> {
    let mut cols = vec![TableColumn::centered("序号"), TableColumn::centered("姓名")];
    if with_branch {
        cols.push(BRANCH_COLUMN);
    }
    // Wide enough for `2026-01-10` on one line.
    cols.extend(MONTHS.iter().map(|m| TableColumn { header: m, centered: true, max_width: 11.0 }));
    cols.extend([TableColumn::left("补缴月份", 14.0), TableColumn::left("备注", 16.0)]);
    cols
}

/// A member's payment dates: each month's date of payment (a date cell), or the main sheet's word
/// for a month without one (未缴, 免交, —, 记账前; empty while not yet due).
fn payment_dates_row(n: usize, m: &MemberDues, year: i32) -> Vec<Cell> {
    let mut row = vec![Cell::count(n), Cell::text(m.name.as_str())];
    let mut late = Vec::new();
    for month in 1..=12 {
        let key = format!("{year:04}-{month:02}");
        row.push(match m.months.iter().find(|x| x.month == key) {
            None => Cell::text("—"),
            Some(x) => {
                if x.late {
                    late.push(format!("{month}月"));
                }
                match (x.paid_fen, x.paid_on) {
                    (paid, Some(on)) if paid > 0 => Cell::CompactDate(on),
                    (paid, None) if paid > 0 => Cell::text("已缴"),
                    _ => month_cell(x),
                }
            }
        });
    }
    row.push(Cell::text(late.join("、")));
    row.push(Cell::Empty);
    row
}

/// `row` with the member's branch after 姓名 (the third column) when the sheet has a 所在支部 column.
pub(crate) fn with_branch(mut row: Vec<Cell>, branch: Option<&str>) -> Vec<Cell> {
    if let Some(b) = branch {
        row.insert(2, if b.is_empty() { Cell::Empty } else { Cell::text(b) });
    }
    row
}

/// What the sheet does not count as arrears: the running month before its collection deadline
/// (待缴) and the months before the ledger's start month.
pub(crate) fn judging_note(report: &DuesYear) -> String {
    let mut out = String::new();
    let pending = report.members.iter().flat_map(|m| m.months.iter()).find(|x| x.pending);
    if let Some(month) = pending.and_then(|x| crate::model::dates::Month::parse(&x.month)) {
        let deadline = crate::dues::compute::collection_deadline(month, report.rules.collection_day);
        out.push_str(&format!("；{}月党费收缴期至{}，尚为待缴", month.month, deadline.format("%-m月%-d日")));
    }
    if let Some(start) = report.start_month.as_deref().and_then(crate::model::dates::Month::parse) {
        if start.year == report.year && start.month > 1 {
            out.push_str(&format!("；本台账{}月起记账，此前月份不计欠缴", start.month));
        }
    }
    out
}

fn member_row(n: usize, m: &MemberDues, year: i32) -> Vec<Cell> {
    let latest = m.months.last();
    let base = match latest {
        None => Cell::Empty,
        Some(x) if x.fixed => Cell::text("—"),
        Some(x) => x.base_fen.map_or_else(|| Cell::text("未设置"), Cell::Money),
    };
    let rate = match latest {
        Some(x) if x.fixed => Cell::text("定额"),
        Some(x) => x.rate_permille.map_or(Cell::Empty, Cell::Rate),
        None => Cell::Empty,
    };
    let due = latest.and_then(|x| x.due_fen).map_or(Cell::Empty, Cell::Money);
    let mut row = vec![Cell::count(n), Cell::text(m.name.as_str()), Cell::text(m.category.label()), base, rate, due];
    for month in 1..=12 {
        let key = format!("{year:04}-{month:02}");
        row.push(match m.months.iter().find(|x| x.month == key) {
            None => Cell::text("—"),
            Some(x) => month_cell(x),
        });
    }
    row.push(known_or_pending(m, m.due_total_fen));
    row.push(Cell::Money(m.paid_total_fen));
    row.push(known_or_pending(m, m.outstanding_fen));
    row.push(Cell::text(remark(m)));
    row
}

/// The amount, marked （待核定） when a month's due is unknown (no base): a bare 0.00 would read as
/// nothing owed. The number is the known months' part, which the totals add.
pub(crate) fn known_or_pending(m: &MemberDues, fen: i64) -> Cell {
    if unknown_due(m) {
        Cell::PendingMoney(fen)
    } else {
        Cell::Money(fen)
    }
}

/// A month judged (or to be judged) whose due is unknown: no base set. Months before the ledger's
/// start are not judged and do not make the year's figures uncertain.
pub(crate) fn unknown_due(m: &MemberDues) -> bool {
    m.months.iter().any(|x| x.due_fen.is_none() && !x.before_start)
}

fn month_cell(x: &MonthDues) -> Cell {
    match (x.paid_fen, x.due_fen) {
        (0, _) if x.before_start => Cell::text("记账前"),
        (0, Some(0)) => Cell::text("免交"),
        (0, _) if x.future || x.pending => Cell::Empty,
        (0, _) => Cell::text("未缴"),
        (paid, _) => Cell::Money(paid),
    }
}

/// The months (1–12) where a member's base changes, with the base and due before and from then.
pub(crate) fn base_changes(m: &MemberDues) -> Vec<(u32, &MonthDues, &MonthDues)> {
    m.months
        .windows(2)
        .filter(|p| !p[1].fixed && p[0].base_fen.is_some() && p[1].base_fen.is_some() && p[0].base_fen != p[1].base_fen)
        .map(|p| (p[1].month.get(5..).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0), &p[0], &p[1]))
        .collect()
}

/// Short notes: a base change (with the base and due before it), a missing base, the unpaid streak.
fn remark(m: &MemberDues) -> String {
    let mut notes: Vec<String> = Vec::new();
    for (month, before, _) in base_changes(m) {
        let was = |fen: Option<i64>| fen.map(yuan).unwrap_or_default();
        notes.push(format!("{month}月起基数调整（此前基数{}、月应缴{}）", was(before.base_fen), was(before.due_fen)));
    }
    if unknown_due(m) {
        notes.push("未设置基数".to_string());
    }
    if m.streak_at_threshold {
        notes.push(format!("连续{}个月未缴，达自行脱党界限", m.unpaid_streak_months));
    } else if m.unpaid_streak_months > 0 {
        notes.push(format!("连续{}个月未缴", m.unpaid_streak_months));
    }
    notes.join("；")
}

fn totals_row(report: &DuesYear) -> Vec<Cell> {
    let year = report.year;
    let mut row = vec![Cell::text("合计"), Cell::People(i64::from(report.totals.members))];
    row.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]);
    for month in 1..=12 {
        let key = format!("{year:04}-{month:02}");
        let paid: i64 =
            report.members.iter().flat_map(|m| m.months.iter()).filter(|x| x.month == key).map(|x| x.paid_fen).sum();
        row.push(Cell::ColumnSum(Box::new(Cell::Money(paid))));
    }
    let t = &report.totals;
    for fen in [t.due_total_fen, t.paid_total_fen, t.outstanding_fen] {
        row.push(Cell::ColumnSum(Box::new(Cell::Money(fen))));
    }
    row.push(match t.members_with_streak {
        0 => Cell::Empty,
        n => Cell::text(format!("连续未缴{n}人")),
    });
    row
}

/// File name suggested for the ledger: `<组织简称>2026年党费收缴台账-YYYYMMDD.xlsx`.
pub fn collection_file_name(org: &Organization, year: i32, today: NaiveDate) -> String {
    super::file_name(org, &format!("{year}年党费收缴台账"), today)
}
