//! Evaluating one rule for one organisation and year: one module per rule kind, all reading the
//! loaded `Facts` and producing findings in the `check --json` shape.

mod cap;
mod deadline;
mod frequency;
mod funds;
mod manual;
mod quota;
mod structure;

use chrono::NaiveDate;

use super::facts::{self, Facts};
use super::finding::{Finding, Status};
use super::period::Span;
use super::profile::{Rule, RuleSpec};
use crate::model::{Member, Organization};

/// One rule for one organisation.
pub(super) struct Ctx<'a> {
    pub facts: &'a Facts,
    pub org: &'a Organization,
    pub rule: &'a Rule,
    pub year: i32,
    pub today: NaiveDate,
}

/// True when the rule applies to the organisation (kind and sector).
pub(super) fn applies_to_org(rule: &Rule, org: &Organization) -> bool {
    let a = &rule.applies;
    (a.org_kinds.is_empty() || a.org_kinds.contains(&org.fields.kind))
        && (a.sectors.is_empty() || a.sectors.contains(&org.fields.sector))
}

/// Every finding of the rule for the organisation and year.
pub(super) fn evaluate(ctx: &Ctx) -> Vec<Finding> {
    // A year that ended before the ledger's start month (记账起始) is not judged: the ledger holds
    // nothing of it. Only what a person ticked by hand is still shown.
    if !ctx.recorded(&Span::year(ctx.year)) && !matches!(ctx.rule.spec, RuleSpec::Manual { .. }) {
        return Vec::new();
    }
    match &ctx.rule.spec {
        RuleSpec::Frequency { .. } => frequency::evaluate(ctx),
        RuleSpec::Quota { .. } => quota::evaluate(ctx),
        RuleSpec::Cap { .. } => cap::evaluate(ctx),
        RuleSpec::Deadline { .. } => deadline::evaluate(ctx),
        RuleSpec::Structure { .. } => structure::evaluate(ctx),
        RuleSpec::Funds { .. } => funds::evaluate(ctx),
        RuleSpec::Manual { .. } => manual::evaluate(ctx),
    }
}

impl Ctx<'_> {
    /// A finding of this rule with the common fields filled.
    fn finding(&self, span: &Span, required: f64, actual: f64, status: Status, message: String) -> Finding {
        Finding {
            rule: self.rule.id.clone(),
            kind: self.rule.spec.kind().to_string(),
            org: self.org.key.clone(),
            activity: None,
            member: None,
            measure: None,
            subject: None,
            check: None,
            period: span.code.clone(),
            required,
            actual,
            status,
            message,
            source: self.rule.source.clone(),
            evidence: Vec::new(),
            title: self.rule.title.clone(),
            warning: None,
            due: Some(span.last),
        }
    }

    /// The organisation's name for messages (short name when it has one).
    fn org_name(&self) -> &str {
        self.org.fields.short()
    }

    /// The day the year's state is read on.
    fn as_of(&self) -> NaiveDate {
        super::period::as_of(self.year, self.today)
    }

    /// Members a per-member rule covers in `span`: on the roll on the span's reading day, of the
    /// rule's categories and roles, and not exempt where the rule honours exemptions.
    fn members_for(&self, span: &Span) -> Vec<&Member> {
        let day = self.today.clamp(span.first, span.last);
        let a = &self.rule.applies;
        self.facts
            .org_members(self.org.id)
            .iter()
            .filter(|m| facts::on_roll(m, day))
            .filter(|m| a.categories.is_empty() || a.categories.contains(&m.fields.category))
            .filter(|m| !(a.honour_exempt && m.fields.attendance_exempt))
            .filter(|m| a.roles.is_empty() || self.held_any_role(m.id, span, &a.roles))
            .collect()
    }
}

impl Ctx<'_> {
    /// False when `span` ended before the ledger's start month (记账起始): the ledger holds no record
    /// of it, so nothing in it is judged (no finding, as for a period before the branch was founded).
    fn recorded(&self, span: &Span) -> bool {
        self.facts.start.is_none_or(|start| span.last >= start)
    }

    /// The first day of the ledger's start month when `span` began before it and ends after it: the
    /// span is judged on the part from the start (`model::quota::prorated`).
    fn start_within(&self, span: &Span) -> Option<NaiveDate> {
        self.facts.start.filter(|start| span.first < *start && *start <= span.last)
    }

    /// Whether the member held one of `roles` during `span`: in this organisation, or — for a
    /// yearly span — in any organisation of the ledger (a 党委 member belonging to this branch is a
    /// 基层党组织班子成员 too, as the 学时 statistics count them).
    fn held_any_role(&self, member_id: i64, span: &Span, roles: &[crate::model::Role]) -> bool {
        if facts::held_roles(self.org, member_id, span).iter().any(|r| roles.contains(r)) {
            return true;
        }
        span.is_year(self.year)
            && self.facts.roles_held.get(&member_id).is_some_and(|held| held.iter().any(|r| roles.contains(r)))
    }
}

/// met when `met`; otherwise pending while `today` has not passed `due`, unmet after.
pub(super) fn status_by(met: bool, due: NaiveDate, today: NaiveDate) -> Status {
    if met {
        Status::Met
    } else if today <= due {
        Status::Pending
    } else {
        Status::Unmet
    }
}

/// `12.5` or `12` for messages.
pub(super) fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{:.1}", x)
    }
}

/// `2026年3月31日`
pub(super) fn day(d: NaiveDate) -> String {
    crate::model::dates::chinese_date(d)
}
