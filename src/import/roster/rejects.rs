//! The file to fix: the rows an import with `keep_good` did not take, in the sheet's own columns
//! (values as they were: text as text, numbers as numbers, dates as dates) plus a 问题 column saying
//! what to fix. Its header row is the original one, so once fixed it imports like the original.

use std::path::{Path, PathBuf};

use calamine::Data;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};

use super::location::RowIssue;
use crate::error::{Error, Result};
use crate::workbook::read::{plain_text, Grid};

/// `花名册-待修改.xlsx` beside `input`.
pub fn default_path(input: &Path) -> PathBuf {
    let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "花名册".into());
    input.with_file_name(format!("{stem}-待修改.xlsx"))
}

/// Writes the rejected rows (one-based row numbers with their problems) of `grid` below the header
/// texts, with the problems in a last 问题 column.
pub fn write(out: &Path, sheet: &str, headers: &[String], grid: &Grid, rows: &[(u32, Vec<RowIssue>)]) -> Result<()> {
    let fail = |e: rust_xlsxwriter::XlsxError| Error::Internal(format!("写入待修改文件失败：{e}"));
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let name: String = format!("{sheet}-待修改").chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    ws.set_name(&name).map_err(fail)?;
    let bold = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let wrap = Format::new().set_text_wrap();
    let columns = headers.len().max(grid.col_end() as usize) as u16;
    for c in 0..columns {
        let text = headers.get(c as usize).map(String::as_str).unwrap_or("");
        ws.write_string_with_format(0, c, text, &bold).map_err(fail)?;
        ws.set_column_width(c, 14).map_err(fail)?;
    }
    ws.write_string_with_format(0, columns, "问题", &bold).map_err(fail)?;
    ws.set_column_width(columns, 60).map_err(fail)?;
    // The sheet's own row numbers, to find each row in the original.
    ws.write_string_with_format(0, columns + 1, "原行号", &bold).map_err(fail)?;
    ws.set_freeze_panes(1, 0).map_err(fail)?;
    for (i, (row, issues)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for c in 0..columns {
            let d = grid.cell(row - 1, c as u32);
            match d {
                Data::Empty => Ok(()),
                Data::String(s) => ws.write_string(r, c, s).map(drop),
                Data::Float(f) => ws.write_number(r, c, *f).map(drop),
                Data::Int(n) => ws.write_number(r, c, *n as f64).map(drop),
                Data::Bool(b) => ws.write_boolean(r, c, *b).map(drop),
                Data::DateTime(dt) => {
                    let (y, m, day, ..) = dt.to_ymd_hms_milli();
                    match ExcelDateTime::from_ymd(y, m, day) {
                        Ok(x) => ws.write_datetime_with_format(r, c, x, &date).map(drop),
                        Err(_) => ws.write_string(r, c, plain_text(d)).map(drop),
                    }
                }
                other => ws.write_string(r, c, plain_text(other)).map(drop),
            }
            .map_err(fail)?;
        }
        let problems: Vec<String> =
            issues.iter().map(|i| format!("{}列（{}）：{}", i.letter, i.header, i.message)).collect();
        ws.write_string_with_format(r, columns, problems.join("\n"), &wrap).map_err(fail)?;
        ws.write_number(r, columns + 1, f64::from(*row)).map_err(fail)?;
    }
    crate::store::ensure_parent(out)?;
    book.save(out).map_err(|e| match e {
        rust_xlsxwriter::XlsxError::IoError(io) => Error::io(out, io),
        other => fail(other),
    })
}
