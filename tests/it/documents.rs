//! Word documents filled from the ledger (issue 16): the 会议记录 of a 党员大会 as .docx, the
//! 发展党员 documents (积极分子的支委会决议, 公示, 政审结论, 接收 and 转正 决议, 转正申请回执), the
//! year's documents of the export catalogue (计划, 日历, 工作总结, 党费公示, 会议记录, 民主评议情况报告),
//! and templates a committee puts beside its ledger. Each is read back (unzip + the text of
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
/// Writes a development document of `person` at `path`, dated today; for the tests where it must be written.
fn write_doc(ledger: &Ledger, person: i64, doc: DevelopmentDoc, path: &Path) -> dev::WrittenDocument {
    dev::export_development_doc(ledger, person, doc, path.to_str().unwrap(), today()).unwrap()
}

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
    write_doc(&ledger, p.id, DevelopmentDoc::FullMembershipResolution, &full);
    let t = text(&full);
    let v = p.vote(23).unwrap();
    assert!(t.contains("预备党员转为正式党员的决议") && t.contains(&p.name), "{t}");
    assert!(t.contains(&chinese_date(p.date(23).unwrap())), "{t}");
    assert!(t.contains(&format!("赞成票{}票", v.in_favour)), "{t}");
    assert!(t.contains(&format!("{}被接收为中共预备党员", chinese_date(p.date(15).unwrap()))), "{t}");
    assert_nothing_internal(&t, &[&p.key]);

    let notice = dir.path().join("公示.docx");
    let written = write_doc(&ledger, p.id, DevelopmentDoc::CandidateNotice, &notice);
    // What the ledger does not hold is printed as a blank and said to the caller.
    assert_eq!(written.missing, ["公示开始日期", "公示结束日期", "联系人", "联系电话", "公示日期"]);
    let t = text(&notice);
    assert!(t.contains(&format!("关于{}同志作为发展对象的公示", p.name)), "{t}");
    assert!(t.contains(&format!("{}被确定为发展对象", chinese_date(p.date(7).unwrap()))), "{t}");
    assert!(t.contains("公示时间：＿"), "the ledger holds no 公示 dates: a blank, {t}");
    assert_nothing_internal(&t, &[&p.key]);

    // The 全程纪实 folder: one file per document whose step is recorded.
    let folder = dir.path().join("纪实");
    assert_eq!(run(&db, &["development-doc", "--person", &p.key, folder.to_str().unwrap()]), 0);
    let recorded = DevelopmentDoc::ALL.iter().filter(|d| p.step(d.step()).is_some()).count();
    assert!(recorded >= 5, "{recorded}");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), recorded);

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

/// The person of the demo with every step of the three newer documents (3, 10, 22) recorded.
fn with_every_document(ledger: &Ledger) -> DevelopmentPerson {
    let p = full_member(ledger);
    assert!([2, 3, 10, 22].iter().all(|s| p.step(*s).is_some()), "the demo's full member has steps 2, 3, 10, 22");
    p
}

