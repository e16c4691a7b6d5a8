//! A standard profile (标准方案) as data: the rules one source document sets, each with its kind,
//! parameters, where it applies and the clause it comes from, plus the profile's scoring table or
//! checklist when it has one. Built-in profiles live in `assets/profiles/<id>.json` and are embedded
//! at build time; copies a user edits are stored in the ledger (`custom.rs`) in the same JSON shape.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};
use crate::meetings::hours::StudyHoursParams;
use crate::model::{ActivityType, Category, OrgKind, Role, Sector};

/// The built-in profiles: (id, JSON text). Ids are fixed by `cli.md`.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("national", include_str!("../../assets/profiles/national.json")),
    ("jingdezhen-2020", include_str!("../../assets/profiles/jingdezhen-2020.json")),
    ("wuhua", include_str!("../../assets/profiles/wuhua.json")),
    ("chengdu-2020", include_str!("../../assets/profiles/chengdu-2020.json")),
    ("gaibei-2017", include_str!("../../assets/profiles/gaibei-2017.json")),
    ("fuling-2017", include_str!("../../assets/profiles/fuling-2017.json")),
];

/// One standard profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Profile {
    /// `national`, `fuling-2017`, or a user copy's id.
    pub id: String,
    /// 方案名称.
    pub title: String,
    /// A few words naming the profile where its full title is too long (a file name:
    /// `自查表（全国基本要求）`); the title when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_title: Option<String>,
    /// The source document (title, issuer, year).
    pub source: String,
    /// The profile this one was copied from (user copies only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub based_on: Option<String>,
    /// What the profile is for, in a sentence.
    #[serde(default)]
    pub description: String,
    pub rules: Vec<Rule>,
    /// The 100-point table when the profile scores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring: Option<Scoring>,
    /// The numbered checklist when the profile has one (景德镇 48 items).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist: Option<Checklist>,
    /// Forms of its own this profile's document prescribes, by export key (成都: `filing_register`,
    /// the 备案登记表): exported by default only for an organisation under this profile. A scoring
    /// table's 评分表 needs no entry (`scoring` says it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<String>,
}

/// One rule of a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Rule {
    /// Unique within the profile; `check --json` reports it as `rule`.
    pub id: String,
    /// What the rule asks, in Chinese (the self-check sheet shows it).
    pub title: String,
    /// Document and clause, e.g. `《中国共产党党员教育管理工作条例》第十七条`.
    pub source: String,
    #[serde(default)]
    pub applies: Applies,
    /// Points in the profile's scoring table that this rule carries (auto-scored items).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    #[serde(flatten)]
    pub spec: RuleSpec,
}

/// Where a rule applies. Empty lists match everything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Applies {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub org_kinds: Vec<OrgKind>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<Sector>,
    /// Per-member rules: only members of these categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// Per-member rules: only members holding one of these committee roles during the period.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Per-member participation rules skip members marked 年老体弱等免于参加 (default true).
    #[serde(default = "yes")]
    pub honour_exempt: bool,
}

fn yes() -> bool {
    true
}

impl Default for Applies {
    fn default() -> Self {
        Applies {
            org_kinds: Vec::new(),
            sectors: Vec::new(),
            categories: Vec::new(),
            roles: Vec::new(),
            honour_exempt: true,
        }
    }
}

/// A period a rule counts over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl PeriodUnit {
    pub fn label(self) -> &'static str {
        match self {
            PeriodUnit::Month => "每月",
            PeriodUnit::Quarter => "每季度",
            PeriodUnit::HalfYear => "每半年",
            PeriodUnit::Year => "每年",
        }
    }
}

/// Per-member yearly measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// 学时: external trainings plus the hours of sittings attended.
    TrainingHours,
    /// 谈心谈话 sittings the member took part in.
    HeartTalks,
    /// 志愿服务 sittings the member took part in.
    VolunteerServices,
    /// Months in a row without dues paid (a maximum).
    DuesUnpaidStreak,
    /// Share of 优秀 among graded members (cap rules).
    ExcellentShare,
}

impl Measure {
    pub const ALL: [Measure; 5] = [
        Measure::TrainingHours,
        Measure::HeartTalks,
        Measure::VolunteerServices,
        Measure::DuesUnpaidStreak,
        Measure::ExcellentShare,
    ];

