//! The registers listing activities of one kind for a year, over the organisation and everything
//! under it: 谈心谈话台账 (谈话人 = the record's 主持人, 谈话对象 = the others present, the 必谈情形
//! when the talk was one of the 五个必谈), 志愿服务台账
//! (each service with its volunteers and the 学时 it credits by `meetings::credited_tenths`, then each
//! member's services of the year) and 好人好事登记册
//! (the deeds and services that were not sittings, by the rule in `rules::is_good_deed`).

use std::path::Path;

use chrono::NaiveDate;

use super::read::{self, Meeting, Scope};
use super::rules::is_good_deed;
use super::{roll_note, several_orgs, MeetingSheetSummary};
use crate::error::Result;
use crate::model::{ActivityType, AttendanceStatus};
use crate::store::Ledger;
use crate::workbook::cell::Cell;
use crate::workbook::table::{self as ledger_sheet, chinese_date, LedgerTable, TableColumn};

pub const HEART_TALK_SHEET: &str = "谈心谈话台账";
pub const VOLUNTEER_SHEET: &str = "志愿服务台账";
pub const VOLUNTEER_MEMBERS_SHEET: &str = "党员参加志愿服务情况";
pub const GOOD_DEEDS_SHEET: &str = "好人好事登记册";

/// Drops column `skip` (the organisation column) unless the rows span several organisations.
fn pick(columns: &[TableColumn], with_org: bool, skip: usize) -> Vec<TableColumn> {
    columns.iter().enumerate().filter(|(i, _)| with_org || *i != skip).map(|(_, c)| *c).collect()
}

fn with_org_cell(mut row: Vec<Cell>, with_org: bool, at: usize, org: &str) -> Vec<Cell> {
    if with_org {
        row.insert(at, Cell::text(org));
    }
    row
}

fn present_names(m: &Meeting, except: Option<i64>) -> Vec<&str> {
    m.with_status(AttendanceStatus::Present).filter(|a| Some(a.member_id) != except).map(|a| a.name.as_str()).collect()
}

struct Sheet<'a> {
    name: &'a str,
    title: String,
    subtitle: String,
    columns: Vec<TableColumn>,
    rows: Vec<Vec<Cell>>,
}

fn write_sheets(org: &str, today: NaiveDate, path: &Path, sheets: &[Sheet]) -> Result<()> {
    let mut wb = ledger_sheet::new_workbook(&sheets[0].title, today)?;
    for s in sheets {
        ledger_sheet::add_table(
            &mut wb,
            &LedgerTable {
                sheet_name: s.name,
                title: s.title.clone(),
                subtitle: s.subtitle.clone(),
                columns: &s.columns,
                rows: &s.rows,
                unit: org,
                date: today,
                freeze_columns: 2,
            },
        )?;
    }
    ledger_sheet::save(&mut wb, path)
}

const HEART_TALK_COLUMNS: [TableColumn; 10] = [
    TableColumn::centered("序号"),
    TableColumn::centered("日期"),
    TableColumn::centered("时间"),
    TableColumn::left("所在组织", 20.0),
    TableColumn::centered("谈话人"),
    TableColumn { header: "谈话对象", centered: true, max_width: 16.0 },
    // Wide enough for the longest 必谈情形 (12 characters) on one line.
    TableColumn { header: "必谈情形", centered: true, max_width: 26.0 },
    TableColumn::left("地点", 16.0),
    TableColumn::left("谈话主题", 26.0),
    TableColumn::left("谈话要点", 40.0),
];

