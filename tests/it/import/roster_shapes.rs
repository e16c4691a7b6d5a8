//! Every roster shape of `messy` imported as a new user would: what is read, what is decided for the
//! user (notes), what is flagged to check (warnings), what is refused (sheet/row/column, exit 1,
//! ledger unchanged), and the rows kept aside to fix (`--keep-good`).

use std::path::Path;

use calamine::{Data, Reader};
use zhibu_core::import::roster::{self, BranchChoice, RosterField, RosterImportRequest, ValueOverride};
use zhibu_core::model::{Category, MemberFields, MemberStatus, OrgFields, OrgKind, Sector};
use zhibu_core::store::members::{self, MemberFilter};
use zhibu_core::store::orgs;
use zhibu_core::{Error, Ledger};

use super::messy::{self, id_for};
use crate::support::{cli, d, dump, today};

const BRANCH1: &str = "中共江北市教育局机关第一支部委员会";
const BRANCH2: &str = "中共江北市教育局机关第二支部委员会";

/// A committee and `branches` branches under it (ids: committee 1, branches 2, 3, …).
fn add_orgs(ledger: &Ledger, branches: usize) {
    ledger
        .write(|tx| {
            let top = orgs::insert(
                tx,
                &OrgFields::new("中共江北市教育局委员会", OrgKind::Committee, Sector::Government),
                None,
            )?;
            for name in [BRANCH1, BRANCH2].into_iter().take(branches) {
                let mut f = OrgFields::new(name, OrgKind::Branch, Sector::Government);
                f.parent_id = Some(top);
                orgs::insert(tx, &f, None)?;
            }
            Ok(())
        })
        .unwrap();
}

fn ledger(branches: usize) -> Ledger {
    let l = Ledger::in_memory().unwrap();
    add_orgs(&l, branches);
    l
}

fn request(path: &Path) -> RosterImportRequest {
    RosterImportRequest { path: path.display().to_string(), org_id: 2, ..Default::default() }
}

fn members_of(ledger: &Ledger) -> Vec<MemberFields> {
    let mut v: Vec<MemberFields> =
        members::list(ledger.conn(), &MemberFilter::default()).unwrap().into_iter().map(|m| m.fields).collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

fn by<'a>(all: &'a [MemberFields], name: &str) -> &'a MemberFields {
    all.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("{name} not imported"))
}

fn messages(ps: &[zhibu_core::error::Problem]) -> Vec<String> {
    ps.iter().map(|p| p.message.clone()).collect()
}

#[test]
fn messy_files_written() {
    let keep = std::env::var_os("ZHIBU_MESSY_DIR");
    let tmp = tempfile::tempdir().unwrap();
    let dir = keep.as_ref().map(|d| Path::new(d).to_path_buf()).unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    assert_eq!(messy::write_all(&dir).len(), 11);
}

/// The hand-kept roster (no 人员类别, no 所在党支部, every date style): read whole, 人员类别 from
/// the dates, 入党时间 with only a month flagged, the 合计/注/填表人 rows passed over.
/// `title_rows`: rows above the header (2 in the workbook, none in the CSV and the .ods).
fn check_hand_kept(path: &Path, title_rows: u32) -> Vec<MemberFields> {
    let row = |n: u32| n - 2 + title_rows;
    let ledger = ledger(1);
    let p = roster::preview_import(&ledger, &request(path), today()).unwrap();
    assert!(p.problems.is_empty(), "{}: {:#?}", path.display(), p.problems);
    assert_eq!(p.rows.len(), 6);
    assert_eq!(p.notes.len(), 2, "{:#?}", p.notes);
    assert_eq!(p.notes[0], format!("第{}至{}行是合计、说明或签名行，不是党员，未导入", row(11), row(13)));
    assert_eq!(
        p.notes[1],
        format!("表中没有人员类别（正式/预备）列，按日期推定：有转正时间的为正式党员；入党不满一年且没有转正时间的为预备党员；其余为正式党员。推定为预备党员的是第{}行，其余5行为正式党员", row(8))
    );
    let sheet = &p.sheet;
    assert_eq!(
        messages(&p.warnings),
        [
            format!("{sheet} 第{}行 H列（入党时间）：只有年月（1995-07），按1995-07-01导入，请核对实际日期", row(9)),
            format!("{sheet} 第{}行 H列（入党时间）：只有年月（2002-07），按2002-07-01导入，请核对实际日期", row(10)),
        ]
    );
    assert!(p.rows.iter().all(|r| r.status_inferred));
    let s = roster::import(&ledger, &request(path), today()).unwrap();
    assert_eq!((s.added, s.warnings.len(), s.notes.len()), (6, 2, 2));
    let all = members_of(&ledger);
    assert_eq!(
        all.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        ["周丽", "张伟", "李娜", "王强", "赵敏", "陈刚"]
    );
    assert_eq!(by(&all, "赵敏").status, MemberStatus::Probationary);
    assert_eq!(by(&all, "张伟").birth_date, d("1985-07-12"), "出生年月 completed by the ID number");
    assert_eq!(by(&all, "张伟").joined_on, d("2008-07-01"));
    assert_eq!(by(&all, "张伟").full_member_on, Some(d("2009-07-01")));
    assert_eq!(by(&all, "李娜").full_member_on, Some(d("2013-06-30")));
    assert_eq!(by(&all, "王强").id_number.as_deref().map(str::len), Some(18), "15-digit ID upgraded");
    assert_eq!(by(&all, "王强").birth_date, d("1978-11-03"), "full-width 出生年月");
    assert_eq!(by(&all, "王强").joined_on, d("2003-07-01"));
    assert_eq!(by(&all, "王强").full_member_on, Some(d("2004-07-01")));
    assert_eq!(by(&all, "陈刚").joined_on, d("1995-07-01"));
    assert_eq!(by(&all, "周丽").full_member_on, Some(d("2003-07-01")), "2003 年 7 月 1 日 with spaces");
    assert!(all.iter().all(|m| m.org_id == 2), "into the only branch");
    all
}

