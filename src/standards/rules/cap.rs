//! Cap rules: the share of 优秀 among the members graded in the year's 民主评议 is at most
//! numerator/denominator (1/3 nationally, 15% in 涪陵): allowed = ⌊graded × numerator ÷ denominator⌋.

use super::{status_by, Ctx};
use crate::model::Grade;
use crate::standards::finding::{Finding, Status};
use crate::standards::period::Span;
use crate::standards::profile::RuleSpec;

pub(super) fn evaluate(ctx: &Ctx) -> Vec<Finding> {
    let RuleSpec::Cap { measure, numerator, denominator } = &ctx.rule.spec else { return Vec::new() };
    let span = Span::year(ctx.year);
    let members = ctx.facts.org_members(ctx.org.id);
    let graded: Vec<(&str, Grade)> =
        members.iter().filter_map(|m| ctx.facts.grades.get(&m.id).map(|g| (m.key.as_str(), *g))).collect();
    let excellent: Vec<String> =
        graded.iter().filter(|(_, g)| *g == Grade::Excellent).map(|(k, _)| k.to_string()).collect();
    let total = graded.len() as u32;
    let allowed = total * numerator / denominator;
    let n = excellent.len() as u32;
    let share =
        if *denominator == 3 && *numerator == 1 { "1/3".to_string() } else { percent(*numerator, *denominator) };
    let (status, message) = if total == 0 {
        let status = status_by(false, span.last, ctx.today);
        let text = if status == Status::Pending {
            format!("{}民主评议等次尚未录入（优秀不超过{share}）", span.label)
        } else {
            format!("{}未录入民主评议等次，无法核对优秀比例（不超过{share}）", span.label)
        };
        (status, text)
    } else if n <= allowed {
        (Status::Met, format!("{}评定优秀{n}人，参评{total}人，未超过{share}（至多{allowed}人）", span.label))
    } else {
        (Status::Unmet, format!("{}评定优秀{n}人，超过参评{total}人的{share}（至多{allowed}人）", span.label))
    };
    let mut f = ctx.finding(&span, allowed as f64, n as f64, status, message);
    f.measure = Some(measure.code().to_string());
    f.evidence = excellent;
    vec![f]
}

fn percent(numerator: u32, denominator: u32) -> String {
    let p = numerator as f64 * 100.0 / denominator as f64;
    if p.fract() == 0.0 {
        format!("{}%", p as i64)
    } else {
        format!("{numerator}/{denominator}")
    }
}
