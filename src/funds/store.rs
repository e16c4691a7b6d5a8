//! Every SQL statement of the funds tables: remittances, spending, 走访慰问, and the meetings a use
//! of money may cite as its collective decision.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::records::{CareVisit, FundSource, Occasion, Purpose, Remittance, Spending};
use crate::error::{Error, Result};
use crate::model::ActivityType;

/// The organisations of `org_id`'s subtree, or every organisation of the ledger.
pub fn scope_ids(conn: &Connection, org_id: Option<i64>) -> Result<Vec<i64>> {
    match org_id {
        Some(id) => {
            crate::store::orgs::name_of(conn, id)?;
            crate::store::orgs::subtree_ids(conn, id)
        }
        None => {
            let mut stmt = conn.prepare("SELECT id FROM organizations ORDER BY id")?;
            let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
            Ok(ids)
        }
    }
}

/// Every day a record may carry (stored as `YYYY-MM-DD`, so the bounds compare as text too).
pub const ALL_DAYS: (NaiveDate, NaiveDate) =
    match (NaiveDate::from_ymd_opt(1, 1, 1), NaiveDate::from_ymd_opt(9999, 12, 31)) {
        (Some(a), Some(b)) => (a, b),
        _ => panic!("valid bounds"),
    };

fn in_list(n: usize) -> String {
    // No organisation: `IN (NULL)` matches nothing, and no argument is bound for it.
    if n == 0 {
        return "NULL".to_string();
    }
    vec!["?"; n].join(",")
}

/// A remittance row as stored (also what the recycle bin keeps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemittanceRow {
    pub id: i64,
    pub org_id: i64,
    pub remitted_on: NaiveDate,
    pub from_month: String,
    pub to_month: String,
    pub amount_fen: i64,
    pub receipt_no: Option<String>,
    pub handed_by: Option<String>,
    pub note: Option<String>,
    pub created_at: String,
}

const REMIT_COLUMNS: &str =
    "r.id, r.org_id, r.remitted_on, r.from_month, r.to_month, r.amount_fen, r.receipt_no, r.handed_by, r.note, r.created_at, o.key";

fn remit_from_row(row: &Row) -> rusqlite::Result<(RemittanceRow, String)> {
    Ok((
        RemittanceRow {
            id: row.get(0)?,
            org_id: row.get(1)?,
            remitted_on: row.get(2)?,
            from_month: row.get(3)?,
            to_month: row.get(4)?,
            amount_fen: row.get(5)?,
            receipt_no: row.get(6)?,
            handed_by: row.get(7)?,
            note: row.get(8)?,
            created_at: row.get(9)?,
        },
        row.get(10)?,
    ))
}

fn remittance_of((r, org): (RemittanceRow, String)) -> Remittance {
    Remittance {
        id: r.id,
        org_id: r.org_id,
        org,
        remitted_on: r.remitted_on,
        from_month: r.from_month,
        to_month: r.to_month,
        amount_fen: r.amount_fen,
        receipt_no: r.receipt_no,
        handed_by: r.handed_by,
        note: r.note,
    }
}

