//! 党费 records: a members × months grid of amounts paid (headers 1月…12月, 2025年1月…, 2025-01 …;
//! the year from the headers, the request or the title), or rows of member, month, amount, date.
//! Amounts go to integer 分 through the payroll import's reader (`dues::payroll::amount_fen`). A grid
//! has no payment dates: each payment is dated the 1st of its month (or the day the member joined),
//! and a note says so. The natural key is member + month; another amount already recorded for it is
//! a problem. 未缴/欠缴/—/免缴 and blank cells record nothing.

use calamine::Data;
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, Transaction};

use super::table::{self, FieldSpec, RowCtx};
use super::{year_in, HistoryImportRequest, HistoryKind, Reading};
use crate::error::Result;
use crate::import::roster::cells;
use crate::model::dates::Month;
use crate::model::money::yuan;
use crate::workbook::read::{is_blank, normalize_header, plain_text};

pub use super::HistoryField as D;

pub const SPECS: &[FieldSpec<D>] = &[
    FieldSpec { field: D::Name, variants: &["姓名", "党员姓名"] },
    FieldSpec {
        field: D::IdNumber, variants: &["公民身份证号", "身份证号", "身份证号码", "公民身份号码", "身份证"]
    },
    FieldSpec {
        field: D::Month,
        variants: &["月份", "缴纳月份", "所属月份", "缴费月份", "党费月份", "交纳月份", "所属期"],
    },
    FieldSpec {
        field: D::Amount,
        variants: &["实缴金额", "实缴", "缴纳金额", "实缴党费", "缴纳党费", "党费金额", "交纳金额", "金额", "实交金额"],
    },
    FieldSpec {
        field: D::PaidOn, variants: &["缴纳日期", "缴费日期", "交纳日期", "收缴日期", "缴纳时间", "缴费时间"]
    },
    // A grid's month columns are recognised by their headers (`month_header`), not by a spelling.
    FieldSpec { field: D::MonthPaid, variants: &["当月实缴金额（表头为月份的列）"] },
    FieldSpec { field: D::Branch, variants: super::BRANCH_VARIANTS },
];

/// The sub-header of a month's paid column when each month has 应缴 and 实缴 columns.
const PAID_WORDS: &[&str] = &["实缴", "实缴金额", "已缴", "实交", "实缴党费", "缴纳金额"];

const CN_MONTHS: [&str; 12] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

/// A month column's header: `1月`, `01月`, `一月`, `2025年1月`, `2025-01`, `2025.1` → (year if
/// written, month).
pub fn month_header(text: &str) -> Option<(Option<i32>, u32)> {
    let t = table::clean(&normalize_header(text));
    let t = t.trim_end_matches("党费").trim_end_matches("实缴").trim_end_matches('份');
    if let Some(m) = t.strip_suffix('月') {
        let (year, m) = match m.split_once('年') {
            Some((y, m)) => (Some(y.parse::<i32>().ok().filter(|y| (1950..=2100).contains(y))?), m),
            None => (None, m),
        };
        let month = m.parse::<u32>().ok().or_else(|| CN_MONTHS.iter().position(|c| *c == m).map(|i| i as u32 + 1))?;
        return (1..=12).contains(&month).then_some((year, month));
    }
    let parts: Vec<&str> = t.split(['-', '.', '/']).collect();
    match parts.as_slice() {
        [y, m] | [y, m, _] if y.len() == 4 => {
            let (year, month) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
            ((1950..=2100).contains(&year) && (1..=12).contains(&month)).then_some((Some(year), month))
        }
        _ => None,
    }
}

fn month_columns(headers: &[String]) -> usize {
    headers.iter().filter(|h| month_header(h).is_some()).count()
}

/// One payment to store.
pub(crate) struct Write {
    member_id: i64,
    month: Month,
    fen: i64,
    paid_on: NaiveDate,
}

/// An amount cell: Some(分) paid, None for nothing paid (blank, 未缴, —, 0).
fn paid(d: &Data) -> std::result::Result<Option<i64>, String> {
    if is_blank(d) {
        return Ok(None);
    }
    if let Data::String(s) = d {
        let t = table::squash(s);
        if matches!(
            t.as_str(),
            "未缴" | "欠缴" | "未交" | "欠交" | "免缴" | "免交" | "—" | "-" | "/" | "×" | "无" | "－" | "——"
        ) {
            return Ok(None);
        }
    }
    let fen = crate::dues::payroll::amount_fen(d)?;
    Ok((fen > 0).then_some(fen))
}

