//! A bounded mutation fuzzer over every reader of a user's file: the roster import, the payroll
//! import (from `.xlsx` and `.xls`) and the data package import.
//!
//! Seeds are real files: the roster as the exporter writes it, a payroll sheet, `.xls` versions of
//! both, and the data package the exporter writes. Each run mutates a seed (bit flips, interesting
//! bytes, inserts, deletions, truncation, duplicated chunks; for an `.xlsx` also inside one of its
//! XML parts, zipped again; numbers replaced by extreme ones) with a fixed-seed PRNG, and hands it to
//! the reader. A reader may accept the file or refuse it with a Chinese message of the refusal class
//! (and then the ledger must be unchanged); a panic that escapes, an internal error or an abort is a
//! crash.
//!
//! The runs happen in a child process (this test binary again, `fuzz_child`) whose address space is
//! limited to 1.5 GB, so that an abort on a failed allocation is seen and reported with its input,
//! which is kept in `target/fuzz-crashes/`. `ZHIBU_FUZZ_SECONDS` (default 120) and `ZHIBU_FUZZ_SEED`
//! (default 14) set the budget and the seed, for longer nightly runs; `ZHIBU_FUZZ_KEEP=<dir>` keeps
//! the inputs whose parser panic was contained (to minimise and report upstream).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rust_xlsxwriter::Workbook;
use zhibu_core::package::{export_package, to_json};
use zhibu_core::{Error, ErrorCode};

use super::make::{self, XlsCell};
use super::{ledger, read, Reader};
use crate::support::{dump, today};

const CHILD_ENV: &str = "ZHIBU_FUZZ_CHILD_DIR";

/// xorshift64*: small, fast, and the same sequence everywhere for a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One seed: a file kind (its extension), its bytes, and the readers that take it.
struct Seed {
    ext: &'static str,
    bytes: Vec<u8>,
    readers: &'static [Reader],
}

const WORKBOOK_READERS: &[Reader] = &[Reader::Roster, Reader::Payroll];

fn seeds(dir: &Path) -> Vec<Seed> {
    let ledger = ledger();
    // The roster as the exporter writes it.
    let roster = dir.join("seed-roster.xlsx");
    zhibu_core::workbooks::roster::export(&ledger, crate::support::org(&ledger), &roster, today(), false).unwrap();
    // A payroll sheet as finance hands it over.
    let payroll = dir.join("seed-payroll.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("工资表").unwrap();
    ws.write_string(0, 0, "2026年11月工资发放表").unwrap();
    for (c, h) in ["序号", "姓名", "身份证号", "实发工资"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, (name, id, pay)) in
        [("张三", "110105198001010016", 6500.5), ("李四", "110105198001010032", 7200.0)].iter().enumerate()
    {
        let r = r as u32 + 2;
        ws.write_number(r, 0, f64::from(r - 1)).unwrap();
        ws.write_string(r, 1, *name).unwrap();
        ws.write_string(r, 2, *id).unwrap();
        ws.write_number(r, 3, *pay).unwrap();
    }
    wb.save(&payroll).unwrap();
    let pkg = export_package(&ledger, None, chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap())
        .unwrap();
    let xls_payroll = make::xls(
        "工资表",
        &[
            (0, 0, XlsCell::Text("姓名")),
            (0, 1, XlsCell::Text("身份证号")),
            (0, 2, XlsCell::Text("实发工资")),
            (1, 0, XlsCell::Text("张三")),
            (1, 1, XlsCell::Text("110105198001010016")),
            (1, 2, XlsCell::Number(6500.5)),
            (2, 0, XlsCell::Text("李四")),
            (2, 1, XlsCell::Text("110105198001010032")),
            (2, 2, XlsCell::Number(7200.0)),
        ],
        (0, 3, 0, 3),
    );
    let xls_roster = make::good_xls_roster();
    let csv = dir.join("seed-roster.csv");
    crate::import::messy::other_system_gbk_csv(&csv);
    vec![
        Seed { ext: "xlsx", bytes: std::fs::read(&roster).unwrap(), readers: WORKBOOK_READERS },
        Seed { ext: "xlsx", bytes: std::fs::read(&payroll).unwrap(), readers: WORKBOOK_READERS },
        Seed { ext: "xls", bytes: xls_roster, readers: WORKBOOK_READERS },
        Seed { ext: "xls", bytes: xls_payroll, readers: WORKBOOK_READERS },
        Seed { ext: "json", bytes: to_json(&pkg).into_bytes(), readers: &[Reader::Package] },
        Seed {
            ext: "ods",
            bytes: crate::import::messy::ods(&crate::import::messy::hand_kept_rows()),
            readers: WORKBOOK_READERS,
        },
        Seed { ext: "csv", bytes: std::fs::read(&csv).unwrap(), readers: WORKBOOK_READERS },
    ]
}

const INTERESTING: &[&[u8]] = &[
    b"0",
    b"-1",
    b"4294967295",
    b"4294967296",
    b"9223372036854775807",
    b"-9223372036854775808",
    b"18446744073709551616",
    b"99999999999999999999999",
    b"1e308",
    b"1048576",
    b"XFD1048576",
    b"ZZZZZZZZZZ99999999999",
];

/// Replaces a run of digits with an extreme number.
fn extreme_number(rng: &mut Rng, data: &mut Vec<u8>) {
    let digits: Vec<usize> = (0..data.len()).filter(|&i| data[i].is_ascii_digit()).collect();
    if digits.is_empty() {
        return;
    }
    let start = digits[rng.below(digits.len())];
    let mut end = start;
    while end < data.len() && data[end].is_ascii_digit() {
        end += 1;
    }
    let with = INTERESTING[rng.below(INTERESTING.len())];
    data.splice(start..end, with.iter().copied());
}

/// One to four byte-level mutations.
fn mutate_bytes(rng: &mut Rng, data: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(9) {
            0 | 1 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            2 if len > 0 => {
                let i = rng.below(len);
                data[i] = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE][rng.below(6)];
            }
            3 if len >= 4 => {
                // A 32-bit field set to an extreme value.
                let i = rng.below(len - 3);
                let v: u32 = [0, 0xFFFF_FFFF, 0xFFFF_FFFE, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF, 0x10000][rng.below(7)];
                data[i..i + 4].copy_from_slice(&v.to_le_bytes());
            }
            4 => {
                let i = rng.below(len + 1);
                let n = 1 + rng.below(16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                data.splice(i..i, bytes);
            }
            5 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below(64.min(len - i));
                data.drain(i..i + n);
            }
            6 if len > 0 => data.truncate(rng.below(len)),
            7 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below(256.min(len - i));
                let chunk = data[i..i + n].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, chunk);
            }
            _ => extreme_number(rng, data),
        }
    }
}

