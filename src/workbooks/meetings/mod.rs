//! The 组织生活 workbooks of `zhibu export` (README §4 items 2, 3, 4 and 7), read straight from the
//! ledger's tables (activities, activity_types, attendance, members, party_groups, trainings,
//! evaluations, organizations, org_positions) for one organisation and year:
//!
//! | key | workbook | module |
//! |---|---|---|
//! | `meetings` | 三会一课台账: a sheet per quarter and the year's counts by type | `meetings_ledger` |
//! | `meeting_records` | 会议记录: one A4 portrait sheet per meeting | `records` |
//! | `attendance_book` | 组织生活考勤册: members × meetings per quarter, yearly rates | `attendance_book` |
//! | `heart_talks` | 谈心谈话台账 | `activity_lists` |
//! | `volunteer` | 志愿服务台账 and each member's services | `activity_lists` |
//! | `study_hours` | 党员学时统计表 and the trainings behind it | `member_sheets` |
//! | `evaluations` | 民主评议结果汇总表 | `member_sheets` |
//! | `good_deeds` | 好人好事登记册 | `activity_lists` |
//!
//! Every workbook covers the organisation and everything under it (a column names the organisation,
//! by its short name, when more than one appears), except the two books kept by each organisation,
//! the 考勤册 and the 会议记录 (`MeetingExport::per_organisation`): a committee's (党委, 总支) export of
//! them is a folder holding one workbook per organisation with sittings or members of its own — the
//! way the branches keep and file them, and what a committee clerk hands back or prints for one
//! branch; one book of all branches would be a mostly blank matrix (考勤册) or thousands of sheets
//! (会议记录). The sittings are the same as the 三会一课台账's (`rules::is_sitting`), so the folder's
//! books together list every sitting of the 台账 once.
//! Which activities go where is decided in `rules`; what counts as 学时 and as the attendance rate
//! only in `crate::meetings::hours` (credited hours per activity and per member), which these use.

pub mod activity_lists;
pub mod attendance_book;
pub mod meetings_ledger;
pub mod member_sheets;
pub mod read;
pub mod records;
pub mod rules;

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::Organization;
use crate::store::Ledger;

pub use activity_lists::{write_good_deeds, write_heart_talks, write_volunteer_ledger};
pub use attendance_book::write_attendance_book;
pub use meetings_ledger::write_meetings_ledger;
pub use member_sheets::{write_evaluations, write_study_hours};
pub use records::{
    meeting_record_docx_file_name, meeting_record_file_name, write_meeting_record, write_meeting_record_docx,
    write_meeting_records,
};

/// What a written workbook holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeetingSheetSummary {
    pub path: String,
    /// Data rows written (meetings, members or records, by workbook; totals rows not counted).
    pub rows: u32,
}

/// The 组织生活 workbooks `zhibu export` and the app's export screen offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum MeetingExport {
    Meetings,
    MeetingRecords,
    AttendanceBook,
    HeartTalks,
    Volunteer,
    StudyHours,
    Evaluations,
    GoodDeeds,
}

impl MeetingExport {
    pub const ALL: [MeetingExport; 8] = [
        MeetingExport::Meetings,
        MeetingExport::MeetingRecords,
        MeetingExport::AttendanceBook,
        MeetingExport::HeartTalks,
        MeetingExport::Volunteer,
        MeetingExport::StudyHours,
        MeetingExport::Evaluations,
        MeetingExport::GoodDeeds,
    ];

    /// The `--only` key.
    pub const fn key(self) -> &'static str {
        match self {
            MeetingExport::Meetings => "meetings",
            MeetingExport::MeetingRecords => "meeting_records",
            MeetingExport::AttendanceBook => "attendance_book",
            MeetingExport::HeartTalks => "heart_talks",
            MeetingExport::Volunteer => "volunteer",
            MeetingExport::StudyHours => "study_hours",
            MeetingExport::Evaluations => "evaluations",
            MeetingExport::GoodDeeds => "good_deeds",
        }
    }

    /// The workbook's name, as in titles and file names.
    pub const fn label(self) -> &'static str {
        match self {
            MeetingExport::Meetings => "三会一课台账",
            MeetingExport::MeetingRecords => "会议记录",
            MeetingExport::AttendanceBook => "组织生活考勤册",
            MeetingExport::HeartTalks => "谈心谈话台账",
            MeetingExport::Volunteer => "志愿服务台账",
            MeetingExport::StudyHours => "党员学时统计表",
            MeetingExport::Evaluations => "民主评议结果汇总表",
            MeetingExport::GoodDeeds => "好人好事登记册",
        }
    }

    pub fn from_key(key: &str) -> Option<MeetingExport> {
        MeetingExport::ALL.into_iter().find(|e| e.key() == key)
    }

    /// File name suggested for the workbook: `<组织简称>2026年三会一课台账-YYYYMMDD.xlsx`.
    pub fn file_name(self, org: &Organization, year: i32, today: NaiveDate) -> String {
        crate::workbooks::file_name(org, &format!("{year}年{}", self.label()), today)
    }

    /// Whether the workbook is one organisation's own book (考勤册, 会议记录), exported for a
    /// committee as a folder of its organisations' books.
    pub const fn per_organisation(self) -> bool {
        matches!(self, MeetingExport::AttendanceBook | MeetingExport::MeetingRecords)
    }

    /// Where `write_export` writes for `org`: its file name, or for a per-organisation book of an
    /// organisation with others under it, a folder named like the file without `.xlsx`.
    pub fn output_name(self, ledger: &Ledger, org: &Organization, year: i32, today: NaiveDate) -> Result<String> {
        let name = self.file_name(org, year, today);
        if self.per_organisation() && crate::store::orgs::has_children(ledger.conn(), org.id)? {
            Ok(name.trim_end_matches(".xlsx").to_string())
        } else {
            Ok(name)
        }
    }
}

