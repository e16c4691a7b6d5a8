//! What the 发展党员 screen, the 工作台 and the 自查 show of a development is plain Chinese: the data
//! they get from `app::` holds no ISO date inside a sentence (`谈话于 2026-11-06`), no reference into
//! the project's documentation (`§`, `.md`) and no caveat about a source. A field that is a date on
//! its own is data the window formats, not text.

use zhibu_core::demo::{load_demo, DemoScale};
use zhibu_core::Ledger;

use crate::support::today;

/// Where `text` shows jargon, or None.
fn jargon(text: &str) -> Option<&'static str> {
    for (needle, what) in [
        ("§", "a documentation reference"),
        (".md", "a documentation file"),
        ("据报道", "a caveat"),
        ("未核实", "a caveat"),
    ] {
        if text.contains(needle) {
            return Some(what);
        }
    }
    let b = text.as_bytes();
    let date_at = |i: usize| {
        i + 10 <= b.len()
            && b[i..i + 4].iter().all(u8::is_ascii_digit)
            && b[i + 4] == b'-'
            && b[i + 5..i + 7].iter().all(u8::is_ascii_digit)
            && b[i + 7] == b'-'
            && b[i + 8..i + 10].iter().all(u8::is_ascii_digit)
    };
    // A date (or a timestamp) on its own is a value; one inside a sentence is for machines.
    let alone = date_at(0) && (b.len() == 10 || b.get(10) == Some(&b'T'));
    (!alone && (0..b.len()).any(date_at)).then_some("an ISO date in a sentence")
}

fn strings<'a>(v: &'a serde_json::Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match v {
        serde_json::Value::String(s) => out.push((at, s)),
        serde_json::Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| strings(x, format!("{at}[{i}]"), out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| strings(x, format!("{at}.{k}"), out)),
        _ => {}
    }
}

#[test]
fn the_development_screen_and_the_dashboard_show_no_iso_dates_or_documentation() {
    assert_eq!(jargon("谈话于 2026-11-06，超过期限"), Some("an ISO date in a sentence"));
    assert_eq!(jargon("2026-11-06"), None);
    assert_eq!(jargon("2026-12-02T14:39:30Z"), None);
    assert_eq!(jargon("依据 national-rules.md §2"), Some("a documentation reference"));
    assert_eq!(jargon("谈话于2026年11月6日"), None);

    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, DemoScale::Small, today()).unwrap();
    let (root, branch) = crate::support::demo_root_and_branch(&ledger);
    let people: Vec<i64> = ledger
        .conn()
        .prepare("SELECT id FROM development_people")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(people.len() > 3);
    let app = zhibu_core::app::development::board(&ledger, root, today()).unwrap();
    let mut values = vec![("board".to_string(), serde_json::to_value(&app).unwrap())];
    for id in people {
        let detail = zhibu_core::app::development::detail(&ledger, id, today()).unwrap();
        values.push((format!("detail {id}"), serde_json::to_value(&detail).unwrap()));
    }
    for org in [root, branch] {
        let dash = zhibu_core::app::standards::dashboard(&ledger, org, today()).unwrap();
        values.push((format!("工作台 {org}"), serde_json::to_value(&dash).unwrap()));
        let check = zhibu_core::app::standards::self_check(&ledger, org, 2026, None, today()).unwrap();
        values.push((format!("自查 {org}"), serde_json::to_value(&check).unwrap()));
    }
    let mut problems = Vec::new();
    let mut n = 0;
    for (what, v) in &values {
        let mut out = Vec::new();
        strings(v, what.clone(), &mut out);
        n += out.len();
        for (at, s) in out {
            if let Some(why) = jargon(s) {
                problems.push(format!("{at}: {why}: “{s}”"));
            }
        }
    }
    for p in problems.iter().take(40) {
        eprintln!("  {p}");
    }
    assert!(n > 1000, "{n} strings read");
    assert!(problems.is_empty(), "{} strings show jargon (first 40 above)", problems.len());
}

/// What `zhibu check` and `zhibu dues` print without `--json` (their summaries) names organisations
/// and members, not their keys, and writes no ISO date into a sentence and no documentation reference.
#[test]
fn the_cli_summaries_show_no_keys_iso_dates_or_documentation() {
    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, DemoScale::Small, today()).unwrap();
    let provider = zhibu_core::app::findings::DevelopmentFindings;
    let report = zhibu_core::standards::check_ledger(&ledger, None, 2026, None, today(), &provider).unwrap();
    let names = zhibu_core::store::orgs::short_names_by_key(ledger.conn()).unwrap();
    let check = report.summary_text("全国基本要求", &names);
    let dues = zhibu_core::dues::year_report(&ledger, 2026, None, today()).unwrap().summary_text();
    let keys: Vec<String> = ledger
        .conn()
        .prepare("SELECT key FROM organizations UNION SELECT key FROM members")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(keys.len() > 20);
    let mut problems = Vec::new();
    for (what, text) in [("zhibu check", &check), ("zhibu dues", &dues)] {
        assert!(text.lines().count() > 10, "{what}: {text}");
        for line in text.lines() {
            // A key stands alone between separators: `【o-1】`, `\tm-12\t`.
            let words = line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'));
            if let Some(k) = words.into_iter().find(|w| keys.iter().any(|k| k == w)) {
                problems.push(format!("{what}: the key {k}: {line}"));
            }
            for part in line.split('\t') {
                if let Some(why) = jargon(part.trim()) {
                    problems.push(format!("{what}: {why}: {line}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
