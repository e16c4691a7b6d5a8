//! History imports on synthetic registers (not a test: prints figures).
//!
//! `cargo run --release --example bench_history` writes a 5,000-row 三会一课 register (one branch of 60
//! members, 2 党小组, meetings from 2012 on, every third naming someone on leave) and a 2,500 × 12 党费
//! grid (a branch of 2,500 members with ID numbers, one year), then for each: reads it (calamine, the
//! bounded grid reader), previews it (every row checked against the ledger), imports it into a fresh
//! ledger file (preview again + one transaction) and imports it again (nothing written). Files are left
//! in `$ZHIBU_BENCH_DIR` (default `/tmp/zhibu_bench`) for `benches/history_openpyxl.py`.

use std::path::PathBuf;
use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use zhibu_core::app::history::{self, HistoryImportRequest, HistoryKind};
use zhibu_core::model::{Category, Gender, MemberFields, MemberStatus, OrgFields, OrgKind, Sector, Standing};
use zhibu_core::store::{members, orgs};
use zhibu_core::Ledger;

const SURNAMES: &[&str] =
    &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
    "建国", "海燕",
];

fn id_number(birth: NaiveDate, seq: u32) -> String {
    let body = format!("110105{}{:03}", birth.format("%Y%m%d"), seq % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.bytes().zip(W).map(|(b, w)| (b - b'0') as u32 * w).sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

fn member(org_id: i64, group_id: Option<i64>, i: usize, name: String) -> MemberFields {
    let birth = NaiveDate::from_ymd_opt(1960, 1, 1).unwrap() + chrono::Days::new((i as u64 * 7919) % (25 * 365));
    MemberFields {
        org_id,
        group_id,
        name,
        // The ID number's sequence number is odd for men.
        gender: if (i % 997 + 1) % 2 == 1 { Gender::Male } else { Gender::Female },
        ethnicity: None,
        id_number: Some(id_number(birth, (i % 997) as u32 + 1)),
        birth_date: birth,
        education: None,
        status: MemberStatus::Full,
        joined_on: NaiveDate::from_ymd_opt(2008, 7, 1).unwrap(),
        full_member_on: Some(NaiveDate::from_ymd_opt(2009, 7, 1).unwrap()),
        category: Category::Employed,
        post: None,
        phone: None,
        landline: None,
        address: None,
        standing: Standing::Normal,
        lost_contact_since: None,
        outflow_to: None,
        attendance_exempt: false,
        native_place: None,
        work_started_on: None,
        degree: None,
        unit_title: None,
        remark: None,
    }
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::var("ZHIBU_BENCH_DIR").unwrap_or_else(|_| "/tmp/zhibu_bench".into()));
    std::fs::create_dir_all(&dir)?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let ledger_path = dir.join("bench_history.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", ledger_path.display()));
    }
    let ledger = Ledger::open_or_create(&ledger_path)?;
    // Branch A: 60 members in two groups (the register); branch B: 2,500 members (the dues grid).
    let (a, groups, b, small, big) = ledger.write(|tx| {
        let a = orgs::insert(
            tx,
            &OrgFields::new("中共示例市财政局机关第一党支部", OrgKind::Branch, Sector::Government),
            None,
        )?;
        let g1 = orgs::add_group(tx, a, "第一党小组")?;
        let g2 = orgs::add_group(tx, a, "第二党小组")?;
        let b =
            orgs::insert(tx, &OrgFields::new("中共示例市教育局机关党支部", OrgKind::Branch, Sector::Government), None)?;
        let mut small = Vec::new();
        for i in 0..60 {
            let name = format!("{}{}", SURNAMES[i % 16], GIVEN[i / 16]);
            let f = member(a, Some(if i % 2 == 0 { g1 } else { g2 }), i, name.clone());
            members::insert(tx, f, None, today)?;
            small.push(name);
        }
        let mut big = Vec::new();
        for i in 0..2_500 {
            let name = format!("{}{}", SURNAMES[i % 16], GIVEN[(i * 7) % 20]);
            let f = member(b, None, 1_000 + i, name.clone());
            big.push((name, f.id_number.clone().unwrap()));
            members::insert(tx, f, None, today)?;
        }
        Ok((a, [g1, g2], b, small, big))
    })?;
    let _ = groups;

    // The 5,000-row register.
    let register = dir.join("history_meetings_5000.xlsx");
    let t = Instant::now();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("三会一课台账")?;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_string(0, 0, "中共示例市财政局机关第一党支部三会一课台账")?;
    let header = ["序号", "日期", "时间", "类型", "会议主题", "地点", "主持人", "记录人", "应到", "实到", "请假人员"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h)?;
    }
    let types = ["支部党员大会", "党小组会（第一党小组）", "党小组会（第二党小组）", "主题党日", "党课", "集中学习"];
    let start = NaiveDate::from_ymd_opt(2012, 1, 2).unwrap();
    for i in 0..5_000u32 {
        let r = i + 2;
        let day = start + chrono::Days::new(u64::from(i));
        let ty = types[i as usize % types.len()];
        let expected = if ty.starts_with("党小组") { 30 } else { 60 };
        let leave = (i % 3 == 0).then(|| {
            let k = (i as usize / 3) % 30 * 2 + usize::from(ty.contains("第二"));
            format!("{}（出差）", small[k])
        });
        ws.write_number(r, 0, f64::from(i + 1))?;
        ws.write_datetime_with_format(
            r,
            1,
            ExcelDateTime::from_ymd(day.year() as u16, day.month() as u8, day.day() as u8)?,
            &date,
        )?;
        ws.write_string(r, 2, "14:30—16:30")?;
        ws.write_string(r, 3, ty)?;
        ws.write_string(r, 4, format!("第{}次{}：学习贯彻上级精神", i + 1, ty.split('（').next().unwrap_or(ty)))?;
        ws.write_string(r, 5, "机关三楼党员活动室")?;
        ws.write_string(r, 6, &small[0])?;
        ws.write_string(r, 7, &small[1])?;
        ws.write_number(r, 8, f64::from(expected))?;
        ws.write_number(r, 9, f64::from(expected - u32::from(leave.is_some())))?;
        if let Some(l) = &leave {
            ws.write_string(r, 10, l)?;
        }
    }
    book.save(&register)?;
    println!("write register  5,000 rows: {:>7.3} s", secs(t));

    // The 2,500 × 12 dues grid.
    let grid = dir.join("history_dues_2500x12.xlsx");
    let t = Instant::now();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("党费收缴台账")?;
    ws.write_string(0, 0, "中共示例市教育局机关党支部2025年党费收缴台账")?;
    ws.write_string(1, 0, "序号")?;
    ws.write_string(1, 1, "姓名")?;
    ws.write_string(1, 2, "公民身份证号")?;
    for m in 1..=12u16 {
        ws.write_string(1, 2 + m, format!("{m}月"))?;
    }
    for (i, (name, id)) in big.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_number(r, 0, (i + 1) as f64)?;
        ws.write_string(r, 1, name)?;
        ws.write_string(r, 2, id)?;
        for m in 1..=12u16 {
            ws.write_number(r, 2 + m, 30.0 + (i % 50) as f64 + 0.5)?;
        }
    }
    book.save(&grid)?;
    println!("write dues grid 2,500 × 12: {:>7.3} s", secs(t));

    for (kind, file, org, what) in [
        (HistoryKind::Meetings, &register, a, "register  5,000 rows"),
        (HistoryKind::Dues, &grid, b, "dues grid 2,500 × 12"),
    ] {
        let t = Instant::now();
        let mut wb = zhibu_core::workbook::read::Workbook::open(file)?;
        let name = wb.sheet_names[0].clone();
        let g = wb.sheet(&name)?;
        println!(
            "read    {what}: {:>7.3} s  ({} rows, calamine through the bounded grid reader)",
            secs(t),
            g.row_end()
        );
        let req = HistoryImportRequest {
            kind,
            path: file.display().to_string(),
            sheet: None,
            org_id: org,
            year: None,
            keep_good: false,
            problems_path: None,
            mappings: Vec::new(),
            columns: Vec::new(),
            branch_map: Vec::new(),
        };
        let t = Instant::now();
        let p = history::preview_history_import(&ledger, &req, today)?;
        println!("preview {what}: {:>7.3} s  ({} records to add)", secs(t), p.new_count);
        assert!(p.problems.is_empty(), "{:?}", &p.problems[..p.problems.len().min(5)]);
        let t = Instant::now();
        let s = history::import_history(&ledger, &req, today)?;
        println!("import  {what}: {:>7.3} s  (preview again + one transaction; added {})", secs(t), s.added);
        let t = Instant::now();
        let s = history::import_history(&ledger, &req, today)?;
        println!("again   {what}: {:>7.3} s  (all unchanged: {}, nothing written)", secs(t), s.unchanged);
    }
    let n: i64 = ledger.conn().query_row("SELECT count(*) FROM attendance", [], |r| r.get(0))?;
    println!("attendance rows stored: {n}");
    Ok(())
}
