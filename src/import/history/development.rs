//! 发展党员 lists: one row per person with the dates of the stages passed — 递交入党申请书 (step 1),
//! 确定为入党积极分子 (3), 确定为发展对象 (7), 接收为预备党员 (15, 支部大会), 转为正式党员 (23, 支部大会)
//! of the 25 steps (`development::steps`). A person is matched by ID number, else name and birth date,
//! among the organisation's development records; a person not yet recorded becomes one (linked to the
//! roster member of the same ID number or name when there is one). Steps already recorded with the
//! same date are unchanged; another date is a problem.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};

use super::people::People;
use super::table::{self, FieldSpec, RowCtx};
use super::{HistoryImportRequest, HistoryKind, Reading};
use crate::development::steps::step_name;
use crate::error::Result;
use crate::import::roster::cells;
use crate::model::id_number::IdNumber;
use crate::model::Gender;

pub use super::HistoryField as V;

pub const SPECS: &[FieldSpec<V>] = &[
    FieldSpec { field: V::Name, variants: &["姓名"] },
    FieldSpec { field: V::Gender, variants: &["性别"] },
    FieldSpec {
        field: V::IdNumber, variants: &["公民身份证号", "身份证号", "身份证号码", "公民身份号码", "身份证"]
    },
    FieldSpec { field: V::BirthDate, variants: &["出生日期", "出生年月", "出生年月日"] },
    FieldSpec {
        field: V::Applied,
        variants: &[
            "申请入党时间",
            "递交入党申请书时间",
            "递交入党申请书日期",
            "申请入党日期",
            "入党申请时间",
            "申请时间",
            "申请日期",
            "递交申请书时间",
            "递交申请时间",
            "申请入党",
        ],
    },
    FieldSpec {
        field: V::Activist,
        variants: &[
            "确定为入党积极分子时间",
            "确定入党积极分子时间",
            "确定积极分子时间",
            "列为入党积极分子时间",
            "确定为入党积极分子日期",
            "确定入党积极分子日期",
            "积极分子时间",
            "入党积极分子",
            "积极分子",
        ],
    },
    FieldSpec {
        field: V::Candidate,
        variants: &[
            "确定为发展对象时间",
            "确定发展对象时间",
            "列为发展对象时间",
            "确定为发展对象日期",
            "确定发展对象日期",
            "发展对象时间",
            "发展对象",
        ],
    },
    FieldSpec {
        field: V::Admitted,
        variants: &[
            "接收为预备党员时间",
            "接收预备党员时间",
            "接收为预备党员日期",
            "接收预备党员日期",
            "发展为预备党员时间",
            "支部大会接收时间",
            "入党时间",
            "发展时间",
            "预备党员",
        ],
    },
    FieldSpec {
        field: V::Full, variants: &["转为正式党员时间", "转正时间", "转正日期", "转为正式党员日期", "转正"]
    },
    FieldSpec { field: V::Branch, variants: super::BRANCH_VARIANTS },
];

const STAGES: [(V, u8); 5] = [(V::Applied, 1), (V::Activist, 3), (V::Candidate, 7), (V::Admitted, 15), (V::Full, 23)];

pub(crate) struct Write {
    person_id: Option<i64>,
    org_id: i64,
    name: String,
    gender: Gender,
    id_number: Option<String>,
    birth_date: NaiveDate,
    member_id: Option<i64>,
    steps: Vec<(u8, NaiveDate)>,
}

