//! Reads a year's dues from the store and assembles the report: members in roster order, each owed
//! month with its base, rate, due and payment, the totals, and the unpaid streak.
//!
//! Everything is read in one transaction (a consistent snapshot) with a handful of whole-table queries,
//! so the year for a 2,500-member 党委 takes one pass. The arithmetic lives in `compute.rs`.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::Connection;

use super::brackets::DuesRules;
use super::compute::{self, is_unpaid, monthly_due, owed_months_in_year, unpaid_streak, MonthlyDue};
use super::explain::explain;
use super::report::{streak_note, DuesTotals, DuesYear, MemberDues, MonthDues, SELF_LAPSE_MONTHS};
use super::versions::{in_force, rules_versions, RulesVersion};
use crate::error::{Error, Result};
use crate::model::dates::Month;
use crate::model::Member;
use crate::store::members::{MemberFilter, Presence};
use crate::store::Ledger;

/// One payment: the month it is for, the amount and the day it was paid.
#[derive(Debug, Clone, Copy)]
struct Payment {
    month: Month,
    paid_fen: i64,
    paid_on: NaiveDate,
}

/// What the store holds about one member's dues.
#[derive(Debug, Default)]
struct DuesRecords {
    /// Sorted by month.
    bases: Vec<(Month, i64)>,
    /// Sorted by month.
    payments: Vec<Payment>,
    fixed_fen: Option<i64>,
}

impl DuesRecords {
    fn payment(&self, month: Month) -> Option<&Payment> {
        self.payments.binary_search_by(|p| p.month.cmp(&month)).ok().map(|i| &self.payments[i])
    }

    /// The first month this ledger has any dues record of the member for.
    fn first_record(&self) -> Option<Month> {
        let base = self.bases.first().map(|b| b.0);
        let paid = self.payments.first().map(|p| p.month);
        base.into_iter().chain(paid).min()
    }
}

/// The year's dues of every member of `org_id`'s subtree (the whole ledger when None) who owed at
/// least one month of `year`, as seen on `today`.
pub fn year_report(ledger: &Ledger, year: i32, org_id: Option<i64>, today: NaiveDate) -> Result<DuesYear> {
    ledger.write(|tx| assemble(tx, year, org_id, today))
}

pub(crate) fn assemble(conn: &Connection, year: i32, org_id: Option<i64>, today: NaiveDate) -> Result<DuesYear> {
    if let Some(id) = org_id {
        crate::store::orgs::name_of(conn, id)?;
    }
    let versions = rules_versions(conn)?;
    let (rules_from_year, rules) = in_force(&versions, year);
    let filter = MemberFilter { org_id, presence: Presence::All, ..MemberFilter::default() };
    let members: Vec<Member> = crate::store::members::list(conn, &filter)?
        .into_iter()
        .filter(|m| !owed_months_in_year(m.fields.joined_on, m.left.as_ref().map(|l| l.on), year).is_empty())
        .collect();
    let ids: HashSet<i64> = members.iter().map(|m| m.id).collect();
    let mut records = load_records(conn, &ids, year)?;
    let org_keys = crate::store::orgs::keys(conn)?;
    let mut earlier = EarlierRules { versions: &versions, cache: HashMap::new() };
    // The running month belongs to the reported year whenever a month of it can be pending, so the
    // year's collection day decides; for other years every month is past or future either way.
    let judge = Judge {
        now: Month::of(today),
        judged: compute::last_judged_month(today, rules.collection_day),
        start: crate::store::meta::start_month(conn)?,
    };

    let mut out = Vec::with_capacity(members.len());
    let mut totals = DuesTotals::default();
    for m in &members {
        let mut r = records.remove(&m.id).unwrap_or_default();
        let mut line = member_year(m, &r, year, &judge, &rules);
        if line.unpaid_streak_months > 0 {
            let mut streak = Streak { member: m, year, judge: &judge, rules: &rules, earlier: &mut earlier };
            if streak.reaches_back(line.unpaid_streak_months) {
                // Unpaid since January and on the roll before: the run may go on into earlier years.
                r.payments.splice(0..0, earlier_payments(conn, m.id, year)?);
                set_streak(&mut line, streak.count(&r));
            }
        }
        let line = MemberDues { org: org_keys.get(&m.fields.org_id).cloned().unwrap_or_default(), ..line };
        totals.add(&line);
        out.push(line);
    }
    let judged_through = (judge.judged.year >= year).then(|| judge.judged.min(Month { year, month: 12 }).to_string());
    Ok(DuesYear {
        year,
        members: out,
        today,
        rules_from_year,
        rules,
        totals,
        start_month: judge.start.map(|m| m.to_string()),
        judged_through,
    })
}

