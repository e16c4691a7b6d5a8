//! The 发展党员 workbooks (花名册 by stage, 发展党员工作台账, 发展党员全程纪实表) for a small branch
//! built through the actions: golden text, and the cells read back by calamine against the records.
//!
//! Regenerate the golden files with `ZHIBU_BLESS=1 cargo test -p zhibu --test it`.

use chrono::Datelike;
use serde_json::json;
use zhibu_core::app::development::{add_person, record_step, NewPerson};
use zhibu_core::model::Gender;
use zhibu_core::workbooks::development::{write_ledger, write_rosters};
use zhibu_core::workbooks::development_record::write_records;
use zhibu_core::Ledger;

use crate::support::development::{step_input, ON_TIME_PIPELINE};
use crate::support::xlsx_read::strs;
use crate::support::xlsx_shown::shown_sheets;
use crate::support::{self, d, org, package, today};

const BRANCH: &str = "中共示例第一支部委员会";

fn step(ledger: &Ledger, person: i64, n: u8, date: &str, reason: Option<&str>) {
    let mut i = step_input(ledger, person, n, date);
    if n == 14 {
        i.volunteer_book_no = Some("No.0001".into());
    }
    i.override_reason = reason.map(str::to_string);
    record_step(ledger, &i, today()).unwrap_or_else(|e| panic!("step {n}: {e}"));
}

fn add(ledger: &Ledger, name: &str, gender: Gender, birth: &str, applied: &str) -> i64 {
    let n = NewPerson {
        org_id: org(ledger),
        name: name.into(),
        gender,
        id_number: None,
        birth_date: d(birth),
        ethnicity: Some("汉族".into()),
        education: Some("大学本科".into()),
        unit_title: Some("示例局办公室科员".into()),
        applied_on: d(applied),
        note: None,
        override_reason: None,
    };
    add_person(ledger, &n, today()).unwrap().id
}

/// Four 正式党员; an applicant, an activist (late talk, overridden with a reason), a 预备党员, and
/// one approved 正式 in 2025 (not in the 2026 workbooks).
fn ledger() -> Ledger {
    let member = |key: &str, name: &str, joined: &str| {
        package::member(key, name, joined, json!({ "gender": "女", "birth_date": "1975-01-01" }))
    };
    let ledger = package::ledger_from(&package::package(
        "dev-sheets",
        json!({
            "organizations": [{ "key": "o-1", "name": BRANCH, "short_name": "一支部", "kind": "branch", "sector": "government" }],
            "members": [member("m-1", "张书记", "2000-07-01"), member("m-2", "李红", "2001-07-01"),
                        member("m-3", "王刚", "2002-07-01"), member("m-4", "赵敏", "2003-07-01")]
        }),
    ));

    add(&ledger, "甲申", Gender::Male, "2000-03-01", "2026-10-10");
    let b = add(&ledger, "乙酉", Gender::Female, "1999-05-20", "2025-09-01");
    step(&ledger, b, 2, "2025-10-08", Some("申请人外出学习，返回后即谈话"));
    for (n, date) in [(3, "2026-03-02"), (4, "2026-03-10"), (5, "2026-03-12"), (6, "2026-03-20")] {
        step(&ledger, b, n, date, None);
    }
    let pipeline = ON_TIME_PIPELINE;
    // The 预备党员 runs two years behind the one already 正式 (recorded first: by the 预备党员's
    // 支部大会 she is one of the voters).
    let c = add(&ledger, "丙戌", Gender::Male, "1995-08-08", "2025-01-10");
    let e = add(&ledger, "丁亥", Gender::Female, "1990-12-12", "2023-01-10");
    for (n, date) in pipeline {
        step(&ledger, e, *n, date, None);
    }
    let shift = |date: &str| d(date).with_year(d(date).year() + 2).unwrap().to_string();
    for (n, date) in &pipeline[..15] {
        step(&ledger, c, *n, &shift(date), None);
    }
    ledger
}

#[test]
fn rosters_match_golden_xml() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xlsx");
    let s = write_rosters(&ledger, org(&ledger), 2026, today(), &path).unwrap();
    assert_eq!(s.people, 3);
    support::golden::assert_matches_golden(&path, "development_rosters");
}

#[test]
fn ledger_matches_golden_xml() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.xlsx");
    write_ledger(&ledger, org(&ledger), 2026, today(), &path).unwrap();
    support::golden::assert_matches_golden(&path, "development_ledger");
}

#[test]
fn record_matches_golden_xml() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("纪实表.xlsx");
    write_records(&ledger, org(&ledger), 2026, today(), &path, false).unwrap();
    support::golden::assert_matches_golden(&path, "development_record");
}

// ---------------------------------------------------------------- read back

