//! Which records go into which workbook, and how hours and rates are written. What counts as 学时
//! and as the attendance rate is defined once, in `crate::meetings::hours`.
//!
//! - A **sitting** (三会一课台账, 会议记录, 考勤册) is an activity carrying at least one of the meeting
//!   types: 党员大会, 支委会, 党小组会, 党课, 主题党日, 组织生活会, 民主评议, 集中学习. A 主题党日 that was
//!   also a 志愿服务 is a sitting and a volunteer service. Defined in `crate::meetings::hours` with
//!   the attendance rate, which counts exactly these.
//! - 谈心谈话台账 lists the activities typed 谈心谈话; 志愿服务台账 those typed 志愿服务.
//! - 好人好事: the schema has no record of its own for a good deed, so the register lists the
//!   activities whose types are all among 志愿服务 and 其他 — a deed or service, not a sitting.
//!
//! To change a rule, change it here: every workbook asks these functions.

use super::read::Meeting;
pub use crate::meetings::hours::hours_text;
use crate::meetings::hours::rate_permille;
use crate::model::ActivityType;
use crate::workbook::cell::Cell;

/// The types that make an activity a sitting of 组织生活, defined with the attendance rate.
pub use crate::meetings::hours::SITTING_TYPES;

/// A sitting of 组织生活 (`meetings::hours::is_sitting`, which the attendance rate counts).
pub fn is_sitting(m: &Meeting) -> bool {
    crate::meetings::hours::is_sitting(&m.types)
}

pub fn is_good_deed(m: &Meeting) -> bool {
    !m.types.is_empty() && m.types.iter().all(|t| matches!(t, ActivityType::Volunteer | ActivityType::Other))
}

/// Present over expected in ‰ (`meetings::rate_permille`, the one definition of the attendance
/// rate), `None` when nobody was expected.
pub fn rate(present: usize, expected: usize) -> Option<u32> {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    rate_permille(count(present), count(expected))
}

/// [`rate`] as a rate cell (`91.7%`), `—` when nobody was expected.
pub fn rate_cell(present: usize, expected: usize) -> Cell {
    Cell::rate(rate(present, expected))
}

/// [`rate`] as a percentage for running text (`91.7%`, `20%`), `—` when nobody was expected.
pub fn rate_text(present: usize, expected: usize) -> String {
    let Some(permille) = rate(present, expected) else {
        return "—".to_string();
    };
    if permille.is_multiple_of(10) {
        format!("{}%", permille / 10)
    } else {
        format!("{}.{}%", permille / 10, permille % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn meeting(types: &[ActivityType]) -> Meeting {
        Meeting {
            id: 1,
            org_id: 1,
            org_name: String::new(),
            org_short: String::new(),
            group_name: None,
            date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            start: None,
            end: None,
            place: String::new(),
            topic: String::new(),
            host_id: None,
            host: None,
            recorder: None,
            lecturer: None,
            content: None,
            decisions: None,
            hours_tenths: None,
            talk_trigger: None,
            votes: Vec::new(),
            observers: None,
            celebrants: Vec::new(),
            types: types.to_vec(),
            attendance: Vec::new(),
        }
    }

    #[test]
    fn which_records_are_sittings_and_good_deeds() {
        use ActivityType::*;
        let cases: [(&[ActivityType], bool, bool); 6] = [
            (&[ThemeDay, Volunteer], true, false),
            (&[Volunteer], false, true),
            (&[Other], false, true),
            (&[Volunteer, Other], false, true),
            (&[HeartTalk], false, false),
            (&[Study], true, false),
        ];
        for (types, sitting, deed) in cases {
            let m = meeting(types);
            assert_eq!((is_sitting(&m), is_good_deed(&m)), (sitting, deed), "{types:?}");
        }
    }

    #[test]
    fn texts() {
        assert_eq!(hours_text(320), "32");
        assert_eq!(hours_text(25), "2.5");
        assert_eq!(hours_text(0), "0");
        assert_eq!(rate_text(11, 12), "91.7%");
        assert_eq!(rate_text(3, 3), "100%");
        assert_eq!(rate_text(0, 0), "—");
        assert_eq!(rate_text(1, 8), "12.5%");
    }
}
