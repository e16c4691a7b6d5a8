//! Structural checks, read on the year's last day (or `today` within the year): 正式党员 count for
//! the organisation's kind (3 / 7 / 50 / 100), committee required and its size, the 书记's 党龄, a
//! 书记 in office, a 纪检委员, 党小组 sizes, 党小组 required from a membership, and the term length.
//! A check that does not apply (no committee below 7 正式党员) gives no finding.

use chrono::NaiveDate;

use super::{day, Ctx};
use crate::model::dates::add_months;
use crate::model::{OrgKind, Role};
use crate::standards::facts::{self, committee_on, full_on, on_roll};
use crate::standards::finding::{Finding, Status};
use crate::standards::period::Span;
use crate::standards::profile::{RuleSpec, StructureCheck};

pub(super) fn evaluate(ctx: &Ctx) -> Vec<Finding> {
    let RuleSpec::Structure { check, min, max, years, months } = &ctx.rule.spec else { return Vec::new() };
    let span = Span::year(ctx.year);
    let as_of = ctx.as_of();
    let members: Vec<_> = ctx.facts.org_members(ctx.org.id).iter().filter(|m| on_roll(m, as_of)).collect();
    let full = members.iter().filter(|m| full_on(m, as_of)).count() as u32;
    let committee = committee_on(ctx.org, as_of);
    let ok = |cond: bool| if cond { Status::Met } else { Status::Unmet };
    let one = |status: Status, required: f64, actual: f64, message: String| {
        vec![ctx.finding(&span, required, actual, status, message)]
    };
    match check {
        StructureCheck::OrgForm => org_form(ctx, &span, as_of, full, min.unwrap_or(3), max.unwrap_or(50)),
        StructureCheck::CommitteeRequired => {
            let min = min.unwrap_or(7);
            if full < min {
                return Vec::new();
            }
            let n = committee.len() as f64;
            let status = ok(committee.len() >= 3);
            let message = match status {
                Status::Met => format!("正式党员{full}人，已设支部委员会（委员{}人）", committee.len()),
                _ => format!("正式党员{full}人（{min}人以上），应设立支部委员会，现有委员{}人", committee.len()),
            };
            one(status, 3.0, n, message)
        }
        StructureCheck::CommitteeSize => {
            let (lo, hi) = (min.unwrap_or(3), max.unwrap_or(7));
            let n = committee.len() as u32;
            if n <= 1 && full < 7 {
                return Vec::new();
            }
            let status = ok((lo..=hi).contains(&n));
            let message = match status {
                Status::Met => format!("委员会现有委员{n}人，符合{lo}至{hi}人的要求"),
                _ => format!("委员会现有委员{n}人，应为{lo}至{hi}人"),
            };
            one(status, lo as f64, n as f64, message)
        }
        StructureCheck::SecretaryPartyAge => secretary_party_age(ctx, &span, as_of, years.unwrap_or(1)),
        StructureCheck::SecretaryInOffice => secretary_in_office(ctx, &span, as_of, months.unwrap_or(6)),
        StructureCheck::DisciplineMember => {
            if committee.len() < 3 {
                return Vec::new();
            }
            let holder = facts::holder(ctx.org, Role::Discipline, as_of);
            let status = ok(holder.is_some());
            let message = match holder.and_then(|id| members_name(ctx, id)) {
                Some(name) => format!("纪检委员：{name}"),
                None if status == Status::Met => "已设纪检委员".to_string(),
                None => "支部委员会未设纪检委员".to_string(),
            };
            one(status, 1.0, if status == Status::Met { 1.0 } else { 0.0 }, message)
        }
        StructureCheck::GroupSize => {
            let min = min.unwrap_or(3);
            ctx.org
                .groups
                .iter()
                .map(|g| {
                    let in_group: Vec<_> = members.iter().filter(|m| m.fields.group_id == Some(g.id)).collect();
                    let n = in_group.len() as u32;
                    let has_full = in_group.iter().any(|m| full_on(m, as_of));
                    let status = ok(n >= min && has_full);
                    let message = match (status, has_full) {
                        (Status::Met, _) => format!("{}有党员{n}人", g.name),
                        (_, false) => format!("{}没有正式党员（现有{n}人）", g.name),
                        _ => format!("{}只有{n}人，少于{min}人", g.name),
                    };
                    let mut f = ctx.finding(&span, min as f64, n as f64, status, message);
                    f.subject = Some(g.key.clone());
                    f
                })
                .collect()
        }
        StructureCheck::GroupsRequired => {
            let min = min.unwrap_or(20);
            let n = members.len() as u32;
            if n < min {
                return Vec::new();
            }
            let groups = ctx.org.groups.len();
            let status = ok(groups > 0);
            let message = match status {
                Status::Met => format!("党员{n}人，设有党小组{groups}个"),
                _ => format!("党员{n}人（{min}人以上），应划分党小组"),
            };
            one(status, 1.0, groups as f64, message)
        }
        StructureCheck::TermLength => {
            let Some(term) = &ctx.org.fields.term else { return Vec::new() };
            let limit = years.unwrap_or(3);
            let status = ok(term.years <= limit);
            let message = match status {
                Status::Met => format!("本届任期{}年（规定{limit}年）", term.years),
                _ => format!("本届任期登记为{}年，超过规定的{limit}年", term.years),
            };
            one(status, limit as f64, term.years as f64, message)
        }
    }
}

