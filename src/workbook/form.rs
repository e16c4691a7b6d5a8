//! The two print layouts `table::add_table` does not cover, in the same look (宋体 body, 黑体 title,
//! the same header fill, thin borders, typed cells as in `cell`, the same footer):
//!
//! - `add_grid`: a table whose column headers are made at run time (the 考勤册's one column per
//!   meeting, headed by its date and type), widths given by the caller, A4 landscape fitted to the
//!   width, title and header repeated on every page, an autofilter on the header.
//! - `add_form`: a labelled form on A4 portrait (the 会议记录): rows of label/value pairs, a value may
//!   span the row, long text is split over several rows (an Excel row is at most 409 points high)
//!   with its label merged down beside them; the panes are frozen below the title so the record's
//!   heading stays in view.

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, IgnoreError, Workbook, Worksheet, XlsxError};

use crate::error::{Error, Result};
use crate::workbook::cell::{write_cell, At, Cell, CellFormats};
use crate::workbook::table::{
    display_width, fit_form_height, fit_height, fit_title, is_totals_row, line_count, page_footer, set_page,
    shown_rows, subtitle_height, title_format, Paper, HEAD_ROWS, TITLE_SIZE,
};

/// The body font of `table` (kept equal so every exported ledger looks alike; titles: `table::title_format`).
const BODY_FONT: &str = "宋体";
const HEADER_FILL: u32 = 0xD9E1F2;
/// Points per line of 11-point text.
const LINE_HEIGHT: f64 = 15.0;

fn xlsx(e: XlsxError) -> Error {
    Error::Internal(format!("生成 Excel 文件失败：{e}"))
}

struct Formats {
    subtitle: Format,
    header: Format,
    /// The bordered data cell before alignment and number format.
    boxed: Format,
    cell: CellFormats,
    cell_center: CellFormats,
    plain: Format,
}

fn formats() -> Formats {
    let base = Format::new().set_font_name(BODY_FONT).set_font_size(11);
    let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    Formats {
        subtitle: base.clone().set_align(FormatAlign::Left).set_align(FormatAlign::VerticalCenter).set_text_wrap(),
        header: base
            .clone()
            .set_bold()
            .set_background_color(HEADER_FILL)
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        boxed: cell.clone(),
        cell_center: CellFormats::new(&cell.clone().set_align(FormatAlign::Center)),
        cell: CellFormats::new(&cell.set_indent(1)),
        plain: base.set_align(FormatAlign::Left).set_align(FormatAlign::VerticalCenter),
    }
}

/// A column of a grid: its header text is made at run time.
#[derive(Debug, Clone)]
pub struct GridColumn {
    pub header: String,
    pub width: f64,
    pub centered: bool,
}

impl GridColumn {
    /// A column just wide enough for its cells (display widths) and its header on up to two lines,
    /// at most `max`: the inverse of `line_count`'s pixel model, so a fitted cell keeps to one line.
    pub fn fitted(header: &str, cells: impl Iterator<Item = usize>, centered: bool, max: f64) -> GridColumn {
        let content = cells.max().unwrap_or(0);
        let need = content.max(display_width(header).div_ceil(2)) as f64;
        let indent = if centered { 0.0 } else { 9.0 };
        let width = ((need * 7.5 + 4.0 + indent - 5.0) / 7.0 + 0.5).clamp(5.0, max);
        GridColumn { header: header.to_string(), width, centered }
    }
}

/// A short label broken every two characters (`主题\n党日`): a narrow column's header wraps the
/// same in Excel, WPS and LibreOffice (whose substitute fonts are narrower) instead of wherever each
/// program's font metrics say.
pub fn two_per_line(label: &str) -> String {
    let chars: Vec<char> = label.chars().collect();
    chars.chunks(2).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("\n")
}

pub struct Grid<'a> {
    pub sheet_name: &'a str,
    pub title: String,
    pub subtitle: String,
    pub columns: Vec<GridColumn>,
    pub rows: Vec<Vec<Cell>>,
    pub unit: &'a str,
    pub date: NaiveDate,
    pub freeze_columns: u16,
}

fn lines_of(texts: &[String], columns: &[GridColumn], all_centered: bool) -> u32 {
    texts
        .iter()
        .zip(columns)
        .map(|(t, c)| t.split('\n').map(|p| line_count(p, c.width, !(all_centered || c.centered))).sum::<u32>())
        .max()
        .unwrap_or(1)
}

