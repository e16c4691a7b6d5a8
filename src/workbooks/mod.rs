//! Every Excel ledger and Word document the app and `zhibu export` write, in one catalogue: key,
//! Chinese name, the screen it belongs to, its format (Excel, Word, calendar), its file name and its
//! writer. The writers live beside this file, one per
//! ledger (`meetings/` holds the 组织生活 set), all built on the layout of `crate::workbook`. The
//! app's export dialog, the dues and roster screens and the CLI all go through `CATALOGUE`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::Organization;
use crate::standards::finding::CheckReport;
use crate::standards::FindingsProvider;
use crate::store::{orgs, Ledger};

pub mod committee;
pub mod development;
pub mod development_docs;
pub mod development_record;
pub mod dues_collection;
pub mod dues_publication;
pub mod evaluation_report;
pub mod funds;
pub mod meetings;
pub mod plan;
pub mod roster;
pub mod standards;
pub mod work_summary;

use meetings::MeetingExport;

/// What a writer is given: the ledger, the organisation (with everything under it), the year, the day
/// the ledger is read on, and the findings other domains add to `check` (the 发展党员 checks), which
/// the application layer supplies; and the export's options.
pub struct ExportScope<'a> {
    pub ledger: &'a Ledger,
    pub org: Organization,
    pub year: i32,
    pub today: NaiveDate,
    pub findings: &'a dyn FindingsProvider,
    pub options: ExportOptions,
    /// The organisation's rule check under its own profile, made ahead for many organisations at once
    /// (`export_per_branch`); the 自查表 and 评分表 use it instead of checking again.
    pub checked: Option<&'a CheckReport>,
}

impl<'a> ExportScope<'a> {
    /// The scope of organisation `org_id` (refused when it does not exist).
    pub fn of(
        ledger: &'a Ledger,
        org_id: i64,
        year: i32,
        today: NaiveDate,
        findings: &'a dyn FindingsProvider,
        options: ExportOptions,
    ) -> Result<ExportScope<'a>> {
        Ok(ExportScope {
            ledger,
            org: orgs::get(ledger.conn(), org_id)?,
            year,
            today,
            findings,
            options,
            checked: None,
        })
    }
}

/// Choices that apply to every workbook of one export (the export dialog's switches, `zhibu export`
/// options).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportOptions {
    /// 隐藏身份证号: every ID number printed as `110105********002X` (`model::id_number::mask`).
    #[serde(default)]
    pub mask_ids: bool,
}

/// One workbook of the catalogue.
pub struct Workbook {
    /// The `zhibu export --only` key.
    pub key: &'static str,
    pub label: &'static str,
    /// The screen it belongs to: `roster` · `dues` · `funds` · `meetings` · `development` · `standards` ·
    /// `committee`.
    pub group: &'static str,
    /// Whether the year's full set (no choice made) includes it.
    pub default: InDefaultSet,
    /// What kind of file it writes.
    pub format: ExportFormat,
    pub file_name: fn(&ExportScope) -> Result<String>,
    /// Writes it; returns the fields a document printed as blanks (the ledger does not hold them).
    pub write: fn(&ExportScope, &Path) -> Result<Vec<String>>,
}

/// The kind of file a catalogue entry writes: an Excel workbook, a Word document, or an iCalendar
/// file for the office calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Xlsx,
    Docx,
    Ics,
}

impl ExportFormat {
    /// As a person names it: `Excel`, `Word`, `日历`.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "Excel",
            ExportFormat::Docx => "Word",
            ExportFormat::Ics => "日历",
        }
    }

    /// The file name's ending, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Docx => "docx",
            ExportFormat::Ics => "ics",
        }
    }
}

/// A writer's result with no blanks to report (a workbook, a document filled wholly from the ledger).
fn none<T>(written: Result<T>) -> Result<Vec<String>> {
    written.map(|_| Vec::new())
}

