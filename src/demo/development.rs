//! The demo's development records (发展党员): people at every stage of the 25 steps, with the
//! people and votes of each step; those admitted also appear as members (预备 or 正式).

use std::collections::HashSet;

use chrono::{Datelike, Days, Months, NaiveDate};

use super::orgs::BranchSpec;
use super::people::{add_years, birth_date, education};
use super::random::Rng;
use super::words;
use super::{Builder, Prefix};
use crate::development::DocumentKind;
use crate::model::dates::add_months;
use crate::model::{Category, Gender, MemberStatus, ReviewResult, Sector};
use crate::package::format::{
    DevDocumentRecord, DevTrainingRecord, DevelopmentRecord, Hours, MemberRecord, OrgRecord, StepRecord,
};

/// How far along a person is today.
#[derive(Debug, Clone, Copy)]
enum Stage {
    /// Applied two months ago; `late_talk`: the talk came after the one-month limit.
    Applicant {
        late_talk: bool,
    },
    Activist,
    Candidate,
    PreAdmission,
    /// Admitted (step 15) this many months ago; `extended`: 预备期 extended by 6 months.
    Admitted {
        months_ago: u32,
        extended: bool,
    },
}

const SMALL: &[Stage] = &[
    Stage::Applicant { late_talk: true },
    Stage::Activist,
    Stage::Candidate,
    Stage::PreAdmission,
    Stage::Admitted { months_ago: 7, extended: false },
    Stage::Admitted { months_ago: 11, extended: false },
    Stage::Admitted { months_ago: 26, extended: true },
];

const LARGE: &[Stage] = &[
    Stage::Applicant { late_talk: false },
    Stage::Activist,
    Stage::Candidate,
    Stage::PreAdmission,
    Stage::Admitted { months_ago: 5, extended: false },
    Stage::Admitted { months_ago: 10, extended: false },
    Stage::Admitted { months_ago: 20, extended: false },
    Stage::Admitted { months_ago: 44, extended: true },
    Stage::Admitted { months_ago: 70, extended: false },
    Stage::Applicant { late_talk: true },
];

/// Step dates from the application date `a` (calendar months, then days).
fn schedule(a: NaiveDate, late_talk: bool, extended: bool) -> Vec<(u32, NaiveDate)> {
    let m = |d: NaiveDate, n: u32| add_months(d, n);
    let d = |x: NaiveDate, n: u64| x + Days::new(n);
    let s3 = m(a, 6);
    let s7 = d(m(s3, 12), 15);
    let s12 = m(s7, 3);
    let s14 = d(s12, 25);
    let s15 = d(s14, 20);
    let s17 = m(s15, 2);
    let probation = if extended { 18 } else { 12 };
    let s23 = d(m(s15, probation), 5);
    let s24 = m(s23, 1);
    vec![
        (1, a),
        (2, d(a, if late_talk { 45 } else { 20 })),
        (3, s3),
        (4, d(s3, 10)),
        (5, d(s3, 3)),
        (6, m(s3, 1)),
        (7, s7),
        (8, d(s7, 10)),
        (9, d(s7, 15)),
        (10, m(s7, 1)),
        (11, d(m(s7, 1), 10)),
        (12, s12),
        (13, d(s12, 15)),
        (14, s14),
        (15, s15),
        (16, d(s15, 20)),
        (17, s17),
        (18, d(s17, 15)),
        (19, d(s17, 20)),
        (20, m(s17, 1)),
        (21, d(m(s17, 1), 10)),
        (22, m(s15, probation - 1)),
        (23, s23),
        (24, s24),
        (25, d(s24, 15)),
    ]
}

fn note(step: u32) -> Option<&'static str> {
    Some(match step {
        1 => "向党支部递交入党申请书",
        2 => "支部委员谈话，了解入党动机",
        3 => "经党员推荐、支委会研究确定为入党积极分子",
        7 => "听取党小组、培养联系人、党员和群众意见，支委会研究确定为发展对象",
        10 => "政治审查结论：合格",
        11 => "参加镇党委组织的发展对象培训班",
        15 => "支部大会讨论，无记名投票表决通过",
        20 => "在主题党日上进行入党宣誓",
        23 => "支部大会讨论转正，无记名投票表决通过",
        _ => return None,
    })
}

