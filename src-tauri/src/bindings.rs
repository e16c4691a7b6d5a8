//! The command registry and the TypeScript generated from the Rust, both committed: the command
//! bindings (`ui/src/bindings.ts`) and the Chinese label tables (`ui/src/labels.generated.ts`, from
//! `LABEL_TABLES` in `model/codes.rs`, `FIELD_LABELS` in `model/member.rs` and the roster import
//! fields). `cargo test -p zhibu-app bindings` fails when a committed file drifts from the Rust;
//! `make bindings` regenerates both.

use std::fmt::Write as _;

use tauri_specta::{collect_commands, Builder};
use zhibu_core::import::roster::RosterField;
use zhibu_core::model::{member::FIELD_LABELS, LabelTable, LABEL_TABLES};

use crate::commands::*;

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            ledger_info,
            ledger_revision,
            ledger_settings,
            set_start_month,
            set_collection_day,
            list_backups,
            newest_good_backup,
            back_up_now,
            remove_backup,
            preview_restore,
            restore_backup,
            set_backup_dir,
            unlock_ledger,
            lock_ledger,
            security_status,
            set_password,
            change_password,
            remove_password,
            set_lock_after,
            write_recovery_file,
            about_app,
            first_screen_shown,
            screen_shown,
            init_ledger,
            ledger_place,
            open_ledger_file,
            open_demo_ledger,
            return_to_own_ledger,
            list_members,
            member_detail,
            check_member,
            add_member,
            update_member,
            record_leaving,
            cancel_leaving,
            add_group,
            update_org,
            add_position,
            end_position,
            delete_position,
            preview_roster_import,
            import_roster,
            preview_history_import,
            import_history,
            dues_year,
            set_dues_base,
            set_dues_fixed_amount,
            record_dues_payments,
            record_dues_month_all_paid,
            record_dues_range_paid,
            check_dues_base,
            check_dues_fixed_amount,
            check_dues_payments,
            delete_dues_payment,
            restore_dues_payment,
            dues_publications,
            record_dues_publication,
            funds_year,
            record_remittance,
            delete_remittance,
            check_spending,
            record_spending,
            delete_spending,
            decision_meetings,
            care_visits,
            record_care_visit,
            delete_care_visit,
            funds_settings,
            save_funds_settings,
            year_budget,
            save_year_budget,
            propose_plan,
            year_plan,
            save_plan,
            plan_vs_actual,
            export_plan,
            export_work_summary,
            budget_year,
            save_budget_line,
            delete_budget_line,
            record_income,
            delete_income,
            funds_publications,
            record_funds_publication,
            delete_funds_publication,
            suggest_funds_publication_docx_file_name,
            export_funds_publication,
            hardship_marks,
            mark_hardship,
            spending_receipts,
            attach_receipt,
            export_report,
            receive_reports,
            receive_report_into,
            last_reports,
            branches_table,
            branch_matrix,
            open_transfers,
            settle_transfer,
            preview_payroll_import,
            import_payroll,
            preview_dues_due,
            dues_rules,
            save_dues_rules,
            list_activities,
            activity_calendar,
            search_activities,
            activity_detail,
            expected_attendees,
            meeting_vote_candidates,
            meeting_vote_defaults,
            check_activity,
            meeting_warnings,
            record_activity,
            update_activity,
            delete_activity,
            restore_activity,
            record_heart_talk,
            record_volunteer,
            add_attachment,
            remove_attachment,
            list_templates,
            save_template,
            apply_template,
            delete_template,
            study_hours,
            list_trainings,
            add_training,
            delete_training,
            evaluations_for_year,
            set_evaluations,
            export_catalog,
            export_defaults,
            export_workbooks,
            export_branch_books,
            export_folder,
            remember_export_folder,
            open_folder,
            suggest_meeting_record_file_name,
            export_meeting_record,
            suggest_meeting_record_docx_file_name,
            export_meeting_record_docx,
            suggest_development_doc_file_name,
            export_development_doc,
            export_development_folder,
            development_board,
            development_detail,
            development_step_names,
            id_number_facts,
            development_voters,
            development_sittings,
            review_development_person,
            add_development_person,
            review_development_step,
            record_development_step,
            record_development_document,
            dashboard,
            self_check,
            self_check_screen,
            score_sheet,
            set_check_mark,
            standard_profiles,
            standard_profile_json,
            copy_standard_profile,
            save_standard_profile,
            export_standard_profile,
            import_standard_profile,
            recycle_bin,
            restore_from_bin,
        ])
        // Ids and 分 amounts stay far below 2^53.
        .dangerously_cast_bigints_to_number()
        // Our DTOs serialize and deserialize the same way: one TypeScript type each.
        .disable_serde_phases()
}

