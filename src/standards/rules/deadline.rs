//! Deadline rules: 换届 (the term's end, with the reminder window `notice_months` before it), a
//! document due by a day of the year (yearly plan by 31 March, 年报 by 15 December, the year's
//! summary) — met by a document of that kind recorded in time or by the item ticked with the day it
//! was done — and 党费收缴公示 in every period.

use chrono::NaiveDate;

use super::{day, status_by, Ctx};
use crate::standards::finding::{Finding, Status};
use crate::standards::period::{spans, Span};
use crate::standards::profile::{parse_month_day, DeadlineEvent, DocumentKind, RuleSpec};

pub(super) fn evaluate(ctx: &Ctx) -> Vec<Finding> {
    let RuleSpec::Deadline { event, notice_months, document, due, period, subject } = &ctx.rule.spec else {
        return Vec::new();
    };
    match event {
        DeadlineEvent::TermRenewal => term_renewal(ctx, notice_months.unwrap_or(6)),
        DeadlineEvent::Document => match (document, due.as_deref().and_then(parse_month_day)) {
            (Some(kind), Some((m, d))) => {
                let due = NaiveDate::from_ymd_opt(ctx.year, m, d).unwrap_or_else(|| Span::year(ctx.year).last);
                // Due before the ledger's start month: the ledger cannot know, nothing is judged.
                if ctx.facts.start.is_some_and(|start| due < start) {
                    return Vec::new();
                }
                vec![document_due(ctx, *kind, due)]
            }
            _ => Vec::new(),
        },
        DeadlineEvent::DuesPublication => {
            spans(period.unwrap_or(crate::standards::profile::PeriodUnit::Year), ctx.year)
                .iter()
                .filter(|span| ctx.recorded(span))
                .map(|span| publication(ctx, span, subject.unwrap_or_default()))
                .collect()
        }
    }
}

fn term_renewal(ctx: &Ctx, notice_months: u32) -> Vec<Finding> {
    let span = Span::year(ctx.year);
    let as_of = ctx.as_of();
    let Some(term) = &ctx.org.fields.term else {
        let f =
            ctx.finding(&span, 1.0, 0.0, Status::Unmet, "未登记本届委员会的选举日期和任期，无法提醒换届".to_string());
        return vec![f];
    };
    let ends = term.ends_on();
    let notice = ends.checked_sub_months(chrono::Months::new(notice_months)).unwrap_or(ends);
    let (status, message) = if ends <= as_of {
        (
            Status::Unmet,
            format!(
                "本届任期已于{}届满（{}选举，任期{}年），尚未登记换届",
                day(ends),
                day(term.elected_on),
                term.years
            ),
        )
    } else if notice <= as_of {
        (
            Status::Pending,
            format!("本届任期将于{}届满，已进入届满前{notice_months}个月的换届提醒期，应着手换届准备", day(ends)),
        )
    } else {
        (Status::Met, format!("本届任期至{}届满（{}起进入换届提醒期）", day(ends), day(notice)))
    };
    let mut f = ctx.finding(&span, 1.0, if status == Status::Met { 1.0 } else { 0.0 }, status, message);
    f.due = Some(ends);
    vec![f]
}

fn document_due(ctx: &Ctx, kind: DocumentKind, due: NaiveDate) -> Finding {
    let span = Span::year(ctx.year);
    let docs: Vec<_> = ctx
        .facts
        .documents
        .get(&ctx.org.id)
        .into_iter()
        .flatten()
        .filter(|d| d.kind == kind.code())
        .filter(|d| kind != DocumentKind::Other || d.rule_ref.as_deref() == Some(ctx.rule.id.as_str()))
        .collect();
    let mark = ctx.facts.marks.get(&(ctx.org.id, ctx.rule.id.clone())).filter(|m| m.ticked);
    let mut dates: Vec<(NaiveDate, String)> =
        docs.iter().filter_map(|d| d.recorded_on.map(|on| (on, format!("document-{}", d.id)))).collect();
    if let Some(m) = mark {
        if let Some(done) = m.done_on {
            dates.push((done, String::new()));
        }
    }
    dates.sort();
    let first = dates.first().map(|d| d.0);
    let on_time = first.is_some_and(|d| d <= due);
    let status = if first.is_some() && !on_time { Status::Unmet } else { status_by(on_time, due, ctx.today) };
    let what = &ctx.rule.title;
    let message = match (status, first) {
        (Status::Met, Some(d)) => format!("已于{}完成（截止{}）：{what}", day(d), day(due)),
        (Status::Unmet, Some(d)) => format!("逾期：{}才完成，应于{}前完成：{what}", day(d), day(due)),
        (Status::Pending, _) => format!("尚未完成，{}截止：{what}", day(due)),
        _ => format!("已过{}截止日期仍未完成：{what}", day(due)),
    };
    let mut f = ctx.finding(&span, 1.0, if on_time { 1.0 } else { 0.0 }, status, message);
    f.due = Some(due);
    f.evidence = dates.into_iter().map(|d| d.1).filter(|e| !e.is_empty()).collect();
    if let Some(m) = mark {
        f.evidence.extend(m.evidence.iter().cloned());
    }
    f
}

/// One period's publication of `subject`: met by a publication of that subject recorded for a period
/// inside the span (a yearly one covers the year; a quarter's is needed for each quarter).
fn publication(ctx: &Ctx, span: &Span, subject: crate::dues::PublicationSubject) -> Finding {
    let found: Vec<String> = ctx
        .facts
        .publications
        .get(&ctx.org.id)
        .into_iter()
        .flatten()
        .filter(|p| p.subject == subject)
        .filter(|p| p.period.is_some_and(|pp| pp.first.first_day() >= span.first && pp.last.first_day() <= span.last))
        .map(|p| format!("dues_publication-{}", p.id))
        .collect();
    let n = found.len() as f64;
    let status = status_by(n >= 1.0, span.last, ctx.today);
    let what = match subject {
        crate::dues::PublicationSubject::Dues => "党费收缴情况",
        crate::dues::PublicationSubject::Funds => "经费使用情况",
    };
    let message = match status {
        Status::Met => format!("{}{what}已公示{}次", span.label, found.len()),
        Status::Pending => format!("{}{what}尚未公示，{}前完成", span.label, day(span.last)),
        _ => format!("{}未公示{what}", span.label),
    };
    let mut f = ctx.finding(span, 1.0, n, status, message);
    f.measure = Some(match subject {
        crate::dues::PublicationSubject::Dues => "dues_publication".to_string(),
        crate::dues::PublicationSubject::Funds => "funds_publication".to_string(),
    });
    f.evidence = found;
    f
}
