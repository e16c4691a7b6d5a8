//! Reading written workbooks back with an independent reader (calamine), to check cell values
//! against figures worked out by hand.

use std::path::Path;

use calamine::{Data, Reader, Xlsx};

pub fn sheet_names(path: &Path) -> Vec<String> {
    let book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    book.sheet_names()
}

/// Every cell of sheet `name` from A1 on, as text; fails on a formula or a cell that is not text
/// (the ledgers write every value as text, so nothing is recomputed or reformatted by Excel).
pub fn text_sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let formulas = book.worksheet_formula(name).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no cell is a formula");
    let r = book.worksheet_range(name).unwrap();
    let (rows, cols) = r.get_size();
    let (r0, c0) = r.start().unwrap_or((0, 0));
    (0..r0 + rows as u32)
        .map(|i| {
            (0..c0 + cols as u32)
                .map(|j| match r.get_value((i, j)) {
                    Some(Data::String(s)) => s.clone(),
                    Some(Data::Empty) | None => String::new(),
                    Some(other) => panic!("cell ({i},{j}) of {name} is not text: {other:?}"),
                })
                .collect()
        })
        .collect()
}

/// [`text_sheet`] for every sheet, in workbook order.
pub fn text_sheets(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    sheet_names(path).into_iter().map(|name| (name.clone(), text_sheet(path, &name))).collect()
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
