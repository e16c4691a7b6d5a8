//! The shared reader of history registers: find the sheets and the header row (titles above it, a
//! header over two rows when cells are merged, 序号 columns), match columns by header spellings, and
//! walk the data rows, skipping blank rows, 合计/小计 rows, repeated header rows and notes (注：…).
//! Every problem is located as `sheet!C7` with the sentence `sheet 第7行 C列（表头）：…`.

use std::collections::HashMap;
use std::hash::Hash;

use calamine::Data;
use rusqlite::Connection;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Problem, Result};
use crate::import::mapping::{self, ColumnChoice, ColumnMapping};
use crate::workbook::read::{is_blank, normalize_header, plain_text, Grid, Workbook};

/// How many rows from the top may hold titles before the header row.
use crate::import::sheet::{find_header_row, HEADER_SEARCH_ROWS};

/// One field a register column can fill: its label (used in messages) and header spellings
/// (normalised: no spaces, no parenthesised note). Exact spellings win; otherwise the first field
/// (in declaration order) one of whose spellings the header contains.
pub struct FieldSpec<F> {
    pub field: F,
    pub variants: &'static [&'static str],
}

impl<F> FieldSpec<F> {
    pub fn label(&self) -> &'static str {
        self.variants[0]
    }
}

/// A mapped column: zero-based index, letter, header as written in the sheet.
#[derive(Debug, Clone)]
pub struct Column {
    pub index: u32,
    pub letter: String,
    pub header: String,
}

/// A sheet with its recognised header.
pub struct Table<F> {
    pub sheet: String,
    pub grid: Grid,
    /// One-based row number of the (last) header row.
    pub header_row: u32,
    /// The first column of each field, as mapped.
    pub columns: HashMap<F, Column>,
    /// Every column of the header and its field: matched by header, remembered, or chosen by hand.
    pub mapping: ColumnMapping<F>,
    /// True when `mapping` came from an earlier import of a sheet with the same headers.
    pub remembered: bool,
    /// Problems of the mapping (a field given to two columns, a column chosen that is not there).
    pub problems: Vec<Problem>,
    /// Header texts of every column (for columns the caller recognises by value, such as 1月…12月).
    pub headers: Vec<String>,
    /// The rows above the header (titles), as text, for a year written in the title.
    pub titles: Vec<String>,
}

/// What a kind's reader knows about its files.
pub struct Reader<'a, F> {
    pub specs: &'a [FieldSpec<F>],
    /// A header row names at least this many fields.
    pub min_known: usize,
    /// Recognises header cells the specs alone do not (a dues grid's month columns): how much a row
    /// of them counts towards `min_known`…
    pub extra: &'a dyn Fn(&[String]) -> usize,
    /// …and the field such a cell fills (before the specs are asked).
    pub field_by_header: &'a dyn Fn(&str) -> Option<F>,
    /// Fields that several columns fill (the months of a dues grid).
    pub repeats: &'a dyn Fn(F) -> bool,
    /// What the file is, for the message when no header is found (`三会一课台账`).
    pub what: &'a str,
}

impl<F> Reader<'static, F> {
    /// A reader of fields recognised by their headers alone.
    pub fn by_headers(specs: &'static [FieldSpec<F>], min_known: usize, what: &'static str) -> Self {
        Reader { specs, min_known, extra: &no_extra, field_by_header: &no_field, repeats: &no_repeats, what }
    }
}

fn no_extra(_: &[String]) -> usize {
    0
}

fn no_field<F>(_: &str) -> Option<F> {
    None
}

fn no_repeats<F>(_: F) -> bool {
    false
}

/// Where the mappings come from: the user's per sheet, columns assigned by hand, remembered ones.
pub struct Choices<'a, F> {
    pub conn: &'a Connection,
    /// The settings prefix of the kind's remembered mappings.
    pub prefix: &'a str,
    pub given: &'a [(String, ColumnMapping<F>)],
    pub columns: &'a [ColumnChoice],
}

/// The label of a field among `specs`.
pub fn label_of<F: Copy + Eq>(specs: &[FieldSpec<F>], f: F) -> &'static str {
    specs.iter().find(|s| s.field == f).map_or("", |s| s.label())
}

/// The field a header names, if any.
pub fn field_for<F: Copy>(specs: &[FieldSpec<F>], text: &str) -> Option<F> {
    let norm = normalize_header(text);
    if norm.is_empty() {
        return None;
    }
    specs
        .iter()
        .find(|s| s.variants.contains(&norm.as_str()))
        .or_else(|| specs.iter().find(|s| s.variants.iter().any(|v| v.chars().count() >= 2 && norm.contains(v))))
        .map(|s| s.field)
}