pub fn add_grid(wb: &mut Workbook, g: &Grid) -> Result<()> {
    let ws = wb.add_worksheet();
    write_grid(ws, g).map_err(xlsx)
}

fn write_grid(ws: &mut Worksheet, g: &Grid) -> Result<(), XlsxError> {
    let f = formats();
    ws.set_name(g.sheet_name)?;
    let last_col = g.columns.len().saturating_sub(1) as u16;
    let mut widths: Vec<f64> = g.columns.iter().map(|c| c.width).collect();
    let title = title_format(fit_title(&g.title, &mut widths, TITLE_SIZE));
    let columns: Vec<GridColumn> =
        g.columns.iter().zip(&widths).map(|(c, w)| GridColumn { width: *w, ..c.clone() }).collect();
    merged(ws, 0, 0, last_col, &g.title, &title)?;
    merged(ws, 1, 0, last_col, &g.subtitle, &f.subtitle)?;
    let subtitle_height = subtitle_height(&g.subtitle, &widths);
    ws.set_row_height(0, 32)?;
    ws.set_row_height(1, subtitle_height)?;
    for (c, col) in columns.iter().enumerate() {
        ws.set_column_width(c as u16, col.width)?;
        ws.write_string_with_format(2, c as u16, &col.header, &f.header)?;
    }
    let headers: Vec<String> = columns.iter().map(|c| c.header.clone()).collect();
    let header_height = lines_of(&headers, &columns, true) as f64 * LINE_HEIGHT + 4.0;
    ws.set_row_height(2, header_height)?;
    let mut heights = Vec::with_capacity(g.rows.len());
    for (i, (row, texts)) in g.rows.iter().zip(shown_rows(&g.rows)).enumerate() {
        let r = HEAD_ROWS + i as u32;
        let lines = lines_of(&texts, &columns, false);
        if lines > 1 {
            ws.set_row_height(r, lines as f64 * LINE_HEIGHT)?;
        }
        heights.push(lines as f64 * LINE_HEIGHT);
        for (c, col) in columns.iter().enumerate() {
            let fmt = if col.centered { &f.cell_center } else { &f.cell };
            let at = At { row: r, col: c as u16, first_data_row: HEAD_ROWS };
            write_cell(ws, at, row.get(c).unwrap_or(&Cell::Empty), fmt)?;
        }
    }
    let data_rows = g.rows.iter().take_while(|r| !is_totals_row(r)).count() as u32;
    ws.autofilter(HEAD_ROWS - 1, 0, HEAD_ROWS - 1 + data_rows, last_col)?;
    ws.set_freeze_panes(HEAD_ROWS, g.freeze_columns)?;
    ws.set_repeat_rows(0, HEAD_ROWS - 1)?;
    let tall = fit_height(Paper::Landscape, &widths, 32.0 + subtitle_height + header_height, &heights);
    set_page(ws, Paper::Landscape, tall, &page_footer(g.unit, g.date, Paper::Landscape));
    Ok(())
}

fn merged(ws: &mut Worksheet, row: u32, first: u16, last: u16, text: &str, fmt: &Format) -> Result<(), XlsxError> {
    if first == last {
        ws.write_string_with_format(row, first, text, fmt)?;
    } else {
        ws.merge_range(row, first, row, last, text, fmt)?;
    }
    Ok(())
}

