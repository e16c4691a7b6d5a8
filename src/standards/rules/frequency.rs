//! Frequency rules: at least `min` sittings of an activity type per period. A sitting recorded with
//! several types counts for each of them; 党小组会 can be counted per group; a fixed day of the
//! month (主题党日 on the 10th) is checked as a warning, not a failure; 书记讲党课 counts only
//! sittings whose lecturer was the 书记 on that day.

use chrono::Datelike;

use super::{day, status_by, Ctx};
use crate::model::quota::prorated;
use crate::model::{PartyGroup, Role};
use crate::standards::facts::{self, Sitting};
use crate::standards::finding::{Finding, Status};
use crate::standards::period::{months_inclusive, spans, Span};
use crate::standards::profile::RuleSpec;

pub(super) fn evaluate(ctx: &Ctx) -> Vec<Finding> {
    let RuleSpec::Frequency { activity, period, min, per_group, fixed_day, lecturer } = &ctx.rule.spec else {
        return Vec::new();
    };
    // A 支委会 rule concerns branches that have a committee (at least 3 members in office).
    if *activity == crate::model::ActivityType::CommitteeMeeting && facts::committee_on(ctx.org, ctx.as_of()).len() < 3
    {
        return Vec::new();
    }
    let sittings: Vec<&Sitting> = ctx
        .facts
        .sittings
        .get(&ctx.org.id)
        .map(|list| list.iter().filter(|s| s.types.contains(activity)).collect())
        .unwrap_or_default();
    let founded = ctx.org.fields.founded_on;
    let mut out = Vec::new();
    for span in spans(*period, ctx.year) {
        if founded.is_some_and(|f| f > span.last) || !ctx.recorded(&span) {
            continue;
        }
        let in_span: Vec<&Sitting> = sittings
            .iter()
            .copied()
            .filter(|s| span.contains(s.date))
            .filter(|s| lecturer.is_none_or(|role| lectured_by(ctx, s, role)))
            .collect();
        if *per_group {
            for g in &ctx.org.groups {
                let of_group: Vec<&Sitting> = in_span.iter().copied().filter(|s| s.group_id == Some(g.id)).collect();
                let mut f = finding(ctx, &span, *min, &of_group, *fixed_day, Some(g));
                f.subject = Some(g.key.clone());
                out.push(f);
            }
        } else {
            out.push(finding(ctx, &span, *min, &in_span, *fixed_day, None));
        }
    }
    out
}

fn lectured_by(ctx: &Ctx, s: &Sitting, role: Role) -> bool {
    s.lecturer_id.is_some() && s.lecturer_id == facts::holder(ctx.org, role, s.date)
}

fn finding(
    ctx: &Ctx,
    span: &Span,
    min: u32,
    sittings: &[&Sitting],
    fixed_day: Option<u32>,
    group: Option<&PartyGroup>,
) -> Finding {
    let RuleSpec::Frequency { activity, lecturer, .. } = &ctx.rule.spec else { unreachable!() };
    let n = sittings.len() as u32;
    // A period the ledger's records start within owes the minimum for the months from the start.
    let (min, pro_rata) = match ctx.start_within(span) {
        Some(start) => {
            let months = months_inclusive(start, span.last);
            let required = prorated(f64::from(min), months, months_inclusive(span.first, span.last)) as u32;
            (required, format!("（{}起记账，按{months}个月折算）", start.format("%Y年%-m月")))
        }
        None => (min, String::new()),
    };
    let status = status_by(n >= min, span.last, ctx.today);
    let what = match lecturer {
        Some(role) => format!("{}讲{}", role.label(), activity.label()),
        None => activity.label().to_string(),
    };
    let who = group.map(|g| g.name.clone()).unwrap_or_else(|| ctx.org_name().to_string());
    let message = match status {
        Status::Met => format!("{}{}召开{what}{n}次（要求至少{min}次）{pro_rata}", span.label, who),
        Status::Pending => {
            format!("{}{}尚未召开{what}（已{n}次，要求至少{min}次，{}截止）{pro_rata}", span.label, who, day(span.last))
        }
        _ if n == 0 => format!("{}{}未召开{what}{pro_rata}", span.label, who),
        _ => format!("{}{}召开{what}{n}次，少于要求的{min}次{pro_rata}", span.label, who),
    };
    let mut f = ctx.finding(span, min as f64, n as f64, status, message);
    f.activity = Some(*activity);
    f.evidence = sittings.iter().map(|s| s.key.clone()).collect();
    if let Some(d) = fixed_day {
        if n > 0 && !sittings.iter().any(|s| s.date.day() == d) {
            let days: Vec<String> = sittings.iter().map(|s| format!("{}日", s.date.day())).collect();
            f.warning = Some(format!("{}应在每月{d}日开展，本期在{}开展", activity.label(), days.join("、")));
        }
    }
    f
}