#[test]
fn hand_kept_roster_in_xlsx_csv_and_ods_imports_the_same_members() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("手工花名册.xlsx");
    messy::hand_kept_xlsx(&xlsx);
    let from_xlsx = check_hand_kept(&xlsx, 2);
    let csv = dir.path().join("手工花名册.csv");
    messy::hand_kept_utf8_csv(&csv);
    assert_eq!(check_hand_kept(&csv, 0), from_xlsx);
    let ods = dir.path().join("手工花名册.ods");
    std::fs::write(&ods, messy::ods(&messy::hand_kept_rows())).unwrap();
    assert_eq!(check_hand_kept(&ods, 0), from_xlsx);
}

#[test]
fn another_systems_export_is_read_by_its_values() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("系统导出.xlsx");
    messy::other_system_xlsx(&xlsx);
    let csv = dir.path().join("系统导出.csv");
    messy::other_system_gbk_csv(&csv);
    let mut imported = Vec::new();
    for path in [&xlsx, &csv] {
        let ledger = ledger(1);
        let p = roster::preview_import(&ledger, &request(path), today()).unwrap();
        assert!(p.problems.is_empty(), "{:#?}", p.problems);
        let field = |letter: &str| p.mapping.columns.iter().find(|c| c.letter == letter).unwrap().field;
        assert_eq!((field("F"), field("G")), (Some(RosterField::Category), Some(RosterField::Status)));
        assert_eq!(
            p.notes,
            [
                "F列“人员类别”的内容是教职工、学生、退休教职工，按“党员分类”导入",
                "G列“党籍状态（正式党员或预备党员）”的内容是正式党员、预备党员，按“人员类别”导入"
            ]
        );
        assert_eq!(p.branches.len(), 1);
        assert_eq!((p.branches[0].name.as_str(), p.branches[0].rows, p.branches[0].org_id), ("第一党支部", 4, Some(2)));
        roster::import(&ledger, &request(path), today()).unwrap();
        let all = members_of(&ledger);
        let cat = |n: &str| (by(&all, n).category, by(&all, n).status);
        assert_eq!(cat("孙立"), (Category::Employed, MemberStatus::Full));
        assert_eq!(cat("钱多"), (Category::Student, MemberStatus::Probationary));
        assert_eq!(cat("吴刚"), (Category::Retired, MemberStatus::Full));
        assert_eq!(cat("郑洁"), (Category::Student, MemberStatus::Full));
        imported.push(all);
    }
    assert_eq!(imported[0], imported[1], "the GBK CSV reads as the workbook");
}

