//! The periods rules count over, with the `check --json` codes (`2026`, `2026-H1`, `2026-Q2`,
//! `2026-05`) and Chinese labels.

use chrono::{Datelike, NaiveDate};

use super::profile::PeriodUnit;

/// One period of a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub code: String,
    pub label: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Span {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }

    /// Whether this is the whole of `year`.
    pub fn is_year(&self, year: i32) -> bool {
        let whole = Span::year(year);
        self.first == whole.first && self.last == whole.last
    }

    /// The whole year.
    pub fn year(year: i32) -> Span {
        spans(PeriodUnit::Year, year).remove(0)
    }
}

const QUARTERS: [&str; 4] = ["一", "二", "三", "四"];

/// The periods of `unit` in `year`, in order.
pub fn spans(unit: PeriodUnit, year: i32) -> Vec<Span> {
    let span = |first_month: u32, months: u32, code: String, label: String| {
        let first = NaiveDate::from_ymd_opt(year, first_month, 1).expect("valid month");
        let last = last_day(year, first_month + months - 1);
        Span { code, label, first, last }
    };
    match unit {
        PeriodUnit::Year => vec![span(1, 12, format!("{year}"), format!("{year}年"))],
        PeriodUnit::HalfYear => vec![
            span(1, 6, format!("{year}-H1"), format!("{year}年上半年")),
            span(7, 6, format!("{year}-H2"), format!("{year}年下半年")),
        ],
        PeriodUnit::Quarter => (1..=4)
            .map(|q| span(q * 3 - 2, 3, format!("{year}-Q{q}"), format!("{year}年第{}季度", QUARTERS[q as usize - 1])))
            .collect(),
        PeriodUnit::Month => (1..=12).map(|m| span(m, 1, format!("{year}-{m:02}"), format!("{year}年{m}月"))).collect(),
    }
}

/// The Chinese label of a period code (`2026-Q2` → `2026年第二季度`); the code itself when it is none.
pub fn label_of(code: &str) -> String {
    let Some(year) = code.get(..4).and_then(|y| y.parse::<i32>().ok()) else { return code.to_string() };
    [PeriodUnit::Year, PeriodUnit::HalfYear, PeriodUnit::Quarter, PeriodUnit::Month]
        .into_iter()
        .flat_map(|u| spans(u, year))
        .find(|s| s.code == code)
        .map_or_else(|| code.to_string(), |s| s.label)
}

/// Last day of `month` in `year`.
pub fn last_day(year: i32, month: u32) -> NaiveDate {
    let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).expect("valid month").pred_opt().expect("valid date")
}

/// The day a year's state is read on: `today` within the year, else its last day (or first day
/// for a year not yet begun).
pub fn as_of(year: i32, today: NaiveDate) -> NaiveDate {
    let y = Span::year(year);
    today.clamp(y.first, y.last)
}

/// Whole months from `a`'s month through `b`'s month inclusive.
pub fn months_inclusive(a: NaiveDate, b: NaiveDate) -> u32 {
    let n = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32 + 1;
    n.max(0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_edges() {
        let q = spans(PeriodUnit::Quarter, 2026);
        assert_eq!(q[1].code, "2026-Q2");
        assert_eq!(q[1].label, "2026年第二季度");
        assert_eq!(q[1].last, NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
        let m = spans(PeriodUnit::Month, 2028);
        assert_eq!(m[1].code, "2028-02");
        assert_eq!(m[1].last, NaiveDate::from_ymd_opt(2028, 2, 29).unwrap());
        assert_eq!(spans(PeriodUnit::HalfYear, 2026)[0].code, "2026-H1");
        assert_eq!(spans(PeriodUnit::Year, 2026)[0].code, "2026");
        assert_eq!(label_of("2026-Q2"), "2026年第二季度");
        assert_eq!(label_of("2026-05"), "2026年5月");
        assert_eq!(label_of("2026"), "2026年");
        assert_eq!(label_of("later"), "later");
    }
}
