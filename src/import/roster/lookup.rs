//! What an import row is matched against in the ledger: organisations by name or short name, their
//! 党小组 by name, and the members on the roster by ID number (or, for rows without one, by name
//! and birth date among members who have no ID number either).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::Result;
use crate::model::{Member, OrgKind, Organization};
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

/// The distinctive part of an organisation's name, for matching the ways people write it: without
/// 中国共产党/中共, 委员会, 党 and 第 (中共某某局机关第一支部委员会 → 某某局机关一支部; 第一党支部 → 一支部).
pub fn core_name(text: &str) -> String {
    let mut s = squash(text);
    for word in ["中国共产党", "中共", "委员会", "党", "第"] {
        s = s.replace(word, "");
    }
    s
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

    /// The organisations members belong to directly (党支部, 联合党支部, 临时党支部).
    pub fn branches(&self) -> Vec<&Organization> {
        self.orgs
            .iter()
            .filter(|o| matches!(o.fields.kind, OrgKind::Branch | OrgKind::JointBranch | OrgKind::TemporaryBranch))
            .collect()
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
                // Written another way (第一党支部 for 中共某某局第一支部委员会, a short name the ledger does
                // not know): the one organisation whose name contains what the cell says, or the reverse.
                let wanted = core_name(name);
                if wanted.chars().count() >= 2 {
                    let fits: Vec<&Organization> = self
                        .orgs
                        .iter()
                        .filter(|o| {
                            let own = core_name(&o.fields.name);
                            own.ends_with(&wanted) || wanted.ends_with(&own)
                        })
                        .collect();
                    if let [one] = fits.as_slice() {
                        return Ok(one);
                    }
                }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OrgFields, Sector};
    use crate::store::Ledger;

    #[test]
    fn a_branch_written_another_way_is_found_when_only_one_fits() {
        let ledger = Ledger::in_memory().unwrap();
        let committee = ledger
            .write(|tx| {
                orgs::insert(
                    tx,
                    &OrgFields::new("中共江北市教育局委员会", OrgKind::Committee, Sector::Government),
                    None,
                )
            })
            .unwrap();
        let mut first = OrgFields::new("中共江北市教育局机关第一支部委员会", OrgKind::Branch, Sector::Government);
        first.parent_id = Some(committee);
        let mut second = OrgFields::new("中共江北市教育局机关第二支部委员会", OrgKind::Branch, Sector::Government);
        second.parent_id = Some(committee);
        ledger.write(|tx| orgs::insert(tx, &first, None).and_then(|_| orgs::insert(tx, &second, None))).unwrap();
        let lookup = LedgerLookup::load(ledger.conn()).unwrap();
        for written in ["教育局机关一支部", "第一党支部", "机关第一支部", "中共江北市教育局机关第一支部委员会"]
        {
            assert_eq!(
                lookup.org_by_name(written).unwrap().fields.name,
                "中共江北市教育局机关第一支部委员会",
                "{written}"
            );
        }
        // Not one fit: refused with the names that exist.
        assert!(lookup.org_by_name("第三党支部").is_err());
        assert!(lookup.org_by_name("支部").is_err(), "two branches fit: ambiguous");
    }
}
