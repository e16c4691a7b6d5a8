//! 工作台: what is overdue, what falls due this month, what comes up soon (political birthdays, 换届,
//! dated deadlines) and the year at a glance per activity type and period — all from the year's
//! findings, each item carrying the rule, period and records behind it so the UI can open them.
//! 预备期 and 积极分子 reminders come from the development module through the findings provider.
//!
//! A per-member rule gives one finding per member; on the 工作台 the findings of one rule and period
//! make one line with a count (`12名党员2026年学时尚未达标（…）`, on a 党委's: `3个支部45名党员…`)
//! listing the members, their branch and what each lacks (`lines`). Other findings of one rule and
//! period (one per branch, 党小组 or 发展对象) are one line each while they are few (`GROUP_FROM`),
//! else one counted line listing them. On a 工作台 of several organisations the political birthdays
//! of a month are one line too. Organisations are named by their short name, and sources are shown
//! as a person reads them (`model::citation::plain`): on hover, not in the line.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::facts::{on_roll, subtree_ids};
use super::finding::{Finding, Status};
use super::period::{label_of, last_day};
use super::profile::{DeadlineEvent, Measure, Profile, RuleSpec};
use super::rules_num;
use crate::error::Result;
use crate::model::{citation, ActivityType, Member};
use crate::store::members::{MemberFilter, Presence};

/// Days ahead the 即将到期 list looks.
pub const UPCOMING_DAYS: u64 = 60;

/// Findings of one rule and period that are not per member (one per branch, 党小组 or 发展对象) are
/// lines of their own up to this many less one (a branch's three 党小组 each show); from this many
/// they are one counted line.
pub const GROUP_FROM: usize = 4;

/// What an upcoming item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum UpcomingKind {
    /// 政治生日: the anniversary of joining.
    PoliticalBirthday,
    /// 换届: a term ending within the reminder window.
    TermRenewal,
    /// A dated deadline of the profile.
    Deadline,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Upcoming {
    pub kind: UpcomingKind,
    pub date: NaiveDate,
    pub title: String,
    pub org: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// A month's political birthdays on a 工作台 of several organisations: who, which branch, which
    /// day (`title` counts them); empty for a single item.
    #[serde(default)]
    pub items: Vec<LineItem>,
}

/// One period of one activity type, over the organisations of the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GlanceCell {
    pub period: String,
    pub met: u32,
    pub unmet: u32,
    pub pending: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GlanceRow {
    pub rule: String,
    pub activity: ActivityType,
    pub title: String,
    pub cells: Vec<GlanceCell>,
}

/// One entry of a grouped line: a member and what the member lacks, or a branch, 党小组 or person
/// of a development and what is missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LineItem {
    /// Member key, development key, 党小组 key or organisation key.
    pub key: String,
    /// The member's or person's name; empty for an organisation's entry (its `org` names it).
    pub name: String,
    /// The short name of the entry's organisation when the 工作台 covers several, else empty.
    pub org: String,
    /// The finding's message without the name, period and measure the line already states
    /// (`已13.5学时，尚差18.5学时`).
    pub detail: String,
}

/// One line of 已逾期 or 本月待办: one finding, or the findings of one rule for one period, counted,
/// with the entries listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DashLine {
    /// The rule id of the profile (development findings: the check's rule id).
    pub rule: String,
    /// frequency · quota · cap · deadline · structure · manual · development
    pub kind: String,
    /// Organisation key (of the first entry for a line of several organisations).
    pub org: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<ActivityType>,
    /// training_hours, heart_talks, volunteer_services, dues_unpaid_streak … (per-member rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// `2026` · `2026-H1` · `2026-Q2` · `2026-05`.
    pub period: String,
    pub status: Status,
    /// The date the line falls due (the period's end or the deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// The rule's title (what it asks).
    pub title: String,
    /// Chinese, for people: the finding's message, or the count of members for a grouped line.
    pub message: String,
    /// The rule's source as a person reads it (no caveats, no documentation references).
    pub source: String,
    /// The entries of a grouped line (members, branches, 党小组 or persons) with what each lacks;
    /// empty for a line of one finding.
    pub items: Vec<LineItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Dashboard {
    pub year: i32,
    pub today: NaiveDate,
    pub profile: String,
    /// Unmet findings whose period or deadline has passed, the most recent first, per-member
    /// findings grouped (`lines`).
    pub overdue: Vec<DashLine>,
    /// Pending findings falling due by the end of this month, per-member findings grouped.
    pub due_this_month: Vec<DashLine>,
    /// The next `UPCOMING_DAYS` days, in date order.
    pub upcoming: Vec<Upcoming>,
    /// Frequency rules per period: met / unmet / pending.
    pub glance: Vec<GlanceRow>,
    /// The year's 三会一课 plan against what was held (filled by the app from `plan`; None when the
    /// dashboard is not of one organisation).
    #[serde(default)]
    pub plan: Option<PlanGlance>,
}

