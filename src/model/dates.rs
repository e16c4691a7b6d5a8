//! Date and month helpers shared by the domain: parsing the package formats and calendar-month arithmetic
//! clamped to month end (Jan 31 + 1 month = Feb 28/29), as the national rules require.

use chrono::{Datelike, Months, NaiveDate};

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if t.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
}

/// A calendar month `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// The month as a person reads it: 2026年10月.
    pub fn chinese(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }

    pub fn parse(text: &str) -> Option<Month> {
        let t = text.trim();
        let (y, m) = t.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    pub fn of(date: NaiveDate) -> Month {
        Month { year: date.year(), month: date.month() }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("valid date")
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// `date` plus `n` calendar months, clamped to the last day of a shorter month.
pub fn add_months(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_add_months(Months::new(n)).expect("date in range")
}

/// Whole years of age on `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// `2026年3月31日`: a date as the ledgers and messages print it.
pub fn chinese_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn month_end_is_clamped() {
        assert_eq!(add_months(d("2026-01-31"), 1), d("2026-02-28"));
        assert_eq!(add_months(d("2028-01-31"), 1), d("2028-02-29"));
        assert_eq!(add_months(d("2026-03-15"), 12), d("2027-03-15"));
    }

    #[test]
    fn parse_rejects_loose_forms() {
        assert!(parse_date("2026-2-3").is_none());
        assert!(parse_date("2026-02-30").is_none());
        assert_eq!(Month::parse("2026-07").unwrap().to_string(), "2026-07");
        assert!(Month::parse("2026-13").is_none());
    }

    #[test]
    fn age_counts_birthdays() {
        assert_eq!(age_on(d("2008-11-22"), d("2026-11-21")), 17);
        assert_eq!(age_on(d("2008-11-22"), d("2026-11-22")), 18);
    }
}
