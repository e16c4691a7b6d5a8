//! The 入党申请人 form reads the ID number as it is typed through `app::development::id_number_facts`
//! (the core's one rule). The roster form's TypeScript reader (`ui/src/member/idNumber.ts`) must agree
//! with it: both read the same cases (`ui/src/member/idNumber.cases.json`, also run by vitest).

use zhibu_core::app::development::id_number_facts;

#[test]
fn id_number_facts_give_birth_date_and_gender_or_why_not() {
    let ok = id_number_facts("11010519491231002x");
    assert_eq!((ok.birth_date.map(|d| d.to_string()), ok.problem), (Some("1949-12-31".into()), None));
    assert_eq!(serde_json::to_value(ok.gender).unwrap(), "女");
    let wrong = id_number_facts("110101199003074478");
    assert_eq!(wrong.birth_date, None);
    assert!(wrong.problem.unwrap().contains("校验位不符（最后一位应为7）"));
    let empty = id_number_facts("  ");
    assert_eq!((empty.problem, empty.birth_date, empty.gender), (None, None, None));
}

#[test]
fn the_windows_typescript_reader_agrees_with_the_core() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/member/idNumber.cases.json");
    let cases: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(cases.len() >= 8);
    for c in cases {
        let f = id_number_facts(c["text"].as_str().unwrap());
        let got = serde_json::json!({
            "text": c["text"],
            "birth_date": f.birth_date.map(|d| d.to_string()),
            "gender": f.gender,
        });
        assert_eq!(got, c, "the core reads {} otherwise", c["text"]);
        assert_eq!(f.problem.is_some(), f.birth_date.is_none());
    }
}
