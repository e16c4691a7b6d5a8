//! The dues rule set: bracket tables by category, fixed amounts and rounding (`national-rules.md` §3).
//!
//! One `DuesRules` value is "the visible setting" of the ledger for a span of years; its JSON form is
//! what `dues_rules.rules_json` stores (see `versions.rs`). Rates are in permille (5 = 0.5%). A bracket's
//! `up_to_fen` is inclusive, so a boundary value belongs to the lower bracket (300000 → 5‰), and the
//! last bracket has no upper bound (`null`). To change the national default, change `national()` and
//! the tables in the tests together; stored versions are never rewritten.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};
use crate::model::Category;

/// Plausibility: a monthly base above 100,000 元 is asked about before it is saved. A member's monthly
/// income above that is rare in a branch, while a slip of the keyboard is not: an extra digit or two
/// values run together (4600 typed after a refused 4600 gives 46,004,600 元). Not refused: a real
/// income that high is possible, so the user confirms it.
pub const PLAUSIBLE_BASE_MAX_FEN: i64 = 10_000_000;

/// Plausibility: a monthly due above 1,000 元 is asked about. 1,000 元 is 2% (the top rate) of a
/// 50,000 元 income, far above what almost any member pays; a due that high usually comes from a
/// mistyped base or fixed amount.
pub const PLAUSIBLE_DUE_MAX_FEN: i64 = 100_000;

/// Plausibility: a payment more than this many times the month's due, or less than the due divided by
/// it, is asked about. Real exceptions (a small shortfall, a rounded-up amount) stay well within ×3;
/// beyond that it is usually a typo, a yearly sum typed into one month, or the wrong member — unless it
/// covers the member's arrears (a 补缴 of several months), which is not asked about.
pub const PLAUSIBLE_PAYMENT_FACTOR: i64 = 3;

/// One row of a bracket table: bases up to and including `up_to_fen` pay `rate_permille` of the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct DuesBracket {
    /// Inclusive upper bound in 分; `None` for the last bracket (no upper bound).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub up_to_fen: Option<i64>,
    /// Rate in ‰ of the whole base (flat, not progressive).
    pub rate_permille: u32,
}

/// How a due with a fraction of a 分 is made whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// 四舍五入 (the default): half a 分 or more rounds up.
    #[default]
    HalfUp,
    /// 舍去: drop any fraction of a 分.
    Down,
    /// 进一: any fraction of a 分 makes a whole 分.
    Up,
}

impl Rounding {
    pub fn label(self) -> &'static str {
        match self {
            Rounding::HalfUp => "四舍五入",
            Rounding::Down => "舍去分以下",
            Rounding::Up => "分以下进一",
        }
    }

    /// `numerator / 1000` made whole by this rounding (integer arithmetic; `numerator` ≥ 0).
    pub fn per_thousand(self, numerator: i64) -> i64 {
        i64::try_from(self.per_thousand_wide(i128::from(numerator))).unwrap_or(i64::MAX)
    }

    /// `per_thousand` in i128, which cannot overflow for any product of an i64 and a u32.
    pub fn per_thousand_wide(self, numerator: i128) -> i128 {
        match self {
            Rounding::HalfUp => (numerator + 500) / 1000,
            Rounding::Down => numerator / 1000,
            Rounding::Up => (numerator + 999) / 1000,
        }
    }
}

/// Which bracket table applies to a member's category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum BracketTable {
    /// 在职 (and `other`).
    Employed,
    /// 离退休.
    Retired,
}

/// The bracket table and rounding in force from a year on, and the fixed amounts by category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct DuesRules {
    /// 在职 brackets (also used for the `other` category).
    pub employed: Vec<DuesBracket>,
    /// 离退休 brackets (base = the pension actually received).
    pub retired: Vec<DuesBracket>,
    /// 农民: 0.2–1 元 a month, set by the province.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub farmer_fixed_fen: i64,
    /// 学生.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub student_fixed_fen: i64,
    /// 下岗失业 / 依靠抚恤或救济生活 / 低保.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub unemployed_fixed_fen: i64,
    pub rounding: Rounding,
    /// 收缴日: the day of the month by which the month's dues are to be paid (每月15日前交清 → 15).
    /// None (the default): the month's last day. Until then the month is 待缴, after it 欠缴 when
    /// unpaid (`compute::last_judged_month`). Left out of the JSON when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_day: Option<u32>,
}

