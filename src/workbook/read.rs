//! Opening a workbook a person hands us (calamine) and turning its failures into Chinese messages
//! that name the file: missing, not a spreadsheet, corrupt, encrypted, too large.
//!
//! The file kind is decided by its first bytes, not its extension, so an `.xls` saved as `.xlsx`
//! (common with WPS) still opens, and a text file renamed `.xlsx` gets a clear message. Kinds: `.xlsx`
//! (and `.xlsm`), `.xls` and WPS `.et` (OLE files), `.ods` (a zip with an OpenDocument `mimetype`),
//! and `.csv` (text: one sheet named after the file, `workbook::csv`).
//!
//! Nothing reaches calamine unchecked (`crate::input`): the file must be a regular file within the
//! size cap, an `.xlsx` or `.ods` passes the zip pre-pass (an `.ods` also `check_ods`) and an `.xls`
//! the container pre-pass, a `.csv` is read within the same cap, every calamine
//! call runs inside `input::contain` (a panic is a refusal), and a sheet is read cell by cell into a
//! sparse grid bounded by `MAX_ROWS`, `MAX_COLUMNS`, `MAX_CELLS` and `MAX_TEXT_BYTES`, never laid out
//! over the dimension the file declares.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataRef, Ods, Reader, Sheets, Xls, Xlsx};

use crate::error::{Error, Result};
use crate::input::{self, FileKind};

/// Extensions offered in the file picker; anything else is refused before opening.
const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "et", "ods", "csv"];

/// Rows a sheet may use (a non-empty cell below this row is refused).
pub const MAX_ROWS: u32 = 100_000;
/// Columns a sheet may use (A to ALL).
pub const MAX_COLUMNS: u32 = 1_000;
/// Non-empty cells in one sheet.
pub const MAX_CELLS: usize = 2_000_000;
/// Text in one sheet's cells, in UTF-8 bytes.
pub const MAX_TEXT_BYTES: usize = 128 * 1024 * 1024;

type Bytes = Cursor<Vec<u8>>;

/// An open workbook with its sheet names.
pub struct Workbook {
    source: Source,
    pub file_name: String,
    pub sheet_names: Vec<String>,
}

enum Source {
    Book(Box<Sheets<Bytes>>),
    /// A `.csv`: its one sheet, already read.
    Csv(Grid),
}

/// True for the zip of an OpenDocument spreadsheet: its first entry is `mimetype`, stored.
fn is_ods(bytes: &[u8]) -> bool {
    bytes.get(30..38) == Some(b"mimetype")
        && bytes.get(38..84) == Some(b"application/vnd.oasis.opendocument.spreadsheet")
}

/// The file name as people see it in messages.
pub fn display_name(path: &Path) -> String {
    input::display_name(path)
}

