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

/// A field the mapping screen offers, with its Chinese column name and the header spellings
/// recognised automatically.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RosterFieldInfo {
    pub field: RosterField,
    pub label: String,
    pub variants: Vec<String>,
}

/// One column of the sheet and the field it fills (None: not imported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ColumnMatch {
    /// Zero-based column index in the sheet.
    pub column: u32,
    /// Column letter as Excel shows it (A, B, … AA).
    pub letter: String,
    /// The header text as found in the sheet.
    pub header: String,
    pub field: Option<RosterField>,
}

/// How a roster sheet's columns map to fields; remembered per header signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ColumnMapping {
    /// One-based row number of the header row.
    pub header_row: u32,
    pub columns: Vec<ColumnMatch>,
}

/// What the user chose in the import screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    pub problems: Vec<Problem>,
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
}

/// The result of an import or an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RosterImportSummary {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
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
