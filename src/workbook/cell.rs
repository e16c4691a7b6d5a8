//! What a ledger cell holds, typed: the one place that decides how each kind of value is written to
//! Excel and how it is shown. A committee sums, sorts and filters the ledgers it receives, so
//! amounts, counts, 学时, rates and 序号 are numbers under a number format, dates are Excel dates,
//! and totals are `=SUM()` formulas with the engine's figure cached as their result; only names, ID
//! and phone numbers and free text are text.
//!
//! - Money is kept in integer 分 up to here; it becomes 元 as an `f64` only when written.
//! - Text is written as a string (never parsed as a formula) under the `@` format; text starting
//!   with `=`, `+`, `-` or `@` also gets Excel's quote prefix, so it stays text when the sheet is
//!   saved as CSV and opened again.
//! - `display` is the text a reader sees (as Excel shows the number format); column widths and row
//!   heights are fitted to it.
//!
//! To add a kind of value: a variant, its number format in `Kind::num_format` and its text in
//! `display`.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Worksheet, XlsxError};

use crate::model::dates::chinese_date;

/// One cell of a ledger table, grid or form.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Names, ID and phone numbers, words, free text.
    Text(String),
    /// An amount in 分, shown in 元 with two decimals and thousands separators.
    Money(i64),
    /// The known part of an amount some of which is still unknown (a month without a 党费 base),
    /// in 分, shown as `855.00（待核定）`: a number that sums, marked as incomplete.
    PendingMoney(i64),
    /// 序号, numbers of people, sittings, times.
    Count(i64),
    /// A count of people shown with 人 (`6人`), as the 会议记录 states them.
    People(i64),
    /// 学时 in tenths, shown with one decimal.
    Hours(i64),
    /// A rate in ‰, shown as a percentage with one decimal (`91.7%`).
    Rate(u32),
    /// Any other figure (points of a score sheet, what a rule requires), shown as it is.
    Number(f64),
    /// A date shown `2026年1月15日`.
    Date(NaiveDate),
    /// A date shown `2026-01-15`, for tables with many date columns.
    ShortDate(NaiveDate),
    /// A `ShortDate` in a smaller font, for narrow columns (a number cannot wrap onto two lines).
    CompactDate(NaiveDate),
    /// `=SUM()` of this column over the table's rows above this one; `value` is the engine's figure,
    /// cached as the result.
    ColumnSum(Box<Cell>),
    /// How many cells of this column over the table's data rows hold `mark` (`=COUNTIF()`), or are
    /// filled in at all when `mark` is `None` (`=COUNTA()`): the 考勤册's 实到 and 应到 of a sitting.
    /// The data rows end `skip` rows above this one (a second totals row skips the first); `value`
    /// is the engine's count, cached.
    ColumnCount {
        mark: Option<&'static str>,
        skip: u32,
        value: i64,
    },
    /// `=SUM()` of this row from column `first` to `last` (zero-based); `value` is cached.
    RowSum {
        first: u16,
        last: u16,
        value: Box<Cell>,
    },
    /// The rate `numerator ÷ denominator` of two columns of this row (zero-based), rounded to ‰ as
    /// `meetings::rate_permille` does, `—` when the denominator is 0; `value` (‰) is cached.
    RowRate {
        numerator: u16,
        denominator: u16,
        value: Option<u32>,
    },
}

