//! The 自查表, 评分表 and 备案登记表 workbooks for a small hand-made 党委 with two branches: golden text
//! of each, and the cells read back by an independent reader (calamine) against the engine's findings
//! and score.
//!
//! Regenerate the golden files with `ZHIBU_BLESS=1 cargo test -p zhibu --test it`.

use crate::support;
use crate::support::xlsx_read::display_sheet as cells;

use crate::support::d;
use crate::support::ledger_fixture::Fixture;
use zhibu_core::standards::{check, load_profile, set_mark, MarkInput, NoExtraFindings, Status};
use zhibu_core::workbooks::standards::{
    score_org, write_filing_register, write_score_sheet, write_self_check, FILING_SHEET, SCORE_SHEET,
    SELF_CHECK_MEMBERS_SHEET, SELF_CHECK_SHEET,
};

const TODAY: &str = "2027-01-05";

struct Setup {
    fx: Fixture,
    top: i64,
    soe: i64,
    village: i64,
}

fn setup() -> Setup {
    let mut fx = Fixture::new();
    let top = fx.org("committee", "government", None, Some(("2024-09-20", 5)));
    let soe = fx.org("branch", "soe", Some(top), Some(("2024-03-01", 3)));
    let village = fx.org("branch", "village", Some(top), Some(("2022-03-01", 5)));
    let ms: Vec<i64> = (0..8).map(|_| fx.member(soe, "2010-01-01")).collect();
    for (m, role) in ms.iter().zip(["secretary", "organization", "propaganda", "discipline"]) {
        fx.position(soe, *m, role, "2024-03-01");
    }
    fx.ledger.conn().execute("UPDATE members SET phone = '13800000001' WHERE id = ?1", [ms[0]]).unwrap();
    let vs: Vec<i64> = (0..4).map(|_| fx.member(village, "2012-06-01")).collect();
    fx.position(village, vs[0], "secretary", "2022-03-01");
    for q in ["2026-01-10", "2026-04-10", "2026-07-10", "2026-10-12"] {
        fx.sitting(soe, q, &["party_congress", "theme_day", "party_lecture"], &ms);
    }
    fx.sitting_full(soe, "2026-06-10", &["party_lecture"], &ms, None, Some(ms[0]), Some(20));
    fx.sitting(soe, "2026-12-15", &["life_meeting", "evaluation_meeting"], &ms);
    for (i, m) in ms.iter().enumerate() {
        fx.grade(*m, 2026, if i == 0 { "excellent" } else { "qualified" });
    }
    fx.publication(soe, "2026-Q1", "2026-04-08");
    fx.document(soe, 2026, "work_plan", "2026-01-20");
    set_mark(
        &fx.ledger,
        &MarkInput {
            org_id: soe,
            year: 2026,
            profile: "fuling-2017".into(),
            rule: "item-45".into(),
            ticked: true,
            done_on: None,
            note: Some("六有齐全".into()),
            evidence: vec!["活动室照片.jpg".into()],
            score: None,
        },
        d(TODAY),
    )
    .unwrap();
    Setup { fx, top, soe, village }
}

