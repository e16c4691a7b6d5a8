//! 组织生活考勤册: for one organisation's own sittings of a year (the 三会一课台账's sittings,
//! `rules::is_sitting`), a sheet per quarter with a row per
//! member and a column per sitting (headed by its date and type): √ 出席, 假 请假, 缺 缺席, empty when
//! the member was not expected (a 支委会 for a non-committee member, another 党小组's meeting, before
//! joining). Each row ends with the quarter's 应到/实到/请假/缺席 (numbers) and 出席率 (实到 ÷ 应到, a
//! percentage); a 合计 row gives each sitting's 实到 (`=COUNTIF(…,"√")`), `=SUM()` of the counts and
//! the overall rate as a formula over them, and an 应到 row each sitting's 应到 (`=COUNTA()` of its
//! marks), so both follow a corrected mark. The 全年汇总 sheet gives each member's yearly counts and rate with
//! the four quarterly rates. Members exempt from attendance (年老体弱 etc.) are listed apart, last.
//!
//! The matrix is one organisation's: a committee exports the book of each branch (`super::write_export`).

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::meetings_ledger::{quarter_of, QUARTERS};
use super::read::{self, Meeting, Scope};
use super::rules::{is_sitting, rate, rate_cell};
use super::{member_note, MeetingSheetSummary};
use crate::error::Result;
use crate::model::AttendanceStatus;
use crate::store::Ledger;
use crate::workbook::cell::Cell;
use crate::workbook::form::{self as layout, Grid, GridColumn};
use crate::workbook::table::{self as ledger_sheet, chinese_date, display_width, shown_rows, LedgerTable, TableColumn};

pub const YEAR_SHEET: &str = "全年汇总";
/// Width of a sitting's column: two CJK characters a line.
const MEETING_WIDTH: f64 = 5.6;

/// A row of the book.
struct BookMember {
    id: i64,
    name: String,
    group: String,
    exempt: bool,
    note: String,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    expected: usize,
    present: usize,
    leave: usize,
    absent: usize,
}

impl Tally {
    fn add(&mut self, s: AttendanceStatus) {
        self.expected += 1;
        match s {
            AttendanceStatus::Present => self.present += 1,
            AttendanceStatus::Leave => self.leave += 1,
            AttendanceStatus::Absent => self.absent += 1,
        }
    }

    fn cells(&self) -> [Cell; 5] {
        [
            Cell::count(self.expected),
            Cell::count(self.present),
            Cell::count(self.leave),
            Cell::count(self.absent),
            rate_cell(self.present, self.expected),
        ]
    }

    /// The 合计 row's: column sums of the counts and the rate of the sums (`first`: the 应到 column).
    fn total_cells(&self, first: u16) -> [Cell; 5] {
        let sum = |n: usize| Cell::ColumnSum(Box::new(Cell::count(n)));
        [
            sum(self.expected),
            sum(self.present),
            sum(self.leave),
            sum(self.absent),
            Cell::RowRate { numerator: first + 1, denominator: first, value: rate(self.present, self.expected) },
        ]
    }
}

fn mark(s: AttendanceStatus) -> &'static str {
    match s {
        AttendanceStatus::Present => "√",
        AttendanceStatus::Leave => "假",
        AttendanceStatus::Absent => "缺",
    }
}