/// Writes the 谈心谈话台账 of `org_id` and everything under it for `year`.
pub fn write_heart_talks(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<MeetingSheetSummary> {
    let conn = ledger.conn();
    let org = crate::store::orgs::name_of(conn, org_id)?;
    let talks: Vec<Meeting> = read::meetings(conn, org_id, year, Scope::Subtree)?
        .into_iter()
        .filter(|m| m.has(ActivityType::HeartTalk))
        .collect();
    let with_org = several_orgs(talks.iter().map(|m| m.org_id));
    let rows: Vec<Vec<Cell>> = talks
        .iter()
        .enumerate()
        .map(|(i, m)| {
            // The talker is the record's 主持人; without one, the first person present.
            let talker_id = m.host_id.or_else(|| m.with_status(AttendanceStatus::Present).next().map(|a| a.member_id));
            let talker = m
                .host
                .clone()
                .or_else(|| m.attendance.iter().find(|a| Some(a.member_id) == talker_id).map(|a| a.name.clone()))
                .unwrap_or_default();
            let row = vec![
                Cell::count(i + 1),
                Cell::Date(m.date),
                Cell::text(m.time_span()),
                Cell::text(talker),
                Cell::text(present_names(m, talker_id).join("、")),
                Cell::text(m.talk_trigger.map(|t| t.label()).unwrap_or("—")),
                Cell::text(m.place.as_str()),
                Cell::text(m.topic.as_str()),
                Cell::text(m.content.clone().unwrap_or_default()),
            ];
            with_org_cell(row, with_org, 3, &m.org_short)
        })
        .collect();
    write_sheets(
        &org,
        today,
        path,
        &[Sheet {
            name: HEART_TALK_SHEET,
            title: format!("{org}{year}年谈心谈话台账"),
            subtitle: format!("统计日期：{}　共{}次", chinese_date(today), talks.len()),
            columns: pick(&HEART_TALK_COLUMNS, with_org, 3),
            rows,
        }],
    )?;
    Ok(MeetingSheetSummary { path: path.display().to_string(), rows: talks.len() as u32 })
}

const VOLUNTEER_COLUMNS: [TableColumn; 10] = [
    TableColumn::centered("序号"),
    TableColumn::centered("日期"),
    TableColumn::centered("时间"),
    TableColumn::left("所在组织", 20.0),
    TableColumn::left("服务项目", 24.0),
    TableColumn::left("地点", 16.0),
    TableColumn::left("参加党员", 30.0),
    TableColumn::centered("人数"),
    TableColumn::centered("记入学时"),
    TableColumn::left("服务内容", 30.0),
];

const VOLUNTEER_MEMBER_COLUMNS: [TableColumn; 7] = [
    TableColumn::centered("序号"),
    TableColumn::centered("姓名"),
    crate::workbooks::BRANCH_COLUMN,
    TableColumn::centered("参加次数"),
    TableColumn::centered("记入学时"),
    // Three dates with their years on one line (a committee lists thousands of members).
    TableColumn::left("参加日期", 44.0),
    TableColumn::left("备注", 20.0),
];

/// Writes the 志愿服务台账 of `org_id` and everything under it for `year`: the services, and each
/// member on the roll with the services they took part in (present).
pub fn write_volunteer_ledger(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<MeetingSheetSummary> {
    let conn = ledger.conn();
    let org = crate::store::orgs::name_of(conn, org_id)?;
    let services: Vec<Meeting> = read::meetings(conn, org_id, year, Scope::Subtree)?
        .into_iter()
        .filter(|m| m.has(ActivityType::Volunteer))
        .collect();
    let with_org = several_orgs(services.iter().map(|m| m.org_id));
    let rows: Vec<Vec<Cell>> = services
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let names = present_names(m, None);
            let row = vec![
                Cell::count(i + 1),
                Cell::Date(m.date),
                Cell::text(m.time_span()),
                Cell::text(m.topic.as_str()),
                Cell::text(m.place.as_str()),
                Cell::text(names.join("、")),
                Cell::count(names.len()),
                Cell::Hours(m.credited_tenths().into()),
                Cell::text(m.content.clone().unwrap_or_default()),
            ];
            with_org_cell(row, with_org, 3, &m.org_short)
        })
        .collect();
    let roll = read::roll(conn, org_id, year, Scope::Subtree)?;
    let roll_with_org = several_orgs(roll.iter().map(|m| m.org_id));
    let member_rows: Vec<Vec<Cell>> = roll
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let took: Vec<&Meeting> = services
                .iter()
                .filter(|m| m.with_status(AttendanceStatus::Present).any(|a| a.member_id == r.id))
                .collect();
            let tenths: i64 = took.iter().map(|m| i64::from(m.credited_tenths())).sum();
            let row = vec![
                Cell::count(i + 1),
                Cell::text(r.name.as_str()),
                Cell::count(took.len()),
                Cell::Hours(tenths),
                // A list of dates, each with its year (a lone `3月13日` reads as a date without one).
                Cell::text(took.iter().map(|m| chinese_date(m.date)).collect::<Vec<_>>().join("、")),
                Cell::text(roll_note(r, year)),
            ];
            with_org_cell(row, roll_with_org, 2, &r.org_name)
        })
        .collect();
    let took_part = member_rows.iter().filter(|r| r[if roll_with_org { 3 } else { 2 }] != Cell::Count(0)).count();
    write_sheets(
        &org,
        today,
        path,
        &[
            Sheet {
                name: VOLUNTEER_SHEET,
                title: format!("{org}{year}年志愿服务台账"),
                subtitle: format!("统计日期：{}　共{}次", chinese_date(today), services.len()),
                columns: pick(&VOLUNTEER_COLUMNS, with_org, 3),
                rows,
            },
            Sheet {
                name: VOLUNTEER_MEMBERS_SHEET,
                title: format!("{org}{year}年党员参加志愿服务情况"),
                subtitle: format!(
                    "统计日期：{}　在册党员{}人，参加志愿服务{}人",
                    chinese_date(today),
                    roll.len(),
                    took_part
                ),
                columns: pick(&VOLUNTEER_MEMBER_COLUMNS, roll_with_org, 2),
                rows: member_rows,
            },
        ],
    )?;
    Ok(MeetingSheetSummary { path: path.display().to_string(), rows: services.len() as u32 })
}

