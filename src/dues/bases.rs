//! Entering what a member's dues are computed from: the monthly base from a month on (typed, or a
//! whole pasted/imported table at once) and the member's own fixed amount (农民/学生/低保 amounts set
//! locally, approved reductions and exemptions).
//!
//! Each action is one transaction with one audit entry; a refused action changes nothing and names
//! the field (`base_fen`, or `rows[3].base_fen` for a table). Saving a value that is already stored
//! changes nothing and writes no audit entry.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::explain::yuan;
use crate::error::{Error, Problem, Result};
use crate::model::dates::Month;
use crate::store::{audit, Ledger};

/// One row of a base table: member id, the month the base applies from, the base in 分.
pub type BaseRow = (i64, Month, i64);

/// What a base table did to the ledger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BasesSummary {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
}

/// What the dues actions need to know about a member: who, and the months they owe dues for.
#[derive(Debug, Clone)]
pub(crate) struct Payer {
    pub name: String,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
}

impl Payer {
    pub fn first_month(&self) -> Month {
        Month::of(self.joined_on)
    }

    pub fn last_month(&self) -> Option<Month> {
        self.left_on.map(Month::of)
    }

    /// Why `month` is not one the member owes dues for, if it is not.
    pub fn not_owed(&self, month: Month, what: &str) -> Option<String> {
        if month < self.first_month() {
            return Some(format!(
                "{what} {month} 早于{}入党的月份 {}（预备党员从支部大会接收之月起缴纳党费）",
                self.name,
                self.first_month()
            ));
        }
        match self.last_month() {
            Some(last) if month > last => {
                Some(format!("{what} {month} 晚于{}离开本组织的月份 {last}（离开后的月份不再缴纳党费）", self.name))
            }
            _ => None,
        }
    }
}

/// The member, or None when there is no member with this id.
pub(crate) fn payer(conn: &Connection, id: i64) -> Result<Option<Payer>> {
    Ok(conn
        .query_row("SELECT name, joined_on, left_on FROM members WHERE id = ?1", [id], |r| {
            Ok(Payer { name: r.get(0)?, joined_on: r.get(1)?, left_on: r.get(2)? })
        })
        .optional()?)
}

/// The member, or `NotFound`.
pub(crate) fn payer_or_not_found(conn: &Connection, id: i64) -> Result<Payer> {
    payer(conn, id)?.ok_or(Error::NotFound { what: "党员", key: id.to_string() })
}

/// Sets the member's monthly base from `from_month` on (replacing the base stored for that month).
/// Refuses a negative base and a month the member does not owe (before joining, after leaving).
/// Returns false when the same base was already stored (nothing written).
pub fn set_base(ledger: &Ledger, member_id: i64, from_month: Month, base_fen: i64) -> Result<bool> {
    ledger.write(|tx| {
        let payer = payer_or_not_found(tx, member_id)?;
        let problems = check_base(&payer, "", from_month, base_fen);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let Some(before) = upsert_base(tx, member_id, from_month, base_fen)? else { return Ok(false) };
        let (action, was) = match before {
            Some(fen) => ("修改", format!("（原为 {} 元）", yuan(fen))),
            None => ("新增", String::new()),
        };
        let summary = format!("设置{}自 {from_month} 起的党费基数为 {} 元{was}", payer.name, yuan(base_fen));
        let detail = before.map(|fen| serde_json::json!({ "from_month": from_month.to_string(), "base_fen": fen }));
        audit::record(tx, action, "dues_base", Some(member_id), &summary, detail.map(|d| d.to_string()).as_deref())?;
        Ok(true)
    })
}

