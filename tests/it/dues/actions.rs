//! The dues entry actions against a real SQLite ledger: bases (one, a table), fixed amounts,
//! payments, everyone-paid for a month, deleting into the recycle bin and restoring, publications.
//! Every refusal names its field and leaves every table exactly as it was.

use chrono::NaiveDate;
use serde_json::{json, Value};
use zhibu_core::dues::{
    delete_payment, publications, record_month_all_paid, record_payments, record_publication, restore_payment,
    set_base, set_bases_bulk, set_fixed_amount, year_report, BasesSummary, MemberDues, PaymentEntry, PaymentsSummary,
};
use zhibu_core::model::dates::Month;
use zhibu_core::package::{import_package, parse_package};
use zhibu_core::{ErrorCode, Ledger};

use crate::support::member_id as id;
use crate::support::package::{self, base};
use crate::support::{assert_refused, audit_count, d, dump, last_audit, org, today};

fn m(s: &str) -> Month {
    Month::parse(s).unwrap()
}

fn member(key: &str, name: &str, category: &str, joined_on: &str, extra: Value) -> Value {
    package::with(package::member(key, name, joined_on, json!({ "category": category })), extra)
}

/// One branch: a member per situation the actions must handle.
pub(super) fn ledger() -> Ledger {
    let pkg = json!({
        "format": "zhibu-package", "version": 1, "exported_at": "2026-11-22T10:00:00+08:00", "source": "dues-actions",
        "organizations": [
            { "key": "o-1", "name": "中共示例第一支部委员会", "kind": "branch", "sector": "government" }
        ],
        "members": [
            member("m-1", "张三", "employed", "2000-07-01", json!({ "dues_bases": [base("2025-01", 310_050)] })),
            member("m-2", "李四", "employed", "2000-07-01",
                json!({ "dues_bases": [base("2025-01", 450_000), base("2026-07", 650_000)] })),
            member("m-3", "王五", "retired", "1975-07-01",
                json!({ "dues_bases": [base("2020-01", 500_000)], "birth_date": "1950-01-01" })),
            member("m-4", "赵六", "farmer", "2000-07-01", json!({})),
            member("m-5", "孙七", "student", "2026-05-20",
                json!({ "status": "probationary", "full_member_on": null, "birth_date": "2004-01-01" })),
            member("m-6", "周八", "employed", "2000-07-01", json!({})),
            member("m-7", "吴九", "employed", "2000-07-01",
                json!({ "dues_bases": [base("2025-01", 900_000)], "dues_fixed_fen": 0 })),
            member("m-8", "郑十", "employed", "2000-07-01", json!({ "dues_bases": [base("2025-01", 300_000)],
                "left": { "on": "2026-03-10", "reason": "transfer_out", "to": "中共另一支部委员会" } }))
        ],
        "dues_payments": [
            { "member": "m-1", "month": "2026-01", "paid_fen": 3101, "paid_on": "2026-01-10" },
            { "member": "m-1", "month": "2026-02", "paid_fen": 3101, "paid_on": "2026-02-10" },
            { "member": "m-3", "month": "2026-03", "paid_fen": 1000, "paid_on": "2026-03-10" }
        ]
    });
    let ledger = Ledger::in_memory().unwrap();
    import_package(&ledger, &parse_package(&pkg.to_string()).unwrap(), today()).unwrap();
    ledger
}

fn dues_of(ledger: &Ledger, key: &str) -> MemberDues {
    let r = year_report(ledger, 2026, None, today()).unwrap();
    r.members.into_iter().find(|x| x.member == key).unwrap()
}

/// (month, due, paid) of one member's month.
fn month_of(ledger: &Ledger, key: &str, month: &str) -> (Option<i64>, i64) {
    let md = dues_of(ledger, key);
    let x = md.months.iter().find(|x| x.month == month).unwrap();
    (x.due_fen, x.paid_fen)
}

// ---------------------------------------------------------------- bases and fixed amounts

