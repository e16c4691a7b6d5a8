//! The rules engine: each check of the `cli.md` development table as a pure function of a person's
//! record and `today`. A check that does not apply yet (the step that starts it is not recorded)
//! gives no result — internally "not applicable"; the contract only knows met/unmet/pending.
//!
//! - `met`: the record satisfies the rule (also before the deciding step when it already holds,
//!   e.g. training done before the 支委会审查).
//! - `pending`: the rule is started, not yet satisfied, and its deadline has not passed on `today`
//!   (or it has no deadline: a minimum period counting, a person not yet named).
//! - `unmet`: the record breaks the rule, or a deadline passed on `today` without the step.
//!
//! Dates: calendar months clamped to the last day of a shorter month (`add_months`); a deadline day
//! itself is still in time ("within 1 month of 1-31" = on or before 2-28/29). "超过半数" is strictly
//! more than half. Each result names the rules version in force on its anchor date and its source.

use crate::model::dates::chinese_date as zh;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::record::{names, DevelopmentPerson, RecordedStep};
use super::rules::{version_on, DevelopmentCheck, RulesVersion};
use super::steps::step_label;
use crate::model::dates::add_months;
use crate::model::ReviewResult;

/// The contract's statuses for development findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Met,
    Unmet,
    Pending,
}

impl CheckStatus {
    pub fn label(self) -> &'static str {
        match self {
            CheckStatus::Met => "符合",
            CheckStatus::Unmet => "不符合",
            CheckStatus::Pending => "待办",
        }
    }
}

/// Local conventions the rules leave open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CheckOptions {
    /// The 积极分子's year is counted from step 3 (支委会 decision, the default and the contract) or
    /// step 4 (上级党委备案), a local convention (`national-rules.md` R8).
    pub activist_year_from_step: u8,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions { activist_year_from_step: 3 }
    }
}

/// One evaluation of one check for one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CheckResult {
    pub check: DevelopmentCheck,
    /// 15 or 23 for the vote checks; None otherwise.
    pub step: Option<u8>,
    pub status: CheckStatus,
    pub message: String,
    /// Rules version id in force on `since` (`2014`, `2026`).
    pub rules: String,
    pub source: String,
    /// The date the obligation arose (the anchor step's date).
    pub since: NaiveDate,
    /// The date that decided the result (the deciding step), None while open.
    pub decided_on: Option<NaiveDate>,
    /// Deadline (or earliest date, for minimum periods) when the rule has one.
    pub due: Option<NaiveDate>,
    /// The recorded facts used, e.g. `第1步（递交入党申请书）2026-01-31`.
    pub evidence: Vec<String>,
}

/// Every applicable check, in the order of the contract table.
pub fn evaluate(p: &DevelopmentPerson, today: NaiveDate, options: &CheckOptions) -> Vec<CheckResult> {
    let mut out = Vec::new();
    for check in DevelopmentCheck::ALL {
        out.extend(evaluate_check(check, p, today, options));
    }
    out
}

/// One check (two results for the vote checks: steps 15 and 23).
pub fn evaluate_check(
    check: DevelopmentCheck,
    p: &DevelopmentPerson,
    today: NaiveDate,
    options: &CheckOptions,
) -> Vec<CheckResult> {
    use DevelopmentCheck as C;
    let one = |r: Option<CheckResult>| r.into_iter().collect::<Vec<_>>();
    match check {
        C::Age18 => one(age_18(p)),
        C::TalkWithin1Month => one(talk_within_1_month(p, today)),
        C::ActivistMin1Year => one(activist_min_1_year(p, options)),
        C::ContactPeople1Or2 => one(contact_people_1_or_2(p)),
        C::Introducers2FullMembers => one(introducers_2_full_members(p)),
        C::PoliticalReviewPassed => one(political_review_passed(p)),
        C::Training3DaysOr24Hours => one(training_3_days_or_24_hours(p)),
        C::StepOrder => one(step_order(p)),
        C::QuorumMoreThanHalf | C::MajorityOfEligible => {
            [15, 23].into_iter().filter_map(|s| vote_check(check, p, s)).collect()
        }
        C::ApprovalWithin3Months => one(approval_within_3_months(p, today)),
        C::ProbationDue => one(probation_due(p, today)),
        C::Extension6To12Once => one(extension_6_to_12_once(p)),
        C::ConversionApprovalWithin3Months => one(conversion_approval_within_3_months(p, today)),
    }
}