#[test]
fn the_score_sheet_reads_back_and_matches_the_golden_file() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("评分表.xlsx");
    let summary = write_score_sheet(&s.fx.ledger, s.soe, 2026, None, d(TODAY), &NoExtraFindings, &path).unwrap();
    assert_eq!((summary.rows, summary.profile.as_str()), (55, "fuling-2017"));
    support::golden::assert_matches_golden(&path, "score_sheet");

    let p = load_profile(s.fx.ledger.conn(), "fuling-2017").unwrap();
    let sheet = score_org(&s.fx.ledger, s.soe, 2026, &p, d(TODAY), &NoExtraFindings).unwrap();
    let rows = cells(&path, SCORE_SHEET);
    assert!(rows[0][0].ends_with("2026年度党组织规范化建设评分表"), "{}", rows[0][0]);
    assert!(rows[1][0].contains(&format!("得分：{}分", sheet.score)), "{}", rows[1][0]);
    assert_eq!(rows[2][..6], ["序号", "评分项目", "评分标准", "分值", "得分", "▲"]);
    let items = &rows[3..3 + 55];
    for (row, item) in items.iter().zip(&sheet.items) {
        assert_eq!(row[3], format!("{}", item.points));
        assert!(row[2] == item.text);
        assert_eq!(row[5].starts_with('▲'), item.mandatory);
        assert_eq!(row[6], item.partial_rule);
    }
    let total = &rows[3 + 55];
    assert_eq!(total[0], "合计");
    assert_eq!(total[3], "100");
    assert_eq!(total[4].parse::<f64>().unwrap(), sheet.score);
    assert!(total[2].contains(sheet.verdict.label()));
    // 三会一课: 党员大会 4/4, 党课 4/4, no 党小组, committee meeting 0/12 → 4 + 2 + 2 + 0.
    let meetings = items.iter().find(|r| r[3] == "11").unwrap();
    assert_eq!(meetings[4], "8");
    // Evidence cites the 会议记录 by the 编号 printed on them, never a database key.
    assert!(meetings[8].contains("记录2026-00"), "evidence cites records: {}", meetings[8]);
    assert!(!meetings[8].contains("a-"), "no activity key: {}", meetings[8]);
    let manual = items.iter().find(|r| r[2].starts_with("按照有场所")).unwrap();
    assert_eq!(manual[4], "1");
    assert!(manual[7].contains("六有齐全") && manual[8].contains("活动室照片.jpg"), "{manual:?}");
}

#[test]
fn the_committee_self_check_sheet_sums_member_rules_per_branch() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("自查表.xlsx");
    let summary =
        write_self_check(&s.fx.ledger, s.top, 2026, Some("national"), d(TODAY), &NoExtraFindings, &path).unwrap();
    support::golden::assert_matches_golden(&path, "self_check");
    let p = load_profile(s.fx.ledger.conn(), "national").unwrap();
    let report = check(s.fx.ledger.conn(), Some(s.top), 2026, &p, d(TODAY), vec![]).unwrap();
    let (own, per_member): (Vec<_>, Vec<_>) = report.findings.iter().partition(|f| f.member.is_none());
    assert!(!per_member.is_empty());
    // Rules per organisation: a row per organisation and rule, its months (quarters …) counted: the
    // 应达标项数 and 达标项数 of each row are its findings in `check`, every finding in one row.
    let short = zhibu_core::store::orgs::short_names_by_key(s.fx.ledger.conn()).unwrap();
    let rows = cells(&path, SELF_CHECK_SHEET);
    assert_eq!(rows[2][5..7], ["应达标项数", "达标项数"]);
    let mut counted = 0;
    for row in &rows[3..] {
        let of_row: Vec<_> = own.iter().filter(|f| short[&f.org] == row[1] && f.title == row[2]).collect();
        assert!(!of_row.is_empty(), "{row:?}");
        let met = of_row.iter().filter(|f| f.status == Status::Met).count();
        assert_eq!((row[5].clone(), row[6].clone()), (of_row.len().to_string(), met.to_string()), "{row:?}");
        let worst = [Status::Unmet, Status::Manual, Status::Pending, Status::Met]
            .into_iter()
            .find(|st| of_row.iter().any(|f| f.status == *st))
            .unwrap();
        assert_eq!(row[7], worst.label(), "{row:?}");
        let f = of_row[0];
        if of_row.len() == 1 {
            assert_eq!(row[4], f.period);
            assert!(row[8].starts_with(&f.message));
        } else {
            // A rule judged each month: 12个月中达标N个月, and the months not met named.
            assert!(row[4].ends_with("每月") || row[4].ends_with("每季度"), "{row:?}");
            assert!(row[8].contains(&format!("中达标{met}")), "{row:?}");
            for miss in of_row.iter().filter(|f| f.status == Status::Unmet) {
                let month = zhibu_core::standards::period::label_of(&miss.period);
                assert!(row[8].contains(month.trim_start_matches("2026年")), "{month} {row:?}");
            }
        }
        // The source as cited on a sheet: notes about the text and documentation references dropped.
        assert_eq!(row[9], zhibu_core::workbook::citation::for_sheet(&f.source));
        assert!(!row[9].contains(".md") && !row[9].contains('§'), "{}", row[9]);
        counted += of_row.len();
    }
    assert_eq!(counted, own.len());
    assert!(rows.len() - 3 < own.len(), "months summed: {} rows for {} findings", rows.len() - 3, own.len());
    let c = report.counts();
    assert!(rows[1][0].contains(&format!("达标{}，未达标{}", c.met, c.unmet)), "{}", rows[1][0]);
    // Rules per member: a row per branch, rule and period with the counts of its members' findings.
    let branch = cells(&path, SELF_CHECK_MEMBERS_SHEET);
    assert_eq!(branch[2][..8], ["序号", "所在支部", "要求", "周期", "应达标人数", "达标人数", "达标率", "未达标人数"]);
    let data = &branch[3..];
    assert_eq!(summary.rows as usize, rows.len() - 3 + data.len());
    let mut all = 0;
    for row in data {
        let of_row: Vec<_> =
            per_member.iter().filter(|f| short[&f.org] == row[1] && f.title == row[2] && f.period == row[3]).collect();
        let count = |st: Status| of_row.iter().filter(|f| f.status == st).count().to_string();
        assert_eq!(row[4], of_row.len().to_string(), "{row:?}");
        assert_eq!((row[5].clone(), row[7].clone()), (count(Status::Met), count(Status::Unmet)), "{row:?}");
        all += of_row.len();
    }
    assert_eq!(all, per_member.len());
}

