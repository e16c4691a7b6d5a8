//! The money ledger's arithmetic against hand-computed cases, and the refusals of the actions.

use zhibu_core::app::funds::{
    self as app, FundSource, FundsYear, NewCareVisit, NewRemittance, NewSpending, Occasion, Purpose,
};
use zhibu_core::Ledger;

use crate::support::{assert_refused, d, member_id, org, today};

fn remit(ledger: &Ledger, from: &str, to: &str, fen: i64, on: &str) -> Result<app::Remittance, zhibu_core::Error> {
    let input = NewRemittance {
        org_id: org(ledger),
        remitted_on: d(on),
        from_month: from.into(),
        to_month: to.into(),
        amount_fen: fen,
        receipt_no: Some("SJ-1".into()),
        handed_by: Some("张三".into()),
        note: None,
    };
    app::record_remittance(ledger, &input, today())
}

fn spend_input(ledger: &Ledger, on: &str, fen: i64, source: FundSource, purpose: Option<Purpose>) -> NewSpending {
    NewSpending {
        org_id: org(ledger),
        spent_on: d(on),
        amount_fen: fen,
        source,
        purpose,
        payee: Some("新华书店".into()),
        approved_by: None,
        note: None,
        budget_line_id: None,
        receipt_no: None,
        confirmed: false,
    }
}

fn year(ledger: &Ledger) -> FundsYear {
    app::funds_year(ledger, 2026, Some(org(ledger)), today()).unwrap()
}

fn column(y: &FundsYear, f: impl Fn(&app::FundsMonth) -> i64) -> Vec<i64> {
    y.months.iter().map(f).collect()
}