/// Writes the 组织生活考勤册 of `org_id`'s own sittings and members for `year`.
pub fn write_attendance_book(
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
    let members = book_members(conn, org_id, year, &sittings)?;
    // status[(meeting index, member id)]
    let status: HashMap<(usize, i64), AttendanceStatus> = sittings
        .iter()
        .enumerate()
        .flat_map(|(i, m)| m.attendance.iter().map(move |a| ((i, a.member_id), a.status)))
        .collect();
    let title = format!("{org}{year}年组织生活考勤册");
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    let mut quarter_tallies: Vec<HashMap<i64, Tally>> = Vec::new();
    for (q, quarter) in QUARTERS.iter().enumerate() {
        let idx: Vec<usize> = (0..sittings.len()).filter(|&i| quarter_of(sittings[i].date) == q).collect();
        let mut tallies: HashMap<i64, Tally> = HashMap::new();
        let mut rows = Vec::new();
        for (n, m) in members.iter().enumerate() {
            let mut t = Tally::default();
            let mut row = vec![Cell::count(n + 1), Cell::text(m.name.as_str())];
            for &i in &idx {
                match status.get(&(i, m.id)) {
                    Some(&s) => {
                        t.add(s);
                        row.push(Cell::text(mark(s)));
                    }
                    None => row.push(Cell::Empty),
                }
            }
            row.extend(t.cells());
            row.push(Cell::text(m.note.as_str()));
            tallies.insert(m.id, t);
            rows.push(row);
        }
        // Two totals rows: 合计 counts each sitting's 实到 (the √ above it) and sums the counts, 应到
        // counts each sitting's marks (everyone expected) — numbers that follow a corrected mark.
        let mut total = Tally::default();
        let mut totals = vec![Cell::text("合计"), Cell::People(members.len() as i64)];
        let mut expected = vec![Cell::text("应到"), Cell::Empty];
        for &i in &idx {
            let m = &sittings[i];
            let present = m.count(AttendanceStatus::Present) as i64;
            totals.push(Cell::ColumnCount { mark: Some(mark(AttendanceStatus::Present)), skip: 0, value: present });
            expected.push(Cell::ColumnCount { mark: None, skip: 1, value: m.attendance.len() as i64 });
            for a in &m.attendance {
                total.add(a.status);
            }
        }
        totals.extend(total.total_cells(2 + idx.len() as u16));
        totals.push(Cell::Empty);
        expected.extend(std::iter::repeat_n(Cell::Empty, 6));
        rows.push(totals);
        rows.push(expected);
        let columns = quarter_columns(&sittings, &idx, &rows);
        layout::add_grid(
            &mut wb,
            &Grid {
                sheet_name: quarter,
                title: format!("{org}{year}年{quarter}组织生活考勤表"),
                subtitle: format!(
                    "统计日期：{}　本季度会议{}次　√出席　假请假　缺缺席　空白为不需参加；出席率＝实到÷应到；末两行为各次会议的实到、应到人数",
                    chinese_date(today),
                    idx.len()
                ),
                columns,
                rows,
                unit: &org,
                date: today,
                freeze_columns: 2,
            },
        )?;
        quarter_tallies.push(tallies);
    }
    let year_rows: Vec<Vec<Cell>> = members
        .iter()
        .enumerate()
        .map(|(n, m)| {
            let mut year_tally = Tally::default();
            for q in &quarter_tallies {
                let t = q.get(&m.id).copied().unwrap_or_default();
                year_tally.expected += t.expected;
                year_tally.present += t.present;
                year_tally.leave += t.leave;
                year_tally.absent += t.absent;
            }
            let mut row = vec![Cell::count(n + 1), Cell::text(m.name.as_str()), Cell::text(m.group.as_str())];
            row.extend(year_tally.cells());
            for q in &quarter_tallies {
                let t = q.get(&m.id).copied().unwrap_or_default();
                row.push(rate_cell(t.present, t.expected));
            }
            row.push(Cell::text(m.note.as_str()));
            row
        })
        .collect();
    ledger_sheet::add_table(
        &mut wb,
        &LedgerTable {
            sheet_name: YEAR_SHEET,
            title: format!("{org}{year}年党员参加组织生活情况汇总"),
            subtitle: format!(
                "统计日期：{}　全年会议{}次　应到为应参加的次数；出席率＝实到÷应到",
                chinese_date(today),
                sittings.len()
            ),
            columns: &YEAR_COLUMNS,
            rows: &year_rows,
            unit: &org,
            date: today,
            freeze_columns: 2,
        },
    )?;
    ledger_sheet::save(&mut wb, path)?;
    Ok(MeetingSheetSummary { path: path.display().to_string(), rows: members.len() as u32 })
}

const YEAR_COLUMNS: [TableColumn; 13] = [
    TableColumn::centered("序号"),
    TableColumn::centered("姓名"),
    TableColumn::left("党小组", 16.0),
    TableColumn::centered("应到"),
    TableColumn::centered("实到"),
    TableColumn::centered("请假"),
    TableColumn::centered("缺席"),
    TableColumn::centered("出席率"),
    TableColumn::centered("第一季度出席率"),
    TableColumn::centered("第二季度出席率"),
    TableColumn::centered("第三季度出席率"),
    TableColumn::centered("第四季度出席率"),
    TableColumn::left("备注", 24.0),
];

/// The members on the roll in the year (exempt ones last), then anyone else listed in a sitting's
/// attendance (e.g. a member of another organisation who joined a 支部大会).
fn book_members(conn: &rusqlite::Connection, org_id: i64, year: i32, sittings: &[Meeting]) -> Result<Vec<BookMember>> {
    let roll = read::roll(conn, org_id, year, Scope::Own)?;
    let mut out: Vec<BookMember> = roll
        .iter()
        .map(|m| BookMember {
            id: m.id,
            name: m.name.clone(),
            group: m.group_name.clone().unwrap_or_default(),
            exempt: m.attendance_exempt,
            note: member_note(m, year),
        })
        .collect();
    out.sort_by_key(|m| m.exempt);
    for m in sittings {
        for a in &m.attendance {
            if !out.iter().any(|x| x.id == a.member_id) {
                out.push(BookMember {
                    id: a.member_id,
                    name: a.name.clone(),
                    group: String::new(),
                    exempt: false,
                    note: "非本组织在册党员".to_string(),
                });
            }
        }
    }
    Ok(out)
}

fn quarter_columns(sittings: &[Meeting], idx: &[usize], rows: &[Vec<Cell>]) -> Vec<GridColumn> {
    let rows = shown_rows(rows);
    let names = rows.iter().map(|r| display_width(&r[1]));
    let mut cols = vec![
        GridColumn { header: "序号".to_string(), width: 5.5, centered: true },
        GridColumn::fitted("姓名", names, true, 12.0),
    ];
    for &i in idx {
        let m = &sittings[i];
        let kinds: Vec<String> = m.types.iter().map(|t| layout::two_per_line(t.label())).collect();
        cols.push(GridColumn {
            header: format!("{}/{}\n{}", m.date.month(), m.date.day(), kinds.join("\n")),
            width: MEETING_WIDTH,
            centered: true,
        });
    }
    for h in ["应到", "实到", "请假", "缺席"] {
        cols.push(GridColumn { header: h.to_string(), width: 5.5, centered: true });
    }
    cols.push(GridColumn { header: "出席率".to_string(), width: 8.0, centered: true });
    let notes = rows.iter().map(|r| r.last().map(|s| display_width(s)).unwrap_or(0));
    cols.push(GridColumn::fitted("备注", notes, false, 20.0));
    cols
}
