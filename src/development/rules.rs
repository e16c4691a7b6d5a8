//! The rule parameters of 发展党员, versioned by effective date, and the source each check cites.
//!
//! `RULE_VERSIONS` is the data table: a check anchored on a date (the date of the step that starts
//! the obligation, e.g. the application for the talk, the 支部大会 for the approval) uses the
//! version in force on that date, and every finding names it. The 2014 细则 (中办发〔2014〕33号) is
//! the baseline. A revision dated 2026-05-11 is reported by three unrelated projects but its official
//! text was not available (`national-rules.md` §0, §1.5): it is in the table, marked unconfirmed,
//! with the same numbers for every check in the contract (the reported changes — 公示, 支部大会
//! within a month of 预审, 宣誓 within a month — are not checks of `cli.md`), and it cites the article
//! numbers the reports give. Changing a number means adding a row, never editing an old one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The checks of the `check --json` contract (`cli.md`, development table); the codes are the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum DevelopmentCheck {
    #[serde(rename = "age_18")]
    Age18,
    #[serde(rename = "talk_within_1_month")]
    TalkWithin1Month,
    #[serde(rename = "activist_min_1_year")]
    ActivistMin1Year,
    #[serde(rename = "contact_people_1_or_2")]
    ContactPeople1Or2,
    #[serde(rename = "introducers_2_full_members")]
    Introducers2FullMembers,
    #[serde(rename = "political_review_passed")]
    PoliticalReviewPassed,
    #[serde(rename = "training_3_days_or_24_hours")]
    Training3DaysOr24Hours,
    #[serde(rename = "step_order")]
    StepOrder,
    #[serde(rename = "quorum_more_than_half")]
    QuorumMoreThanHalf,
    #[serde(rename = "majority_of_eligible")]
    MajorityOfEligible,
    #[serde(rename = "approval_within_3_months")]
    ApprovalWithin3Months,
    #[serde(rename = "probation_due")]
    ProbationDue,
    #[serde(rename = "extension_6_to_12_once")]
    Extension6To12Once,
    #[serde(rename = "conversion_approval_within_3_months")]
    ConversionApprovalWithin3Months,
}

impl DevelopmentCheck {
    pub const ALL: [DevelopmentCheck; 14] = [
        DevelopmentCheck::Age18,
        DevelopmentCheck::TalkWithin1Month,
        DevelopmentCheck::ActivistMin1Year,
        DevelopmentCheck::ContactPeople1Or2,
        DevelopmentCheck::Introducers2FullMembers,
        DevelopmentCheck::PoliticalReviewPassed,
        DevelopmentCheck::Training3DaysOr24Hours,
        DevelopmentCheck::StepOrder,
        DevelopmentCheck::QuorumMoreThanHalf,
        DevelopmentCheck::MajorityOfEligible,
        DevelopmentCheck::ApprovalWithin3Months,
        DevelopmentCheck::ProbationDue,
        DevelopmentCheck::Extension6To12Once,
        DevelopmentCheck::ConversionApprovalWithin3Months,
    ];

    /// The contract code (`check` in `check --json`).
    pub fn code(self) -> &'static str {
        match self {
            DevelopmentCheck::Age18 => "age_18",
            DevelopmentCheck::TalkWithin1Month => "talk_within_1_month",
            DevelopmentCheck::ActivistMin1Year => "activist_min_1_year",
            DevelopmentCheck::ContactPeople1Or2 => "contact_people_1_or_2",
            DevelopmentCheck::Introducers2FullMembers => "introducers_2_full_members",
            DevelopmentCheck::PoliticalReviewPassed => "political_review_passed",
            DevelopmentCheck::Training3DaysOr24Hours => "training_3_days_or_24_hours",
            DevelopmentCheck::StepOrder => "step_order",
            DevelopmentCheck::QuorumMoreThanHalf => "quorum_more_than_half",
            DevelopmentCheck::MajorityOfEligible => "majority_of_eligible",
            DevelopmentCheck::ApprovalWithin3Months => "approval_within_3_months",
            DevelopmentCheck::ProbationDue => "probation_due",
            DevelopmentCheck::Extension6To12Once => "extension_6_to_12_once",
            DevelopmentCheck::ConversionApprovalWithin3Months => "conversion_approval_within_3_months",
        }
    }

    pub fn from_code(code: &str) -> Option<DevelopmentCheck> {
        DevelopmentCheck::ALL.into_iter().find(|c| c.code() == code)
    }

    /// What the check asks, in Chinese (column headers, the 纪实表).
    pub fn label(self) -> &'static str {
        match self {
            DevelopmentCheck::Age18 => "申请时年满十八周岁",
            DevelopmentCheck::TalkWithin1Month => "收到申请后一个月内派人谈话",
            DevelopmentCheck::ActivistMin1Year => "入党积极分子培养考察满一年",
            DevelopmentCheck::ContactPeople1Or2 => "培养联系人为一至二名正式党员",
            DevelopmentCheck::Introducers2FullMembers => "入党介绍人为两名正式党员",
            DevelopmentCheck::PoliticalReviewPassed => "支委会审查前政治审查合格",
            DevelopmentCheck::Training3DaysOr24Hours => "集中培训不少于3天或24学时",
            DevelopmentCheck::StepOrder => "接收和转正程序依次进行",
            DevelopmentCheck::QuorumMoreThanHalf => "到会有表决权党员超过应到人数的半数",
            DevelopmentCheck::MajorityOfEligible => "赞成票超过应到有表决权党员的半数",
            DevelopmentCheck::ApprovalWithin3Months => "上级党委三个月内审批",
            DevelopmentCheck::ProbationDue => "预备期满及时讨论转正",
            DevelopmentCheck::Extension6To12Once => "延长预备期只一次、半年至一年",
            DevelopmentCheck::ConversionApprovalWithin3Months => "转正三个月内审批",
        }
    }
}

