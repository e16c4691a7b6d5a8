//! Checks of the extension fields and records (`docs/data-package-extensions.md`); every problem
//! names its JSON path. The meetings extensions (activity talk trigger, celebrants, attachments, meeting
//! templates) are checked in `records.rs`.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{not_blank, Problems, Refs};
use crate::development::record::DocumentKind;
use crate::dues::brackets::DuesRules;
use crate::dues::publication::Period;
use crate::funds::records::{FundSource, IncomeKind, Occasion, Purpose};
use crate::package::format::{OverrideRecord, Package};
use crate::package::keys::Kind;

/// The years a dues rules version may start in (as `dues::versions::set_rules` accepts).
const RULES_YEARS: std::ops::RangeInclusive<u32> = 2008..=2100;

fn check_stamp(p: &mut Problems, text: &str, at: impl FnOnce() -> String) {
    if chrono::DateTime::parse_from_rfc3339(text).is_err() {
        p.add(at(), format!("“{text}”不是有效的 RFC 3339 时间，应写成如 2026-11-22T10:00:00+08:00"));
    }
}

fn check_not_future(p: &mut Problems, date: NaiveDate, today: NaiveDate, at: impl FnOnce() -> String, label: &str) {
    if date > today {
        p.add(at(), format!("{label}不能晚于今天"));
    }
}

pub(super) fn check_members(p: &mut Problems, pkg: &Package, today: NaiveDate) {
    for (i, m) in pkg.members.iter().enumerate() {
        for (j, e) in m.events.iter().enumerate() {
            let at = || format!("members[{i}].events[{j}].on");
            if e.on < m.birth_date {
                p.add(at(), "状态变化日期不能早于出生日期");
            }
            check_not_future(p, e.on, today, at, "状态变化日期");
        }
    }
}

pub(super) fn check_development(p: &mut Problems, pkg: &Package, today: NaiveDate) {
    for (i, d) in pkg.development.iter().enumerate() {
        let at = format!("development[{i}]");
        if let Some(on) = d.probation_extended_on {
            let at = || format!("{at}.probation_extended_on");
            if on <= d.birth_date {
                p.add(at(), "延长预备期决定日期不能早于出生日期");
            }
            check_not_future(p, on, today, at, "延长预备期决定日期");
        }
        for (j, doc) in d.documents.iter().enumerate() {
            let dat = format!("{at}.documents[{j}]");
            check_not_future(p, doc.received_on, today, || format!("{dat}.received_on"), "收到日期");
            if let Some(period) = doc.period.as_deref().filter(|t| !t.trim().is_empty()) {
                let quarter = Period::parse(period).filter(|q| q.code().contains("-Q"));
                if quarter.is_none() {
                    p.add(format!("{dat}.period"), format!("“{period}”不是季度，应写成如 2026-Q3"));
                }
            }
            if doc.kind != DocumentKind::VolunteerBook && doc.number.is_some() {
                p.add(format!("{dat}.number"), "只有入党志愿书有编号");
            }
        }
        for (j, o) in d.overrides.iter().enumerate() {
            check_override(p, o, &format!("{at}.overrides[{j}]"));
        }
    }
}

fn check_override(p: &mut Problems, o: &OverrideRecord, at: &str) {
    if let Some(step) = o.step {
        if !(1..=25).contains(&step) {
            p.add(format!("{at}.step"), format!("步骤应在1到25之间，现为{step}"));
        }
    }
    not_blank(p, &o.check, || format!("{at}.check"), "检查项");
    not_blank(p, &o.reason, || format!("{at}.reason"), "理由");
    check_stamp(p, &o.recorded_at, || format!("{at}.recorded_at"));
}

