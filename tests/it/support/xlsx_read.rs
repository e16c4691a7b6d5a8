//! Reading written workbooks back with an independent reader (calamine): sheet names and raw values.
//! What a cell shows under its number format is `xlsx_shown`.

use std::path::Path;

use calamine::{Data, Reader, Xlsx};

pub fn sheet_names(path: &Path) -> Vec<String> {
    let book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    book.sheet_names()
}

/// The used range of sheet `name` as displayed text, numbers included.
pub fn display_sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

pub fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The day of a date cell (`None` for any other cell).
pub fn as_date(d: &Data) -> Option<chrono::NaiveDate> {
    match d {
        Data::DateTime(dt) => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(day))
        }
        _ => None,
    }
}