impl Default for DuesRules {
    fn default() -> Self {
        DuesRules::national()
    }
}

/// How a category's monthly due is determined by the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryDues<'a> {
    Brackets(BracketTable, &'a [DuesBracket]),
    Fixed(i64),
}

impl DuesRules {
    /// 中组发〔2008〕3号: 在职 ≤3000 0.5%, ≤5000 1%, ≤10000 1.5%, above 2%; 离退休 ≤5000 0.5%, above 1%;
    /// 农民, 学生, 下岗失业/低保 0.2 元; half-up to the 分.
    pub fn national() -> DuesRules {
        let b = |up_to_fen, rate_permille| DuesBracket { up_to_fen, rate_permille };
        DuesRules {
            employed: vec![b(Some(300_000), 5), b(Some(500_000), 10), b(Some(1_000_000), 15), b(None, 20)],
            retired: vec![b(Some(500_000), 5), b(None, 10)],
            farmer_fixed_fen: 20,
            student_fixed_fen: 20,
            unemployed_fixed_fen: 20,
            rounding: Rounding::HalfUp,
            collection_day: None,
        }
    }

    /// The brackets or fixed amount for a category.
    pub fn for_category(&self, category: Category) -> CategoryDues<'_> {
        match category {
            Category::Employed | Category::Other => CategoryDues::Brackets(BracketTable::Employed, &self.employed),
            Category::Retired => CategoryDues::Brackets(BracketTable::Retired, &self.retired),
            Category::Farmer => CategoryDues::Fixed(self.farmer_fixed_fen),
            Category::Student => CategoryDues::Fixed(self.student_fixed_fen),
            Category::Unemployed => CategoryDues::Fixed(self.unemployed_fixed_fen),
        }
    }

    /// Every problem with these rules, each naming its field in Chinese.
    pub fn check(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        check_table(&mut problems, "employed", "在职党费比例表", &self.employed);
        check_table(&mut problems, "retired", "离退休党费比例表", &self.retired);
        if !(20..=100).contains(&self.farmer_fixed_fen) {
            problems.push(Problem::new(
                "farmer_fixed_fen",
                format!("农民党员每月党费：应在 20 至 100 分（0.2 至 1 元）之间，现为 {} 分", self.farmer_fixed_fen),
            ));
        }
        for (at, label, fen) in [
            ("student_fixed_fen", "学生党员每月党费", self.student_fixed_fen),
            ("unemployed_fixed_fen", "下岗失业/低保党员每月党费", self.unemployed_fixed_fen),
        ] {
            if !(0..=100).contains(&fen) {
                problems.push(Problem::new(at, format!("{label}：应在 0 至 100 分（0 至 1 元）之间，现为 {fen} 分")));
            }
        }
        if let Some(day) = self.collection_day {
            if !(1..=31).contains(&day) {
                problems.push(Problem::new(
                    "collection_day",
                    format!("党费收缴日：应为每月 1 至 31 日中的一天（不填为月底），现为 {day}"),
                ));
            }
        }
        problems
    }

    /// The collection day in words: `每月15日前` or `每月月底前`.
    pub fn collection_day_label(&self) -> String {
        match self.collection_day {
            Some(day) if day < 28 => format!("每月{day}日前"),
            _ => "每月月底前".to_string(),
        }
    }

    /// Refuses rules with any problem.
    pub fn validate(&self) -> Result<()> {
        let problems = self.check();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(problems))
        }
    }
}

