//! Types shared by roster import, export and the app's import screen.

use serde::{Deserialize, Serialize};

use crate::error::Problem;

/// A member field a roster column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RosterField {
    Name,
    Gender,
    Ethnicity,
    IdNumber,
    BirthDate,
    Education,
    Status,
    Branch,
    Group,
    JoinedOn,
    FullMemberOn,
    Category,
    Post,
    Phone,
    Landline,
    Address,
    Standing,
    LostContact,
    LostContactSince,
    Outflow,
    OutflowTo,
    NativePlace,
    WorkStartedOn,
    Degree,
    UnitTitle,
    Remark,
}

/// A field the mapping screen offers, with its Chinese column name and recognised spellings.
pub type RosterFieldInfo = crate::import::mapping::FieldInfo<RosterField>;

/// One column of the sheet and the roster field it fills (None: not imported).
pub type ColumnMatch = crate::import::mapping::ColumnMatch<RosterField>;

/// How a roster sheet's columns map to fields; remembered per header signature.
pub type ColumnMapping = crate::import::mapping::ColumnMapping<RosterField>;

/// A value typed in the preview in place of what a cell holds (the file itself is not changed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ValueOverride {
    /// One-based row number in the sheet.
    pub row: u32,
    pub field: RosterField,
    /// The value as it would be typed into the cell (blank clears the cell).
    pub value: String,
}

/// The organisation a 所在党支部 name written in the file stands for, chosen by the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BranchChoice {
    /// The name as written in the file.
    pub name: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
}

/// A 所在党支部 name found in the file and the organisation its rows go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BranchMatch {
    pub name: String,
    /// How many rows name it.
    pub rows: u32,
    /// None: no organisation fits; the user must choose one.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub org_id: Option<i64>,
    /// How it was matched, in Chinese (全称/简称相同, 上次导入时选择, 台账只有一个支部, 导入时选择).
    pub how: String,
}

/// What the user chose in the import screen.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RosterImportRequest {
    pub path: String,
    /// Sheet name; None: the first sheet that looks like a roster.
    pub sheet: Option<String>,
    /// The branch the members join when the sheet has no 所在党支部 column (or it is empty).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    /// None: match headers automatically (or use the remembered mapping for these headers).
    pub mapping: Option<ColumnMapping>,
    /// Values typed in the preview in place of cells.
    #[serde(default)]
    pub overrides: Vec<ValueOverride>,
    /// 所在党支部 names mapped to organisations by the user (remembered after the import).
    #[serde(default)]
    pub branch_map: Vec<BranchChoice>,
    /// Columns assigned by header or letter (`--column "联系方式=手机号"`), applied after the
    /// mapping is chosen.
    #[serde(default)]
    pub columns: Vec<crate::import::mapping::ColumnChoice>,
    /// Import the rows without problems and write the others to a file to fix (`rejects_path`, or
    /// beside the input as `<name>-待修改.xlsx`), instead of refusing the whole file.
    #[serde(default)]
    pub keep_good: bool,
    #[serde(default)]
    pub rejects_path: Option<String>,
}

/// One data row as it will be imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PreviewRow {
    /// One-based row number in the sheet.
    pub row: u32,
    pub name: String,
    pub gender: String,
    pub id_number: String,
    pub birth_date: String,
    pub status: String,
    pub joined_on: String,
    pub full_member_on: String,
    pub branch: String,
    /// True when this row matches a member already on the roster (same ID number) and will update it.
    pub updates_existing: bool,
    /// True when the row updates a member whose stored fields already equal the row (nothing to do).
    #[serde(default)]
    pub unchanged: bool,
    /// True when 人员类别 was not given and was inferred from the dates (`notes` says by what rule).
    #[serde(default)]
    pub status_inferred: bool,
    pub problems: Vec<Problem>,
    /// What is imported but should be checked (a 入党时间 with only a month, taken as the 1st).
    #[serde(default)]
    pub warnings: Vec<Problem>,
}

/// What the import screen shows before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RosterPreview {
    pub sheets: Vec<String>,
    pub sheet: String,
    pub mapping: ColumnMapping,
    /// True when the mapping came from an earlier import of a sheet with the same headers.
    pub mapping_remembered: bool,
    pub rows: Vec<PreviewRow>,
    /// Every problem, located as `sheet!C7（列名）`: sheet-level ones (missing required columns) first.
    pub problems: Vec<Problem>,
    /// Rows that will be added / update existing members when there are no problems.
    pub new_count: u32,
    pub update_count: u32,
    /// Rows that match a member whose stored fields already equal the row (not in `update_count`).
    #[serde(default)]
    pub unchanged_count: u32,
    /// Rows with a problem: refused, or with `keep_good` written to the file to fix.
    #[serde(default)]
    pub rejected_count: u32,
    /// What the import decided for the user, in Chinese: a column taken by its values, 人员类别
    /// inferred from the dates (which rows, by what rule), every row into the only branch.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Values imported that should be checked, grouped like `problems`.
    #[serde(default)]
    pub warnings: Vec<Problem>,
    /// The 所在党支部 names in the file and where their rows go.
    #[serde(default)]
    pub branches: Vec<BranchMatch>,
}

/// The result of an import or an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RosterImportSummary {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Rows not imported (with `keep_good`), written to `rejects_path` with a 问题 column.
    #[serde(default)]
    pub rejected: u32,
    #[serde(default)]
    pub rejects_path: Option<String>,
    /// Imported values to check (the preview's warnings).
    #[serde(default)]
    pub warnings: Vec<Problem>,
    /// The preview's notes (what was decided for the user).
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportSummary {
    pub path: String,
    pub rows: u32,
    /// Rows on the second sheet (members who left), when the export has one.
    #[serde(default)]
    pub left_rows: u32,
}