#[test]
fn the_activist_resolution_review_conclusion_and_receipt_are_filled_from_the_record() {
    let (dir, db, ledger) = demo();
    let p = with_every_document(&ledger);

    let activist = dir.path().join("积极分子.docx");
    let args =
        ["development-doc", "--person", &p.key, "--doc", "activist_resolution", "--today", crate::support::TODAY];
    assert_eq!(run(&db, &[&args[..], &[activist.to_str().unwrap()]].concat()), 0);
    assert_official_page(&activist);
    let t = text(&activist);
    assert!(t.contains(&format!("关于确定{}同志为入党积极分子的决议", p.name)), "{t}");
    assert!(t.contains(&format!("{}，", chinese_date(p.date(3).unwrap()))), "the 支委会's day: {t}");
    assert!(t.contains(&format!("{}递交入党申请书", chinese_date(p.date(1).unwrap()))), "{t}");
    let talkers: Vec<&str> = p.step(2).unwrap().people.iter().map(|x| x.name.as_str()).collect();
    if !talkers.is_empty() {
        assert!(t.contains(&format!("党组织派{}同志与其谈话", talkers.join("、"))), "{t}");
    }
    // The demo holds no 支委会 on that day: a blank, and listed.
    let written = write_doc(&ledger, p.id, DevelopmentDoc::ActivistResolution, &activist);
    assert!(t.contains("应到支部委员＿＿名，实到＿＿名。"), "{t}");
    assert_eq!(written.missing, ["支委会到会情况", "推荐方式", "支委会意见"]);
    assert!(written.missing.contains(&"推荐方式".to_string()) && written.missing.contains(&"支委会意见".to_string()));
    assert_nothing_internal(&t, &[&p.key]);
    assert_docx_matches_golden(&activist, "document_activist_resolution");

    // Once the 支委会 of that day is recorded, its attendance is printed and no longer listed.
    let fields: zhibu_core::meetings::ActivityFields = serde_json::from_value(serde_json::json!({
        "org_id": p.org_id,
        "types": ["committee_meeting"],
        "date": p.date(3).unwrap().to_string(),
        "place": "支部活动室",
        "topic": "研究确定入党积极分子",
    }))
    .unwrap();
    let activity = zhibu_core::meetings::record_activity(&ledger, fields, today()).unwrap();
    let m = zhibu_core::workbooks::meetings::read::meeting(ledger.conn(), activity).unwrap();
    let written = write_doc(&ledger, p.id, DevelopmentDoc::ActivistResolution, &activist);
    let t = text(&activist);
    let present = m.count(zhibu_core::model::AttendanceStatus::Present);
    assert!(t.contains(&format!("应到支部委员{}名，实到{present}名。", m.attendance.len())), "{t}");
    assert!(!written.missing.contains(&"支委会到会情况".to_string()), "{:?}", written.missing);

    let review = dir.path().join("政审.docx");
    let written = write_doc(&ledger, p.id, DevelopmentDoc::PoliticalReview, &review);
    let t = text(&review);
    assert!(t.contains("发展对象政治审查结论") && t.contains(&format!("姓　　名：{}", p.name)), "{t}");
    assert!(t.contains(&format!("审查时间：{}", chinese_date(p.date(10).unwrap()))), "{t}");
    match p.political_review {
        Some(r) => assert!(t.contains(&format!("政治审查结论为：{}。", r.label())), "{t}"),
        None => assert!(written.missing.contains(&"政审结论".to_string()), "{:?}", written.missing),
    }
    assert_nothing_internal(&t, &[&p.key]);

    let receipt = dir.path().join("回执.docx");
    let written = write_doc(&ledger, p.id, DevelopmentDoc::ProbationApplicationReceipt, &receipt);
    let t = text(&receipt);
    assert!(t.contains("预备党员转正申请回执") && t.contains(&format!("{}同志：", p.name)), "{t}");
    assert!(t.contains(&format!("你于{}向党支部递交的转正申请书已收到", chinese_date(p.date(22).unwrap()))), "{t}");
    assert!(t.contains(&format!("你于{}被接收为中共预备党员", chinese_date(p.date(15).unwrap()))), "{t}");
    assert_eq!(written.missing, ["接收人"]);
    assert_nothing_internal(&t, &[&p.key]);

    for (path, golden) in [(&review, "document_political_review"), (&receipt, "document_probation_receipt")] {
        assert_docx_matches_golden(path, golden);
        converts_to_pdf(path, dir.path());
    }
    converts_to_pdf(&activist, dir.path());
}

