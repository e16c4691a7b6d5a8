//! What an import row is matched against in the ledger: organisations by name or short name, their
//! 党小组 by name, and the members on the roster by ID number (or, for rows without one, by name
//! and birth date among members who have no ID number either).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::Result;
use crate::model::{Member, Organization};
use crate::store::members::{self, MemberFilter, Presence};
use crate::store::orgs;

pub struct LedgerLookup {
    orgs: Vec<Organization>,
    /// Name or short name, spaces removed → organisation indexes.
    org_by_name: HashMap<String, Vec<usize>>,
    by_id_number: HashMap<String, usize>,
    by_name_birth: HashMap<(String, NaiveDate), Vec<usize>>,
    current: Vec<Member>,
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Names compare with spacing ignored; 第一党小组 and 第一小组 stay different names.
fn same_name(a: &str, b: &str) -> bool {
    squash(a) == squash(b)
}

impl LedgerLookup {
    pub fn load(conn: &Connection) -> Result<LedgerLookup> {
        let orgs = orgs::list(conn)?;
        let mut org_by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, o) in orgs.iter().enumerate() {
            let mut names = vec![squash(&o.fields.name)];
            if let Some(s) = o.fields.short_name.as_deref().map(squash).filter(|s| !s.is_empty()) {
                if !names.contains(&s) {
                    names.push(s);
                }
            }
            for n in names {
                org_by_name.entry(n).or_default().push(i);
            }
        }
        let current = members::list(conn, &MemberFilter { presence: Presence::Current, ..Default::default() })?;
        let mut by_id_number = HashMap::new();
        let mut by_name_birth: HashMap<(String, NaiveDate), Vec<usize>> = HashMap::new();
        for (i, m) in current.iter().enumerate() {
            match &m.fields.id_number {
                Some(id) => {
                    by_id_number.insert(id.clone(), i);
                }
                None => by_name_birth.entry((squash(&m.fields.name), m.fields.birth_date)).or_default().push(i),
            }
        }
        Ok(LedgerLookup { orgs, org_by_name, by_id_number, by_name_birth, current })
    }

    pub fn org(&self, id: i64) -> Option<&Organization> {
        self.orgs.iter().find(|o| o.id == id)
    }

    /// The organisation a 所在党支部 cell names, or a message saying why none fits.
    pub fn org_by_name(&self, name: &str) -> Result<&Organization, String> {
        match self.org_by_name.get(&squash(name)).map(Vec::as_slice) {
            Some([one]) => Ok(&self.orgs[*one]),
            Some(many) if many.len() > 1 => Err(format!(
                "“{name}”对应多个党组织（{}），请写全称",
                many.iter().map(|i| self.orgs[*i].fields.name.as_str()).collect::<Vec<_>>().join("、")
            )),
            _ => {
                let known: Vec<&str> = self.orgs.iter().map(|o| o.fields.name.as_str()).take(10).collect();
                Err(format!(
                    "台账中没有名为“{name}”的党组织（现有：{}）。请先添加该组织，或改为已有组织的全称或简称",
                    known.join("、")
                ))
            }
        }
    }

    /// The group of `org` a 党小组 cell names, or a message naming the groups that exist.
    pub fn group_by_name(&self, org: &Organization, name: &str) -> Result<i64, String> {
        if let Some(g) = org.groups.iter().find(|g| same_name(&g.name, name)) {
            return Ok(g.id);
        }
        if org.groups.is_empty() {
            Err(format!(
                "“{}”还没有设立党小组，找不到“{name}”。请先在组织设置中添加党小组，或清空这一格",
                org.fields.name
            ))
        } else {
            let names: Vec<&str> = org.groups.iter().map(|g| g.name.as_str()).collect();
            Err(format!(
                "“{}”没有名为“{name}”的党小组（现有：{}）。请改为已有的党小组，或先在组织设置中添加",
                org.fields.name,
                names.join("、")
            ))
        }
    }

    /// The member on the roster this row describes, if any: the one with this ID number, else the
    /// only one with this name and birth date who has no ID number yet (the row then adds it).
    pub fn existing(&self, id_number: Option<&str>, name: &str, birth: Option<NaiveDate>) -> Option<&Member> {
        if let Some(i) = id_number.and_then(|id| self.by_id_number.get(id)) {
            return Some(&self.current[*i]);
        }
        match self.by_name_birth.get(&(squash(name), birth?)).map(Vec::as_slice) {
            Some([one]) => Some(&self.current[*one]),
            _ => None,
        }
    }
}