impl Workbook {
    pub fn open(path: &Path) -> Result<Workbook> {
        let file_name = display_name(path);
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if !EXTENSIONS.contains(&ext.as_str()) {
            return Err(Error::UnreadableFile(format!(
                "“{file_name}”不是表格文件：只能导入 .xlsx、.xls、WPS .et、.ods 或 .csv 格式（可在 Excel/WPS 中“另存为”Excel 工作簿）"
            )));
        }
        let bytes = input::read_all(path, FileKind::Workbook)?;
        if bytes.is_empty() {
            return Err(Error::UnreadableFile(format!("“{file_name}”是空文件（0 字节），里面没有花名册")));
        }
        let is_zip = bytes.starts_with(b"PK\x03\x04");
        let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
        if ext == "csv" && !is_zip && !is_ole {
            input::check_size(&file_name, bytes.len() as u64, input::MAX_XLSX_BYTES, FileKind::Workbook)?;
            let grid = read_csv(&file_name, &bytes)?;
            let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "Sheet1".into());
            return Ok(Workbook { source: Source::Csv(grid), file_name, sheet_names: vec![name] });
        }
        let sheets = if is_zip && (is_ods(&bytes) || ext == "ods") {
            input::check_size(&file_name, bytes.len() as u64, input::MAX_XLSX_BYTES, FileKind::Workbook)?;
            input::check_xlsx(Cursor::new(&bytes[..]), &file_name)?;
            input::check_ods(Cursor::new(&bytes[..]), &file_name)?;
            input::contain(&file_name, || {
                Ok(Sheets::Ods(Ods::new(Cursor::new(bytes)).map_err(|e| corrupt(&file_name, &e.to_string()))?))
            })?
        } else if is_zip {
            input::check_size(&file_name, bytes.len() as u64, input::MAX_XLSX_BYTES, FileKind::Workbook)?;
            input::check_xlsx(Cursor::new(&bytes[..]), &file_name)?;
            input::contain(&file_name, || {
                Ok(Sheets::Xlsx(Xlsx::new(Cursor::new(bytes)).map_err(|e| corrupt(&file_name, &e.to_string()))?))
            })?
        } else if is_ole {
            // OLE compound file: a BIFF .xls, a WPS .et, or an encrypted .xlsx.
            input::check_size(&file_name, bytes.len() as u64, input::MAX_XLS_BYTES, FileKind::Workbook)?;
            input::check_xls(&bytes, &file_name)?;
            input::contain(&file_name, || {
                Ok(Sheets::Xls(Xls::new(Cursor::new(bytes)).map_err(|e| corrupt(&file_name, &e.to_string()))?))
            })?
        } else {
            return Err(Error::UnreadableFile(format!(
                "“{file_name}”的内容不是 Excel 工作簿（可能是其他格式的文件改了扩展名），请在 Excel/WPS 中打开后另存为 .xlsx 再导入"
            )));
        };
        let sheet_names = sheets.sheet_names();
        Ok(Workbook { source: Source::Book(Box::new(sheets)), file_name, sheet_names })
    }

    /// The used cells of a sheet, read one by one (never laid out over the declared dimension).
    pub fn sheet(&mut self, name: &str) -> Result<Grid> {
        let file_name = self.file_name.clone();
        let sheets = match &mut self.source {
            Source::Csv(grid) => return Ok(grid.clone()),
            Source::Book(sheets) => &mut **sheets,
        };
        input::contain(&file_name, || {
            let mut grid = GridBuilder { file_name: &file_name, sheet: name, cells: Vec::new(), text: 0 };
            match sheets {
                Sheets::Xlsx(x) => {
                    let mut reader = x.worksheet_cells_reader(name).map_err(|e| corrupt(&file_name, &e.to_string()))?;
                    while let Some(cell) = reader.next_cell().map_err(|e| corrupt(&file_name, &e.to_string()))? {
                        let value = cell.get_value();
                        let text_len = match value {
                            DataRef::Empty => continue,
                            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len(),
                            DataRef::SharedString(s) => s.len(),
                            _ => 0,
                        };
                        grid.push(cell.get_position(), text_len, || match value {
                            DataRef::SharedString(s) => Data::String((*s).to_string()),
                            other => Data::from(other.clone()),
                        })?;
                    }
                }
                Sheets::Xls(_) | Sheets::Ods(_) => {
                    let range = match sheets {
                        Sheets::Xls(x) => x.worksheet_range(name).map_err(|e| corrupt(&file_name, &e.to_string()))?,
                        Sheets::Ods(x) => x.worksheet_range(name).map_err(|e| corrupt(&file_name, &e.to_string()))?,
                        _ => unreachable!("matched above"),
                    };
                    let (r0, c0) = range.start().unwrap_or((0, 0));
                    for (r, c, d) in range.used_cells() {
                        let at = (r0.saturating_add(r as u32), c0.saturating_add(c as u32));
                        let text_len = match d {
                            Data::Empty => continue,
                            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.len(),
                            _ => 0,
                        };
                        grid.push(at, text_len, || d.clone())?;
                    }
                }
                _ => return Err(corrupt(&file_name, "不支持的工作簿格式")),
            }
            Ok(grid.finish())
        })
    }
}

/// A `.csv`'s cells as the one sheet of the file, within the same bounds as a workbook's sheet.
fn read_csv(file_name: &str, bytes: &[u8]) -> Result<Grid> {
    let (text, _) = super::csv::decode(bytes);
    let sheet = "CSV";
    let mut grid = GridBuilder { file_name, sheet, cells: Vec::new(), text: 0 };
    super::csv::for_each_cell(&text, |row, col, value| grid.push((row, col), value.len(), || Data::String(value)))?;
    Ok(grid.finish())
}

fn corrupt(file_name: &str, detail: &str) -> Error {
    let lower = detail.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return Error::UnreadableFile(format!(
            "“{file_name}”设置了打开密码，无法读取：请在 Excel/WPS 中取消密码后另存，再导入"
        ));
    }
    Error::UnreadableFile(format!(
        "“{file_name}”已损坏或不完整，无法读取（{detail}）。请在 Excel/WPS 中打开检查，另存为 .xlsx 后再导入"
    ))
}