/// When a workbook belongs to an organisation's default set: the standard ledgers always; a form a
/// standard prescribes only under the profile in force that prescribes it. Any workbook can still be
/// asked for by key (`--only`, the export dialog's ticks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InDefaultSet {
    Always,
    /// The 评分表: when the profile in force has a scoring table.
    WhenProfileScores,
    /// When the profile in force lists the workbook's key among its `forms` (成都: 备案登记表).
    WhenProfilePrescribes,
    /// For an organisation with organisations under it (a 党委's, a 总支's 汇总表).
    WhenCommittee,
    /// When the year's plan is saved (the 计划表, its Word copy and the calendar).
    WhenPlanSaved,
    /// Only when asked for (a year of 会议记录 as one Word file per sitting).
    OnRequest,
}

macro_rules! meeting_workbook {
    ($export:expr) => {
        Workbook {
            key: $export.key(),
            label: $export.label(),
            group: "meetings",
            default: InDefaultSet::Always,
            file_name: |s| $export.output_name(s.ledger, &s.org, s.year, s.today),
            format: ExportFormat::Xlsx,
            write: |s, p| none(meetings::write_export(s.ledger, $export, s.org.id, s.year, s.today, p)),
        }
    };
}

/// Every workbook, in the order the export dialog lists them.
pub const CATALOGUE: &[Workbook] = &[
    Workbook {
        key: "roster",
        label: "党员花名册",
        group: "roster",
        default: InDefaultSet::Always,
        format: ExportFormat::Xlsx,
        file_name: |s| Ok(roster::roster_file_name(&s.org, s.today)),
        write: |s, p| none(roster::export(s.ledger, s.org.id, p, s.today, s.options.mask_ids)),
    },
    Workbook {
        key: "dues",
        label: "党费收缴台账",
        group: "dues",
        default: InDefaultSet::Always,
        format: ExportFormat::Xlsx,
        file_name: |s| Ok(dues_collection::collection_file_name(&s.org, s.year, s.today)),
        write: |s, p| none(dues_collection::write_collection_ledger(s.ledger, s.org.id, s.year, s.today, p)),
    },
    Workbook {
        key: "dues_publication",
        label: "党费收缴公示表",
        group: "dues",
        default: InDefaultSet::Always,
        format: ExportFormat::Xlsx,
        file_name: |s| Ok(dues_publication::publication_file_name(&s.org, s.year, s.today)),
        write: |s, p| none(dues_publication::write_publication_sheet(s.ledger, s.org.id, s.year, s.today, p)),
    },
    Workbook {
        key: "funds",
        label: "党费收缴、上缴、使用情况",
        group: "funds",
        default: InDefaultSet::Always,
        format: ExportFormat::Xlsx,
        file_name: |s| Ok(funds::funds_file_name(&s.org, s.year, s.today)),
        write: |s, p| none(funds::write_funds_ledger(s.ledger, s.org.id, s.year, s.today, p)),
    },
    Workbook {
        key: "funds_publication",
        label: "党费收缴使用情况公示表",
        group: "funds",
        default: InDefaultSet::Always,
        format: ExportFormat::Xlsx,
        file_name: |s| Ok(funds::publication_file_name(&s.org, s.year, s.today)),
        write: |s, p| none(funds::write_funds_publication(s.ledger, s.org.id, s.year, s.today, p)),
    },
    Workbook {
        key: "funds_budget",
        label: "党建工作经费收支台账",
        group: "funds",
        default: InDefaultSet::Always,
        format: ExportFormat::Xlsx,
        file_name: |s| Ok(funds::budget_file_name(&s.org, s.year, s.today)),
        write: |s, p| none(funds::write_budget_ledger(s.ledger, s.org.id, s.year, s.today, p)),
    },
    Workbook {
        key: "care_visits",
        label: "走访慰问台账",
        group: "funds",
        default: InDefaultSet::Always,
        format: ExportFormat::Xlsx,
        file_name: |s| Ok(funds::visits_file_name(&s.org, s.year, s.today)),
        write: |s, p| none(funds::write_care_visits(s.ledger, s.org.id, s.year, s.today, p)),
    },
    Workbook {
        key: "funds_publication_docx",
        label: "党费收缴使用情况公示",
        group: "funds",
        default: InDefaultSet::Always,
        format: ExportFormat::Docx,
        file_name: |s| {
            Ok(file_name_as(&s.org, &format!("{}年党费收缴使用情况公示", s.year), s.today, ExportFormat::Docx))
        },
        write: |s, p| none(funds::write_funds_publication_docx(s.ledger, s.org.id, s.year, s.today, p)),
    },
    meeting_workbook!(MeetingExport::Meetings),
    meeting_workbook!(MeetingExport::MeetingRecords),
    meeting_workbook!(MeetingExport::AttendanceBook),
    meeting_workbook!(MeetingExport::HeartTalks),
    meeting_workbook!(MeetingExport::Volunteer),
    meeting_workbook!(MeetingExport::StudyHours),
    meeting_workbook!(MeetingExport::Evaluations),
    meeting_workbook!(MeetingExport::GoodDeeds),
    Workbook {
        key: "meeting_records_docx",
        label: "各次会议记录",
        group: "meetings",
        default: InDefaultSet::OnRequest,
        format: ExportFormat::Docx,
        file_name: |s| Ok(meetings::records::records_docx_folder_name(&s.org, s.year, s.today)),
        write: |s, p| none(meetings::records::write_meeting_records_docx(s.ledger, s.org.id, s.year, s.today, p)),
    },
    Workbook {
        key: "evaluation_report",
        label: "民主评议党员情况报告",
        group: "meetings",
        default: InDefaultSet::Always,
        format: ExportFormat::Docx,
        file_name: |s| {
            Ok(file_name_as(&s.org, &format!("{}年度民主评议党员情况报告", s.year), s.today, ExportFormat::Docx))
        },
        write: |s, p| evaluation_report::write_evaluation_report(s.ledger, s.org.id, s.year, s.today, p),
    },
    Workbook {
        key: "development_rosters",
        label: "发展党员花名册",
        group: "development",
        default: InDefaultSet::Always,
        format: ExportFormat::Xlsx,
        file_name: |s| Ok(development::rosters_file_name(&s.org, s.year, s.today)),
        write: |s, p| none(development::write_rosters(s.ledger, s.org.id, s.year, s.today, p)),
    },
    Workbook {
        key: "development_ledger",
        label: "发展党员工作台账",
        group: "development",
        default: InDefaultSet::Always,
        format: ExportFormat::Xlsx,
        file_name: |s| Ok(development::ledger_file_name(&s.org, s.year, s.today)),
        write: |s, p| none(development::write_ledger(s.ledger, s.org.id, s.year, s.today, p)),
    },
    Workbook {
        key: "development_record",
        label: "发展党员全程纪实表",
        group: "development",
        default: InDefaultSet::Always,
        format: ExportFormat::Xlsx,
        file_name: |s| Ok(development::record_file_name(&s.org, s.year, s.today)),
        write: |s, p| {
            none(development_record::write_records(s.ledger, s.org.id, s.year, s.today, p, s.options.mask_ids))
        },
    },
    Workbook {
        key: "self_check",
        label: "自查表",
        group: "standards",
        default: InDefaultSet::Always,
        format: ExportFormat::Xlsx,
        file_name: |s| {
            let profile = crate::standards::profile_for(s.ledger.conn(), Some(s.org.id), None)?;
            Ok(standards::self_check_file_name(&s.org, s.year, &profile, s.today))
        },
        write: |s, p| match s.checked {
            Some(report) => none(standards::write_checked_self_check(s.ledger, s.org.id, s.year, report, s.today, p)),
            None => none(standards::write_self_check(s.ledger, s.org.id, s.year, None, s.today, s.findings, p)),
        },
    },
    Workbook {
        key: "score_sheet",
        label: "评分表",
        group: "standards",
        default: InDefaultSet::WhenProfileScores,
        format: ExportFormat::Xlsx,
        file_name: |s| {
            let profile = standards::scoring_profile(s.ledger, s.org.id, None)?;
            Ok(standards::score_file_name(&s.org, s.year, &profile, s.today))
        },
        write: |s, p| {
            none(standards::write_score_sheet_checked(s.ledger, s.org.id, s.year, s.checked, s.today, s.findings, p))
        },
    },
    Workbook {
        key: "committee_summary",
        label: "各党组织工作汇总表",
        group: "committee",
        default: InDefaultSet::WhenCommittee,
        format: ExportFormat::Xlsx,
        file_name: |s| Ok(committee::summary_file_name(&s.org, s.year, s.today)),
        write: |s, p| none(committee::write_summary(s.ledger, &s.org, s.year, s.today, s.findings, p)),
    },
    Workbook {
        key: "filing_register",
        label: "备案登记表",
        group: "standards",
        default: InDefaultSet::WhenProfilePrescribes,
        format: ExportFormat::Xlsx,
        file_name: |s| Ok(standards::filing_file_name(&s.org, s.today)),
        write: |s, p| none(standards::write_filing_register(s.ledger, s.org.id, s.today, p)),
    },
    Workbook {
        key: "year_plan",
        label: "年度“三会一课”计划表",
        group: "plan",
        default: InDefaultSet::WhenPlanSaved,
        format: ExportFormat::Xlsx,
        file_name: |s| Ok(plan::plan_file_name(&s.org, s.year, ExportFormat::Xlsx, s.today)),
        write: |s, p| none(plan::write_plan_xlsx(&saved_plan(s)?, &year_budget(s)?, s.today, p)),
    },
    Workbook {
        key: "year_plan_docx",
        label: "年度“三会一课”计划",
        group: "plan",
        default: InDefaultSet::WhenPlanSaved,
        format: ExportFormat::Docx,
        file_name: |s| Ok(plan::plan_file_name(&s.org, s.year, ExportFormat::Docx, s.today)),
        write: |s, p| none(plan::write_plan_docx(&saved_plan(s)?, &year_budget(s)?, s.today, p)),
    },
    Workbook {
        key: "year_plan_ics",
        label: "年度“三会一课”计划日程",
        group: "plan",
        default: InDefaultSet::WhenPlanSaved,
        format: ExportFormat::Ics,
        file_name: |s| Ok(plan::plan_file_name(&s.org, s.year, ExportFormat::Ics, s.today)),
        write: |s, p| none(plan::write_plan_ics(&saved_plan(s)?, s.today, p)),
    },
    Workbook {
        key: "work_summary",
        label: "年度工作总结草稿",
        group: "plan",
        default: InDefaultSet::Always,
        format: ExportFormat::Docx,
        file_name: |s| Ok(file_name_as(&s.org, &format!("{}年工作总结", s.year), s.today, ExportFormat::Docx)),
        write: |s, p| {
            let figures = work_summary::work_summary_figures(s.ledger, s.org.id, s.year, None, s.today, s.findings)?;
            none(work_summary::write_work_summary(&figures, s.today, p))
        },
    },
];