/// Writes one of the workbooks for `org_id` and `year` at `path` (a file, or for a per-organisation
/// book of an organisation with others under it, a folder of one workbook per organisation: see
/// `MeetingExport::output_name`). The rows are the sum over the books.
pub fn write_export(
    ledger: &Ledger,
    export: MeetingExport,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<MeetingSheetSummary> {
    let conn = ledger.conn();
    if !(export.per_organisation() && crate::store::orgs::has_children(conn, org_id)?) {
        return write_one(ledger, export, org_id, year, today, path);
    }
    std::fs::create_dir_all(path).map_err(|e| crate::error::Error::io(path, e))?;
    let mut rows = 0;
    let mut names = std::collections::HashSet::new();
    for id in crate::store::orgs::subtree_ids(conn, org_id)? {
        let has_sittings = read::meetings(conn, id, year, read::Scope::Own)?.iter().any(rules::is_sitting);
        let has_members =
            export == MeetingExport::AttendanceBook && !read::roll(conn, id, year, read::Scope::Own)?.is_empty();
        if !has_sittings && !has_members {
            continue;
        }
        let org = crate::store::orgs::get(conn, id)?;
        let mut name = export.file_name(&org, year, today);
        if !names.insert(name.clone()) {
            // Two organisations with the same short name: the second by its full name.
            let mut full = org.clone();
            full.fields.short_name = None;
            name = export.file_name(&full, year, today);
            names.insert(name.clone());
        }
        rows += write_one(ledger, export, id, year, today, &path.join(name))?.rows;
    }
    Ok(MeetingSheetSummary { path: path.display().to_string(), rows })
}

/// Writes one of the workbooks for `org_id` and `year` into one file (学时 against the requirements
/// of the organisation's profile in force, as `check` judges them).
fn write_one(
    ledger: &Ledger,
    export: MeetingExport,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<MeetingSheetSummary> {
    match export {
        MeetingExport::Meetings => write_meetings_ledger(ledger, org_id, year, today, path),
        MeetingExport::MeetingRecords => write_meeting_records(ledger, org_id, year, today, path),
        MeetingExport::AttendanceBook => write_attendance_book(ledger, org_id, year, today, path),
        MeetingExport::HeartTalks => write_heart_talks(ledger, org_id, year, today, path),
        MeetingExport::Volunteer => write_volunteer_ledger(ledger, org_id, year, today, path),
        MeetingExport::StudyHours => {
            let params = crate::standards::profile_for(ledger.conn(), Some(org_id), None)?.study_hours_params();
            write_study_hours(ledger, org_id, year, params, today, path)
        }
        MeetingExport::Evaluations => write_evaluations(ledger, org_id, year, today, path),
        MeetingExport::GoodDeeds => write_good_deeds(ledger, org_id, year, today, path),
    }
}

/// `1月6日`
pub(crate) fn month_day(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}月{}日", d.month(), d.day())
}

/// Names joined with `、`, or `无`.
pub(crate) fn names_or_none<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = names.collect();
    if v.is_empty() {
        "无".to_string()
    } else {
        v.join("、")
    }
}

/// True when the rows come from more than one organisation (then a column names it).
pub(crate) fn several_orgs(orgs: impl Iterator<Item = i64>) -> bool {
    several_orgs_by(orgs)
}

/// `several_orgs` over any identification of the organisation (id or key).
pub(crate) fn several_orgs_by<T: PartialEq>(orgs: impl Iterator<Item = T>) -> bool {
    let mut first = None;
    for o in orgs {
        match first {
            None => first = Some(o),
            Some(f) if f != o => return true,
            _ => {}
        }
    }
    false
}

/// `joined`/`left` notes for a member whose time on the roll began or ended inside the year.
pub(crate) fn roll_note(m: &read::RollMember, year: i32) -> String {
    use chrono::Datelike;
    let mut notes = Vec::new();
    if m.joined_on.year() == year {
        notes.push(format!("{}入党", month_day(m.joined_on)));
    }
    if let Some(left) = m.left_on.filter(|d| d.year() == year) {
        notes.push(format!("{}离开", month_day(left)));
    }
    notes.join("；")
}

/// `roll_note`, preceded by why a member is not expected at sittings, as `meetings::expected` shows
/// them apart: `停止党籍`, `免于参加组织生活` (年老体弱 etc.).
pub(crate) fn member_note(m: &read::RollMember, year: i32) -> String {
    let mut notes = Vec::new();
    if m.standing == crate::model::Standing::Suspended {
        notes.push("停止党籍".to_string());
    }
    if m.attendance_exempt {
        notes.push("免于参加组织生活".to_string());
    }
    notes.push(roll_note(m, year));
    notes.retain(|n| !n.is_empty());
    notes.join("；")
}