pub(super) fn check_dues(p: &mut Problems, refs: &Refs, pkg: &Package) {
    if let Some(text) = &pkg.start_month {
        if crate::model::dates::Month::parse(text).is_none() {
            p.add("start_month", format!("记账起始月份应写成“年-月”，如 2026-11，现为“{text}”"));
        }
    }
    let mut years: HashMap<u32, usize> = HashMap::new();
    for (i, r) in pkg.dues_rules.iter().enumerate() {
        let at = format!("dues_rules[{i}]");
        if !RULES_YEARS.contains(&r.from_year) {
            p.add(
                format!("{at}.from_year"),
                format!("起始年份应在 {} 至 {} 年之间，现为 {}", RULES_YEARS.start(), RULES_YEARS.end(), r.from_year),
            );
        } else if let Some(first) = years.insert(r.from_year, i) {
            p.add(
                format!("{at}.from_year"),
                format!("{} 年起的党费规则重复（与 dues_rules[{first}] 相同）", r.from_year),
            );
        }
        match serde_json::from_value::<DuesRules>(serde_json::Value::Object(r.rules.clone())) {
            Err(e) => p.add(format!("{at}.rules"), format!("党费规则格式有误：{e}")),
            Ok(rules) => {
                for problem in rules.check() {
                    p.add(format!("{at}.rules.{}", problem.at), problem.message);
                }
            }
        }
    }
    for (i, x) in pkg.dues_remittances.iter().enumerate() {
        let at = format!("dues_remittances[{i}]");
        refs.check(p, Kind::Organization, &x.org, || format!("{at}.org"));
        let from = super::check_month(p, &x.from_month, || format!("{at}.from_month"));
        let to = super::check_month(p, &x.to_month, || format!("{at}.to_month"));
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                p.add(format!("{at}.to_month"), format!("截止月份 {t} 早于起始月份 {f}"));
            }
        }
        super::check_fen(p, x.amount_fen, || format!("{at}.amount_fen"));
        if x.amount_fen == 0 {
            p.add(format!("{at}.amount_fen"), "上缴金额应大于 0");
        }
    }
    for (i, x) in pkg.fund_spending.iter().enumerate() {
        let at = format!("fund_spending[{i}]");
        refs.check(p, Kind::Organization, &x.org, || format!("{at}.org"));
        super::records::check_files(p, &x.receipts, &format!("{at}.receipts"));
        super::check_fen(p, x.amount_fen, || format!("{at}.amount_fen"));
        if x.amount_fen == 0 {
            p.add(format!("{at}.amount_fen"), "支出金额应大于 0");
        }
        if FundSource::parse(&x.source).is_none() {
            p.add(format!("{at}.source"), format!("经费来源应为 dues 或 funds，现为“{}”", x.source));
        }
        match Purpose::parse(&x.purpose) {
            None => p.add(
                format!("{at}.purpose"),
                format!(
                    "用途应为 training、publications、commendation、care_visit、activity 或 other，现为“{}”",
                    x.purpose
                ),
            ),
            Some(Purpose::Other) if x.note.as_deref().is_none_or(|n| n.trim().is_empty()) => {
                p.add(format!("{at}.note"), "用途为“其他”时应写明具体用途")
            }
            Some(_) => {}
        }
        // The deciding meeting: an activity of the package, or one the ledger holds from this source.
        if let Some(a) = &x.approved_by {
            if !pkg.activities.iter().any(|r| &r.key == a) {
                refs.check(p, Kind::Activity, a, || format!("{at}.approved_by"));
            }
        }
    }
    for (i, x) in pkg.plan_items.iter().enumerate() {
        let at = format!("plan_items[{i}]");
        refs.check(p, Kind::Organization, &x.org, || format!("{at}.org"));
        if let Some(g) = &x.group {
            refs.check(p, Kind::Group, g, || format!("{at}.group"));
        }
        if crate::plan::PlanKind::from_code(&x.kind).is_none() {
            p.add(format!("{at}.kind"), format!("计划项类别“{}”无法识别", x.kind));
        }
        if !matches!(x.unit.as_str(), "month" | "quarter" | "half_year" | "year") {
            p.add(format!("{at}.unit"), format!("计划项所属期间“{}”无法识别（应为月、季度、半年或年）", x.unit));
        }
        for (j, t) in x.types.iter().enumerate() {
            if crate::model::ActivityType::from_code(t).is_none() {
                p.add(format!("{at}.types[{j}]"), format!("会议类型“{t}”无法识别"));
            }
        }
        if chrono::Datelike::year(&x.planned_on) != x.year {
            p.add(format!("{at}.planned_on"), format!("计划日期不在{}年内", x.year));
        }
    }
    for (i, x) in pkg.care_visits.iter().enumerate() {
        let at = format!("care_visits[{i}]");
        refs.check(p, Kind::Member, &x.member, || format!("{at}.member"));
        if Occasion::parse(&x.occasion).is_none() {
            p.add(format!("{at}.occasion"), format!("走访事由“{}”无法识别", x.occasion));
        }
        not_blank(p, &x.visitors, || format!("{at}.visitors"), "走访人");
        if let Some(fen) = x.amount_fen {
            super::check_fen(p, fen, || format!("{at}.amount_fen"));
        }
    }
    for (i, x) in pkg.dues_publications.iter().enumerate() {
        let at = format!("dues_publications[{i}]");
        refs.check(p, Kind::Organization, &x.org, || format!("{at}.org"));
        if Period::parse(&x.period).is_none() {
            p.add(
                format!("{at}.period"),
                format!("公示期间应为年度（2026）、半年（2026-H1）或季度（2026-Q1），现为“{}”", x.period),
            );
        }
        not_blank(p, &x.how, || format!("{at}.how"), "公示方式");
        if let Some(subject) = &x.subject {
            if crate::dues::PublicationSubject::parse(subject).is_none() {
                p.add(format!("{at}.subject"), format!("公示内容应为 dues 或 funds，现为“{subject}”"));
            }
        }
    }
    check_work_funds(p, refs, pkg);
}

