//! The pre-pass over an `.ods` (OpenDocument spreadsheet, a zip) before calamine opens it.
//!
//! calamine reads every sheet of an `.ods` at open into a dense grid: a row or a cell marked as
//! repeated (`table:number-rows-repeated`, `table:number-columns-repeated`) is laid out as many
//! times as it says, up to Excel's 1,048,576 × 16,384. A small file can therefore ask for billions
//! of cells. Here `content.xml` is streamed once (after `check_xlsx` has bounded its size) and the
//! grid calamine would build is measured: per sheet, the rows up to the last one with content
//! (repeats counted) times the widest such row. Empty cells and rows at the end (which LibreOffice
//! writes with large repeat counts) cost nothing.

use std::io::{BufReader, Read, Seek};

use quick_xml::events::{BytesStart, Event};

use super::damaged;
use crate::error::{Error, Result};

/// Cells calamine may lay out for all sheets together (with its formula grid, about 60 bytes each).
pub const MAX_ODS_CELLS: u64 = 3_000_000;

/// Walks `content.xml` of the `.ods`; Ok when calamine may open it.
pub fn check_ods<R: Read + Seek>(reader: R, file_name: &str) -> Result<()> {
    let mut zip = zip9::ZipArchive::new(reader).map_err(|e| damaged(file_name, &format!("不是完整的 zip：{e}")))?;
    let entry = match zip.by_name("content.xml") {
        Ok(e) => e,
        Err(e) => return Err(damaged(file_name, &format!("缺少 content.xml：{e}"))),
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry));
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    // Per sheet: rows so far (repeats counted), rows up to the last with content, widest such row.
    let (mut rows, mut used_rows, mut width) = (0u64, 0u64, 0u64);
    // Per row: its repeat count, cells so far, cells up to the last with content.
    let (mut row_repeats, mut cols, mut used_cols) = (1u64, 0u64, 0u64);
    let mut in_cell: Option<u64> = None;
    loop {
        let event =
            xml.read_event_into(&mut buf).map_err(|e| damaged(file_name, &format!("content.xml 无法解析：{e}")))?;
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if is(&e, "table:table") => {
                (rows, used_rows, width) = (0, 0, 0);
            }
            Event::End(e) if e.name().0 == "table:table" => {
                total = total.saturating_add(used_rows.saturating_mul(width));
                check_total(total, file_name)?;
            }
            Event::Start(e) if is(&e, "table:table-row") => {
                row_repeats = repeat(&e, "table:number-rows-repeated", file_name)?;
                (cols, used_cols) = (0, 0);
            }
            Event::Empty(e) if is(&e, "table:table-row") => {
                rows = rows.saturating_add(repeat(&e, "table:number-rows-repeated", file_name)?);
            }
            Event::End(e) if e.name().0 == "table:table-row" => {
                rows = rows.saturating_add(row_repeats);
                if used_cols > 0 {
                    used_rows = rows;
                    width = width.max(used_cols);
                    check_total(total.saturating_add(used_rows.saturating_mul(width)), file_name)?;
                }
            }
            Event::Start(e) if is_cell(&e) => {
                // Content inside (text:p): the cell is not empty.
                let n = repeat(&e, "table:number-columns-repeated", file_name)?;
                in_cell = Some(n);
            }
            Event::End(e) if matches!(e.name().0, "table:table-cell" | "table:covered-table-cell") => {
                let n = in_cell.take().unwrap_or(1);
                cols = cols.saturating_add(n);
                used_cols = cols;
            }
            Event::Empty(e) if is_cell(&e) => {
                let n = repeat(&e, "table:number-columns-repeated", file_name)?;
                cols = cols.saturating_add(n);
                let valued = e.attributes().flatten().any(|a| a.key.0 == "office:value-type");
                if valued {
                    used_cols = cols;
                }
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

fn is(e: &BytesStart, name: &str) -> bool {
    e.name().0 == name
}

fn is_cell(e: &BytesStart) -> bool {
    matches!(e.name().0, "table:table-cell" | "table:covered-table-cell")
}

fn repeat(e: &BytesStart, attr: &str, file_name: &str) -> Result<u64> {
    for a in e.attributes().flatten() {
        if a.key.0 == attr {
            let text = a.value.to_string();
            return text.trim().parse::<u64>().map_err(|_| damaged(file_name, &format!("重复次数“{text}”不是数字")));
        }
    }
    Ok(1)
}

fn check_total(total: u64, file_name: &str) -> Result<()> {
    if total > MAX_ODS_CELLS {
        return Err(Error::UnreadableFile(format!(
            "“{file_name}”中的表格（含重复的行和列）超过 {MAX_ODS_CELLS} 个单元格，无法读取。请删除表格以外的内容，或在 WPS/LibreOffice 中另存为 .xlsx 后再导入"
        )));
    }
    Ok(())
}
