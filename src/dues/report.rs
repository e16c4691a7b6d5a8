//! The shapes of the year's dues report: `zhibu dues --json` (`cli.md`) and what the app's dues screen
//! shows. The fields `cli.md` names (`year`, `members[].member`, `months[].month`, `base_fen`,
//! `rate_permille`, `due_fen`, `paid_fen`, `due_total_fen`, `paid_total_fen`, `unpaid_streak_months`)
//! are a contract other programs rely on: never rename or drop them; add fields instead.
//!
//! - A month not yet reached on `today` is listed (`future: true`) with its due and any advance payment;
//!   it counts in `due_total_fen`/`paid_total_fen` (the whole year's dues) but not in the `*_to_date_fen`
//!   figures, `outstanding_fen` or the streak.
//! - The running month is 待缴 (`pending: true`) until its collection deadline (the month's last day,
//!   or the branch's `collection_day` in the rules) has passed; only then is it judged, unpaid being
//!   欠缴 (`compute::last_judged_month`). A pending month counts like a future one.
//! - A month before the ledger's start month (记账起始, `start_month`) is listed (`before_start: true`)
//!   with its due but never judged: not unpaid, not in the `*_to_date_fen` figures, `outstanding_fen`
//!   or the streak (the ledger holds no record of it).
//! - `base_fen` is the base in force that month (null when none is set); `rate_permille` is null when a
//!   fixed amount applies (`fixed: true`); `due_fen` is null when the due is unknown (no base), with the
//!   reason in `explanation` and the member's `problems`. Unknown dues count as 0 in the totals.
//! - `late` marks a month paid after its collection deadline (补缴, `compute::paid_late`), apart from
//!   one paid on time; `paid_late_fen` sums such payments per member and in the totals.

use chrono::NaiveDate;
use serde::Serialize;

use super::brackets::DuesRules;
use crate::model::Category;

/// The months from which the 自行脱党 rule applies: six months in a row without paying.
pub const SELF_LAPSE_MONTHS: u32 = 6;

/// One member's month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MonthDues {
    /// `YYYY-MM`.
    pub month: String,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub base_fen: Option<i64>,
    pub rate_permille: Option<u32>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub due_fen: Option<i64>,
    /// 0 when nothing was paid for the month.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub paid_fen: i64,
    pub paid_on: Option<NaiveDate>,
    /// A fixed amount (category or the member's own) replaced the bracket.
    pub fixed: bool,
    /// After `today`'s month: listed, not yet due.
    pub future: bool,
    /// 待缴: the running month (or a month before it) whose collection deadline has not passed on
    /// `today`; not yet due, so never arrears.
    pub pending: bool,
    /// Before the ledger's start month (记账起始): listed, never judged.
    pub before_start: bool,
    /// 欠缴: paid less than the due (or nothing while the due is unknown), for a month already due.
    pub unpaid: bool,
    /// 补缴: a payment was made after the month's collection deadline (`compute::paid_late`); false
    /// when nothing was paid or it was paid on time (in advance included).
    pub late: bool,
    /// Why the due is what it is (base, bracket, rate, rounding), in Chinese.
    pub explanation: String,
}

/// One member's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MemberDues {
    /// The member's key.
    pub member: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub name: String,
    /// The key of the branch holding the member's 组织关系.
    pub org: String,
    pub category: Category,
    /// The member's own fixed monthly amount, when set.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub fixed_fen: Option<i64>,
    /// The months of the year the member owes (joining through leaving), in order.
    pub months: Vec<MonthDues>,
    /// The whole year's dues (future months included).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub due_total_fen: i64,
    /// Everything paid for the year's months (advance payments for future months included).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub paid_total_fen: i64,
    /// Dues of the months already due on `today`.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub due_to_date_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub paid_to_date_fen: i64,
    /// The part of `paid_total_fen` paid late (补缴: after the month's collection deadline).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub paid_late_fen: i64,
    /// Σ over months already due of (due − paid) where positive: arrears not yet made up.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub outstanding_fen: i64,
    /// The current run of unpaid months ending at the year's last month due on `today`, counted back
    /// across earlier years as far as the member's dues records go.
    pub unpaid_streak_months: u32,
    /// `unpaid_streak_months` ≥ 6: the 自行脱党 threshold.
    pub streak_at_threshold: bool,
    /// The streak in plain words, when there is one.
    pub streak_note: Option<String>,
    /// Data that needs attention (no base, payments outside the owed months), in Chinese.
    pub problems: Vec<String>,
}

/// The branch's (or subtree's) totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DuesTotals {
    pub members: u32,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub due_total_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub paid_total_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub due_to_date_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub paid_to_date_fen: i64,
    /// The part of `paid_total_fen` paid late (补缴).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub paid_late_fen: i64,
    /// Member-months paid late (补缴).
    pub late_months: u32,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub outstanding_fen: i64,
    /// Members with an unpaid streak of at least one month.
    pub members_with_streak: u32,
    /// Members at the 自行脱党 threshold (six months or more).
    pub members_at_threshold: u32,
}

