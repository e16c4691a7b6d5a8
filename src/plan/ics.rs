//! The plan as an iCalendar file (RFC 5545) for the office calendar (Outlook, WPS 日历, 手机日历):
//! one all-day VEVENT per item (`DTSTART;VALUE=DATE`, `DTEND` the next day), text escaped (`\\`,
//! `\;`, `\,`, `\n`), every line ended by CRLF and folded at 75 octets without splitting a UTF-8
//! character. Written by hand: the format is small and no kept Rust crate for it is in the registry
//! lists we use.
//!
//! The UID of an item stays the same when its date, topic or note is edited, so importing the file
//! again updates the events instead of doubling them: it is a digest of the organisation, the year,
//! the item's kind, types, 党小组, rule and 转正 person, and which of the plan's items with those
//! same fields it is (in date order).

use chrono::{Days, NaiveDate};
use sha2::{Digest, Sha256};

use super::Plan;

/// Longest line in octets, CRLF not counted (RFC 5545 §3.1).
pub const FOLD_AT: usize = 75;

/// `text` with the RFC 5545 TEXT escapes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line folded at `FOLD_AT` octets (a continuation starts with a space, which counts),
/// each physical line ended by CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > FOLD_AT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The calendar of `plan`, stamped `today` (DTSTAMP).
pub fn calendar(plan: &Plan, today: NaiveDate) -> String {
    let mut out = String::new();
    let mut line = |s: String| out.push_str(&fold(&s));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//zhibu//zhibu//ZH".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(&format!("{}{}年度计划", plan.org_name, plan.year))));
    let mut seen: Vec<String> = Vec::new();
    for item in &plan.items {
        let types: Vec<&str> = item.types.iter().map(|t| t.code()).collect();
        let identity = format!(
            "{}|{}|{}|{}|{}|{}|{}",
            plan.org,
            plan.year,
            item.kind.code(),
            types.join(","),
            item.group.as_deref().unwrap_or(""),
            item.rule.as_deref().unwrap_or(""),
            item.subject.as_deref().unwrap_or("")
        );
        let nth = seen.iter().filter(|s| **s == identity).count();
        seen.push(identity.clone());
        let digest = Sha256::digest(format!("{identity}|{nth}").as_bytes());
        let uid: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
        let mut summary = item.what();
        if let Some(g) = &item.group_name {
            summary = format!("{g}{summary}");
        }
        if !item.topic.is_empty() {
            summary = format!("{summary}：{}", item.topic);
        }
        line("BEGIN:VEVENT".into());
        line(format!("UID:{uid}@zhibu"));
        line(format!("DTSTAMP:{}T000000Z", ymd(today)));
        line(format!("DTSTART;VALUE=DATE:{}", ymd(item.planned_on)));
        line(format!("DTEND;VALUE=DATE:{}", ymd(item.planned_on + Days::new(1))));
        line(format!("SUMMARY:{}", escape(&summary)));
        let mut description = format!("{}，{}", plan.org_name, item.span().label);
        if !item.note.is_empty() {
            description.push('\n');
            description.push_str(&item.note);
        }
        line(format!("DESCRIPTION:{}", escape(&description)));
        line("TRANSP:TRANSPARENT".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_on_character_boundaries() {
        let long = format!("SUMMARY:{}", "主题党日，".repeat(20));
        let folded = fold(&escape(&long));
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= FOLD_AT, "{} octets: {l}", l.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, escape(&long));
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
