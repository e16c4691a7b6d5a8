//! Importing monthly dues bases from the payroll workbook finance hands the secretary.
//!
//! The sheet is read with calamine; the header row is found under any title rows by looking for a
//! name column (姓名) beside an amount column. The amount column is the one the person chose, else the
//! first header that names a dues base (党费基数, 缴费基数, 计算基数), else after-tax pay (税后工资, 实发工资).
//! People are matched by 身份证号 when the sheet has one, else by name within the organisation; a
//! name shared by two members must be settled with the ID column.
//!
//! Rows for people who are not Party members of the organisation (payrolls list everyone) and total
//! rows (合计, 小计) are listed in the preview as not imported, with the reason — never dropped
//! silently. Every problem names the sheet, row and column; any problem refuses the whole import, and
//! the import itself is one `set_bases_bulk` call (one transaction).

use std::collections::HashMap;
use std::path::Path;

use calamine::Data;
use serde::{Deserialize, Serialize};

use super::bases::{set_bases_bulk, BaseRow, BasesSummary};
use super::compute::monthly_due;
use super::versions::rules_for_year;
use crate::error::{Error, Problem, Result};
use crate::model::dates::Month;
use crate::model::Member;
use crate::store::members::{MemberFilter, Presence};
use crate::store::{orgs, Ledger};
use crate::workbook::read::{column_letter, normalize_header};
use crate::workbook::read::{is_blank, plain_text, Grid, Workbook};

/// Headers naming a dues base outright, preferred over pay columns.
const BASE_HEADERS: &[&str] = &["党费基数", "缴费基数", "党费计算基数", "计算基数", "基数"];
/// Pay columns usable as the base (after tax and social insurance), in order of preference.
const PAY_HEADERS: &[&str] =
    &["税后工资", "税后收入", "实发工资", "实发金额", "实发合计", "实发", "月收入", "退休金", "养老金"];
const NAME_HEADERS: &[&str] = &["姓名", "党员姓名", "职工姓名"];
const ID_HEADERS: &[&str] = &["身份证号", "公民身份证号", "身份证号码", "公民身份号码"];
const TOTAL_WORDS: &[&str] = &["合计", "小计", "总计"];
/// Rows scanned for the header row.
const HEADER_SCAN_ROWS: u32 = 15;

/// What to read: the workbook, the sheet (first sheet when empty), the amount column (chosen in the
/// preview; automatic when None), the month the bases apply from, and the organisation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PayrollRequest {
    pub path: String,
    pub sheet: Option<String>,
    /// Zero-based column index of the amount.
    pub amount_column: Option<u32>,
    /// `YYYY-MM`.
    pub from_month: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
}

/// A column the amount may be taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PayrollColumn {
    pub index: u32,
    pub letter: String,
    pub header: String,
}

/// One row of the payroll sheet and what importing it would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PayrollRow {
    /// Row number as Excel shows it.
    pub row: u32,
    pub name: String,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub member_id: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub base_fen: Option<i64>,
    /// The base stored for the member in force in the month, before this import.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub current_base_fen: Option<i64>,
    pub rate_permille: Option<u32>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub due_fen: Option<i64>,
    /// Why the row is not imported (not a member, a total row), when it is not.
    pub skipped: Option<String>,
}

/// What the payroll sheet holds and whether it can be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PayrollPreview {
    pub file_name: String,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub from_month: String,
    /// Columns with a header, to choose the amount from.
    pub columns: Vec<PayrollColumn>,
    pub amount_column: PayrollColumn,
    pub rows: Vec<PayrollRow>,
    /// Rows that would set a base.
    pub importable: u32,
    pub skipped: u32,
    /// Anything here refuses the import.
    pub problems: Vec<Problem>,
    /// Unusual bases or dues (`plausible`): asked about (确认导入？) before importing, not refused.
    pub warnings: Vec<Problem>,
}

