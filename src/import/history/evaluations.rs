//! 民主评议 results: member (name, ID number), year, grade 优秀/合格/基本合格/不合格. The year comes
//! from a 年度 column, else the request, else the title (`2025年度民主评议党员结果`). The natural key is
//! member + year; a grade already recorded differently is a problem (changed in the 民主评议 page).

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, Transaction};

use super::people::People;
use super::table::{self, FieldSpec, RowCtx};
use super::{year_in, HistoryImportRequest, HistoryKind, Reading};
use crate::error::Result;
use crate::import::roster::cells;
use crate::meetings::EvaluationEntry;
use crate::model::Grade;

pub use super::HistoryField as E;

pub const SPECS: &[FieldSpec<E>] = &[
    FieldSpec { field: E::Name, variants: &["姓名", "党员姓名"] },
    FieldSpec {
        field: E::IdNumber, variants: &["公民身份证号", "身份证号", "身份证号码", "公民身份号码", "身份证"]
    },
    FieldSpec { field: E::Year, variants: &["年度", "评议年度", "年份", "评议年份"] },
    FieldSpec {
        field: E::Grade,
        variants: &[
            "评议等次",
            "等次",
            "评定等次",
            "评议结果",
            "结果",
            "等级",
            "评议等级",
            "评定结果",
            "民主评议结果",
            "评议情况",
        ],
    },
    FieldSpec { field: E::Branch, variants: super::BRANCH_VARIANTS },
];

/// 优秀/合格/基本合格/不合格, also with 党员 after it and the one-character forms.
pub fn grade_of(text: &str) -> Option<Grade> {
    let t = table::squash(text);
    let t = t.trim_end_matches("党员").trim_end_matches("等次");
    Grade::from_code_or_label(t).or(match t {
        "优" | "优秀等次" => Some(Grade::Excellent),
        "良" | "良好" | "称职" => Some(Grade::Qualified),
        "基本称职" => Some(Grade::BasicallyQualified),
        "不称职" | "差" => Some(Grade::Unqualified),
        _ => None,
    })
}

/// One grade to record.
pub(crate) struct Write {
    year: i32,
    entry: EvaluationEntry,
}

pub(crate) fn read(conn: &Connection, req: &HistoryImportRequest, today: NaiveDate) -> Result<Reading<Write>> {
    let reader = table::Reader::by_headers(SPECS, 2, "民主评议结果");
    let (file_name, tables) = super::read_tables(conn, req, &reader)?;
    let mut out = Reading::new(HistoryKind::Evaluations, file_name, SPECS);
    let mut routes = super::Routes::new(conn, req, &tables, SPECS, &mut out)?;
    let mut seen: std::collections::HashMap<(i64, i32), u32> = Default::default();
    for t in &tables {
        out.sheet(t, SPECS);
        if !t.columns.contains_key(&E::Name) || !t.columns.contains_key(&E::Grade) {
            out.problem(&t.sheet, format!("{}：须有“姓名”和“评议等次”两列", t.sheet));
            continue;
        }
        let sheet_year = if t.columns.contains_key(&E::Year) { None } else { req.year.or_else(|| year_in(&t.titles)) };
        if !t.columns.contains_key(&E::Year) {
            match sheet_year {
                Some(y) if req.year.is_none() => out.note(format!("{}：年度取自标题（{y}年）", t.sheet)),
                Some(_) => {}
                None => {
                    out.problem(
                        &t.sheet,
                        format!("{}：没有“年度”列，标题中也没有年份：请加一列“年度”，或在导入时指定年度", t.sheet),
                    );
                    continue;
                }
            }
        }
        for r in table::data_rows(t, SPECS) {
            let mut ctx = RowCtx::new(t, r);
            let Some(org_id) = routes.org_of(&mut ctx) else {
                let summary = ctx.raw().join(" ").chars().take(40).collect();
                out.row(ctx, summary, vec![], 0);
                continue;
            };
            let people: &People = routes.people(conn, org_id)?;
            let name = ctx.text(E::Name);
            let id = ctx.read(E::IdNumber, cells::id_text);
            let year = match sheet_year {
                Some(y) => Some(y),
                None => ctx.text(E::Year).and_then(|y| {
                    let digits: String = y.chars().filter(|c| c.is_ascii_digit()).collect();
                    match digits.parse::<i32>() {
                        Ok(v) if (1950..=2100).contains(&v) => Some(v),
                        _ => {
                            ctx.problem(Some(E::Year), &format!("“{y}”不是年度，应写成如 2025"));
                            None
                        }
                    }
                }),
            };
            let grade = match ctx.text(E::Grade) {
                Some(g) => grade_of(&g).or_else(|| {
                    ctx.problem(Some(E::Grade), &format!("“{g}”不是评议等次，应为：{}", Grade::labels_list()));
                    None
                }),
                None => {
                    ctx.problem(Some(E::Grade), "评议等次未填写");
                    None
                }
            };
            if year.is_none() && ctx.problems.is_empty() {
                ctx.problem(Some(E::Year), "年度未填写");
            }
            let member = match people.find(name.as_deref(), id.as_deref(), None) {
                Ok(m) => Some(m),
                Err(why) => {
                    ctx.problem(Some(if id.is_some() { E::IdNumber } else { E::Name }), &why);
                    None
                }
            };
            let summary = format!(
                "{} {}年 {}",
                name.clone().unwrap_or_default(),
                year.map(|y| y.to_string()).unwrap_or_default(),
                grade.map(|g| g.label()).unwrap_or("")
            );
            let (Some(m), Some(year), Some(grade)) = (member, year, grade) else {
                out.row(ctx, summary, vec![], 0);
                continue;
            };
            if year > today.year() {
                ctx.problem(Some(E::Year), &format!("{year}年还未到"));
            }
            let (from, to) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31));
            if let (Some(from), Some(to)) = (from, to) {
                if m.fields.joined_on > to || m.left.as_ref().is_some_and(|l| l.on <= from) {
                    ctx.problem(Some(E::Name), &format!("{}在{year}年不在党员名册中", m.fields.name));
                }
            }
            if let Some(first) = seen.insert((m.id, year), ctx.row()) {
                ctx.problem(Some(E::Name), &format!("与第{first}行重复：同一党员同一年度只能有一个等次"));
            }
            let stored = crate::meetings::records::grade(conn, m.id, year)?;
            match stored {
                Some(g) if g == grade => out.row(ctx, summary, vec![], 1),
                Some(g) => {
                    ctx.problem(
                        Some(E::Grade),
                        &format!(
                            "台账中{}{year}年已登记为“{}”，表中为“{}”：如需更改，请在民主评议页面修改",
                            m.fields.name,
                            g.label(),
                            grade.label()
                        ),
                    );
                    out.row(ctx, summary, vec![], 0);
                }
                None => {
                    out.row(ctx, summary, vec![Write { year, entry: EvaluationEntry { member_id: m.id, grade } }], 0)
                }
            }
        }
    }
    Ok(out.finish())
}

pub(crate) fn write(tx: &Transaction, rows: Vec<Write>, today: NaiveDate) -> Result<()> {
    let mut years: Vec<i32> = rows.iter().map(|w| w.year).collect();
    years.sort_unstable();
    years.dedup();
    for y in years {
        let entries: Vec<EvaluationEntry> = rows.iter().filter(|w| w.year == y).map(|w| w.entry).collect();
        crate::meetings::records::set_evaluations_in(tx, y, &entries, today)?;
    }
    Ok(())
}
