//! Word documents (`.docx`) in the look Chinese party offices use: A4 portrait with the margins of
//! GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), body text in 仿宋 三号 on a fixed
//! 28-point line, titles in 宋体 bold 二号, forms in 仿宋 四号 with 宋体 labels, the page number
//! centred in the footer (`— 1 —`). Written with `docx_rs` (no hand-written OOXML); a `Form` (the
//! labelled layout of `form`) renders here as a bordered table, so the Word copy of a record holds
//! exactly what its sheet holds.

use std::path::Path;

use docx_rs::{
    AlignmentType, Docx, Footer, HeightRule, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Tab, TabValueType, Table, TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::form::{Form, FormLine};
use crate::error::{Error, Result};

/// Body text: 仿宋 (仿宋_GB2312 where offices have it is the same face; 仿宋 ships with Windows, WPS and
/// Office for Mac, so the document looks the same everywhere).
pub const BODY_FONT: &str = "仿宋";
/// Titles and form labels.
pub const TITLE_FONT: &str = "宋体";
/// Latin letters and digits beside the Chinese text.
const LATIN_FONT: &str = "Times New Roman";

/// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt.
pub const SIZE_2: usize = 44;
pub const SIZE_3: usize = 32;
pub const SIZE_4: usize = 28;
/// 小四 12 pt: the text of a table of many columns.
pub const SIZE_SMALL_4: usize = 24;

/// A4 in twentieths of a point.
pub const A4_WIDTH: u32 = 11906;
pub const A4_HEIGHT: u32 = 16838;

/// Millimetres in twentieths of a point.
pub fn mm(v: f64) -> i32 {
    (v * 1440.0 / 25.4).round() as i32
}

/// The width of the text between the margins.
fn text_width() -> usize {
    (A4_WIDTH as i32 - mm(28.0) - mm(26.0)) as usize
}

/// Runs of the body face.
fn body_fonts() -> RunFonts {
    RunFonts::new().east_asia(BODY_FONT).ascii(LATIN_FONT).hi_ansi(LATIN_FONT)
}

fn title_fonts() -> RunFonts {
    RunFonts::new().east_asia(TITLE_FONT).ascii(LATIN_FONT).hi_ansi(LATIN_FONT)
}

/// The fixed 28-point line of official documents (22 lines to a page).
fn body_line() -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Exact).line(560).before(0).after(0)
}

fn table_line() -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Auto).line(260).before(40).after(40)
}

/// A document being written, block after block.
pub struct WordDocument {
    docx: Docx,
}

impl Default for WordDocument {
    fn default() -> Self {
        Self::new()
    }
}

