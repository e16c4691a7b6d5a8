//! The demo's money side, carried in the package like the rest (issue 18's extension): each branch
//! keeps 10% of its dues (`RETAIN_PERMILLE`, set after the import) and remits the rest every quarter,
//! a week after the quarter's end; it subscribes to the 党报党刊 each April, spends from the work funds
//! on an activity its 支委会 decided and on training without a decision (a breach the 涪陵 profile's
//! `check` finds), and visits its two oldest retired members at the Spring Festival and 重阳节 with
//! 300 元 of retained dues each (recorded as a use of money linked to the visit); the oldest is marked
//! 困难党员. Each year has a budget of work funds by item (the uses from the work funds count against
//! it) and the unit's allocation (拨付) in January.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::Builder;
use crate::model::dates::Month;
use crate::model::{ActivityType, Category, OrgKind};
use crate::package::format::{
    BudgetLineRecord, CareVisitRecord, HardshipRecord, IncomeRecord, MemberRecord, OrgRecord, RemittanceRecord,
    SpendingRecord,
};

/// The share of dues the demo's branches keep, in ‰.
pub(super) const RETAIN_PERMILLE: u32 = 100;
/// Branches of the large demo given money records (the small demo's one branch always is).
const BRANCHES: usize = 3;

fn day(year: i32, month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, d).expect("valid day")
}

impl Builder {
    /// Adds the money records of the first branches, for the last two years of the window.
    pub(super) fn funds(&mut self) {
        let today = self.w.today;
        let branches: Vec<OrgRecord> = self
            .pkg
            .organizations
            .iter()
            .filter(|o| !matches!(o.kind, OrgKind::Committee | OrgKind::GeneralBranch))
            .take(BRANCHES)
            .cloned()
            .collect();
        for org in &branches {
            let members: Vec<&MemberRecord> = self.pkg.members.iter().filter(|m| m.org == org.key).collect();
            let keys: std::collections::HashSet<&str> = members.iter().map(|m| m.key.as_str()).collect();
            // What the branch's members paid, by month (a demo's plausible figures; the ledger's own
            // collected amounts come from the dues engine once imported).
            let mut paid: HashMap<Month, i64> = HashMap::new();
            for p in self.pkg.dues_payments.iter().filter(|p| keys.contains(p.member.as_str())) {
                if let Some(m) = Month::parse(&p.month) {
                    *paid.entry(m).or_default() += p.paid_fen;
                }
            }
            let mut remittances = Vec::new();
            let mut spending = Vec::new();
            let mut visits = Vec::new();
            let mut lines = Vec::new();
            let mut income = Vec::new();
            for year in self.w.first_year.max(today.year() - 1)..=today.year() {
                for q in 0..4u32 {
                    let (from, to) = (Month { year, month: q * 3 + 1 }, Month { year, month: q * 3 + 3 });
                    let on = to.next().first_day() + chrono::Days::new(7);
                    let collected: i64 = (q * 3 + 1..=q * 3 + 3)
                        .map(|m| paid.get(&Month { year, month: m }).copied().unwrap_or(0))
                        .sum();
                    let amount = collected - (collected * i64::from(RETAIN_PERMILLE) + 500) / 1000;
                    if on > today || amount <= 0 {
                        continue;
                    }
                    remittances.push(RemittanceRecord {
                        org: org.key.clone(),
                        from_month: from.to_string(),
                        to_month: to.to_string(),
                        remitted_on: on,
                        amount_fen: amount,
                        receipt_no: Some(format!("DF{year}{:02}", q + 1)),
                        handed_by: Some("组织委员".to_string()),
                        note: None,
                    });
                }
                let decided = self
                    .pkg
                    .activities
                    .iter()
                    .filter(|a| a.org == org.key && a.date <= day(year, 6, 20))
                    .filter(|a| {
                        a.activity_type == Some(ActivityType::CommitteeMeeting)
                            || a.types.as_ref().is_some_and(|t| t.contains(&ActivityType::CommitteeMeeting))
                    })
                    .map(|a| a.key.clone())
                    .next_back();
                for (item, fen) in [("党组织活动", 300_000), ("党员教育培训", 200_000), ("走访慰问", 50_000)]
                {
                    lines.push(BudgetLineRecord {
                        org: org.key.clone(),
                        year,
                        item: item.to_string(),
                        amount_fen: fen,
                        note: None,
                    });
                }
                if day(year, 1, 15) <= today {
                    income.push(IncomeRecord {
                        org: org.key.clone(),
                        received_on: day(year, 1, 15),
                        amount_fen: 500_000,
                        kind: "allocation".to_string(),
                        note: Some("单位拨付年度党建工作经费".to_string()),
                    });
                }
                let uses = [
                    (day(year, 4, 20), 36_000, "dues", "publications", "邮政局报刊发行部", None, None),
                    (day(year, 6, 25), 260_000, "funds", "activity", "红色教育基地", decided, Some("党组织活动")),
                    (day(year, 11, 8), 150_000, "funds", "training", "市委党校", None, Some("党员教育培训")),
                ];
                for (n, (on, fen, source, purpose, payee, approved_by, item)) in uses.into_iter().enumerate() {
                    if on <= today {
                        spending.push(SpendingRecord {
                            org: org.key.clone(),
                            spent_on: on,
                            amount_fen: fen,
                            source: source.to_string(),
                            purpose: purpose.to_string(),
                            payee: Some(payee.to_string()),
                            approved_by,
                            note: None,
                            budget_item: item.map(str::to_string),
                            receipt_no: Some(format!("PJ{year}{:02}", n + 1)),
                            receipts: Vec::new(),
                        });
                    }
                }
                let mut elderly: Vec<&&MemberRecord> =
                    members.iter().filter(|m| m.category == Category::Retired && m.left.is_none()).collect();
                elderly.sort_by_key(|m| m.birth_date);
                for (m, (occasion, on)) in
                    elderly.iter().zip([("spring_festival", day(year, 1, 25)), ("double_ninth", day(year, 10, 11))])
                {
                    if on > today || on < m.joined_on {
                        continue;
                    }
                    spending.push(SpendingRecord {
                        org: org.key.clone(),
                        spent_on: on,
                        amount_fen: 30_000,
                        source: "dues".to_string(),
                        purpose: "care_visit".to_string(),
                        payee: Some(m.name.clone()),
                        approved_by: None,
                        note: None,
                        budget_item: None,
                        receipt_no: None,
                        receipts: Vec::new(),
                    });
                    visits.push(CareVisitRecord {
                        member: m.key.clone(),
                        visited_on: on,
                        occasion: occasion.to_string(),
                        visitors: "支部书记、组织委员".to_string(),
                        given: Some("米、油、慰问金300元".to_string()),
                        amount_fen: Some(30_000),
                        follow_up: Some("身体状况良好，定期电话联系".to_string()),
                        with_spending: true,
                    });
                }
            }
            self.pkg.dues_remittances.extend(remittances);
            self.pkg.fund_spending.extend(spending);
            self.pkg.care_visits.extend(visits);
            self.pkg.fund_budget_lines.extend(lines);
            self.pkg.fund_income.extend(income);
            let mut elderly: Vec<&&MemberRecord> =
                members.iter().filter(|m| m.category == Category::Retired && m.left.is_none()).collect();
            elderly.sort_by_key(|m| m.birth_date);
            if let Some(m) = elderly.first() {
                self.pkg.hardship.push(HardshipRecord {
                    member: m.key.clone(),
                    reason: "年老体弱，独自居住".to_string(),
                    marked_on: day(today.year() - 1, 1, 10).max(m.joined_on),
                });
            }
        }
    }
}