/// The year's saved plan of the scope's organisation.
fn saved_plan(s: &ExportScope) -> Result<crate::plan::Plan> {
    crate::plan::saved_plan(s.ledger.conn(), s.org.id, s.year)
}

/// The year's 经费预算 the plan lists (`funds::budget_year`).
fn year_budget(s: &ExportScope) -> Result<crate::funds::BudgetYear> {
    crate::funds::budget_year(s.ledger, s.org.id, s.year)
}

/// The column naming each row's branch by its short name (`OrgFields::short`), in a list covering
/// more than one organisation (a committee's).
pub const BRANCH_COLUMN: crate::workbook::table::TableColumn =
    crate::workbook::table::TableColumn { header: "所在支部", centered: false, max_width: 16.0 };

/// Characters a file name may not hold on Windows (and `/` nowhere), replaced in organisation names.
const FORBIDDEN_IN_FILE_NAMES: [char; 9] = ['\\', '/', ':', '*', '?', '"', '<', '>', '|'];

/// `text` safe as part of a file name: every character Windows refuses replaced by `_`, control
/// characters dropped, no leading or trailing dots and spaces.
pub fn sanitize_file_name(text: &str) -> String {
    let s: String = text
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if FORBIDDEN_IN_FILE_NAMES.contains(&c) { '_' } else { c })
        .collect();
    s.trim_matches(|c: char| c == '.' || c.is_whitespace()).to_string()
}