/// Writes the bindings to `path`.
pub fn export_to(path: &std::path::Path) {
    builder()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated from the Rust commands by `make bindings`. Do not edit.\n"),
            path,
        )
        .expect("failed to export TypeScript bindings");
}

/// `OrgKind` → `ORG_KIND`: the name of a code list's table in TypeScript.
fn table_name(type_name: &str) -> String {
    let mut out = String::new();
    for (i, c) in type_name.chars().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// One `export const NAME: Record<Type, string> = { code: "label", … };` block.
fn write_table(out: &mut String, doc: &str, name: &str, key_type: &str, entries: &[(&str, &str)]) {
    let quote = |s: &str| serde_json::to_string(s).expect("a string serializes");
    let is_ident = |s: &str| {
        s.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    writeln!(out, "\n/** {doc} */\nexport const {name}: Record<{key_type}, string> = {{").unwrap();
    for (code, label) in entries {
        let key = if is_ident(code) { code.to_string() } else { quote(code) };
        writeln!(out, "  {key}: {},", quote(label)).unwrap();
    }
    out.push_str("};\n");
}

/// The text of `ui/src/labels.generated.ts`.
pub fn labels_ts() -> String {
    let roster: Vec<(String, &str)> = RosterField::ALL
        .iter()
        .map(|f| {
            let code = serde_json::to_value(f).expect("a field serializes");
            (code.as_str().expect("a field is a string code").to_string(), f.label())
        })
        .collect();
    let roster: Vec<(&str, &str)> = roster.iter().map(|(c, l)| (c.as_str(), *l)).collect();

    let mut types: Vec<&str> = LABEL_TABLES.iter().map(|t| t.name).chain(["RosterField"]).collect();
    types.sort_unstable();
    let mut out = String::from(
        "// Generated from the Rust label tables by `make bindings`. Do not edit: change the Rust\n\
         // (`LABEL_TABLES` in src/model/codes.rs, `FIELD_LABELS` in src/model/member.rs, the roster\n\
         // import fields in src/import/roster/headers.rs, `RESTORERS` in src/app/bin.rs) and run
         // `make bindings`.\n\n",
    );
    writeln!(out, "import type {{ {} }} from \"./bindings\";", types.join(", ")).unwrap();
    for LabelTable { name, entries } in LABEL_TABLES {
        write_table(&mut out, &format!("`{name}` codes and their Chinese labels."), &table_name(name), name, entries);
    }
    write_table(
        &mut out,
        "What each roster-import target field is called in the column-mapping select.",
        "ROSTER_FIELD",
        "RosterField",
        &roster,
    );
    write_table(
        &mut out,
        "Chinese names of the member form's fields (`Problem.at` values), as `field_label` in Rust.",
        "FIELD_LABEL",
        "string",
        FIELD_LABELS,
    );
    let bin: Vec<(&str, &str)> =
        zhibu_core::app::bin::RESTORERS.iter().map(|(kind, label, _)| (*kind, *label)).collect();
    write_table(&mut out, "The kinds of record the recycle bin holds (`BinEntry.entity`).", "BIN_KIND", "string", &bin);
    out
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn committed(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src").join(name)
    }

    /// Writes `fresh` over the committed file with ZHIBU_WRITE_BINDINGS=1, else fails when they differ.
    fn check_committed(name: &str, fresh: &str) {
        let path = committed(name);
        if std::env::var_os("ZHIBU_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, fresh).unwrap();
            return;
        }
        let old = std::fs::read_to_string(Path::new(&path)).unwrap_or_default();
        assert!(old == fresh, "ui/src/{name} is out of date with the Rust: run `make bindings` and commit the result");
    }

    #[test]
    fn bindings_match_the_rust_commands() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("bindings.ts");
        super::export_to(&fresh);
        check_committed("bindings.ts", &std::fs::read_to_string(&fresh).unwrap());
    }

    #[test]
    fn bindings_labels_match_the_rust_label_tables() {
        check_committed("labels.generated.ts", &super::labels_ts());
    }

    #[test]
    fn table_names_are_screaming_snake_case() {
        assert_eq!(super::table_name("OrgKind"), "ORG_KIND");
        assert_eq!(super::table_name("Role"), "ROLE");
        assert_eq!(super::table_name("MemberEventKind"), "MEMBER_EVENT_KIND");
    }
}
