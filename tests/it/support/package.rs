//! Builders for hand-written data packages (`docs/data-package.md`), independent of the code that
//! exports them: a test states exactly the records it imports.

use serde_json::{json, Value};
use zhibu_core::package::{import_package, parse_package};
use zhibu_core::Ledger;

/// `base` with the fields of `extra` set, or removed where `extra` has `null`.
pub fn with(mut base: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        if v.is_null() {
            base.as_object_mut().unwrap().remove(k);
        } else {
            base[k] = v.clone();
        }
    }
    base
}

/// A 正式党员 of branch `o-1`: 男, born 1980-01-01, employed, 转正 on the day of joining;
/// `extra` sets or (with `null`) removes fields.
pub fn member(key: &str, name: &str, joined_on: &str, extra: Value) -> Value {
    let base = json!({
        "key": key, "org": "o-1", "name": name, "gender": "男", "birth_date": "1980-01-01",
        "status": "full", "joined_on": joined_on, "full_member_on": joined_on, "category": "employed"
    });
    with(base, extra)
}

/// A dues base of `fen` from month `from` (`YYYY-MM`).
pub fn base(from: &str, fen: i64) -> Value {
    json!({ "from": from, "base_fen": fen })
}

/// An attendance list with everyone in `keys` present.
pub fn present(keys: &[&str]) -> Vec<Value> {
    keys.iter().map(|k| json!({ "member": k, "status": "present" })).collect()
}

/// A package of format version 1 from `source`, exported on the fixed day, with the sections in
/// `sections` (`organizations`, `members`, `activities`, …).
pub fn package(source: &str, sections: Value) -> Value {
    with(
        json!({ "format": "zhibu-package", "version": 1, "exported_at": "2026-11-22T10:00:00+08:00", "source": source }),
        sections,
    )
}

/// A fresh in-memory ledger with `package` imported on [`super::today`].
pub fn ledger_from(package: &Value) -> Ledger {
    let ledger = Ledger::in_memory().unwrap();
    import_package(&ledger, &parse_package(&package.to_string()).unwrap(), super::today()).unwrap();
    ledger
}