impl WordDocument {
    /// An empty A4 document with the official margins, fonts and page numbers.
    pub fn new() -> WordDocument {
        let footer = Footer::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text("— ").fonts(title_fonts()).size(SIZE_4))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(" —").fonts(title_fonts()).size(SIZE_4)),
        );
        let docx = Docx::new()
            .page_size(A4_WIDTH, A4_HEIGHT)
            .page_margin(
                PageMargin::new()
                    .top(mm(37.0))
                    .bottom(mm(35.0))
                    .left(mm(28.0))
                    .right(mm(26.0))
                    .header(mm(15.0))
                    .footer(mm(20.0)),
            )
            .default_fonts(body_fonts())
            .default_size(SIZE_3)
            .footer(footer);
        WordDocument { docx }
    }

    /// The document's properties dated `day` (created and modified), as Word's 属性 shows them.
    pub fn dated(mut self, day: chrono::NaiveDate) -> Self {
        let stamp = format!("{}T00:00:00Z", day.format("%Y-%m-%d"));
        self.docx = self.docx.created_at(&stamp).updated_at(&stamp);
        self
    }

    /// A centred title (宋体 bold 二号), one paragraph per line of `text`.
    pub fn title(mut self, text: &str) -> Self {
        for line in text.lines() {
            self.docx = self.docx.add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Auto).line(240).after(120))
                    .add_run(Run::new().add_text(line).fonts(title_fonts()).size(SIZE_2).bold()),
            );
        }
        self
    }

    /// An empty body line.
    pub fn blank_line(mut self) -> Self {
        self.docx = self.docx.add_paragraph(Paragraph::new().line_spacing(body_line()));
        self
    }

    /// A body paragraph (仿宋 三号, first line indented two characters).
    pub fn paragraph(mut self, text: &str) -> Self {
        self.docx = self.docx.add_paragraph(
            Paragraph::new()
                .line_spacing(body_line())
                // Two characters of 三号 (32 pt); Word and WPS also read the character count.
                .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
                .first_line_chars(200)
                .add_run(Run::new().add_text(text).fonts(body_fonts()).size(SIZE_3)),
        );
        self
    }

    /// A body line flush left, without indent (a salutation, a list line).
    pub fn plain(mut self, text: &str) -> Self {
        self.docx = self.docx.add_paragraph(
            Paragraph::new()
                .line_spacing(body_line())
                .add_run(Run::new().add_text(text).fonts(body_fonts()).size(SIZE_3)),
        );
        self
    }

    /// The signing block at the end of a document: each line right-aligned, four characters in from
    /// the right margin (the issuing organisation, then the date).
    pub fn signature(mut self, lines: &[&str]) -> Self {
        for line in lines {
            self.docx = self.docx.add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .line_spacing(body_line())
                    .indent(None, None, Some(mm(14.0)), None)
                    .add_run(Run::new().add_text(*line).fonts(body_fonts()).size(SIZE_3)),
            );
        }
        self
    }

    /// A labelled form (`form::Form`) as a bordered table: the title, the unit line with the number
    /// at its right, the lines, the closing line under the table.
    pub fn form(mut self, form: &Form) -> Self {
        self = self.title(&form.title);
        let width = text_width();
        // The unit at the left, the number at the right margin (a right tab stop).
        self.docx = self.docx.add_paragraph(
            Paragraph::new()
                .line_spacing(table_line())
                .add_tab(Tab::new().val(TabValueType::Right).pos(width))
                .add_run(Run::new().add_text(&form.unit_line).fonts(body_fonts()).size(SIZE_4))
                .add_run(Run::new().add_tab().add_text(&form.number).fonts(body_fonts()).size(SIZE_4)),
        );
        let label = width * 17 / 100;
        let value = width / 2 - label;
        let grid = vec![label, value, label, width - 2 * label - value];
        let mut rows = Vec::new();
        for line in &form.lines {
            match line {
                FormLine::Pair(l1, v1, l2, v2) => rows.push(TableRow::new(vec![
                    label_cell(l1, grid[0]),
                    value_cell(&v1.display(), grid[1], 1),
                    label_cell(l2, grid[2]),
                    value_cell(&v2.display(), grid[3], 1),
                ])),
                FormLine::Wide(l, v) => {
                    rows.push(TableRow::new(vec![label_cell(l, grid[0]), value_cell(v, width - grid[0], 3)]))
                }
                FormLine::Text(l, text, min_lines) => rows.push(
                    TableRow::new(vec![label_cell(l, grid[0]), value_cell(text, width - grid[0], 3)])
                        .row_height(*min_lines as f32 * 300.0)
                        .height_rule(HeightRule::AtLeast),
                ),
                FormLine::SignIn(l, names) => {
                    rows.push(TableRow::new(vec![TableCell::new()
                        .width(width, WidthType::Dxa)
                        .grid_span(4)
                        .vertical_align(VAlignType::Center)
                        .add_paragraph(label_paragraph(l, AlignmentType::Center))]));
                    let pairs: Vec<&[String]> = names.chunks(2).collect();
                    for (i, pair) in pairs.iter().enumerate() {
                        let second = pair.get(1).map(String::as_str).unwrap_or("");
                        // The last row stays on the page of the signature line under the table.
                        let keep = i + 1 == pairs.len();
                        rows.push(
                            TableRow::new(vec![
                                centred_cell(&pair[0], grid[0], keep),
                                centred_cell("", grid[1], keep),
                                centred_cell(second, grid[2], keep),
                                centred_cell("", grid[3], keep),
                            ])
                            .row_height(mm(10.0) as f32)
                            .height_rule(HeightRule::AtLeast)
                            .cant_split(),
                        );
                    }
                }
            }
        }
        let table = Table::new(rows).set_grid(grid).width(width, WidthType::Dxa).layout(TableLayoutType::Fixed);
        self.docx = self.docx.add_table(table);
        if !form.closing.is_empty() {
            self.docx = self.docx.add_paragraph(
                Paragraph::new()
                    .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(560).before(360))
                    .add_run(Run::new().add_text(&form.closing).fonts(body_fonts()).size(SIZE_4)),
            );
        }
        self
    }

    /// A table of columns under a header row of labels, in 小四 (a schedule of many columns): `shares`
    /// are the columns' widths in parts of the text width (`[1, 3, 2]`), each row's cells in column order.
    pub fn grid(mut self, headers: &[&str], shares: &[usize], rows: &[Vec<String>]) -> Self {
        let width = text_width();
        let total: usize = shares.iter().sum::<usize>().max(1);
        let mut grid: Vec<usize> = shares.iter().map(|s| width * s / total).collect();
        if let Some(last) = grid.last_mut() {
            *last += width - shares.iter().map(|s| width * s / total).sum::<usize>();
        }
        let mut table_rows =
            vec![TableRow::new(headers.iter().zip(&grid).map(|(h, w)| label_cell(h, *w)).collect::<Vec<_>>())
                .cant_split()];
        for row in rows {
            table_rows.push(
                TableRow::new(row.iter().zip(&grid).map(|(text, w)| value_cell(text, *w, 1)).collect::<Vec<_>>())
                    .cant_split(),
            );
        }
        let table = Table::new(table_rows).set_grid(grid).width(width, WidthType::Dxa).layout(TableLayoutType::Fixed);
        self.docx = self.docx.add_table(table);
        self
    }

    /// A bordered table across the text width: a header row in 宋体, then the rows in 仿宋 四号, each
    /// column `widths` parts of the width (as many parts as columns); numbers are written as shown
    /// (a Word table holds text, the Excel copy holds the numbers).
    pub fn table(mut self, headers: &[&str], rows: &[Vec<String>], widths: &[usize]) -> Self {
        let width = text_width();
        let parts: usize = widths.iter().sum::<usize>().max(1);
        let grid: Vec<usize> = widths.iter().map(|w| width * w / parts).collect();
        let mut out =
            vec![TableRow::new(headers.iter().zip(&grid).map(|(h, w)| label_cell(h, *w)).collect::<Vec<_>>())];
        for row in rows {
            out.push(TableRow::new(row.iter().zip(&grid).map(|(t, w)| centred_cell(t, *w, false)).collect::<Vec<_>>()));
        }
        let table = Table::new(out).set_grid(grid).width(width, WidthType::Dxa).layout(TableLayoutType::Fixed);
        self.docx = self.docx.add_table(table);
        self
    }

    /// Starts the next block on a new page.
    pub fn page_break(mut self) -> Self {
        self.docx = self.docx.add_paragraph(Paragraph::new().add_run(Run::new().add_break(docx_rs::BreakType::Page)));
        self
    }

    /// Writes the document to `path` (its folder must exist).
    pub fn save(self, path: &Path) -> Result<()> {
        let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        self.docx.build().pack(file).map_err(|e| Error::io(path, std::io::Error::other(e.to_string())))?;
        Ok(())
    }
}