const GOOD_DEEDS_COLUMNS: [TableColumn; 9] = [
    TableColumn::centered("序号"),
    TableColumn::centered("日期"),
    TableColumn::left("所在组织", 20.0),
    TableColumn::left("姓名", 30.0),
    TableColumn::centered("类别"),
    TableColumn::left("事迹", 24.0),
    TableColumn::left("地点", 16.0),
    TableColumn::left("具体情况", 36.0),
    TableColumn::left("备注", 16.0),
];

/// Writes the 好人好事登记册 of `org_id` and everything under it for `year`: every activity typed only
/// 志愿服务 and/or 其他 (not a sitting), with the members who took part.
pub fn write_good_deeds(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<MeetingSheetSummary> {
    let conn = ledger.conn();
    let org = crate::store::orgs::name_of(conn, org_id)?;
    let deeds: Vec<Meeting> =
        read::meetings(conn, org_id, year, Scope::Subtree)?.into_iter().filter(is_good_deed).collect();
    let with_org = several_orgs(deeds.iter().map(|m| m.org_id));
    let rows: Vec<Vec<Cell>> = deeds
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let row = vec![
                Cell::count(i + 1),
                Cell::Date(m.date),
                Cell::text(present_names(m, None).join("、")),
                Cell::text(m.type_labels()),
                Cell::text(m.topic.as_str()),
                Cell::text(m.place.as_str()),
                Cell::text(m.content.clone().unwrap_or_default()),
                Cell::Empty,
            ];
            with_org_cell(row, with_org, 2, &m.org_short)
        })
        .collect();
    write_sheets(
        &org,
        today,
        path,
        &[Sheet {
            name: GOOD_DEEDS_SHEET,
            title: format!("{org}{year}年好人好事登记册"),
            subtitle: format!(
                "统计日期：{}　共{}件　据组织生活记录中类型仅为志愿服务或其他的活动登记",
                chinese_date(today),
                deeds.len()
            ),
            columns: pick(&GOOD_DEEDS_COLUMNS, with_org, 2),
            rows,
        }],
    )?;
    Ok(MeetingSheetSummary { path: path.display().to_string(), rows: deeds.len() as u32 })
}