/// The one shape of an exported file's name: `<组织简称><what>-YYYYMMDD.xlsx`, e.g.
/// `一支部2026年党费收缴台账-20261122.xlsx`; the organisation's name made safe for a file name.
pub fn file_name(org: &Organization, what: &str, today: NaiveDate) -> String {
    file_name_as(org, what, today, ExportFormat::Xlsx)
}

/// `file_name` for a file of another format (`.docx`, `.ics`).
pub fn file_name_as(org: &Organization, what: &str, today: NaiveDate, format: ExportFormat) -> String {
    let name = org.fields.short();
    format!(
        "{}{}-{}.{}",
        sanitize_file_name(name),
        sanitize_file_name(what),
        today.format("%Y%m%d"),
        format.extension()
    )
}

/// Every built-in document template (`assets/templates/`): the 发展党员 documents and the
/// 民主评议党员情况报告.
pub fn document_templates() -> Vec<crate::workbook::template::BuiltIn> {
    let mut out: Vec<_> = development_docs::DevelopmentDoc::ALL.iter().map(|d| d.builtin()).collect();
    out.push(evaluation_report::TEMPLATE);
    out
}

/// Writes the built-in templates into the folder beside the ledger whose files replace them
/// (`<台账文件名>-模板`, created), each as `<文书名称>.txt`, for a committee to edit; a file already
/// there is kept. Returns the folder and the files written.
pub fn write_templates(ledger: &Ledger) -> Result<(PathBuf, Vec<String>)> {
    let path = ledger.path().ok_or_else(|| Error::Conflict("此台账没有保存为文件，没有模板文件夹".to_string()))?;
    let dir = crate::workbook::template::override_dir_of(path);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut written = Vec::new();
    for t in document_templates() {
        let code_file = dir.join(format!("{}.txt", t.code));
        let file = dir.join(format!("{}.txt", t.name));
        if file.exists() || code_file.exists() {
            continue;
        }
        std::fs::write(&file, t.text).map_err(|e| Error::io(&file, e))?;
        written.push(file.display().to_string());
    }
    Ok((dir, written))
}

