//! Roster export: the 党员花名册 in the column order of the national 《党员基本信息汇总表》
//! (`national-rules.md` §5) for the members on the roster of an organisation and everything under it,
//! plus a second sheet listing the members who left (with when, why and where to), so nothing kept
//! in the ledger is missing from the file.
//!
//! Dates are Excel dates shown `YYYY-MM-DD` (the same in Excel, WPS and LibreOffice whatever the
//! locale; they sort and filter as dates, and the import reads them back); 序号 is a number; ID and
//! phone numbers are text.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::error::Result;
use crate::import::roster::ExportSummary;
use crate::model::Member;
use crate::store::members::{self, MemberFilter, Presence};
use crate::store::orgs;
use crate::workbook::cell::Cell;
use crate::workbook::table::{self as ledger_sheet, chinese_date, LedgerTable, TableColumn};
use crate::Ledger;

pub const ROSTER_SHEET: &str = "党员花名册";
pub const LEFT_SHEET: &str = "已离开党员";

/// 《党员基本信息汇总表》 columns, in order, with the member's 党小组 and 党内职务 after the branch.
pub const ROSTER_COLUMNS: [TableColumn; 23] = [
    TableColumn::centered("序号"),
    TableColumn::centered("姓名"),
    TableColumn::left("所在党支部", 18.0),
    TableColumn::left("党小组", 10.0),
    TableColumn::left("党内职务", 14.0),
    TableColumn::centered("公民身份证号"),
    TableColumn::centered("性别"),
    TableColumn::centered("民族"),
    TableColumn::centered("出生日期"),
    TableColumn::centered("学历"),
    TableColumn::centered("人员类别"),
    TableColumn::centered("加入党组织日期"),
    TableColumn::centered("转为正式党员日期"),
    TableColumn::left("工作岗位", 14.0),
    TableColumn::centered("手机号"),
    TableColumn::centered("固定电话"),
    TableColumn::left("家庭住址", 24.0),
    TableColumn::centered("党籍状态"),
    TableColumn::centered("是否为失联党员"),
    TableColumn::centered("失去联系日期"),
    TableColumn::centered("是否为流动党员"),
    TableColumn::left("外出流向", 14.0),
    TableColumn::left("备注", 16.0),
];

const LEFT_EXTRA: [TableColumn; 3] =
    [TableColumn::centered("离开日期"), TableColumn::centered("离开原因"), TableColumn::left("去向", 18.0)];

/// Writes the roster of `org_id` and the organisations under it to `path` (replacing the file), with
/// the ID numbers masked when `mask_ids`.
pub fn export(ledger: &Ledger, org_id: i64, path: &Path, today: NaiveDate, mask_ids: bool) -> Result<ExportSummary> {
    let conn = ledger.conn();
    let org_name = orgs::name_of(conn, org_id)?;
    let mut all =
        members::list(conn, &MemberFilter { org_id: Some(org_id), presence: Presence::All, ..Default::default() })?;
    let shorts = orgs::short_names(conn)?;
    let duties = party_duties(&orgs::list(conn)?, &all, &shorts, today);
    for m in &mut all {
        if mask_ids {
            m.fields.id_number = m.fields.id_number.as_deref().map(crate::model::id_number::mask);
        }
        // The 所在党支部 column: the branch's short name (`OrgFields::short`).
        if let Some(s) = shorts.get(&m.fields.org_id) {
            m.org_name.clone_from(s);
        }
    }
    write_roster(&all, &duties, &org_name, today, path)
}

/// Each member's 党内职务 on `today`, by member id: the 党内职务 cell's text (see `party_duties`).
pub type Duties = HashMap<i64, String>;

/// Each member's 党内职务 on `today`: the committee posts held (书记, 组织委员 …) and 党小组组长; a post
/// in another organisation than the member's own is named with its short name (`镇党委组织委员`).
pub fn party_duties(
    orgs: &[crate::model::Organization],
    members: &[Member],
    shorts: &HashMap<i64, String>,
    today: NaiveDate,
) -> Duties {
    let own: HashMap<i64, i64> = members.iter().map(|m| (m.id, m.fields.org_id)).collect();
    let mut held: HashMap<i64, Vec<String>> = HashMap::new();
    let mut add = |member: i64, org: i64, duty: String| {
        let text = match (own.get(&member), shorts.get(&org)) {
            (Some(o), Some(short)) if *o != org => format!("{short}{duty}"),
            _ => duty,
        };
        held.entry(member).or_default().push(text);
    };
    for o in orgs {
        for p in o.positions.iter().filter(|p| crate::model::roll::in_office(p.from, p.to, today)) {
            add(p.member_id, o.id, p.role.label().to_string());
        }
        for g in &o.groups {
            if let Some(leader) = g.leader_id {
                add(leader, o.id, format!("{}组长", g.name));
            }
        }
    }
    held.into_iter().map(|(m, d)| (m, d.join("、"))).collect()
}

