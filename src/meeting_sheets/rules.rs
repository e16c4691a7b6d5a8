//! Which records go into which workbook, and the one definition of a member's 学时.
//!
//! - A **sitting** (三会一课台账, 会议记录, 考勤册) is an activity carrying at least one of the meeting
//!   types: 党员大会, 支委会, 党小组会, 党课, 主题党日, 组织生活会, 民主评议, 集中学习. A 主题党日 that was
//!   also a 志愿服务 is a sitting and a volunteer service.
//! - 谈心谈话台账 lists the activities typed 谈心谈话; 志愿服务台账 those typed 志愿服务.
//! - 好人好事: the schema has no record of its own for a good deed, so the register lists the
//!   activities whose types are all among 志愿服务 and 其他 — a deed or service, not a sitting.
//!
//! To change a rule, change it here: every workbook asks these functions.

use serde::{Deserialize, Serialize};

use super::read::Meeting;
use crate::model::{ActivityType, AttendanceStatus};

/// The types that make an activity a sitting of 组织生活.
pub const SITTING_TYPES: [ActivityType; 8] = [
    ActivityType::PartyCongress,
    ActivityType::CommitteeMeeting,
    ActivityType::GroupMeeting,
    ActivityType::PartyLecture,
    ActivityType::ThemeDay,
    ActivityType::LifeMeeting,
    ActivityType::EvaluationMeeting,
    ActivityType::Study,
];

pub fn is_sitting(m: &Meeting) -> bool {
    m.types.iter().any(|t| SITTING_TYPES.contains(t))
}

pub fn is_good_deed(m: &Meeting) -> bool {
    !m.types.is_empty() && m.types.iter().all(|t| matches!(t, ActivityType::Volunteer | ActivityType::Other))
}

/// 学时 a member must reach in a year, in tenths of an hour. The national baseline is 32 for every
/// member and 56 for 书记 and committee members (`national-rules.md`, 2019–2023 规划); a profile may
/// set other numbers, so callers pass them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HoursRequirement {
    pub member_tenths: i64,
    /// For members holding a committee post (any organisation) during the year.
    pub committee_tenths: i64,
}

impl Default for HoursRequirement {
    fn default() -> Self {
        HoursRequirement { member_tenths: 320, committee_tenths: 560 }
    }
}

/// A member's 学时 for a year, in tenths of an hour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StudyHours {
    /// From activities attended.
    pub activities_tenths: i64,
    /// Activities attended that credit 学时.
    pub activities: u32,
    /// From external trainings.
    pub trainings_tenths: i64,
    pub trainings: u32,
}

impl StudyHours {
    pub fn total_tenths(&self) -> i64 {
        self.activities_tenths + self.trainings_tenths
    }
}

/// **The definition of 学时**: a member earns, for the year, the `hours` recorded on every activity of
/// the year they attended (status 出席; 请假 and 缺席 earn nothing, an activity without hours credits
/// none — the data package defines `hours` as "学时 credited to each present member"), whatever its
/// type and whichever organisation held it, plus the hours of every external training dated in the
/// year. `attendance` is the member's attendance lines of the year with each activity's hours.
pub fn study_hours(
    attendance: impl IntoIterator<Item = (AttendanceStatus, Option<i64>)>,
    training_tenths: impl IntoIterator<Item = i64>,
) -> StudyHours {
    let mut h = StudyHours::default();
    for (status, hours) in attendance {
        if let (AttendanceStatus::Present, Some(t)) = (status, hours.filter(|t| *t > 0)) {
            h.activities_tenths += t;
            h.activities += 1;
        }
    }
    for t in training_tenths {
        h.trainings_tenths += t;
        h.trainings += 1;
    }
    h
}

/// `32`, `2.5`: tenths of an hour as people write hours.
pub fn hours_text(tenths: i64) -> String {
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, (tenths % 10).abs())
    }
}

/// Present over expected as a percentage with one decimal (`91.7%`), `—` when nobody was expected.
pub fn rate_text(present: usize, expected: usize) -> String {
    if expected == 0 {
        return "—".to_string();
    }
    let permille = (present * 1000 + expected / 2) / expected;
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
            types: types.to_vec(),
            attendance: Vec::new(),
        }
    }

    #[test]
    fn hours_count_present_lines_only_plus_trainings() {
        use AttendanceStatus::*;
        let cases = [
            (vec![(Present, Some(20)), (Present, Some(15)), (Present, None)], vec![80], (35, 2, 80, 1)),
            (vec![(Leave, Some(20)), (Absent, Some(15)), (Present, Some(25))], vec![], (25, 1, 0, 0)),
            (vec![(Present, Some(0))], vec![10, 5], (0, 0, 15, 2)),
        ];
        for (attendance, trainings, (a, n, t, k)) in cases {
            let h = study_hours(attendance.clone(), trainings);
            assert_eq!(
                h,
                StudyHours { activities_tenths: a, activities: n, trainings_tenths: t, trainings: k },
                "{attendance:?}"
            );
            assert_eq!(h.total_tenths(), a + t);
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