/// Writes a remittance row (a new one when `row.id` is 0, else back under its id); returns the id.
pub fn insert_remittance(conn: &Connection, row: &RemittanceRow) -> Result<i64> {
    conn.execute(
        "INSERT INTO dues_remittances(id, org_id, remitted_on, from_month, to_month, amount_fen, receipt_no, handed_by, note, created_at)
         VALUES (NULLIF(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            row.id,
            row.org_id,
            row.remitted_on,
            row.from_month,
            row.to_month,
            row.amount_fen,
            row.receipt_no,
            row.handed_by,
            row.note,
            row.created_at
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn remittance_row(conn: &Connection, id: i64) -> Result<RemittanceRow> {
    conn.query_row(
        &format!(
            "SELECT {REMIT_COLUMNS} FROM dues_remittances r JOIN organizations o ON o.id = r.org_id WHERE r.id = ?1"
        ),
        [id],
        remit_from_row,
    )
    .optional()?
    .map(|(r, _)| r)
    .ok_or(Error::NotFound { what: "党费上缴记录", key: id.to_string() })
}

pub fn remittance(conn: &Connection, id: i64) -> Result<Remittance> {
    conn.query_row(
        &format!(
            "SELECT {REMIT_COLUMNS} FROM dues_remittances r JOIN organizations o ON o.id = r.org_id WHERE r.id = ?1"
        ),
        [id],
        remit_from_row,
    )
    .optional()?
    .map(remittance_of)
    .ok_or(Error::NotFound { what: "党费上缴记录", key: id.to_string() })
}

pub fn delete_remittance_row(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM dues_remittances WHERE id = ?1", [id])?;
    Ok(())
}

/// Remittances of the organisations covering any month of `first..=last` (`YYYY-MM`), in order of
/// their last covered month and date.
pub fn remittances(conn: &Connection, org_ids: &[i64], first: &str, last: &str) -> Result<Vec<Remittance>> {
    let sql = format!(
        "SELECT {REMIT_COLUMNS} FROM dues_remittances r JOIN organizations o ON o.id = r.org_id
         WHERE r.to_month >= ? AND r.from_month <= ? AND r.org_id IN ({}) ORDER BY r.to_month, r.remitted_on, r.id",
        in_list(org_ids.len())
    );
    let mut stmt = conn.prepare(&sql)?;
    let args: Vec<rusqlite::types::Value> = [first.to_string().into(), last.to_string().into()]
        .into_iter()
        .chain(org_ids.iter().map(|&i| i.into()))
        .collect();
    let rows = stmt.query_map(params_from_iter(args), remit_from_row)?;
    Ok(rows.map(|r| r.map(remittance_of)).collect::<rusqlite::Result<_>>()?)
}

/// A spending row as stored (also what the recycle bin keeps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendingRow {
    pub id: i64,
    pub org_id: i64,
    pub spent_on: NaiveDate,
    pub amount_fen: i64,
    pub source: String,
    pub purpose: String,
    pub payee: Option<String>,
    pub approved_by: Option<i64>,
    pub note: Option<String>,
    pub created_at: String,
    /// The budget line of work funds it counts against (migration 8; absent in older bin entries).
    #[serde(default)]
    pub budget_line_id: Option<i64>,
    #[serde(default)]
    pub receipt_no: Option<String>,
    /// The receipts' scans: read only when the row goes into the recycle bin, written back with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub receipts: Vec<super::receipts::Receipt>,
}

const SPEND_COLUMNS: &str =
    "s.id, s.org_id, s.spent_on, s.amount_fen, s.source, s.purpose, s.payee, s.approved_by, s.note, s.created_at,
     o.key, a.key, a.date, a.topic, a.deleted_at,
     (SELECT group_concat(t.type) FROM activity_types t WHERE t.activity_id = s.approved_by),
     s.budget_line_id, s.receipt_no, b.item,
     (SELECT count(*) FROM fund_receipts r WHERE r.spending_id = s.id)";
const SPEND_FROM: &str =
    "FROM fund_spending s JOIN organizations o ON o.id = s.org_id LEFT JOIN activities a ON a.id = s.approved_by
     LEFT JOIN fund_budget_lines b ON b.id = s.budget_line_id";

type SpendJoined = (
    SpendingRow,
    String,
    Option<String>,
    Option<NaiveDate>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    u32,
);

fn spend_from_row(row: &Row) -> rusqlite::Result<SpendJoined> {
    Ok((
        SpendingRow {
            id: row.get(0)?,
            org_id: row.get(1)?,
            spent_on: row.get(2)?,
            amount_fen: row.get(3)?,
            source: row.get(4)?,
            purpose: row.get(5)?,
            payee: row.get(6)?,
            approved_by: row.get(7)?,
            note: row.get(8)?,
            created_at: row.get(9)?,
            budget_line_id: row.get(16)?,
            receipt_no: row.get(17)?,
            receipts: Vec::new(),
        },
        row.get(10)?,
        row.get(11)?,
        row.get(12)?,
        row.get(13)?,
        row.get(14)?,
        row.get(15)?,
        row.get(18)?,
        row.get(19)?,
    ))
}

fn spending_of(j: SpendJoined) -> Result<Spending> {
    let (r, org, a_key, a_date, a_topic, a_deleted, a_types, budget_item, receipt_files) = j;
    let purpose = Purpose::parse(&r.purpose)
        .ok_or_else(|| Error::Internal(format!("数据库中的支出用途“{}”无法识别", r.purpose)))?;
    let source = FundSource::parse(&r.source)
        .ok_or_else(|| Error::Internal(format!("数据库中的经费来源“{}”无法识别", r.source)))?;
    let purpose_label = match (purpose, r.note.as_deref()) {
        (Purpose::Other, Some(n)) => format!("其他（{n}）"),
        _ => purpose.label().to_string(),
    };
    let approval = match (a_date, a_topic) {
        (Some(date), Some(topic)) => {
            let labels: Vec<&str> = a_types
                .as_deref()
                .unwrap_or("")
                .split(',')
                .filter_map(ActivityType::from_code)
                .map(ActivityType::label)
                .collect();
            let gone = if a_deleted.is_some() { "（已删除）" } else { "" };
            let day = crate::model::dates::chinese_date(date);
            Some(format!("{day} {}“{topic}”{gone}", labels.join("·")))
        }
        _ => None,
    };
    Ok(Spending {
        id: r.id,
        org_id: r.org_id,
        org,
        spent_on: r.spent_on,
        amount_fen: r.amount_fen,
        source,
        purpose,
        purpose_label,
        payee: r.payee,
        approved_by: r.approved_by,
        approved_by_key: a_key,
        approval,
        approval_in_bin: a_deleted.is_some(),
        note: r.note,
        budget_line_id: r.budget_line_id,
        budget_item,
        receipt_no: r.receipt_no,
        receipt_files,
    })
}

pub fn insert_spending(conn: &Connection, row: &SpendingRow) -> Result<i64> {
    conn.execute(
        "INSERT INTO fund_spending(id, org_id, spent_on, amount_fen, source, purpose, payee, approved_by, note, created_at,
                                   budget_line_id, receipt_no)
         VALUES (NULLIF(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            row.id,
            row.org_id,
            row.spent_on,
            row.amount_fen,
            row.source,
            row.purpose,
            row.payee,
            row.approved_by,
            row.note,
            row.created_at,
            row.budget_line_id,
            row.receipt_no
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn spending_row(conn: &Connection, id: i64) -> Result<SpendingRow> {
    conn.query_row(&format!("SELECT {SPEND_COLUMNS} {SPEND_FROM} WHERE s.id = ?1"), [id], spend_from_row)
        .optional()?
        .map(|j| j.0)
        .ok_or(Error::NotFound { what: "支出记录", key: id.to_string() })
}

pub fn spending(conn: &Connection, id: i64) -> Result<Spending> {
    let j = conn
        .query_row(&format!("SELECT {SPEND_COLUMNS} {SPEND_FROM} WHERE s.id = ?1"), [id], spend_from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "支出记录", key: id.to_string() })?;
    spending_of(j)
}

pub fn delete_spending_row(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("UPDATE care_visits SET spending_id = NULL WHERE spending_id = ?1", [id])?;
    conn.execute("DELETE FROM fund_spending WHERE id = ?1", [id])?;
    Ok(())
}

/// Spending of the organisations dated `first..=last`, in date order.
pub fn spendings(conn: &Connection, org_ids: &[i64], first: NaiveDate, last: NaiveDate) -> Result<Vec<Spending>> {
    let sql = format!(
        "SELECT {SPEND_COLUMNS} {SPEND_FROM} WHERE s.spent_on BETWEEN ? AND ? AND s.org_id IN ({})
         ORDER BY s.spent_on, s.id",
        in_list(org_ids.len())
    );
    let mut stmt = conn.prepare(&sql)?;
    let args: Vec<rusqlite::types::Value> = [first.to_string().into(), last.to_string().into()]
        .into_iter()
        .chain(org_ids.iter().map(|&i| i.into()))
        .collect();
    let rows = stmt.query_map(params_from_iter(args), spend_from_row)?;
    rows.map(|r| spending_of(r?)).collect()
}

/// A meeting a use of money may cite: the activity's key, organisation, date, types, and whether
/// it is in the recycle bin.
#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: i64,
    pub key: String,
    pub org_id: i64,
    pub date: NaiveDate,
    pub topic: String,
    pub types: Vec<ActivityType>,
    pub deleted: bool,
}

pub fn meeting(conn: &Connection, id: i64) -> Result<Option<Meeting>> {
    let row = conn
        .query_row(
            "SELECT a.id, a.key, a.org_id, a.date, a.topic, a.deleted_at IS NOT NULL,
                    (SELECT group_concat(t.type) FROM activity_types t WHERE t.activity_id = a.id)
             FROM activities a WHERE a.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, NaiveDate>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, bool>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            },
        )
        .optional()?;
    Ok(row.map(|(id, key, org_id, date, topic, deleted, types)| Meeting {
        id,
        key,
        org_id,
        date,
        topic,
        types: types.as_deref().unwrap_or("").split(',').filter_map(ActivityType::from_code).collect(),
        deleted,
    }))
}

/// The id of the activity with `key`, if any.
pub fn meeting_id_by_key(conn: &Connection, key: &str) -> Result<Option<i64>> {
    Ok(conn.query_row("SELECT id FROM activities WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

/// A visit row as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRow {
    pub id: i64,
    pub org_id: i64,
    pub member_id: i64,
    pub visited_on: NaiveDate,
    pub occasion: String,
    pub visitors: String,
    pub given: Option<String>,
    pub amount_fen: Option<i64>,
    pub spending_id: Option<i64>,
    pub follow_up: Option<String>,
    pub created_at: String,
}

const VISIT_COLUMNS: &str = "v.id, v.org_id, v.member_id, v.visited_on, v.occasion, v.visitors, v.given, v.amount_fen,
     v.spending_id, v.follow_up, v.created_at, o.key, m.key, m.name";
const VISIT_FROM: &str =
    "FROM care_visits v JOIN organizations o ON o.id = v.org_id JOIN members m ON m.id = v.member_id";

fn visit_from_row(row: &Row) -> rusqlite::Result<(VisitRow, String, String, String)> {
    Ok((
        VisitRow {
            id: row.get(0)?,
            org_id: row.get(1)?,
            member_id: row.get(2)?,
            visited_on: row.get(3)?,
            occasion: row.get(4)?,
            visitors: row.get(5)?,
            given: row.get(6)?,
            amount_fen: row.get(7)?,
            spending_id: row.get(8)?,
            follow_up: row.get(9)?,
            created_at: row.get(10)?,
        },
        row.get(11)?,
        row.get(12)?,
        row.get(13)?,
    ))
}

fn visit_of((v, org, member, member_name): (VisitRow, String, String, String)) -> Result<CareVisit> {
    let occasion = Occasion::parse(&v.occasion)
        .ok_or_else(|| Error::Internal(format!("数据库中的慰问事由“{}”无法识别", v.occasion)))?;
    Ok(CareVisit {
        id: v.id,
        org_id: v.org_id,
        org,
        member_id: v.member_id,
        member,
        member_name,
        visited_on: v.visited_on,
        occasion,
        visitors: v.visitors,
        given: v.given,
        amount_fen: v.amount_fen,
        spending_id: v.spending_id,
        follow_up: v.follow_up,
    })
}

pub fn insert_visit(conn: &Connection, row: &VisitRow) -> Result<i64> {
    conn.execute(
        "INSERT INTO care_visits(id, org_id, member_id, visited_on, occasion, visitors, given, amount_fen, spending_id, follow_up, created_at)
         VALUES (NULLIF(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            row.id,
            row.org_id,
            row.member_id,
            row.visited_on,
            row.occasion,
            row.visitors,
            row.given,
            row.amount_fen,
            row.spending_id,
            row.follow_up,
            row.created_at
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn visit_row(conn: &Connection, id: i64) -> Result<VisitRow> {
    conn.query_row(&format!("SELECT {VISIT_COLUMNS} {VISIT_FROM} WHERE v.id = ?1"), [id], visit_from_row)
        .optional()?
        .map(|j| j.0)
        .ok_or(Error::NotFound { what: "走访慰问记录", key: id.to_string() })
}

pub fn visit(conn: &Connection, id: i64) -> Result<CareVisit> {
    let j = conn
        .query_row(&format!("SELECT {VISIT_COLUMNS} {VISIT_FROM} WHERE v.id = ?1"), [id], visit_from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "走访慰问记录", key: id.to_string() })?;
    visit_of(j)
}

pub fn delete_visit_row(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM care_visits WHERE id = ?1", [id])?;
    Ok(())
}

/// Visits by the organisations dated `first..=last`, in date order.
pub fn visits(conn: &Connection, org_ids: &[i64], first: NaiveDate, last: NaiveDate) -> Result<Vec<CareVisit>> {
    let sql = format!(
        "SELECT {VISIT_COLUMNS} {VISIT_FROM} WHERE v.visited_on BETWEEN ? AND ? AND v.org_id IN ({})
         ORDER BY v.visited_on, v.id",
        in_list(org_ids.len())
    );
    let mut stmt = conn.prepare(&sql)?;
    let args: Vec<rusqlite::types::Value> = [first.to_string().into(), last.to_string().into()]
        .into_iter()
        .chain(org_ids.iter().map(|&i| i.into()))
        .collect();
    let rows = stmt.query_map(params_from_iter(args), visit_from_row)?;
    rows.map(|r| visit_of(r?)).collect()
}

/// The first year any dues were paid for, or money remitted or spent, by the organisations (the
/// ledger's money history starts there).
pub fn first_money_year(conn: &Connection, org_ids: &[i64]) -> Result<Option<i32>> {
    let list = in_list(org_ids.len());
    let sql = format!(
        "SELECT min(y) FROM (
            SELECT min(substr(p.month, 1, 4)) AS y FROM dues_payments p JOIN members m ON m.id = p.member_id WHERE m.org_id IN ({list})
            UNION ALL SELECT min(substr(from_month, 1, 4)) FROM dues_remittances WHERE org_id IN ({list})
            UNION ALL SELECT min(substr(spent_on, 1, 4)) FROM fund_spending WHERE org_id IN ({list}))"
    );
    let args: Vec<i64> = org_ids.iter().chain(org_ids).chain(org_ids).copied().collect();
    let y: Option<String> = conn.query_row(&sql, params_from_iter(args), |r| r.get(0))?;
    Ok(y.and_then(|y| y.parse().ok()))
}

/// Settings of the funds, by name (`funds.*`), as stored.
pub fn settings(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut stmt = conn.prepare("SELECT name, value FROM settings WHERE name LIKE 'funds.%'")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The 支委会 and 党员大会 records of `org_id` and the organisations above it dated up to `until`,
/// newest first: the meetings a use of money on that day may cite.
pub fn decision_meetings(conn: &Connection, org_id: i64, until: NaiveDate) -> Result<Vec<Meeting>> {
    let mut stmt = conn.prepare(
        "WITH RECURSIVE up(id) AS (SELECT ?1 UNION ALL SELECT o.parent_id FROM organizations o JOIN up ON o.id = up.id
                                    WHERE o.parent_id IS NOT NULL)
         SELECT a.id FROM activities a
         WHERE a.deleted_at IS NULL AND a.date <= ?2 AND a.org_id IN (SELECT id FROM up)
           AND EXISTS (SELECT 1 FROM activity_types t WHERE t.activity_id = a.id
                       AND t.type IN ('committee_meeting', 'party_congress'))
         ORDER BY a.date DESC, a.id DESC LIMIT 200",
    )?;
    let ids = stmt.query_map(params![org_id, until], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.extend(meeting(conn, id)?);
    }
    Ok(out)
}

/// A budget line as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLineRow {
    pub id: i64,
    pub org_id: i64,
    pub year: i32,
    pub item: String,
    pub amount_fen: i64,
    pub note: Option<String>,
}

fn budget_line_from_row(r: &Row) -> rusqlite::Result<BudgetLineRow> {
    Ok(BudgetLineRow {
        id: r.get(0)?,
        org_id: r.get(1)?,
        year: r.get(2)?,
        item: r.get(3)?,
        amount_fen: r.get(4)?,
        note: r.get(5)?,
    })
}

/// The budget lines of one organisation's year, in the order they were entered.
pub fn budget_lines(conn: &Connection, org_id: i64, year: i32) -> Result<Vec<BudgetLineRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, org_id, year, item, amount_fen, note FROM fund_budget_lines WHERE org_id = ?1 AND year = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![org_id, year], budget_line_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every budget line of the ledger (the data package).
pub fn all_budget_lines(conn: &Connection) -> Result<Vec<BudgetLineRow>> {
    let mut stmt = conn
        .prepare("SELECT id, org_id, year, item, amount_fen, note FROM fund_budget_lines ORDER BY org_id, year, id")?;
    let rows = stmt.query_map([], budget_line_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn budget_line(conn: &Connection, id: i64) -> Result<Option<BudgetLineRow>> {
    Ok(conn
        .query_row(
            "SELECT id, org_id, year, item, amount_fen, note FROM fund_budget_lines WHERE id = ?1",
            [id],
            budget_line_from_row,
        )
        .optional()?)
}

pub fn budget_line_by_item(conn: &Connection, org_id: i64, year: i32, item: &str) -> Result<Option<BudgetLineRow>> {
    Ok(conn
        .query_row(
            "SELECT id, org_id, year, item, amount_fen, note FROM fund_budget_lines WHERE org_id = ?1 AND year = ?2 AND item = ?3",
            params![org_id, year, item],
            budget_line_from_row,
        )
        .optional()?)
}

/// Writes a budget line: a new one, or the amount and note of the line with the same item.
pub fn upsert_budget_line(conn: &Connection, row: &BudgetLineRow) -> Result<i64> {
    conn.execute(
        "INSERT INTO fund_budget_lines(org_id, year, item, amount_fen, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (org_id, year, item) DO UPDATE SET amount_fen = excluded.amount_fen, note = excluded.note",
        params![row.org_id, row.year, row.item, row.amount_fen, row.note, crate::store::now_stamp()],
    )?;
    Ok(conn.query_row(
        "SELECT id FROM fund_budget_lines WHERE org_id = ?1 AND year = ?2 AND item = ?3",
        params![row.org_id, row.year, row.item],
        |r| r.get(0),
    )?)
}

/// Removes a budget line; the uses of money that counted against it keep their record, without it.
pub fn delete_budget_line(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("UPDATE fund_spending SET budget_line_id = NULL WHERE budget_line_id = ?1", [id])?;
    conn.execute("DELETE FROM fund_budget_lines WHERE id = ?1", [id])?;
    Ok(())
}

/// What the uses of money counted against a budget line add up to (`except`: leave one use out).
pub fn spent_on_line(conn: &Connection, line_id: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(amount_fen), 0) FROM fund_spending WHERE budget_line_id = ?1",
        [line_id],
        |r| r.get(0),
    )?)
}

/// Money received into the work funds, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeRow {
    pub id: i64,
    pub org_id: i64,
    pub received_on: NaiveDate,
    pub amount_fen: i64,
    pub kind: String,
    pub note: Option<String>,
    pub created_at: String,
}

fn income_from_row(r: &Row) -> rusqlite::Result<IncomeRow> {
    Ok(IncomeRow {
        id: r.get(0)?,
        org_id: r.get(1)?,
        received_on: r.get(2)?,
        amount_fen: r.get(3)?,
        kind: r.get(4)?,
        note: r.get(5)?,
        created_at: r.get(6)?,
    })
}

const INCOME_COLUMNS: &str = "id, org_id, received_on, amount_fen, kind, note, created_at";

pub fn insert_income(conn: &Connection, row: &IncomeRow) -> Result<i64> {
    conn.execute(
        "INSERT INTO fund_income(id, org_id, received_on, amount_fen, kind, note, created_at)
         VALUES (NULLIF(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7)",
        params![row.id, row.org_id, row.received_on, row.amount_fen, row.kind, row.note, row.created_at],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn income_row(conn: &Connection, id: i64) -> Result<IncomeRow> {
    conn.query_row(&format!("SELECT {INCOME_COLUMNS} FROM fund_income WHERE id = ?1"), [id], income_from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "经费收入记录", key: id.to_string() })
}

pub fn delete_income_row(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM fund_income WHERE id = ?1", [id])?;
    Ok(())
}

/// Income of the organisations dated `first..=last`, in date order.
pub fn incomes(conn: &Connection, org_ids: &[i64], first: NaiveDate, last: NaiveDate) -> Result<Vec<IncomeRow>> {
    let sql = format!(
        "SELECT {INCOME_COLUMNS} FROM fund_income WHERE received_on BETWEEN ? AND ? AND org_id IN ({})
         ORDER BY received_on, id",
        in_list(org_ids.len())
    );
    let mut stmt = conn.prepare(&sql)?;
    let args: Vec<rusqlite::types::Value> = [first.to_string().into(), last.to_string().into()]
        .into_iter()
        .chain(org_ids.iter().map(|&i| i.into()))
        .collect();
    let rows = stmt.query_map(params_from_iter(args), income_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The 困难党员 marks: member id → (reason, day marked).
pub fn hardship_marks(conn: &Connection) -> Result<HashMap<i64, (String, NaiveDate)>> {
    let mut stmt = conn.prepare("SELECT member_id, reason, marked_on FROM member_hardship")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks a member as 困难党员 with the reason (replacing an earlier mark), or removes the mark.
pub fn set_hardship(conn: &Connection, member_id: i64, mark: Option<(&str, NaiveDate)>) -> Result<()> {
    match mark {
        Some((reason, on)) => conn.execute(
            "INSERT INTO member_hardship(member_id, reason, marked_on) VALUES (?1, ?2, ?3)
             ON CONFLICT (member_id) DO UPDATE SET reason = excluded.reason, marked_on = excluded.marked_on",
            params![member_id, reason, on],
        )?,
        None => conn.execute("DELETE FROM member_hardship WHERE member_id = ?1", [member_id])?,
    };
    Ok(())
}

/// The use of money a visit's 慰问金 was recorded as (the data package's `with_spending`): of the
/// organisation on `on`, of `fen`, purpose care_visit, not yet linked to a visit; the first such.
pub fn unlinked_care_spending(conn: &Connection, org_id: i64, on: NaiveDate, fen: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT s.id FROM fund_spending s WHERE s.org_id = ?1 AND s.spent_on = ?2 AND s.amount_fen = ?3
               AND s.purpose = 'care_visit' AND NOT EXISTS (SELECT 1 FROM care_visits v WHERE v.spending_id = s.id)
             ORDER BY s.id LIMIT 1",
            params![org_id, on, fen],
            |r| r.get(0),
        )
        .optional()?)
}
