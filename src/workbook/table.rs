//! The print layout every exported ledger shares: a merged title row, a subtitle row, a bold filled
//! header row that wraps, frozen panes below it and an autofilter on it, column widths fitted to
//! Chinese text, thin borders on every data cell, A4 landscape fitted to one page wide with the
//! title and header repeated on every page, page numbers and a 填报单位/填报人/填报日期 footer.
//!
//! Cells are typed (`cell::Cell`): amounts, counts, 学时, rates and 序号 are numbers, dates are
//! dates, totals are `=SUM()` formulas with the engine's figure cached; names, ID numbers and free
//! text are text and never become formulas. A totals row (first cell 合计, or a column sum) is kept
//! out of the autofilter so sorting never moves it. Workbooks carry fixed document properties
//! (creation time = the statistics date), so the same ledger on the same date gives byte-identical
//! parts.
//!
//! To change the look of all ledgers, change it here; golden files under `tests/golden/` show the
//! effect on the XML.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, IgnoreError, Workbook, Worksheet, XlsxError,
};

use crate::error::{Error, Result};
use crate::workbook::cell::{write_cell, At, Cell, CellFormats};

/// Font of body text; Excel and WPS have it on every Chinese Windows, LibreOffice substitutes a CJK font.
const BODY_FONT: &str = "宋体";
const TITLE_FONT: &str = "黑体";
/// Rows above the data: title, subtitle, column headers.
pub const HEAD_ROWS: u32 = 3;

/// One column of a ledger table.
#[derive(Debug, Clone, Copy)]
pub struct TableColumn {
    pub header: &'static str,
    /// Centred (codes, dates, short values) or left-aligned (names, addresses, free text).
    pub centered: bool,
    /// Widest the column may grow, in Excel width units; longer text wraps.
    pub max_width: f64,
}

impl TableColumn {
    pub const fn centered(header: &'static str) -> Self {
        TableColumn { header, centered: true, max_width: 40.0 }
    }

    pub const fn left(header: &'static str, max_width: f64) -> Self {
        TableColumn { header, centered: false, max_width }
    }
}

/// A ledger sheet: titles, columns and rows of typed cells.
pub struct LedgerTable<'a> {
    pub sheet_name: &'a str,
    /// Merged first row, e.g. `XX党支部党员花名册`.
    pub title: String,
    /// Second row, e.g. `统计日期：2026年11月22日　共12人`.
    pub subtitle: String,
    pub columns: &'a [TableColumn],
    pub rows: &'a [Vec<Cell>],
    /// 填报单位 in the footer.
    pub unit: &'a str,
    /// 填报日期 in the footer.
    pub date: NaiveDate,
    /// Columns kept in view when scrolling right (e.g. 序号 and 姓名).
    pub freeze_columns: u16,
}

/// `2026年11月22日`
pub use crate::model::dates::chinese_date;

/// Display width in Excel units: a CJK or full-width character is two, anything else one.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3040..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Font size of titles, and the smallest a long title is shrunk to before its columns are widened.
pub const TITLE_SIZE: f64 = 18.0;
pub const TITLE_MIN_SIZE: f64 = 14.0;
/// Width units a title keeps free beside its text (the cell's own padding, a little air).
const TITLE_AIR: f64 = 2.0;

/// Width in Excel column units that `text` takes at `size` points: a CJK character is two units at
/// 11 points, scaled with the font. The one estimate the layout and the print-fit test compare with
/// the width of the merged columns a title spans.
pub fn text_width(text: &str, size: f64) -> f64 {
    display_width(text) as f64 * UNIT * size / 11.0
}

/// The font size for a title over columns `width` units wide: `max` when it fits, else the largest
/// size down to `TITLE_MIN_SIZE` that fits; `None` when it does not fit even then (widen the
/// columns: `widen_for_title`).
pub fn title_size(text: &str, width: f64, max: f64) -> Option<f64> {
    let room = width - TITLE_AIR;
    let fits = |size: f64| text_width(text, size) <= room;
    let mut size = max;
    while size >= TITLE_MIN_SIZE {
        if fits(size) {
            return Some(size);
        }
        size -= 1.0;
    }
    None
}

