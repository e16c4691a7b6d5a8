//! The per-member sheets over the organisation and everything under it, one row per member on the
//! roll at some time in the year: 党员学时统计表 (each member's year from `meetings::study_hours`, the
//! one definition of 学时, against the `StudyHoursParams` the caller passes; the trainings behind it on
//! a second sheet) and 民主评议结果汇总表
//! (the year's grade of each member, with the counts and the 优秀 share; A4 portrait: seven short
//! columns, twice the rows a landscape page holds). A committee's sheets name each member's branch by
//! its short name.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::read::{self, Scope};
use super::rules::{hours_text, rate_text};
use super::{member_note, roll_note, several_orgs, MeetingSheetSummary};
use crate::error::{Error, Result};
use crate::meetings::hours::{study_hours, MemberStudyHours, StudyHoursParams};
use crate::model::Grade;
use crate::store::Ledger;
use crate::workbook::cell::Cell;
use crate::workbook::table::{self as ledger_sheet, chinese_date, LedgerTable, Paper, TableColumn};

pub const STUDY_HOURS_SHEET: &str = "党员学时统计表";
pub const TRAININGS_SHEET: &str = "培训明细";
pub const EVALUATIONS_SHEET: &str = "民主评议结果汇总表";

fn pick(columns: &[TableColumn], with_org: bool, skip: usize) -> Vec<TableColumn> {
    columns.iter().enumerate().filter(|(i, _)| with_org || *i != skip).map(|(_, c)| *c).collect()
}

const HOURS_COLUMNS: [TableColumn; 12] = [
    TableColumn::centered("序号"),
    TableColumn::centered("姓名"),
    crate::workbooks::BRANCH_COLUMN,
    TableColumn::centered("职务"),
    TableColumn::centered("参加组织生活(次)"),
    TableColumn::centered("组织生活学时"),
    TableColumn::centered("参加培训(次)"),
    TableColumn::centered("培训学时"),
    TableColumn::centered("合计学时"),
    TableColumn::centered("应达学时"),
    TableColumn::centered("完成情况"),
    TableColumn::left("备注", 20.0),
];

const TRAINING_COLUMNS: [TableColumn; 6] = [
    TableColumn::centered("序号"),
    TableColumn::centered("姓名"),
    TableColumn::centered("日期"),
    // Wide enough for a course title of 20 characters on one line (a committee lists thousands).
    TableColumn::left("培训名称", 50.0),
    TableColumn::centered("学时"),
    TableColumn::left("主办单位", 24.0),
];

/// Writes the 党员学时统计表 of `org_id` and everything under it for `year`, each member against
/// `params` (committee members against its committee figure when it sets one).
pub fn write_study_hours(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    params: StudyHoursParams,
    today: NaiveDate,
    path: &Path,
) -> Result<MeetingSheetSummary> {
    let conn = ledger.conn();
    let org = crate::store::orgs::name_of(conn, org_id)?;
    let roll = read::roll(conn, org_id, year, Scope::Subtree)?;
    let report = study_hours(ledger, Some(org_id), year, params, today)?;
    let hours: HashMap<i64, &MemberStudyHours> = report.members.iter().map(|m| (m.member_id, m)).collect();
    let trainings = read::trainings(conn, org_id, year, Scope::Subtree)?;
    let posts = read::committee_posts(conn, year)?;
    let with_org = several_orgs(roll.iter().map(|m| m.org_id));
    let rows = roll
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let h = hours
                .get(&m.id)
                .ok_or_else(|| Error::Internal(format!("党员学时统计表：{} 在册，但学时统计中没有此人", m.name)))?;
            let status = if !h.judged {
                "不作要求".to_string()
            } else if h.met {
                "达标".to_string()
            } else {
                format!("差{}学时", hours_text(i64::from(h.required_tenths - h.total_tenths)))
            };
            let mut row = vec![
                Cell::count(i + 1),
                Cell::text(m.name.as_str()),
                Cell::text(m.org_name.as_str()),
                Cell::text(posts.get(&m.id).cloned().unwrap_or_default()),
                Cell::Count(h.activities.into()),
                Cell::Hours(h.activity_tenths.into()),
                Cell::Count(h.trainings.into()),
                Cell::Hours(h.training_tenths.into()),
                Cell::Hours(h.total_tenths.into()),
                Cell::Hours(h.required_tenths.into()),
                Cell::text(status),
                Cell::text(
                    [member_note(m, year), h.note.clone().filter(|_| h.judged).unwrap_or_default()]
                        .into_iter()
                        .filter(|n| !n.is_empty())
                        .collect::<Vec<_>>()
                        .join("；"),
                ),
            ];
            if !with_org {
                row.remove(2);
            }
            Ok(row)
        })
        .collect::<Result<Vec<Vec<Cell>>>>()?;
    let reached = roll.iter().filter(|m| hours.get(&m.id).is_some_and(|h| h.judged && h.met)).count();
    let names: HashMap<i64, &str> = roll.iter().map(|m| (m.id, m.name.as_str())).collect();
    let training_rows: Vec<Vec<Cell>> = trainings
        .iter()
        .filter(|t| names.contains_key(&t.member_id))
        .enumerate()
        .map(|(i, t)| {
            vec![
                Cell::count(i + 1),
                Cell::text(names[&t.member_id]),
                Cell::Date(t.date),
                Cell::text(t.title.as_str()),
                Cell::Hours(t.hours_tenths),
                Cell::text(t.organizer.clone().unwrap_or_default()),
            ]
        })
        .collect();
    let title = format!("{org}{year}年党员学时统计表");
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    let columns = pick(&HOURS_COLUMNS, with_org, 2);
    ledger_sheet::add_table(
        &mut wb,
        &LedgerTable {
            sheet_name: STUDY_HOURS_SHEET,
            title,
            subtitle: format!(
                "统计日期：{}　学时＝出席组织生活记入的学时＋参加培训的学时；应达：{}　共{}人，达标{}人",
                chinese_date(today),
                required_text(params),
                roll.len(),
                reached
            ),
            columns: &columns,
            rows: &rows,
            unit: &org,
            date: today,
            freeze_columns: 2,
        },
    )?;
    ledger_sheet::add_table(
        &mut wb,
        &LedgerTable {
            sheet_name: TRAININGS_SHEET,
            title: format!("{org}{year}年党员参加培训明细"),
            subtitle: format!("统计日期：{}　共{}条", chinese_date(today), training_rows.len()),
            columns: &TRAINING_COLUMNS,
            rows: &training_rows,
            unit: &org,
            date: today,
            freeze_columns: 2,
        },
    )?;
    ledger_sheet::save(&mut wb, path)?;
    Ok(MeetingSheetSummary { path: path.display().to_string(), rows: roll.len() as u32 })
}