/// The 工作台's line on the year's plan: `计划48项：已开展20项，未开展3项，待开展25项；计划外开展2次`,
/// the items missed and the next ones planned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanGlance {
    pub year: i32,
    /// False when no plan is saved for the year.
    pub saved: bool,
    pub summary: String,
    pub held: u32,
    pub missed: u32,
    pub upcoming: u32,
    pub unplanned: u32,
    /// `3月15日 主题党日` for each missed item (latest first, at most a few).
    pub missed_items: Vec<String>,
    /// The next planned items not yet held (at most a few), `4月10日 主题党日`.
    pub next_items: Vec<String>,
}

/// The dashboard of `org_id`'s subtree (whole ledger when None) on `today` under `profile`, with the
/// development findings in `extra_findings`.
pub fn dashboard(
    conn: &Connection,
    org_id: Option<i64>,
    profile: &Profile,
    today: NaiveDate,
    extra_findings: Vec<Finding>,
) -> Result<Dashboard> {
    let year = today.year();
    let report = super::check::check(conn, org_id, year, profile, today, extra_findings)?;
    let month_end = last_day(year, today.month());
    let mut overdue: Vec<&Finding> = report.findings.iter().filter(|f| f.overdue(today)).collect();
    overdue.sort_by_key(|f| std::cmp::Reverse(f.due));
    let due_this_month: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Pending && f.due.is_some_and(|d| d >= today && d <= month_end))
        .collect();

    // Members who left are named too: a finding of an earlier period may be theirs.
    let filter = MemberFilter { org_id, presence: Presence::All, ..Default::default() };
    let members = crate::store::members::list(conn, &filter)?;
    let ids = subtree_ids(conn, org_id)?;
    let orgs: Vec<_> = crate::store::orgs::list(conn)?.into_iter().filter(|o| ids.contains(&o.id)).collect();
    let names = Names {
        members: members.iter().map(|m| (m.key.clone(), m.fields.name.clone())).collect(),
        orgs: orgs.iter().map(|o| (o.key.clone(), o.fields.short().to_string())).collect(),
        full: orgs.iter().map(|o| (o.key.clone(), o.fields.name.clone())).collect(),
    };
    let overdue = lines(&overdue, &names);
    let due_this_month = lines(&due_this_month, &names);

    let horizon = today + Days::new(UPCOMING_DAYS);
    let mut upcoming = political_birthdays(conn, &members, &ids, today, horizon)?;
    for f in report.findings.iter().filter(|f| f.kind == "deadline" && f.status == Status::Pending) {
        let renewal = profile
            .rule(&f.rule)
            .is_some_and(|r| matches!(r.spec, RuleSpec::Deadline { event: DeadlineEvent::TermRenewal, .. }));
        // A term in its reminder window shows however far its end is; other deadlines within the horizon.
        let Some(due) = f.due.filter(|d| renewal || (*d >= today && *d <= horizon)) else { continue };
        let kind = if renewal { UpcomingKind::TermRenewal } else { UpcomingKind::Deadline };
        upcoming.push(Upcoming {
            kind,
            date: due,
            title: f.message.clone(),
            org: f.org.clone(),
            member: None,
            rule: Some(f.rule.clone()),
            items: Vec::new(),
        });
    }
    upcoming.sort_by(|a, b| (a.date, &a.org).cmp(&(b.date, &b.org)));
    if names.orgs.len() > 1 {
        upcoming = grouped_upcoming(upcoming, &names);
    }

    let mut glance: Vec<GlanceRow> = Vec::new();
    for f in report.findings.iter().filter(|f| f.kind == "frequency") {
        let Some(activity) = f.activity else { continue };
        let row = match glance.iter_mut().position(|r| r.rule == f.rule) {
            Some(i) => &mut glance[i],
            None => {
                glance.push(GlanceRow { rule: f.rule.clone(), activity, title: f.title.clone(), cells: Vec::new() });
                glance.last_mut().expect("just pushed")
            }
        };
        let cell = match row.cells.iter_mut().position(|c| c.period == f.period) {
            Some(i) => &mut row.cells[i],
            None => {
                row.cells.push(GlanceCell { period: f.period.clone(), met: 0, unmet: 0, pending: 0 });
                row.cells.last_mut().expect("just pushed")
            }
        };
        match f.status {
            Status::Met => cell.met += 1,
            Status::Unmet => cell.unmet += 1,
            _ => cell.pending += 1,
        }
    }
    Ok(Dashboard { year, today, profile: profile.id.clone(), overdue, due_this_month, upcoming, glance, plan: None })
}