/// Fits a title over `widths`: the font size it is set in; columns are widened in proportion
/// when even the smallest title size does not fit (a narrow table with a long organisation name).
pub fn fit_title(text: &str, widths: &mut [f64], max: f64) -> f64 {
    let total: f64 = widths.iter().sum();
    if let Some(size) = title_size(text, total, max) {
        return size;
    }
    let need = text_width(text, TITLE_MIN_SIZE) + TITLE_AIR;
    let factor = need / total.max(1.0);
    for w in widths.iter_mut() {
        // Rounded up to a hundredth: the sum stays at least `need`.
        *w = (*w * factor * 100.0).ceil() / 100.0;
    }
    TITLE_MIN_SIZE
}

/// How a sheet is printed on A4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    Landscape,
    Portrait,
}

impl Paper {
    /// Printable width and height in points inside the margins `set_page` uses.
    fn printable(self) -> (f64, f64) {
        let (w, h) = match self {
            Paper::Landscape => (11.69, 8.27),
            Paper::Portrait => (8.27, 11.69),
        };
        ((w - MARGIN_LEFT - MARGIN_RIGHT) * 72.0, (h - MARGIN_TOP - MARGIN_BOTTOM) * 72.0)
    }
}

const MARGIN_LEFT: f64 = 0.4;
const MARGIN_RIGHT: f64 = 0.4;
const MARGIN_TOP: f64 = 0.5;
const MARGIN_BOTTOM: f64 = 0.8;
/// Point size of the page footer.
const FOOTER_SIZE: f64 = 9.0;

/// The page footer every exported sheet carries, in three sections that never run into each
/// other: left 填报单位 (the unit's name broken over two lines when it is long), centre 第N页共M页,
/// right 填报人/审核人 and 填报日期 on two lines. Each section keeps within the room Excel gives it
/// beside the centred page number.
pub fn page_footer(unit: &str, date: NaiveDate, paper: Paper) -> String {
    let (width, _) = paper.printable();
    // A section may use the space up to the centre section's edge; the centre needs about 12 units.
    let room_units = ((width * 0.5 - 45.0) / FOOTER_SIZE * 2.0).floor() as usize;
    let unit = unit.replace('&', "&&");
    let left = break_line(&format!("填报单位：{unit}"), room_units);
    let right = format!("填报人：　　　　审核人：　　　　\n填报日期：{}", chinese_date(date));
    let size = FOOTER_SIZE as u32;
    format!("&L&{size}{left}&C&{size}第 &P 页 共 &N 页&R&{size}{right}")
}

/// `text` broken into lines of at most `room` display-width units (at most two lines; a longer
/// text is cut with …).
fn break_line(text: &str, room: usize) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    for c in text.chars() {
        let last = lines.last_mut().expect("one line");
        if display_width(last) + display_width(&c.to_string()) > room {
            if lines.len() == 2 {
                let last = lines.last_mut().expect("two lines");
                last.pop();
                last.push('…');
                break;
            }
            lines.push(String::new());
        }
        lines.last_mut().expect("a line").push(c);
    }
    lines.join("\n")
}

/// Rows printed on each page at `scale` (the first page and every other repeat the `head` rows):
/// how many pages `rows` (heights in points) take.
fn pages_at(head: f64, rows: &[f64], page_height: f64, scale: f64) -> (u32, usize) {
    let room = page_height / scale - head;
    let mut pages = 1;
    let mut used = 0.0;
    let mut on_last = 0;
    for h in rows {
        if used + h > room && used > 0.0 {
            pages += 1;
            used = 0.0;
            on_last = 0;
        }
        used += h;
        on_last += 1;
    }
    (pages, on_last)
}

/// Fewest rows a last page may hold before the sheet is shrunk onto one page fewer.
const MIN_LAST_PAGE_ROWS: usize = 5;
/// The most a sheet is shrunk to save a page of a few rows (a 2-page list onto one).
const MAX_SHRINK: f64 = 0.65;
/// How much wider than Excel LibreOffice prints the same columns (measured on the small demo's
/// 花名册: 23 rows a page where Excel's measure gives 18; its substitute fonts make a width unit
/// wider), so a page there holds about a third more rows.
const LIBREOFFICE_WIDER: f64 = 1.3;