/// Budget lines, income, the budget item of a use of work funds, 困难党员 marks, the funds settings.
fn check_work_funds(p: &mut Problems, refs: &Refs, pkg: &Package) {
    let mut lines: HashMap<(&str, i32, &str), usize> = HashMap::new();
    for (i, x) in pkg.fund_budget_lines.iter().enumerate() {
        let at = format!("fund_budget_lines[{i}]");
        refs.check(p, Kind::Organization, &x.org, || format!("{at}.org"));
        if !(2000..=2100).contains(&x.year) {
            p.add(format!("{at}.year"), format!("年度“{}”应在2000到2100之间", x.year));
        }
        not_blank(p, &x.item, || format!("{at}.item"), "预算项目");
        super::check_fen(p, x.amount_fen, || format!("{at}.amount_fen"));
        if let Some(first) = lines.insert((x.org.as_str(), x.year, x.item.trim()), i) {
            p.add(
                format!("{at}.item"),
                format!("预算项目“{}”重复（与 fund_budget_lines[{first}] 相同）", x.item.trim()),
            );
        }
    }
    for (i, x) in pkg.fund_spending.iter().enumerate() {
        if x.budget_item.is_some() && FundSource::parse(&x.source) != Some(FundSource::Funds) {
            p.add(format!("fund_spending[{i}].budget_item"), "预算项目只用于党建工作经费（source 为 funds）的支出");
        }
    }
    for (i, x) in pkg.fund_income.iter().enumerate() {
        let at = format!("fund_income[{i}]");
        refs.check(p, Kind::Organization, &x.org, || format!("{at}.org"));
        super::check_fen(p, x.amount_fen, || format!("{at}.amount_fen"));
        if x.amount_fen == 0 {
            p.add(format!("{at}.amount_fen"), "收入金额应大于 0");
        }
        if IncomeKind::parse(&x.kind).is_none() {
            p.add(format!("{at}.kind"), format!("收入来源应为 allocation、retained_dues 或 refund，现为“{}”", x.kind));
        }
    }
    let mut marked: HashMap<&str, usize> = HashMap::new();
    for (i, x) in pkg.hardship.iter().enumerate() {
        let at = format!("hardship[{i}]");
        refs.check(p, Kind::Member, &x.member, || format!("{at}.member"));
        not_blank(p, &x.reason, || format!("{at}.reason"), "困难情况");
        if let Some(first) = marked.insert(x.member.as_str(), i) {
            p.add(format!("{at}.member"), format!("党员“{}”的困难党员标记重复（与 hardship[{first}] 相同）", x.member));
        }
    }
    if let Some(f) = &pkg.funds_settings {
        super::check_fen(p, f.approval_threshold_fen, || "funds_settings.approval_threshold_fen".to_string());
        if f.retain_permille > 1000 {
            p.add("funds_settings.retain_permille", "留存比例应在 0 到 1000‰ 之间");
        }
        for (i, o) in f.opening_dues.iter().enumerate() {
            refs.check(p, Kind::Organization, &o.org, || format!("funds_settings.opening_dues[{i}].org"));
            super::check_fen(p, o.amount_fen, || format!("funds_settings.opening_dues[{i}].amount_fen"));
        }
        for (i, y) in f.years.iter().enumerate() {
            refs.check(p, Kind::Organization, &y.org, || format!("funds_settings.years[{i}].org"));
            for (name, fen) in [("payroll_fen", y.payroll_fen), ("budget_fen", y.budget_fen)] {
                if let Some(fen) = fen {
                    super::check_fen(p, fen, || format!("funds_settings.years[{i}].{name}"));
                }
            }
        }
    }
}