impl Builder {
    pub(super) fn development(
        &mut self,
        spec: &BranchSpec,
        org: &OrgRecord,
        members: &mut Vec<MemberRecord>,
    ) -> Vec<DevelopmentRecord> {
        let today = self.w.today;
        let stages: Vec<Stage> = if org.parent.is_none() {
            SMALL.to_vec()
        } else {
            let first = self.counters[0] as usize * 2;
            (0..2).map(|k| LARGE[(first + k) % LARGE.len()]).collect()
        };
        let mut names: HashSet<String> = members.iter().map(|m| m.name.clone()).collect();
        let mut out = Vec::new();
        for stage in stages {
            let (late, extended) = match stage {
                Stage::Applicant { late_talk } => (late_talk, false),
                Stage::Admitted { extended, .. } => (false, extended),
                _ => (false, false),
            };
            let back = |months: u32, days: u64| {
                today.checked_sub_months(Months::new(months)).unwrap_or(today) - Days::new(days)
            };
            let a = match stage {
                Stage::Applicant { .. } => back(2, 0),
                Stage::Activist => back(12, 0),
                Stage::Candidate => back(20, 10),
                Stage::PreAdmission => back(22, 12),
                Stage::Admitted { months_ago, .. } => {
                    // Application date such that step 15 falls `months_ago` months back.
                    let probe = schedule(today, false, false)[14].1;
                    let admitted = back(months_ago, 0);
                    admitted - Days::new((probe - today).num_days() as u64)
                }
            };
            let steps: Vec<(u32, NaiveDate)> =
                schedule(a, late, extended).into_iter().filter(|(_, date)| *date <= today).collect();
            let gender = if self.rng.percent(50) { Gender::Male } else { Gender::Female };
            let age = self.rng.range(22, 35) as i32;
            let birth = birth_date(&mut self.rng, a, age);
            let name = self.unique_name(gender, &mut names);
            let id_number = self.id_number(birth, gender);
            let key = self.key(Prefix::Development);
            let contacts = self.contacts(members, a);
            let reached = |n: u32| steps.iter().any(|(s, _)| *s == n);
            let mut record = DevelopmentRecord {
                key,
                org: org.key.clone(),
                name,
                gender,
                id_number: Some(id_number),
                birth_date: birth,
                steps: steps
                    .iter()
                    .map(|&(step, date)| StepRecord {
                        step,
                        date,
                        people: match step {
                            2 => vec![members[0].key.clone()],
                            5 | 9 => contacts.clone(),
                            _ => Vec::new(),
                        },
                        note: note(step).map(str::to_string),
                    })
                    .collect(),
                votes: Vec::new(),
                training: reached(11)
                    .then_some(DevTrainingRecord { days: Some(3.0), hours: Some(Hours::from_tenths(240)) }),
                political_review: reached(10).then_some(ReviewResult::Passed),
                probation_extension_months: (extended && reached(22)).then_some(6),
                member: None,
                ethnicity: None,
                education: None,
                unit_title: None,
                probation_extended_on: None,
                documents: Vec::new(),
                overrides: Vec::new(),
            };
            particulars(&mut record, spec, age, today);
            // The votes of steps 15 and 23 are on the 支部大会 records (`meetings.rs`); the draws the
            // figures once took here are still taken, so the rest of the demo stays as it was.
            for (_, date) in steps.iter().filter(|(s, _)| *s == 15 || *s == 23) {
                self.former_vote_draws(members, *date);
            }
            if let Some(&(_, joined)) = steps.iter().find(|(s, _)| *s == 15) {
                let full =
                    steps.iter().find(|(s, _)| *s == 23).map(|_| add_months(joined, if extended { 18 } else { 12 }));
                let m = self.admitted_member(spec, org, &record, joined, full, members.len());
                record.member = Some(m.key.clone());
                members.push(m);
            }
            out.push(record);
        }
        out
    }

    /// Two full members who were on the roll on `date`, as 培养联系人 and later 入党介绍人.
    fn contacts(&mut self, members: &[MemberRecord], date: NaiveDate) -> Vec<String> {
        let eligible: Vec<&MemberRecord> = members
            .iter()
            .skip(5)
            .filter(|m| m.full_member_on.is_some_and(|f| f <= date) && m.left.is_none() && !m.attendance_exempt)
            .collect();
        let first = self.rng.below(eligible.len() as u64) as usize;
        let second = (first + 1 + self.rng.below(eligible.len() as u64 - 1) as usize) % eligible.len();
        vec![eligible[first].key.clone(), eligible[second].key.clone()]
    }

    fn former_vote_draws(&mut self, members: &[MemberRecord], date: NaiveDate) {
        let full = members
            .iter()
            .filter(|m| m.on_roll(date) && m.full_member_on.is_some_and(|f| f <= date) && !m.attendance_exempt)
            .count() as u64;
        self.rng.below(full / 6 + 1);
        self.rng.below(2);
    }