/// Reads the payroll sheet and says what importing it would do. Nothing is written.
pub fn preview_payroll(ledger: &Ledger, req: &PayrollRequest) -> Result<PayrollPreview> {
    let from_month = Month::parse(&req.from_month).ok_or_else(|| {
        Error::invalid("from_month", format!("起始月份应为“年-月”，如 2026-01，现为“{}”", req.from_month))
    })?;
    orgs::name_of(ledger.conn(), req.org_id)?;
    let mut wb = Workbook::open(Path::new(&req.path))?;
    let sheet = match req.sheet.as_deref().filter(|s| !s.is_empty()) {
        Some(s) if wb.sheet_names.iter().any(|n| n == s) => s.to_string(),
        Some(s) => return Err(Error::invalid("sheet", format!("“{}”中没有名为“{s}”的工作表", wb.file_name))),
        None => wb.sheet_names.first().cloned().ok_or_else(|| Error::invalid("sheet", "工作簿中没有工作表"))?,
    };
    let grid = wb.sheet(&sheet)?;
    let layout = find_layout(&grid, &sheet, req.amount_column)?;
    let members = members_of(ledger, req.org_id)?;
    let bases = current_bases(ledger, from_month)?;
    let fixed = fixed_amounts(ledger)?;
    let rules = rules_for_year(ledger.conn(), from_month.year)?;
    let matcher = Matcher::new(&members);

    let mut preview = PayrollPreview {
        file_name: wb.file_name.clone(),
        sheets: wb.sheet_names.clone(),
        sheet: sheet.clone(),
        from_month: from_month.to_string(),
        columns: layout.columns.clone(),
        amount_column: layout.amount.clone(),
        rows: Vec::new(),
        importable: 0,
        skipped: 0,
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    let mut seen: HashMap<i64, u32> = HashMap::new();
    for r in layout.header_row + 1..grid.row_end() {
        let row_no = r + 1;
        let name = plain_text(grid.cell(r, layout.name.index)).trim().to_string();
        let id_cell = layout.id.as_ref().map(|c| plain_text(grid.cell(r, c.index)).trim().to_uppercase());
        let amount_cell = grid.cell(r, layout.amount.index);
        if name.is_empty() && id_cell.as_deref().is_none_or(str::is_empty) {
            if !is_blank(amount_cell) && !row_is_total(&grid, r) {
                preview.problems.push(locate(&sheet, row_no, &layout.name, "有金额但没有姓名，无法确定是谁的基数"));
            }
            continue;
        }
        let mut row = PayrollRow {
            row: row_no,
            name: name.clone(),
            member_id: None,
            base_fen: None,
            current_base_fen: None,
            rate_permille: None,
            due_fen: None,
            skipped: None,
        };
        if row_is_total(&grid, r) {
            row.skipped = Some("合计行，不导入".to_string());
            preview.skipped += 1;
            preview.rows.push(row);
            continue;
        }
        let found = match (&layout.id, id_cell.as_deref().filter(|s| !s.is_empty())) {
            (Some(_), Some(id)) => matcher.by_id(id, &name),
            _ => matcher.by_name(&name),
        };
        let member = match found {
            Found::One(m) => m,
            Found::NotMember => {
                row.skipped = Some("不是本组织在册党员，不导入".to_string());
                preview.skipped += 1;
                preview.rows.push(row);
                continue;
            }
            Found::Problem(message) => {
                let col = layout.id.as_ref().filter(|_| id_cell.as_deref().is_some_and(|s| !s.is_empty()));
                preview.problems.push(locate(&sheet, row_no, col.unwrap_or(&layout.name), &message));
                preview.rows.push(row);
                continue;
            }
        };
        row.member_id = Some(member.id);
        if let Some(first) = seen.insert(member.id, row_no) {
            preview.problems.push(locate(
                &sheet,
                row_no,
                &layout.name,
                &format!("{}在第{first}行已经出现过，同一党员只能有一个基数", member.fields.name),
            ));
        }
        match amount_fen(amount_cell) {
            Ok(fen) => {
                row.base_fen = Some(fen);
                let due = monthly_due(&rules, member.fields.category, fixed.get(&member.id).copied(), Some(fen));
                row.rate_permille = due.rate_permille();
                row.due_fen = due.due_fen;
                let due_fen = if due.is_fixed() { None } else { due.due_fen };
                for w in super::plausible::base_warnings("", fen, due_fen) {
                    let col = if w.at == "base_fen" { &layout.amount } else { &layout.name };
                    let warning = locate(&sheet, row_no, col, &format!("{}：{}", member.fields.name, w.message));
                    preview.warnings.push(warning);
                }
                preview.importable += 1;
            }
            Err(message) => preview.problems.push(locate(&sheet, row_no, &layout.amount, &message)),
        }
        row.current_base_fen = bases.get(&member.id).copied();
        if Month::of(member.fields.joined_on) > from_month {
            preview.problems.push(locate(
                &sheet,
                row_no,
                &layout.name,
                &format!(
                    "{}于 {} 入党，起始月份 {from_month} 早于入党月份：请把起始月份改为入党当月或以后",
                    member.fields.name, member.fields.joined_on
                ),
            ));
        }
        preview.rows.push(row);
    }
    if preview.importable == 0 && preview.problems.is_empty() {
        preview.problems.push(Problem::new(
            format!("{sheet}!{}", layout.name.letter),
            format!("{sheet}：没有找到本组织在册党员的行，请确认选择了正确的组织和工作表"),
        ));
    }
    Ok(preview)
}

/// Imports the bases of the payroll sheet from the month chosen: all rows or none.
pub fn import_payroll(ledger: &Ledger, req: &PayrollRequest) -> Result<BasesSummary> {
    let preview = preview_payroll(ledger, req)?;
    if !preview.problems.is_empty() {
        return Err(Error::Invalid(preview.problems));
    }
    let month = Month::parse(&preview.from_month).expect("checked by the preview");
    let rows: Vec<BaseRow> = preview.rows.iter().filter_map(|r| Some((r.member_id?, month, r.base_fen?))).collect();
    set_bases_bulk(ledger, &rows)
}

/// Where the columns are.
struct Layout {
    header_row: u32,
    name: PayrollColumn,
    id: Option<PayrollColumn>,
    amount: PayrollColumn,
    columns: Vec<PayrollColumn>,
}

fn find_layout(grid: &Grid, sheet: &str, chosen: Option<u32>) -> Result<Layout> {
    let scan_end = grid.row_end().min(HEADER_SCAN_ROWS);
    for r in 0..scan_end {
        let headers: Vec<String> = grid.row_texts(r).iter().map(|h| normalize_header(h)).collect();
        let Some(name) = first_match(&headers, NAME_HEADERS) else { continue };
        let columns: Vec<PayrollColumn> = grid
            .row_texts(r)
            .into_iter()
            .enumerate()
            .filter(|(_, h)| !h.trim().is_empty())
            .map(|(i, h)| column(i as u32, h.trim()))
            .collect();
        let amount_index = match chosen {
            Some(c) => {
                if !columns.iter().any(|col| col.index == c) {
                    return Err(Error::invalid(
                        "amount_column",
                        format!("{sheet} 第{}行没有第 {} 列（{}列）的表头，请重新选择金额列", r + 1, c + 1, column_letter(c)),
                    ));
                }
                c
            }
            None => match first_match(&headers, BASE_HEADERS).or_else(|| first_match(&headers, PAY_HEADERS)) {
                Some(i) => i,
                None => {
                    return Err(Error::invalid(
                        "amount_column",
                        format!(
                            "{sheet} 第{}行找到了“姓名”列，但没有认出基数列（如“党费基数”“税后工资”“实发工资”），请选择金额所在的列",
                            r + 1
                        ),
                    ))
                }
            },
        };
        let find = |i: u32| columns.iter().find(|c| c.index == i).cloned().expect("header present");
        return Ok(Layout {
            header_row: r,
            name: find(name),
            id: first_match(&headers, ID_HEADERS).map(find),
            amount: find(amount_index),
            columns: columns.clone(),
        });
    }
    Err(Error::invalid(
        "sheet",
        format!("{sheet}：前 {HEADER_SCAN_ROWS} 行中没有找到含“姓名”的表头行，请确认这是工资表"),
    ))
}

fn column(index: u32, header: &str) -> PayrollColumn {
    PayrollColumn { index, letter: column_letter(index), header: header.to_string() }
}

/// The first column whose normalised header equals one of `wanted` (in the order of `wanted`).
fn first_match(headers: &[String], wanted: &[&str]) -> Option<u32> {
    wanted.iter().find_map(|w| headers.iter().position(|h| h == w).map(|i| i as u32))
}

fn row_is_total(grid: &Grid, r: u32) -> bool {
    grid.row_texts(r).iter().any(|t| {
        let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        TOTAL_WORDS.iter().any(|w| t == *w)
    })
}

fn locate(sheet: &str, row: u32, col: &PayrollColumn, message: &str) -> Problem {
    Problem::new(
        format!("{sheet}!{}{row}", col.letter),
        format!("{sheet} 第{row}行 {}列（{}）：{message}", col.letter, col.header),
    )
}

/// An amount in 元 as a number or text (`6,500.00`, `6500元`, `￥6500`) → 分, rounded half-up.
pub(crate) fn amount_fen(d: &Data) -> std::result::Result<i64, String> {
    let yuan = match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        Data::Empty => return Err("金额为空：不是党员或不需设置基数的，请删去此行或填写金额".to_string()),
        Data::Error(e) => return Err(format!("单元格是错误值{e}，请改为金额")),
        other => {
            let text = plain_text(other);
            let cleaned: String =
                text.chars().filter(|c| !matches!(c, ',' | '，' | '￥' | '¥' | '元' | ' ' | '\u{3000}')).collect();
            if cleaned.is_empty() {
                return Err("金额为空：不是党员或不需设置基数的，请删去此行或填写金额".to_string());
            }
            cleaned.parse::<f64>().map_err(|_| format!("“{}”不是金额，请填写数字（元）", text.trim()))?
        }
    };
    if !yuan.is_finite() || yuan < 0.0 {
        return Err(format!("金额不能为负数（现为 {yuan}）"));
    }
    if yuan * 100.0 > crate::model::money::MAX_FEN as f64 {
        return Err(format!("金额 {yuan} 元过大，请检查是否多输了位数"));
    }
    Ok((yuan * 100.0).round() as i64)
}

