//! A sheet as the person who opens it sees it: every cell's value under its number format
//! (`5,280.00`, `2026年1月5日`, `91.7%`, `6人`), a formula as its cached result, merged cells in their
//! first cell. Read from the parts of the `.xlsx` (an independent reader of what was written); the
//! number formats the ledgers use are implemented here, and any other fails the test, so a new
//! format is seen. Whether a cell is a number, a date or text is checked with calamine
//! (`tests/it/workbooks.rs`); here only what it shows.

use std::path::Path;

use super::xlsx_text::{parts, xml, Styles};
use super::xml::Element;

/// The built-in number formats the writer uses by id.
fn builtin(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        49 => "@",
        _ => return None,
    })
}

fn grouped(int: u64) -> String {
    let digits = int.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `x` with `decimals` decimals, thousands grouped or not.
fn fixed(x: f64, decimals: usize, group: bool) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let int = if group { grouped(int.parse().unwrap()) } else { int.to_string() };
    let sign = if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{int}.{f}"),
        None => format!("{sign}{int}"),
    }
}

fn date(serial: f64) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap() + chrono::Duration::days(serial as i64)
}

/// A number as the format `code` shows it.
fn format_number(x: f64, code: &str) -> String {
    use chrono::Datelike;
    match code {
        "General" => {
            if x.fract() == 0.0 {
                format!("{}", x as i64)
            } else {
                format!("{x}")
            }
        }
        "0" => fixed(x, 0, false),
        "0.0" => fixed(x, 1, false),
        "0.00" => fixed(x, 2, false),
        "#,##0" => fixed(x, 0, true),
        "#,##0.00" => fixed(x, 2, true),
        "0\"人\"" => format!("{}人", fixed(x, 0, false)),
        "#,##0.00\"（待核定）\"" => format!("{}（待核定）", fixed(x, 2, true)),
        "0%" => format!("{}%", fixed(x * 100.0, 0, false)),
        "0.0%" => format!("{}%", fixed(x * 100.0, 1, false)),
        "yyyy-mm-dd" => date(x).format("%Y-%m-%d").to_string(),
        "yyyy\"年\"m\"月\"d\"日\"" => {
            let d = date(x);
            format!("{}年{}月{}日", d.year(), d.month(), d.day())
        }
        other => panic!("number format {other:?} is not one the ledgers use (add it to xlsx_shown)"),
    }
}

/// A number as the cell format `xf` (the cell's `s` attribute) shows it.
pub(super) fn shown_number(x: f64, xf: Option<&str>, styles: &Styles) -> String {
    let xf: usize = xf.map_or(0, |s| s.parse().unwrap());
    let id = styles.xf_num_fmt.get(xf).copied().unwrap_or(0);
    let code = styles.formats.get(&id).map(String::as_str).or_else(|| builtin(id)).unwrap_or("General");
    format_number(x, code)
}

fn shown(c: &Element, shared: &[String], styles: &Styles) -> String {
    let v = c.child("v").map(|v| v.text.as_str());
    match (c.attr("t").unwrap_or("n"), v) {
        ("s", Some(i)) => shared[i.parse::<usize>().unwrap()].clone(),
        ("inlineStr", _) => c.child("is").map(Element::deep_text).unwrap_or_default(),
        ("str", Some(v)) => v.to_string(),
        ("n", Some(v)) => shown_number(v.parse().unwrap(), c.attr("s"), styles),
        (t, Some(v)) => format!("{t}:{v}"),
        (_, None) => String::new(),
    }
}

/// `AB12` → (11, 27), zero-based (row, column).
fn position(r: &str) -> (usize, usize) {
    let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let col = letters.bytes().fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1)) - 1;
    (r[letters.len()..].parse::<usize>().unwrap() - 1, col)
}

/// Every sheet's shown cells from A1 on (rows and columns up to the last value), in workbook order.
pub fn shown_sheets(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let parts = parts(path);
    let shared: Vec<String> =
        xml(&parts, "xl/sharedStrings.xml").map(|s| s.all("si").map(Element::deep_text).collect()).unwrap_or_default();
    let styles = Styles::read(xml(&parts, "xl/styles.xml"));
    let workbook = xml(&parts, "xl/workbook.xml").unwrap();
    let rels = xml(&parts, "xl/_rels/workbook.xml.rels").unwrap();
    workbook
        .child("sheets")
        .unwrap()
        .all("sheet")
        .map(|s| {
            let id = s.attr("r:id").unwrap();
            let rel = rels.all("Relationship").find(|r| r.attr("Id") == Some(id)).unwrap();
            let part = format!("xl/{}", rel.attr("Target").unwrap().trim_start_matches("/xl/"));
            let sheet = xml(&parts, &part).unwrap();
            let mut cells: Vec<Vec<String>> = Vec::new();
            for row in sheet.child("sheetData").unwrap().all("row") {
                for c in row.all("c") {
                    let text = shown(c, &shared, &styles);
                    if text.is_empty() {
                        continue;
                    }
                    let (r, col) = position(c.attr("r").unwrap());
                    if cells.len() <= r {
                        cells.resize(r + 1, Vec::new());
                    }
                    let line = &mut cells[r];
                    if line.len() <= col {
                        line.resize(col + 1, String::new());
                    }
                    line[col] = text;
                }
            }
            let width = cells.iter().map(Vec::len).max().unwrap_or(0);
            for r in &mut cells {
                r.resize(width, String::new());
            }
            (s.attr("name").unwrap().to_string(), cells)
        })
        .collect()
}

/// The shown cells of sheet `name`.
pub fn shown_sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    shown_sheets(path).into_iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no sheet {name}")).1
}

#[test]
fn numbers_show_as_their_format_says() {
    assert_eq!(format_number(5280.0, "#,##0.00"), "5,280.00");
    assert_eq!(format_number(1234567.891, "#,##0.00"), "1,234,567.89");
    assert_eq!(format_number(-12.5, "#,##0.00"), "-12.50");
    assert_eq!(format_number(0.917, "0.0%"), "91.7%");
    assert_eq!(format_number(32.0, "0.0"), "32.0");
    assert_eq!(format_number(46027.0, "yyyy\"年\"m\"月\"d\"日\""), "2026年1月5日");
    assert_eq!(format_number(46027.0, "yyyy-mm-dd"), "2026-01-05");
    assert_eq!(format_number(2.5, "General"), "2.5");
}