/// Which months are judged on `today`: those up to `judged` (the last month whose collection
/// deadline has passed) and not before the ledger's start month.
struct Judge {
    /// Today's month: later months are `future`.
    now: Month,
    /// `compute::last_judged_month`: later months already begun are 待缴.
    judged: Month,
    /// 记账起始: earlier months are never judged.
    start: Option<Month>,
}

impl Judge {
    fn before_start(&self, month: Month) -> bool {
        self.start.is_some_and(|s| month < s)
    }
}

/// The rules of years before the reported one, for streaks that run back across a year end.
struct EarlierRules<'a> {
    versions: &'a [RulesVersion],
    cache: HashMap<i32, DuesRules>,
}

impl EarlierRules<'_> {
    fn get(&mut self, year: i32) -> &DuesRules {
        self.cache.entry(year).or_insert_with(|| in_force(self.versions, year).1)
    }
}

fn member_year(m: &Member, r: &DuesRecords, year: i32, judge: &Judge, rules: &DuesRules) -> MemberDues {
    let category = m.fields.category;
    let left_on = m.left.as_ref().map(|l| l.on);
    let owed = owed_months_in_year(m.fields.joined_on, left_on, year);
    let mut line = MemberDues {
        member: m.key.clone(),
        member_id: m.id,
        name: m.fields.name.clone(),
        org: String::new(),
        category,
        fixed_fen: r.fixed_fen,
        months: Vec::with_capacity(owed.len()),
        due_total_fen: 0,
        paid_total_fen: 0,
        due_to_date_fen: 0,
        paid_to_date_fen: 0,
        paid_late_fen: 0,
        outstanding_fen: 0,
        unpaid_streak_months: 0,
        streak_at_threshold: false,
        streak_note: None,
        problems: Vec::new(),
    };
    let mut no_base: Vec<Month> = Vec::new();
    for &month in &owed {
        let base_fen = compute::base_for_month(&r.bases, month);
        let due = monthly_due(rules, category, r.fixed_fen, base_fen);
        let payment = r.payment(month);
        let paid_fen = payment.map_or(0, |p| p.paid_fen);
        let future = month > judge.now;
        let pending = !future && month > judge.judged;
        let before_start = judge.before_start(month);
        let judged = !future && !pending && !before_start;
        if due.due_fen.is_none() && !before_start {
            no_base.push(month);
        }
        let late =
            payment.is_some_and(|p| p.paid_fen > 0 && compute::paid_late(month, rules.collection_day, p.paid_on));
        if late {
            line.paid_late_fen = line.paid_late_fen.saturating_add(paid_fen);
        }
        let due_fen = due.due_fen.unwrap_or(0);
        line.due_total_fen = line.due_total_fen.saturating_add(due_fen);
        line.paid_total_fen = line.paid_total_fen.saturating_add(paid_fen);
        if judged {
            line.due_to_date_fen = line.due_to_date_fen.saturating_add(due_fen);
            line.paid_to_date_fen = line.paid_to_date_fen.saturating_add(paid_fen);
            line.outstanding_fen = line.outstanding_fen.saturating_add(due_fen.saturating_sub(paid_fen).max(0));
        }
        line.months.push(MonthDues {
            month: month.to_string(),
            base_fen,
            rate_permille: due.rate_permille(),
            due_fen: due.due_fen,
            paid_fen,
            paid_on: payment.map(|p| p.paid_on),
            fixed: due.is_fixed(),
            future,
            pending,
            before_start,
            unpaid: judged && is_unpaid(due.due_fen, paid_fen),
            late,
            explanation: explain(rules, category, &due),
        });
    }
    if let Some(run) = month_runs(&no_base) {
        line.problems.push(format!("{run}未设置党费基数，应缴金额无法计算"));
    }
    let owed_set: HashSet<Month> = owed.iter().copied().collect();
    for p in r.payments.iter().filter(|p| p.month.year == year && !owed_set.contains(&p.month)) {
        line.problems.push(format!(
            "{}有缴费记录 {} 元，但该月不在应缴月份内（入党之前或离开之后）",
            p.month.chinese(),
            super::explain::yuan(p.paid_fen)
        ));
    }

    // Within the year the run counts over the listed months; `Streak` looks into earlier years.
    let streak = line.months.iter().rev().skip_while(|x| x.future || x.pending).take_while(|x| x.unpaid).count() as u32;
    set_streak(&mut line, streak);
    line
}

fn set_streak(line: &mut MemberDues, months: u32) {
    line.unpaid_streak_months = months;
    line.streak_at_threshold = months >= SELF_LAPSE_MONTHS;
    line.streak_note = streak_note(months);
}

/// The unpaid streak of one member, which may run back across year ends.
struct Streak<'a, 'b> {
    member: &'a Member,
    year: i32,
    judge: &'a Judge,
    rules: &'a DuesRules,
    earlier: &'a mut EarlierRules<'b>,
}