/// Pages tall to fit a sheet to (0: as many as it needs). The sheet is fitted one page wide; when
/// that leaves a few rows alone on a last page — as Excel measures the columns, or as LibreOffice
/// does, which prints the same sheet smaller — and shrinking it somewhat more saves that page in
/// both, it is fitted to one page fewer (a 25-member 花名册 on one page, not 23 rows and a stray 2).
pub fn fit_height(paper: Paper, column_widths: &[f64], head: f64, rows: &[f64]) -> u16 {
    let (page_width, page_height) = paper.printable();
    // An Excel column of width w is 7w + 5 pixels; a pixel is 0.75 point.
    let sheet_width: f64 = column_widths.iter().map(|w| (7.0 * w + 5.0) * 0.75).sum();
    let scales = [(page_width / sheet_width).min(1.0), (page_width / (sheet_width * LIBREOFFICE_WIDER)).min(1.0)];
    for scale in scales {
        let (pages, on_last) = pages_at(head, rows, page_height, scale);
        if pages < 2 || on_last >= MIN_LAST_PAGE_ROWS {
            continue;
        }
        // One page fewer must be reachable without shrinking either program's print too far.
        let fewer = pages - 1;
        if scales.iter().all(|s| pages_at(head, rows, page_height, s * MAX_SHRINK).0 <= fewer) {
            return fewer as u16;
        }
    }
    0
}

/// The least a form is shrunk to keep it on one page (a 会议记录 whose 签到 block runs a few rows
/// over): about 8.5-point text from 11.
const MIN_FORM_SCALE: f64 = 0.75;

/// Pages tall to fit a form to: 1 when its `rows` (heights in points) fit on one page shrunk no
/// further than `MIN_FORM_SCALE`, as Excel measures it (LibreOffice prints smaller); 0 (as many
/// as it needs) for a longer one.
pub fn fit_form_height(paper: Paper, column_widths: &[f64], rows: &[f64]) -> u16 {
    let (page_width, page_height) = paper.printable();
    let sheet_width: f64 = column_widths.iter().map(|w| (7.0 * w + 5.0) * 0.75).sum();
    let scale = (page_width / sheet_width).min(1.0);
    let height: f64 = rows.iter().sum();
    u16::from(height * scale * MIN_FORM_SCALE <= page_height)
}

/// A workbook with document properties fixed by `date` (deterministic output).
pub fn new_workbook(title: &str, date: NaiveDate) -> Result<Workbook> {
    let created = ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8).map_err(xlsx)?;
    let props = DocProperties::new().set_title(title).set_author("zhibu").set_creation_datetime(&created);
    let mut wb = Workbook::new();
    wb.set_properties(&props);
    Ok(wb)
}

/// Space a column needs around its text, in width units.
const PADDING: f64 = 1.5;
/// Excel width units per display-width unit (宋体: an ASCII glyph is a little wider than Calibri's digit).
const UNIT: f64 = 1.05;
/// Width units taken by the one-character indent of left-aligned cells.
const INDENT: f64 = 1.3;
/// Points per wrapped line of 11-point text.
pub const LINE_HEIGHT: f64 = 15.0;

/// Column widths fitted to the text: a header may wrap onto two lines when its column's cells are
/// narrower than it; cells grow up to the column's cap and wrap beyond it.
pub fn column_widths(columns: &[TableColumn], rows: &[Vec<String>]) -> Vec<f64> {
    columns
        .iter()
        .enumerate()
        .map(|(i, col)| {
            let content = rows.iter().filter_map(|r| r.get(i)).map(|t| display_width(t)).max().unwrap_or(0);
            let header = display_width(col.header);
            // An empty column shows its header on one line; otherwise the header may take two.
            let header_need = if content == 0 { header } else { header.div_ceil(2).next_multiple_of(2) };
            let need = content.max(header_need) as f64;
            let indent = if col.centered { 0.0 } else { INDENT };
            (need * UNIT + PADDING + indent).clamp(4.0 * UNIT + PADDING + indent, col.max_width)
        })
        .collect()
}

