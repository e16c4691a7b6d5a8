//! The command registry and its generated TypeScript bindings (`ui/src/bindings.ts`, committed).
//! `cargo test -p zhibu-app bindings` fails when the committed file drifts from the Rust;
//! `make bindings` regenerates it.

use tauri_specta::{collect_commands, Builder};

use crate::commands::*;

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            ledger_info,
            init_ledger,
            load_demo,
            list_members,
            member_detail,
            check_member,
            add_member,
            update_member,
            record_leaving,
            cancel_leaving,
            add_group,
            preview_roster_import,
            import_roster,
            export_roster,
            suggest_roster_file_name,
            dues_year,
            set_dues_base,
            set_dues_fixed_amount,
            record_dues_payments,
            record_dues_month_all_paid,
            delete_dues_payment,
            restore_dues_payment,
            dues_publications,
            record_dues_publication,
            preview_payroll_import,
            import_payroll,
            suggest_dues_file_name,
            export_dues,
            preview_dues_due,
            dues_rules,
            save_dues_rules,
            list_activities,
            activity_calendar,
            search_activities,
            activity_detail,
            expected_attendees,
            check_activity,
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
            export_workbooks,
            suggest_meeting_record_file_name,
            export_meeting_record,
            development_board,
            development_detail,
            development_step_names,
            development_voters,
            review_development_person,
            add_development_person,
            review_development_step,
            record_development_step,
            record_development_document,
            dashboard,
            self_check,
            score_sheet,
            set_check_mark,
            standard_profiles,
            standard_profile_json,
            copy_standard_profile,
            save_standard_profile,
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    fn committed() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts")
    }

    /// Regenerates with ZHIBU_WRITE_BINDINGS=1, else fails when the committed file differs.
    #[test]
    fn bindings_match_the_rust_commands() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("bindings.ts");
        super::export_to(&fresh);
        let fresh_text = std::fs::read_to_string(&fresh).unwrap();
        if std::env::var_os("ZHIBU_WRITE_BINDINGS").is_some() {
            std::fs::write(committed(), &fresh_text).unwrap();
            return;
        }
        let old = std::fs::read_to_string(committed()).unwrap_or_default();
        assert!(
            old == fresh_text,
            "ui/src/bindings.ts is out of date with the Rust commands: run `make bindings` and commit the result"
        );
    }
}
