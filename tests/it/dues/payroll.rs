//! Importing dues bases from a payroll workbook (as finance hands it over: a title row, everyone on the
//! payroll, a total row) and the dues screen's month/rules/preview actions, against real SQLite.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;
use serde_json::json;
use zhibu_core::app::dues::{preview_due, record_month_payments, rules_in_force, save_rules, set_member_base};
use zhibu_core::dues::{import_payroll, preview_payroll, DuesRules, PayrollRequest};
use zhibu_core::package::{import_package, parse_package};
use zhibu_core::{Error, Ledger};

use crate::support::{dump, member_id, org, today};

/// A branch of four: 张三 and 李四 employed, 王五 retired, and 刘一 (with an ID number).
fn ledger() -> Ledger {
    let m = |key: &str, name: &str, category: &str| {
        json!({ "key": key, "org": "o-1", "name": name, "gender": "男", "birth_date": "1980-01-01",
                "status": "full", "joined_on": "2000-07-01", "full_member_on": "2001-07-01", "category": category })
    };
    let mut liu = m("m-4", "刘一", "employed");
    liu["id_number"] = json!("11010519491231002X");
    liu["birth_date"] = json!("1949-12-31");
    liu["gender"] = json!("女");
    let pkg = json!({
        "format": "zhibu-package", "version": 1, "exported_at": "2026-11-22T10:00:00+08:00", "source": "payroll",
        "organizations": [{ "key": "o-1", "name": "中共示例第一支部委员会", "kind": "branch", "sector": "government" }],
        "members": [m("m-1", "张三", "employed"), m("m-2", "李四", "employed"), m("m-3", "王五", "retired"), liu]
    });
    let ledger = Ledger::in_memory().unwrap();
    import_package(&ledger, &parse_package(&pkg.to_string()).unwrap(), today()).unwrap();
    ledger
}

/// Writes a payroll sheet `工资表`: a title row, then `headers`, then `rows` (numbers where they parse).
fn payroll(dir: &Path, headers: &[&str], rows: &[&[&str]]) -> PathBuf {
    let path = dir.join("工资表.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("工资表").unwrap();
    ws.write_string(0, 0, "2026年11月工资发放表").unwrap();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 2, c as u16);
            match v.parse::<f64>() {
                Ok(n) if !headers[c as usize].contains("身份证") => ws.write_number(r, c, n).unwrap(),
                _ => ws.write_string(r, c, *v).unwrap(),
            };
        }
    }
    wb.save(&path).unwrap();
    path
}

fn request(ledger: &Ledger, path: &Path) -> PayrollRequest {
    PayrollRequest {
        path: path.display().to_string(),
        sheet: None,
        amount_column: None,
        from_month: "2026-11".to_string(),
        org_id: org(ledger),
    }
}

const HEADERS: &[&str] = &["序号", "姓名", "应发工资", "实发工资", "备注"];

#[test]
fn payroll_bases_are_previewed_then_imported_all_at_once() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = payroll(
        dir.path(),
        HEADERS,
        &[
            &["1", "张三", "4000", "3100.50", ""],
            &["2", "李四", "9000", "6,500.00", ""],
            &["3", "钱多多", "5000", "4200", "非党员"],
            &["4", "王五", "5600", "5000", "退休"],
            &["", "合计", "23600", "18800.5", ""],
        ],
    );
    let req = request(&ledger, &path);
    let preview = preview_payroll(&ledger, &req).unwrap();
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert_eq!(preview.sheet, "工资表");
    assert_eq!(preview.amount_column.header, "实发工资", "after-tax pay is preferred over gross pay");
    assert_eq!((preview.importable, preview.skipped), (3, 2));
    let row = |name: &str| preview.rows.iter().find(|r| r.name == name).unwrap().clone();
    let zhang = row("张三");
    assert_eq!(
        (zhang.row, zhang.base_fen, zhang.rate_permille, zhang.due_fen),
        (3, Some(310_050), Some(10), Some(3101))
    );
    let li = row("李四");
    assert_eq!((li.base_fen, li.rate_permille, li.due_fen), (Some(650_000), Some(15), Some(9750)));
    let wang = row("王五");
    assert_eq!((wang.rate_permille, wang.due_fen), (Some(5), Some(2500)), "retired: 5000.00 is in the lower bracket");
    assert_eq!(row("钱多多").skipped.as_deref(), Some("不是本组织在册党员，不导入"));
    assert_eq!(row("合计").skipped.as_deref(), Some("合计行，不导入"));

    let before = dump(&ledger);
    let summary = import_payroll(&ledger, &req).unwrap();
    assert_eq!((summary.added, summary.updated, summary.unchanged), (3, 0, 0));
    assert_ne!(dump(&ledger), before);
    let again = import_payroll(&ledger, &req).unwrap();
    assert_eq!(
        (again.added, again.updated, again.unchanged),
        (0, 0, 3),
        "importing the same sheet twice changes nothing"
    );
    let after = preview_payroll(&ledger, &req).unwrap();
    assert_eq!(after.rows.iter().find(|r| r.name == "张三").unwrap().current_base_fen, Some(310_050));
}

#[test]
fn a_bad_amount_is_located_and_nothing_is_imported() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path =
        payroll(dir.path(), HEADERS, &[&["1", "张三", "4000", "3100.50", ""], &["2", "李四", "9000", "六千", ""]]);
    let req = request(&ledger, &path);
    let before = dump(&ledger);
    let Err(Error::Invalid(problems)) = import_payroll(&ledger, &req) else { panic!("a bad amount must refuse") };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].at, "工资表!D4");
    assert_eq!(problems[0].message, "工资表 第4行 D列（实发工资）：“六千”不是金额，请填写数字（元）");
    assert_eq!(dump(&ledger), before, "张三's good row was not imported either");
}

