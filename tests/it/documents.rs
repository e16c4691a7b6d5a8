//! Word documents filled from the ledger (issue 16): the 会议记录 of a 党员大会 as .docx and the
//! 发展党员 documents (公示, 接收 and 转正 决议). Each is read back (unzip + the text of
//! `word/document.xml`) and checked against the record: topic, date in Chinese, names, the vote
//! figures of the meeting; A4 with the official margins and fonts; nothing internal printed (keys,
//! ISO dates); LibreOffice converts each to PDF.

use std::io::Read;
use std::path::Path;

use zhibu_core::app::development::{self as dev, DevelopmentDoc, DevelopmentPerson};
use zhibu_core::app::exports;
use zhibu_core::model::dates::chinese_date;
use zhibu_core::{ErrorCode, Ledger};

use crate::support::cli::{demo_ledger, run};
use crate::support::golden::assert_docx_matches_golden;
use crate::support::today;
use crate::support::xml::{parse, Element};

/// The demo ledger on disk (the CLI's) opened here as well.
fn demo() -> (tempfile::TempDir, std::path::PathBuf, Ledger) {
    let (dir, db) = demo_ledger();
    let ledger = Ledger::open(&db).unwrap();
    (dir, db, ledger)
}

/// A person of the demo with both 支部大会 votes (steps 15 and 23) on meetings.
fn full_member(ledger: &Ledger) -> DevelopmentPerson {
    dev::load_people(ledger.conn(), &[])
        .unwrap()
        .into_iter()
        .find(|p| [15, 23].iter().all(|s| p.vote(*s).is_some_and(|v| v.activity_id.is_some())) && p.step(9).is_some())
        .expect("the demo has a person through 转正 with both votes on meetings")
}

fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("{name} in {}", path.display())).read_to_string(&mut s).unwrap();
    s
}

/// The text of the document body: each paragraph a line, in order.
fn text(path: &Path) -> String {
    fn walk(e: &Element, out: &mut String) {
        if e.name == "w:t" {
            out.push_str(&e.text);
        }
        for c in &e.children {
            walk(c, out);
        }
        if e.name == "w:p" {
            out.push('\n');
        }
    }
    let mut out = String::new();
    walk(&parse(&part(path, "word/document.xml")), &mut out);
    out
}