/// Lines a text takes in a column of this width (CJK text wraps at any character), in Excel's pixel
/// model: a column of width w is 7w + 5 pixels; 11-point 宋体 is 15 pixels per CJK character and
/// half that per ASCII one; the cell keeps 2 pixels free on each side, 9 more for an indent.
pub fn line_count(text: &str, width: f64, indented: bool) -> u32 {
    let room = (width * 7.0 + 5.0 - 4.0 - if indented { 9.0 } else { 0.0 }).max(8.0);
    ((display_width(text) as f64 * 7.5 / room).ceil() as u32).max(1)
}

/// Row height (points) for wrapped text, or `None` when one line is enough. Left-aligned cells lose
/// room to their indent.
fn row_height(texts: &[String], columns: &[TableColumn], widths: &[f64]) -> Option<f64> {
    let lines = texts
        .iter()
        .zip(columns.iter().zip(widths))
        .map(|(t, (c, w))| line_count(t, *w, !c.centered))
        .max()
        .unwrap_or(1);
    (lines > 1).then_some(lines as f64 * LINE_HEIGHT)
}

/// Adds one ledger sheet to the workbook, A4 landscape.
pub fn add_table(wb: &mut Workbook, table: &LedgerTable) -> Result<()> {
    add_table_on(wb, table, Paper::Landscape)
}

/// Adds one ledger sheet to the workbook, printed on `paper`.
pub fn add_table_on(wb: &mut Workbook, table: &LedgerTable, paper: Paper) -> Result<()> {
    let ws = wb.add_worksheet();
    write_table(ws, table, paper).map_err(xlsx)
}

/// Heights of the title and subtitle rows (points).
const TITLE_HEIGHT: f64 = 32.0;
const SUBTITLE_HEIGHT: f64 = 20.0;

fn write_table(ws: &mut Worksheet, t: &LedgerTable, paper: Paper) -> Result<(), XlsxError> {
    ws.set_name(t.sheet_name)?;
    let last_col = t.columns.len().saturating_sub(1) as u16;
    let base = Format::new().set_font_name(BODY_FONT).set_font_size(11);
    let subtitle = base.clone().set_align(FormatAlign::Left).set_align(FormatAlign::VerticalCenter).set_text_wrap();
    let header = base
        .clone()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let cell_center = CellFormats::new(&cell.clone().set_align(FormatAlign::Center));
    let cell = CellFormats::new(&cell.set_indent(1));

    let shown = shown_rows(t.rows);
    let mut widths = column_widths(t.columns, &shown);
    let title = title_format(fit_title(&t.title, &mut widths, TITLE_SIZE));
    merged_row(ws, 0, last_col, &t.title, &title)?;
    merged_row(ws, 1, last_col, &t.subtitle, &subtitle)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let headers: Vec<String> = t.columns.iter().map(|c| c.header.to_string()).collect();
    let centered: Vec<TableColumn> = t.columns.iter().map(|c| TableColumn { centered: true, ..*c }).collect();
    ws.set_row_height(0, TITLE_HEIGHT)?;
    let subtitle_height = subtitle_height(&t.subtitle, &widths);
    ws.set_row_height(1, subtitle_height)?;
    let header_height = row_height(&headers, &centered, &widths).unwrap_or(LINE_HEIGHT) + 4.0;
    ws.set_row_height(2, header_height)?;
    for (c, col) in t.columns.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, col.header, &header)?;
    }
    let mut heights = Vec::with_capacity(t.rows.len());
    for (i, (row, texts)) in t.rows.iter().zip(&shown).enumerate() {
        let r = HEAD_ROWS + i as u32;
        // Set explicitly: LibreOffice and some WPS versions do not grow rows for wrapped text.
        let h = row_height(texts, t.columns, &widths);
        if let Some(h) = h {
            ws.set_row_height(r, h)?;
        }
        heights.push(h.unwrap_or(LINE_HEIGHT));
        for (c, col) in t.columns.iter().enumerate() {
            let fmt = if col.centered { &cell_center } else { &cell };
            let at = At { row: r, col: c as u16, first_data_row: HEAD_ROWS };
            write_cell(ws, at, row.get(c).unwrap_or(&Cell::Empty), fmt)?;
        }
    }
    if !t.rows.is_empty() {
        let last_row = HEAD_ROWS + t.rows.len() as u32 - 1;
        // ID and phone numbers are text made of digits, on purpose.
        ws.ignore_error_range(HEAD_ROWS, 0, last_row, last_col, IgnoreError::NumberStoredAsText)?;
    }
    let data_rows = t.rows.iter().take_while(|r| !is_totals_row(r)).count() as u32;
    ws.autofilter(HEAD_ROWS - 1, 0, HEAD_ROWS - 1 + data_rows, last_col)?;

    ws.set_freeze_panes(HEAD_ROWS, t.freeze_columns)?;
    ws.set_repeat_rows(0, HEAD_ROWS - 1)?;
    let head = TITLE_HEIGHT + subtitle_height + header_height;
    let tall = fit_height(paper, &widths, head, &heights);
    set_page(ws, paper, tall, &page_footer(t.unit, t.date, paper));
    Ok(())
}

