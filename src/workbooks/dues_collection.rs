//! The 党费收缴台账 workbook: one row per member with base, rate and monthly due, the amount paid for
//! each of the twelve months, the year's due, paid and arrears, and a totals row; in the shared print
//! layout (`roster::ledger_sheet`: A4 landscape fitted to the width, header repeated, page numbers,
//! 填报单位/填报人/填报日期 footer).
//!
//! Layout: one column per month showing what was paid for it (a second 应缴 column per month would
//! make 33 columns, unreadable on A4; the due is the same every month unless the base changes, so it
//! is shown once in 月应缴, with both values when a base changes mid-year and the month in 备注).
//! Amounts are text in 元 with two decimals and thousands separators, like every cell of the shared
//! layout: they print exactly as the engine computed them in integer 分, never as a float, and the
//! totals are the engine's, not spreadsheet formulas. A month cell reads 未缴 when nothing was paid
//! for a month already due, 免交 for an approved exemption, — for a month not owed (before joining,
//! after leaving) and is empty for a month not yet due. A member with a month whose due is unknown
//! (no base) shows 待核定 as the year's due and arrears, not 0.00; the totals count only known dues.

use std::path::Path;

use chrono::NaiveDate;

use crate::dues::explain::{percent, yuan};
use crate::dues::report::{DuesYear, MemberDues, MonthDues};
use crate::error::Result;
use crate::model::Organization;
use crate::store::Ledger;
use crate::workbook::table::{self as ledger_sheet, chinese_date, LedgerTable, TableColumn};

pub const COLLECTION_SHEET: &str = "党费收缴台账";

/// What a dues workbook holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DuesSheetSummary {
    pub path: String,
    /// Member rows (the totals row not counted).
    pub members: u32,
}

const MONTHS: [&str; 12] = ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"];

/// The columns: member, base/rate/due, twelve months paid, the year, notes.
pub fn collection_columns() -> Vec<TableColumn> {
    let mut cols = vec![
        TableColumn::centered("序号"),
        TableColumn::centered("姓名"),
        TableColumn::centered("党员分类"),
        TableColumn { header: "月缴纳基数(元)", centered: true, max_width: 11.0 },
        TableColumn { header: "比例", centered: true, max_width: 7.0 },
        TableColumn { header: "月应缴(元)", centered: true, max_width: 9.0 },
    ];
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
    let mut rows: Vec<Vec<String>> =
        report.members.iter().enumerate().map(|(i, m)| member_row(i + 1, m, year)).collect();
    rows.push(totals_row(&report));
    let columns = collection_columns();
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    ledger_sheet::add_table(
        &mut wb,
        &LedgerTable {
            sheet_name: COLLECTION_SHEET,
            title,
            subtitle: format!(
                "统计日期：{}　共{}人　金额单位：元　各月栏为该月实缴金额；欠缴为截至{}应缴未缴的金额",
                chinese_date(today),
                report.members.len(),
                as_of(year, today)
            ),
            columns: &columns,
            rows: &rows,
            unit: &org,
            date: today,
            freeze_columns: 2,
        },
    )?;
    ledger_sheet::save(&mut wb, path)?;
    Ok(DuesSheetSummary { path: path.display().to_string(), members: report.members.len() as u32 })
}

/// "本月" when `today` is in the year, the year's end when it is over, "目前" before it starts.
pub(crate) fn as_of(year: i32, today: NaiveDate) -> String {
    use chrono::Datelike;
    match today.year().cmp(&year) {
        std::cmp::Ordering::Equal => format!("{}月", today.month()),
        std::cmp::Ordering::Greater => "年底".to_string(),
        std::cmp::Ordering::Less => "目前".to_string(),
    }
}

/// The distinct values of a member's months in order, joined: "4,500.00 / 6,500.00".
fn distinct(months: &[MonthDues], value: impl Fn(&MonthDues) -> String) -> String {
    let mut out: Vec<String> = Vec::new();
    for m in months {
        let v = value(m);
        if out.last() != Some(&v) {
            out.push(v);
        }
    }
    out.join(" / ")
}

