//! Entry-time judgement of a step: what recording it would break, as hard errors (refused) or
//! warnings (saved only with a recorded reason). Pure: the person's record, the input, the roster
//! facts of the people named, and `today`.
//!
//! The judgement applies the rules engine to the record with and without the new step; a check the
//! new step turns `unmet` (or leaves `unmet` for a new reason) is a consequence of this entry.
//!
//! | check | at entry | why |
//! |---|---|---|
//! | `age_18` | refused | nobody under 18 may apply (细则 Art 5); the date is wrong or the application invalid |
//! | `talk_within_1_month` | warning | the talk happened late: the ledger must still record the fact |
//! | `activist_min_1_year` | warning | which date the year counts from is a local convention (R8) |
//! | `contact_people_1_or_2` | refused | 1–2 正式党员 (Art 9): fix the names |
//! | `introducers_2_full_members` | refused | two 正式党员 (Art 14, 党章 Art 5): without them there is no admission |
//! | `political_review_passed` | refused from step 12 on | no admission without a 合格 conclusion (Art 16); a 不合格 conclusion itself is recorded |
//! | `training_3_days_or_24_hours` | warning | Art 17 allows 特殊情况 |
//! | `step_order` | refused | a step before an earlier one, or with an earlier one missing, is a wrong date or a skipped step |
//! | `quorum_more_than_half` | refused | a meeting without quorum cannot decide (Art 20) |
//! | `majority_of_eligible` | refused | the resolution did not pass (Art 21); it is not a 接收/转正 |
//! | `approval_within_3_months` | warning up to 6 months, refused beyond | 特殊情况 may extend, never beyond 6 months |
//! | `probation_due` | refused when early, warning when more than a month late | 转正 before the 预备期 ends is not allowed; a late discussion happened and is recorded |
//! | `extension_6_to_12_once` | refused | once, 6–12 months (Art 32) |
//! | `conversion_approval_within_3_months` | warning | the 党委's delay is recorded as it happened |
//!
//! Steps 15 and 23 record no figures of their own: the form chooses the 党员大会 that voted
//! (`meeting_id`), and the step reads the 表决 item about the person from it. A sitting of another
//! organisation or day, without such an item, or with figures its attendance cannot support
//! (`model::vote`) is refused.

use crate::model::dates::chinese_date as zh;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::checks::{evaluate, CheckOptions, CheckResult, CheckStatus};
use super::record::{DevelopmentPerson, RecordedStep, StepPerson, Vote};
use super::rules::{version_on, DevelopmentCheck};
use super::steps::{step_label, STEP_COUNT};
use crate::error::Problem;
use crate::model::dates::add_months;
use crate::model::{Category, ReviewResult};

/// What the form sends to record one step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StepInput {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub person_id: i64,
    pub step: u8,
    pub date: NaiveDate,
    /// Members named at the step, in order: 谈话人 (step 2, required), 培养联系人 (step 5, 1–2),
    /// 入党介绍人 (step 9, 2); optional at other steps.
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub people: Vec<i64>,
    pub note: Option<String>,
    /// Step 10: the 政审 conclusion (required).
    pub political_review: Option<ReviewResult>,
    /// Step 11: 集中培训 days and/or 学时 (one required).
    pub training_days: Option<f64>,
    pub training_hours: Option<f64>,
    /// Steps 15 and 23: the 党员大会 (支部大会) that voted, whose 表决 item about the person is the
    /// step's vote (required).
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub meeting_id: Option<i64>,
    /// Step 14: the 入党志愿书 number (recorded as a document received that day).
    pub volunteer_book_no: Option<String>,
    /// Step 15: the new 预备党员's 党员分类 on the roster (required unless already linked to a member).
    pub member_category: Option<Category>,
    /// Step 15: the 党小组 to put the new member in.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub group_id: Option<i64>,
    /// Why a warning is overridden; required when the review has warnings.
    pub override_reason: Option<String>,
}

impl StepInput {
    /// A bare input (tests, scripts): the step, date and people, nothing else.
    pub fn new(person_id: i64, step: u8, date: NaiveDate, people: Vec<i64>) -> StepInput {
        StepInput {
            person_id,
            step,
            date,
            people,
            note: None,
            political_review: None,
            training_days: None,
            training_hours: None,
            meeting_id: None,
            volunteer_book_no: None,
            member_category: None,
            group_id: None,
            override_reason: None,
        }
    }
}

