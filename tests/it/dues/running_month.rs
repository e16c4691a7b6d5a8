//! 待缴 vs 欠缴 (issue 11 item 6): the running month is not arrears until its collection deadline
//! (the month's end, or the branch's collection day) has passed — in the report (`dues --json`, the
//! dues screen), the two workbooks and `check`'s 自行脱党 streak rule.

use serde_json::json;
use zhibu_core::app::settings::set_collection_day;
use zhibu_core::dues::{year_report, DuesYear};
use zhibu_core::standards::{check_ledger, NoExtraFindings, Status};
use zhibu_core::workbooks::dues_collection::{write_collection_ledger, COLLECTION_SHEET};
use zhibu_core::workbooks::dues_publication::{write_publication_sheet, PUBLICATION_SHEET};
use zhibu_core::Ledger;

use crate::support::package::{base, ledger_from, member, package};
use crate::support::xlsx_shown::shown_sheet as sheet;
use crate::support::{d, org};

/// 25 members, every one paid January through November of 2026, none December.
fn ledger() -> Ledger {
    let keys: Vec<String> = (1..=25).map(|i| format!("m-{i}")).collect();
    let members: Vec<_> = keys
        .iter()
        .map(|k| member(k, &format!("党员{k}"), "2010-07-01", json!({ "dues_bases": [base("2020-01", 500_000)] })))
        .collect();
    let payments: Vec<_> = keys
        .iter()
        .flat_map(|k| {
            (1..=11).map(move |m| {
                json!({ "member": k, "month": format!("2026-{m:02}"), "paid_fen": 5000,
                "paid_on": format!("2026-{m:02}-05") })
            })
        })
        .collect();
    ledger_from(&package(
        "zhibu-running-month",
        json!({
            "organizations": [{ "key": "o-1", "name": "中共示例第一支部委员会", "kind": "branch", "sector": "government" }],
            "members": members,
            "dues_payments": payments
        }),
    ))
}

fn report(ledger: &Ledger, on: &str) -> DuesYear {
    year_report(ledger, 2026, None, d(on)).unwrap()
}

fn december(r: &DuesYear) -> Vec<(bool, bool, bool)> {
    r.members.iter().map(|m| &m.months[11]).map(|x| (x.future, x.pending, x.unpaid)).collect()
}

#[test]
fn on_2_december_december_is_pending_for_everyone() {
    let ledger = ledger();
    let r = report(&ledger, "2026-12-02");
    assert_eq!(r.members.len(), 25);
    assert!(december(&r).iter().all(|x| *x == (false, true, false)), "待缴, not future, not 欠缴");
    assert_eq!(r.judged_through.as_deref(), Some("2026-11"));
    assert!(r.members.iter().all(|m| m.unpaid_streak_months == 0 && m.outstanding_fen == 0));
    assert_eq!((r.totals.members_with_streak, r.totals.members_at_threshold, r.totals.outstanding_fen), (0, 0, 0));
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["members"][0]["months"][11]["pending"], true, "dues --json says so");
    assert_eq!(v["judged_through"], "2026-11");
    // Still pending on its last day; judged from the day after.
    assert!(december(&report(&ledger, "2026-12-31")).iter().all(|x| x.1));
}

#[test]
fn from_1_january_december_is_arrears() {
    let r = report(&ledger(), "2027-01-01");
    assert!(december(&r).iter().all(|x| *x == (false, false, true)));
    assert_eq!(r.judged_through.as_deref(), Some("2026-12"));
    assert!(r.members.iter().all(|m| m.unpaid_streak_months == 1 && m.outstanding_fen == 5000));
    assert_eq!((r.totals.members_with_streak, r.totals.outstanding_fen), (25, 25 * 5000));
}

