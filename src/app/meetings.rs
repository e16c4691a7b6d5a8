//! The 组织生活 screen's actions: the meetings domain's own (each one transaction) and the year's
//! 学时 against the requirements of the profile in force.

use chrono::NaiveDate;

use crate::error::Result;
pub use crate::meetings::*;
use crate::store::Ledger;

/// The 学时 requirements in force for `org_id` (None: the ledger's top organisation): its profile's,
/// or `profile` when given — the numbers `check` judges by.
pub fn study_hours_params(ledger: &Ledger, org_id: Option<i64>, profile: Option<&str>) -> Result<StudyHoursParams> {
    Ok(crate::standards::profile_for(ledger.conn(), org_id, profile)?.study_hours_params())
}

/// Each member's 学时 and attendance for `year` under the profile in force, read on `today`.
pub fn study_hours(ledger: &Ledger, org_id: Option<i64>, year: i32, today: NaiveDate) -> Result<StudyHoursReport> {
    let params = study_hours_params(ledger, org_id, None)?;
    crate::meetings::study_hours(ledger, org_id, year, params, today)
}

/// Each member's 学时 for `year` against `params` (`zhibu hours` with its own figures).
pub fn study_hours_with(
    ledger: &Ledger,
    org_id: Option<i64>,
    year: i32,
    params: StudyHoursParams,
    today: NaiveDate,
) -> Result<StudyHoursReport> {
    crate::meetings::study_hours(ledger, org_id, year, params, today)
}

/// The 发展党员 of `org_id` a 党员大会's 表决 item can be about (the meeting form's picker).
pub fn vote_candidates(ledger: &Ledger, org_id: i64) -> Result<Vec<VoteCandidate>> {
    crate::meetings::votes::vote_candidates(ledger.conn(), org_id)
}

/// The 表决 items of one sitting, judged against its attendance.
pub fn sitting_votes(ledger: &Ledger, activity_id: i64) -> Result<Vec<SittingVote>> {
    votes_of_activity(ledger.conn(), activity_id)
}
