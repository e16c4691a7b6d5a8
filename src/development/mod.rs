//! 发展党员: the 25-step pipeline from application to 正式党员 (`national-rules.md` §1, the
//! development checks of `cli.md`).
//!
//! - `steps`: the 25 steps, 5 phases and the stages a person passes through.
//! - `rules`: the rule numbers versioned by effective date (2014 细则; the reported 2026 revision).
//! - `record`: a person's record as the rules see it; `store` reads it from the ledger.
//! - `checks`: the rules engine, pure functions of a record and `today` (met / unmet / pending).
//! - `findings`: the checks as `check --json` findings (`kind: "development"`), for `zhibu check`.
//! - `entry`: what recording a step would break — refused or warned — with the per-rule decision
//!   table in its module doc; `actions`: the user actions (one transaction + audit each) and the
//!   roster link (step 15 → 预备党员 on the roster, step 24 → 正式党员).
//! - `board`, `reminders`: the stage board with next steps and due dates, and today's reminders.
//! - `sheets`, `record_sheet`: the 花名册, 发展党员工作台账 and 发展党员全程纪实表 workbooks.
pub mod actions;
pub mod board;
pub mod checks;
pub mod detail;
pub mod entry;
pub mod findings;
pub mod record;
pub mod reminders;
pub mod rules;
pub mod steps;
pub mod store;

pub use actions::{
    add_person, delete_step, record_document, record_extension, record_step, restore_step, review_person, review_step,
    set_check_options, update_person, DocumentInput, ExtensionInput, NewPerson, PersonFields, StepRecorded,
};
pub use board::{development_board, BoardCard, BoardColumn, DevelopmentBoard, NextStep, StepRef};
pub use checks::{evaluate, evaluate_check, CheckOptions, CheckResult, CheckStatus};
pub use detail::{development_detail, DevelopmentDetail};
pub use entry::{EntryIssue, EntryReview, StepInput};
pub use findings::{development_findings, DevelopmentFinding};
pub use record::{DevelopmentDocument, DevelopmentPerson, DocumentKind, RecordedStep, RuleOverride, StepPerson, Vote};
pub use reminders::{development_reminders, Reminder, ReminderKind};
pub use rules::{version_on, DevelopmentCheck, RulesVersion, RULE_VERSIONS};
pub use steps::{step_label, step_name, Stage, STEP_NAMES};
pub use store::{check_options, eligible_voters, link_votes, load_people, load_person, EFFECTIVE_VOTES_SQL};