/// One version of the rules: the numbers every check uses, and where each comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RulesVersion {
    /// Shown with each finding: `2014`, `2026`.
    pub id: &'static str,
    /// The document's title as cited.
    pub title: &'static str,
    /// In force for anchors on or after this date.
    pub effective: NaiveDate,
    /// False while the official text has not been read.
    pub confirmed: bool,
    /// Talk within this many calendar months of the application (R3).
    pub talk_months: u32,
    /// A 积极分子 is trained at least this many months before becoming a 发展对象 (R8).
    pub activist_min_months: u32,
    /// 培养联系人: this many 正式党员 at least and at most (R5).
    pub contact_people_min: u32,
    pub contact_people_max: u32,
    /// 入党介绍人: exactly this many 正式党员 (R9).
    pub introducers: u32,
    /// 集中培训: at least this many days, or this many 学时 (R11).
    pub training_min_days: f64,
    pub training_min_hours: f64,
    /// The 党委 approves within this many months of the 支部大会; never beyond the maximum (R19).
    pub approval_months: u32,
    pub approval_max_months: u32,
    /// 预备期 (R20).
    pub probation_months: u32,
    /// One extension at most, of this many months (R21).
    pub extension_min_months: u32,
    pub extension_max_months: u32,
    pub max_extensions: u32,
    /// "及时讨论" once the 预备期 ends: no national number (R21); a discussion within this many
    /// months of the end counts as timely (the one-month practice of `national-rules.md` §1.4).
    pub probation_discussion_months: u32,
    /// The 党委 approves 转正 within this many months of the 支部大会 (R23).
    pub conversion_approval_months: u32,
    /// Article cited for each check (appended to the title).
    #[serde(skip)]
    articles: &'static [(DevelopmentCheck, &'static str)],
}

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(x) => x,
        None => panic!("invalid date in rules table"),
    }
}

const ARTICLES_2014: &[(DevelopmentCheck, &str)] = &[
    (DevelopmentCheck::Age18, "第五条"),
    (DevelopmentCheck::TalkWithin1Month, "第七条"),
    (DevelopmentCheck::ActivistMin1Year, "第十三条"),
    (DevelopmentCheck::ContactPeople1Or2, "第九条"),
    (DevelopmentCheck::Introducers2FullMembers, "第十四条、《中国共产党章程》第五条"),
    (DevelopmentCheck::PoliticalReviewPassed, "第十六条"),
    (DevelopmentCheck::Training3DaysOr24Hours, "第十七条"),
    (DevelopmentCheck::StepOrder, "第十八条、第十九条、第三十三条"),
    (DevelopmentCheck::QuorumMoreThanHalf, "第二十条、第三十三条"),
    (DevelopmentCheck::MajorityOfEligible, "第二十一条、第三十三条，《中国共产党章程》第七条"),
    (DevelopmentCheck::ApprovalWithin3Months, "第二十五条"),
    (DevelopmentCheck::ProbationDue, "第三十二条，《中国共产党章程》第七条"),
    (DevelopmentCheck::Extension6To12Once, "第三十二条"),
    (DevelopmentCheck::ConversionApprovalWithin3Months, "第三十四条"),
];

