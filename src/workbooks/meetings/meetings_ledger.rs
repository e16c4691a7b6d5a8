//! The 三会一课台账: one sheet per quarter with a row per sitting (date, time, type, topic, place,
//! 主持人, 记录人, 应到/实到/请假/缺席, who was away and why, notes), then a sheet counting the year's sittings by type and
//! quarter. A sitting that served several purposes (主题党日 and 党课) is one row, and counts once for
//! each of its types in the yearly sheet. Dates are dates and counts numbers; the yearly sheet's 全年
//! column is `=SUM()` of the quarters; its 合计 row counts sittings (not a sum of the types above,
//! since one sitting may have several types).

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::read::{self, Meeting, Scope};
use super::rules::{is_sitting, SITTING_TYPES};
use super::{several_orgs, MeetingSheetSummary};
use crate::error::Result;
use crate::model::{ActivityType, AttendanceStatus};
use crate::store::Ledger;
use crate::workbook::cell::Cell;
use crate::workbook::table::{self as ledger_sheet, chinese_date, LedgerTable, TableColumn};

pub const QUARTERS: [&str; 4] = ["第一季度", "第二季度", "第三季度", "第四季度"];
pub const YEAR_SHEET: &str = "全年统计";

const COLUMNS: [TableColumn; 15] = [
    TableColumn::centered("序号"),
    TableColumn::centered("日期"),
    TableColumn::centered("时间"),
    TableColumn { header: "类型", centered: true, max_width: 14.0 },
    TableColumn::left("会议主题", 30.0),
    TableColumn::left("地点", 18.0),
    TableColumn::centered("主持人"),
    TableColumn::centered("记录人"),
    TableColumn::centered("应到"),
    TableColumn::centered("实到"),
    TableColumn::centered("请假"),
    TableColumn::centered("缺席"),
    TableColumn::left("请假、缺席人员及原因", 24.0),
    TableColumn::left("召开组织", 20.0),
    TableColumn::left("备注", 20.0),
];
/// Index of 召开组织, left out when every sitting is the organisation's own.
const ORG_COLUMN: usize = 13;

pub fn quarter_of(d: NaiveDate) -> usize {
    (d.month0() / 3) as usize
}

