//! The proposed schedule of a year. What is required is read from `standards::check` run for the
//! year under the organisation's profile: each frequency finding (rule × period × 党小组) says how
//! many sittings the period requires (`required`, already reduced for a ledger that starts within
//! the period, and absent for a 支委会 where there is no committee); each 谈心谈话 / 志愿服务 quota
//! says how many rounds a member is owed; each deadline finding a 党费公示, a document or the term's
//! end. 转正 due dates come from the development engine (预备期 end, with any extension). Nothing
//! here restates a frequency.
//!
//! Dates: the 主题党日 on the fixed day (`ThemeDay`); a monthly 支委会 on the 5th, 党小组会 on the
//! 20th, 集中学习 on the 25th; quarterly and half-yearly sittings in the period's last month on the
//! 主题党日 (a 党课 in its middle month); the yearly 党课 in June, 谈心谈话 on 10 December before the
//! 组织生活会 on the 20th and the 民主评议 on the 25th; 党费公示 on the 25th of the period's last month.
//! A default day falling on a weekend moves to the Friday before (the fixed day never moves).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{Plan, PlanItem, PlanKind};
use crate::error::{Error, Result};
use crate::model::ActivityType;
use crate::standards::finding::Finding;
use crate::standards::period::{spans, Span};
use crate::standards::profile::{DeadlineEvent, Measure, PeriodUnit, Profile, RuleSpec};

/// The 主题党日 day of the month a proposal uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ThemeDay {
    pub day: u32,
    /// True when the profile fixes the day (the sittings stay on it); false for the day last year's
    /// 主题党日 were mostly held on and for the default, which move off weekends.
    pub fixed: bool,
    /// Where the day comes from, for people.
    pub source: String,
}

/// The default 主题党日 day when neither the profile nor last year's record gives one.
pub const DEFAULT_THEME_DAY: u32 = 15;

/// Last year's 主题党日 make the branch's day when at least this many fell on one day of the month.
pub const HISTORY_MIN_SITTINGS: usize = 6;

/// The day of the 主题党日: the profile's fixed day, else the day most of last year's were held on
/// (at least `HISTORY_MIN_SITTINGS`), else the 15th.
pub fn theme_day(conn: &Connection, org_id: i64, year: i32, profile: &Profile) -> Result<ThemeDay> {
    let fixed = profile.rules.iter().find_map(|r| match &r.spec {
        RuleSpec::Frequency { activity: ActivityType::ThemeDay, fixed_day: Some(d), .. } => Some(*d),
        _ => None,
    });
    if let Some(day) = fixed {
        return Ok(ThemeDay {
            day, fixed: true, source: format!("《{}》规定每月{day}日开展主题党日", profile.title)
        });
    }
    let days = super::store::theme_days_of(conn, org_id, year - 1)?;
    let mut counts = [0usize; 32];
    for d in &days {
        counts[*d as usize] += 1;
    }
    let (day, n) = counts.iter().enumerate().max_by_key(|(d, n)| (**n, std::cmp::Reverse(*d))).expect("31 days");
    if *n >= HISTORY_MIN_SITTINGS && day <= 28 {
        // The branch's habit, not a rule: like the default, it moves off weekends (as the branch did).
        return Ok(ThemeDay {
            day: day as u32,
            fixed: false,
            source: format!("{}年的主题党日有{n}次在每月{day}日开展，按此安排（遇周末提前到周五）", year - 1),
        });
    }
    Ok(ThemeDay {
        day: DEFAULT_THEME_DAY,
        fixed: false,
        source: format!(
            "标准方案和台账中都没有固定的主题党日，暂按每月{DEFAULT_THEME_DAY}日安排（遇周末提前到周五），可逐项修改"
        ),
    })
}

