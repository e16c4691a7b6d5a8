//! 发展党员 fixtures: the 25-step pipeline of one applicant done on time, and the input a secretary
//! enters at each step.

use zhibu_core::app::development::StepInput;
use zhibu_core::app::meetings::{self, ActivityFields, AttendanceMark, VoteItem};
use zhibu_core::model::vote::VoteFigures;
use zhibu_core::model::{ActivityType, AttendanceStatus, Category, ReviewResult, VoteSubject};
use zhibu_core::Ledger;

use super::{d, member_id, today};

/// Dates of an on-time pipeline from step 2 on, received on 2024-10-08 (probation ending 2025-10-08).
pub const ON_TIME_PIPELINE: &[(u8, &str)] = &[
    (2, "2023-01-20"),
    (3, "2023-07-03"),
    (4, "2023-07-10"),
    (5, "2023-07-12"),
    (6, "2023-07-20"),
    (7, "2024-07-08"),
    (8, "2024-07-12"),
    (9, "2024-07-15"),
    (10, "2024-08-01"),
    (11, "2024-08-20"),
    (12, "2024-09-02"),
    (13, "2024-09-12"),
    (14, "2024-09-20"),
    (15, "2024-10-08"),
    (16, "2024-10-20"),
    (17, "2024-12-10"),
    (18, "2024-12-20"),
    (19, "2024-12-25"),
    (20, "2025-01-05"),
    (21, "2025-01-10"),
    (22, "2025-09-20"),
    (23, "2025-10-09"),
    (24, "2025-11-20"),
    (25, "2025-12-01"),
];

/// A 党员大会 of the branch on `date` with `away` (member keys) absent and one 表决 item about
/// `person` with these figures (`None`: 应到 the voters on the roll, 实到 those present, all in favour).
/// Returns the sitting's id.
pub fn sitting(
    ledger: &Ledger,
    person: i64,
    subject: VoteSubject,
    date: &str,
    away: &[&str],
    figures: Option<VoteFigures>,
) -> i64 {
    let mut f = ActivityFields {
        org_id: super::org(ledger),
        types: vec![ActivityType::PartyCongress],
        group_id: None,
        date: d(date),
        start_time: Some("15:00".into()),
        end_time: Some("16:30".into()),
        place: "党员活动室".into(),
        topic: "支部大会".into(),
        host_id: Some(member_id(ledger, "m-1")),
        recorder_id: None,
        lecturer_id: None,
        content: Some("讨论发展党员，无记名投票表决".into()),
        decisions: None,
        hours_tenths: None,
        observers: None,
        talk_trigger: None,
        celebrant_ids: vec![],
        attendees: None,
        marks: away
            .iter()
            .map(|k| AttendanceMark { member_id: member_id(ledger, k), status: AttendanceStatus::Absent, reason: None })
            .collect(),
        votes: vec![],
    };
    let figures = figures.unwrap_or_else(|| meetings::vote_defaults(ledger, f.clone()).unwrap());
    f.votes = vec![VoteItem { subject, person_id: Some(person), title: None, figures }];
    meetings::record_activity(ledger, f, today()).unwrap()
}

/// The input for `step` on `date` in a branch whose m-1 talks to applicants and m-2, m-3 are the
/// contacts and introducers; steps 15 and 23 point at a 党员大会 recorded that day with its vote:
/// everyone votes at step 15, one (m-2) is away at step 23.
pub fn step_input(ledger: &Ledger, person: i64, step: u8, date: &str) -> StepInput {
    let mut i = StepInput::new(person, step, d(date), vec![]);
    match step {
        2 => i.people = vec![member_id(ledger, "m-1")],
        5 | 9 => i.people = vec![member_id(ledger, "m-2"), member_id(ledger, "m-3")],
        10 => i.political_review = Some(ReviewResult::Passed),
        11 => i.training_days = Some(3.0),
        15 => {
            i.meeting_id = Some(sitting(ledger, person, VoteSubject::Admission, date, &[], None));
            i.member_category = Some(Category::Employed);
        }
        23 => i.meeting_id = Some(sitting(ledger, person, VoteSubject::Conversion, date, &["m-2"], None)),
        _ => {}
    }
    i
}
