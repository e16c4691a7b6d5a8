//! 党建工作经费: budget lines, income by source, uses against a line (asked for confirmation above
//! what the line has left), the 1% check reading the lines, retained dues moved into the work funds
//! counted once; the 党建工作经费收支台账 read back with types.

use calamine::{Data, Reader, Xlsx};
use zhibu_core::app::funds::{self as app, FundSource, IncomeKind, NewBudgetLine, NewIncome, NewSpending, Purpose};
use zhibu_core::workbooks::funds::{write_budget_ledger, BUDGET_SHEET, FUNDS_SPENDING_SHEET, INCOME_SHEET};
use zhibu_core::Ledger;

use crate::support::xlsx_read::{as_date, sheet_names};
use crate::support::{assert_refused, d, dump, org, today};

fn line(ledger: &Ledger, item: &str, fen: i64) -> i64 {
    let input = NewBudgetLine { org_id: org(ledger), year: 2026, item: item.into(), amount_fen: fen, note: None };
    app::save_budget_line(ledger, &input).unwrap().id
}

fn income(ledger: &Ledger, on: &str, fen: i64, kind: IncomeKind) -> zhibu_core::Result<app::Income> {
    let input = NewIncome { org_id: org(ledger), received_on: d(on), amount_fen: fen, kind, note: None };
    app::record_income(ledger, &input, today())
}

fn funds_spend(ledger: &Ledger, on: &str, fen: i64, line: Option<i64>) -> NewSpending {
    NewSpending {
        org_id: org(ledger),
        spent_on: d(on),
        amount_fen: fen,
        source: FundSource::Funds,
        purpose: Some(Purpose::Training),
        payee: Some("区委党校".into()),
        approved_by: None,
        note: None,
        budget_line_id: line,
        receipt_no: Some("PJ-001".into()),
        confirmed: false,
    }
}

/// Lines 党员教育培训 3,000 元 and 党组织活动 2,000 元; income 4,000 元 拨付 (Feb), 10 元 of retained
/// dues (June), 500 元 返还 (Aug); 1,200 元 spent on 培训 and 300 元 outside the budget.
fn filled() -> (Ledger, i64) {
    let ledger = super::ledger();
    let training = line(&ledger, "党员教育培训", 300_000);
    line(&ledger, "党组织活动", 200_000);
    income(&ledger, "2026-02-01", 400_000, IncomeKind::Allocation).unwrap();
    income(&ledger, "2026-06-15", 1_000, IncomeKind::RetainedDues).unwrap();
    income(&ledger, "2026-08-01", 50_000, IncomeKind::Refund).unwrap();
    app::record_spending(&ledger, &funds_spend(&ledger, "2026-05-10", 120_000, Some(training)), today()).unwrap();
    app::record_spending(&ledger, &funds_spend(&ledger, "2026-07-10", 30_000, None), today()).unwrap();
    (ledger, training)
}

#[test]
fn budget_income_and_spending_add_up_by_hand() {
    let (ledger, _) = filled();
    let b = app::budget_year(&ledger, org(&ledger), 2026).unwrap();
    assert_eq!(b.budget_fen, Some(500_000), "3,000 + 2,000 元");
    assert_eq!((b.allocation_fen, b.retained_dues_fen, b.refund_fen, b.income_fen), (400_000, 1_000, 50_000, 451_000));
    assert_eq!((b.spent_fen, b.unbudgeted_fen, b.balance_fen), (150_000, 30_000, 301_000), "451,000 − 150,000");
    let lines: Vec<(&str, i64, i64, i64)> =
        b.lines.iter().map(|l| (l.item.as_str(), l.amount_fen, l.spent_fen, l.left_fen)).collect();
    assert_eq!(lines, [("党员教育培训", 300_000, 120_000, 180_000), ("党组织活动", 200_000, 0, 200_000)]);
    assert_eq!(b.spending.len(), 2);
    assert_eq!(b.spending[0].budget_item.as_deref(), Some("党员教育培训"));
    assert_eq!(b.spending[0].receipt_no.as_deref(), Some("PJ-001"));
    assert!(b.problems.is_empty(), "{:?}", b.problems);

    // The same item again is the same line with the new amount.
    line(&ledger, "党组织活动", 150_000);
    let b = app::budget_year(&ledger, org(&ledger), 2026).unwrap();
    assert_eq!((b.lines.len(), b.budget_fen), (2, Some(450_000)));
    // The lines are the budget the 1% rule reads.
    assert_eq!(app::year_budget(&ledger, org(&ledger), 2026).unwrap().budget_fen, Some(450_000));
    assert_eq!(app::year_budget(&ledger, org(&ledger), 2025).unwrap().budget_fen, None);

    // Retained dues moved into the work funds are a use of retained dues in June, counted once:
    // June collected 30 元, nothing remitted, 10 元 moved: balance 20 元.
    let y = app::funds_year(&ledger, 2026, None, today()).unwrap();
    assert_eq!((y.months[5].used_fen, y.months[5].balance_fen), (1_000, 2_000));
    assert_eq!((y.totals.used_fen, y.totals.funds_used_fen), (1_000, 150_000));
}