/// Member and organisation names for the lines: member key → name, organisation key → short name
/// (the name when it has none), over the organisations of the dashboard.
struct Names {
    members: BTreeMap<String, String>,
    orgs: BTreeMap<String, String>,
    /// Organisation key → full name.
    full: BTreeMap<String, String>,
}

/// The lines of `findings` (in their order): the findings of one per-member rule for one period make
/// one line, at the place of its first finding; so do the other findings of one rule and period when
/// there are `GROUP_FROM` or more; any other finding is a line.
fn lines(findings: &[&Finding], names: &Names) -> Vec<DashLine> {
    let mut groups: Vec<Vec<&Finding>> = Vec::new();
    let mut at: BTreeMap<(bool, &str, &str), usize> = BTreeMap::new();
    for &f in findings {
        let key = (f.member.is_some(), f.rule.as_str(), f.period.as_str());
        match at.get(&key) {
            Some(&i) => groups[i].push(f),
            None => {
                at.insert(key, groups.len());
                groups.push(vec![f]);
            }
        }
    }
    let mut out = Vec::new();
    for g in groups {
        if g[0].member.is_none() && g.len() < GROUP_FROM {
            out.extend(g.iter().map(|f| line(&[f], names)));
        } else {
            out.push(line(&g, names));
        }
    }
    out
}

