//! Consistency across outputs: every output that states the same fact about a member or a meeting
//! must state the same value. On the demo ledgers (small by default, large too), for a past year
//! (2025) and the current one (2026, read on the fixed [`TODAY`]):
//!
//! 1. **学时**: the 党员学时统计表 (`study_hours` export), the training-hours findings of `check --json`
//!    (`standards::check_ledger`, measure `training_hours`) and `hours --json`
//!    (`meetings::study_hours`): total, required, short/met, judged or not — under each
//!    organisation's own profile, and under `national` and `fuling-2017` (the 56-学时 rule for committee
//!    roles) for `check --profile P` against `hours --profile P` (the sheet always uses the
//!    organisation's own profile).
//! 2. **Attendance**: per meeting, 应到/实到/请假/缺席 of the 三会一课台账 (`meetings`), the 组织生活考勤册
//!    (`attendance_book`, one per organisation: it is an organisation's own meetings) and
//!    `meetings --json` (`meetings::list_activities`); per member, the 考勤册's yearly counts (summed
//!    over every organisation's book the member appears in) against `hours --json`'s
//!    expected/present/leave/absent.
//! 3. **Dues**: per member, the year's due, paid and arrears in the 党费收缴台账 (`dues`), the
//!    党费收缴公示表 (`dues_publication`) and `dues --json` (`dues::year_report`).
//!
//! The CLI prints its JSON to stdout, which an in-process run cannot capture; the JSON is therefore
//! taken from the very values the CLI serialises (`check`: `standards::check_ledger`; `hours`:
//! `app::meetings::study_hours_params` + `study_hours_with`; `meetings`: `list_activities`; `dues`:
//! `dues::year_report`), turned into JSON with `serde_json` so the fields read are the JSON contract's.
//!
//! Workbooks name members and meetings, not keys: a member is found by (organisation, name) and a
//! meeting by (organisation, date, time, type, topic); when several share those, their values are
//! compared as a multiset. Amounts are read as text (`5,280.00`) or as numeric cells, both.
//!
//! Every disagreement is printed (fact, member or meeting, value A, value B) before the assertion.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::time::Instant;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use serde_json::Value;
use zhibu_core::demo::{load_demo, DemoScale};
use zhibu_core::model::ActivityType;
use zhibu_core::Ledger;

use crate::support::today;

const YEARS: [i32; 2] = [2025, 2026];
/// Profiles judged besides each organisation's own: both have the 56-学时 rule for committee roles.
const PROFILES: [&str; 2] = ["national", "fuling-2017"];

// ---------------------------------------------------------------------------------------------
// The tests

#[test]
fn study_hours_agree_across_sheet_check_and_hours_on_the_small_demo() {
    let d = Demo::load(DemoScale::Small);
    d.study_hours().assert_none(d.scale, "学时");
}

#[test]
fn attendance_agrees_across_ledger_book_and_meetings_on_the_small_demo() {
    let d = Demo::load(DemoScale::Small);
    d.attendance().assert_none(d.scale, "attendance");
}

#[test]
fn dues_agree_across_ledger_publication_and_report_on_the_small_demo() {
    let d = Demo::load(DemoScale::Small);
    d.dues().assert_none(d.scale, "dues");
}

#[test]
fn the_committee_self_check_counts_agree_with_check_on_the_small_demo() {
    let d = Demo::load(DemoScale::Small);
    d.self_check_counts().assert_none(d.scale, "自查表");
}

/// The large demo (50 branches, ~2,700 members) loaded once for the three comparisons: loading it is
/// most of the time.
#[test]
fn studies_attendance_and_dues_agree_across_every_output_on_the_large_demo() {
    let d = Demo::load(DemoScale::Large);
    d.study_hours().assert_none(d.scale, "学时");
    d.attendance().assert_none(d.scale, "attendance");
    d.dues().assert_none(d.scale, "dues");
    d.self_check_counts().assert_none(d.scale, "自查表");
}

/// The comparisons have teeth: a record changed after the workbooks were written (one training's
/// 学时, one attendance mark, one dues payment of the year) makes each area report disagreements.
#[test]
fn a_record_changed_after_the_export_is_reported_as_a_disagreement() {
    let mut d = Demo::load(DemoScale::Small);
    d.tamper = true;
    for (area, found) in [("学时", d.study_hours()), ("attendance", d.attendance()), ("dues", d.dues())] {
        eprintln!("[tampered] {area}: {} disagreements", found.found.len());
        assert!(!found.found.is_empty(), "{area}: a changed record went unnoticed");
    }
}

// ---------------------------------------------------------------------------------------------
// The ledger and what the comparisons need to name things

struct Org {
    id: i64,
    key: String,
    /// The short name (简称, else the full name): what the sheets' 所在支部 and 召开组织 columns print.
    name: String,
}

struct MemberInfo {
    key: String,
    name: String,
    org_id: i64,
}

struct Demo {
    scale: &'static str,
    ledger: Ledger,
    dir: tempfile::TempDir,
    root: i64,
    orgs: Vec<Org>,
    members: HashMap<i64, MemberInfo>,
    /// Change records right after the workbooks are written (for the test of the comparisons).
    tamper: bool,
}