#[test]
fn a_base_applies_from_its_month_and_is_audited() {
    let ledger = ledger();
    let zhang = id(&ledger, "m-1");
    let n = audit_count(&ledger);
    assert!(set_base(&ledger, zhang, m("2026-09"), 650_000).unwrap());
    assert_eq!(month_of(&ledger, "m-1", "2026-08"), (Some(3101), 0));
    assert_eq!(month_of(&ledger, "m-1", "2026-09"), (Some(9750), 0));
    assert_eq!(audit_count(&ledger), n + 1);
    assert_eq!(last_audit(&ledger).0, "新增");
    assert!(last_audit(&ledger).2.contains("张三自 2026-09 起的党费基数为 6,500.00 元"));

    assert!(!set_base(&ledger, zhang, m("2026-09"), 650_000).unwrap(), "the same base again changes nothing");
    assert_eq!(audit_count(&ledger), n + 1);
    assert!(set_base(&ledger, zhang, m("2026-09"), 300_000).unwrap());
    assert_eq!(month_of(&ledger, "m-1", "2026-09"), (Some(1500), 0));
    let (action, entity, summary) = last_audit(&ledger);
    assert_eq!((action.as_str(), entity.as_str()), ("修改", "dues_base"));
    assert!(summary.contains("（原为 6,500.00 元）"), "{summary}");
}

#[test]
fn bad_bases_are_refused_by_field() {
    let ledger = ledger();
    let (zhang, sun, zheng) = (id(&ledger, "m-1"), id(&ledger, "m-5"), id(&ledger, "m-8"));
    assert_refused(&ledger, &[("base_fen", "不能为负数（现为 -0.01 元）")], || {
        set_base(&ledger, zhang, m("2026-01"), -1)
    });
    assert_refused(
        &ledger,
        &[("from_month", "基数起始月份 2026-04 早于孙七入党的月份 2026-05")],
        || set_base(&ledger, sun, m("2026-04"), 100_000),
    );
    assert_refused(&ledger, &[("from_month", "晚于郑十离开本组织的月份 2026-03")], || {
        set_base(&ledger, zheng, m("2026-04"), 100_000)
    });
    assert_refused(&ledger, &[("from_month", "早于孙七入党"), ("base_fen", "不能为负数")], || {
        set_base(&ledger, sun, m("2026-01"), -500)
    });
    let before = dump(&ledger);
    let err = set_base(&ledger, 9999, m("2026-01"), 100).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(dump(&ledger), before);
}

#[test]
fn a_table_of_bases_is_saved_whole_or_not_at_all() {
    let ledger = ledger();
    let (zhang, li, zhou, sun) = (id(&ledger, "m-1"), id(&ledger, "m-2"), id(&ledger, "m-6"), id(&ledger, "m-5"));
    let n = audit_count(&ledger);
    let rows = [(zhang, m("2025-01"), 310_050), (li, m("2026-07"), 700_000), (zhou, m("2026-01"), 480_100)];
    assert_eq!(set_bases_bulk(&ledger, &rows).unwrap(), BasesSummary { added: 1, updated: 1, unchanged: 1 });
    assert_eq!(month_of(&ledger, "m-2", "2026-07"), (Some(10500), 0));
    assert_eq!(month_of(&ledger, "m-6", "2026-01"), (Some(4801), 0), "4801.00 × 1% = 48.01");
    assert_eq!(audit_count(&ledger), n + 1, "one audit entry for the table");
    assert!(last_audit(&ledger).2.contains("新增 1 条，修改 1 条，未变 1 条"));
    assert_eq!(set_bases_bulk(&ledger, &rows).unwrap(), BasesSummary { added: 0, updated: 0, unchanged: 3 });
    assert_eq!(audit_count(&ledger), n + 1, "nothing changed, nothing audited");

    let bad = [
        (zhang, m("2026-03"), 300_000),
        (li, m("2026-08"), -100),
        (424242, m("2026-01"), 100),
        (zhang, m("2026-03"), 310_000),
        (sun, m("2026-02"), 100),
    ];
    assert_refused(
        &ledger,
        &[
            ("rows[1].base_fen", "不能为负数"),
            ("rows[2].member_id", "未找到编号为 424242 的党员"),
            ("rows[3].from_month", "与 rows[0] 重复"),
            ("rows[4].from_month", "早于孙七入党的月份 2026-05"),
        ],
        || set_bases_bulk(&ledger, &bad),
    );
}

