//! What every Excel import does with a person's sheet before it knows the sheet's meaning: find the
//! header row below title rows, look at what a column holds (a column's values say what it means when
//! its header does not), and name groups of cells the way Excel does (`E3、E7:E9`).
//!
//! The roster import uses these; the history imports may too.

use calamine::Data;

use crate::workbook::read::{is_blank, Grid};

/// How many rows from the top may hold titles before the header row.
pub const HEADER_SEARCH_ROWS: usize = 10;

/// The first of the top `HEADER_SEARCH_ROWS` rows (zero-based index into `rows`) whose `score` (how
/// many known columns it names) reaches `min`.
pub fn find_header_row(rows: &[Vec<String>], score: impl Fn(&[String]) -> usize, min: usize) -> Option<usize> {
    rows.iter().take(HEADER_SEARCH_ROWS).position(|r| score(r) >= min)
}

/// Up to `limit` non-blank cells of zero-based `column`, from zero-based row `first_row` down.
pub fn column_sample(grid: &Grid, first_row: u32, column: u32, limit: usize) -> Vec<&Data> {
    (first_row..grid.row_end()).map(|r| grid.cell(r, column)).filter(|d| !is_blank(d)).take(limit).collect()
}

/// The share (0 to 1) of `sample` that `recognise` accepts; 0 for an empty sample.
pub fn share_recognised(sample: &[&Data], recognise: impl Fn(&Data) -> bool) -> f64 {
    if sample.is_empty() {
        return 0.0;
    }
    sample.iter().filter(|d| recognise(d)).count() as f64 / sample.len() as f64
}

/// A column's values clearly hold one kind of thing: at least this share of its non-blank cells
/// (a 合计 or 备注 row, a typo or two do not change what the column means).
pub const CLEAR_SHARE: f64 = 0.8;

/// Distinct values of a sample as text, in order of first appearance, at most `limit` (for messages
/// such as “内容为教职工、学生”).
pub fn distinct_texts(sample: &[&Data], limit: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in sample {
        let t = crate::workbook::read::plain_text(d);
        if !out.contains(&t) {
            out.push(t);
            if out.len() == limit {
                break;
            }
        }
    }
    out
}

/// Cells of one column named as Excel does, consecutive rows as a range: `E3、E5:E9`.
/// `rows` are one-based row numbers in ascending order.
pub fn cell_list(letter: &str, rows: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let start = rows[i];
        let mut end = start;
        while i + 1 < rows.len() && rows[i + 1] == end + 1 {
            i += 1;
            end = rows[i];
        }
        parts.push(if end == start { format!("{letter}{start}") } else { format!("{letter}{start}:{letter}{end}") });
        i += 1;
    }
    parts.join("、")
}

/// Row numbers as a person reads them: `第3、5、7至9行`.
pub fn row_list(rows: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let start = rows[i];
        let mut end = start;
        while i + 1 < rows.len() && rows[i + 1] == end + 1 {
            i += 1;
            end = rows[i];
        }
        parts.push(if end == start { start.to_string() } else { format!("{start}至{end}") });
        i += 1;
    }
    format!("第{}行", parts.join("、"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_rows_are_named_with_ranges() {
        assert_eq!(cell_list("E", &[3, 5, 6, 7, 9]), "E3、E5:E7、E9");
        assert_eq!(cell_list("E", &[3]), "E3");
        assert_eq!(row_list(&[3, 5, 6, 7, 9]), "第3、5至7、9行");
    }

    #[test]
    fn header_row_by_score() {
        let rows = vec![vec!["标题".to_string()], vec!["a".into(), "b".into()]];
        assert_eq!(find_header_row(&rows, |r| r.len(), 2), Some(1));
        assert_eq!(find_header_row(&rows, |r| r.len(), 3), None);
    }
}
