//! 会议记录: each sitting on its own A4 portrait sheet in the standard record layout — 会议类型,
//! 会议日期 (a date cell), 起止时间, 地点, 主持人, 记录人, 讲课人 and 学时 (as `meetings::credited_tenths` credits them), 应到/实到/请假/缺席
//! with the names (请假 with reasons), 列席人员, 主题,
//! 内容, 决议, and lines for the signatures. An organisation's records of a year are one workbook with
//! a sheet per sitting in date order, so a secretary prints them all at once ("打印整个工作簿") and
//! each starts on a new page; one sitting's record is a workbook of its own. A committee's export is
//! a folder of its organisations' workbooks (`super::write_export`).

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::read::{self, Meeting, Scope};
use super::rules::is_sitting;
use super::{month_day, names_or_none, MeetingSheetSummary};
use crate::error::Result;
use crate::model::{ActivityType, AttendanceStatus, Organization};
use crate::store::Ledger;
use crate::workbook::cell::Cell;
use crate::workbook::form::{self as layout, Form, FormLine};
use crate::workbook::table::{self as ledger_sheet, chinese_date};

/// Writes the 会议记录 of every sitting `org_id` itself held in `year`.
pub fn write_meeting_records(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<MeetingSheetSummary> {
    let conn = ledger.conn();
    let org = crate::store::orgs::name_of(conn, org_id)?;
    let sittings: Vec<Meeting> =
        read::meetings(conn, org_id, year, Scope::Own)?.into_iter().filter(is_sitting).collect();
    let title = format!("{org}{year}年会议记录");
    let numbers = record_numbers(&sittings);
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    for m in &sittings {
        layout::add_form(&mut wb, &form(m, numbers.get(&m.id).copied().unwrap_or(0), today))?;
    }
    if sittings.is_empty() {
        layout::add_form(
            &mut wb,
            &Form {
                sheet_name: "会议记录".to_string(),
                title,
                unit_line: format!("单位：{org}"),
                number: String::new(),
                lines: vec![FormLine::Wide("说明", format!("{year}年没有会议记录"))],
                closing: format!("导出日期：{}", chinese_date(today)),
                unit: org.clone(),
                date: today,
            },
        )?;
    }
    ledger_sheet::save(&mut wb, path)?;
    Ok(MeetingSheetSummary { path: path.display().to_string(), rows: sittings.len() as u32 })
}

/// Writes the 会议记录 of one activity; its number is its place among its organisation's sittings
/// of the year.
pub fn write_meeting_record(
    ledger: &Ledger,
    activity_id: i64,
    today: NaiveDate,
    path: &Path,
) -> Result<MeetingSheetSummary> {
    let f = record_form(ledger, activity_id, today)?;
    let mut wb = ledger_sheet::new_workbook(&f.title, today)?;
    layout::add_form(&mut wb, &f)?;
    ledger_sheet::save(&mut wb, path)?;
    Ok(MeetingSheetSummary { path: path.display().to_string(), rows: 1 })
}

/// The 会议记录 of one activity as a Word document: the same `record_form` as its sheet (the 表决情况
/// of a 党员大会, the 参会人员签到 block, the 主持人/记录人 signature line), on A4 in 仿宋.
pub fn write_meeting_record_docx(
    ledger: &Ledger,
    activity_id: i64,
    today: NaiveDate,
    path: &Path,
) -> Result<MeetingSheetSummary> {
    let f = record_form(ledger, activity_id, today)?;
    crate::workbook::docx::WordDocument::new().dated(today).form(&f).save(path)?;
    Ok(MeetingSheetSummary { path: path.display().to_string(), rows: 1 })
}

/// The folder of a year's 会议记录 in Word: `<组织简称>2026年会议记录（Word）-YYYYMMDD`.
pub fn records_docx_folder_name(org: &Organization, year: i32, today: NaiveDate) -> String {
    let name = crate::workbooks::file_name(org, &format!("{year}年会议记录（Word）"), today);
    name.strip_suffix(".xlsx").unwrap_or(&name).to_string()
}

/// Writes the 会议记录 of every sitting of `org_id` and the organisations under it in `year` as Word
/// documents, one file per sitting, into the folder `dir` (created): a committee files, signs and
/// attaches each meeting's record on its own (the record of one sitting is what a 佐证 cites), and a
/// secretary edits one sitting's text in Word without scrolling through a year. The files are named
/// by 编号 so they list in order: `003 3月5日党员大会记录.docx`, with the organisation's short name
/// in front when the folder holds more than one organisation's. Returns the files written.
pub fn write_meeting_records_docx(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    dir: &Path,
) -> Result<usize> {
    let conn = ledger.conn();
    let sittings: Vec<Meeting> =
        read::meetings(conn, org_id, year, Scope::Subtree)?.into_iter().filter(is_sitting).collect();
    let numbers = record_numbers(&sittings);
    let with_org = super::several_orgs(sittings.iter().map(|m| m.org_id));
    std::fs::create_dir_all(dir).map_err(|e| crate::error::Error::io(dir, e))?;
    for m in &sittings {
        let number = numbers.get(&m.id).copied().unwrap_or(0);
        let kinds: String = m.types.iter().map(|t| t.label()).collect::<Vec<_>>().join("、");
        let mut name = format!("{number:03} {}{kinds}记录", month_day(m.date));
        if with_org {
            name = format!("{} {name}", m.org_short);
        }
        let path = dir.join(format!("{}.docx", crate::workbooks::sanitize_file_name(&name)));
        crate::workbook::docx::WordDocument::new().dated(today).form(&form(m, number, today)).save(&path)?;
    }
    Ok(sittings.len())
}

/// The record of one activity, numbered among its organisation's sittings of the year: what the
/// sheet and the Word document of one meeting's record both print.
pub fn record_form(ledger: &Ledger, activity_id: i64, today: NaiveDate) -> Result<Form> {
    let conn = ledger.conn();
    let m = read::meeting(conn, activity_id)?;
    let number =
        record_numbers(&read::meetings(conn, m.org_id, m.date.year(), Scope::Own)?).get(&m.id).copied().unwrap_or(0);
    Ok(form(&m, number, today))
}

/// The number of each sitting among `meetings` (any scope, in date order): its place among its own
/// organisation's sittings of the year, counted from 1. The one numbering of the 会议记录: the record
/// shows it as `编号：2026-003` (`record_number`), and every sheet citing a record cites it so.
pub fn record_numbers(meetings: &[Meeting]) -> HashMap<i64, usize> {
    let mut per_org: HashMap<i64, usize> = HashMap::new();
    let mut out = HashMap::new();
    for m in meetings.iter().filter(|m| is_sitting(m)) {
        let n = per_org.entry(m.org_id).or_default();
        *n += 1;
        out.insert(m.id, *n);
    }
    out
}

/// `2026-003`: a record's 编号 as printed on it.
pub fn record_number(date: NaiveDate, number: usize) -> String {
    format!("{}-{number:03}", date.year())
}

/// File name suggested for one activity's record as a Word document: as `meeting_record_file_name`,
/// ending `.docx`.
pub fn meeting_record_docx_file_name(ledger: &Ledger, activity_id: i64, today: NaiveDate) -> Result<String> {
    let name = meeting_record_file_name(ledger, activity_id, today)?;
    Ok(format!("{}.docx", name.strip_suffix(".xlsx").unwrap_or(&name)))
}

/// File name suggested for one activity's record: `<组织简称>2026年1月15日党员大会记录-YYYYMMDD.xlsx`.
pub fn meeting_record_file_name(ledger: &Ledger, activity_id: i64, today: NaiveDate) -> Result<String> {
    let m = read::meeting(ledger.conn(), activity_id)?;
    let org: Organization = crate::store::orgs::get(ledger.conn(), m.org_id)?;
    let kinds: String = m.types.iter().map(|t| t.label()).collect::<Vec<_>>().join("、");
    Ok(crate::workbooks::file_name(&org, &format!("{}年{}{kinds}记录", m.date.year(), month_day(m.date)), today))
}

/// The record of one sitting; `number` is its place in the year (0: unknown); printed on `today`.
pub fn form(m: &Meeting, number: usize, today: NaiveDate) -> Form {
    let present: Vec<&str> = m.with_status(AttendanceStatus::Present).map(|a| a.name.as_str()).collect();
    let leave: Vec<String> = m
        .with_status(AttendanceStatus::Leave)
        .map(|a| match a.reason.as_deref().filter(|r| !r.is_empty()) {
            Some(r) => format!("{}（{r}）", a.name),
            None => a.name.clone(),
        })
        .collect();
    let absent = m.with_status(AttendanceStatus::Absent).map(|a| a.name.as_str());
    let mut unit = format!("单位：{}", m.org_name);
    if let Some(g) = &m.group_name {
        unit.push_str(&format!("　{g}"));
    }
    let lecturer = if m.has(ActivityType::PartyLecture) || m.lecturer.is_some() {
        m.lecturer.clone().unwrap_or_default()
    } else {
        "—".to_string()
    };
    // The day is a date cell (a clerk sorts and filters by it); the hours, which may be missing,
    // are text beside it.
    let span = m.time_span();
    let mut lines = vec![
        FormLine::Pair("会议类型", Cell::text(m.type_labels()), "会议日期", Cell::Date(m.date)),
        FormLine::Pair(
            "起止时间",
            Cell::text(if span.is_empty() { "—".to_string() } else { span }),
            "会议地点",
            Cell::text(m.place.as_str()),
        ),
        FormLine::Pair(
            "主持人",
            Cell::text(m.host.clone().unwrap_or_default()),
            "记录人",
            Cell::text(m.recorder.clone().unwrap_or_default()),
        ),
        FormLine::Pair("讲课人", Cell::text(lecturer), credited_label(m), Cell::Hours(m.credited_tenths().into())),
        FormLine::Pair("应到人数", people(m.attendance.len()), "实到人数", people(present.len())),
        FormLine::Pair("请假人数", people(leave.len()), "缺席人数", people(m.count(AttendanceStatus::Absent))),
        FormLine::Wide("出席人员", names_or_none(present.iter().copied())),
        FormLine::Wide("请假人员", names_or_none(leave.iter().map(String::as_str))),
        FormLine::Wide("缺席人员", names_or_none(absent)),
        FormLine::Wide("列席人员", names_or_none(m.observers.as_deref().filter(|o| !o.trim().is_empty()).into_iter())),
        FormLine::Wide("会议主题", m.topic.clone()),
        FormLine::Text("会议内容", m.content.clone().unwrap_or_default(), 12),
        FormLine::Text("会议决议", m.decisions.clone().unwrap_or_default(), 5),
    ];
    if !m.celebrants.is_empty() {
        // After 会议主题: whose 政治生日 the sitting celebrated.
        let at = lines.len() - 2;
        lines.insert(at, FormLine::Wide("政治生日", m.celebrants.join("、")));
    }
    if !m.votes.is_empty() {
        // Before 会议决议: the 表决情况 of a 支部大会, as recorded on the sitting.
        let at = lines.len() - 1;
        lines.splice(at..at, vote_lines(&m.votes));
    }
    // Everyone expected signs in beside their name (those away leave it blank).
    lines.push(FormLine::SignIn("参会人员签到", m.attendance.iter().map(|a| a.name.clone()).collect()));
    Form {
        sheet_name: sheet_name(m, number),
        title: format!("{}记录", m.type_labels()),
        unit_line: unit,
        number: if number > 0 { format!("编号：{}", record_number(m.date, number)) } else { String::new() },
        lines,
        closing: "主持人（签字）：　　　　　　　　　　　　　　　　记录人（签字）：".to_string(),
        unit: m.org_name.clone(),
        date: today,
    }
}

/// 表决情况: each item with the 有表决权 应到/实到 and the votes (numbers; 反对/弃权 not recorded on a
/// vote kept from before they were: `未记录`) and whether it passed (赞成 more than half of 应到).
fn vote_lines(votes: &[crate::meetings::SittingVote]) -> Vec<FormLine> {
    let mut out = Vec::new();
    let count = |n: Option<u32>| n.map_or_else(|| Cell::text("未记录"), |n| Cell::Count(i64::from(n)));
    for (i, v) in votes.iter().enumerate() {
        let f = &v.figures;
        out.push(FormLine::Wide("表决事项", format!("第{}项：{}（无记名投票）", i + 1, v.title)));
        out.push(FormLine::Pair(
            "有表决权应到",
            Cell::People(i64::from(f.eligible)),
            "有表决权实到",
            Cell::People(i64::from(f.present)),
        ));
        out.push(FormLine::Pair("赞成票", count(Some(f.in_favour)), "反对票", count(f.against)));
        out.push(FormLine::Pair("弃权票", count(f.abstain), "书面意见", count(Some(f.written))));
        let result = match (v.quorate, v.passes) {
            (false, _) => "到会有表决权党员未超过应到半数，不能表决".to_string(),
            (true, true) => "通过（赞成票超过应到会有表决权党员的半数）".to_string(),
            (true, false) => "未通过（赞成票未超过应到会有表决权党员的半数）".to_string(),
        };
        out.push(FormLine::Wide("表决结果", result));
    }
    out
}

fn people(n: usize) -> Cell {
    Cell::People(n as i64)
}

/// The label of the 学时 credited to each member present (`Meeting::credited_tenths`, a number:
/// `1.5`, `0.0` when it credits none): 记入学时 as recorded, or 按时长计学时 when derived from the
/// meeting's times.
fn credited_label(m: &Meeting) -> &'static str {
    if m.hours_tenths.is_none() && m.credited_tenths() > 0 {
        "按时长计学时"
    } else {
        "记入学时"
    }
}

/// Sheet name `003 1月6日支委会`: unique by number, at most 31 characters, none of the characters
/// Excel refuses in sheet names.
pub(crate) fn sheet_name(m: &Meeting, number: usize) -> String {
    let kind = m.types.first().map(|t| t.label()).unwrap_or("会议");
    let name = format!("{number:03} {}{kind}", month_day(m.date));
    name.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).take(31).collect()
}