#[test]
fn fixed_amounts_replace_the_bracket_and_can_be_cleared() {
    let ledger = ledger();
    let (zhang, wu) = (id(&ledger, "m-1"), id(&ledger, "m-7"));
    assert!(set_fixed_amount(&ledger, zhang, Some(50)).unwrap());
    assert_eq!(month_of(&ledger, "m-1", "2026-05"), (Some(50), 0));
    assert!(last_audit(&ledger).2.contains("张三的党费固定金额为每月 0.50 元"));
    assert!(!set_fixed_amount(&ledger, zhang, Some(50)).unwrap());
    assert!(set_fixed_amount(&ledger, wu, None).unwrap());
    assert_eq!(month_of(&ledger, "m-7", "2026-05"), (Some(13500), 0), "back to 9000.00 × 1.5%");
    assert!(last_audit(&ledger).2.contains("取消吴九的党费固定金额"));
    assert_refused(&ledger, &[("dues_fixed_fen", "党费固定金额不能为负数（现为 -0.20 元）")], || {
        set_fixed_amount(&ledger, zhang, Some(-20))
    });
}

// ---------------------------------------------------------------- payments

fn entry(member_id: i64, paid_fen: i64, paid_on: &str) -> PaymentEntry {
    PaymentEntry { member_id, paid_fen, paid_on: d(paid_on) }
}

#[test]
fn payments_are_recorded_against_their_month_and_replaced() {
    let ledger = ledger();
    let (zhang, li, wang) = (id(&ledger, "m-1"), id(&ledger, "m-2"), id(&ledger, "m-3"));
    let s = record_payments(&ledger, m("2026-03"), &[entry(zhang, 3101, "2026-04-02"), entry(li, 4500, "2026-03-12")])
        .unwrap();
    assert_eq!(s, PaymentsSummary { added: 2, updated: 0, unchanged: 0 });
    assert_eq!(month_of(&ledger, "m-1", "2026-03"), (Some(3101), 3101), "arrears paid in April count for March");
    assert!(last_audit(&ledger).2.contains("登记 2026-03 党费缴纳：2 人，共 76.01 元"));
    // Advance payment for December; the partial March payment of 王五 made up.
    record_payments(&ledger, m("2026-12"), &[entry(zhang, 3101, "2026-11-20")]).unwrap();
    assert_eq!(month_of(&ledger, "m-1", "2026-12"), (Some(3101), 3101));
    let s = record_payments(&ledger, m("2026-03"), &[entry(wang, 2500, "2026-04-10"), entry(li, 4500, "2026-03-12")])
        .unwrap();
    assert_eq!(s, PaymentsSummary { added: 0, updated: 1, unchanged: 1 });
    assert_eq!(month_of(&ledger, "m-3", "2026-03"), (Some(2500), 2500));
    assert!(last_audit(&ledger).2.contains("王五"), "one member changed: named");
}

