//! The 发展党员 花名册 (one workbook, a sheet per stage: 入党申请人, 入党积极分子, 发展对象, 预备党员)
//! and the 发展党员工作台账 (one row per person, the 25 step dates), in the shared print layout of
//! `roster::ledger_sheet`.
//!
//! Both show the record as it stood at the end of the export year (or on `today` for the current
//! year): steps dated later are left out, so last year's workbook reads the same next year. The
//! 备注 lists the rules not met at that date.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::development::checks::{evaluate, CheckOptions, CheckStatus};
use crate::development::record::{names, DevelopmentPerson};
use crate::development::rules::version_on;
use crate::development::steps::Stage;
use crate::development::store;
use crate::error::Result;
use crate::model::Organization;
use crate::store::Ledger;
use crate::workbook::cell::Cell;
use crate::workbook::table::{self as ledger_sheet, chinese_date, LedgerTable, TableColumn};

pub const LEDGER_SHEET: &str = "发展党员工作台账";

/// What a development workbook holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DevelopmentSheetSummary {
    pub path: String,
    /// People listed (each once).
    pub people: u32,
}

/// The date a year's workbook shows: the year's last day, or `today` in the current year.
pub fn as_of(year: i32, today: NaiveDate) -> NaiveDate {
    let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year");
    end.min(today)
}

/// The record as it stood on `on`: steps, votes, documents dated later left out.
pub fn as_it_stood(p: &DevelopmentPerson, on: NaiveDate) -> DevelopmentPerson {
    let mut q = p.clone();
    q.steps.retain(|s| s.date <= on);
    let kept: Vec<u8> = q.steps.iter().map(|s| s.step).collect();
    q.votes.retain(|v| kept.contains(&v.step));
    q.documents.retain(|d| d.received_on <= on);
    if q.probation_extended_on.is_some_and(|d| d > on) {
        q.probation_extension_months = None;
        q.probation_extended_on = None;
    }
    if !kept.contains(&10) {
        q.political_review = None;
    }
    if !kept.contains(&11) && p.step(11).is_some() {
        q.training_days = None;
        q.training_hours = None;
    }
    q
}

/// The people of `org_id`'s subtree whose record was open in `year`: applied by the year's end and
/// not approved as 正式党员 before it began.
pub fn people_of_year(ledger: &Ledger, org_id: i64, year: i32, today: NaiveDate) -> Result<Vec<DevelopmentPerson>> {
    let ids = crate::store::orgs::subtree_ids(ledger.conn(), org_id)?;
    let on = as_of(year, today);
    let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    Ok(store::load_people(ledger.conn(), &ids)?
        .into_iter()
        .filter(|p| p.date(1).is_some_and(|s1| s1 <= on) && p.date(24).is_none_or(|s24| s24 >= start))
        .map(|p| as_it_stood(&p, on))
        .collect())
}

/// `people` with `org_name` the branch's short name (`OrgFields::short`), as the lists' 所在党支部
/// column prints it.
fn by_short_org_names(ledger: &Ledger, mut people: Vec<DevelopmentPerson>) -> Result<Vec<DevelopmentPerson>> {
    let shorts = crate::store::orgs::short_names(ledger.conn())?;
    for p in &mut people {
        if let Some(s) = shorts.get(&p.org_id) {
            p.org_name.clone_from(s);
        }
    }
    Ok(people)
}

/// A date cell (`2026-01-31`), or empty.
fn day(d: Option<NaiveDate>) -> Cell {
    Cell::short_date(d)
}

/// The rules not met on `on`, as a 备注.
pub fn unmet_note(p: &DevelopmentPerson, on: NaiveDate, options: &CheckOptions) -> String {
    evaluate(p, on, options)
        .iter()
        .filter(|r| r.status == CheckStatus::Unmet)
        .map(|r| r.message.clone())
        .collect::<Vec<_>>()
        .join("；")
}

fn identity(n: usize, p: &DevelopmentPerson) -> Vec<Cell> {
    vec![
        Cell::count(n),
        Cell::text(p.name.as_str()),
        Cell::text(p.gender.label()),
        Cell::text(p.ethnicity.clone().unwrap_or_default()),
        Cell::ShortDate(p.birth_date),
        Cell::text(p.education.clone().unwrap_or_default()),
        Cell::text(p.unit_title.clone().unwrap_or_default()),
        Cell::text(p.org_name.as_str()),
    ]
}

const IDENTITY: [TableColumn; 8] = [
    TableColumn::centered("序号"),
    TableColumn::centered("姓名"),
    TableColumn::centered("性别"),
    TableColumn::centered("民族"),
    TableColumn::centered("出生日期"),
    TableColumn::centered("学历"),
    TableColumn::left("工作单位及职务", 20.0),
    TableColumn::left("所在党支部", 18.0),
];

