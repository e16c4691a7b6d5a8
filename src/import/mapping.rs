//! Which column of a sheet fills which field: the mapping an import's preview shows (every column of
//! the header row, with the field it was matched to or none, 不导入), changed by hand and previewed
//! again, and remembered under the header row's signature so that the next file of the same shape is
//! matched the same way. One mechanism for every import: the roster (`RosterField`) and the history
//! registers (`HistoryField`), each remembering under its own prefix (`roster_mapping:<signature>`,
//! `history_meetings_mapping:<signature>`).

use rusqlite::Connection;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Problem, Result};
use crate::store::meta;
use crate::workbook::read::{column_letter, normalize_header};

/// One column of the sheet and the field it fills (None: not imported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ColumnMatch<F> {
    /// Zero-based column index in the sheet.
    pub column: u32,
    /// Column letter as Excel shows it (A, B, … AA).
    pub letter: String,
    /// The header text as found in the sheet.
    pub header: String,
    pub field: Option<F>,
}

/// How a sheet's columns map to fields; remembered per header signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ColumnMapping<F> {
    /// One-based row number of the header row.
    pub header_row: u32,
    pub columns: Vec<ColumnMatch<F>>,
}

/// A field the mapping screen offers, with its Chinese column name and the header spellings
/// recognised automatically.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldInfo<F> {
    pub field: F,
    pub label: String,
    pub variants: Vec<String>,
}

/// A column assigned by hand by its header or letter (`学习内容=会议主题`, `C=不导入` on the command
/// line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ColumnChoice {
    /// The column's header as written in the sheet, or its letter.
    pub column: String,
    /// The field's name (any spelling the import recognises), or 不导入.
    pub field: String,
}

/// The words that say a column is not imported.
pub const NOT_IMPORTED: &[&str] = &["不导入", "无", "忽略"];

impl ColumnChoice {
    /// `列名=字段` as typed on the command line.
    pub fn parse(text: &str) -> Result<ColumnChoice> {
        match text.split_once(['=', '＝']) {
            Some((c, f)) if !c.trim().is_empty() && !f.trim().is_empty() => {
                Ok(ColumnChoice { column: c.trim().to_string(), field: f.trim().to_string() })
            }
            _ => Err(Error::invalid(
                "--column",
                format!("“{text}”不是“列名=字段”的形式：例如 --column \"学习内容=会议主题\" 或 --column \"C=不导入\""),
            )),
        }
    }
}

/// A stable digest of a header row, used in the settings key of a remembered mapping. Trailing
/// empty cells do not count; spacing and notes in parentheses do not count.
pub fn signature(headers: &[String]) -> Option<String> {
    let norm: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    let last = norm.iter().rposition(|h| !h.is_empty())?;
    let joined = norm[..=last].join("\u{1f}");
    let digest = Sha256::digest(joined.as_bytes());
    Some(digest.iter().take(10).map(|b| format!("{b:02x}")).collect())
}

/// The settings name under which the mapping of an import (`prefix`: `roster`, `history_meetings` …)
/// for a header signature is remembered.
pub fn setting_name(prefix: &str, signature: &str) -> String {
    format!("{prefix}_mapping:{signature}")
}

/// The mapping remembered for this header row, if any.
pub fn remembered<F: DeserializeOwned>(
    conn: &Connection,
    prefix: &str,
    headers: &[String],
) -> Result<Option<ColumnMapping<F>>> {
    let Some(sig) = signature(headers) else { return Ok(None) };
    Ok(meta::setting(conn, &setting_name(prefix, &sig))?.and_then(|json| serde_json::from_str(&json).ok()))
}

/// The setting to write so that `mapping` is used for the next sheet with these headers: (name, JSON).
pub fn to_remember<F: Serialize>(
    prefix: &str,
    headers: &[String],
    mapping: &ColumnMapping<F>,
) -> Result<Option<(String, String)>> {
    let Some(sig) = signature(headers) else { return Ok(None) };
    let json = serde_json::to_string(mapping).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(Some((setting_name(prefix, &sig), json)))
}

/// A mapping with its header row set, and letters and header texts taken from the sheet's `headers`;
/// a column of the sheet the mapping does not list is added as not imported (listed, not dropped).
pub fn refreshed<F>(mut m: ColumnMapping<F>, header_row: u32, headers: &[String]) -> ColumnMapping<F> {
    m.header_row = header_row;
    for c in &mut m.columns {
        c.letter = column_letter(c.column);
        if let Some(t) = headers.get(c.column as usize) {
            c.header = t.trim().to_string();
        }
    }
    for (i, t) in headers.iter().enumerate() {
        if !t.trim().is_empty() && !m.columns.iter().any(|c| c.column == i as u32) {
            m.columns.push(ColumnMatch {
                column: i as u32,
                letter: column_letter(i as u32),
                header: t.trim().to_string(),
                field: None,
            });
        }
    }
    m.columns.sort_by_key(|c| c.column);
    m
}