fn check_table(problems: &mut Vec<Problem>, field: &str, label: &str, table: &[DuesBracket]) {
    if table.is_empty() {
        problems.push(Problem::new(field, format!("{label}：至少要有一档")));
        return;
    }
    let mut previous: Option<i64> = None;
    for (i, b) in table.iter().enumerate() {
        let at = format!("{field}[{i}]");
        let last = i + 1 == table.len();
        match b.up_to_fen {
            None if !last => problems.push(Problem::new(
                format!("{at}.up_to_fen"),
                format!("{label}第 {} 档：只有最后一档可以不设上限", i + 1),
            )),
            Some(_) if last => problems.push(Problem::new(
                format!("{at}.up_to_fen"),
                format!("{label}第 {} 档：最后一档不应设上限（应覆盖以上所有基数）", i + 1),
            )),
            Some(up) if up > crate::model::money::MAX_FEN => problems.push(Problem::new(
                format!("{at}.up_to_fen"),
                format!("{label}第 {} 档：上限 {up} 分过大（最多 {} 分）", i + 1, crate::model::money::MAX_FEN),
            )),
            Some(up) if up <= 0 || previous.is_some_and(|p| up <= p) => problems.push(Problem::new(
                format!("{at}.up_to_fen"),
                format!("{label}第 {} 档：上限应大于 0 且比上一档的上限高，现为 {up} 分", i + 1),
            )),
            _ => {}
        }
        previous = b.up_to_fen.or(previous);
        if b.rate_permille > 1000 {
            problems.push(Problem::new(
                format!("{at}.rate_permille"),
                format!("{label}第 {} 档：比例应在 0‰ 至 1000‰ 之间，现为 {}‰", i + 1, b.rate_permille),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_national_rules_are_valid_and_round_trip_as_json() {
        let rules = DuesRules::national();
        assert!(rules.check().is_empty());
        let text = serde_json::to_string(&rules).unwrap();
        assert!(text.contains(r#""rounding":"half_up""#), "{text}");
        assert_eq!(serde_json::from_str::<DuesRules>(&text).unwrap(), rules);
        assert!(!text.contains("collection_day"), "not written when not set: {text}");
        let mut day15 = rules.clone();
        day15.collection_day = Some(15);
        let text = serde_json::to_string(&day15).unwrap();
        assert_eq!(serde_json::from_str::<DuesRules>(&text).unwrap(), day15);
        assert_eq!(day15.collection_day_label(), "每月15日前");
        day15.collection_day = Some(0);
        assert_eq!(day15.check()[0].at, "collection_day");
    }

    #[test]
    fn rounding_modes() {
        // 310050 分 × 10‰ = 3100.5 分
        let n = 310_050 * 10;
        assert_eq!(Rounding::HalfUp.per_thousand(n), 3101);
        assert_eq!(Rounding::Down.per_thousand(n), 3100);
        assert_eq!(Rounding::Up.per_thousand(n), 3101);
        assert_eq!(Rounding::HalfUp.per_thousand(3_100_499), 3100);
        assert_eq!(Rounding::Up.per_thousand(3_100_000), 3100);
    }

    #[test]
    fn problems_name_the_field() {
        let mut rules = DuesRules::national();
        rules.employed.swap(0, 1);
        rules.retired[1].up_to_fen = Some(900_000);
        rules.farmer_fixed_fen = 10;
        rules.student_fixed_fen = 101;
        rules.employed[3].rate_permille = 1001;
        let at: Vec<String> = rules.check().into_iter().map(|p| p.at).collect();
        assert_eq!(
            at,
            [
                "employed[1].up_to_fen",
                "employed[3].rate_permille",
                "retired[1].up_to_fen",
                "farmer_fixed_fen",
                "student_fixed_fen"
            ]
        );
        let mut open_middle = DuesRules::national();
        open_middle.retired[0].up_to_fen = None;
        let p = open_middle.check();
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("离退休党费比例表第 1 档"), "{}", p[0].message);
        let mut empty = DuesRules::national();
        empty.employed.clear();
        assert_eq!(empty.check()[0].message, "在职党费比例表：至少要有一档");
    }
}