fn member_row(n: usize, m: &MemberDues, year: i32) -> Vec<String> {
    let base = distinct(&m.months, |x| match (x.fixed, x.base_fen) {
        (true, _) => "—".to_string(),
        (false, Some(b)) => yuan(b),
        (false, None) => "未设置".to_string(),
    });
    let rate = distinct(&m.months, |x| match (x.fixed, x.rate_permille) {
        (true, _) => "定额".to_string(),
        (false, Some(r)) => percent(r),
        (false, None) => String::new(),
    });
    let due = distinct(&m.months, |x| x.due_fen.map(yuan).unwrap_or_default());
    let mut row = vec![n.to_string(), m.name.clone(), m.category.label().to_string(), base, rate, due];
    for month in 1..=12 {
        let key = format!("{year:04}-{month:02}");
        row.push(match m.months.iter().find(|x| x.month == key) {
            None => "—".to_string(),
            Some(x) => month_cell(x),
        });
    }
    row.push(known_or_pending(m, m.due_total_fen));
    row.push(yuan(m.paid_total_fen));
    row.push(known_or_pending(m, m.outstanding_fen));
    row.push(remark(m));
    row
}

/// The amount, or 待核定 when a month's due is unknown (no base): 0.00 would read as nothing owed.
pub(crate) fn known_or_pending(m: &MemberDues, fen: i64) -> String {
    if m.months.iter().any(|x| x.due_fen.is_none()) {
        "待核定".to_string()
    } else {
        yuan(fen)
    }
}

fn month_cell(x: &MonthDues) -> String {
    match (x.paid_fen, x.due_fen) {
        (0, Some(0)) => "免交".to_string(),
        (0, _) if x.future => String::new(),
        (0, _) => "未缴".to_string(),
        (paid, _) => yuan(paid),
    }
}

/// Short notes: a base change and its month, a missing base, the unpaid streak.
fn remark(m: &MemberDues) -> String {
    let mut notes: Vec<String> = Vec::new();
    for pair in m.months.windows(2) {
        if let (Some(a), Some(b)) = (pair[0].base_fen, pair[1].base_fen) {
            if a != b && !pair[1].fixed {
                let month = pair[1].month.get(5..).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0);
                notes.push(format!("{month}月起基数调整"));
            }
        }
    }
    if m.months.iter().any(|x| x.due_fen.is_none()) {
        notes.push("未设置基数".to_string());
    }
    if m.streak_at_threshold {
        notes.push(format!("连续{}个月未缴，达自行脱党界限", m.unpaid_streak_months));
    } else if m.unpaid_streak_months > 0 {
        notes.push(format!("连续{}个月未缴", m.unpaid_streak_months));
    }
    notes.join("；")
}

fn totals_row(report: &DuesYear) -> Vec<String> {
    let year = report.year;
    let mut row = vec!["合计".to_string(), format!("{}人", report.members.len()), String::new(), String::new()];
    row.extend([String::new(), String::new()]);
    for month in 1..=12 {
        let key = format!("{year:04}-{month:02}");
        let paid: i64 =
            report.members.iter().flat_map(|m| m.months.iter()).filter(|x| x.month == key).map(|x| x.paid_fen).sum();
        row.push(yuan(paid));
    }
    let t = &report.totals;
    row.extend([yuan(t.due_total_fen), yuan(t.paid_total_fen), yuan(t.outstanding_fen)]);
    row.push(match t.members_with_streak {
        0 => String::new(),
        n => format!("连续未缴{n}人"),
    });
    row
}

/// File name suggested for the ledger: `<组织简称>2026年党费收缴台账-YYYYMMDD.xlsx`.
pub fn collection_file_name(org: &Organization, year: i32, today: NaiveDate) -> String {
    let name = org.fields.short_name.as_deref().unwrap_or(&org.fields.name);
    format!("{name}{year}年党费收缴台账-{}.xlsx", today.format("%Y%m%d"))
}