impl DuesTotals {
    /// Counts one member's line in (the totals of a report, or of part of one: a branch of a 党委).
    pub fn add(&mut self, line: &MemberDues) {
        self.members += 1;
        self.due_total_fen = self.due_total_fen.saturating_add(line.due_total_fen);
        self.paid_total_fen = self.paid_total_fen.saturating_add(line.paid_total_fen);
        self.due_to_date_fen = self.due_to_date_fen.saturating_add(line.due_to_date_fen);
        self.paid_to_date_fen = self.paid_to_date_fen.saturating_add(line.paid_to_date_fen);
        self.paid_late_fen = self.paid_late_fen.saturating_add(line.paid_late_fen);
        self.late_months += line.months.iter().filter(|x| x.late).count() as u32;
        self.outstanding_fen = self.outstanding_fen.saturating_add(line.outstanding_fen);
        self.members_with_streak += u32::from(line.unpaid_streak_months > 0);
        self.members_at_threshold += u32::from(line.streak_at_threshold);
    }
}

/// The year's dues: `zhibu dues --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DuesYear {
    pub year: i32,
    /// Members in roster order.
    pub members: Vec<MemberDues>,
    pub today: NaiveDate,
    /// The year the rules in force were set from; null for the built-in national default.
    pub rules_from_year: Option<i32>,
    pub rules: DuesRules,
    pub totals: DuesTotals,
    /// The ledger's start month (记账起始, `YYYY-MM`); null when none is set.
    pub start_month: Option<String>,
    /// The last month of the year judged on `today` (`YYYY-MM`): arrears and the streak count
    /// through it; null while no month of the year is due yet.
    pub judged_through: Option<String>,
}

impl DuesYear {
    /// How far the year's arrears are counted, in words: `11月`, `年底` (December judged), or `目前`
    /// while no month of the year is due yet.
    pub fn judged_label(&self) -> String {
        match self.judged_through.as_deref().and_then(crate::model::dates::Month::parse) {
            Some(m) if m.month == 12 => "年底".to_string(),
            Some(m) => format!("{}月", m.month),
            None => "目前".to_string(),
        }
    }
}

/// The streak in words: six months and more are called out as the 自行脱党 threshold.
pub fn streak_note(months: u32) -> Option<String> {
    match months {
        0 => None,
        n if n >= SELF_LAPSE_MONTHS => Some(format!(
            "已连续 {n} 个月未交纳党费，达到“连续六个月不交纳党费”的自行脱党界限：没有正当理由的，按自行脱党处理，应先批评教育、限期改正"
        )),
        n => Some(format!("已连续 {n} 个月未交纳党费（连续六个月不交纳且没有正当理由的，按自行脱党处理）")),
    }
}

impl DuesYear {
    /// The report as plain text for the terminal: one line per member, then the totals.
    pub fn summary_text(&self) -> String {
        use super::explain::yuan;
        let mut out = format!("{} 年党费（截至{}）\n", self.year, crate::model::dates::chinese_date(self.today));
        if let Some(start) = &self.start_month {
            // `2026-03` → 2026年3月.
            let label = match start.split_once('-').map(|(y, m)| (y, m.trim_start_matches('0'))) {
                Some((y, m)) => format!("{y}年{m}月"),
                None => start.clone(),
            };
            out.push_str(&format!("记账起始{label}：此前月份不计欠缴\n"));
        }
        for m in &self.members {
            out.push_str(&format!(
                "{}\t应缴 {} 元\t实缴 {} 元\t欠缴 {} 元",
                m.name,
                yuan(m.due_total_fen),
                yuan(m.paid_total_fen),
                yuan(m.outstanding_fen)
            ));
            if m.paid_late_fen > 0 {
                out.push_str(&format!("\t其中补缴 {} 元", yuan(m.paid_late_fen)));
            }
            if let Some(note) = &m.streak_note {
                out.push_str(&format!("\t{note}"));
            }
            for p in &m.problems {
                out.push_str(&format!("\n\t注意：{p}"));
            }
            out.push('\n');
        }
        let t = &self.totals;
        out.push_str(&format!(
            "合计 {} 人：全年应缴 {} 元，实缴 {} 元（其中补缴 {} 元）；截至{}应缴 {} 元，欠缴 {} 元；连续未缴 {} 人，其中连续六个月及以上 {} 人\n",
            t.members,
            yuan(t.due_total_fen),
            yuan(t.paid_total_fen),
            yuan(t.paid_late_fen),
            self.judged_label(),
            yuan(t.due_to_date_fen),
            yuan(t.outstanding_fen),
            t.members_with_streak,
            t.members_at_threshold
        ));
        out
    }
}
