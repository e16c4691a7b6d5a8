//! Why an amount is what it is, in the words a secretary uses: base, bracket, rate, rounding. Also the
//! 元 formatting of 分 amounts shared by the dues texts.

use super::brackets::{BracketTable, DuesBracket, DuesRules};
use super::compute::{DueBasis, MonthlyDue};
use crate::model::money::thousands;
pub use crate::model::money::yuan;
use crate::model::Category;

/// The explanation of one month's due, e.g.
/// "基数 3,100.50 元 × 1%（在职，3,000 元以上至 5,000 元）= 31.005 元，四舍五入为 31.01 元".
pub fn explain(rules: &DuesRules, category: Category, due: &MonthlyDue) -> String {
    match due.basis {
        DueBasis::Bracket { table, index, base_fen, rate_permille } => {
            let rows: &[DuesBracket] = match table {
                BracketTable::Employed => &rules.employed,
                BracketTable::Retired => &rules.retired,
            };
            let who = match category {
                Category::Other => "其他，按在职标准",
                Category::Retired => "离退休",
                _ => "在职",
            };
            let exact = base_fen.max(0).saturating_mul(i64::from(rate_permille));
            let head = format!(
                "基数 {} 元 × {}（{who}，{}）= {} 元",
                yuan(base_fen),
                percent(rate_permille),
                bracket_label(rows, index),
                exact_yuan(exact)
            );
            match due.due_fen {
                Some(fen) if fen.saturating_mul(1000) != exact => {
                    format!("{head}，{}为 {} 元", due.rounding.label(), yuan(fen))
                }
                _ => head,
            }
        }
        DueBasis::CategoryFixed { fen } => {
            format!("{}党员按规定每月缴纳固定金额 {} 元（不按基数计算）", category.label(), yuan(fen))
        }
        DueBasis::MemberFixed { fen: 0 } => "经批准免交党费（本人固定金额为 0 元）".to_string(),
        DueBasis::MemberFixed { fen } => format!("本人每月按固定金额 {} 元缴纳（不按基数和比例计算）", yuan(fen)),
        DueBasis::NoBase => "未设置党费基数，无法计算应缴金额：请填写该月适用的月收入基数".to_string(),
    }
}

/// The range of bracket `index`: "3,000 元及以下", "3,000 元以上至 5,000 元", "10,000 元以上".
pub fn bracket_label(rows: &[DuesBracket], index: usize) -> String {
    let lower = index.checked_sub(1).and_then(|i| rows.get(i)).and_then(|b| b.up_to_fen);
    let upper = rows.get(index).and_then(|b| b.up_to_fen);
    match (lower, upper) {
        (None, Some(up)) => format!("{} 元及以下", yuan_short(up)),
        (Some(low), Some(up)) => format!("{} 元以上至 {} 元", yuan_short(low), yuan_short(up)),
        (Some(low), None) => format!("{} 元以上", yuan_short(low)),
        (None, None) => "不分档".to_string(),
    }
}

/// 分 as 元, without ".00" for whole amounts: 300000 → "3,000"; 300050 → "3,000.50".
pub fn yuan_short(fen: i64) -> String {
    if fen % 100 == 0 {
        let sign = if fen < 0 { "-" } else { "" };
        format!("{sign}{}", thousands(fen.unsigned_abs() / 100))
    } else {
        yuan(fen)
    }
}

/// A rate in ‰ as a percentage: 5 → "0.5%", 10 → "1%", 15 → "1.5%", 125 → "12.5%".
pub fn percent(permille: u32) -> String {
    if permille.is_multiple_of(10) {
        format!("{}%", permille / 10)
    } else {
        format!("{}.{}%", permille / 10, permille % 10)
    }
}

/// An exact product in thousandths of a 分 as 元, at least two decimals: 3100500 → "31.005".
fn exact_yuan(milli_fen: i64) -> String {
    let whole_fen = milli_fen / 1000;
    let rest = milli_fen % 1000;
    if rest == 0 {
        return yuan(whole_fen);
    }
    let digits = format!("{rest:03}");
    format!("{}{}", yuan(whole_fen), digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::super::compute::monthly_due;
    use super::*;

    fn says(category: Category, own: Option<i64>, base: Option<i64>) -> String {
        let rules = DuesRules::national();
        explain(&rules, category, &monthly_due(&rules, category, own, base))
    }

    #[test]
    fn explanations_show_base_bracket_rate_and_rounding() {
        use Category::*;
        let table = [
            (
                Employed,
                None,
                Some(310_050),
                "基数 3,100.50 元 × 1%（在职，3,000 元以上至 5,000 元）= 31.005 元，四舍五入为 31.01 元",
            ),
            (Employed, None, Some(300_000), "基数 3,000.00 元 × 0.5%（在职，3,000 元及以下）= 15.00 元"),
            (Employed, None, Some(650_000), "基数 6,500.00 元 × 1.5%（在职，5,000 元以上至 10,000 元）= 97.50 元"),
            (
                Employed,
                None,
                Some(1_234_567),
                "基数 12,345.67 元 × 2%（在职，10,000 元以上）= 246.9134 元，四舍五入为 246.91 元",
            ),
            (
                Other,
                None,
                Some(299_990),
                "基数 2,999.90 元 × 0.5%（其他，按在职标准，3,000 元及以下）= 14.9995 元，四舍五入为 15.00 元",
            ),
            (
                Retired,
                None,
                Some(500_001),
                "基数 5,000.01 元 × 1%（离退休，5,000 元以上）= 50.0001 元，四舍五入为 50.00 元",
            ),
            (Farmer, None, None, "农民党员按规定每月缴纳固定金额 0.20 元（不按基数计算）"),
            (Student, None, Some(100_000), "学生党员按规定每月缴纳固定金额 0.20 元（不按基数计算）"),
            (Employed, Some(50), Some(650_000), "本人每月按固定金额 0.50 元缴纳（不按基数和比例计算）"),
            (Retired, Some(0), None, "经批准免交党费（本人固定金额为 0 元）"),
            (Employed, None, None, "未设置党费基数，无法计算应缴金额：请填写该月适用的月收入基数"),
        ];
        for (category, own, base, text) in table {
            assert_eq!(says(category, own, base), text);
        }
    }

    #[test]
    fn money_and_rates_read_naturally() {
        assert_eq!(yuan(0), "0.00");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(123_456_789), "1,234,567.89");
        assert_eq!(yuan(-150), "-1.50");
        assert_eq!(yuan_short(1_000_000), "10,000");
        assert_eq!(percent(5), "0.5%");
        assert_eq!(percent(20), "2%");
        assert_eq!(percent(125), "12.5%");
        assert_eq!(exact_yuan(3_100_500), "31.005");
        assert_eq!(exact_yuan(1_500_000), "15.00");
    }
}
