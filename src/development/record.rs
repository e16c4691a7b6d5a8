//! A person's development record as the rules see it: the person, the recorded steps with the
//! members named at each (and what the roster says about them), the votes, the documents and the
//! overrides. Loaded by `store`, judged by `checks` without touching the database.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::steps::Stage;
use crate::model::dates::add_months;
use crate::model::{Gender, ReviewResult};

/// A member named at a step (谈话人, 培养联系人, 入党介绍人), with the roster facts the rules need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StepPerson {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub key: String,
    pub name: String,
    pub joined_on: NaiveDate,
    /// 转为正式党员日期 (None: still 预备党员, or a pre-1949 member with no date, see `full_since`).
    pub full_member_on: Option<NaiveDate>,
    /// True for a 正式党员 with no 转正 date (joined before 1949-10-01).
    pub full_without_date: bool,
    pub left_on: Option<NaiveDate>,
    /// Periods of 停止党籍, from the member's history: (from, until restored).
    pub suspended: Vec<(NaiveDate, Option<NaiveDate>)>,
}

impl StepPerson {
    /// Was a 正式党员 on the roll, in normal standing, on `date`.
    pub fn full_member_on_date(&self, date: NaiveDate) -> bool {
        let full = match self.full_member_on {
            Some(f) => f <= date,
            None => self.full_without_date && self.joined_on <= date,
        };
        let on_roll = self.on_roll(date);
        let suspended = self.suspended.iter().any(|(from, until)| *from <= date && until.is_none_or(|u| u > date));
        full && on_roll && !suspended
    }

    /// Was on the roll (any status) on `date`.
    pub fn on_roll(&self, date: NaiveDate) -> bool {
        crate::model::roll::on_roll(self.joined_on, self.left_on, date)
    }
}

/// One recorded step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RecordedStep {
    pub step: u8,
    pub date: NaiveDate,
    pub note: Option<String>,
    /// In the order entered.
    pub people: Vec<StepPerson>,
}

/// A 支部大会 vote (step 15 接收, step 23 转正): the 表决 item about the person on the 党员大会 the step
/// points at (`meetings::votes`), or — for a vote kept from before the vote moved onto the meeting, no
/// 党员大会 of that day found — the figures kept on the step (`activity_id` None, flagged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Vote {
    pub step: u8,
    /// 应到会有表决权的正式党员 (预备党员 and members under 留党察看 excluded).
    pub eligible: u32,
    /// 实到会有表决权的正式党员.
    pub present: u32,
    /// 赞成票 (including written opinions of absent voting members).
    pub in_favour: u32,
    /// 反对, 弃权 (None: not recorded).
    #[serde(default)]
    pub against: Option<u32>,
    #[serde(default)]
    pub abstain: Option<u32>,
    /// 书面意见 of absent voters counted in the tallies.
    #[serde(default)]
    pub written: u32,
    /// The 党员大会 that voted; None: figures kept on the step (no sitting found).
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub activity_id: Option<i64>,
    /// What the sitting's attendance cannot support (`model::vote::problems`), or why it cannot be
    /// checked; empty: plausible.
    #[serde(default)]
    pub problems: Vec<String>,
}

impl Vote {
    /// A vote with only the three figures the step used to carry.
    pub fn figures_only(step: u8, eligible: u32, present: u32, in_favour: u32) -> Vote {
        Vote {
            step,
            eligible,
            present,
            in_favour,
            against: None,
            abstain: None,
            written: 0,
            activity_id: None,
            problems: Vec::new(),
        }
    }

    /// "应到…人，实到…人，赞成…票…" as sheets print it (`model::vote::VoteFigures::summary`).
    pub fn summary(&self) -> String {
        crate::model::vote::VoteFigures {
            eligible: self.eligible,
            present: self.present,
            in_favour: self.in_favour,
            against: self.against,
            abstain: self.abstain,
            written: self.written,
        }
        .summary()
    }

    /// "超过半数": strictly more than half of those who should attend.
    pub fn quorum(&self) -> bool {
        u64::from(self.present) * 2 > u64::from(self.eligible)
    }

    /// "赞成票超过应到会有表决权的正式党员的半数": the denominator is `eligible`, not `present`.
    pub fn passed(&self) -> bool {
        u64::from(self.in_favour) * 2 > u64::from(self.eligible)
    }
}

/// Kinds of documents a branch receives on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 入党申请书
    Application,
    /// 思想汇报 (quarterly, for a quarter `YYYY-Qn`)
    ThoughtReport,
    /// 入党志愿书 (with its number)
    VolunteerBook,
    /// 政审材料
    PoliticalReview,
    /// 转正申请书
    ConversionApplication,
    /// 其他材料
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 6] = [
        DocumentKind::Application,
        DocumentKind::ThoughtReport,
        DocumentKind::VolunteerBook,
        DocumentKind::PoliticalReview,
        DocumentKind::ConversionApplication,
        DocumentKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Application => "application",
            DocumentKind::ThoughtReport => "thought_report",
            DocumentKind::VolunteerBook => "volunteer_book",
            DocumentKind::PoliticalReview => "political_review",
            DocumentKind::ConversionApplication => "conversion_application",
            DocumentKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Application => "入党申请书",
            DocumentKind::ThoughtReport => "思想汇报",
            DocumentKind::VolunteerBook => "入党志愿书",
            DocumentKind::PoliticalReview => "政审材料",
            DocumentKind::ConversionApplication => "转正申请书",
            DocumentKind::Other => "其他材料",
        }
    }

    pub fn from_code(code: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A document received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DevelopmentDocument {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub kind: DocumentKind,
    pub received_on: NaiveDate,
    /// 思想汇报: `2026-Q3`.
    pub period: Option<String>,
    /// 入党志愿书 编号.
    pub number: Option<String>,
    pub note: Option<String>,
}

/// A warning the secretary overrode at entry, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleOverride {
    pub step: Option<u8>,
    /// The check code (`talk_within_1_month`, …) or an entry-only code (`eligible_matches_roster`).
    pub check: String,
    /// The rules version in force (`2014`).
    pub rules: String,
    pub message: String,
    pub reason: String,
    pub recorded_at: String,
}