/// Writes the 三会一课台账 of `org_id` and everything under it for `year`.
pub fn write_meetings_ledger(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<MeetingSheetSummary> {
    let conn = ledger.conn();
    let org = crate::store::orgs::name_of(conn, org_id)?;
    let sittings: Vec<Meeting> =
        read::meetings(conn, org_id, year, Scope::Subtree)?.into_iter().filter(is_sitting).collect();
    let with_org = several_orgs(sittings.iter().map(|m| m.org_id));
    let columns: Vec<TableColumn> =
        COLUMNS.iter().enumerate().filter(|(i, _)| with_org || *i != ORG_COLUMN).map(|(_, c)| *c).collect();
    let title = format!("{org}{year}年三会一课台账");
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    for (q, quarter) in QUARTERS.iter().enumerate() {
        let in_quarter: Vec<&Meeting> = sittings.iter().filter(|m| quarter_of(m.date) == q).collect();
        let rows: Vec<Vec<Cell>> = in_quarter.iter().enumerate().map(|(i, m)| row(i + 1, m, with_org)).collect();
        ledger_sheet::add_table(
            &mut wb,
            &LedgerTable {
                sheet_name: quarter,
                title: format!("{org}{year}年{quarter}三会一课台账"),
                subtitle: format!("统计日期：{}　{}", chinese_date(today), counts_text(&in_quarter)),
                columns: &columns,
                rows: &rows,
                unit: &org,
                date: today,
                freeze_columns: 2,
            },
        )?;
    }
    let year_rows = year_counts(&sittings);
    ledger_sheet::add_table(
        &mut wb,
        &LedgerTable {
            sheet_name: YEAR_SHEET,
            title: format!("{org}{year}年三会一课开展情况统计"),
            subtitle: format!(
                "统计日期：{}　单位：次　一次会议兼具几种类型的，各类型分别计数；合计栏为会议次数",
                chinese_date(today)
            ),
            columns: &YEAR_COLUMNS,
            rows: &year_rows,
            unit: &org,
            date: today,
            freeze_columns: 1,
        },
    )?;
    ledger_sheet::save(&mut wb, path)?;
    Ok(MeetingSheetSummary { path: path.display().to_string(), rows: sittings.len() as u32 })
}

fn row(n: usize, m: &Meeting, with_org: bool) -> Vec<Cell> {
    let mut kind = m.type_labels();
    if let Some(g) = &m.group_name {
        kind = format!("{kind}（{g}）");
    }
    let mut notes = Vec::new();
    if let Some(l) = &m.lecturer {
        notes.push(format!("讲课人：{l}"));
    }
    if !m.celebrants.is_empty() {
        notes.push(format!("政治生日：{}", m.celebrants.join("、")));
    }
    let mut r = vec![
        Cell::count(n),
        Cell::Date(m.date),
        Cell::text(m.time_span()),
        Cell::text(kind),
        Cell::text(m.topic.as_str()),
        Cell::text(m.place.as_str()),
        Cell::text(m.host.clone().unwrap_or_default()),
        Cell::text(m.recorder.clone().unwrap_or_default()),
        Cell::count(m.attendance.len()),
        Cell::count(m.count(AttendanceStatus::Present)),
        Cell::count(m.count(AttendanceStatus::Leave)),
        Cell::count(m.count(AttendanceStatus::Absent)),
        Cell::text(away_text(m)),
    ];
    if with_org {
        r.push(Cell::text(m.org_short.as_str()));
    }
    r.push(Cell::text(notes.join("；")));
    r
}

/// Who was away and why: `请假：王五（出差）、赵六（病假）；缺席：孙七`.
fn away_text(m: &Meeting) -> String {
    let names = |s: AttendanceStatus| {
        m.with_status(s)
            .map(|a| match a.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
                Some(r) => format!("{}（{r}）", a.name),
                None => a.name.clone(),
            })
            .collect::<Vec<_>>()
    };
    [(AttendanceStatus::Leave, "请假"), (AttendanceStatus::Absent, "缺席")]
        .into_iter()
        .filter_map(|(s, label)| {
            let who = names(s);
            (!who.is_empty()).then(|| format!("{label}：{}", who.join("、")))
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// `共5次：党员大会1次、支委会3次、党课1次`
fn counts_text(sittings: &[&Meeting]) -> String {
    let parts: Vec<String> = SITTING_TYPES
        .iter()
        .filter_map(|t| {
            let n = sittings.iter().filter(|m| m.has(*t)).count();
            (n > 0).then(|| format!("{}{n}次", t.label()))
        })
        .collect();
    if parts.is_empty() {
        "本季度无会议记录".to_string()
    } else {
        format!("本季度共{}次：{}", sittings.len(), parts.join("、"))
    }
}

const YEAR_COLUMNS: [TableColumn; 6] = [
    TableColumn::centered("类型"),
    TableColumn::centered("第一季度"),
    TableColumn::centered("第二季度"),
    TableColumn::centered("第三季度"),
    TableColumn::centered("第四季度"),
    TableColumn::centered("全年"),
];

fn year_counts(sittings: &[Meeting]) -> Vec<Vec<Cell>> {
    let count_row = |label: &str, include: &dyn Fn(&Meeting) -> bool| {
        let mut r = vec![Cell::text(label)];
        for q in 0..4 {
            r.push(Cell::count(sittings.iter().filter(|m| quarter_of(m.date) == q && include(m)).count()));
        }
        let year = Cell::count(sittings.iter().filter(|m| include(m)).count());
        r.push(Cell::RowSum { first: 1, last: 4, value: Box::new(year) });
        r
    };
    let mut rows: Vec<Vec<Cell>> =
        SITTING_TYPES.iter().map(|t: &ActivityType| count_row(t.label(), &|m: &Meeting| m.has(*t))).collect();
    rows.push(count_row("合计", &|_| true));
    rows
}
