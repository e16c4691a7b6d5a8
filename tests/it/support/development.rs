//! 发展党员 fixtures: the 25-step pipeline of one applicant done on time, and the input a secretary
//! enters at each step.

use zhibu_core::app::development::{StepInput, VoteInput};
use zhibu_core::model::{Category, ReviewResult};
use zhibu_core::Ledger;

use super::{d, member_id};

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

/// The input for `step` on `date` in a branch of `voters` 正式党员 whose m-1 talks to applicants and
/// m-2, m-3 are the contacts and introducers: everyone votes at step 15, one is away at step 23.
pub fn step_input(ledger: &Ledger, person: i64, step: u8, date: &str, voters: u32) -> StepInput {
    let mut i = StepInput::new(person, step, d(date), vec![]);
    match step {
        2 => i.people = vec![member_id(ledger, "m-1")],
        5 | 9 => i.people = vec![member_id(ledger, "m-2"), member_id(ledger, "m-3")],
        10 => i.political_review = Some(ReviewResult::Passed),
        11 => i.training_days = Some(3.0),
        15 => {
            i.vote = Some(VoteInput { eligible: voters, present: voters, in_favour: voters });
            i.member_category = Some(Category::Employed);
        }
        23 => i.vote = Some(VoteInput { eligible: voters, present: voters - 1, in_favour: voters - 1 }),
        _ => {}
    }
    i
}
