//! History registers whose headers say something else than what the columns hold: columns mapped by
//! hand in the preview (the roster's mechanism, `import::mapping`), remembered for the next file of
//! the same shape, the same on the command line (`--column`); every column listed, those not
//! understood as 不导入.

use std::path::Path;

use zhibu_core::app::history::{self, HistoryField, HistoryKind, SheetMapping};
use zhibu_core::Ledger;

use super::history::{request, roster_only, write_book, C, C::*};
use crate::support::cli::{demo_ledger, run};
use crate::support::{today, TODAY};

/// A 学习记录 kept by hand: the topic under 学习内容, the date under 时间, and a 天气 column nobody
/// can place.
fn study_register(path: &Path, rows: &[(&'static str, &'static str, &'static str)]) {
    let mut sheet: Vec<Vec<C>> = vec![
        vec![S("2026年支部学习记录")],
        vec![S("序号"), S("时间"), S("类型"), S("学习内容"), S("地点"), S("主持人"), S("天气")],
    ];
    for (i, (date, kind, topic)) in rows.iter().enumerate() {
        sheet.push(vec![N(i as f64 + 1.0), S(date), S(kind), S(topic), S("党员活动室"), S("韦宇航"), S("晴")]);
    }
    write_book(path, &[("学习记录", sheet)], &[]);
}

fn topics(ledger: &Ledger) -> Vec<(String, String)> {
    ledger
        .conn()
        .prepare("SELECT date, topic FROM activities ORDER BY date")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn columns_mapped_by_hand_are_imported_and_remembered_for_the_next_file() {
    let (dir, demo) = demo_ledger();
    let fresh = roster_only(dir.path(), &demo);
    let ledger = Ledger::open(&fresh).unwrap();
    let first = dir.path().join("学习记录上半年.xlsx");
    study_register(&first, &[("2026.06.12", "支部党员大会", "学习党章"), ("2026年7月3日", "支委会", "研究七月工作")]);

    // Matched by header: 时间 is a time of day, 学习内容 the content; no 日期, so nothing can be read.
    let p = history::preview_history_import(&ledger, &request(HistoryKind::Meetings, &first), today()).unwrap();
    let sheet = &p.sheets[0];
    assert!(!sheet.mapping_remembered);
    let fields: Vec<(&str, Option<HistoryField>)> =
        sheet.mapping.columns.iter().map(|c| (c.header.as_str(), c.field)).collect();
    assert_eq!(
        fields,
        [
            ("序号", None),
            ("时间", Some(HistoryField::Time)),
            ("类型", Some(HistoryField::Type)),
            ("学习内容", Some(HistoryField::Content)),
            ("地点", Some(HistoryField::Place)),
            ("主持人", Some(HistoryField::Host)),
            ("天气", None),
        ]
    );
    assert!(sheet.columns.contains(&"G（天气）→ 不导入".to_string()), "{:?}", sheet.columns);
    assert!(p.problems.iter().any(|q| q.message.contains("缺少“日期”列")), "{:?}", p.problems);
    assert!(p.fields.iter().any(|f| f.field == HistoryField::Topic && f.label == "会议主题"));
    assert!(history::import_history(&ledger, &request(HistoryKind::Meetings, &first), today()).is_err());
    assert!(topics(&ledger).is_empty(), "refused: nothing written");

    // By hand: 时间 is the date, 学习内容 the topic.
    let mut mapping = sheet.mapping.clone();
    for c in &mut mapping.columns {
        match c.header.as_str() {
            "时间" => c.field = Some(HistoryField::Date),
            "学习内容" => c.field = Some(HistoryField::Topic),
            _ => {}
        }
    }
    let mut req = request(HistoryKind::Meetings, &first);
    req.mappings = vec![SheetMapping { sheet: "学习记录".into(), mapping }];
    let p = history::preview_history_import(&ledger, &req, today()).unwrap();
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.new_count, 2);
    assert!(p.sheets[0].columns.contains(&"B（时间）→ 日期".to_string()), "{:?}", p.sheets[0].columns);
    let s = history::import_history(&ledger, &req, today()).unwrap();
    assert_eq!(s.added, 2);
    assert_eq!(
        topics(&ledger),
        [("2026-06-12".to_string(), "学习党章".to_string()), ("2026-07-03".to_string(), "研究七月工作".to_string())]
    );

    // The next file of the same shape is matched the same way, without asking.
    let second = dir.path().join("学习记录下半年.xlsx");
    study_register(&second, &[("2026.09.18", "支部党员大会", "学习条例")]);
    let p = history::preview_history_import(&ledger, &request(HistoryKind::Meetings, &second), today()).unwrap();
    assert!(p.sheets[0].mapping_remembered);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let s = history::import_history(&ledger, &request(HistoryKind::Meetings, &second), today()).unwrap();
    assert_eq!(s.added, 1);
    assert_eq!(topics(&ledger).last().unwrap().1, "学习条例");
    // Remembered per kind: a 培训 file with the same headers is still matched by its headers.
    let p = history::preview_history_import(&ledger, &request(HistoryKind::Trainings, &second), today());
    assert!(p.map(|p| !p.sheets[0].mapping_remembered).unwrap_or(true));
}

#[test]
fn the_cli_takes_columns_by_header_or_letter_and_names_a_column_or_field_it_cannot_find() {
    let (dir, demo) = demo_ledger();
    let fresh = roster_only(dir.path(), &demo);
    let file = dir.path().join("学习记录.xlsx");
    study_register(&file, &[("2026.06.12", "支部党员大会", "学习党章")]);
    let path = file.to_str().unwrap();
    // Without the columns: refused, nothing written.
    assert_eq!(run(&fresh, &["import-meetings", path, "--today", TODAY]), 1);
    // A column that is not there, a field that does not exist: exit 1.
    assert_eq!(run(&fresh, &["import-meetings", path, "--column", "日子=日期", "--today", TODAY]), 1);
    assert_eq!(run(&fresh, &["import-meetings", path, "--column", "时间=天气", "--today", TODAY]), 1);
    assert_eq!(run(&fresh, &["import-meetings", path, "--column", "时间", "--today", TODAY]), 1);
    assert!(topics(&Ledger::open(&fresh).unwrap()).is_empty());
    let args = ["import-meetings", path, "--column", "时间=日期", "--column", "D=会议主题", "--today", TODAY];
    assert_eq!(run(&fresh, &args), 0);
    assert_eq!(topics(&Ledger::open(&fresh).unwrap()), [("2026-06-12".to_string(), "学习党章".to_string())]);
    // Remembered: the next file of this shape needs no --column.
    let next = dir.path().join("学习记录2.xlsx");
    study_register(&next, &[("2026.09.18", "支部党员大会", "学习条例")]);
    assert_eq!(run(&fresh, &["import-meetings", next.to_str().unwrap(), "--today", TODAY]), 0);
    assert_eq!(topics(&Ledger::open(&fresh).unwrap()).len(), 2);

    // A workbook whose second sheet is headed the usual way: the columns chosen apply where they are.
    let two = dir.path().join("两个工作表.xlsx");
    let study = vec![
        vec![S("序号"), S("时间"), S("类型"), S("学习内容"), S("地点"), S("主持人")],
        vec![N(1.0), S("2026.10.09"), S("支部党员大会"), S("学习十月"), S("活动室"), S("韦宇航")],
    ];
    let usual = vec![
        vec![S("会议日期"), S("会议类型"), S("会议主题"), S("地点")],
        vec![S("2026-10-20"), S("支部党员大会"), S("十月第二次"), S("活动室")],
    ];
    write_book(&two, &[("学习", study), ("会议", usual)], &[]);
    let args = [
        "import-meetings",
        two.to_str().unwrap(),
        "--column",
        "时间=日期",
        "--column",
        "学习内容=主题",
        "--today",
        TODAY,
    ];
    assert_eq!(run(&fresh, &args), 0);
    let all = topics(&Ledger::open(&fresh).unwrap());
    assert_eq!(all[all.len() - 2..].iter().map(|t| t.1.as_str()).collect::<Vec<_>>(), ["学习十月", "十月第二次"]);
}

const BRANCH1: &str = "中共江北市教育局机关第一支部委员会";
const BRANCH2: &str = "中共江北市教育局机关第二支部委员会";

/// A 党委 (id 1) with two branches (2, 3), and three members from a roster naming the branches by
/// short names: 支部成员0 and 支部成员2 in the first, 支部成员1 in the second.
fn committee(dir: &Path) -> Ledger {
    use zhibu_core::model::{OrgFields, OrgKind, Sector};
    let ledger = Ledger::open_or_create(&dir.join("党委.db")).unwrap();
    ledger
        .write(|tx| {
            let top = zhibu_core::store::orgs::insert(
                tx,
                &OrgFields::new("中共江北市教育局委员会", OrgKind::Committee, Sector::Government),
                None,
            )?;
            for name in [BRANCH1, BRANCH2] {
                let mut f = OrgFields::new(name, OrgKind::Branch, Sector::Government);
                f.parent_id = Some(top);
                zhibu_core::store::orgs::insert(tx, &f, None)?;
            }
            Ok(())
        })
        .unwrap();
    let roster = dir.join("花名册.xlsx");
    super::messy::branches_xlsx(&roster, &["第一党支部", "二支部", "第一党支部"]);
    let req = zhibu_core::import::roster::RosterImportRequest {
        path: roster.display().to_string(),
        org_id: 1,
        ..Default::default()
    };
    assert_eq!(zhibu_core::app::roster::import_roster(&ledger, &req, today()).unwrap().added, 3);
    ledger
}

fn committee_register(path: &Path, rows: &[(&'static str, &'static str, &'static str, &'static str)]) {
    let mut sheet: Vec<Vec<C>> = vec![
        vec![S("教育局党委2026年各支部“三会一课”汇总台账")],
        vec![S("序号"), S("所在支部"), S("会议日期"), S("会议类型"), S("会议主题"), S("地点"), S("主持人")],
    ];
    for (i, (branch, date, topic, host)) in rows.iter().enumerate() {
        sheet.push(vec![N(i as f64 + 1.0), S(branch), S(date), S("支部党员大会"), S(topic), S("活动室"), S(host)]);
    }
    write_book(path, &[("汇总", sheet)], &[]);
}

fn meetings_by_org(ledger: &Ledger) -> Vec<(String, i64)> {
    ledger
        .conn()
        .prepare("SELECT topic, org_id FROM activities ORDER BY date")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn a_committees_register_goes_row_by_row_to_the_branch_each_names() {
    use zhibu_core::app::roster::BranchChoice;
    let dir = tempfile::tempdir().unwrap();
    let ledger = committee(dir.path());
    let file = dir.path().join("党委汇总.xlsx");
    committee_register(
        &file,
        &[
            ("第一党支部", "2026-03-10", "学习一", "支部成员0"),
            ("二支部", "2026-03-12", "学习二", "支部成员1"),
            ("离退休支部", "2026-03-15", "学习三", "支部成员1"),
        ],
    );
    let mut req = request(HistoryKind::Meetings, &file);
    req.org_id = 1;
    let p = history::preview_history_import(&ledger, &req, today()).unwrap();
    assert!(p.sheets[0].columns.contains(&"B（所在支部）→ 所在支部".to_string()), "{:?}", p.sheets[0].columns);
    let got: Vec<(&str, u32, Option<i64>, &str)> =
        p.branches.iter().map(|b| (b.name.as_str(), b.rows, b.org_id, b.how.as_str())).collect();
    assert_eq!(
        got,
        [
            ("第一党支部", 1, Some(2), "名称相符"),
            ("二支部", 1, Some(3), "名称相符"),
            ("离退休支部", 1, None, "台账中没有对应的组织，请选择")
        ]
    );
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    assert!(
        p.problems[0].message.starts_with("汇总 第5行 B列（所在支部）：台账中没有名为“离退休支部”"),
        "{}",
        p.problems[0].message
    );
    assert!(history::import_history(&ledger, &req, today()).is_err());
    assert!(meetings_by_org(&ledger).is_empty());

    // Asked once: the name is given its branch, and the register goes in, each row to its branch.
    req.branch_map = vec![BranchChoice { name: "离退休支部".into(), org_id: 3 }];
    assert_eq!(history::import_history(&ledger, &req, today()).unwrap().added, 3);
    assert_eq!(
        meetings_by_org(&ledger),
        [("学习一".to_string(), 2), ("学习二".to_string(), 3), ("学习三".to_string(), 3)]
    );
    // Remembered, for this kind and for the roster alike.
    let next = dir.path().join("下季度.xlsx");
    committee_register(&next, &[("离退休支部", "2026-06-15", "学习四", "支部成员1")]);
    let mut req = request(HistoryKind::Meetings, &next);
    req.org_id = 1;
    let p = history::preview_history_import(&ledger, &req, today()).unwrap();
    assert_eq!((p.branches[0].org_id, p.branches[0].how.as_str()), (Some(3), "上次导入时选择"));
    assert!(p.problems.is_empty(), "{:?}", p.problems);

    // A host is looked for in the row's branch: 支部成员0 is not in the second.
    let wrong = dir.path().join("主持人不在本支部.xlsx");
    committee_register(&wrong, &[("二支部", "2026-06-20", "学习五", "支部成员0")]);
    let mut req = request(HistoryKind::Meetings, &wrong);
    req.org_id = 1;
    let p = history::preview_history_import(&ledger, &req, today()).unwrap();
    assert!(p.notes.iter().any(|n| n.contains("主持人“支部成员0”未登记")), "{:?}", p.notes);
}

#[test]
fn a_committees_dues_grid_finds_each_member_in_the_branch_the_row_names() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = committee(dir.path());
    let file = dir.path().join("党委党费.xlsx");
    let rows = vec![
        vec![S("2026年党费收缴汇总")],
        vec![S("姓名"), S("支部名称"), S("1月"), S("2月"), S("3月")],
        vec![S("支部成员0"), S("第一党支部"), N(50.0), N(50.0), N(50.0)],
        vec![S("支部成员1"), S("二支部"), N(30.0), N(30.0), S("未缴")],
        vec![S("支部成员2"), S("二支部"), N(20.0), N(20.0), N(20.0)],
    ];
    write_book(&file, &[("党费", rows)], &[]);
    let mut req = request(HistoryKind::Dues, &file);
    req.org_id = 1;
    let p = history::preview_history_import(&ledger, &req, today()).unwrap();
    assert_eq!(p.branches.iter().map(|b| b.org_id).collect::<Vec<_>>(), [Some(2), Some(3)]);
    // 支部成员2 is in the first branch, not the second the row names.
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    assert!(p.problems[0].message.contains("党员名册中没有“支部成员2”"), "{}", p.problems[0].message);
    req.keep_good = true;
    req.problems_path = Some(dir.path().join("待修改.xlsx").display().to_string());
    let s = history::import_history(&ledger, &req, today()).unwrap();
    assert_eq!((s.added, s.refused), (5, 1));

    // 民主评议 without a 所在支部 column at the 党委: names found across its branches.
    let eval = dir.path().join("评议.xlsx");
    let rows = vec![
        vec![S("2025年度民主评议党员结果")],
        vec![S("姓名"), S("评议等次")],
        vec![S("支部成员1"), S("优秀")],
        vec![S("支部成员2"), S("合格")],
    ];
    write_book(&eval, &[("评议", rows)], &[]);
    let mut req = request(HistoryKind::Evaluations, &eval);
    req.org_id = 1;
    assert_eq!(history::import_history(&ledger, &req, today()).unwrap().added, 2);
}

#[test]
fn the_cli_routes_a_committees_register_with_branch_names_given_by_branch() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = committee(dir.path());
    let key = |id: i64| -> String {
        ledger.conn().query_row("SELECT key FROM organizations WHERE id = ?1", [id], |r| r.get(0)).unwrap()
    };
    let (top, second) = (key(1), key(3));
    drop(ledger);
    let db = dir.path().join("党委.db");
    let file = dir.path().join("党委汇总.xlsx");
    committee_register(
        &file,
        &[("第一党支部", "2026-03-10", "学习一", "支部成员0"), ("离退休支部", "2026-03-15", "学习三", "支部成员1")],
    );
    let path = file.to_str().unwrap();
    // The unknown name: refused until it is given a branch; a --branch not of the form NAME=KEY too.
    assert_eq!(run(&db, &["import-meetings", path, "--org", &top, "--today", TODAY]), 1);
    assert_eq!(run(&db, &["import-meetings", path, "--org", &top, "--branch", "离退休支部", "--today", TODAY]), 1);
    assert!(meetings_by_org(&Ledger::open(&db).unwrap()).is_empty());
    let given = format!("离退休支部={second}");
    assert_eq!(run(&db, &["import-meetings", path, "--org", &top, "--branch", &given, "--today", TODAY]), 0);
    assert_eq!(meetings_by_org(&Ledger::open(&db).unwrap()), [("学习一".to_string(), 2), ("学习三".to_string(), 3)]);
}