/// A rule the entry would break, with the rules version and the source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EntryIssue {
    /// A check code of the contract.
    pub check: String,
    pub step: Option<u8>,
    pub rules: String,
    pub message: String,
    pub source: String,
}

impl EntryIssue {
    fn of(r: &CheckResult) -> EntryIssue {
        EntryIssue {
            check: r.check.code().to_string(),
            step: r.step,
            rules: r.rules.clone(),
            message: r.message.clone(),
            source: crate::model::citation::plain(&r.source),
        }
    }

    /// The message with its source, as a refusal names it.
    pub fn text(&self) -> String {
        format!("{}（依据：{}）", self.message, self.source)
    }
}

/// What saving the step would do: refused for `errors`, saved with a reason for `warnings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EntryReview {
    /// Input problems and hard rule breaks, located by form field.
    pub errors: Vec<Problem>,
    pub warnings: Vec<EntryIssue>,
}

/// Steps that need an earlier one recorded first (besides the order within 12–18 and 19–25).
const PREREQUISITES: &[(u8, u8)] = &[(3, 1), (7, 3), (12, 7), (19, 17), (22, 15), (23, 15), (24, 23), (25, 24)];

/// The person's record as it would be with the step recorded (`vote`: the sitting's, steps 15/23).
pub fn with_step(
    p: &DevelopmentPerson,
    input: &StepInput,
    named: &[StepPerson],
    vote: Option<&Vote>,
) -> DevelopmentPerson {
    let mut after = p.clone();
    after.steps.retain(|s| s.step != input.step);
    after.steps.push(RecordedStep {
        step: input.step,
        date: input.date,
        note: input.note.clone(),
        people: named.to_vec(),
    });
    after.steps.sort_by_key(|s| s.step);
    match input.step {
        10 => after.political_review = input.political_review.or(after.political_review),
        11 => {
            after.training_days = input.training_days.or(after.training_days);
            after.training_hours = input.training_hours.or(after.training_hours);
        }
        15 | 23 => {
            after.votes.retain(|v| v.step != input.step);
            if let Some(v) = vote {
                after.votes.push(Vote { step: input.step, ..v.clone() });
            }
        }
        _ => {}
    }
    after
}