    /// The measure of a `check --json` code (`training_hours`).
    pub fn of_code(code: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            Measure::TrainingHours => "training_hours",
            Measure::HeartTalks => "heart_talks",
            Measure::VolunteerServices => "volunteer_services",
            Measure::DuesUnpaidStreak => "dues_unpaid_streak",
            Measure::ExcellentShare => "excellent_share",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Measure::TrainingHours => "学时",
            Measure::HeartTalks => "谈心谈话",
            Measure::VolunteerServices => "志愿服务",
            Measure::DuesUnpaidStreak => "连续未交党费月数",
            Measure::ExcellentShare => "优秀比例",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Measure::TrainingHours => "学时",
            Measure::HeartTalks | Measure::VolunteerServices => "次",
            Measure::DuesUnpaidStreak => "个月",
            Measure::ExcellentShare => "人",
        }
    }
}

/// What a deadline rule watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DeadlineEvent {
    /// 换届: the term's end, with a reminder `notice_months` before.
    TermRenewal,
    /// A document of `document` kind for the year recorded by `due` (MM-DD), or the item ticked with a date.
    Document,
    /// 党费收缴使用公示 (or, with `subject: funds`, 经费使用情况公示) for each `period`, by the period's end.
    DuesPublication,
}

/// Document kinds a deadline can ask for (the `documents.kind` codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    WorkPlan,
    StudyPlan,
    MeetingPlan,
    Summary,
    Evidence,
    Other,
}

impl DocumentKind {
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::WorkPlan => "work_plan",
            DocumentKind::StudyPlan => "study_plan",
            DocumentKind::MeetingPlan => "meeting_plan",
            DocumentKind::Summary => "summary",
            DocumentKind::Evidence => "evidence",
            DocumentKind::Other => "other",
        }
    }
}

/// Structural checks on an organisation's set-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum StructureCheck {
    /// 正式党员 count fits the organisation's kind: 支部 `min`–(`max`−1), 总支 from `max`, 党委 from 100.
    OrgForm,
    /// With ≥ `min` 正式党员 a 支部委员会 of at least 3 exists.
    CommitteeRequired,
    /// Committee members in office between `min` and `max`.
    CommitteeSize,
    /// The 书记 had ≥ `years` of 党龄 (from 转正) when taking office.
    SecretaryPartyAge,
    /// A 书记 is in office (a vacancy longer than `months` is unmet).
    SecretaryInOffice,
    /// A 纪检委员 is in office where there is a committee.
    DisciplineMember,
    /// Every 党小组 has ≥ `min` members, at least one of them 正式党员.
    GroupSize,
    /// A branch with ≥ `min` members has 党小组.
    GroupsRequired,
    /// The recorded term is no longer than `years`.
    TermLength,
}

/// What a funds rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FundsCheck {
    /// Every use of money above the threshold cites a 支委会 / 党员大会 decision (大额支出须经集体研究决定).
    CollectiveDecision,
    /// At least `min` 走访慰问 on major holidays (重大节假日) per year.
    HolidayCareVisits,
    /// The year's budget of 党组织工作经费 is at least `min_permille` ‰ of the payroll (涪陵 SOE: 1%).
    BudgetShare,
    /// Every member marked 困难党员 on the roster is visited at least `min` times a year (成都:
    /// 定期开展困难党员走访慰问).
    HardshipCareVisits,
}

/// The kind and parameters of a rule (`kind` in the JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleSpec {
    /// At least `min` sittings of `activity` per `period`.
    Frequency {
        activity: ActivityType,
        period: PeriodUnit,
        min: u32,
        /// Count per 党小组 (党小组会).
        #[serde(default)]
        per_group: bool,
        /// Fixed day of the month (主题党日): a sitting on another day is a warning, not a failure.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fixed_day: Option<u32>,
        /// Only sittings whose lecturer held this role (书记讲党课).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lecturer: Option<Role>,
    },
    /// Per member per `period`: at least `min` (or at most `max`) of `measure`.
    Quota {
        measure: Measure,
        period: PeriodUnit,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// `measure` at most `numerator`/`denominator` of the graded members, per year.
    Cap { measure: Measure, numerator: u32, denominator: u32 },
    /// Something due by a date.
    Deadline {
        event: DeadlineEvent,
        /// TermRenewal: months of notice before the term ends.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        notice_months: Option<u32>,
        /// Document: which document.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        document: Option<DocumentKind>,
        /// Document: `MM-DD` within the year.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due: Option<String>,
        /// DuesPublication: every period.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        period: Option<PeriodUnit>,
        /// DuesPublication: what must be published (default 党费收缴使用情况; `funds`: 经费使用情况).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        subject: Option<crate::dues::PublicationSubject>,
    },
    /// A check on the organisation's set-up.
    Structure {
        check: StructureCheck,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        years: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        months: Option<u32>,
    },
    /// A check on the money records (issue 18).
    Funds {
        check: FundsCheck,
        /// CollectiveDecision: uses above this amount need a 支委会 / 党员大会 decision (default: the
        /// ledger's 大额支出 setting).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
        threshold_fen: Option<i64>,
        /// HolidayCareVisits: visits on major holidays per year; HardshipCareVisits: visits to each
        /// 困难党员 per year.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
        /// BudgetShare: the budget's least share of the payroll, in ‰ (default 10: 1%).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_permille: Option<u32>,
    },
    /// Needs a person: ticked with a note and evidence, never auto-passed.
    Manual {
        /// What to look for (e.g. the 十有 of an activity room).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        items: Vec<String>,
    },
}