/// The columns after the identity ones, for each stage's 花名册.
fn stage_columns(stage: Stage) -> Vec<TableColumn> {
    let mut cols = IDENTITY.to_vec();
    let more: &[TableColumn] = match stage {
        Stage::Applicant => &[
            TableColumn::centered("递交入党申请书日期"),
            TableColumn::centered("谈话日期"),
            TableColumn::centered("谈话人"),
        ],
        Stage::Activist => &[
            TableColumn::centered("递交入党申请书日期"),
            TableColumn::centered("确定为入党积极分子日期"),
            TableColumn::centered("培养联系人"),
            TableColumn::centered("培养考察满一年日期"),
        ],
        Stage::Candidate => &[
            TableColumn::centered("递交入党申请书日期"),
            TableColumn::centered("确定为入党积极分子日期"),
            TableColumn::centered("确定为发展对象日期"),
            TableColumn::centered("入党介绍人"),
            TableColumn::centered("政审结论"),
            TableColumn::centered("集中培训"),
        ],
        Stage::Probationary | Stage::Full => &[
            TableColumn::centered("支部大会接收日期"),
            TableColumn::centered("入党介绍人"),
            TableColumn::centered("上级党委审批日期"),
            TableColumn::centered("入党宣誓日期"),
            TableColumn::centered("预备期满日期"),
        ],
    };
    cols.extend_from_slice(more);
    cols.push(TableColumn::left("备注", 30.0));
    cols
}

fn stage_row(n: usize, p: &DevelopmentPerson, stage: Stage, on: NaiveDate, options: &CheckOptions) -> Vec<Cell> {
    let mut row = identity(n, p);
    match stage {
        Stage::Applicant => row.extend([day(p.date(1)), day(p.date(2)), Cell::text(names(p.step(2)))]),
        Stage::Activist => {
            let from = if options.activist_year_from_step == 4 { p.date(4).or(p.date(3)) } else { p.date(3) };
            let year = from.map(|d| crate::model::dates::add_months(d, version_on(d).activist_min_months));
            row.extend([day(p.date(1)), day(p.date(3)), Cell::text(names(p.step(5))), day(year)]);
        }
        Stage::Candidate => row.extend([
            day(p.date(1)),
            day(p.date(3)),
            day(p.date(7)),
            Cell::text(names(p.step(9))),
            Cell::text(p.political_review.map(|r| r.label()).unwrap_or_default()),
            Cell::text(p.training_text()),
        ]),
        Stage::Probationary | Stage::Full => {
            let end = p.date(15).and_then(|d| p.probation_end(version_on(d).probation_months));
            row.extend([day(p.date(15)), Cell::text(names(p.step(9))), day(p.date(17)), day(p.date(20)), day(end)]);
        }
    }
    let mut note = Vec::new();
    if let Some(n) = p.probation_extension_months {
        note.push(format!("预备期延长{n}个月"));
    }
    let unmet = unmet_note(p, on, options);
    if !unmet.is_empty() {
        note.push(unmet);
    }
    row.push(Cell::text(note.join("；")));
    row
}

/// The four 花名册 sheets' stages, names and titles.
pub const ROSTER_STAGES: [(Stage, &str); 4] = [
    (Stage::Applicant, "入党申请人花名册"),
    (Stage::Activist, "入党积极分子花名册"),
    (Stage::Candidate, "发展对象花名册"),
    (Stage::Probationary, "预备党员花名册"),
];