#[test]
fn the_person_can_choose_the_amount_column() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = payroll(dir.path(), HEADERS, &[&["1", "张三", "4000", "3100.50", ""]]);
    let mut req = request(&ledger, &path);
    req.amount_column = Some(2);
    let preview = preview_payroll(&ledger, &req).unwrap();
    assert_eq!(preview.amount_column.header, "应发工资");
    assert_eq!(preview.rows[0].base_fen, Some(400_000));
    req.amount_column = Some(9);
    let Err(Error::Invalid(p)) = preview_payroll(&ledger, &req) else { panic!("a column without a header") };
    assert_eq!(p[0].at, "amount_column");
}

#[test]
fn id_numbers_match_people_and_must_agree_with_the_name() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let headers = &["姓名", "身份证号", "党费基数"];
    let path = payroll(dir.path(), headers, &[&["刘一", "11010519491231002x", "8000"]]);
    let preview = preview_payroll(&ledger, &request(&ledger, &path)).unwrap();
    assert_eq!(preview.rows[0].member_id, Some(member_id(&ledger, "m-4")), "lower-case x still matches");
    assert_eq!(preview.amount_column.header, "党费基数");

    let path = payroll(dir.path(), headers, &[&["刘二", "11010519491231002X", "8000"]]);
    let preview = preview_payroll(&ledger, &request(&ledger, &path)).unwrap();
    assert_eq!(preview.problems.len(), 1);
    assert_eq!(preview.problems[0].at, "工资表!B3");
    assert!(preview.problems[0].message.contains("身份证号属于在册党员刘一，但本行姓名是“刘二”"));
}

#[test]
fn a_sheet_without_a_name_column_or_amount_column_is_refused_plainly() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = payroll(dir.path(), &["工号", "金额"], &[&["001", "100"]]);
    let Err(Error::Invalid(p)) = preview_payroll(&ledger, &request(&ledger, &path)) else { panic!() };
    assert!(p[0].message.contains("没有找到含“姓名”的表头行"), "{}", p[0].message);
    let path = payroll(dir.path(), &["姓名", "部门"], &[&["张三", "办公室"]]);
    let Err(Error::Invalid(p)) = preview_payroll(&ledger, &request(&ledger, &path)) else { panic!() };
    assert_eq!(p[0].at, "amount_column");
}

#[test]
fn month_fields_are_checked_and_named() {
    let ledger = ledger();
    let id = member_id(&ledger, "m-1");
    let before = dump(&ledger);
    let Err(Error::Invalid(p)) = set_member_base(&ledger, id, "2026/11", 300_000) else { panic!() };
    assert_eq!(p[0].at, "from_month");
    let Err(Error::Invalid(p)) = record_month_payments(&ledger, "11月", &[]) else { panic!() };
    assert_eq!(p[0].at, "month");
    assert_eq!(dump(&ledger), before);
}

#[test]
fn the_due_is_previewed_while_the_base_is_typed() {
    let ledger = ledger();
    let id = member_id(&ledger, "m-1");
    let p = preview_due(&ledger, id, "2026-11", Some(300_000)).unwrap();
    assert_eq!((p.rate_permille, p.due_fen), (Some(5), Some(1500)));
    let p = preview_due(&ledger, id, "2026-11", Some(300_001)).unwrap();
    assert_eq!((p.rate_permille, p.due_fen), (Some(10), Some(3000)));
    assert!(p.explanation.contains("3,000 元以上至 5,000 元"), "{}", p.explanation);
    let p = preview_due(&ledger, id, "2026-11", None).unwrap();
    assert_eq!(p.due_fen, None);
}

#[test]
fn saving_rules_applies_from_their_year_only() {
    let ledger = ledger();
    assert_eq!(rules_in_force(&ledger, 2026).unwrap().from_year, None);
    let mut rules = DuesRules::national();
    rules.farmer_fixed_fen = 100;
    let saved = save_rules(&ledger, 2027, &rules).unwrap();
    assert_eq!((saved.from_year, saved.rules.farmer_fixed_fen), (Some(2027), 100));
    assert_eq!(rules_in_force(&ledger, 2026).unwrap().rules, DuesRules::national(), "2026 keeps its rules");
    rules.employed.clear();
    let before = dump(&ledger);
    assert!(matches!(save_rules(&ledger, 2028, &rules), Err(Error::Invalid(_))));
    assert_eq!(dump(&ledger), before);
}

#[test]
fn an_unusual_base_in_the_payroll_is_a_warning_not_a_refusal() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    // (Amounts over ten million 元 are refused outright: `amount_fen`.)
    let rows: &[&[&str]] =
        &[&["1", "张三", "4000", "460046", ""], &["2", "李四", "9000", "6500", ""], &["3", "王五", "0", "60000", ""]];
    let path = payroll(dir.path(), HEADERS, rows);
    let p = preview_payroll(&ledger, &request(&ledger, &path)).unwrap();
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.importable, 3);
    let at: Vec<&str> = p.warnings.iter().map(|w| w.at.as_str()).collect();
    // 张三: the base (实发工资 in column D) and the due it gives (on the name); 王五 (retired, 1%):
    // 600.00 元 a month is not unusual; 李四's 6,500 元 is ordinary.
    assert_eq!(at, ["工资表!D3", "工资表!B3"]);
    assert!(p.warnings[0].message.contains("张三：基数 460,046.00 元/月"), "{}", p.warnings[0].message);
    assert!(p.warnings[1].message.contains("每月应缴 9,200.92 元"), "{}", p.warnings[1].message);
}