impl RuleSpec {
    /// The `kind` code of `check --json`.
    pub fn kind(&self) -> &'static str {
        match self {
            RuleSpec::Frequency { .. } => "frequency",
            RuleSpec::Quota { .. } => "quota",
            RuleSpec::Cap { .. } => "cap",
            RuleSpec::Deadline { .. } => "deadline",
            RuleSpec::Structure { .. } => "structure",
            RuleSpec::Funds { .. } => "funds",
            RuleSpec::Manual { .. } => "manual",
        }
    }
}

/// A profile's scoring table (涪陵 100 points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Scoring {
    /// Total points (100).
    pub total: f64,
    /// At or above: 合格.
    pub pass: f64,
    /// At or above (and below `pass`): 基本合格; below: 不合格.
    pub basic: f64,
    pub items: Vec<ScoreItem>,
}

/// One line of a scoring table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScoreItem {
    pub id: String,
    /// 评分项目 (section), e.g. 规范组织生活.
    pub section: String,
    /// 评分标准, as in the source.
    pub text: String,
    pub points: f64,
    /// ▲: not met caps the verdict below 合格.
    #[serde(default)]
    pub mandatory: bool,
    /// Rules whose findings score the item (their `points` split the item's points).
    pub rules: Vec<String>,
    #[serde(default)]
    pub partial: PartialCredit,
}

/// How partial compliance converts to points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PartialCredit {
    /// Points × (findings met ÷ findings decided); pending periods are left out.
    #[default]
    ProRata,
    /// Full points only when every finding is met.
    AllOrNothing,
    /// Scored by a person (manual rules): the score entered, or full points when ticked.
    Manual,
}

impl PartialCredit {
    /// The stated rule shown beside the score.
    pub fn explain(self) -> &'static str {
        match self {
            PartialCredit::ProRata => "按已到期的周期（或人员）达标比例折算：分值×达标数÷应达标数，未到期的不计",
            PartialCredit::AllOrNothing => "全部达标得满分，否则不得分",
            PartialCredit::Manual => "书记对照佐证材料评分（勾选达标未填分数的按满分）",
        }
    }
}

/// A numbered checklist (景德镇 48 items).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Checklist {
    pub items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChecklistItem {
    pub no: u32,
    pub section: String,
    pub text: String,
    /// Rules that check the item.
    pub rules: Vec<String>,
}

/// What `zhibu profiles` lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProfileSummary {
    pub id: String,
    pub title: String,
    pub source: String,
    /// True for the profiles shipped with zhibu (read-only); false for user copies.
    pub built_in: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub based_on: Option<String>,
    pub rules: u32,
    pub scores: bool,
}

impl Profile {
    /// The short title, else the title.
    pub fn short_label(&self) -> &str {
        self.short_title.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or(&self.title)
    }

    /// The yearly 学时 requirements the profile sets: its yearly `training_hours` quota for every
    /// member, and the one limited to committee roles for 班子成员 (none: 班子成员 as everyone) —
    /// exactly what `check` judges. A profile with no yearly 学时 rule at all falls back to the
    /// national figures (32 学时; 56 for 班子成员), so the 党员学时统计表 always shows a requirement.
    pub fn study_hours_params(&self) -> StudyHoursParams {
        let yearly: Vec<(bool, u32)> = self
            .rules
            .iter()
            .filter_map(|rule| match rule.spec {
                RuleSpec::Quota {
                    measure: Measure::TrainingHours, period: PeriodUnit::Year, min: Some(min), ..
                } => {
                    let tenths = (min * 10.0).round().clamp(0.0, f64::from(u32::MAX)) as u32;
                    Some((rule.applies.roles.is_empty(), tenths))
                }
                _ => None,
            })
            .collect();
        let national = StudyHoursParams::default();
        if yearly.is_empty() {
            return national;
        }
        StudyHoursParams {
            required_tenths: yearly.iter().find(|(all, _)| *all).map_or(national.required_tenths, |(_, t)| *t),
            committee_required_tenths: yearly.iter().find(|(all, _)| !*all).map(|(_, t)| *t),
        }
    }