    fn admitted_member(
        &mut self,
        spec: &BranchSpec,
        org: &OrgRecord,
        person: &DevelopmentRecord,
        joined: NaiveDate,
        full: Option<NaiveDate>,
        index: usize,
    ) -> MemberRecord {
        let mut names = HashSet::new();
        let group = org.groups.get(index % org.groups.len().max(1)).map(|g| g.key.clone());
        let mut m = self.member_like(spec, org, group, &mut names);
        m.name = person.name.clone();
        m.gender = person.gender;
        m.id_number = person.id_number.clone();
        m.birth_date = person.birth_date;
        m.joined_on = joined;
        m.full_member_on = full;
        m.status = if full.is_some() { MemberStatus::Full } else { MemberStatus::Probationary };
        m.dues_bases = super::money::dues_bases(&mut self.rng, &self.w, m.category, joined);
        debug_assert!(add_years(m.birth_date, 18) < joined);
        m
    }
}

/// What a branch keeps of a person beyond the steps: 民族, 学历, 工作单位及职务 (the 发展党员花名册's
/// columns) and the materials received as a secretary files them — the 入党申请书 on the day of
/// step 1, a 思想汇报 each quarter from the one the person became an activist in (now and then one
/// missing; the running quarter's not yet in), the 政审材料 at step 10, the 入党志愿书 with its
/// number at step 14, the 转正申请书 at step 22. Drawn from a generator of the person's own (seeded
/// by the key), so the rest of the demo stays as it was.
fn particulars(record: &mut DevelopmentRecord, spec: &BranchSpec, age: i32, today: NaiveDate) {
    let seed =
        record.key.bytes().fold(0xD1B5_4A32_D192_ED03u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3));
    let mut rng = Rng::new(seed);
    record.ethnicity = Some(if rng.percent(93) { "汉族" } else { rng.pick(words::OTHER_ETHNICITIES) }.to_string());
    let farmer = matches!(spec.sector, Sector::Village);
    record.education =
        Some(education(&mut rng, if farmer { Category::Farmer } else { Category::Employed }, age).to_string());
    let unit = spec.short_name.trim_end_matches("支部").trim_end_matches(['一', '二', '三', '四', '五', '第']);
    let job = match spec.sector {
        Sector::Government => *rng.pick(&["科员", "办事员", "综合办公室干部"]),
        Sector::School => *rng.pick(&["教师", "班主任", "教务处干事"]),
        Sector::Village => *rng.pick(&["村民", "村民小组长", "种植大户"]),
        Sector::UrbanCommunity => *rng.pick(&["社区工作者", "网格员", "居民"]),
        Sector::Soe | Sector::PrivateEnterprise => *rng.pick(&["技术员", "车间班组长", "职员"]),
        Sector::SocialOrg => "工作人员",
        _ => *rng.pick(&["职工", "专业技术人员"]),
    };
    record.unit_title = Some(format!("{unit}{job}"));

    let step = |n: u32| record.steps.iter().find(|s| s.step == n).map(|s| s.date);
    let mut docs = Vec::new();
    let doc = |kind, received_on| DevDocumentRecord { kind, received_on, period: None, number: None, note: None };
    if let Some(d) = step(1) {
        docs.push(doc(DocumentKind::Application, d));
    }
    if let Some(s3) = step(3) {
        let end = step(24).unwrap_or(today);
        let (mut y, mut q) = (s3.year(), s3.month0() / 3 + 1);
        let current = (today.year(), today.month0() / 3 + 1);
        while (y, q) < current {
            // Handed in on the 20th of the quarter's last month.
            let on = NaiveDate::from_ymd_opt(y, q * 3, 20).expect("a valid day");
            if on > end {
                break;
            }
            if on >= s3 && !rng.percent(8) {
                docs.push(DevDocumentRecord {
                    period: Some(format!("{y}-Q{q}")),
                    ..doc(DocumentKind::ThoughtReport, on)
                });
            }
            (y, q) = if q == 4 { (y + 1, 1) } else { (y, q + 1) };
        }
    }
    if let Some(d) = step(10) {
        docs.push(doc(DocumentKind::PoliticalReview, d));
    }
    if let Some(d) = step(14) {
        let number = format!("{}{:04}", d.year(), rng.range(1, 9999));
        docs.push(DevDocumentRecord { number: Some(number), ..doc(DocumentKind::VolunteerBook, d) });
    }
    if let Some(d) = step(22) {
        docs.push(doc(DocumentKind::ConversionApplication, d));
    }
    record.documents = docs;
}
