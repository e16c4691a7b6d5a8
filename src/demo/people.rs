//! The demo's members: names, valid ID numbers, categories fitting the sector, dates in order, and the
//! special cases every real roster has (流动党员, 失联, 年老体弱 exempt, members who left).

use std::collections::HashSet;

use chrono::{Datelike, Days, Months, NaiveDate};

use super::orgs::BranchSpec;
use super::words::{self, CITY};
use super::{Builder, Prefix};
use crate::model::dates::{add_months, Month};
use crate::model::id_number::IdNumber;
use crate::model::{Category, Gender, LeftReason, MemberStatus, Sector, Standing};
use crate::package::format::{LeftRecord, MemberRecord, OrgRecord};

/// Age at which a retired member is treated as 年老体弱 and exempt from attendance.
const EXEMPT_AGE: i32 = 82;

/// On the roll and a full member on `date`, and reachable (not 失联, not away as 流动党员).
pub(super) fn settled_full_member(m: &MemberRecord, date: NaiveDate) -> bool {
    m.full_member_on.is_some_and(|f| f <= date)
        && m.left.is_none()
        && m.lost_contact_since.is_none()
        && m.outflow_to.is_none()
}

/// What one member of a branch is to be.
struct Plan {
    category: Category,
    /// Age today.
    age: i32,
    senior: bool,
    outflow: bool,
    lost: bool,
}

impl Builder {
    /// The regular members of a branch (members 0..5 form the current committee), then those who left.
    pub(super) fn members(&mut self, spec: &BranchSpec, org: &OrgRecord) -> Vec<MemberRecord> {
        // The small demo is the one branch without a parent committee.
        let small = org.parent.is_none();
        let plans: Vec<Plan> = (0..spec.size).map(|i| self.plan(spec, i, small)).collect();
        let mut names = HashSet::new();
        let mut out = Vec::new();
        for (i, plan) in plans.iter().enumerate() {
            let group = org.groups.get(i % org.groups.len().max(1)).map(|g| g.key.clone());
            let mut m = self.member(spec, org, plan, group, &mut names);
            if plan.outflow {
                m.outflow_to = Some(if spec.sector == Sector::Government {
                    "新疆维吾尔自治区阿克苏地区（对口支援）".to_string()
                } else {
                    self.rng.pick(words::OUTFLOW_PLACES).to_string()
                });
            }
            if plan.lost {
                let since = self.w.today.checked_sub_months(Months::new(8)).unwrap_or(self.w.today).max(m.joined_on);
                m.lost_contact_since = Some(Month::of(since).to_string());
            }
            out.push(m);
        }
        let leavers = if small { 1 } else { spec.size / 10 };
        for _ in 0..leavers {
            let retired = !small && self.rng.percent(30);
            let category = if retired { Category::Retired } else { main_category(spec.sector) };
            let age =
                if category == Category::Retired { self.rng.range(65, 90) } else { self.rng.range(28, 55) } as i32;
            let plan = Plan { category, age, senior: false, outflow: false, lost: false };
            let mut m = self.member(spec, org, &plan, None, &mut names);
            let earliest = add_months(m.joined_on, 6).max(self.w.start());
            let latest = self.w.today.checked_sub_days(Days::new(20)).unwrap_or(self.w.today);
            let on = random_date(&mut self.rng, earliest.min(latest), latest);
            let (reason, to) = if category == Category::Retired && age > 75 && !small {
                (LeftReason::Deceased, None)
            } else {
                (LeftReason::TransferOut, Some(self.rng.pick(words::TRANSFER_DESTINATIONS).to_string()))
            };
            m.left = Some(LeftRecord { on, reason, to });
            m.group = None;
            out.push(m);
        }
        out
    }