#[test]
fn collected_comes_from_the_dues_engine_and_late_payments_are_kept_apart() {
    let ledger = super::ledger();
    let y = year(&ledger);
    assert_eq!(column(&y, |m| m.collected_fen), [3000, 3000, 3000, 3000, 3000, 3000, 0, 0, 0, 0, 0, 0]);
    assert_eq!(column(&y, |m| m.late_fen), [0, 0, 2000, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // The same figure as the dues report's paid total: one definition.
    let dues = zhibu_core::dues::year_report(&ledger, 2026, Some(org(&ledger)), today()).unwrap();
    assert_eq!(y.totals.collected_fen, dues.totals.paid_total_fen);
    assert_eq!(y.totals.late_fen, 2000);
    // December 2025 (张三's 10 元) is carried into 2026.
    assert_eq!(y.carried_fen, 1000);
    assert_eq!(y.totals.to_remit_fen, 18000);
}

#[test]
fn collected_minus_remitted_is_retained_and_retained_minus_used_is_the_balance() {
    let ledger = super::ledger();
    remit(&ledger, "2026-01", "2026-03", 9000, "2026-04-08").unwrap();
    remit(&ledger, "2026-04", "2026-06", 6000, "2026-07-08").unwrap();
    let s = app::record_spending(
        &ledger,
        &spend_input(&ledger, "2026-06-10", 1500, FundSource::Dues, Some(Purpose::Publications)),
        today(),
    )
    .unwrap();
    assert_eq!((s.purpose_label.as_str(), s.source), ("订阅党报党刊", FundSource::Dues));
    app::record_spending(
        &ledger,
        &spend_input(&ledger, "2026-06-12", 80_000, FundSource::Funds, Some(Purpose::Activity)),
        today(),
    )
    .unwrap();
    let y = year(&ledger);
    assert_eq!(column(&y, |m| m.remitted_fen), [3000, 3000, 3000, 2000, 2000, 2000, 0, 0, 0, 0, 0, 0]);
    assert_eq!(column(&y, |m| m.retained_fen), [0, 0, 0, 1000, 1000, 1000, 0, 0, 0, 0, 0, 0]);
    assert_eq!(column(&y, |m| m.used_fen), [0, 0, 0, 0, 0, 1500, 0, 0, 0, 0, 0, 0]);
    assert_eq!(column(&y, |m| m.balance_fen), [0, 0, 0, 1000, 1000, -500, 0, 0, 0, 0, 0, 0]);
    assert_eq!(column(&y, |m| m.funds_used_fen)[5], 80_000);
    let t = &y.totals;
    assert_eq!(
        (t.collected_fen, t.remitted_fen, t.retained_fen, t.used_fen, t.balance_fen),
        (18000, 15000, 3000, 1500, 1500)
    );
    assert_eq!(t.to_remit_fen, 3000);
    assert_eq!((y.carried_fen, y.closing_fen), (1000, 2500));
    // Every month and the year: retained = collected − remitted, balance = retained − used.
    for m in &y.months {
        assert_eq!(m.retained_fen, m.collected_fen - m.remitted_fen, "{}", m.month);
        assert_eq!(m.balance_fen, m.retained_fen - m.used_fen, "{}", m.month);
    }
}

#[test]
fn a_remittance_is_spread_in_proportion_the_remainder_to_the_last_month() {
    let ledger = super::ledger();
    remit(&ledger, "2026-01", "2026-03", 100, "2026-04-08").unwrap();
    assert_eq!(column(&year(&ledger), |m| m.remitted_fen)[..3], [33, 33, 34]);
}

#[test]
fn the_share_kept_lowers_what_is_still_to_remit() {
    let ledger = super::ledger();
    let input = app::FundsSettingsInput { retain_permille: Some(100), ..Default::default() };
    app::set_funds_settings(&ledger, &input).unwrap();
    remit(&ledger, "2026-01", "2026-06", 16000, "2026-07-08").unwrap();
    let y = year(&ledger);
    assert_eq!(y.totals.remit_due_fen, 16200);
    assert_eq!(y.totals.to_remit_fen, 200);
}

#[test]
fn remittances_are_refused_with_their_field_and_change_nothing() {
    let ledger = super::ledger();
    assert_refused(
        &ledger,
        &[("amount_fen", "超过 2026年1月 至 2026年3月 已收缴未上缴的 90.00 元")],
        || remit(&ledger, "2026-01", "2026-03", 9001, "2026-04-08"),
    );
    remit(&ledger, "2026-01", "2026-02", 6000, "2026-03-08").unwrap();
    assert_refused(&ledger, &[("amount_fen", "已上缴 60.00 元")], || {
        remit(&ledger, "2026-01", "2026-03", 3001, "2026-04-08")
    });
    assert_refused(&ledger, &[("amount_fen", "不能为负数")], || {
        remit(&ledger, "2026-04", "2026-04", -5, "2026-05-08")
    });
    assert_refused(&ledger, &[("amount_fen", "应大于 0")], || remit(&ledger, "2026-04", "2026-04", 0, "2026-05-08"));
    assert_refused(&ledger, &[("to_month", "早于起始月份")], || {
        remit(&ledger, "2026-05", "2026-04", 10, "2026-06-08")
    });
    assert_refused(&ledger, &[("from_month", "年-月")], || remit(&ledger, "2026-4", "2026-04", 10, "2026-06-08"));
    assert_refused(&ledger, &[("remitted_on", "晚于今天")], || {
        remit(&ledger, "2026-04", "2026-04", 10, "2026-12-01")
    });
    assert_refused(&ledger, &[("remitted_on", "早于所缴期间")], || {
        remit(&ledger, "2026-04", "2026-04", 10, "2026-03-31")
    });
}

#[test]
fn spending_is_refused_without_purpose_over_the_balance_or_with_a_wrong_meeting() {
    let ledger = super::ledger();
    let meeting = |key: &str| app::meeting_id_by_key(&ledger, "approved_by", key).unwrap();
    // Retained: 180 元 collected in 2026 + 10 元 of 2025, nothing remitted: 190 元.
    assert_refused(
        &ledger,
        &[("amount_fen", "超过中共示例第一支部委员会留存党费结余 190.00 元")],
        || {
            app::record_spending(
                &ledger,
                &spend_input(&ledger, "2026-06-10", 19001, FundSource::Dues, Some(Purpose::Training)),
                today(),
            )
        },
    );
    assert_refused(&ledger, &[("purpose", "请选择用途")], || {
        app::record_spending(&ledger, &spend_input(&ledger, "2026-06-10", 100, FundSource::Dues, None), today())
    });
    assert_refused(&ledger, &[("note", "写明具体用途")], || {
        app::record_spending(
            &ledger,
            &spend_input(&ledger, "2026-06-10", 100, FundSource::Dues, Some(Purpose::Other)),
            today(),
        )
    });
    let with_meeting = |id: i64, on: &str| NewSpending {
        approved_by: Some(id),
        ..spend_input(&ledger, on, 100, FundSource::Dues, Some(Purpose::Commendation))
    };
    assert_refused(&ledger, &[("approved_by", "未找到作出决定的会议记录")], || {
        app::record_spending(&ledger, &with_meeting(9999, "2026-06-10"), today())
    });
    assert_refused(&ledger, &[("approved_by", "不是支委会或党员大会")], || {
        app::record_spending(&ledger, &with_meeting(meeting("l-1"), "2026-06-10"), today())
    });
    assert_refused(&ledger, &[("approved_by", "集体研究应在支出之前")], || {
        app::record_spending(&ledger, &with_meeting(meeting("c-1"), "2026-03-01"), today())
    });
    assert!(app::meeting_id_by_key(&ledger, "--approved-by", "nope").is_err());
    // The work funds are not limited by retained dues; exactly the balance is accepted.
    app::record_spending(
        &ledger,
        &spend_input(&ledger, "2026-06-10", 500_000, FundSource::Funds, Some(Purpose::Activity)),
        today(),
    )
    .unwrap();
    let s = app::record_spending(&ledger, &with_meeting(meeting("c-1"), "2026-06-10"), today()).unwrap();
    assert_eq!(s.approved_by_key.as_deref(), Some("c-1"));
    assert!(s.approval.unwrap().contains("支委会“研究党费使用”"));
    app::record_spending(
        &ledger,
        &spend_input(&ledger, "2026-06-11", 18900, FundSource::Dues, Some(Purpose::Training)),
        today(),
    )
    .unwrap();
    assert_eq!(year(&ledger).closing_fen, 0);
}

#[test]
fn a_large_spending_without_a_decision_is_asked_about_not_refused() {
    let ledger = super::ledger();
    let input = spend_input(&ledger, "2026-06-10", 100_001, FundSource::Funds, Some(Purpose::Activity));
    let asked = app::check_spending(&ledger, &input).unwrap();
    assert_eq!(asked.len(), 1);
    assert!(asked[0].message.contains("超过大额支出标准 1,000.00 元"), "{}", asked[0].message);
    let at_threshold = spend_input(&ledger, "2026-06-10", 100_000, FundSource::Funds, Some(Purpose::Activity));
    assert!(app::check_spending(&ledger, &at_threshold).unwrap().is_empty());
    let s = app::record_spending(&ledger, &input, today()).unwrap();
    assert_eq!(year(&ledger).unapproved_large, vec![s.id]);
}

#[test]
fn a_visit_with_money_records_its_spending_and_both_go_to_the_bin_and_back() {
    let ledger = super::ledger();
    let input = NewCareVisit {
        member_id: member_id(&ledger, "m-2"),
        visited_on: d("2026-02-10"),
        occasion: Occasion::SpringFestival,
        visitors: "张三".into(),
        given: Some("米、油".into()),
        amount_fen: Some(5000),
        source: FundSource::Dues,
        approved_by: None,
        follow_up: None,
        budget_line_id: None,
        confirmed: false,
    };
    let v = app::record_visit(&ledger, &input, today()).unwrap();
    assert_eq!(v.member_name, "李四");
    let y = year(&ledger);
    assert_eq!(y.spending.len(), 1);
    assert_eq!((y.spending[0].id, y.spending[0].purpose), (v.spending_id.unwrap(), Purpose::CareVisit));
    assert_eq!(y.months[1].used_fen, 5000);
    let visits = app::visits_of_year(&ledger, None, 2026).unwrap();
    assert_eq!(visits, vec![v.clone()]);

    let bin = app::delete_visit(&ledger, v.id).unwrap();
    assert!(app::visits_of_year(&ledger, None, 2026).unwrap().is_empty());
    zhibu_core::app::bin::restore_from_bin(&ledger, bin).unwrap();
    assert_eq!(app::visits_of_year(&ledger, None, 2026).unwrap().len(), 1);
    let r = remit(&ledger, "2026-01", "2026-01", 3000, "2026-02-08").unwrap();
    let bin = app::delete_remittance(&ledger, r.id).unwrap();
    zhibu_core::app::bin::restore_from_bin(&ledger, bin).unwrap();
    assert_eq!(year(&ledger).totals.remitted_fen, 3000);
    let bin = app::delete_spending(&ledger, v.spending_id.unwrap()).unwrap();
    assert_eq!(year(&ledger).totals.used_fen, 0);
    zhibu_core::app::bin::restore_from_bin(&ledger, bin).unwrap();
    assert_eq!(year(&ledger).totals.used_fen, 5000);
    // The visit stays; the restored spending is no longer linked to it (deleting broke the link).
    let visits = app::visits_of_year(&ledger, None, 2026).unwrap();
    assert_eq!((visits.len(), visits[0].spending_id), (1, None));
}

#[test]
fn a_visit_is_refused_for_a_member_not_on_the_roll_and_without_visitors() {
    let ledger = super::ledger();
    let input = NewCareVisit {
        member_id: member_id(&ledger, "m-1"),
        visited_on: d("1999-02-10"),
        occasion: Occasion::SpringFestival,
        visitors: " ".into(),
        given: None,
        amount_fen: None,
        source: FundSource::Dues,
        approved_by: None,
        follow_up: None,
        budget_line_id: None,
        confirmed: false,
    };
    assert_refused(&ledger, &[("member_id", "不在党员名册上"), ("visitors", "请填写走访人")], || {
        app::record_visit(&ledger, &input, today())
    });
}