#[test]
fn the_collection_day_moves_the_boundary() {
    let ledger = ledger();
    let settings = set_collection_day(&ledger, Some(15), d("2026-12-02")).unwrap();
    assert_eq!((settings.collection_day, settings.collection_day_label.as_str()), (Some(15), "每月15日前"));
    assert!(december(&report(&ledger, "2026-12-15")).iter().all(|x| x.1), "pending through the 15th");
    let r = report(&ledger, "2026-12-16");
    assert!(december(&r).iter().all(|x| *x == (false, false, true)), "欠缴 from the 16th");
    assert_eq!(r.totals.members_with_streak, 25);
    assert_eq!(serde_json::to_value(&r).unwrap()["rules"]["collection_day"], 15);
    // Back to the month's end.
    set_collection_day(&ledger, None, d("2026-12-16")).unwrap();
    assert!(december(&report(&ledger, "2026-12-16")).iter().all(|x| x.1));
}

#[test]
fn the_sheets_do_not_list_the_running_month_as_owed() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("公示表.xlsx");
    write_publication_sheet(&ledger, org(&ledger), 2026, d("2026-12-02"), &path).unwrap();
    let t = sheet(&path, PUBLICATION_SHEET);
    let rows: Vec<&Vec<String>> = t.iter().filter(|r| r[1].starts_with("党员")).collect();
    assert_eq!(rows.len(), 25);
    assert!(rows.iter().all(|r| r[5] == "0.00"), "nobody owes on 2 December");
    let note = t.iter().map(|r| r[0].as_str()).find(|c| c.starts_with("说明")).unwrap();
    assert!(note.contains("未缴为截至11月应缴而未缴的党费；12月党费收缴期至12月31日，尚为待缴"), "{note}");

    let path = dir.path().join("台账.xlsx");
    write_collection_ledger(&ledger, org(&ledger), 2026, d("2026-12-02"), &path).unwrap();
    let t = sheet(&path, COLLECTION_SHEET);
    let rows: Vec<&Vec<String>> = t.iter().filter(|r| r[1].starts_with("党员")).collect();
    assert!(rows.iter().all(|r| r[17].is_empty() && r[20] == "0.00" && r[21].is_empty()), "December empty, no 欠缴");
    let totals = t.iter().find(|r| r[0] == "合计").unwrap();
    assert!(!totals[21].contains("连续未缴"), "{totals:?}");
    // After the year: December is 未缴 and the footer counts everyone.
    write_collection_ledger(&ledger, org(&ledger), 2026, d("2027-01-01"), &path).unwrap();
    let t = sheet(&path, COLLECTION_SHEET);
    assert!(t.iter().filter(|r| r[1].starts_with("党员")).all(|r| r[17] == "未缴"));
    assert_eq!(t.iter().find(|r| r[0] == "合计").unwrap()[21], "连续未缴25人");
}

#[test]
fn check_counts_the_streak_only_through_the_judged_months() {
    // Paid through June only: on 2 December the streak is July–November (5), within the limit.
    let ledger = ledger_paid_through_june();
    let streak = |on: &str, year: i32| {
        let r = check_ledger(&ledger, None, year, Some("national"), d(on), &NoExtraFindings).unwrap();
        let f = r.findings.iter().find(|f| f.measure.as_deref() == Some("dues_unpaid_streak")).unwrap().clone();
        (f.actual, f.status)
    };
    assert_eq!(streak("2026-12-02", 2026), (5.0, Status::Met));
    assert_eq!(streak("2026-12-31", 2026), (5.0, Status::Met));
    assert_eq!(streak("2027-01-01", 2026), (6.0, Status::Unmet), "December counts once it has ended");
}

fn ledger_paid_through_june() -> Ledger {
    let payments: Vec<_> = (1..=6)
        .map(|m| {
            json!({ "member": "m-1", "month": format!("2026-{m:02}"), "paid_fen": 5000,
            "paid_on": format!("2026-{m:02}-05") })
        })
        .collect();
    ledger_from(&package(
        "zhibu-running-month-2",
        json!({
            "organizations": [{ "key": "o-1", "name": "中共示例第二支部委员会", "kind": "branch", "sector": "government" }],
            "members": [member("m-1", "党员甲", "2010-07-01", json!({ "dues_bases": [base("2020-01", 500_000)] }))],
            "dues_payments": payments
        }),
    ))
}