#[test]
fn a_use_above_what_its_line_has_left_is_saved_only_when_confirmed() {
    let (ledger, training) = filled();
    // 1,800 元 left on 培训: 1,800 passes without a question, 1,800.01 asks.
    let exact = funds_spend(&ledger, "2026-09-01", 180_000, Some(training));
    // (Above 1,000 元 the collective decision is asked about as well; that question is no refusal.)
    let asked = app::check_spending(&ledger, &exact).unwrap();
    assert_eq!(asked.iter().map(|q| q.at.as_str()).collect::<Vec<_>>(), ["approved_by"]);
    let over = funds_spend(&ledger, "2026-09-01", 180_001, Some(training));
    let asked = app::check_spending(&ledger, &over).unwrap();
    assert_eq!(asked.iter().map(|q| q.at.as_str()).collect::<Vec<_>>(), ["confirmed", "approved_by"]);
    assert_eq!(asked[0].at, "confirmed");
    assert!(asked[0].message.contains("余额 1,800.00 元"), "{}", asked[0].message);
    let before = dump(&ledger);
    assert_refused(
        &ledger,
        &[("confirmed", "超过预算项目“党员教育培训”的余额 1,800.00 元")],
        || app::record_spending(&ledger, &over, today()),
    );
    assert_eq!(dump(&ledger), before);
    app::record_spending(&ledger, &NewSpending { confirmed: true, ..over }, today()).unwrap();
    let b = app::budget_year(&ledger, org(&ledger), 2026).unwrap();
    assert_eq!(b.lines[0].left_fen, -1);
    assert_eq!(b.problems, ["预算项目“党员教育培训”已超支 0.01 元"]);
}

#[test]
fn budget_lines_and_income_refuse_bad_input() {
    let (ledger, training) = filled();
    let o = org(&ledger);
    let before = dump(&ledger);
    let dues = NewSpending { source: FundSource::Dues, ..funds_spend(&ledger, "2026-09-01", 100, Some(training)) };
    assert_refused(&ledger, &[("budget_line_id", "预算项目只用于党建工作经费")], || {
        app::record_spending(&ledger, &dues, today())
    });
    assert_refused(&ledger, &[("budget_line_id", "属于2026年度")], || {
        app::record_spending(&ledger, &funds_spend(&ledger, "2025-12-30", 100, Some(training)), today())
    });
    assert_refused(&ledger, &[("budget_line_id", "未找到预算项目")], || {
        app::record_spending(&ledger, &funds_spend(&ledger, "2026-09-01", 100, Some(9999)), today())
    });
    // Retained dues at the end of 2026: 10 元 carried + 180 collected − 10 moved = 180 元.
    assert_refused(&ledger, &[("amount_fen", "留存党费结余 180.00 元")], || {
        income(&ledger, "2026-09-01", 18_001, IncomeKind::RetainedDues)
    });
    assert_refused(&ledger, &[("amount_fen", "收入金额应大于 0")], || {
        income(&ledger, "2026-09-01", 0, IncomeKind::Allocation)
    });
    assert_refused(&ledger, &[("received_on", "晚于今天")], || {
        income(&ledger, "2026-12-01", 1, IncomeKind::Refund)
    });
    let bad = |item: &str, fen: i64, year: i32| NewBudgetLine {
        org_id: o,
        year,
        item: item.into(),
        amount_fen: fen,
        note: None,
    };
    assert_refused(&ledger, &[("item", "请填写预算项目")], || {
        app::save_budget_line(&ledger, &bad("  ", 1, 2026))
    });
    assert_refused(&ledger, &[("amount_fen", "")], || app::save_budget_line(&ledger, &bad("培训", -1, 2026)));
    assert_refused(&ledger, &[("year", "应在2000到2100之间")], || {
        app::save_budget_line(&ledger, &bad("培训", 1, 1999))
    });
    assert_eq!(dump(&ledger), before, "a refusal changed the ledger");
}