/// An `.xlsx` mutated inside one of its parts (then zipped again), or as raw bytes.
fn mutate_xlsx(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    if rng.below(4) == 0 {
        let mut out = seed.to_vec();
        mutate_bytes(rng, &mut out);
        return out;
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(seed)).unwrap();
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        parts.push((f.name().to_string(), bytes));
    }
    // The sheets and the shared strings are the parts worth mutating most.
    let xml: Vec<usize> = (0..parts.len()).filter(|&i| parts[i].0.ends_with(".xml")).collect();
    let hot: Vec<usize> = xml
        .iter()
        .copied()
        .filter(|&i| parts[i].0.contains("worksheets/") || parts[i].0.contains("sharedStrings"))
        .collect();
    let pick = if !hot.is_empty() && rng.below(3) > 0 { hot[rng.below(hot.len())] } else { xml[rng.below(xml.len())] };
    if rng.below(2) == 0 {
        extreme_number(rng, &mut parts[pick].1);
    } else {
        mutate_bytes(rng, &mut parts[pick].1);
    }
    if rng.below(20) == 0 {
        let i = rng.below(parts.len());
        parts.remove(i);
    }
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in &parts {
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn mutate(rng: &mut Rng, seed: &Seed) -> Vec<u8> {
    match seed.ext {
        "xlsx" | "ods" => mutate_xlsx(rng, &seed.bytes),
        _ => {
            let mut out = seed.bytes.clone();
            mutate_bytes(rng, &mut out);
            out
        }
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The child: runs mutations until the time is up, writing each input to `current.<ext>` first (so
/// the parent finds it after an abort) and the counts to `stats` at the end.
#[test]
#[ignore = "run by fuzz_the_readers in a child process"]
fn fuzz_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV).map(PathBuf::from) else { return };
    limit_address_space(1536 << 20);
    let seconds = env_number("ZHIBU_FUZZ_SECONDS", 120);
    let mut rng = Rng(env_number("ZHIBU_FUZZ_SEED", 14).max(1));
    let seeds = seeds(&dir);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut execs, mut accepted, mut refused, mut contained) = (0u64, 0u64, 0u64, 0u64);
    let mut led = ledger();
    let clean = dump(&led);
    let mut last: Option<PathBuf> = None;
    while Instant::now() < deadline {
        let seed = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed);
        let path = dir.join(format!("current.{}", seed.ext));
        if let Some(previous) = last.replace(path.clone()).filter(|p| *p != path) {
            std::fs::remove_file(previous).unwrap();
        }
        std::fs::write(&path, &input).unwrap();
        for &reader in seed.readers {
            let before = dump(&led);
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&led, reader, &path)));
            execs += 1;
            match outcome {
                Ok(Ok(())) => accepted += 1,
                Ok(Err(e)) => {
                    check_refusal(&e, reader, &path);
                    assert_eq!(
                        dump(&led),
                        before,
                        "{reader:?}: a refused import changed the ledger ({})",
                        path.display()
                    );
                    refused += 1;
                    // A parser panic turned into a refusal by `input::contain`.
                    if e.to_string().contains("解析器出错") {
                        contained += 1;
                        // ZHIBU_FUZZ_KEEP=<dir>: keep those inputs (to minimise and report upstream).
                        if let Some(keep) = std::env::var_os("ZHIBU_FUZZ_KEEP") {
                            let to = Path::new(&keep).join(format!("panic-{contained}.{}", seed.ext));
                            std::fs::copy(&path, to).unwrap();
                        }
                    }
                }
                Err(_) => panic!("{reader:?} panicked on {}", path.display()),
            }
        }
        // An accepted import changed the ledger: start again from the clean one now and then.
        if execs % 50 == 0 && dump(&led) != clean {
            led = ledger();
        }
    }
    if let Some(previous) = last {
        std::fs::remove_file(previous).unwrap();
    }
    std::fs::write(dir.join("stats"), format!("{execs} {accepted} {refused} {contained}")).unwrap();
}