pub(crate) fn read(conn: &Connection, req: &HistoryImportRequest, today: NaiveDate) -> Result<Reading<Write>> {
    // A row with at least three month headers counts as two known columns; one cell (the lower row of
    // a two-row header, `2025年` over `1月`) counts when it is a month.
    let extra = |h: &[String]| match (h.len(), month_columns(h)) {
        (1, n) => n,
        (_, n) if n >= 3 => 2,
        _ => 0,
    };
    let by_month = |h: &str| month_header(h).map(|_| D::MonthPaid);
    let repeats = |f: D| f == D::MonthPaid;
    let reader = table::Reader {
        specs: SPECS,
        min_known: 3,
        extra: &extra,
        field_by_header: &by_month,
        repeats: &repeats,
        what: "党费收缴台账",
    };
    let (file_name, tables) = super::read_tables(conn, req, &reader)?;
    let mut out = Reading::new(HistoryKind::Dues, file_name, SPECS);
    let mut routes = super::Routes::new(conn, req, &tables, SPECS, &mut out)?;
    let mut seen: std::collections::HashMap<(i64, Month), String> = Default::default();
    let mut dated_first = false;
    // The 党费收缴台账 this program exports has a second grid of the same members × months holding
    // the day each month was paid (缴纳日期): it dates the amounts; it is not amounts itself.
    let mut paid_days: std::collections::HashMap<(String, Month), NaiveDate> = Default::default();
    let mut date_grids: Vec<&str> = Vec::new();
    for t in &tables {
        if let Some(days) = dates_grid(t, req.year.or_else(|| year_in(&t.titles))) {
            paid_days.extend(days);
            date_grids.push(&t.sheet);
        }
    }
    for t in &tables {
        out.sheet(t, SPECS);
        if date_grids.contains(&t.sheet.as_str()) {
            out.note(format!("{}：各月的缴纳日期，用作同一党员同一月份党费的缴纳日期", t.sheet));
            continue;
        }
        if !t.columns.contains_key(&D::Name) && !t.columns.contains_key(&D::IdNumber) {
            out.problem(&t.sheet, format!("{}：缺少“姓名”列", t.sheet));
            continue;
        }
        // The month columns as mapped; one whose header names no month cannot be read.
        let mut months: Vec<(u32, Option<i32>, u32)> = Vec::new();
        for c in t.mapping.columns.iter().filter(|c| c.field == Some(D::MonthPaid)) {
            match month_header(&c.header) {
                Some((y, m)) => months.push((c.column, y, m)),
                None => out.problem(
                    &t.sheet,
                    format!(
                        "{}：{}列的表头“{}”看不出是哪个月：按月份填写金额的列，表头应为“1月”“2025年1月”等",
                        t.sheet, c.letter, c.header
                    ),
                ),
            }
        }
        // Each month over two columns, 应缴 and 实缴 (`1月` merged above them): the 实缴 column is read
        // and the row of 应缴/实缴 is not data.
        // The 应缴/实缴 row is the header's own lower row, or the row under the header.
        let paid_in = |r: u32| {
            let texts = t.grid.row_texts(r);
            let is_paid = |c: usize| texts.get(c).is_some_and(|x| PAID_WORDS.contains(&normalize_header(x).as_str()));
            months.iter().any(|(c, _, _)| is_paid(*c as usize) || is_paid(*c as usize + 1)).then_some(texts)
        };
        let (below, sub_header) = match paid_in(t.header_row - 1) {
            Some(texts) => (texts, false),
            None => match paid_in(t.header_row) {
                Some(texts) => (texts, true),
                None => (Vec::new(), false),
            },
        };
        let is_paid = |c: usize| below.get(c).is_some_and(|x| PAID_WORDS.contains(&normalize_header(x).as_str()));
        let split = !below.is_empty();
        if split {
            let starts: Vec<u32> = months.iter().map(|m| m.0).collect();
            for (i, m) in months.iter_mut().enumerate() {
                let end = starts.get(i + 1).copied().unwrap_or(m.0 + 2);
                if let Some(c) = (m.0..end).find(|c| is_paid(*c as usize)) {
                    m.0 = c;
                }
            }
        }
        let grid = months.len() >= 3;
        if let (true, Some(s), Some(first), Some(last)) =
            (grid, out.preview.sheets.last_mut(), months.first(), months.last())
        {
            let month_paid = table::label_of(SPECS, D::MonthPaid);
            s.columns.retain(|c| !c.ends_with("→ 实缴金额") && !c.ends_with("→ 月份") && !c.ends_with(month_paid));
            s.columns.push(format!(
                "{}–{}（{}…{}）→ 各月实缴金额",
                crate::workbook::read::column_letter(first.0),
                crate::workbook::read::column_letter(last.0),
                t.headers[first.0 as usize],
                t.headers[last.0 as usize]
            ));
        }
        let title_year = req.year.or_else(|| year_in(&t.titles));
        if grid && months.iter().any(|(_, y, _)| y.is_none()) && title_year.is_none() {
            out.problem(
                &t.sheet,
                format!("{}：月份表头（1月…12月）没有写年份，标题中也没有：请在导入时填写年度，或在标题中写明年份（如“2025年党费收缴台账”）", t.sheet),
            );
            continue;
        }
        if grid && req.year.is_none() && months.iter().any(|(_, y, _)| y.is_none()) {
            out.note(format!("{}：年份取自标题（{}年）", t.sheet, title_year.unwrap_or_default()));
        }
        if !grid && (!t.columns.contains_key(&D::Month) || !t.columns.contains_key(&D::Amount)) {
            out.problem(
                &t.sheet,
                format!("{}：既没有1月…12月这样的月份列，也没有“月份”和“金额”两列：看不出每人每月缴了多少", t.sheet),
            );
            continue;
        }
        for r in table::data_rows(t, SPECS) {
            if sub_header && r == t.header_row {
                continue;
            }
            let mut ctx = RowCtx::new(t, r);
            let name = ctx.text(D::Name);
            let id = ctx.read(D::IdNumber, cells::id_text);
            // (column, month, amount, paid on)
            let mut items: Vec<(Option<table::Column>, Month, i64, Option<NaiveDate>)> = Vec::new();
            if grid {
                for (col, y, m) in &months {
                    let Some(year) = y.or(title_year) else { continue };
                    let column = table::Column {
                        index: *col,
                        letter: crate::workbook::read::column_letter(*col),
                        header: if split { format!("{m}月实缴") } else { t.headers[*col as usize].clone() },
                    };
                    let month = Month { year, month: *m };
                    let day = name.as_deref().and_then(|n| paid_days.get(&(table::squash(n), month)).copied());
                    match paid(ctx.at(*col)) {
                        Ok(Some(fen)) => items.push((Some(column), month, fen, day)),
                        Ok(None) => {}
                        Err(why) => ctx.problem_at(Some(&column), &why),
                    }
                }
            } else {
                let month = match ctx.cell(D::Month) {
                    Some(Data::String(s)) if month_header(s).is_some_and(|(y, _)| y.is_none()) => {
                        let (_, m) = month_header(s).unwrap_or((None, 1));
                        match title_year {
                            Some(year) => Some(Month { year, month: m }),
                            None => {
                                ctx.problem(
                                    Some(D::Month),
                                    &format!("“{}”没有年份：请写成如 2025年1月，或在导入时指定年度", s.trim()),
                                );
                                None
                            }
                        }
                    }
                    _ => ctx.read(D::Month, cells::date_or_month).map(cells::month_of),
                };
                let fen = ctx.cell(D::Amount).map(paid).transpose().unwrap_or_else(|why| {
                    ctx.problem(Some(D::Amount), &why);
                    None
                });
                let paid_on = ctx.read(D::PaidOn, cells::date);
                match (month, fen.flatten()) {
                    (Some(m), Some(fen)) => items.push((t.columns.get(&D::Amount).cloned(), m, fen, paid_on)),
                    (None, _) if ctx.problems.is_empty() => ctx.problem(Some(D::Month), "月份未填写"),
                    _ => {}
                }
            }
            // In a 党委's grid, the member is looked for in the branch the row names.
            let people = match routes.org_of(&mut ctx) {
                Some(org) => Some(routes.people(conn, org)?),
                None => None,
            };
            let member = match people.map(|p| p.find(name.as_deref(), id.as_deref(), None)) {
                Some(Ok(m)) => Some(m),
                Some(Err(why)) => {
                    ctx.problem(Some(if id.is_some() { D::IdNumber } else { D::Name }), &why);
                    None
                }
                None => None,
            };
            let total: i64 = items.iter().map(|i| i.2).sum();
            let summary = format!("{} {}个月 {}元", name.clone().unwrap_or_default(), items.len(), yuan(total));
            let Some(m) = member else {
                out.row(ctx, summary, vec![], 0);
                continue;
            };
            let payer = crate::dues::bases::payer(conn, m.id)?;
            let mut writes = Vec::new();
            let mut unchanged = 0;
            for (col, month, fen, paid_on) in items {
                if let Some(why) = payer.as_ref().and_then(|p| p.not_owed(month, "缴费月份")) {
                    ctx.problem_at(col.as_ref(), &why);
                    continue;
                }
                let undated = paid_on.is_none();
                let paid_on = paid_on.unwrap_or_else(|| month.first_day().max(m.fields.joined_on).min(today));
                if paid_on > today {
                    ctx.problem(Some(D::PaidOn), &format!("缴纳日期 {paid_on} 晚于今天"));
                    continue;
                }
                if let Some(first) = seen.insert((m.id, month), format!("{} 第{}行", t.sheet, ctx.row())) {
                    ctx.problem_at(
                        col.as_ref(),
                        &format!("{}的{month}党费在{first}已有一条：同一月份只能登记一次", m.fields.name),
                    );
                    continue;
                }
                match crate::dues::payments::payment(conn, m.id, month)? {
                    Some((stored, _)) if stored == fen => unchanged += 1,
                    Some((stored, _)) => ctx.problem_at(
                        col.as_ref(),
                        &format!(
                            "台账中{}的{month}党费已登记为{}元，表中为{}元：请核对，如需更改请在党费页面修改",
                            m.fields.name,
                            yuan(stored),
                            yuan(fen)
                        ),
                    ),
                    None => {
                        dated_first |= undated;
                        writes.push(Write { member_id: m.id, month, fen, paid_on })
                    }
                }
            }
            if !ctx.problems.is_empty() {
                writes.clear();
            }
            let _ = plain_text;
            out.row(ctx, summary, writes, unchanged);
        }
    }
    if dated_first {
        out.note("表中没有缴纳日期：按所缴月份的1日（当月入党的按入党日期）登记".to_string());
    }
    Ok(out.finish())
}