/// `党员32学时，支部委员56学时` (or one number for everyone).
fn required_text(params: StudyHoursParams) -> String {
    let member = hours_text(params.required_tenths.into());
    match params.committee_required_tenths {
        Some(c) => format!("党员{member}学时，班子成员{}学时", hours_text(c.into())),
        None => format!("每名党员{member}学时"),
    }
}

const EVALUATION_COLUMNS: [TableColumn; 7] = [
    TableColumn::centered("序号"),
    TableColumn::centered("姓名"),
    crate::workbooks::BRANCH_COLUMN,
    TableColumn::centered("性别"),
    TableColumn::centered("人员类别"),
    TableColumn::centered("评议等次"),
    TableColumn::left("备注", 24.0),
];

/// Writes the 民主评议结果汇总表 of `org_id` and everything under it for `year`.
/// The year's 民主评议 over a roll: how many were on it and graded, and the members of each grade
/// in roll order. The one count behind the 结果汇总表 and the 民主评议情况报告.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluationTally {
    pub on_roll: usize,
    pub graded: usize,
    /// Every grade, in `Grade::ALL` order, with the names graded so.
    pub by_grade: Vec<(Grade, Vec<String>)>,
}

impl EvaluationTally {
    pub fn of(roll: &[read::RollMember], grades: &HashMap<i64, Grade>) -> EvaluationTally {
        let by_grade = Grade::ALL
            .iter()
            .map(|g| {
                let names = roll.iter().filter(|m| grades.get(&m.id) == Some(g)).map(|m| m.name.clone()).collect();
                (*g, names)
            })
            .collect::<Vec<(Grade, Vec<String>)>>();
        let graded = by_grade.iter().map(|(_, n)| n.len()).sum();
        EvaluationTally { on_roll: roll.len(), graded, by_grade }
    }

    /// The tally of `org_id` and everything under it for `year`.
    pub fn read(conn: &rusqlite::Connection, org_id: i64, year: i32) -> Result<EvaluationTally> {
        let roll = read::roll(conn, org_id, year, Scope::Subtree)?;
        let grades = read::grades(conn, org_id, year, Scope::Subtree)?;
        Ok(EvaluationTally::of(&roll, &grades))
    }

    pub fn names(&self, grade: Grade) -> &[String] {
        self.by_grade.iter().find(|(g, _)| *g == grade).map(|(_, n)| n.as_slice()).unwrap_or(&[])
    }

    /// `优秀3人、合格20人、基本合格1人、不合格0人`
    pub fn counts_text(&self) -> String {
        self.by_grade.iter().map(|(g, n)| format!("{}{}人", g.label(), n.len())).collect::<Vec<_>>().join("、")
    }

    /// The 优秀 share of those graded (`—` when nobody was).
    pub fn excellent_rate(&self) -> String {
        rate_text(self.names(Grade::Excellent).len(), self.graded)
    }
}

pub fn write_evaluations(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<MeetingSheetSummary> {
    let conn = ledger.conn();
    let org = crate::store::orgs::name_of(conn, org_id)?;
    let roll = read::roll(conn, org_id, year, Scope::Subtree)?;
    let grades = read::grades(conn, org_id, year, Scope::Subtree)?;
    let with_org = several_orgs(roll.iter().map(|m| m.org_id));
    let rows: Vec<Vec<Cell>> = roll
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut row = vec![
                Cell::count(i + 1),
                Cell::text(m.name.as_str()),
                Cell::text(m.org_name.as_str()),
                Cell::text(m.gender.as_str()),
                Cell::text(m.status.label()),
                Cell::text(grades.get(&m.id).map(|g| g.label()).unwrap_or("未评定")),
                Cell::text(roll_note(m, year)),
            ];
            if !with_org {
                row.remove(2);
            }
            row
        })
        .collect();
    let t = EvaluationTally::of(&roll, &grades);
    let title = format!("{org}{year}年民主评议党员结果汇总表");
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    let columns = pick(&EVALUATION_COLUMNS, with_org, 2);
    ledger_sheet::add_table_on(
        &mut wb,
        &LedgerTable {
            sheet_name: EVALUATIONS_SHEET,
            title,
            subtitle: format!(
                "统计日期：{}　在册{}人，参评{}人：{}；优秀占参评人数{}；未评定{}人",
                chinese_date(today),
                t.on_roll,
                t.graded,
                t.counts_text(),
                t.excellent_rate(),
                t.on_roll - t.graded
            ),
            columns: &columns,
            rows: &rows,
            unit: &org,
            date: today,
            freeze_columns: 2,
        },
        Paper::Portrait,
    )?;
    ledger_sheet::save(&mut wb, path)?;
    Ok(MeetingSheetSummary { path: path.display().to_string(), rows: roll.len() as u32 })
}