impl Demo {
    fn load(scale: DemoScale) -> Demo {
        let started = Instant::now();
        let ledger = Ledger::in_memory().unwrap();
        load_demo(&ledger, scale, today()).unwrap();
        let conn = ledger.conn();
        let orgs: Vec<Org> = conn
            .prepare("SELECT id, key, coalesce(nullif(trim(short_name), ''), name) FROM organizations ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok(Org { id: r.get(0)?, key: r.get(1)?, name: r.get(2)? }))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let root: i64 =
            conn.query_row("SELECT id FROM organizations WHERE parent_id IS NULL", [], |r| r.get(0)).unwrap();
        let members: HashMap<i64, MemberInfo> = conn
            .prepare("SELECT id, key, name, org_id FROM members")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, MemberInfo { key: r.get(1)?, name: r.get(2)?, org_id: r.get(3)? })))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let scale = match scale {
            DemoScale::Small => "small",
            DemoScale::Large => "large",
        };
        eprintln!(
            "[{scale}] demo loaded in {:.1?}: {} organisations, {} members",
            started.elapsed(),
            orgs.len(),
            members.len()
        );
        Demo { scale, ledger, dir: tempfile::tempdir().unwrap(), root, orgs, members, tamper: false }
    }

    /// With `tamper` set: one training of `year` gains a 学时, one present mark becomes absent and
    /// one payment gains 1 元 — after the workbooks were written, before the JSON is read.
    fn tamper(&self, year: i32) {
        if !self.tamper {
            return;
        }
        let y = format!("{year}-%");
        let conn = self.ledger.conn();
        conn.execute(
            "UPDATE trainings SET hours_tenths = hours_tenths + 10 WHERE id = (SELECT min(id) FROM trainings WHERE date LIKE ?1)",
            [&y],
        )
        .unwrap();
        conn.execute(
            "UPDATE attendance SET status = 'absent' WHERE rowid = (SELECT x.rowid FROM attendance x
             JOIN activities a ON a.id = x.activity_id JOIN activity_types t ON t.activity_id = a.id
             WHERE x.status = 'present' AND a.date LIKE ?1 AND t.type = 'party_congress' AND a.deleted_at IS NULL
             ORDER BY a.date LIMIT 1)",
            [&y],
        )
        .unwrap();
        conn.execute(
            "UPDATE dues_payments SET paid_fen = paid_fen + 100 WHERE rowid = (SELECT min(rowid) FROM dues_payments WHERE month LIKE ?1)",
            [&y],
        )
        .unwrap();
    }

    fn org(&self, id: i64) -> &Org {
        self.orgs.iter().find(|o| o.id == id).unwrap()
    }

    fn org_name(&self, id: i64) -> &str {
        &self.org(id).name
    }

    /// Organisations with members of their own.
    fn orgs_with_members(&self) -> Vec<i64> {
        self.orgs.iter().map(|o| o.id).filter(|id| self.members.values().any(|m| m.org_id == *id)).collect()
    }

    /// Writes the workbooks `keys` of `org_id` for `year`; returns their paths by key.
    fn export(&self, org_id: i64, year: i32, keys: &[&str]) -> HashMap<String, PathBuf> {
        let dir = self.dir.path().join(format!("{year}-{org_id}"));
        let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        zhibu_core::app::exports::export_workbooks(&self.ledger, org_id, year, &keys, &dir, today(), Default::default())
            .unwrap()
            .into_iter()
            .map(|f| (f.key, PathBuf::from(f.path)))
            .collect()
    }

    /// `hours --year Y --org O [--profile P] --json`.
    fn hours_json(&self, org_id: i64, year: i32, profile: Option<&str>) -> Value {
        use zhibu_core::app::meetings::{study_hours_params, study_hours_with};
        let params = study_hours_params(&self.ledger, Some(org_id), profile).unwrap();
        json(&study_hours_with(&self.ledger, Some(org_id), year, params, today()).unwrap())
    }

    /// `check --year Y --org <root> [--profile P] --json`.
    fn check_json(&self, year: i32, profile: Option<&str>) -> Value {
        json(&zhibu_core::app::standards::self_check(&self.ledger, self.root, year, profile, today()).unwrap())
    }
}

// ---------------------------------------------------------------------------------------------
// The committee's 自查表: rules judged per member, one row per branch

