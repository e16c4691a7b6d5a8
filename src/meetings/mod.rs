//! 组织生活 (issue 3 core): meetings and activities with attendance, 谈心谈话, 志愿服务, 政治生日,
//! external trainings, 民主评议 results, 学时 and attendance rates, templates for recurring meetings,
//! attachments kept in the ledger's own folder, and full-text search over topics and minutes.
//!
//! Every change is one user action: one transaction with one audit entry; a refused action names the
//! form field (`Problem { at: "place", .. }`) and changes nothing. Deletes go to the recycle bin and can
//! be restored. The Excel ledgers built from these tables live elsewhere; this module writes no workbooks.
//!
//! 学时 (see `hours.rs`): an activity credits its stored `hours_tenths` to every member marked present;
//! when no hours are stored, a study-kind activity credits its start–end duration, anything else nothing.

pub mod attachments;
pub mod detail;
pub mod expected;
pub mod fields;
pub mod hours;
pub mod list;
pub mod matrix;
pub mod record;
pub mod records;
pub mod search;
pub mod templates;
pub mod votes;
pub mod warnings;

pub use attachments::{
    add_attachment, attachment_path, files_dir, list_attachments, remove_attachment, restore_attachment,
    verify_attachment, Attachment, AttachmentCheck,
};
pub use detail::{activity_detail, ActivityDetail, AttendeeLine};
pub use expected::{expected_attendees, ApartMember, Audience, ExpectedAttendees, ExpectedMember};
pub use fields::{ActivityFields, AttendanceMark, HeartTalkFields, VolunteerFields};
pub use hours::{
    counts_for_attendance, credited_tenths, rate_permille, study_hours, MemberStudyHours, StudyHoursParams,
    StudyHoursReport,
};
pub use list::{activity_calendar, list_activities, ActivityFilter, ActivityRow, AttendanceCounts, CalendarDay};
pub use matrix::{attendance_matrix, AttendanceMatrix, MatrixRow};
pub use record::{
    check_activity, delete_activity, record_activity, record_heart_talk, record_volunteer, restore_activity,
    update_activity,
};
pub use records::{
    add_training, delete_training, evaluations_for_year, list_trainings, remove_evaluation, restore_evaluation,
    restore_training, set_evaluations, update_training, EvaluationEntry, EvaluationRow, TrainingFields, TrainingRow,
};
pub use search::{search_activities, SearchHit};
pub use templates::{
    apply_template, delete_template, list_templates, restore_template, save_template, MeetingTemplate, TemplateFields,
};
pub use votes::{
    party_congresses_near, vote_defaults, votes_of_activity, SittingChoice, SittingVote, VoteCandidate, VoteItem,
};
pub use warnings::meeting_warnings;
