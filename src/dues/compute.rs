//! The pure dues arithmetic: which bracket a base falls in, the monthly due with its rounding, which
//! months a member owes, the base in force in a month, and the unpaid streak. No database, no clock:
//! every input is an argument, so the tables in the tests pin each rule down.

use chrono::NaiveDate;

use super::brackets::{BracketTable, CategoryDues, DuesBracket, DuesRules, Rounding};
use crate::model::dates::Month;
use crate::model::Category;

/// Where a month's due comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueBasis {
    /// The base × the rate of bracket `index` (0-based) of `table`.
    Bracket { table: BracketTable, index: usize, base_fen: i64, rate_permille: u32 },
    /// The category's fixed amount from the rules (农民, 学生, 下岗失业/低保).
    CategoryFixed { fen: i64 },
    /// The member's own fixed amount (an approved reduction, or a set amount), overriding everything.
    MemberFixed { fen: i64 },
    /// A bracket category without a base for the month: the due is unknown.
    NoBase,
}

/// One month's due and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthlyDue {
    pub basis: DueBasis,
    /// `None` when the due is unknown (no base).
    pub due_fen: Option<i64>,
    pub rounding: Rounding,
}

impl MonthlyDue {
    pub fn rate_permille(&self) -> Option<u32> {
        match self.basis {
            DueBasis::Bracket { rate_permille, .. } => Some(rate_permille),
            _ => None,
        }
    }

    pub fn is_fixed(&self) -> bool {
        matches!(self.basis, DueBasis::CategoryFixed { .. } | DueBasis::MemberFixed { .. })
    }
}

/// The bracket a base falls in: its index and rate. Boundaries belong to the lower bracket.
/// A validated table always ends with an open bracket; an invalid one falls back to its last row.
pub fn bracket_for(table: &[DuesBracket], base_fen: i64) -> Option<(usize, u32)> {
    table
        .iter()
        .position(|b| b.up_to_fen.is_none_or(|up| base_fen <= up))
        .or_else(|| table.len().checked_sub(1))
        .map(|i| (i, table[i].rate_permille))
}

/// `base_fen × rate_permille / 1000`, made whole by `rounding`, in integer arithmetic. Bases are
/// bounded by `model::money::MAX_FEN` where they enter; a larger one (a ledger written before that
/// check) is computed in i128 and capped rather than overflowing.
pub fn due_from_base(base_fen: i64, rate_permille: u32, rounding: Rounding) -> i64 {
    let product = i128::from(base_fen.max(0)) * i128::from(rate_permille);
    let due = rounding.per_thousand_wide(product);
    i64::try_from(due).unwrap_or(i64::MAX)
}

/// The monthly due of a member of `category` with `base_fen` in force for the month (if any).
/// The member's own fixed amount overrides the category; a fixed category ignores the base.
pub fn monthly_due(
    rules: &DuesRules,
    category: Category,
    member_fixed: Option<i64>,
    base_fen: Option<i64>,
) -> MonthlyDue {
    let basis = match (member_fixed, rules.for_category(category), base_fen) {
        (Some(fen), _, _) => DueBasis::MemberFixed { fen },
        (None, CategoryDues::Fixed(fen), _) => DueBasis::CategoryFixed { fen },
        (None, CategoryDues::Brackets(table, rows), Some(base_fen)) => match bracket_for(rows, base_fen) {
            Some((index, rate_permille)) => DueBasis::Bracket { table, index, base_fen, rate_permille },
            None => DueBasis::NoBase,
        },
        (None, CategoryDues::Brackets(..), None) => DueBasis::NoBase,
    };
    let due_fen = match basis {
        DueBasis::Bracket { base_fen, rate_permille, .. } => {
            Some(due_from_base(base_fen, rate_permille, rules.rounding))
        }
        DueBasis::CategoryFixed { fen } | DueBasis::MemberFixed { fen } => Some(fen),
        DueBasis::NoBase => None,
    };
    MonthlyDue { basis, due_fen, rounding: rules.rounding }
}

/// The base in force in `month`: the latest base whose `from` month is not after it.
/// `bases` is sorted by month, ascending.
pub fn base_for_month(bases: &[(Month, i64)], month: Month) -> Option<i64> {
    let n = bases.partition_point(|(from, _)| *from <= month);
    n.checked_sub(1).map(|i| bases[i].1)
}

/// The months a member owes: from the month they joined (a 预备党员 from the month the 支部大会 received
/// them) through the month they left; `None` as the end while they are on the roll.
pub fn owed_span(joined_on: NaiveDate, left_on: Option<NaiveDate>) -> (Month, Option<Month>) {
    (Month::of(joined_on), left_on.map(Month::of))
}

/// The months of `year` the member owes, in order (empty when none).
pub fn owed_months_in_year(joined_on: NaiveDate, left_on: Option<NaiveDate>, year: i32) -> Vec<Month> {
    let (first, last) = owed_span(joined_on, left_on);
    (1..=12).map(|month| Month { year, month }).filter(|m| *m >= first && last.is_none_or(|l| *m <= l)).collect()
}