fn known<F: Copy + Eq>(specs: &[FieldSpec<F>], headers: &[String]) -> usize {
    let mut seen: Vec<F> = Vec::new();
    for h in headers {
        if let Some(f) = field_for(specs, h) {
            if !seen.contains(&f) {
                seen.push(f);
            }
        }
    }
    seen.len()
}

/// The header row of a sheet (zero-based index of its last row) and the header texts, a header over
/// two rows merged (the lower row's text where it names a field, else the upper's). `accept` may
/// recognise a header row the specs alone do not (a dues grid's month columns).
fn find_header<F: Copy + Eq>(
    specs: &[FieldSpec<F>],
    grid: &Grid,
    min_known: usize,
    extra: &dyn Fn(&[String]) -> usize,
) -> Option<(u32, Vec<String>)> {
    let top = grid.row_end().min(HEADER_SEARCH_ROWS as u32);
    let rows: Vec<Vec<String>> = (0..top).map(|r| grid.row_texts(r)).collect();
    let score_of = |texts: &[String]| known(specs, texts) + extra(texts);
    let at = find_header_row(&rows, score_of, min_known)?;
    let r = at as u32;
    let upper = rows[at].clone();
    let score = score_of(&upper);
    let lower = grid.row_texts(r + 1);
    let merged: Vec<String> = upper
        .iter()
        .enumerate()
        .map(|(i, u)| match lower.get(i) {
            Some(l) if !l.is_empty() && (field_for(specs, l).is_some() || extra(std::slice::from_ref(l)) > 0) => {
                l.clone()
            }
            _ => u.clone(),
        })
        .collect();
    if score_of(&merged) > score {
        return Some((r + 1, merged));
    }
    Some((r, upper))
}