/// `zhibu export --list`: a line per entry of the catalogue, `key<TAB>名称<TAB>格式` (Excel, Word, 日历).
pub fn list_lines() -> Vec<String> {
    CATALOGUE.iter().map(|w| format!("{}\t{}\t{}", w.key, w.label, w.format.label())).collect()
}

/// The workbook with this key, or with this Chinese name.
pub fn find(key_or_label: &str) -> Option<&'static Workbook> {
    CATALOGUE.iter().find(|w| w.key == key_or_label || w.label == key_or_label)
}

/// The workbooks that apply to organisation `org_id` under the profile in force for it, in catalogue
/// order: what `zhibu export` writes without `--only` and what the export dialog ticks. With `year`,
/// the plan's files when that year's plan is saved; without, none of them.
pub fn default_set(ledger: &Ledger, org_id: i64, year: Option<i32>) -> Result<Vec<&'static Workbook>> {
    let profile = crate::standards::profile_for(ledger.conn(), Some(org_id), None)?;
    let committee = orgs::has_children(ledger.conn(), org_id)?;
    let planned = match year {
        Some(y) => crate::plan::has_plan(ledger.conn(), org_id, y)?,
        None => false,
    };
    Ok(CATALOGUE
        .iter()
        .filter(|w| match w.default {
            InDefaultSet::Always => true,
            InDefaultSet::WhenCommittee => committee,
            InDefaultSet::WhenProfileScores => profile.scoring.is_some(),
            InDefaultSet::WhenProfilePrescribes => profile.forms.iter().any(|k| k == w.key),
            InDefaultSet::WhenPlanSaved => planned,
            InDefaultSet::OnRequest => false,
        })
        .collect())
}

/// The keys of `default_set` (no year: the export dialog's ticks).
pub fn default_keys(ledger: &Ledger, org_id: i64) -> Result<Vec<String>> {
    Ok(default_set(ledger, org_id, None)?.into_iter().map(|w| w.key.to_string()).collect())
}

/// The keys of `default_set` for `year`: what `zhibu export --year` writes without `--only`.
pub fn default_keys_of_year(ledger: &Ledger, org_id: i64, year: i32) -> Result<Vec<String>> {
    Ok(default_set(ledger, org_id, Some(year))?.into_iter().map(|w| w.key.to_string()).collect())
}

