//! External trainings (外出培训): member, date, hours, subject, organiser. They count in 学时 as every
//! training does (`meetings::hours`). The natural key is member + date + subject (the table's own
//! unique key); the same training with other hours is a problem.

use calamine::Data;
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};

use super::people::People;
use super::table::{self, FieldSpec, RowCtx};
use super::{HistoryImportRequest, HistoryKind, Reading};
use crate::error::Result;
use crate::import::roster::cells;
use crate::meetings::TrainingFields;
use crate::workbook::read::{is_blank, plain_text};

pub use super::HistoryField as T;

pub const SPECS: &[FieldSpec<T>] = &[
    FieldSpec { field: T::Name, variants: &["姓名", "党员姓名", "参训人员", "参训人"] },
    FieldSpec {
        field: T::IdNumber, variants: &["公民身份证号", "身份证号", "身份证号码", "公民身份号码", "身份证"]
    },
    FieldSpec {
        field: T::Date,
        variants: &["日期", "培训日期", "培训时间", "时间", "开始日期", "参训日期", "参加时间"],
    },
    FieldSpec {
        field: T::Title,
        variants: &[
            "培训名称",
            "培训内容",
            "培训主题",
            "培训项目",
            "课程名称",
            "主题",
            "内容",
            "名称",
            "班次名称",
            "培训班名称",
        ],
    },
    FieldSpec {
        field: T::Hours, variants: &["学时", "培训学时", "学时数", "时长", "课时", "小时数", "折算学时"]
    },
    FieldSpec {
        field: T::Organizer,
        variants: &["主办单位", "组织单位", "举办单位", "培训机构", "主办方", "培训单位"],
    },
    FieldSpec { field: T::Branch, variants: super::BRANCH_VARIANTS },
];

/// Hours in tenths: `8`, `2.5`, `8学时`, `3小时`.
pub fn tenths(d: &Data) -> std::result::Result<Option<u32>, String> {
    let v = match d {
        _ if is_blank(d) => return Ok(None),
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => {
            let t = table::clean(&plain_text(other));
            let n = t.trim_end_matches("学时").trim_end_matches("小时").trim_end_matches("课时").trim();
            n.parse::<f64>().map_err(|_| format!("“{t}”不是学时数，应填写如 8 或 2.5"))?
        }
    };
    if !v.is_finite() || v <= 0.0 {
        return Err(format!("学时应大于 0（现为 {v}）"));
    }
    Ok(Some((v * 10.0).round() as u32))
}

pub(crate) fn read(conn: &Connection, req: &HistoryImportRequest, today: NaiveDate) -> Result<Reading<TrainingFields>> {
    let reader = table::Reader::by_headers(SPECS, 3, "培训登记表");
    let (file_name, tables) = super::read_tables(conn, req, &reader)?;
    let mut out = Reading::new(HistoryKind::Trainings, file_name, SPECS);
    let mut routes = super::Routes::new(conn, req, &tables, SPECS, &mut out)?;
    let mut seen: std::collections::HashMap<(i64, NaiveDate, String), u32> = Default::default();
    for t in &tables {
        out.sheet(t, SPECS);
        let missing: Vec<&str> = [(T::Name, "姓名"), (T::Date, "日期"), (T::Title, "培训名称"), (T::Hours, "学时")]
            .iter()
            .filter(|(f, _)| !t.columns.contains_key(f))
            .map(|(_, l)| *l)
            .collect();
        if !missing.is_empty() {
            out.problem(&t.sheet, format!("{}：缺少“{}”列", t.sheet, missing.join("”“")));
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
            let name = ctx.text(T::Name);
            let id = ctx.read(T::IdNumber, cells::id_text);
            let date = ctx.read(T::Date, cells::date);
            let title = ctx.text(T::Title);
            let hours = ctx.read(T::Hours, tenths);
            let organizer = ctx.text(T::Organizer);
            for (missing, f, what) in [
                (date.is_none(), T::Date, "日期"),
                (title.is_none(), T::Title, "培训名称"),
                (hours.is_none(), T::Hours, "学时"),
            ] {
                if missing && !ctx.problems.iter().any(|p| p.at.contains(&t.columns[&f].letter)) {
                    ctx.problem(Some(f), &format!("{what}未填写"));
                }
            }
            let member = match people.find(name.as_deref(), id.as_deref(), date) {
                Ok(m) => Some(m),
                Err(why) => {
                    ctx.problem(Some(if id.is_some() { T::IdNumber } else { T::Name }), &why);
                    None
                }
            };
            let summary = format!(
                "{} {} {}",
                name.clone().unwrap_or_default(),
                date.map(|d| d.to_string()).unwrap_or_default(),
                title.clone().unwrap_or_default()
            );
            let (Some(m), Some(date), Some(title), Some(hours)) = (member, date, title, hours) else {
                out.row(ctx, summary, vec![], 0);
                continue;
            };
            if date > today {
                ctx.problem(Some(T::Date), &format!("{date} 晚于今天"));
            }
            if hours > 10_000 {
                ctx.problem(Some(T::Hours), "学时超过 1000");
            }
            if let Some(first) = seen.insert((m.id, date, title.clone()), ctx.row()) {
                ctx.problem(Some(T::Title), &format!("与第{first}行重复：同一党员同一天的同名培训只登记一次"));
            }
            match crate::meetings::records::training_tenths(conn, m.id, date, &title)? {
                Some(h) if h == hours => out.row(ctx, summary, vec![], 1),
                Some(h) => {
                    ctx.problem(
                        Some(T::Hours),
                        &format!(
                            "台账中已登记这次培训为{}学时，表中为{}学时：请核对",
                            f64::from(h) / 10.0,
                            f64::from(hours) / 10.0
                        ),
                    );
                    out.row(ctx, summary, vec![], 0);
                }
                None => out.row(
                    ctx,
                    summary,
                    vec![TrainingFields { member_id: m.id, date, title, hours_tenths: hours, organizer }],
                    0,
                ),
            }
        }
    }
    Ok(out.finish())
}

pub(crate) fn write(tx: &Transaction, rows: Vec<TrainingFields>, today: NaiveDate) -> Result<()> {
    for f in rows {
        crate::meetings::records::insert_training(tx, &f, today)?;
    }
    Ok(())
}