#[test]
fn bad_payments_are_refused_by_entry_and_field() {
    let ledger = ledger();
    let (zhang, sun, zheng) = (id(&ledger, "m-1"), id(&ledger, "m-5"), id(&ledger, "m-8"));
    assert_refused(
        &ledger,
        &[
            ("entries[0].paid_fen", "实缴金额不能为负数（现为 -1.00 元）"),
            ("entries[1].member_id", "缴费月份 2026-04 早于孙七入党的月份 2026-05"),
            ("entries[1].paid_on", "缴纳日期 2026-04-10 早于孙七入党的日期 2026-05-20"),
            ("entries[2].member_id", "缴费月份 2026-04 晚于郑十离开本组织的月份 2026-03"),
            ("entries[3].member_id", "与 entries[0] 重复"),
            ("entries[4].member_id", "未找到编号为 777 的党员"),
        ],
        || {
            record_payments(
                &ledger,
                m("2026-04"),
                &[
                    entry(zhang, -100, "2026-04-10"),
                    entry(sun, 20, "2026-04-10"),
                    entry(zheng, 1500, "2026-04-10"),
                    entry(zhang, 3101, "2026-04-10"),
                    entry(777, 1, "2026-04-10"),
                ],
            )
        },
    );
    assert_refused(
        &ledger,
        &[("entries[0].paid_on", "缴纳日期 2026-05-01 早于孙七入党的日期 2026-05-20")],
        || record_payments(&ledger, m("2026-06"), &[entry(sun, 20, "2026-05-01")]),
    );
}

#[test]
fn everyone_paid_records_exactly_the_engines_due_and_skips_the_rest() {
    let ledger = ledger();
    let o = org(&ledger);
    let due_before: Vec<(String, Option<i64>)> = ["m-1", "m-2", "m-3", "m-4", "m-5"]
        .iter()
        .map(|k| (k.to_string(), month_of(&ledger, k, "2026-07").0))
        .collect();
    let n = audit_count(&ledger);
    let r = record_month_all_paid(&ledger, o, m("2026-07"), d("2026-07-15"), today()).unwrap();
    // m-1 3101, m-2 9750 (new base from July), m-3 2500, m-4 20, m-5 20; m-6 has no base; m-7 is exempt;
    // m-8 left in March.
    assert_eq!((r.recorded, r.recorded_fen, r.already_paid, r.exempt), (5, 3101 + 9750 + 2500 + 20 + 20, 0, 1));
    assert_eq!(r.no_base.iter().map(|s| (s.member.as_str(), s.name.as_str())).collect::<Vec<_>>(), [("m-6", "周八")]);
    for (key, due) in &due_before {
        assert_eq!(month_of(&ledger, key, "2026-07"), (*due, due.unwrap()), "{key} paid exactly the due");
    }
    assert_eq!(month_of(&ledger, "m-6", "2026-07"), (None, 0));
    assert_eq!(month_of(&ledger, "m-7", "2026-07"), (Some(0), 0));
    assert_eq!(audit_count(&ledger), n + 1);
    assert!(last_audit(&ledger).2.contains("未设置基数未登记 1 人：周八"), "{}", last_audit(&ledger).2);

    // March: 王五 paid part already, 张三 nothing yet; 郑十 still owed March (left on the 10th); 孙七 not yet.
    let r = record_month_all_paid(&ledger, o, m("2026-03"), d("2026-03-31"), today()).unwrap();
    assert_eq!((r.recorded, r.already_paid), (4, 1), "张三, 李四, 赵六, 郑十 recorded; 王五 left as he was");
    assert_eq!(month_of(&ledger, "m-3", "2026-03"), (Some(2500), 1000), "an existing payment is never overwritten");
    assert_eq!(month_of(&ledger, "m-8", "2026-03"), (Some(1500), 1500));

    let before = dump(&ledger);
    let again = record_month_all_paid(&ledger, o, m("2026-07"), d("2026-07-20"), today()).unwrap();
    assert_eq!((again.recorded, again.already_paid), (0, 5));
    assert_eq!(dump(&ledger), before, "nothing to record: no change, no audit entry");
}