struct Builder {
    check: DevelopmentCheck,
    version: &'static RulesVersion,
    since: NaiveDate,
    step: Option<u8>,
    due: Option<NaiveDate>,
    evidence: Vec<String>,
}

impl Builder {
    fn new(check: DevelopmentCheck, since: NaiveDate) -> Builder {
        Builder { check, version: version_on(since), since, step: None, due: None, evidence: Vec::new() }
    }

    fn due(mut self, due: NaiveDate) -> Builder {
        self.due = Some(due);
        self
    }

    fn step(mut self, step: u8) -> Builder {
        self.step = Some(step);
        self
    }

    fn evidence(mut self, s: Option<&RecordedStep>) -> Builder {
        if let Some(s) = s {
            let mut text = format!("{} {}", step_label(s.step), zh(s.date));
            if !s.people.is_empty() {
                text.push_str(&format!("：{}", names(Some(s))));
            }
            self.evidence.push(text);
        }
        self
    }

    fn fact(mut self, text: String) -> Builder {
        self.evidence.push(text);
        self
    }

    fn done(self, status: CheckStatus, decided_on: Option<NaiveDate>, message: String) -> Option<CheckResult> {
        Some(CheckResult {
            check: self.check,
            step: self.step,
            status,
            message,
            rules: self.version.id.to_string(),
            source: self.version.source(self.check),
            since: self.since,
            decided_on,
            due: self.due,
            evidence: self.evidence,
        })
    }
}

fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// R1: the application date is on or after the 18th birthday.
pub fn age_18(p: &DevelopmentPerson) -> Option<CheckResult> {
    let s1 = p.step(1)?;
    let eighteen = add_months(p.birth_date, 18 * 12);
    let b = Builder::new(DevelopmentCheck::Age18, s1.date).evidence(Some(s1)).fact(format!(
        "出生日期 {}，{} 年满十八周岁",
        zh(p.birth_date),
        zh(eighteen)
    ));
    if s1.date >= eighteen {
        b.done(CheckStatus::Met, Some(s1.date), format!("递交入党申请书时（{}）已年满十八周岁", zh(s1.date)))
    } else {
        b.done(
            CheckStatus::Unmet,
            Some(s1.date),
            format!("递交入党申请书时（{}）未满十八周岁（{} 才年满十八周岁）", zh(s1.date), zh(eighteen)),
        )
    }
}

/// R3: someone talks with the applicant within 1 month of receiving the application.
pub fn talk_within_1_month(p: &DevelopmentPerson, today: NaiveDate) -> Option<CheckResult> {
    let s1 = p.step(1)?;
    let v = version_on(s1.date);
    let due = add_months(s1.date, v.talk_months);
    let b = Builder::new(DevelopmentCheck::TalkWithin1Month, s1.date).due(due).evidence(Some(s1));
    match p.step(2) {
        Some(s2) => {
            let b = b.evidence(Some(s2));
            if s2.date < s1.date {
                b.done(
                    CheckStatus::Unmet,
                    Some(s2.date),
                    format!("谈话日期 {} 早于递交入党申请书日期 {}", zh(s2.date), zh(s1.date)),
                )
            } else if s2.date <= due {
                b.done(
                    CheckStatus::Met,
                    Some(s2.date),
                    format!("收到申请后一个月内谈话（{}，期限 {}）", zh(s2.date), zh(due)),
                )
            } else {
                b.done(
                    CheckStatus::Unmet,
                    Some(s2.date),
                    format!(
                        "谈话于 {}，超过收到申请后一个月的期限（{}）{} 天",
                        zh(s2.date),
                        zh(due),
                        days(due, s2.date)
                    ),
                )
            }
        }
        None if today <= due => b.done(
            CheckStatus::Pending,
            None,
            format!("尚未派人谈话，须于 {} 前完成（还剩 {} 天）", zh(due), days(today, due)),
        ),
        None => b.done(
            CheckStatus::Unmet,
            None,
            format!("收到申请已超过一个月仍未派人谈话（期限 {}，已逾期 {} 天）", zh(due), days(due, today)),
        ),
    }
}