/// The short name of `org` when the 工作台 covers several organisations, else empty.
fn org_label(names: &Names, org: &str) -> String {
    if names.orgs.len() > 1 {
        names.orgs.get(org).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

fn line(group: &[&Finding], names: &Names) -> DashLine {
    let first = group[0];
    let period = label_of(&first.period);
    let label = first.measure.as_deref().and_then(Measure::of_code).map(Measure::label);
    let items: Vec<LineItem> =
        if group.len() == 1 { Vec::new() } else { group.iter().map(|f| item(f, names, &period, label)).collect() };
    let orgs: std::collections::BTreeSet<&str> = group.iter().map(|f| f.org.as_str()).collect();
    let message = if group.len() == 1 {
        named_briefly(&first.message, &first.org, names)
    } else if first.member.is_some() {
        // Several organisations on one 工作台 (a 党委's): the line names its branch, or counts them.
        let org = match orgs.len() {
            1 => match org_label(names, &first.org) {
                name if name.is_empty() => String::new(),
                name => format!("{name}："),
            },
            n => format!("{n}个支部"),
        };
        format!("{org}{}", group_message(group, &period))
    } else {
        other_group_message(group, &period)
    };
    DashLine {
        rule: first.rule.clone(),
        kind: first.kind.clone(),
        org: first.org.clone(),
        activity: first.activity,
        measure: first.measure.clone(),
        period: first.period.clone(),
        status: first.status,
        due: first.due,
        title: first.title.clone(),
        message,
        source: citation::plain(&first.source),
        items,
    }
}

/// A finding's message as a 工作台 line says it: a finding names its organisation (by its short name,
/// `2026年11月教育局机关一支部未召开主题党日`); a 工作台 of one organisation names it above the lines, so
/// its lines leave it out.
fn named_briefly(message: &str, org: &str, names: &Names) -> String {
    match names.orgs.get(org).filter(|name| names.orgs.len() == 1 && !name.is_empty()) {
        Some(name) => message.replacen(name.as_str(), "", 1),
        None => message.to_string(),
    }
}

/// The entry of `f` in a grouped line: the member (or person) named, the rest of the message without
/// what the line already says.
fn item(f: &Finding, names: &Names, period: &str, label: Option<&str>) -> LineItem {
    let org = org_label(names, &f.org);
    if let Some(key) = &f.member {
        let name = names.members.get(key).cloned().unwrap_or_else(|| key.clone());
        let rest = f.message.strip_prefix(name.as_str()).unwrap_or(&f.message);
        let rest = rest.strip_prefix(period).unwrap_or(rest);
        let detail = label.and_then(|l| rest.strip_prefix(l)).unwrap_or(rest).to_string();
        return LineItem { key: key.clone(), name, org, detail };
    }
    let key = f.subject.clone().unwrap_or_else(|| f.org.clone());
    let rest = f.message.strip_prefix(period).unwrap_or(&f.message);
    // A development finding's message starts with the person's name (`崔玲：谈话于……`).
    match (&f.check, rest.split_once('：')) {
        (Some(_), Some((name, detail))) => LineItem { key, name: name.to_string(), org, detail: detail.to_string() },
        _ => {
            // The entry's organisation is named apart, not again at the start of its detail.
            let full = names.full.get(&f.org).map(String::as_str).unwrap_or_default();
            let detail = [org.as_str(), full]
                .into_iter()
                .filter(|n| !n.is_empty())
                .find_map(|n| rest.strip_prefix(n))
                .unwrap_or(rest);
            LineItem { key, name: String::new(), org, detail: detail.to_string() }
        }
    }
}

/// `党小组会每月召开1次：12个党小组2026年11月尚未完成`: a rule that is not per member, failed by many
/// branches, 党小组 or persons.
fn other_group_message(group: &[&Finding], period: &str) -> String {
    let first = group[0];
    let n = group.len();
    let noun = if first.check.is_some() {
        "人"
    } else if first.subject.is_some() {
        "个党小组"
    } else {
        "个支部"
    };
    let state = match first.status {
        Status::Pending => "尚未完成",
        _ if first.check.is_some() => "未按时完成",
        _ => "未完成",
    };
    // A development check is judged per person, not per period.
    let period = if first.check.is_some() { "" } else { period };
    let title = first.title.strip_prefix("发展党员：").unwrap_or(&first.title);
    format!("{title}：{n}{noun}{period}{state}")
}

/// `12名党员2026年学时尚未达标（尚差1至32学时不等）`: how many members fall short of a minimum (or
/// exceed a maximum) and by how much.
fn group_message(group: &[&Finding], period: &str) -> String {
    let first = group[0];
    let measure = first.measure.as_deref().and_then(Measure::of_code);
    let (label, unit) = measure.map_or((first.title.as_str(), ""), |m| (m.label(), m.unit()));
    let n = group.len();
    let over_max = group.iter().all(|f| f.actual > f.required);
    let gaps: Vec<f64> =
        group.iter().map(|f| if over_max { f.actual } else { (f.required - f.actual).max(0.0) }).collect();
    let lo = gaps.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = gaps.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let range = if lo == hi {
        format!("{}{unit}", rules_num(lo))
    } else {
        format!("{}至{}{unit}不等", rules_num(lo), rules_num(hi))
    };
    if over_max {
        return format!("{n}名党员{label}超过{}{unit}（{range}）", rules_num(first.required));
    }
    let (judged, short) =
        if first.status == Status::Pending { ("尚未达标", "尚差") } else { ("未达标", "差") };
    let each = if lo == hi { "每人" } else { "" };
    format!("{n}名党员{period}{label}{judged}（{each}{short}{range}）")
}

/// On a 工作台 of several organisations: the political birthdays of one month make one item, at the
/// place of the month's first, listing who, which branch and which day; the deadlines of one rule
/// and day (and the 换届 reminders) of `GROUP_FROM` or more branches make one item listing them.
fn grouped_upcoming(upcoming: Vec<Upcoming>, names: &Names) -> Vec<Upcoming> {
    let mut groups: Vec<Vec<Upcoming>> = Vec::new();
    let mut at: BTreeMap<(u8, String, i32, u32), usize> = BTreeMap::new();
    for u in upcoming {
        let key = match u.kind {
            UpcomingKind::PoliticalBirthday => (0, String::new(), u.date.year(), u.date.month()),
            UpcomingKind::TermRenewal => (1, u.rule.clone().unwrap_or_default(), 0, 0),
            UpcomingKind::Deadline => (2, u.rule.clone().unwrap_or_default(), u.date.year(), u.date.ordinal()),
        };
        match at.get(&key) {
            Some(&i) => groups[i].push(u),
            None => {
                at.insert(key, groups.len());
                groups.push(vec![u]);
            }
        }
    }
    let mut out = Vec::new();
    for g in groups {
        let n = g.len();
        let birthdays = g[0].kind == UpcomingKind::PoliticalBirthday;
        if n == 1 || (!birthdays && n < GROUP_FROM) {
            // A few branches' deadlines: one item each, naming its branch.
            for mut u in g {
                let org = org_label(names, &u.org);
                if !birthdays && !org.is_empty() && !u.title.contains(org.as_str()) {
                    u.title = format!("{org}：{}", u.title);
                }
                out.push(u);
            }
            continue;
        }
        let items: Vec<LineItem> = g
            .iter()
            .map(|u| {
                let name = u.member.as_ref().and_then(|m| names.members.get(m)).cloned().unwrap_or_default();
                let what = u.title.strip_prefix(name.as_str()).unwrap_or(&u.title);
                let detail =
                    if birthdays { format!("{}{what}", u.date.format("%-m月%-d日")) } else { what.to_string() };
                LineItem {
                    key: u.member.clone().unwrap_or_else(|| u.org.clone()),
                    name,
                    org: org_label(names, &u.org),
                    detail,
                }
            })
            .collect();
        let first = g.into_iter().next().expect("a group has an item");
        let title = match first.kind {
            UpcomingKind::PoliticalBirthday => format!("{}月有{n}名党员的政治生日", first.date.month()),
            UpcomingKind::TermRenewal => format!("{n}个支部临近换届"),
            UpcomingKind::Deadline => format!("{n}个支部：{}", first.title),
        };
        out.push(Upcoming { title, member: None, items, ..first });
    }
    out
}

/// Members on the roll whose joining anniversary falls between `from` and `to`.
fn political_birthdays(
    conn: &Connection,
    members: &[Member],
    ids: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Upcoming>> {
    let keys: BTreeMap<i64, String> = conn
        .prepare("SELECT id, key FROM organizations")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for m in members {
        if !ids.contains(&m.fields.org_id) || !on_roll(m, from) {
            continue;
        }
        let joined = m.fields.joined_on;
        for year in [from.year(), from.year() + 1] {
            let Some(day) = NaiveDate::from_ymd_opt(year, joined.month(), joined.day())
                .or_else(|| NaiveDate::from_ymd_opt(year, joined.month(), 28))
            else {
                continue;
            };
            if day >= from && day <= to && year > joined.year() {
                out.push(Upcoming {
                    kind: UpcomingKind::PoliticalBirthday,
                    date: day,
                    title: format!(
                        "{}入党{}周年（{}入党）",
                        m.fields.name,
                        year - joined.year(),
                        joined.format("%Y年%-m月%-d日")
                    ),
                    org: keys.get(&m.fields.org_id).cloned().unwrap_or_default(),
                    member: Some(m.key.clone()),
                    rule: None,
                    items: Vec::new(),
                });
            }
        }
    }
    Ok(out)
}

/// What the app calls: the dashboard of the organisation `org_id` (whole ledger when None) under
/// `profile_id` (the organisation's own when None), in one read transaction, with `provider`'s
/// development findings (预备期, 积极分子 reminders).
pub fn dashboard_for(
    ledger: &crate::store::Ledger,
    org_id: Option<i64>,
    profile_id: Option<&str>,
    today: NaiveDate,
    provider: &dyn super::check::FindingsProvider,
) -> Result<Dashboard> {
    ledger.read(|conn| {
        let profile = super::check::profile_for(conn, org_id, profile_id)?;
        let ids = subtree_ids(conn, org_id)?;
        let extra = provider.findings(conn, &ids, today.year(), today)?;
        dashboard(conn, org_id, &profile, today, extra)
    })
}
