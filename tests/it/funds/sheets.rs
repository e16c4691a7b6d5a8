//! The money workbooks read back with an independent reader: amounts are numeric cells in 元, dates
//! date cells, every 合计 a `=SUM()` formula caching the ledger's figure.

use calamine::{Data, Reader, Xlsx};
use zhibu_core::app::funds::{self as app, FundSource, NewCareVisit, NewRemittance, NewSpending, Occasion, Purpose};
use zhibu_core::workbooks::funds::{
    write_care_visits, write_funds_ledger, write_funds_publication, FUNDS_SHEET, PUBLICATION_SHEET, REMITTANCES_SHEET,
    SPENDING_SHEET, VISITS_SHEET,
};

use crate::support::xlsx_read::{as_date, sheet_names};
use crate::support::{d, member_id, org, today};

fn money(v: &Data) -> f64 {
    match v {
        Data::Float(x) => *x,
        Data::Int(n) => *n as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn filled() -> zhibu_core::Ledger {
    let ledger = super::ledger();
    let o = org(&ledger);
    let remit = NewRemittance {
        org_id: o,
        remitted_on: d("2026-04-08"),
        from_month: "2026-01".into(),
        to_month: "2026-03".into(),
        amount_fen: 9000,
        receipt_no: Some("SJ-1".into()),
        handed_by: Some("张三".into()),
        note: None,
    };
    app::record_remittance(&ledger, &remit, today()).unwrap();
    let spend = NewSpending {
        org_id: o,
        spent_on: d("2026-06-10"),
        amount_fen: 1550,
        source: FundSource::Dues,
        purpose: Some(Purpose::Publications),
        payee: Some("邮局".into()),
        approved_by: Some(app::meeting_id_by_key(&ledger, "approved_by", "c-1").unwrap()),
        note: None,
        budget_line_id: None,
        receipt_no: None,
        confirmed: false,
    };
    app::record_spending(&ledger, &spend, today()).unwrap();
    let visit = NewCareVisit {
        member_id: member_id(&ledger, "m-2"),
        visited_on: d("2026-10-11"),
        occasion: Occasion::DoubleNinth,
        visitors: "张三".into(),
        given: Some("米、油".into()),
        amount_fen: Some(20_000),
        source: FundSource::Funds,
        approved_by: None,
        follow_up: None,
        budget_line_id: None,
        confirmed: false,
    };
    app::record_visit(&ledger, &visit, today()).unwrap();
    ledger
}

#[test]
fn the_funds_ledger_has_numbers_dates_and_live_totals() {
    let ledger = filled();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("经费.xlsx");
    write_funds_ledger(&ledger, org(&ledger), 2026, today(), &path).unwrap();
    assert_eq!(sheet_names(&path), [FUNDS_SHEET, REMITTANCES_SHEET, SPENDING_SHEET]);
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let cells = book.worksheet_range(FUNDS_SHEET).unwrap();
    let formulas = book.worksheet_formula(FUNDS_SHEET).unwrap();
    let header: Vec<String> = (0..8).map(|c| cells.get_value((2, c)).unwrap().to_string()).collect();
    assert_eq!(header[..7], ["月份", "收缴(元)", "其中补缴(元)", "上缴(元)", "留存(元)", "使用(元)", "结余(元)"]);
    // January: 30 collected, 30 remitted; June: 30 collected, 15.50 used, balance 14.50.
    assert_eq!((money(cells.get_value((3, 1)).unwrap()), money(cells.get_value((3, 3)).unwrap())), (30.0, 30.0));
    assert_eq!(money(cells.get_value((8, 5)).unwrap()), 15.5);
    assert_eq!(money(cells.get_value((8, 6)).unwrap()), 14.5);
    assert_eq!(money(cells.get_value((5, 2)).unwrap()), 20.0, "March: 李四's 补缴");
    // 合计 row: formulas with the ledger's totals cached.
    assert_eq!(cells.get_value((15, 0)), Some(&Data::String("合计".into())));
    assert_eq!(formulas.get_value((15, 1)).map(String::as_str), Some("SUM(B4:B15)"));
    assert_eq!(money(cells.get_value((15, 1)).unwrap()), 180.0);
    assert_eq!(money(cells.get_value((15, 6)).unwrap()), 74.5);

    let remits = book.worksheet_range(REMITTANCES_SHEET).unwrap();
    assert_eq!(as_date(remits.get_value((3, 1)).unwrap()), Some(d("2026-04-08")));
    assert_eq!(money(remits.get_value((3, 3)).unwrap()), 90.0);
    let spends = book.worksheet_range(SPENDING_SHEET).unwrap();
    assert_eq!(as_date(spends.get_value((3, 1)).unwrap()), Some(d("2026-06-10")));
    assert_eq!(money(spends.get_value((3, 2)).unwrap()), 15.5);
    assert!(spends.get_value((3, 6)).unwrap().to_string().contains("支委会“研究党费使用”"));
    // The visit's 慰问金 from the work funds is listed too.
    assert_eq!(money(spends.get_value((4, 2)).unwrap()), 200.0);
    assert_eq!(spends.get_value((4, 3)), Some(&Data::String("党建工作经费".into())));
}

#[test]
fn the_publication_sums_quarters_and_names_the_uses() {
    let ledger = filled();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("公示表.xlsx");
    write_funds_publication(&ledger, org(&ledger), 2026, today(), &path).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let cells = book.worksheet_range(PUBLICATION_SHEET).unwrap();
    let row = |r: u32| -> Vec<f64> { (1..6).map(|c| money(cells.get_value((r, c)).unwrap())).collect() };
    assert_eq!(row(3), [90.0, 90.0, 0.0, 0.0, 0.0], "第一季度");
    assert_eq!(row(4), [90.0, 0.0, 90.0, 15.5, 74.5], "第二季度");
    assert_eq!(row(7), [180.0, 90.0, 90.0, 15.5, 74.5], "合计");
    let note = cells.get_value((9, 0)).unwrap().to_string();
    assert!(note.contains("上年结转留存党费 10.00 元，年末结余 84.50 元"), "{note}");
    assert!(note.contains("留存党费使用：订阅党报党刊15.50元"), "{note}");
}

#[test]
fn the_visits_ledger_lists_each_visit() {
    let ledger = filled();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("走访.xlsx");
    write_care_visits(&ledger, org(&ledger), 2026, today(), &path).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let cells = book.worksheet_range(VISITS_SHEET).unwrap();
    assert_eq!(as_date(cells.get_value((3, 1)).unwrap()), Some(d("2026-10-11")));
    let text = |c: u32| cells.get_value((3, c)).unwrap().to_string();
    assert_eq!((text(2), text(3), text(4)), ("李四".to_string(), "重阳节".to_string(), "张三".to_string()));
    assert_eq!(money(cells.get_value((3, 6)).unwrap()), 200.0);
    assert_eq!(money(cells.get_value((4, 6)).unwrap()), 200.0, "合计");
}
