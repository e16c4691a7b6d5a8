//! The 党费收缴台账 and 党费收缴公示表 workbooks for a small hand-made branch: golden text of both,
//! and the cells read back by an independent reader (calamine) against amounts worked out by hand
//! and against the engine's year report.
//!
//! Regenerate the golden files with `ZHIBU_BLESS=1 cargo test -p zhibu --test it`.

use std::path::Path;

use serde_json::{json, Value};
use zhibu_core::dues::year_report;
use zhibu_core::package::{import_package, parse_package};
use zhibu_core::workbooks::dues_collection::{write_collection_ledger, COLLECTION_SHEET, PAYMENT_DATES_SHEET};
use zhibu_core::workbooks::dues_publication::{write_publication_sheet, PUBLICATION_SHEET};
use zhibu_core::Ledger;

use crate::support::xlsx_read::{sheet_names, strs};
use crate::support::xlsx_shown::shown_sheet;
use crate::support::{self, org, package, today};

const BRANCH: &str = "中共示例第一支部委员会";

fn member(key: &str, name: &str, category: &str, joined_on: &str, extra: Value) -> Value {
    let fields = json!({ "gender": "女", "category": category });
    package::with(package::member(key, name, joined_on, fields), extra)
}

fn pay(key: &str, from: u32, to: u32, fen: i64) -> Vec<Value> {
    (from..=to)
        .map(|m| {
            json!({ "member": key, "month": format!("2026-{m:02}"), "paid_fen": fen,
                         "paid_on": format!("2026-{m:02}-10") })
        })
        .collect()
}

/// The branch: a mid-year base change, half-up rounding, a pensioner, a farmer, a probationary
/// member received in May, a member without a base, an approved exemption, one who left in March,
/// one six months behind, and an advance payment for December.
fn ledger() -> Ledger {
    let mut payments = Vec::new();
    payments.extend(pay("m-1", 1, 12, 3101));
    payments.extend(pay("m-2", 1, 6, 4500));
    payments.extend(pay("m-2", 7, 10, 9750));
    payments.extend(pay("m-3", 1, 11, 2500));
    payments.extend(pay("m-4", 1, 11, 20));
    payments.extend(pay("m-5", 5, 11, 20));
    payments.extend(pay("m-8", 1, 3, 1500));
    payments.extend(pay("m-9", 1, 5, 1500));
    let pkg = json!({
        "format": "zhibu-package", "version": 1, "exported_at": "2026-11-22T10:00:00+08:00", "source": "dues-sheets",
        "organizations": [
            { "key": "o-1", "name": BRANCH, "short_name": "一支部", "kind": "branch", "sector": "government" }
        ],
        "members": [
            member("m-1", "张三", "employed", "2000-07-01",
                json!({ "dues_bases": [{ "from": "2025-01", "base_fen": 310_050 }] })),
            member("m-2", "李四", "employed", "2001-07-01", json!({ "dues_bases": [
                { "from": "2025-01", "base_fen": 450_000 }, { "from": "2026-07", "base_fen": 650_000 }] })),
            member("m-3", "王五", "retired", "1975-07-01",
                json!({ "dues_bases": [{ "from": "2020-01", "base_fen": 500_000 }], "birth_date": "1950-01-01" })),
            member("m-4", "赵六", "farmer", "2002-07-01", json!({})),
            member("m-5", "孙七", "student", "2026-05-20",
                json!({ "status": "probationary", "full_member_on": null, "birth_date": "2004-01-01" })),
            member("m-6", "周八", "employed", "2003-07-01", json!({})),
            member("m-7", "吴九", "employed", "2004-07-01",
                json!({ "dues_bases": [{ "from": "2025-01", "base_fen": 900_000 }], "dues_fixed_fen": 0 })),
            member("m-8", "郑十", "employed", "2005-07-01", json!({
                "dues_bases": [{ "from": "2025-01", "base_fen": 300_000 }],
                "left": { "on": "2026-03-10", "reason": "transfer_out", "to": "中共另一支部委员会" } })),
            member("m-9", "钱十一", "employed", "2006-07-01",
                json!({ "dues_bases": [{ "from": "2025-01", "base_fen": 300_000 }] }))
        ],
        "dues_payments": payments
    });
    let ledger = Ledger::in_memory().unwrap();
    import_package(&ledger, &parse_package(&pkg.to_string()).unwrap(), today()).unwrap();
    ledger
}

#[test]
fn collection_ledger_matches_golden_xml() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.xlsx");
    let s = write_collection_ledger(&ledger, org(&ledger), 2026, today(), &path).unwrap();
    assert_eq!(s.members, 9);
    support::golden::assert_matches_golden(&path, "dues_collection");
}