fn org_form(ctx: &Ctx, span: &Span, as_of: NaiveDate, full: u32, min: u32, max: u32) -> Vec<Finding> {
    let kind = ctx.org.fields.kind;
    let subtree_full =
        ctx.facts.subtree_members(ctx.org.id).iter().filter(|m| on_roll(m, as_of) && full_on(m, as_of)).count() as u32;
    let (status, required, actual, message, warning) = match kind {
        OrgKind::Branch => {
            let warning = (full >= max).then(|| format!("正式党员{full}人，已达{max}人，可按规定申请设立党总支"));
            if full >= min {
                (Status::Met, min, full, format!("正式党员{full}人，符合设立党支部的条件（{min}人以上）"), warning)
            } else {
                (
                    Status::Unmet,
                    min,
                    full,
                    format!("正式党员{full}人，不足{min}人，应与邻近单位成立联合党支部"),
                    warning,
                )
            }
        }
        OrgKind::JointBranch | OrgKind::TemporaryBranch => {
            (Status::Met, 0, full, format!("{}，正式党员{full}人", kind.label()), None)
        }
        OrgKind::GeneralBranch => {
            let warning = (subtree_full < max).then(|| format!("党员{subtree_full}人，不足{max}人，一般设党支部即可"));
            (Status::Met, max, subtree_full, format!("党总支下共有正式党员{subtree_full}人"), warning)
        }
        OrgKind::Committee => {
            let warning =
                (subtree_full < 100).then(|| format!("党员{subtree_full}人，不足100人，设立党委须经上级批准"));
            (Status::Met, 100, subtree_full, format!("党委下共有正式党员{subtree_full}人"), warning)
        }
    };
    let mut f = ctx.finding(span, required as f64, actual as f64, status, message);
    f.warning = warning;
    vec![f]
}

fn secretary_party_age(ctx: &Ctx, span: &Span, as_of: NaiveDate, years: u32) -> Vec<Finding> {
    let Some(pos) =
        ctx.org.positions.iter().find(|p| p.role == Role::Secretary && facts::in_office(p.from, p.to, as_of))
    else {
        return vec![ctx.finding(span, years as f64, 0.0, Status::Unmet, "未登记在任书记".to_string())];
    };
    let Some(m) = ctx.facts.position_holders.get(&pos.member_id) else { return Vec::new() };
    // 党龄 counts from becoming a 正式党员.
    let party_from = m.fields.full_member_on.unwrap_or_else(|| add_months(m.fields.joined_on, 12));
    let took_office = pos.from.unwrap_or(as_of);
    let age_years = whole_years(party_from, took_office);
    let met = add_months(party_from, years * 12) <= took_office;
    let status = if met { Status::Met } else { Status::Unmet };
    let message = if met {
        format!("书记{}任职时党龄{age_years}年（{}转正）", m.fields.name, day(party_from))
    } else {
        format!("书记{}于{}任职时党龄不足{years}年（{}转正）", m.fields.name, day(took_office), day(party_from))
    };
    let mut f = ctx.finding(span, years as f64, age_years as f64, status, message);
    f.member = Some(m.key.clone());
    vec![f]
}

fn secretary_in_office(ctx: &Ctx, span: &Span, as_of: NaiveDate, months: u32) -> Vec<Finding> {
    if facts::holder(ctx.org, Role::Secretary, as_of).is_some() {
        return vec![ctx.finding(span, 1.0, 1.0, Status::Met, "书记在任".to_string())];
    }
    let last_left = ctx.org.positions.iter().filter(|p| p.role == Role::Secretary).filter_map(|p| p.to).max();
    let (status, message) = match last_left {
        Some(left) if add_months(left, months) >= as_of => {
            (Status::Pending, format!("书记自{}空缺，应于{}前补选", day(left), day(add_months(left, months))))
        }
        Some(left) => (Status::Unmet, format!("书记自{}空缺，已超过{months}个月", day(left))),
        None => (Status::Unmet, "未登记书记".to_string()),
    };
    vec![ctx.finding(span, 1.0, 0.0, status, message)]
}

fn members_name(ctx: &Ctx, id: i64) -> Option<String> {
    ctx.facts.position_holders.get(&id).map(|m| m.fields.name.clone())
}

fn whole_years(from: NaiveDate, to: NaiveDate) -> i32 {
    crate::model::dates::age_on(from, to).max(0)
}