/// A committee's own template beside the ledger (`<ledger>-模板/<文书名称>.txt`) replaces the built-in
/// one; a template naming a field the document does not have is refused (the field and the template
/// named, nothing written); what the ledger does not hold is listed.
#[test]
fn a_committees_template_replaces_the_built_in_one_and_an_unknown_field_is_refused() {
    let (dir, db, ledger) = demo();
    let p = full_member(&ledger);
    let templates = dir.path().join("ledger-模板");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("发展对象公示.txt"),
        "# 本委员会的格式\n标题：{{姓名}}同志发展对象公示（本委员会格式）\n空行\n段落：{{姓名}}，{{出生年月}}生，{{确定发展对象日期}}被确定为发展对象。\n顶格：公示期：{{公示开始日期}}起五个工作日\n落款：{{支部}}\n",
    )
    .unwrap();
    let out = dir.path().join("公示.docx");
    let written = write_doc(&ledger, p.id, DevelopmentDoc::CandidateNotice, &out);
    let t = text(&out);
    assert!(t.contains(&format!("{}同志发展对象公示（本委员会格式）", p.name)), "{t}");
    assert!(t.contains(&format!("{}被确定为发展对象", chinese_date(p.date(7).unwrap()))), "{t}");
    assert!(!t.contains("反映情况应实事求是"), "the built-in text is not used: {t}");
    assert!(t.contains("公示期：＿＿＿＿年＿＿月＿＿日起"), "{t}");
    assert_eq!(written.missing, ["公示开始日期"], "only the fields this template prints");
    assert_official_page(&out);

    // The built-in text of the other documents is untouched.
    let admission = dir.path().join("接收.docx");
    write_doc(&ledger, p.id, DevelopmentDoc::AdmissionResolution, &admission);
    assert_docx_matches_golden(&admission, "document_admission_resolution");

    // A field the document does not supply: refused, naming it and the template; nothing written.
    std::fs::write(templates.join("admission_resolution.txt"), "标题：{{姓名}}\n段落：籍贯：{{籍贯}}\n").unwrap();
    let refused = dir.path().join("拒绝.docx");
    let err = dev::export_development_doc(
        &ledger,
        p.id,
        DevelopmentDoc::AdmissionResolution,
        refused.to_str().unwrap(),
        today(),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let message = err.to_string();
    assert!(message.contains("“{{籍贯}}”") && message.contains("接收预备党员的支部大会决议"), "{message}");
    assert!(message.contains("第2行") && message.contains("admission_resolution.txt"), "{message}");
    assert!(!refused.exists());
    assert_eq!(
        run(&db, &["development-doc", "--person", &p.key, "--doc", "admission_resolution", refused.to_str().unwrap()]),
        1
    );
    assert!(!refused.exists());
    // A line that is no block: refused too.
    std::fs::write(templates.join("admission_resolution.txt"), "标题：{{姓名}}\n正文：x\n").unwrap();
    let err = dev::export_development_doc(
        &ledger,
        p.id,
        DevelopmentDoc::AdmissionResolution,
        refused.to_str().unwrap(),
        today(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("第2行"), "{err}");

    // `zhibu templates` writes the built-in ones there to edit: used as they are, they print the same.
    std::fs::remove_dir_all(&templates).unwrap();
    assert_eq!(run(&db, &["templates"]), 0);
    let names: Vec<String> =
        std::fs::read_dir(&templates).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), zhibu_core::workbooks::document_templates().len());
    assert!(names.contains(&"接收预备党员的支部大会决议.txt".to_string()), "{names:?}");
    write_doc(&ledger, p.id, DevelopmentDoc::AdmissionResolution, &admission);
    assert_docx_matches_golden(&admission, "document_admission_resolution");
}

/// The keys of the year's documents added to the export catalogue.
const DOCUMENT_KEYS: [&str; 7] = [
    "funds_publication_docx",
    "meeting_records_docx",
    "evaluation_report",
    "year_plan",
    "year_plan_docx",
    "year_plan_ics",
    "work_summary",
];