/// The number format a cell is written under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Text,
    Money,
    PendingMoney,
    Count,
    People,
    Hours,
    Rate,
    General,
    Date,
    ShortDate,
    CompactDate,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Text,
        Kind::Money,
        Kind::PendingMoney,
        Kind::Count,
        Kind::People,
        Kind::Hours,
        Kind::Rate,
        Kind::General,
        Kind::Date,
        Kind::ShortDate,
        Kind::CompactDate,
    ];

    pub fn num_format(self) -> &'static str {
        match self {
            Kind::Text => "@",
            Kind::Money => "#,##0.00",
            Kind::PendingMoney => "#,##0.00\"（待核定）\"",
            Kind::Count => "0",
            Kind::People => "0\"人\"",
            Kind::Hours => "0.0",
            Kind::Rate => "0.0%",
            Kind::General => "General",
            Kind::Date => "yyyy\"年\"m\"月\"d\"日\"",
            Kind::ShortDate | Kind::CompactDate => "yyyy-mm-dd",
        }
    }
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// A count from a `usize`.
    pub fn count(n: usize) -> Cell {
        Cell::Count(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// A date in the `Date` form, or empty.
    pub fn date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }

    /// A date in the `ShortDate` form, or empty.
    pub fn short_date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Empty, Cell::ShortDate)
    }

    /// The rate `present ÷ expected` in ‰ (`None`: nothing expected, shown `—`).
    pub fn rate(permille: Option<u32>) -> Cell {
        permille.map_or_else(|| Cell::text("—"), Cell::Rate)
    }

    /// The format this cell is written under (a formula's is its cached value's).
    pub fn kind(&self) -> Kind {
        match self {
            Cell::Empty | Cell::Text(_) => Kind::Text,
            Cell::Money(_) => Kind::Money,
            Cell::PendingMoney(_) => Kind::PendingMoney,
            Cell::Count(_) | Cell::ColumnCount { .. } => Kind::Count,
            Cell::People(_) => Kind::People,
            Cell::Hours(_) => Kind::Hours,
            Cell::Rate(_) | Cell::RowRate { .. } => Kind::Rate,
            Cell::Number(_) => Kind::General,
            Cell::Date(_) => Kind::Date,
            Cell::ShortDate(_) => Kind::ShortDate,
            Cell::CompactDate(_) => Kind::CompactDate,
            Cell::ColumnSum(v) | Cell::RowSum { value: v, .. } => v.kind(),
        }
    }

    /// True for a cell that totals others (a formula).
    pub fn is_total(&self) -> bool {
        matches!(self, Cell::ColumnSum(_) | Cell::ColumnCount { .. } | Cell::RowSum { .. } | Cell::RowRate { .. })
    }

    /// The value as Excel writes it: a number, or `None` for text, empty and dates.
    fn number(&self) -> Option<f64> {
        match self {
            Cell::Money(f) | Cell::PendingMoney(f) => Some(*f as f64 / 100.0),
            Cell::Count(n) | Cell::People(n) | Cell::ColumnCount { value: n, .. } => Some(*n as f64),
            Cell::Hours(t) => Some(*t as f64 / 10.0),
            Cell::Rate(p) => Some(f64::from(*p) / 1000.0),
            Cell::Number(x) => Some(*x),
            Cell::RowRate { value: Some(p), .. } => Some(f64::from(*p) / 1000.0),
            Cell::ColumnSum(v) | Cell::RowSum { value: v, .. } => v.number(),
            _ => None,
        }
    }

    /// The text a reader sees.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Money(f) => crate::model::money::yuan(*f),
            Cell::PendingMoney(f) => format!("{}（待核定）", crate::model::money::yuan(*f)),
            Cell::Count(n) | Cell::ColumnCount { value: n, .. } => n.to_string(),
            Cell::People(n) => format!("{n}人"),
            Cell::Hours(t) => format!("{}.{}", t / 10, (t % 10).abs()),
            Cell::Rate(p) | Cell::RowRate { value: Some(p), .. } => format!("{}.{}%", p / 10, p % 10),
            Cell::RowRate { value: None, .. } => "—".to_string(),
            Cell::Number(x) => x.to_string(),
            Cell::Date(d) => chinese_date(*d),
            Cell::ShortDate(d) | Cell::CompactDate(d) => d.format("%Y-%m-%d").to_string(),
            Cell::ColumnSum(v) | Cell::RowSum { value: v, .. } => v.display(),
        }
    }
}

/// Points of a `CompactDate`: `2026-01-15` fits a column of width 9.
const COMPACT_FONT_SIZE: f64 = 9.0;

/// The formats of one look (font, border, alignment) for every kind of value.
pub struct CellFormats {
    formats: Vec<(Kind, Format)>,
    /// Text with Excel's quote prefix (for text starting `=`, `+`, `-`, `@`).
    quoted: Format,
}

impl CellFormats {
    /// `base` with each kind's number format.
    pub fn new(base: &Format) -> CellFormats {
        CellFormats {
            formats: Kind::ALL
                .iter()
                .map(|k| {
                    let f = base.clone().set_num_format(k.num_format());
                    (*k, if *k == Kind::CompactDate { f.set_font_size(COMPACT_FONT_SIZE) } else { f })
                })
                .collect(),
            quoted: base.clone().set_num_format(Kind::Text.num_format()).set_quote_prefix(),
        }
    }

    pub fn get(&self, kind: Kind) -> &Format {
        &self.formats.iter().find(|(k, _)| *k == kind).expect("every kind has a format").1
    }
}

/// Text that a spreadsheet would take for a formula if it were typed or read from CSV.
fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@'])
}

/// `0` → `A`, `27` → `AB`.
fn column_name(col: u16) -> String {
    crate::workbook::read::column_letter(u32::from(col))
}