/// Writes the 入党申请人/入党积极分子/发展对象/预备党员 花名册 of `org_id`'s subtree as of the end of
/// `year` (or `today`), one sheet per stage.
pub fn write_rosters(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<DevelopmentSheetSummary> {
    let on = as_of(year, today);
    let options = crate::development::check_options(ledger.conn())?;
    let people = by_short_org_names(ledger, people_of_year(ledger, org_id, year, today)?)?;
    let org = crate::store::orgs::name_of(ledger.conn(), org_id)?;
    let mut wb = ledger_sheet::new_workbook(&format!("{org}发展党员花名册"), today)?;
    let mut listed = 0;
    for (stage, sheet) in ROSTER_STAGES {
        let rows: Vec<Vec<Cell>> = people
            .iter()
            .filter(|p| p.stage_on(on) == Some(stage))
            .enumerate()
            .map(|(i, p)| stage_row(i + 1, p, stage, on, &options))
            .collect();
        listed += rows.len();
        let columns = stage_columns(stage);
        ledger_sheet::add_table(
            &mut wb,
            &LedgerTable {
                sheet_name: sheet,
                title: format!("{org}{sheet}"),
                subtitle: format!("统计日期：{}　共{}人", chinese_date(on), rows.len()),
                columns: &columns,
                rows: &rows,
                unit: &org,
                date: today,
                freeze_columns: 2,
            },
        )?;
    }
    ledger_sheet::save(&mut wb, path)?;
    Ok(DevelopmentSheetSummary { path: path.display().to_string(), people: listed as u32 })
}

/// Column headers of the 25 steps: the number and `STEP_SHORT_NAMES`.
pub const STEP_HEADERS: [&str; 25] = [
    "1.递交申请",
    "2.派人谈话",
    "3.确定积极分子",
    "4.上级备案",
    "5.培养联系人",
    "6.培养考察",
    "7.确定发展对象",
    "8.上级备案",
    "9.入党介绍人",
    "10.政治审查",
    "11.集中培训",
    "12.支委会审查",
    "13.上级预审",
    "14.填写志愿书",
    "15.支部大会接收",
    "16.上级派人谈话",
    "17.上级审批",
    "18.组织部门备案",
    "19.编入支部小组",
    "20.入党宣誓",
    "21.继续考察",
    "22.转正申请",
    "23.支部大会转正",
    "24.上级审批转正",
    "25.材料归档",
];

/// Writes the 发展党员工作台账 of `org_id`'s subtree for `year`: one row per person whose record was
/// open in the year, with the date of each of the 25 steps.
pub fn write_ledger(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<DevelopmentSheetSummary> {
    let on = as_of(year, today);
    let options = crate::development::check_options(ledger.conn())?;
    let people = by_short_org_names(ledger, people_of_year(ledger, org_id, year, today)?)?;
    let org = crate::store::orgs::name_of(ledger.conn(), org_id)?;
    let mut columns = vec![
        TableColumn::centered("序号"),
        TableColumn::centered("姓名"),
        TableColumn::centered("性别"),
        TableColumn::centered("出生日期"),
        TableColumn::left("所在党支部", 20.0),
        TableColumn::centered("目前阶段"),
    ];
    // A date cannot wrap onto two lines like text: the step dates are in a smaller font, just wide
    // enough for `2026-01-31`; the header wraps.
    columns.extend(STEP_HEADERS.iter().map(|h| TableColumn { header: h, centered: true, max_width: 9.0 }));
    columns.push(TableColumn::left("备注", 24.0));
    let rows: Vec<Vec<Cell>> = people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut row = vec![
                Cell::count(i + 1),
                Cell::text(p.name.as_str()),
                Cell::text(p.gender.label()),
                Cell::ShortDate(p.birth_date),
                Cell::text(p.org_name.as_str()),
                Cell::text(p.stage_on(on).map(|s| s.label()).unwrap_or_default()),
            ];
            row.extend((1..=25u8).map(|n| p.date(n).map_or(Cell::Empty, Cell::CompactDate)));
            row.push(Cell::text(unmet_note(p, on, &options)));
            row
        })
        .collect();
    let title = format!("{org}{year}年{LEDGER_SHEET}");
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    ledger_sheet::add_table(
        &mut wb,
        &LedgerTable {
            sheet_name: LEDGER_SHEET,
            title,
            subtitle: format!(
                "统计日期：{}　共{}人　各步骤栏为完成日期，空白为尚未进行；备注列出截至统计日期不符合规定的情形",
                chinese_date(on),
                rows.len()
            ),
            columns: &columns,
            rows: &rows,
            unit: &org,
            date: today,
            freeze_columns: 2,
        },
    )?;
    ledger_sheet::save(&mut wb, path)?;
    Ok(DevelopmentSheetSummary { path: path.display().to_string(), people: rows.len() as u32 })
}

/// `<简称>2026年发展党员花名册-YYYYMMDD.xlsx`
pub fn rosters_file_name(org: &Organization, year: i32, today: NaiveDate) -> String {
    super::file_name(org, &format!("{year}年发展党员花名册"), today)
}

/// `<简称>2026年发展党员工作台账-YYYYMMDD.xlsx`
pub fn ledger_file_name(org: &Organization, year: i32, today: NaiveDate) -> String {
    super::file_name(org, &format!("{year}年发展党员工作台账"), today)
}

/// `<简称>2026年发展党员全程纪实表-YYYYMMDD.xlsx`
pub fn record_file_name(org: &Organization, year: i32, today: NaiveDate) -> String {
    super::file_name(org, &format!("{year}年发展党员全程纪实表"), today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_headers_follow_the_short_names() {
        for (i, h) in STEP_HEADERS.iter().enumerate() {
            assert_eq!(*h, format!("{}.{}", i + 1, crate::development::steps::STEP_SHORT_NAMES[i]));
        }
    }

    #[test]
    fn a_years_workbook_shows_the_years_end() {
        let d = |s: &str| crate::model::dates::parse_date(s).unwrap();
        assert_eq!(as_of(2025, d("2026-11-22")), d("2025-12-31"));
        assert_eq!(as_of(2026, d("2026-11-22")), d("2026-11-22"));
    }
}