/// `zhibu export --list` names every workbook and document with its key, name and format, and
/// `--only` writes each document of the year: Word files that read back and convert, the calendar,
/// the 计划表; the 民主评议 report's counts agree with the 结果汇总表.
#[test]
fn every_document_is_in_the_export_catalogue_and_written_by_its_key() {
    use zhibu_core::workbooks::{list_lines, ExportFormat, CATALOGUE};
    let lines = list_lines();
    assert_eq!(lines.len(), CATALOGUE.len());
    for w in CATALOGUE {
        let format = match w.format {
            ExportFormat::Xlsx => "Excel",
            ExportFormat::Docx => "Word",
            ExportFormat::Ics => "日历",
        };
        assert!(lines.contains(&format!("{}\t{}\t{format}", w.key, w.label)), "{} in {lines:?}", w.key);
    }
    for key in DOCUMENT_KEYS {
        assert!(CATALOGUE.iter().any(|w| w.key == key), "{key}");
    }
    let labels: std::collections::BTreeSet<&str> = CATALOGUE.iter().map(|w| w.label).collect();
    assert_eq!(labels.len(), CATALOGUE.len(), "names are unique (--only takes a name too)");
    let entries = exports::catalog();
    assert_eq!(entries.iter().find(|e| e.key == "evaluation_report").unwrap().format, ExportFormat::Docx);

    let (dir, db, ledger) = demo();
    assert_eq!(run(&db, &["export", "--list"]), 0);
    // Without a saved plan the plan's files are refused with the way to make one.
    let out = dir.path().join("导出");
    let only = |keys: &[&str]| {
        let keys = keys.join(",");
        run(
            &db,
            &[
                "export",
                "--year",
                "2026",
                "--out",
                out.to_str().unwrap(),
                "--only",
                &keys,
                "--today",
                crate::support::TODAY,
            ],
        )
    };
    assert_eq!(only(&["year_plan_docx"]), 1);
    assert_eq!(run(&db, &["plan", "--year", "2026", "--propose", "--today", crate::support::TODAY]), 0);
    assert_eq!(only(&DOCUMENT_KEYS), 0);
    let org = zhibu_core::app::org_id_for(&ledger, None).unwrap();
    let key = zhibu_core::store::orgs::get(ledger.conn(), org).unwrap().key;
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let find = |what: &str, ext: &str| -> std::path::PathBuf {
        files
            .iter()
            .find(|f| {
                let name = f.file_name().unwrap().to_string_lossy();
                name.contains(what) && (ext.is_empty() && f.is_dir() || name.ends_with(ext))
            })
            .unwrap_or_else(|| panic!("{what}{ext} in {files:?}"))
            .clone()
    };
    let date = crate::support::today().format("%Y%m%d").to_string();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.contains(&format!("-{date}")), "{name}");
    }

    let plan_xlsx = find("2026年度计划", ".xlsx");
    let sheets = crate::support::xlsx_shown::shown_sheets(&plan_xlsx);
    assert!(sheets[0].1.len() > 10, "the 计划表 lists the items");
    let ics = std::fs::read_to_string(find("2026年度计划", ".ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR") && ics.contains("BEGIN:VEVENT"), "{ics}");
    for (what, golden) in [("2026年度计划", None), ("2026年工作总结", None), ("党费收缴使用情况公示", None)]
    {
        let path = find(what, ".docx");
        assert_official_page(&path);
        let t = text(&path);
        assert!(t.chars().count() > 100, "{what}: {t}");
        assert_nothing_internal(&t, &[&key]);
        if let Some(g) = golden {
            assert_docx_matches_golden(&path, g);
        }
    }

    // A year of 会议记录 in Word: one file per sitting, each the record of that sitting.
    let records = find("2026年会议记录（Word）", "");
    let mut docs: Vec<std::path::PathBuf> = std::fs::read_dir(&records).unwrap().map(|e| e.unwrap().path()).collect();
    docs.sort();
    let sittings: Vec<_> = zhibu_core::workbooks::meetings::read::meetings(
        ledger.conn(),
        org,
        2026,
        zhibu_core::workbooks::meetings::read::Scope::Subtree,
    )
    .unwrap()
    .into_iter()
    .filter(zhibu_core::workbooks::meetings::rules::is_sitting)
    .collect();
    assert_eq!(docs.len(), sittings.len());
    assert!(docs.len() > 5, "{}", docs.len());
    let first = text(&docs[0]);
    assert!(first.contains("记录") && first.contains("参会人员签到"), "{first}");
    assert_nothing_internal(&first, &[&key]);

    // The 民主评议 report of 2025 (graded in the demo; one member 基本合格 and one 不合格 added): the
    // counts and names of the 结果汇总表 (read independently from its rows).
    let roll = zhibu_core::meetings::evaluations_for_year(&ledger, Some(org), 2025).unwrap();
    let entries = [
        zhibu_core::meetings::EvaluationEntry {
            member_id: roll[0].member_id,
            grade: zhibu_core::model::Grade::BasicallyQualified,
        },
        zhibu_core::meetings::EvaluationEntry {
            member_id: roll[1].member_id,
            grade: zhibu_core::model::Grade::Unqualified,
        },
    ];
    zhibu_core::meetings::set_evaluations(&ledger, 2025, &entries, today()).unwrap();
    let year_dir = dir.path().join("2025");
    let args =
        ["export", "--year", "2025", "--out", year_dir.to_str().unwrap(), "--only", "evaluation_report,evaluations"];
    assert_eq!(run(&db, &[&args[..], &["--today", crate::support::TODAY]].concat()), 0);
    let in_year = |what: &str| {
        std::fs::read_dir(&year_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().contains(what))
            .unwrap_or_else(|| panic!("{what}"))
    };
    let report = in_year("民主评议党员情况报告");
    assert_official_page(&report);
    let t = text(&report);
    let sheet = crate::support::xlsx_shown::shown_sheets(&in_year("民主评议结果汇总表")).remove(0).1;
    let grade_col = sheet[2].iter().position(|h| h == "评议等次").expect("评议等次 column");
    let name_col = sheet[2].iter().position(|h| h == "姓名").unwrap();
    let rows: Vec<&Vec<String>> = sheet.iter().skip(3).filter(|r| r[0].parse::<u32>().is_ok()).collect();
    let of = |g: &str| rows.iter().filter(|r| r[grade_col] == g).map(|r| r[name_col].clone()).collect::<Vec<_>>();
    assert!(t.contains(&format!("在册党员{}名", rows.len())), "{t}");
    let graded: usize = ["优秀", "合格", "基本合格", "不合格"].iter().map(|g| of(g).len()).sum();
    assert!(t.contains(&format!("参加评议{graded}名")), "{t}");
    for g in ["优秀", "合格", "基本合格", "不合格"] {
        assert!(t.contains(&format!("{g}{}人", of(g).len())), "{g}: {t}");
    }
    assert_eq!((of("基本合格").len(), of("不合格").len()), (1, 1));
    for g in ["基本合格", "不合格"] {
        assert!(t.contains(&format!("评定为{g}的党员：{}", of(g).join("、"))), "{g}: {t}");
    }
    assert!(t.contains(&format!("评定为优秀的党员：{}", of("优秀").join("、"))), "{t}");
    assert_nothing_internal(&t, &[&key]);
    assert_docx_matches_golden(&report, "document_evaluation_report");
    converts_to_pdf(&report, dir.path());
    converts_to_pdf(&docs[0], dir.path());
}