    fn plan(&mut self, spec: &BranchSpec, i: usize, small: bool) -> Plan {
        let rng = &mut self.rng;
        let mut plan =
            Plan { category: main_category(spec.sector), age: 0, senior: i < 10, outflow: false, lost: false };
        if small {
            // 0..5 the committee, 17 on secondment (流动党员), 18..=20 retired (20 年老体弱), 21 失联.
            plan.category = match i {
                18..=20 => Category::Retired,
                21 => Category::Other,
                _ => Category::Employed,
            };
            plan.outflow = i == 17;
            plan.lost = i == 21;
            plan.age = match i {
                20 => 86,
                18 | 19 => rng.range(61, 75) as i32,
                0..=9 => rng.range(38, 57) as i32,
                _ => rng.range(24, 57) as i32,
            };
            return plan;
        }
        if !plan.senior {
            let roll = rng.below(100);
            plan.category = match spec.sector {
                Sector::UrbanCommunity => match roll {
                    0..=54 => Category::Retired,
                    55..=79 => Category::Employed,
                    80..=91 => Category::Unemployed,
                    _ => Category::Other,
                },
                Sector::Village => match roll {
                    0..=84 => Category::Farmer,
                    85..=94 => Category::Employed,
                    _ => Category::Other,
                },
                Sector::PrivateEnterprise => {
                    if roll < 95 {
                        Category::Employed
                    } else {
                        Category::Other
                    }
                }
                Sector::SocialOrg => match roll {
                    0..=69 => Category::Employed,
                    70..=89 => Category::Other,
                    _ => Category::Retired,
                },
                _ => {
                    if roll < 80 {
                        Category::Employed
                    } else {
                        Category::Retired
                    }
                }
            };
        }
        plan.age = match plan.category {
            Category::Retired => rng.range(61, 90),
            Category::Farmer => rng.range(25, 80),
            Category::Unemployed => rng.range(30, 59),
            Category::Other => rng.range(25, 70),
            Category::Student => rng.range(19, 24),
            Category::Employed => rng.range(if plan.senior { 35 } else { 23 }, 59),
        } as i32;
        if plan.senior {
            plan.age = plan.age.clamp(35, 58);
        }
        let young = plan.age < 50 && !plan.senior;
        plan.outflow = young && (plan.category == Category::Farmer && rng.percent(8) || i == 12 && rng.percent(30));
        plan.lost = !plan.outflow && i == 15 && rng.percent(20);
        plan
    }

    fn member(
        &mut self,
        spec: &BranchSpec,
        org: &OrgRecord,
        plan: &Plan,
        group: Option<String>,
        names: &mut HashSet<String>,
    ) -> MemberRecord {
        let today = self.w.today;
        let gender = if self.rng.percent(if spec.sector == Sector::Village { 70 } else { 55 }) {
            Gender::Male
        } else {
            Gender::Female
        };
        let birth = birth_date(&mut self.rng, today, plan.age);
        let joined_age = self.rng.range(19, i64::from((plan.age - 2).clamp(19, 40))) as i32;
        let latest_join = if plan.senior { add_years(today, -6) } else { add_months_back(today, 14) };
        let joined = (add_years(birth, joined_age) + Days::new(self.rng.below(300))).min(latest_join);
        let name = self.unique_name(gender, names);
        let category = plan.category;
        let key = self.key(Prefix::Member);
        let bases = super::money::dues_bases(&mut self.rng, &self.w, category, joined);
        MemberRecord {
            key,
            org: org.key.clone(),
            name,
            group,
            gender,
            ethnicity: Some(
                if self.rng.percent(93) { "汉族" } else { self.rng.pick(words::OTHER_ETHNICITIES) }.to_string(),
            ),
            id_number: Some(self.id_number(birth, gender)),
            birth_date: birth,
            education: Some(education(&mut self.rng, category, plan.age).to_string()),
            status: MemberStatus::Full,
            joined_on: joined,
            full_member_on: Some(add_months(joined, 12)),
            category,
            post: Some(post(&mut self.rng, spec.sector, category).to_string()),
            phone: Some(self.phone()),
            address: Some(self.address(spec, org)),
            standing: Standing::Normal,
            lost_contact_since: None,
            outflow_to: None,
            attendance_exempt: category == Category::Retired && plan.age >= EXEMPT_AGE,
            left: None,
            dues_bases: bases,
            dues_fixed_fen: None,
            landline: None,
            native_place: None,
            work_started_on: None,
            degree: None,
            unit_title: None,
            remark: None,
            events: Vec::new(),
        }
    }

    pub(super) fn unique_name(&mut self, gender: Gender, names: &mut HashSet<String>) -> String {
        loop {
            let given = if gender == Gender::Male { words::MALE_GIVEN } else { words::FEMALE_GIVEN };
            let name = format!("{}{}", self.rng.pick(words::SURNAMES), self.rng.pick(given));
            if names.insert(name.clone()) || names.len() > 2000 {
                return name;
            }
        }
    }