/// A month counts as unpaid when less than the due was paid; when the due is unknown (no base), when
/// nothing at all was paid.
pub fn is_unpaid(due_fen: Option<i64>, paid_fen: i64) -> bool {
    match due_fen {
        Some(due) => paid_fen < due,
        None => paid_fen <= 0,
    }
}

/// The last day to pay `month`'s dues: the branch's collection day in that month (每月15日前交清 →
/// the 15th, a day past the month's length meaning its last day), else the month's last day.
pub fn collection_deadline(month: Month, collection_day: Option<u32>) -> NaiveDate {
    let last = month.last_day();
    match collection_day {
        Some(day) if day >= 1 => NaiveDate::from_ymd_opt(month.year, month.month, day).map_or(last, |d| d.min(last)),
        _ => last,
    }
}

/// The one definition of 补缴 (paid late): a payment made after its month's collection deadline.
/// A payment on or before the deadline (an advance payment included) is on time.
pub fn paid_late(month: Month, collection_day: Option<u32>, paid_on: NaiveDate) -> bool {
    paid_on > collection_deadline(month, collection_day)
}

/// The one definition of 待缴 and 欠缴: the last month whose dues are judged on `today` — today's
/// month once its collection deadline has passed, else the month before. An unpaid month up to it is
/// 欠缴 (arrears, counted in the streak); a later month already begun is 待缴 (not yet due).
pub fn last_judged_month(today: NaiveDate, collection_day: Option<u32>) -> Month {
    let now = Month::of(today);
    if today > collection_deadline(now, collection_day) {
        now
    } else {
        previous(now)
    }
}

/// The run of consecutive unpaid months ending at `end`, counted back no further than `start`.
pub fn unpaid_streak(start: Month, end: Month, mut unpaid: impl FnMut(Month) -> bool) -> u32 {
    let mut n = 0;
    let mut m = end;
    while m >= start && unpaid(m) {
        n += 1;
        m = previous(m);
    }
    n
}

