//! Roster column headers: the Chinese names a secretary's sheet may use for each field, how a header
//! cell is normalised before matching, how the header row is found, and the header signature under
//! which a column mapping is remembered.
//!
//! To accept another header spelling, add it to `VARIANTS` (already normalised: no spaces, no
//! parenthesised note). The first spelling of each field is its canonical label.

pub use crate::workbook::read::{column_letter, normalize_header};
use calamine::Data;

use super::cells;
use super::types::{ColumnMapping, ColumnMatch, RosterField, RosterFieldInfo};
use crate::import::sheet::{column_sample, distinct_texts, share_recognised, CLEAR_SHARE};
use crate::workbook::read::{plain_text, Grid};

/// Header spellings per field; the first one is the label used in messages and the mapping screen.
const VARIANTS: &[(RosterField, &[&str])] = &[
    (RosterField::Name, &["姓名", "党员姓名"]),
    (RosterField::Gender, &["性别"]),
    (RosterField::Ethnicity, &["民族"]),
    (
        RosterField::IdNumber,
        &[
            "公民身份证号",
            "公民身份证号码",
            "公民身份号码",
            "身份证号",
            "身份证号码",
            "身份证",
            "证件号码",
            "身份证件号码",
        ],
    ),
    (RosterField::BirthDate, &["出生日期", "出生年月", "出生年月日", "出生时间"]),
    (RosterField::Education, &["学历", "文化程度", "最高学历"]),
    (RosterField::Status, &["人员类别", "党员类别", "党员身份"]),
    (RosterField::Branch, &["所在党支部", "所在支部", "党组织", "所在党组织", "党支部", "支部", "所属支部"]),
    (RosterField::Group, &["党小组", "所在党小组"]),
    (RosterField::JoinedOn, &["加入党组织日期", "入党时间", "入党日期", "加入党组织时间", "入党年月"]),
    (RosterField::FullMemberOn, &["转为正式党员日期", "转正时间", "转正日期", "转为正式党员时间"]),
    (RosterField::Category, &["党员分类", "人员分类"]),
    (RosterField::Post, &["工作岗位", "岗位", "职业"]),
    (RosterField::Phone, &["手机号", "手机号码", "联系电话", "手机", "电话", "联系方式"]),
    (RosterField::Landline, &["固定电话", "座机"]),
    (RosterField::Address, &["家庭住址", "住址", "现居住地", "家庭地址", "现住址", "居住地址"]),
    (RosterField::Standing, &["党籍状态"]),
    (RosterField::LostContact, &["是否为失联党员", "是否失联党员", "是否失联"]),
    (RosterField::LostContactSince, &["失去联系日期", "失联日期", "失联时间", "失去联系时间"]),
    (RosterField::Outflow, &["是否为流动党员", "是否流动党员"]),
    (RosterField::OutflowTo, &["外出流向", "流向", "流动去向"]),
    (RosterField::NativePlace, &["籍贯"]),
    (RosterField::WorkStartedOn, &["参加工作日期", "参加工作时间"]),
    (RosterField::Degree, &["学位"]),
    (RosterField::UnitTitle, &["单位及职务", "工作单位及职务", "单位职务", "工作单位及职务职称"]),
    (RosterField::Remark, &["备注"]),
];

pub use crate::import::sheet::HEADER_SEARCH_ROWS;

/// A header row needs at least this many recognised columns.
const MIN_KNOWN_HEADERS: usize = 3;