    /// A valid 18-digit number for the birth date and gender, unique in the demo.
    pub(super) fn id_number(&mut self, birth: NaiveDate, gender: Gender) -> String {
        loop {
            let area = self.rng.pick(words::ADDRESS_CODES);
            let sex_digit = self.rng.below(5) * 2 + u64::from(gender == Gender::Male);
            let body = format!("{area}{}{:02}{sex_digit}", birth.format("%Y%m%d"), self.rng.below(100));
            let id = "0123456789X"
                .chars()
                .map(|c| format!("{body}{c}"))
                .find(|candidate| IdNumber::parse(candidate).is_ok())
                .expect("one check character fits");
            if self.id_numbers.insert(id.clone()) {
                return id;
            }
        }
    }

    fn phone(&mut self) -> String {
        let prefix = self.rng.pick(&["13", "15", "18", "19", "17"]);
        format!("{prefix}{:09}", self.rng.below(1_000_000_000))
    }

    fn address(&mut self, spec: &BranchSpec, org: &OrgRecord) -> String {
        if spec.sector == Sector::Village {
            let village = org.short_name.as_deref().unwrap_or("").trim_end_matches("支部");
            return format!("{CITY}临江镇{village}{}组{}号", 1 + self.rng.below(8), 1 + self.rng.below(60));
        }
        format!(
            "{CITY}{}{}{}号{}栋{}单元{}室",
            self.rng.pick(words::DISTRICTS),
            self.rng.pick(words::STREETS),
            1 + self.rng.below(300),
            1 + self.rng.below(20),
            1 + self.rng.below(4),
            101 + self.rng.below(18) * 100 + self.rng.below(4)
        )
    }
}

fn main_category(sector: Sector) -> Category {
    if sector == Sector::Village {
        Category::Farmer
    } else {
        Category::Employed
    }
}

pub(super) fn birth_date(rng: &mut super::random::Rng, today: NaiveDate, age: i32) -> NaiveDate {
    let back = add_years(today, -age);
    back.checked_sub_days(Days::new(1 + rng.below(360))).unwrap_or(back)
}

pub(super) fn random_date(rng: &mut super::random::Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(0) as u64;
    from + Days::new(rng.below(span + 1))
}

/// `date` moved by whole years (29 February becomes 28 February).
pub(super) fn add_years(date: NaiveDate, years: i32) -> NaiveDate {
    let y = date.year() + years;
    NaiveDate::from_ymd_opt(y, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, date.month(), 28))
        .expect("valid date")
}

pub(super) fn add_months_back(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months)).unwrap_or(date)
}

pub(super) fn education(rng: &mut super::random::Rng, category: Category, age: i32) -> &'static str {
    let roll = rng.below(100);
    match category {
        Category::Farmer => ["初中", "初中", "高中", "中专", "小学"][(roll % 5) as usize],
        Category::Unemployed | Category::Other => ["高中", "中专", "大专", "初中"][(roll % 4) as usize],
        Category::Retired if age > 75 => ["高中", "中专", "初中", "大专"][(roll % 4) as usize],
        _ => match roll {
            0..=54 => "大学本科",
            55..=69 => "硕士研究生",
            70..=89 => "大专",
            90..=94 => "中专",
            _ => "博士研究生",
        },
    }
}

fn post(rng: &mut super::random::Rng, sector: Sector, category: Category) -> &'static str {
    match category {
        Category::Retired => "离退休人员",
        Category::Farmer => "农牧渔民",
        Category::Student => "学生",
        Category::Unemployed => "下岗失业人员",
        Category::Other => "其他职业人员",
        Category::Employed => match sector {
            Sector::Government => "党政机关工作人员",
            Sector::School => "专业技术人员（教师）",
            Sector::Institution => rng.pick::<&str>(&["事业单位管理人员", "专业技术人员"]),
            Sector::Soe | Sector::PrivateEnterprise => rng.pick::<&str>(&["企业管理人员", "专业技术人员", "工人"]),
            Sector::SocialOrg => "社会组织从业人员",
            Sector::UrbanCommunity => "社区工作者",
            Sector::Village => "村干部",
        },
    }
}

impl Builder {
    /// A young member of the branch's main category (for people admitted through development).
    pub(super) fn member_like(
        &mut self,
        spec: &BranchSpec,
        org: &OrgRecord,
        group: Option<String>,
        names: &mut HashSet<String>,
    ) -> MemberRecord {
        let plan = Plan { category: main_category(spec.sector), age: 30, senior: false, outflow: false, lost: false };
        self.member(spec, org, &plan, group, names)
    }
}