/// Height of the subtitle row: one line, or as many as the text wraps onto across the table (a
/// long 统计 line is never cut at the right edge).
pub fn subtitle_height(text: &str, widths: &[f64]) -> f64 {
    let lines = line_count(text, widths.iter().sum(), false);
    if lines > 1 {
        lines as f64 * LINE_HEIGHT + 5.0
    } else {
        SUBTITLE_HEIGHT
    }
}

/// The title's look (黑体, bold, centred) at `size` points.
pub fn title_format(size: f64) -> Format {
    Format::new()
        .set_font_name(TITLE_FONT)
        .set_font_size(size)
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

/// A4 on `paper`, one page wide and `tall` pages tall (0: as many as needed), centred, the shared
/// margins and `footer`.
pub fn set_page(ws: &mut Worksheet, paper: Paper, tall: u16, footer: &str) {
    ws.set_paper_size(9); // A4
    match paper {
        Paper::Landscape => ws.set_landscape(),
        Paper::Portrait => ws.set_portrait(),
    };
    ws.set_print_fit_to_pages(1, tall);
    ws.set_print_center_horizontally(true);
    ws.set_margins(MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM, 0.3, 0.3);
    ws.set_footer(footer);
}

/// Signature lines under a table (`收款人（签字）：……`): an unbordered line across the table, one
/// blank row below its last row (`rows` data and totals rows under the three head rows).
pub fn add_signature_line(wb: &mut Workbook, sheet_name: &str, rows: usize, columns: usize, text: &str) -> Result<()> {
    let ws = wb.worksheet_from_name(sheet_name).map_err(xlsx)?;
    let row = HEAD_ROWS + rows as u32 + 1;
    let format = Format::new()
        .set_font_name(BODY_FONT)
        .set_font_size(11)
        .set_align(FormatAlign::Left)
        .set_align(FormatAlign::VerticalCenter);
    (|| -> Result<(), XlsxError> {
        merged_row(ws, row, columns.saturating_sub(1) as u16, text, &format)?;
        ws.set_row_height(row, 30)?;
        Ok(())
    })()
    .map_err(xlsx)
}

/// The text each cell shows, for fitting widths and heights.
pub fn shown_rows(rows: &[Vec<Cell>]) -> Vec<Vec<String>> {
    rows.iter().map(|r| r.iter().map(Cell::display).collect()).collect()
}

/// A totals row: it starts with 合计 or sums the columns above it.
pub fn is_totals_row(row: &[Cell]) -> bool {
    matches!(row.first(), Some(Cell::Text(t)) if t == "合计")
        || row.iter().any(|c| matches!(c, Cell::ColumnSum(_) | Cell::ColumnCount { .. }))
}

fn merged_row(ws: &mut Worksheet, row: u32, last_col: u16, text: &str, fmt: &Format) -> Result<(), XlsxError> {
    if last_col == 0 {
        ws.write_string_with_format(row, 0, text, fmt)?;
    } else {
        ws.merge_range(row, 0, row, last_col, text, fmt)?;
    }
    Ok(())
}

/// Saves next to the target and renames, so a failed save never leaves half a file behind and an
/// existing file is replaced only by a complete one.
pub fn save(wb: &mut Workbook, path: &Path) -> Result<()> {
    let bytes = wb.save_to_buffer().map_err(xlsx)?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{file_name}.zhibu-tmp"));
    std::fs::write(&tmp, &bytes).map_err(|e| Error::io(path, e))?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        if e.kind() == std::io::ErrorKind::PermissionDenied {
            return Err(Error::Conflict(format!(
                "无法写入“{}”：文件可能正在 Excel/WPS 中打开，请关闭后重试，或换一个文件名",
                path.display()
            )));
        }
        return Err(Error::io(path, e));
    }
    Ok(())
}

