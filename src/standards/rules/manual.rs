//! Manual items: never auto-passed. A person ticks the item with a note and evidence; until then the
//! finding's status is `manual`.

use super::Ctx;
use crate::standards::finding::{Finding, Status};
use crate::standards::period::Span;

pub(super) fn evaluate(ctx: &Ctx) -> Vec<Finding> {
    let span = Span::year(ctx.year);
    let mark = ctx.facts.marks.get(&(ctx.org.id, ctx.rule.id.clone()));
    let mut f = match mark.filter(|m| m.ticked) {
        Some(m) => {
            let note = m.note.as_deref().map(|n| format!("：{n}")).unwrap_or_default();
            let mut f = ctx.finding(&span, 1.0, 1.0, Status::Met, format!("已人工确认达标{note}"));
            f.evidence = m.evidence.clone();
            f
        }
        None => {
            let mut f = ctx.finding(&span, 1.0, 0.0, Status::Manual, format!("需人工核对并勾选：{}", ctx.rule.title));
            if let Some(m) = mark {
                f.evidence = m.evidence.clone();
            }
            f
        }
    };
    f.due = None;
    vec![f]
}