fn members_of(ledger: &Ledger, org_id: i64) -> Result<Vec<Member>> {
    let filter = MemberFilter { org_id: Some(org_id), presence: Presence::Current, ..MemberFilter::default() };
    crate::store::members::list(ledger.conn(), &filter)
}

/// Each member's base in force in `month` (the latest from-month not after it).
fn current_bases(ledger: &Ledger, month: Month) -> Result<HashMap<i64, i64>> {
    let mut stmt = ledger.conn().prepare(
        "SELECT member_id, base_fen FROM dues_bases b WHERE from_month = (
             SELECT MAX(from_month) FROM dues_bases WHERE member_id = b.member_id AND from_month <= ?1)",
    )?;
    let rows = stmt.query_map([month.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Members' own fixed amounts (approved reductions and set amounts).
fn fixed_amounts(ledger: &Ledger) -> Result<HashMap<i64, i64>> {
    let mut stmt = ledger.conn().prepare("SELECT id, dues_fixed_fen FROM members WHERE dues_fixed_fen IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

enum Found<'a> {
    One(&'a Member),
    NotMember,
    Problem(String),
}

struct Matcher<'a> {
    by_id: HashMap<String, &'a Member>,
    by_name: HashMap<String, Vec<&'a Member>>,
}

impl<'a> Matcher<'a> {
    fn new(members: &'a [Member]) -> Matcher<'a> {
        let mut by_id = HashMap::new();
        let mut by_name: HashMap<String, Vec<&Member>> = HashMap::new();
        for m in members {
            if let Some(id) = &m.fields.id_number {
                by_id.insert(id.to_uppercase(), m);
            }
            by_name.entry(m.fields.name.trim().to_string()).or_default().push(m);
        }
        Matcher { by_id, by_name }
    }

    fn by_id(&self, id: &str, name: &str) -> Found<'a> {
        match self.by_id.get(id) {
            Some(m) if !name.is_empty() && m.fields.name.trim() != name => {
                Found::Problem(format!("身份证号属于在册党员{}，但本行姓名是“{name}”，请核对", m.fields.name))
            }
            Some(m) => Found::One(m),
            None => Found::NotMember,
        }
    }

    fn by_name(&self, name: &str) -> Found<'a> {
        match self.by_name.get(name).map(Vec::as_slice) {
            None | Some([]) => Found::NotMember,
            Some([m]) => Found::One(m),
            Some(many) => Found::Problem(format!(
                "本组织有 {} 名党员都叫“{name}”，无法区分：请在工资表中加上“身份证号”列",
                many.len()
            )),
        }
    }
}
