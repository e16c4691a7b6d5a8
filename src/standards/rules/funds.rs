//! Funds rules (issue 18): every use of money above the 大额 threshold cites the 支委会 or 党员大会
//! that decided it (涪陵: 大额支出，须经党组织集体研究决定), and the branch visits members on major
//! holidays (涪陵: 开展重大节假日对企业困难党员、老党员……走访慰问活动). One finding per organisation
//! and year; the evidence names the records behind it.

use super::{status_by, Ctx};
use crate::model::money::yuan;
use crate::standards::finding::{Finding, Status};
use crate::standards::period::Span;
use crate::standards::profile::{FundsCheck, RuleSpec};

pub(super) fn evaluate(ctx: &Ctx) -> Vec<Finding> {
    let RuleSpec::Funds { check, threshold_fen, min, min_permille } = &ctx.rule.spec else { return Vec::new() };
    let span = Span::year(ctx.year);
    match check {
        FundsCheck::CollectiveDecision => {
            let threshold = threshold_fen.unwrap_or(ctx.facts.approval_threshold_fen);
            let spending = ctx.facts.spending.get(&ctx.org.id).map(Vec::as_slice).unwrap_or(&[]);
            let large: Vec<_> = spending.iter().filter(|s| s.amount_fen > threshold).collect();
            let without: Vec<_> = large.iter().filter(|s| s.approved_by.is_none() || s.approval_in_bin).collect();
            let (status, message) = if without.is_empty() {
                let text = if large.is_empty() {
                    format!("{}没有超过 {} 元的大额支出", span.label, yuan(threshold))
                } else {
                    format!("{}超过 {} 元的 {} 笔大额支出均经集体研究决定", span.label, yuan(threshold), large.len())
                };
                (Status::Met, text)
            } else {
                (
                    Status::Unmet,
                    format!(
                        "{}有 {} 笔超过 {} 元的大额支出未经支委会或党员大会集体研究决定",
                        span.label,
                        without.len(),
                        yuan(threshold)
                    ),
                )
            };
            let mut f = ctx.finding(&span, 0.0, without.len() as f64, status, message);
            f.measure = Some("unapproved_large_spending".to_string());
            f.evidence = without
                .iter()
                .map(|s| format!("{} 支出 {} 元（{}）", s.spent_on, yuan(s.amount_fen), s.purpose_label))
                .collect();
            f.due = None;
            vec![f]
        }
        FundsCheck::BudgetShare => {
            let permille = min_permille.unwrap_or(10);
            let share = format!("{}%", super::num(f64::from(permille) / 10.0));
            let b = ctx.facts.budgets.get(&ctx.org.id).copied().unwrap_or_default();
            let mut f = match (b.payroll_fen, b.budget_fen) {
                (Some(payroll), Some(budget)) => {
                    let need = ((i128::from(payroll) * i128::from(permille) + 999) / 1000) as i64;
                    let met = budget >= need;
                    let message = format!(
                        "{}党组织工作经费预算 {} 元，职工工资总额 {} 元的{share}为 {} 元{}",
                        span.label,
                        yuan(budget),
                        yuan(payroll),
                        yuan(need),
                        if met { "，已达到" } else { "，预算不足" }
                    );
                    let status = if met { Status::Met } else { Status::Unmet };
                    ctx.finding(&span, need as f64 / 100.0, budget as f64 / 100.0, status, message)
                }
                _ => ctx.finding(
                    &span,
                    0.0,
                    0.0,
                    Status::Manual,
                    format!(
                        "请在经费设置中录入{}职工工资总额和党组织工作经费预算（应不低于工资总额的{share}）",
                        span.label
                    ),
                ),
            };
            f.measure = Some("funds_budget_share".to_string());
            f.due = None;
            vec![f]
        }
        FundsCheck::HolidayCareVisits => {
            let need = min.unwrap_or(1);
            let visits = ctx.facts.visits.get(&ctx.org.id).map(Vec::as_slice).unwrap_or(&[]);
            let holiday: Vec<_> = visits.iter().filter(|v| v.occasion.is_holiday()).collect();
            let n = holiday.len() as u32;
            let status = status_by(n >= need, span.last, ctx.today);
            let message = match status {
                Status::Met => format!("{}重大节假日走访慰问 {n} 次", span.label),
                Status::Pending => format!("{}重大节假日走访慰问已 {n} 次，应至少 {need} 次", span.label),
                _ => format!("{}重大节假日走访慰问 {n} 次，少于 {need} 次", span.label),
            };
            let mut f = ctx.finding(&span, f64::from(need), f64::from(n), status, message);
            f.measure = Some("holiday_care_visits".to_string());
            f.evidence = holiday
                .iter()
                .map(|v| format!("{} {}走访慰问{}", v.visited_on, v.occasion.label(), v.member_name))
                .collect();
            vec![f]
        }
        FundsCheck::HardshipCareVisits => hardship_visits(ctx, &span, min.unwrap_or(1)),
    }
}

/// Each member of the organisation marked 困难党员 (and on the roll in the year) visited at least
/// `need` times in the year; the evidence names each one's visits, or that there were none.
fn hardship_visits(ctx: &Ctx, span: &Span, need: u32) -> Vec<Finding> {
    let visits = ctx.facts.visits.get(&ctx.org.id).map(Vec::as_slice).unwrap_or(&[]);
    let marked: Vec<_> = ctx
        .facts
        .members
        .get(&ctx.org.id)
        .into_iter()
        .flatten()
        .filter(|m| ctx.facts.hardship.contains_key(&m.id))
        .filter(|m| m.left.as_ref().is_none_or(|l| l.on >= span.first) && m.fields.joined_on <= span.last)
        .collect();
    let mut short = Vec::new();
    let mut evidence = Vec::new();
    for m in &marked {
        let theirs: Vec<_> = visits.iter().filter(|v| v.member_id == m.id).collect();
        if (theirs.len() as u32) < need {
            short.push(m.fields.name.clone());
        }
        let reason = ctx.facts.hardship.get(&m.id).map(String::as_str).unwrap_or("");
        if theirs.is_empty() {
            evidence.push(format!("困难党员{}（{reason}）：{}未走访慰问", m.fields.name, span.label));
        }
        for v in theirs {
            evidence.push(format!("{} {}走访慰问困难党员{}", v.visited_on, v.occasion.label(), v.member_name));
        }
    }
    let visited = marked.len() - short.len();
    let status = if marked.is_empty() { Status::Met } else { status_by(short.is_empty(), span.last, ctx.today) };
    let message = if marked.is_empty() {
        "花名册中没有标记为困难党员的党员".to_string()
    } else {
        match status {
            Status::Met => format!("{}{} 名困难党员均已走访慰问", span.label, marked.len()),
            Status::Pending => format!(
                "{}{} 名困难党员中 {} 名尚未走访慰问（{}），{}前完成",
                span.label,
                marked.len(),
                short.len(),
                short.join("、"),
                super::day(span.last)
            ),
            _ => format!(
                "{}{} 名困难党员中 {} 名未走访慰问（{}）",
                span.label,
                marked.len(),
                short.len(),
                short.join("、")
            ),
        }
    };
    let mut f = ctx.finding(span, marked.len() as f64, visited as f64, status, message);
    f.measure = Some("hardship_care_visits".to_string());
    f.evidence = evidence;
    vec![f]
}