pub(crate) fn read(conn: &Connection, req: &HistoryImportRequest, today: NaiveDate) -> Result<Reading<Write>> {
    let reader = table::Reader::by_headers(SPECS, 3, "发展党员名册");
    let (file_name, tables) = super::read_tables(conn, req, &reader)?;
    let mut out = Reading::new(HistoryKind::Development, file_name, SPECS);
    let mut routes = super::Routes::new(conn, req, &tables, SPECS, &mut out)?;
    // A person already recorded anywhere under the organisation (a 党委's list names many branches).
    let existing = crate::development::store::load_people(conn, &crate::store::orgs::subtree_ids(conn, req.org_id)?)?;
    let mut seen: std::collections::HashMap<String, u32> = Default::default();
    for t in &tables {
        out.sheet(t, SPECS);
        if !t.columns.contains_key(&V::Name) || !STAGES.iter().any(|(f, _)| t.columns.contains_key(f)) {
            out.problem(&t.sheet, format!("{}：须有“姓名”列和至少一个阶段的时间列（申请入党、确定积极分子、确定发展对象、接收预备党员、转正）", t.sheet));
            continue;
        }
        for r in table::data_rows(t, SPECS) {
            let mut ctx = RowCtx::new(t, r);
            let Some(org_id) = routes.org_of(&mut ctx) else {
                let summary = ctx.raw().join(" ").chars().take(40).collect();
                out.row(ctx, summary, vec![], 0);
                continue;
            };
            let people: &People = routes.people(conn, org_id)?;
            let name = ctx.text(V::Name);
            let id = ctx.read(V::IdNumber, cells::id_text).and_then(|t| match IdNumber::parse(&t) {
                Ok(i) => Some(i),
                Err(msg) => {
                    ctx.problem(Some(V::IdNumber), &msg);
                    None
                }
            });
            // A year-month (or a number such as 1985.1, 1月 or 10月) completed by the ID number, as
            // the roster reads it.
            let id_birth = id.as_ref().map(IdNumber::birth_date);
            let birth = match ctx.cell(V::BirthDate) {
                Some(d) if !crate::workbook::read::is_blank(d) => match cells::birth_with_id(d, id_birth) {
                    Ok(b) => b,
                    // A month without an ID number: the roster's birth date may complete it below.
                    Err(_) if id_birth.is_none() && cells::date_or_month(d).is_ok() => None,
                    Err(why) => {
                        ctx.problem(Some(V::BirthDate), &why);
                        None
                    }
                },
                _ => id_birth,
            };
            let gender = match ctx.text(V::Gender) {
                Some(g) => cells::gender(&g).or_else(|| {
                    ctx.problem(Some(V::Gender), &format!("“{g}”应填“男”或“女”"));
                    None
                }),
                None => id.as_ref().map(IdNumber::gender),
            };
            let mut steps: Vec<(u8, NaiveDate, V)> = Vec::new();
            for (f, step) in STAGES {
                if let Some(d) = ctx.read(f, cells::date) {
                    if d > today {
                        ctx.problem(Some(f), &format!("{d} 晚于今天"));
                    }
                    steps.push((step, d, f));
                }
            }
            for w in steps.windows(2) {
                if w[1].1 < w[0].1 {
                    ctx.problem(
                        Some(w[1].2),
                        &format!(
                            "{}的日期 {} 早于{}的日期 {}：请核对",
                            step_name(w[1].0),
                            w[1].1,
                            step_name(w[0].0),
                            w[0].1
                        ),
                    );
                }
            }
            let summary = format!(
                "{} {}",
                name.clone().unwrap_or_default(),
                steps.iter().map(|(s, d, _)| format!("{}{d}", step_name(*s))).collect::<Vec<_>>().join("，")
            );
            let Some(name) = name else {
                ctx.problem(Some(V::Name), "姓名未填写");
                out.row(ctx, summary, vec![], 0);
                continue;
            };
            if steps.is_empty() && ctx.problems.is_empty() {
                ctx.problem(None, "没有填写任何阶段的时间");
            }
            let id_text = id.as_ref().map(|i| i.as_str().to_string());
            let key = id_text
                .clone()
                .unwrap_or_else(|| format!("{name}/{}", birth.map(|b| b.to_string()).unwrap_or_default()));
            if let Some(first) = seen.insert(key, ctx.row()) {
                ctx.problem(Some(V::Name), &format!("与第{first}行是同一个人"));
            }
            let member = people.find(Some(&name), id_text.as_deref(), None).ok();
            let (gender, birth) = match (gender, birth, member) {
                (Some(g), Some(b), _) => (g, b),
                (_, _, Some(m)) => (m.fields.gender, m.fields.birth_date),
                _ => {
                    if ctx.problems.is_empty() {
                        ctx.problem(
                            Some(V::IdNumber),
                            "不在花名册中，又没有身份证号，也没有性别和出生日期：请填写身份证号",
                        );
                    }
                    out.row(ctx, summary, vec![], 0);
                    continue;
                }
            };
            let person = existing.iter().find(|p| match &id_text {
                Some(i) => p.id_number.as_deref() == Some(i.as_str()),
                None => table::squash(&p.name) == table::squash(&name) && p.birth_date == birth,
            });
            let mut new_steps = Vec::new();
            let mut unchanged = 0;
            for (step, date, f) in &steps {
                match person.and_then(|p| p.steps.iter().find(|s| s.step == *step)) {
                    Some(s) if s.date == *date => unchanged += 1,
                    Some(s) => ctx.problem(
                        Some(*f),
                        &format!(
                            "台账中{name}的“{}”已登记为 {}，表中为 {date}：请核对，如需更改请在发展党员页面修改",
                            step_name(*step),
                            s.date
                        ),
                    ),
                    None => new_steps.push((*step, *date)),
                }
            }
            if member.is_none() && steps.iter().any(|(s, _, _)| *s >= 15) {
                ctx.note("已接收为预备党员，但不在花名册中：只登记为发展党员记录，请另行导入花名册");
            }
            let writes = if new_steps.is_empty() {
                vec![]
            } else {
                vec![Write {
                    person_id: person.map(|p| p.id),
                    org_id: person.map_or(org_id, |p| p.org_id),
                    name: name.clone(),
                    gender,
                    id_number: id_text,
                    birth_date: birth,
                    member_id: member.map(|m| m.id),
                    steps: new_steps,
                }]
            };
            out.row(ctx, summary, writes, unchanged.min(1));
        }
    }
    Ok(out.finish())
}

pub(crate) fn write(tx: &Transaction, rows: Vec<Write>) -> Result<()> {
    for w in rows {
        crate::development::actions::import_person(
            tx,
            w.person_id,
            w.org_id,
            &w.name,
            w.gender,
            w.id_number.as_deref(),
            w.birth_date,
            w.member_id,
            &w.steps,
        )?;
    }
    Ok(())
}