/// Article numbers as the reports of the 2026 revision give them; the rest are not known.
const ARTICLES_2026: &[(DevelopmentCheck, &str)] = &[
    (DevelopmentCheck::ActivistMin1Year, "第十三条"),
    (DevelopmentCheck::StepOrder, "第十九条"),
    (DevelopmentCheck::ApprovalWithin3Months, "第二十五条"),
    (DevelopmentCheck::ProbationDue, "第三十一条"),
    (DevelopmentCheck::Extension6To12Once, "第三十一条"),
    (DevelopmentCheck::ConversionApprovalWithin3Months, "第三十三条"),
];

/// Every version, oldest first.
pub const RULE_VERSIONS: &[RulesVersion] = &[
    RulesVersion {
        id: "2014",
        title: "《中国共产党发展党员工作细则》（中办发〔2014〕33号）",
        effective: date(2014, 5, 28),
        confirmed: true,
        talk_months: 1,
        activist_min_months: 12,
        contact_people_min: 1,
        contact_people_max: 2,
        introducers: 2,
        training_min_days: 3.0,
        training_min_hours: 24.0,
        approval_months: 3,
        approval_max_months: 6,
        probation_months: 12,
        extension_min_months: 6,
        extension_max_months: 12,
        max_extensions: 1,
        probation_discussion_months: 1,
        conversion_approval_months: 3,
        articles: ARTICLES_2014,
    },
    RulesVersion {
        id: "2026",
        title: "《中国共产党发展党员工作细则》（2026年5月修订，据报道，官方文本未核实）",
        effective: date(2026, 5, 11),
        confirmed: false,
        talk_months: 1,
        activist_min_months: 12,
        contact_people_min: 1,
        contact_people_max: 2,
        introducers: 2,
        training_min_days: 3.0,
        training_min_hours: 24.0,
        approval_months: 3,
        approval_max_months: 6,
        probation_months: 12,
        extension_min_months: 6,
        extension_max_months: 12,
        max_extensions: 1,
        probation_discussion_months: 1,
        conversion_approval_months: 3,
        articles: ARTICLES_2026,
    },
];

impl RulesVersion {
    /// Where the check comes from: the title and the article, e.g.
    /// `《中国共产党发展党员工作细则》（中办发〔2014〕33号）第七条`.
    pub fn source(&self, check: DevelopmentCheck) -> String {
        match self.articles.iter().find(|(c, _)| *c == check) {
            Some((_, article)) => format!("{}{article}", self.title),
            None => match ARTICLES_2014.iter().find(|(c, _)| *c == check) {
                Some((_, article)) => format!("{}相应条款（2014年细则{article}）", self.title),
                None => format!("{}相应条款", self.title),
            },
        }
    }
}

/// The version in force on `anchor` (the oldest one for dates before 2014-05-28: the ledger may hold
/// older records, and the 2014 numbers are what the app can check them against).
pub fn version_on(anchor: NaiveDate) -> &'static RulesVersion {
    RULE_VERSIONS.iter().rev().find(|v| v.effective <= anchor).unwrap_or(&RULE_VERSIONS[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_in_force_follows_the_effective_date() {
        assert_eq!(version_on(date(2010, 1, 1)).id, "2014");
        assert_eq!(version_on(date(2014, 5, 28)).id, "2014");
        assert_eq!(version_on(date(2026, 5, 10)).id, "2014");
        assert_eq!(version_on(date(2026, 5, 11)).id, "2026");
        assert!(!version_on(date(2026, 12, 1)).confirmed);
    }

    #[test]
    fn versions_are_in_order_and_codes_round_trip() {
        assert!(RULE_VERSIONS.windows(2).all(|w| w[0].effective < w[1].effective));
        for c in DevelopmentCheck::ALL {
            assert_eq!(DevelopmentCheck::from_code(c.code()), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.code());
        }
    }

    #[test]
    fn sources_name_the_article() {
        let v = version_on(date(2020, 1, 1));
        assert_eq!(
            v.source(DevelopmentCheck::TalkWithin1Month),
            "《中国共产党发展党员工作细则》（中办发〔2014〕33号）第七条"
        );
        let v = version_on(date(2026, 6, 1));
        assert!(v.source(DevelopmentCheck::Age18).ends_with("相应条款（2014年细则第五条）"));
        assert!(v.source(DevelopmentCheck::ApprovalWithin3Months).ends_with("第二十五条"));
    }
}