impl Streak<'_, '_> {
    /// The first and last month of the year the streak is counted over.
    fn span(&self) -> Option<(Month, Month)> {
        let owed =
            owed_months_in_year(self.member.fields.joined_on, self.member.left.as_ref().map(|l| l.on), self.year);
        Some((*owed.first()?, (*owed.last()?).min(self.judge.judged)))
    }

    /// True when the streak within the year covers every month up to its end and the member owed
    /// December of the year before: the run may continue into earlier years.
    fn reaches_back(&self, in_year_streak: u32) -> bool {
        let Some((first, end)) = self.span() else { return false };
        let joined = Month::of(self.member.fields.joined_on);
        first.month == 1 && joined < first && in_year_streak == months_between(first, end)
    }

    /// The run ends at the year's last month due on `today` and may run back into earlier years, but
    /// only as far as this ledger's dues records of the member go (a member transferred in has no
    /// record of the months paid elsewhere, and those are not arrears), and never before the
    /// ledger's start month.
    fn count(&mut self, r: &DuesRecords) -> u32 {
        let Some((first, end)) = self.span() else { return 0 };
        let joined = Month::of(self.member.fields.joined_on);
        let mut start = first.min(r.first_record().unwrap_or(first)).max(joined);
        if let Some(ledger_start) = self.judge.start {
            start = start.max(ledger_start);
        }
        let (year, category) = (self.year, self.member.fields.category);
        unpaid_streak(start, end, |month| {
            let rules = if month.year == year { self.rules } else { self.earlier.get(month.year) };
            let due: MonthlyDue = monthly_due(rules, category, r.fixed_fen, compute::base_for_month(&r.bases, month));
            is_unpaid(due.due_fen, r.payment(month).map_or(0, |p| p.paid_fen))
        })
    }
}

/// Months from `a` through `b` inclusive (0 when `b` is before `a`).
fn months_between(a: Month, b: Month) -> u32 {
    let n = (b.year - a.year) * 12 + b.month as i32 - a.month as i32 + 1;
    n.max(0) as u32
}

/// A member's payments for months before `year`, in month order.
fn earlier_payments(conn: &Connection, member_id: i64, year: i32) -> Result<Vec<Payment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT month, paid_fen, paid_on FROM dues_payments WHERE member_id = ?1 AND month < ?2 ORDER BY month",
    )?;
    let mut rows = stmt.query(rusqlite::params![member_id, format!("{year:04}-01")])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(Payment { month: month_of(&row.get::<_, String>(0)?)?, paid_fen: row.get(1)?, paid_on: row.get(2)? });
    }
    Ok(out)
}

/// "2026-01 至 2026-12" for the span of `months` (sorted), or the single month.
fn month_runs(months: &[Month]) -> Option<String> {
    match (months.first(), months.last()) {
        (Some(a), Some(b)) if a == b => Some(a.chinese()),
        (Some(a), Some(b)) => Some(format!("{}至{}", a.chinese(), b.chinese())),
        _ => None,
    }
}

/// Bases up to the end of `year`, payments for the months of `year`, and fixed amounts of `ids`.
/// (Earlier payments are read only for the few members whose streak runs back: `earlier_payments`.)
fn load_records(conn: &Connection, ids: &HashSet<i64>, year: i32) -> Result<HashMap<i64, DuesRecords>> {
    let mut out: HashMap<i64, DuesRecords> = HashMap::with_capacity(ids.len());
    let (first, last) = (format!("{year:04}-01"), format!("{year:04}-12"));
    let mut stmt = conn.prepare(
        "SELECT member_id, from_month, base_fen FROM dues_bases WHERE from_month <= ?1 ORDER BY member_id, from_month",
    )?;
    let mut rows = stmt.query([&last])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if ids.contains(&id) {
            let month = month_of(&row.get::<_, String>(1)?)?;
            out.entry(id).or_default().bases.push((month, row.get(2)?));
        }
    }
    let mut stmt = conn.prepare(
        "SELECT member_id, month, paid_fen, paid_on FROM dues_payments WHERE month BETWEEN ?1 AND ?2
         ORDER BY member_id, month",
    )?;
    let mut rows = stmt.query([&first, &last])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if ids.contains(&id) {
            let month = month_of(&row.get::<_, String>(1)?)?;
            out.entry(id).or_default().payments.push(Payment { month, paid_fen: row.get(2)?, paid_on: row.get(3)? });
        }
    }
    let mut stmt = conn.prepare("SELECT id, dues_fixed_fen FROM members WHERE dues_fixed_fen IS NOT NULL")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if ids.contains(&id) {
            out.entry(id).or_default().fixed_fen = row.get(1)?;
        }
    }
    Ok(out)
}

fn month_of(text: &str) -> Result<Month> {
    Month::parse(text).ok_or_else(|| Error::Internal(format!("数据库中的党费月份“{text}”格式有误")))
}
