//! 走访慰问: a visit to a member in difficulty or an elderly member — date, member, visitors, what
//! was given, the occasion, follow-up. Money given is recorded as a use of money (慰问困难党员、老党员)
//! in the same transaction and linked to the visit.

use chrono::NaiveDate;

use super::records::{clean, CareVisit, NewCareVisit, NewSpending, Purpose, TEXT_MAX_CHARS};
use super::store::{self, VisitRow};
use crate::error::{Error, Problem, Result};
use crate::model::money::{amount_problem, yuan};
use crate::store::{audit, bin, Ledger};

const BIN_ENTITY: &str = "care_visit";

/// Records a visit (and the spending of the money given, when there is money).
pub fn record_visit(ledger: &Ledger, input: &NewCareVisit, today: NaiveDate) -> Result<CareVisit> {
    ledger.write(|tx| {
        let member = crate::store::members::get(tx, input.member_id)?;
        let mut p = Vec::new();
        if input.visited_on > today {
            p.push(Problem::new("visited_on", format!("走访日期 {} 晚于今天（{today}）", input.visited_on)));
        }
        if !crate::model::roll::on_roll(member.fields.joined_on, member.left.as_ref().map(|l| l.on), input.visited_on) {
            p.push(Problem::new("member_id", format!("{} 在 {} 不在党员名册上", member.fields.name, input.visited_on)));
        }
        if input.visitors.trim().is_empty() {
            p.push(Problem::new("visitors", "请填写走访人"));
        }
        for (field, label, text) in [
            ("visitors", "走访人", &Some(input.visitors.clone())),
            ("given", "慰问品", &input.given),
            ("follow_up", "后续帮扶", &input.follow_up),
        ] {
            if text.as_deref().is_some_and(|t| t.trim().chars().count() > TEXT_MAX_CHARS) {
                p.push(Problem::new(field, format!("{label}过长：最多 {TEXT_MAX_CHARS} 个字")));
            }
        }
        if let Some(fen) = input.amount_fen {
            if let Some(m) = amount_problem(fen) {
                p.push(Problem::new("amount_fen", m));
            }
        }
        if !p.is_empty() {
            return Err(Error::Invalid(p));
        }
        let org_id = member.fields.org_id;
        let spending_id = match input.amount_fen.filter(|&f| f > 0) {
            Some(fen) => {
                let spend = NewSpending {
                    org_id,
                    spent_on: input.visited_on,
                    amount_fen: fen,
                    source: input.source,
                    purpose: Some(Purpose::CareVisit),
                    payee: Some(member.fields.name.clone()),
                    approved_by: input.approved_by,
                    note: Some(format!("{}走访慰问", input.occasion.label())),
                    budget_line_id: input.budget_line_id,
                    receipt_no: None,
                    confirmed: input.confirmed,
                };
                Some(super::spend::record_in(tx, &spend, today)?.id)
            }
            None => None,
        };
        let row = VisitRow {
            id: 0,
            org_id,
            member_id: member.id,
            visited_on: input.visited_on,
            occasion: input.occasion.code().to_string(),
            visitors: input.visitors.trim().to_string(),
            given: clean(&input.given),
            amount_fen: input.amount_fen,
            spending_id,
            follow_up: clean(&input.follow_up),
            created_at: crate::store::now_stamp(),
        };
        let id = store::insert_visit(tx, &row)?;
        let money = input.amount_fen.map(|f| format!("，慰问金 {} 元", yuan(f))).unwrap_or_default();
        let text = format!("{}走访慰问{}（{}{money}）", input.occasion.label(), member.fields.name, input.visited_on);
        audit::record(tx, "新增", BIN_ENTITY, Some(id), &text, None)?;
        store::visit(tx, id)
    })
}

/// Moves a visit into the recycle bin (its spending record stays: delete it on its own); returns the
/// bin entry.
pub fn delete_visit(ledger: &Ledger, id: i64) -> Result<i64> {
    ledger.write(|tx| {
        let row = store::visit_row(tx, id)?;
        let v = store::visit(tx, id)?;
        let summary = format!("{}走访慰问{}（{}）", v.occasion.label(), v.member_name, v.visited_on);
        let bin_id = bin::put(tx, BIN_ENTITY, id, &summary, &row)?;
        store::delete_visit_row(tx, id)?;
        audit::record(tx, "删除", BIN_ENTITY, Some(id), &summary, None)?;
        Ok(bin_id)
    })
}

/// Puts a deleted visit back (a spending record since deleted is no longer linked).
pub fn restore_visit(ledger: &Ledger, bin_id: i64) -> Result<CareVisit> {
    ledger.write(|tx| {
        let mut row: VisitRow = bin::take(tx, bin_id, BIN_ENTITY, "走访慰问记录")?;
        if let Some(s) = row.spending_id {
            if store::spending_row(tx, s).is_err() {
                row.spending_id = None;
            }
        }
        let id = store::insert_visit(tx, &row)?;
        audit::record(tx, "恢复", BIN_ENTITY, Some(id), "恢复走访慰问记录", None)?;
        store::visit(tx, id)
    })
}

/// The visits of `org_id`'s subtree (whole ledger when None) in `year`, in date order.
pub fn visits_of_year(ledger: &Ledger, org_id: Option<i64>, year: i32) -> Result<Vec<CareVisit>> {
    ledger.read(|conn| {
        let ids = store::scope_ids(conn, org_id)?;
        let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| Error::invalid("year", "年度有误"))?;
        let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| Error::invalid("year", "年度有误"))?;
        store::visits(conn, &ids, first, last)
    })
}