/// A members × months grid of dates (date cells, or text of a full date; words such as 未缴 between
/// them) and no amounts: when each member paid each month, keyed by the squashed name. None for a
/// grid holding any number.
fn dates_grid(t: &table::Table<D>, title_year: Option<i32>) -> Option<Vec<((String, Month), NaiveDate)>> {
    let months: Vec<(u32, Option<i32>, u32)> =
        t.headers.iter().enumerate().filter_map(|(i, h)| month_header(h).map(|(y, m)| (i as u32, y, m))).collect();
    if months.len() < 3 {
        return None;
    }
    let name_col = t.columns.get(&D::Name)?.index;
    let mut days = Vec::new();
    for r in table::data_rows(t, SPECS) {
        let name = table::squash(&plain_text(t.grid.cell(r, name_col)));
        for (col, y, m) in &months {
            let d = t.grid.cell(r, *col);
            if is_blank(d) {
                continue;
            }
            match d {
                // An amount: a grid of money, not of dates.
                Data::Float(_) | Data::Int(_) => return None,
                // A word in place of a date (未缴, 免交, —, 记账前) says nothing about a payment.
                _ => {
                    if let Ok(Some(day)) = cells::date(d) {
                        let year = y.or(title_year).unwrap_or_else(|| day.year());
                        days.push(((name.clone(), Month { year, month: *m }), day));
                    }
                }
            }
        }
    }
    (!days.is_empty()).then_some(days)
}

pub(crate) fn write(tx: &Transaction, rows: Vec<Write>) -> Result<()> {
    for w in rows {
        crate::dues::payments::upsert_payment(tx, w.member_id, w.month, w.fen, w.paid_on)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_headers() {
        assert_eq!(month_header("1月"), Some((None, 1)));
        assert_eq!(month_header("12月"), Some((None, 12)));
        assert_eq!(month_header("十一月"), Some((None, 11)));
        assert_eq!(month_header("2025年3月"), Some((Some(2025), 3)));
        assert_eq!(month_header("2025-03"), Some((Some(2025), 3)));
        assert_eq!(month_header("１月份"), Some((None, 1)));
        assert_eq!(month_header("全年实缴"), None);
        assert_eq!(month_header("13月"), None);
    }
}