    /// Whether a rule of the profile reads members' 学时.
    pub fn reads_study_hours(&self) -> bool {
        self.rules.iter().any(|r| matches!(r.spec, RuleSpec::Quota { measure: Measure::TrainingHours, .. }))
    }

    pub fn summary(&self, built_in: bool) -> ProfileSummary {
        ProfileSummary {
            id: self.id.clone(),
            title: self.title.clone(),
            source: self.source.clone(),
            built_in,
            based_on: self.based_on.clone(),
            rules: self.rules.len() as u32,
            scores: self.scoring.is_some(),
        }
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Parses and validates a profile's JSON; problems are located by JSON path.
    pub fn from_json(text: &str) -> Result<Profile> {
        let profile: Profile = serde_json::from_str(text).map_err(|e| {
            Error::invalid(format!("第{}行第{}列", e.line(), e.column()), format!("标准方案格式有误：{e}"))
        })?;
        let problems = profile.problems();
        if problems.is_empty() {
            Ok(profile)
        } else {
            Err(Error::Invalid(problems))
        }
    }

    /// Everything wrong with the profile's content, located by JSON path.
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        if !valid_id(&self.id) {
            p.push(Problem::new("id", "方案编号只能由小写字母、数字和“-”组成，长度1–40"));
        }
        if self.title.trim().is_empty() {
            p.push(Problem::new("title", "方案名称不能为空"));
        }
        if self.source.trim().is_empty() {
            p.push(Problem::new("source", "应注明依据文件"));
        }
        let mut ids = HashSet::new();
        for (i, r) in self.rules.iter().enumerate() {
            let at = |f: &str| format!("rules[{i}].{f}");
            if !valid_id(&r.id) {
                p.push(Problem::new(at("id"), "规则编号只能由小写字母、数字和“-”组成"));
            } else if !ids.insert(r.id.as_str()) {
                p.push(Problem::new(at("id"), format!("规则编号“{}”重复", r.id)));
            }
            if r.title.trim().is_empty() {
                p.push(Problem::new(at("title"), "规则内容不能为空"));
            }
            if r.source.trim().is_empty() {
                p.push(Problem::new(at("source"), "应注明依据文件及条款"));
            }
            if r.points.is_some_and(|x| !(0.0..=100.0).contains(&x)) {
                p.push(Problem::new(at("points"), "分值应在0到100之间"));
            }
            spec_problems(&r.spec, &at, &mut p);
        }
        if let Some(s) = &self.scoring {
            let sum: f64 = s.items.iter().map(|i| i.points).sum();
            if (sum - s.total).abs() > 1e-6 {
                p.push(Problem::new("scoring.items", format!("各项分值合计 {sum} 与总分 {} 不符", s.total)));
            }
            if !(s.basic <= s.pass && s.pass <= s.total) {
                p.push(Problem::new("scoring.pass", "合格线应不低于基本合格线且不高于总分"));
            }
            for (i, item) in s.items.iter().enumerate() {
                self.check_refs(&item.rules, &format!("scoring.items[{i}].rules"), &mut p);
                if item.rules.is_empty() {
                    p.push(Problem::new(format!("scoring.items[{i}].rules"), "评分项应对应至少一条规则"));
                }
            }
        }
        if let Some(c) = &self.checklist {
            for (i, item) in c.items.iter().enumerate() {
                self.check_refs(&item.rules, &format!("checklist.items[{i}].rules"), &mut p);
            }
        }
        p
    }

    fn check_refs(&self, rules: &[String], at: &str, p: &mut Vec<Problem>) {
        for r in rules {
            if self.rule(r).is_none() {
                p.push(Problem::new(at, format!("引用了不存在的规则“{r}”")));
            }
        }
    }
}