fn xlsx(e: XlsxError) -> Error {
    Error::Internal(format!("生成 Excel 文件失败：{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_counts_cjk_double() {
        assert_eq!(display_width("张三"), 4);
        assert_eq!(display_width("110101199003074477"), 18);
        assert_eq!(display_width("（正式）"), 8);
    }

    #[test]
    fn widths_fit_content_and_wrap_long_headers() {
        let cols = [TableColumn::centered("是否为失联党员"), TableColumn::left("家庭住址", 30.0)];
        let rows = vec![vec!["否".to_string(), "北京市东城区某某街道某某社区某某小区十八号楼三单元502室".to_string()]];
        let w = column_widths(&cols, &rows);
        assert!(w[0] < 10.0, "{w:?}");
        assert_eq!(w[1], 30.0);
        assert_eq!(line_count(&rows[0][1], w[1], true), 3);
        assert_eq!(line_count("否", w[0], false), 1);
        assert_eq!(line_count("中共示例市财政局机关第一党支部", 18.0, true), 2);
        assert_eq!(line_count("1990-03-07", 12.0, false), 1);
    }

    #[test]
    fn a_few_rows_alone_on_a_last_page_are_pulled_back() {
        // 20 columns of 5 units fit the landscape width unscaled; 70 points of head rows.
        let widths = [5.0; 20];
        // 25 rows of 20 points: 21 on the first page, 4 alone on a second → one page, a little smaller.
        assert_eq!(fit_height(Paper::Landscape, &widths, 70.0, &[20.0; 25]), 1);
        // Wider than the page, rows of two lines: Excel prints 18 rows a page (18 + 7), LibreOffice
        // 23 (23 + 2, the 花名册 of the small demo) → one page.
        assert_eq!(fit_height(Paper::Landscape, &[13.0; 20], 86.0, &[45.0; 25]), 1);
        // 60 rows: 21, 21 and 18 → as many pages as they need.
        assert_eq!(fit_height(Paper::Landscape, &widths, 70.0, &[20.0; 60]), 0);
        // 15 rows: one page anyway.
        assert_eq!(fit_height(Paper::Landscape, &widths, 70.0, &[20.0; 15]), 0);
    }

    #[test]
    fn titles_shrink_then_widen_their_columns() {
        let mut wide = [40.0, 40.0];
        assert_eq!(fit_title("中共示例支部2026年党费收缴公示表", &mut wide, TITLE_SIZE), TITLE_SIZE);
        let mut narrow = [10.0, 10.0, 10.0];
        let long = "中共示例市财政局机关第一党支部委员会2026年党费收缴公示表";
        let size = fit_title(long, &mut narrow, TITLE_SIZE);
        assert_eq!(size, TITLE_MIN_SIZE);
        assert!(text_width(long, size) <= narrow.iter().sum::<f64>(), "{narrow:?}");
        let mut middling = [45.0, 45.0];
        let size = fit_title(long, &mut middling, TITLE_SIZE);
        assert!((TITLE_MIN_SIZE..TITLE_SIZE).contains(&size), "{size}");
        assert_eq!(middling, [45.0, 45.0]);
    }

    #[test]
    fn footer_sections_are_three_and_a_long_unit_wraps() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let f = page_footer("中共示例市某某区某某街道某某社区某某小区联合党支部委员会第一党小组", day, Paper::Portrait);
        assert!(f.starts_with("&L&9填报单位：") && f.contains("&C&9第 &P 页 共 &N 页&R&9填报人："), "{f}");
        let left = &f[..f.find("&C").unwrap()];
        assert!(left.contains('\n'), "{left}");
        assert_eq!(page_footer("A&B", day, Paper::Landscape).matches("A&&B").count(), 1);
    }

    #[test]
    fn chinese_dates() {
        assert_eq!(chinese_date(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()), "2026年11月2日");
    }
}