/// The proposed plan of `org_id` for `year`, with the profile's required counts from `findings`
/// (the year's `check` findings of the organisation) and the people of a 预备期 from `people`.
pub fn propose(
    conn: &Connection,
    org_id: i64,
    year: i32,
    profile: &Profile,
    findings: &[Finding],
    people: &[crate::development::DevelopmentPerson],
) -> Result<Plan> {
    if !(2000..=2100).contains(&year) {
        return Err(Error::invalid("--year", format!("年度“{year}”应在2000到2100之间")));
    }
    let org = crate::store::orgs::get(conn, org_id)?;
    let groups = crate::store::orgs::groups(conn, org_id)?;
    let theme = theme_day(conn, org_id, year, profile)?;
    let mut items = Vec::new();
    let mut rounds_done: Vec<(String, String)> = Vec::new();
    for f in findings.iter().filter(|f| f.org == org.key) {
        let Some(rule) = profile.rule(&f.rule) else { continue };
        match &rule.spec {
            RuleSpec::Frequency { activity, period, lecturer, .. } => {
                let Some(span) = span_of(*period, year, &f.period) else { continue };
                let n = f.required.ceil().max(0.0) as u32;
                let group = f.subject.as_ref().and_then(|k| groups.iter().find(|g| &g.key == k));
                for k in 0..n {
                    let topic = match (activity, lecturer) {
                        (ActivityType::PartyLecture, Some(role)) => format!("{}讲党课", role.label()),
                        (ActivityType::LifeMeeting, _) => format!("{year}年度组织生活会"),
                        (ActivityType::EvaluationMeeting, _) => format!("{year}年度民主评议党员"),
                        _ => String::new(),
                    };
                    items.push(PlanItem {
                        kind: PlanKind::Meeting,
                        types: vec![*activity],
                        group: group.map(|g| g.key.clone()),
                        group_name: group.map(|g| g.name.clone()),
                        unit: *period,
                        planned_on: date_for(*activity, &span, k, n, &theme),
                        topic,
                        note: String::new(),
                        rule: Some(rule.id.clone()),
                        subject: None,
                    });
                }
            }
            RuleSpec::Quota {
                measure: measure @ (Measure::HeartTalks | Measure::VolunteerServices), period, ..
            } => {
                // One finding per member: the rounds of a period are planned once, as many as the
                // most any member is owed.
                let key = (rule.id.clone(), f.period.clone());
                if rounds_done.contains(&key) {
                    continue;
                }
                rounds_done.push(key);
                let Some(span) = span_of(*period, year, &f.period) else { continue };
                let most = findings
                    .iter()
                    .filter(|g| g.org == f.org && g.rule == f.rule && g.period == f.period)
                    .map(|g| g.required)
                    .fold(0.0, f64::max);
                let n = most.ceil() as u32;
                let activity =
                    if *measure == Measure::HeartTalks { ActivityType::HeartTalk } else { ActivityType::Volunteer };
                for k in 0..n {
                    items.push(PlanItem {
                        kind: PlanKind::Meeting,
                        types: vec![activity],
                        group: None,
                        group_name: None,
                        unit: *period,
                        planned_on: date_for(activity, &span, k, n, &theme),
                        topic: if activity == ActivityType::HeartTalk {
                            "支部委员与党员谈心谈话".to_string()
                        } else {
                            "志愿服务".to_string()
                        },
                        note: String::new(),
                        rule: Some(rule.id.clone()),
                        subject: None,
                    });
                }
            }
            RuleSpec::Deadline { event, period, subject, .. } => {
                let item = match event {
                    DeadlineEvent::DuesPublication => {
                        let unit = period.unwrap_or(PeriodUnit::Year);
                        let Some(span) = span_of(unit, year, &f.period) else { continue };
                        let last = span.last;
                        let day = weekday_before(NaiveDate::from_ymd_opt(last.year(), last.month(), 25).expect("25th"));
                        PlanItem {
                            kind: PlanKind::DuesPublication,
                            types: Vec::new(),
                            group: None,
                            group_name: None,
                            unit,
                            planned_on: day,
                            // 党费收缴使用情况, or the 经费使用情况 a profile asks for besides (涪陵).
                            topic: format!("公示{}{}", span.label, subject.unwrap_or_default().label()),
                            note: String::new(),
                            rule: Some(rule.id.clone()),
                            subject: None,
                        }
                    }
                    DeadlineEvent::TermRenewal => {
                        let Some(term) = &org.fields.term else { continue };
                        let ends = term.ends_on();
                        let whole = Span::year(year);
                        if ends > whole.last {
                            continue;
                        }
                        // A term already ended is renewed as soon as may be: planned at the end of January.
                        let day = if ends < whole.first {
                            NaiveDate::from_ymd_opt(year, 1, 31).expect("valid")
                        } else {
                            ends
                        };
                        PlanItem {
                            kind: PlanKind::TermRenewal,
                            types: vec![ActivityType::PartyCongress],
                            group: None,
                            group_name: None,
                            unit: PeriodUnit::Month,
                            planned_on: weekday_before(day),
                            topic: format!(
                                "召开党员大会选举新一届支部委员会（本届任期{}届满）",
                                crate::model::dates::chinese_date(ends)
                            ),
                            note: String::new(),
                            rule: Some(rule.id.clone()),
                            subject: None,
                        }
                    }
                    DeadlineEvent::Document => {
                        let Some(due) = f.due else { continue };
                        PlanItem {
                            kind: PlanKind::Document,
                            types: Vec::new(),
                            group: None,
                            group_name: None,
                            unit: PeriodUnit::Year,
                            planned_on: due,
                            topic: rule.title.clone(),
                            note: String::new(),
                            rule: Some(rule.id.clone()),
                            subject: None,
                        }
                    }
                };
                items.push(item);
            }
            _ => {}
        }
    }
    let whole = Span::year(year);
    for p in people.iter().filter(|p| p.org_id == org_id) {
        let (Some(s15), None) = (p.date(15), p.date(23)) else { continue };
        let Some(end) = p.probation_end(crate::development::version_on(s15).probation_months) else { continue };
        if !whole.contains(end) {
            continue;
        }
        items.push(PlanItem {
            kind: PlanKind::Probation,
            types: vec![ActivityType::PartyCongress],
            group: None,
            group_name: None,
            unit: PeriodUnit::Month,
            planned_on: end,
            topic: format!("讨论{}同志转为正式党员", p.name),
            note: format!("预备期{}满", crate::model::dates::chinese_date(end)),
            rule: None,
            subject: Some(p.key.clone()),
        });
    }
    sort_items(&mut items);
    Ok(Plan { org: org.key.clone(), org_name: org.fields.name.clone(), year, saved: false, theme_day: theme, items })
}