/// The nearest 党委 above organisation `org` (walked here from the stored tree), with 中共.
fn committee_above(ledger: &Ledger, org: i64) -> Option<String> {
    let mut parent = zhibu_core::store::orgs::get(ledger.conn(), org).unwrap().fields.parent_id;
    while let Some(id) = parent {
        let o = zhibu_core::store::orgs::get(ledger.conn(), id).unwrap();
        if o.fields.kind == zhibu_core::model::OrgKind::Committee {
            let n = o.fields.name;
            return Some(if n.starts_with("中共") { n } else { format!("中共{n}") });
        }
        parent = o.fields.parent_id;
    }
    None
}

/// The 备案报告 on a new 入党积极分子 (to the 党委 above, the particulars, the dates of steps 1 and 3,
/// the 培养联系人) and the 培养教育考察登记 (each 思想汇报 of the activist period and the step 6
/// record, one line each with its date; blank lines, listed, for a person with none).
#[test]
fn the_activist_filing_and_training_record_are_filled_from_the_record() {
    let (dir, db, ledger) = demo();
    let p = with_every_document(&ledger);
    let person_line = |t: &str| {
        assert!(
            t.contains(&format!("姓　　名：{}", p.name)) && t.contains(&format!("性　　别：{}", p.gender.label())),
            "{t}"
        );
        assert!(
            t.contains(&format!("出生年月：{}年{}月", p.birth_date.format("%Y"), p.birth_date.format("%-m"))),
            "{t}"
        );
        assert!(t.contains(&format!("申请入党日期：{}", chinese_date(p.date(1).unwrap()))), "{t}");
        assert!(t.contains(&format!("确定为入党积极分子日期：{}", chinese_date(p.date(3).unwrap()))), "{t}");
        let contacts: Vec<&str> =
            p.step(5).map(|s| s.people.iter().map(|x| x.name.as_str()).collect()).unwrap_or_default();
        assert!(!contacts.is_empty(), "the demo's full member has 培养联系人");
        assert!(t.contains(&format!("培养联系人：{}", contacts.join("、"))), "{t}");
    };

    let filing = dir.path().join("备案报告.docx");
    let args = ["development-doc", "--person", &p.key, "--doc", "activist_filing", "--today", crate::support::TODAY];
    assert_eq!(run(&db, &[&args[..], &[filing.to_str().unwrap()]].concat()), 0);
    assert_official_page(&filing);
    let t = text(&filing);
    assert!(t.contains(&format!("关于确定{}同志为\n入党积极分子的备案报告\n", p.name)), "{t}");
    person_line(&t);
    let committee = committee_above(&ledger, p.org_id);
    match &committee {
        Some(c) => assert!(t.contains(&format!("{c}：\n")), "addressed to {c}: {t}"),
        None => assert!(t.contains("＿＿＿＿＿＿＿＿＿＿：\n"), "{t}"),
    }
    // The demo holds no 支委会 on the day of step 3: the attendance is blank and listed.
    assert!(t.contains("应到支部委员＿＿名，实到＿＿名。"), "{t}");
    let written = write_doc(&ledger, p.id, DevelopmentDoc::ActivistFiling, &filing);
    let mut expected = vec!["支委会到会情况"];
    if committee.is_none() {
        expected.insert(0, "上级党委");
    }
    assert_eq!(written.missing, expected);
    assert_nothing_internal(&t, &[&p.key]);

    // Under a 总支 under a 党委: addressed to the 党委, with 中共, and no longer listed.
    use zhibu_core::model::{OrgFields, OrgKind, Sector};
    let conn = ledger.conn();
    let before = zhibu_core::store::orgs::get(conn, p.org_id).unwrap().fields.parent_id;
    let top = zhibu_core::store::orgs::insert(
        conn,
        &OrgFields::new("临江镇委员会", OrgKind::Committee, Sector::Government),
        None,
    )
    .unwrap();
    let mut middle = OrgFields::new("中共临江镇机关总支部委员会", OrgKind::GeneralBranch, Sector::Government);
    middle.parent_id = Some(top);
    let middle = zhibu_core::store::orgs::insert(conn, &middle, None).unwrap();
    zhibu_core::store::reports::set_parent(conn, p.org_id, Some(middle)).unwrap();
    assert_eq!(committee_above(&ledger, p.org_id).as_deref(), Some("中共临江镇委员会"));
    let addressed = dir.path().join("备案报告（上级）.docx");
    let written = write_doc(&ledger, p.id, DevelopmentDoc::ActivistFiling, &addressed);
    let t = text(&addressed);
    assert!(t.contains("\n中共临江镇委员会：\n"), "{t}");
    assert_eq!(written.missing, ["支委会到会情况"]);
    zhibu_core::store::reports::set_parent(conn, p.org_id, before).unwrap();

    let record = dir.path().join("考察登记.docx");
    let written = write_doc(&ledger, p.id, DevelopmentDoc::ActivistTrainingRecord, &record);
    assert_official_page(&record);
    let t = text(&record);
    assert!(t.contains("入党积极分子培养教育考察登记"), "{t}");
    person_line(&t);
    // Each 思想汇报 received from step 3 to step 7, and step 6: a line each, by date.
    let (from, until) = (p.date(3).unwrap(), p.date(7).unwrap());
    let reports: Vec<_> = p
        .documents
        .iter()
        .filter(|d| d.kind == dev::DocumentKind::ThoughtReport && d.received_on >= from && d.received_on <= until)
        .collect();
    let step6 = p.step(6).expect("the demo's full member has step 6");
    assert!(!reports.is_empty(), "the demo's full member handed in 思想汇报 as an activist");
    for d in &reports {
        assert!(t.contains(&format!("\n{}　收到思想汇报", chinese_date(d.received_on))), "{t}");
    }
    let line6 = format!("\n{}　培养教育考察", chinese_date(step6.date));
    assert!(t.contains(&line6), "{t}");
    if let Some(n) = &step6.note {
        assert!(t.contains(&format!("{line6}：{}\n", n.trim())), "{t}");
    }
    let lines = t.lines().filter(|l| l.contains("收到思想汇报") || l.contains("　培养教育考察")).count();
    assert_eq!(lines, reports.len() + 1, "{t}");
    assert!(written.missing.is_empty(), "{:?}", written.missing);
    assert_nothing_internal(&t, &[&p.key]);

    for (path, golden) in [(&filing, "document_activist_filing"), (&record, "document_activist_training_record")] {
        assert_docx_matches_golden(path, golden);
        converts_to_pdf(path, dir.path());
    }

    // A new activist with nothing recorded after step 3: blank lines to fill in, listed.
    let d = |t: &str| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
    let new = dev::NewPerson {
        org_id: p.org_id,
        name: "钱新".into(),
        gender: zhibu_core::model::Gender::Female,
        id_number: None,
        birth_date: d("2000-03-04"),
        ethnicity: Some("汉族".into()),
        education: Some("大学本科".into()),
        unit_title: Some("办公室科员".into()),
        applied_on: d("2026-03-02"),
        note: None,
        override_reason: None,
    };
    let x = dev::add_person(&ledger, &new, today()).unwrap();
    let talker = p.step(2).unwrap().people[0].member_id;
    for (step, date, people) in [(2, "2026-03-20", vec![talker]), (3, "2026-10-09", vec![])] {
        let mut input = dev::StepInput::new(x.id, step, d(date), people);
        input.override_reason = Some("测试".into());
        dev::record_step(&ledger, &input, today()).unwrap_or_else(|e| panic!("step {step}: {e}"));
    }
    {
        let path = dir.path().join("空白登记.docx");
        let written = write_doc(&ledger, x.id, DevelopmentDoc::ActivistTrainingRecord, &path);
        let t = text(&path);
        assert!(written.missing.contains(&"培养教育考察情况".to_string()), "{:?}", written.missing);
        assert!(written.missing.contains(&"培养联系人".to_string()), "{:?}", written.missing);
        assert_eq!(t.matches("＿＿＿＿年＿＿月＿＿日　＿＿＿＿").count(), 4, "{t}");
    }
}