#[test]
fn rosters_read_back_one_sheet_per_stage() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xlsx");
    write_rosters(&ledger, org(&ledger), 2026, today(), &path).unwrap();
    let book = shown_sheets(&path);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["入党申请人花名册", "入党积极分子花名册", "发展对象花名册", "预备党员花名册"]);
    let (_, applicants) = &book[0];
    assert_eq!(applicants[0][0], format!("{BRANCH}入党申请人花名册"));
    assert_eq!(applicants[1][0], "统计日期：2026年11月22日　共1人");
    assert_eq!(
        applicants[2],
        strs(&[
            "序号",
            "姓名",
            "性别",
            "民族",
            "出生日期",
            "学历",
            "工作单位及职务",
            "所在党支部",
            "递交入党申请书日期",
            "谈话日期",
            "谈话人",
            "备注"
        ])
    );
    assert_eq!(
        applicants[3][..11],
        strs(&[
            "1",
            "甲申",
            "男",
            "汉族",
            "2000-03-01",
            "大学本科",
            "示例局办公室科员",
            "一支部",
            "2026-10-10",
            "",
            ""
        ])
    );
    assert!(applicants[3][11].contains("仍未派人谈话"), "overdue talk in 备注: {}", applicants[3][11]);
    let (_, activists) = &book[1];
    assert_eq!(activists[3][8..12], strs(&["2025-09-01", "2026-03-02", "李红、王刚", "2027-03-02"]));
    assert!(activists[3][12].contains("超过收到申请后一个月的期限"), "{}", activists[3][12]);
    let (_, candidates) = &book[2];
    assert_eq!(candidates.len(), 3, "title, subtitle and headers only");
    let (_, probationary) = &book[3];
    assert_eq!(probationary[3][1], "丙戌");
    assert_eq!(probationary[3][8..13], strs(&["2026-10-08", "李红、王刚", "", "", "2027-10-08"]));
    assert_eq!(probationary[3][13], "", "approval still within its 3 months: nothing unmet");
}

#[test]
fn ledger_reads_back_with_the_25_step_dates() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.xlsx");
    let s = write_ledger(&ledger, org(&ledger), 2026, today(), &path).unwrap();
    assert_eq!(s.people, 3, "the one approved 正式 in 2025 is not in 2026's ledger");
    let book = shown_sheets(&path);
    let (name, t) = &book[0];
    assert_eq!(name, "发展党员工作台账");
    assert_eq!(t[0][0], format!("{BRANCH}2026年发展党员工作台账"));
    assert_eq!(t[2].len(), 6 + 25 + 1);
    assert_eq!(t[2][6], "1.递交申请");
    assert_eq!(t[2][30], "25.材料归档");
    let row = |name: &str| t.iter().find(|r| r[1] == name).unwrap_or_else(|| panic!("{name}"));
    let c = row("丙戌");
    assert_eq!(c[5], "预备党员");
    assert_eq!(c[6], "2025-01-10");
    assert_eq!(c[6 + 14], "2026-10-08");
    assert_eq!(c[6 + 15], "2026-10-20");
    assert_eq!(c[6 + 16], "", "step 17 not reached");
    let b = row("乙酉");
    assert_eq!(b[5], "入党积极分子");
    assert_eq!(b[6..12], strs(&["2025-09-01", "2025-10-08", "2026-03-02", "2026-03-10", "2026-03-12", "2026-03-20"]));

    // The 2025 ledger shows the records as they stood at the end of 2025.
    let p2025 = dir.path().join("2025.xlsx");
    write_ledger(&ledger, org(&ledger), 2025, today(), &p2025).unwrap();
    let t = &shown_sheets(&p2025)[0].1;
    let names: Vec<&str> = t[3..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(names, ["丁亥", "丙戌", "乙酉"], "applied by 2025, not approved before 2025");
    let b = t.iter().find(|r| r[1] == "乙酉").unwrap();
    assert_eq!(b[5], "入党申请人");
    assert_eq!(b[8], "", "step 3 came in 2026");
}

#[test]
fn record_reads_back_with_steps_checks_and_the_reason() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("纪实表.xlsx");
    write_records(&ledger, org(&ledger), 2026, today(), &path, false).unwrap();
    let book = shown_sheets(&path);
    assert_eq!(book.len(), 3);
    let (name, t) = book.iter().find(|(n, _)| n.starts_with("乙酉")).unwrap();
    assert_eq!(name, "乙酉", "a sheet is named by the person, no key");
    assert_eq!(t[0][0], "发展党员全程纪实表");
    assert!(t[1][0].starts_with(&format!("所在党支部：{BRANCH}")), "{}", t[1][0]);
    assert_eq!(t[2][..5], strs(&["姓名", "乙酉", "", "性别", "女"]));
    let header = t.iter().position(|r| r[0] == "阶段").unwrap();
    let steps = &t[header + 1..header + 26];
    assert_eq!(steps[0][..4], strs(&["申请入党", "1", "递交入党申请书", "2025-09-01"]));
    assert_eq!(steps[1][4], "谈话人：张书记");
    assert_eq!(steps[4][4], "培养联系人：李红、王刚");
    assert_eq!(steps[5][5], "已完成");
    assert_eq!(steps[6][3..6], strs(&["", "", ""]), "step 7 not reached");
    let check = t.iter().find(|r| r[0] == "收到申请后一个月内派人谈话").unwrap();
    assert_eq!(check[5], "不符合");
    assert!(check[3].contains("依据：《中国共产党发展党员工作细则》（中办发〔2014〕33号）第七条"), "{}", check[3]);
    let reason = t.iter().find(|r| r[0].starts_with("第2步：")).unwrap();
    assert!(reason[4].contains("返回后即谈话"));
    let docs = t.iter().find(|r| r[0] == "入党申请书").unwrap();
    assert_eq!(docs[3], "2025年9月1日");
}