/// Everything known about one person on the way to membership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DevelopmentPerson {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub key: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub org_key: String,
    pub org_name: String,
    pub name: String,
    pub gender: Gender,
    pub id_number: Option<String>,
    pub birth_date: NaiveDate,
    pub ethnicity: Option<String>,
    pub education: Option<String>,
    /// 工作单位及职务
    pub unit_title: Option<String>,
    pub training_days: Option<f64>,
    pub training_hours: Option<f64>,
    pub political_review: Option<ReviewResult>,
    pub probation_extension_months: Option<u32>,
    pub probation_extended_on: Option<NaiveDate>,
    /// The roster record once received as 预备党员.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub member_id: Option<i64>,
    /// Sorted by step.
    pub steps: Vec<RecordedStep>,
    pub votes: Vec<Vote>,
    pub documents: Vec<DevelopmentDocument>,
    pub overrides: Vec<RuleOverride>,
}

impl DevelopmentPerson {
    pub fn step(&self, n: u8) -> Option<&RecordedStep> {
        self.steps.iter().find(|s| s.step == n)
    }

    pub fn date(&self, n: u8) -> Option<NaiveDate> {
        self.step(n).map(|s| s.date)
    }

    pub fn vote(&self, step: u8) -> Option<&Vote> {
        self.votes.iter().find(|v| v.step == step)
    }

    /// The highest recorded step.
    pub fn highest_step(&self) -> Option<u8> {
        self.steps.iter().map(|s| s.step).max()
    }

    pub fn stage(&self) -> Stage {
        Stage::of_highest(self.highest_step())
    }

    /// The stage as it was at the end of `on` (steps dated later ignored).
    pub fn stage_on(&self, on: NaiveDate) -> Option<Stage> {
        let highest = self.steps.iter().filter(|s| s.date <= on).map(|s| s.step).max()?;
        Some(Stage::of_step(highest))
    }

    /// 预备期 end: step 15 + the probation (+ the extension), calendar months clamped.
    pub fn probation_end(&self, probation_months: u32) -> Option<NaiveDate> {
        let received = self.date(15)?;
        Some(add_months(received, probation_months + self.probation_extension_months.unwrap_or(0)))
    }

    /// Training as entered (`3天 / 24学时`).
    pub fn training_text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(d) = self.training_days {
            parts.push(format!("{}天", trim_number(d)));
        }
        if let Some(h) = self.training_hours {
            parts.push(format!("{}学时", trim_number(h)));
        }
        parts.join(" / ")
    }
}

/// `3` for 3.0, `2.5` for 2.5.
pub fn trim_number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The names of the people at a step, `张三、李四`.
pub fn names(step: Option<&RecordedStep>) -> String {
    step.map(|s| s.people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join("、")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::model::dates::parse_date(s).unwrap()
    }

    fn person(full: Option<&str>) -> StepPerson {
        StepPerson {
            member_id: 1,
            key: "m-1".into(),
            name: "张三".into(),
            joined_on: d("2020-01-10"),
            full_member_on: full.map(d),
            full_without_date: false,
            left_on: None,
            suspended: vec![],
        }
    }

    #[test]
    fn full_member_on_a_date() {
        let p = person(Some("2021-01-10"));
        assert!(!p.full_member_on_date(d("2021-01-09")));
        assert!(p.full_member_on_date(d("2021-01-10")));
        let left = StepPerson { left_on: Some(d("2025-03-01")), ..p.clone() };
        assert!(left.full_member_on_date(d("2025-02-28")));
        assert!(!left.full_member_on_date(d("2025-03-01")));
        let suspended = StepPerson { suspended: vec![(d("2024-01-01"), Some(d("2024-06-01")))], ..p.clone() };
        assert!(!suspended.full_member_on_date(d("2024-03-01")));
        assert!(suspended.full_member_on_date(d("2024-06-01")));
        assert!(!person(None).full_member_on_date(d("2030-01-01")));
    }

    #[test]
    fn votes_need_strictly_more_than_half() {
        let cases = [
            // eligible, present, in_favour, quorum, passed
            (10, 5, 5, false, false),
            (10, 6, 6, true, true),
            (10, 6, 5, true, false),
            (9, 5, 5, true, true),
            (9, 4, 4, false, false),
            (1, 1, 1, true, true),
            (0, 0, 0, false, false),
        ];
        for (eligible, present, in_favour, quorum, passed) in cases {
            let v = Vote::figures_only(15, eligible, present, in_favour);
            assert_eq!(v.quorum(), quorum, "{v:?}");
            assert_eq!(v.passed(), passed, "{v:?}");
        }
    }
}