#[test]
fn a_branch_self_check_sheet_keeps_a_row_per_member() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("自查表.xlsx");
    let summary =
        write_self_check(&s.fx.ledger, s.soe, 2026, Some("national"), d(TODAY), &NoExtraFindings, &path).unwrap();
    let p = load_profile(s.fx.ledger.conn(), "national").unwrap();
    let report = check(s.fx.ledger.conn(), Some(s.soe), 2026, &p, d(TODAY), vec![]).unwrap();
    assert!(report.findings.iter().any(|f| f.member.is_some()));
    assert_eq!(summary.rows as usize, report.findings.len());
    let rows = cells(&path, SELF_CHECK_SHEET);
    assert_eq!(rows.len(), 3 + report.findings.len());
    for (row, f) in rows[3..].iter().zip(&report.findings) {
        assert_eq!((row[4].as_str(), row[7].as_str()), (f.period.as_str(), f.status.label()));
    }
    assert_eq!(support::xlsx_read::sheet_names(&path).len(), 1);
}

#[test]
fn the_filing_register_has_one_row_per_branch() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("备案登记表.xlsx");
    let summary = write_filing_register(&s.fx.ledger, s.top, d(TODAY), &path).unwrap();
    assert_eq!(summary.rows, 2);
    support::golden::assert_matches_golden(&path, "filing_register");
    let rows = cells(&path, FILING_SHEET);
    assert_eq!(rows[2], ["序号", "党组织名称", "类型", "党员人数", "覆盖群众", "党组织负责人", "联系电话", "地址"]);
    let soe = s.fx.org_key(s.soe);
    let village = s.fx.org_key(s.village);
    assert_eq!(rows[3][1..4], [format!("测试{soe}支部"), "国企".into(), "8".into()]);
    assert_eq!(rows[3][6], "13800000001");
    assert_eq!(rows[4][1..4], [format!("测试{village}支部"), "农村".into(), "4".into()]);
    assert!(rows[3][5].starts_with("党员m-"));
    // 合计: the members of the branches, a SUM formula.
    assert_eq!(rows[5][0], "合计");
    assert_eq!(rows[5][3], "12");
    assert_eq!(rows.len(), 6);
}