#[test]
fn income_goes_to_the_bin_and_back_and_a_removed_line_leaves_its_spending() {
    let (ledger, training) = filled();
    let i = income(&ledger, "2026-09-01", 100, IncomeKind::Refund).unwrap();
    let bin = app::delete_income(&ledger, i.id).unwrap();
    assert_eq!(app::budget_year(&ledger, org(&ledger), 2026).unwrap().income_fen, 451_000);
    zhibu_core::app::bin::restore_from_bin(&ledger, bin).unwrap();
    assert_eq!(app::budget_year(&ledger, org(&ledger), 2026).unwrap().income_fen, 451_100);
    app::delete_budget_line(&ledger, training).unwrap();
    let b = app::budget_year(&ledger, org(&ledger), 2026).unwrap();
    assert_eq!((b.lines.len(), b.spent_fen, b.unbudgeted_fen), (1, 150_000, 150_000));
}

fn money(v: &Data) -> f64 {
    match v {
        Data::Float(x) => *x,
        Data::Int(n) => *n as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn the_work_funds_ledger_has_numbers_dates_and_live_totals() {
    let (ledger, _) = filled();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("经费收支.xlsx");
    write_budget_ledger(&ledger, org(&ledger), 2026, today(), &path).unwrap();
    assert_eq!(sheet_names(&path), [BUDGET_SHEET, INCOME_SHEET, FUNDS_SPENDING_SHEET]);
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let cells = book.worksheet_range(BUDGET_SHEET).unwrap();
    let formulas = book.worksheet_formula(BUDGET_SHEET).unwrap();
    let row = |r: u32| -> Vec<f64> { (2..5).map(|c| money(cells.get_value((r, c)).unwrap())).collect() };
    assert_eq!(row(3), [3000.0, 1200.0, 1800.0], "党员教育培训");
    assert_eq!(row(4), [2000.0, 0.0, 2000.0], "党组织活动");
    assert_eq!(cells.get_value((5, 1)), Some(&Data::String("预算外支出".into())));
    assert_eq!(row(5), [0.0, 300.0, -300.0]);
    assert_eq!(cells.get_value((6, 0)), Some(&Data::String("合计".into())));
    assert_eq!(formulas.get_value((6, 2)).map(String::as_str), Some("SUM(C4:C6)"));
    assert_eq!(row(6), [5000.0, 1500.0, 3500.0]);

    let income = book.worksheet_range(INCOME_SHEET).unwrap();
    assert_eq!(as_date(income.get_value((3, 1)).unwrap()), Some(d("2026-02-01")));
    assert_eq!(income.get_value((3, 2)), Some(&Data::String("单位拨付".into())));
    assert_eq!(money(income.get_value((3, 3)).unwrap()), 4000.0);
    assert_eq!(money(income.get_value((6, 3)).unwrap()), 4510.0, "合计");
    let spends = book.worksheet_range(FUNDS_SPENDING_SHEET).unwrap();
    assert_eq!(as_date(spends.get_value((3, 1)).unwrap()), Some(d("2026-05-10")));
    assert_eq!(money(spends.get_value((3, 2)).unwrap()), 1200.0);
    assert_eq!(spends.get_value((4, 3)), Some(&Data::String("预算外".into())));
    assert_eq!(spends.get_value((3, 7)), Some(&Data::String("PJ-001".into())));
    assert_eq!(money(spends.get_value((5, 2)).unwrap()), 1500.0, "合计");
}