fn label_paragraph(text: &str, align: AlignmentType) -> Paragraph {
    Paragraph::new()
        .align(align)
        .line_spacing(table_line())
        .add_run(Run::new().add_text(text).fonts(title_fonts()).size(SIZE_4))
}

fn label_cell(text: &str, width: usize) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
        .add_paragraph(label_paragraph(text, AlignmentType::Center))
}

/// A centred value; `keep`: kept on the page of what follows.
fn centred_cell(text: &str, width: usize, keep: bool) -> TableCell {
    TableCell::new().width(width, WidthType::Dxa).vertical_align(VAlignType::Center).add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .keep_next(keep)
            .line_spacing(table_line())
            .add_run(Run::new().add_text(text).fonts(body_fonts()).size(SIZE_4)),
    )
}

/// A value across `span` grid columns; each line of `text` its own paragraph.
fn value_cell(text: &str, width: usize, span: usize) -> TableCell {
    let mut cell = TableCell::new().width(width, WidthType::Dxa).vertical_align(VAlignType::Center);
    if span > 1 {
        cell = cell.grid_span(span);
    }
    let lines: Vec<&str> = if text.is_empty() { vec![""] } else { text.lines().collect() };
    for line in lines {
        cell = cell.add_paragraph(
            Paragraph::new()
                .line_spacing(table_line())
                .add_run(Run::new().add_text(line).fonts(body_fonts()).size(SIZE_4)),
        );
    }
    cell
}

/// A blank for a fact the ledger does not hold: a line of `＿` the secretary fills in by hand.
pub fn blank(chars: usize) -> String {
    "＿".repeat(chars)
}