#[test]
fn a_header_of_two_merged_rows_is_read_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("两行表头.xlsx");
    messy::merged_header_xlsx(&path);
    let ledger = ledger(1);
    let p = roster::preview_import(&ledger, &request(&path), today()).unwrap();
    assert!(p.problems.is_empty(), "{:#?}", p.problems);
    assert_eq!(p.mapping.header_row, 3);
    assert_eq!(p.rows.len(), 2);
    roster::import(&ledger, &request(&path), today()).unwrap();
    let all = members_of(&ledger);
    assert_eq!(by(&all, "卫红").status, MemberStatus::Probationary);
    assert_eq!(by(&all, "冯军").full_member_on, Some(d("2011-07-01")));
}

#[test]
fn xls_and_wps_et_files_import() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["旧版.xls", "WPS表格.et"] {
        let path = dir.path().join(name);
        std::fs::write(&path, messy::legacy_xls()).unwrap();
        let ledger = ledger(1);
        let s = roster::import(&ledger, &request(&path), today()).unwrap();
        assert_eq!(s.added, 2, "{name}");
        assert_eq!(by(&members_of(&ledger), "蒋平").joined_on, d("1990-07-01"));
    }
}

#[test]
fn id_numbers_stored_as_numbers_are_refused_in_one_message_naming_the_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("数字身份证号.xlsx");
    messy::numeric_ids_xlsx(&path, 30);
    let ledger = ledger(1);
    let before = dump(&ledger);
    let p = roster::preview_import(&ledger, &request(&path), today()).unwrap();
    assert_eq!(p.problems.len(), 1, "{:#?}", p.problems);
    assert_eq!(p.problems[0].at, "花名册!D2");
    assert_eq!(
        p.problems[0].message,
        "花名册 D列（身份证号）D2:D31 共30个单元格：身份证号被存成了数字，Excel 只保留15位有效数字，后几位已经丢失，无法导入。请在 Excel/WPS 中把该列设置为“文本”格式后重新输入，或从原始资料粘贴身份证号"
    );
    assert_eq!(p.rows[0].problems.len(), 1, "each row still says it");
    assert!(matches!(roster::import(&ledger, &request(&path), today()), Err(Error::Invalid(_))));
    assert_eq!(dump(&ledger), before);
}

fn ledger_file(dir: &Path, branches: usize) -> std::path::PathBuf {
    let db = dir.join("ledger.db");
    let l = Ledger::open_or_create(&db).unwrap();
    add_orgs(&l, branches);
    drop(l);
    db
}

fn file_dump(db: &Path) -> String {
    dump(&Ledger::open(db).unwrap())
}

#[test]
fn cli_refuses_bad_files_with_exit_1_and_keeps_good_rows_aside_with_keep_good() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger_file(dir.path(), 1);
    let numeric = dir.path().join("数字身份证号.xlsx");
    messy::numeric_ids_xlsx(&numeric, 5);
    let bad = dir.path().join("部分有误.xlsx");
    messy::some_bad_rows_xlsx(&bad);
    let before = file_dump(&db);
    assert_eq!(cli::run(&db, &["import-roster", numeric.to_str().unwrap(), "--today", crate::support::TODAY]), 1);
    assert_eq!(cli::run(&db, &["import-roster", bad.to_str().unwrap(), "--today", crate::support::TODAY]), 1);
    assert_eq!(file_dump(&db), before, "refused imports changed the ledger");

    // --keep-good: five rows in, two written beside the input with what to fix.
    let args = ["import-roster", bad.to_str().unwrap(), "--keep-good", "--today", crate::support::TODAY];
    assert_eq!(cli::run(&db, &args), 0);
    let ledger = Ledger::open(&db).unwrap();
    assert_eq!(members_of(&ledger).len(), 5);
    let rejects = dir.path().join("部分有误-待修改.xlsx");
    let mut book = calamine::open_workbook_auto(&rejects).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    let cell = |r: usize, c: usize| range.get((r, c)).cloned().unwrap_or(Data::Empty);
    let header: Vec<String> = (0..8).map(|c| cell(0, c).to_string()).collect();
    assert_eq!(header, ["姓名", "性别", "身份证号", "入党时间", "转正时间", "备注", "问题", "原行号"]);
    assert_eq!(range.height(), 3);
    assert_eq!((cell(1, 0).to_string(), cell(1, 7)), ("成员2".to_string(), Data::Float(4.0)));
    assert_eq!((cell(2, 0).to_string(), cell(2, 7)), ("成员5".to_string(), Data::Float(7.0)));
    assert!(cell(1, 6).to_string().starts_with("C列（身份证号）：身份证号校验位不符"), "{}", cell(1, 6));
    assert_eq!(cell(2, 6).to_string(), "D列（入党时间）：“2015.13.01”不是有效日期，应写成如 1990-03-07");
    let audit = crate::support::last_audit(&ledger);
    assert!(audit.2.ends_with("；2行有问题未导入，已写入“部分有误-待修改.xlsx”"), "{audit:?}");

    // The file to fix imports like the original once fixed: here with values typed in the preview.
    let birth2 = "1972-03-12";
    let req = RosterImportRequest {
        overrides: vec![
            ValueOverride { row: 2, field: RosterField::IdNumber, value: id_for(birth2, 12) },
            ValueOverride { row: 3, field: RosterField::JoinedOn, value: "2000.7.1".into() },
        ],
        ..request(&rejects)
    };
    let s = roster::import(&ledger, &req, today()).unwrap();
    assert_eq!((s.added, s.rejected), (2, 0));
    assert_eq!(members_of(&ledger).len(), 7);
}

