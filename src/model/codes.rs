//! The closed code lists of the domain, with their data-package codes and Chinese labels.
//!
//! Codes are what the database, the data package and the IPC carry; labels are what people read.
//! To add a code: add the variant here and a migration widening the matching CHECK constraint.
//! To add a code list: declare it with `code_enum!` and list it in `LABEL_TABLES` (the build fails
//! until it is listed); the UI's label tables are generated from `LABEL_TABLES` by `make bindings`.

use serde::{Deserialize, Serialize};

/// One code list as the UI shows it: the Rust type name and its (code, label) pairs in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelTable {
    pub name: &'static str,
    pub entries: &'static [(&'static str, &'static str)],
}

/// Whether `name` is in `LABEL_TABLES` (a `const fn`, so `code_enum!` can check it at compile time).
const fn listed(name: &str) -> bool {
    let mut i = 0;
    while i < LABEL_TABLES.len() {
        let a = LABEL_TABLES[i].name.as_bytes();
        let b = name.as_bytes();
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return true;
            }
        }
        i += 1;
    }
    false
}

macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal / $label:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub enum $name {
            $(#[serde(rename = $code)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every (code, label) pair, in declaration order.
            pub const LABELS: LabelTable = LabelTable { name: stringify!($name), entries: &[$(($code, $label)),+] };

            /// The data-package / database code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese label people read.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// Accepts either the code or the Chinese label (for spreadsheets and forms).
            pub fn from_code_or_label(text: &str) -> Option<Self> {
                let t = text.trim();
                Self::from_code(t).or_else(|| Self::ALL.iter().copied().find(|v| v.label() == t))
            }

            /// "a、b、c" list of labels, for messages.
            pub fn labels_list() -> String {
                Self::ALL.iter().map(|v| v.label()).collect::<Vec<_>>().join("、")
            }
        }

        const _: () = assert!(listed(stringify!($name)), concat!(stringify!($name), " is missing from LABEL_TABLES"));

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.code()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = value.as_str()?;
                $name::from_code(s).ok_or_else(|| rusqlite::types::FromSqlError::Other(
                    format!("unknown {} code {s:?}", stringify!($name)).into()))
            }
        }
    };
}

code_enum!(
    /// 组织类别
    OrgKind {
    Committee = "committee" / "党委",
    GeneralBranch = "general_branch" / "党总支",
    Branch = "branch" / "党支部",
    JointBranch = "joint_branch" / "联合党支部",
    TemporaryBranch = "temporary_branch" / "临时党支部",
});

code_enum!(
    /// 领域（所在单位类别）
    Sector {
    Government = "government" / "机关",
    Institution = "institution" / "事业单位",
    Soe = "soe" / "国有企业",
    PrivateEnterprise = "private_enterprise" / "非公企业",
    SocialOrg = "social_org" / "社会组织",
    School = "school" / "学校",
    UrbanCommunity = "urban_community" / "城镇社区",
    Village = "village" / "村",
});

code_enum!(
    /// 性别
    Gender {
    Male = "男" / "男",
    Female = "女" / "女",
});

code_enum!(
    /// 人员类别（正式/预备）
    MemberStatus {
    Full = "full" / "正式党员",
    Probationary = "probationary" / "预备党员",
});

code_enum!(
    /// 党员分类（决定党费计算方式和考勤要求）
    Category {
    Employed = "employed" / "在职",
    Retired = "retired" / "离退休",
    Farmer = "farmer" / "农民",
    Student = "student" / "学生",
    Unemployed = "unemployed" / "下岗失业/低保",
    Other = "other" / "其他",
});

code_enum!(
    /// 党籍状态
    Standing {
    Normal = "normal" / "正常",
    Suspended = "suspended" / "停止党籍",
});

code_enum!(
    /// 离开支部的原因
    LeftReason {
    TransferOut = "transfer_out" / "转出",
    Deceased = "deceased" / "去世",
    Expelled = "expelled" / "出党",
    Withdrawn = "withdrawn" / "退党/除名",
    Other = "other" / "其他",
});

code_enum!(
    /// 支委会职务
    Role {
    Secretary = "secretary" / "书记",
    DeputySecretary = "deputy_secretary" / "副书记",
    Organization = "organization" / "组织委员",
    Propaganda = "propaganda" / "宣传委员",
    Discipline = "discipline" / "纪检委员",
    Other = "other" / "其他委员",
});