#[test]
fn publication_sheet_matches_golden_xml() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("公示表.xlsx");
    write_publication_sheet(&ledger, org(&ledger), 2026, today(), &path).unwrap();
    support::golden::assert_matches_golden(&path, "dues_publication");
}

#[test]
fn the_same_ledger_and_day_give_the_same_bytes() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    write_collection_ledger(&ledger, org(&ledger), 2026, today(), &a).unwrap();
    write_collection_ledger(&ledger, org(&ledger), 2026, today(), &b).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

// ---------------------------------------------------------------- read back

/// The first sheet of a workbook, as shown (the 党费收缴台账 has its 缴纳日期 second).
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    assert_eq!(sheet_names(path)[0], name);
    shown_sheet(path, name)
}

#[test]
fn collection_ledger_reads_back_with_the_engines_amounts() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.xlsx");
    write_collection_ledger(&ledger, org(&ledger), 2026, today(), &path).unwrap();
    let t = sheet(&path, COLLECTION_SHEET);
    assert_eq!(t[0][0], format!("{BRANCH}2026年党费收缴台账"));
    assert!(t[1][0].starts_with("统计日期：2026年11月22日　共9人　金额单位：元"), "{}", t[1][0]);
    let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    let mut headers = strs(&["序号", "姓名", "党员分类", "月缴纳基数(元)", "比例", "月应缴(元)"]);
    headers.extend(months);
    headers.extend(strs(&["全年应缴(元)", "全年实缴(元)", "欠缴(元)", "备注"]));
    assert_eq!(t[2], headers);

    let row = |name: &str| t.iter().find(|r| r[1] == name).unwrap_or_else(|| panic!("no row for {name}")).clone();
    let twelve = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // 3100.50 × 1% = 31.005 → 31.01; December paid in advance.
    let zhang = row("张三");
    assert_eq!(zhang[..6], strs(&["2", "张三", "在职", "3,100.50", "1.0%", "31.01"]));
    assert_eq!(zhang[6..18], vec!["31.01".to_string(); 12]);
    assert_eq!(zhang[18..], strs(&["372.12", "372.12", "0.00", ""]));
    // Base raised from July (the latest base shown, the earlier one in 备注); November not paid yet
    // but still 待缴 on 22 November (empty, no arrears), December not yet due.
    let li = row("李四");
    assert_eq!(li[3..6], strs(&["6,500.00", "1.5%", "97.50"]));
    let mut li_months = vec!["45.00"; 6];
    li_months.extend(["97.50"; 4]);
    li_months.extend(["", ""]);
    assert_eq!(li[6..18], twelve(&li_months));
    assert_eq!(li[18..], strs(&["855.00", "660.00", "0.00", "7月起基数调整（此前基数4,500.00、月应缴45.00）"]));
    assert!(t[1][0].contains("欠缴为截至10月应缴未缴的金额；11月党费收缴期至11月30日，尚为待缴"), "{}", t[1][0]);
    assert_eq!(row("王五")[2..6], strs(&["离退休", "5,000.00", "0.5%", "25.00"]));
    assert_eq!(row("赵六")[2..6], strs(&["农民", "—", "定额", "0.20"]));
    // Received in May: January to April not owed.
    let sun = row("孙七");
    assert_eq!(sun[6..12], strs(&["—", "—", "—", "—", "0.20", "0.20"]));
    assert_eq!(sun[18..21], strs(&["1.60", "1.40", "0.00"]));
    let zhou = row("周八");
    assert_eq!(zhou[3..6], strs(&["未设置", "", ""]));
    assert_eq!(
        zhou[18..21],
        strs(&["0.00（待核定）", "0.00", "0.00（待核定）"]),
        "an unknown due is marked, not shown as a bare 0.00"
    );
    assert_eq!(zhou[6], "未缴");
    assert!(zhou[21].starts_with("未设置基数；连续10个月未缴，达自行脱党界限"), "{}", zhou[21]);
    let wu = row("吴九");
    assert_eq!((wu[4].as_str(), wu[5].as_str(), wu[6].as_str(), wu[20].as_str()), ("定额", "0.00", "免交", "0.00"));
    // Left in March: April on not owed.
    let zheng = row("郑十");
    assert_eq!(zheng[6..18], twelve(&["15.00", "15.00", "15.00", "—", "—", "—", "—", "—", "—", "—", "—", "—"]));
    assert_eq!(row("钱十一")[21], "连续5个月未缴", "June to October: November is still 待缴");

    // Every member row agrees with the engine, and the totals row with its totals.
    let report = year_report(&ledger, 2026, Some(org(&ledger)), today()).unwrap();
    let yuan = zhibu_core::dues::explain::yuan;
    for m in report.members.iter().filter(|m| m.name != "周八") {
        let r = row(&m.name);
        assert_eq!(r[18..21], [yuan(m.due_total_fen), yuan(m.paid_total_fen), yuan(m.outstanding_fen)], "{}", m.name);
    }
    let totals = &t[3 + 9];
    assert_eq!(totals[..2], strs(&["合计", "9人"]));
    let tt = &report.totals;
    assert_eq!(totals[18..21], [yuan(tt.due_total_fen), yuan(tt.paid_total_fen), yuan(tt.outstanding_fen)]);
    // January: 31.01 + 45.00 + 25.00 + 0.20 + 15.00 + 15.00 = 131.21.
    assert_eq!(totals[6], "131.21");
    assert_eq!(totals[17], "31.01", "December: the advance payment only");
    // Under the totals, after a blank row: who received and handled the money, the secretary's check.
    assert_eq!(t.len(), 3 + 9 + 1 + 2);
    assert!(t[3 + 9 + 1].iter().all(String::is_empty));
    assert_eq!(t[3 + 9 + 2][0], zhibu_core::workbooks::dues_collection::COLLECTION_SIGNATURES);
    for who in ["收款人（签字）", "经手人（签字）", "支部书记审核（签字）"] {
        assert!(t[3 + 9 + 2][0].contains(who), "{who}");
    }

    // 缴纳日期: the day each month was paid, as a date; the words of the first sheet otherwise.
    assert_eq!(sheet_names(&path), [COLLECTION_SHEET, PAYMENT_DATES_SHEET]);
    let dates = shown_sheet(&path, PAYMENT_DATES_SHEET);
    let mut headers = strs(&["序号", "姓名"]);
    headers.extend((1..=12).map(|m| format!("{m}月")));
    headers.extend(strs(&["补缴月份", "备注"]));
    assert_eq!(dates[2], headers);
    for m in report.members.iter() {
        let r = dates.iter().find(|r| r[1] == m.name).unwrap_or_else(|| panic!("{}", m.name));
        let main = row(&m.name);
        for x in &m.months {
            let c = 1 + x.month[5..].parse::<usize>().unwrap();
            match x.paid_on.filter(|_| x.paid_fen > 0) {
                Some(on) => assert_eq!(r[c], on.format("%Y-%m-%d").to_string(), "{} {}", m.name, x.month),
                None => assert_eq!(r[c], main[c + 4], "{} {}: the same word", m.name, x.month),
            }
        }
        let late: Vec<String> =
            m.months.iter().filter(|x| x.late).map(|x| format!("{}月", x.month[5..].parse::<u32>().unwrap())).collect();
        assert_eq!(r[14], late.join("、"), "{}", m.name);
    }
    assert_eq!(dates.last().unwrap()[0], zhibu_core::workbooks::dues_collection::COLLECTION_SIGNATURES);
}

