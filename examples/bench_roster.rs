//! Roster export/import timings on synthetic members (not a test: prints figures).
//!
//! `cargo run --release --example bench_roster -- [N]` writes the roster workbook for 2,500 and N
//! members (N defaults to 10,000), then previews and imports the N-row workbook into a fresh ledger
//! file. Files are left in `$ZHIBU_BENCH_DIR` (default `/tmp/zhibu_bench`), with the rows as TSV for
//! `benches/roster_openpyxl.py`, which does the same with openpyxl.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use zhibu_core::import::roster::{self, RosterImportRequest};
use zhibu_core::model::{Category, Gender, Member, MemberFields, MemberStatus, OrgFields, OrgKind, Sector, Standing};
use zhibu_core::store::orgs;
use zhibu_core::Ledger;

const BRANCH: &str = "中共示例市财政局机关第一党支部";
const SURNAMES: &[&str] =
    &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
    "建国", "海燕",
];
const POSTS: &[&str] = &["公务员", "专业技术人员", "企业管理人员", "工人", "离退休人员", "学生"];
const EDUCATION: &[&str] = &["大学本科", "研究生", "大学专科", "高中", "中等专科"];

/// A small deterministic generator, so both benchmarks see the same members.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn id_number(birth: NaiveDate, seq: u32) -> String {
    let body = format!("110105{}{:03}", birth.format("%Y%m%d"), seq % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.bytes().zip(W).map(|(b, w)| (b - b'0') as u32 * w).sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

fn synthetic(n: usize) -> Vec<Member> {
    let mut rng = Lcg(20261122);
    let base = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap();
    (0..n)
        .map(|i| {
            // 60 years of birth dates × 999 sequence numbers: duplicates are rare and dropped by `unique`.
            let birth = base + chrono::Days::new(rng.next(60 * 365));
            let seq = rng.next(999) as u32 + 1;
            let id = id_number(birth, seq);
            let gender = if seq % 2 == 1 { Gender::Male } else { Gender::Female };
            let joined = birth + chrono::Days::new(365 * 20 + rng.next(365 * 20));
            let joined = joined.min(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
            let probationary = joined > NaiveDate::from_ymd_opt(2025, 11, 22).unwrap();
            let name = format!("{}{}", SURNAMES[rng.next(16) as usize], GIVEN[rng.next(20) as usize]);
            let fields = MemberFields {
                org_id: 1,
                group_id: None,
                name,
                gender,
                ethnicity: Some("汉族".into()),
                id_number: Some(id),
                birth_date: birth,
                education: Some(EDUCATION[rng.next(5) as usize].into()),
                status: if probationary { MemberStatus::Probationary } else { MemberStatus::Full },
                joined_on: joined,
                full_member_on: (!probationary).then(|| joined + chrono::Days::new(365)),
                category: Category::Employed,
                post: Some(POSTS[rng.next(6) as usize].into()),
                phone: Some(format!("139{:08}", rng.next(100_000_000))),
                landline: (i % 7 == 0).then(|| "010-65001234".to_string()),
                address: Some(format!(
                    "北京市东城区示例街道{}号院{}号楼{}室",
                    rng.next(200) + 1,
                    rng.next(30) + 1,
                    rng.next(600) + 101
                )),
                standing: Standing::Normal,
                lost_contact_since: (i % 97 == 0).then(|| "2025-03".to_string()),
                outflow_to: (i % 53 == 0).then(|| "广东省深圳市南山区".to_string()),
                attendance_exempt: false,
                native_place: None,
                work_started_on: None,
                degree: None,
                unit_title: None,
                remark: (i % 11 == 0).then(|| "=1+1 不是公式".to_string()),
            };
            Member {
                id: i as i64 + 1,
                key: format!("m-{}", i + 1),
                org_name: BRANCH.into(),
                group_name: None,
                fields,
                left: None,
                hardship: None,
            }
        })
        .collect()
}

/// Unique by ID number (a 10,000-row import must not trip the duplicate check).
fn unique(mut v: Vec<Member>) -> Vec<Member> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|m| seen.insert(m.fields.id_number.clone()));
    v
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args().nth(1).map(|a| a.replace([',', '_'], "").parse()).transpose()?.unwrap_or(10_000);
    let dir = PathBuf::from(std::env::var("ZHIBU_BENCH_DIR").unwrap_or_else(|_| "/tmp/zhibu_bench".into()));
    std::fs::create_dir_all(&dir)?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut all = unique(synthetic(n + n / 10 + 100));
    all.truncate(n);
    assert_eq!(all.len(), n, "not enough distinct synthetic ID numbers");

    for size in [2_500.min(n), n] {
        let members = &all[..size];
        let path = dir.join(format!("roster_{size}.xlsx"));
        let t = Instant::now();
        zhibu_core::workbooks::roster::write_roster(members, &Default::default(), BRANCH, today, &path)?;
        let took = secs(t);
        let kb = std::fs::metadata(&path)?.len() / 1024;
        println!("write roster  {size:>6} rows: {took:>7.3} s  ({kb} KiB)  {}", path.display());
        write_tsv(&dir.join(format!("roster_{size}.tsv")), members)?;
    }

    let file = dir.join(format!("roster_{n}.xlsx"));
    let t = Instant::now();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file)?;
    let range = calamine::Reader::worksheet_range(&mut book, zhibu_core::workbooks::roster::ROSTER_SHEET)?;
    let cells = range.used_cells().count();
    println!("calamine read {n:>6} rows: {:>7.3} s  ({cells} cells, no checks)", secs(t));
    let ledger_path = dir.join("bench_ledger.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", ledger_path.display()));
    }
    let ledger = Ledger::open_or_create(&ledger_path)?;
    let org_id =
        ledger.write(|tx| orgs::insert(tx, &OrgFields::new(BRANCH, OrgKind::Branch, Sector::Government), None))?;
    let req = RosterImportRequest { path: file.display().to_string(), sheet: None, org_id, ..Default::default() };
    let t = Instant::now();
    let preview = roster::preview_import(&ledger, &req, today)?;
    let preview_s = secs(t);
    assert!(preview.problems.is_empty(), "{:?}", &preview.problems[..preview.problems.len().min(5)]);
    let t = Instant::now();
    let summary = roster::import(&ledger, &req, today)?;
    let import_s = secs(t);
    println!("preview       {n:>6} rows: {preview_s:>7.3} s");
    println!(
        "import        {n:>6} rows: {import_s:>7.3} s  (preview again + one transaction; added {})",
        summary.added
    );
    let t = Instant::now();
    let again = roster::import(&ledger, &req, today)?;
    println!("re-import     {n:>6} rows: {:>7.3} s  (all unchanged: {})", secs(t), again.unchanged);
    Ok(())
}

fn write_tsv(path: &Path, members: &[Member]) -> std::io::Result<()> {
    let refs: Vec<&Member> = members.iter().collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for row in zhibu_core::workbooks::roster::roster_rows(&refs, &Default::default()) {
        let texts: Vec<String> = row.iter().map(|c| c.display()).collect();
        writeln!(out, "{}", texts.join("\t"))?;
    }
    out.flush()
}