/// Where a cell is written: its row and column, and the first row of its table's data (for a
/// `ColumnSum`, which sums from there to the row above itself).
#[derive(Debug, Clone, Copy)]
pub struct At {
    pub row: u32,
    pub col: u16,
    pub first_data_row: u32,
}

/// Writes `cell` at `at` in the formats `f`.
pub fn write_cell(ws: &mut Worksheet, at: At, cell: &Cell, f: &CellFormats) -> Result<(), XlsxError> {
    let (row, col) = (at.row, at.col);
    let format = f.get(cell.kind());
    match cell {
        Cell::Empty => {
            ws.write_blank(row, col, format)?;
        }
        Cell::Text(s) if s.is_empty() => {
            ws.write_blank(row, col, format)?;
        }
        Cell::Text(s) => {
            let format = if looks_like_formula(s) { &f.quoted } else { format };
            ws.write_string_with_format(row, col, s, format)?;
        }
        Cell::Date(d) | Cell::ShortDate(d) | Cell::CompactDate(d) => {
            ws.write_date_with_format(row, col, &excel_date(*d)?, format)?;
        }
        Cell::ColumnSum(value) => {
            let c = column_name(col);
            let formula = if row > at.first_data_row {
                format!("=SUM({c}{}:{c}{})", at.first_data_row + 1, row)
            } else {
                "=0".to_string()
            };
            ws.write_formula_with_format(row, col, Formula::new(formula).set_result(result(value)), format)?;
        }
        Cell::ColumnCount { mark, skip, .. } => {
            let c = column_name(col);
            let last = row.saturating_sub(*skip);
            let formula = if last > at.first_data_row {
                let range = format!("{c}{}:{c}{last}", at.first_data_row + 1);
                match mark {
                    Some(m) => format!("=COUNTIF({range},\"{m}\")"),
                    None => format!("=COUNTA({range})"),
                }
            } else {
                "=0".to_string()
            };
            ws.write_formula_with_format(row, col, Formula::new(formula).set_result(result(cell)), format)?;
        }
        Cell::RowSum { first, last, value } => {
            let formula = format!("=SUM({}{r}:{}{r})", column_name(*first), column_name(*last), r = row + 1);
            ws.write_formula_with_format(row, col, Formula::new(formula).set_result(result(value)), format)?;
        }
        Cell::RowRate { numerator, denominator, .. } => {
            let (n, d) = (column_name(*numerator), column_name(*denominator));
            let formula = format!("=IF({d}{r}=0,\"—\",ROUND({n}{r}/{d}{r},3))", r = row + 1);
            ws.write_formula_with_format(row, col, Formula::new(formula).set_result(result(cell)), format)?;
        }
        other => {
            let x = other.number().expect("a numeric cell");
            ws.write_number_with_format(row, col, x, format)?;
        }
    }
    Ok(())
}

/// The cached result of a formula: its number as Excel writes it, or its text.
fn result(cell: &Cell) -> String {
    match cell.number() {
        Some(x) => x.to_string(),
        None => cell.display(),
    }
}

pub fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(format!("{d}")))?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_what_the_number_format_shows() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let cases = [
            (Cell::Money(528_000), "5,280.00"),
            (Cell::Money(-1250), "-12.50"),
            (Cell::PendingMoney(0), "0.00（待核定）"),
            (Cell::Count(12), "12"),
            (Cell::People(6), "6人"),
            (Cell::Hours(25), "2.5"),
            (Cell::Hours(320), "32.0"),
            (Cell::Rate(917), "91.7%"),
            (Cell::Rate(1000), "100.0%"),
            (Cell::rate(None), "—"),
            (Cell::Number(2.5), "2.5"),
            (Cell::Date(d), "2026年1月5日"),
            (Cell::ShortDate(d), "2026-01-05"),
            (Cell::ColumnSum(Box::new(Cell::Money(13121))), "131.21"),
        ];
        for (cell, shown) in cases {
            assert_eq!(cell.display(), shown, "{cell:?}");
        }
    }

    #[test]
    fn money_becomes_yuan_only_when_written() {
        assert_eq!(Cell::Money(3101).number(), Some(31.01));
        assert_eq!(result(&Cell::Money(13121)), "131.21");
        assert_eq!(result(&Cell::Hours(295)), "29.5");
        assert_eq!(result(&Cell::RowRate { numerator: 1, denominator: 0, value: None }), "—");
        assert_eq!(Cell::text(""), Cell::Empty);
    }

    #[test]
    fn formula_like_text_is_recognised() {
        for s in ["=1+1", "+86 138", "-3", "@SUM"] {
            assert!(looks_like_formula(s), "{s}");
        }
        assert!(!looks_like_formula("—"));
    }
}
