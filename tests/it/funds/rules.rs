//! The funds rules of the 涪陵 profile: a large use of money without a collective decision, and
//! 重大节假日走访慰问.

use zhibu_core::app::funds::{self as app, FundSource, NewCareVisit, NewSpending, Occasion, Purpose};
use zhibu_core::standards::{check_ledger, Finding, NoExtraFindings, Status};
use zhibu_core::Ledger;

use crate::support::{d, member_id, org};

fn finding(ledger: &Ledger, rule: &str, today: &str) -> Finding {
    let report = check_ledger(ledger, Some("o-1"), 2026, Some("fuling-2017"), d(today), &NoExtraFindings).unwrap();
    report.findings.into_iter().find(|f| f.rule == rule).unwrap()
}

fn spend(ledger: &Ledger, fen: i64, approved_by: Option<i64>) {
    let input = NewSpending {
        org_id: org(ledger),
        spent_on: d("2026-06-10"),
        amount_fen: fen,
        source: FundSource::Funds,
        purpose: Some(Purpose::Activity),
        payee: None,
        approved_by,
        note: None,
        budget_line_id: None,
        receipt_no: None,
        confirmed: false,
    };
    app::record_spending(ledger, &input, d("2026-11-22")).unwrap();
}

#[test]
fn a_large_spending_needs_a_collective_decision() {
    let ledger = super::ledger();
    let f = finding(&ledger, "large-spending-decision", "2026-11-22");
    assert_eq!((f.kind.as_str(), f.status), ("funds", Status::Met));
    spend(&ledger, 100_000, None);
    assert_eq!(finding(&ledger, "large-spending-decision", "2026-11-22").status, Status::Met, "at the threshold");
    let c1 = app::meeting_id_by_key(&ledger, "approved_by", "c-1").unwrap();
    spend(&ledger, 200_000, Some(c1));
    assert_eq!(finding(&ledger, "large-spending-decision", "2026-11-22").status, Status::Met);
    spend(&ledger, 300_000, None);
    let f = finding(&ledger, "large-spending-decision", "2026-11-22");
    assert_eq!((f.status, f.actual), (Status::Unmet, 1.0));
    assert_eq!(f.evidence, vec!["2026-06-10 支出 3,000.00 元（党组织活动）".to_string()]);
    // The threshold is the ledger's setting.
    let input = app::FundsSettingsInput { approval_threshold_fen: Some(500_000), ..Default::default() };
    app::set_funds_settings(&ledger, &input).unwrap();
    assert_eq!(finding(&ledger, "large-spending-decision", "2026-11-22").status, Status::Met);
}

#[test]
fn holiday_visits_are_counted_for_the_year() {
    let ledger = super::ledger();
    assert_eq!(finding(&ledger, "holiday-care-visits", "2026-11-22").status, Status::Pending);
    assert_eq!(finding(&ledger, "holiday-care-visits", "2027-01-05").status, Status::Unmet);
    let visit = |occasion: Occasion| NewCareVisit {
        member_id: member_id(&ledger, "m-1"),
        visited_on: d("2026-09-20"),
        occasion,
        visitors: "李四".into(),
        given: Some("月饼".into()),
        amount_fen: None,
        source: FundSource::Dues,
        approved_by: None,
        follow_up: None,
        budget_line_id: None,
        confirmed: false,
    };
    app::record_visit(&ledger, &visit(Occasion::Illness), d("2026-11-22")).unwrap();
    assert_eq!(finding(&ledger, "holiday-care-visits", "2027-01-05").status, Status::Unmet, "not a holiday");
    app::record_visit(&ledger, &visit(Occasion::MidAutumn), d("2026-11-22")).unwrap();
    let f = finding(&ledger, "holiday-care-visits", "2027-01-05");
    assert_eq!((f.status, f.evidence.len()), (Status::Met, 1));
}

#[test]
fn the_national_profile_has_no_funds_rule() {
    let ledger = super::ledger();
    let report = check_ledger(&ledger, Some("o-1"), 2026, Some("national"), d("2026-11-22"), &NoExtraFindings).unwrap();
    assert!(report.findings.iter().all(|f| f.kind != "funds"));
}

#[test]
fn an_soe_budgets_at_least_one_percent_of_its_payroll() {
    let ledger = super::ledger();
    let f = finding(&ledger, "party-funds-budget", "2026-11-22");
    assert_eq!((f.kind.as_str(), f.status), ("funds", Status::Manual), "nothing entered yet: {}", f.message);
    let o = org(&ledger);
    let budget = |payroll, budget| app::YearBudget { payroll_fen: Some(payroll), budget_fen: Some(budget) };
    // 1% of 1,234,567.89 元 is 12,345.6789 元: 12,345.68 元 needed.
    app::save_year_budget(&ledger, o, 2026, budget(123_456_789, 1_234_567)).unwrap();
    let f = finding(&ledger, "party-funds-budget", "2026-11-22");
    assert_eq!(f.status, Status::Unmet, "{}", f.message);
    assert!(f.message.contains("12,345.68 元"), "{}", f.message);
    app::save_year_budget(&ledger, o, 2026, budget(123_456_789, 1_234_568)).unwrap();
    assert_eq!(finding(&ledger, "party-funds-budget", "2026-11-22").status, Status::Met);
    // Another year's figures do not count; a bad amount is refused.
    assert_eq!(finding_in(&ledger, 2025).status, Status::Manual);
    assert!(app::save_year_budget(&ledger, o, 2026, budget(-1, 0)).is_err());
}

fn finding_in(ledger: &Ledger, year: i32) -> Finding {
    let report =
        check_ledger(ledger, Some("o-1"), year, Some("fuling-2017"), d("2026-11-22"), &NoExtraFindings).unwrap();
    report.findings.into_iter().find(|f| f.rule == "party-funds-budget").unwrap()
}
