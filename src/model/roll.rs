//! "On the roll on a day" — the one definition: a member is on the roll from the day they joined
//! (`joined_on`) up to the day before they left (`left_on`): gone on the day they leave. Every screen,
//! workbook, rule and command asks this function or its SQL twin `store::roll`.

use chrono::NaiveDate;

/// On the roll on `day`.
pub fn on_roll(joined_on: NaiveDate, left_on: Option<NaiveDate>, day: NaiveDate) -> bool {
    joined_on <= day && left_on.is_none_or(|l| l > day)
}

/// On the roll at some time between `from` and `to` (inclusive).
pub fn on_roll_between(joined_on: NaiveDate, left_on: Option<NaiveDate>, from: NaiveDate, to: NaiveDate) -> bool {
    joined_on <= to && left_on.is_none_or(|l| l > from)
}

/// A committee position held on `day`: from its first day (`from`) up to the day before it ended
/// (`to`) — like the roll, a position is no longer held on the day it ends.
pub fn in_office(from: Option<NaiveDate>, to: Option<NaiveDate>, day: NaiveDate) -> bool {
    from.is_none_or(|f| f <= day) && to.is_none_or(|t| t > day)
}

/// A committee position held at some time between `first` and `last` (inclusive).
pub fn in_office_between(from: Option<NaiveDate>, to: Option<NaiveDate>, first: NaiveDate, last: NaiveDate) -> bool {
    from.is_none_or(|f| f <= last) && to.is_none_or(|t| t > first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn gone_on_the_day_they_leave() {
        let joined = d("2020-03-01");
        let left = Some(d("2026-05-10"));
        assert!(!on_roll(joined, left, d("2020-02-29")));
        assert!(on_roll(joined, left, d("2020-03-01")));
        assert!(on_roll(joined, left, d("2026-05-09")));
        assert!(!on_roll(joined, left, d("2026-05-10")));
        assert!(on_roll_between(joined, left, d("2026-05-09"), d("2026-12-31")));
        assert!(!on_roll_between(joined, left, d("2026-05-10"), d("2026-12-31")));
    }

    #[test]
    fn office_ends_on_its_end_day() {
        assert!(in_office(Some(d("2024-01-01")), Some(d("2026-06-30")), d("2026-06-29")));
        assert!(!in_office(Some(d("2024-01-01")), Some(d("2026-06-30")), d("2026-06-30")));
        assert!(in_office(None, None, d("2026-07-01")));
        assert!(in_office_between(Some(d("2026-12-31")), None, d("2026-01-01"), d("2026-12-31")));
        assert!(!in_office_between(None, Some(d("2026-01-01")), d("2026-01-01"), d("2026-12-31")));
    }
}
