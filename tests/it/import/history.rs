//! History from Excel (`import-meetings`, `import-dues`, `import-development`, `import-evaluations`,
//! `import-trainings`): realistic messy files made here, the round trip through the demo's own
//! 三会一课台账 and 党费收缴台账, idempotence, `--keep-good`, and bad input refused with the sheet, row
//! and column named and the ledger unchanged.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;
use zhibu_core::app::history::{self, HistoryImportRequest, HistoryKind};
use zhibu_core::Ledger;

use crate::support::cli::{demo_ledger, run};
use crate::support::{dump, today, TODAY};

/// A value written into a cell of a test workbook.
pub(super) enum C<'a> {
    S(&'a str),
    N(f64),
    Date(u16, u8, u8),
    Blank,
}
use C::*;

/// Writes `sheets` (name, rows from A1) to `path`; `merges` are (sheet, first row, first col, last
/// row, last col, text) merged ranges written over the rows.
pub(super) fn write_book(path: &Path, sheets: &[(&str, Vec<Vec<C>>)], merges: &[(&str, u32, u16, u32, u16, &str)]) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    S(t) => {
                        ws.write_string(r, c, *t).unwrap();
                    }
                    N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    Date(y, m, d) => {
                        ws.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date)
                            .unwrap();
                    }
                    Blank => {}
                }
            }
        }
        for (sheet, r0, c0, r1, c1, text) in merges {
            if sheet == name {
                ws.merge_range(*r0, *c0, *r1, *c1, text, &Format::new()).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// The demo's roster (organisation, groups, committee, members) in a new ledger file without any
/// history: the "fresh ledger with the same roster".
pub(super) fn roster_only(dir: &Path, demo_db: &Path) -> PathBuf {
    let pkg = dir.join("pkg.json");
    assert_eq!(run(demo_db, &["export-package", pkg.to_str().unwrap()]), 0);
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&pkg).unwrap()).unwrap();
    for k in [
        "activities",
        "dues_payments",
        "trainings",
        "evaluations",
        "development",
        "dues_remittances",
        "fund_spending",
        "care_visits",
    ] {
        v[k] = Value::Array(vec![]);
    }
    v["source"] = "roster-only".into();
    let only = dir.join("roster_only.json");
    std::fs::write(&only, v.to_string()).unwrap();
    let fresh = dir.join("fresh.db");
    assert_eq!(run(&fresh, &["import", only.to_str().unwrap(), "--today", TODAY]), 0);
    fresh
}