impl RosterField {
    pub const ALL: &'static [RosterField] = &[
        RosterField::Name,
        RosterField::Gender,
        RosterField::Ethnicity,
        RosterField::IdNumber,
        RosterField::BirthDate,
        RosterField::Education,
        RosterField::Status,
        RosterField::Branch,
        RosterField::Group,
        RosterField::JoinedOn,
        RosterField::FullMemberOn,
        RosterField::Category,
        RosterField::Post,
        RosterField::Phone,
        RosterField::Landline,
        RosterField::Address,
        RosterField::Standing,
        RosterField::LostContact,
        RosterField::LostContactSince,
        RosterField::Outflow,
        RosterField::OutflowTo,
        RosterField::NativePlace,
        RosterField::WorkStartedOn,
        RosterField::Degree,
        RosterField::UnitTitle,
        RosterField::Remark,
    ];

    /// The canonical Chinese column name.
    pub fn label(self) -> &'static str {
        variants(self)[0]
    }

    /// Every header spelling recognised for this field, canonical first.
    pub fn header_variants(self) -> &'static [&'static str] {
        variants(self)
    }
}

/// Every field with its label and recognised spellings, in the order of the mapping screen.
pub fn roster_fields() -> Vec<RosterFieldInfo> {
    RosterField::ALL
        .iter()
        .map(|f| RosterFieldInfo {
            field: *f,
            label: f.label().to_string(),
            variants: f.header_variants().iter().map(|v| v.to_string()).collect(),
        })
        .collect()
}

fn variants(field: RosterField) -> &'static [&'static str] {
    VARIANTS.iter().find(|(f, _)| *f == field).map(|(_, v)| *v).expect("every field has variants")
}

/// The field a header names, if it is a known spelling.
pub fn field_for_header(text: &str) -> Option<RosterField> {
    let norm = normalize_header(text);
    if norm.is_empty() {
        return None;
    }
    VARIANTS.iter().find(|(_, names)| names.contains(&norm.as_str())).map(|(f, _)| *f)
}

/// Maps a header row automatically; a field named twice keeps its first column.
/// `header_row` is the one-based row number.
pub fn auto_mapping(header_row: u32, headers: &[String]) -> ColumnMapping {
    crate::import::mapping::auto(header_row, headers, field_for_header, |_| false)
}

/// The fields whose meaning a column's values show whatever its header says.
const VALUE_FIELDS: [RosterField; 3] = [RosterField::Status, RosterField::Standing, RosterField::Category];

/// Whether a cell holds a value of `field` (one of `VALUE_FIELDS`).
fn holds(field: RosterField, d: &Data) -> bool {
    let t = plain_text(d);
    match field {
        RosterField::Status => cells::status(&t).is_some(),
        RosterField::Standing => cells::standing(&t).is_some(),
        RosterField::Category => cells::category(&t).is_some(),
        _ => false,
    }
}

/// What a column's values say it holds, when they say it clearly: 正式党员/预备党员 (人员类别),
/// 正常/停止党籍 (党籍状态), 在职/离退休/学生/教职工… (党员分类).
pub fn field_by_values(sample: &[&Data]) -> Option<RosterField> {
    VALUE_FIELDS.into_iter().find(|f| share_recognised(sample, |d| holds(*f, d)) >= CLEAR_SHARE)
}

/// Rows of values looked at to judge a column.
const SAMPLE_ROWS: usize = 200;

