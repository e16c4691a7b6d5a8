//! Proration of a per-member minimum: a member on the roll for part of a period owes the minimum in
//! proportion to the months on the roll (the joining month counts), rounded up to a whole unit. The
//! one definition used by the rule engine and by the 学时 statistics.

/// `min` held to `on_roll_months` of a period of `period_months`, rounded up; `min` itself for a
/// member on the roll the whole period.
pub fn prorated(min: f64, on_roll_months: u32, period_months: u32) -> f64 {
    if period_months == 0 || on_roll_months >= period_months {
        return min;
    }
    (min * f64::from(on_roll_months) / f64::from(period_months)).ceil()
}

#[cfg(test)]
mod tests {
    use super::prorated;

    #[test]
    fn rounds_up_to_a_whole_unit() {
        for (min, months, period, expected) in [
            (32.0, 12, 12, 32.0),
            (32.0, 6, 12, 16.0),
            (32.0, 7, 12, 19.0), // 18.67 → 19
            (56.0, 1, 12, 5.0),  // 4.67 → 5
            (2.0, 1, 3, 1.0),
            (32.0, 0, 12, 0.0),
        ] {
            assert_eq!(prorated(min, months, period), expected, "{min} × {months}/{period}");
        }
    }
}