/// The sheets to read: the named one, else every sheet with a recognised header (or a mapping given
/// for it). Each sheet's mapping is the user's for it, else the one remembered for its header row,
/// else matched by header; columns assigned by hand are applied last. Refused with a message naming
/// the file and sheets when no sheet has a header.
pub fn tables<F>(
    book: &mut Workbook,
    sheet: Option<&str>,
    reader: &Reader<'_, F>,
    choices: &Choices<'_, F>,
) -> Result<Vec<Table<F>>>
where
    F: Copy + Eq + Hash + Serialize + DeserializeOwned,
{
    let specs = reader.specs;
    let file = book.file_name.clone();
    let names: Vec<String> = match sheet {
        Some(name) => {
            if !book.sheet_names.iter().any(|s| s == name) {
                return Err(Error::invalid(
                    file.clone(),
                    format!("“{file}”中没有名为“{name}”的工作表（现有：{}）", book.sheet_names.join("、")),
                ));
            }
            vec![name.to_string()]
        }
        None => book.sheet_names.clone(),
    };
    let field_of = |h: &str| (reader.field_by_header)(h).or_else(|| field_for(specs, h));
    let mut out: Vec<Table<F>> = Vec::new();
    // Which of the columns chosen by hand some sheet has.
    let mut placed = vec![false; choices.columns.len()];
    for name in &names {
        let grid = book.sheet(name)?;
        if grid.is_empty() {
            continue;
        }
        let given = choices.given.iter().find(|(s, _)| s == name).map(|(_, m)| m);
        let found = find_header(specs, &grid, reader.min_known, reader.extra);
        let (mapping, headers, remembered) = match given {
            Some(m) => {
                if m.header_row == 0 || m.header_row > grid.row_end() {
                    return Err(Error::invalid(
                        name.clone(),
                        format!(
                            "{name}：指定的表头行（第{}行）不在工作表的范围内（共{}行）",
                            m.header_row,
                            grid.row_end()
                        ),
                    ));
                }
                // The texts the header is remembered under are those found automatically.
                let headers = match found {
                    Some((row, h)) if row + 1 == m.header_row => h,
                    _ => header_texts(&grid, m.header_row - 1),
                };
                (mapping::refreshed(m.clone(), m.header_row, &headers), headers, false)
            }
            None => {
                let Some((row, headers)) = found else { continue };
                match mapping::remembered::<F>(choices.conn, choices.prefix, &headers)? {
                    Some(m) => (mapping::refreshed(m, row + 1, &headers), headers, true),
                    None => (mapping::auto(row + 1, &headers, field_of, reader.repeats), headers, false),
                }
            }
        };
        let mut mapping = mapping;
        let mut remembered = remembered;
        let labels: Vec<&str> = specs.iter().map(|s| s.label()).collect();
        // A column chosen by header applies to the sheets that have it (a workbook's notes sheet
        // need not); one no sheet has is a problem of the first.
        let here: Vec<ColumnChoice> =
            choices.columns.iter().filter(|c| mapping::column_named(&mapping, &c.column).is_some()).cloned().collect();
        for c in &here {
            if let Some(i) = choices.columns.iter().position(|x| x == c) {
                placed[i] = true;
            }
        }
        if !here.is_empty() {
            remembered = false;
        }
        let mut problems =
            mapping::apply_choices(&mut mapping, name, &here, |t| field_for(specs, t), reader.repeats, &labels);
        let mut columns: HashMap<F, Column> = HashMap::new();
        for c in &mapping.columns {
            let Some(f) = c.field else { continue };
            let col = Column {
                index: c.column,
                letter: c.letter.clone(),
                header: if c.header.is_empty() {
                    label_of(specs, f).to_string()
                } else {
                    c.header.chars().filter(|c| !c.is_whitespace()).collect()
                },
            };
            match columns.get(&f) {
                Some(first) if !(reader.repeats)(f) => problems.push(Problem::new(
                    name.clone(),
                    format!("{name}：{}列和{}列都对应“{}”，请只保留一列", first.letter, col.letter, label_of(specs, f)),
                )),
                Some(_) => {}
                None => {
                    columns.insert(f, col);
                }
            }
        }
        let header_row = mapping.header_row;
        let titles = (0..header_row - 1).map(|r| grid.row_texts(r).join(" ")).collect();
        out.push(Table {
            sheet: name.clone(),
            grid,
            header_row,
            columns,
            mapping,
            remembered,
            problems,
            headers,
            titles,
        });
    }
    let missing: Vec<ColumnChoice> =
        choices.columns.iter().zip(&placed).filter(|(_, p)| !**p).map(|(c, _)| c.clone()).collect();
    if let Some(first) = out.first_mut() {
        let labels: Vec<&str> = specs.iter().map(|s| s.label()).collect();
        let problems = mapping::apply_choices(
            &mut first.mapping.clone(),
            &first.sheet,
            &missing,
            |t| field_for(specs, t),
            reader.repeats,
            &labels,
        );
        first.problems.extend(problems);
    }
    if out.is_empty() {
        let labels: Vec<&str> = specs.iter().map(|s| s.label()).collect();
        let which = match sheet {
            Some(name) => format!("工作表“{name}”"),
            None => format!("“{file}”的工作表（{}）", names.join("、")),
        };
        return Err(Error::invalid(
            sheet.map(str::to_string).unwrap_or(file),
            format!(
                "在{which}的前{HEADER_SEARCH_ROWS}行中没有找到{}的表头：表头行至少要有{}等列中的{}个。请检查是否选错了文件或工作表",
                reader.what,
                labels.join("、"),
                reader.min_known
            ),
        ));
    }
    Ok(out)
}

/// The header texts of a zero-based row, a blank cell taking the text above it (a header over two
/// rows, its upper cells merged).
fn header_texts(grid: &Grid, r: u32) -> Vec<String> {
    let row = grid.row_texts(r);
    let above = if r > 0 { grid.row_texts(r - 1) } else { Vec::new() };
    row.iter()
        .enumerate()
        .map(|(i, t)| if t.trim().is_empty() { above.get(i).cloned().unwrap_or_default() } else { t.clone() })
        .collect()
}

/// Words that mark a total or a note row rather than data.
const TOTAL_WORDS: &[&str] = &["合计", "总计", "小计", "累计", "本页小计", "共计"];
const NOTE_PREFIXES: &[&str] =
    &["注", "说明", "备注：", "备注:", "填表", "制表", "审核", "负责人", "统计人", "统计日期", "填报"];

/// Why a data row is not data: a total, a note, a repeated header; None for a data row.
pub fn not_data<F: Copy + Eq>(t: &Table<F>, specs: &[FieldSpec<F>], r: u32) -> bool {
    let texts = t.grid.row_texts(r);
    let filled: Vec<String> =
        texts.iter().map(|x| x.chars().filter(|c| !c.is_whitespace()).collect::<String>()).collect();
    if filled.iter().any(|x| TOTAL_WORDS.contains(&x.as_str())) {
        return true;
    }
    if let Some(first) = filled.iter().find(|x| !x.is_empty()) {
        if NOTE_PREFIXES.iter().any(|p| first.starts_with(p)) && filled.iter().filter(|x| !x.is_empty()).count() <= 2 {
            return true;
        }
    }
    // A header repeated on every printed page.
    known(specs, &texts) >= 2
        && t.columns.values().filter(|c| texts.get(c.index as usize) == Some(&c.header)).count() >= 2
}