#[test]
fn branch_names_are_mapped_once_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("多个支部.xlsx");
    messy::branches_xlsx(&path, &["第一党支部", "二支部", "离退休支部"]);
    let ledger = ledger(2);
    let p = roster::preview_import(&ledger, &request(&path), today()).unwrap();
    let got: Vec<(&str, Option<i64>, &str)> =
        p.branches.iter().map(|b| (b.name.as_str(), b.org_id, b.how.as_str())).collect();
    assert_eq!(
        got,
        [
            ("第一党支部", Some(2), "名称相符"),
            ("二支部", Some(3), "名称相符"),
            ("离退休支部", None, "台账中没有对应的组织，请选择")
        ]
    );
    assert_eq!(p.problems.len(), 1);
    assert!(p.problems[0].message.starts_with("花名册 第4行 G列（所在党支部）：台账中没有名为“离退休支部”的党组织"));

    let chosen = RosterImportRequest {
        branch_map: vec![BranchChoice { name: "离退休支部".into(), org_id: 3 }],
        ..request(&path)
    };
    assert_eq!(roster::import(&ledger, &chosen, today()).unwrap().added, 3);
    let all = members_of(&ledger);
    assert_eq!(by(&all, "支部成员2").org_id, 3);

    // Next time the name is known.
    let next = dir.path().join("下次.xlsx");
    messy::branches_xlsx(&next, &["离退休支部"]);
    let p = roster::preview_import(&ledger, &request(&next), today()).unwrap();
    assert_eq!((p.branches[0].org_id, p.branches[0].how.as_str()), (Some(3), "上次导入时选择"));
}

#[test]
fn the_only_branch_takes_a_file_naming_one_unknown_branch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("机关党支部.xlsx");
    messy::branches_xlsx(&path, &["机关党支部", "机关党支部 "]);
    let ledger = ledger(1);
    let p = roster::preview_import(&ledger, &request(&path), today()).unwrap();
    assert!(p.problems.is_empty(), "{:#?}", p.problems);
    assert_eq!(
        p.notes,
        [format!("表中的所在党支部都是“机关党支部”，与台账中的组织名称不同；台账只有一个支部，全部导入“{BRANCH1}”")]
    );
    assert_eq!(roster::import(&ledger, &request(&path), today()).unwrap().added, 2);

    // With two branches, the same file asks.
    let two = self::ledger(2);
    let p = roster::preview_import(&two, &request(&path), today()).unwrap();
    assert_eq!(p.problems.len(), 1, "{:#?}", p.problems);
    assert!(p.problems[0]
        .message
        .starts_with("花名册 G列（所在党支部）G2:G3 共2个单元格：台账中没有名为“机关党支部”的党组织"));
}

#[test]
fn values_fixed_in_the_preview_are_imported_and_an_unknown_field_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("部分有误.xlsx");
    messy::some_bad_rows_xlsx(&path);
    let ledger = ledger(1);
    let fixed = RosterImportRequest {
        overrides: vec![
            ValueOverride { row: 4, field: RosterField::IdNumber, value: id_for("1972-03-12", 12) },
            ValueOverride { row: 7, field: RosterField::JoinedOn, value: "2000年7月1日".into() },
        ],
        ..request(&path)
    };
    let p = roster::preview_import(&ledger, &fixed, today()).unwrap();
    assert!(p.problems.is_empty(), "{:#?}", p.problems);
    assert_eq!(roster::import(&ledger, &fixed, today()).unwrap().added, 7);

    let before = dump(&ledger);
    let wrong = RosterImportRequest {
        overrides: vec![ValueOverride { row: 2, field: RosterField::Phone, value: "13900000000".into() }],
        ..request(&path)
    };
    let e = roster::import(&ledger, &wrong, today()).unwrap_err();
    assert_eq!(
        e.problems()[0].message,
        "花名册 第2行：表中没有“手机号”列，无法修改这一项，请先在列对应关系中指定这一列"
    );
    assert_eq!(dump(&ledger), before);
}

