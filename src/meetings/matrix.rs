//! The yearly attendance matrix (组织生活考勤册): the organisation's meetings of the year as columns,
//! its members on the roll at some time in the year as rows, each cell the member's attendance at that
//! sitting (None: not expected — not yet joined, already left, exempt, or not of that audience), with
//! each member's counts and rate. 谈心谈话 and 志愿服务 are not meetings and are left out.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::expected::Audience;
use super::list::{list_activities, ActivityFilter, ActivityRow};
use crate::error::Result;
use crate::model::AttendanceStatus;
use crate::store::roll::{self, RollOrder, RollScope};
use crate::store::Ledger;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MatrixRow {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub name: String,
    pub group_name: Option<String>,
    pub attendance_exempt: bool,
    /// One cell per meeting, in the order of `AttendanceMatrix::meetings`.
    pub cells: Vec<Option<AttendanceStatus>>,
    pub expected: u32,
    pub present: u32,
    pub leave: u32,
    pub absent: u32,
    /// present / expected in ‰ (None when expected at none).
    pub rate_permille: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AttendanceMatrix {
    pub year: i32,
    pub meetings: Vec<ActivityRow>,
    pub members: Vec<MatrixRow>,
}

/// The matrix of `org_id`'s subtree for `year`.
pub fn attendance_matrix(ledger: &Ledger, org_id: i64, year: i32) -> Result<AttendanceMatrix> {
    let conn = ledger.conn();
    let filter = ActivityFilter { org_id: Some(org_id), year, ..Default::default() };
    let meetings: Vec<ActivityRow> =
        list_activities(ledger, &filter)?.into_iter().filter(|r| Audience::of(&r.types) != Audience::Named).collect();
    let column: HashMap<i64, usize> = meetings.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let (from, to) = super::hours::year_span(year)?;
    let mut members: Vec<MatrixRow> =
        roll::members_between(conn, RollScope::Subtree(org_id), from, to, RollOrder::Entered)?
            .into_iter()
            .map(|m| MatrixRow {
                member_id: m.id,
                name: m.name,
                group_name: m.group_name,
                attendance_exempt: m.attendance_exempt,
                cells: vec![None; meetings.len()],
                expected: 0,
                present: 0,
                leave: 0,
                absent: 0,
                rate_permille: None,
            })
            .collect();
    let row: HashMap<i64, usize> = members.iter().enumerate().map(|(i, m)| (m.member_id, i)).collect();
    let mut stmt = conn.prepare_cached("SELECT member_id, status FROM attendance WHERE activity_id = ?1")?;
    for m in &meetings {
        let c = column[&m.id];
        let mut rows = stmt.query([m.id])?;
        while let Some(r) = rows.next()? {
            if let Some(&i) = row.get(&r.get::<_, i64>(0)?) {
                members[i].cells[c] = Some(r.get(1)?);
            }
        }
    }
    for m in &mut members {
        for cell in m.cells.iter().flatten() {
            m.expected += 1;
            match cell {
                AttendanceStatus::Present => m.present += 1,
                AttendanceStatus::Leave => m.leave += 1,
                AttendanceStatus::Absent => m.absent += 1,
            }
        }
        m.rate_permille = super::hours::rate_permille(m.present, m.expected);
    }
    Ok(AttendanceMatrix { year, meetings, members })
}
