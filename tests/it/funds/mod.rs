//! 党费上缴、使用 and 走访慰问 (issue 18): the money ledger's arithmetic against hand-computed cases,
//! the refusals, the funds rules of `check`, the CLI and the workbook.

mod budget;
mod cli;
mod data_package;
mod ledger;
mod publish;
mod rules;
mod sheets;

use serde_json::{json, Value};
use zhibu_core::Ledger;

use crate::support::package::{self, ledger_from};

/// One branch, two members paying fixed dues: 张三 10 元 and 李四 20 元 a month, both paid January to
/// June 2026 (李四's March late, on 2026-05-20); 张三 also paid December 2025. A 支委会 on 2026-03-05
/// and a 党课 on 2026-03-06.
pub(super) fn package() -> Value {
    let paid = |member: &str, month: &str, fen: i64, on: &str| json!({ "member": member, "month": month, "paid_fen": fen, "paid_on": on });
    let mut payments = vec![paid("m-1", "2025-12", 1000, "2025-12-10")];
    for m in 1..=6 {
        let month = format!("2026-{m:02}");
        payments.push(paid("m-1", &month, 1000, &format!("{month}-10")));
        let on = if m == 3 { "2026-05-20".to_string() } else { format!("{month}-10") };
        payments.push(paid("m-2", &month, 2000, &on));
    }
    package::package(
        "funds-tests",
        json!({
            "organizations": [
                { "key": "o-1", "name": "中共示例第一支部委员会", "kind": "branch", "sector": "soe" }
            ],
            "members": [
                package::member("m-1", "张三", "2000-07-01", json!({ "dues_fixed_fen": 1000 })),
                package::member("m-2", "李四", "2000-07-01", json!({ "dues_fixed_fen": 2000 }))
            ],
            "activities": [
                { "key": "c-1", "org": "o-1", "type": "committee_meeting", "date": "2026-03-05",
                  "place": "党员活动室", "topic": "研究党费使用", "attendance": package::present(&["m-1", "m-2"]) },
                { "key": "l-1", "org": "o-1", "type": "party_lecture", "date": "2026-03-06",
                  "place": "党员活动室", "topic": "党课", "attendance": package::present(&["m-1", "m-2"]) }
            ],
            "dues_payments": payments
        }),
    )
}

pub(super) fn ledger() -> Ledger {
    ledger_from(&package())
}