/// `activities[].votes`: only on a 党员大会; an admission or conversion names a development record of
/// the package or the ledger (once per subject), another item a title; figures possible in themselves
/// (whether the attendance supports them is judged by `check`, as for any recorded history).
pub(super) fn check_meeting_votes(p: &mut Problems, refs: &Refs, pkg: &Package) {
    use crate::model::{ActivityType, VoteSubject};
    let people: std::collections::HashSet<&str> = pkg.development.iter().map(|d| d.key.as_str()).collect();
    for (i, a) in pkg.activities.iter().enumerate() {
        if a.votes.is_empty() {
            continue;
        }
        if !a.all_types().contains(&ActivityType::PartyCongress) {
            p.add(format!("activities[{i}].votes"), "只有党员大会（支部大会）记录表决情况");
            continue;
        }
        let mut seen = HashMap::new();
        for (j, v) in a.votes.iter().enumerate() {
            let at = format!("activities[{i}].votes[{j}]");
            match (v.subject, v.person.as_deref()) {
                (VoteSubject::Other, person) => {
                    if v.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
                        p.add(format!("{at}.title"), "其他事项须填写表决事项");
                    }
                    if person.is_some() {
                        p.add(format!("{at}.person"), "其他事项不引用发展对象");
                    }
                }
                (_, None) => p.add(format!("{at}.person"), "接收预备党员、预备党员转正须引用发展对象"),
                (subject, Some(key)) => {
                    if !people.contains(key) && !refs.exists(Kind::Development, key) {
                        p.add(format!("{at}.person"), format!("引用的发展对象“{key}”不存在（数据包和台账中都没有）"));
                    }
                    if let Some(first) = seen.insert((subject, key), j) {
                        p.add(format!("{at}.person"), format!("与 votes[{first}] 重复"));
                    }
                }
            }
            if v.present > v.eligible {
                p.add(format!("{at}.present"), format!("实到人数 {} 多于应到人数 {}", v.present, v.eligible));
            }
            if v.written > v.eligible.saturating_sub(v.present) {
                p.add(format!("{at}.written"), "书面意见多于未到会的有表决权党员");
            }
            let cast = u64::from(v.in_favour) + u64::from(v.against.unwrap_or(0)) + u64::from(v.abstain.unwrap_or(0));
            if cast > u64::from(v.present) + u64::from(v.written) {
                p.add(format!("{at}.in_favour"), "赞成、反对、弃权票合计多于实到人数与书面意见之和");
            }
        }
    }
}