impl Demo {
    /// The root's 自查表 against `check --json` for the root: for a committee, per branch, rule and
    /// period, 党员指标's 达标人数 = the met findings and 应达标人数 = all findings of its members;
    /// for a branch, the same counts over the rows of 自查表.
    fn self_check_counts(&self) -> Disagreements {
        use zhibu_core::workbooks::standards::{SELF_CHECK_MEMBERS_SHEET, SELF_CHECK_SHEET};
        let mut dis = Disagreements::default();
        let year = 2026;
        let path = &self.export(self.root, year, &["self_check"])["self_check"];
        // A committee files its members' rules per branch on 党员指标; a branch (the small demo's
        // root) keeps a row per finding on 自查表, counted here the same way.
        let committee = sheet_names(path).iter().any(|n| n == SELF_CHECK_MEMBERS_SHEET);
        let mut from_sheet: BTreeMap<(String, String, String), Vec<(u32, u32)>> = BTreeMap::new();
        if committee {
            let sheet = Table::read(path, SELF_CHECK_MEMBERS_SHEET);
            let (branch, rule, period) = (sheet.col("所在支部"), sheet.col("要求"), sheet.col("周期"));
            let (met, all) = (sheet.col("达标人数"), sheet.col("应达标人数"));
            for r in sheet.members() {
                from_sheet
                    .entry((r[branch].clone(), r[rule].clone(), r[period].clone()))
                    .or_default()
                    .push((count(&r[met]), count(&r[all])));
            }
        } else {
            let sheet = Table::read(path, SELF_CHECK_SHEET);
            let (org, rule, period, status) =
                (sheet.col("组织"), sheet.col("要求"), sheet.col("周期"), sheet.col("结果"));
            let mut counted: BTreeMap<(String, String, String), (u32, u32)> = BTreeMap::new();
            for r in sheet.members() {
                let e = counted.entry((r[org].clone(), r[rule].clone(), r[period].clone())).or_default();
                e.0 += u32::from(r[status] == "达标");
                e.1 += 1;
            }
            from_sheet = counted.into_iter().map(|(k, v)| (k, vec![v])).collect();
        }
        let check = self.check_json(year, None);
        let by_key: HashMap<&str, &str> = self.orgs.iter().map(|o| (o.key.as_str(), o.name.as_str())).collect();
        let mut counted: BTreeMap<(String, String, String), (u32, u32)> = BTreeMap::new();
        let findings = check["findings"].as_array().unwrap();
        for f in findings.iter().filter(|f| !committee || f.get("member").is_some()) {
            let title = f["title"].as_str().filter(|t| !t.is_empty()).or(f["rule"].as_str()).unwrap();
            let org = by_key[f["org"].as_str().unwrap()];
            let e = counted
                .entry((org.to_string(), title.to_string(), f["period"].as_str().unwrap().to_string()))
                .or_default();
            e.0 += u32::from(f["status"] == "met");
            e.1 += 1;
        }
        let from_check: BTreeMap<_, Vec<(u32, u32)>> = counted.into_iter().map(|(k, v)| (k, vec![v])).collect();
        if from_check.is_empty() {
            dis.note("check --json has no findings to compare".into());
        }
        dis.same_maps(&format!("{year} 自查表 per branch"), "党员指标", &from_sheet, "check --json", &from_check);
        eprintln!("[{}] 自查表 (committee: {committee}): {} rows compared", self.scale, from_sheet.len());
        if committee {
            // Rules per organisation: a row per organisation and rule, its periods counted.
            let sheet = Table::read(path, SELF_CHECK_SHEET);
            let (org, rule, period) = (sheet.col("组织"), sheet.col("要求"), sheet.col("周期"));
            let (met, all) = (sheet.col("达标项数"), sheet.col("应达标项数"));
            let mut rows: BTreeMap<(String, String, String), Vec<(u32, u32)>> = BTreeMap::new();
            for r in sheet.members() {
                rows.entry((r[org].clone(), r[rule].clone(), r[period].clone()))
                    .or_default()
                    .push((count(&r[met]), count(&r[all])));
            }
            let mut grouped: BTreeMap<(String, String), Vec<&Value>> = BTreeMap::new();
            for f in findings.iter().filter(|f| f.get("member").is_none()) {
                let title = f["title"].as_str().filter(|t| !t.is_empty()).or(f["rule"].as_str()).unwrap();
                let org = by_key[f["org"].as_str().unwrap()];
                grouped.entry((org.to_string(), title.to_string())).or_default().push(f);
            }
            let from_check: BTreeMap<_, Vec<(u32, u32)>> = grouped
                .into_iter()
                .map(|((org, title), fs)| {
                    let periods: Vec<&str> = fs.iter().map(|f| f["period"].as_str().unwrap()).collect();
                    let period = zhibu_core::workbooks::standards::committee_period(&periods);
                    let met = fs.iter().filter(|f| f["status"] == "met").count() as u32;
                    ((org, title, period), vec![(met, fs.len() as u32)])
                })
                .collect();
            dis.same_maps(&format!("{year} 自查表 per organisation"), "自查表", &rows, "check --json", &from_check);
            eprintln!("[{}] 自查表 per organisation: {} rows compared", self.scale, rows.len());
        }
        dis
    }
}

fn json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap()
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    eprintln!("  {what}: {:.1?}", started.elapsed());
    out
}

// ---------------------------------------------------------------------------------------------
// Disagreements

#[derive(Default)]
struct Disagreements {
    found: Vec<String>,
    /// Comparisons made, to show the test compared something.
    compared: usize,
}

impl Disagreements {
    /// Records a disagreement when `a` and `b` differ.
    fn same<T: PartialEq + Debug>(&mut self, fact: &str, who: &str, a_name: &str, a: T, b_name: &str, b: T) {
        self.compared += 1;
        if a != b {
            self.found.push(format!("{fact} · {who}: {a_name} = {a:?}, {b_name} = {b:?}"));
        }
    }

    fn note(&mut self, text: String) {
        self.found.push(text);
    }

    /// Compares two outputs keyed alike: a key in one and not the other is a disagreement; values of a
    /// key shared by several entries (same name in one organisation) are compared sorted.
    fn same_maps<K: Ord + Debug, V: Ord + Debug + Clone>(
        &mut self,
        fact: &str,
        a_name: &str,
        a: &BTreeMap<K, Vec<V>>,
        b_name: &str,
        b: &BTreeMap<K, Vec<V>>,
    ) {
        for (k, va) in a {
            let mut va = va.clone();
            va.sort();
            match b.get(k) {
                None => self.note(format!("{fact} · {k:?}: in {a_name} ({va:?}), missing from {b_name}")),
                Some(vb) => {
                    let mut vb = vb.clone();
                    vb.sort();
                    if va.len() == 1 && vb.len() == 1 {
                        self.same(fact, &format!("{k:?}"), a_name, &va[0], b_name, &vb[0]);
                    } else {
                        self.same(fact, &format!("{k:?} (several)"), a_name, va, b_name, vb);
                    }
                }
            }
        }
        for (k, vb) in b {
            if !a.contains_key(k) {
                self.note(format!("{fact} · {k:?}: in {b_name} ({vb:?}), missing from {a_name}"));
            }
        }
    }