#[test]
fn an_ods_asking_for_billions_of_cells_is_refused_before_calamine_lays_it_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("重复.ods");
    let bomb = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
    std::fs::write(&path, messy::ods_of(bomb)).unwrap();
    let e = roster::preview_import(&ledger(1), &request(&path), today()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "“重复.ods”中的表格（含重复的行和列）超过 3000000 个单元格，无法读取。请删除表格以外的内容，或在 WPS/LibreOffice 中另存为 .xlsx 后再导入"
    );
}

#[test]
fn a_blank_status_cell_follows_the_dates_and_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("空人员类别.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("花名册").unwrap();
    for (c, h) in ["姓名", "身份证号", "人员类别", "入党时间", "转正时间"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["新同志", &id_for("2000-02-02", 11), "", "2026-06-01", ""].iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    book.save(&path).unwrap();
    let ledger = ledger(1);
    let p = roster::preview_import(&ledger, &request(&path), today()).unwrap();
    assert!(p.problems.is_empty(), "{:#?}", p.problems);
    assert!(p.notes.is_empty(), "the sheet has the column: no sheet-wide note");
    assert_eq!(messages(&p.warnings), ["花名册 第2行 C列（人员类别）：未填写，按日期推定为预备党员，请核对"]);
    roster::import(&ledger, &request(&path), today()).unwrap();
    assert_eq!(members_of(&ledger)[0].status, MemberStatus::Probationary);
}

#[test]
fn cli_writes_the_file_to_fix_where_rejects_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger_file(dir.path(), 1);
    let bad = dir.path().join("部分有误.xlsx");
    messy::some_bad_rows_xlsx(&bad);
    let out = dir.path().join("改正").join("要改的.xlsx");
    let args = [
        "import-roster",
        bad.to_str().unwrap(),
        "--keep-good",
        "--rejects",
        out.to_str().unwrap(),
        "--today",
        crate::support::TODAY,
    ];
    assert_eq!(cli::run(&db, &args), 0);
    assert!(out.exists());
    assert!(!dir.path().join("部分有误-待修改.xlsx").exists());
    // --rejects without --keep-good is a usage error.
    assert_eq!(cli::run(&db, &["import-roster", bad.to_str().unwrap(), "--rejects", out.to_str().unwrap()]), 2);
}