/// One ledger the app can export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportEntry {
    /// The `zhibu export --only` key.
    pub key: String,
    pub label: String,
    /// `roster` · `dues` · `funds` · `meetings` · `development` · `standards` · `committee` · `plan`.
    pub group: String,
    /// Excel, Word or a calendar file.
    pub format: ExportFormat,
}

/// A workbook written: one file, or a folder of per-branch books (a committee's 会议记录 and 考勤册).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportedFile {
    pub key: String,
    pub label: String,
    /// The file, or the folder holding the per-branch files.
    pub path: String,
    /// Whether `path` is a folder of per-branch files.
    pub folder: bool,
    /// How many files were written: 1 for a file, those in the folder for a folder.
    pub files: u32,
    /// Fields a document printed as blanks because the ledger does not hold them (to fill in by hand).
    pub missing: Vec<String>,
}

impl ExportedFile {
    /// How many Excel files a set of entries wrote (a folder counts its files).
    pub fn total_files(written: &[ExportedFile]) -> u32 {
        written.iter().map(|f| f.files).sum()
    }
}

pub fn catalog() -> Vec<ExportEntry> {
    CATALOGUE
        .iter()
        .map(|w| ExportEntry {
            key: w.key.to_string(),
            label: w.label.to_string(),
            group: w.group.to_string(),
            format: w.format,
        })
        .collect()
}

/// The catalogue entries of `keys`, in the order given; refused when empty or a key is unknown.
fn chosen(keys: &[String]) -> Result<Vec<&'static Workbook>> {
    if keys.is_empty() {
        return Err(Error::invalid("keys", "请至少选择一种台账"));
    }
    keys.iter()
        .enumerate()
        .map(|(i, k)| {
            CATALOGUE
                .iter()
                .find(|w| w.key == k)
                .ok_or_else(|| Error::invalid(format!("keys[{i}]"), format!("未知的台账“{k}”")))
        })
        .collect()
}

/// Writes the chosen ledgers of the scope into `dir` (created if missing). Stops at the first failure;
/// the files already written stay (each is complete on its own).
pub fn export_workbooks(scope: &ExportScope, keys: &[String], dir: &Path) -> Result<Vec<ExportedFile>> {
    let wanted = chosen(keys)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    wanted.into_iter().map(|w| write_entry(scope, w, dir)).collect()
}

/// Writes one catalogue entry of the scope into `dir` and says what was written.
fn write_entry(scope: &ExportScope, w: &Workbook, dir: &Path) -> Result<ExportedFile> {
    let (path, missing) = export_into(scope, w, dir)?;
    let folder = path.is_dir();
    let files = if folder { files_in(&path)? } else { 1 };
    Ok(ExportedFile {
        key: w.key.to_string(),
        label: w.label.to_string(),
        path: path.display().to_string(),
        folder,
        files,
        missing,
    })
}

/// The books one organisation got in a per-branch export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BranchBooks {
    pub org: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub name: String,
    /// The files written (none when no book of `keys` belongs to the organisation's default set).
    pub files: Vec<ExportedFile>,
}

