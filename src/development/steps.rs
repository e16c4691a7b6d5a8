//! The 25 steps and 5 stages of 发展党员 (`national-rules.md` §1, the 中组部 flow chart that goes with
//! the 细则), and the stage a person is in.

use serde::{Deserialize, Serialize};

/// Number of steps in the pipeline.
pub const STEP_COUNT: u8 = 25;

/// The 25 step names, in order (index = step − 1).
pub const STEP_NAMES: [&str; 25] = [
    "递交入党申请书",
    "党组织派人谈话",
    "推荐和确定入党积极分子",
    "上级党委备案",
    "指定培养联系人",
    "培养教育考察",
    "确定发展对象",
    "报上级党委备案",
    "确定入党介绍人",
    "进行政治审查",
    "开展集中培训",
    "支部委员会审查",
    "上级党委预审",
    "填写入党志愿书",
    "支部大会讨论",
    "上级党委派人谈话",
    "上级党委审批",
    "再上一级党委组织部门备案",
    "编入党支部和党小组",
    "入党宣誓",
    "继续教育考察",
    "提出转正申请",
    "支部大会讨论（转正）",
    "上级党委审批（转正）",
    "材料归档",
];

/// Short names for narrow column headers (the 发展党员工作台账).
pub const STEP_SHORT_NAMES: [&str; 25] = [
    "递交申请",
    "派人谈话",
    "确定积极分子",
    "上级备案",
    "培养联系人",
    "培养考察",
    "确定发展对象",
    "上级备案",
    "入党介绍人",
    "政治审查",
    "集中培训",
    "支委会审查",
    "上级预审",
    "填写志愿书",
    "支部大会接收",
    "上级派人谈话",
    "上级审批",
    "组织部门备案",
    "编入支部小组",
    "入党宣誓",
    "继续考察",
    "转正申请",
    "支部大会转正",
    "上级审批转正",
    "材料归档",
];

/// The Chinese name of step `n` (1–25); empty for anything else.
pub fn step_name(n: u8) -> &'static str {
    STEP_NAMES.get(usize::from(n).wrapping_sub(1)).copied().unwrap_or("")
}

/// `第15步（支部大会讨论）`
pub fn step_label(n: u8) -> String {
    format!("第{n}步（{}）", step_name(n))
}

/// Where a person is on the way to membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 入党申请人: steps 1–2.
    Applicant,
    /// 入党积极分子: steps 3–6.
    Activist,
    /// 发展对象: steps 7–14.
    Candidate,
    /// 预备党员: steps 15–23 (received by the 支部大会, not yet approved as full).
    Probationary,
    /// 正式党员: step 24 approved.
    Full,
}

impl Stage {
    pub const ALL: [Stage; 5] = [Stage::Applicant, Stage::Activist, Stage::Candidate, Stage::Probationary, Stage::Full];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Applicant => "入党申请人",
            Stage::Activist => "入党积极分子",
            Stage::Candidate => "发展对象",
            Stage::Probationary => "预备党员",
            Stage::Full => "正式党员",
        }
    }

    /// The stage reached once `step` is recorded.
    pub fn of_step(step: u8) -> Stage {
        match step {
            0..=2 => Stage::Applicant,
            3..=6 => Stage::Activist,
            7..=14 => Stage::Candidate,
            15..=23 => Stage::Probationary,
            _ => Stage::Full,
        }
    }

    /// The stage of someone whose highest recorded step is `highest` (None: nothing recorded).
    pub fn of_highest(highest: Option<u8>) -> Stage {
        highest.map(Stage::of_step).unwrap_or(Stage::Applicant)
    }
}

/// Which of the 5 phases of the flow chart a step belongs to (1–5), with its name.
pub fn phase_of(step: u8) -> (u8, &'static str) {
    match step {
        1..=2 => (1, "申请入党"),
        3..=6 => (2, "入党积极分子的确定和培养教育"),
        7..=11 => (3, "发展对象的确定和考察"),
        12..=18 => (4, "预备党员的接收"),
        _ => (5, "预备党员的教育考察和转正"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_follow_the_steps() {
        let cases = [
            (None, Stage::Applicant),
            (Some(2), Stage::Applicant),
            (Some(3), Stage::Activist),
            (Some(6), Stage::Activist),
            (Some(7), Stage::Candidate),
            (Some(14), Stage::Candidate),
            (Some(15), Stage::Probationary),
            (Some(23), Stage::Probationary),
            (Some(24), Stage::Full),
            (Some(25), Stage::Full),
        ];
        for (highest, stage) in cases {
            assert_eq!(Stage::of_highest(highest), stage, "{highest:?}");
        }
    }

    #[test]
    fn names_and_phases() {
        assert_eq!(step_name(1), "递交入党申请书");
        assert_eq!(step_name(25), "材料归档");
        assert_eq!(step_name(0), "");
        assert_eq!(step_name(26), "");
        assert_eq!(step_label(15), "第15步（支部大会讨论）");
        assert_eq!(phase_of(11).0, 3);
        assert_eq!(phase_of(12).0, 4);
        assert_eq!(phase_of(19).0, 5);
    }
}