/// A roster naming 党小组 imported into a new ledger whose branch has none yet: the groups are set
/// up (the preview says so) and each member is in the group the file names.
#[test]
fn a_roster_naming_groups_sets_them_up_in_a_branch_without_any() {
    let (dir, demo) = crate::support::cli::demo_ledger();
    let out = dir.path().join("out");
    let args = [
        "export",
        "--year",
        "2026",
        "--out",
        out.to_str().unwrap(),
        "--only",
        "roster",
        "--today",
        crate::support::TODAY,
    ];
    assert_eq!(crate::support::cli::run(&demo, &args), 0);
    let roster =
        crate::support::workbook_files([out]).into_iter().find(|p| p.to_string_lossy().contains("花名册")).unwrap();
    let fresh = dir.path().join("fresh.db");
    let init = ["init", "--name", "中共江北市教育局机关第一支部委员会", "--kind", "branch", "--sector", "government"];
    assert_eq!(crate::support::cli::run(&fresh, &init), 0);
    assert_eq!(
        crate::support::cli::run(
            &fresh,
            &["import-roster", roster.to_str().unwrap(), "--today", crate::support::TODAY]
        ),
        0
    );
    let ledger = zhibu_core::Ledger::open(&fresh).unwrap();
    let groups: Vec<(String, i64)> = ledger
        .conn()
        .prepare("SELECT g.name, COUNT(m.id) FROM party_groups g LEFT JOIN members m ON m.group_id = g.id GROUP BY g.id ORDER BY g.name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let source = zhibu_core::Ledger::open(&demo).unwrap();
    let expected: Vec<(String, i64)> = source
        .conn()
        .prepare("SELECT g.name, COUNT(m.id) FROM party_groups g LEFT JOIN members m ON m.group_id = g.id AND m.left_on IS NULL GROUP BY g.id ORDER BY g.name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(groups, expected);
}

/// A 出生年月 number cell 1985.1 is 1月 or 10月 (Excel drops the 0 of 1985.10): the ID number settles
/// it when its month is one of the two, a disagreement is said, and without an ID number it is
/// refused with the fix (never guessed); text “1985.1” is January.
#[test]
fn a_numeric_birth_month_is_settled_by_the_id_number_or_flagged_never_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("出生年月.xlsx");
    messy::birth_months_xlsx(&path);
    let ledger = ledger(1);
    let p = roster::preview_import(&ledger, &request(&path), today()).unwrap();
    // A row with a problem shows what its cell holds.
    let births: Vec<(&str, &str)> = p.rows.iter().map(|r| (r.name.as_str(), r.birth_date.as_str())).collect();
    assert_eq!(
        births,
        [
            ("十月生", "1985-10-03"),
            ("一月生", "1985-01-20"),
            ("三月生", "1985.1"),
            ("无证号", "1985.1"),
            ("文本一月", "1985-01-09")
        ]
    );
    let got = messages(&p.problems);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(
        got[0].starts_with("花名册 第4行 C列（出生年月）：出生年月“1985.1”是数字，是1985年1月或10月"),
        "{}",
        got[0]
    );
    assert!(got[0].contains("1985-03-03"), "{}", got[0]);
    assert!(
        got[1].starts_with("花名册 第5行 C列（出生年月）：出生年月“1985.1”是数字，无法分辨是1985年1月还是10月"),
        "{}",
        got[1]
    );
    assert!(roster::import(&ledger, &request(&path), today()).is_err());

    // Fixed in the preview: the secretary types the month she knows, and checks the other row.
    let fixed = RosterImportRequest {
        overrides: vec![
            ValueOverride { row: 4, field: RosterField::BirthDate, value: "1985-03-03".into() },
            ValueOverride { row: 5, field: RosterField::BirthDate, value: "1985-10-05".into() },
        ],
        ..request(&path)
    };
    assert_eq!(roster::import(&ledger, &fixed, today()).unwrap().added, 5);
    let all = members_of(&ledger);
    assert_eq!(by(&all, "十月生").birth_date, d("1985-10-03"));
    assert_eq!(by(&all, "无证号").birth_date, d("1985-10-05"));
    assert_eq!(by(&all, "文本一月").birth_date, d("1985-01-09"));
}

/// `import-roster --column`: a column set aside by header (`所在党支部=不导入`) or given a field by
/// letter, remembered for the next file with the same headers; an unknown column or field is exit 1.
#[test]
fn cli_columns_are_chosen_by_header_or_letter_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger_file(dir.path(), 2);
    let path = dir.path().join("多个支部.xlsx");
    messy::branches_xlsx(&path, &["第一党支部", "离退休支部"]);
    let file = path.to_str().unwrap();
    let today = crate::support::TODAY;
    // 离退休支部 is no branch of the ledger: refused.
    assert_eq!(cli::run(&db, &["import-roster", file, "--today", today]), 1);
    assert_eq!(cli::run(&db, &["import-roster", file, "--column", "支部=不导入", "--today", today]), 1);
    assert_eq!(cli::run(&db, &["import-roster", file, "--column", "G=籍贯地", "--today", today]), 1);
    assert!(members_of(&Ledger::open(&db).unwrap()).is_empty());
    // The 所在党支部 column not imported: everyone into the branch --org names (the first).
    let key: String = Ledger::open(&db)
        .unwrap()
        .conn()
        .query_row("SELECT key FROM organizations WHERE id = 2", [], |r| r.get(0))
        .unwrap();
    let args = ["import-roster", file, "--org", &key, "--column", "所在党支部=不导入", "--today", today];
    assert_eq!(cli::run(&db, &args), 0);
    let all = members_of(&Ledger::open(&db).unwrap());
    assert_eq!(all.iter().map(|m| m.org_id).collect::<Vec<_>>(), [2, 2]);
    // Remembered: the same headers next time need no --column.
    let next = dir.path().join("又一份.xlsx");
    messy::branches_xlsx(&next, &["离退休支部", "离退休支部", "离退休支部"]);
    assert_eq!(cli::run(&db, &["import-roster", next.to_str().unwrap(), "--org", &key, "--today", today]), 0);
}