/// One line of a form.
#[derive(Debug, Clone)]
pub enum FormLine {
    /// Two label/value pairs side by side (the values typed: a count of people is a number).
    Pair(&'static str, Cell, &'static str, Cell),
    /// A label and a value across the rest of the row.
    Wide(&'static str, String),
    /// A label and long text, given at least `min_lines` lines of room.
    Text(&'static str, String, u32),
    /// A label and a box per name, two names a row, with room beside each to sign (a 签到 block).
    SignIn(&'static str, Vec<String>),
}

/// Height of a row of the 签到 block: room for a handwritten name.
const SIGN_IN_HEIGHT: f64 = 21.0;

pub struct Form {
    pub sheet_name: String,
    pub title: String,
    /// Left part of the line under the title (e.g. the organisation).
    pub unit_line: String,
    /// Right part of it (e.g. the record number).
    pub number: String,
    pub lines: Vec<FormLine>,
    /// Unbordered line under the form (signatures).
    pub closing: String,
    /// 填报单位 and 填报日期 in the footer.
    pub unit: String,
    pub date: NaiveDate,
}

/// Widths of the form's four columns: label, value, label, value.
const FORM_WIDTHS: [f64; 4] = [12.0, 32.0, 12.0, 32.0];
/// The form's title size before it is shrunk to fit.
const FORM_TITLE_SIZE: f64 = 20.0;
/// Lines in one row of long text (a row is at most 409 points high; keep well under).
const MAX_LINES_PER_ROW: u32 = 24;

pub fn add_form(wb: &mut Workbook, form: &Form) -> Result<()> {
    let ws = wb.add_worksheet();
    write_form(ws, form).map_err(xlsx)
}

fn write_form(ws: &mut Worksheet, form: &Form) -> Result<(), XlsxError> {
    let f = formats();
    ws.set_name(&form.sheet_name)?;
    let mut widths = FORM_WIDTHS;
    let title = title_format(fit_title(&form.title, &mut widths, FORM_TITLE_SIZE));
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    // Each row's height, for fitting the form to its pages.
    let mut heights: Vec<f64> = Vec::new();
    merged(ws, 0, 0, 3, &form.title, &title)?;
    {
        let h = 40.0;
        ws.set_row_height(0, h)?;
        heights.push(h);
    }
    merged(ws, 1, 0, 1, &form.unit_line, &f.plain)?;
    merged(ws, 1, 2, 3, &form.number, &f.plain.clone().set_align(FormatAlign::Right))?;
    {
        let h = 24.0;
        ws.set_row_height(1, h)?;
        heights.push(h);
    }
    let label = f.header.clone();
    let value = f.boxed.clone().set_indent(1).set_align(FormatAlign::Left);
    let typed = CellFormats::new(&value);
    let value = value.set_num_format("@");
    let long = value.clone().set_align(FormatAlign::Top);
    let wide = widths[1] + widths[2] + widths[3];
    let min_height = 26.0;
    let mut r: u32 = 2;
    for line in &form.lines {
        match line {
            FormLine::Pair(l1, v1, l2, v2) => {
                ws.write_string_with_format(r, 0, *l1, &label)?;
                write_cell(ws, At { row: r, col: 1, first_data_row: r }, v1, &typed)?;
                ws.write_string_with_format(r, 2, *l2, &label)?;
                write_cell(ws, At { row: r, col: 3, first_data_row: r }, v2, &typed)?;
                let lines = line_count(&v1.display(), widths[1], true).max(line_count(&v2.display(), widths[3], true));
                {
                    let h = (lines as f64 * LINE_HEIGHT + 8.0).max(min_height);
                    ws.set_row_height(r, h)?;
                    heights.push(h);
                }
                r += 1;
            }
            FormLine::Wide(l, v) => {
                ws.write_string_with_format(r, 0, *l, &label)?;
                ws.merge_range(r, 1, r, 3, v, &value)?;
                let lines = line_count(v, wide, true);
                {
                    let h = (lines as f64 * LINE_HEIGHT + 8.0).max(min_height);
                    ws.set_row_height(r, h)?;
                    heights.push(h);
                }
                r += 1;
            }
            FormLine::Text(l, v, min_lines) => {
                let chunks = split_long_text(v, wide);
                let first = r;
                let total: u32 = chunks.iter().map(|(_, n)| n).sum();
                let extra = min_lines.saturating_sub(total);
                let last_index = chunks.len() - 1;
                for (i, (text, lines)) in chunks.iter().enumerate() {
                    let lines = lines + if i == last_index { extra } else { 0 };
                    ws.merge_range(r, 1, r, 3, text, &long)?;
                    {
                        let h = lines as f64 * LINE_HEIGHT + 6.0;
                        ws.set_row_height(r, h)?;
                        heights.push(h);
                    }
                    r += 1;
                }
                if r - 1 > first {
                    ws.merge_range(first, 0, r - 1, 0, l, &label)?;
                } else {
                    ws.write_string_with_format(first, 0, *l, &label)?;
                }
            }
            FormLine::SignIn(l, names) => {
                let first = r;
                let sign = value.clone().set_font_size(10).set_align(FormatAlign::Top);
                for pair in names.chunks(2).chain(names.is_empty().then_some(&[][..])) {
                    let cell = |i: usize| pair.get(i).map(|n| format!("{n}：")).unwrap_or_default();
                    ws.write_string_with_format(r, 1, cell(0), &sign)?;
                    ws.merge_range(r, 2, r, 3, &cell(1), &sign)?;
                    {
                        let h = SIGN_IN_HEIGHT;
                        ws.set_row_height(r, h)?;
                        heights.push(h);
                    }
                    r += 1;
                }
                if r - 1 > first {
                    ws.merge_range(first, 0, r - 1, 0, l, &label)?;
                } else {
                    ws.write_string_with_format(first, 0, *l, &label)?;
                }
            }
        }
    }
    {
        let h = 12.0;
        ws.set_row_height(r, h)?;
        heights.push(h);
    }
    merged(ws, r + 1, 0, 3, &form.closing, &f.plain)?;
    {
        let h = 30.0;
        ws.set_row_height(r + 1, h)?;
        heights.push(h);
    }
    ws.ignore_error_range(2, 0, r, 3, IgnoreError::NumberStoredAsText)?;
    // The title and the unit line stay in view while scrolling through a long record.
    ws.set_freeze_panes(2, 0)?;
    // A few rows over a page (the 签到 block of a large branch) shrink onto one page fewer.
    let tall = fit_form_height(Paper::Portrait, &widths, &heights);
    set_page(ws, Paper::Portrait, tall, &page_footer(&form.unit, form.date, Paper::Portrait));
    Ok(())
}

/// Long text as rows of at most `MAX_LINES_PER_ROW` lines each, split at paragraph ends where
/// possible, with the lines each takes in a value cell of this width.
fn split_long_text(text: &str, width: f64) -> Vec<(String, u32)> {
    let mut out: Vec<(String, u32)> = Vec::new();
    let mut current = String::new();
    let mut current_lines = 0;
    let mut paragraphs: Vec<String> = Vec::new();
    for p in text.split('\n') {
        // A paragraph longer than a row is cut at character boundaries into row-sized pieces.
        let mut piece = String::new();
        for ch in p.chars() {
            piece.push(ch);
            if line_count(&piece, width, true) > MAX_LINES_PER_ROW {
                piece.pop();
                paragraphs.push(std::mem::take(&mut piece));
                piece.push(ch);
            }
        }
        paragraphs.push(piece);
    }
    for p in paragraphs {
        let n = line_count(&p, width, true);
        if !current.is_empty() && current_lines + n > MAX_LINES_PER_ROW {
            out.push((std::mem::take(&mut current), current_lines));
            current_lines = 0;
        }
        if current_lines > 0 || !current.is_empty() {
            current.push('\n');
        }
        current.push_str(&p);
        current_lines += n;
    }
    out.push((current, current_lines.max(1)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_split_into_rows_of_bounded_height() {
        let short = split_long_text("一、传达文件\n二、研究工作", 76.0);
        assert_eq!(short, vec![("一、传达文件\n二、研究工作".to_string(), 2)]);
        let long: String = "学".repeat(2000);
        let rows = split_long_text(&long, 76.0);
        assert!(rows.len() > 1);
        assert!(
            rows.iter().all(|(_, n)| *n <= MAX_LINES_PER_ROW),
            "{:?}",
            rows.iter().map(|r| r.1).collect::<Vec<_>>()
        );
        assert_eq!(rows.iter().map(|(t, _)| t.chars().count()).sum::<usize>(), 2000, "no character lost");
    }

    #[test]
    fn fitted_columns_grow_with_their_cells() {
        let narrow = GridColumn::fitted("姓名", [4, 6].into_iter(), true, 12.0);
        let wide = GridColumn::fitted("备注", [40].into_iter(), false, 20.0);
        assert!(narrow.width < 9.0, "{}", narrow.width);
        assert_eq!(wide.width, 20.0);
        let note = GridColumn::fitted("备注", [16].into_iter(), false, 30.0);
        assert_eq!(line_count("免于参加组织生活", note.width, true), 1, "{}", note.width);
        assert_eq!(two_per_line("组织生活会"), "组织\n生活\n会");
    }
}