fn spec_problems(spec: &RuleSpec, at: &dyn Fn(&str) -> String, p: &mut Vec<Problem>) {
    match spec {
        RuleSpec::Frequency { min, fixed_day, .. } => {
            if *min == 0 {
                p.push(Problem::new(at("min"), "次数应至少为1"));
            }
            if fixed_day.is_some_and(|d| !(1..=28).contains(&d)) {
                p.push(Problem::new(at("fixed_day"), "固定日应在每月1日到28日之间"));
            }
        }
        RuleSpec::Quota { measure, min, max, .. } => {
            if min.is_none() == max.is_none() {
                p.push(Problem::new(at("min"), "应填写下限 min 或上限 max 之一"));
            }
            if min.or(*max).is_some_and(|x| x < 0.0) {
                p.push(Problem::new(at("min"), "数值不能为负"));
            }
            if *measure == Measure::ExcellentShare {
                p.push(Problem::new(at("measure"), "优秀比例应使用 cap 规则"));
            }
            if *measure == Measure::DuesUnpaidStreak && max.is_none() {
                p.push(Problem::new(at("max"), "连续未交党费月数应设上限 max"));
            }
        }
        RuleSpec::Cap { measure, numerator, denominator } => {
            if *measure != Measure::ExcellentShare {
                p.push(Problem::new(at("measure"), "比例上限目前只支持 excellent_share"));
            }
            if *denominator == 0 || numerator > denominator {
                p.push(Problem::new(at("denominator"), "比例应在0到1之间，分母不能为0"));
            }
        }
        RuleSpec::Deadline { event, notice_months, document, due, period, .. } => match event {
            DeadlineEvent::TermRenewal => {
                if notice_months.is_none() {
                    p.push(Problem::new(at("notice_months"), "换届提醒应填写提前月数"));
                }
            }
            DeadlineEvent::Document => {
                if document.is_none() {
                    p.push(Problem::new(at("document"), "应填写材料类别"));
                }
                if due.as_deref().and_then(parse_month_day).is_none() {
                    p.push(Problem::new(at("due"), "截止日期应写成 MM-DD，如 03-31"));
                }
            }
            DeadlineEvent::DuesPublication => {
                if period.is_none() {
                    p.push(Problem::new(at("period"), "应填写公示周期"));
                }
            }
        },
        RuleSpec::Structure { check, min, max, years, months } => {
            let need = |field: &str, v: bool, p: &mut Vec<Problem>| {
                if !v {
                    p.push(Problem::new(at(field), format!("该检查需要参数 {field}")));
                }
            };
            match check {
                StructureCheck::OrgForm => {
                    need("min", min.is_some(), p);
                    need("max", max.is_some(), p);
                }
                StructureCheck::CommitteeRequired | StructureCheck::GroupSize | StructureCheck::GroupsRequired => {
                    need("min", min.is_some(), p)
                }
                StructureCheck::CommitteeSize => {
                    need("min", min.is_some(), p);
                    need("max", max.is_some(), p);
                    if let (Some(a), Some(b)) = (min, max) {
                        if a > b {
                            p.push(Problem::new(at("min"), "下限不能大于上限"));
                        }
                    }
                }
                StructureCheck::SecretaryPartyAge | StructureCheck::TermLength => need("years", years.is_some(), p),
                StructureCheck::SecretaryInOffice => need("months", months.is_some(), p),
                StructureCheck::DisciplineMember => {}
            }
        }
        RuleSpec::Funds { check, threshold_fen, min, min_permille } => match check {
            FundsCheck::CollectiveDecision => {
                if threshold_fen.is_some_and(|t| crate::model::money::amount_problem(t).is_some()) {
                    p.push(Problem::new(at("threshold_fen"), "大额支出标准应在 0 到 1000 万元之间"));
                }
            }
            FundsCheck::HolidayCareVisits | FundsCheck::HardshipCareVisits => {
                if min == &Some(0) {
                    p.push(Problem::new(at("min"), "次数应至少为1"));
                }
            }
            FundsCheck::BudgetShare => {
                if min_permille.is_some_and(|x| x == 0 || x > 1000) {
                    p.push(Problem::new(at("min_permille"), "比例应在1‰到1000‰之间"));
                }
            }
        },
        RuleSpec::Manual { .. } => {}
    }
}

/// `MM-DD` → (month, day).
pub fn parse_month_day(text: &str) -> Option<(u32, u32)> {
    let (m, d) = text.trim().split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(2001, m, d).map(|_| (m, d))
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 40
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
}

/// A built-in profile by id.
pub fn built_in(id: &str) -> Option<Profile> {
    BUILT_IN
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, text)| Profile::from_json(text).unwrap_or_else(|e| panic!("built-in profile {id} is invalid: {e}")))
}

/// All built-in profiles in `cli.md` order.
pub fn built_ins() -> Vec<Profile> {
    BUILT_IN.iter().filter_map(|(id, _)| built_in(id)).collect()
}
