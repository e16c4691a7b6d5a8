//! Opening a workbook a person hands us (calamine) and turning its failures into Chinese messages
//! that name the file: missing, not a spreadsheet, corrupt, encrypted.
//!
//! The file kind is decided by its first bytes, not its extension, so an `.xls` saved as `.xlsx`
//! (common with WPS) still opens, and a text file renamed `.xlsx` gets a clear message.

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

use calamine::{Data, Range, Reader, Sheets, Xls, Xlsx};

use crate::error::{Error, Result};

/// Extensions offered in the file picker; anything else is refused before opening.
const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "et"];

/// An open workbook with its sheet names.
pub struct Workbook {
    sheets: Sheets<BufReader<File>>,
    pub file_name: String,
    pub sheet_names: Vec<String>,
}

/// The file name as people see it in messages.
pub fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

impl Workbook {
    pub fn open(path: &Path) -> Result<Workbook> {
        let file_name = display_name(path);
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if !EXTENSIONS.contains(&ext.as_str()) {
            return Err(Error::UnreadableFile(format!(
                "“{file_name}”不是 Excel 文件：只能导入 .xlsx 或 .xls 格式的花名册（可在 Excel/WPS 中“另存为”Excel 工作簿）"
            )));
        }
        let mut file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::UnreadableFile(format!(
                    "找不到文件“{}”，请确认文件没有被移动或删除",
                    path.display()
                )))
            }
            Err(e) => return Err(Error::io(path, e)),
        };
        let mut magic = [0u8; 8];
        let n = read_prefix(&mut file, &mut magic)
            .and_then(|n| file.rewind().map(|_| n))
            .map_err(|e| Error::io(path, e))?;
        let file = BufReader::new(file);
        let not_excel = || {
            Error::UnreadableFile(format!(
                "“{file_name}”的内容不是 Excel 工作簿（可能是其他格式的文件改了扩展名），请在 Excel/WPS 中打开后另存为 .xlsx 再导入"
            ))
        };
        if n == 0 {
            return Err(Error::UnreadableFile(format!("“{file_name}”是空文件（0 字节），里面没有花名册")));
        }
        let sheets = if magic[..n].starts_with(b"PK\x03\x04") {
            Sheets::Xlsx(Xlsx::new(file).map_err(|e| corrupt(&file_name, &e.to_string()))?)
        } else if magic[..n].starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            // OLE compound file: a BIFF .xls, a WPS .et, or an encrypted .xlsx.
            Sheets::Xls(Xls::new(file).map_err(|e| corrupt(&file_name, &e.to_string()))?)
        } else {
            return Err(not_excel());
        };
        let sheet_names = sheets.sheet_names();
        Ok(Workbook { sheets, file_name, sheet_names })
    }

    /// The used cells of a sheet.
    pub fn sheet(&mut self, name: &str) -> Result<Grid> {
        let range = self.sheets.worksheet_range(name).map_err(|e| corrupt(&self.file_name, &e.to_string()))?;
        Ok(Grid { range })
    }
}

fn read_prefix(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
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

/// A sheet's cells, addressed by absolute zero-based (row, column) as in Excel.
pub struct Grid {
    range: Range<Data>,
}

static EMPTY: Data = Data::Empty;

impl Grid {
    pub fn is_empty(&self) -> bool {
        self.range.used_cells().all(|(_, _, d)| is_blank(d))
    }

    /// One past the last used row (absolute).
    pub fn row_end(&self) -> u32 {
        self.range.end().map(|(r, _)| r + 1).unwrap_or(0)
    }

    /// One past the last used column (absolute).
    pub fn col_end(&self) -> u32 {
        self.range.end().map(|(_, c)| c + 1).unwrap_or(0)
    }

    pub fn cell(&self, row: u32, col: u32) -> &Data {
        self.range.get_value((row, col)).unwrap_or(&EMPTY)
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
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}