/// The columns of a header row, each with the field `field_for` gives it; a field named twice
/// keeps its first column (unless `repeats` says it may fill several, as the months of a dues grid).
pub fn auto<F: Copy + PartialEq>(
    header_row: u32,
    headers: &[String],
    field_for: impl Fn(&str) -> Option<F>,
    repeats: impl Fn(F) -> bool,
) -> ColumnMapping<F> {
    let mut seen: Vec<F> = Vec::new();
    let last = headers.iter().rposition(|h| !h.trim().is_empty()).map_or(0, |i| i + 1);
    let columns = headers[..last]
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let field = field_for(text).filter(|f| repeats(*f) || !seen.contains(f));
            if let Some(f) = field {
                seen.push(f);
            }
            ColumnMatch { column: i as u32, letter: column_letter(i as u32), header: text.trim().to_string(), field }
        })
        .collect();
    ColumnMapping { header_row, columns }
}

/// The index in `m.columns` of the column a choice names: by its header (spacing and notes in
/// parentheses aside), else by its letter.
pub fn column_named<F>(m: &ColumnMapping<F>, text: &str) -> Option<usize> {
    let want = normalize_header(text);
    let upper = text.trim().to_ascii_uppercase();
    m.columns
        .iter()
        .position(|c| normalize_header(&c.header) == want && !want.is_empty())
        .or_else(|| m.columns.iter().position(|c| c.letter == upper))
}

/// Applies columns assigned by hand: the column named by its header (spacing and notes in
/// parentheses aside) or letter takes the field `field_named` finds for the text, or none for
/// 不导入; another column holding that field gives it up (unless `repeats`). A column or field
/// that cannot be found is a problem naming what exists.
pub fn apply_choices<F: Copy + PartialEq>(
    m: &mut ColumnMapping<F>,
    sheet: &str,
    choices: &[ColumnChoice],
    field_named: impl Fn(&str) -> Option<F>,
    repeats: impl Fn(F) -> bool,
    labels: &[&str],
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for choice in choices {
        let Some(at) = column_named(m, &choice.column) else {
            let headers: Vec<String> = m
                .columns
                .iter()
                .filter(|c| !c.header.is_empty())
                .map(|c| format!("{}（{}）", c.letter, c.header))
                .collect();
            problems.push(Problem::new(
                sheet,
                format!("{sheet}：表头中没有“{}”列（第{}行的列：{}）", choice.column, m.header_row, headers.join("、")),
            ));
            continue;
        };
        let field = if NOT_IMPORTED.contains(&normalize_header(&choice.field).as_str()) {
            None
        } else {
            match field_named(&choice.field) {
                Some(f) => Some(f),
                None => {
                    problems.push(Problem::new(
                        sheet,
                        format!("“{}”不是可以导入的项目，应为：{}，或“不导入”", choice.field, labels.join("、")),
                    ));
                    continue;
                }
            }
        };
        if let Some(f) = field.filter(|f| !repeats(*f)) {
            for c in &mut m.columns {
                if c.field == Some(f) {
                    c.field = None;
                }
            }
        }
        m.columns[at].field = field;
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_ignores_spacing_and_trailing_blanks() {
        let a = signature(&["姓名".into(), "性 别".into(), String::new()]);
        let b = signature(&["姓名".into(), "性别".into()]);
        assert_eq!(a, b);
        assert_ne!(a, signature(&["姓名".into(), "民族".into()]));
        assert_eq!(signature(&[String::new()]), None);
    }

    #[test]
    fn choices_by_header_or_letter_move_a_field() {
        let headers: Vec<String> = ["序号", "时间", "学习内容"].iter().map(|s| s.to_string()).collect();
        let field_for = |t: &str| match normalize_header(t).as_str() {
            "日期" => Some(1),
            "时间" => Some(2),
            "学习内容" | "会议内容" => Some(3),
            "会议主题" => Some(4),
            _ => None,
        };
        let mut m = auto(2, &headers, field_for, |_| false);
        assert_eq!(m.columns.iter().map(|c| c.field).collect::<Vec<_>>(), vec![None, Some(2), Some(3)]);
        let choices = vec![
            ColumnChoice::parse("时间=日期").unwrap(),
            ColumnChoice::parse("C = 会议主题").unwrap(),
            ColumnChoice::parse("a=不导入").unwrap(),
        ];
        assert!(apply_choices(&mut m, "台账", &choices, field_for, |_| false, &[]).is_empty());
        assert_eq!(m.columns.iter().map(|c| c.field).collect::<Vec<_>>(), vec![None, Some(1), Some(4)]);
        let bad = vec![ColumnChoice::parse("地点=日期").unwrap(), ColumnChoice::parse("时间=天气").unwrap()];
        let p = apply_choices(&mut m, "台账", &bad, field_for, |_| false, &["日期"]);
        assert_eq!(p.len(), 2);
        assert!(p[0].message.contains("没有“地点”列"), "{}", p[0].message);
        assert!(p[1].message.contains("“天气”不是可以导入的项目"), "{}", p[1].message);
        assert!(ColumnChoice::parse("时间").is_err());
    }

    #[test]
    fn a_refreshed_mapping_lists_every_column() {
        let m: ColumnMapping<u8> = ColumnMapping {
            header_row: 1,
            columns: vec![ColumnMatch { column: 1, letter: String::new(), header: "x".into(), field: Some(1) }],
        };
        let r = refreshed(m, 3, &["序号".into(), "日期".into(), "备忘".into(), String::new()]);
        assert_eq!(r.header_row, 3);
        assert_eq!(r.columns.len(), 3);
        assert_eq!((r.columns[1].letter.as_str(), r.columns[1].header.as_str()), ("B", "日期"));
        assert_eq!(r.columns[2].field, None);
    }
}