#[test]
fn publication_sheet_reads_back_with_the_engines_amounts() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("公示表.xlsx");
    write_publication_sheet(&ledger, org(&ledger), 2026, today(), &path).unwrap();
    let t = sheet(&path, PUBLICATION_SHEET);
    assert_eq!(t[0][0], format!("{BRANCH}2026年党费收缴公示表"));
    assert_eq!(t[1][0], "统计截至：2026年11月22日　金额单位：元");
    assert_eq!(t[2], strs(&["序号", "姓名", "月应缴(元)", "全年应缴(元)", "已缴(元)", "未缴(元)"]));
    assert_eq!(t[3], strs(&["1", "王五", "25.00", "300.00", "275.00", "0.00"]));
    assert_eq!(t[4], strs(&["2", "张三", "31.01", "372.12", "372.12", "0.00"]));
    assert_eq!(t[5], strs(&["3", "李四", "97.50", "855.00", "660.00", "0.00"]), "November still 待缴");
    let zhou = t.iter().find(|r| r[1] == "周八").unwrap();
    assert_eq!(zhou[2..], strs(&["未设置基数", "0.00（待核定）", "0.00", "0.00（待核定）"]));
    let report = year_report(&ledger, 2026, Some(org(&ledger)), today()).unwrap();
    let yuan = zhibu_core::dues::explain::yuan;
    let tt = &report.totals;
    assert_eq!(
        t[12],
        [
            "合计".to_string(),
            "9人".to_string(),
            String::new(),
            yuan(tt.due_total_fen),
            yuan(tt.paid_total_fen),
            yuan(tt.outstanding_fen)
        ]
    );
    assert!(t[14][0].starts_with("说明：根据《关于中国共产党党费收缴、使用和管理的规定》"), "{}", t[14][0]);
    assert!(t[14][0].contains("未缴为截至10月应缴而未缴的党费；11月党费收缴期至11月30日，尚为待缴。"), "{}", t[14][0]);
    assert!(t[14][0].ends_with("月应缴调整：李四7月起月应缴由45.00调整为97.50。"), "{}", t[14][0]);
    assert_eq!(t[15][0], "公示时间：2026年11月22日至　　　年　　月　　日　　　监督电话：");
}