code_enum!(
    /// 组织生活类型
    ActivityType {
    PartyCongress = "party_congress" / "党员大会",
    CommitteeMeeting = "committee_meeting" / "支委会",
    GroupMeeting = "group_meeting" / "党小组会",
    PartyLecture = "party_lecture" / "党课",
    ThemeDay = "theme_day" / "主题党日",
    LifeMeeting = "life_meeting" / "组织生活会",
    EvaluationMeeting = "evaluation_meeting" / "民主评议",
    Study = "study" / "集中学习",
    HeartTalk = "heart_talk" / "谈心谈话",
    Volunteer = "volunteer" / "志愿服务",
    Other = "other" / "其他",
});

code_enum!(
    /// 出勤状态
    AttendanceStatus {
    Present = "present" / "出席",
    Leave = "leave" / "请假",
    Absent = "absent" / "缺席",
});

code_enum!(
    /// 民主评议等次
    Grade {
    Excellent = "excellent" / "优秀",
    Qualified = "qualified" / "合格",
    BasicallyQualified = "basically_qualified" / "基本合格",
    Unqualified = "unqualified" / "不合格",
});

code_enum!(
    /// 政治审查结论
    ReviewResult {
    Passed = "passed" / "合格",
    Failed = "failed" / "不合格",
});

code_enum!(
    /// 党员状态变化
    MemberEventKind {
    Joined = "joined" / "入党",
    BecameFull = "became_full" / "转为正式党员",
    TransferIn = "transfer_in" / "转入",
    TransferOut = "transfer_out" / "转出",
    Suspended = "suspended" / "停止党籍",
    Restored = "restored" / "恢复党籍",
    Deceased = "deceased" / "去世",
    Expelled = "expelled" / "出党",
    Withdrawn = "withdrawn" / "退党/除名",
    LeftOther = "left_other" / "其他原因离开",
    Returned = "returned" / "撤销离开（恢复在册）",
});

code_enum!(
    /// 谈心谈话的“五个必谈”情形
    TalkTrigger {
    Setback = "setback" / "工作遭遇挫折时必谈",
    FamilyHardship = "family_hardship" / "家庭遇到困难时必谈",
    PostChange = "post_change" / "岗位变动或职务调整时必谈",
    Honour = "honour" / "获得荣誉进步时必谈",
    Discipline = "discipline" / "受到组织处理时必谈",
});

/// Every code list, for the generated UI label tables (`ui/src/labels.generated.ts`).
pub const LABEL_TABLES: &[LabelTable] = &[
    OrgKind::LABELS,
    Sector::LABELS,
    Gender::LABELS,
    MemberStatus::LABELS,
    Category::LABELS,
    Standing::LABELS,
    LeftReason::LABELS,
    Role::LABELS,
    ActivityType::LABELS,
    AttendanceStatus::LABELS,
    Grade::LABELS,
    ReviewResult::LABELS,
    MemberEventKind::LABELS,
    TalkTrigger::LABELS,
    VoteSubject::LABELS,
];

code_enum!(
    /// 表决事项（支部大会）
    VoteSubject {
    Admission = "admission" / "接收预备党员",
    Conversion = "conversion" / "预备党员转正",
    Other = "other" / "其他事项",
});

impl LeftReason {
    /// The status-history event recorded when a member leaves for this reason.
    pub fn event(self) -> MemberEventKind {
        match self {
            LeftReason::TransferOut => MemberEventKind::TransferOut,
            LeftReason::Deceased => MemberEventKind::Deceased,
            LeftReason::Expelled => MemberEventKind::Expelled,
            LeftReason::Withdrawn => MemberEventKind::Withdrawn,
            LeftReason::Other => MemberEventKind::LeftOther,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_round_trip() {
        for k in ActivityType::ALL {
            assert_eq!(ActivityType::from_code(k.code()), Some(*k));
            assert_eq!(ActivityType::from_code_or_label(k.label()), Some(*k));
        }
        assert_eq!(Category::from_code_or_label(" 离退休 "), Some(Category::Retired));
        assert_eq!(OrgKind::from_code("nonsense"), None);
    }

    #[test]
    fn label_tables_follow_the_enums() {
        assert_eq!(OrgKind::LABELS.entries.len(), OrgKind::ALL.len());
        for (k, (code, label)) in Category::ALL.iter().zip(Category::LABELS.entries) {
            assert_eq!((k.code(), k.label()), (*code, *label));
        }
        let names: std::collections::HashSet<_> = LABEL_TABLES.iter().map(|t| t.name).collect();
        assert_eq!(names.len(), LABEL_TABLES.len(), "a code list is listed twice");
    }

    #[test]
    fn serde_uses_codes() {
        assert_eq!(serde_json::to_string(&Sector::PrivateEnterprise).unwrap(), "\"private_enterprise\"");
        let g: Gender = serde_json::from_str("\"女\"").unwrap();
        assert_eq!(g, Gender::Female);
    }
}
