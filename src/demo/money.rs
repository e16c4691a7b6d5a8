//! The demo's dues (bases and monthly payments at the national brackets), external trainings and
//! yearly evaluations.

use chrono::{Datelike, NaiveDate};

use super::orgs::committee_on;
use super::random::Rng;
use super::words;
use super::{Builder, Window};
use crate::model::dates::Month;
use crate::model::{Category, Grade, Role};
use crate::package::format::{
    DuesBaseRecord, DuesPaymentRecord, EvaluationRecord, Hours, MemberRecord, OrgRecord, TrainingRecord,
};

/// Day of the month dues are collected.
const COLLECTION_DAY: u32 = 10;
/// 0.2 元: 农民 (default), 学生, 下岗失业.
const MINIMUM_FEN: i64 = 20;

/// Monthly after-tax bases (wage, pension or income) from joining or the window's start, with raises.
pub(super) fn dues_bases(rng: &mut Rng, w: &Window, category: Category, joined: NaiveDate) -> Vec<DuesBaseRecord> {
    let (lo, hi, raise_every) = match category {
        Category::Employed => (2_800, 12_000, 3),
        Category::Retired => (3_000, 8_000, 2),
        Category::Other => (2_500, 6_000, 0),
        Category::Farmer | Category::Student | Category::Unemployed => return Vec::new(),
    };
    let first = Month::of(joined.max(w.start()));
    let mut yuan = rng.range(lo, hi) / 10 * 10;
    let mut out = vec![DuesBaseRecord { from: first.to_string(), base_fen: yuan * 100 }];
    if raise_every > 0 {
        let mut year = first.year + raise_every;
        while year <= w.today.year() {
            yuan = yuan * (103 + rng.below(6) as i64) / 100 / 10 * 10;
            out.push(DuesBaseRecord { from: format!("{year}-01"), base_fen: yuan * 100 });
            year += raise_every;
        }
    }
    out
}

/// The monthly due by the national brackets, rounded half-up to the 分.
fn due_fen(category: Category, base_fen: i64) -> i64 {
    let permille = match category {
        Category::Retired if base_fen <= 500_000 => 5,
        Category::Retired => 10,
        _ if base_fen <= 300_000 => 5,
        _ if base_fen <= 500_000 => 10,
        _ if base_fen <= 1_000_000 => 15,
        _ => 20,
    };
    (base_fen * permille + 500) / 1000
}

impl Builder {
    pub(super) fn money(&mut self, org: &OrgRecord, members: &[MemberRecord]) {
        for m in members {
            self.dues(m);
            self.trainings(org, m);
        }
        self.evaluations(members);
    }

    fn dues(&mut self, m: &MemberRecord) {
        let today = self.w.today;
        let mut month = Month::of(m.joined_on.max(self.w.start()));
        let last = match &m.left {
            Some(l) if l.on.day() < 15 => previous(Month::of(l.on)),
            Some(l) => Month::of(l.on),
            None => Month::of(today),
        };
        let lost = m.lost_contact_since.as_deref().and_then(Month::parse);
        while month <= last {
            let base = m.dues_bases.iter().rev().find(|b| b.from.as_str() <= month.to_string().as_str());
            let fen = match base {
                Some(b) => due_fen(m.category, b.base_fen),
                None => MINIMUM_FEN,
            };
            // 流动党员 pay each quarter in arrears; everyone else on the collection day.
            let paid_on = if m.outflow_to.is_some() {
                let quarter_end = Month { year: month.year, month: (month.month - 1) / 3 * 3 + 3 };
                quarter_end.next().first_day().with_day(COLLECTION_DAY)
            } else {
                month.first_day().with_day(COLLECTION_DAY)
            };
            let unpaid = lost.is_some_and(|l| month >= l) || self.rng.below(1000) < 15;
            if let Some(paid_on) = paid_on.filter(|d| *d <= today && !unpaid) {
                self.pkg.dues_payments.push(DuesPaymentRecord {
                    member: m.key.clone(),
                    month: month.to_string(),
                    paid_fen: fen,
                    paid_on,
                });
            }
            month = month.next();
        }
    }

    fn trainings(&mut self, org: &OrgRecord, m: &MemberRecord) {
        if m.attendance_exempt || m.lost_contact_since.is_some() {
            return;
        }
        for year in self.w.first_year..=self.w.today.year() {
            let focus = words::study_focus(year, 7);
            let courses = [
                (2, 20, format!("{year}年度全市党员冬春训"), 80, 70),
                (7, 10, format!("网络党校专题学习：{focus}"), 125, 50),
            ];
            for (month, day, title, tenths, share) in courses {
                let date = NaiveDate::from_ymd_opt(year, month, day).expect("valid date");
                if date <= self.w.today && m.on_roll(date) && m.outflow_to.is_none() && self.rng.percent(share) {
                    self.training(m, date, title, tenths);
                }
            }
            let date = NaiveDate::from_ymd_opt(year, 10, 15).expect("valid date");
            if date <= self.w.today {
                let role = committee_on(&org.positions, date).find(|p| p.member == m.key).map(|p| p.role);
                match role {
                    Some(Role::Secretary) => self.training(m, date, format!("{year}年基层党组织书记培训班"), 320),
                    Some(_) => self.training(m, date, format!("{year}年党务工作者业务培训"), 240),
                    None => {}
                }
            }
        }
    }

    fn training(&mut self, m: &MemberRecord, date: NaiveDate, title: String, tenths: u32) {
        let organizer = Some(self.rng.pick(words::ORGANIZERS).to_string());
        self.pkg.trainings.push(TrainingRecord {
            member: m.key.clone(),
            date,
            title,
            hours: Hours::from_tenths(tenths),
            organizer,
        });
    }

    /// Each finished year: full members on the roll at year end, at most a fifth 优秀.
    fn evaluations(&mut self, members: &[MemberRecord]) {
        for year in self.w.first_year..self.w.today.year() {
            let year_end = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid date");
            let graded: Vec<&MemberRecord> = members
                .iter()
                .filter(|m| m.on_roll(year_end) && m.full_member_on.is_some_and(|f| f <= year_end))
                .filter(|m| m.lost_contact_since.is_none())
                .collect();
            let mut excellent = graded.len() / 5;
            let weak = self.rng.percent(10).then(|| self.rng.below(graded.len().max(1) as u64) as usize);
            for (i, m) in graded.iter().enumerate() {
                let grade = if Some(i) == weak {
                    Grade::BasicallyQualified
                } else if excellent > 0 && !m.attendance_exempt && self.rng.percent(30) {
                    excellent -= 1;
                    Grade::Excellent
                } else {
                    Grade::Qualified
                };
                self.pkg.evaluations.push(EvaluationRecord { member: m.key.clone(), year: year as u32, grade });
            }
        }
    }
}

fn previous(m: Month) -> Month {
    if m.month == 1 {
        Month { year: m.year - 1, month: 12 }
    } else {
        Month { year: m.year, month: m.month - 1 }
    }
}