/// Judges recording `input` on `p`. `named` holds the roster facts of `input.people` (None for an id
/// not on the roster); `sitting` (steps 15/23) the vote read from the chosen 党员大会, or what is wrong
/// with the choice.
pub fn judge_step(
    p: &DevelopmentPerson,
    input: &StepInput,
    named: &[Option<StepPerson>],
    sitting: std::result::Result<Option<Vote>, Vec<Problem>>,
    today: NaiveDate,
    options: &CheckOptions,
) -> EntryReview {
    let mut review = EntryReview::default();
    let vote = match sitting {
        Ok(v) => v,
        Err(problems) => {
            review.errors.extend(problems);
            None
        }
    };
    let sitting_refused = !review.errors.is_empty();
    let mut err = |at: &str, msg: String| review.errors.push(Problem::new(at, msg));
    let n = input.step;
    if !(1..=STEP_COUNT).contains(&n) {
        err("step", format!("步骤应在1到25之间，现为{n}"));
        return review;
    }
    if p.step(n).is_some() {
        err(
            "step",
            format!("{}已登记（{}）；如需更正，请先删除该步骤", step_label(n), zh(p.date(n).unwrap_or(input.date))),
        );
    }
    if input.date > today {
        err("date", format!("日期 {} 晚于今天", zh(input.date)));
    }
    if input.date <= p.birth_date {
        err("date", format!("日期 {} 不能早于出生日期", zh(input.date)));
    }
    if n > 1 {
        match p.date(1) {
            None => err("step", "尚未登记递交入党申请书（第1步）".into()),
            Some(s1) if input.date < s1 => {
                err("date", format!("日期 {} 早于递交入党申请书（{}）", zh(input.date), zh(s1)))
            }
            _ => {}
        }
    }
    for (step, before) in PREREQUISITES.iter().filter(|(s, _)| *s == n) {
        match p.date(*before) {
            None => err("step", format!("登记{}前须先登记{}", step_label(*step), step_label(*before))),
            Some(d) if input.date < d => {
                err("date", format!("日期 {} 早于{}（{}）", zh(input.date), step_label(*before), zh(d)))
            }
            _ => {}
        }
    }
    for (i, who) in named.iter().enumerate() {
        if who.is_none() {
            err(&format!("people[{i}]"), format!("第{}位人员不在党员花名册中", i + 1));
        }
    }
    let mut ids = input.people.clone();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != input.people.len() {
        err("people", "同一名党员重复选择".into());
    }
    match n {
        2 if input.people.is_empty() => err("people", "请选择谈话人".into()),
        10 if input.political_review.is_none() => err("political_review", "请选择政治审查结论".into()),
        11 => {
            if input.training_days.is_none() && input.training_hours.is_none() {
                err("training_days", "请填写集中培训天数或学时".into());
            }
            for (at, v) in [("training_days", input.training_days), ("training_hours", input.training_hours)] {
                if v.is_some_and(|x| !(0.0..=1000.0).contains(&x) || x.is_nan()) {
                    err(at, "培训天数/学时不合理".into());
                }
            }
        }
        15 | 23 if vote.is_none() && !sitting_refused => {
            err("meeting_id", "请选择作出决议的支部大会（党员大会记录）".into());
        }
        _ => {}
    }
    if n == 15 && p.member_id.is_none() && input.member_category.is_none() {
        err("member_category", "接收为预备党员后将列入党员花名册：请选择党员分类（决定党费计算方式）".into());
    }
    if !review.errors.is_empty() {
        return review;
    }

    let named: Vec<StepPerson> = named.iter().flatten().cloned().collect();
    let after = with_step(p, input, &named, vote.as_ref());
    let before_results = evaluate(p, today, options);
    let after_results = evaluate(&after, today, options);
    // Only results the entry decides: an open one (a later step missing past its deadline) is not
    // caused by entering an earlier step, e.g. an old application entered before its talk.
    for r in after_results.iter().filter(|r| r.status == CheckStatus::Unmet && r.decided_on.is_some()) {
        let same_before = before_results
            .iter()
            .any(|b| b.check == r.check && b.step == r.step && b.status == r.status && b.message == r.message);
        if same_before {
            continue;
        }
        match severity(r, &after, input) {
            Some(Severity::Error) => {
                let issue = EntryIssue::of(r);
                review.errors.push(Problem::new(field_of(r.check), issue.text()));
            }
            Some(Severity::Warning) => review.warnings.push(EntryIssue::of(r)),
            None => {}
        }
    }
    review
}

enum Severity {
    Error,
    Warning,
}

fn severity(r: &CheckResult, after: &DevelopmentPerson, input: &StepInput) -> Option<Severity> {
    use DevelopmentCheck as C;
    Some(match r.check {
        C::Age18 | C::ContactPeople1Or2 | C::Introducers2FullMembers | C::StepOrder => Severity::Error,
        C::QuorumMoreThanHalf | C::MajorityOfEligible | C::Extension6To12Once => Severity::Error,
        C::PoliticalReviewPassed if input.step >= 12 => Severity::Error,
        C::PoliticalReviewPassed => return None,
        C::TalkWithin1Month | C::ActivistMin1Year | C::Training3DaysOr24Hours => Severity::Warning,
        C::ConversionApprovalWithin3Months => Severity::Warning,
        C::ApprovalWithin3Months => {
            let s15 = after.date(15)?;
            let beyond_max = after.date(17).is_some_and(|d| d > add_months(s15, version_on(s15).approval_max_months));
            if beyond_max {
                Severity::Error
            } else {
                Severity::Warning
            }
        }
        C::ProbationDue => match (after.date(23), r.due) {
            (Some(d), Some(end)) if d < end => Severity::Error,
            _ => Severity::Warning,
        },
    })
}

/// The form field a rule break points at.
fn field_of(check: DevelopmentCheck) -> &'static str {
    use DevelopmentCheck as C;
    match check {
        C::ContactPeople1Or2 | C::Introducers2FullMembers => "people",
        C::QuorumMoreThanHalf | C::MajorityOfEligible => "meeting_id",
        C::PoliticalReviewPassed => "political_review",
        C::Extension6To12Once => "months",
        _ => "date",
    }
}