/// R8: at least 1 year as a 积极分子 (from step 3, or step 4 by local convention) before step 7.
pub fn activist_min_1_year(p: &DevelopmentPerson, options: &CheckOptions) -> Option<CheckResult> {
    let s3 = p.step(3)?;
    let from = match options.activist_year_from_step {
        4 => p.step(4).unwrap_or(s3),
        _ => s3,
    };
    let v = version_on(from.date);
    let earliest = add_months(from.date, v.activist_min_months);
    let b = Builder::new(DevelopmentCheck::ActivistMin1Year, from.date).due(earliest).evidence(Some(from));
    match p.step(7) {
        Some(s7) if s7.date >= earliest => b.evidence(Some(s7)).done(
            CheckStatus::Met,
            Some(s7.date),
            format!("自 {} 起培养考察满一年后（{}）确定为发展对象", zh(from.date), zh(s7.date)),
        ),
        Some(s7) => b.evidence(Some(s7)).done(
            CheckStatus::Unmet,
            Some(s7.date),
            format!(
                "确定为发展对象（{}）时培养考察不满一年：自 {} 起，须到 {} 才满一年（差 {} 天）",
                zh(s7.date),
                zh(from.date),
                zh(earliest),
                days(s7.date, earliest)
            ),
        ),
        None => b.done(CheckStatus::Pending, None, format!("培养考察自 {} 起，{} 满一年", zh(from.date), zh(earliest))),
    }
}

/// R5: 1 or 2 培养联系人, each a 正式党员 on the day named.
pub fn contact_people_1_or_2(p: &DevelopmentPerson) -> Option<CheckResult> {
    let v_of = |d| version_on(d);
    match (p.step(5), p.step(7), p.step(3)) {
        (Some(s5), _, _) => {
            let v = v_of(s5.date);
            let b = Builder::new(DevelopmentCheck::ContactPeople1Or2, s5.date).evidence(Some(s5));
            let n = s5.people.len() as u32;
            let not_full: Vec<&str> =
                s5.people.iter().filter(|x| !x.full_member_on_date(s5.date)).map(|x| x.name.as_str()).collect();
            if !(v.contact_people_min..=v.contact_people_max).contains(&n) {
                b.done(CheckStatus::Unmet, Some(s5.date), format!("培养联系人应为1至2名正式党员，登记了 {n} 名"))
            } else if !not_full.is_empty() {
                b.done(
                    CheckStatus::Unmet,
                    Some(s5.date),
                    format!("培养联系人 {} 在 {} 不是正式党员", not_full.join("、"), zh(s5.date)),
                )
            } else {
                b.done(CheckStatus::Met, Some(s5.date), format!("培养联系人：{}（{} 名正式党员）", names(Some(s5)), n))
            }
        }
        (None, Some(s7), Some(s3)) => Builder::new(DevelopmentCheck::ContactPeople1Or2, s3.date)
            .evidence(Some(s7))
            .done(CheckStatus::Unmet, Some(s7.date), "确定为发展对象前未登记指定培养联系人（第5步）".to_string()),
        (None, None, Some(s3)) => Builder::new(DevelopmentCheck::ContactPeople1Or2, s3.date).evidence(Some(s3)).done(
            CheckStatus::Pending,
            None,
            "已确定为入党积极分子，尚未指定培养联系人".to_string(),
        ),
        _ => None,
    }
}