    fn assert_none(self, scale: &str, area: &str) {
        eprintln!("[{scale}] {area}: {} comparisons, {} disagreements", self.compared, self.found.len());
        for d in &self.found {
            eprintln!("  DISAGREE {d}");
        }
        assert!(self.compared > 0, "[{scale}] {area}: nothing was compared");
        assert!(
            self.found.is_empty(),
            "[{scale}] {area}: {} disagreements between outputs stating the same fact (listed above)",
            self.found.len()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Reading workbooks: text or numeric cells

/// A sheet as text: a numeric cell as Rust prints the number, a date cell as `YYYY-MM-DD`.
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let r = book.worksheet_range(name).unwrap_or_else(|e| panic!("{}: sheet {name}: {e}", path.display()));
    let (rows, cols) = r.get_size();
    let (r0, c0) = r.start().unwrap_or((0, 0));
    (0..r0 + rows as u32)
        .map(|i| {
            (0..c0 + cols as u32)
                .map(|j| match r.get_value((i, j)) {
                    Some(Data::String(s)) => s.clone(),
                    Some(Data::Float(f)) => f.to_string(),
                    Some(Data::Int(n)) => n.to_string(),
                    Some(d @ Data::DateTime(_)) => crate::support::xlsx_read::as_date(d).unwrap().to_string(),
                    Some(Data::Empty) | None => String::new(),
                    Some(other) => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    let book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    book.sheet_names()
}

/// A table of a ledger sheet: the header row (the one starting 序号) and the rows under it whose
/// first cell is a number or 合计 (title, subtitle and the 填报单位 footer are left out).
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(path: &Path, name: &str) -> Table {
        let cells = sheet(path, name);
        let h = cells
            .iter()
            .position(|r| r.first().is_some_and(|c| c == "序号"))
            .unwrap_or_else(|| panic!("{}: sheet {name} has no 序号 header", path.display()));
        let rows = cells[h + 1..]
            .iter()
            .take_while(|r| r.first().is_some_and(|c| c == "合计" || c.parse::<f64>().is_ok()))
            .cloned()
            .collect();
        Table { header: cells[h].clone(), rows }
    }

    fn col(&self, header: &str) -> usize {
        self.col_opt(header).unwrap_or_else(|| panic!("no column {header} in {:?}", self.header))
    }

    fn col_opt(&self, header: &str) -> Option<usize> {
        self.header.iter().position(|h| h == header)
    }

    fn members(&self) -> impl Iterator<Item = &Vec<String>> {
        self.rows.iter().filter(|r| r[0] != "合计")
    }

    fn totals(&self) -> Option<&Vec<String>> {
        self.rows.iter().find(|r| r[0] == "合计")
    }
}

/// `32`, `2.5` (学时 as written, or a numeric cell) in tenths.
fn tenths(text: &str) -> Option<u32> {
    let x: f64 = text.trim().parse().ok()?;
    Some((x * 10.0).round() as u32)
}

/// `5,280.00`, `-12.5` or a numeric cell in 分; None for 待核定 and other words.
fn fen(text: &str) -> Option<i64> {
    let t: String = text.trim().chars().filter(|c| *c != ',').collect();
    let x: f64 = t.parse().ok()?;
    Some((x * 100.0).round() as i64)
}

fn count(text: &str) -> u32 {
    text.trim().parse::<f64>().unwrap_or_else(|_| panic!("not a count: {text:?}")) as u32
}

// ---------------------------------------------------------------------------------------------
// 1. 学时

/// What an output says of one member's 学时: the total and the requirement (tenths) where it states
/// them, and whether the member is judged and short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Standing {
    NotJudged,
    Met,
    Short,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Hours {
    total: u32,
    required: u32,
    standing: Standing,
}

/// The `hours --json` members of organisation `org_id` itself, by member id.
fn hours_by_member(report: &Value) -> BTreeMap<i64, Hours> {
    report["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let standing = if !m["judged"].as_bool().unwrap() {
                Standing::NotJudged
            } else if m["met"].as_bool().unwrap() {
                Standing::Met
            } else {
                Standing::Short
            };
            let h = Hours {
                total: m["total_tenths"].as_u64().unwrap() as u32,
                required: m["required_tenths"].as_u64().unwrap() as u32,
                standing,
            };
            (m["member_id"].as_i64().unwrap(), h)
        })
        .collect()
}

/// What the training-hours findings of a member say: (actual totals seen, max required, any not met).
struct CheckHours {
    actual: Vec<u32>,
    required: u32,
    short: bool,
}

fn check_by_member(report: &Value, year: i32) -> BTreeMap<String, CheckHours> {
    let mut out: BTreeMap<String, CheckHours> = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        if f["measure"] != "training_hours" {
            continue;
        }
        assert_eq!(f["period"], year.to_string(), "a training-hours finding not over the year: {f}");
        let member = f["member"].as_str().expect("a training-hours finding names its member").to_string();
        let t = |v: &Value| (v.as_f64().unwrap() * 10.0).round() as u32;
        let e = out.entry(member).or_insert(CheckHours { actual: Vec::new(), required: 0, short: false });
        e.actual.push(t(&f["actual"]));
        e.required = e.required.max(t(&f["required"]));
        e.short |= f["status"] != "met";
    }
    out
}

/// The 党员学时统计表 rows, by (organisation, name).
fn sheet_hours(d: &Demo, path: &Path, org_id: i64) -> BTreeMap<(String, String), Vec<Hours>> {
    let t = Table::read(path, "党员学时统计表");
    let (name, total, required, state) = (t.col("姓名"), t.col("合计学时"), t.col("应达学时"), t.col("完成情况"));
    let org_col = t.col_opt("所在支部");
    let mut out: BTreeMap<(String, String), Vec<Hours>> = BTreeMap::new();
    for r in t.members() {
        let standing = match r[state].as_str() {
            "不作要求" => Standing::NotJudged,
            "达标" => Standing::Met,
            s if s.starts_with('差') => Standing::Short,
            s => panic!("完成情况 {s:?}"),
        };
        let h = Hours {
            total: tenths(&r[total]).unwrap_or_else(|| panic!("合计学时 {:?}", r[total])),
            required: tenths(&r[required]).unwrap_or_else(|| panic!("应达学时 {:?}", r[required])),
            standing,
        };
        // 差X学时 must be the gap between the two numbers it sits next to.
        if standing == Standing::Short {
            let gap = r[state].trim_start_matches('差').trim_end_matches("学时");
            assert_eq!(tenths(gap), Some(h.required.saturating_sub(h.total)), "{r:?}");
        }
        let org = org_col.map(|c| r[c].clone()).unwrap_or_else(|| d.org_name(org_id).to_string());
        out.entry((org, r[name].clone())).or_default().push(h);
    }
    out
}

impl Demo {
    fn study_hours(&self) -> Disagreements {
        let started = Instant::now();
        let mut dis = Disagreements::default();
        let orgs = self.orgs_with_members();
        // (profile, standing, held to the committee's figure) → members, to show what was exercised.
        let mut tally: BTreeMap<(&str, Standing, bool), u32> = BTreeMap::new();
        for year in YEARS {
            // The sheets: the whole ledger's (root) and each organisation's own, under its profile.
            let sheets: HashMap<i64, PathBuf> =
                timed(&format!("{year}: 党员学时统计表 × {}", orgs.len() + 1), || {
                    let mut ids = orgs.clone();
                    if !ids.contains(&self.root) {
                        ids.push(self.root);
                    }
                    ids.into_iter()
                        .map(|o| (o, self.export(o, year, &["study_hours"])["study_hours"].clone()))
                        .collect()
                });
            self.tamper(year);
            // The root's sheet states every member, each against the root's profile: as hours --org root.
            let root_hours = self.hours_json(self.root, year, None);
            let by_name = |hours: &BTreeMap<i64, Hours>, only_org: Option<i64>| {
                let mut out: BTreeMap<(String, String), Vec<Hours>> = BTreeMap::new();
                for (id, h) in hours {
                    let m = &self.members[id];
                    if only_org.is_none_or(|o| m.org_id == o) {
                        out.entry((self.org_name(m.org_id).to_string(), m.name.clone())).or_default().push(*h);
                    }
                }
                out
            };
            dis.same_maps(
                &format!("{year} 学时 (root, own profile)"),
                "党员学时统计表",
                &sheet_hours(self, &sheets[&self.root], self.root),
                "hours --json",
                &by_name(&hours_by_member(&root_hours), None),
            );

            let mut profiles: Vec<Option<&str>> = vec![None];
            profiles.extend(PROFILES.iter().map(|p| Some(*p)));
            for profile in profiles {
                let label = profile.unwrap_or("own profile");
                let check = timed(&format!("{year}: check --profile {label}"), || self.check_json(year, profile));
                let findings = check_by_member(&check, year);
                let mut judged_keys = Vec::new();
                // `hours --org O [--profile P]` depends on O only through the requirements in force
                // (the profile's); one report per distinct requirement gives every organisation's.
                let mut by_params: HashMap<String, BTreeMap<i64, Hours>> = HashMap::new();
                for &o in &orgs {
                    let params = zhibu_core::app::meetings::study_hours_params(&self.ledger, Some(o), profile).unwrap();
                    let hours = by_params
                        .entry(format!("{params:?}"))
                        .or_insert_with(|| {
                            let report = zhibu_core::app::meetings::study_hours_with(
                                &self.ledger,
                                Some(self.root),
                                year,
                                params,
                                today(),
                            )
                            .unwrap();
                            hours_by_member(&json(&report))
                        })
                        .clone();

                    let own: BTreeMap<i64, Hours> =
                        hours.into_iter().filter(|(id, _)| self.members[id].org_id == o).collect();
                    // The organisation's own sheet, for its own members (the sheet uses the own profile).
                    if profile.is_none() {
                        let sheet: BTreeMap<_, _> = sheet_hours(self, &sheets[&o], o)
                            .into_iter()
                            .filter(|((org, _), _)| org == self.org_name(o))
                            .collect();
                        dis.same_maps(
                            &format!("{year} 学时 ({}, own profile)", self.org(o).key),
                            "党员学时统计表",
                            &sheet,
                            "hours --json",
                            &by_name(&own, Some(o)),
                        );
                    }
                    for (id, h) in &own {
                        let m = &self.members[id];
                        let who = format!("{} {} ({})", m.key, m.name, self.org(o).key);
                        let fact = format!("{year} 学时 [{label}]");
                        judged_keys.push(m.key.clone());
                        *tally.entry((label, h.standing, h.required >= 560)).or_default() += 1;
                        match (h.standing, findings.get(&m.key)) {
                            (Standing::NotJudged, None) => dis.compared += 1,
                            (Standing::NotJudged, Some(c)) => dis.note(format!(
                                "{fact} · {who}: hours --json judged=false, check has training-hours findings (actual {:?}, required {})",
                                c.actual, c.required
                            )),
                            (_, None) => dis.note(format!(
                                "{fact} · {who}: hours --json judged=true ({h:?}), check has no training-hours finding"
                            )),
                            (s, Some(c)) => {
                                for a in &c.actual {
                                    dis.same(&format!("{fact} total"), &who, "hours total_tenths", h.total, "check actual", *a);
                                }
                                dis.same(&format!("{fact} required"), &who, "hours required_tenths", h.required, "check max required", c.required);
                                dis.same(&format!("{fact} short"), &who, "hours met==false", s == Standing::Short, "check some finding not met", c.short);
                            }
                        }
                    }
                }
                for key in findings.keys() {
                    if !judged_keys.contains(key) {
                        dis.note(format!("{year} 学时 [{label}] · {key}: check has training-hours findings, hours --json does not list the member"));
                    }
                }
            }
        }
        eprintln!(
            "[{}] 学时 compared in {:.1?}; members seen (profile, standing, committee): {tally:?}",
            self.scale,
            started.elapsed()
        );
        dis
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Attendance

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Counts {
    expected: u32,
    present: u32,
    leave: u32,
    absent: u32,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.expected += o.expected;
        self.present += o.present;
        self.leave += o.leave;
        self.absent += o.absent;
    }
}

/// One row of `meetings --json`.
struct Activity {
    key: String,
    org_id: i64,
    org_name: String,
    date: NaiveDate,
    time: String,
    types: Vec<ActivityType>,
    group: Option<String>,
    topic: String,
    counts: Counts,
}

fn activities(d: &Demo, year: i32) -> Vec<Activity> {
    let filter = zhibu_core::meetings::ActivityFilter { org_id: Some(d.root), year, ..Default::default() };
    let rows = json(&zhibu_core::meetings::list_activities(&d.ledger, &filter).unwrap());
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().map(str::to_string);
            let time = match (s("start_time"), s("end_time")) {
                (Some(a), Some(b)) => format!("{a}—{b}"),
                (Some(a), None) => a,
                (None, Some(b)) => format!("—{b}"),
                (None, None) => String::new(),
            };
            let c = &r["counts"];
            let n = |k: &str| c[k].as_u64().unwrap() as u32;
            Activity {
                key: s("key").unwrap(),
                org_id: r["org_id"].as_i64().unwrap(),
                org_name: s("org_name").unwrap(),
                date: zhibu_core::model::dates::parse_date(r["date"].as_str().unwrap()).unwrap(),
                time,
                types: r["types"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| ActivityType::from_code(t.as_str().unwrap()).unwrap())
                    .collect(),
                group: s("group_name"),
                topic: s("topic").unwrap(),
                counts: Counts {
                    expected: n("expected"),
                    present: n("present"),
                    leave: n("leave"),
                    absent: n("absent"),
                },
            }
        })
        .collect()
}

fn labels(types: &[ActivityType]) -> String {
    types.iter().map(|t| t.label()).collect::<Vec<_>>().join("、")
}

fn quarter(date: NaiveDate) -> usize {
    use chrono::Datelike;
    date.month0() as usize / 3
}

const QUARTERS: [&str; 4] = ["第一季度", "第二季度", "第三季度", "第四季度"];

impl Demo {
    fn attendance(&self) -> Disagreements {
        use zhibu_core::workbooks::meetings::rules::SITTING_TYPES;
        use zhibu_core::workbooks::meetings::MeetingExport;
        let started = Instant::now();
        let mut dis = Disagreements::default();
        for year in YEARS {
            // 三会一课台账 (the root's, every organisation's sittings) row by row against meetings --json.
            let path = &self.export(self.root, year, &["meetings"])["meetings"];
            self.tamper(year);
            let list = activities(self, year);
            let by_key: HashMap<&str, &Activity> = list.iter().map(|a| (a.key.as_str(), a)).collect();
            let mut unmatched: HashMap<(String, String, String, String, String), Vec<&Activity>> = HashMap::new();
            for a in list.iter().filter(|a| a.types.iter().any(|t| SITTING_TYPES.contains(t))) {
                let kind = match &a.group {
                    Some(g) => format!("{}（{g}）", labels(&a.types)),
                    None => labels(&a.types),
                };
                let date = a.date.to_string();
                unmatched
                    .entry((self.org_name(a.org_id).to_string(), date, a.time.clone(), kind, a.topic.clone()))
                    .or_default()
                    .push(a);
            }
            let mut ledger_counts: HashMap<String, Counts> = HashMap::new();
            for (q, sheet_name) in QUARTERS.iter().enumerate() {
                let t = Table::read(path, sheet_name);
                let org_col = t.col_opt("召开组织");
                let cols = ["日期", "时间", "类型", "会议主题", "应到", "实到", "请假", "缺席"].map(|h| t.col(h));
                for r in t.members() {
                    let org = org_col.map(|c| r[c].clone()).unwrap_or_else(|| self.org_name(self.root).to_string());
                    let id = (org, r[cols[0]].clone(), r[cols[1]].clone(), r[cols[2]].clone(), r[cols[3]].clone());
                    let counts = Counts {
                        expected: count(&r[cols[4]]),
                        present: count(&r[cols[5]]),
                        leave: count(&r[cols[6]]),
                        absent: count(&r[cols[7]]),
                    };
                    match unmatched.get_mut(&id).filter(|v| !v.is_empty()) {
                        Some(v) => {
                            let a = v.remove(0);
                            dis.same(&format!("{year} 三会一课台账 quarter"), &a.key, "sheet", q, "date", quarter(a.date));
                            ledger_counts.insert(a.key.clone(), counts);
                        }
                        None => dis.note(format!("{year} 三会一课台账 {sheet_name}: row {id:?} {counts:?} matches no meetings --json sitting")),
                    }
                }
            }
            for a in unmatched.values().flatten() {
                dis.note(format!(
                    "{year} 三会一课台账: sitting {} {} {} missing from the sheet",
                    a.key, a.date, a.topic
                ));
            }

            // 组织生活考勤册, one per organisation (its own sittings), and each member's year in it.
            let hours = hours_by_member_counts(&self.hours_json(self.root, year, None));
            let mut book_counts: HashMap<String, Counts> = HashMap::new();
            let mut member_totals: HashMap<i64, Counts> = HashMap::new();
            let mut unresolved = 0;
            for org in &self.orgs {
                let own: Vec<&Activity> = list
                    .iter()
                    .filter(|a| a.org_id == org.id && a.types.iter().any(|t| SITTING_TYPES.contains(t)))
                    .collect();
                let mut path = self.export(org.id, year, &["attendance_book"])["attendance_book"].clone();
                if path.is_dir() {
                    // A committee's export: a folder of its organisations' books, its own among them
                    // when it has sittings or members of its own.
                    let o = zhibu_core::store::orgs::get(self.ledger.conn(), org.id).unwrap();
                    path = path.join(MeetingExport::AttendanceBook.file_name(&o, year, today()));
                    if !path.exists() {
                        assert!(own.is_empty(), "{}: sittings but no book in {}", org.key, path.display());
                        continue;
                    }
                }
                let path = &path;
                for (q, sheet_name) in QUARTERS.iter().enumerate() {
                    let in_q: Vec<&&Activity> = own.iter().filter(|a| quarter(a.date) == q).collect();
                    let cells = sheet(path, sheet_name);
                    let h = cells.iter().position(|r| r.first().is_some_and(|c| c == "序号")).unwrap();
                    let header = &cells[h];
                    let first_count = header.iter().position(|c| c == "应到").unwrap();
                    let columns = 2..first_count;
                    let body: Vec<&Vec<String>> = cells[h + 1..]
                        .iter()
                        .take_while(|r| r.first().is_some_and(|c| c == "合计" || c.parse::<u32>().is_ok()))
                        .collect();
                    let totals = body.iter().find(|r| r[0] == "合计").expect("a 合计 row");
                    let expected_row = cells[h + 1..].iter().find(|r| r[0] == "应到").expect("an 应到 row");
                    dis.same(
                        &format!("{year} 考勤册 {} {sheet_name} sittings", org.key),
                        "count",
                        "book columns",
                        columns.len(),
                        "meetings --json (own, counting for attendance)",
                        in_q.len(),
                    );
                    for (c, a) in columns.zip(in_q.iter()) {
                        // The column header: "M/D\n类型…" (each label broken two characters a line).
                        let head: Vec<&str> = header[c].splitn(2, '\n').collect();
                        let want = format!("{}/{}", a.date.format("%-m"), a.date.format("%-d"));
                        let types = head.get(1).map(|s| s.replace('\n', "")).unwrap_or_default();
                        if head[0] != want || types != labels(&a.types).replace('、', "") {
                            dis.note(format!(
                                "{year} 考勤册 {} {sheet_name}: column {c} headed {:?}, meetings --json has {} {want} {}",
                                org.key, header[c], a.key, labels(&a.types)
                            ));
                            continue;
                        }
                        let mut marks = Counts::default();
                        for r in body.iter().filter(|r| r[0] != "合计") {
                            match r[c].as_str() {
                                "√" => marks.present += 1,
                                "假" => marks.leave += 1,
                                "缺" => marks.absent += 1,
                                "" => continue,
                                m => panic!("mark {m:?}"),
                            }
                            marks.expected += 1;
                        }
                        dis.same(
                            &format!("{year} 考勤册 合计 row"),
                            &a.key,
                            "合计 实到/应到 rows",
                            format!("{}/{}", totals[c], expected_row[c]),
                            "marks",
                            format!("{}/{}", marks.present, marks.expected),
                        );
                        book_counts.insert(a.key.clone(), marks);
                    }
                }
                // 全年汇总: each row's yearly counts, credited to the member it names.
                let t = Table::read(path, "全年汇总");
                let cols = ["姓名", "应到", "实到", "请假", "缺席", "备注"].map(|h| t.col(h));
                let candidates = book_candidates(self, org.id, year);
                for r in t.members() {
                    let ids: Vec<i64> =
                        candidates.iter().filter(|(_, n)| *n == r[cols[0]]).map(|(id, _)| *id).collect();
                    let counts = Counts {
                        expected: count(&r[cols[1]]),
                        present: count(&r[cols[2]]),
                        leave: count(&r[cols[3]]),
                        absent: count(&r[cols[4]]),
                    };
                    match ids.as_slice() {
                        [id] => *member_totals.entry(*id).or_default() += counts,
                        _ => {
                            // Two people of the same name in one book: the row cannot be told apart.
                            unresolved += 1;
                            for id in ids {
                                member_totals.insert(id, Counts { expected: u32::MAX, ..Counts::default() });
                            }
                        }
                    }
                }
            }
            if unresolved > 0 {
                eprintln!("  {year}: {unresolved} 考勤册 rows name a person whose name is shared; not compared");
            }

            // Per meeting: the three outputs.
            for a in &list {
                let fact = format!("{year} meeting counts");
                let who = format!("{} {} {} ({})", a.key, a.date, labels(&a.types), a.org_name);
                if let Some(c) = ledger_counts.get(&a.key) {
                    dis.same(&fact, &who, "三会一课台账", *c, "meetings --json", a.counts);
                }
                if let Some(c) = book_counts.get(&a.key) {
                    dis.same(&fact, &who, "考勤册", *c, "meetings --json", a.counts);
                }
                if let (Some(l), Some(b)) = (ledger_counts.get(&a.key), book_counts.get(&a.key)) {
                    dis.same(&fact, &who, "三会一课台账", *l, "考勤册", *b);
                }
            }
            assert!(by_key.len() == list.len());

            // Per member: the books' yearly counts summed over every book vs hours --json.
            for (id, h) in &hours {
                let b = member_totals.get(id).copied().unwrap_or_default();
                if b.expected == u32::MAX {
                    continue;
                }
                let m = &self.members[id];
                dis.same(
                    &format!("{year} member attendance"),
                    &format!("{} {} ({})", m.key, m.name, self.org(m.org_id).key),
                    "考勤册 全年汇总 (all books)",
                    b,
                    "hours --json",
                    *h,
                );
            }
            for (id, b) in &member_totals {
                if !hours.contains_key(id) && b.expected != u32::MAX && b.expected > 0 {
                    let m = &self.members[id];
                    dis.note(format!(
                        "{year} member attendance · {} {}: 考勤册 counts {b:?}, hours --json does not list the member",
                        m.key, m.name
                    ));
                }
            }
        }
        eprintln!("[{}] attendance compared in {:.1?}", self.scale, started.elapsed());
        dis
    }
}

/// `hours --json` members' expected/present/leave/absent by member id.
fn hours_by_member_counts(report: &Value) -> HashMap<i64, Counts> {
    report["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let n = |k: &str| m[k].as_u64().unwrap() as u32;
            (
                m["member_id"].as_i64().unwrap(),
                Counts { expected: n("expected"), present: n("present"), leave: n("leave"), absent: n("absent") },
            )
        })
        .collect()
}