#[test]
fn everyone_paid_refuses_future_months_and_dates() {
    let ledger = ledger();
    let o = org(&ledger);
    assert_refused(
        &ledger,
        &[("month", "2026-12 还未到"), ("paid_on", "缴纳日期 2026-12-01 晚于今天 2026-11-22")],
        || record_month_all_paid(&ledger, o, m("2026-12"), d("2026-12-01"), today()),
    );
    let err = record_month_all_paid(&ledger, 99, m("2026-01"), d("2026-01-10"), today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn a_deleted_payment_lands_in_the_recycle_bin_and_can_be_restored() {
    let ledger = ledger();
    let zhang = id(&ledger, "m-1");
    let bin = delete_payment(&ledger, zhang, m("2026-02")).unwrap();
    assert_eq!(month_of(&ledger, "m-1", "2026-02"), (Some(3101), 0));
    let (entity, entity_id, summary, payload): (String, i64, String, String) = ledger
        .conn()
        .query_row("SELECT entity, entity_id, summary, payload FROM recycle_bin WHERE id = ?1", [bin], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!((entity.as_str(), entity_id), ("dues_payment", zhang));
    assert_eq!(summary, "张三 2026-02 党费缴纳记录（31.01 元，2026-02-10 缴纳）");
    let payload: Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(
        payload,
        json!({ "member_id": zhang, "member": "m-1", "name": "张三", "month": "2026-02", "paid_fen": 3101,
                "paid_on": "2026-02-10" })
    );
    assert_eq!(last_audit(&ledger).0, "删除");
    assert!(last_audit(&ledger).2.contains("已移入回收站"));

    let before = dump(&ledger);
    let err = delete_payment(&ledger, zhang, m("2026-02")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(err.to_string(), "未找到党费缴纳记录：张三 2026-02");
    assert_eq!(dump(&ledger), before);

    // Restored from the 回收站 (the registry finds the dues action by the entry's kind).
    zhibu_core::app::bin::restore_from_bin(&ledger, bin).unwrap();
    assert_eq!(month_of(&ledger, "m-1", "2026-02"), (Some(3101), 3101));
    let left: i64 = ledger.conn().query_row("SELECT count(*) FROM recycle_bin", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0);
    assert_eq!(last_audit(&ledger).0, "恢复");

    // Deleted, then paid again: restoring would overwrite the new payment, so it is refused.
    let bin = delete_payment(&ledger, zhang, m("2026-02")).unwrap();
    record_payments(&ledger, m("2026-02"), &[entry(zhang, 3200, "2026-03-01")]).unwrap();
    let before = dump(&ledger);
    let err = restore_payment(&ledger, bin).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("已有新的缴纳记录"), "{err}");
    assert_eq!(dump(&ledger), before);
}

// ---------------------------------------------------------------- publications

#[test]
fn publications_are_recorded_and_listed() {
    let ledger = ledger();
    let o = org(&ledger);
    let p = record_publication(&ledger, o, "2026-h1", d("2026-07-05"), "  支部公示栏张贴 ").unwrap();
    assert_eq!(
        (p.period.as_str(), p.period_label.as_str(), p.how.as_str()),
        ("2026-H1", "2026年上半年", "支部公示栏张贴")
    );
    record_publication(&ledger, o, "2025", d("2026-01-08"), "党员微信群公布").unwrap();
    let list = publications(&ledger, o).unwrap();
    let got: Vec<(&str, &str, NaiveDate)> =
        list.iter().map(|p| (p.period.as_str(), p.period_label.as_str(), p.published_on)).collect();
    assert_eq!(got, [("2025", "2025年", d("2026-01-08")), ("2026-H1", "2026年上半年", d("2026-07-05"))]);
    assert_eq!(last_audit(&ledger).1, "dues_publication");
    assert!(last_audit(&ledger).2.contains("公示2025年党费收缴情况（2026-01-08，党员微信群公布）"));

    assert_refused(&ledger, &[("period", "现为“2026-07”"), ("how", "公示方式不能为空")], || {
        record_publication(&ledger, o, "2026-07", d("2026-07-05"), " ")
    });
    assert_refused(
        &ledger,
        &[("published_on", "公示日期 2026-03-31 早于所公示期间（2026年第二季度）的开始")],
        || record_publication(&ledger, o, "2026-Q2", d("2026-03-31"), "公示栏"),
    );
    let err = record_publication(&ledger, 55, "2026", d("2026-12-01"), "公示栏").unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}