/// R9: 2 入党介绍人, each a 正式党员 (normal standing, on the roll) on the day named.
pub fn introducers_2_full_members(p: &DevelopmentPerson) -> Option<CheckResult> {
    let anchor = p.step(9).or(p.step(7))?;
    let b = Builder::new(DevelopmentCheck::Introducers2FullMembers, anchor.date);
    let Some(s9) = p.step(9) else {
        let later = p.step(14).or(p.step(15));
        return match later {
            Some(s) => b.evidence(Some(s)).done(
                CheckStatus::Unmet,
                Some(s.date),
                format!("{}前未登记入党介绍人（第9步）", step_label(s.step)),
            ),
            None => {
                b.evidence(Some(anchor)).done(CheckStatus::Pending, None, "已确定为发展对象，尚未确定入党介绍人".into())
            }
        };
    };
    let v = version_on(s9.date);
    let b = b.evidence(Some(s9));
    let mut ids: Vec<i64> = s9.people.iter().map(|x| x.member_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let not_full: Vec<&str> =
        s9.people.iter().filter(|x| !x.full_member_on_date(s9.date)).map(|x| x.name.as_str()).collect();
    if s9.people.len() as u32 != v.introducers || ids.len() != s9.people.len() {
        b.done(CheckStatus::Unmet, Some(s9.date), format!("入党介绍人应为两名不同的正式党员，登记了 {} 名", ids.len()))
    } else if !not_full.is_empty() {
        b.done(
            CheckStatus::Unmet,
            Some(s9.date),
            format!("入党介绍人 {} 在 {} 不是正式党员", not_full.join("、"), zh(s9.date)),
        )
    } else {
        b.done(CheckStatus::Met, Some(s9.date), format!("入党介绍人：{}（均为正式党员）", names(Some(s9))))
    }
}

/// R10: the 政治审查 concluded 合格 before the 支委会审查 (step 12).
pub fn political_review_passed(p: &DevelopmentPerson) -> Option<CheckResult> {
    let anchor = p.step(10).or(p.step(7))?;
    let b = Builder::new(DevelopmentCheck::PoliticalReviewPassed, anchor.date).evidence(p.step(10));
    let review = p.political_review;
    let b = match review {
        Some(r) => b.fact(format!("政审结论：{}", r.label())),
        None => b,
    };
    let s10 = p.date(10);
    match p.step(12) {
        Some(s12) => {
            let b = b.evidence(Some(s12));
            match (review, s10) {
                (Some(ReviewResult::Passed), Some(d)) if d <= s12.date => b.done(
                    CheckStatus::Met,
                    Some(s12.date),
                    format!("政治审查于 {d} 结论合格，在支委会审查之前", d = zh(d)),
                ),
                (Some(ReviewResult::Passed), Some(d)) => b.done(
                    CheckStatus::Unmet,
                    Some(s12.date),
                    format!("政治审查（{d}）晚于支委会审查（{}）", zh(s12.date), d = zh(d)),
                ),
                (Some(ReviewResult::Passed), None) => {
                    b.done(CheckStatus::Unmet, Some(s12.date), "政审结论合格，但未登记政治审查日期（第10步）".into())
                }
                (Some(ReviewResult::Failed), _) => {
                    b.done(CheckStatus::Unmet, Some(s12.date), "政治审查结论为不合格，不能发展入党".into())
                }
                (None, _) => b.done(CheckStatus::Unmet, Some(s12.date), "支委会审查前没有政治审查结论".into()),
            }
        }
        None => match review {
            Some(ReviewResult::Failed) => {
                b.done(CheckStatus::Unmet, s10.or(Some(anchor.date)), "政治审查结论为不合格，不能发展入党".into())
            }
            Some(ReviewResult::Passed) if s10.is_some() => {
                b.done(CheckStatus::Met, s10, format!("政治审查于 {} 结论合格", zh(s10.unwrap_or(anchor.date))))
            }
            _ => b.done(CheckStatus::Pending, None, "支委会审查前须完成政治审查并形成合格结论".into()),
        },
    }
}

/// R11: at least 3 days or 24 学时 of 集中培训 before the 支委会审查 (step 12).
pub fn training_3_days_or_24_hours(p: &DevelopmentPerson) -> Option<CheckResult> {
    let anchor = p.step(11).or(p.step(7))?;
    let v = version_on(anchor.date);
    let enough = p.training_days.is_some_and(|d| d >= v.training_min_days)
        || p.training_hours.is_some_and(|h| h >= v.training_min_hours);
    let text = p.training_text();
    let b = Builder::new(DevelopmentCheck::Training3DaysOr24Hours, anchor.date).evidence(p.step(11));
    let b = if text.is_empty() { b } else { b.fact(format!("集中培训：{text}")) };
    let what = if text.is_empty() { "未登记集中培训".to_string() } else { format!("集中培训{text}") };
    match p.step(12) {
        Some(s12) => {
            let b = b.evidence(Some(s12));
            match p.date(11) {
                Some(d) if d > s12.date => b.done(
                    CheckStatus::Unmet,
                    Some(s12.date),
                    format!("集中培训（{d}）晚于支委会审查（{}）", zh(s12.date), d = zh(d)),
                ),
                _ if enough => b.done(CheckStatus::Met, Some(s12.date), format!("{what}，达到3天或24学时")),
                _ => b.done(CheckStatus::Unmet, Some(s12.date), format!("支委会审查前{what}，不足3天或24学时")),
            }
        }
        None if enough => {
            b.done(CheckStatus::Met, p.date(11).or(Some(anchor.date)), format!("{what}，达到3天或24学时"))
        }
        None => {
            b.done(CheckStatus::Pending, None, format!("支委会审查前须参加不少于3天或24学时的集中培训（目前{what}）"))
        }
    }
}

/// Step 21 (继续教育考察) is a continuing phase and may have no date of its own.
const CONTINUING_STEPS: [u8; 1] = [21];

/// R12/R13/R22: steps 12–18 and 19–25 recorded in order: no date before an earlier step's, and no
/// step recorded while an earlier one of its range is missing.
pub fn step_order(p: &DevelopmentPerson) -> Option<CheckResult> {
    let first = p.steps.iter().find(|s| s.step >= 12)?;
    let mut problems = Vec::new();
    let mut last_decided = first.date;
    for range in [12..=18u8, 19..=25u8] {
        let recorded: Vec<&RecordedStep> = p.steps.iter().filter(|s| range.contains(&s.step)).collect();
        let Some(highest) = recorded.iter().map(|s| s.step).max() else { continue };
        let missing: Vec<String> = (*range.start()..highest)
            .filter(|n| !CONTINUING_STEPS.contains(n) && p.step(*n).is_none())
            .map(|n| n.to_string())
            .collect();
        if !missing.is_empty() {
            problems.push(format!("第{highest}步已登记，但第{}步未登记", missing.join("、")));
        }
        for pair in recorded.windows(2) {
            if pair[1].date < pair[0].date {
                problems.push(format!(
                    "{}（{}）早于{}（{}）",
                    step_label(pair[1].step),
                    pair[1].date,
                    step_label(pair[0].step),
                    pair[0].date
                ));
            }
        }
        last_decided = last_decided.max(recorded.iter().map(|s| s.date).max().unwrap_or(first.date));
    }
    let mut b = Builder::new(DevelopmentCheck::StepOrder, first.date);
    for s in p.steps.iter().filter(|s| s.step >= 12) {
        b = b.evidence(Some(s));
    }
    if problems.is_empty() {
        b.done(CheckStatus::Met, Some(last_decided), "接收和转正各步骤依次进行".into())
    } else {
        b.done(CheckStatus::Unmet, Some(last_decided), problems.join("；"))
    }
}

/// R15/R16/R17/R22: the 支部大会 at step 15 or 23: quorum (present × 2 > eligible) or passing
/// (in favour × 2 > eligible).
pub fn vote_check(check: DevelopmentCheck, p: &DevelopmentPerson, step: u8) -> Option<CheckResult> {
    let s = p.step(step)?;
    let b = Builder::new(check, s.date).step(step).evidence(Some(s));
    let what = if step == 15 { "接收预备党员" } else { "讨论转正" };
    let Some(v) = p.vote(step) else {
        return b.done(CheckStatus::Unmet, Some(s.date), format!("{what}的支部大会未登记表决人数，无法确认"));
    };
    let b = b.fact(format!("应到有表决权的正式党员 {} 人，实到 {} 人，赞成 {} 票", v.eligible, v.present, v.in_favour));
    let half = format!("{}", f64::from(v.eligible) / 2.0);
    if !v.problems.is_empty() {
        return b.done(
            CheckStatus::Unmet,
            Some(s.date),
            format!("{what}的支部大会表决情况不能确认：{}", v.problems.join("；")),
        );
    }
    if check == DevelopmentCheck::QuorumMoreThanHalf {
        if v.quorum() {
            b.done(
                CheckStatus::Met,
                Some(s.date),
                format!("{what}的支部大会实到 {} 人，超过应到 {} 人的半数", v.present, v.eligible),
            )
        } else {
            b.done(
                CheckStatus::Unmet,
                Some(s.date),
                format!(
                    "{what}的支部大会实到 {} 人，未超过应到 {} 人的半数（{half}），会议无效",
                    v.present, v.eligible
                ),
            )
        }
    } else if v.passed() {
        b.done(
            CheckStatus::Met,
            Some(s.date),
            format!("赞成票 {} 超过应到有表决权党员 {} 人的半数", v.in_favour, v.eligible),
        )
    } else {
        b.done(
            CheckStatus::Unmet,
            Some(s.date),
            format!("赞成票 {} 未超过应到有表决权党员 {} 人的半数（{half}），决议未通过", v.in_favour, v.eligible),
        )
    }
}

/// R19: the 上级党委 approves within 3 months of the 支部大会 (6 at the very most).
pub fn approval_within_3_months(p: &DevelopmentPerson, today: NaiveDate) -> Option<CheckResult> {
    let s15 = p.step(15)?;
    let v = version_on(s15.date);
    let due = add_months(s15.date, v.approval_months);
    let max = add_months(s15.date, v.approval_max_months);
    let b = Builder::new(DevelopmentCheck::ApprovalWithin3Months, s15.date).due(due).evidence(Some(s15));
    match p.step(17) {
        Some(s17) => {
            let b = b.evidence(Some(s17));
            if s17.date < s15.date {
                b.done(
                    CheckStatus::Unmet,
                    Some(s17.date),
                    format!("审批日期 {} 早于支部大会 {}", zh(s17.date), zh(s15.date)),
                )
            } else if s17.date <= due {
                b.done(
                    CheckStatus::Met,
                    Some(s17.date),
                    format!("支部大会后三个月内审批（{}，期限 {}）", zh(s17.date), zh(due)),
                )
            } else if s17.date <= max {
                b.done(
                    CheckStatus::Unmet,
                    Some(s17.date),
                    format!(
                        "审批于 {}，超过三个月期限（{}）；特殊情况可延长，但不得超过六个月（{}）",
                        zh(s17.date),
                        zh(due),
                        zh(max)
                    ),
                )
            } else {
                b.done(
                    CheckStatus::Unmet,
                    Some(s17.date),
                    format!("审批于 {}，超过六个月的最长期限（{}）", zh(s17.date), zh(max)),
                )
            }
        }
        None if today <= due => b.done(
            CheckStatus::Pending,
            None,
            format!("上级党委须于 {} 前审批（还剩 {} 天）", zh(due), days(today, due)),
        ),
        None if today <= max => b.done(
            CheckStatus::Unmet,
            None,
            format!("支部大会后已超过三个月（{}）仍未审批；最迟不得超过 {}", zh(due), zh(max)),
        ),
        None => b.done(CheckStatus::Unmet, None, format!("支部大会后已超过六个月的最长期限（{}）仍未审批", zh(max))),
    }
}

/// R20/R21: the 转正 discussion (step 23) is due when the 预备期 (1 year from step 15, plus any
/// extension) ends: earlier is premature; not held after the end is overdue (`unmet`); held within
/// a month of the end counts as 及时 (`probation_discussion_months`), later as late (`unmet`).
pub fn probation_due(p: &DevelopmentPerson, today: NaiveDate) -> Option<CheckResult> {
    let s15 = p.step(15)?;
    let v = version_on(s15.date);
    let end = p.probation_end(v.probation_months)?;
    let mut b = Builder::new(DevelopmentCheck::ProbationDue, s15.date).due(end).evidence(Some(s15));
    if let Some(n) = p.probation_extension_months {
        b = b.fact(format!("预备期延长 {n} 个月"));
    }
    match p.step(23) {
        Some(s23) if s23.date < end => b.evidence(Some(s23)).done(
            CheckStatus::Unmet,
            Some(s23.date),
            format!("预备期 {} 才满，{} 即讨论转正，早于期满", zh(end), zh(s23.date)),
        ),
        Some(s23) if s23.date <= add_months(end, v.probation_discussion_months) => b.evidence(Some(s23)).done(
            CheckStatus::Met,
            Some(s23.date),
            format!("预备期于 {} 期满，{} 支部大会讨论转正", zh(end), zh(s23.date)),
        ),
        Some(s23) => b.evidence(Some(s23)).done(
            CheckStatus::Unmet,
            Some(s23.date),
            format!(
                "预备期于 {} 期满，{} 才讨论转正，超过期满后一个月（逾期 {} 天），未及时讨论",
                zh(end),
                zh(s23.date),
                days(end, s23.date)
            ),
        ),
        None if today <= end => b.done(
            CheckStatus::Pending,
            None,
            format!("预备期于 {} 期满（还剩 {} 天），届时须及时讨论转正", zh(end), days(today, end)),
        ),
        None => b.done(
            CheckStatus::Unmet,
            None,
            format!("预备期已于 {} 期满，逾期 {} 天仍未讨论转正", zh(end), days(end, today)),
        ),
    }
}

/// R21: a 预备期 extension happens at most once and lasts 6 to 12 months. (The ledger keeps one
/// extension; entering a second is refused.)
pub fn extension_6_to_12_once(p: &DevelopmentPerson) -> Option<CheckResult> {
    let n = p.probation_extension_months?;
    let s15 = p.date(15);
    let since = p.probation_extended_on.or(s15)?;
    let v = version_on(since);
    let b = Builder::new(DevelopmentCheck::Extension6To12Once, since).fact(format!("预备期延长 {n} 个月"));
    let decided = Some(p.probation_extended_on.unwrap_or(since));
    if (v.extension_min_months..=v.extension_max_months).contains(&n) {
        b.done(CheckStatus::Met, decided, format!("预备期延长一次，{n} 个月（半年至一年）"))
    } else {
        b.done(CheckStatus::Unmet, decided, format!("预备期延长 {n} 个月，应不少于半年、不超过一年"))
    }
}

/// R23: the 上级党委 approves 转正 within 3 months of the 支部大会 (step 23).
pub fn conversion_approval_within_3_months(p: &DevelopmentPerson, today: NaiveDate) -> Option<CheckResult> {
    let s23 = p.step(23)?;
    let v = version_on(s23.date);
    let due = add_months(s23.date, v.conversion_approval_months);
    let b = Builder::new(DevelopmentCheck::ConversionApprovalWithin3Months, s23.date).due(due).evidence(Some(s23));
    match p.step(24) {
        Some(s24) if s24.date >= s23.date && s24.date <= due => b.evidence(Some(s24)).done(
            CheckStatus::Met,
            Some(s24.date),
            format!("转正于 {}（期限 {}）经上级党委审批", zh(s24.date), zh(due)),
        ),
        Some(s24) if s24.date < s23.date => b.evidence(Some(s24)).done(
            CheckStatus::Unmet,
            Some(s24.date),
            format!("转正审批 {} 早于支部大会 {}", zh(s24.date), zh(s23.date)),
        ),
        Some(s24) => b.evidence(Some(s24)).done(
            CheckStatus::Unmet,
            Some(s24.date),
            format!("转正审批于 {}，超过三个月期限（{}）{} 天", zh(s24.date), zh(due), days(due, s24.date)),
        ),
        None if today <= due => b.done(
            CheckStatus::Pending,
            None,
            format!("上级党委须于 {} 前审批转正（还剩 {} 天）", zh(due), days(today, due)),
        ),
        None => b.done(
            CheckStatus::Unmet,
            None,
            format!("转正支部大会后已超过三个月（{}）仍未审批，逾期 {} 天", zh(due), days(due, today)),
        ),
    }
}