pub(super) fn count(db: &Path, sql: &str) -> i64 {
    Ledger::open(db).unwrap().conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

pub(super) fn request(kind: HistoryKind, path: &Path) -> HistoryImportRequest {
    HistoryImportRequest {
        kind,
        path: path.display().to_string(),
        sheet: None,
        org_id: 1,
        year: None,
        keep_good: false,
        problems_path: None,
        mappings: Vec::new(),
        columns: Vec::new(),
        branch_map: Vec::new(),
    }
}

#[test]
fn the_demos_own_registers_import_into_a_fresh_ledger_with_the_same_counts() {
    let (dir, demo) = demo_ledger();
    let out = dir.path().join("out");
    let args =
        ["export", "--year", "2026", "--out", out.to_str().unwrap(), "--only", "meetings,dues", "--today", TODAY];
    assert_eq!(run(&demo, &args), 0);
    let files = crate::support::workbook_files([out.clone()]);
    let meetings = files.iter().find(|p| p.to_string_lossy().contains("三会一课台账")).unwrap();
    let dues = files.iter().find(|p| p.to_string_lossy().contains("党费收缴台账")).unwrap();
    let fresh = roster_only(dir.path(), &demo);

    for (file, cmd) in [(meetings, "import-meetings"), (dues, "import-dues")] {
        assert_eq!(run(&fresh, &[cmd, file.to_str().unwrap(), "--today", TODAY]), 0, "{cmd}");
    }
    // 三会一课: the fresh ledger's own register counts the same sittings of each type each quarter.
    let again = dir.path().join("again");
    let args = ["export", "--year", "2026", "--out", again.to_str().unwrap(), "--only", "meetings", "--today", TODAY];
    assert_eq!(run(&fresh, &args), 0);
    let again_file = crate::support::workbook_files([again]).remove(0);
    let stats = |p: &Path| crate::support::xlsx_read::display_sheet(p, "全年统计")[2..].to_vec();
    assert_eq!(stats(&again_file), stats(meetings));
    // 党费: every payment of the year, to the 分.
    let year = "SELECT count(*) || '/' || sum(paid_fen) FROM dues_payments WHERE month LIKE '2026-%'";
    let total = |db: &Path| -> String { Ledger::open(db).unwrap().conn().query_row(year, [], |r| r.get(0)).unwrap() };
    assert_eq!(total(&fresh), total(&demo));
    // …paid on the days of the workbook's 缴纳日期 sheet.
    let days = |db: &Path| -> Vec<(String, String, String)> {
        Ledger::open(db)
            .unwrap()
            .conn()
            .prepare(
                "SELECT m.name, p.month, p.paid_on FROM dues_payments p JOIN members m ON m.id = p.member_id
                 WHERE p.month LIKE '2026-%' ORDER BY 1, 2, 3",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    assert_eq!(days(&fresh), days(&demo));

    // Importing the same files again changes nothing at all.
    let before = dump(&Ledger::open(&fresh).unwrap());
    for (file, cmd) in [(meetings, "import-meetings"), (dues, "import-dues")] {
        assert_eq!(run(&fresh, &[cmd, file.to_str().unwrap(), "--today", TODAY]), 0, "{cmd}");
    }
    assert_eq!(dump(&Ledger::open(&fresh).unwrap()), before);
    // One audit entry per file, naming it.
    let n = count(
        &fresh,
        "SELECT count(*) FROM audit_log WHERE entity = 'history_import' AND summary LIKE '%三会一课台账%'",
    );
    assert_eq!(n, 1);
}

/// A hand-kept register: title rows, a header over two rows (参会情况 merged over its three
/// columns), 序号, dates written five ways, full-width characters, trailing spaces, names of those
/// on leave with reasons, a blank row, a 合计 row, a note row, and a second sheet of notes.
fn messy_register(path: &Path) {
    let rows = vec![
        vec![S("中共江北市教育局机关第一支部委员会2026年“三会一课”登记台账")],
        vec![S("填报单位：机关第一支部")],
        vec![
            S("序号"),
            S("会议时间"),
            S("会议类型"),
            S("会议主题"),
            S("地点"),
            S("主持人"),
            S("记录人"),
            S("参会情况"),
            Blank,
            Blank,
            S("备注"),
        ],
        vec![Blank, Blank, Blank, Blank, Blank, Blank, Blank, S("应到人数"), S("实到人数"), S("请假人员"), Blank],
        vec![
            N(1.0),
            S("2026.01.16"),
            S("支部党员大会"),
            S("学习传达上级会议精神 "),
            S("党员活动室"),
            S("韦宇航 "),
            S("叶红军"),
            N(24.0),
            N(22.0),
            S("陈雨萱（出差）、雷旭（病假）"),
            Blank,
        ],
        vec![
            N(2.0),
            S("2026年2月11日"),
            S("支委会"),
            S("研究2月工作"),
            S("党员活动室"),
            S("韦宇航"),
            S("叶红军"),
            N(5.0),
            N(5.0),
            Blank,
            Blank,
        ],
        vec![Blank, Blank, Blank, Blank, Blank, Blank, Blank, Blank, Blank, Blank, Blank],
        vec![
            N(3.0),
            N(46087.0),
            S("党小组会（一组）"),
            S("小组学习"),
            S("党员活动室"),
            S("贾长江"),
            S("叶红军"),
            Blank,
            Blank,
            S("无"),
            Blank,
        ],
        vec![
            N(4.0),
            Date(2026, 3, 20),
            S("主题党日+党课"),
            S("专题党课：践行初心使命"),
            S("纪念馆"),
            S("韦宇航"),
            S("叶红军"),
            Blank,
            Blank,
            Blank,
            S("讲课人：韦宇航"),
        ],
        vec![
            N(5.0),
            S("２０２６年４月１５日"),
            S("组织生活会"),
            S("2026年度组织生活会"),
            S("党员活动室"),
            S("韦宇航"),
            S("叶红军"),
            Blank,
            Blank,
            Blank,
            Blank,
        ],
        vec![
            N(6.0),
            S("20260510"),
            S("支部大会"),
            S("讨论发展对象"),
            S("党员活动室"),
            S("韦宇航"),
            S("叶红军"),
            Blank,
            Blank,
            Blank,
            Blank,
        ],
        vec![S("合计"), Blank, S("6次"), Blank, Blank, Blank, Blank, Blank, Blank, Blank, Blank],
        vec![S("注：本表由组织委员填写，每季度报送一次。")],
    ];
    let notes = vec![vec![S("填表说明")], vec![S("1. 会议类型填写支部党员大会、支委会、党小组会、党课等。")]];
    write_book(path, &[("三会一课", rows), ("填表说明", notes)], &[("三会一课", 2, 7, 2, 9, "参会情况")]);
}

#[test]
fn a_messy_hand_kept_register_is_read_and_imported_once() {
    let (dir, demo) = demo_ledger();
    let fresh = roster_only(dir.path(), &demo);
    let file = dir.path().join("三会一课登记.xlsx");
    messy_register(&file);
    let ledger = Ledger::open(&fresh).unwrap();
    let p = history::preview_history_import(&ledger, &request(HistoryKind::Meetings, &file), today()).unwrap();
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.sheets.len(), 1, "the notes sheet has no register header");
    assert_eq!(p.sheets[0].header_row, 4, "the header spans rows 3 and 4");
    assert_eq!((p.rows.len(), p.new_count), (6, 6));
    let s = history::import_history(&ledger, &request(HistoryKind::Meetings, &file), today()).unwrap();
    assert_eq!(s.added, 6);
    let conn = ledger.conn();
    let dates: Vec<String> = conn
        .prepare("SELECT date FROM activities ORDER BY date")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(dates, ["2026-01-16", "2026-02-11", "2026-03-06", "2026-03-20", "2026-04-15", "2026-05-10"]);
    // Those on leave are recorded by name with their reasons; the group meeting is the group's.
    let leave: Vec<(String, String)> = conn
        .prepare("SELECT m.name, x.reason FROM attendance x JOIN members m ON m.id = x.member_id WHERE x.status = 'leave' ORDER BY m.name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(leave, [("陈雨萱".to_string(), "出差".to_string()), ("雷旭".to_string(), "病假".to_string())]);
    let group: String = conn
        .query_row("SELECT g.name FROM activities a JOIN party_groups g ON g.id = a.group_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(group, "第一党小组");
    let lecture: (String, String) = conn
        .query_row(
            "SELECT group_concat(t.type, ','), m.name FROM activities a JOIN activity_types t ON t.activity_id = a.id
             JOIN members m ON m.id = a.lecturer_id GROUP BY a.id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(lecture, ("party_lecture,theme_day".to_string(), "韦宇航".to_string()));
    let topic: String =
        conn.query_row("SELECT topic FROM activities WHERE date = '2026-01-16'", [], |r| r.get(0)).unwrap();
    assert_eq!(topic, "学习传达上级会议精神", "trailing spaces trimmed");
    // Twice: nothing changes.
    let before = dump(&ledger);
    let again = history::import_history(&ledger, &request(HistoryKind::Meetings, &file), today()).unwrap();
    assert_eq!((again.added, again.unchanged), (0, 6));
    assert_eq!(dump(&ledger), before);
}

#[test]
fn bad_rows_are_refused_with_sheet_row_and_column_and_the_ledger_unchanged() {
    let (dir, demo) = demo_ledger();
    let fresh = roster_only(dir.path(), &demo);
    // A second 韦宇航 (no ID number in the file): his name no longer says who.
    let ledger = Ledger::open(&fresh).unwrap();
    let mut twin = zhibu_core::store::members::get(ledger.conn(), 1).unwrap().fields;
    twin.id_number = None;
    twin.birth_date = crate::support::d("1990-01-01");
    zhibu_core::app::add_member(&ledger, twin, today()).unwrap();
    let file = dir.path().join("坏台账.xlsx");
    let header = || vec![S("日期"), S("类型"), S("主题"), S("地点"), S("主持人"), S("请假人员")];
    write_book(
        &file,
        &[(
            "台账",
            vec![
                header(),
                vec![S("2026-01-05"), S("联欢会"), S("迎新"), S("礼堂"), Blank, Blank],
                vec![S("2026-02-30"), S("支委会"), S("二月"), S("会议室"), Blank, Blank],
                vec![S("2026-03-05"), S("党员大会"), S("三月"), S("会议室"), Blank, S("查无此人")],
                vec![S("2026-04-05"), S("党员大会"), S("四月"), S("会议室"), Blank, S("韦宇航（出差）")],
                vec![S("2026-05-05"), S("党员大会"), S("五月"), S("会议室"), Blank, Blank],
            ],
        )],
        &[],
    );
    let before = dump(&ledger);
    let err = history::import_history(&ledger, &request(HistoryKind::Meetings, &file), today()).unwrap_err();
    let got: Vec<(String, String)> = err.problems().iter().map(|p| (p.at.clone(), p.message.clone())).collect();
    let at: Vec<&str> = got.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(at, ["台账!B2", "台账!A3", "台账!F4", "台账!F5"], "{got:?}");
    assert!(got[0].1.starts_with("台账 第2行 B列（类型）：“联欢会”不是可识别的会议类型"), "{}", got[0].1);
    assert!(got[1].1.contains("不是有效日期"), "{}", got[1].1);
    assert!(got[2].1.contains("党员名册中没有“查无此人”"), "{}", got[2].1);
    assert!(got[3].1.contains("都叫“韦宇航”") && got[3].1.contains("身份证号"), "{}", got[3].1);
    assert_eq!(dump(&ledger), before, "a refused import changed the ledger");
    // The CLI says the same and exits 1.
    drop(ledger);
    assert_eq!(run(&fresh, &["import-meetings", file.to_str().unwrap(), "--today", TODAY]), 1);

    // --keep-good: the one good row goes in, the four others to a file with a 问题 column.
    assert_eq!(run(&fresh, &["import-meetings", file.to_str().unwrap(), "--keep-good", "--today", TODAY]), 0);
    assert_eq!(count(&fresh, "SELECT count(*) FROM activities"), 1);
    let fix = dir.path().join("坏台账-待修改.xlsx");
    let shown = crate::support::xlsx_read::display_sheet(&fix, "台账");
    assert_eq!(shown[0].last().unwrap(), "问题");
    assert_eq!(shown.len(), 5);
    assert!(shown[3].last().unwrap().contains("查无此人"));
}

#[test]
fn a_file_without_a_register_or_with_a_wrong_sheet_is_refused() {
    let (dir, demo) = demo_ledger();
    let fresh = roster_only(dir.path(), &demo);
    let file = dir.path().join("无关.xlsx");
    write_book(&file, &[("Sheet1", vec![vec![S("工资表")], vec![S("姓名"), S("基本工资")]])], &[]);
    let ledger = Ledger::open(&fresh).unwrap();
    let err = history::import_history(&ledger, &request(HistoryKind::Meetings, &file), today()).unwrap_err();
    assert!(err.to_string().contains("没有找到三会一课台账的表头"), "{err}");
    let mut req = request(HistoryKind::Dues, &file);
    req.sheet = Some("党费".into());
    let err = history::import_history(&ledger, &req, today()).unwrap_err();
    assert!(err.to_string().contains("没有名为“党费”的工作表"), "{err}");
}

#[test]
fn a_dues_grid_without_a_year_needs_one_and_bad_amounts_are_located() {
    let (dir, demo) = demo_ledger();
    let fresh = roster_only(dir.path(), &demo);
    let file = dir.path().join("党费.xlsx");
    let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    let mut header = vec![S("序号"), S("姓名")];
    header.extend(months.iter().map(|m| S(m.as_str())));
    header.push(S("合计"));
    let row = |n: f64, name: &'static str, cells: Vec<C<'static>>| {
        let mut r = vec![N(n), S(name)];
        r.extend(cells);
        r
    };
    let paid = |v: f64| (0..12).map(|_| N(v)).collect::<Vec<_>>();
    let mut bad = paid(50.0);
    bad[2] = S("五十元");
    let mut text = paid(80.0);
    text[0] = S("80.00元");
    text[1] = S("未缴");
    text[11] = S("—");
    let rows = vec![
        vec![S("党费收缴登记表")],
        header,
        row(1.0, "韦宇航", paid(100.0)),
        row(2.0, "陈雨萱", text),
        row(3.0, "叶红军", bad),
        vec![S("合计"), Blank, N(1.0)],
    ];
    write_book(&file, &[("党费", rows)], &[]);
    let ledger = Ledger::open(&fresh).unwrap();
    let before = dump(&ledger);
    let err = history::import_history(&ledger, &request(HistoryKind::Dues, &file), today()).unwrap_err();
    assert!(err.to_string().contains("没有写年份"), "{err}");
    let mut req = request(HistoryKind::Dues, &file);
    req.year = Some(2026);
    let err = history::import_history(&ledger, &req, today()).unwrap_err();
    let at: Vec<&str> = err.problems().iter().map(|p| p.at.as_str()).collect();
    assert_eq!(at, ["党费!E5"], "{err}");
    assert!(err.problems()[0].message.contains("“五十元”不是金额"), "{err}");
    assert_eq!(dump(&ledger), before);
    req.keep_good = true;
    req.problems_path = Some(dir.path().join("待修改.xlsx").display().to_string());
    let s = history::import_history(&ledger, &req, today()).unwrap();
    assert_eq!((s.added, s.refused), (12 + 10, 1));
    let fen: i64 = ledger
        .conn()
        .query_row("SELECT sum(paid_fen) FROM dues_payments WHERE month LIKE '2026-%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fen, 12 * 10_000 + 10 * 8_000);
}

#[test]
fn development_evaluations_and_trainings_from_excel() {
    let (dir, demo) = demo_ledger();
    let fresh = roster_only(dir.path(), &demo);
    let ledger = Ledger::open(&fresh).unwrap();
    let dev = dir.path().join("发展.xlsx");
    write_book(
        &dev,
        &[(
            "发展党员",
            vec![
                vec![S("2026年发展党员工作情况")],
                vec![
                    S("序号"),
                    S("姓名"),
                    S("性别"),
                    S("公民身份证号"),
                    S("申请入党时间"),
                    S("确定为入党积极分子时间"),
                    S("确定为发展对象时间"),
                    S("接收为预备党员时间"),
                    S("转正时间"),
                ],
                vec![
                    N(1.0),
                    S("林晓"),
                    S("女"),
                    S("110105200003070020"),
                    S("2023.03.01"),
                    S("2023年9月1日"),
                    S("2025-03-01"),
                    Blank,
                    Blank,
                ],
                vec![N(2.0), S("周明"), Blank, S("110105199901010016"), S("2024/3/1"), Blank, Blank, Blank, Blank],
            ],
        )],
        &[],
    );
    let s = history::import_history(&ledger, &request(HistoryKind::Development, &dev), today()).unwrap();
    assert_eq!(s.added, 2);
    let steps = count(&fresh, "SELECT count(*) FROM development_steps s JOIN development_people p ON p.id = s.person_id WHERE p.name IN ('林晓', '周明')");
    assert_eq!(steps, 4);
    let again = history::import_history(&ledger, &request(HistoryKind::Development, &dev), today()).unwrap();
    assert_eq!((again.added, again.unchanged), (0, 2));

    let ev = dir.path().join("评议.xlsx");
    write_book(
        &ev,
        &[(
            "评议",
            vec![
                vec![S("2025年度民主评议党员结果")],
                vec![S("姓名"), S("评议等次")],
                vec![S("韦宇航"), S("优秀")],
                vec![S("陈雨萱 "), S("合格党员")],
            ],
        )],
        &[],
    );
    let s = history::import_history(&ledger, &request(HistoryKind::Evaluations, &ev), today()).unwrap();
    assert_eq!(s.added, 2);
    assert!(s.notes.iter().any(|n| n.contains("2025年")), "{:?}", s.notes);
    assert_eq!(count(&fresh, "SELECT count(*) FROM evaluations WHERE year = 2025"), 2);

    let id: String =
        ledger.conn().query_row("SELECT id_number FROM members WHERE name = '韦宇航'", [], |r| r.get(0)).unwrap();
    let tr = dir.path().join("培训.xlsx");
    write_book(
        &tr,
        &[(
            "培训",
            vec![
                vec![S("姓名"), S("公民身份证号"), S("培训日期"), S("培训名称"), S("学时"), S("主办单位")],
                vec![S("韦宇航"), S(&id), Date(2026, 5, 12), S("党务干部培训班"), S("16学时"), S("市委党校")],
                vec![S("叶红军"), Blank, S("2026.6.1"), S("网络专题学习"), N(4.5), Blank],
            ],
        )],
        &[],
    );
    let s = history::import_history(&ledger, &request(HistoryKind::Trainings, &tr), today()).unwrap();
    assert_eq!(s.added, 2);
    assert_eq!(count(&fresh, "SELECT sum(hours_tenths) FROM trainings"), 160 + 45);
    let before = dump(&ledger);
    let again = history::import_history(&ledger, &request(HistoryKind::Trainings, &tr), today()).unwrap();
    assert_eq!(again.unchanged, 2);
    assert_eq!(dump(&ledger), before);
}

#[test]
fn dues_as_rows_and_attendance_as_names_in_other_columns() {
    let (dir, demo) = demo_ledger();
    let fresh = roster_only(dir.path(), &demo);
    let ledger = Ledger::open(&fresh).unwrap();
    // 党费 as a list: member, month written three ways, amount as number or text, the date paid.
    let file = dir.path().join("党费清单.xlsx");
    write_book(
        &file,
        &[(
            "缴纳记录",
            vec![
                vec![S("2026年党费缴纳明细")],
                vec![S("姓名"), S("缴纳月份"), S("实缴金额（元）"), S("缴纳日期")],
                vec![S("韦宇航"), S("2026年3月"), N(120.5), S("2026.03.10")],
                vec![S("韦宇航"), S("4月"), S("￥1,20.50"), Date(2026, 4, 9)],
                vec![S("叶红军"), Date(2026, 3, 1), S("80元"), S("2026年3月12日")],
                vec![S("合计"), Blank, N(321.0), Blank],
            ],
        )],
        &[],
    );
    let s = history::import_history(&ledger, &request(HistoryKind::Dues, &file), today()).unwrap();
    assert_eq!(s.added, 3);
    let rows: Vec<(String, i64, String)> = ledger
        .conn()
        .prepare("SELECT month, paid_fen, paid_on FROM dues_payments ORDER BY month, paid_fen")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        rows,
        [
            ("2026-03".to_string(), 8_000, "2026-03-12".to_string()),
            ("2026-03".to_string(), 12_050, "2026-03-10".to_string()),
            ("2026-04".to_string(), 12_050, "2026-04-09".to_string()),
        ]
    );

    // A register listing who came (出席人员), and one whose 请假 column holds names, not a count.
    let reg = dir.path().join("会议.xlsx");
    write_book(
        &reg,
        &[(
            "会议",
            vec![
                vec![S("日期"), S("类型"), S("主题"), S("地点"), S("出席人员"), S("请假")],
                vec![S("2026-06-02"), S("支委会"), S("六月支委会"), S("会议室"), Blank, S("韦宇航（开会）")],
                vec![S("2026-06-09"), S("党员大会"), S("六月党员大会"), S("会议室"), S("韦宇航、叶红军"), Blank],
            ],
        )],
        &[],
    );
    let s = history::import_history(&ledger, &request(HistoryKind::Meetings, &reg), today()).unwrap();
    assert_eq!(s.added, 2, "{:?}", s.notes);
    let counts: Vec<(String, String, i64)> = ledger
        .conn()
        .prepare(
            "SELECT a.topic, x.status, count(*) FROM attendance x JOIN activities a ON a.id = x.activity_id
             GROUP BY a.topic, x.status ORDER BY a.topic, x.status",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let get =
        |topic: &str, status: &str| counts.iter().find(|(t, s, _)| t == topic && s == status).map(|c| c.2).unwrap_or(0);
    assert_eq!(get("六月支委会", "leave"), 1);
    assert_eq!(get("六月党员大会", "present"), 2);
    assert!(get("六月党员大会", "absent") > 10, "everyone else expected is recorded absent: {counts:?}");
    assert!(s.notes.iter().any(|n| n.contains("登记为缺席")), "{:?}", s.notes);
}

#[test]
fn a_dues_grid_with_due_and_paid_under_each_month_reads_the_paid_column() {
    let (dir, demo) = demo_ledger();
    let fresh = roster_only(dir.path(), &demo);
    let ledger = Ledger::open(&fresh).unwrap();
    let file = dir.path().join("党费两栏.xlsx");
    // 2026年 over the whole table's months; each month merged over 应缴 and 实缴.
    let mut top = vec![S("序号"), S("姓名")];
    let mut sub = vec![Blank, Blank];
    let mut row = vec![N(1.0), S("韦宇航")];
    let names: Vec<String> = (1..=3).map(|m| format!("2026年{m}月")).collect();
    for name in &names {
        top.push(S(name.as_str()));
        top.push(Blank);
        sub.push(S("应缴"));
        sub.push(S("实缴"));
        row.push(N(100.0));
        row.push(N(90.0));
    }
    let merges: Vec<(&str, u32, u16, u32, u16, &str)> =
        (0..3).map(|i| ("表", 0, 2 + 2 * i as u16, 0, 3 + 2 * i as u16, names[i].as_str())).collect();
    write_book(&file, &[("表", vec![top, sub, row])], &merges);
    let s = history::import_history(&ledger, &request(HistoryKind::Dues, &file), today()).unwrap();
    assert_eq!(s.added, 3);
    let fen: i64 = ledger.conn().query_row("SELECT sum(paid_fen) FROM dues_payments", [], |r| r.get(0)).unwrap();
    assert_eq!(fen, 3 * 9_000, "the 实缴 column, not the 应缴 one");
}

#[test]
fn the_cli_previews_as_json_and_writes_nothing() {
    let (dir, demo) = demo_ledger();
    let fresh = roster_only(dir.path(), &demo);
    let file = dir.path().join("三会一课登记.xlsx");
    messy_register(&file);
    let before = dump(&Ledger::open(&fresh).unwrap());
    let args = ["import-meetings", file.to_str().unwrap(), "--preview", "--json", "--today", TODAY];
    assert_eq!(run(&fresh, &args), 0);
    assert_eq!(dump(&Ledger::open(&fresh).unwrap()), before, "a preview writes nothing");
    // A sheet that is not there: exit 1.
    let args = ["import-meetings", file.to_str().unwrap(), "--sheet", "第五季度", "--today", TODAY];
    assert_eq!(run(&fresh, &args), 1);
    // Wrong usage (no file): exit 2.
    assert_eq!(run(&fresh, &["import-dues"]), 2);
}

/// The 三会一课台账 this program exports keeps those away in one column, each list labelled
/// (`请假：王五（出差）、赵六；缺席：孙七`): the label sets the status of the names after it.
#[test]
fn one_column_of_labelled_leave_and_absence_lists_is_read_by_its_labels() {
    let (dir, demo) = demo_ledger();
    let fresh = roster_only(dir.path(), &demo);
    let ledger = Ledger::open(&fresh).unwrap();
    let reg = dir.path().join("会议.xlsx");
    write_book(
        &reg,
        &[(
            "会议",
            vec![
                vec![S("日期"), S("类型"), S("主题"), S("地点"), S("请假、缺席人员及原因")],
                vec![
                    S("2026-06-09"),
                    S("党员大会"),
                    S("六月党员大会"),
                    S("会议室"),
                    S("请假：韦宇航（出差）、叶红军；缺席：陈雨萱"),
                ],
            ],
        )],
        &[],
    );
    let s = history::import_history(&ledger, &request(HistoryKind::Meetings, &reg), today()).unwrap();
    assert_eq!(s.added, 1, "{:?}", s.notes);
    let away: Vec<(String, String, Option<String>)> = ledger
        .conn()
        .prepare(
            "SELECT m.name, x.status, x.reason FROM attendance x JOIN members m ON m.id = x.member_id
             WHERE x.status <> 'present' ORDER BY x.status, m.name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        away,
        [
            ("陈雨萱".to_string(), "absent".to_string(), None),
            ("叶红军".to_string(), "leave".to_string(), Some("原台账未写明原因".to_string())),
            ("韦宇航".to_string(), "leave".to_string(), Some("出差".to_string())),
        ]
    );
}