/// A4, the GB/T 9704 margins, 仿宋 body and 宋体 titles.
fn assert_official_page(path: &Path) {
    let xml = part(path, "word/document.xml");
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4 portrait");
    for (side, twips) in [("top", 2098), ("bottom", 1984), ("left", 1587), ("right", 1474)] {
        assert!(xml.contains(&format!(r#"w:{side}="{twips}""#)), "{side} margin {twips}");
    }
    assert!(xml.contains(r#"w:eastAsia="仿宋""#), "body in 仿宋");
    assert!(xml.contains(r#"w:eastAsia="宋体""#), "titles in 宋体");
}

/// No key, ISO date or file name in the printed text.
fn assert_nothing_internal(text: &str, keys: &[&str]) {
    let iso = text
        .as_bytes()
        .windows(10)
        .any(|w| w.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() }));
    assert!(!iso, "an ISO date printed: {text}");
    for k in keys {
        assert!(!text.contains(k), "key {k} printed: {text}");
    }
    assert!(!text.contains(".docx") && !text.contains(".xlsx"), "{text}");
}

/// LibreOffice opens the document and writes a PDF of it.
fn converts_to_pdf(path: &Path, dir: &Path) -> std::path::PathBuf {
    if let Some(keep) = std::env::var_os("ZHIBU_KEEP_DOCS") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(path, Path::new(&keep).join(path.file_name().unwrap())).unwrap();
    }
    let profile = dir.join("lo-profile");
    let out = dir.join("pdf");
    let status = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(path)
        .output()
        .expect("LibreOffice (soffice) is installed: scripts/setup.sh --test");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let pdf = out.join(path.with_extension("pdf").file_name().unwrap());
    let bytes = std::fs::read(&pdf).unwrap_or_else(|_| {
        panic!(
            "LibreOffice wrote {}: {} {}",
            pdf.display(),
            String::from_utf8_lossy(&status.stdout),
            String::from_utf8_lossy(&status.stderr)
        )
    });
    if let Some(keep) = std::env::var_os("ZHIBU_KEEP_DOCS") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&pdf, Path::new(&keep).join(pdf.file_name().unwrap())).unwrap();
    }
    assert!(bytes.starts_with(b"%PDF") && bytes.len() > 5_000, "a PDF of {} bytes", bytes.len());
    pdf
}

#[test]
fn a_party_congress_record_in_word_holds_the_meetings_facts_and_votes() {
    let (dir, db, ledger) = demo();
    let person = full_member(&ledger);
    let activity = person.vote(15).unwrap().activity_id.unwrap();
    let detail = zhibu_core::app::meetings::activity_detail(&ledger, activity).unwrap();
    let votes = zhibu_core::app::meetings::sitting_votes(&ledger, activity).unwrap();
    assert!(!votes.is_empty());

    let out = dir.path().join("记录.docx");
    assert_eq!(run(&db, &["meeting-record", "--meeting", &activity.to_string(), out.to_str().unwrap()]), 0);
    assert_official_page(&out);
    let t = text(&out);
    assert!(t.contains("党员大会记录"), "{t}");
    assert!(t.contains(&detail.row.topic), "topic: {t}");
    assert!(t.contains(&chinese_date(detail.row.date)), "date in Chinese: {t}");
    for a in &detail.present {
        assert!(t.contains(&a.name), "{} present: {t}", a.name);
    }
    assert!(t.contains(&format!("{}人", detail.present.len())), "实到 {}: {t}", detail.present.len());
    {
        let v = &votes[0];
        let f = &v.figures;
        assert!(t.contains(&v.title), "{}: {t}", v.title);
        // 赞成票 / 反对票 / 弃权票 lines read label, figure.
        let after = |label: &str| -> String {
            let at = t.find(&format!("{label}\n")).unwrap_or_else(|| panic!("{label}: {t}"));
            t[at + label.len() + 1..].lines().next().unwrap().to_string()
        };
        assert_eq!(after("有表决权应到"), format!("{}人", f.eligible));
        assert_eq!(after("有表决权实到"), format!("{}人", f.present));
        assert_eq!(after("赞成票"), f.in_favour.to_string());
        assert_eq!(after("反对票"), f.against.map_or("未记录".to_string(), |n| n.to_string()));
    }
    assert!(t.contains("参会人员签到") && t.contains("主持人（签字）") && t.contains("记录人（签字）"), "{t}");
    assert_nothing_internal(&t, &[&detail.row.key]);

    // The sheet and the document print one record: every value of the sheet's form is in the text.
    let form = zhibu_core::workbooks::meetings::records::record_form(&ledger, activity, today()).unwrap();
    assert!(t.contains(&form.number), "{}", form.number);

    // The .xlsx of the same command is the existing workbook; another ending is refused.
    let xlsx = dir.path().join("记录.xlsx");
    assert_eq!(run(&db, &["meeting-record", "--meeting", &activity.to_string(), xlsx.to_str().unwrap()]), 0);
    assert!(xlsx.is_file());
    let bad = dir.path().join("记录.pdf");
    assert_eq!(run(&db, &["meeting-record", "--meeting", &activity.to_string(), bad.to_str().unwrap()]), 1);
    assert!(!bad.exists());
    assert_eq!(run(&db, &["meeting-record", "--meeting", "999999", out.to_str().unwrap()]), 1);

    let name = exports::meeting_record_docx_file_name(&ledger, activity, today()).unwrap();
    assert!(name.ends_with(".docx") && name.contains("党员大会记录"), "{name}");
    assert_docx_matches_golden(&out, "document_meeting_record");
    converts_to_pdf(&out, dir.path());
}

#[test]
fn development_resolutions_and_the_notice_are_filled_from_the_record() {
    let (dir, db, ledger) = demo();
    let p = full_member(&ledger);
    let introducers: Vec<String> = p.step(9).unwrap().people.iter().map(|x| x.name.clone()).collect();
    assert!(!introducers.is_empty());

    let admission = dir.path().join("接收.docx");
    assert_eq!(
        run(
            &db,
            &[
                "development-doc",
                "--person",
                &p.key,
                "--doc",
                "admission_resolution",
                "--today",
                crate::support::TODAY,
                admission.to_str().unwrap()
            ]
        ),
        0
    );
    assert_official_page(&admission);
    let t = text(&admission);
    let v = p.vote(15).unwrap();
    assert!(t.contains(&format!("关于接收{}同志为中共预备党员的决议", p.name)), "{t}");
    assert!(t.contains(&chinese_date(p.date(15).unwrap())), "{t}");
    assert!(t.contains(&format!("应到会有表决权的正式党员{}名", v.eligible)), "{t}");
    assert!(t.contains(&format!("实到会有表决权的正式党员{}名", v.present)), "{t}");
    assert!(t.contains(&format!("赞成票{}票", v.in_favour)), "{t}");
    assert!(t.contains(&format!("反对票{}票", v.against.unwrap())), "{t}");
    assert!(t.contains(&format!("弃权票{}票", v.abstain.unwrap())), "{t}");
    assert!(t.contains(&format!("入党介绍人为{}同志", introducers.join("、"))), "{t}");
    assert!(t.contains(&chinese_date(p.date(1).unwrap())), "申请 date: {t}");
    assert_nothing_internal(&t, &[&p.key]);
    // Word's 属性 show the day it was written, not 1970.
    let core = part(&admission, "docProps/core.xml");
    assert!(
        core.contains(&format!("<dcterms:created xsi:type=\"dcterms:W3CDTF\">{}T", crate::support::TODAY)),
        "{core}"
    );

    let full = dir.path().join("转正.docx");
    dev::export_development_doc(
        &ledger,
        p.id,
        DevelopmentDoc::FullMembershipResolution,
        full.to_str().unwrap(),
        today(),
    )
    .unwrap();
    let t = text(&full);
    let v = p.vote(23).unwrap();
    assert!(t.contains("预备党员转为正式党员的决议") && t.contains(&p.name), "{t}");
    assert!(t.contains(&chinese_date(p.date(23).unwrap())), "{t}");
    assert!(t.contains(&format!("赞成票{}票", v.in_favour)), "{t}");
    assert!(t.contains(&format!("{}被接收为中共预备党员", chinese_date(p.date(15).unwrap()))), "{t}");
    assert_nothing_internal(&t, &[&p.key]);

    let notice = dir.path().join("公示.docx");
    dev::export_development_doc(&ledger, p.id, DevelopmentDoc::CandidateNotice, notice.to_str().unwrap(), today())
        .unwrap();
    let t = text(&notice);
    assert!(t.contains(&format!("关于{}同志作为发展对象的公示", p.name)), "{t}");
    assert!(t.contains(&format!("{}被确定为发展对象", chinese_date(p.date(7).unwrap()))), "{t}");
    assert!(t.contains("公示时间：＿"), "the ledger holds no 公示 dates: a blank, {t}");
    assert_nothing_internal(&t, &[&p.key]);

    // The 全程纪实 folder: one file per document whose step is recorded.
    let folder = dir.path().join("纪实");
    assert_eq!(run(&db, &["development-doc", "--person", &p.key, folder.to_str().unwrap()]), 0);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 3);

    for (path, golden) in [
        (&admission, "document_admission_resolution"),
        (&full, "document_full_membership_resolution"),
        (&notice, "document_candidate_notice"),
    ] {
        assert_docx_matches_golden(path, golden);
        converts_to_pdf(path, dir.path());
    }
}

#[test]
fn a_document_whose_step_is_not_recorded_is_refused_and_nothing_written() {
    let (dir, db, ledger) = demo();
    let early = dev::load_people(ledger.conn(), &[])
        .unwrap()
        .into_iter()
        .find(|p| p.step(15).is_none())
        .expect("someone not yet received");
    let out = dir.path().join("x.docx");
    let err = dev::export_development_doc(
        &ledger,
        early.id,
        DevelopmentDoc::AdmissionResolution,
        out.to_str().unwrap(),
        today(),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("支部大会讨论"), "{err}");
    assert!(!out.exists());
    assert_eq!(run(&db, &["development-doc", "--person", &early.key, "--doc", "决议", out.to_str().unwrap()]), 1);
    assert_eq!(
        run(&db, &["development-doc", "--person", "no-such", "--doc", "candidate_notice", out.to_str().unwrap()]),
        1
    );
    assert!(!out.exists());
}

#[test]
fn the_year_plan_and_the_work_summary_open_in_libreoffice() {
    let (dir, db, ledger) = demo();
    assert_eq!(run(&db, &["plan", "--year", "2026", "--propose", "--today", crate::support::TODAY]), 0);
    let plan = dir.path().join("年度计划.docx");
    assert_eq!(
        run(&db, &["plan-export", "--year", "2026", "--today", crate::support::TODAY, plan.to_str().unwrap()]),
        0
    );
    let summary = dir.path().join("工作总结.docx");
    let args =
        ["work-summary", "--year", "2026", "--half", "1", "--today", crate::support::TODAY, summary.to_str().unwrap()];
    assert_eq!(run(&db, &args), 0);
    let org = zhibu_core::app::org_id_for(&ledger, None).unwrap();
    let key = zhibu_core::store::orgs::get(ledger.conn(), org).unwrap().key;
    for path in [&plan, &summary] {
        let t = crate::support::docx_text::render(path);
        assert_nothing_internal(&t, &[&key]);
        converts_to_pdf(path, dir.path());
    }
}