/// Sets the bases of a whole table (typed, pasted, or imported from the payroll workbook): all rows
/// or none. Every problem is located as `rows[i].field`.
pub fn set_bases_bulk(ledger: &Ledger, rows: &[BaseRow]) -> Result<BasesSummary> {
    ledger.write(|tx| {
        let mut problems = Vec::new();
        let mut seen: std::collections::HashMap<(i64, Month), usize> = std::collections::HashMap::new();
        for (i, &(member_id, from_month, base_fen)) in rows.iter().enumerate() {
            let at = format!("rows[{i}].");
            match payer(tx, member_id)? {
                None => {
                    problems.push(Problem::new(format!("{at}member_id"), format!("未找到编号为 {member_id} 的党员")))
                }
                Some(p) => problems.extend(check_base(&p, &at, from_month, base_fen)),
            }
            if let Some(first) = seen.insert((member_id, from_month), i) {
                problems.push(Problem::new(
                    format!("{at}from_month"),
                    format!("与 rows[{first}] 重复：同一党员同一起始月份只能有一个基数"),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut summary = BasesSummary::default();
        let mut changes = Vec::new();
        for &(member_id, from_month, base_fen) in rows {
            match upsert_base(tx, member_id, from_month, base_fen)? {
                None => summary.unchanged += 1,
                Some(before) => {
                    if before.is_some() {
                        summary.updated += 1;
                    } else {
                        summary.added += 1;
                    }
                    changes.push(serde_json::json!({
                        "member_id": member_id, "from_month": from_month.to_string(), "base_fen": base_fen,
                        "before_fen": before
                    }));
                }
            }
        }
        if !changes.is_empty() {
            let text = format!(
                "批量设置党费基数 {} 行：新增 {} 条，修改 {} 条，未变 {} 条",
                rows.len(),
                summary.added,
                summary.updated,
                summary.unchanged
            );
            let detail = serde_json::Value::Array(changes).to_string();
            audit::record(tx, "批量修改", "dues_base", None, &text, Some(&detail))?;
        }
        Ok(summary)
    })
}

/// Sets (Some) or clears (None) the member's own fixed monthly amount, which replaces the bracket
/// and the category's amount; 0 records an approved exemption. Returns false when unchanged.
pub fn set_fixed_amount(ledger: &Ledger, member_id: i64, fixed_fen: Option<i64>) -> Result<bool> {
    ledger.write(|tx| {
        let payer = payer_or_not_found(tx, member_id)?;
        if let Some(fen) = fixed_fen.filter(|f| *f < 0) {
            return Err(Error::invalid("dues_fixed_fen", format!("党费固定金额不能为负数（现为 {} 元）", yuan(fen))));
        }
        if let Some(why) = fixed_fen.and_then(crate::model::money::amount_problem) {
            return Err(Error::invalid("dues_fixed_fen", format!("党费固定金额：{why}")));
        }
        let before: Option<i64> =
            tx.query_row("SELECT dues_fixed_fen FROM members WHERE id = ?1", [member_id], |r| r.get(0))?;
        if before == fixed_fen {
            return Ok(false);
        }
        tx.execute(
            "UPDATE members SET dues_fixed_fen = ?1, updated_at = ?2 WHERE id = ?3",
            params![fixed_fen, crate::store::now_stamp(), member_id],
        )?;
        let name = &payer.name;
        let summary = match fixed_fen {
            Some(0) => format!("设置{name}免交党费（固定金额 0 元，经批准）"),
            Some(fen) => format!("设置{name}的党费固定金额为每月 {} 元（不按基数和比例计算）", yuan(fen)),
            None => format!("取消{name}的党费固定金额，恢复按基数和比例计算"),
        };
        let detail = serde_json::json!({ "dues_fixed_fen": before }).to_string();
        audit::record(tx, "修改", "member", Some(member_id), &summary, Some(&detail))?;
        Ok(true)
    })
}

/// The problems of one base, located under `at` ("" for a form, "rows[3]." for a table).
fn check_base(payer: &Payer, at: &str, from_month: Month, base_fen: i64) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(why) = payer.not_owed(from_month, "基数起始月份") {
        problems.push(Problem::new(format!("{at}from_month"), why));
    }
    if base_fen < 0 {
        problems.push(Problem::new(
            format!("{at}base_fen"),
            format!("党费基数（月收入）不能为负数（现为 {} 元）", yuan(base_fen)),
        ));
    } else if let Some(why) = crate::model::money::amount_problem(base_fen) {
        problems.push(Problem::new(format!("{at}base_fen"), format!("党费基数（月收入）：{why}")));
    }
    problems
}

/// Stores the base; `None` when it was already stored, else `Some(the base stored before, if any)`.
fn upsert_base(conn: &Connection, member_id: i64, from_month: Month, base_fen: i64) -> Result<Option<Option<i64>>> {
    let month = from_month.to_string();
    let before: Option<i64> = conn
        .prepare_cached("SELECT base_fen FROM dues_bases WHERE member_id = ?1 AND from_month = ?2")?
        .query_row(params![member_id, month], |r| r.get(0))
        .optional()?;
    if before == Some(base_fen) {
        return Ok(None);
    }
    conn.prepare_cached(
        "INSERT INTO dues_bases(member_id, from_month, base_fen) VALUES (?1, ?2, ?3)
         ON CONFLICT(member_id, from_month) DO UPDATE SET base_fen = excluded.base_fen",
    )?
    .execute(params![member_id, month, base_fen])?;
    Ok(Some(before))
}

/// A member's category and fixed monthly amount (None: computed from the base), what the due
/// depends on besides the base.
pub fn category_and_fixed(conn: &Connection, member_id: i64) -> Result<(crate::model::Category, Option<i64>)> {
    conn.query_row("SELECT category, dues_fixed_fen FROM members WHERE id = ?1", [member_id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => Error::NotFound { what: "党员", key: member_id.to_string() },
        e => e.into(),
    })
}