/// Whom a row of `org_id`'s 考勤册 can name: its own members and anyone listed at its sittings of
/// the year (the book names people, not keys; the ledger only resolves the name).
fn book_candidates(d: &Demo, org_id: i64, year: i32) -> Vec<(i64, String)> {
    let mut out: Vec<(i64, String)> =
        d.members.iter().filter(|(_, m)| m.org_id == org_id).map(|(id, m)| (*id, m.name.clone())).collect();
    let mut stmt = d
        .ledger
        .conn()
        .prepare(
            "SELECT DISTINCT m.id, m.name FROM attendance x JOIN activities a ON a.id = x.activity_id
             JOIN members m ON m.id = x.member_id
             WHERE a.org_id = ?1 AND a.deleted_at IS NULL AND a.date BETWEEN ?2 AND ?3",
        )
        .unwrap();
    let rows = stmt
        .query_map(rusqlite::params![org_id, format!("{year}-01-01"), format!("{year}-12-31")], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })
        .unwrap();
    for row in rows {
        let row = row.unwrap();
        if !out.contains(&row) {
            out.push(row);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// 3. Dues

/// A member's year: due, paid, arrears in 分 (None: 待核定, a month's due unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct DuesFacts {
    due: Option<i64>,
    paid: i64,
    arrears: Option<i64>,
}

fn dues_sheet(path: &Path, sheet_name: &str, cols: [&str; 3]) -> (BTreeMap<String, Vec<DuesFacts>>, Option<[i64; 3]>) {
    let t = Table::read(path, sheet_name);
    let name = t.col("姓名");
    let [due, paid, arrears] = cols.map(|h| t.col(h));
    let mut out: BTreeMap<String, Vec<DuesFacts>> = BTreeMap::new();
    for r in t.members() {
        let f = DuesFacts {
            due: fen(&r[due]),
            paid: fen(&r[paid]).unwrap_or_else(|| panic!("{sheet_name} paid {:?}", r[paid])),
            arrears: fen(&r[arrears]),
        };
        for (v, cell) in [(f.due, &r[due]), (f.arrears, &r[arrears])] {
            assert!(v.is_some() || cell == "待核定", "{sheet_name}: amount {cell:?}");
        }
        out.entry(r[name].clone()).or_default().push(f);
    }
    let totals = t.totals().map(|r| [due, paid, arrears].map(|c| fen(&r[c]).unwrap()));
    (out, totals)
}

impl Demo {
    fn dues(&self) -> Disagreements {
        let started = Instant::now();
        let mut dis = Disagreements::default();
        for year in YEARS {
            let files = self.export(self.root, year, &["dues", "dues_publication"]);
            self.tamper(year);
            assert!(sheet_names(&files["dues"]).contains(&"党费收缴台账".to_string()));
            let (ledger, ledger_totals) =
                dues_sheet(&files["dues"], "党费收缴台账", ["全年应缴(元)", "全年实缴(元)", "欠缴(元)"]);
            let (publication, publication_totals) =
                dues_sheet(&files["dues_publication"], "党费收缴公示表", ["全年应缴(元)", "已缴(元)", "未缴(元)"]);
            let report = json(&zhibu_core::dues::year_report(&self.ledger, year, Some(self.root), today()).unwrap());
            let mut from_report: BTreeMap<String, Vec<DuesFacts>> = BTreeMap::new();
            for m in report["members"].as_array().unwrap() {
                let unknown = m["months"].as_array().unwrap().iter().any(|x| x["due_fen"].is_null());
                let f = |k: &str| m[k].as_i64().unwrap();
                let facts = DuesFacts {
                    due: (!unknown).then(|| f("due_total_fen")),
                    paid: f("paid_total_fen"),
                    arrears: (!unknown).then(|| f("outstanding_fen")),
                };
                from_report.entry(m["name"].as_str().unwrap().to_string()).or_default().push(facts);
            }
            let fact = format!("{year} dues (due, paid, arrears)");
            dis.same_maps(&fact, "党费收缴台账", &ledger, "dues --json", &from_report);
            dis.same_maps(&fact, "党费收缴公示表", &publication, "dues --json", &from_report);
            dis.same_maps(&fact, "党费收缴台账", &ledger, "党费收缴公示表", &publication);
            let t = &report["totals"];
            let totals = Some(["due_total_fen", "paid_total_fen", "outstanding_fen"].map(|k| t[k].as_i64().unwrap()));
            dis.same(&format!("{year} dues totals"), "合计", "党费收缴台账", ledger_totals, "dues --json", totals);
            dis.same(
                &format!("{year} dues totals"),
                "合计",
                "党费收缴公示表",
                publication_totals,
                "dues --json",
                totals,
            );
        }
        eprintln!("[{}] dues compared in {:.1?}", self.scale, started.elapsed());
        dis
    }
}