/// Corrects an automatic mapping by what the columns hold: a column of 正式党员/预备党员 is 人员类别
/// whatever its header (党籍状态（正式党员或预备党员）), one of 正常/停止党籍 is 党籍状态, one of
/// 教职工/学生/在职/离退休 is 党员分类 (a 人员类别 header over such values included); a column whose
/// header names one of these but whose values are none of them is not imported. Returns a note per
/// change, in Chinese, for the preview.
pub fn refine_by_values(mapping: &mut ColumnMapping, grid: &Grid) -> Vec<String> {
    let first = mapping.header_row; // the zero-based index of the row below the header
    let samples: Vec<Vec<&Data>> =
        mapping.columns.iter().map(|c| column_sample(grid, first, c.column, SAMPLE_ROWS)).collect();
    let said: Vec<Option<RosterField>> = samples.iter().map(|s| field_by_values(s)).collect();
    let name = |c: &ColumnMatch| format!("{}列“{}”", c.letter, c.header);
    let mut notes = Vec::new();
    // Columns whose values contradict the value field their header names: unmapped for now.
    let mut contradicted = Vec::new();
    for (i, c) in mapping.columns.iter_mut().enumerate() {
        let Some(by_header) = c.field.filter(|f| VALUE_FIELDS.contains(f)) else { continue };
        match said[i] {
            Some(by_values) if by_values == by_header => {}
            Some(_) => {
                c.field = None;
                contradicted.push(i);
            }
            None if !samples[i].is_empty() && share_recognised(&samples[i], |d| holds(by_header, d)) < 0.5 => {
                c.field = None;
                notes.push(format!(
                    "{}的内容（{}）不是{}，这一列不导入",
                    name(c),
                    distinct_texts(&samples[i], 4).join("、"),
                    match by_header {
                        RosterField::Status => "正式党员/预备党员",
                        RosterField::Standing => "正常/停止党籍",
                        _ => "党员分类（在职、离退休、农民、学生等）",
                    }
                ));
            }
            None => {}
        }
    }
    let unmapped = mapping.columns.iter().enumerate().filter(|(i, c)| c.field.is_none() && !contradicted.contains(i));
    let candidates: Vec<usize> =
        contradicted.iter().copied().chain(unmapped.map(|(i, _)| i).collect::<Vec<_>>()).collect();
    for i in candidates {
        let Some(by_values) = said[i] else { continue };
        let taken = mapping.columns.iter().find(|c| c.field == Some(by_values)).map(|c| c.letter.clone());
        let c = &mut mapping.columns[i];
        let values = distinct_texts(&samples[i], 4).join("、");
        match taken {
            None => {
                c.field = Some(by_values);
                notes.push(format!("{}的内容是{values}，按“{}”导入", name(c), by_values.label()));
            }
            Some(other) if contradicted.contains(&i) => notes.push(format!(
                "{}的内容是{values}，是“{}”，但{other}列已是“{}”，这一列不导入",
                name(c),
                by_values.label(),
                by_values.label()
            )),
            Some(_) => {}
        }
    }
    notes
}

/// How many distinct known fields a row of header texts names.
pub fn known_field_count(headers: &[String]) -> usize {
    let mut fields: Vec<RosterField> = headers.iter().filter_map(|h| field_for_header(h)).collect();
    fields.sort();
    fields.dedup();
    fields.len()
}

/// The first of `rows` (zero-based index into them) that names enough known fields.
pub fn find_header_row(rows: &[Vec<String>]) -> Option<usize> {
    crate::import::sheet::find_header_row(rows, known_field_count, MIN_KNOWN_HEADERS)
}

pub use crate::import::mapping::signature;

/// The settings name under which the mapping for a header signature is remembered.
pub fn setting_name(signature: &str) -> String {
    crate::import::mapping::setting_name("roster", signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_with_spaces_notes_and_line_breaks() {
        assert_eq!(field_for_header("姓  名"), Some(RosterField::Name));
        assert_eq!(field_for_header("身份证\n号码"), Some(RosterField::IdNumber));
        assert_eq!(field_for_header("人员类别（正式/预备）"), Some(RosterField::Status));
        assert_eq!(field_for_header("*入党时间"), Some(RosterField::JoinedOn));
        assert_eq!(field_for_header("失去联系日期(年月)"), Some(RosterField::LostContactSince));
        assert_eq!(field_for_header("序号"), None);
        assert_eq!(field_for_header(""), None);
    }

    #[test]
    fn every_field_has_a_label() {
        for f in RosterField::ALL {
            assert!(!f.label().is_empty());
            assert_eq!(field_for_header(f.label()), Some(*f));
        }
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn header_row_is_found_below_titles() {
        let rows = vec![
            vec!["XX党支部党员花名册".to_string()],
            vec![],
            vec!["序号".into(), "姓名".into(), "性别".into(), "身份证号码".into()],
        ];
        assert_eq!(find_header_row(&rows), Some(2));
        let m = auto_mapping(3, &rows[2]);
        assert_eq!(m.columns[3].field, Some(RosterField::IdNumber));
        assert_eq!(m.columns[3].letter, "D");
    }
}