/// The month before `m`.
pub fn previous(m: Month) -> Month {
    if m.month == 1 {
        Month { year: m.year - 1, month: 12 }
    } else {
        Month { year: m.year, month: m.month - 1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Month {
        Month::parse(text).unwrap()
    }

    fn due(category: Category, base: i64) -> (Option<u32>, Option<i64>) {
        let d = monthly_due(&DuesRules::national(), category, None, Some(base));
        (d.rate_permille(), d.due_fen)
    }

    #[test]
    fn every_bracket_boundary_on_both_sides() {
        use Category::*;
        // (category, base 分, rate ‰, due 分)
        let table = [
            (Employed, 0, 5, 0),
            (Employed, 1, 5, 0),
            (Employed, 300_000, 5, 1500),
            (Employed, 300_001, 10, 3000),
            (Employed, 500_000, 10, 5000),
            (Employed, 500_001, 15, 7500),
            (Employed, 1_000_000, 15, 15000),
            (Employed, 1_000_001, 20, 20000),
            (Employed, 5_000_000, 20, 100_000),
            (Other, 300_000, 5, 1500),
            (Other, 300_001, 10, 3000),
            (Other, 1_000_001, 20, 20000),
            (Retired, 300_001, 5, 1500),
            (Retired, 500_000, 5, 2500),
            (Retired, 500_001, 10, 5000),
            (Retired, 1_000_001, 10, 10000),
        ];
        for (category, base, rate, fen) in table {
            assert_eq!(due(category, base), (Some(rate), Some(fen)), "{category:?} {base}");
        }
    }

    #[test]
    fn half_up_to_the_fen() {
        use Category::*;
        let table = [
            (Employed, 310_050, 3101), // 3100.50 元 × 1% = 31.005 → 31.01
            (Employed, 310_049, 3100), // 31.0049 → 31.00
            (Employed, 300_100, 3001), // 3001.0 分 exactly: no rounding
            (Employed, 299_990, 1500), // 1499.95 → 1500
            (Employed, 299_890, 1499), // 1499.45 → 1499
            (Employed, 650_030, 9750), // 9750.45 → 9750
            (Employed, 650_034, 9751), // 9750.51 → 9751
            (Retired, 480_100, 2401),  // 2400.5 → 2401
        ];
        for (category, base, fen) in table {
            assert_eq!(due(category, base).1, Some(fen), "{category:?} {base}");
        }
        let mut down = DuesRules::national();
        down.rounding = Rounding::Down;
        assert_eq!(monthly_due(&down, Employed, None, Some(310_050)).due_fen, Some(3100));
    }

    #[test]
    fn fixed_amounts() {
        use Category::*;
        let rules = DuesRules::national();
        let fixed = |c, own, base| {
            let d = monthly_due(&rules, c, own, base);
            (d.is_fixed(), d.due_fen, d.rate_permille())
        };
        assert_eq!(fixed(Farmer, None, None), (true, Some(20), None));
        assert_eq!(fixed(Farmer, None, Some(900_000)), (true, Some(20), None), "a farmer's base is not used");
        assert_eq!(fixed(Student, None, None), (true, Some(20), None));
        assert_eq!(fixed(Unemployed, None, None), (true, Some(20), None));
        assert_eq!(fixed(Employed, Some(100), Some(900_000)), (true, Some(100), None), "the member's amount overrides");
        assert_eq!(fixed(Retired, Some(0), None), (true, Some(0), None), "an approved exemption");
        assert_eq!(fixed(Employed, None, None), (false, None, None), "no base: unknown");
        let mut province = DuesRules::national();
        province.farmer_fixed_fen = 100;
        assert_eq!(monthly_due(&province, Farmer, None, None).due_fen, Some(100));
    }

    #[test]
    fn the_base_in_force_is_the_latest_not_after_the_month() {
        let bases = [(m("2025-01"), 500_000), (m("2026-07"), 650_000)];
        assert_eq!(base_for_month(&bases, m("2024-12")), None);
        assert_eq!(base_for_month(&bases, m("2025-01")), Some(500_000));
        assert_eq!(base_for_month(&bases, m("2026-06")), Some(500_000));
        assert_eq!(base_for_month(&bases, m("2026-07")), Some(650_000));
        assert_eq!(base_for_month(&bases, m("2027-03")), Some(650_000));
    }

    #[test]
    fn owed_months_run_from_joining_through_leaving() {
        let d = |s: &str| crate::model::dates::parse_date(s).unwrap();
        let months = |j: &str, l: Option<&str>| {
            owed_months_in_year(d(j), l.map(d), 2026).iter().map(Month::to_string).collect::<Vec<_>>().join(",")
        };
        assert_eq!(owed_months_in_year(d("2010-05-05"), None, 2026).len(), 12);
        assert_eq!(months("2026-10-31", None), "2026-10,2026-11,2026-12");
        assert_eq!(months("2020-01-01", Some("2026-02-01")), "2026-01,2026-02");
        assert_eq!(months("2026-03-15", Some("2026-04-30")), "2026-03,2026-04");
        assert_eq!(months("2027-01-01", None), "");
        assert_eq!(months("2020-01-01", Some("2025-12-31")), "");
    }

    #[test]
    fn a_month_is_pending_until_its_collection_deadline() {
        let d = |s: &str| crate::model::dates::parse_date(s).unwrap();
        assert_eq!(collection_deadline(m("2026-12"), None), d("2026-12-31"));
        assert_eq!(collection_deadline(m("2026-12"), Some(15)), d("2026-12-15"));
        assert_eq!(collection_deadline(m("2026-02"), Some(31)), d("2026-02-28"), "clamped to the month");
        assert_eq!(last_judged_month(d("2026-12-02"), None), m("2026-11"));
        assert_eq!(last_judged_month(d("2026-12-31"), None), m("2026-11"));
        assert_eq!(last_judged_month(d("2027-01-01"), None), m("2026-12"));
        assert_eq!(last_judged_month(d("2026-12-15"), Some(15)), m("2026-11"), "due on the day itself");
        assert_eq!(last_judged_month(d("2026-12-16"), Some(15)), m("2026-12"));
        assert_eq!(last_judged_month(d("2026-01-01"), None), m("2025-12"));
        assert!(!paid_late(m("2026-03"), Some(15), d("2026-03-15")), "on the deadline is on time");
        assert!(paid_late(m("2026-03"), Some(15), d("2026-03-16")));
        assert!(!paid_late(m("2026-03"), None, d("2026-03-31")));
        assert!(paid_late(m("2026-03"), None, d("2026-04-01")));
        assert!(!paid_late(m("2026-03"), None, d("2026-01-10")), "paid in advance");
    }

    #[test]
    fn streaks_stop_at_a_paid_month_or_the_start() {
        let unpaid_from = |first: Month| move |x: Month| x >= first;
        assert_eq!(unpaid_streak(m("2026-01"), m("2026-11"), unpaid_from(m("2026-12"))), 0);
        assert_eq!(unpaid_streak(m("2026-01"), m("2026-11"), unpaid_from(m("2026-07"))), 5);
        assert_eq!(unpaid_streak(m("2026-01"), m("2026-11"), unpaid_from(m("2026-06"))), 6);
        assert_eq!(unpaid_streak(m("2025-01"), m("2026-02"), unpaid_from(m("2025-09"))), 6, "across the year end");
        assert_eq!(unpaid_streak(m("2026-03"), m("2026-11"), |_| true), 9, "bounded by the start");
        assert!(is_unpaid(Some(3101), 3100));
        assert!(!is_unpaid(Some(3101), 3101));
        assert!(!is_unpaid(Some(0), 0));
        assert!(is_unpaid(None, 0));
        assert!(!is_unpaid(None, 1));
    }
}
