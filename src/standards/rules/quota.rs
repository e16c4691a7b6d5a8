//! Per-member quotas: 学时, 谈心谈话 and 志愿服务 taken part in, each at least `min` per period; and the
//! unpaid dues streak at most `max` months (read from the dues report as seen on `today`). A member
//! who joined during the period owes the minimum pro rata to the months on the roll, rounded up
//! (`model::quota::prorated`); members marked exempt are left out of participation quotas.
//!
//! 学时 over a year are the member's year of `meetings::hours::study_year` — the same figure, the
//! same records and the same proration as the 学时 screen, the 党员学时统计表 and `zhibu hours`.
//! Over a shorter period they are summed from the same credited hours per sitting.

use super::{num, status_by, Ctx};
use crate::model::quota::prorated;
use crate::model::{ActivityType, Member};
use crate::standards::finding::{Finding, Status};
use crate::standards::period::{months_inclusive, spans, Span};
use crate::standards::profile::{Measure, RuleSpec};

pub(super) fn evaluate(ctx: &Ctx) -> Vec<Finding> {
    let RuleSpec::Quota { measure, period, min, max } = &ctx.rule.spec else { return Vec::new() };
    let mut out = Vec::new();
    for span in spans(*period, ctx.year).into_iter().filter(|s| ctx.recorded(s)) {
        for m in ctx.members_for(&span) {
            let (actual, evidence) = measure_of(ctx, m, *measure, &span);
            let mut f = match (min, max) {
                (Some(min), _) => at_least(ctx, m, &span, *measure, *min, actual),
                (None, Some(max)) => at_most(ctx, m, &span, *measure, *max, actual),
                (None, None) => continue,
            };
            f.member = Some(m.key.clone());
            f.measure = Some(measure.code().to_string());
            f.evidence = evidence;
            out.push(f);
        }
    }
    out
}

fn at_least(ctx: &Ctx, m: &Member, span: &Span, measure: Measure, min: f64, actual: f64) -> Finding {
    // Owed from joining, or from the ledger's start month when that is later (记账起始).
    let joined = Some(m.fields.joined_on).filter(|j| *j > span.first);
    let start = ctx.start_within(span).filter(|s| joined.is_none_or(|j| *s > j));
    let on_roll_months = match start.or(joined) {
        Some(from) => months_inclusive(from, span.last),
        None => 0,
    };
    let span_months = months_inclusive(span.first, span.last);
    let required = if on_roll_months > 0 { prorated(min, on_roll_months, span_months) } else { min };
    let status = status_by(actual >= required, span.last, ctx.today);
    let (label, unit) = (measure.label(), measure.unit());
    let pro_rata = match (start, joined) {
        (Some(s), _) => format!("（{}起记账，按{on_roll_months}个月折算）", s.format("%Y年%-m月")),
        (None, Some(j)) => format!("（{}月入册，按在册{on_roll_months}个月折算）", j.format("%-m")),
        (None, None) => String::new(),
    };
    let name = &m.fields.name;
    let message = match status {
        Status::Met => {
            format!("{name}{}{label}{}{unit}，达到{}{unit}{pro_rata}", span.label, num(actual), num(required))
        }
        Status::Pending => format!(
            "{name}{}{label}已{}{unit}，尚差{}{unit}{pro_rata}",
            span.label,
            num(actual),
            num(required - actual)
        ),
        _ => format!("{name}{}{label}{}{unit}，未达到{}{unit}{pro_rata}", span.label, num(actual), num(required)),
    };
    ctx.finding(span, required, actual, status, message)
}

fn at_most(ctx: &Ctx, m: &Member, span: &Span, measure: Measure, max: f64, actual: f64) -> Finding {
    let name = &m.fields.name;
    let (status, message) = if actual <= max {
        let text = if actual == 0.0 {
            format!("{name}{}党费按月交纳，无连续未交", span.label)
        } else {
            format!("{name}已连续{}个月未交党费（上限{}个月）", num(actual), num(max))
        };
        (Status::Met, text)
    } else {
        (Status::Unmet, format!("{name}已连续{}个月未交党费，超过{}个月，应按规定处理", num(actual), num(max)))
    };
    debug_assert_eq!(measure, Measure::DuesUnpaidStreak);
    ctx.finding(span, max, actual, status, message)
}

/// The member's amount of `measure` in `span`, and the records behind it.
fn measure_of(ctx: &Ctx, m: &Member, measure: Measure, span: &Span) -> (f64, Vec<String>) {
    let present = || {
        ctx.facts
            .present
            .get(&m.id)
            .into_iter()
            .flatten()
            .filter_map(|id| ctx.facts.sitting(*id))
            .filter(|s| span.contains(s.date))
    };
    match measure {
        Measure::TrainingHours if span.is_year(ctx.year) && ctx.facts.study.contains_key(&m.id) => {
            let tenths = ctx.facts.study[&m.id].total_tenths;
            let evidence = ctx.facts.study_evidence.get(&m.id).cloned().unwrap_or_default();
            (f64::from(tenths) / 10.0, evidence)
        }
        Measure::TrainingHours => {
            let mut tenths = 0i64;
            let mut evidence = Vec::new();
            for s in present().filter(|s| s.credited_tenths > 0) {
                tenths += i64::from(s.credited_tenths);
                evidence.push(s.key.clone());
            }
            for t in ctx.facts.trainings.get(&m.id).into_iter().flatten() {
                tenths += t.hours_tenths;
                evidence.push(format!("training-{}", t.id));
            }
            (tenths as f64 / 10.0, evidence)
        }
        Measure::HeartTalks | Measure::VolunteerServices => {
            let ty = if measure == Measure::HeartTalks { ActivityType::HeartTalk } else { ActivityType::Volunteer };
            let keys: Vec<String> = present().filter(|s| s.types.contains(&ty)).map(|s| s.key.clone()).collect();
            (keys.len() as f64, keys)
        }
        Measure::DuesUnpaidStreak => (ctx.facts.dues_streaks.get(&m.id).copied().unwrap_or(0) as f64, Vec::new()),
        Measure::ExcellentShare => (0.0, Vec::new()),
    }
}