/// Writes the roster workbook for these members: the current ones on 党员花名册, those who left
/// on 已离开党员.
pub fn write_roster(
    members: &[Member],
    duties: &Duties,
    org_name: &str,
    today: NaiveDate,
    path: &Path,
) -> Result<ExportSummary> {
    let (current, mut left): (Vec<&Member>, Vec<&Member>) = members.iter().partition(|m| m.left.is_none());
    left.sort_by_key(|m| (m.left.as_ref().map(|l| l.on), m.id));
    let title = format!("{org_name}党员花名册");
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    let rows = roster_rows(&current, duties);
    ledger_sheet::add_table(
        &mut wb,
        &LedgerTable {
            sheet_name: ROSTER_SHEET,
            title,
            subtitle: format!("统计日期：{}　共{}人", chinese_date(today), rows.len()),
            columns: &ROSTER_COLUMNS,
            rows: &rows,
            unit: org_name,
            date: today,
            freeze_columns: 2,
        },
    )?;
    let left_columns: Vec<TableColumn> = ROSTER_COLUMNS.iter().chain(&LEFT_EXTRA).copied().collect();
    let left_rows: Vec<Vec<Cell>> = roster_rows(&left, duties)
        .into_iter()
        .zip(&left)
        .map(|(mut row, m)| {
            let l = m.left.as_ref().expect("partitioned on left");
            row.push(Cell::ShortDate(l.on));
            row.push(Cell::text(l.reason.label()));
            row.push(Cell::text(l.to.clone().unwrap_or_default()));
            row
        })
        .collect();
    ledger_sheet::add_table(
        &mut wb,
        &LedgerTable {
            sheet_name: LEFT_SHEET,
            title: format!("{org_name}已离开党员名单"),
            subtitle: format!(
                "统计日期：{}　共{}人（已转出、去世等，不在花名册中）",
                chinese_date(today),
                left_rows.len()
            ),
            columns: &left_columns,
            rows: &left_rows,
            unit: org_name,
            date: today,
            freeze_columns: 2,
        },
    )?;
    ledger_sheet::save(&mut wb, path)?;
    Ok(ExportSummary { path: path.display().to_string(), rows: rows.len() as u32, left_rows: left_rows.len() as u32 })
}

fn yes_no(b: bool) -> Cell {
    Cell::text(if b { "是" } else { "否" })
}

/// The cells of each roster row, in `ROSTER_COLUMNS` order.
pub fn roster_rows(members: &[&Member], duties: &Duties) -> Vec<Vec<Cell>> {
    members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let f = &m.fields;
            let text = |o: &Option<String>| Cell::text(o.clone().unwrap_or_default());
            vec![
                Cell::count(i + 1),
                Cell::text(f.name.as_str()),
                Cell::text(m.org_name.as_str()),
                text(&m.group_name),
                // Posts held now; a member who left holds none.
                Cell::text(if m.left.is_some() {
                    String::new()
                } else {
                    duties.get(&m.id).cloned().unwrap_or_default()
                }),
                text(&f.id_number),
                Cell::text(f.gender.label()),
                text(&f.ethnicity),
                Cell::ShortDate(f.birth_date),
                text(&f.education),
                Cell::text(f.status.label()),
                Cell::ShortDate(f.joined_on),
                Cell::short_date(f.full_member_on),
                text(&f.post),
                text(&f.phone),
                text(&f.landline),
                text(&f.address),
                Cell::text(f.standing.label()),
                yes_no(f.lost_contact_since.is_some()),
                // Kept as typed; a date when it is one.
                match f.lost_contact_since.as_deref().map(|t| (t, crate::model::dates::parse_date(t))) {
                    Some((_, Some(d))) => Cell::ShortDate(d),
                    _ => text(&f.lost_contact_since),
                },
                yes_no(f.outflow_to.is_some()),
                text(&f.outflow_to),
                text(&f.remark),
            ]
        })
        .collect()
}

/// File name suggested for a roster export: `<组织简称>党员花名册-YYYYMMDD.xlsx`.
pub fn roster_file_name(org: &crate::model::Organization, today: NaiveDate) -> String {
    super::file_name(org, "党员花名册", today)
}