/// Each organisation of `org_ids` gets the catalogue's books of `keys` that belong to its own default
/// set (`default_set`: the 评分表 only where its own standard scores, the 备案登记表 only where its
/// standard prescribes it), written side by side into `dir` under the catalogue's names
/// (`<简称>…`; an organisation whose short name another organisation shares is named in full). The
/// rule check is made once for all of them (`standards::check::check_each`, each organisation under
/// its own profile) and handed to the 自查表 and 评分表 writers (`ExportScope::checked`).
/// `progress(done, total)` after each organisation.
#[allow(clippy::too_many_arguments)]
pub fn export_per_branch(
    ledger: &Ledger,
    org_ids: &[i64],
    year: i32,
    today: NaiveDate,
    findings: &dyn FindingsProvider,
    options: ExportOptions,
    keys: &[String],
    dir: &Path,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<BranchBooks>> {
    let wanted = chosen(keys)?;
    let checks = if wanted.iter().any(|w| matches!(w.key, "self_check" | "score_sheet")) {
        ledger.read(|conn| crate::standards::check::check_each(conn, org_ids, year, None, today, findings))?
    } else {
        Vec::new()
    };
    let shorts = orgs::short_names(ledger.conn())?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut out = Vec::with_capacity(org_ids.len());
    for (i, &id) in org_ids.iter().enumerate() {
        let mut scope = ExportScope::of(ledger, id, year, today, findings, options)?;
        scope.checked = checks.get(i);
        let short = scope.org.fields.short().to_string();
        if shorts.iter().any(|(other, s)| *other != id && *s == short) {
            scope.org.fields.short_name = None;
        }
        let own: Vec<&str> = default_set(ledger, id, Some(year))?.iter().map(|w| w.key).collect();
        let files = wanted
            .iter()
            .filter(|w| own.contains(&w.key))
            .map(|w| write_entry(&scope, w, dir))
            .collect::<Result<_>>()?;
        out.push(BranchBooks { org: scope.org.key.clone(), org_id: id, name: scope.org.fields.name.clone(), files });
        progress(i + 1, org_ids.len());
    }
    Ok(out)
}

/// The exported files in the folder `dir` (a committee's per-branch books, a year's 会议记录 in Word).
fn files_in(dir: &Path) -> Result<u32> {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "xlsx" || e == "docx" || e == "ics") {
            n += 1;
        }
    }
    Ok(n)
}

/// The 会议记录 of one meeting, as a workbook of its own.
pub fn export_meeting_record(ledger: &Ledger, activity_id: i64, path: &str, today: NaiveDate) -> Result<String> {
    if path.trim().is_empty() {
        return Err(Error::invalid("path", "请选择保存位置"));
    }
    let summary = crate::workbooks::meetings::write_meeting_record(ledger, activity_id, today, Path::new(path))?;
    Ok(summary.path)
}

/// The 会议记录 of one meeting as a Word document (.docx).
pub fn export_meeting_record_docx(ledger: &Ledger, activity_id: i64, path: &str, today: NaiveDate) -> Result<String> {
    if path.trim().is_empty() {
        return Err(Error::invalid("path", "请选择保存位置"));
    }
    let summary = crate::workbooks::meetings::write_meeting_record_docx(ledger, activity_id, today, Path::new(path))?;
    Ok(summary.path)
}

/// The file name offered for one meeting's record as a Word document.
pub fn meeting_record_docx_file_name(ledger: &Ledger, activity_id: i64, today: NaiveDate) -> Result<String> {
    crate::workbooks::meetings::meeting_record_docx_file_name(ledger, activity_id, today)
}

/// The file name offered for one meeting's record.
pub fn meeting_record_file_name(ledger: &Ledger, activity_id: i64, today: NaiveDate) -> Result<String> {
    crate::workbooks::meetings::meeting_record_file_name(ledger, activity_id, today)
}

/// Writes workbook `w` of the scope into the folder `dir`, under its standard file name; returns the
/// path and the fields a document left blank.
pub fn export_into(scope: &ExportScope, w: &Workbook, dir: &Path) -> Result<(PathBuf, Vec<String>)> {
    let path = dir.join((w.file_name)(scope)?);
    let missing = (w.write)(scope, &path)?;
    Ok((path, missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_dated() {
        assert_eq!(sanitize_file_name(r#" 中共A/B\C:D*E?F"G<H>I|J支部. "#), "中共A_B_C_D_E_F_G_H_I_J支部");
        let fields = crate::model::OrgFields::new(
            "中共某某公司“一/二”车间联合支部委员会",
            crate::model::OrgKind::JointBranch,
            crate::model::Sector::Soe,
        );
        let mut org = Organization { id: 1, key: "o-1".into(), fields, groups: vec![], positions: vec![] };
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(
            file_name(&org, "2026年党费收缴台账", day),
            "中共某某公司“一_二”车间联合支部委员会2026年党费收缴台账-20261122.xlsx"
        );
        org.fields.short_name = Some("一二车间支部".into());
        assert_eq!(file_name(&org, "党员花名册", day), "一二车间支部党员花名册-20261122.xlsx");
    }
}