/// Collects a sheet's non-empty cells within the bounds.
struct GridBuilder<'a> {
    file_name: &'a str,
    sheet: &'a str,
    cells: Vec<((u32, u32), Data)>,
    text: usize,
}

impl GridBuilder<'_> {
    /// Adds a non-empty cell holding `text_len` bytes of text; `value` is made only once it fits.
    fn push(&mut self, (row, col): (u32, u32), text_len: usize, value: impl FnOnce() -> Data) -> Result<()> {
        let (file, sheet) = (self.file_name, self.sheet);
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(Error::UnreadableFile(format!(
                "“{file}”的工作表“{sheet}”在 {}{} 单元格有内容，超出可导入的范围（最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列）。请删除表格以外的内容，或把表格拆成几个文件再导入",
                column_letter(col),
                u64::from(row) + 1
            )));
        }
        if self.cells.len() >= MAX_CELLS {
            return Err(Error::UnreadableFile(format!(
                "“{file}”的工作表“{sheet}”有内容的单元格超过 {MAX_CELLS} 个，无法一次导入，请拆成几个文件再导入"
            )));
        }
        self.text += text_len;
        if self.text > MAX_TEXT_BYTES {
            return Err(Error::UnreadableFile(format!(
                "“{file}”的工作表“{sheet}”中的文字超过 {} MB，无法导入，请确认选对了文件",
                MAX_TEXT_BYTES >> 20
            )));
        }
        self.cells.push(((row, col), value()));
        Ok(())
    }

    fn finish(mut self) -> Grid {
        // Sorted by position; when a file repeats a position, the last value wins (as in a Range).
        self.cells.reverse();
        self.cells.sort_by_key(|(at, _)| *at);
        self.cells.dedup_by_key(|(at, _)| *at);
        let row_end = self.cells.iter().map(|((r, _), _)| r + 1).max().unwrap_or(0);
        let col_end = self.cells.iter().map(|((_, c), _)| c + 1).max().unwrap_or(0);
        Grid { cells: self.cells, row_end, col_end }
    }
}

/// A sheet's cells, addressed by absolute zero-based (row, column) as in Excel.
#[derive(Clone)]
pub struct Grid {
    /// The non-empty cells, sorted by position.
    cells: Vec<((u32, u32), Data)>,
    row_end: u32,
    col_end: u32,
}

static EMPTY: Data = Data::Empty;

impl Grid {
    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(|(_, d)| is_blank(d))
    }

    /// One past the last used row (absolute).
    pub fn row_end(&self) -> u32 {
        self.row_end
    }

    /// One past the last used column (absolute).
    pub fn col_end(&self) -> u32 {
        self.col_end
    }

    pub fn cell(&self, row: u32, col: u32) -> &Data {
        match self.cells.binary_search_by_key(&(row, col), |(at, _)| *at) {
            Ok(i) => &self.cells[i].1,
            Err(_) => &EMPTY,
        }
    }

    /// Puts `value` at (row, col) in place of what was there (a value typed in an import preview).
    pub fn set(&mut self, row: u32, col: u32, value: Data) {
        match self.cells.binary_search_by_key(&(row, col), |(at, _)| *at) {
            Ok(i) => self.cells[i].1 = value,
            Err(i) => self.cells.insert(i, ((row, col), value)),
        }
        self.row_end = self.row_end.max(row + 1);
        self.col_end = self.col_end.max(col + 1);
    }

    /// The texts of one row, from column A to the last used column.
    pub fn row_texts(&self, row: u32) -> Vec<String> {
        (0..self.col_end()).map(|c| plain_text(self.cell(row, c))).collect()
    }
}

/// True for an empty cell or one holding only spaces.
pub fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A cell's text as a person would read it (integral numbers without `.0`), for headers and
/// messages. Field parsing uses the typed value instead (`cells.rs`).
pub fn plain_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::Error(e) => e.to_string(),
    }
}

/// Removes spaces (also full-width and line breaks), a parenthesised note such as `（正式/预备）`,
/// and required-field markers (`*`, `：`).
pub fn normalize_header(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() => {}
            '*' | '＊' | ':' | '：' => {}
            c => out.push(c),
        }
    }
    out
}

/// Column letter as Excel shows it: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}
