//! Amounts of money: kept in integer 分 everywhere, turned into 元 text only for people.

/// The largest amount of money the ledger takes anywhere (a base, a fixed due, a payment, a bracket
/// bound): 1,000 万元 in 分. Every amount entering the ledger (forms, the data package, the payroll
/// import) is checked against it, so that no sum the dues engine computes can overflow i64.
pub const MAX_FEN: i64 = 1_000_000_000;

/// Why an amount of money is refused (negative, or above `MAX_FEN`), in Chinese; None when it is fine.
pub fn amount_problem(fen: i64) -> Option<String> {
    if fen < 0 {
        Some(format!("金额不能为负数（现为 {} 元）", yuan(fen)))
    } else if fen > MAX_FEN {
        Some(format!("金额 {} 元过大（上限为 {} 元），请检查是否多输了位数", yuan(fen), yuan(MAX_FEN)))
    } else {
        None
    }
}

/// 分 as 元 with two decimals and thousands separators: 310050 → "3,100.50".
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    format!("{sign}{}.{:02}", thousands(fen / 100), fen % 100)
}

/// Digits grouped by three: 1234567 → "1,234,567".
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