/// The data rows (zero-based) below the header: blank, total, note and repeated header rows left out.
pub fn data_rows<F: Copy + Eq>(t: &Table<F>, specs: &[FieldSpec<F>]) -> Vec<u32> {
    let cols: Vec<u32> = t.columns.values().map(|c| c.index).collect();
    (t.header_row..t.grid.row_end())
        .filter(|&r| !cols.iter().all(|&c| is_blank(t.grid.cell(r, c))))
        .filter(|&r| !not_data(t, specs, r))
        .collect()
}

/// One row being read: its cells and the problems found, located.
pub struct RowCtx<'a, F> {
    pub table: &'a Table<F>,
    /// Zero-based row.
    pub r: u32,
    pub problems: Vec<Problem>,
    pub notes: Vec<String>,
}

impl<'a, F: Copy + Eq + Hash> RowCtx<'a, F> {
    pub fn new(table: &'a Table<F>, r: u32) -> Self {
        RowCtx { table, r, problems: Vec::new(), notes: Vec::new() }
    }

    /// One-based row number.
    pub fn row(&self) -> u32 {
        self.r + 1
    }

    pub fn has(&self, f: F) -> bool {
        self.table.columns.contains_key(&f)
    }

    pub fn cell(&self, f: F) -> Option<&'a Data> {
        self.table.columns.get(&f).map(|c| self.table.grid.cell(self.r, c.index))
    }

    /// The cell at a column index.
    pub fn at(&self, col: u32) -> &'a Data {
        self.table.grid.cell(self.r, col)
    }

    /// A problem at the column of `f` (the row when the sheet has no such column).
    pub fn problem(&mut self, f: Option<F>, message: &str) {
        let col = f.and_then(|f| self.table.columns.get(&f)).cloned();
        self.problem_at(col.as_ref(), message);
    }

    pub fn problem_at(&mut self, col: Option<&Column>, message: &str) {
        let (sheet, row) = (&self.table.sheet, self.row());
        self.problems.push(match col {
            Some(c) => Problem::new(
                format!("{sheet}!{}{row}", c.letter),
                format!("{sheet} 第{row}行 {}列（{}）：{message}", c.letter, c.header),
            ),
            None => Problem::new(format!("{sheet}!{row}"), format!("{sheet} 第{row}行：{message}")),
        });
    }

    /// A note about what was inferred for this row (not a problem); the same note on many rows is
    /// shown once with the rows.
    pub fn note(&mut self, message: &str) {
        self.notes.push(message.to_string());
    }

    /// Reads a mapped cell with a cell reader; a wrong value is recorded as a problem.
    pub fn read<T>(&mut self, f: F, parse: impl Fn(&Data) -> std::result::Result<Option<T>, String>) -> Option<T> {
        let d = self.cell(f)?;
        match parse(d) {
            Ok(v) => v,
            Err(msg) => {
                self.problem(Some(f), &msg);
                None
            }
        }
    }

    /// The trimmed text of a mapped cell (full-width spaces and line breaks trimmed), None when blank.
    pub fn text(&mut self, f: F) -> Option<String> {
        self.read(f, crate::import::roster::cells::text).map(|t| clean(&t)).filter(|t| !t.is_empty())
    }

    /// The whole row's cell texts, for the file of rows to fix.
    pub fn raw(&self) -> Vec<String> {
        self.table.grid.row_texts(self.r)
    }
}

/// Text with full-width letters and digits made half-width and spaces trimmed at both ends.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' if !matches!(c, '（' | '）' | '，' | '：' | '；' | '！' | '？') => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '\u{3000}' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// A name as matched: spaces (also full-width) removed.
pub fn squash(text: &str) -> String {
    clean(text).chars().filter(|c| !c.is_whitespace()).collect()
}

/// A whole number of people from a count cell (`24`, `24人`); Err with the text when it is not one.
pub fn count(d: &Data) -> std::result::Result<Option<u32>, String> {
    match d {
        _ if is_blank(d) => Ok(None),
        Data::Int(i) if *i >= 0 => Ok(Some(*i as u32)),
        Data::Float(f) if f.fract() == 0.0 && *f >= 0.0 && *f < 100_000.0 => Ok(Some(*f as u32)),
        other => {
            let t = clean(&plain_text(other));
            let digits = t.trim_end_matches('人').trim_end_matches("名").trim();
            digits.parse::<u32>().map(Some).map_err(|_| t)
        }
    }
}