fn check_refusal(e: &Error, reader: Reader, path: &Path) {
    assert!(
        e.is_refusal() && e.code() != ErrorCode::Internal,
        "{reader:?} on {}: an internal error: {e:?}",
        path.display()
    );
    assert!(
        e.to_string().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{reader:?} on {}: not Chinese: {e}",
        path.display()
    );
}

/// Limits this process's address space, so that a runaway allocation fails (and aborts) here rather
/// than exhausting the machine.
fn limit_address_space(bytes: u64) {
    let limit = libc::rlimit { rlim_cur: bytes as libc::rlim_t, rlim_max: bytes as libc::rlim_t };
    // SAFETY: setrlimit with a valid struct; lowering a limit is always allowed.
    let rc = unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) };
    assert_eq!(rc, 0, "setrlimit failed");
}

/// The parent: runs `fuzz_child` in a child process and reports a crash with its saved input.
#[test]
fn fuzz_the_readers() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["hostile::fuzz::fuzz_child", "--exact", "--nocapture", "--ignored", "--test-threads=1"])
        .env(CHILD_ENV, dir.path())
        .output()
        .unwrap();
    let stats = std::fs::read_to_string(dir.path().join("stats")).unwrap_or_default();
    if !output.status.success() || stats.is_empty() {
        let kept = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-crashes");
        std::fs::create_dir_all(&kept).unwrap();
        let mut saved = Vec::new();
        for ext in ["xlsx", "xls", "json"] {
            let current = dir.path().join(format!("current.{ext}"));
            if current.exists() {
                let to = kept.join(format!("crash-{}.{ext}", std::process::id()));
                std::fs::copy(&current, &to).unwrap();
                saved.push(to.display().to_string());
            }
        }
        panic!(
            "the fuzzer's child failed ({:?}) after {:?}; input kept in {}\nstdout:\n{}\nstderr:\n{}",
            output.status,
            started.elapsed(),
            saved.join(", "),
            tail(&output.stdout),
            tail(&output.stderr)
        );
    }
    let n: Vec<u64> = stats.split_whitespace().map(|x| x.parse().unwrap()).collect();
    eprintln!(
        "fuzz: {} runs ({} accepted, {} refused, of which {} parser panics contained) in {:?}",
        n[0],
        n[1],
        n[2],
        n[3],
        started.elapsed()
    );
    assert!(n[0] > 100, "too few runs: {stats}");
}

fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}