/// Date order; on one day, sittings before other items, then by type and 党小组.
pub fn sort_items(items: &mut [PlanItem]) {
    items.sort_by(|a, b| (a.planned_on, a.kind, &a.types).cmp(&(b.planned_on, b.kind, &b.types)));
}

fn span_of(unit: PeriodUnit, year: i32, code: &str) -> Option<Span> {
    spans(unit, year).into_iter().find(|s| s.code == code)
}

/// The planned day of the `k`-th of `n` sittings of `activity` in `span`.
fn date_for(activity: ActivityType, span: &Span, k: u32, n: u32, theme: &ThemeDay) -> NaiveDate {
    let months = crate::standards::period::months_inclusive(span.first, span.last);
    if n > 1 {
        // Several in one period: spread evenly, at the middle of each share.
        let len = (span.last - span.first).num_days() + 1;
        let offset = len * (2 * i64::from(k) + 1) / (2 * i64::from(n));
        return weekday_within(span.first + Days::new(offset as u64), span);
    }
    let on = |month_index: u32, day: u32, fixed: bool| {
        let first = span.first.checked_add_months(chrono::Months::new(month_index)).expect("valid month");
        let last = crate::standards::period::last_day(first.year(), first.month());
        let d = NaiveDate::from_ymd_opt(first.year(), first.month(), day).unwrap_or(last).min(last);
        if fixed {
            d
        } else {
            weekday_within(d, span)
        }
    };
    let last_month = months - 1;
    match activity {
        ActivityType::ThemeDay => on(last_month.min(months / 2), theme.day, theme.fixed),
        ActivityType::CommitteeMeeting => on(last_month.min(months / 2), 5, false),
        ActivityType::GroupMeeting => on(last_month.min(months / 2), 20, false),
        ActivityType::Study => on(last_month.min(months / 2), 25, false),
        ActivityType::PartyLecture if months == 12 => on(5, theme.day, theme.fixed),
        ActivityType::PartyLecture => on(months / 2, theme.day, theme.fixed),
        ActivityType::HeartTalk if months == 12 => on(11, 10, false),
        ActivityType::LifeMeeting if months == 12 => on(11, 20, false),
        ActivityType::EvaluationMeeting if months == 12 => on(11, 25, false),
        _ if months == 1 => on(0, theme.day, theme.fixed),
        _ => on(last_month, theme.day, theme.fixed),
    }
}

/// The day itself on a weekday, else the Friday before (the Monday after when that leaves `span`).
fn weekday_within(d: NaiveDate, span: &Span) -> NaiveDate {
    let back = match d.weekday() {
        Weekday::Sat => 1,
        Weekday::Sun => 2,
        _ => return d,
    };
    let before = d - Days::new(back);
    if before >= span.first {
        before
    } else {
        d + Days::new(3 - back)
    }
}

/// The day itself on a weekday, else the Friday before.
pub fn weekday_before(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d - Days::new(1),
        Weekday::Sun => d - Days::new(2),
        _ => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::model::dates::parse_date(s).unwrap()
    }

    #[test]
    fn default_days_avoid_weekends_and_fixed_days_do_not_move() {
        let month = spans(PeriodUnit::Month, 2026).remove(1); // February 2026
        let default = ThemeDay { day: 15, fixed: false, source: String::new() };
        // 15 February 2026 is a Sunday: the Friday before.
        assert_eq!(date_for(ActivityType::ThemeDay, &month, 0, 1, &default), d("2026-02-13"));
        let fixed = ThemeDay { day: 15, fixed: true, source: String::new() };
        assert_eq!(date_for(ActivityType::ThemeDay, &month, 0, 1, &fixed), d("2026-02-15"));
        let quarter = spans(PeriodUnit::Quarter, 2026).remove(0);
        assert_eq!(date_for(ActivityType::PartyCongress, &quarter, 0, 1, &fixed), d("2026-03-15"));
        assert_eq!(date_for(ActivityType::PartyLecture, &quarter, 0, 1, &fixed), d("2026-02-15"));
        let year = Span::year(2026);
        assert_eq!(date_for(ActivityType::LifeMeeting, &year, 0, 1, &fixed), d("2026-12-18"));
        assert_eq!(date_for(ActivityType::PartyLecture, &year, 0, 1, &fixed), d("2026-06-15"));
        // Two in a month: spread.
        let jan = spans(PeriodUnit::Month, 2026).remove(0);
        let a = date_for(ActivityType::Study, &jan, 0, 2, &fixed);
        let b = date_for(ActivityType::Study, &jan, 1, 2, &fixed);
        assert!(a < b && jan.contains(a) && jan.contains(b));
        assert_eq!(weekday_within(d("2026-08-01"), &spans(PeriodUnit::Month, 2026)[7]), d("2026-08-03"));
    }
}
