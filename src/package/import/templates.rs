//! Importing meeting templates, keyed by (organisation, name). An existing template is updated only
//! when it differs; templates absent from the package are left alone.

use std::collections::HashMap;

use rusqlite::params;

use super::{Counted, Outcome, Writer};
use crate::error::Result;
use crate::meetings::templates::codes;
use crate::package::format::{Package, TemplateRecord};
use crate::package::keys::Kind;

#[derive(Debug, PartialEq)]
struct TemplateRow {
    types: String,
    group_id: Option<i64>,
    start_time: Option<String>,
    end_time: Option<String>,
    place: Option<String>,
    topic: Option<String>,
    host_id: Option<i64>,
    recorder_id: Option<i64>,
    lecturer_id: Option<i64>,
    content: Option<String>,
    decisions: Option<String>,
    hours_tenths: Option<i64>,
}

impl TemplateRow {
    fn of(w: &Writer, t: &TemplateRecord) -> Result<TemplateRow> {
        Ok(TemplateRow {
            types: codes(&t.types),
            group_id: w.opt_id(Kind::Group, t.group.as_ref())?,
            start_time: t.start.clone(),
            end_time: t.end.clone(),
            place: t.place.clone(),
            topic: t.topic.clone(),
            host_id: w.opt_id(Kind::Member, t.host.as_ref())?,
            recorder_id: w.opt_id(Kind::Member, t.recorder.as_ref())?,
            lecturer_id: w.opt_id(Kind::Member, t.lecturer.as_ref())?,
            content: t.content.clone(),
            decisions: t.decisions.clone(),
            hours_tenths: t.hours.map(|h| i64::from(h.tenths())),
        })
    }
}

const COLUMNS: &str = "types, group_id, start_time, end_time, place, topic, host_id, recorder_id, lecturer_id, content,
    decisions, hours_tenths";

pub(super) fn write(w: &mut Writer, pkg: &Package) -> Result<()> {
    if pkg.meeting_templates.is_empty() {
        return Ok(());
    }
    let mut stored: HashMap<(i64, String), (i64, TemplateRow)> = HashMap::new();
    let mut stmt = w.conn.prepare(&format!("SELECT id, org_id, name, {COLUMNS} FROM meeting_templates"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let row = TemplateRow {
            types: r.get(3)?,
            group_id: r.get(4)?,
            start_time: r.get(5)?,
            end_time: r.get(6)?,
            place: r.get(7)?,
            topic: r.get(8)?,
            host_id: r.get(9)?,
            recorder_id: r.get(10)?,
            lecturer_id: r.get(11)?,
            content: r.get(12)?,
            decisions: r.get(13)?,
            hours_tenths: r.get(14)?,
        };
        stored.insert((r.get(1)?, r.get(2)?), (r.get(0)?, row));
    }
    drop(rows);
    drop(stmt);
    for t in &pkg.meeting_templates {
        let org = w.id(Kind::Organization, &t.org)?;
        let row = TemplateRow::of(w, t)?;
        let args = params![
            row.types,
            row.group_id,
            row.start_time,
            row.end_time,
            row.place,
            row.topic,
            row.host_id,
            row.recorder_id,
            row.lecturer_id,
            row.content,
            row.decisions,
            row.hours_tenths,
            w.now,
            org,
            t.name
        ];
        let outcome = match stored.get(&(org, t.name.clone())) {
            None => {
                w.conn
                    .prepare_cached(&format!(
                        "INSERT INTO meeting_templates({COLUMNS}, created_at, updated_at, org_id, name)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15)"
                    ))?
                    .execute(args)?;
                Outcome::Created
            }
            Some((id, before)) if *before != row => {
                w.conn
                    .prepare_cached(&format!(
                        "UPDATE meeting_templates SET ({COLUMNS}, updated_at) =
                             (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                         WHERE org_id = ?14 AND name = ?15 AND id = {id}"
                    ))?
                    .execute(args)?;
                Outcome::Updated
            }
            Some(_) => Outcome::Unchanged,
        };
        w.report.count(Counted::Template, outcome);
    }
    Ok(())
}
