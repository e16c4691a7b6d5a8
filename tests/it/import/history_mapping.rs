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
}
